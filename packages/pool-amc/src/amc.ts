/**
 * The AMC and AMCZ pool classes (design.mps.poolamc, manual pool/amc and
 * pool/amcz): automatic mostly-copying generational collection over a
 * chain, with allocation points, forwarding buffers, nailing for ambiguous
 * references and large-object segments. AMCZ is AMC for objects without
 * references. See docs/design/pool-amc.md.
 * .critical: AMCZPool.pinned and forwardReserve (per fixed reference); the
 * segment's fix and scan are in amc-seg.ts.
 */

import {
  type Addr, type ObjectFormat, type RankSet, type Size, type Trace, type WriteStream,
  COOL, RANK_SET_EMPTY, Rank, SIG_INVALID, ZONE_SET_EMPTY, ZONE_SET_UNIV, addrHex, alignUp, aver, checkL, defineSig, describeLine, paramError,
} from "@mps/mpm";
import {
  type Arena, type Buffer, type BufferClass, CHAIN_DEFAULT, type Chain, Format, FormatMethod, Pool, type PoolGen, type PoolOpts, SIG_CHAIN, definePoolAttrs,
  segAllocInZones,
} from "@mps/arena";
import { AMCBuf, AMCGen } from "./amc-gen.js";
import { AMCSeg } from "./amc-seg.js";
import type { Nailboard } from "./nailboard.js";

/**
 * The signature of a live AMC or AMCZ pool's class part (the MPS's `AMCSig`).
 * @public
 */
export const SIG_AMC = defineSig("AMC", 0x519a3c99);

/**
 * The defaults of the AMC options, as in the MPS's config.h.
 * @public
 */
export const AMC_DEFAULTS = Object.freeze({
  /** `MPS_KEY_EXTEND_BY`: 8 KiB (rounded up to whole grains), as the MPS's `AMC_EXTEND_BY_DEFAULT`. */
  extendBy: 8192,
  /** `MPS_KEY_LARGE_SIZE`: 32 KiB. */
  largeSize: 32768,
  /** `MPS_KEY_INTERIOR`: true. */
  interior: true,
} as const);

/**
 * Options of an AMC or AMCZ pool (`mps_pool_create_k` with
 * `mps_class_amc()` / `mps_class_amcz()`).
 * @public
 */
export interface AMCOpts extends PoolOpts {
  /**
   * `MPS_KEY_FORMAT`: the object format; required. It must have `fmtSkip`,
   * `fmtFwd`, `fmtIsfwd` and `fmtPad`, and for AMC also `fmtScan`.
   */
  format?: ObjectFormat;
  /**
   * `MPS_KEY_CHAIN`: the generation chain. @defaultValue a chain of the
   * arena's default parameters (`CHAIN_DEFAULT`) that the pool makes and
   * destroys with itself
   */
  chain?: Chain;
  /**
   * `MPS_KEY_GEN`: the generation of the chain that allocation points
   * allocate into (an integer in [0, genCount]). @defaultValue 0
   */
  gen?: number;
  /**
   * `MPS_KEY_EXTEND_BY`: the size of the segments the pool makes for
   * requests smaller than this, rounded up to whole grains. @defaultValue 4096
   */
  extendBy?: Size;
  /**
   * `MPS_KEY_LARGE_SIZE`: a request of at least this many bytes gets a
   * segment of its own, sized to it. MUST NOT be below `extendBy`.
   * @defaultValue 32768
   */
  largeSize?: Size;
  /**
   * `MPS_KEY_INTERIOR`: whether an ambiguous reference into the middle of
   * an object pins it (else only a reference to its client pointer does).
   * @defaultValue true
   */
  interior?: boolean;
}

/**
 * The states of an AMC pool's ramp machinery (the MPS's `RampOUTSIDE` …
 * `RampCOLLECTING`, design.mps.poolamc `.gen.ramp`).
 * @public
 */
