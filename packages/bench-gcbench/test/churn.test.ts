/**
 * The cons-churn benchmark at a tiny size on AMC and AMS with each
 * protection backend: after the run every live list is checked cell by cell
 * (docs/design/bench-gcbench.md `.test.verify`), and collections happened.
 */
import { describe, expect, it } from "vitest";
import { JsChurn, LIST_LENGTH } from "../src/churn.js";
import { runChurnJs, runChurnMps } from "../src/run.js";

describe.each(["amc", "ams"] as const)("cons churn on %s", (pool) => {
  it.each(["none", "software"] as const)(".req.churn: with protection %s every live list is intact after many collections", (protection) => {
    const r = runChurnMps({ pool, protection, seed: 77, telemetry: true, window: 50, cells: 80_000, gen: [{ capacity: 16, mortality: 0.9 }], arenaSize: 16 << 20 });
    expect(r.cells).toBe(80_000);
    expect(r.verified).toBe(50 * LIST_LENGTH);
    expect(r.collections).toBeGreaterThan(3);
    expect(r.pauses.length).toBeGreaterThan(0);
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
