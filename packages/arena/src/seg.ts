/**
 * Segments (design.mps.seg): contiguous runs of grains owned by a pool,
 * with the trace state the collector keeps per segment (grey, white,
 * nailed, rank set, summary) and the shield's fields (pm, sm, depth).
 * `Seg` is the abstract class; `GCSeg` adds the summary, the buffer and the
 * grey rings for collected pools. Generic functions check and dispatch to
 * protected `*Method` hooks, as for pools. See docs/design/arena.md `.seg`.
 * .critical: Seg.fix (dispatch only), Seg.setGrey, Seg.setSummary (called by the tracer per segment).
 */

import {
  type AccessMode, type Addr, type Seg as MpmSeg, type FormattedObjectsVisitor, type Inst, type ObjectFormat, type RankSet, type RefSet, type ScanState, type Size, type Trace,
  type TraceSet, type WriteStream, COOL, MpsError, RANK_LIMIT, RANK_SET_EMPTY, SIG_INVALID, TRACE_SET_EMPTY, TRACE_SET_UNIV, ZONE_SET_EMPTY,
  ZONE_SET_UNIV, addrHex, aver, averCritical, checkL, checkS, checkU, describeLine, isRankSet, paramError, rankSetIsMember, traceSetIsMember,
  unimpl, zoneSetDescribe, zoneSetOfRange,
} from "@mps/mpm";
import type { Range } from "@mps/land";
import { Ring } from "@mps/ring";
import { ACCESS_READ, ACCESS_WRITE, shieldSegCheck } from "@mps/shield";
import { EVENT_KIND_ARENA, EVENT_KIND_SEG, eventGenZoneSet, eventSegAlloc, eventSegAllocFail, eventSegFree, eventSegMerge, eventSegSplit, eventResCode } from "@mps/telemetry";
import { SIG_GCSEG, SIG_POOL, SIG_SEG } from "./api.js";
import type { Buffer } from "./buffer.js";
import type { PoolGen } from "./chain.js";
import { LocusPref, type ZoneGroup } from "./locus.js";
import type { Pool } from "./pool.js";

/**
 * Options of a segment class's constructor. Classes extend it with their own.
 * @public
 */
export interface SegOpts {
  /** @internal Set by `split`: the segment being split; the new one takes [base, base + size) from it. */
  splitOf?: Seg;
}

/**
 * A segment class: `segAlloc` calls `new klass(pool, base, size, opts)`
 * after allocating the grains.
 * @public
 */
export type SegClass<S extends Seg = Seg, O extends SegOpts = SegOpts> = new (pool: Pool, base: Addr, size: Size, opts: O) => S;

function checkTraceSet(ts: TraceSet, what: string): void {
  if (!(Number.isInteger(ts) && ts >= 0 && ts <= TRACE_SET_UNIV)) paramError(`${what}: not a trace set: ${String(ts)}`);
}

/**
 * The segment (design.mps.seg): the abstract class every segment class extends.
 *
 * @remarks
 * A class author extends `Seg` (or {@link GCSeg}), calls
 * `super(pool, base, size, opts)` first, and overrides the hooks for what
 * its pool needs: `setGreyMethod`, `setWhiteMethod`, `setRankSetMethod`,
 * `setSummaryMethod`, `bufferMethod` / `setBufferMethod` /
 * `unsetBufferMethod`, `bufferFillMethod` / `bufferEmptyMethod`,
 * `flipMethod`, `accessMethod`, `whitenMethod`, `greyenMethod`,
 * `blackenMethod`, `scanMethod`, `fixMethod`, `fixEmergencyMethod`,
 * `reclaimMethod`, `walkMethod`, `splitMethod` / `mergeMethod` (calling
 * `super` first) and `finishMethod` (calling `super` last). A hook the
 * class does not override throws `UNIMPL` (the MPS's segNo methods), except
 * `flip` and `walk`, which do nothing (segTriv).
 * @public
 */
