import { describe, expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { type TraceCollector, traceCollector } from "@mps/trace";
import { testObjectType, TF_OBJ } from "@mps/trace/test-util";
import { AMCPool } from "../src/index.js";
import { makeFormat, SEED } from "./helpers.js";
import { Heap, rnd } from "./heap.js";

function run(h: 0 | 8, collections: number, seed: number, pauseTime?: number, big = false) {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform(), ...(pauseTime === undefined ? {} : { pauseTime }) });
  const format = makeFormat(arena, h);
  const chain = arena.createChain([{ capacity: 20, mortality: 0.85 }, { capacity: 85, mortality: 0.45 }]);
  const pool = arena.createPool(AMCPool, { format, chain, ...(big ? { largeSize: 8192 } : {}) });
  const ap = pool.createAp();
  const busy = pool.createAp();
  const busyInit = busy.reserve(64);
  const heap = new Heap(arena, pool, ap, h, 180, 50, 8, rnd(seed), big ? 3000 : 0);
  let checks = 0;
  let seen = arena.collections();
  let walked = false;
  // Ramps, as amcss: both allocation points ramp; every 9 collections the ramps end, half
  // the roots die, and (every other time at once) the ramps begin again.
  const RAMP = 1;
  ap.allocPatternBegin(RAMP);
  busy.allocPatternBegin(RAMP);
  let ramping = true;
  let rampSwitch = 9;
  while (arena.collections() < collections) {
    heap.step();
    if (arena.collections() !== seen) {
      seen = arena.collections();
      heap.checkAll();
      checks++;
      pool.check();
      if (seen >= rampSwitch) {
        const beginRamp = !ramping || (seen & 1) === 1;
        rampSwitch += 9;
        if (ramping) {
          ap.allocPatternEnd(RAMP);
          busy.allocPatternEnd(RAMP);
          ramping = false;
          for (let i = 0; i < heap.exact.length; i += 2) {
            heap.exact[i] = 0;
            heap.exactIds[i] = -1;
          }
        }
        if (beginRamp) {
          ap.allocPatternBegin(RAMP);
          busy.allocPatternBegin(RAMP);
          ramping = true;
        }
      }
      if (!walked && seen >= collections / 2) {
        // A full collection in the middle, then the walk sees every object reachable from the exact roots.
        arena.collect();
        const live = heap.checkAll();
        const { ids } = heap.walkIds();
        for (const id of live) expect(ids.has(id)).toBe(true);
        arena.release();
        walked = true;
      }
    }
  }
  // The busy allocation point's object was reserved before the flips: its commit fails.
  expect(busy.commit(busyInit, 64)).toBe(false);
  if (ramping) {
    ap.allocPatternEnd(RAMP);
    busy.allocPatternEnd(RAMP);
  }
  busy.destroy();
  ap.destroy();
  // With the ambiguous roots still there: only what they pin (and what that reaches) stays beyond the exact roots' graph.
  arena.collect();
  const fromExact = heap.checkAll();
  const pinned: number[] = [];
  for (const v of heap.ambig) {
    if (arena.addrPool(v) !== pool) continue;
    let p: number;
    try {
      p = pool.addrObject(v);
    } catch {
      continue;
    }
    if (testObjectType(arena.mem, p, h) === TF_OBJ) pinned.push(arena.mem.u32[((p - h) >>> 2) + 1]!);
  }
  expect(pinned.length).toBeGreaterThan(0);
  const allowed = heap.closure([...fromExact, ...pinned]);
  const w1 = heap.walkIds();
  for (const id of fromExact) expect(w1.ids.has(id)).toBe(true);
  for (const id of w1.ids) expect(allowed.has(id)).toBe(true);
  expect(w1.ids.size).toBe(allowed.size);
  // Exact roots only: the unreachable objects are reclaimed.
  heap.ambig.fill(0);
  arena.collect();
  const live = heap.checkAll();
  const w2 = heap.walkIds();
  expect([...w2.ids].sort((a, b) => a - b)).toEqual([...live].sort((a, b) => a - b));
  const waste = pool.totalSize() - w2.bytes;
  // Each generation's forwarding segment is partly filled, and segment tails too short for the next object are padding.
  expect(waste).toBeLessThanOrEqual(pool.gens.length * pool.extendBy + pool.segs().length * (big ? pool.arena.grainSize : 44));
  heap.destroyRoots();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { checks, made: heap.made };
}

describe("amcss: AMC stress with exact and ambiguous roots", () => {
  it(".test.amcss: random graphs survive many collections with their contents intact", () => {
    const { checks, made } = run(0, 37, SEED);
    expect(checks).toBeGreaterThan(30);
    expect(made).toBeGreaterThan(1000);
  });
  it(".test.amcsshe: the same with in-band headers", () => {
    const { checks } = run(8, 24, SEED + 1);
    expect(checks).toBeGreaterThan(20);
  });
  it(".test.amcss.large: some objects of thousands of slots, in segments of their own (largeSize 8192)", () => {
    const { checks } = run(0, 12, SEED + 4, undefined, true);
    expect(checks).toBeGreaterThan(8);
  });
  it(".test.amcss.incremental: with no pause time each poll does one unit of work; the mutator runs between increments", () => {
    const { checks } = run(0, 16, SEED + 2, 0);
    expect(checks).toBeGreaterThan(12);
  });
});

describe("emergency on the tracer", () => {
  // .req.emergency
  it(".test.emergency: a full collection with no memory to copy into preserves everything reachable in place", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform() });
    const format = makeFormat(arena, 0);
    const chain = arena.createChain([{ capacity: 100000, mortality: 0.85 }]);
    const pool = arena.createPool(AMCPool, { format, chain });
    const ap = pool.createAp();
    const heap = new Heap(arena, pool, ap, 0, 100, 0, 6, rnd(SEED + 3));
    for (let i = 0; i < 3000; i++) heap.step();
    ap.destroy();
    const before = heap.checkAll();
    const addrs = [...heap.exact];
    arena.setCommitLimit(arena.committed());
    const trace = (arena.collector as TraceCollector).trace;
    const emergencies = trace.emergencies;
    arena.collect();
    expect(heap.checkAll()).toEqual(before);
    // The first copy that found no memory put the trace in emergency mode.
    expect(trace.emergencies).toBe(emergencies + 1);
    // Every root's object was condemned; those still where they were were preserved in place.
    const stayed = addrs.filter((a, i) => a !== 0 && heap.exact[i] === a).length;
    expect(stayed).toBeGreaterThan(0);
    arena.setCommitLimit(2 ** 32);
    arena.collect();
    expect(trace.emergencies).toBe(emergencies + 1); // with memory, no emergency
    expect(heap.checkAll()).toEqual(before);
    const w = heap.walkIds();
    expect(w.ids).toEqual(before);
    heap.destroyRoots();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});
