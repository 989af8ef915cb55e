/**
 * The MVT (Manual Variable Temporal) pool class (design.mps.poolmvt): manual
 * allocation through allocation points, free blocks kept in a CBS (failing
 * over to a free list threaded through the blocks), and a queue (ABQ) of
 * large free blocks reused oldest first. See docs/design/pool-mvt.md.
 * .critical: bufferFillMethod, bufferEmptyMethod, freeMethod (per refill and per free).
 */

import { ABQ, ABQ_VISIT_DELETE } from "@mps/abq";
import { CBSBlockStore, CBSFast } from "@mps/cbs";
import { FindDelete, Failover, Freelist, Range } from "@mps/land";
import {
  type Addr, type FreeBlockVisitor, type Size, type WriteStream, MpsError, addrHex, alignUp, byCheckLevel, checkL, defineSig, describeLine, paramError,
} from "@mps/mpm";
import { type Arena, Buffer, type BufferClass, LocusPref, Pool, type PoolOpts, Seg, definePoolAttrs, segAlloc } from "@mps/arena";

/**
 * The signature of a live MVT pool's class part.
 * @public
 */
export const SIG_MVT = defineSig("MVT", 0x519e3799);

/**
 * The defaults of the MVT options, as in the MPS (`MVT_*_DEFAULT`).
 * @public
 */
export const MVT_DEFAULTS = Object.freeze({
  /** `MPS_KEY_MIN_SIZE`. */
  minSize: 8,
  /** `MPS_KEY_MEAN_SIZE`. */
  meanSize: 32,
  /** `MPS_KEY_MAX_SIZE`. */
  maxSize: 8192,
  /** `MPS_KEY_MVT_RESERVE_DEPTH`. */
  mvtReserveDepth: 1024,
  /** `MPS_KEY_MVT_FRAG_LIMIT`, as a fraction. */
  mvtFragLimit: 0.3,
} as const);

/**
 * Options of an MVT pool (`mps_pool_create_k` with `mps_class_mvt()`).
 * @public
 */
export interface MVTOpts extends PoolOpts {
  /** `MPS_KEY_MIN_SIZE`: the smallest block the client expects to allocate, in bytes. A positive integer. @defaultValue 8 */
  minSize?: Size;
  /** `MPS_KEY_MEAN_SIZE`: the mean block size, at least `minSize`. @defaultValue 32 */
  meanSize?: Size;
  /** `MPS_KEY_MAX_SIZE`: the largest block usually allocated, at least `meanSize`, at most 2^30; larger blocks get segments of their own. @defaultValue 8192 */
  maxSize?: Size;
  /** `MPS_KEY_MVT_RESERVE_DEPTH`: the expected number of blocks live at once, a positive integer. @defaultValue 1024 */
  mvtReserveDepth?: number;
  /** `MPS_KEY_MVT_FRAG_LIMIT`: the fraction of free memory in [0, 1] below which the pool searches all its free blocks before taking a new segment. @defaultValue 0.3 */
  mvtFragLimit?: number;
  /** A limit on the CBS's blocks (the MPS's block pool budget); past it the free list takes the ranges. For tests of the fail-over. @defaultValue Infinity */
  cbsBlockLimit?: number;
}

/**
 * The statistics an MVT pool keeps (a subset of the MPS's meters).
 * @public
 */
export interface MVTStats {
  /** Buffer fills served from segments made for them. */
  segFills: number;
  /** Buffer fills of requests above `maxSize` (a segment each). */
  oversizeFills: number;
  /** Buffer fills served from the splinter (the unused tail of an earlier buffer). */
  splinterFills: number;
  /** Buffer fills served from the ABQ. */
  abqFills: number;
  /** Buffer fills served by searching the free blocks (the contingency). */
  contingencyFills: number;
  /** Contingency searches made because the free memory was above the fragmentation limit. */
  fragLimitContingencies: number;
  /** Contingency searches made because the arena refused a segment. */
  emergencyContingencies: number;
  /** Blocks dropped from a full ABQ. */
  abqOverflows: number;
  /** Segments given back to the arena when they became wholly free. */
  segReturns: number;
  /** Buffer fills that failed. */
  failures: number;
}

