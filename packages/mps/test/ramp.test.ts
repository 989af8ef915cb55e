// A ramp-pattern test of our own, through the umbrella and the real tracer:
// a program builds a large temporary structure inside a ramp
// (`ap.allocPatternBegin(AllocPattern.RAMP)`), as a compiler builds a parse
// tree, and drops it at the end. During the ramp the AMC pool keeps the
// ramp generation's survivors in the ramp generation instead of promoting
// them to the top generation (which only full collections reclaim); after
// the ramp they are collected on, and once dropped they are reclaimed. The
// same workload without the ramp promotes the structure into the top
// generation, where it stays until a full collection: that difference is
// what the pattern is for (docs/reference/patterns.md).
import { describe, expect, it } from "vitest";
import { AllocPattern, Arena, ArenaClass, MessageType, PoolClass, Rank, type AP, type Addr } from "../src/index.js";
import { initTestObject, testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";

const SLOTS = 4;
const SIZE = testObjectSize(SLOTS);
/** Objects in the temporary structure, and garbage objects made per structure object. */
const KEPT = 12_000;
const GARBAGE_PER_KEPT = 3;

interface Outcome {
  /** The top generation's size (the after-ramp generation) when the structure was complete. */
  topAtPeak: number;
  /** The ramp generation's size at the same moment. */
  rampGenAtPeak: number;
  /** The pool's ramp modes seen while building. */
  modes: Set<number>;
  /** The pool's total size after the structure was dropped and the ramp finished, before a full collection. */
  afterDrop: number;
  /** Objects of the structure whose ids were wrong when checked at the peak. */
  damaged: number;
  /** `arena.collectWorldRequested` just after the pattern ended. */
  requested: boolean;
  /** Why the first collection that started after the pattern ended started, and how much it did not condemn. */
  firstAfter: { why: string; notCondemned: number } | undefined;
}

/** Take every message of `type` off the queue, oldest first, keeping what the test reads. */
function drain(arena: Arena, type: MessageType): { why: string; notCondemned: number }[] {
  const out: { why: string; notCondemned: number }[] = [];
  for (let m = arena.messageGet(type); m !== undefined; m = arena.messageGet(type)) {
    out.push(type === MessageType.GC_START ? { why: m.gcStartWhy, notCondemned: 0 } : { why: "", notCondemned: m.gcNotCondemnedSize });
    arena.messageDiscard(m);
  }
  return out;
}

function run(pattern: AllocPattern | undefined): Outcome {
  const useRamp = pattern !== undefined;
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20 });
  arena.messageTypeEnable(MessageType.GC_START);
  arena.messageTypeEnable(MessageType.GC);
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.9 }, { capacity: 128, mortality: 0.5 }]);
  const pool = arena.createPool(PoolClass.AMC, { format, chain });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const temp: Addr[] = [];
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < temp.length; i++) {
        const v = temp[i]!;
        if (ss.fix1(v)) temp[i] = ss.fix2(v);
      }
    },
  });
  let id = 1;
  const make = (a: AP): Addr => {
    let p: Addr;
    let ref: Addr;
    do {
      p = a.reserve(SIZE);
      ref = initTestObject(arena.mem, p, 0, id, SLOTS);
    } while (!a.commit(p, SIZE));
    id++;
    return ref;
  };
  const modes = new Set<number>();
  if (useRamp) ap.allocPatternBegin(pattern);
  const ids: number[] = [];
  for (let i = 0; i < KEPT; i++) {
    for (let g = 0; g < GARBAGE_PER_KEPT; g++) make(ap);
    ids.push(id);
    temp.push(make(ap));
    modes.add(pool.rampMode);
  }
  let damaged = 0;
  for (let i = 0; i < KEPT; i++) if (testObjectId(arena.mem, temp[i]!, 0) !== ids[i]) damaged++;
  const topAtPeak = pool.gens[2]!.pgen.totalSize;
  const rampGenAtPeak = pool.gens[1]!.pgen.totalSize;
  temp.length = 0;
  // Forget the messages so far: every GC_START from now on is of a trace started after the end.
  drain(arena, MessageType.GC_START);
  drain(arena, MessageType.GC);
  if (useRamp) ap.allocPatternEnd(pattern);
  const requested = arena.collectWorldRequested;
  // Go on allocating garbage until the ramp machinery is back outside (a
  // collection of the ramp generation after the ramp's end), bounded.
  for (let i = 0; i < 40 * KEPT && (i < 4 * KEPT || pool.rampMode !== 0); i++) make(ap);
  arena.park();
  const afterDrop = pool.totalSize();
  // Pair the first GC_START since the end with its GC message: one trace
  // at most was running at the end, and its GC message comes first (the
  // arena is parked, so every trace started has finished).
  const starts = drain(arena, MessageType.GC_START);
  const gcs = drain(arena, MessageType.GC);
  const skip = gcs.length - starts.length;
  expect(skip === 0 || skip === 1).toBe(true);
  const firstAfter = starts.length > 0 ? { why: starts[0]!.why, notCondemned: gcs[skip]!.notCondemned } : undefined;
  root.destroy();
  ap.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { topAtPeak, rampGenAtPeak, modes, afterDrop, damaged, requested, firstAfter };
}

describe("allocation patterns: the ramp", () => {
  const structure = KEPT * SIZE;

  it(".test.ramp.own: inside a ramp the structure's survivors stay out of the top generation; after it the dropped structure is reclaimed without a full collection", () => {
    const r = run(AllocPattern.RAMP);
    expect(r.damaged).toBe(0);
    // The pool went through ramping (mode 2) while the structure grew.
    expect(r.modes.has(2)).toBe(true);
    // The survivors are in the ramp generation, not the top one.
    expect(r.topAtPeak).toBeLessThan(structure / 4);
    expect(r.rampGenAtPeak).toBeGreaterThanOrEqual(structure / 2);
    // Dropped and the ramp over: chain collections reclaimed it.
    expect(r.afterDrop).toBeLessThan(structure / 2);
    expect(r.requested).toBe(false);
    expect(r.firstAfter?.why).toMatch(/nursery generation/); // a chain's collection, not a full one
  });

  it(".test.ramp.collect-all: RAMP_COLLECT_ALL behaves as RAMP, and the first collection after it ends is a full one", () => {
    const r = run(AllocPattern.RAMP_COLLECT_ALL);
    expect(r.damaged).toBe(0);
    expect(r.modes.has(2)).toBe(true);
    expect(r.topAtPeak).toBeLessThan(structure / 4);
    expect(r.requested).toBe(true);
    expect(r.firstAfter?.why).toMatch(/full collection/);
    expect(r.firstAfter?.notCondemned).toBe(0);
    expect(r.afterDrop).toBeLessThan(structure / 2);
  });

  it(".test.ramp.baseline: without the ramp the same workload promotes the structure into the top generation, which only a full collection reclaims", () => {
    const r = run(undefined);
    expect(r.damaged).toBe(0);
    expect([...r.modes]).toEqual([0]);
    expect(r.topAtPeak).toBeGreaterThanOrEqual(structure / 2);
    expect(r.afterDrop).toBeGreaterThanOrEqual(structure / 2);
  });
});
