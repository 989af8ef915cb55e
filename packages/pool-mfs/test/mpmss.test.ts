// Port of the MFS part of the MPS's mpmss.c: allocate and free many blocks in
// a random order in an MFS pool, checking that every live block's contents
// survive the other allocations and frees, on every arena kind. Expected:
// no error, every block intact, the pool's sizes consistent, and after
// freeing everything all units are free.
import { describe, expect, it } from "vitest";
import { MFSPool } from "../src/index.js";
import { ARENA_KINDS, rng } from "./helpers.js";

describe.each(ARENA_KINDS)("mpmss (MFS) on %s", (_name, makeArena) => {
  it(".test.mpmss: random alloc/free keeps every live block's contents", () => {
    const arena = makeArena(16 << 20);
    const unit = 24;
    const pool = arena.createPool(MFSPool, { mfsUnitSize: unit, extendBy: 8192 });
    const random = rng(Number(process.env["MPS_SEED"] ?? 0x5eed));
    const live: number[] = [];
    const stamp = (p: number, i: number): void => {
      const u32 = arena.mem.u32;
      for (let w = 0; w < unit / 4; w++) u32[(p >>> 2) + w] = (p ^ (i * 0x9e3779b1) ^ w) >>> 0;
    };
    const check = (p: number, i: number): void => {
      const u32 = arena.mem.u32;
      for (let w = 0; w < unit / 4; w++) expect(u32[(p >>> 2) + w]).toBe((p ^ (i * 0x9e3779b1) ^ w) >>> 0);
    };
    const ids = new Map<number, number>();
    let serial = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5000; i++) {
        if (live.length > 0 && random() < 0.45) {
          const k = Math.floor(random() * live.length);
          const p = live[k]!;
          check(p, ids.get(p)!);
          live[k] = live[live.length - 1]!;
          live.pop();
          ids.delete(p);
          pool.free(p, unit);
        } else {
          const p = pool.alloc(unit);
          expect(ids.has(p)).toBe(false);
          expect(p % 8).toBe(0);
          ids.set(p, serial);
          stamp(p, serial++);
          live.push(p);
        }
      }
      for (const p of live) check(p, ids.get(p)!);
      expect(pool.totalSize() - pool.freeSize()).toBeGreaterThanOrEqual(live.length * unit);
      expect(pool.check()).toBe(true);
    }
    for (const p of live) pool.free(p, unit);
    const perExtent = Math.floor(8192 / unit);
    expect(pool.freeSize()).toBe((pool.totalSize() / 8192) * perExtent * unit);
    pool.destroy();
    arena.destroy();
  });

  it(".test.mpmss: two pools of different unit sizes do not disturb each other", () => {
    const arena = makeArena(8 << 20);
    const a = arena.createPool(MFSPool, { mfsUnitSize: 4 });
    const b = arena.createPool(MFSPool, { mfsUnitSize: 100 });
    const pa: number[] = [], pb: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const x = a.alloc(4);
      arena.mem.u32[x >>> 2] = i;
      pa.push(x);
      const y = b.alloc(100);
      arena.mem.u8.fill(i & 255, y, y + 100);
      pb.push(y);
    }
    for (let i = 0; i < 3000; i += 2) {
      a.free(pa[i]!, 4);
      b.free(pb[i]!, 100);
    }
    for (let i = 1; i < 3000; i += 2) {
      expect(arena.mem.u32[pa[i]! >>> 2]).toBe(i);
      expect(arena.mem.u8.subarray(pb[i]!, pb[i]! + 100).every((v) => v === (i & 255))).toBe(true);
      expect(arena.addrPool(pa[i]!)).toBe(a);
      expect(arena.addrPool(pb[i]!)).toBe(b);
    }
    a.destroy();
    b.destroy();
    arena.destroy();
  });
});