export const AMCRampMode = Object.freeze({
  /** No ramp: survivors of each generation go to the next. */
  OUTSIDE: 0,
  /** A ramp began; the next condemnation of the ramp generation starts ramping. */
  BEGIN: 1,
  /** Ramping: the ramp generation forwards into itself, its new segments deferred. */
  RAMPING: 2,
  /** The ramp ended; the next condemnation of the ramp generation collects it into the next. */
  FINISH: 3,
  /** Collecting the ramp generation into the next generation; back OUTSIDE (or BEGIN) at reclaim. */
  COLLECTING: 4,
} as const);

/**
 * One of the {@link (AMCRampMode:variable)} values.
 * @public
 */
export type AMCRampMode = (typeof AMCRampMode)[keyof typeof AMCRampMode];

function checkSizeOpt(name: string, v: unknown): Size {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0 || v > 2 ** 31) paramError(`AMC: ${name} must be a positive integer up to 2^31, not ${String(v)}`);
  return v;
}

/**
 * The AMCZ pool class (`mps_class_amcz()`): automatic mostly-copying
 * collection of objects that contain no references (leaf objects), and the
 * implementation AMC extends.
 *
 * @remarks
 * Each generation of the chain (and the arena's top generation) is an
 * {@link AMCGen}; allocation points allocate into the nursery (the `gen`
 * option). When the tracer condemns a generation, the survivors of its
 * segments are copied into the next generation's segments through that
 * generation's forwarding buffer, and the condemned segments are freed.
 * Ambiguous references nail: the object they point into (or, with
 * `interior: false`, whose client pointer they are) stays where it is, and
 * the dead objects around it become padding. A request of `largeSize`
 * bytes or more gets a segment of its own. See docs/pool/amcz.md.
 * @public
 */
export class AMCZPool extends Pool {
  /** The class's name. */
  static readonly className: string = "AMCZ";
  /** Collected, moving, allocation points, formatted; no references. */
  static readonly attrs = definePoolAttrs({ gc: true, moving: true, buffer: true, format: true });

  /** {@link SIG_AMC} while live (the Pool's own `sig` is the pool signature). */
  amcSig = 0;
  /** The ranks of the pool's objects: empty for AMCZ, exact and ambiguous for AMC. */
  readonly rankSet: RankSet;
  /** The format (required). */
  readonly fmt: ObjectFormat;
  /** The chain the pool's generations belong to. */
  readonly chain: Chain;
  /** Did the pool make its chain (and so destroy it with itself)? */
  readonly ownsChain: boolean;
  /** The pool's generations: one per generation of the chain, then the arena's top generation. */
  readonly gens: readonly AMCGen[];
  /** The generation allocation points allocate into. */
  readonly nursery: AMCGen;
  /** The size of segments for small requests, whole grains. */
  readonly extendBy: Size;
  /** Requests of at least this many bytes get a segment of their own. */
  readonly largeSize: Size;
  /** Does an interior ambiguous reference pin its object? */
  readonly interior: boolean;
  /** The generation a ramp keeps its survivors in: the last generation of the chain. */
  readonly rampGen: AMCGen;
  /** The generation the ramp generation is collected into when the ramp is over: the top generation. */
  readonly afterRampGen: AMCGen;
  /** Open ramps over all the pool's allocation points. */
  rampCount = 0;
  /** The ramp state. */
  rampMode: AMCRampMode = AMCRampMode.OUTSIDE;
  /** Where a forwarding buffer's fill returns its region (no allocation per fill). */
  private readonly forwardRange = { base: 0, limit: 0 };

