// The fencepost and free-space tests: damage one byte of a block's trailing
// fencepost, of its leading fencepost, of its alignment slop, and of a freed
// block's splatted space; the checks must throw a DebugDamageError (FAIL)
// whose report names that block's address and tag, the offset of the byte
// and the template's byte there. `free` of a damaged block and `alloc` or
// an allocation point meeting damaged free space report it too, and leave
// the pool as it was.
import { describe, expect, it } from "vitest";
import { MpsError, describeToString } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { DebugDamageError, type DebugDamageReport, MVFFDebugPool } from "../src/index.js";
import { ascii, flip, stamp, stamped, vmArena } from "./helpers.js";

const FENCE = ascii("FENCEPOST"); // 9 bytes: not a multiple of the alignment
const FREE = ascii("free");

function damageOf(fn: () => unknown): DebugDamageReport {
  const e = mpsErrorOf(fn);
  expect(e).toBeInstanceOf(DebugDamageError);
  expect(e).toBeInstanceOf(MpsError);
  expect(e!.code).toBe("FAIL");
  return (e as DebugDamageError).report;
}

function setup(): { arena: ReturnType<typeof vmArena>; pool: MVFFDebugPool; blocks: Array<[number, number]> } {
  const arena = vmArena(4 << 20);
  const pool = arena.createPool(MVFFDebugPool, { align: 8, poolDebugOptions: { fenceTemplate: FENCE, freeTemplate: FREE } });
  const blocks: Array<[number, number]> = [];
  for (const size of [24, 13, 100, 8, 1]) {
    const p = pool.alloc(size);
    stamp(arena, p, size, size);
    blocks.push([p, size]);
  }
  return { arena, pool, blocks };
}

describe("fenceposts", () => {
  it(".req.fencepost: each fencepost is the template rounded up to the alignment, laid by address", () => {
    const { arena, pool, blocks } = setup();
    expect(pool.debug.fenceSize).toBe(16);
    const u8 = arena.mem.u8;
    for (const [p, size] of blocks) {
      for (let a = p - 16; a < p; a++) expect(u8[a]).toBe(FENCE[a % 9]);
      for (let a = p + size; a < p + Math.ceil(size / 8) * 8 + 16; a++) expect(u8[a]).toBe(FENCE[a % 9]);
    }
    pool.checkFenceposts();
  });

  it(".req.report: a damaged trailing fencepost is named by checkFenceposts (address, tag, offset, expected byte)", () => {
    const { arena, pool, blocks } = setup();
    const [p, size] = blocks[2]!; // the third block: tag 3
    const at = p + size + 5;
    const expected = FENCE[at % 9]!;
    arena.mem.u8[at] = expected ^ 0xff;
    const r = damageOf(() => pool.checkFenceposts());
    expect(r).toMatchObject({ kind: "trailing-fence", operation: "checkFenceposts", className: "MVFFDebug", address: p, size, tag: 3, at, offset: size + 5, expected, actual: expected ^ 0xff });
    const msg = mpsErrorOf(() => pool.checkFenceposts())!.message;
    expect(msg).toContain(`0x${p.toString(16).padStart(8, "0")}`);
    expect(msg).toContain("tag 3");
    expect(msg).toContain(`expected 0x${expected.toString(16)}`);
  });

  it(".req.fencepost.check: a damaged leading fencepost is named, with a negative offset", () => {
    const { arena, pool, blocks } = setup();
    const [p, size] = blocks[1]!; // tag 2
    const at = p - 3;
    arena.mem.u8[at] = 0;
    const r = damageOf(() => pool.checkFenceposts());
    expect(r).toMatchObject({ kind: "leading-fence", address: p, size, tag: 2, at, offset: -3, expected: FENCE[at % 9], actual: 0 });
  });

  it(".req.fencepost.check: damage in the alignment slop counts as the trailing fencepost", () => {
    const { arena, pool, blocks } = setup();
    const [p] = blocks[4]!; // size 1, tag 5: 7 bytes of slop
    flip(arena, p + 1, 0x80);
    expect(damageOf(() => pool.checkFenceposts())).toMatchObject({ kind: "trailing-fence", address: p, tag: 5, offset: 1 });
  });

  it(".req.fencepost.check: the first damaged block in address order is named", () => {
    const { arena, pool, blocks } = setup();
    const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
    flip(arena, sorted[3]![0] - 1, 1);
    flip(arena, sorted[1]![0] + sorted[1]![1], 1);
    expect(damageOf(() => pool.checkFenceposts()).address).toBe(sorted[1]![0]);
  });

  it(".req.fencepost: free of a block with a damaged fencepost reports it and changes nothing", () => {
    const { arena, pool, blocks } = setup();
    const [p, size] = blocks[0]!;
    flip(arena, p + size, 0x55);
    const before = [pool.totalSize(), pool.freeSize(), pool.debug.liveCount];
    const r = damageOf(() => pool.free(p, size));
    expect(r).toMatchObject({ operation: "free", kind: "trailing-fence", address: p, tag: 1, offset: size });
    expect([pool.totalSize(), pool.freeSize(), pool.debug.liveCount]).toEqual(before);
    expect(pool.tagOf(p)).toBe(1);
    expect(stamped(arena, p, size, size)).toBe(true);
    // Mend the fencepost and the free goes through.
    flip(arena, p + size, 0x55);
    pool.free(p, size);
    expect(pool.tagOf(p)).toBe(0);
    expect(pool.check()).toBe(true);
  });

  it(".req.fencepost: a pool with an empty fence template lays no fenceposts", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 4096, poolDebugOptions: { fenceTemplate: new Uint8Array(0) } });
    const a = pool.alloc(16);
    const b = pool.alloc(16);
    expect(b - a).toBe(16);
    expect(pool.tagOf(b)).toBe(2);
    arena.mem.u8[a + 16] = 0;
    pool.checkFenceposts();
  });
});

