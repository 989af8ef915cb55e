/**
 * The exact largest live size of the tree workload (`maxLiveVectors`,
 * docs/design/bench-gcbench.md `.def.live`): closed forms where the workload
 * has one, and agreement with what a full collection of the MPS heap finds
 * live after each pass.
 */
import { describe, expect, it } from "vitest";
import { MessageType } from "@mps/mps";
import { JsTree, countVectors, maxLiveVectors } from "../src/js-tree.js";
import { vectorFormat, vectorSize } from "../src/formats.js";
import { BenchArena } from "../src/setup.js";
import { MpsTree } from "../src/tree.js";

const full = (width: number, depth: number): number => (width ** depth - 1) / (width - 1);

describe("countVectors", () => {
  it("counts a shared vector once and ignores null", () => {
    const leaf = [null, null];
    const a = [leaf, leaf];
    const b = [a, leaf];
    expect(countVectors([b, a, null])).toBe(3);
    expect(countVectors([])).toBe(0);
  });
  it("counts a full tree", () => {
    const t = new JsTree({ width: 3, depth: 5, preuse: 0, pupdate: 0, pinLeaf: false }, 7);
    t.beginIteration();
    expect(countVectors([t.tree])).toBe(full(3, 5));
  });
});

describe("maxLiveVectors", () => {
  it("is one full tree when nothing is remade or updated", () => {
    expect(maxLiveVectors({ width: 2, depth: 8, preuse: 1, pupdate: 0, pinLeaf: false }, 3, 2, 3)).toBe(full(2, 8));
  });
  it("is two full trees when each pass remakes the tree with no reuse (the old one is held until the new one is made)", () => {
    expect(maxLiveVectors({ width: 2, depth: 8, preuse: 0, pupdate: 0, pinLeaf: false }, 3, 2, 3)).toBe(2 * full(2, 8));
  });
  it("lies between one and two trees with reuse, and counts the pinned leaf", () => {
    const n = maxLiveVectors({ width: 2, depth: 10, preuse: 0.2, pupdate: 0.1, pinLeaf: false }, 11, 2, 4);
    expect(n).toBeGreaterThan(full(2, 10));
    expect(n).toBeLessThan(2 * full(2, 10));
    // With a pinned leaf, the depth-0 subtrees are one vector rather than null.
    expect(maxLiveVectors({ width: 2, depth: 6, preuse: 1, pupdate: 0, pinLeaf: true }, 3, 1, 1)).toBe(full(2, 6) + 1);
  });
  it.each(["amc", "ams"] as const)("matches what a full collection of the %s heap finds live after every pass", (pool) => {
    const params = { width: 2, depth: 9, preuse: 0.2, pupdate: 0.2, pinLeaf: false };
    const bench = new BenchArena({ pool, protection: "none", arenaSize: 32 << 20, arenaGrainSize: 0, zoned: true, pauseTime: 0.1, spare: 0.75, gen: [{ capacity: 64, mortality: 0.8 }], format: vectorFormat, telemetry: false, clock: "cpu" });
    const tree = new MpsTree(bench, params, 21);
    const model = new JsTree(params, 21);
    const arena = bench.arena;
    let checked = 0;
    tree.run(2, 3, (_i, j) => {
      if (j < 0) model.beginIteration();
      else model.pass();
      // Drain what earlier collections said, collect everything, read the last word.
      while (arena.messageGet(MessageType.GC) !== undefined);
      arena.collect();
      let live = -1;
      for (let m = arena.messageGet(MessageType.GC); m !== undefined; m = arena.messageGet(MessageType.GC)) live = m.gcLiveSize;
      arena.release();
      expect(live).toBe(countVectors([model.tree]) * vectorSize(2));
      checked++;
    });
    expect(checked).toBe(2 * 4);
    tree.destroy();
    bench.finish();
  });
});