export abstract class Seg implements Inst, MpmSeg {
  /** {@link SIG_SEG} while live, SIG_INVALID once freed. */
  sig: number = SIG_INVALID;
  /** The segment's id in the arena's page table. */
  readonly id: number;
  /** The pool that owns the segment. */
  readonly pool: Pool;
  /** The base address. */
  readonly base: Addr;
  /** The limit address (changes when the segment is split or merged). */
  limit: Addr;
  /** The segment's node on its pool's ring of segments. */
  readonly poolRing: Ring<Seg>;
  /** Protection mode: the accesses the protection forbids (kept by the shield). */
  pm: AccessMode = 0;
  /** Shield mode: the accesses the shield wants forbidden. */
  sm: AccessMode = 0;
  /** Shield depth: how many times the segment is exposed. */
  depth = 0;
  /** In the shield's queue? */
  queued = false;
  /** Traces for which the segment is grey. */
  grey: TraceSet = TRACE_SET_EMPTY;
  /** Traces for which the segment is white. */
  white: TraceSet = TRACE_SET_EMPTY;
  /** Traces for which the segment has nailed objects. */
  nailed: TraceSet = TRACE_SET_EMPTY;
  /** The ranks of references the segment may contain. */
  rankSet: RankSet = RANK_SET_EMPTY;
  /** Scans to go before the write barrier is raised again (design.mps.write-barrier). */
  defer = 0;
  /** The segment's id in the arena's telemetry. */
  readonly telId: number;

