// The misuses of an MVFF pool: bad options, and frees of blocks that are not
// allocated blocks of the pool. Each throws PARAM and changes nothing (the
// sizes, check(), and the live blocks' contents are as before, and the pool
// goes on working). Also the allocation point misuses the arena's AP detects.
// At `rash` nothing is checked, so those cases run only when CHECKING.
import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MVFFPool, type MVFFOpts } from "../src/index.js";
import { stamp, stamped, vmArena } from "./helpers.js";

function asserts(fn: () => unknown): boolean {
  try {
    fn();
  } catch (e) {
    if (e instanceof MpsAssertionError) return true;
    throw e;
  }
  return false;
}

describe("MVFF options", () => {
  it(".if.class: bad options are PARAM and register no pool", () => {
    const arena = vmArena(1 << 20);
    const bad: Array<Partial<MVFFOpts>> = [
      { extendBy: 0 }, { extendBy: -1 }, { extendBy: 1.5 }, { meanSize: 0 }, { extendBy: 4096, meanSize: 8192 },
      { spare: -0.1 }, { spare: 1.5 }, { spare: NaN }, { align: 2 }, { align: 3 }, { align: 1 << 20 },
      { mvffFirstFit: 1 as unknown as boolean }, { mvffSlotHigh: "yes" as unknown as boolean }, { mvffArenaHigh: 0 as unknown as boolean },
    ];
    for (const opts of bad) expect(codeOf(() => arena.createPool(MVFFPool, opts as MVFFOpts)), JSON.stringify(opts)).toBe("PARAM");
    expect(arena.pools().length).toBe(0);
    arena.destroy();
  });

  it(".if.class: the defaults are the MPS's", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, {});
    expect([pool.extendBy, pool.meanSize, pool.spare, pool.firstFit, pool.slotHigh, pool.arenaHigh, pool.alignment]).toEqual([65536, 32, 0.75, true, false, false, 8]);
    expect(pool.totalSize()).toBe(0);
    const small = arena.createPool(MVFFPool, { extendBy: 100, meanSize: 8, align: 4 });
    expect(small.extendBy).toBe(arena.grainSize);
    expect(small.alignment).toBe(4);
    let text = "";
    pool.describe({ write: (s: string) => (text += s) });
    expect(text).toContain("MVFF extendBy 65536");
    pool.destroy();
    small.destroy();
    arena.destroy();
  });
});

describe("MVFF free misuse", () => {
  function setup() {
    const arena = vmArena(4 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 8192, spare: 1 });
    const other = arena.createPool(MVFFPool, { extendBy: 8192 });
    const a = pool.alloc(64);
    const b = pool.alloc(32);
    const c = pool.alloc(64);
    stamp(arena, a, 64, 1);
    stamp(arena, c, 64, 3);
    pool.free(b, 32); // a hole between a and c
    const snapshot = () => [pool.totalSize(), pool.freeSize(), pool.check(), stamped(arena, a, 64, 1), stamped(arena, c, 64, 3)];
    return { arena, pool, other, a, b, c, snapshot };
  }

  // .req.misuse
  it.runIf(CHECKING)(".if.free: a double free, a free inside free memory and a size too large are PARAM, changing nothing", () => {
    const { arena, pool, other, a, b, c, snapshot } = setup();
    const before = snapshot();
    expect(codeOf(() => pool.free(b, 32))).toBe("PARAM"); // double free
    expect(codeOf(() => pool.free(b + 8, 8))).toBe("PARAM"); // inside the hole
    expect(codeOf(() => pool.free(a, 72))).toBe("PARAM"); // a with a size that reaches into the hole
    expect(codeOf(() => pool.free(c + 64, 8))).toBe("PARAM"); // the free tail of the extent
    expect(codeOf(() => pool.free(a + 4, 8))).toBe("PARAM"); // misaligned
    expect(codeOf(() => pool.free(a, 0))).toBe("PARAM"); // bad size
    expect(codeOf(() => pool.free(c, 1 << 20))).toBe("PARAM"); // beyond the pool's grains
    expect(snapshot()).toEqual(before);
    // Wrong pool: a block of another pool, and one outside every pool.
    const o = other.alloc(16);
    expect(codeOf(() => pool.free(o, 16))).toBe("PARAM");
    expect(codeOf(() => other.free(a, 64))).toBe("PARAM");
    expect(codeOf(() => pool.free(8, 8))).toBe("PARAM");
    expect(snapshot()).toEqual(before);
    // The pool still works.
    expect(pool.alloc(32)).toBe(b);
    pool.free(a, 64);
    pool.free(b, 32);
    pool.free(c, 64);
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    other.destroy();
    arena.destroy();
  });

  it(".if.free: freeing the unused part of an allocation point's region is PARAM; committed objects may be freed", () => {
    const { arena, pool, other, snapshot } = setup();
    const ap = pool.createAp();
    let p: number;
    do p = ap.reserve(16);
    while (!ap.commit(p, 16));
    if (CHECKING) {
      // The misuse is checked unless the level is rash; the valid free below runs at every level.
      const before = snapshot();
      expect(codeOf(() => pool.free(p + 16, 16))).toBe("PARAM");
      expect(codeOf(() => pool.free(p, 32))).toBe("PARAM");
      expect(snapshot()).toEqual(before);
    }
    pool.free(p, 16);
    expect(pool.check()).toBe(true);
    ap.destroy();
    pool.destroy();
    other.destroy();
    arena.destroy();
  });
});

describe("MVFF allocation point misuse", () => {
  it.runIf(CHECKING)(".if.ap: destroying an AP between reserve and commit asserts and changes nothing", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    expect(asserts(() => ap.destroy())).toBe(true);
    expect(ap.commit(p, 16)).toBe(true);
    ap.destroy();
    expect(codeOf(() => ap.destroy())).toBe("PARAM");
    expect(codeOf(() => ap.reserve(16))).toBe("PARAM");
    pool.destroy();
    arena.destroy();
  });

  it.runIf(COOL)(".if.ap: commit without reserve, another address or size, and reserve twice assert at cool", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, {});
    const ap = pool.createAp();
    const q = ap.reserve(16);
    expect(ap.commit(q, 16)).toBe(true);
    expect(asserts(() => ap.commit(q + 16, 16))).toBe(true); // without reserving
    const p = ap.reserve(16);
    expect(asserts(() => ap.commit(p + 8, 16))).toBe(true);
    expect(asserts(() => ap.commit(p, 8))).toBe(true);
    expect(asserts(() => ap.reserve(16))).toBe(true);
    expect(ap.commit(p, 16)).toBe(true);
    for (const bad of [0, -8]) expect(codeOf(() => ap.reserve(bad))).toBe("PARAM");
    ap.buffer.check();
    ap.destroy();
    pool.free(p, 16);
    pool.free(q, 16);
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    arena.destroy();
  });
});
