/**
 * The LO (Leaf Object) pool class (design.mps.poollo): a non-moving
 * collected pool of formatted objects that hold no references, allocated
 * through allocation points into one generation of a chain, marked in
 * per-grain bit tables of its segments (lo-seg.ts) and swept in place.
 * See docs/design/pool-lo.md.
 * .critical: none here (the per-reference work is in LOSeg.fixMethod).
 */

import {
  type FreeBlockVisitor, type ObjectFormat, type Size, type WriteStream,
  RANK_SET_EMPTY, SIG_INVALID, ZONE_SET_EMPTY, alignUp, aver, checkL, checkS, defineSig, describeLine, paramError,
} from "@mps/mpm";
import {
  type Arena, type Buffer, type BufferClass, CHAIN_DEFAULT, Chain, FormatMethod, type Format, type PoolOpts, Pool, PoolGen, SegBuf,
  SIG_CHAIN, definePoolAttrs, segAllocInZones,
} from "@mps/arena";
import { LOSeg, type LOFillRange, type LOSegPool } from "./lo-seg.js";

/**
 * The signature of a live LO pool's class part (the MPS's `LOSig`).
 * @public
 */
export const SIG_LO = defineSig("LO", 0x51970b07);

/**
 * The smallest segment an LO pool makes, in bytes (rounded up to the arena
 * grain): a buffer fill that needs more gets a segment just large enough.
 * @public
 */
export const LO_SEG_SIZE_MIN = 64 * 1024;

/**
 * Options of an LO pool (`mps_pool_create_k` with `mps_class_lo()`).
 * @public
 */
export interface LOOpts extends PoolOpts {
  /** `MPS_KEY_FORMAT`: required; the format must have `fmtSkip` (LO never scans). The pool's alignment is the format's. */
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
   * the arena's top generation). Objects stay in it: LO does not promote.
   * @defaultValue 0 with a `chain`, 1 without (the MPS avoids the nursery of its default chain)
   */
  gen?: number;
}

function checkOpts(opts: LOOpts): LOOpts {
  if (opts === null || typeof opts !== "object") paramError(`LO: options must be an object, not ${String(opts)}`);
  if (opts.format === undefined) paramError("LO: the format option is required");
  return opts;
}

/**
 * The LO pool class (`mps_class_lo()`): automatically managed leaf objects
 * (objects with no references, such as strings and bitmaps) that never move,
 * allocated through allocation points.
 *
 * @remarks
 * Each segment keeps an allocation and a mark bit table over grains of the
 * pool's alignment (see {@link LOSeg}). A buffer fill takes the first run of
 * free grains big enough from a segment that is not condemned and has no
 * buffer, else a new segment of at least {@link LO_SEG_SIZE_MIN}. A
 * collection clears the marks of the condemned objects; fixing marks an
 * object; reclaim frees the unmarked ones in place, and segments left empty
 * go back to the arena. Segments have no ranks, so they are never scanned
 * and never protected. `pool.alloc` and `pool.free` are not supported
 * (`UNIMPL`), as in the MPS.
 * @public
 */
export class LOPool extends Pool implements LOSegPool {
  /** The class's name. */
  static readonly className: string = "LO";
  /** LO is collected, buffered and formatted; not scannable (no ranks). */
  static readonly attrs = definePoolAttrs({ gc: true, buffer: true, format: true });

  /** {@link SIG_LO} while live (the Pool's own `sig` is the pool signature). */
  loSig: number = SIG_INVALID;
  /** The pool's generation: where every segment is allocated. */
  readonly pgen: PoolGen;
  /** log2 of the alignment. */
  readonly grainShift: number;
  /** The chain, given or the pool's own. */
  readonly chain: Chain;
  /** The index of the pool's generation in the chain. */
  readonly genIndex: number;
  /** Did the pool make its chain (and so destroy it)? */
  private readonly ownChain: boolean;

