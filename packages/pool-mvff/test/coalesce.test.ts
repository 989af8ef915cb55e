// A freed block merges with its free neighbours (design/pool-mvff .req.coalesce): blocks
// freed out of order form one hole that a larger request can take, with no new extent.
import { describe, expect, it } from "vitest";
import { MVFFPool } from "../src/index.js";
import { vmArena } from "./helpers.js";

describe("MVFF coalescing", () => {
  it(".req.coalesce: three neighbours freed in any order make one hole the size of all three", () => {
    for (const order of [[0, 1, 2], [0, 2, 1], [2, 0, 1], [1, 0, 2]]) {
      const arena = vmArena(4 << 20);
      const pool = arena.createPool(MVFFPool, { extendBy: 65536, spare: 1, mvffFirstFit: true });
      const blocks = Array.from({ length: 4 }, () => pool.alloc(64));
      for (let i = 1; i < blocks.length; i++) expect(blocks[i]).toBe(blocks[i - 1]! + 64);
      const total = pool.totalSize();
      for (const i of order) pool.free(blocks[i]!, 64);
      // Blocks 0-2 are free and block 3 still separates them from the rest of the extent:
      // first fit can place 192 bytes at block 0 only if the three ranges merged.
      expect(pool.alloc(192)).toBe(blocks[0]);
      expect(pool.totalSize()).toBe(total);
      pool.destroy();
      arena.destroy();
    }
  });
});
