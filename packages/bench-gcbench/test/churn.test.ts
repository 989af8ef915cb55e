/**
 * The cons-churn benchmark at a tiny size on AMC and AMS with each
 * protection backend: after the run every live list is checked cell by cell
 * (docs/design/bench-gcbench.md `.test.verify`), and collections happened.
 */
import { describe, expect, it } from "vitest";
import { FloorChurn, JsChurn, LIST_LENGTH, loopCopy } from "../src/churn.js";
import { churnBenchArena, runChurnFloor, runChurnJs, runChurnMps } from "../src/run.js";
import { bestChurnMps } from "../src/job.js";

describe.each(["amc", "ams"] as const)("cons churn on %s", (pool) => {
  it.each(["none", "software"] as const)(".req.churn: with protection %s every live list is intact after many collections", (protection) => {
    const r = runChurnMps({ pool, protection, seed: 77, telemetry: true, window: 50, cells: 80_000, gen: [{ capacity: 16, mortality: 0.9 }], arenaSize: 16 << 20 });
    expect(r.cells).toBe(80_000);
    expect(r.verified).toBe(50 * LIST_LENGTH);
    expect(r.collections).toBeGreaterThan(3);
    expect(r.pauses.length).toBeGreaterThan(0);
  });
});

describe("compiled copies of the churn loops", () => {
  it.each(["amc", "ams"] as const)(".impl.copies: a copy of the MPS loop on %s makes the same lists (verified) as the module's own", (pool) => {
    const o = { pool, protection: "software" as const, seed: 5, telemetry: false, window: 40, cells: 40_000, gen: [{ capacity: 16, mortality: 0.9 }], arenaSize: 16 << 20 };
    const own = runChurnMps(o);
    const copied = runChurnMps({ ...o, copy: `test ${pool}` });
    expect(copied.cells).toBe(own.cells);
    expect(copied.verified).toBe(own.verified);
    expect(copied.collections).toBeGreaterThan(0);
  });
  it(".impl.copies: a copy of the JS loop checks the same lists", () => {
    const r = runChurnJs({ window: 30, cells: 24_000, seed: 9, copy: "test js" });
    expect(r.objects).toBe(24_000);
    expect(r.verified).toBe(30 * LIST_LENGTH);
  });
  it(".impl.copies: a label names one copy, made once; no label is the function itself", () => {
    const f = (x: number): number => x + k;
    const k = 1;
    expect(loopCopy(f, undefined, { k })).toBe(f);
    const a = loopCopy(f, "a", { k: 10 });
    expect(a).not.toBe(f);
    expect(a(1)).toBe(11);
    expect(loopCopy(f, "a", { k: 10 })).toBe(a);
    expect(loopCopy(f, "b", { k: 20 })(1)).toBe(21);
  });
});

describe("cons churn on JS objects", () => {
  it(".req.churn: the JS version checks the same lists", () => {
    const r = runChurnJs({ window: 50, cells: 80_000, seed: 77 });
    expect(r.objects).toBe(80_000);
    expect(r.verified).toBe(50 * LIST_LENGTH);
  });
  it(".req.churn: bad parameters are refused", () => {
    expect(() => new JsChurn({ window: 0, cells: 100 }, 1)).toThrow(RangeError);
    expect(() => new JsChurn({ window: 10, cells: 7 }, 1)).toThrow(RangeError);
  });
});

describe("the churn's floor (.bench.floor)", () => {
  it("the MPS loop over the stand-in allocation point makes the same lists, verified while it has not gone round", () => {
    const c = new FloorChurn({ window: 40, cells: 40_000, copy: "test floor" }, 5, 1 << 20);
    c.run();
    expect(c.cells).toBe(40_000);
    expect(c.wraps).toBe(0);
    expect(c.verify()).toBe(40 * LIST_LENGTH);
  });
  it("going round the region overwrites lists, and verify says so rather than passing", () => {
    const c = new FloorChurn({ window: 40, cells: 40_000 }, 5, 64 << 10);
    c.run();
    expect(c.wraps).toBeGreaterThan(0);
    expect(() => c.verify()).toThrow(/went round/);
  });
  it("runChurnFloor counts the cells; bad region or piece is refused", () => {
    expect(runChurnFloor({ window: 10, cells: 8000, seed: 3, region: 1 << 16 }).objects).toBe(8000);
    expect(() => new FloorChurn({ window: 10, cells: 80 }, 1, 1000)).toThrow(RangeError);
    expect(() => new FloorChurn({ window: 10, cells: 80 }, 1, 8192, 100)).toThrow(RangeError);
  });
});

describe("runs on a renewed arena (.impl.renew)", () => {
  const o = { pool: "amc" as const, protection: "none" as const, seed: 77, telemetry: true, window: 50, cells: 80_000, gen: [{ capacity: 16, mortality: 0.9 }], arenaSize: 16 << 20, pauseTime: 1 };
  it("a run on a renewed arena verifies its lists, and its figures are its own, as on a new arena", () => {
    const fresh = runChurnMps(o);
    const bench = churnBenchArena(o);
    try {
      const first = runChurnMps(o, bench);
      bench.renew();
      const second = runChurnMps(o, bench);
      expect(second.verified).toBe(50 * LIST_LENGTH);
      // The same workload on a fresh pool: the same collections, and only this run's pauses.
      expect(first.collections).toBe(fresh.collections);
      expect(second.collections).toBe(fresh.collections);
      expect(second.pauses.length).toBe(fresh.pauses.length);
      expect(second.pauses.length).toBeGreaterThan(0);
    } finally {
      bench.finish();
    }
  });
  it("bestChurnMps warms each copy up on the arena its timed runs use", () => {
    const r = bestChurnMps({ ...o, telemetry: false }, 2, 2, "renew test");
    expect(r.cells).toBe(80_000);
    expect(r.verified).toBe(50 * LIST_LENGTH);
    expect(() => bestChurnMps(o, 0, 1, "k")).toThrow(RangeError);
  });
});
