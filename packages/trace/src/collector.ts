/**
 * The tracing collector (design.mps.trace, design.mps.collection,
 * design.mps.strategy): it starts traces when a chain's generation is over
 * capacity or when the client asks, condemns, flips, scans grey segments in
 * rank order in increments bounded by the arena's pause time, reclaims, and
 * posts the GC messages. The pools do the per-object work through the
 * segment protocol (docs/design/trace.md `.contract`).
 * .critical: none here (the per-reference work is in ScanState); work units are per segment.
 */

import type { Arena, Chain, GCSeg, GenDesc, Pool, Root, Seg } from "@mps/arena";
import {
  type Addr, type AccessMode, type Collector, type Rank, type WriteStream, COOL, RANK_LIMIT, Rank as RankV, ZONE_SET_UNIV,
  aver, assertFail, checkL, describeLine, paramError, rankSetIsMember, zoneSetInters, zoneSetOfRange,
} from "@mps/mpm";
import { ACCESS_READ, ACCESS_WRITE } from "@mps/shield";
import {
  EVENT_KIND_ARENA, EVENT_KIND_SEG, EVENT_KIND_TRACE, eventArenaAccessBegin, eventArenaAccessEnd, eventArenaPollBegin, eventArenaPollEnd, eventSegScan,
  eventTraceBandAdvance, eventTraceCondemnAll, eventTraceCreate, eventTraceDestroy, eventTraceEndGen, eventTraceFlipBegin, eventTraceFlipEnd,
  eventTraceCreatePoolGen, eventTraceReclaim, eventTraceStart, eventTraceStatScan,
} from "@mps/telemetry";
import { RootsWalkScanState, ScanState } from "./scan-state.js";
import { Trace, TraceState } from "./trace.js";
import { Transform } from "./transform.js";

/** `TraceStartWhy` values (from `@mps/arena`'s messages), repeated as constants so the hot paths need no lookups. */
const WHY_CHAIN_GEN0CAP = 0;
const WHY_DYNAMICCRITERION = 1;
const WHY_OPPORTUNISM = 2;
const WHY_CLIENTFULL_INCREMENTAL = 3;
const WHY_CLIENTFULL_BLOCK = 4;
const WHY_EXTENSION = 6;

/** How much work a trace does per byte it scans, as a fraction of allocation (the MPS's `TraceWorkFactor`). */
const TRACE_WORK_FACTOR = 0.25;
/** The collection rate assumed before the first full collection, in bytes per second (`ARENA_DEFAULT_COLLECTION_RATE`). */
const COLLECTION_RATE = 25 * 1024 * 1024;
/** The most of its idle time the collector spends on full collections (`ARENA_MAX_COLLECT_FRACTION`). */
const MAX_COLLECT_FRACTION = 0.1;
/** The cost of copying a byte relative to scanning it (`TraceCopyScanRATIO`). */
const TRACE_COPY_SCAN_RATIO = 1.5;

/** The rank set of final and weak references: scanned after everything else. */
const LATE_RANKS = (1 << RankV.FINAL) | (1 << RankV.WEAK);

/**
 * The lowest rank in a segment's rank set: the grey ring it is on.
 */
function lowestRank(rankSet: number): Rank {
  for (let r = 0; r < RANK_LIMIT; r++) if (rankSetIsMember(rankSet, r as Rank)) return r as Rank;
  return RankV.EXACT;
}

/**
 * The collector of an arena (`ArenaCollect`, `ArenaStep`, `ArenaPoll`, ...):
 * install it with the arena option `collector: traceCollector`.
 *
 * @remarks
 * One trace runs at a time. A collection goes through the states of
 * {@link (TraceState:variable)}: *unflipped* after condemning (pools whiten
 * their segments) and greying (segments and roots whose summaries meet the
 * condemned zones); *flipped* after the roots are scanned and the mutator's
 * buffers flipped, with grey segments left to scan, lowest rank first;
 * *reclaim* when nothing is grey. Each call of `poll` or `step` does work in
 * units of one segment until the pause time is spent. Grey segments are
 * read-protected after the flip and segments with a summary that is not
 * universal are write-protected, through the arena's shield: with the
 * software barrier the mutator's `loadRef`/`storeRef` hit them; with no
 * barrier the shield does their work before returning to the mutator.
 * @public
 */