  /**
   * `SegInit`: make a segment over [base, base + size), grains the arena
   * has just allocated to `pool`, and enter it in the page table. Called by
   * {@link segAlloc}; pool classes never call it directly.
   */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    if (pool === null || typeof pool !== "object" || pool.sig !== SIG_POOL) paramError("Seg: not a live pool");
    const arena = pool.arena;
    const limit = base + size;
    if (opts.splitOf === undefined) {
      aver((base & (arena.grainSize - 1)) === 0 && size > 0 && (size & (arena.grainSize - 1)) === 0, "Seg: grain-aligned range");
      if (COOL) {
        for (let a = base; a < limit; a += arena.grainSize) {
          aver(arena.addrPool(a) === pool, "Seg: the grains are the pool's");
          aver(arena.segOfAddr(a) === undefined, "Seg: the grains are in no segment");
        }
      }
    }
    this.pool = pool;
    this.base = base;
    this.limit = limit;
    this.poolRing = new Ring<Seg>(this);
    this.id = arena.segRegister(this);
    this.telId = arena.telemetry.newId();
    if (opts.splitOf === undefined) arena.setSegIds(base, limit, this.id);
    pool.segRing.append(this.poolRing);
    this.sig = SIG_SEG;
  }

  /** The class's name, for describe output. */
  get className(): string {
    return this.constructor.name;
  }

  /** `SegSize`. */
  size(): Size {
    return this.limit - this.base;
  }

  /** The summary of references out of the segment: everything, for a segment that keeps none. */
  get summary(): RefSet {
    return ZONE_SET_UNIV;
  }

  /** Throw `PARAM` if the segment is not live. */
  checkLive(what: string): void {
    if (this.sig !== SIG_SEG) paramError(`${what}: the segment is ${this.sig === SIG_INVALID ? "freed" : "not a segment"}`);
  }

  // ----- generic functions ---------------------------------------------------

  /** `SegSetGrey`: the segment is grey for the traces in `grey`. */
  setGrey(grey: TraceSet): void {
    if (COOL) {
      this.checkLive("Seg.setGrey");
      checkTraceSet(grey, "Seg.setGrey");
    }
    this.setGreyMethod(grey);
  }

  /** `SegSetWhite`. */
  setWhite(white: TraceSet): void {
    if (COOL) {
      this.checkLive("Seg.setWhite");
      checkTraceSet(white, "Seg.setWhite");
    }
    this.setWhiteMethod(white);
  }

  /** `SegSetRankSet`. */
  setRankSet(rankSet: RankSet): void {
    this.checkLive("Seg.setRankSet");
    if (!isRankSet(rankSet)) paramError(`Seg.setRankSet: not a rank set: ${String(rankSet)}`);
    this.setRankSetMethod(rankSet);
  }

  /** `SegSetSummary`. */
  setSummary(summary: RefSet): void {
    if (COOL) this.checkLive("Seg.setSummary");
    this.setSummaryMethod(summary >>> 0);
  }

  /** `SegSetRankAndSummary`. */
  setRankSummary(rankSet: RankSet, summary: RefSet): void {
    this.checkLive("Seg.setRankSummary");
    if (!isRankSet(rankSet)) paramError(`Seg.setRankSummary: not a rank set: ${String(rankSet)}`);
    this.setRankSummaryMethod(rankSet, summary >>> 0);
  }

  /** `SegBuffer`: the buffer attached to the segment, if any. */
  buffer(): Buffer | undefined {
    return this.bufferMethod();
  }

  /** `SegSetBuffer`: attach `buffer` (called by the buffer when it attaches). */
  setBuffer(buffer: Buffer): void {
    this.checkLive("Seg.setBuffer");
    aver(buffer.pool === this.pool, "Seg.setBuffer: the buffer belongs to the segment's pool");
    this.setBufferMethod(buffer);
  }

  /** `SegUnsetBuffer`: detach the buffer. */
  unsetBuffer(): void {
    this.checkLive("Seg.unsetBuffer");
    this.unsetBufferMethod();
  }

  /** `SegBufferScanLimit`: the limit of the objects that may be scanned. */
  bufferScanLimit(): Addr {
    const b = this.buffer();
    return b === undefined ? this.limit : b.scanLimit();
  }

  /**
   * `SegBufferFill`: try to fill `buffer` with at least `size` bytes from
   * this segment, setting `rangeReturn`; false if the segment has no room.
   */
  bufferFill(rangeReturn: Range, size: Size, buffer: Buffer): boolean {
    this.checkLive("Seg.bufferFill");
    return this.bufferFillMethod(rangeReturn, size, buffer);
  }

  /** `SegBufferEmpty`: take back the unused part of `buffer`, attached to this segment. */
  bufferEmpty(buffer: Buffer): void {
    this.checkLive("Seg.bufferEmpty");
    this.bufferEmptyMethod(buffer);
  }

  /** `SegFlip`: raise the barrier for a trace that has flipped. */
  flip(trace: Trace): void {
    this.flipMethod(trace);
  }

  /** `SegAccess`: the mutator hit the barrier at `addr` with `mode`. */
  access(addr: Addr, mode: AccessMode): void {
    if (COOL) {
      this.checkLive("Seg.access");
      aver(addr >= this.base && addr < this.limit, "Seg.access: the address is in the segment");
    }
    this.accessMethod(addr, mode);
  }

  /** `SegWhiten`: condemn the segment for `trace`. */
  whiten(trace: Trace): void {
    if (COOL) this.checkLive("Seg.whiten");
    this.whitenMethod(trace);
  }

  /** `SegGreyen`: make the non-white objects grey for `trace`. */
  greyen(trace: Trace): void {
    if (COOL) this.checkLive("Seg.greyen");
    this.greyenMethod(trace);
  }

  /** `SegBlacken`: make grey objects black for `traceSet` without scanning. */
  blacken(traceSet: TraceSet): void {
    if (COOL) this.checkLive("Seg.blacken");
    this.blackenMethod(traceSet);
  }

  /** `SegScan`: scan the grey objects; returns true if the scan was total. */
  scan(ss: ScanState): boolean {
    if (COOL) {
      this.checkLive("Seg.scan");
      aver(this.rankSet !== RANK_SET_EMPTY, "Seg.scan: the segment has references");
    }
    return this.scanMethod(ss);
  }

  /**
   * `SegFix`: `ref`, in this segment, is reachable; returns its new value.
   * @remarks Critical path: one assertion at cool, then the class's hook.
   */
  fix(ss: ScanState, ref: Addr): Addr {
    if (COOL) averCritical(ref >= this.base && ref < this.limit, "Seg.fix: the reference is in the segment");
    return this.fixMethod(ss, ref);
  }

  /** `SegFixEmergency`: as {@link Seg.fix}, allocating nothing. */
  fixEmergency(ss: ScanState, ref: Addr): Addr {
    if (COOL) averCritical(ref >= this.base && ref < this.limit, "Seg.fixEmergency: the reference is in the segment");
    return this.fixEmergencyMethod(ss, ref);
  }

  /** `SegReclaim`: reclaim what `trace` found dead. */
  reclaim(trace: Trace): void {
    if (COOL) this.checkLive("Seg.reclaim");
    this.reclaimMethod(trace);
  }

  /** `SegWalk`: visit every object in the segment. */
  walk(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    this.checkLive("Seg.walk");
    this.walkMethod(format, visitor);
  }

  /**
   * `SegSplit`: split the segment at `at` (a grain boundary strictly inside
   * it). This segment keeps [base, at) and the new one, of the same class,
   * is returned with [at, limit). Throws `PARAM` on a bad `at` or when a
   * buffer straddles it; the segment is unchanged then.
   */
  split(at: Addr): Seg {
    this.checkLive("Seg.split");
    const arena = this.pool.arena;
    const base = this.base;
    const limit = this.limit;
    if (!(Number.isInteger(at) && at > base && at < limit && (at & (arena.grainSize - 1)) === 0)) {
      paramError(`Seg.split: ${String(at)} is not a grain boundary inside [${addrHex(base)}, ${addrHex(limit)})`);
    }
    const b = this.buffer();
    if (b !== undefined && b.base < at && b.poolLimit > at) paramError("Seg.split: a buffer straddles the split point");
    if (this.queued && arena.shield !== undefined) arena.shield.flush();
    aver(this.depth === 0 && !this.queued, "Seg.split: the segment is not exposed or queued");
    const Ctor = this.constructor as SegClass;
    const hi = new Ctor(this.pool, at, limit - at, { splitOf: this });
    try {
      this.splitMethod(hi, base, at, limit);
    } catch (e) {
      hi.abandonSplit();
      throw e;
    }
    if (COOL) {
      this.check();
      hi.check();
    }
    const tel = arena.telemetry;
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventSegSplit(tel, this.telId, this.telId, hi.telId, at);
    return hi;
  }

  /**
   * `SegMerge`: merge `hi`, the segment just above this one, of the same
   * class and pool, into this one, which is returned. Throws `PARAM` if the
   * segments are not adjacent, of one class and pool, and alike in their
   * trace state; nothing changes then.
   */
  merge(hi: Seg): Seg {
    this.checkLive("Seg.merge");
    if (hi === null || typeof hi !== "object" || hi.sig !== SIG_SEG) paramError("Seg.merge: not a live segment");
    if (hi.constructor !== this.constructor) paramError("Seg.merge: the segments are of different classes");
    if (hi.pool !== this.pool) paramError("Seg.merge: the segments belong to different pools");
    if (hi.base !== this.limit) paramError("Seg.merge: the segments are not adjacent");
    if (this.white !== hi.white || this.nailed !== hi.nailed || this.grey !== hi.grey || this.rankSet !== hi.rankSet) {
      paramError("Seg.merge: the segments differ in their trace state");
    }
    if (this.buffer() !== undefined && hi.buffer() !== undefined) paramError("Seg.merge: both segments have buffers");
    const shield = this.pool.arena.shield;
    if ((this.queued || hi.queued) && shield !== undefined) shield.flush();
    aver(this.depth === 0 && !this.queued && hi.depth === 0 && !hi.queued, "Seg.merge: neither segment is exposed or queued");
    this.mergeMethod(hi, this.base, this.limit, hi.limit);
    if (COOL) this.check();
    const tel = this.pool.arena.telemetry;
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventSegMerge(tel, this.telId, hi.telId);
    return this;
  }

  /**
   * `SegFree`: give the segment and its grains back to the arena. Throws
   * `PARAM` if it is already freed; asserts that no buffer is attached and
   * the segment is not exposed.
   */
  free(): void {
    this.checkLive("Seg.free");
    aver(this.buffer() === undefined, "Seg.free: no buffer is attached");
    aver(this.depth === 0, "Seg.free: the segment is not exposed");
    const pool = this.pool;
    const arena = pool.arena;
    const base = this.base;
    const size = this.limit - base;
    const shield = arena.shield;
    if (shield !== undefined) {
      if (this.sm !== 0) shield.lower(this, this.sm);
      if (this.queued) shield.flush();
    }
    this.finishMethod();
    arena.free(base, size, pool);
    if ((arena.telemetry.control & EVENT_KIND_SEG) !== 0) eventSegFree(arena.telemetry, arena.telId, this.telId);
  }

  /** Undo the constructor of a segment made for a split that failed. */
  private abandonSplit(): void {
    this.poolRing.remove();
    this.pool.arena.segDeregister(this, this.id);
    this.sig = SIG_INVALID;
  }

  /** `SegCheck`. */
  check(): boolean {
    checkS(this, SIG_SEG, "Seg");
    checkU(this.pool, SIG_POOL, "Seg.pool");
    const arena = this.pool.arena;
    checkL((this.base & (arena.grainSize - 1)) === 0 && (this.limit & (arena.grainSize - 1)) === 0 && this.base < this.limit, "Seg: a grain-aligned range");
    checkL(this.grey >= 0 && this.grey <= TRACE_SET_UNIV && this.white >= 0 && this.white <= TRACE_SET_UNIV && this.nailed >= 0 && this.nailed <= TRACE_SET_UNIV, "Seg: trace sets");
    checkL((this.nailed & ~this.white) === 0, "Seg: nailed only where white");
    checkL(isRankSet(this.rankSet), "Seg: rankSet is a rank set");
    shieldSegCheck(this);
    if (COOL) {
      for (let a = this.base; a < this.limit; a += arena.grainSize) {
        checkL(arena.segOfAddr(a) === this, "Seg: the page table maps every grain to the segment");
      }
    }
    return this.checkMethod();
  }

  /** `SegDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Segment ${this.id} (class ${this.className}) [${addrHex(this.base)}, ${addrHex(this.limit)}) {`);
    const d = depth + 2;
    describeLine(stream, d, `pool ${this.pool.serial}`);
    describeLine(stream, d, `grey ${this.grey} white ${this.white} nailed ${this.nailed} rankSet ${this.rankSet}`);
    describeLine(stream, d, `shield: pm ${this.pm} sm ${this.sm} depth ${this.depth}${this.queued ? " queued" : ""}`);
    this.describeMethod(stream, d);
    describeLine(stream, depth, "}");
  }

  // ----- hooks ------------------------------------------------------------------

  /** `setGrey` for the class. */
  protected setGreyMethod(_grey: TraceSet): void {
    unimpl(`${this.className}: setGrey`);
  }
  /** `setWhite` for the class. */
  protected setWhiteMethod(_white: TraceSet): void {
    unimpl(`${this.className}: setWhite`);
  }
  /** `setRankSet` for the class. */
  protected setRankSetMethod(_rankSet: RankSet): void {
    unimpl(`${this.className}: setRankSet`);
  }
  /** `setSummary` for the class. */
  protected setSummaryMethod(_summary: RefSet): void {
    unimpl(`${this.className}: setSummary`);
  }
  /** `setRankSummary` for the class. */
  protected setRankSummaryMethod(_rankSet: RankSet, _summary: RefSet): void {
    unimpl(`${this.className}: setRankSummary`);
  }
  /** `buffer` for the class: a segment that keeps no buffer has none (`segNoBuffer`). */
  protected bufferMethod(): Buffer | undefined {
    return undefined;
  }
  /** `setBuffer` for the class. */
  protected setBufferMethod(_buffer: Buffer): void {
    unimpl(`${this.className}: setBuffer`);
  }
  /** `unsetBuffer` for the class. */
  protected unsetBufferMethod(): void {
    unimpl(`${this.className}: unsetBuffer`);
  }
  /** `bufferFill` for the class. */
  protected bufferFillMethod(_rangeReturn: Range, _size: Size, _buffer: Buffer): boolean {
    return unimpl(`${this.className}: bufferFill`);
  }
  /** `bufferEmpty` for the class. */
  protected bufferEmptyMethod(_buffer: Buffer): void {
    unimpl(`${this.className}: bufferEmpty`);
  }
  /** `flip` for the class: nothing to do by default (`segTrivFlip`). */
  protected flipMethod(_trace: Trace): void {
    // deliberately empty: a segment without a barrier has nothing to raise
  }
  /** `access` for the class. */
  protected accessMethod(_addr: Addr, _mode: AccessMode): void {
    unimpl(`${this.className}: access`);
  }
  /** `whiten` for the class. */
  protected whitenMethod(_trace: Trace): void {
    unimpl(`${this.className}: whiten`);
  }
  /** `greyen` for the class. */
  protected greyenMethod(_trace: Trace): void {
    unimpl(`${this.className}: greyen`);
  }
  /** `blacken` for the class. */
  protected blackenMethod(_traceSet: TraceSet): void {
    unimpl(`${this.className}: blacken`);
  }
  /** `scan` for the class. */
  protected scanMethod(_ss: ScanState): boolean {
    return unimpl(`${this.className}: scan`);
  }
  /** `fix` for the class. */
  protected fixMethod(_ss: ScanState, _ref: Addr): Addr {
    return unimpl(`${this.className}: fix`);
  }
  /** `fixEmergency` for the class. */
  protected fixEmergencyMethod(_ss: ScanState, _ref: Addr): Addr {
    return unimpl(`${this.className}: fixEmergency`);
  }
  /** `reclaim` for the class. */
  protected reclaimMethod(_trace: Trace): void {
    unimpl(`${this.className}: reclaim`);
  }
  /** `walk` for the class: visits nothing by default (`segTrivWalk`). */
  protected walkMethod(_format: ObjectFormat, _visitor: FormattedObjectsVisitor): void {
    // deliberately empty: a segment of unformatted memory has no objects to visit
  }

  /**
   * `split` for the class (`segTrivSplit`): `hi` was just constructed over
   * [mid, limit); take those grains from this segment. Subclasses call
   * `super.splitMethod` first and must not fail after it.
   */
  protected splitMethod(hi: Seg, _base: Addr, mid: Addr, limit: Addr): void {
    this.limit = mid;
    hi.rankSet = this.rankSet;
    hi.white = this.white;
    hi.nailed = this.nailed;
    hi.grey = this.grey;
    hi.pm = this.pm;
    hi.sm = this.sm;
    hi.depth = this.depth;
    hi.queued = this.queued;
    hi.defer = this.defer;
    this.pool.arena.setSegIds(mid, limit, hi.id);
  }

  /**
   * `merge` for the class (`segTrivMerge`): take [mid, limit) from `hi` and
   * finish it. Subclasses do their own fields first, then call `super.mergeMethod`.
   */
  protected mergeMethod(hi: Seg, _base: Addr, _mid: Addr, limit: Addr): void {
    const arena = this.pool.arena;
    arena.setSegIds(hi.base, limit, this.id);
    this.limit = limit;
    hi.poolRing.remove();
    arena.segDeregister(hi, hi.id);
    hi.sig = SIG_INVALID;
  }

  /** `finish` for the class: subclasses release their own fields, then call `super.finishMethod()`. */
  protected finishMethod(): void {
    const arena = this.pool.arena;
    this.poolRing.remove();
    arena.setSegIds(this.base, this.limit, 0);
    arena.segDeregister(this, this.id);
    this.rankSet = RANK_SET_EMPTY;
    this.pm = 0;
    this.sm = 0;
    this.sig = SIG_INVALID;
  }

  /** The class's own checks. */
  protected checkMethod(): boolean {
    return true;
  }

  /** Describe the class's own fields. */
  protected describeMethod(_stream: WriteStream, _depth: number): void {
    // deliberately empty
  }
}

