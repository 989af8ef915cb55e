// The MPS's conerr cases 61, 63 and 65 on the tracer: an AWL object holding a
// bad exact reference (unaligned, to unallocated memory, out of bounds below
// the segment's first object) is a PARAM error at cool naming the address (the
// MPS asserts `ss->rank == RankAMBIG`); at hot the reference is ignored. A
// weak reference is checked the same way; an ambiguous one is ignored.
import { describe, expect, it } from "vitest";
import { COOL, Rank, addrHex } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";
import { AWLPool } from "../src/index.js";
import { allocObj, arrayRoot, gcArena, setSlot } from "./helpers.js";

type Case = { name: string; h: 0 | 8; rank: Rank; bad: (p: number) => number; destroyApFirst: boolean; what: string; coolOnly?: boolean };

const CASES: Case[] = [
  { name: "61: unaligned exact reference", h: 0, rank: Rank.EXACT, bad: (p) => p + 1, destroyApFirst: false, what: "is unaligned" },
  { name: "63: exact reference to unallocated object", h: 0, rank: Rank.EXACT, bad: (p) => p + 2 * testObjectSize(2), destroyApFirst: true, what: "is in free space" },
  { name: "65: exact out-of-bounds reference", h: 8, rank: Rank.EXACT, bad: (p) => p - 8, destroyApFirst: true, what: "is out of bounds" },
  { name: "weak unaligned reference", h: 0, rank: Rank.WEAK, bad: (p) => p + 4, destroyApFirst: false, what: "is unaligned" },
  // at hot an interior reference is not detected and its effect is undefined, as in the MPS
  { name: "exact reference inside an object", h: 0, rank: Rank.EXACT, bad: (p) => p + 8, destroyApFirst: true, what: "is inside an object", coolOnly: true },
  { name: "weak reference inside an object", h: 8, rank: Rank.WEAK, bad: (p) => p + 8, destroyApFirst: true, what: "is inside an object", coolOnly: true },
];

describe("AWL conerr", () => {
  for (const c of CASES) {
    // .req.bad-ref
    it(`.check.fix.bad: conerr ${c.name}`, () => {
      if (c.coolOnly === true && !COOL) return;
      const arena = gcArena("none");
      arena.park();
      const format = arena.createFormat(testFormat(arena.mem, c.h));
      const pool = arena.createPool(AWLPool, { format });
      const ap = pool.createAp({ rank: Rank.EXACT });
      const qap = c.rank === Rank.EXACT ? ap : pool.createAp({ rank: c.rank });
      // p is in the pool; q holds a good reference to p and a bad one
      const p = allocObj(arena, ap, c.h, 0, 2);
      const q = allocObj(arena, qap, c.h, 1, 2);
      setSlot(arena, q, c.h, 0, p);
      setSlot(arena, q, c.h, 1, c.bad(p));
      if (c.destroyApFirst) ap.destroy(); // so that the segment gets unbuffered
      const root = arrayRoot(arena, new Uint32Array([q]));
      if (COOL) {
        const e = mpsErrorOf(() => arena.collect());
        expect(e?.code).toBe("PARAM");
        expect(e?.message).toContain(c.what);
        expect(e?.message).toContain(addrHex(c.bad(p)));
        return; // the collection was abandoned: the arena is left as it is
      }
      arena.collect();
      const ids: number[] = [];
      pool.walk((x) => ids.push(testObjectId(arena.mem, x, c.h)));
      expect(ids.sort()).toEqual(c.rank === Rank.WEAK ? [1] : [0, 1]); // a weak reference keeps nothing
      if (!c.destroyApFirst) ap.destroy();
      if (qap !== ap) qap.destroy();
      root.destroy();
      pool.destroy();
      format.destroy();
      arena.destroy();
    });
  }

  it(".check.fix.ambig: ambiguous references that are not to objects are ignored, and one to an object keeps it", () => {
    const arena = gcArena("none");
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const pool = arena.createPool(AWLPool, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const p = allocObj(arena, ap, 0, 7, 2);
    const dead = allocObj(arena, ap, 0, 8, 2);
    ap.destroy();
    const root = arrayRoot(arena, new Uint32Array([p, p + 1, dead + 2 * testObjectSize(2) + 64, dead - 0]), Rank.AMBIG);
    arena.collect();
    const ids: number[] = [];
    pool.walk((x) => ids.push(testObjectId(arena.mem, x, 0)));
    expect(ids.sort()).toEqual([7, 8]);
    root.destroy();
    const root2 = arrayRoot(arena, new Uint32Array([p + 1, p + 4]), Rank.AMBIG);
    arena.collect();
    expect(pool.totalSize() - pool.freeSize()).toBe(0);
    root2.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});

describe("AWL ambiguous references into the middle of objects", () => {
  it(".impl.fix.ambig-interior: an ambiguous reference to an object's interior grain keeps nothing and upsets no scan", () => {
    for (const protection of ["none", "software"] as const) {
      const arena = gcArena(protection);
      const format = arena.createFormat(testFormat(arena.mem, 0));
      const pool = arena.createPool(AWLPool, { format });
      const ap = pool.createAp({ rank: Rank.EXACT });
      // five objects of 6 slots (32 bytes: four grains); o4 -> o0 -> o1, rooted exactly at o4
      const o = [0, 1, 2, 3, 4].map((i) => allocObj(arena, ap, 0, i, 6));
      setSlot(arena, o[4]!, 0, 0, o[0]!);
      setSlot(arena, o[0]!, 0, 0, o[1]!);
      ap.destroy();
      const exact = arrayRoot(arena, new Uint32Array([o[4]!]));
      // interior grains of o2 and o3, and a client pointer of nothing
      const ambig = arrayRoot(arena, new Uint32Array([o[2]! + 8, o[3]! + 16, o[1]! + 24]), Rank.AMBIG);
      arena.collect();
      const ids: number[] = [];
      pool.walk((x) => ids.push(testObjectId(arena.mem, x, 0)));
      expect(ids.sort()).toEqual([0, 1, 4]);
      expect(pool.check()).toBe(true);
      exact.destroy();
      ambig.destroy();
      pool.destroy();
      format.destroy();
      arena.destroy();
    }
  });
});