export class TraceCollector implements Collector {
  /** `"trace"`. */
  readonly name = "trace";
  /** The arena collected. */
  readonly arena: Arena;
  /** The one trace, reused for each collection. */
  readonly trace: Trace;
  /** Scan states per rank, reused. */
  private readonly scanStates: ScanState[] = [];
  /** Clamped (or parked): no trace starts and `poll` does no work. */
  private clamped = false;
  /** Inside collector work (`mps_arena_busy`). */
  private working = false;
  /** Collections finished (`mps_collections`). */
  private collectionCount = 0;
  /** The generations the current trace condemned. */
  private readonly condemnedGens = new Set<GenDesc>();
  /** How long the last full collection took, in clocks. */
  private lastWorldDuration = 0;
  /** The clock when the last full collection finished, or -1 before the first. */
  private lastWorldEnd = -1;
  /** `arena.fillMutatorSize` when the last full collection started. */
  private fillAtLastWorld = 0;
  /** The clock when the running full collection started, or -1 if none is running. */
  private worldStart = -1;
  /** Committed minus spare memory when the last full collection ended (0 before the first): the heap-growth rule's base. */
  private inUseAfterWorld = 0;
  /** After `postmortem`: no more work. */
  private dead = false;
  /**
   * The running trace must finish before the mutator runs again: it has
   * weak or final roots, which cannot be protected (`.roots.late`).
   */
  private atomic = false;
  /** Some segment taking part in the running trace has final or weak references. */
  private lateSegs = false;

  /** Make the collector of `arena`. */
  constructor(arena: Arena) {
    this.arena = arena;
    this.trace = new Trace(0);
    for (let r = 0; r < RANK_LIMIT; r++) this.scanStates.push(new ScanState(arena, this.trace, r as Rank));
    if (!arena.messages.hasTraceMessages(0)) arena.messages.prepareTraceMessages(0);
  }

  // ----- the Collector interface ------------------------------------------------

  /** `ArenaPoll`: if a trace is running, or a chain is ready, do up to a pause's worth of work. */
  poll(): void {
    if (this.working || this.clamped || this.dead) return;
    if (this.trace.state === TraceState.NONE) {
      if (this.arena.collectWorldRequested) this.startWorldTrace(WHY_CLIENTFULL_INCREMENTAL);
      else if (this.dynamicCriterion()) this.startWorldTrace(WHY_DYNAMICCRITERION);
      else if (this.heapGrowthCriterion()) this.startWorldTrace(WHY_EXTENSION);
      else {
        const chain = this.readyChain();
        if (chain === undefined) return;
        this.startChainTrace(chain);
      }
    }
    this.work(this.arena.pauseTime());
  }

  /**
   * `mps_arena_step`: work for up to `interval` × `multiplier` seconds. With
   * no trace running, starts one for a chain that is ready, or a full
   * collection if something has been allocated since the last and the time
   * given is at least what the last full collection took. Returns true if
   * there was work to do.
   */
  step(interval: number, multiplier: number): boolean {
    if (this.working || this.dead) return false;
    const seconds = interval * multiplier;
    if (this.trace.state === TraceState.NONE) {
      const chain = this.readyChain();
      if (this.arena.collectWorldRequested) this.startWorldTrace(WHY_CLIENTFULL_INCREMENTAL);
      else if (this.dynamicCriterion()) this.startWorldTrace(WHY_DYNAMICCRITERION);
      else if (this.heapGrowthCriterion()) this.startWorldTrace(WHY_EXTENSION);
      else if (chain !== undefined) this.startChainTrace(chain);
      else if (this.shouldCollectWorld(seconds)) this.startWorldTrace(WHY_OPPORTUNISM);
      else return false;
    }
    this.work(seconds);
    return true;
  }

  /** `mps_arena_start_collect`: park, start a full collection, release. */
  startCollect(): void {
    if (this.dead) return;
    this.park();
    this.startWorldTrace(WHY_CLIENTFULL_INCREMENTAL);
    this.clamped = false;
  }

  /** `mps_arena_collect`: a full collection to the end; the arena is left parked. */
  collect(): void {
    if (this.dead) return;
    this.park();
    this.startWorldTrace(WHY_CLIENTFULL_BLOCK);
    this.park();
  }

  /** `mps_arena_park`: clamp, then finish the running trace. */
  park(): void {
    this.clamped = true;
    while (this.trace.state !== TraceState.NONE && !this.dead) this.work(Infinity);
  }

