// Port of the MVFF part of the MPS's fotest.c: with the free land's CBS
// unable to get blocks (its block store's budget exhausted), allocation and
// free go on working because the free land fails over to its Freelist.
// Expected: no error, contents intact, sizes consistent, and once the budget
// is restored the pool still works and everything can be freed.
import { expect, it } from "vitest";
import { MVFFPool } from "../src/index.js";
import { SEED, rng, stamp, stamped, vmArena } from "./helpers.js";

// .req.lowmem
it(".test.fotest: with the block store exhausted, alloc and free fail over to the Freelist", () => {
  const arena = vmArena(16 << 20);
  const pool = arena.createPool(MVFFPool, { extendBy: 65536, spare: 0.5 });
  const random = rng(SEED ^ 0xf0);
  const live: Array<{ p: number; size: number; tag: number }> = [];
  const secondary = (pool as unknown as { freeSecondary: { size(): number } }).freeSecondary;
  let tag = 0;
  let secondaryUsed = false;
  const step = (n: number): void => {
    for (let i = 0; i < n; i++) {
      if (live.length > 0 && random() < 0.5) {
        const k = Math.floor(random() * live.length);
        const b = live[k]!;
        expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
        pool.free(b.p, b.size);
        live[k] = live[live.length - 1]!;
        live.pop();
      } else {
        const size = 8 * (1 + Math.floor(random() * 64));
        const p = pool.alloc(size);
        stamp(arena, p, size, ++tag);
        live.push({ p, size, tag });
      }
      if (secondary.size() > 0) secondaryUsed = true;
    }
  };
  step(500);
  pool.blockStore.limit = pool.blockStore.inUse; // the CBS can get no more blocks
  secondaryUsed = false;
  step(3000);
  expect(pool.check()).toBe(true);
  // The Freelist really was used: it held free ranges the CBS could not take.
  // (Not necessarily at the end: with some seeds the live set shrinks to
  // nothing and the pool returns every extent, emptying both lands.)
  expect(secondaryUsed).toBe(true);
  expect(pool.blockStore.inUse).toBeLessThanOrEqual(pool.blockStore.limit);
  const liveBytes = live.reduce((s, b) => s + b.size, 0);
  expect(pool.totalSize() - pool.freeSize()).toBe(liveBytes);
  // A range that can only be in the Freelist still refuses a double free.
  if (live.length > 0) {
    const b = live.pop()!;
    pool.free(b.p, b.size);
    const total = pool.totalSize();
    const free = pool.freeSize();
    if (pool.hasAddr(b.p)) expect(() => pool.free(b.p, b.size)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect([pool.totalSize(), pool.freeSize()]).toEqual([total, free]);
  }
  pool.blockStore.limit = Infinity;
  step(500);
  for (const b of live) {
    expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
    pool.free(b.p, b.size);
  }
  expect(pool.freeSize()).toBe(pool.totalSize());
  pool.destroy();
  arena.destroy();
});
