// The examples of the section "Reading logs with mps-telemetry" of
// docs/reference/telemetry.md: the library example as written, and the
// session's commands on a log of the Scheme demo when it is built.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Arena, ArenaClass, PoolClass } from "@mps/mps";
import { MemoryStream } from "@mps/plinth";
import { Telemetry } from "@mps/telemetry";
import { decodeLog, eventText, loadIntoDatabase, mpsTelemetry, openDatabase, summarise } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "mps-docs-telemetry-tools-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/reference/telemetry.md: Reading logs with mps-telemetry", () => {
  it("the library example runs and prints what it says", async () => {
    const out: unknown[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.length === 1 ? a[0] : a));
    try {
      const stream = new MemoryStream();
      const tel = new Telemetry({ stream, control: "arena pool user" });
      const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, telemetry: tel });
      const pool = arena.createPool(PoolClass.MVFF, {});
      pool.free(pool.alloc(1000), 1000);
      pool.destroy();
      arena.destroy();
      tel.flush();

      const log = decodeLog(stream.bytes(), "mvff.log");
      for (const e of log.events) if (e.name === "ArenaAlloc") console.log(eventText(log, e).slice(13));
      console.log(summarise(log).collections);
      const db = await openDatabase();
      loadIntoDatabase(db, log);
      console.log(db.exec("SELECT sum(size) FROM event_ArenaFree")[0]?.values);
    } finally {
      spy.mockRestore();
    }
    expect(out).toEqual(["ArenaAlloc          arena:1[VM] baseTract:1 base:0x00001000 size:65536 pool:2[MVFF]", 0, [[65536]]]);
  });

  const schemeMain = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "example-scheme", "dist", "main.js");
  const have = existsSync(schemeMain);
  it.skipIf(!have)(`the session runs on the Scheme demo's log${have ? "" : " (skipped: build @mps/example-scheme first)"}`, async () => {
    const log = join(dir, "scheme.log");
    const p = spawnSync(process.execPath, [schemeMain, "--telemetry", "demo"], { env: { ...process.env, MPS_TELEMETRY_FILENAME: log, MPS_TELEMETRY_CONTROL: "seg user" }, encoding: "utf8", timeout: 120_000 });
    expect(p.status).toBe(0);
    const io = { out: "", err: "" };
    const cmd = (...argv: string[]) => mpsTelemetry(argv, { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s) });
    expect(await cmd("summary", log)).toBe(0);
    const n = Number(/collections: (\d+) \(\1 finished\)/.exec(io.out)![1]);
    expect(n).toBeGreaterThan(0);
    expect(await cmd("sql", log, join(dir, "events.db"))).toBe(0);
    const db = await openDatabase(join(dir, "events.db"));
    const [count, condemned, survived] = db.exec("SELECT count(*), sum(condemned), sum(survived) FROM collections")[0]!.values[0]! as number[];
    expect(count).toBe(n);
    const s = summarise(decodeLog(new Uint8Array((await import("node:fs")).readFileSync(log))));
    expect([condemned, survived]).toEqual([s.condemned, s.survived]);
    db.close();
    expect(await cmd("timeline", log, join(dir, "timeline.html"))).toBe(0);
    expect(existsSync(join(dir, "timeline.html"))).toBe(true);
  });
});