  /** `AMCZInit` (and `AMCInit` through {@link AMCPool}). Throws `PARAM` on a bad option. */
  constructor(arena: Arena, opts: AMCOpts) {
    super(arena, opts);
    let chain: Chain | undefined;
    let ownsChain = false;
    const gens: AMCGen[] = [];
    try {
      const format = this.format;
      if (format === undefined) paramError(`${this.className}: a format is required`);
      const needed = FormatMethod.SKIP | FormatMethod.FWD | FormatMethod.ISFWD | FormatMethod.PAD | (this.poolRankSet() !== RANK_SET_EMPTY ? FormatMethod.SCAN : 0);
      (format as Format).require(needed, `${this.className} pool`);
      if (this.alignment < 4) paramError(`${this.className}: the alignment must be at least 4, not ${this.alignment}`);
      const extendBy = checkSizeOpt("extendBy", opts.extendBy ?? AMC_DEFAULTS.extendBy);
      const largeSize = checkSizeOpt("largeSize", opts.largeSize ?? AMC_DEFAULTS.largeSize);
      if (largeSize < extendBy) paramError(`AMC: largeSize ${largeSize} must be at least extendBy ${extendBy}`);
      const interior = opts.interior ?? AMC_DEFAULTS.interior;
      if (typeof interior !== "boolean") paramError(`AMC: interior must be a boolean, not ${String(interior)}`);
      if (opts.chain !== undefined) {
        const c = opts.chain as Chain;
        if (c === null || typeof c !== "object" || c.sig !== SIG_CHAIN) paramError("AMC: chain must be a live chain");
        if (c.arena !== (arena as unknown)) paramError("AMC: the chain belongs to another arena");
        chain = c;
      }
      const genCount = chain === undefined ? CHAIN_DEFAULT.length : chain.genCount;
      const genIndex = opts.gen ?? 0;
      if (!Number.isInteger(genIndex) || genIndex < 0 || genIndex > genCount) paramError(`AMC: gen must be an integer in [0, ${genCount}], not ${String(genIndex)}`);
      if (chain === undefined) {
        chain = arena.createChain(CHAIN_DEFAULT);
        ownsChain = true;
      }
      this.fmt = format;
      this.rankSet = this.poolRankSet();
      this.extendBy = alignUp(extendBy, arena.grainSize);
      this.largeSize = largeSize;
      this.interior = interior;
      this.chain = chain;
      this.ownsChain = ownsChain;
      for (let i = 0; i <= genCount; i++) gens.push(new AMCGen(this, i, chain.gen(i)));
      // Survivors of generation i go to i + 1; the top generation forwards into itself.
      for (let i = 0; i <= genCount; i++) gens[i]!.forward.gen = gens[i < genCount ? i + 1 : genCount];
      this.gens = gens;
      this.nursery = gens[genIndex]!;
      this.rampGen = gens[genCount > 0 ? genCount - 1 : 0]!;
      this.afterRampGen = gens[genCount]!;
    } catch (e) {
      for (const g of gens) g.destroy();
      if (ownsChain && chain !== undefined) chain.destroy();
      this.abandon();
      throw e;
    }
    this.amcSig = SIG_AMC;
  }

  /** The rank set of the class's objects (empty for AMCZ). */
  protected poolRankSet(): RankSet {
    return RANK_SET_EMPTY;
  }

  /**
   * `amcPinnedInterior` / `amcPinnedBase`: is the object with client
   * pointers [p, q) pinned by a nail on `board`?
   * @internal
   */
  pinned(board: Nailboard, p: Addr, q: Addr): boolean {
    if (this.interior) {
      const h = this.fmt.headerSize;
      return !board.isResRange(p - h, q - h);
    }
    return p < board.limit && board.get(p);
  }

  /**
   * Reserve `size` bytes in forwarding buffer `buffer` for a copy, filling
   * it with a new segment of its generation when it has no room; the
   * caller commits by setting `ap.init` to `ap.alloc`. Throws what the
   * arena throws when it has no memory.
   * @internal
   */
  forwardReserve(buffer: AMCBuf, size: Size): Addr {
    const ap = buffer.ap;
    const alloc = ap.alloc;
    const next = alloc + size;
    if (ap.limit !== 0 && next <= ap.limit) {
      ap.alloc = next;
      return alloc;
    }
    if (!buffer.isReset()) buffer.detach();
    const range = this.forwardRange;
    this.bufferFillMethod(range, buffer, size);
    buffer.attach(range.base, range.limit, range.base, size);
    return range.base;
  }

