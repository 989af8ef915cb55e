/**
 * The AMS (Automatic Mark and Sweep) pool class (design.mps.poolams): a
 * non-moving collected pool of formatted objects, allocated through
 * allocation points into one generation of a chain, marked in per-grain
 * bit tables of its segments (ams-seg.ts) and swept in place.
 * See docs/design/pool-ams.md.
 * .critical: none here (the per-reference work is in AMSSeg.fixMethod and scanMethod).
 */

import {
  type Addr, type FreeBlockVisitor, type ObjectFormat, type Size, type WriteStream,
  RANK_SET_EMPTY, Rank as RankV, SIG_INVALID, ZONE_SET_EMPTY, ZONE_SET_UNIV, alignUp, aver, checkL, checkS, defineSig, describeLine, paramError,
} from "@mps/mpm";
import {
  type AP, type APOpts, type Arena, type Buffer, type BufferClass, CHAIN_DEFAULT, Chain, FormatMethod, Format, type PoolOpts, Pool, PoolGen, RankBuf,
  SIG_CHAIN, definePoolAttrs, segAllocInZones,
} from "@mps/arena";
import { AMSSeg, type AMSSegPool, type FillRange } from "./ams-seg.js";

/**
 * The signature of a live AMS pool's class part (the MPS's `AMSSig`).
 * @public
 */
export const SIG_AMS = defineSig("AMS", 0x519a3599);

/**
 * The smallest segment an AMS pool makes, in bytes (rounded up to the arena
 * grain): a buffer fill that needs more gets a segment just large enough.
 * @public
 */
export const AMS_SEG_SIZE_MIN = 64 * 1024;

/**
 * The length of free run, in bytes, that a buffer fill looks for first
 * (rounded down to grains), in a window of {@link AMS_LONG_RUN_WINDOW}
 * segments: only when none of them has a run that long (or a quarter of it,
 * and so on) does a fill take the first run that holds the request, as the
 * MPS does. See docs/design/pool-ams.md `.impl.fill`.
 * @public
 */
export const AMS_FILL_TARGET = 4096;

/**
 * How many segments a buffer fill asks for a long run (see
 * {@link AMS_FILL_TARGET}) before it takes the first run that holds the
 * request: the window moves on from fill to fill, so a pool of many segments
 * is searched a window at a time. See docs/design/pool-ams.md `.impl.fill.window`.
 * @public
 */
export const AMS_LONG_RUN_WINDOW = 16;

/**
 * Options of an AMS pool (`mps_pool_create_k` with `mps_class_ams()`).
 * @public
 */
export interface AMSOpts extends PoolOpts {
  /** `MPS_KEY_FORMAT`: required; the format must have `fmtScan` and `fmtSkip`. The pool's alignment is the format's. */
  format: ObjectFormat;
  /**
   * `MPS_KEY_CHAIN`: the generation chain whose generation `gen` the pool
   * allocates into. @defaultValue a chain of the pool's own, made with
   * `CHAIN_DEFAULT` and destroyed with the pool
   */
  chain?: Chain;
  /**
   * `MPS_KEY_GEN`: the generation of the chain the pool allocates into, an
   * integer from 0 to the chain's number of generations (the last being
   * the arena's top generation). Objects stay in it: AMS does not promote.
   * @defaultValue 0 with a `chain`, 1 without (the MPS avoids the nursery of its default chain)
   */
  gen?: number;
  /**
   * `MPS_KEY_AMS_SUPPORT_AMBIGUOUS`: whether ambiguous references (from
   * ambiguous roots or objects of an ambiguous-rank allocation point) may
   * refer into the pool, preserving the object they point into. When false,
   * an allocation point of rank `AMBIG` is refused and ambiguous references
   * into the pool are ignored, as the MPS ignores them. @defaultValue true
   */
  amsSupportAmbiguous?: boolean;
}

/** Validate the options that do not need the pool; returns them. */
function checkOpts(opts: AMSOpts): AMSOpts {
  if (opts === null || typeof opts !== "object") paramError(`AMS: options must be an object, not ${String(opts)}`);
  if (opts.format === undefined) paramError("AMS: the format option is required");
  return opts;
}

