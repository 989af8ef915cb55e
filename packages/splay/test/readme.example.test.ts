import { expect, it } from "vitest";
import { SplayTree, Tree } from "../src/index.js";

it("the README example runs", () => {
  // A free block: its base is the key, its size the property, and maxSize the
  // summary of its subtree (the largest block in it).
  class Block extends Tree {
    maxSize = 0;
    constructor(public base: number, public size: number) {
      super();
    }
  }

  const blocks = new SplayTree<Block, number>({
    compare: (b, key) => (key < b.base ? -1 : key >= b.base + b.size ? 1 : 0),
    nodeKey: (b) => b.base,
    updateNode: (b) => {
      b.maxSize = Math.max(b.size, b.left?.maxSize ?? 0, b.right?.maxSize ?? 0);
    },
  });

  for (const [base, size] of [[0, 16], [64, 256], [512, 32], [1024, 512]] as const) {
    blocks.insert(new Block(base, size));
  }

  // The first block of at least 100 bytes, guided by the summaries.
  const big = blocks.findFirst((b, n) => b.size >= n, (b, n) => b.maxSize >= n, 100);
  expect(big?.base).toBe(64);

  // The block containing address 530, and the blocks either side of 400.
  expect(blocks.find(530)?.base).toBe(512);
  const around = { left: null as Block | null, right: null as Block | null };
  blocks.neighbours(400, around);
  expect([around.left?.base, around.right?.base]).toEqual([64, 512]);

  // In key order.
  const bases: number[] = [];
  blocks.traverse((b, out) => (out.push(b.base), true), bases);
  expect(bases).toEqual([0, 64, 512, 1024]);
});