/**
 * A segment of a pool that keeps no trace state (the MPS's plain `Seg`
 * class): manual pools that want segments use it or extend it.
 * @public
 */
export class PlainSeg extends Seg {}

/**
 * A segment of a collected pool (the MPS's `GCSeg`): a summary of the
 * references out of it, the buffer attached to it, and its place on the
 * arena's grey ring for its rank while it is grey.
 * @public
 */
export class GCSeg extends Seg {
  /** {@link SIG_GCSEG} while live. */
  gcSig: number = SIG_INVALID;
  /** The summary of references out of the segment (empty while it has no ranks). */
  private summaryValue: RefSet = ZONE_SET_EMPTY;
  /** The buffer attached to the segment, if any. */
  private bufferRef: Buffer | undefined = undefined;
  /** The segment's node on the arena's grey ring of its rank. */
  readonly greyRing: Ring<Seg>;
  /**
   * The pool generation the segment was allocated into, set by the pool;
   * the tracer condemns a generation by whitening its segments
   * (docs/design/trace.md `.contract.gen`). Undefined for a pool without generations.
   */
  pgen: PoolGen | undefined = undefined;

  /** `gcSegInit`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.greyRing = new Ring<Seg>(this);
    this.gcSig = SIG_GCSEG;
  }

  /**
   * May a read barrier hit at `addr` be handled by fixing that one word
   * (`SegSingleAccess`), leaving the segment grey and protected? The
   * tracer asks before scanning the whole segment. The base answer is no;
   * AWL says yes for a limited number of hits (design.mps.poolawl
   * `.access.single`), so that a weak segment read before the weak band is
   * not scanned whole as exact, keeping alive what it refers to weakly.
   */
  singleAccess(_addr: Addr): boolean {
    return false;
  }

