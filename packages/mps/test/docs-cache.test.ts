// The examples of docs/reference/cache.md, and what its entries state
// (batch sizes, large sizes, errors), checked against the code.
import { describe, expect, it } from "vitest";
import { codeOf } from "@mps/mpm/test-util";
import { SAC_CACHED_LIMIT, SAC_CLASS_LIMIT, SAC_MIN_BLOCK_SIZE } from "@mps/sac";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, SAC, type Addr, type SACClass } from "../src/index.js";

const TWO: SACClass[] = [
  { blockSize: 16, cachedCount: 300, frequency: 10 },
  { blockSize: 128, cachedCount: 12, frequency: 1 },
];

function setup(opts: { commitLimit?: number } = {}) {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, ...opts });
  const pool = arena.createPool(PoolClass.MVFF, {});
  const used = (): number => pool.totalSize() - pool.freeSize();
  return { arena, pool, used };
}

describe("docs/reference/cache.md", () => {
  it("the first example runs", () => {
    const { arena, pool, used } = setup();
    const sac = SAC.create(pool, TWO);
    expect([sac.classIndex(12), sac.classIndex(100), sac.classIndex(4096)]).toEqual([0, 1, 2]);
    const node = sac.alloc(12);
    expect(sac.cachedCount(0)).toBe(100);
    expect(used()).toBe(101 * 16);
    sac.free(node, 12);
    expect(sac.alloc(16)).toBe(node);
    const nodes = [node];
    for (let i = 1; i < 400; i++) nodes.push(sac.alloc(16));
    for (const p of nodes) sac.free(p, 16);
    expect(sac.cachedCount(0)).toBeLessThanOrEqual(300);
    const big = sac.alloc(1000);
    sac.free(big, 1000);
    expect(sac.classIndex(1000)).toBe(sac.classCount);
    sac.flush();
    expect(sac.cachedSize()).toBe(0);
    expect(used()).toBe(0);
    sac.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("how a cache works: fill a third plus one, empty two thirds of a full class, a class of count 0 caches nothing", () => {
    const { arena, pool, used } = setup();
    const sac = SAC.create(pool, TWO);
    // fill: a third of cachedCount, plus the one returned.
    const q = sac.fill(100);
    expect(sac.cachedCount(1)).toBe(4);
    expect(used()).toBe(5 * 128);
    // empty on a class with room just caches.
    sac.empty(q, 100);
    expect(sac.cachedCount(1)).toBe(5);
    // free into a full class drains two thirds of it, then caches the block.
    const held: Addr[] = [];
    for (let i = 0; i < 30; i++) held.push(sac.alloc(128));
    while (sac.cachedCount(1) < 12) sac.free(held.pop()!, 128);
    const before = used();
    sac.free(held.pop()!, 128);
    expect(sac.cachedCount(1)).toBe(12 - 8 + 1);
    expect(used()).toBe(before - 8 * 128);
    for (const p of held) sac.free(p, 128);
    // The most recently cached block is returned first.
    const last = sac.alloc(128);
    sac.free(last, 128);
    expect(sac.alloc(128)).toBe(last);
    sac.free(last, 128);
    // cachedCount 0: straight to and from the pool.
    const none = SAC.create(pool, [{ blockSize: 16, cachedCount: 0, frequency: 1 }]);
    const u = used();
    const r = none.alloc(16);
    expect([none.cachedCount(0), used()]).toEqual([0, u + 16]);
    none.free(r, 16);
    expect([none.cachedCount(0), used()]).toEqual([0, u]);
    none.destroy();
    sac.destroy();
    expect(used()).toBe(0);
    pool.destroy();
    arena.destroy();
  });

  it("large sizes are rounded up to the pool's alignment and never cached; the search starts from the middle class", () => {
    const { arena, pool, used } = setup();
    const sac = SAC.create(pool, [
      { blockSize: 8, cachedCount: 10, frequency: 1 },
      { blockSize: 16, cachedCount: 10, frequency: 1 },
      { blockSize: 32, cachedCount: 10, frequency: 100 },
    ]);
    expect(sac.middleIndex).toBe(2);
    expect([sac.blockSize(0), sac.blockSize(1), sac.blockSize(2)]).toEqual([8, 16, 32]);
    const p = sac.alloc(1001);
    expect(used()).toBe(1008);
    expect(sac.cachedSize()).toBe(0);
    sac.free(p, 1001);
    expect(used()).toBe(0);
    expect(sac.pool).toBe(pool);
    expect(sac.check()).toBe(true);
    sac.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("destroy flushes, and blocks the program holds stay allocated; a block may be freed through another cache with the same classes", () => {
    const { arena, pool, used } = setup();
    const a = SAC.create(pool, TWO);
    const b = SAC.create(pool, TWO);
    const p = a.alloc(16);
    const q = a.alloc(16);
    b.free(p, 16);
    expect(b.cachedCount(0)).toBe(1);
    a.destroy();
    expect(used()).toBe(2 * 16); // p in b's cache, q held by the program
    pool.free(q, 16);
    b.destroy();
    expect(used()).toBe(0);
    pool.destroy();
    arena.destroy();
  });

  it("alloc passes on the pool's error only when a fill gets no block at all", () => {
    const { arena, pool } = setup({ commitLimit: 1 << 20 });
    const sac = SAC.create(pool, [{ blockSize: 64 << 10, cachedCount: 30, frequency: 1 }]);
    const got: Addr[] = [];
    let code: string | undefined;
    while (code === undefined) code = codeOf(() => got.push(sac.alloc(64 << 10)));
    expect(code).toBe("COMMIT_LIMIT");
    expect(got.length).toBeGreaterThan(0);
    // The first fill asked for 11 blocks and the arena had room for fewer: it kept those.
    expect(got.length + sac.cachedCount(0)).toBeGreaterThan(1);
    for (const p of got) sac.free(p, 64 << 10);
    sac.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("the errors the entries state (the second example)", () => {
    const { arena, pool } = setup();
    expect([SAC_CLASS_LIMIT, SAC_CACHED_LIMIT, SAC_MIN_BLOCK_SIZE]).toEqual([8, 2 ** 20, 4]);
    const cls = (blockSize: number, cachedCount = 8, frequency = 1): SACClass => ({ blockSize, cachedCount, frequency });
    expect(codeOf(() => SAC.create(pool, []))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(12)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(32), cls(16)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(16), cls(16)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(16, -1)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(16, 1, 0.5)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [cls(16, SAC_CACHED_LIMIT + 1)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [null as never]))).toBe("PARAM");
    expect(codeOf(() => SAC.create({} as never, [cls(16)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, Array.from({ length: SAC_CLASS_LIMIT + 1 }, (_, i) => cls(8 * (i + 1)))))).toBe("LIMIT");
    expect(codeOf(() => SAC.create(pool, [cls(16, SAC_CACHED_LIMIT), cls(32, 1)]))).toBe("LIMIT");
    const small = arena.createPool(PoolClass.MVFF, { align: 4 });
    expect(codeOf(() => SAC.create(small, [cls(2)]))).toBe("PARAM"); // below SAC_MIN_BLOCK_SIZE (and the alignment)
    SAC.create(small, [cls(4), cls(12)]).destroy();
    const format = arena.createFormat({ fmtScan() {}, fmtSkip: (p) => p + 8 });
    const ams = arena.createPool(PoolClass.AMS, { format });
    expect(codeOf(() => SAC.create(ams, [cls(8)]))).toBe("UNIMPL");

    const sac = SAC.create(pool, [cls(16, 30)]);
    const p = sac.alloc(16);
    if (CHECK_LEVEL !== "rash") {
      for (const f of [() => sac.alloc(0), () => sac.alloc(1.5), () => sac.free(0, 16), () => sac.free(p + 4, 16), () => sac.free(p, 0)]) {
        const before = sac.cachedCount(0);
        expect(codeOf(f)).toBe("PARAM");
        expect(sac.cachedCount(0)).toBe(before);
      }
      expect(codeOf(() => sac.blockSize(1))).toBe("PARAM");
      expect(codeOf(() => sac.cachedCount(-1))).toBe("PARAM");
      expect(codeOf(() => sac.classIndex(0))).toBe("PARAM");
    }
    if (CHECK_LEVEL === "cool") {
      const wide = SAC.create(pool, [cls(16), cls(64)]);
      const w = wide.alloc(16);
      expect(codeOf(() => wide.free(w, 64))).toBe("PARAM"); // another class
      expect(codeOf(() => wide.free(16 << 20, 16))).toBe("PARAM"); // not in the pool
      wide.free(w, 16);
      expect(codeOf(() => wide.free(w, 16))).toBe("PARAM"); // a double free
      wide.destroy();
    }
    sac.free(p, 16);
    sac.destroy();
    // At rash the fast paths (alloc, free) check nothing; the slow paths still refuse.
    const fast = CHECK_LEVEL === "rash" ? [] : [() => sac.alloc(16), () => sac.free(p, 16)];
    for (const f of [...fast, () => sac.flush(), () => sac.destroy(), () => sac.fill(16), () => sac.empty(p, 16)]) {
      expect(codeOf(f)).toBe("PARAM");
    }
    ams.destroy();
    format.destroy();
    small.destroy();
    pool.destroy();
    arena.destroy();
  });
});
