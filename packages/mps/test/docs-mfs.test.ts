// The example of docs/pool/mfs.md, and the properties and errors it states.
import { describe, expect, it } from "vitest";
import { CHECK_LEVEL } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { Arena, ArenaClass, PoolClass, isMpsError } from "../src/index.js";

describe("docs/pool/mfs.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 1024, extendBy: 1 << 20 });
    expect([pool.unitSize, pool.extendBy, pool.unitsPerExtent]).toEqual([1024, 1048576, 1024]);

    const blocks: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const p = pool.alloc(1024);
      arena.mem.u32[p >>> 2] = i;
      blocks.push(p);
    }
    expect([pool.totalSize(), pool.freeSize()]).toEqual([2097152, 561152]);
    for (let i = 1; i < blocks.length; i += 2) expect(arena.mem.u32[blocks[i]! >>> 2]).toBe(i);

    for (let i = 0; i < blocks.length; i += 2) pool.free(blocks[i]!, 1024);
    expect([pool.totalSize(), pool.freeSize()]).toEqual([2097152, 1329152]);
    expect(pool.alloc(1024) === blocks[1498]).toBe(true);

    let refused = false;
    try {
      pool.alloc(512);
    } catch (e) {
      refused = isMpsError(e, "PARAM");
    }
    expect(refused).toBe(CHECK_LEVEL !== "rash"); // rash does not check the size

    pool.destroy();
    arena.destroy();
  });

  it("the properties, options and errors the page states", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20, commitLimit: 128 << 10 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 12 });
    expect([pool.unroundedUnitSize, pool.unitSize, pool.extendBy, pool.unitsPerExtent, pool.alignment]).toEqual([12, 16, 65536, 4096, 8]);
    expect([pool.totalSize(), arena.committed()]).toEqual([0, 0]); // no memory until the first alloc
    expect([pool.attrs.alloc, pool.attrs.free, pool.attrs.buffer, pool.attrs.gc, pool.attrs.format]).toEqual([true, true, false, false, false]);
    expect(codeOf(() => pool.createAp())).toBe("UNIMPL");
    const p = pool.alloc(12);
    const q = pool.alloc(16); // the rounded size is accepted too
    expect(q - p).toBe(16);
    if (CHECK_LEVEL !== "rash") {
      // Checked at cool and hot only; at rash these would corrupt the free stack.
      expect(codeOf(() => pool.free(p, 8))).toBe("PARAM");
      expect(codeOf(() => pool.free(p + 4, 12))).toBe("PARAM"); // misaligned
    }
    if (CHECK_LEVEL === "cool") {
      expect(codeOf(() => pool.free(p + 8, 12))).toBe("PARAM"); // inside a unit
      pool.free(p, 12);
      expect(codeOf(() => pool.free(p, 12))).toBe("PARAM"); // a double free
    }
    // Extending past the commit limit: COMMIT_LIMIT, and the pool is unchanged.
    const other = arena.createPool(PoolClass.MFS, { mfsUnitSize: 64, extendBy: 64 << 10 });
    other.alloc(64);
    const before = [pool.totalSize(), pool.freeSize()];
    const blocks: number[] = [];
    let code: unknown;
    try {
      for (;;) blocks.push(pool.alloc(16));
    } catch (e) {
      code = isMpsError(e, "COMMIT_LIMIT");
    }
    expect(code).toBe(true);
    expect(pool.totalSize()).toBe(before[0]);
    other.destroy(); // frees an extent's worth of the limit
    pool.alloc(16);
    expect(pool.totalSize()).toBe(2 * 65536);
    pool.destroy();
    const f = arena.createFormat({});
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, format: f }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16.5 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, extendBy: 2 ** 31 + 1 }))).toBe("PARAM");
    f.destroy();
    arena.destroy();
  });
});
