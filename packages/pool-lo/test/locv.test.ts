// The MPS's locv and conerr 60, 62 and 64 on the tracer (@mps/trace): LO
// objects of several sizes allocated, walked, kept by an exact root and
// reclaimed otherwise; bad exact references to LO objects PARAM at cool.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, type Root } from "@mps/arena";
import { type Addr, COOL, Rank } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";
import { LOPool } from "../src/index.js";
import { allocObj, rng, SEED } from "./helpers.js";

function world(h: 0 | 8, protection: "none" | "software" = "none") {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  const format = arena.createFormat(testFormat(arena.mem, h));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.5 }]);
  const pool = arena.createPool(LOPool, { format, chain });
  const roots = new Uint32Array(64);
  const root: Root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
    },
  });
  const ids = (): number[] => {
    const out: number[] = [];
    pool.walk((p) => out.push(testObjectId(arena.mem, p, h)));
    return out;
  };
  const done = (): void => {
    arena.park();
    for (const b of pool.buffers()) b.destroy();
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, pool, roots, ids, done };
}

describe("LO on the tracer", () => {
  // .req.mark-sweep
  it(".test.locv: four objects walked; a root keeps one; a collection frees the rest", () => {
    const { arena, pool, roots, ids, done } = world(0);
    arena.park();
    const ap = pool.createAp({ rank: Rank.EXACT }); // the MPS's locv passes a rank; LO ignores it
    allocObj(arena, ap, 0, 0, 0, true); // the minimum size
    roots[1] = allocObj(arena, ap, 0, 1, 2, true); // twice the minimum
    allocObj(arena, ap, 0, 2, 1022, true); // 4096 bytes
    allocObj(arena, ap, 0, 3, 0, true);
    expect(ids()).toEqual([0, 1, 2, 3]);
    ap.destroy();
    arena.collect();
    expect(ids()).toEqual([1]);
    expect(pool.totalSize() - pool.freeSize()).toBe(testObjectSize(2));
    done();
  });

  it(".test.stress: leaf objects rooted and dropped at random, many collections started by the chain", () => {
    for (const [h, protection] of [[0, "none"], [8, "software"]] as const) {
      const { arena, pool, roots, ids, done } = world(h, protection);
      const r = rng(SEED + h);
      const ap = pool.createAp();
      const rootIds = new Int32Array(roots.length).fill(-1);
      const sizes = new Map<number, number>();
      const before = arena.collections();
      for (let id = 0; id < 20000; id++) {
        const n = Math.floor(r() * (r() < 0.1 ? 400 : 12)) + (h === 8 ? 1 : 0); // with a header, bigger than it
        const p: Addr = allocObj(arena, ap, h, id, n, true);
        sizes.set(id, testObjectSize(n));
        const i = Math.floor(r() * roots.length);
        if (r() < 0.3) {
          roots[i] = p;
          rootIds[i] = id;
        } else if (r() < 0.1) {
          roots[i] = 0;
          rootIds[i] = -1;
        }
        if (id % 1000 === 0) {
          for (let k = 0; k < roots.length; k++) if (rootIds[k]! >= 0) expect(testObjectId(arena.mem, roots[k]!, h)).toBe(rootIds[k]);
        }
      }
      expect(arena.collections() - before).toBeGreaterThan(5);
      ap.destroy();
      arena.collect();
      const live = new Set([...rootIds].filter((x) => x >= 0));
      expect(new Set(ids())).toEqual(live);
      let bytes = 0;
      for (const id of live) bytes += sizes.get(id)!;
      expect(pool.totalSize() - pool.freeSize()).toBe(bytes);
      expect(pool.check()).toBe(true);
      done();
    }
  });

  const CASES = [
    { name: "60: unaligned exact reference", h: 0 as const, bad: (p: number) => p + 1, what: "is unaligned" },
    { name: "62: exact reference to unallocated object", h: 0 as const, bad: (p: number) => p + testObjectSize(2), what: "is in free space" },
    { name: "64: exact out-of-bounds reference", h: 8 as const, bad: (p: number) => p - 8, what: "is out of bounds" },
  ];
  for (const c of CASES) {
    it(`.contract.fix.bad: conerr ${c.name}`, () => {
      const { arena, pool, roots, ids, done } = world(c.h);
      arena.park();
      const ap = pool.createAp();
      const p = allocObj(arena, ap, c.h, 0, 2, true);
      ap.destroy(); // so that p's segment gets unbuffered
      roots[0] = p;
      roots[1] = c.bad(p);
      if (COOL) {
        const e = mpsErrorOf(() => arena.collect());
        expect(e?.code).toBe("PARAM");
        expect(e?.message).toContain(c.what);
        return; // the collection was abandoned: the arena is left as it is
      }
      arena.collect();
      expect(ids()).toEqual([0]);
      done();
    });
  }
});