  /** The summary of references out of the segment. */
  override get summary(): RefSet {
    return this.summaryValue;
  }

  /**
   * Change greyness and keep the grey rings (`gcSegSetGreyInternal`). A
   * segment grey for a flipped trace is read-protected, so the black mutator
   * cannot load a reference it has not fixed (the read barrier).
   */
  private setGreyInternal(oldGrey: TraceSet, grey: TraceSet): void {
    this.grey = grey;
    const arena = this.pool.arena;
    const shield = arena.shield;
    if (shield !== undefined) {
      const flipped = arena.flippedTraces;
      const was = (oldGrey & flipped) !== 0;
      const now = (grey & flipped) !== 0;
      if (now && !was) shield.raise(this, ACCESS_READ);
      else if (was && !now && (this.sm & ACCESS_READ) !== 0) shield.lower(this, ACCESS_READ);
    }
    if (oldGrey === TRACE_SET_EMPTY) {
      if (grey !== TRACE_SET_EMPTY) {
        let rank = 0;
        while (rank < RANK_LIMIT && !rankSetIsMember(this.rankSet, rank as 0)) rank++;
        aver(rank < RANK_LIMIT, "GCSeg.setGrey: a grey segment has a rank");
        (this.pool.arena.greyRings[rank] as Ring<Seg>).insert(this.greyRing);
      }
    } else if (grey === TRACE_SET_EMPTY) {
      this.greyRing.remove();
    }
  }

