/**
 * The LO segment (design.mps.poollo): per grain of the pool's alignment an
 * allocation bit and a mark bit; the buffer fill and empty of the segment,
 * and the segment protocol of a mark-sweep collector for objects without
 * references (whiten, fix, reclaim, walk; never scanned, never grey).
 * See docs/design/pool-lo.md.
 * .critical: fixMethod (per reference into a condemned segment).
 */

import {
  type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, type WriteStream,
  COOL, MpsError, Rank, SIG_INVALID, TRACE_SET_EMPTY, addrHex, aver, checkL, checkS, defineSig, describeLine,
} from "@mps/mpm";
import { type Buffer, GCSeg, GrainSeg, type GrainSegPool, type Pool, type SegOpts } from "@mps/arena";
import { type BT, btCopyInvertRange, btCreate, btFindSet, btGet, btIsSetRange, btResRange, btSet, btSetRange } from "@mps/bt";

/**
 * The signature of a live {@link LOSeg}'s class part (the MPS's `LOSegSig`).
 * @public
 */
export const SIG_LO_SEG = defineSig("LOSeg", 0x519705e9);

/**
 * What an LO segment needs from its pool; `LOPool` implements it.
 * @public
 */
export interface LOSegPool extends GrainSegPool {}

/**
 * The region a buffer fill returns: the `Range` of `@mps/land` that the
 * arena's buffer passes down.
 * @public
 */
export type LOFillRange = Parameters<GCSeg["bufferFill"]>[0];

/**
 * A segment of an LO pool (the MPS's `LOSegStruct`).
 *
 * @remarks
 * The segment is divided into grains of the pool's alignment. `allocTable`
 * has a bit set for every grain in an object or in the region of an
 * attached buffer; `markTable`, while the segment is condemned, has the bit
 * of an object's first grain set once the object has been reached (and is
 * set for every grain that is not condemned: free grains and the unused
 * region of a buffer). Objects are allocated marked (black). The segment
 * has no ranks: it is never grey, never scanned and never protected.
 * @public
 */
export class LOSeg extends GrainSeg {
  /** {@link SIG_LO_SEG} while live. */
  loSig: number = SIG_INVALID;
  /** The pool, as an LO pool. */
  readonly lo: LOSegPool;
  /** Set for each grain that is marked (reached, or not condemned). */
  readonly markTable: BT;

  /** `loSegInit`: every grain free; made by the pool's buffer fill through `segAllocInZones`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.lo = pool as LOSegPool;
    this.markTable = btCreate(this.grains);
    this.loSig = SIG_LO_SEG;
  }

  /** Is grain `i` marked? Meaningful for the first grain of an object while the segment is white. */
  isMarked(i: number): boolean {
    return btGet(this.markTable, i);
  }

  // ----- allocation ------------------------------------------------------------

  /**
   * `loSegBufferFill`: give `buffer` the first run of free grains that holds
   * `size` bytes, whole, allocated black; false if there is none, or the
   * segment has a buffer or is condemned.
   */
  protected override bufferFillMethod(rangeReturn: LOFillRange, size: Size, _buffer: Buffer): boolean {
    const requested = size >>> this.grainShift;
    if (this.freeGrains < requested) return false;
    if (this.buffer() !== undefined) return false;
    if (this.white !== TRACE_SET_EMPTY) return false;
    const base = this.firstFreeRun(rangeReturn, requested);
    if (base < 0) return false;
    const limit = this.indexOfAddr(rangeReturn.limit);
    this.takeRun(base, limit);
    // allocated black: a collection never condemns what the buffer holds
    btSetRange(this.markTable, base, limit);
    return true;
  }

