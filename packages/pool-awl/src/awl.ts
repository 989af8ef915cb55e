/**
 * The AWL (Automatic Weak Linked) pool class (design.mps.poolawl): a
 * non-moving collected pool of formatted objects with exact or weak
 * references, allocated through ranked allocation points into one
 * generation of a chain, marked in per-grain bit tables of its segments
 * (awl-seg.ts). See docs/design/pool-awl.md.
 * .critical: none here (the per-reference work is in AWLSeg.fixMethod and scanPass).
 */

import {
  type Addr, type FreeBlockVisitor, type ObjectFormat, type Size, type WriteStream,
  RANK_SET_EMPTY, Rank as RankV, SIG_INVALID, ZONE_SET_EMPTY, ZONE_SET_UNIV, addrHex, alignUp, aver, checkL, checkS, defineSig, describeLine, paramError,
} from "@mps/mpm";
import {
  type Arena, type Buffer, type BufferClass, CHAIN_DEFAULT, Chain, FormatMethod, Format, type PoolOpts, Pool, PoolGen, RankBuf,
  SIG_CHAIN, definePoolAttrs, segAllocInZones,
} from "@mps/arena";
import { AWLSeg, type AWLSegPool, type AWLStats, type FillRange } from "./awl-seg.js";

/**
 * The signature of a live AWL pool's class part (the MPS's `AWLSig`).
 * @public
 */
export const SIG_AWL = defineSig("AWL", 0x519b7a37);

/**
 * The most barrier hits one segment handles singly between two scans of it
 * (the MPS's `AWL_SEG_SA_LIMIT`); a pool's `segSALimit` starts here.
 * @public
 */
export const AWL_SEG_SA_LIMIT = 200;

/**
 * Options of an AWL pool (`mps_pool_create_k` with `mps_class_awl()`).
 * @public
 */
export interface AWLOpts extends PoolOpts {
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
   * integer from 0 to the chain's number of generations. Objects stay in it.
   * @defaultValue 0 with a `chain`, 1 without (the MPS avoids the nursery of its default chain)
   */
  gen?: number;
  /**
   * `MPS_KEY_AWL_FIND_DEPENDENT`: given the client pointer of an object of
   * the pool, the address of its dependent object, or 0 if it has none.
   * While the object is scanned, the dependent object may be written by the
   * format's scan (to delete the entry matching a splatted weak reference).
   * It must not allocate, collect or throw. @defaultValue a function returning 0
   */
  awlFindDependent?: (obj: Addr) => Addr;
}

/** `awlNoDependent`. */
const noDependent = (_obj: Addr): Addr => 0;

/** Validate the options that do not need the pool; returns them. */
function checkOpts(opts: AWLOpts): AWLOpts {
  if (opts === null || typeof opts !== "object") paramError(`AWL: options must be an object, not ${String(opts)}`);
  if (opts.format === undefined) paramError("AWL: the format option is required");
  if (opts.awlFindDependent !== undefined && typeof opts.awlFindDependent !== "function") paramError(`AWL: awlFindDependent must be a function, not ${String(opts.awlFindDependent)}`);
  return opts;
}

/**
 * The AWL pool class (`mps_class_awl()`): automatically managed objects
 * that never move and whose references are exact or weak, allocated
 * through allocation points of rank `EXACT` or `WEAK`.
 *
 * @remarks
 * Each segment holds objects of one rank and keeps three bit tables over
 * grains of the pool's alignment (see {@link AWLSeg}). A collection whitens
 * whole segments of the pool's generation; fixing a white object marks it
 * and greys its segment; scanning scans marked, unscanned objects until
 * none is left; reclaim frees the unmarked ones in place. Weak segments are
 * scanned after every exact one, so a weak reference to an object nothing
 * else preserved reads 0 afterwards; while an object is scanned its
 * dependent object (`awlFindDependent`) may be updated by the scanner. A
 * read barrier hit on a grey weak segment before the weak band is handled
 * by fixing the one word read, up to {@link AWLPool.segSALimit} times per
 * segment (and {@link AWLPool.totalSALimit} in a row in the pool), so that
 * reading one weak reference does not keep alive everything the segment
 * refers to. `pool.alloc` and `pool.free` are not supported (`UNIMPL`).
 * @public
 */