  /** `gcSegSetGrey`: needs a rank; keeps the arena's grey rings. */
  protected override setGreyMethod(grey: TraceSet): void {
    if (COOL) averCritical(this.rankSet !== RANK_SET_EMPTY || grey === TRACE_SET_EMPTY, "GCSeg.setGrey: only a segment with references can be grey");
    this.setGreyInternal(this.grey, grey);
  }

  /** `gcSegSetWhite`. */
  protected override setWhiteMethod(white: TraceSet): void {
    this.white = white;
  }

  /** `gcSegSetRankSet`: a segment with no ranks has an empty summary. */
  protected override setRankSetMethod(rankSet: RankSet): void {
    if (rankSet === RANK_SET_EMPTY) {
      if (this.grey !== TRACE_SET_EMPTY) this.setGreyInternal(this.grey, TRACE_SET_EMPTY);
      this.summaryValue = ZONE_SET_EMPTY;
    }
    this.rankSet = rankSet;
  }

  /** `gcSegSetSummary`: only a segment with ranks has a summary. */
  protected override setSummaryMethod(summary: RefSet): void {
    aver(this.rankSet !== RANK_SET_EMPTY || summary === ZONE_SET_EMPTY, "GCSeg.setSummary: a segment without references has an empty summary");
    // A segment with a mutator buffer keeps a universal summary: the mutator
    // initialises new objects with plain stores that no barrier sees.
    const buf = this.bufferRef;
    const s = buf !== undefined && buf.isMutator && this.rankSet !== RANK_SET_EMPTY ? ZONE_SET_UNIV : summary;
    this.summaryValue = s;
    // The write barrier (`mutatorSegSetSummary`): a summary that is not
    // universal must be kept true by trapping the mutator's stores.
    const shield = this.pool.arena.shield;
    if (shield !== undefined && this.rankSet !== RANK_SET_EMPTY) {
      if (s !== ZONE_SET_UNIV) {
        if ((this.sm & ACCESS_WRITE) === 0) shield.raise(this, ACCESS_WRITE);
      } else if ((this.sm & ACCESS_WRITE) !== 0) shield.lower(this, ACCESS_WRITE);
    }
  }

