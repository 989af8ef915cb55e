// The example of docs/reference/weak-references.md, and what the chapter
// states of weak roots and ranks, checked against the code through the umbrella.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank } from "../src/index.js";

describe("docs/reference/weak-references.md", () => {
  it("the example runs", () => {
    const logs: unknown[][] = [];
    const log = (...args: unknown[]): void => {
      logs.push(args);
    };
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    // Word 0 of an object is its size in bytes; the other words are references (0: none).
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += mem.u32[p >>> 2]!) {
          for (let q = p + 4; q < p + mem.u32[p >>> 2]!; q += 4) {
            const ref = mem.u32[q >>> 2]!;
            if (ref !== 0 && ss.fix1(ref)) mem.u32[q >>> 2] = ss.fix2(ref); // 0 if splatted
          }
        }
      },
      fmtSkip: (p) => p + mem.u32[p >>> 2]!,
    });
    const pool = arena.createPool(PoolClass.AWL, { format });
    const strong = pool.createAp({ rank: Rank.EXACT });
    const weak = pool.createAp({ rank: Rank.WEAK });

    function make(ap: typeof strong, a: number, b: number, c: number): number {
      let p: number;
      do {
        p = ap.reserve(16);
        mem.u32.set([16, a, b, c], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    }

    // b is reachable only through a; c only through weak references.
    const b = make(strong, 0, 0, 0);
    const a = make(strong, b, 0, 0);
    const c = make(strong, 0, 0, 0);
    const w = make(weak, a, c, 0); // a weak object in AWL

    // An exact root holds a and the weak object; a weak root holds a, b and c.
    const exactRefs = [a, w];
    const weakRefs = [a, b, c];
    const exactRoot = arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < exactRefs.length; i++) exactRefs[i] = ss.fix(exactRefs[i]!);
      },
    });
    const weakRoot = arena.createRoot({
      rank: Rank.WEAK,
      scan: (ss) => {
        for (let i = 0; i < weakRefs.length; i++) weakRefs[i] = ss.fix(weakRefs[i]!);
      },
    });
    strong.destroy();
    weak.destroy();

    arena.collect();
    log(weakRefs[0] === a, weakRefs[1] === b, weakRefs[2]); // true true 0
    log(mem.u32[(w + 4) >>> 2] === a, mem.u32[(w + 8) >>> 2]); // true 0

    weakRoot.destroy();
    exactRoot.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
    expect(logs).toEqual([[true, true, 0], [true, 0]]);
  });

  it("the ranks are numbered as the chapter says", () => {
    expect([Rank.AMBIG, Rank.EXACT, Rank.FINAL, Rank.WEAK]).toEqual([0, 1, 2, 3]);
  });

  it("a weak reference the program reads before the collection ends is a strong one for that collection (software barrier)", async () => {
    const { selectPlatform } = await import("../src/index.js");
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection: "software" }) });
    const mem = arena.mem;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += 16) for (let q = p + 4; q < p + 16; q += 4) {
          const ref = mem.u32[q >>> 2]!;
          if (ref !== 0 && ss.fix1(ref)) mem.u32[q >>> 2] = ss.fix2(ref);
        }
      },
      fmtSkip: (p) => p + 16,
    });
    const pool = arena.createPool(PoolClass.AWL, { format });
    const strong = pool.createAp({ rank: Rank.EXACT });
    const weak = pool.createAp({ rank: Rank.WEAK });
    const make = (ap: typeof strong, a: number, b: number): number => {
      let p: number;
      do {
        p = ap.reserve(16);
        mem.u32.set([16, a, b, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    };
    const x = make(strong, 0, 0);
    const y = make(strong, 0, 0);
    const w = make(weak, x, y);
    strong.destroy();
    weak.destroy();
    const refs = [w];
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { refs[0] = ss.fix(refs[0]!); } });
    arena.startCollect();
    const got = arena.loadRef(w + 4); // read x during the collection
    arena.park();
    expect(got).toBe(x);
    expect(arena.loadRef(w + 4)).toBe(x); // kept: the program had it
    expect(arena.loadRef(w + 8)).toBe(0); // y was not read: splatted
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
