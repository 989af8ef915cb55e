// The MPS's conerr cases 66-68 on the tracer: an AMS object holding a bad
// exact reference (unaligned, to unallocated memory, out of bounds below the
// segment's first object) is a PARAM error at cool (the MPS asserts
// `ss->rank == RankAMBIG`); at hot the reference is ignored.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { COOL, Rank } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";
import { AMSPool } from "../src/index.js";
import { allocObj, setSlot } from "./helpers.js";

type Case = { name: string; h: 0 | 8; bad: (p: number) => number; destroyApFirst: boolean; what: string };

const CASES: Case[] = [
  { name: "66: unaligned exact reference", h: 0, bad: (p) => p + 1, destroyApFirst: false, what: "is unaligned" },
  { name: "67: exact reference to unallocated object", h: 0, bad: (p) => p + 2 * testObjectSize(2), destroyApFirst: true, what: "is in free space" },
  { name: "68: exact out-of-bounds reference", h: 8, bad: (p) => p - 8, destroyApFirst: true, what: "is out of bounds" },
];

describe("AMS conerr", () => {
  for (const c of CASES) {
    // .req.bad-ref
    it(`.contract.fix.bad: conerr ${c.name}`, () => {
      const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
      arena.park();
      const format = arena.createFormat(testFormat(arena.mem, c.h));
      const pool = arena.createPool(AMSPool, { format });
      const ap = pool.createAp({ rank: Rank.EXACT });
      // p is in the AMS pool; q holds an exact reference to p and a bad one
      const p = allocObj(arena, ap, c.h, 0, 2);
      const q = allocObj(arena, ap, c.h, 1, 2);
      setSlot(arena, q, c.h, 0, p);
      setSlot(arena, q, c.h, 1, c.bad(p));
      if (c.destroyApFirst) ap.destroy(); // so that the segment gets unbuffered
      const roots = new Uint32Array([q]);
      const root = arena.createRoot({
        rank: Rank.EXACT,
        scan: (ss) => {
          for (let i = 0; i < roots.length; i++) if (ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
        },
      });
      if (COOL) {
        const e = mpsErrorOf(() => arena.collect());
        expect(e?.code).toBe("PARAM");
        expect(e?.message).toContain(c.what);
        return; // the collection was abandoned: the arena is left as it is
      }
      arena.collect();
      const ids: number[] = [];
      pool.walk((x) => ids.push(testObjectId(arena.mem, x, c.h)));
      expect(ids).toEqual([0, 1]);
      if (!c.destroyApFirst) ap.destroy();
      root.destroy();
      pool.destroy();
      format.destroy();
      arena.destroy();
    });
  }
});