  /** `mps_arena_clamp`: no new traces, and no work except in `step`. */
  clamp(): void {
    this.clamped = true;
  }

  /** `mps_arena_release`: the collector may work again when polled. */
  release(): void {
    this.clamped = false;
  }

  /**
   * `mps_arena_postmortem`: stop collecting and lower every barrier, so the
   * heap can be inspected as it is (the running trace is abandoned).
   */
  postmortem(): void {
    this.clamped = true;
    this.dead = true;
    const shield = this.arena.shield;
    if (shield === undefined) return;
    for (const pool of this.arena.pools()) {
      for (const seg of pool.segs()) if (seg.sm !== 0) shield.lower(seg, seg.sm);
    }
    const prot = this.arena.protection;
    this.arena.roots.forEach((root) => {
      if (root.protectable && root.pm !== 0 && prot !== undefined) prot.set(root.protBase, root.protLimit, 0);
    });
  }

  /** `mps_collections`. */
  collections(): number {
    return this.collectionCount;
  }

  /** `mps_arena_busy`: inside collector work. */
  busy(): boolean {
    return this.working;
  }

  /**
   * `ArenaAccess`: the mutator hit a barrier (or, with no barrier, the shield
   * found a protected grain on leaving). A read of a grey segment scans it;
   * a write to a segment makes its summary universal; a write to a root
   * does the same for the root. Each lowers the protection it hit.
   */
  access(addr: Addr, mode: AccessMode): void {
    const arena = this.arena;
    const tel = arena.telemetry;
    if ((tel.control & EVENT_KIND_ARENA) !== 0) eventArenaAccessBegin(tel, arena.telId, addr, mode);
    try {
      this.accessInner(addr, mode);
    } finally {
      if ((tel.control & EVENT_KIND_ARENA) !== 0) eventArenaAccessEnd(tel, arena.telId);
    }
  }

  private accessInner(addr: Addr, mode: AccessMode): void {
    const arena = this.arena;
    const seg = arena.segOfAddr(addr) as GCSeg | undefined;
    if (seg !== undefined) {
      const shield = arena.shield!;
      const wasWorking = this.working;
      this.working = true;
      shield.enter();
      try {
        if ((mode & ACCESS_READ) !== 0 && (seg.grey & arena.flippedTraces) !== 0) {
          const r = this.rankForAccess(seg);
          if (this.singleAccess(seg, addr, r)) return;
          this.scanSeg(seg, r);
        }
        if ((mode & ACCESS_WRITE) !== 0 && seg.rankSet !== 0 && seg.summary !== ZONE_SET_UNIV) seg.setSummary(ZONE_SET_UNIV);
        // Whatever is still forbidden of what was hit comes down now.
        if ((seg.sm & mode) !== 0) shield.lower(seg, seg.sm & mode);
      } finally {
        shield.leave();
        this.working = wasWorking;
      }
      return;
    }
    const root = arena.roots.rootOfAddr(addr);
    if (root !== undefined) {
      const pm = root.access(ACCESS_WRITE);
      arena.protection?.set(root.protBase, root.protLimit, pm);
      return;
    }
    assertFail(`TraceCollector.access: an access (mode ${mode}) hit ${addr}, which is neither a segment nor a protected root`, "trace.access");
  }

  /**
   * `TraceRankForAccess`: the rank at which a barrier hit scans `seg`. Before
   * the final band everything is scanned as exact (a weak reference the
   * mutator is about to read must not be splatted before the exact
   * references are done, so it is kept, which is safe); in the final band a
   * segment of final references only is scanned as final; in the weak band
   * at the segment's own (weak) rank.
   */
  private rankForAccess(seg: GCSeg): Rank {
    const band = this.trace.band;
    if (band <= RankV.EXACT) return RankV.EXACT;
    if (band === RankV.FINAL) return seg.rankSet === 1 << RankV.FINAL ? RankV.FINAL : RankV.EXACT;
    return lowestRank(seg.rankSet);
  }