/**
 * A segment of an MVT pool.
 * @public
 */
export class MVTSeg extends Seg {}

const ALLOC_FAILURES = new Set(["RESOURCE", "MEMORY", "COMMIT_LIMIT"]);

function checkInt(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) paramError(`MVT: ${name} must be an integer in [${lo}, ${hi}], not ${String(v)}`);
  return v;
}

/**
 * The MVT pool class (`mps_class_mvt()`): manual variable-size allocation
 * through allocation points, for objects that tend to die in the order they
 * were born.
 *
 * @remarks
 * `alloc` is `UNIMPL`, as in the MPS: allocate with `createAp` and the
 * reserve/commit loop, free with `free(p, size)`. A buffer is filled with a
 * whole free block: the oldest large block from the ABQ, else (when free
 * memory is above the fragmentation limit) the first block that fits, else a
 * new segment of `maxSize` rounded to grains. A request above `maxSize` gets
 * a segment of its own. A segment that becomes wholly free goes back to the
 * arena. `free` refuses (`PARAM`, nothing changed) a block outside a segment
 * of the pool, one overlapping free memory (a double free) or a buffer's
 * unused part, and a misaligned address.
 * @public
 */
export class MVTPool extends Pool {
  /** The class's name. */
  static readonly className: string = "MVT";
  /** MVT supports allocation points and free. */
  static readonly attrs = definePoolAttrs({ free: true, buffer: true });

  /** {@link SIG_MVT} while live. */
  mvtSig = 0;
  /** `minSize`, aligned. */
  readonly minSize: Size;
  /** `meanSize`, aligned. */
  readonly meanSize: Size;
  /** `maxSize`, aligned. */
  readonly maxSize: Size;
  /** The reserve depth. */
  readonly reserveDepth: number;
  /** The fragmentation limit, in percent (as the MPS stores it). */
  readonly fragLimit: number;
  /** The size of the segments made for fills: `maxSize` rounded up to grains. */
  readonly fillSize: Size;
  /** Free blocks at least this large go on the ABQ: twice `fillSize`. */
  readonly reuseSize: Size;
  /** The ABQ's capacity. */
  readonly abqDepth: number;
  /** The statistics. */
  readonly stats: MVTStats = {
    segFills: 0, oversizeFills: 0, splinterFills: 0, abqFills: 0, contingencyFills: 0, fragLimitContingencies: 0, emergencyContingencies: 0, abqOverflows: 0, segReturns: 0, failures: 0,
  };

  /** The CBS's block store (its limit can be changed, for tests). */
  readonly blockStore: CBSBlockStore;
  private readonly cbs: CBSFast;
  private readonly freelist: Freelist;
  private readonly land: Failover;
  private readonly abq: ABQ<Range>;
  /** Bytes in segments. */
  private size: Size = 0;
  /** Bytes in free blocks of at least reuseSize (those the ABQ may hold). */
  private available: Size = 0;
  /** Buffers attached to regions of the pool. */
  private readonly attached: Buffer[] = [];
  /** The splinter: the unused tail of a buffer, kept for the next fill (empty when base = limit). */
  private splinterBase: Addr = 0;
  private splinterLimit: Addr = 0;
  private readonly pref = new LocusPref();
  private readonly rr = new Range();
  private readonly old = new Range();
  private readonly segOld = new Range();
  private overlapBase: Addr = 0;
  private overlapLimit: Addr = 0;
  private readonly deleteOverlapping: (r: Range, self: MVTPool) => number;