  /**
   * Add `size` bytes condemned by `trace` in `pgen` (`GenDescCondemned`):
   * to the trace's and the generation's figures.
   * @internal
   */
  condemn(trace: Trace, pgen: PoolGen, size: Size): void {
    trace.condemned += size;
    pgen.gen.condemn(trace.ti, size);
  }

  /**
   * `PoolGenFree` for an AMC segment: account for the segment leaving its
   * generation, then give it back to the arena.
   * @internal
   */
  freeSeg(seg: AMCSeg): void {
    const size = seg.size();
    if (seg.old) seg.gen.pgen.accountForFree(size, 0, size, 0, seg.deferred);
    else seg.gen.pgen.accountForFree(size, 0, 0, size, seg.deferred);
    seg.free();
  }

  // ----- buffers ----------------------------------------------------------------

  /** AMC allocation points and forwarding buffers are {@link AMCBuf}s. */
  protected override bufferClassMethod(): BufferClass {
    return AMCBuf;
  }

  /**
   * `AMCBufferFill`: a new segment in the buffer's generation, of
   * `extendBy` bytes for a small request or sized to a large one. A request
   * of `largeSize` or more gets only what it asked for; the rest of its
   * segment is padded.
   */
  protected override bufferFillMethod(rangeReturn: { base: Addr; limit: Addr }, buffer: Buffer, size: Size): void {
    const gen = (buffer as AMCBuf).gen;
    aver(gen !== undefined, "AMC.bufferFill: the buffer has a generation");
    const g = gen as AMCGen;
    const segSize = size < this.extendBy ? this.extendBy : alignUp(size, this.arena.grainSize);
    const seg = segAllocInZones(AMCSeg, g.pgen.gen, segSize, this, { gen: g });
    g.pgen.accountForAlloc(segSize);
    // Ramping: the ramp generation's copies of itself do not count towards collecting it.
    if (this.rampMode === AMCRampMode.RAMPING && g === this.rampGen && !buffer.isMutator && buffer === g.forward) seg.deferred = true;
    // Address-hashed arrays are rehashed after a collection that moves their keys: do not hasten one.
    if ((buffer as AMCBuf).forHashArrays) seg.deferred = true;
    const rankSet = buffer.rankSet();
    seg.setRankSummary(rankSet, rankSet === RANK_SET_EMPTY ? ZONE_SET_EMPTY : ZONE_SET_UNIV);
    let limit = seg.limit;
    if (size >= this.largeSize) {
      // Large: only what was asked for, so that the buffer leaves the rest padded (the MPS's job001811).
      limit = seg.base + size;
      if (limit < seg.limit) this.fmt.pad(limit, seg.limit - limit);
    }
    g.pgen.accountForFill(segSize);
    seg.accountedAsBuffered = true;
    rangeReturn.base = seg.base;
    rangeReturn.limit = limit;
  }

