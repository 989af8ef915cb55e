// Port of the MVFF part of the MPS's mpmss.c: allocate and free many blocks
// of random sizes in a random order in an MVFF pool, with each placement
// policy, checking that every live block's contents survive the other
// allocations and frees, on every arena kind. Expected: no error, blocks
// aligned, in the pool, not overlapping, intact; sizes consistent.
import { describe, expect, it } from "vitest";
import { MVFFPool } from "../src/index.js";
import { ARENA_KINDS, SEED, rng, stamp, stamped } from "./helpers.js";

const POLICIES: Array<[string, { mvffFirstFit: boolean; mvffSlotHigh: boolean; mvffArenaHigh: boolean }]> = [
  ["first fit, low slot, low arena", { mvffFirstFit: true, mvffSlotHigh: false, mvffArenaHigh: false }],
  ["last fit, high slot, high arena", { mvffFirstFit: false, mvffSlotHigh: true, mvffArenaHigh: true }],
];

describe.each(ARENA_KINDS)("mpmss (MVFF) on %s", (_name, makeArena) => {
  it.each(POLICIES)(".test.mpmss: random alloc/free keeps every live block's contents (%s)", (_p, policy) => {
    const arena = makeArena(16 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 65536, meanSize: 32, align: 8, spare: 0.5, ...policy });
    const random = rng(SEED);
    const live: Array<{ p: number; size: number; tag: number }> = [];
    let tag = 0;
    for (let i = 0; i < 4000; i++) {
      if (live.length > 0 && random() < 0.45) {
        const k = Math.floor(random() * live.length);
        const b = live[k]!;
        expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
        pool.free(b.p, b.size);
        live[k] = live[live.length - 1]!;
        live.pop();
      } else {
        const size = 4 * (1 + Math.floor(random() * random() * 500));
        const p = pool.alloc(size);
        expect(p % 8).toBe(0);
        expect(pool.hasAddr(p) && pool.hasAddr(p + size - 1)).toBe(true);
        stamp(arena, p, size, ++tag);
        live.push({ p, size, tag });
      }
    }
    const sorted = [...live].sort((a, b) => a.p - b.p);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.p + sorted[i - 1]!.size).toBeLessThanOrEqual(sorted[i]!.p);
    for (const b of live) expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
    const used = live.reduce((s, b) => s + Math.ceil(b.size / 8) * 8, 0);
    expect(pool.check()).toBe(true);
    expect(pool.totalSize() - pool.freeSize()).toBe(used);
    for (const b of live) pool.free(b.p, b.size);
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    arena.destroy();
  });
});
