/**
 * gcbench's tree workload at a tiny size on AMC and AMS with each
 * protection backend: after every pass every reachable vector is checked
 * against the JS model built from the same seed (docs/design/bench-gcbench.md
 * `.test.verify`). Small generations make collections happen; the test
 * checks that they did.
 */
import { describe, expect, it } from "vitest";
import { JsTree } from "../src/js-tree.js";
import { defaultOptions, type GcbenchOptions } from "../src/options.js";
import { runTreeMps } from "../src/run.js";

const SEED = Number(process.env.MPS_SEED ?? 4242) % 2147483646 || 1;

function opts(over: Partial<GcbenchOptions>): GcbenchOptions {
  return { ...defaultOptions(SEED), depth: 12, niter: 2, npass: 4, gen: [{ capacity: 4, mortality: 0.8 }], verify: true, arenaSize: 32 << 20, ...over };
}

describe.each(["amc", "ams"] as const)("tree workload on %s", (test) => {
  describe.each(["none", "software"] as const)("protection %s", (protection) => {
    it(".req.workload .req.barrier: every reachable vector matches the model after every pass, across collections", () => {
      const o = opts({ protection });
      const r = runTreeMps(o, test, true);
      const model = new JsTree(o, SEED);
      model.run(o.niter, o.npass);
      expect(r.objects).toBe(model.objects);
      expect(r.verified).toBeGreaterThan(o.niter * (o.npass + 1) * 1000);
      expect(r.collections).toBeGreaterThan(0);
      expect(r.liveMax).toBeGreaterThan(0);
      expect(r.committedPeak).toBeGreaterThan(0);
      expect(r.pauses.length).toBeGreaterThan(0);
      expect(r.bytes).toBe(r.objects * 16);
    });
    it(".req.workload: wide vectors, a pinned leaf and two generations", () => {
      const o = opts({ protection, width: 5, depth: 6, pinLeaf: true, preuse: 0.3, pupdate: 0.3, gen: [{ capacity: 8, mortality: 0.8 }, { capacity: 32, mortality: 0.5 }] });
      const r = runTreeMps(o, test, false);
      expect(r.verified).toBeGreaterThan(1000);
      expect(r.collections).toBeGreaterThan(0);
      expect(r.bytes).toBe(r.objects * 24);
    });
  });
});

describe("tree workload edge cases", () => {
  it(".req.workload: preuse 1 and pupdate 0 leave each iteration's first tree alone", () => {
    const o = opts({ preuse: 1, pupdate: 0, depth: 6, niter: 2, npass: 3 });
    const r = runTreeMps(o, "amc", false);
    expect(r.objects).toBe(2 * 63);
    expect(r.verified).toBe(2 * 4 * 63);
  });
  it(".req.workload: width 0 is refused", () => {
    expect(() => runTreeMps(opts({ width: 0 }), "amc", false)).toThrow(RangeError);
  });
});