  /** `gcSegSetRankSummary`. */
  protected override setRankSummaryMethod(rankSet: RankSet, summary: RefSet): void {
    this.setRankSetMethod(rankSet);
    this.setSummaryMethod(rankSet === RANK_SET_EMPTY ? ZONE_SET_EMPTY : summary);
  }

  /** `gcSegBuffer`. */
  protected override bufferMethod(): Buffer | undefined {
    return this.bufferRef;
  }

  /** `gcSegSetBuffer`: a mutator buffer makes the summary universal (see `setSummaryMethod`). */
  protected override setBufferMethod(buffer: Buffer): void {
    this.bufferRef = buffer;
    if (buffer.isMutator && this.rankSet !== RANK_SET_EMPTY && this.summaryValue !== ZONE_SET_UNIV) this.setSummaryMethod(ZONE_SET_UNIV);
  }

  /** `gcSegUnsetBuffer`. */
  protected override unsetBufferMethod(): void {
    this.bufferRef = undefined;
  }

  /** `gcSegWhiten`: the whole segment is condemned. */
  protected override whitenMethod(trace: Trace): void {
    this.white = (this.white | (1 << trace.ti)) >>> 0;
  }

  /** `gcSegGreyen`: a segment not white for the trace becomes grey for it. */
  protected override greyenMethod(trace: Trace): void {
    if (!traceSetIsMember(this.white, trace.ti)) this.setGrey(this.grey | (1 << trace.ti));
  }

  /** `gcSegTrivBlacken`: nothing to do for a segment with no per-object colour. */
  protected override blackenMethod(_traceSet: TraceSet): void {
    // deliberately empty: colour is per segment here
  }

  /** `gcSegSplit`: the summary goes to both halves; a buffer above `mid` moves to `hi`. */
  protected override splitMethod(hi: Seg, base: Addr, mid: Addr, limit: Addr): void {
    const g = hi as GCSeg;
    const grey = this.grey;
    let buf = this.bufferRef;
    if (buf !== undefined && !(buf.base >= mid)) buf = undefined;
    super.splitMethod(hi, base, mid, limit);
    g.grey = TRACE_SET_EMPTY;
    g.summaryValue = this.summaryValue;
    g.setGreyInternal(TRACE_SET_EMPTY, grey);
    if (buf !== undefined) {
      g.bufferRef = buf;
      this.bufferRef = undefined;
      buf.reassignSeg(g);
    }
  }