/**
 * The AMS pool class (`mps_class_ams()`): automatically managed objects
 * that never move, allocated through allocation points.
 *
 * @remarks
 * Each segment keeps three bit tables over grains of the pool's alignment
 * (see {@link AMSSeg}): allocation, non-white, non-grey. A buffer fill takes
 * the first run of free grains big enough from a segment that is neither
 * white nor grey and has the buffer's ranks, else a new segment of at least
 * {@link AMS_SEG_SIZE_MIN}. A collection whitens whole segments of the
 * pool's generation; fixing a white object greys it; scanning a condemned
 * segment scans its grey objects until none is left; reclaim frees the
 * white grains in place, and segments left empty go back to the arena.
 * `pool.alloc` and `pool.free` are not supported (`UNIMPL`), as in the MPS.
 * @public
 */
export class AMSPool extends Pool implements AMSSegPool {
  /** The class's name. */
  static readonly className: string = "AMS";
  /** AMS is collected, buffered, scannable and formatted; its objects hold ambiguous or exact references. */
  static readonly attrs = definePoolAttrs({ gc: true, buffer: true, scannable: true, format: true, ranks: (1 << RankV.AMBIG) | (1 << RankV.EXACT) });

  /** {@link SIG_AMS} while live (the Pool's own `sig` is the pool signature). */
  amsSig: number = SIG_INVALID;
  /** The pool's generation: where every segment is allocated. */
  readonly pgen: PoolGen;
  /** log2 of the alignment. */
  readonly grainShift: number;
  /** `MPS_KEY_AMS_SUPPORT_AMBIGUOUS`. */
  readonly supportAmbiguous: boolean;
  /** The chain, given or the pool's own. */
  readonly chain: Chain;
  /** The index of the pool's generation in the chain. */
  readonly genIndex: number;
  /** {@link AMS_FILL_TARGET} in grains. */
  readonly fillTargetGrains: number;
  /**
   * An upper bound on the longest run of free grains in any of the pool's
   * segments (`.impl.fill.bound`): at least each segment's
   * {@link AMSSeg.runBound}; lowered only by a fill that searched every segment.
   */
  runBound = 0;
  /** Where the next fill's window of segments starts (`.impl.fill.window`): a node of the segment ring, or undefined. */
  private rover: Pool["segRing"] | undefined = undefined;
  /** Did the pool make its chain (and so destroy it)? */
  private readonly ownChain: boolean;

  /** `AMSInit`. Throws `PARAM` on a missing or bad option, making nothing. */
  constructor(arena: Arena, opts: AMSOpts) {
    super(arena, checkOpts(opts));
    let ownChain: Chain | undefined;
    try {
      const format = this.format as Format;
      format.require(FormatMethod.SCAN | FormatMethod.SKIP, "AMS");
      if (this.alignment !== format.align) paramError(`AMS: the alignment is the format's (${format.align}), not ${this.alignment}`);
      const support = opts.amsSupportAmbiguous ?? true;
      if (typeof support !== "boolean") paramError(`AMS: amsSupportAmbiguous must be a boolean, not ${String(support)}`);
      const { chain, gen } = pickGen(arena, opts.chain, opts.gen, "AMS");
      if (chain === undefined) ownChain = arena.createChain(CHAIN_DEFAULT);
      this.chain = chain ?? (ownChain as Chain);
      this.genIndex = gen;
      this.supportAmbiguous = support;
      this.grainShift = 31 - Math.clz32(this.alignment);
      this.fillTargetGrains = AMS_FILL_TARGET >>> this.grainShift;
      this.pgen = new PoolGen(this.chain.gen(gen), this);
    } catch (e) {
      if (ownChain !== undefined) ownChain.destroy();
      this.abandon();
      throw e;
    }
    this.ownChain = ownChain !== undefined;
    this.amsSig = SIG_AMS;
  }

  /**
   * `mps_ap_create_k` on an AMS pool: `rank` is `Rank.EXACT` (the default)
   * or `Rank.AMBIG`; an ambiguous allocation point is refused with `PARAM`
   * when the pool does not support ambiguous references.
   */
  override createAp(opts: APOpts = {}): AP {
    if (opts !== null && typeof opts === "object" && opts.rank === RankV.AMBIG && !this.supportAmbiguous) {
      paramError("createAp: this AMS pool does not support ambiguous references (amsSupportAmbiguous is false)");
    }
    return super.createAp(opts);
  }

  /** Allocation points of AMS pools have ranks (`RankBuf`). */
  protected override bufferClassMethod(): BufferClass {
    return RankBuf;
  }

