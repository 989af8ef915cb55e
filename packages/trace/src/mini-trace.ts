/**
 * A hand-made tracer for the segment-protocol tests of the automatic pool
 * classes (AMS, LO): a Trace, a ScanState and one collection over given
 * pools, following docs/design/trace.md `.contract.*` step by step (whiten,
 * greyen, roots, flip, scan until nothing is grey, reclaim), so that a pool
 * can be tested apart from the real collector; and helpers for object graphs
 * in the test format. `@mps/trace/mini-trace`, for tests only.
 * .critical: none (tests).
 */
import { type AP, type Arena, type Format, type GCSeg, type GenDesc, type Pool, scanAreaMasked, scanAreaTagged, scanAreaTaggedOrZero } from "@mps/arena";
import {
  type Addr, type Rank, type RankSet, type RefSet, type ScanState, type Trace, type TraceSet, type ZoneSet, Rank as RankV, zoneSetOfRange,
} from "@mps/mpm";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots } from "./test-util.js";

/** A small deterministic generator (xorshift32). @public */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** The seed of the random tests (MPS_SEED replays one). @public */
export const SEED = Number((globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env["MPS_SEED"] ?? 0x5eed);

/** A trace with the fields the contract names. @public */
export class TestTrace implements Trace {
  readonly ti = 0;
  white: ZoneSet = 0;
  mayMove: ZoneSet = 0;
  emergency = false;
  /** `TraceSetEmergency`. */
  enterEmergency(): void {
    this.emergency = true;
  }
  condemned = 0;
  forwardedSize = 0;
  preservedInPlaceSize = 0;
  reclaimSize = 0;
}

/** A scan state like @mps/trace's: zone test, then the page table, then the white segment's fix. @public */
export class TestScanState implements ScanState {
  readonly sig = 1;
  readonly traces: TraceSet;
  readonly zoneShift: number;
  readonly white: ZoneSet;
  unfixedSummary: RefSet = 0;
  fixedSummary: RefSet = 0;
  wasMarked = true;
  fixes = 0;
  constructor(
    readonly arena: Arena,
    readonly trace: Trace,
    readonly rank: Rank,
  ) {
    this.traces = 1 << trace.ti;
    this.zoneShift = arena.zoneShift;
    this.white = trace.white;
  }
  fix1(ref: Addr): boolean {
    const zone = (ref >>> this.zoneShift) & 31;
    this.unfixedSummary |= 1 << zone;
    return ((this.white >>> zone) & 1) !== 0;
  }
  fix2(ref: Addr): Addr {
    const seg = this.arena.segOfAddr(ref);
    let nu = ref;
    this.wasMarked = true;
    if (seg !== undefined && (seg.white & this.traces) !== 0) {
      this.fixes++;
      nu = seg.fix(this, ref);
    }
    if (nu !== 0) this.fixedSummary |= 1 << ((nu >>> this.zoneShift) & 31);
    return nu;
  }
  fix(ref: Addr): Addr {
    return this.fix1(ref) ? this.fix2(ref) : ref;
  }
  scanArea(base: Addr, limit: Addr): void {
    const u32 = this.arena.mem.u32;
    for (let p = base; p < limit; p += 4) {
      const ref = u32[p >>> 2]!;
      if (this.fix1(ref)) u32[p >>> 2] = this.fix2(ref);
    }
  }
  scanAreaMasked(base: Addr, limit: Addr, mask: number): void {
    scanAreaMasked(this, base, limit, { mask, pattern: 0 });
  }
  scanAreaTagged(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTagged(this, base, limit, { mask, pattern });
  }
  scanAreaTaggedOrZero(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTaggedOrZero(this, base, limit, { mask, pattern });
  }
  summary(): RefSet {
    return (this.fixedSummary | (this.unfixedSummary & ~this.white)) >>> 0;
  }
}

function lowestRank(rs: RankSet): Rank {
  for (let r = 0; r < 4; r++) if ((rs & (1 << r)) !== 0) return r as Rank;
  return RankV.EXACT;
}

function gcSegs(pools: Pool[]): GCSeg[] {
  const out: GCSeg[] = [];
  for (const p of pools) for (const s of p.segs()) out.push(s as GCSeg);
  return out;
}

/** Roots of a test collection: word values, fixed (and written back) at their rank. @public */
export interface TestRoots {
  exact?: number[];
  ambig?: number[];
  weak?: number[];
}

/** What a test collection saw. @public */
export interface CollectResult {
  trace: TestTrace;
  scans: number;
}

/** Steps the tests can stop between. @public */
export interface CollectHooks {
  /** After whiten and greyen, before the roots are scanned. */
  afterCondemn?: (trace: TestTrace) => void;
  /** After the flip, before the segments are scanned. */
  afterFlip?: (trace: TestTrace) => void;
  /** Before reclaim. */
  beforeReclaim?: (trace: TestTrace) => void;
}

/**
 * One collection of the generations `gens` (default: every generation the
 * pools' segments are in) over `pools`, with `roots`.
 * @public
 */
export function collect(arena: Arena, pools: Pool[], roots: TestRoots = {}, hooks: CollectHooks = {}, gens?: GenDesc[]): CollectResult {
  const trace = new TestTrace();
  const condemnGens = new Set<GenDesc>(
    gens ??
      pools.flatMap((p) => {
        const pg = (p as unknown as { pgen?: { gen: GenDesc } }).pgen;
        return pg === undefined ? [] : [pg.gen];
      }),
  );
  for (const g of condemnGens) g.startTrace(trace.ti);
  // .contract.whiten
  for (const seg of gcSegs(pools)) {
    if (seg.pgen !== undefined && condemnGens.has(seg.pgen.gen)) {
      seg.whiten(trace);
      if ((seg.white & 1) !== 0) trace.white = (trace.white | zoneSetOfRange(seg.base, seg.limit, arena.zoneShift)) >>> 0;
    }
  }
  // .contract.greyen
  for (const seg of gcSegs(pools)) {
    if (seg.rankSet !== 0 && (seg.white & 1) === 0 && (seg.summary & trace.white) !== 0) seg.greyen(trace);
  }
  hooks.afterCondemn?.(trace);
  // .contract.flip: roots in rank order, then buffers.
  const fixAll = (vals: number[] | undefined, rank: Rank): void => {
    if (vals === undefined) return;
    const ss = new TestScanState(arena, trace, rank);
    for (let i = 0; i < vals.length; i++) vals[i] = ss.fix(vals[i]!);
  };
  fixAll(roots.ambig, RankV.AMBIG);
  fixAll(roots.exact, RankV.EXACT);
  fixAll(roots.weak, RankV.WEAK);
  for (const p of pools) for (const b of p.buffers()) b.flip();
  hooks.afterFlip?.(trace);
  // .contract.scan
  let scans = 0;
  for (;;) {
    const grey = gcSegs(pools).find((s) => (s.grey & 1) !== 0);
    if (grey === undefined) break;
    const ss = new TestScanState(arena, trace, lowestRank(grey.rankSet));
    const total = grey.scan(ss);
    scans++;
    grey.setSummary(total ? ss.summary() : (grey.summary | ss.summary()) >>> 0);
    grey.setGrey(grey.grey & ~1);
    if (scans > 100000) throw new Error("collect: scanning does not end");
  }
  hooks.beforeReclaim?.(trace);
  // .contract.reclaim
  for (const seg of gcSegs(pools)) if ((seg.white & 1) !== 0) seg.reclaim(trace);
  for (const g of condemnGens) g.endTrace(trace.ti);
  return { trace, scans };
}

// ----- object graphs in the test format -------------------------------------

/** The test format over the arena's memory. @public */
export function makeFormat(arena: Arena, h: 0 | 8 = 0): Format {
  return arena.createFormat(testFormat(arena.mem, h));
}

/** Allocate and initialise an object of `nslots` slots through `ap` (the reserve/commit loop). @public */
export function allocObj(arena: Arena, ap: AP, h: 0 | 8, id: number, nslots: number, leaf = false): Addr {
  const size = testObjectSize(nslots);
  let p: Addr;
  let obj: Addr;
  do {
    p = ap.reserve(size);
    obj = initTestObject(arena.mem, p, h, id, nslots, leaf);
  } while (!ap.commit(p, size));
  return obj;
}

/** Store `ref` in slot `i` of `obj`. @public */
export function setSlot(arena: Arena, obj: Addr, h: 0 | 8, i: number, ref: Addr): void {
  arena.mem.u32[testObjectSlotAddr(obj, h, i) >>> 2] = ref;
}

/** Slot `i` of `obj`. @public */
export function getSlot(arena: Arena, obj: Addr, h: 0 | 8, i: number): Addr {
  return arena.mem.u32[testObjectSlotAddr(obj, h, i) >>> 2]!;
}

/** A model object: its address, id and slots (ids, or -1 for null). @public */
export interface ModelObj {
  addr: Addr;
  id: number;
  slots: number[];
  size: number;
}

/** The ids reachable from `roots` in the model. @public */
export function reachable(model: Map<number, ModelObj>, roots: number[]): Set<number> {
  const seen = new Set<number>();
  const stack = roots.filter((r) => r >= 0);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const s of model.get(id)!.slots) if (s >= 0 && !seen.has(s)) stack.push(s);
  }
  return seen;
}

/** Check that every object in `ids` has its id and slots in memory. Returns the first mismatch, or "". @public */
export function verify(arena: Arena, model: Map<number, ModelObj>, ids: Iterable<number>, h: 0 | 8): string {
  for (const id of ids) {
    const o = model.get(id)!;
    if (testObjectId(arena.mem, o.addr, h) !== id) return `object ${id} at ${o.addr} has id ${testObjectId(arena.mem, o.addr, h)}`;
    if (testObjectSlots(arena.mem, o.addr, h) !== (testObjectSize(o.slots.length) - 8) / 4) return `object ${id} has ${testObjectSlots(arena.mem, o.addr, h)} slots`;
    for (let i = 0; i < o.slots.length; i++) {
      const want = o.slots[i]! < 0 ? 0 : model.get(o.slots[i]!)!.addr;
      if (getSlot(arena, o.addr, h, i) !== want) return `object ${id} slot ${i} is ${getSlot(arena, o.addr, h, i)}, not ${want}`;
    }
  }
  return "";
}
