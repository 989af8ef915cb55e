// The example of docs/pool/mvff.md, and the statements the page makes
// (options, errors, properties), checked against the code.
import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, SAC, isMpsError } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

function arena16(): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
}

describe("docs/pool/mvff.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const grain = arena.grainSize;

    // The pool asks the arena for 10000 bytes at least: whole grains.
    const pool = arena.createPool(PoolClass.MVFF, { extendBy: 10000 });
    assert.equal(pool.extendBy, Math.ceil(10000 / grain) * grain);

    // First fit: blocks go one after another from the lowest free address.
    const a = pool.alloc(24);
    const b = pool.alloc(100); // 104 bytes: sizes are rounded up to the alignment, 8
    const c = pool.alloc(8);
    assert.equal(b, a + 24);
    assert.equal(c, b + 104);
    assert.equal(pool.freeSize(), pool.totalSize() - (24 + 104 + 8));

    // A freed block is the first fit for the next small request.
    pool.free(a, 24);
    assert.equal(pool.alloc(16), a);

    // Freeing a block twice, or a misaligned address, is refused and changes nothing.
    pool.free(c, 8);
    const free = pool.freeSize();
    assert.throws(() => pool.free(c, 8), (e) => isMpsError(e, "PARAM"));
    // (The alignment of a freed address is a check of the free path, which rash skips.)
    if (CHECK_LEVEL !== "rash") assert.throws(() => pool.free(b + 4, 8), (e) => isMpsError(e, "PARAM"));
    assert.equal(pool.freeSize(), free);

    // A large block makes the pool grow. Freeing it leaves more than spare (0.75) of the
    // pool free, so grains go back to the arena until the free part is half that.
    const big = pool.alloc(1 << 20);
    const grown = pool.totalSize();
    assert.ok(grown > 1 << 20);
    pool.free(big, 1 << 20);
    assert.ok(pool.totalSize() < grown);
    assert.ok(pool.freeSize() <= grown * 0.375 + grain);

    // From the top of memory down.
    const high = arena.createPool(PoolClass.MVFF, { mvffArenaHigh: true, mvffSlotHigh: true, mvffFirstFit: false });
    const h1 = high.alloc(8);
    const h2 = high.alloc(8);
    assert.ok(h2 < h1 && h1 > b);

    // A bad option makes no pool.
    assert.throws(() => arena.createPool(PoolClass.MVFF, { spare: 2 }), (e) => isMpsError(e, "PARAM"));

    high.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("the options: defaults, and every refusal the page lists makes no pool", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVFF, {});
    expect([pool.extendBy, pool.meanSize, pool.spare, pool.alignment, pool.firstFit, pool.slotHigh, pool.arenaHigh]).toEqual([65536, 32, 0.75, 8, true, false, false]);
    pool.destroy();
    const format = arena.createFormat({ fmtAlign: 8 });
    const pools = [...arena.pools()].length;
    const bad: object[] = [
      { extendBy: 0 }, { extendBy: 2 ** 31 + 1 }, { extendBy: 1.5 },
      { meanSize: 0 }, { meanSize: 65537 }, { extendBy: 8192, meanSize: 8193 },
      { spare: -0.1 }, { spare: 2 }, { spare: "0.5" },
      { align: 2 }, { align: 3 }, { align: arena.grainSize * 2 },
      { mvffArenaHigh: 1 }, { mvffSlotHigh: "yes" }, { mvffFirstFit: 0 },
      { format },
    ];
    for (const [i, o] of bad.entries()) expect(codeOf(() => arena.createPool(PoolClass.MVFF, o as never)), `case ${i}`).toBe("PARAM");
    expect([...arena.pools()].length).toBe(pools);
    // The smallest and largest alignments are taken.
    for (const align of [4, arena.grainSize]) arena.createPool(PoolClass.MVFF, { align }).destroy();
    format.destroy();
    arena.destroy();
  });

  it("the properties: SACs yes, frames and finalization no, an AP's rank ignored", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVFF, {});
    const sac = SAC.create(pool, [{ blockSize: 32, cachedCount: 4, frequency: 1 }]);
    const p = sac.alloc(32);
    sac.free(p, 32);
    sac.destroy();
    const ap = pool.createAp({ rank: 1 });
    expect(ap.buffer.rankSet()).toBe(0);
    expect(codeOf(() => ap.framePush())).toBe("UNIMPL");
    const q = pool.alloc(16);
    expect(codeOf(() => arena.finalize(q))).toBe("PARAM");
    // freeing into the unused part of an allocation point's region is refused
    let r: number;
    do r = ap.reserve(40);
    while (!ap.commit(r, 40));
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => pool.free(r + 40, 8))).toBe("PARAM");
    pool.free(r, 40);
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    ap.destroy();
    // not in the pool (the checks of the alloc and free paths, which rash skips)
    const other = arena.createPool(PoolClass.MVFF, {});
    const o = other.alloc(16);
    if (CHECK_LEVEL !== "rash") {
      expect(codeOf(() => pool.free(o, 16))).toBe("PARAM");
      expect(codeOf(() => pool.alloc(0))).toBe("PARAM");
    }
    other.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("the free size excludes an allocation point's unused region; destroy gives everything back", () => {
    const arena = arena16();
    const before = arena.committed();
    const pool = arena.createPool(PoolClass.MVFF, {});
    const ap = pool.createAp();
    let r: number;
    do r = ap.reserve(40);
    while (!ap.commit(r, 40));
    // the fill took the whole of the largest free range
    expect(pool.freeSize()).toBe(0);
    ap.destroy();
    expect(pool.freeSize()).toBe(pool.totalSize() - 40);
    pool.free(r, 40);
    pool.destroy();
    expect(arena.committed()).toBeLessThanOrEqual(before + arena.grainSize * 16);
    arena.destroy();
  });

  it("MVFFDebug: the MVFF options and the debugging methods", () => {
    const arena = arena16();
    const pool = arena.createPool(PoolClass.MVFFDebug, { extendBy: 10000, poolDebugOptions: {} });
    const p = pool.alloc(20);
    expect(pool.tagOf(p)).toBeGreaterThan(0);
    pool.checkFenceposts();
    pool.checkFreeSpace();
    arena.mem.u8[p + 20] = 0xff;
    expect(codeOf(() => pool.checkFenceposts())).toBe("FAIL");
    expect(codeOf(() => arena.createPool(PoolClass.MVFFDebug, { spare: 2 }))).toBe("PARAM");
    pool.destroy();
    arena.destroy();
  });
});
