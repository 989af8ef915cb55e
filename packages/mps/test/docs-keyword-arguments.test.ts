// The main example of docs/reference/keyword-arguments.md, and the defaults
// and constraints its tables state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, isMpsError } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/keyword-arguments.md", () => {
  it("the example runs", () => {
    const buffer = new ArrayBuffer(2 << 20);
    const arena = Arena.create(ArenaClass.CL, {
      buffer,
      arenaClBase: 1 << 20,
      arenaSize: 1 << 20,
      arenaGrainSize: 8192,
      commitLimit: 512 << 10,
      pauseTime: 0.05,
    });
    expect([arena.grainSize, arena.commitLimit(), arena.pauseTime(), arena.spare()]).toEqual([8192, 524288, 0.05, 0.75]);

    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 20, extendBy: 10000 });
    expect([pool.unitSize, pool.extendBy]).toEqual([24, 16384]);

    let missing = false;
    try {
      Arena.create(ArenaClass.CL, { buffer, arenaSize: 1 << 20 });
    } catch (e) {
      missing = isMpsError(e, "PARAM");
    }
    expect(missing).toBe(true);
    let small = false;
    try {
      arena.createPool(PoolClass.MFS, { mfsUnitSize: 2 });
    } catch (e) {
      small = isMpsError(e, "PARAM");
    }
    expect(small).toBe(true);
    let unknown = false;
    try {
      arena.createFormat({ fmtAlgin: 8 } as never);
    } catch (e) {
      unknown = isMpsError(e, "PARAM");
    }
    expect(unknown).toBe(true);

    pool.destroy();
    arena.destroy();
  });

  it("the arena defaults in the table", () => {
    const arena = Arena.create(ArenaClass.VM);
    expect([arena.reserved(), arena.grainSize, arena.zoned, arena.commitLimit(), arena.spare(), arena.pauseTime()]).toEqual([
      256 << 20, 4096, true, Infinity, 0.75, 0.1,
    ]);
    arena.destroy();
    // A VM arena rounds a small grain up to 4096 and a small size up to 32 grains.
    const small = Arena.create(ArenaClass.VM, { arenaSize: 1000, arenaGrainSize: 512 });
    expect([small.grainSize, small.reserved()]).toEqual([4096, 32 * 4096]);
    small.destroy();
    expect(codeOf(() => Arena.create(ArenaClass.VM, { arenaSize: 2 ** 33 }))).toBe("RESOURCE");
    expect(codeOf(() => Arena.create(ArenaClass.VM, { spare: 1.5 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.VM, { arenaGrainSize: 3000 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(1 << 16), arenaClBase: 0, arenaSize: 1 << 16 }))).toBe("MEMORY");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(1 << 20), arenaClBase: 0, arenaSize: 1 << 20, commitLimit: 100 }))).toBe("COMMIT_LIMIT");
  });

  it("the pool and allocation point options in the tables", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 10000, extendBy: 4096 });
    expect([pool.alignment, pool.unitSize, pool.extendBy]).toEqual([8, 10000, 12288]);
    const format = arena.createFormat({ fmtAlign: 8 });
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, format }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, align: 3 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, extendBy: 0 }))).toBe("PARAM");
    expect(codeOf(() => pool.createAp({ rank: Rank.EXACT }))).toBe("UNIMPL");
    expect(codeOf(() => arena.createChain([{ capacity: 0, mortality: 0.5 }]))).toBe("PARAM");
    format.destroy();
    pool.destroy();
    arena.destroy();
  });
});
