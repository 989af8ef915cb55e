/**
 * `.test.emergency-recovery`: after a collection that ran out of memory to
 * copy into (emergency mode, design.mps.poolamc `.emergency`), the segments
 * nailed in place must not keep dead objects, or whole segments, alive
 * through later collections once memory is available again. Each case runs
 * twice from the same seed: once with the commit limit forcing an
 * emergency, once (the control) with no limit, and the heaps must end the
 * same: the same live objects with the same contents, nothing else in the
 * pool, and about the same memory.
 */
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { type TraceCollector, traceCollector } from "@mps/trace";
import { testObjectSlotAddr } from "@mps/trace/test-util";
import { AMCPool, type AMCSeg } from "../src/index.js";
import { makeFormat, rng, SEED } from "./helpers.js";
import { Heap, rnd } from "./heap.js";

interface Case {
  /** Header size of the format. */
  h: 0 | 8;
  /** Ambiguous roots (nailing with nailboards during the emergency); cleared with the dropped part of the graph. */
  nambig: number;
  /** Grains of commit allowed above what is committed when the emergency collection starts (some copies succeed first). */
  slackGrains: number;
  /** Keep the allocation point (its buffer's segment is condemned with a nailboard) through the emergency. */
  keepAp: boolean;
}

interface Outcome {
  /** Emergencies entered by the limited collection. */
  emergencies: number;
  /** Bytes the limited collection preserved in place. */
  preservedInPlace: number;
  /** The pool's total size after the limited collection. */
  afterLimited: number;
  /** The live objects' ids after the final collections. */
  live: number[];
  /** The bytes of the live objects. */
  liveBytes: number;
  /** The pool's total size after each of the final collections. */
  totals: number[];
  /** The arena's committed memory in use (spare excluded) at the end. */
  inUse: number;
  /** The pool's segments at the end. */
  segs: number;
  extendBy: number;
  gens: number;
}

/**
 * Drop part of the graph: clear most exact roots and every ambiguous one,
 * and null some of the references of the objects still reachable (in the
 * heap and in its model alike), visiting them in the order of the model's
 * ids so that both runs of a case cut the same references.
 */
function cut(heap: Heap, r: () => number): void {
  for (let i = 0; i < heap.exact.length; i++) {
    if (r() < 0.6) {
      heap.exact[i] = 0;
      heap.exactIds[i] = -1;
    }
  }
  heap.ambig.fill(0);
  const addr = new Map<number, number>();
  const stack: [number, number][] = [];
  for (let i = 0; i < heap.exact.length; i++) if (heap.exact[i] !== 0) stack.push([heap.exactIds[i]!, heap.exact[i]!]);
  const u32 = heap.arena.mem.u32;
  while (stack.length > 0) {
    const [id, p] = stack.pop()!;
    if (addr.has(id)) continue;
    addr.set(id, p);
    const slots = heap.model.get(id)!;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== -1) stack.push([slots[i]!, u32[testObjectSlotAddr(p, heap.h, i) >>> 2]!]);
  }
  for (const id of [...addr.keys()].sort((a, b) => a - b)) {
    const slots = heap.model.get(id)!;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] !== -1 && r() < 0.5) {
        u32[testObjectSlotAddr(addr.get(id)!, heap.h, i) >>> 2] = 0;
        slots[i] = -1;
      }
    }
  }
}

