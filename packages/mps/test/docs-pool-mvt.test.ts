// The example of docs/pool/mvt.md, and the statements the page makes
// (options, errors, properties), checked against the code.
import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, SAC, isMpsError } from "../src/index.js";
import { CHECK_LEVEL } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

function arena16(): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
}

describe("docs/pool/mvt.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });

    // Messages of 16 to 1024 bytes that live for one request each.
    const pool = arena.createPool(PoolClass.MVT, { minSize: 16, meanSize: 128, maxSize: 1024 });
    assert.equal(pool.fillSize, arena.grainSize); // 1024 rounded up to a grain
    assert.throws(() => pool.alloc(64), (e) => isMpsError(e, "UNIMPL"));

    const ap = pool.createAp();
    function alloc(size: number): number {
      let p: number;
      do p = ap.reserve(size);
      while (!ap.commit(p, size));
      return p;
    }

    // One request's messages are allocated side by side...
    const msgs: Array<[number, number]> = [];
    for (let i = 0; i < 20; i++) {
      const size = 16 + ((i * 40) % 200);
      msgs.push([alloc(size), size]);
    }
    for (let i = 1; i < msgs.length; i++) {
      const [prev, prevSize] = msgs[i - 1]!;
      assert.equal(msgs[i]![0], prev + Math.ceil(prevSize / 8) * 8);
    }
    // ...and freed together; freeing one twice is refused.
    for (const [p, size] of msgs) pool.free(p, size);
    assert.throws(() => pool.free(msgs[0]![0], msgs[0]![1]), (e) => isMpsError(e, "PARAM"));

    // A block larger than maxSize gets a segment of its own, returned as soon as it is free.
    const total = pool.totalSize();
    const big = alloc(100_000);
    assert.ok(pool.totalSize() >= total + 100_000);
    pool.free(big, 100_000);
    assert.equal(pool.totalSize(), total);
    assert.equal(pool.stats.oversizeFills, 1);
    assert.equal(pool.stats.segReturns, 1);

    // maxSize may not be smaller than meanSize.
    assert.throws(() => arena.createPool(PoolClass.MVT, { meanSize: 64, maxSize: 32 }), (e) => isMpsError(e, "PARAM"));

    ap.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("the options: defaults, rounding, and every refusal the page lists makes no pool", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVT, {});
    expect([pool.alignment, pool.minSize, pool.meanSize, pool.maxSize, pool.reserveDepth, pool.fragLimit]).toEqual([8, 8, 32, 8192, 1024, 30]);
    expect(pool.fillSize).toBe(Math.ceil(8192 / arena.grainSize) * arena.grainSize);
    expect(pool.reuseSize).toBe(2 * pool.fillSize);
    expect(pool.abqDepth).toBeGreaterThanOrEqual(3);
    pool.destroy();
    // meanSize and maxSize default to at least the smaller sizes
    const big = arena.createPool(PoolClass.MVT, { minSize: 100, meanSize: 10000 });
    expect([big.minSize, big.meanSize, big.maxSize]).toEqual([104, 10000, 10000]);
    big.destroy();
    const d1 = arena.createPool(PoolClass.MVT, { mvtReserveDepth: 1 });
    expect(d1.abqDepth).toBe(3);
    d1.destroy();
    const format = arena.createFormat({ fmtAlign: 8 });
    const pools = [...arena.pools()].length;
    const bad: object[] = [
      { minSize: 0 }, { minSize: 2 ** 30 + 1 }, { minSize: 1.5 },
      { minSize: 8, meanSize: 4 }, { meanSize: 32, maxSize: 16 }, { maxSize: 2 ** 31 },
      { mvtReserveDepth: 0 }, { mvtReserveDepth: 2 ** 24 + 1 },
      { mvtFragLimit: -0.1 }, { mvtFragLimit: 1.5 }, { mvtFragLimit: "0.3" },
      { align: 4 }, { align: 12 }, { align: arena.grainSize * 2 },
      { format },
    ];
    for (const [i, o] of bad.entries()) expect(codeOf(() => arena.createPool(PoolClass.MVT, o as never)), `case ${i}`).toBe("PARAM");
    expect([...arena.pools()].length).toBe(pools);
    for (const o of [{ align: arena.grainSize }, { mvtFragLimit: 0 }, { mvtFragLimit: 1 }]) arena.createPool(PoolClass.MVT, o).destroy();
    format.destroy();
    arena.destroy();
  });

  it("the properties: no alloc, no SAC, no frames, no finalization; an AP's rank ignored", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVT, {});
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    expect(codeOf(() => SAC.create(pool, [{ blockSize: 32, cachedCount: 4, frequency: 1 }]))).toBe("UNIMPL");
    const ap = pool.createAp({ rank: 1 });
    expect(ap.buffer.rankSet()).toBe(0);
    expect(codeOf(() => ap.framePush())).toBe("UNIMPL");
    let p: number;
    do p = ap.reserve(64);
    while (!ap.commit(p, 64));
    expect(codeOf(() => arena.finalize(p))).toBe("PARAM");
    const other = arena.createPool(PoolClass.MVFF, {});
    const o = other.alloc(16);
    // The checks of the free path, which rash skips:
    if (CHECK_LEVEL !== "rash") {
      // the unused part of the allocation point's region may not be freed
      expect(codeOf(() => pool.free(p + 64, 8))).toBe("PARAM");
      // misaligned, and not in the pool
      expect(codeOf(() => pool.free(p + 4, 8))).toBe("PARAM");
      expect(codeOf(() => pool.free(o, 16))).toBe("PARAM");
    }
    other.destroy();
    // the free size leaves out the allocation point's unused region
    expect(pool.freeSize()).toBe(0);
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    ap.destroy();
    expect(pool.freeSize()).toBe(pool.totalSize() - 64);
    pool.free(p, 64);
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    arena.destroy();
  });

  it("a large free block is queued and reused before the pool grows", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVT, { maxSize: 1024 });
    const ap = pool.createAp();
    const alloc = (size: number): number => {
      let p: number;
      do p = ap.reserve(size);
      while (!ap.commit(p, size));
      return p;
    };
    // fill several segments, then free them all: the free block is large enough for the queue
    const blocks: number[] = [];
    for (let i = 0; i < 40; i++) blocks.push(alloc(1000));
    const total = pool.totalSize();
    for (const b of blocks) pool.free(b, 1000);
    ap.destroy();
    const ap2 = pool.createAp();
    let p: number;
    do p = ap2.reserve(1000);
    while (!ap2.commit(p, 1000));
    expect(pool.totalSize()).toBe(total);
    expect(pool.stats.abqFills + pool.stats.splinterFills + pool.stats.contingencyFills).toBeGreaterThan(0);
    ap2.destroy();
    pool.free(p, 1000);
    pool.destroy();
    arena.destroy();
  });

  it.runIf(CHECK_LEVEL !== "rash")("a double free of part of a block is refused", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVT, {});
    const ap = pool.createAp();
    let p: number;
    do p = ap.reserve(64);
    while (!ap.commit(p, 64));
    pool.free(p, 32);
    const free = pool.freeSize();
    expect(codeOf(() => pool.free(p + 16, 32))).toBe("PARAM");
    expect(pool.freeSize()).toBe(free);
    pool.free(p + 32, 32);
    ap.destroy();
    pool.destroy();
    arena.destroy();
  });
});
