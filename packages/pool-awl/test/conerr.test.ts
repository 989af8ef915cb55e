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

type Case = { name: string; h: 0 | 8; rank: Rank; bad: (p: number) => number; destroyApFirst: boolean; what: string };

const CASES: Case[] = [
  { name: "61: unaligned exact reference", h: 0, rank: Rank.EXACT, bad: (p) => p + 1, destroyApFirst: false, what: "is unaligned" },
  { name: "63: exact reference to unallocated object", h: 0, rank: Rank.EXACT, bad: (p) => p + 2 * testObjectSize(2), destroyApFirst: true, what: "is in free space" },
  { name: "65: exact out-of-bounds reference", h: 8, rank: Rank.EXACT, bad: (p) => p - 8, destroyApFirst: true, what: "is out of bounds" },
  { name: "weak unaligned reference", h: 0, rank: Rank.WEAK, bad: (p) => p + 4, destroyApFirst: false, what: "is unaligned" },
];

describe("AWL conerr", () => {
  for (const c of CASES) {
    it(`.check.fix.bad: conerr ${c.name}`, () => {
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
