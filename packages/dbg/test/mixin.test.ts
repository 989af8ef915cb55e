// The debug mixin on its own: tags are allocation serial numbers, and the
// mixin works over a pool of another class (here a plain MVFF pool driven by
// hand, as AMSDebug will drive it over AMS), knowing nothing of the class.
import { describe, expect, it } from "vitest";
import { MVFFPool } from "@mps/pool-mvff";
import { MVFFDebugPool, PoolDebugMixin, SIG_POOL_DEBUG_MIXIN, parsePoolDebugOptions } from "../src/index.js";
import { ascii, flip, vmArena } from "./helpers.js";

describe("tags", () => {
  it(".req.tag: each alloc gets the next serial number; free forgets it; serials are not reused", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, {});
    const a = pool.alloc(8), b = pool.alloc(8), c = pool.alloc(8);
    expect([a, b, c].map((p) => pool.tagOf(p))).toEqual([1, 2, 3]);
    pool.free(b, 8);
    expect(pool.tagOf(b)).toBe(0);
    const d = pool.alloc(8);
    expect(d).toBe(b); // first fit reuses the space ...
    expect(pool.tagOf(d)).toBe(4); // ... but not the serial number
    expect(pool.tagOf(a + 8)).toBe(0);
    expect(pool.debug.liveCount).toBe(3);
    pool.destroy();
    arena.destroy();
  });
});

describe("the mixin", () => {
  it(".req.mixin: the mixin fences, splats, checks and prunes over a pool of another class", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 4096, spare: 0 });
    const debug = new PoolDebugMixin(pool, parsePoolDebugOptions("Test", { fenceTemplate: ascii("fence"), freeTemplate: ascii("free") }));
    expect(debug.sig).toBe(SIG_POOL_DEBUG_MIXIN);
    const base = pool.alloc(debug.fencedSize(20));
    const p = debug.fenceAndTag(base, 20);
    expect(p - base).toBe(8);
    expect(debug.fenceDamage(p, "checkFenceposts")).toBeUndefined();
    flip(arena, p + 20);
    expect(debug.fencepostDamage("checkFenceposts")).toMatchObject({ kind: "trailing-fence", address: p, tag: 1, offset: 20, className: "MVFF" });
    flip(arena, p + 20);
    // Free it by hand: splat, free, record; then damage and find it.
    const limit = base + debug.fencedSize(20);
    debug.splat(base, limit);
    const keep = pool.alloc(8); // keeps the grain in the pool
    pool.free(base, limit - base);
    debug.untag(p);
    debug.record(base, limit, p, 20, 1);
    expect(debug.freeDamage(0, 2 ** 32, "checkFreeSpace")).toBeUndefined();
    flip(arena, base + 3);
    expect(debug.freeDamage(0, 2 ** 32, "checkFreeSpace")).toMatchObject({ kind: "free-space", address: p, tag: 1, at: base + 3, offset: base + 3 - p });
    expect(debug.check()).toBe(true);
    // When the pool gives the grain back, prune forgets the record.
    pool.free(keep, 8);
    expect(pool.totalSize()).toBe(0);
    debug.prune();
    expect(debug.freeRecord.count).toBe(0);
    debug.finish();
    pool.destroy();
    arena.destroy();
  });
});
