// SAC creation rules, the fast and slow paths, flush/destroy, and misuse.
import { describe, expect, it } from "vitest";
import { CHECKING, COOL, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MFSPool } from "@mps/pool-mfs";
import { SAC, SAC_CLASS_LIMIT, type SACClass } from "../src/index.js";
import { ARENA_KINDS, BucketPool, NoAllocPool } from "./helpers.js";

const makeArena = ARENA_KINDS[0]![1];

function setup(classes: SACClass[] = [
  { blockSize: 16, cachedCount: 9, frequency: 1 },
  { blockSize: 32, cachedCount: 9, frequency: 4 },
  { blockSize: 64, cachedCount: 6, frequency: 1 },
]) {
  const arena = makeArena(8 << 20);
  const pool = arena.createPool(BucketPool, { maxSize: 4096 });
  const sac = SAC.create(pool, classes);
  return { arena, pool, sac };
}

describe("SAC creation", () => {
  it(".req.classes: sizes pick the smallest class that fits; larger sizes are classCount", () => {
    const { sac } = setup();
    expect([1, 16, 17, 32, 33, 64, 65, 1000].map((s) => sac.classIndex(s))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect([0, 1, 2].map((i) => sac.blockSize(i))).toEqual([16, 32, 64]);
    expect(sac.check()).toBe(true);
    expect(describeToString(sac)).toContain("class 1: blockSize 32");
  });

  it(".impl.middle: the middle class is where half the frequency falls", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(BucketPool, { maxSize: 4096 });
    const mk = (f: number[]) => SAC.create(pool, f.map((frequency, i) => ({ blockSize: 8 * (i + 1), cachedCount: 3, frequency }))).middleIndex;
    expect(mk([1, 4, 1])).toBe(1);
    expect(mk([10, 1, 1, 1])).toBe(1); // half (6) is in the upper half of class 0 (over 10/2): the next class
    expect(mk([20, 0, 0, 0])).toBe(0);
    expect(mk([1, 1, 1, 10])).toBe(3);
    expect(mk([0, 0, 0])).toBe(2);
    expect(mk([5])).toBe(0);
  });

  it(".req.classes: more than SAC_CLASS_LIMIT classes is LIMIT", () => {
    const { pool } = setup();
    const cls = (n: number) => Array.from({ length: n }, (_, i) => ({ blockSize: 8 * (i + 1), cachedCount: 1, frequency: 1 }));
    expect(SAC.create(pool, cls(SAC_CLASS_LIMIT)).classCount).toBe(SAC_CLASS_LIMIT);
    expect(codeOf(() => SAC.create(pool, cls(SAC_CLASS_LIMIT + 1)))).toBe("LIMIT");
  });

  it(".req.param .req.pool: bad class lists and pools are PARAM; a pool without alloc/free is UNIMPL", () => {
    const { arena, pool } = setup();
    const c = (blockSize: number, cachedCount = 1, frequency = 1) => ({ blockSize, cachedCount, frequency });
    expect(codeOf(() => SAC.create(pool, []))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, null as unknown as SACClass[]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(32), c(16)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(16), c(16)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(12)]))).toBe("PARAM"); // not aligned to 8
    expect(codeOf(() => SAC.create(pool, [c(0)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(16, -1)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(16, 1.5)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [c(16, 1, -2)]))).toBe("PARAM");
    expect(codeOf(() => SAC.create(pool, [null as unknown as SACClass]))).toBe("PARAM");
    expect(codeOf(() => SAC.create({} as unknown as BucketPool, [c(16)]))).toBe("PARAM");
    const np = arena.createPool(NoAllocPool, {});
    expect(codeOf(() => SAC.create(np, [c(16)]))).toBe("UNIMPL");
    const dead = arena.createPool(BucketPool, { maxSize: 64 });
    dead.destroy();
    expect(codeOf(() => SAC.create(dead, [c(16)]))).toBe("PARAM");
  });
});

