// The misuses of an MVFFDebug pool: bad options, and frees of things that are
// not live blocks. Each throws PARAM and changes nothing: the sizes, the
// tags, the record of free space, check(), the live blocks' contents and
// fenceposts are as before, and the pool goes on working. The debug pool
// makes these checks itself, so they hold at every checking level.
import { describe, expect, it } from "vitest";
import { codeOf } from "@mps/mpm/test-util";
import { MVFFDebugPool, type MVFFDebugOpts, POOL_DEBUG_TEMPLATE_MAX } from "../src/index.js";
import { ascii, recordList, stamp, stamped, vmArena } from "./helpers.js";

describe("options", () => {
  it(".req.options: bad poolDebugOptions are PARAM and register no pool", () => {
    const arena = vmArena(1 << 20);
    const bad: unknown[] = [
      null, 42, "POST", [ascii("POST")],
      { fenceTemplate: "POST" }, { fenceTemplate: [0x50, 0x4f] }, { fenceTemplate: null }, { fenceTemplate: new Uint16Array(4) },
      { fenceTemplate: new ArrayBuffer(4) }, { freeTemplate: 0xdead }, { freeTemplate: new Int8Array(4) },
      { fenceTemplate: new Uint8Array(POOL_DEBUG_TEMPLATE_MAX + 1) },
    ];
    for (const o of bad) {
      expect(codeOf(() => arena.createPool(MVFFDebugPool, { poolDebugOptions: o } as MVFFDebugOpts)), String(o)).toBe("PARAM");
    }
    // The MVFF options are still checked.
    expect(codeOf(() => arena.createPool(MVFFDebugPool, { align: 2 }))).toBe("PARAM");
    expect(arena.pools().length).toBe(0);
    arena.destroy();
  });

  it(".req.options: the defaults are the manual's POST and FREE; any fence length is accepted and aligned up", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, {});
    expect([...pool.debug.fenceTemplate]).toEqual([...ascii("POST")]);
    expect([...pool.debug.freeTemplate]).toEqual([...ascii("FREE")]);
    expect(pool.debug.fenceSize).toBe(8);
    for (const [len, align, fence] of [[1, 4, 4], [9, 8, 16], [15, 16, 16], [17, 32, 32], [64, 8, 64]] as const) {
      const p = arena.createPool(MVFFDebugPool, { align, poolDebugOptions: { fenceTemplate: new Uint8Array(len).fill(7) } });
      expect(p.debug.fenceSize).toBe(fence);
      p.destroy();
    }
    pool.destroy();
    arena.destroy();
  });

  it(".req.options: the pool keeps its own copy of the templates", () => {
    const arena = vmArena(1 << 20);
    const fence = ascii("ABCD");
    const pool = arena.createPool(MVFFDebugPool, { poolDebugOptions: { fenceTemplate: fence } });
    fence.fill(0);
    const p = pool.alloc(8);
    expect(arena.mem.u8[p - 8]).toBe(ascii("ABCD")[(p - 8) % 4]);
    pool.checkFenceposts();
    pool.destroy();
    arena.destroy();
  });
});