  /**
   * `SegSingleAccess`: if the segment's pool asks for it (AWL, whose weak
   * segments would otherwise be scanned whole as exact, keeping everything
   * they refer to), fix only the word the mutator is reading, at `rank`, and
   * leave the segment grey and protected. Only a read through the software
   * barrier names the word; returns false when the access must be handled
   * whole.
   */
  private singleAccess(seg: GCSeg, addr: Addr, rank: Rank): boolean {
    if (!this.arena.protection?.hasBarrier || (addr & 3) !== 0 || !seg.singleAccess(addr)) return false;
    const mem = this.arena.mem;
    const ref = mem.u32[addr >>> 2]!;
    // .single.aligned: a word that is not word-aligned is not a reference (as the MPS assumes).
    if ((ref & 3) === 0) {
      const ss = this.scanStates[rank]!;
      ss.reset(rank);
      const nu = ss.fix(ref);
      if (nu !== ref) mem.u32[addr >>> 2] = nu;
      seg.setSummary((seg.summary | ss.summary()) >>> 0);
    }
    return true;
  }

  /**
   * `mps_arena_roots_walk`: park, then scan every root with a walker that
   * reports each reference into a formatted pool (docs/design/trace.md `.walk.roots`).
   */
  rootsWalk(visit: (ref: Addr, root: object) => void): void {
    this.park();
    const ss = new RootsWalkScanState(this.arena, this.trace, visit);
    this.arena.roots.forEach((root: Root) => {
      ss.reset(root.rank);
      ss.root = root;
      root.scan(ss);
    });
    ss.finish();
  }

  /** `mps_transform_create`: a new, empty transform over the arena (docs/design/trace.md `.transform`). */
  createTransform(): Transform {
    return new Transform(this);
  }

  /**
   * `TransformApply`'s collection: park, then run one trace to its end that
   * condemns the segments `condemn` accepts and scans with `states` (one
   * per rank), which replace old references as they fix. The arena is left
   * parked. For {@link Transform.apply} only.
   */
  transformTrace(condemn: (seg: GCSeg) => boolean, states: readonly ScanState[]): void {
    if (this.dead) paramError("Transform.apply: the arena is in the postmortem state");
    aver(states.length === RANK_LIMIT, "TraceCollector.transformTrace: a scan state per rank");
    this.park();
    const own = this.scanStates.slice();
    for (let r = 0; r < RANK_LIMIT; r++) this.scanStates[r] = states[r]!;
    try {
      this.startTrace(WHY_EXTENSION, condemn);
      this.park();
    } finally {
      for (let r = 0; r < RANK_LIMIT; r++) this.scanStates[r] = own[r]!;
    }
  }

  /** Abandon the trace when the arena is destroyed (the arena checks that pools are gone first). */
  finish(): void {
    this.dead = true;
    for (const ss of this.scanStates) ss.finish();
  }

  /** The collector's state and its trace. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Collector trace: ${this.collectionCount} collections${this.clamped ? ", clamped" : ""}${this.dead ? ", dead" : ""}`);
    this.trace.describe(stream, depth + 2);
  }

  /** Check the collector's invariants. */
  check(): boolean {
    const t = this.trace;
    checkL(t.state >= TraceState.NONE && t.state <= TraceState.RECLAIM, "TraceCollector: trace state");
    checkL(t.state === TraceState.NONE || this.arena.messages !== undefined, "TraceCollector: messages");
    checkL((this.arena.flippedTraces !== 0) === (t.state === TraceState.FLIPPED || t.state === TraceState.RECLAIM), "TraceCollector: flipped traces match the state");
    return true;
  }

  // ----- policy -------------------------------------------------------------------

  /**
   * The dynamic criterion (`PolicyStartTrace`, design.mps.strategy): start a
   * full collection when the memory still available is less than what one
   * would need, from the memory in use and the top generation's mortality.
   * Without it, objects promoted into the top generation (which no chain
   * collects) would fill the arena.
   */
  private dynamicCriterion(): boolean {
    const arena = this.arena;
    const spare = arena.spareCommitted();
    const inUse = arena.committed() - spare;
    if (inUse === 0) return false;
    const survivors = inUse * (1 - arena.chains.topGen.mortality);
    const traceWork = survivors * (1 + TRACE_COPY_SCAN_RATIO);
    const needed = survivors + traceWork * TRACE_WORK_FACTOR;
    const limit = Math.min(arena.reserved(), arena.commitLimit());
    const avail = limit - arena.committed() + spare;
    return avail < needed;
  }