export class AWLPool extends Pool implements AWLSegPool {
  /** The class's name. */
  static readonly className: string = "AWL";
  /** AWL is collected, buffered, scannable and formatted, not moving; its objects hold exact or weak references. */
  static readonly attrs = definePoolAttrs({ gc: true, buffer: true, scannable: true, format: true, ranks: (1 << RankV.EXACT) | (1 << RankV.WEAK) });

  /** {@link SIG_AWL} while live (the Pool's own `sig` is the pool signature). */
  awlSig: number = SIG_INVALID;
  /** The pool's generation: where every segment is allocated. */
  readonly pgen: PoolGen;
  /** log2 of the alignment. */
  readonly grainShift: number;
  /** `MPS_KEY_AWL_FIND_DEPENDENT`. */
  readonly findDependent: (obj: Addr) => Addr;
  /** The chain, given or the pool's own. */
  readonly chain: Chain;
  /** The index of the pool's generation in the chain. */
  readonly genIndex: number;
  /** Single accesses in a row since the last whole-segment access (`succAccesses`). */
  succAccesses = 0;
  /** The most single accesses one segment takes between two scans (`AWLSegSALimit`); `undefined` for no limit. May be changed at any time, as the MPS's global may be in a debugger. */
  segSALimit: number | undefined = AWL_SEG_SA_LIMIT;
  /** The most single accesses in a row across the pool (`AWLTotalSALimit`); `undefined` (the MPS's default) for no limit. */
  totalSALimit: number | undefined = undefined;
  /** Statistics of the weak segments' scans and single accesses. */
  readonly stats: AWLStats = { goodScans: 0, badScans: 0, savedScans: 0, savedAccesses: 0, declined: 0 };
  /** Did the pool make its chain (and so destroy it)? */
  private readonly ownChain: boolean;

  /** `AWLInit`. Throws `PARAM` on a missing or bad option, making nothing. */
  constructor(arena: Arena, opts: AWLOpts) {
    super(arena, checkOpts(opts));
    let ownChain: Chain | undefined;
    try {
      const format = this.format as Format;
      format.require(FormatMethod.SCAN | FormatMethod.SKIP, "AWL");
      if (this.alignment !== format.align) paramError(`AWL: the alignment is the format's (${format.align}), not ${this.alignment}`);
      const { chain, gen } = pickGen(arena, opts.chain, opts.gen);
      if (chain === undefined) ownChain = arena.createChain(CHAIN_DEFAULT);
      this.chain = chain ?? (ownChain as Chain);
      this.genIndex = gen;
      this.findDependent = opts.awlFindDependent ?? noDependent;
      this.grainShift = 31 - Math.clz32(this.alignment);
      this.pgen = new PoolGen(this.chain.gen(gen), this);
    } catch (e) {
      if (ownChain !== undefined) ownChain.destroy();
      this.abandon();
      throw e;
    }
    this.ownChain = ownChain !== undefined;
    this.awlSig = SIG_AWL;
  }

  /** Allocation points of AWL pools have ranks (`RankBuf`). */
  protected override bufferClassMethod(): BufferClass {
    return RankBuf;
  }