  /**
   * `amcSegBufferEmpty`: pad the unused part of the buffer's region; count
   * the region as condemned for the traces its segment is white for; the
   * whole segment's buffered bytes become new.
   */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const seg = buffer.seg() as AMCSeg | undefined;
    if (seg === undefined) return;
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (init < limit) this.fmt.pad(init, limit - init);
    // Allocation in the buffer while its segment was condemned is white too:
    // it is counted as condemned when the segment is reclaimed.
    if (seg.white !== 0) seg.pendingCondemned += limit - buffer.base;
    if (seg.accountedAsBuffered) {
      seg.gen.pgen.accountForEmpty(seg.size(), 0, seg.deferred);
      seg.accountedAsBuffered = false;
    }
  }

  /**
   * `AMCRampBegin`: the allocation points are entering a ramp (many objects
   * made that will die together). The first open ramp moves the state to
   * BEGIN; the ramp generation starts keeping its survivors when next condemned.
   */
  protected override rampBeginMethod(_buffer: Buffer, _collectAll: boolean): void {
    this.rampCount++;
    if (this.rampCount === 1 && this.rampMode !== AMCRampMode.FINISH) this.rampMode = AMCRampMode.BEGIN;
  }

  /**
   * `AMCRampEnd`: the last open ramp ended: move the state on, and let the
   * ramp generation's deferred segments count towards collection again.
   */
  protected override rampEndMethod(_buffer: Buffer): void {
    aver(this.rampCount > 0, "AMC.rampEnd: a ramp is open");
    this.rampCount--;
    if (this.rampCount > 0) return;
    switch (this.rampMode) {
      case AMCRampMode.RAMPING:
        this.rampMode = AMCRampMode.FINISH;
        break;
      case AMCRampMode.BEGIN:
      case AMCRampMode.COLLECTING:
        this.rampMode = AMCRampMode.OUTSIDE;
        break;
      default:
        break; // FINISH stays, to pass through COLLECTING
    }
    const pgen = this.rampGen.pgen;
    for (const s of this.segs()) {
      const seg = s as AMCSeg;
      if (seg.gen === this.rampGen && seg.deferred && seg.white === 0) {
        if (!seg.accountedAsBuffered) pgen.undefer(seg.old ? seg.size() : 0, seg.old ? 0 : seg.size());
        seg.deferred = false;
      }
    }
  }

  /**
   * The ramp transitions made when generation `gen` is condemned
   * (design.mps.poolamc `.gen.ramp`): BEGIN makes the ramp generation
   * forward into itself, FINISH sends it on to the next generation.
   * @internal
   */
  rampWhiten(gen: AMCGen): void {
    if (gen !== this.rampGen) return;
    if (this.rampMode === AMCRampMode.BEGIN) {
      this.setForwardGen(gen, gen);
      this.rampMode = AMCRampMode.RAMPING;
    } else if (this.rampMode === AMCRampMode.FINISH) {
      this.setForwardGen(gen, this.afterRampGen);
      this.rampMode = AMCRampMode.COLLECTING;
    }
  }

  /** `amcSegReclaim`'s ramp step: a finished collection of the ramp generation ends the circuit. @internal */
  rampReclaim(): void {
    if (this.rampMode === AMCRampMode.COLLECTING) this.rampMode = this.rampCount > 0 ? AMCRampMode.BEGIN : AMCRampMode.OUTSIDE;
  }

  private setForwardGen(gen: AMCGen, to: AMCGen): void {
    gen.forward.detach();
    gen.forward.gen = to;
  }

  /**
   * `PoolTrivFramePush`: frames are accepted, and do nothing to improve
   * stack-like allocation: the frame is the allocation point's `init`.
   */
  protected override framePushMethod(buffer: Buffer): Addr {
    return buffer.ap.init;
  }

  /** `PoolTrivFramePop`: popping a frame frees nothing; the collector reclaims. */
  protected override framePopMethod(_buffer: Buffer, _frame: Addr): void {
    // deliberately empty: objects above the frame die when unreachable, as any others
  }

  // ----- sizes, objects -----------------------------------------------------------

  /** `AMCTotalSize`: the segments of every generation. */
  protected override totalSizeMethod(): Size {
    let size = 0;
    for (const g of this.gens) size += g.pgen.totalSize;
    return size;
  }

  /** `AMCFreeSize`: the free bytes of every generation. */
  protected override freeSizeMethod(): Size {
    let size = 0;
    for (const g of this.gens) size += g.pgen.freeSize;
    return size;
  }

  /**
   * `AMCAddrObject`: the client pointer of the object containing `addr`,
   * by skipping from the base of its segment. Throws `PARAM` if `addr` is
   * in no object (free space, a forwarded object, the unused part of a buffer).
   */
  protected override addrObjectMethod(addr: Addr): Addr {
    const seg = this.arena.segOfAddr(addr);
    if (seg === undefined || seg.pool !== this) paramError(`AMC.addrObject: ${addrHex(addr)} is in no segment of the pool`);
    const s = seg as AMCSeg;
    const buffer = s.buffer();
    const limit = buffer !== undefined ? buffer.ap.init : s.limit;
    const format = this.fmt;
    const h = format.headerSize;
    let base = s.base;
    while (base < limit) {
      const ref = base + h;
      const objLimit = format.skip(ref) - h;
      if (addr < objLimit) {
        if (format.isfwd(ref) === 0) return ref;
        break;
      }
      base = objLimit;
    }
    return paramError(`AMC.addrObject: ${addrHex(addr)} is in no object`);
  }

  // ----- lifetime ---------------------------------------------------------------

  /**
   * `mps_pool_destroy`: as for every pool (PARAM, nothing changed, while
   * the pool has allocation points); the pool's own forwarding buffers go
   * first.
   */
  override destroy(): void {
    this.checkLive("Pool.destroy");
    let aps = 0;
    for (const b of this.buffers()) if (b.isMutator) aps++;
    if (aps > 0) paramError(`Pool.destroy: the pool still has ${aps} allocation point(s)`);
    for (const g of this.gens) g.forward.destroy();
    super.destroy();
  }

  /** `AMCFinish`: free every segment with its accounts, finish the generations, and the chain if the pool made it. */
  protected override finishMethod(): void {
    for (const s of this.segs()) this.freeSeg(s as AMCSeg);
    for (const g of this.gens) {
      g.pgen.finish();
      g.sig = SIG_INVALID;
    }
    if (this.ownsChain) this.chain.destroy();
    this.amcSig = SIG_INVALID;
  }

  /** `AMCCheck`. */
  protected override checkMethod(): boolean {
    checkL(this.amcSig === SIG_AMC, "AMC: signature");
    checkL(this.format !== undefined, "AMC: has a format");
    checkL(this.extendBy % this.arena.grainSize === 0, "AMC: extendBy is whole grains");
    checkL(this.largeSize >= 1, "AMC: largeSize");
    checkL(this.gens.length === this.chain.genCount + 1, "AMC: a generation per chain generation, and the top");
    checkL(this.gens.includes(this.nursery), "AMC: the nursery is one of the generations");
    checkL(this.rampCount >= 0 && this.rampMode >= AMCRampMode.OUTSIDE && this.rampMode <= AMCRampMode.COLLECTING, "AMC: ramp state");
    for (const g of this.gens) g.check();
    if (COOL) {
      for (const s of this.segs()) {
        const seg = s as AMCSeg;
        checkL(seg instanceof AMCSeg && this.gens.includes(seg.gen), "AMC: each segment is in one of the pool's generations");
        seg.check();
      }
    }
    return true;
  }

  /** `AMCDescribe`: options and generations. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `rankSet ${this.rankSet} extendBy ${this.extendBy} largeSize ${this.largeSize} interior ${this.interior}`);
    describeLine(stream, depth, `nursery gen ${this.nursery.index}${this.ownsChain ? " (own default chain)" : ""}`);
    describeLine(stream, depth, `ramp mode ${this.rampMode} count ${this.rampCount} gen ${this.rampGen.index} after ${this.afterRampGen.index}`);
    for (const g of this.gens) g.describe(stream, depth);
  }
}

/**
 * The AMC pool class (`mps_class_amc()`): automatic mostly-copying
 * generational collection of formatted objects with references.
 *
 * @remarks
 * As {@link AMCZPool}, and the objects are scanned: allocation points are
 * exact by default, and may be ambiguous (`createAp({ rank: Rank.AMBIG })`),
 * whose objects' references nail what they point to. See docs/pool/amc.md.
 * @public
 */
export class AMCPool extends AMCZPool {
  /** The class's name. */
  static override readonly className: string = "AMC";
  /** Collected, moving, allocation points, formatted, scannable; ambiguous and exact references. */
  // Exact references only, as the MPS's AMC: an ambiguous reference in the heap
  // could be fixed after its referent moved (docs/design/pool-amc.md `.ranks`).
  static override readonly attrs = definePoolAttrs({ gc: true, moving: true, buffer: true, format: true, scannable: true, ranks: 1 << Rank.EXACT });

  /** Exact references (ambiguous ones on ambiguous allocation points). */
  protected override poolRankSet(): RankSet {
    return 1 << Rank.EXACT;
  }
}
