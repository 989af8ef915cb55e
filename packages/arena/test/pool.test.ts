/**
 * The pool protocol's generic parts (design.mps.pool): class attributes
 * and the registry, check and describe, totalSize/freeSize, walks, and a
 * pool class whose constructor fails after `super` unwinding with abandon().
 */
import { describe, expect, it } from "vitest";
import { RANK_SET_EMPTY, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { type Arena, LocusPref, Pool, definePoolAttrs, poolClassLookup, poolClassNames, poolClassRegister } from "../src/index.js";
import { NoPool, TinyPool, mockArena } from "./tiny-pool.js";

describe("pool classes", () => {
  it(".pool.attrs: attributes are frozen data with defaults false; moving needs gc", () => {
    const a = definePoolAttrs({ alloc: true });
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({ gc: false, moving: false, alloc: true, free: false, buffer: false, scannable: false, format: false, frames: false, ranks: RANK_SET_EMPTY });
    expect(codeOf(() => definePoolAttrs({ moving: true }))).toBe("PARAM");
    expect(codeOf(() => definePoolAttrs({ ranks: 99 }))).toBe("PARAM");
  });

  it(".pool.registry: classes register by name; another class under a taken name is PARAM", () => {
    poolClassRegister(TinyPool);
    poolClassRegister(TinyPool); // again: no change
    expect(poolClassLookup("Tiny")).toBe(TinyPool);
    expect(poolClassNames()).toContain("Tiny");
    class Impostor extends TinyPool {}
    expect(codeOf(() => poolClassRegister(Impostor))).toBe("PARAM");
    expect(codeOf(() => poolClassRegister({} as never))).toBe("PARAM");
    expect(poolClassLookup("nope")).toBeUndefined();
  });

  // .req.protocol
  it(".pool.generic: check, describe, sizes, hasAddr, walks", () => {
    const arena = mockArena({ arenaSize: 1 << 20 });
    const pool = arena.createPool(TinyPool, { extendBy: 8192 });
    const p = pool.alloc(100);
    expect(p % pool.alignment).toBe(0);
    expect(pool.hasAddr(p)).toBe(true);
    expect(pool.hasAddr(0)).toBe(false);
    expect(pool.totalSize()).toBe(8192);
    expect(pool.freeSize()).toBe(8192 - 104);
    expect(pool.check()).toBe(true);
    expect(describeToString(pool)).toContain("Pool 0 (class Tiny, id 1)");
    const visited: number[] = [];
    pool.freeWalk((b) => visited.push(b));
    expect(visited).toEqual([]); // the base freeWalk visits nothing
    expect(codeOf(() => pool.freeWalk(3 as never))).toBe("PARAM");
    expect(codeOf(() => pool.addrObject(0))).toBe("PARAM");
    expect(arena.pools()).toEqual([pool]);
    expect(arena.poolOfId(pool.id)).toBe(pool);
    pool.destroy();
    expect(arena.pools()).toEqual([]);
    arena.destroy();
  });

  it(".pool.abandon: a constructor that fails after super leaves nothing registered or allocated", () => {
    class Failing extends Pool {
      static readonly className = "Failing";
      static readonly attrs = definePoolAttrs({});
      constructor(arena: Arena, opts: object) {
        super(arena, opts);
        arena.alloc(new LocusPref(), arena.grainSize, this);
        this.abandon();
        throw new Error("the class could not finish its init");
      }
    }
    const arena = mockArena({ arenaSize: 1 << 20 });
    expect(() => arena.createPool(Failing, {})).toThrow("could not finish");
    expect(arena.pools()).toEqual([]);
    expect(arena.committed() - arena.spareCommitted()).toBe(0);
    arena.check();
    // ids are reused
    const no = arena.createPool(NoPool, {});
    expect(no.id).toBe(1);
    no.destroy();
    arena.destroy();
  });
});