describe("frees that are not live blocks", () => {
  function setup() {
    const arena = vmArena(4 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 8192, align: 8 });
    const other = arena.createPool(MVFFDebugPool, {});
    const blocks: Array<[number, number]> = [];
    for (const size of [40, 17, 200, 8]) {
      const p = pool.alloc(size);
      stamp(arena, p, size, size);
      blocks.push([p, size]);
    }
    const [freed, freedSize] = blocks.pop()!;
    pool.free(freed, freedSize);
    const snapshot = () => JSON.stringify([pool.totalSize(), pool.freeSize(), pool.debug.liveCount, recordList(pool.debug.freeRecord), blocks.map(([p]) => pool.tagOf(p))]);
    const unchanged = (before: string) => {
      expect(snapshot()).toBe(before);
      for (const [p, size] of blocks) expect(stamped(arena, p, size, size)).toBe(true);
      pool.checkFenceposts();
      pool.checkFreeSpace();
      expect(pool.check()).toBe(true);
    };
    return { arena, pool, other, blocks, freed, freedSize, snapshot, unchanged };
  }

  it(".req.misuse: double free, wrong size, interior and misaligned addresses, foreign blocks are PARAM and change nothing", () => {
    const { arena, pool, other, blocks, freed, freedSize, snapshot, unchanged } = setup();
    const [p, size] = blocks[0]!;
    const [q] = blocks[1]!;
    const foreign = other.alloc(16);
    const before = snapshot();
    const cases: Array<[string, () => void]> = [
      ["double free", () => pool.free(freed, freedSize)],
      ["wrong size (larger)", () => pool.free(p, size + 8)],
      ["wrong size (smaller)", () => pool.free(p, size - 1)],
      ["wrong size (same aligned size)", () => pool.free(q, 18)],
      ["interior address", () => pool.free(p + 8, 8)],
      ["misaligned address", () => pool.free(p + 3, 8)],
      ["a leading fencepost", () => pool.free(p - 8, 8)],
      ["spanning two blocks", () => pool.free(p - 8, 200)],
      ["another pool's block", () => pool.free(foreign, 16)],
      ["outside the arena", () => pool.free(0x7ff00000, 8)],
      ["not an address", () => pool.free(-8, 8)],
      ["size zero", () => pool.free(p, 0)],
    ];
    for (const [what, fn] of cases) {
      expect(codeOf(fn), what).toBe("PARAM");
      unchanged(before);
    }
    // The pool goes on working.
    for (const [b, s] of blocks) pool.free(b, s);
    expect(pool.debug.liveCount).toBe(0);
    pool.checkFreeSpace();
    expect(codeOf(() => other.free(foreign, 8))).toBe("PARAM");
    other.free(foreign, 16);
    pool.destroy();
    other.destroy();
    arena.destroy();
  });

  it(".req.misuse: freeing the unused region of an allocation point, or free space no block came from, is PARAM", () => {
    const { arena, pool, other, snapshot, unchanged } = setup();
    const ap = pool.createAp();
    const o = ap.reserve(16);
    expect(ap.commit(o, 16)).toBe(true);
    const before = snapshot();
    expect(codeOf(() => pool.free(o + 16, 16))).toBe("PARAM");
    unchanged(before);
    ap.destroy();
    pool.destroy();
    other.destroy();
    arena.destroy();
  });

  it(".req.misuse: a destroyed pool refuses the checks", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, {});
    pool.destroy();
    expect(codeOf(() => pool.checkFenceposts())).toBe("PARAM");
    expect(codeOf(() => pool.checkFreeSpace())).toBe("PARAM");
    expect(codeOf(() => pool.tagOf(8))).toBe("PARAM");
    arena.destroy();
  });
});

describe("allocation points", () => {
  it(".req.ap: objects from an allocation point have no fenceposts and no tag, and can be freed", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 4096 });
    const ap = pool.createAp();
    const objs: number[] = [];
    for (let i = 0; i < 4; i++) {
      let p: number;
      do {
        p = ap.reserve(16);
        stamp(arena, p, 16, i);
      } while (!ap.commit(p, 16));
      objs.push(p);
    }
    // Adjacent, with no fenceposts between them.
    expect(objs.map((p) => p - objs[0]!)).toEqual([0, 16, 32, 48]);
    expect(objs.map((p) => pool.tagOf(p))).toEqual([0, 0, 0, 0]);
    ap.destroy();
    // The unused part the allocation point gave back is splatted.
    pool.checkFreeSpace();
    expect(arena.mem.u8[objs[3]! + 16]).toBe(ascii("FREE")[(objs[3]! + 16) % 4]);
    pool.free(objs[1]!, 16);
    expect(arena.mem.u8[objs[1]!]).toBe(ascii("FREE")[objs[1]! % 4]);
    expect(codeOf(() => pool.free(objs[1]!, 16))).toBe("PARAM");
    expect(stamped(arena, objs[0]!, 16, 0) && stamped(arena, objs[2]!, 16, 2)).toBe(true);
    pool.checkFreeSpace();
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });
});
