// The example of docs/reference/pools.md, and the errors its entries state.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, isMpsError } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/pools.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 32 });
    expect([pool.className, pool.attrs.alloc, pool.attrs.buffer, pool.alignment]).toEqual(["MFS", true, false, 8]);
    expect([pool.totalSize(), pool.freeSize()]).toEqual([0, 0]);

    const a = pool.alloc(32);
    const b = pool.alloc(32);
    expect([pool.totalSize(), pool.freeSize()]).toEqual([65536, 65472]);
    expect([arena.addrPool(a) === pool, arena.addrFmt(a), arena.hasAddr(b)]).toEqual([true, undefined, true]);

    pool.free(a, 32);
    pool.free(b, 32);
    expect(pool.freeSize()).toBe(65536);

    let unimpl = false;
    try {
      pool.walk(() => {});
    } catch (e) {
      unimpl = isMpsError(e, "UNIMPL");
    }
    expect(unimpl).toBe(true);

    pool.destroy();
    expect([arena.addrPool(a), arena.committed()]).toEqual([undefined, 0]);
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    expect(codeOf(() => arena.createPool({} as never, {}))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16, align: 8192 }))).toBe("PARAM");
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
    expect(codeOf(() => pool.walk(42 as never))).toBe("PARAM");
    pool.destroy();
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    expect(codeOf(() => pool.totalSize())).toBe("PARAM");
    expect(codeOf(() => pool.freeSize())).toBe("PARAM");
    arena.destroy();
    expect(codeOf(() => arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 }))).toBe("PARAM");
  });
});