  /** `awlBufferFill`: the first segment that can take the buffer, else a new one just big enough. Throws what the arena throws when it has no memory. */
  protected override bufferFillMethod(rangeReturn: FillRange, buffer: Buffer, size: Size): void {
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      if ((n.owner as AWLSeg).bufferFill(rangeReturn, size, buffer)) return;
    }
    const rankSet = buffer.rankSet();
    const seg = segAllocInZones(AWLSeg, this.pgen.gen, alignUp(size, this.arena.grainSize), this, {});
    this.pgen.accountForAlloc(seg.size());
    seg.pgen = this.pgen;
    seg.setRankSummary(rankSet, rankSet === RANK_SET_EMPTY ? ZONE_SET_EMPTY : ZONE_SET_UNIV);
    const ok = seg.bufferFill(rangeReturn, size, buffer);
    aver(ok, "AWL.bufferFill: a new segment takes the buffer");
  }

  /** `awlSegBufferEmpty` through the buffer's segment. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const seg = buffer.seg();
    aver(seg instanceof AWLSeg && seg.pool === this, "AWL.bufferEmpty: the buffer is attached to a segment of the pool");
    (seg as AWLSeg).bufferEmpty(buffer);
  }

  /** `AWLTotalSize`: the bytes of the pool's segments. */
  protected override totalSizeMethod(): Size {
    return this.pgen.totalSize;
  }

  /** `AWLFreeSize`: the bytes of free grains (not those of attached buffers). */
  protected override freeSizeMethod(): Size {
    return this.pgen.freeSize;
  }

  /** `AWLAddrObject`: the client pointer of the object containing `addr`; `PARAM` if it is in free space or a buffer's unfinished region. */
  protected override addrObjectMethod(addr: Addr): Addr {
    const seg = this.arena.segOfAddr(addr);
    if (!(seg instanceof AWLSeg) || seg.pool !== this) return paramError(`AWL.addrObject: ${addrHex(addr)} is in no segment of the pool`);
    const p = seg.objectOf(addr);
    if (p === 0) paramError(`AWL.addrObject: ${addrHex(addr)} is in no object`);
    return p;
  }

  /** The free blocks: every run of free grains. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    const ring = this.segRing;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) (n.owner as AWLSeg).freeRuns((b, l) => visitor(b, l, this));
  }

  /** `AWLFinish`: every segment goes back to the arena, out of the generation's accounts; then the generation and any own chain. */
  protected override finishMethod(): void {
    const ring = this.segRing;
    const b = (x: number): number => x << this.grainShift;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) {
      const seg = n.owner as AWLSeg;
      this.pgen.accountForFree(seg.size(), b(seg.freeGrains), b(seg.oldGrains), b(seg.newGrains), false);
      seg.free();
    }
    this.awlSig = SIG_INVALID;
    this.pgen.finish();
    if (this.ownChain) this.chain.destroy();
  }

  /** `AWLCheck`. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.awlSig }, SIG_AWL, "AWL");
    checkL(this.format !== undefined && this.alignment === this.format.align, "AWL: the alignment is the format's");
    checkL(1 << this.grainShift === this.alignment, "AWL: grainShift");
    checkL(typeof this.findDependent === "function", "AWL: findDependent is a function");
    checkL(Number.isInteger(this.succAccesses) && this.succAccesses >= 0, "AWL: succAccesses is a count");
    this.pgen.check();
    let total = 0;
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const seg = n.owner as AWLSeg;
      checkL(seg instanceof AWLSeg, "AWL: every segment is an AWL segment");
      seg.check();
      total += seg.size();
    }
    checkL(total === this.pgen.totalSize, "AWL: the generation's total is the segments' sizes");
    return true;
  }

  /** `AWLDescribe`: the generation, the single-access limits and the statistics; the segments follow (with their grain maps). */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    const s = this.stats;
    describeLine(stream, depth, `AWL gen ${this.genIndex}${this.ownChain ? " (own chain)" : ""} findDependent ${this.findDependent === noDependent ? "none" : "given"}`);
    describeLine(stream, depth, `segSALimit ${String(this.segSALimit)} totalSALimit ${String(this.totalSALimit)} succAccesses ${this.succAccesses}`);
    describeLine(stream, depth, `goodScans ${s.goodScans} badScans ${s.badScans} savedScans ${s.savedScans} savedAccesses ${s.savedAccesses} declined ${s.declined}`);
    this.pgen.describe(stream, depth);
    describeLine(stream, depth, "segment maps: * black  + grey  - white  (space) free; buffers: [ base  | init  > alloc  ] limit");
  }
}

/**
 * Check the `chain` and `gen` options (`MPS_KEY_CHAIN`, `MPS_KEY_GEN`):
 * `chain` undefined or a live chain of `arena`; `gen` an integer from 0 to
 * the chain's number of generations (default 0 with a chain, 1 without).
 */
function pickGen(arena: Arena, chain: Chain | undefined, gen: number | undefined): { chain: Chain | undefined; gen: number } {
  if (chain !== undefined) {
    if (!(chain instanceof Chain) || chain.sig !== SIG_CHAIN || !arena.chains.has(chain)) paramError("AWL: chain must be a live chain of the pool's arena");
  }
  const genCount = chain === undefined ? CHAIN_DEFAULT.length : chain.genCount;
  const g = gen ?? (chain === undefined ? 1 : 0);
  if (typeof g !== "number" || !Number.isInteger(g) || g < 0 || g > genCount) paramError(`AWL: gen must be an integer from 0 to ${genCount}, not ${String(g)}`);
  return { chain, gen: g };
}
