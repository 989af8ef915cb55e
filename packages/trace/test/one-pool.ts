/**
 * A tiny garbage-collected pool class for the tracer's own tests: one
 * object per segment, allocated with `pool.alloc`, in the test format of
 * `@mps/trace/test-util`. `OnePool` marks in place (like AMS); `OneCopyPool`
 * copies every surviving object to a fresh segment and leaves a forwarding
 * object (like AMC). They follow docs/design/trace.md `.contract` with
 * nothing else in the way, so a tracer bug shows here and not as a pool bug.
 */
import {
  type Arena, type Chain, type GenDesc, GCSeg, LocusPref, Pool, type PoolOpts, PoolGen, type SegOpts, definePoolAttrs, segAlloc,
} from "@mps/arena";
import { type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, RANK_SET_EMPTY, Rank, ZONE_SET_UNIV, alignUp, paramError, rankSetSingle } from "@mps/mpm";

/** A segment holding one object. */
export class OneSeg extends GCSeg {
  /** The object's client pointer. */
  obj: Addr = 0;
  /** Its block size. */
  objSize: Size = 0;
  /** Preserved by the current trace. */
  marked = false;
  /** Where the object went (copying pool), else 0. */
  forwardedTo: Addr = 0;
  /** Condemned at least once: its bytes are old in the pool generation. */
  aged = false;

  protected override whitenMethod(trace: Trace): void {
    this.setWhite(this.white | (1 << trace.ti));
    trace.condemned += this.objSize;
    const pgen = this.pgen;
    if (pgen !== undefined) {
      pgen.gen.condemn(trace.ti, this.objSize);
      if (!this.aged) pgen.accountForAge(0, this.objSize, false);
    }
    this.aged = true;
  }

  protected override scanMethod(ss: ScanState): boolean {
    const f = this.pool.format!;
    f.scan(ss, this.obj, this.obj + this.objSize);
    return true;
  }

  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const pool = this.pool as OnePool;
    if (ref !== this.obj) {
      if (ss.rank === Rank.AMBIG) {
        if (ref < this.base || ref >= this.base + this.objSize) return ref; // not in the object
      } else paramError(`OnePool.fix: ${ref} is not an object`);
    }
    if (this.forwardedTo !== 0) {
      ss.wasMarked = true;
      return ss.rank === Rank.AMBIG ? ref : this.forwardedTo;
    }
    if (this.marked) {
      ss.wasMarked = true;
      return ref;
    }
    ss.wasMarked = false;
    if (ss.rank === Rank.WEAK) return 0;
    if (pool.copying && ss.rank !== Rank.AMBIG) {
      const nu = pool.newObject(this.objSize, true);
      const u32 = pool.arena.mem.u32;
      u32.copyWithin(nu.obj >>> 2, this.obj >>> 2, (this.obj + this.objSize) >>> 2);
      this.pool.format!.fwd(this.obj, nu.obj);
      this.forwardedTo = nu.obj;
      ss.trace.forwardedSize += this.objSize;
      // The copy is grey: its references are not fixed yet.
      nu.setGrey(nu.grey | ss.traces);
      return nu.obj;
    }
    this.marked = true;
    this.setGrey(this.grey | ss.traces);
    return ref;
  }

  /** Visit the one object, unless a collection may find it dead (a transform finds objects so). */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    if (this.white === 0 && this.forwardedTo === 0) visitor(this.obj, format, this.pool);
  }

  protected override reclaimMethod(trace: Trace): void {
    const pool = this.pool as OnePool;
    const bit = 1 << trace.ti;
    if (this.marked) {
      this.marked = false;
      trace.preservedInPlaceSize += this.objSize;
      this.setWhite(this.white & ~bit);
      if (this.pgen !== undefined) this.pgen.gen.survived(trace.ti, 0, this.objSize);
      return;
    }
    if (this.pgen !== undefined) {
      if (this.forwardedTo !== 0) this.pgen.gen.survived(trace.ti, this.objSize, 0);
      this.pgen.accountForReclaim(this.objSize, false);
      this.pgen.accountForFree(this.size(), this.size(), 0, 0, false);
    }
    if (this.forwardedTo === 0) trace.reclaimSize += this.objSize;
    pool.objects.delete(this.obj);
    this.free();
  }
}