  /** `LOInit`. Throws `PARAM` on a missing or bad option, making nothing. */
  constructor(arena: Arena, opts: LOOpts) {
    super(arena, checkOpts(opts));
    let ownChain: Chain | undefined;
    try {
      const format = this.format as Format;
      format.require(FormatMethod.SKIP, "LO");
      if (this.alignment !== format.align) paramError(`LO: the alignment is the format's (${format.align}), not ${this.alignment}`);
      const chain = opts.chain;
      if (chain !== undefined && (!(chain instanceof Chain) || chain.sig !== SIG_CHAIN || !arena.chains.has(chain))) paramError("LO: chain must be a live chain of the pool's arena");
      const genCount = chain === undefined ? CHAIN_DEFAULT.length : chain.genCount;
      const gen = opts.gen ?? (chain === undefined ? 1 : 0);
      if (typeof gen !== "number" || !Number.isInteger(gen) || gen < 0 || gen > genCount) paramError(`LO: gen must be an integer from 0 to ${genCount}, not ${String(gen)}`);
      if (chain === undefined) ownChain = arena.createChain(CHAIN_DEFAULT);
      this.chain = chain ?? (ownChain as Chain);
      this.genIndex = gen;
      this.grainShift = 31 - Math.clz32(this.alignment);
      this.pgen = new PoolGen(this.chain.gen(gen), this);
    } catch (e) {
      if (ownChain !== undefined) ownChain.destroy();
      this.abandon();
      throw e;
    }
    this.ownChain = ownChain !== undefined;
    this.loSig = SIG_LO;
  }

  /**
   * Allocation points of LO pools have no ranks (`SegBuf`): a `rank` option
   * of `pool.createAp` is ignored, as the MPS ignores it (its `locv` test
   * passes `mps_rank_exact()`).
   */
  protected override bufferClassMethod(): BufferClass {
    return SegBuf;
  }

  /** `LOBufferFill`: the first segment that can take the buffer, else a new one. */
  protected override bufferFillMethod(rangeReturn: LOFillRange, buffer: Buffer, size: Size): void {
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      if ((n.owner as LOSeg).bufferFill(rangeReturn, size, buffer)) return;
    }
    const seg = this.segCreate(size);
    const ok = seg.bufferFill(rangeReturn, size, buffer);
    aver(ok, "LO.bufferFill: a new segment takes the buffer");
  }

  /** A segment of at least {@link LO_SEG_SIZE_MIN} (just `size` if that fails) in the pool's generation. */
  private segCreate(size: Size): LOSeg {
    const grain = this.arena.grainSize;
    const want = alignUp(Math.max(size, LO_SEG_SIZE_MIN), grain);
    const gen = this.pgen.gen;
    let seg: LOSeg;
    try {
      seg = segAllocInZones(LOSeg, gen, want, this, {});
    } catch (e) {
      const least = alignUp(size, grain);
      if (least === want) throw e;
      seg = segAllocInZones(LOSeg, gen, least, this, {});
    }
    this.pgen.accountForAlloc(seg.size());
    seg.pgen = this.pgen;
    seg.setRankSummary(RANK_SET_EMPTY, ZONE_SET_EMPTY);
    return seg;
  }

  /** `loSegBufferEmpty` through the buffer's segment. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const seg = buffer.seg();
    aver(seg instanceof LOSeg && seg.pool === this, "LO.bufferEmpty: the buffer is attached to a segment of the pool");
    (seg as LOSeg).bufferEmpty(buffer);
  }

  /** `LOTotalSize`: the bytes of the pool's segments. */
  protected override totalSizeMethod(): Size {
    return this.pgen.totalSize;
  }

  /** `LOFreeSize`: the bytes of free grains (not those of attached buffers). */
  protected override freeSizeMethod(): Size {
    return this.pgen.freeSize;
  }

  /** Every run of free grains. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    const ring = this.segRing;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) (n.owner as LOSeg).freeRuns((b, l) => visitor(b, l, this));
  }

  /** `LOFinish`: every segment goes back to the arena, out of the generation's accounts; then the generation and any own chain. */
  protected override finishMethod(): void {
    const ring = this.segRing;
    const b = (x: number): number => x << this.grainShift;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) {
      const seg = n.owner as LOSeg;
      this.pgen.accountForFree(seg.size(), b(seg.freeGrains), b(seg.oldGrains), b(seg.newGrains), false);
      seg.free();
    }
    this.loSig = SIG_INVALID;
    this.pgen.finish();
    if (this.ownChain) this.chain.destroy();
  }

  /** `LOCheck`. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.loSig }, SIG_LO, "LO");
    checkL(this.format !== undefined && this.alignment === this.format.align, "LO: the alignment is the format's");
    checkL(1 << this.grainShift === this.alignment, "LO: grainShift");
    this.pgen.check();
    let total = 0;
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const seg = n.owner as LOSeg;
      checkL(seg instanceof LOSeg, "LO: every segment is an LO segment");
      seg.check();
      total += seg.size();
    }
    checkL(total === this.pgen.totalSize, "LO: the generation's total is the segments' sizes");
    return true;
  }

  /** The generation; the segments follow (with their grain maps). */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `LO gen ${this.genIndex}${this.ownChain ? " (own chain)" : ""}`);
    this.pgen.describe(stream, depth);
    describeLine(stream, depth, "segment maps: * marked  - unmarked  (space) free");
  }
}