  /**
   * The heap-growth rule (not in the MPS; the arena option `heapGrowth`):
   * start a full collection when the memory in use exceeds the factor times
   * what was in use after the last full collection, and also the total
   * capacity of the chains' generations, which chain collections keep in
   * check by themselves (so that a small heap is not collected in full over
   * and over). The MPS's top generation has no capacity, so without this
   * rule it grows until the dynamic criterion finds the arena nearly full.
   */
  private heapGrowthCriterion(): boolean {
    const arena = this.arena;
    const factor = arena.heapGrowth();
    if (factor === Infinity) return false;
    const inUse = arena.committed() - arena.spareCommitted();
    if (inUse <= factor * this.inUseAfterWorld) return false;
    let capacity = 0;
    arena.chains.forEach((chain) => {
      for (const gen of chain.gens) capacity += gen.capacity;
    });
    return inUse > capacity;
  }

  /** The first chain with a generation over capacity (`PolicyStartTrace`'s chain choice), if any. */
  private readyChain(): Chain | undefined {
    let found: Chain | undefined;
    this.arena.chains.forEach((chain) => {
      if (found === undefined && chain.isReadyToCollect()) found = chain;
    });
    return found;
  }

  /**
   * `PolicyShouldCollectWorld`: with `seconds` of idle time offered, is a
   * full collection worth starting? Only if there is collectable memory, the
   * time offered is more than a full collection is expected to take (the
   * last one's duration, or an estimate from the collectable size before the
   * first), the client has allocated since the last one, and either that
   * allocation is a tenth of the collectable memory or ten times the
   * expected duration has passed since (the MPS's rule), so that an idle
   * loop of steps does not collect over and over.
   */
  private shouldCollectWorld(seconds: number): boolean {
    if (!(seconds > 0)) return false;
    const arena = this.arena;
    let collectable = 0;
    for (const pool of arena.pools()) if (pool.attrs.gc) collectable += pool.totalSize();
    if (collectable === 0) return false;
    const cps = arena.plinth.clocksPerSec();
    const expected = this.lastWorldEnd < 0 ? collectable / COLLECTION_RATE : this.lastWorldDuration / cps;
    if (seconds <= expected) return false;
    if (this.lastWorldEnd < 0) return true;
    // Something must have been allocated since the last one (survivors it
    // promoted do not count), and either a tenth of the collectable memory
    // or enough time must have passed.
    const allocated = arena.fillMutatorSize - this.fillAtLastWorld;
    if (allocated <= 0) return false;
    return allocated * 10 >= collectable || (arena.clock() - this.lastWorldEnd) / cps > expected / MAX_COLLECT_FRACTION;
  }

  // ----- starting a trace -------------------------------------------------------------

  /** Condemn generations 0 to the highest one over capacity of `chain` (`policyCondemnChain`). */
  private startChainTrace(chain: Chain): void {
    const top = chain.topCondemnedGen();
    aver(top >= 0, "TraceCollector.startChainTrace: the chain is ready");
    const gens = new Set<GenDesc>();
    for (let i = 0; i <= top; i++) gens.add(chain.gens[i]!);
    this.startTrace(WHY_CHAIN_GEN0CAP, (seg) => seg.pgen !== undefined && gens.has(seg.pgen.gen));
  }

  /** Condemn every segment of every collected pool (`TraceStartCollectAll`). */
  private startWorldTrace(why: number): void {
    // Any full collection satisfies a request made at the end of a ramp.
    this.arena.collectWorldRequested = false;
    this.worldStart = this.arena.clock();
    this.fillAtLastWorld = this.arena.fillMutatorSize;
    this.startTrace(why, () => true);
  }