  /** `MVTInit`. Throws `PARAM` on a bad option. */
  constructor(arena: Arena, opts: MVTOpts) {
    super(arena, opts);
    try {
      const a = this.alignment;
      if (a < 8) paramError(`MVT: align must be at least 8 (the free list's minimum), not ${a}`);
      const minSize = checkInt("minSize", opts.minSize ?? MVT_DEFAULTS.minSize, 1, 2 ** 30);
      const meanSize = checkInt("meanSize", opts.meanSize ?? Math.max(MVT_DEFAULTS.meanSize, minSize), minSize, 2 ** 30);
      const maxSize = checkInt("maxSize", opts.maxSize ?? Math.max(MVT_DEFAULTS.maxSize, meanSize), meanSize, 2 ** 30);
      const depth = checkInt("mvtReserveDepth", opts.mvtReserveDepth ?? MVT_DEFAULTS.mvtReserveDepth, 1, 2 ** 24);
      const frag = opts.mvtFragLimit ?? MVT_DEFAULTS.mvtFragLimit;
      if (typeof frag !== "number" || !(frag >= 0 && frag <= 1)) paramError(`MVT: mvtFragLimit must be a number in [0, 1], not ${String(frag)}`);
      const limit = opts.cbsBlockLimit ?? Infinity;
      this.minSize = alignUp(minSize, a);
      this.meanSize = alignUp(meanSize, a);
      this.maxSize = alignUp(maxSize, a);
      this.reserveDepth = depth;
      this.fragLimit = Math.floor(frag * 100);
      this.fillSize = alignUp(this.maxSize, arena.grainSize);
      this.reuseSize = 2 * this.fillSize;
      this.abqDepth = Math.min(Math.max(3, Math.ceil((depth * this.meanSize) / this.reuseSize)), 2 ** 20);
      this.blockStore = new CBSBlockStore({ limit });
      const landOpts = { alignment: a, zoneShift: arena.zoneShift, owner: `MVT ${this.serial}` };
      this.cbs = new CBSFast({ ...landOpts, blockPool: this.blockStore });
      this.freelist = new Freelist(arena.mem, landOpts);
      this.land = new Failover(this.cbs, this.freelist, landOpts);
      this.abq = new ABQ<Range>(this.abqDepth, { owner: `MVT ${this.serial}` });
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.deleteOverlapping = (r, self) => (r.base < self.overlapLimit && self.overlapBase < r.limit ? ABQ_VISIT_DELETE : 0);
    this.mvtSig = SIG_MVT;
  }

  /** `availLimit`: when the free memory reaches this, a fill that the ABQ cannot serve searches the free blocks before taking a segment. */
  get availLimit(): Size {
    return Math.floor((this.size * this.fragLimit) / 100);
  }

  // ----- the free blocks: the land, `available` and the ABQ together ---------

  /** Drop the ABQ's entries overlapping [base, limit). */
  private abqDelete(base: Addr, limit: Addr): void {
    if (this.abq.isEmpty()) return;
    this.overlapBase = base;
    this.overlapLimit = limit;
    this.abq.iterate(this.deleteOverlapping, this);
  }

  /** `MVTReserve`: queue a fresh range (ABQ elements are never mutated); a full queue drops its oldest. */
  private reserveRange(base: Addr, limit: Addr): void {
    if (limit - base < this.reuseSize) return;
    const r = new Range(base, limit);
    while (!this.abq.push(r)) {
      // .impl.c.free.merge: the queue is full; the oldest block gives its
      // whole segments back to the arena, or is dropped from the queue.
      const oldest = this.abq.pop()!;
      this.stats.abqOverflows++;
      this.returnSegs(oldest.base, oldest.limit);
    }
  }

  /** `MVTInsert`: add [base, limit) to the free blocks. Throws `PARAM` (nothing changed) if it overlaps one. */
  private insert(base: Addr, limit: Addr): void {
    const rr = this.rr;
    this.land.insert(rr, base, limit);
    const r = this.reuseSize;
    if (base - rr.base >= r) this.available -= base - rr.base;
    if (rr.limit - limit >= r) this.available -= rr.limit - limit;
    if (rr.limit - rr.base >= r) {
      this.available += rr.limit - rr.base;
      this.abqDelete(rr.base, rr.limit);
      this.reserveRange(rr.base, rr.limit);
    }
  }

  /** `MVTDelete`: take [base, limit) out of the free blocks; `old` is the block it was in. */
  private deleted(base: Addr, limit: Addr, old: Range): void {
    const r = this.reuseSize;
    const oldBase = old.base; // copied: reserveRange may reuse `old`
    const oldLimit = old.limit;
    if (oldLimit - oldBase >= r) {
      this.available -= oldLimit - oldBase;
      this.abqDelete(oldBase, oldLimit);
      if (base - oldBase >= r) {
        this.available += base - oldBase;
        this.reserveRange(oldBase, base);
      }
      if (oldLimit - limit >= r) {
        this.available += oldLimit - limit;
        this.reserveRange(limit, oldLimit);
      }
    }
  }

  // ----- allocation points ----------------------------------------------------

  /** Make a segment of `size` bytes. */
  private segAlloc(size: Size): MVTSeg {
    const seg = segAlloc(MVTSeg, this.pref, size, this, {});
    this.size += size;
    return seg;
  }

  /** The contingency: the first free block of at least `size` bytes, deleted whole into `rangeReturn`. */
  private contingency(rangeReturn: Range, size: Size): boolean {
    const old = this.old;
    if (!this.land.findFirst(rangeReturn, old, size, FindDelete.ENTIRE)) return false;
    this.deleted(rangeReturn.base, rangeReturn.limit, old);
    this.stats.contingencyFills++;
    return true;
  }

  /** Plain buffers: MVT objects hold no references. */
  protected override bufferClassMethod(): BufferClass {
    return Buffer;
  }

  /** `MVTBufferFill`: find a region of at least `size` bytes for the buffer. */
  protected override bufferFillMethod(rangeReturn: Range, buffer: Buffer, size: Size): void {
    this.fill(rangeReturn, size);
    this.attached.push(buffer);
  }

  private fill(rangeReturn: Range, size: Size): void {
    if (size > this.fillSize) {
      // .arch.ap.no-fit.oversize: the buffer gets exactly the request; the
      // segment's tail becomes free (so no splinter comes from it).
      const seg = this.segAlloc(alignUp(size, this.arena.grainSize));
      const limit = seg.base + size;
      if (limit < seg.limit) this.insert(limit, seg.limit);
      rangeReturn.set(seg.base, limit);
      this.stats.oversizeFills++;
      return;
    }
    // .arch.ap.no-fit.return: the splinter, if it holds the request.
    if (this.splinterLimit - this.splinterBase >= size) {
      rangeReturn.set(this.splinterBase, this.splinterLimit);
      this.splinterBase = 0;
      this.splinterLimit = 0;
      this.stats.splinterFills++;
      return;
    }
    // The ABQ holds only blocks of at least reuseSize > fillSize >= size.
    const head = this.abq.peek();
    if (head !== undefined) {
      const old = this.old;
      this.land.delete(old, head.base, head.limit);
      this.deleted(head.base, head.limit, old);
      rangeReturn.set(head.base, head.limit);
      this.stats.abqFills++;
      return;
    }
    // .arch.contingency.fragmentation-limit: with much of the pool free, search the free blocks rather than grow.
    const free = this.land.size();
    if (free > 0 && free >= this.availLimit) {
      this.stats.fragLimitContingencies++;
      if (this.contingency(rangeReturn, size)) return;
    }
    try {
      const seg = this.segAlloc(this.fillSize);
      rangeReturn.set(seg.base, seg.limit);
      this.stats.segFills++;
      return;
    } catch (e) {
      if (!(e instanceof MpsError && ALLOC_FAILURES.has(e.code))) throw e;
      this.stats.emergencyContingencies++;
      this.flushSplinter();
      if (this.contingency(rangeReturn, size)) return;
      this.stats.failures++;
      throw e;
    }
  }

  /** `MVTBufferEmpty`: the unused part of the buffer's region becomes free. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const i = this.attached.indexOf(buffer);
    if (i >= 0) {
      this.attached[i] = this.attached[this.attached.length - 1]!;
      this.attached.pop();
    }
    const base = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (base >= limit) return;
    // Keep the larger of the old splinter and this tail; the other becomes free.
    if (limit - base < this.minSize || limit - base <= this.splinterLimit - this.splinterBase) {
      this.insert(base, limit);
      this.maybeReturnSeg(base);
      return;
    }
    this.flushSplinter();
    this.splinterBase = base;
    this.splinterLimit = limit;
  }

  /** Put the splinter, if any, into the free blocks. */
  private flushSplinter(): void {
    const base = this.splinterBase;
    const limit = this.splinterLimit;
    if (base >= limit) return;
    this.splinterBase = 0;
    this.splinterLimit = 0;
    this.insert(base, limit);
    this.maybeReturnSeg(base);
  }

  // ----- free -----------------------------------------------------------------

  /** Check a block to be freed; throws `PARAM`. */
  private checkFree(p: Addr, size: Size): Size {
    if ((p & (this.alignment - 1)) !== 0) paramError(`MVT.free: ${addrHex(p)} is not aligned to ${this.alignment}`);
    const sz = alignUp(size, this.alignment);
    let seg = this.arena.segOfAddr(p);
    // A block may cross into an adjacent segment of the pool (free blocks coalesce across segments).
    while (seg !== undefined && seg.pool === this && p + sz > seg.limit) seg = this.arena.segOfAddr(seg.limit);
    if (seg === undefined || seg.pool !== this) paramError(`MVT.free: [${addrHex(p)}, +${sz}) is not inside segments of this pool`);
    const att = this.attached;
    for (let i = 0; i < att.length; i++) {
      const b = att[i]!;
      // An empty unused region (init = poolLimit) may lie in a segment already returned: skip it.
      if (b.ap.init < b.poolLimit && p < b.poolLimit && b.ap.init < p + sz) paramError(`MVT.free: [${addrHex(p)}, +${sz}) overlaps an allocation point's unallocated region`);
    }
    if (p < this.splinterLimit && this.splinterBase < p + sz) paramError(`MVT.free: [${addrHex(p)}, +${sz}) overlaps free memory (the splinter)`);
    return sz;
  }

  /** `MVTFree`: the block becomes free. Throws `PARAM` on a block that cannot be allocated (see the class remarks). */
  protected override freeMethod(p: Addr, size: Size): void {
    const sz = this.checkFree(p, size);
    this.insertChecked(p, p + sz);
    this.maybeReturnSeg(p);
  }

  /** `freeMethod` at `rash`: no checks of the block beyond the land's. */
  protected freeRashMethod(p: Addr, size: Size): void {
    const sz = alignUp(size, this.alignment);
    this.insertChecked(p, p + sz);
    this.maybeReturnSeg(p);
  }

  /** Insert, turning an overlap into a free-specific PARAM. */
  private insertChecked(base: Addr, limit: Addr): void {
    try {
      this.insert(base, limit);
    } catch (e) {
      if (e instanceof MpsError && e.code === "PARAM") paramError(`MVT.free: [${addrHex(base)}, ${addrHex(limit)}) is already free (in part or whole)`);
      throw e;
    }
  }

  /**
   * After a free or an empty made the block `rr`, which holds `p`: a
   * segment larger than `fillSize` (one made for an oversize request) that
   * is now wholly free goes back to the arena at once
   * (`.arch.ap.no-fit.oversize.policy`).
   */
  private maybeReturnSeg(p: Addr): void {
    const seg = this.arena.segOfAddr(p);
    if (seg === undefined || seg.limit - seg.base <= this.fillSize) return;
    if (this.rr.base <= seg.base && seg.limit <= this.rr.limit) this.returnSegs(seg.base, seg.limit);
  }

  /**
   * `MVTReturnSegs`: give back to the arena every segment of the pool lying
   * wholly inside the free range [base, limit). Returns true if any was.
   */
  private returnSegs(base: Addr, limit: Addr): boolean {
    let s = this.arena.segOfAddr(base);
    if (s !== undefined && s.base < base) s = s.limit < limit ? this.arena.segOfAddr(s.limit) : undefined;
    const old = this.segOld;
    let any = false;
    while (s !== undefined && s.pool === this && s.limit <= limit) {
      const segBase = s.base;
      const segLimit = s.limit;
      this.land.delete(old, segBase, segLimit);
      this.size -= segLimit - segBase;
      s.free();
      this.stats.segReturns++;
      any = true;
      this.deleted(segBase, segLimit, old); // may return further segments: look the next one up afterwards
      s = segLimit < limit ? this.arena.segOfAddr(segLimit) : undefined;
    }
    return any;
  }

  // ----- sizes, walking, finishing, checking ------------------------------------

  /** Bytes in segments. */
  protected override totalSizeMethod(): Size {
    return this.size;
  }

  /** Bytes in free blocks (not counting the unused parts of attached buffers, as in the MPS). */
  protected override freeSizeMethod(): Size {
    return this.land.size() + (this.splinterLimit - this.splinterBase);
  }

  /** Visit the free blocks. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    if (this.splinterBase < this.splinterLimit) visitor(this.splinterBase, this.splinterLimit, this);
    this.land.iterate((b, l) => {
      visitor(b, l, this);
      return true;
    });
  }

  /** `MVTFinish`: the segments are freed by the generic destroy. */
  protected override finishMethod(): void {
    this.abq.finish();
    this.land.finish();
    this.freelist.finish();
    this.cbs.finish();
    this.size = 0;
    this.available = 0;
    this.splinterBase = 0;
    this.splinterLimit = 0;
    this.mvtSig = 0;
  }

  /** `MVTCheck`. */
  protected override checkMethod(): boolean {
    checkL(this.mvtSig === SIG_MVT, "MVT: signature");
    checkL(this.minSize > 0 && this.minSize <= this.meanSize && this.meanSize <= this.maxSize, "MVT: minSize <= meanSize <= maxSize");
    checkL(this.fillSize >= this.maxSize && this.reuseSize >= 2 * this.fillSize, "MVT: fillSize and reuseSize");
    checkL(this.fragLimit >= 0 && this.fragLimit <= 100, "MVT: fragLimit is a percentage");
    checkL(this.land.size() + (this.splinterLimit - this.splinterBase) <= this.size, "MVT: the free blocks fit in the segments");
    checkL(this.splinterBase <= this.splinterLimit && (this.splinterBase & (this.alignment - 1)) === 0 && (this.splinterLimit & (this.alignment - 1)) === 0, "MVT: the splinter is an aligned range");
    checkL(this.available >= 0 && this.available <= this.land.size(), "MVT: available is part of the free blocks");
    checkL(this.abq.count() <= this.abqDepth, "MVT: the ABQ is within its depth");
    return this.abq.check() && this.land.check();
  }

  /** `MVTDescribe`. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `MVT minSize ${this.minSize} meanSize ${this.meanSize} maxSize ${this.maxSize} reserveDepth ${this.reserveDepth} fragLimit ${this.fragLimit}%`);
    describeLine(stream, depth, `fillSize ${this.fillSize} reuseSize ${this.reuseSize} abqDepth ${this.abqDepth}`);
    describeLine(stream, depth, `splinter [${addrHex(this.splinterBase)}, ${addrHex(this.splinterLimit)})`);
    describeLine(stream, depth, `size ${this.size} free ${this.land.size()} available ${this.available} availLimit ${this.availLimit}`);
    describeLine(stream, depth, `stats ${JSON.stringify(this.stats)}`);
    this.abq.describe(stream, depth + 2, (r) => `[${addrHex(r.base)}, ${addrHex(r.limit)})`);
  }
}

// Install the versions of the critical-path methods written for the checking
// level in force (docs/design/mpm.md `.check.cost`).
{
  const proto = MVTPool.prototype as unknown as Record<string, unknown>;
  proto["freeMethod"] = byCheckLevel(proto["freeMethod"], proto["freeMethod"], proto["freeRashMethod"]);
}
