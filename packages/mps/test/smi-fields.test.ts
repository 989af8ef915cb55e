// The fields the allocation fast paths and the land searches read (an
// allocation point's init, alloc and limit; a CBS block's base and limit)
// must keep small-integer representation in V8, whatever numbers the slow
// paths or the client computed: one boxed number stored there turns the field
// into a double field for every object of its shape for the rest of the
// process (docs/design/speed-facts.md `.fact.smi-fields`). V8 shows this only
// to code run with --allow-natives-syntax, so the workloads run in a child
// process (fixtures/smi-fields.mjs, over the built package).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "smi-fields.mjs");

function run(part: string): Record<string, boolean> {
  const out = execFileSync(process.execPath, ["--allow-natives-syntax", fixture, part], { encoding: "utf8", env: process.env });
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, boolean>;
}

describe("fast-path fields stay small integers", () => {
  it("AMC on a zoned arena: the allocation point's fields after many zoned fills and collections", () => {
    expect(run("amc")).toEqual({ amcApInit: true, amcApAlloc: true, amcApLimit: true });
  });

  it("MVFF: CBS blocks and the allocation point after frees of boxed addresses and sizes", () => {
    const r = run("mvff");
    // The workload did hand the pool boxed numbers, else the test proves nothing.
    expect(r["inputBoxed"]).toBe(true);
    expect(r).toEqual({ mvffBlockBase: true, mvffBlockLimit: true, mvffApInit: true, mvffApAlloc: true, mvffApLimit: true, inputBoxed: true });
  });
});
