// MFS options, sizes, misuse (test/conerr and test/argerr cases that apply to
// MFS), and the commit limit. Every misuse must throw and leave the pool usable.
import { describe, expect, it } from "vitest";
import { CHECKING, COOL, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MFSPool, MFS_EXTEND_BY_DEFAULT } from "../src/index.js";
import { ARENA_KINDS } from "./helpers.js";

const makeArena = ARENA_KINDS[0]![1];

describe("MFS options", () => {
  // .req.fixed
  it(".opts: unit size is rounded up to the alignment; extendBy to whole grains", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 13, extendBy: 5000 });
    expect(pool.unitSize).toBe(16);
    expect(pool.extendBy).toBe(8192);
    expect(pool.unitsPerExtent).toBe(512);
    const d = arena.createPool(MFSPool, { mfsUnitSize: 8 });
    expect(d.extendBy).toBe(MFS_EXTEND_BY_DEFAULT);
    expect(MFSPool.attrs.alloc && MFSPool.attrs.free && !MFSPool.attrs.buffer && !MFSPool.attrs.gc).toBe(true);
    pool.destroy();
    d.destroy();
    arena.destroy();
  });

  it(".opts.bad: bad options are PARAM and leave no pool behind", () => {
    const arena = makeArena(4 << 20);
    for (const opts of [{ mfsUnitSize: 0 }, { mfsUnitSize: 3 }, { mfsUnitSize: 8.5 }, { mfsUnitSize: 8, extendBy: 0 }, { mfsUnitSize: 8, extendBy: -1 }, {}]) {
      expect(codeOf(() => arena.createPool(MFSPool, opts as { mfsUnitSize: number }))).toBe("PARAM");
    }
    expect(arena.pools()).toHaveLength(0);
    arena.destroy();
  });

  // .req.bounded
  it(".sizes: totalSize grows by extents, freeSize by units", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 64, extendBy: 4096 });
    expect(pool.totalSize()).toBe(0);
    const p = pool.alloc(64);
    expect(pool.totalSize()).toBe(4096);
    expect(pool.freeSize()).toBe(4096 - 64);
    pool.free(p, 64);
    expect(pool.freeSize()).toBe(4096);
    for (let i = 0; i < 65; i++) pool.alloc(64);
    expect(pool.totalSize()).toBe(8192);
    expect(describeToString(pool)).toContain("MFS unitSize 64");
    pool.destroy();
    arena.destroy();
  });
});

describe.runIf(CHECKING)("MFS misuse", () => {
  // .req.misuse
  it(".misuse: wrong size, foreign addresses, interior pointers", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 32 });
    const other = arena.createPool(MFSPool, { mfsUnitSize: 32 });
    const p = pool.alloc(32);
    const q = other.alloc(32);
    expect(codeOf(() => pool.alloc(16))).toBe("PARAM");
    expect(codeOf(() => pool.free(p, 16))).toBe("PARAM");
    expect(codeOf(() => pool.free(p + 4, 32))).toBe("PARAM");
    if (COOL) expect(codeOf(() => pool.free(p + 8, 32))).toBe("PARAM");
    expect(codeOf(() => pool.free(q, 32))).toBe("PARAM");
    expect(codeOf(() => pool.free(0, 32))).toBe("PARAM");
    expect(codeOf(() => pool.free(arena.reserved() - 8, 32))).toBe("PARAM");
    expect(codeOf(() => pool.free(p + 0.5, 32))).toBe("PARAM"); // not an address
    expect(codeOf(() => pool.free(-p, 32))).toBe("PARAM");
    // The pool still works and p is still allocated.
    pool.free(p, 32);
    expect(pool.alloc(32)).toBe(p);
    other.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".misuse.destroyed: alloc and free on a destroyed pool are PARAM (the fast paths send them to the generic checks)", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 32 });
    const p = pool.alloc(32);
    pool.alloc(32); // the free list is not empty when the pool is destroyed
    pool.destroy();
    expect(codeOf(() => pool.alloc(32))).toBe("PARAM");
    expect(codeOf(() => pool.free(p, 32))).toBe("PARAM");
    arena.destroy();
  });

  // .req.misuse
  it.runIf(COOL)(".misuse.double-free: freeing a unit twice is PARAM at cool, and the free list stays sound", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 16 });
    const a = pool.alloc(16);
    const b = pool.alloc(16);
    pool.free(a, 16);
    expect(codeOf(() => pool.free(a, 16))).toBe("PARAM");
    expect(pool.check()).toBe(true);
    expect(pool.alloc(16)).toBe(a);
    expect(pool.alloc(16)).not.toBe(b);
    pool.destroy();
    arena.destroy();
  });

  it(".misuse.destroyed: a destroyed pool refuses every call; destroying twice is PARAM", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 16 });
    const p = pool.alloc(16);
    pool.destroy();
    expect(codeOf(() => pool.alloc(16))).toBe("PARAM");
    expect(codeOf(() => pool.free(p, 16))).toBe("PARAM");
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    arena.destroy();
  });

  it(".misuse.arena: destroying an arena that still has a pool is PARAM, and changes nothing", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 16 });
    const p = pool.alloc(16);
    arena.mem.u32[p >>> 2] = 0xfeedface;
    expect(codeOf(() => arena.destroy())).toBe("PARAM");
    expect(arena.mem.u32[p >>> 2]).toBe(0xfeedface);
    pool.free(p, 16);
    pool.destroy();
    arena.destroy();
    expect(codeOf(() => arena.createPool(MFSPool, { mfsUnitSize: 16 }))).toBe("PARAM");
  });

  it(".misuse.no-ap: MFS has no allocation points (UNIMPL)", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 16 });
    expect(codeOf(() => pool.createAp())).toBe("UNIMPL");
    pool.destroy();
    arena.destroy();
  });
});

describe("MFS and the commit limit", () => {
  it(".commit-limit: extending beyond the limit is COMMIT_LIMIT; raising the limit lets it go on", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MFSPool, { mfsUnitSize: 1024, extendBy: 65536 });
    arena.setCommitLimit(arena.committed() + 2 * 65536);
    const got: number[] = [];
    let code: string | undefined;
    for (let i = 0; i < 1000 && code === undefined; i++) {
      code = codeOf(() => got.push(pool.alloc(1024)));
    }
    expect(code).toBe("COMMIT_LIMIT");
    expect(got).toHaveLength(128);
    expect(arena.committed()).toBeLessThanOrEqual(arena.commitLimit());
    expect(pool.check()).toBe(true);
    // Freeing makes room inside the pool again...
    pool.free(got.pop()!, 1024);
    expect(pool.alloc(1024)).toBeGreaterThan(0);
    // ...and raising the limit lets the pool extend.
    arena.setCommitLimit(arena.committed() + 65536);
    const p = pool.alloc(1024);
    expect(arena.addrPool(p)).toBe(pool);
    pool.destroy();
    arena.destroy();
  });
});