describe("free space", () => {
  it(".req.free-block: a freed block is splatted, fenceposts included", () => {
    const { arena, pool, blocks } = setup();
    const [p, size] = blocks[2]!;
    pool.free(p, size);
    for (let a = p - 16; a < p + 104 + 16; a++) expect(arena.mem.u8[a]).toBe(FREE[a % 4]);
    pool.checkFreeSpace();
  });

  it(".req.free-block: damaged free space is named by checkFreeSpace (the freed block's address and tag)", () => {
    const { arena, pool, blocks } = setup();
    const [p, size] = blocks[3]!; // tag 4
    pool.free(p, size);
    const at = p + 2;
    arena.mem.u8[at] = 0x99;
    const r = damageOf(() => pool.checkFreeSpace());
    expect(r).toMatchObject({ kind: "free-space", operation: "checkFreeSpace", address: p, size, tag: 4, at, offset: 2, expected: FREE[at % 4], actual: 0x99 });
    expect(r.base).toBe(p - 16);
    // Fenceposts of the live blocks are still fine.
    pool.checkFenceposts();
  });

  it(".req.free-block: an allocation that meets damaged free space reports it and changes nothing", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 4096, spare: 1, poolDebugOptions: { fenceTemplate: FENCE, freeTemplate: FREE } });
    const a = pool.alloc(64);
    const keep = pool.alloc(8);
    pool.free(a, 64);
    flip(arena, a + 10, 1);
    const before = [pool.totalSize(), pool.freeSize(), pool.debug.liveCount];
    const r = damageOf(() => pool.alloc(64)); // first fit: the freed block again
    expect(r).toMatchObject({ operation: "alloc", kind: "free-space", address: a, tag: 1, offset: 10 });
    expect([pool.totalSize(), pool.freeSize(), pool.debug.liveCount]).toEqual(before);
    expect(damageOf(() => pool.checkFreeSpace()).address).toBe(a);
    flip(arena, a + 10, 1); // mend it
    expect(pool.alloc(64)).toBe(a);
    expect(pool.tagOf(a)).toBe(3);
    expect(pool.tagOf(keep)).toBe(2);
    pool.checkFreeSpace();
  });

  it(".req.ap: an allocation point that takes damaged free space reports it and changes nothing", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 4096, spare: 1, poolDebugOptions: { fenceTemplate: FENCE, freeTemplate: FREE } });
    const a = pool.alloc(3000); // freed, it will be the largest free range, which a fill takes
    pool.alloc(8);
    pool.free(a, 3000);
    flip(arena, a, 1);
    const ap = pool.createAp();
    const before = [pool.totalSize(), pool.freeSize()];
    expect(damageOf(() => ap.reserve(16))).toMatchObject({ operation: "bufferFill", address: a, tag: 1 });
    expect([pool.totalSize(), pool.freeSize()]).toEqual(before);
    flip(arena, a, 1);
    const p = ap.reserve(16);
    expect(ap.commit(p, 16)).toBe(true);
    ap.destroy();
    pool.checkFreeSpace();
    expect(pool.check()).toBe(true);
  });

  it(".req.report: damaged free space that no alloc handed out is named by its range, with tag 0", () => {
    const arena = vmArena(1 << 20);
    const pool = arena.createPool(MVFFDebugPool, { extendBy: 4096, spare: 1, poolDebugOptions: { fenceTemplate: FENCE, freeTemplate: FREE } });
    const keep = pool.alloc(8);
    const ap = pool.createAp();
    const o = ap.reserve(16);
    expect(ap.commit(o, 16)).toBe(true);
    ap.destroy(); // the unused rest of the region comes back splatted, with no block
    flip(arena, o + 40, 0x0f);
    const r = damageOf(() => pool.checkFreeSpace());
    expect(r).toMatchObject({ kind: "free-space", tag: 0, address: o + 16, base: o + 16, at: o + 40, offset: 24, expected: FREE[(o + 40) % 4] });
    expect(mpsErrorOf(() => pool.checkFreeSpace())!.message).toContain("no tag");
    flip(arena, o + 40, 0x0f);
    pool.checkFreeSpace();
    pool.free(keep, 8);
    pool.free(o, 16);
    pool.destroy();
    arena.destroy();
  });
});

describe("describe", () => {
  it(".if.class: describe shows the MVFF part and the mixin", () => {
    const { pool } = setup();
    const text = describeToString(pool);
    expect(text).toContain("class MVFFDebug");
    expect(text).toContain("PoolDebugMixin fenceTemplate 9 bytes (fence 16) freeTemplate 4 bytes");
    expect(text).toContain("live tagged blocks 5, next tag 6");
  });
});