/** A segment of {@link OneSingleAccessPool}: a read hit may be handled one word at a time. */
export class OneSingleSeg extends OneSeg {
  /** Read hits handled singly. */
  singleHits = 0;
  override singleAccess(_addr: Addr): boolean {
    this.singleHits++;
    return true;
  }
}

/** Options of the tiny pools. */
export interface OnePoolOpts extends PoolOpts {
  /** The rank of the references in the pool's objects. @defaultValue Rank.EXACT */
  rank?: Rank;
  /** The generation to allocate in: a chain's generation 0, if given. */
  chain?: Chain;
  /** Allocate in the arena's top generation (which no chain collects). */
  top?: boolean;
}

/** One object per segment, marked in place. */
export class OnePool extends Pool {
  static readonly className: string = "One";
  static readonly attrs = definePoolAttrs({ gc: true, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) | rankSetSingle(Rank.WEAK) });
  /** Copy survivors? */
  readonly copying: boolean = false;
  /** Live objects: client pointer → segment. */
  readonly objects = new Map<Addr, OneSeg>();
  private readonly pref = new LocusPref();
  readonly pgen: PoolGen | undefined;
  /** The rank of the references in the objects. */
  readonly rank: Rank;
  /** The segment class. */
  protected segClass: typeof OneSeg = OneSeg;

  constructor(arena: Arena, opts: OnePoolOpts) {
    super(arena, opts);
    this.rank = opts.rank ?? Rank.EXACT;
    if (opts.format === undefined) paramError("OnePool: needs a format");
    this.pgen = opts.chain !== undefined ? new PoolGen(opts.chain.gens[0] as GenDesc, this) : opts.top === true ? new PoolGen(arena.chains.topGen, this) : undefined;
  }

  /** Make a segment for an object of `size` bytes (block size). */
  newObject(size: Size, forCollector = false): OneSeg {
    const seg = segAlloc(this.segClass, this.pref, alignUp(size, this.arena.grainSize), this, {} as SegOpts);
    seg.obj = seg.base + this.format!.headerSize;
    seg.objSize = size;
    seg.pgen = this.pgen;
    if (this.pgen !== undefined) {
      // Allocated, filled and emptied at once: the object's bytes are new.
      this.pgen.accountForAlloc(seg.size());
      this.pgen.accountForFill(size);
      this.pgen.accountForEmpty(size, 0, false);
    }
    // The mutator writes references into its objects with plain stores, so
    // the summary is universal until the collector scans the segment.
    seg.setRankSummary(rankSetSingle(this.rank), ZONE_SET_UNIV);
    this.objects.set(seg.obj, seg);
    void forCollector; // copies are accounted as new in the generation, as the MPS's promotion does
    return seg;
  }

  protected override allocMethod(size: Size): Addr {
    return this.newObject(size).base;
  }

  protected override totalSizeMethod(): Size {
    let n = 0;
    for (const s of this.segs()) n += s.size();
    return n;
  }

  protected override freeSizeMethod(): Size {
    let n = 0;
    for (const s of this.segs()) n += s.size() - (s as OneSeg).objSize;
    return n;
  }

  /** Give every segment's bytes back to the pool generation, then detach from it. */
  protected override finishMethod(): void {
    const pgen = this.pgen;
    if (pgen === undefined) return;
    for (const s of this.segs()) {
      const seg = s as OneSeg;
      const free = seg.size() - seg.objSize;
      pgen.accountForFree(seg.size(), free, seg.aged ? seg.objSize : 0, seg.aged ? 0 : seg.objSize, false);
    }
    pgen.finish();
  }
}

/** One object per segment, copied when it survives. */
export class OneCopyPool extends OnePool {
  static override readonly className: string = "OneCopy";
  static override readonly attrs = definePoolAttrs({ gc: true, moving: true, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) });
  override readonly copying: boolean = true;
}

/** One object per segment, with weak-capable segments that take read hits one word at a time (as AWL's). */
export class OneSingleAccessPool extends OnePool {
  static override readonly className: string = "OneSingle";
  protected override segClass: typeof OneSeg = OneSingleSeg;
}

/**
 * One object per segment, scanned but never collected (as SNC and the
 * finalization guardians): its objects are like roots, greyed by summary.
 */
export class OneScanPool extends OnePool {
  static override readonly className: string = "OneScan";
  static override readonly attrs = definePoolAttrs({ gc: false, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) });
}

export { RANK_SET_EMPTY };
