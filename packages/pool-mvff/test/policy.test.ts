// The placement policies and the return of spare memory: first fit takes
// the lowest free range that fits, last fit the highest; slotHigh cuts from
// the top of the range; arenaHigh asks the arena for high addresses (the
// locusss-style check); spare bounds the free memory the pool keeps; and a
// pool that cannot get memory throws RESOURCE and is unchanged.
import { describe, expect, it } from "vitest";
import { MVFFPool } from "../src/index.js";
import { vmArena } from "./helpers.js";

describe("MVFF placement", () => {
  it(".req.policy: first fit reuses the lowest hole that fits; last fit the highest", () => {
    for (const firstFit of [true, false]) {
      const arena = vmArena(4 << 20);
      const pool = arena.createPool(MVFFPool, { extendBy: 65536, spare: 1, mvffFirstFit: firstFit });
      const blocks = Array.from({ length: 10 }, () => pool.alloc(64));
      for (let i = 1; i < blocks.length; i++) expect(blocks[i]).toBe(blocks[i - 1]! + 64); // low slots: ascending
      pool.free(blocks[2]!, 64);
      pool.free(blocks[6]!, 64);
      const p = pool.alloc(64);
      // First fit: the hole at 2. Last fit: the tail of the extent, the highest range that fits.
      if (firstFit) expect(p).toBe(blocks[2]);
      else expect(p).toBeGreaterThan(blocks[9]!);
      expect(pool.alloc(128)).toBeGreaterThan(blocks[9]!); // no hole holds 128 bytes
      pool.destroy();
      arena.destroy();
    }
  });

  it(".req.policy: slotHigh cuts blocks from the high end of the free range", () => {
    const arena = vmArena(4 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 8192, spare: 1, mvffSlotHigh: true });
    const a = pool.alloc(64);
    const b = pool.alloc(64);
    expect(b).toBe(a - 64); // descending
    expect((a + 64) % arena.grainSize).toBe(0); // the first block is at the top of the extent
    pool.destroy();
    arena.destroy();
  });

  it(".test.locusss: arenaHigh pools get higher addresses than arenaLow pools", () => {
    const arena = vmArena(8 << 20);
    const low = arena.createPool(MVFFPool, { extendBy: 65536, mvffArenaHigh: false });
    const high = arena.createPool(MVFFPool, { extendBy: 65536, mvffArenaHigh: true });
    const lows = Array.from({ length: 4 }, () => low.alloc(40000));
    const highs = Array.from({ length: 4 }, () => high.alloc(40000));
    expect(Math.min(...highs)).toBeGreaterThan(Math.max(...lows));
    low.destroy();
    high.destroy();
    arena.destroy();
  });
});

describe("MVFF spare memory", () => {
  it(".req.return: free memory above the spare fraction goes back to the arena in whole grains", () => {
    const arena = vmArena(8 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 65536, spare: 0.25 });
    const blocks = Array.from({ length: 200 }, () => pool.alloc(1000));
    const total = pool.totalSize();
    expect(total).toBeGreaterThanOrEqual(200 * 1000);
    const committedBefore = arena.committed();
    for (let i = 0; i < 180; i++) pool.free(blocks[i]!, 1000);
    expect(pool.totalSize()).toBeLessThan(total);
    expect(pool.freeSize()).toBeLessThanOrEqual(pool.totalSize() * 0.25 + arena.grainSize);
    expect(pool.totalSize() % arena.grainSize).toBe(0);
    expect(arena.committed()).toBeLessThanOrEqual(committedBefore);
    for (let i = 180; i < 200; i++) pool.free(blocks[i]!, 1000);
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it(".req.return: spare 1 keeps everything; spare 0 returns every free grain", () => {
    const arena = vmArena(8 << 20);
    const keep = arena.createPool(MVFFPool, { extendBy: 65536, spare: 1 });
    const give = arena.createPool(MVFFPool, { extendBy: 65536, spare: 0 });
    for (const pool of [keep, give]) {
      const bs = Array.from({ length: 50 }, () => pool.alloc(2000));
      for (const b of bs) pool.free(b, 2000);
    }
    expect(keep.totalSize()).toBeGreaterThan(0);
    expect(keep.freeSize()).toBe(keep.totalSize());
    expect(give.totalSize()).toBe(0);
    keep.destroy();
    give.destroy();
    arena.destroy();
  });
});

describe("MVFF out of memory", () => {
  it(".if.alloc: when the arena has no memory, alloc and reserve throw and the pool is unchanged", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 65536 });
    const a = pool.alloc(100);
    const before = [pool.totalSize(), pool.freeSize()];
    let code: string | undefined;
    try {
      pool.alloc(4 << 20);
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(["RESOURCE", "COMMIT_LIMIT", "MEMORY"]).toContain(code);
    expect([pool.totalSize(), pool.freeSize()]).toEqual(before);
    const ap = pool.createAp();
    expect(() => ap.reserve(4 << 20)).toThrow();
    expect([pool.totalSize(), pool.freeSize()]).toEqual(before);
    const p = ap.reserve(64); // the AP is still usable
    expect(ap.commit(p, 64)).toBe(true);
    ap.destroy();
    pool.free(p, 64);
    pool.free(a, 100);
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it(".impl.extend: when extendBy cannot be had, the pool asks for just enough", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 1 << 30 });
    const p = pool.alloc(100);
    expect(pool.totalSize()).toBe(arena.grainSize);
    pool.free(p, 100);
    pool.destroy();
    arena.destroy();
  });
});

describe("MVFF large requests", () => {
  it(".impl.extend: a block larger than extendBy gets an extent of its own size in grains", () => {
    const arena = vmArena(8 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 8192, spare: 1 });
    const p = pool.alloc(200_000);
    expect(pool.totalSize()).toBe(Math.ceil(200_000 / arena.grainSize) * arena.grainSize);
    const ap = pool.createAp();
    let q: number;
    do q = ap.reserve(300_000);
    while (!ap.commit(q, 300_000));
    expect(q + 300_000 <= p || p + 200_000 <= q).toBe(true);
    expect(pool.hasAddr(q) && pool.hasAddr(q + 300_000 - 1)).toBe(true);
    ap.destroy();
    pool.free(p, 200_000);
    pool.free(q, 300_000);
    expect(pool.freeSize()).toBe(pool.totalSize());
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it(".impl.fill: an allocation point takes the whole of the largest free range", () => {
    const arena = vmArena(8 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 65536, spare: 1 });
    const a = pool.alloc(64);
    const ap = pool.createAp();
    const p = ap.reserve(16);
    expect(ap.commit(p, 16)).toBe(true);
    expect(p).toBe(a + 64);
    expect(ap.buffer.poolLimit).toBe(a + 65536); // the rest of the extent
    expect(pool.freeSize()).toBe(0);
    ap.destroy();
    expect(pool.freeSize()).toBe(65536 - 80);
    pool.free(a, 64);
    pool.free(p, 16);
    pool.destroy();
    arena.destroy();
  });
});