function run(c: Case, seed: number, emergency: boolean): Outcome {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform() });
  const format = makeFormat(arena, c.h);
  // Capacities too large to start collections: only arena.collect() collects, so both runs collect alike.
  const chain = arena.createChain([{ capacity: 100000, mortality: 0.8 }, { capacity: 100000, mortality: 0.5 }]);
  const pool = arena.createPool(AMCPool, { format, chain });
  const ap = pool.createAp();
  const heap = new Heap(arena, pool, ap, c.h, 300, c.nambig, 8, rnd(seed));
  const trace = (arena.collector as TraceCollector).trace;
  const r = rng(seed ^ 0x9e3779b9);

  // A graph spread over the generations: two full collections while it grows.
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 4000; i++) heap.step();
    if (round < 2) {
      arena.collect();
      arena.release();
      heap.checkAll();
    }
  }
  if (!c.keepAp) ap.destroy();

  // The collection under the limit (or, in the control, without one).
  const before = heap.checkAll();
  const emergencies = trace.emergencies;
  if (emergency) arena.setCommitLimit(arena.committed() - arena.spareCommitted() + c.slackGrains * arena.grainSize);
  arena.collect();
  const emergencyEntered = trace.emergencies - emergencies;
  const preservedInPlace = trace.preservedInPlaceSize;
  const afterLimited = pool.totalSize();
  expect(heap.checkAll()).toEqual(before);
  pool.check();
  arena.setCommitLimit(Infinity);

  // Memory again: drop part of the graph (the same part in both runs), then collect fully a few times.
  cut(heap, r);
  const totals: number[] = [];
  let live: number[] = [];
  let w = { ids: new Set<number>(), bytes: 0 };
  for (let k = 0; k < 3; k++) {
    arena.collect();
    live = [...heap.checkAll()].sort((a, b) => a - b);
    pool.check();
    // Nothing is left nailed, condemned or grey by an earlier trace: every segment is walked, and holds only live objects.
    for (const s of pool.segs()) expect([s.white, s.grey, s.nailed, (s as AMCSeg).hasNailboard()]).toEqual([0, 0, 0, false]);
    w = heap.walkIds();
    expect([...w.ids].sort((a, b) => a - b)).toEqual(live);
    totals.push(pool.totalSize());
  }
  expect(live.length).toBeLessThan(before.size * 0.7); // a good part of the graph did die
  arena.release();
  if (c.keepAp) ap.destroy();
  const out: Outcome = {
    emergencies: emergencyEntered,
    preservedInPlace,
    afterLimited,
    live,
    liveBytes: w.bytes,
    totals,
    inUse: arena.committed() - arena.spareCommitted(),
    segs: pool.segs().length,
    extendBy: pool.extendBy,
    gens: pool.gens.length,
  };
  heap.destroyRoots();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return out;
}

const CASES: [string, Case][] = [
  ["exact roots, limit at what is committed", { h: 0, nambig: 0, slackGrains: 0, keepAp: false }],
  ["exact roots, in-band headers, some copies before the emergency", { h: 8, nambig: 0, slackGrains: 3, keepAp: false }],
  ["exact roots, the allocation point's segment condemned with a nailboard", { h: 0, nambig: 0, slackGrains: 1, keepAp: true }],
  ["exact and ambiguous roots (nailboards), then the ambiguous roots cleared", { h: 0, nambig: 40, slackGrains: 2, keepAp: true }],
];

describe("emergency recovery: no garbage retained after an emergency collection", () => {
  // .req.emergency
  it.each(CASES)(".test.emergency-recovery: %s", (_name, c) => {
    for (let s = 0; s < 2; s++) {
      const seed = SEED + 17 * s + c.slackGrains;
      const control = run(c, seed, false);
      const em = run(c, seed, true);
      expect(control.emergencies).toBe(0);
      // The limited collection did run out of memory, and preserved objects in place.
      expect(em.emergencies).toBe(1);
      expect(em.preservedInPlace).toBeGreaterThan(control.preservedInPlace);
      // The same objects live, with their contents (checked in run); the pool holds no others (walked in run).
      expect(em.live).toEqual(control.live);
      // The memory of the dead objects came back. After the first collection with memory the
      // survivors of the nailed segments are a generation behind, so that each generation's
      // forwarding buffer may hold a partly filled segment more than the control's; after the
      // last the pool is as big as the control's (give or take a segment of copying order)
      // and no bigger than the live objects need.
      const slack = em.gens * em.extendBy;
      expect(em.totals[em.totals.length - 1]).toBeLessThan(em.afterLimited - slack);
      for (let k = 0; k < em.totals.length; k++) expect(em.totals[k]).toBeLessThanOrEqual(control.totals[k]! + slack);
      const last = em.totals[em.totals.length - 1]!;
      expect(last).toBeLessThanOrEqual(control.totals[control.totals.length - 1]! + em.extendBy);
      expect(last - em.liveBytes).toBeLessThanOrEqual(slack + em.segs * 44);
      expect(em.inUse).toBeLessThanOrEqual(control.inUse + em.extendBy);
    }
  });
});