  /** `loSegBufferEmpty`: the unused part [init, limit) becomes free; what the buffer allocated becomes new. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (COOL) aver(this.base <= buffer.base && buffer.base <= init && init <= limit && limit <= this.limit, "LOSeg.bufferEmpty: the buffer is in the segment");
    const initIndex = this.indexOfAddr(init);
    const limitIndex = this.indexOfAddr(limit);
    if (initIndex < limitIndex) {
      if (COOL) aver(btIsSetRange(this.allocTable, initIndex, limitIndex), "LOSeg.bufferEmpty: the unused region is allocated");
      btResRange(this.allocTable, initIndex, limitIndex);
    }
    const unused = limitIndex - initIndex;
    aver(this.bufferedGrains >= unused, "LOSeg.bufferEmpty: the buffered grains include the unused region");
    const used = this.bufferedGrains - unused;
    this.freeGrains += unused;
    this.bufferedGrains = 0;
    this.newGrains += used;
    this.lo.pgen.accountForEmpty(this.bytes(used), this.bytes(unused), false);
  }

  // ----- the collector's protocol ------------------------------------------

  /**
   * `loSegWhiten`: condemn the allocated objects: their marks are cleared,
   * free grains stay marked; the unused region [scanLimit, limit) of an
   * attached buffer is not condemned and stays marked.
   */
  protected override whitenMethod(trace: Trace): void {
    aver(this.white === TRACE_SET_EMPTY, "LOSeg.whiten: the segment is white for no other trace");
    const pgen = this.lo.pgen;
    const buffer = this.buffer();
    let uncondemned = 0;
    if (buffer !== undefined) {
      const scanLimit = this.indexOfAddr(buffer.scanLimit());
      const limit = this.indexOfAddr(buffer.poolLimit);
      if (scanLimit > 0) btCopyInvertRange(this.allocTable, this.markTable, 0, scanLimit);
      if (limit < this.grains) btCopyInvertRange(this.allocTable, this.markTable, limit, this.grains);
      uncondemned = limit - scanLimit;
    } else {
      btCopyInvertRange(this.allocTable, this.markTable, 0, this.grains);
    }
    aver(this.bufferedGrains >= uncondemned, "LOSeg.whiten: the buffered grains include the buffer's unused region");
    const aged = this.bufferedGrains - uncondemned;
    pgen.accountForAge(this.bytes(aged), this.bytes(this.newGrains), false);
    this.oldGrains += aged + this.newGrains;
    this.bufferedGrains = uncondemned;
    this.newGrains = 0;
    if (this.oldGrains > 0) {
      const condemned = this.bytes(this.oldGrains);
      pgen.gen.condemn(trace.ti, condemned);
      trace.condemned += condemned;
      this.setWhite((this.white | (1 << trace.ti)) >>> 0);
    }
  }

