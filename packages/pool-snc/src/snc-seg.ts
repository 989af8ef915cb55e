/**
 * The SNC segment (design.mps.poolsnc, code/poolsnc.c `SNCSeg`): a GCSeg
 * holding objects laid end to end from its base, with a link to the next
 * segment of its buffer's chain or of the pool's free list; scanned and
 * walked from its base up to the buffer's scan limit. See docs/design/pool-snc.md.
 * .critical: scanMethod (called by the tracer for every grey SNC segment).
 */

import { type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type WriteStream, COOL, MpsError, SIG_INVALID, TRACE_SET_EMPTY, aver, checkL, checkS, defineSig, describeLine } from "@mps/mpm";
import { type Buffer, GCSeg, type Pool, type Seg, type SegOpts } from "@mps/arena";

/**
 * The signature of a live {@link SNCSeg}'s class part (the MPS's `SNCSegSig`).
 * @public
 */
export const SIG_SNC_SEG = defineSig("SNCSeg", 0x51954c59);

/**
 * A segment of an SNC pool (the MPS's `SNCSeg`).
 *
 * @remarks
 * Objects fill the segment from its base without gaps; the part past the
 * last object is a pad made when the buffer leaves the segment, so the
 * whole segment, or the part below an attached buffer's scan limit, can be
 * scanned and walked with the format's `scan` and `skip`. A segment is on
 * exactly one list through `next`: the chain of the buffer that filled it,
 * or the pool's free list (with no ranks, so the tracer never greys it).
 * Segments are never split or merged (as in the MPS).
 * @public
 */
export class SNCSeg extends GCSeg {
  /** {@link SIG_SNC_SEG} while live. */
  sncSig: number = SIG_INVALID;
  /** The next segment on the buffer's chain (older) or on the pool's free list. */
  next: SNCSeg | undefined = undefined;

  /** `sncSegInit`: made by the pool's buffer fill through `segAlloc`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.sncSig = SIG_SNC_SEG;
  }

  /**
   * `sncSegBufferEmpty`: the buffer leaves the segment; the unused part
   * [init, limit) becomes one pad, so that scans and walks can step over it.
   */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (COOL) aver(this.base <= buffer.base && buffer.base <= init && init <= limit && limit <= this.limit, "SNCSeg.bufferEmpty: the buffer's region is in the segment");
    if (init < limit) (this.pool.format as ObjectFormat).pad(init, limit - init);
  }

  /**
   * `sncSegScan`: scan every object from the base to the scan limit (the
   * attached buffer's init, else the segment's limit: the tail is a pad).
   * The scan is total.
   * @remarks Critical path: one format scan per grey segment.
   */
  protected override scanMethod(ss: ScanState): boolean {
    const limit = this.bufferScanLimit();
    if (this.base < limit) (this.pool.format as ObjectFormat).scan(ss, this.base, limit);
    return true;
  }

  /**
   * `sncSegWalk`: visit every object (pads included, as the MPS does) from
   * the base to the scan limit; a grey segment is skipped, since its
   * objects may still refer to condemned objects.
   */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    if (this.grey !== TRACE_SET_EMPTY) return;
    const limit = this.bufferScanLimit();
    let object = this.base;
    while (object < limit) {
      const next = format.skip(object);
      // Checked at every level: a skip that does not advance would loop for ever.
      if (!(next > object && next <= limit)) aver(false, "SNCSeg.walk: the format's skip advances and stays below the scan limit");
      visitor(object, format, this.pool);
      object = next;
    }
  }

  /** SNC segments are never split (`SegClassMixInNoSplitMerge`). Throws `UNIMPL`. */
  protected override splitMethod(_hi: Seg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", "SNCSeg: segments of SNC pools are not split");
  }

  /** SNC segments are never merged. Throws `UNIMPL`. */
  protected override mergeMethod(_hi: Seg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", "SNCSeg: segments of SNC pools are not merged");
  }

  /** `sncSegFinish`. */
  protected override finishMethod(): void {
    this.next = undefined;
    this.sncSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `SNCSegCheck`. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.sncSig }, SIG_SNC_SEG, "SNCSeg");
    if (this.next !== undefined) checkL(this.next.sncSig === SIG_SNC_SEG && this.next.pool === this.pool, "SNCSeg: next is a live segment of the pool");
    checkL(this.white === TRACE_SET_EMPTY, "SNCSeg: never condemned");
    return true;
  }

  /** The link. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `next ${this.next === undefined ? "none" : this.next.id}`);
  }
}