  /** `gcSegMerge`: summaries unite; `hi`'s buffer moves to this segment. */
  protected override mergeMethod(hi: Seg, base: Addr, mid: Addr, limit: Addr): void {
    const g = hi as GCSeg;
    const buf = g.bufferRef;
    this.summaryValue = (this.summaryValue | g.summaryValue) >>> 0;
    if (g.grey !== TRACE_SET_EMPTY) g.setGreyInternal(g.grey, TRACE_SET_EMPTY);
    g.summaryValue = ZONE_SET_EMPTY;
    g.bufferRef = undefined;
    g.gcSig = SIG_INVALID;
    super.mergeMethod(hi, base, mid, limit);
    if (buf !== undefined) {
      this.bufferRef = buf;
      buf.reassignSeg(this);
    }
  }

  /** `gcSegFinish`: off the grey ring; no buffer may be attached. */
  protected override finishMethod(): void {
    if (this.grey !== TRACE_SET_EMPTY) this.setGreyInternal(this.grey, TRACE_SET_EMPTY);
    aver(this.bufferRef === undefined, "GCSeg.finish: no buffer is attached");
    this.summaryValue = ZONE_SET_EMPTY;
    this.gcSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `GCSegCheck`. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.gcSig }, SIG_GCSEG, "GCSeg");
    if (this.bufferRef !== undefined) {
      checkL(this.bufferRef.pool === this.pool, "GCSeg: the buffer belongs to the segment's pool");
      checkL(this.bufferRef.rankSet() === this.rankSet, "GCSeg: the buffer's ranks are the segment's");
    }
    checkL((this.grey === TRACE_SET_EMPTY) === this.greyRing.isSingle(), "GCSeg: on a grey ring exactly when grey");
    if (this.rankSet === RANK_SET_EMPTY) checkL(this.summaryValue === ZONE_SET_EMPTY, "GCSeg: no ranks, no summary");
    return true;
  }

  /** Summary and buffer. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `summary ${zoneSetDescribe(this.summaryValue)}`);
    describeLine(stream, depth, `buffer ${this.bufferRef === undefined ? "none" : this.bufferRef.serial}`);
  }
}

/**
 * `SegAlloc`: allocate `size` bytes (a multiple of the grain) of grains to
 * `pool`, placed by `pref`, and make a segment of `klass` over them. Throws
 * what `Arena.alloc` throws, and what the class's constructor throws, with
 * the grains given back then.
 * @public
 */
export function segAlloc<S extends Seg, O extends SegOpts>(klass: SegClass<S, O>, pref: LocusPref, size: Size, pool: Pool, opts: O): S {
  if (typeof klass !== "function") paramError("segAlloc: not a segment class");
  const arena = pool.arena;
  const tel = arena.telemetry;
  let base: Addr;
  try {
    base = arena.alloc(pref, size, pool);
  } catch (e) {
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventSegAllocFail(tel, arena.telId, size, pool.telId, eventResCode(e instanceof MpsError ? e.code : undefined));
    throw e;
  }
  try {
    const seg = new klass(pool, base, size, opts);
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventSegAlloc(tel, arena.telId, seg.telId, base, size, pool.telId);
    return seg;
  } catch (e) {
    // The base constructor may have entered the segment before a subclass failed.
    const half = arena.segOfAddr(base);
    if (half !== undefined) {
      half.poolRing.remove();
      arena.setSegIds(half.base, half.limit, 0);
      arena.segDeregister(half, half.id);
      half.sig = SIG_INVALID;
    }
    arena.free(base, size, pool);
    throw e;
  }
}

/**
 * Allocate a segment for a group that keeps its segments in few zones (a
 * generation: the MPS's `PoolGenAlloc`): prefer the group's zones, avoid the
 * blacklist, and add the new segment's zones to the group.
 * @public
 */
export function segAllocInZones<S extends Seg, O extends SegOpts>(klass: SegClass<S, O>, group: ZoneGroup, size: Size, pool: Pool, opts: O): S {
  const arena = pool.arena;
  const pref = new LocusPref();
  pref.zones = group.zones;
  pref.avoid = arena.blacklist();
  const seg = segAlloc(klass, pref, size, pool, opts);
  const old = group.zones;
  group.zones = (group.zones | zoneSetOfRange(seg.base, seg.limit, arena.zoneShift)) >>> 0;
  const tel = arena.telemetry;
  if (group.zones !== old && (tel.control & EVENT_KIND_ARENA) !== 0) eventGenZoneSet(tel, arena.telId, group.telId ?? 0, group.zones);
  return seg;
}