describe("SAC paths", () => {
  // .req.fast
  it(".impl.fill: an empty class takes cachedCount/3 blocks besides the one returned", () => {
    const { pool, sac } = setup();
    const p = sac.alloc(20);
    expect(pool.hasAddr(p)).toBe(true);
    expect(sac.cachedCount(1)).toBe(3);
    expect(pool.live.size).toBe(4);
    const q = sac.alloc(32);
    expect(sac.cachedCount(1)).toBe(2);
    expect(q).not.toBe(p);
    expect(pool.live.size).toBe(4); // served from the cache
  });

  it(".impl.empty: a full class gives two thirds back, then caches the block", () => {
    const { pool, sac } = setup();
    const ps = Array.from({ length: 12 }, () => sac.alloc(64));
    for (const p of ps.slice(0, 6)) sac.free(p, 64);
    expect(sac.cachedCount(2)).toBe(6);
    const before = pool.live.size;
    sac.free(ps[6]!, 64);
    expect(sac.cachedCount(2)).toBe(6 - 4 + 1);
    expect(pool.live.size).toBe(before - 4);
    expect(sac.check()).toBe(true);
  });

  it(".req.large: sizes above the largest class go straight to the pool, aligned", () => {
    const { pool, sac } = setup();
    const p = sac.alloc(100);
    expect(pool.live.get(p)).toBe(104);
    expect(sac.cachedSize()).toBe(0);
    sac.free(p, 100);
    expect(pool.live.has(p)).toBe(false);
  });

  it(".impl.zero-count: a class that caches nothing goes to the pool every time", () => {
    const { pool, sac } = setup([{ blockSize: 16, cachedCount: 0, frequency: 1 }]);
    const p = sac.alloc(8);
    expect(pool.live.get(p)).toBe(16);
    sac.free(p, 8);
    expect(pool.live.size).toBe(0);
  });

  it(".req.flush: flush gives every cached block back; the pool's free size is as before", () => {
    const { pool, sac } = setup();
    pool.free(pool.alloc(8), 8); // the pool has its first extent
    const free0 = pool.freeSize();
    const total0 = pool.totalSize();
    const ps: Array<[number, number]> = [];
    for (let i = 0; i < 200; i++) { const s = 1 + ((i * 37) % 90); ps.push([sac.alloc(s), s]); }
    for (const [p, s] of ps) sac.free(p, s);
    expect(sac.cachedSize()).toBeGreaterThan(0);
    sac.flush();
    expect(sac.cachedSize()).toBe(0);
    expect(pool.live.size).toBe(0);
    expect(pool.totalSize() - pool.freeSize()).toBe(total0 - free0);
    if (pool.totalSize() === total0) expect(pool.freeSize()).toBe(free0);
    expect(sac.alloc(16)).toBeGreaterThan(0); // still usable
  });

  it(".req.destroy: destroy flushes; afterwards every method is PARAM", () => {
    const { pool, sac } = setup();
    const p = sac.alloc(16);
    const q = sac.alloc(16);
    sac.free(q, 16);
    sac.destroy();
    expect([...pool.live.keys()]).toEqual([p]);
    if (CHECKING) {
      // At rash the fast paths check nothing, not even the signature.
      expect(codeOf(() => sac.alloc(16))).toBe("PARAM");
      expect(codeOf(() => sac.free(p, 16))).toBe("PARAM");
    }
    expect(codeOf(() => sac.fill(16))).toBe("PARAM");
    expect(codeOf(() => sac.empty(p, 16))).toBe("PARAM");
    expect(codeOf(() => sac.flush())).toBe("PARAM");
    expect(codeOf(() => sac.destroy())).toBe("PARAM");
    expect([...pool.live.keys()]).toEqual([p]);
  });

  it(".req.fill-empty: fill and empty are the slow paths, callable directly", () => {
    const { pool, sac } = setup();
    const p = sac.fill(10);
    expect(sac.cachedCount(0)).toBe(3);
    sac.empty(p, 10);
    expect(sac.cachedCount(0)).toBe(4);
    const big = sac.fill(500);
    expect(pool.live.get(big)).toBe(504);
    sac.empty(big, 500);
    expect(pool.live.has(big)).toBe(false);
  });

  it(".req.resource: a pool out of memory part of the way keeps what it gave", () => {
    const arena = makeArena(1 << 20, { commitLimit: 1 << 20 });
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 4096, extendBy: 4096 });
    const sac = SAC.create(pool, [{ blockSize: 4096, cachedCount: 3000, frequency: 1 }]);
    const got: number[] = [];
    let code: string | undefined;
    for (let i = 0; i < 1000 && code === undefined; i++) {
      code = codeOf(() => got.push(sac.alloc(4096)));
    }
    expect(code).toBeDefined();
    expect(code).not.toBe("PARAM");
    expect(got.length).toBeGreaterThan(0);
    for (const p of got) sac.free(p, 4096);
    sac.flush();
    expect(pool.freeSize()).toBe(pool.totalSize());
  });
});

describe("SAC misuse", () => {
  it.runIf(CHECKING)(".req.param: bad sizes and addresses are PARAM and change nothing", () => {
    const { sac } = setup();
    const p = sac.alloc(16);
    const before = describeToString(sac);
    for (const s of [0, -1, 1.5, NaN, 2 ** 33]) {
      expect(codeOf(() => sac.alloc(s))).toBe("PARAM");
      expect(codeOf(() => sac.free(p, s))).toBe("PARAM");
      expect(codeOf(() => sac.fill(s))).toBe("PARAM");
      expect(codeOf(() => sac.empty(p, s))).toBe("PARAM");
    }
    expect(codeOf(() => sac.free(p + 4, 16))).toBe("PARAM");
    expect(codeOf(() => sac.free(0, 16))).toBe("PARAM");
    expect(codeOf(() => sac.empty(p + 4, 16))).toBe("PARAM");
    expect(codeOf(() => sac.classIndex(0))).toBe("PARAM");
    expect(codeOf(() => sac.blockSize(3))).toBe("PARAM");
    expect(codeOf(() => sac.cachedCount(-1))).toBe("PARAM");
    expect(describeToString(sac)).toBe(before);
    sac.free(p, 16);
  });

  it.runIf(COOL)(".req.misuse: at cool, a wrong-class size, a double free and a foreign address are PARAM and change nothing", () => {
    const { arena, sac } = setup();
    const p = sac.alloc(16);
    const q = sac.alloc(40);
    const before = describeToString(sac);
    expect(codeOf(() => sac.free(p, 40))).toBe("PARAM");
    expect(codeOf(() => sac.free(q, 16))).toBe("PARAM");
    expect(codeOf(() => sac.free(q, 1000))).toBe("PARAM");
    expect(codeOf(() => sac.empty(p, 64))).toBe("PARAM");
    const other = arena.createPool(BucketPool, { maxSize: 64 });
    const r = other.alloc(16);
    expect(codeOf(() => sac.free(r, 16))).toBe("PARAM");
    expect(describeToString(sac)).toBe(before);
    sac.free(p, 10); // another size of the same class is fine
    expect(codeOf(() => sac.free(p, 16))).toBe("PARAM");
    sac.free(q, 33);
    expect(sac.check()).toBe(true);
  });
});
