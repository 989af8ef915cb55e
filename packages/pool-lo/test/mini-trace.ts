// A hand-made tracer for the segment-protocol tests: a Trace, a ScanState
// and one collection over given pools, following docs/design/trace.md
// `.contract.*` step by step (whiten, greyen, roots, flip, scan until nothing
// is grey, reclaim). It lets the pool be tested before and independently of
// @mps/trace.
import { Arena, ArenaClass, type ArenaOpts, type GCSeg, type GenDesc, type Pool, scanAreaMasked, scanAreaTagged, scanAreaTaggedOrZero } from "@mps/arena";
import {
  type Addr, type Rank, type RankSet, type RefSet, type ScanState, type Trace, type TraceSet, type ZoneSet, Rank as RankV, zoneSetOfRange,
} from "@mps/mpm";
import { selectPlatform } from "@mps/platform";

/** A VM arena. */
export function vmArena(size = 32 << 20, opts: ArenaOpts = {}): Arena {
  return Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform() });
}

/** A small deterministic generator (xorshift32). */
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

/** The seed of the random tests (MPS_SEED replays one). */
export const SEED = Number(process.env["MPS_SEED"] ?? 0x5eed);

/** A trace with the fields the contract names. */
export class TestTrace implements Trace {
  readonly ti = 0;
  white: ZoneSet = 0;
  mayMove: ZoneSet = 0;
  emergency = false;
  condemned = 0;
  forwardedSize = 0;
  preservedInPlaceSize = 0;
  reclaimSize = 0;
}

/** A scan state like @mps/trace's: zone test, then the page table, then the white segment's fix. */
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

/** Roots of a test collection: word values, fixed (and written back) at their rank. */
export interface TestRoots {
  exact?: number[];
  ambig?: number[];
  weak?: number[];
}

/** What a test collection saw. */
export interface CollectResult {
  trace: TestTrace;
  scans: number;
}

/** Steps the tests can stop between. */
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
