// The tracer's handling of pools that are scanned but not collected, of
// weak segments with and without a barrier, and of single-word read hits
// (docs/design/trace.md `.trace.scanned-only`, `.atomic.no-barrier`,
// `.single`), with the tiny pools of one-pool.ts.
import { afterEach, describe, expect, it } from "vitest";
import { Arena, ArenaClass, type Pool, type VMArena } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { type Addr, Rank } from "@mps/mpm";
import { ACCESS_READ } from "@mps/shield";
import { traceCollector, type TraceCollector, TraceState } from "../src/index.js";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "../src/test-util.js";
import { OneCopyPool, OnePool, OneScanPool, OneSingleAccessPool, type OneSingleSeg } from "./one-pool.js";

const arenas: VMArena[] = [];
afterEach(() => {
  for (const a of arenas.splice(0)) a.destroy();
});

function makeArena(protection: "none" | "software"): VMArena {
  const a = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  arenas.push(a);
  return a;
}

/** A test object with `nslots` reference slots (all 0) in `pool`. */
function obj(arena: Arena, pool: Pool, id: number, nslots: number): Addr {
  return initTestObject(arena.mem, pool.alloc(testObjectSize(nslots)), 0, id, nslots);
}
const slot = (p: Addr, i: number): number => testObjectSlotAddr(p, 0, i) >>> 2;

/** An exact root over a JS array. */
function rootOver(arena: Arena, refs: Addr[]) {
  return arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < refs.length; i++) if (refs[i] !== 0 && ss.fix1(refs[i]!)) refs[i] = ss.fix2(refs[i]!);
    },
  });
}

function tearDown(arena: Arena): void {
  arena.park();
  const roots: { destroy(): void }[] = [];
  arena.roots.forEach((r) => roots.push(r));
  for (const r of roots) r.destroy();
  for (const p of [...arena.pools()]) p.destroy();
}

for (const protection of ["none", "software"] as const) {
  describe(`scanned-only pools (${protection})`, () => {
    it(".trace.scanned-only: a scannable pool that is not collected is greyed and scanned: its references keep objects alive and follow them when they move", () => {
      const arena = makeArena(protection);
      const fmt = arena.createFormat(testFormat(arena.mem));
      const copy = arena.createPool(OneCopyPool, { format: fmt });
      const scan = arena.createPool(OneScanPool, { format: fmt });
      const a = obj(arena, copy, 1, 1);
      obj(arena, copy, 2, 1); // unreachable
      const s = obj(arena, scan, 3, 1);
      arena.mem.u32[slot(s, 0)] = a;
      arena.collect();
      const moved = arena.mem.u32[slot(s, 0)]!;
      expect(moved).not.toBe(a); // copied, and the reference updated
      expect(testObjectId(arena.mem, moved, 0)).toBe(1);
      expect(copy.objects.size).toBe(1);
      expect(scan.objects.size).toBe(1); // never condemned
      expect(testObjectId(arena.mem, s, 0)).toBe(3);
      tearDown(arena);
      fmt.destroy();
    });
  });
}

describe("weak segments", () => {
  for (const protection of ["none", "software"] as const) {
    it(`.atomic.no-barrier: a trace with weak segments ${protection === "none" ? "runs to the end at once with no barrier" : "stays incremental with the software barrier"}; weak references to dead objects are splatted (${protection})`, () => {
      const arena = makeArena(protection);
      const fmt = arena.createFormat(testFormat(arena.mem));
      const copy = arena.createPool(OneCopyPool, { format: fmt });
      const weak = arena.createPool(OneScanPool, { format: fmt, rank: Rank.WEAK });
      const refs = [obj(arena, copy, 1, 1)];
      const b = obj(arena, copy, 2, 1);
      const w = obj(arena, weak, 3, 2);
      arena.mem.u32[slot(w, 0)] = refs[0]!;
      arena.mem.u32[slot(w, 1)] = b;
      rootOver(arena, refs);
      arena.startCollect();
      const state = (arena.collector as TraceCollector).trace.state;
      if (protection === "none") expect(state).toBe(TraceState.NONE);
      else expect(state).not.toBe(TraceState.NONE);
      arena.park();
      expect(arena.mem.u32[slot(w, 0)]).toBe(refs[0]);
      expect(testObjectId(arena.mem, refs[0]!, 0)).toBe(1);
      expect(arena.mem.u32[slot(w, 1)]).toBe(0);
      expect(copy.objects.size).toBe(1);
      tearDown(arena);
      fmt.destroy();
    });
  }

  for (const [name, klass] of [["single access", OneSingleAccessPool], ["whole-segment access", OnePool]] as const) {
    it(`.single: a read hit on a grey weak segment (${name}) ${klass === OneSingleAccessPool ? "fixes only the word read, as exact; the others are judged weakly later" : "scans the whole segment as exact, keeping everything it refers to"}`, () => {
      const arena = makeArena("software");
      const fmt = arena.createFormat(testFormat(arena.mem));
      const copy = arena.createPool(OneCopyPool, { format: fmt });
      const weak = arena.createPool(klass, { format: fmt, rank: Rank.WEAK });
      const a = obj(arena, copy, 1, 1);
      const b = obj(arena, copy, 2, 1);
      const refs = [obj(arena, weak, 3, 2)];
      arena.mem.u32[slot(refs[0]!, 0)] = a;
      arena.mem.u32[slot(refs[0]!, 1)] = b;
      rootOver(arena, refs);
      arena.startCollect(); // flips: the root marks the weak object, whose segment is now grey and read-protected
      const w = refs[0]!;
      const seg = arena.segOfAddr(w)!;
      expect((arena.collector as TraceCollector).trace.state).toBe(TraceState.FLIPPED);
      expect(seg.sm & ACCESS_READ).toBe(ACCESS_READ);
      const got = arena.loadRef(testObjectSlotAddr(w, 0, 0)); // the mutator reads a
      expect(testObjectId(arena.mem, got, 0)).toBe(1);
      expect(got).not.toBe(a); // fixed as exact: copied
      if (klass === OneSingleAccessPool) {
        expect((seg as OneSingleSeg).singleHits).toBe(1);
        expect(seg.sm & ACCESS_READ).toBe(ACCESS_READ); // still grey and protected
      }
      arena.park();
      expect(arena.mem.u32[slot(w, 0)]).toBe(got);
      if (klass === OneSingleAccessPool) {
        expect(arena.mem.u32[slot(w, 1)]).toBe(0); // b was only weakly held: splatted
        expect(copy.objects.size).toBe(1);
      } else {
        expect(testObjectId(arena.mem, arena.mem.u32[slot(w, 1)]!, 0)).toBe(2); // kept by the exact scan
        expect(copy.objects.size).toBe(2);
      }
      tearDown(arena);
      fmt.destroy();
    });
  }
});
