// Port of the MVFF part of the MPS's apss.c: allocate objects of random
// sizes through an allocation point (reserve, initialise, commit in the
// retry loop), free a random half with pool.free, and allocate again,
// checking every live object's contents. Expected: no error, objects
// aligned and intact, the pool consistent; destroying the AP returns its
// unused region.
import { describe, expect, it } from "vitest";
import { MVFFPool } from "../src/index.js";
import { ARENA_KINDS, SEED, rng, stamp, stamped } from "./helpers.js";

describe.each(ARENA_KINDS)("apss (MVFF) on %s", (_name, makeArena) => {
  // .req.ap
  it.each([
    ["first fit", { mvffFirstFit: true }],
    ["last fit, high slot, high arena", { mvffFirstFit: false, mvffSlotHigh: true, mvffArenaHigh: true }],
  ])(".test.apss: reserve/commit objects, free half, keep the rest intact (%s)", (_p, policy) => {
    const arena = makeArena(16 << 20);
    const pool = arena.createPool(MVFFPool, { extendBy: 16384, spare: 0.5, ...policy });
    const ap = pool.createAp();
    const random = rng(SEED ^ 0xa9);
    const live: Array<{ p: number; size: number; tag: number }> = [];
    let tag = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1500; i++) {
        const size = 8 * (1 + Math.floor(random() * random() * 300));
        let p: number;
        do {
          p = ap.reserve(size);
          stamp(arena, p, size, ++tag);
        } while (!ap.commit(p, size));
        expect(p % 8).toBe(0);
        expect(pool.hasAddr(p) && pool.hasAddr(p + size - 1)).toBe(true);
        live.push({ p, size, tag });
      }
      for (const b of live) expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
      // Free a random half.
      for (let i = live.length - 1; i >= 0; i--) {
        if (random() < 0.5) {
          const b = live[i]!;
          pool.free(b.p, b.size);
          live[i] = live[live.length - 1]!;
          live.pop();
        }
      }
      expect(pool.check()).toBe(true);
    }
    for (const b of live) expect(stamped(arena, b.p, b.size, b.tag)).toBe(true);
    const sorted = [...live].sort((a, b) => a.p - b.p);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.p + sorted[i - 1]!.size).toBeLessThanOrEqual(sorted[i]!.p);
    ap.destroy();
    const liveBytes = live.reduce((s, b) => s + b.size, 0);
    expect(pool.totalSize() - pool.freeSize()).toBe(liveBytes);
    for (const b of live) pool.free(b.p, b.size);
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    arena.destroy();
  });
});