  /**
   * `TraceCreate` + `TraceCondemn` + `TraceStart`: whiten the segments
   * `condemn` accepts, then grey the segments and roots whose summaries
   * meet the condemned zones.
   */
  private startTrace(why: number, condemn: (seg: GCSeg) => boolean): void {
    const arena = this.arena;
    const t = this.trace;
    aver(t.state === TraceState.NONE, "TraceCollector.startTrace: no trace is running");
    t.begin(why, arena.clock());
    const tel = arena.telemetry;
    t.telId = tel.newId();
    if ((tel.control & EVENT_KIND_TRACE) !== 0) {
      eventTraceCreate(tel, t.telId, arena.telId, why);
      if (this.worldStart >= 0) eventTraceCondemnAll(tel, arena.telId, t.telId);
      this.eventPoolGens();
    }
    arena.messages.postTraceStart(t.ti, why as 0);
    const bit = 1 << t.ti;
    const zs = arena.zoneShift;
    // Collected pools are condemned by policy; pools that are scanned but
    // not collected (SNC, the finalization guardians) only take part as
    // grey segments, like roots (`.trace.scanned-only`).
    const gcSegs: GCSeg[] = [];
    const scanOnly: GCSeg[] = [];
    let lateRanks = false;
    for (const pool of arena.pools()) {
      const collected = pool.attrs.gc;
      if (!collected && !pool.attrs.scannable) continue;
      for (const s of pool.segs()) {
        if ((s.rankSet & LATE_RANKS) !== 0) lateRanks = true;
        (collected ? gcSegs : scanOnly).push(s as GCSeg);
      }
    }
    this.lateSegs = lateRanks;
    // Every generation with a condemned segment takes part in the trace.
    const gens = this.condemnedGens;
    gens.clear();
    for (const seg of gcSegs) {
      if (seg.pgen !== undefined && !gens.has(seg.pgen.gen) && condemn(seg)) {
        gens.add(seg.pgen.gen);
        seg.pgen.gen.startTrace(t.ti);
      }
    }
    for (const seg of gcSegs) {
      if (!condemn(seg)) continue;
      seg.whiten(t);
      if ((seg.white & bit) !== 0) {
        const zones = zoneSetOfRange(seg.base, seg.limit, zs);
        t.white = (t.white | zones) >>> 0;
        if (seg.pool.attrs.moving) t.mayMove = (t.mayMove | zones) >>> 0;
      }
    }
    for (const seg of gcSegs) {
      if ((seg.white & bit) === 0) {
        t.notCondemned += seg.size();
        if (seg.rankSet !== 0 && zoneSetInters(seg.summary, t.white)) seg.greyen(t);
      }
    }
    for (const seg of scanOnly) {
      if (seg.rankSet !== 0 && zoneSetInters(seg.summary, t.white)) seg.greyen(t);
    }
    arena.roots.forEach((root) => {
      if (zoneSetInters(root.summary, t.white)) root.markGrey(t.ti);
    });
    t.state = TraceState.UNFLIPPED;
    if ((tel.control & EVENT_KIND_TRACE) !== 0) {
      eventTraceStart(tel, arena.telId, t.telId, 0, 0, t.condemned, t.notCondemned, 0, t.white, 0);
    }
    // Flip before the mutator runs again: an object it made between the
    // condemn and the flip would be neither white nor grey, and a reference
    // in it to a white object would be lost.
    this.work(0);
  }

  /**
   * `TraceCreatePoolGen` for each pool's part of each generation, as a trace
   * is created: the sizes of the generations in the log (the MPS writes them
   * at the same point). Once per trace, with `Trace` events on.
   */
  private eventPoolGens(): void {
    const arena = this.arena;
    const tel = arena.telemetry;
    const visit = (gen: GenDesc): void => {
      for (const pg of gen.poolGens) {
        const poolId = (pg.pool as { telId?: number }).telId ?? 0;
        eventTraceCreatePoolGen(tel, gen.serial, gen.capacity, gen.mortality, gen.zones, poolId, pg.totalSize, pg.freeSize, pg.newSize, pg.oldSize, pg.newDeferredSize, pg.oldDeferredSize);
      }
    };
    arena.chains.forEach((chain) => {
      for (const gen of chain.gens) visit(gen);
    });
    visit(arena.chains.topGen);
  }

  // ----- doing the work -------------------------------------------------------------

  /**
   * Do units of work on the running trace until it ends or `seconds` have
   * passed (at least one unit). Work happens inside the shield; leaving it
   * makes the protection real (and, with no barrier, does the barrier's work).
   */
  private work(seconds: number): void {
    const arena = this.arena;
    const limit = seconds === Infinity ? Infinity : arena.clock() + seconds * arena.plinth.clocksPerSec();
    const wasWorking = this.working;
    this.working = true;
    const tel = arena.telemetry;
    if (!wasWorking && (tel.control & EVENT_KIND_ARENA) !== 0) eventArenaPollBegin(tel, arena.telId);
    try {
      do {
        const shield = arena.shield;
        if (shield !== undefined) shield.enter();
        try {
          // An atomic trace stays inside the shield to the end, so that
          // leaving it does no barrier work half-way.
          do this.advance();
          while (this.atomic && this.trace.state !== TraceState.NONE);
        } finally {
          if (shield !== undefined) shield.leave();
        }
      } while (this.trace.state !== TraceState.NONE && (this.atomic || arena.clock() < limit));
    } finally {
      this.working = wasWorking;
      if (!wasWorking && (tel.control & EVENT_KIND_ARENA) !== 0) eventArenaPollEnd(tel, arena.telId, true);
    }
  }