  /**
   * `loSegFix`: mark the object `ref` refers to; a weak reference to an
   * unmarked object is splatted (0). An ambiguous reference that is not the
   * client pointer of an allocated grain is ignored (LO objects may only be
   * referred to by their client pointers). An exact reference that cannot
   * be to an object (below the segment once the header is taken off,
   * unaligned, or into free grains) throws `PARAM` at `cool` and is
   * returned unchanged at the other levels.
   * @remarks Critical path.
   */
  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const lo = this.lo;
    const base = ref - (lo.format as ObjectFormat).headerSize;
    const i = (base - this.base) >>> lo.grainShift;
    if (base < this.base || (base & ((1 << lo.grainShift) - 1)) !== 0 || !btGet(this.allocTable, i)) {
      if (COOL && ss.rank !== Rank.AMBIG) this.badReference(ss, ref, base);
      return ref;
    }
    if (!btGet(this.markTable, i)) {
      ss.wasMarked = false;
      if (ss.rank === Rank.WEAK) return 0;
      btSet(this.markTable, i);
    } else {
      ss.wasMarked = true;
    }
    return ref;
  }

  /** `fixEmergency`: the same as fix, which allocates nothing. */
  protected override fixEmergencyMethod(ss: ScanState, ref: Addr): Addr {
    return this.fixMethod(ss, ref);
  }

  private badReference(ss: ScanState, ref: Addr, base: Addr): never {
    const why = base < this.base ? "is out of bounds of the segment's objects" : (base & ((1 << this.grainShift) - 1)) !== 0 ? "is unaligned" : "is in free space";
    throw new MpsError("PARAM", `LO fix: the ${ss.rank === Rank.EXACT ? "exact" : "non-ambiguous"} reference ${addrHex(ref)} ${why}`);
  }

  /**
   * `loSegReclaim`: free every condemned object that was not marked; count
   * what was freed and what survived (`.contract.sizes`); give the segment
   * back to the arena if it is empty and has no buffer.
   */
  protected override reclaimMethod(trace: Trace): void {
    const format = this.lo.format as ObjectFormat;
    const pgen = this.lo.pgen;
    const grains = this.grains;
    const buffer = this.buffer();
    let bs = grains;
    let bl = grains;
    if (buffer !== undefined) {
      bs = this.indexOfAddr(buffer.scanLimit());
      bl = this.indexOfAddr(buffer.poolLimit);
    }
    let reclaimed = 0;
    let i = 0;
    while (i < grains) {
      if (i === bs && bs < bl) {
        i = bl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        const n = btFindSet(this.allocTable, i, grains);
        if (n < 0) break;
        i = n;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (!btGet(this.markTable, i)) {
        btResRange(this.allocTable, i, j);
        reclaimed += j - i;
      }
      i = j;
    }
    aver(reclaimed <= this.oldGrains, "LOSeg.reclaim: only old grains are reclaimed");
    this.oldGrains -= reclaimed;
    this.freeGrains += reclaimed;
    const reclaimedSize = this.bytes(reclaimed);
    pgen.accountForReclaim(reclaimedSize, false);
    trace.reclaimSize += reclaimedSize;
    // What survived of the condemned: the old grains left. (Counting the marked
    // objects instead would count those a buffer emptied during the collection
    // committed after the condemn, which were never condemned.)
    const preservedSize = this.bytes(this.oldGrains);
    trace.preservedInPlaceSize += preservedSize;
    pgen.gen.survived(trace.ti, 0, preservedSize);
    this.setWhite((this.white & ~(1 << trace.ti)) >>> 0);
    if (this.freeGrains === grains && buffer === undefined) {
      pgen.accountForFree(this.size(), this.bytes(this.freeGrains), this.bytes(this.oldGrains), this.bytes(this.newGrains), false);
      this.free();
    }
  }

  /**
   * `loSegWalk`: visit every object of the segment but those not yet
   * finished in an attached buffer, and, during a collection, the unmarked
   * ones (they may be dead).
   */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    const h = format.headerSize;
    const buffer = this.buffer();
    const white = this.white !== TRACE_SET_EMPTY;
    let bs = this.grains;
    let bl = this.grains;
    if (buffer !== undefined) {
      bs = this.indexOfAddr(buffer.scanLimit());
      bl = this.indexOfAddr(buffer.poolLimit);
    }
    let i = 0;
    while (i < this.grains) {
      if (i === bs && bs < bl) {
        i = bl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i++;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (!white || btGet(this.markTable, i)) visitor(this.addrOfIndex(i) + h, format, this.pool);
      i = j;
    }
  }

  /** `loSegFinish`. */
  protected override finishMethod(): void {
    this.loSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `LOSegCheck`: the grain counts add up and agree with the allocation table; no ranks. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.loSig }, SIG_LO_SEG, "LOSeg");
    checkL(this.rankSet === 0 && this.grey === TRACE_SET_EMPTY, "LOSeg: no ranks, never grey");
    if (COOL) {
      const b = this.buffer();
      if (b !== undefined) checkL(btIsSetRange(this.allocTable, this.indexOfAddr(b.ap.init), this.indexOfAddr(b.poolLimit)), "LOSeg: the buffer's unused region is allocated");
    }
    return true;
  }

  /** The counts, and a map of the grains: `*` marked, `-` unmarked, ` ` free. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    let line = "";
    for (let i = 0; i < this.grains; i++) {
      line += !btGet(this.allocTable, i) ? " " : btGet(this.markTable, i) ? "*" : "-";
      if (i % 64 === 63 || i === this.grains - 1) {
        describeLine(stream, depth, `|${line}|`);
        line = "";
      }
    }
  }
}