  /**
   * `AMSBufferFill`, asking for long runs first (`.impl.fill`): a long run
   * from the current window of segments (`.impl.fill.window`); else
   * the first segment, in ring order, that can give the buffer the request
   * (`.fill`, the MPS's policy); else a new segment (`.fill.extend`). A length
   * longer than the pool's {@link AMSPool.runBound} is not looked for, and a
   * segment whose bound is too short is passed over without a search. Throws
   * what the arena throws when it has no memory.
   * @remarks Allocates nothing.
   */
  protected override bufferFillMethod(rangeReturn: FillRange, buffer: Buffer, size: Size): void {
    const requested = size >>> this.grainShift;
    if (this.fillTargetGrains > requested && this.fillLong(rangeReturn, buffer, requested)) return;
    if (this.fillFromSegs(rangeReturn, buffer, requested)) return;
    const seg = this.segCreate(size, buffer.rankSet());
    const ok = seg.fillRun(rangeReturn, requested, buffer);
    aver(ok, "AMS.bufferFill: a new segment takes the buffer");
  }

  /**
   * The long-run part of the fill (`.impl.fill.window`): in a window of
   * {@link AMS_LONG_RUN_WINDOW} segments from where the last window ended,
   * the first that gives `buffer` a run of {@link AMS_FILL_TARGET} bytes, else
   * of a quarter of that, and so on down while the length is above the
   * `requested` grains. The window bounds the work of a fill in a pool of
   * many segments; the next fill's window starts after this one.
   */
  private fillLong(rangeReturn: FillRange, buffer: Buffer, requested: number): boolean {
    const ring = this.segRing;
    let start = this.rover;
    // A segment freed since is off the ring (its node points at itself, or is finished).
    if (start === undefined || start.next === start || start.next.prev !== start) start = ring.next;
    if (start === ring) start = ring.next;
    if (start === ring) return false; // no segments
    let end = start;
    for (let visits = 0; visits < AMS_LONG_RUN_WINDOW; visits++) end = end.next === ring ? ring.next : end.next;
    for (let want = this.fillTargetGrains; want > requested; want >>>= 2) {
      if (want > this.runBound) continue;
      let n = start;
      for (let visits = 0; visits < AMS_LONG_RUN_WINDOW; visits++) {
        const seg = n.owner as AMSSeg;
        n = n.next === ring ? ring.next : n.next;
        if (seg.fillRun(rangeReturn, want, buffer)) {
          this.rover = n;
          return true;
        }
      }
    }
    this.rover = end;
    return false;
  }

  /**
   * The first segment, in ring order, that gives `buffer` a run of at least
   * `want` grains; false if none does, having lowered {@link AMSPool.runBound}
   * to the largest of the segments' bounds.
   */
  private fillFromSegs(rangeReturn: FillRange, buffer: Buffer, want: number): boolean {
    const ring = this.segRing;
    let bound = 0;
    for (let n = ring.next; n !== ring; n = n.next) {
      const seg = n.owner as AMSSeg;
      if (seg.fillRun(rangeReturn, want, buffer)) return true;
      if (seg.runBound > bound) bound = seg.runBound;
    }
    this.runBound = bound;
    return false;
  }

  /** `AMSSegCreate`: a segment of at least {@link AMS_SEG_SIZE_MIN} (just `size` if that fails) in the pool's generation. */
  private segCreate(size: Size, rankSet: number): AMSSeg {
    const grain = this.arena.grainSize;
    const want = alignUp(Math.max(size, AMS_SEG_SIZE_MIN), grain);
    const gen = this.pgen.gen;
    let seg: AMSSeg;
    try {
      seg = segAllocInZones(AMSSeg, gen, want, this, {});
    } catch (e) {
      const least = alignUp(size, grain);
      if (least === want) throw e;
      seg = segAllocInZones(AMSSeg, gen, least, this, {});
    }
    this.pgen.accountForAlloc(seg.size());
    seg.pgen = this.pgen;
    if (seg.runBound > this.runBound) this.runBound = seg.runBound;
    seg.setRankSummary(rankSet, rankSet === RANK_SET_EMPTY ? ZONE_SET_EMPTY : ZONE_SET_UNIV);
    this.freeSplatHook(seg.base, seg.limit);
    return seg;
  }

  /**
   * False in AMS: reclaim makes no call to {@link AMSPool.freeSplatHook}.
   * A debugging subclass returns true (see {@link AMSSegPool.splatsFreeSpace}).
   */
  get splatsFreeSpace(): boolean {
    return false;
  }