  /** One unit of work (`TraceAdvance`): the flip, one grey segment, or the reclaim. */
  private advance(): void {
    const t = this.trace;
    switch (t.state) {
      case TraceState.UNFLIPPED:
        this.flip();
        break;
      case TraceState.FLIPPED: {
        const rings = this.arena.greyRings;
        // In the final band every final segment is scanned before the exact
        // ones their fixes greyed (the MPS's first stretch of a band,
        // `.check.final.one-pass`): an object reachable only from another
        // finalizable object in a later guardian segment is then found
        // finalizable in the same collection (MPS job001658).
        if (t.band === RankV.FINAL) {
          const finals = rings[RankV.FINAL]!;
          if (!finals.isSingle()) {
            this.scanSeg(finals.next.owner as GCSeg, RankV.FINAL);
            return;
          }
        }
        for (let r = 0; r < RANK_LIMIT; r++) {
          const ring = rings[r]!;
          if (!ring.isSingle()) {
            if (r > t.band) {
              t.band = r;
              const tel = this.arena.telemetry;
              if ((tel.control & EVENT_KIND_TRACE) !== 0) eventTraceBandAdvance(tel, this.arena.telId, t.telId, r);
            }
            this.scanSeg(ring.next.owner as GCSeg, r as Rank);
            return;
          }
        }
        // Nothing grey below: the final, then the weak roots (which may grey more, for final).
        if (this.scanRoots(RankV.FINAL) > 0 || this.scanRoots(RankV.WEAK) > 0) break;
        t.state = TraceState.RECLAIM;
        break;
      }
      case TraceState.RECLAIM:
        this.reclaim();
        break;
      default:
        break;
    }
  }

  /**
   * `traceFlip`: scan the grey roots in rank order, flip the mutator's
   * buffers, age the location-dependency history with what may move, and
   * raise the read barrier on the grey segments.
   */
  private flip(): void {
    const arena = this.arena;
    const t = this.trace;
    const bit = 1 << t.ti;
    const tel = arena.telemetry;
    if ((tel.control & EVENT_KIND_TRACE) !== 0) eventTraceFlipBegin(tel, t.telId, arena.telId);
    // Ambiguous and exact roots now; final and weak roots only when everything
    // below their rank has been scanned (`.roots.late`).
    for (let r = 0; r <= RankV.EXACT; r++) this.scanRoots(r as Rank);
    let late = false;
    arena.roots.forEach((root: Root) => {
      if (root.rank > RankV.EXACT && (root.grey & bit) !== 0) late = true;
    });
    // With no barrier the shield's sync would scan every grey segment as
    // exact before the mutator runs (protan.c does so too), so weak and final
    // segments would never be judged at their own ranks: such a trace runs to
    // the end in one piece instead (`.atomic.no-barrier`).
    this.atomic = late || (this.lateSegs && arena.protection?.hasBarrier !== true);
    // Every buffer that may hold references is flipped, in scanned-only pools
    // (SNC) too: an object reserved before the flip may hold unfixed
    // references, so its commit must fail and the client make it again.
    for (const pool of arena.pools()) {
      if (!pool.attrs.gc && !pool.attrs.scannable) continue;
      for (const buf of (pool as Pool).buffers()) if (buf.isMutator) buf.flip();
    }
    if (t.mayMove !== 0) arena.history.age(t.mayMove);
    arena.flippedTraces = (arena.flippedTraces | bit) >>> 0;
    t.state = TraceState.FLIPPED;
    if ((tel.control & EVENT_KIND_TRACE) !== 0) eventTraceFlipEnd(tel, t.telId, arena.telId);
    // The read barrier: every segment grey now is protected from reads
    // (segments greyed later are protected by GCSeg.setGrey).
    const shield = arena.shield;
    if (shield !== undefined) {
      const rings = arena.greyRings;
      for (let r = 0; r < RANK_LIMIT; r++) {
        const ring = rings[r]!;
        for (let n = ring.next; n !== ring; n = n.next) {
          const seg = n.owner as Seg;
          if ((seg.sm & ACCESS_READ) === 0) shield.raise(seg, ACCESS_READ);
        }
      }
    }
  }

  /** Scan the grey roots of rank `r` (`rootFlip`); returns how many. */
  private scanRoots(r: Rank): number {
    const arena = this.arena;
    const t = this.trace;
    const bit = 1 << t.ti;
    let n = 0;
    arena.roots.forEach((root: Root) => {
      if (root.rank !== r || (root.grey & bit) === 0) return;
      const ss = this.scanStates[r]!;
      ss.reset(r);
      root.scan(ss);
      root.scanned(bit, ss.summary());
      t.rootScanCount++;
      n++;
      const prot = arena.protection;
      if (root.protectable && prot !== undefined) prot.set(root.protBase, root.protLimit, root.pm);
    });
    return n;
  }

  /**
   * `traceScanSeg`: scan `seg` at `rank` for the trace, set its summary
   * from what was found, and make it no longer grey.
   */
  private scanSeg(seg: GCSeg, rank: Rank): void {
    const t = this.trace;
    const bit = 1 << t.ti;
    const ss = this.scanStates[rank]!;
    ss.reset(rank);
    const wasTotal = seg.scan(ss);
    const found = ss.summary();
    seg.setSummary(wasTotal ? found : (seg.summary | found) >>> 0);
    seg.setGrey(seg.grey & ~bit);
    t.segScanCount++;
    t.segScanSize += seg.size();
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventSegScan(tel, seg.telId, seg.pool.telId, this.arena.telId, bit, rank);
  }

  /**
   * `traceReclaim` and `TraceDestroyFinished`: reclaim every segment white for
   * the trace, end the generations' part in it, post the GC message.
   */
  private reclaim(): void {
    const arena = this.arena;
    const t = this.trace;
    const bit = 1 << t.ti;
    const tel = arena.telemetry;
    const traceEvents = (tel.control & EVENT_KIND_TRACE) !== 0;
    if (traceEvents) eventTraceReclaim(tel, t.telId, arena.telId);
    const white: GCSeg[] = [];
    for (const pool of arena.pools()) {
      if (!pool.attrs.gc) continue;
      for (const s of pool.segs()) if ((s.white & bit) !== 0) white.push(s as GCSeg);
    }
    for (const seg of white) {
      seg.reclaim(t);
      // A pool that freed the segment is done with it; one that kept it must have cleared the white bit.
      if (COOL && this.arena.segOfAddr(seg.base) === seg) aver((seg.white & bit) === 0, "TraceCollector.reclaim: the pool cleared the white bit of a segment it kept");
    }
    for (const gen of this.condemnedGens) {
      if (traceEvents) {
        const c = gen.condemned[t.ti]!;
        const f = gen.forwarded[t.ti]!;
        const p = gen.preservedInPlace[t.ti]!;
        eventTraceEndGen(tel, arena.telId, t.telId, gen.serial, c, f, p, c > 0 ? 1 - (f + p) / c : 0, gen.mortality);
      }
      gen.endTrace(t.ti);
    }
    if (traceEvents) {
      eventTraceStatScan(tel, t.telId, arena.telId, t.rootScanCount, 0, 0, t.segScanCount, t.segScanSize, 0, 0, 0, 0, 0, 0, 0);
      eventTraceDestroy(tel, arena.telId, t.telId);
    }
    this.condemnedGens.clear();
    arena.flippedTraces = (arena.flippedTraces & ~bit) >>> 0;
    arena.messages.postTraceEnd(t.ti, t.liveSize(), t.condemned, t.notCondemned);
    arena.messages.prepareTraceMessages(t.ti);
    if (this.worldStart >= 0) {
      this.lastWorldEnd = arena.clock();
      this.lastWorldDuration = this.lastWorldEnd - this.worldStart;
      this.worldStart = -1;
      this.inUseAfterWorld = arena.committed() - arena.spareCommitted();
    }
    t.state = TraceState.NONE;
    this.atomic = false;
    this.collectionCount++;
  }
}

/**
 * The collector factory to pass as the arena option `collector`
 * (`Arena.create(ArenaClass.VM, { collector: traceCollector })`).
 * @public
 */
export function traceCollector(arena: import("@mps/mpm").Arena): Collector {
  return new TraceCollector(arena as unknown as Arena);
}