  /**
   * Hook for a debugging subclass (AMSDebug), called by the pool and its
   * segments, not by clients: [base, limit) is becoming free space (a new
   * segment, the unused part of an emptied buffer, or, if
   * {@link AMSPool.splatsFreeSpace}, the dead objects of a reclaimed
   * segment), before the segment's tables change. Does nothing in AMS.
   */
  freeSplatHook(_base: Addr, _limit: Addr): void {}

  /**
   * Hook for a debugging subclass (AMSDebug), called by the pool's segments,
   * not by clients: the free grains [base, limit) are about to be handed to a
   * buffer, before the segment's tables change; a subclass may throw to
   * refuse them, leaving the segment unchanged. Does nothing in AMS.
   */
  freeCheckHook(_base: Addr, _limit: Addr): void {}

  /** `amsSegBufferEmpty` through the buffer's segment. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const seg = buffer.seg();
    aver(seg instanceof AMSSeg && seg.pool === this, "AMS.bufferEmpty: the buffer is attached to a segment of the pool");
    (seg as AMSSeg).bufferEmpty(buffer);
  }

  /** `AMSTotalSize`: the bytes of the pool's segments. */
  protected override totalSizeMethod(): Size {
    return this.pgen.totalSize;
  }

  /** `AMSFreeSize`: the bytes of free grains (not those of attached buffers). */
  protected override freeSizeMethod(): Size {
    return this.pgen.freeSize;
  }

  /** `AMSFreeWalk`: every run of free grains. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    const ring = this.segRing;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) (n.owner as AMSSeg).freeRuns((b, l) => visitor(b, l, this));
  }

  /** `AMSFinish`: every segment goes back to the arena, out of the generation's accounts; then the generation and any own chain. */
  protected override finishMethod(): void {
    const ring = this.segRing;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) {
      const seg = n.owner as AMSSeg;
      const b = (x: number): number => x << this.grainShift;
      this.pgen.accountForFree(seg.size(), b(seg.freeGrains), b(seg.oldGrains), b(seg.newGrains), false);
      seg.free();
    }
    this.amsSig = SIG_INVALID;
    this.pgen.finish();
    if (this.ownChain) this.chain.destroy();
  }

  /** `AMSCheck`. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.amsSig }, SIG_AMS, "AMS");
    checkL(this.format !== undefined && this.alignment === this.format.align, "AMS: the alignment is the format's");
    checkL(1 << this.grainShift === this.alignment, "AMS: grainShift");
    this.pgen.check();
    let total = 0;
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const seg = n.owner as AMSSeg;
      checkL(seg instanceof AMSSeg, "AMS: every segment is an AMS segment");
      seg.check();
      checkL(seg.runBound <= this.runBound, "AMS: the pool's runBound bounds every segment's");
      total += seg.size();
    }
    checkL(total === this.pgen.totalSize, "AMS: the generation's total is the segments' sizes");
    return true;
  }

  /** `AMSDescribe`: the options and the generation; the segments follow (with their grain maps). */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `AMS supportAmbiguous ${this.supportAmbiguous} gen ${this.genIndex}${this.ownChain ? " (own chain)" : ""}`);
    this.pgen.describe(stream, depth);
    describeLine(stream, depth, "segment maps: * black  + grey  - white  . allocated  ! bad; buffers: [ base  | init  > alloc  ] limit");
  }
}

/**
 * Check the `chain` and `gen` options of an automatic pool (`MPS_KEY_CHAIN`,
 * `MPS_KEY_GEN`): `chain` undefined or a live chain of `arena`; `gen` an
 * integer from 0 to the chain's number of generations (default 0 with a
 * chain, 1 without). Throws `PARAM` naming `who`.
 */
function pickGen(arena: Arena, chain: Chain | undefined, gen: number | undefined, who: string): { chain: Chain | undefined; gen: number } {
  if (chain !== undefined) {
    if (!(chain instanceof Chain) || chain.sig !== SIG_CHAIN || !arena.chains.has(chain)) paramError(`${who}: chain must be a live chain of the pool's arena`);
  }
  const genCount = chain === undefined ? CHAIN_DEFAULT.length : chain.genCount;
  const g = gen ?? (chain === undefined ? 1 : 0);
  if (typeof g !== "number" || !Number.isInteger(g) || g < 0 || g > genCount) paramError(`${who}: gen must be an integer from 0 to ${genCount}, not ${String(g)}`);
  return { chain, gen: g };
}
