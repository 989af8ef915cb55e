/**
 * The AMS segment (design.mps.poolams `.colour`, `.alloc-bit-table`): per
 * grain of the pool's alignment an allocation bit and the two colour bits
 * (non-white, non-grey), the buffer fill and empty of the segment, and the
 * segment protocol of a non-moving mark-sweep collector (whiten, scan, fix,
 * blacken, reclaim, walk). See docs/design/pool-ams.md.
 * .critical: fixMethod (per reference into a condemned segment), scanMethod.
 */

import {
  type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, type TraceSet, type WriteStream,
  COOL, MpsError, Rank, SIG_INVALID, TRACE_SET_EMPTY, addrHex, aver, checkL, checkS, defineSig, describeLine,
} from "@mps/mpm";
import { type Buffer, GCSeg, GrainSeg, type GrainSegPool, type Pool, type SegOpts } from "@mps/arena";
import {
  type BT, BTRange, btCopyRange, btCountResRange, btCountSetRange, btCreate, btFindLongResRange, btFindRes, btFindSet, btFindSetHigh, btGet,
  btIsSetRange, btRes, btResRange, btSet, btSetRange,
} from "@mps/bt";

/** The run a fill search finds (grain indices), reused by every search so that a fill allocates nothing. */
const foundRun = new BTRange();

/**
 * The signature of a live {@link AMSSeg}'s class part (the MPS's `AMSSegSig`).
 * @public
 */
export const SIG_AMS_SEG = defineSig("AMSSeg", 0x519a3559);

/**
 * What an AMS segment needs from its pool; `AMSPool` implements it.
 * @public
 */
export interface AMSSegPool extends GrainSegPool {
  /** Whether ambiguous references into the pool preserve objects (`MPS_KEY_AMS_SUPPORT_AMBIGUOUS`). */
  readonly supportAmbiguous: boolean;
  /**
   * Does the pool want {@link AMSSegPool.freeSplatHook} called for the dead
   * objects of a reclaimed segment? False in AMS, so that its reclaim does no
   * extra walk; true in a debugging subclass (AMSDebug).
   */
  readonly splatsFreeSpace: boolean;
  /**
   * An upper bound on the longest run of free grains in any segment of the
   * pool: a segment raises it when its own {@link AMSSeg.runBound} grows.
   */
  runBound: number;
  /**
   * Hook: [base, limit) is becoming free space (a new segment, the unused part
   * of an emptied buffer, dead objects being reclaimed), called before the
   * segment's tables change. Does nothing in AMS; AMSDebug splats the range
   * (the MPS's `DebugPoolFreeSplat`).
   */
  freeSplatHook(base: Addr, limit: Addr): void;
  /**
   * Hook: the free grains [base, limit) are about to be handed to a buffer,
   * called before the segment's tables change. Does nothing in AMS; AMSDebug
   * throws if they do not hold its free template (the MPS's
   * `DebugPoolFreeCheck`), leaving the segment unchanged.
   */
  freeCheckHook(base: Addr, limit: Addr): void;
}

/**
 * The region a buffer fill returns: the `Range` of `@mps/land` that the
 * arena's buffer passes down.
 * @public
 */
export type FillRange = Parameters<GCSeg["bufferFill"]>[0];

/**
 * A segment of an AMS pool (the MPS's `AMSSegStruct`).
 *
 * @remarks
 * The segment is divided into grains of the pool's alignment. `alloc` has a
 * bit set for every grain that is allocated (in an object, or in the region
 * of an attached buffer). While the segment is condemned
 * (`colourTablesInUse`), every grain also has a colour, in the MPS's
 * encoding: white is non-white reset and non-grey set; grey is both reset
 * (only ever at the first grain of an object); black is both set. Free
 * grains are white, and grains of an attached buffer's unused region are
 * black. Outside a collection the tables are meaningless and objects take
 * their colour from the segment (design.mps.poolams `.colour.determine`).
 * The grain counts (free, buffered, new, old) always add up to `grains`,
 * and mirror the pool generation's accounts.
 * @public
 */
export class AMSSeg extends GrainSeg {
  /** {@link SIG_AMS_SEG} while live. */
  amsSig: number = SIG_INVALID;
  /** The pool, as an AMS pool. */
  readonly ams: AMSSegPool;
  /** Is the colour of each grain in the tables (the segment is white for a trace)? */
  colourTablesInUse = false;
  /** Has an object been made grey since the current scan pass began (`.marked`)? */
  marksChanged = false;
  /**
   * The lowest grain that may be grey (the number of grains if none): the next
   * scan pass starts here rather than at the segment's base
   * (design.mps.poolams `.marked.clever`).
   */
  greyLow = 0;
  /** Set for each grain that is not white. */
  readonly nonwhiteTable: BT;
  /** Set for each grain that is not the first grain of a grey object. */
  readonly nongreyTable: BT;
  /** Set for the first grain of each object, made on the first ambiguous fix of a collection; undefined until one. */
  startTable: BT | undefined = undefined;
  /** Is `startTable` right for the current collection? */
  startsValid = false;
  /**
   * An upper bound on the length, in grains, of the longest run of free
   * grains (`.impl.fill.bound`): lowered when a search for a longer run
   * fails, raised when a buffer is emptied or the segment reclaimed.
   */
  runBound: number;

  /** `AMSSegInit`: every grain free; made by the pool's buffer fill through `segAllocInZones`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.ams = pool as AMSSegPool;
    this.greyLow = this.grains;
    this.runBound = this.grains;
    this.nonwhiteTable = btCreate(this.grains);
    this.nongreyTable = btCreate(this.grains);
    this.amsSig = SIG_AMS_SEG;
  }

  /** Is grain `i` white (condemned and not yet reached)? Meaningful only while `colourTablesInUse`. */
  isWhite(i: number): boolean {
    return !btGet(this.nonwhiteTable, i) && btGet(this.nongreyTable, i);
  }

  /** Is grain `i` the first grain of a grey object? Meaningful only while `colourTablesInUse`. */
  isGrey(i: number): boolean {
    return !btGet(this.nongreyTable, i);
  }

  /** Is grain `i` black? Meaningful only while `colourTablesInUse`. */
  isBlack(i: number): boolean {
    return btGet(this.nonwhiteTable, i) && btGet(this.nongreyTable, i);
  }

  /** Make [base, limit) white (`AMS_RANGE_WHITEN`). */
  private rangeWhiten(base: number, limit: number): void {
    if (base < limit) {
      btResRange(this.nonwhiteTable, base, limit);
      btSetRange(this.nongreyTable, base, limit);
    }
  }

  /** Make [base, limit) black (`AMS_RANGE_BLACKEN`). */
  private rangeBlacken(base: number, limit: number): void {
    if (base < limit) {
      btSetRange(this.nonwhiteTable, base, limit);
      btSetRange(this.nongreyTable, base, limit);
    }
  }



  // ----- allocation ------------------------------------------------------------

  /**
   * `amsSegBufferFill`: give `buffer` the first run of free grains that holds
   * `size` bytes, whole; false if there is none, if the segment has a
   * buffer, is white or grey (`.fill.colour`), or has other ranks. The
   * pool's fill asks for longer runs first through {@link AMSSeg.fillRun}.
   */
  protected override bufferFillMethod(rangeReturn: FillRange, size: Size, buffer: Buffer): boolean {
    return this.fillRun(rangeReturn, size >>> this.grainShift, buffer);
  }

  /**
   * Give `buffer` the first run of at least `want` free grains, whole (the
   * MPS's `amsSegBufferFill` with `want` for the request); false if there is
   * none, if the segment has a buffer, is white or grey (`.fill.colour`), or
   * has other ranks. A segment whose {@link AMSSeg.runBound} is below `want`
   * is refused without a search, and a search that fails lowers the bound to
   * `want - 1` (`.impl.fill.bound`). Called by the pool's fill, not by clients.
   * @remarks Allocates nothing (one search of the allocation table, a word at a time).
   */
  fillRun(rangeReturn: FillRange, want: number, buffer: Buffer): boolean {
    if (want > this.runBound || want > this.freeGrains) return false;
    if (this.buffer() !== undefined) return false;
    if ((this.white | this.grey) !== TRACE_SET_EMPTY) return false;
    if (buffer.rankSet() !== this.rankSet) return false;
    if (btFindLongResRange(this.allocTable, 0, this.grains, want, foundRun) < 0) {
      this.runBound = want - 1;
      return false;
    }
    const base = foundRun.base;
    const limit = foundRun.limit;
    rangeReturn.base = this.addrOfIndex(base);
    rangeReturn.limit = this.addrOfIndex(limit);
    this.ams.freeCheckHook(rangeReturn.base, rangeReturn.limit);
    this.takeRun(base, limit);
    return true;
  }

  /** Set {@link AMSSeg.runBound} to `n` (a free run may now be that long), and the pool's bound with it. */
  private raiseRunBound(n: number): void {
    this.runBound = n;
    if (n > this.ams.runBound) this.ams.runBound = n;
  }

  /**
   * `amsSegBufferEmpty`: the unused part [init, limit) of the buffer's
   * region becomes free (and white, if the segment is condemned:
   * `.empty`); what the buffer allocated becomes new.
   */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (COOL) aver(this.base <= buffer.base && buffer.base <= init && init <= limit && limit <= this.limit, "AMSSeg.bufferEmpty: the buffer is in the segment");
    const initIndex = this.indexOfAddr(init);
    const limitIndex = this.indexOfAddr(limit);
    if (initIndex < limitIndex) {
      if (COOL) aver(btIsSetRange(this.allocTable, initIndex, limitIndex), "AMSSeg.bufferEmpty: the unused region is allocated");
      // a tripped reservation may have written into the unused part: splat it again
      this.ams.freeSplatHook(init, limit);
      btResRange(this.allocTable, initIndex, limitIndex);
      if (this.colourTablesInUse) this.rangeWhiten(initIndex, limitIndex);
      // .impl.fill.bound: the freed grains join the free run around them
      const runBase = btFindSetHigh(this.allocTable, 0, initIndex) + 1;
      const above = btFindSet(this.allocTable, limitIndex, this.grains);
      const runLength = (above < 0 ? this.grains : above) - runBase;
      if (runLength > this.runBound) this.raiseRunBound(runLength);
    }
    const unused = limitIndex - initIndex;
    aver(this.bufferedGrains >= unused, "AMSSeg.bufferEmpty: the buffered grains include the unused region");
    const used = this.bufferedGrains - unused;
    this.freeGrains += unused;
    this.bufferedGrains = 0;
    this.newGrains += used;
    this.ams.pgen.accountForEmpty(this.bytes(used), this.bytes(unused), false);
  }

  // ----- the collector's protocol ------------------------------------------

  /**
   * `amsSegWhiten`: condemn every object of the segment for `trace`: all
   * grains white, except the unused region [scanLimit, limit) of an attached
   * buffer, which stays black and is not condemned (`.condemn.buffer`).
   */
  protected override whitenMethod(trace: Trace): void {
    aver(this.white === TRACE_SET_EMPTY, "AMSSeg.whiten: the segment is white for no other trace (.colour.single)");
    const pgen = this.ams.pgen;
    this.colourTablesInUse = true;
    const buffer = this.buffer();
    let uncondemned = 0;
    if (buffer !== undefined) {
      const scanLimit = this.indexOfAddr(buffer.scanLimit());
      const limit = this.indexOfAddr(buffer.poolLimit);
      this.rangeWhiten(0, scanLimit);
      this.rangeBlacken(scanLimit, limit);
      this.rangeWhiten(limit, this.grains);
      uncondemned = limit - scanLimit;
    } else {
      this.rangeWhiten(0, this.grains);
    }
    aver(this.bufferedGrains >= uncondemned, "AMSSeg.whiten: the buffered grains include the buffer's unused region");
    const aged = this.bufferedGrains - uncondemned;
    pgen.accountForAge(this.bytes(aged), this.bytes(this.newGrains), false);
    this.oldGrains += aged + this.newGrains;
    this.bufferedGrains = uncondemned;
    this.newGrains = 0;
    this.marksChanged = false;
    this.greyLow = this.grains;
    this.startsValid = false;
    if (this.oldGrains > 0) {
      const condemned = this.bytes(this.oldGrains);
      pgen.gen.condemn(trace.ti, condemned);
      trace.condemned += condemned;
      this.setWhite((this.white | (1 << trace.ti)) >>> 0);
    } else {
      this.colourTablesInUse = false;
    }
  }

  /**
   * `amsSegBlacken`: turn the grey objects black without scanning them, if
   * the segment is white for any of `traceSet` (`.marked.blacken`).
   */
  protected override blackenMethod(traceSet: TraceSet): void {
    if ((traceSet & this.white) === 0) return;
    const format = this.pool.format as ObjectFormat;
    this.marksChanged = false;
    let j = this.greyLow;
    this.greyLow = this.grains;
    while (j < this.grains) {
      const i = btFindRes(this.nongreyTable, j, this.grains);
      if (i < 0) break;
      j = this.objectLimitIndex(format, i);
      this.rangeBlacken(i, j);
    }
  }

  /**
   * `amsSegScan`: in a segment white for the scan's trace, scan the grey
   * objects and blacken them, in passes until none is grey (`.scan.iter`),
   * each pass starting at the lowest grain greyed since the last began
   * (`.marked.clever`); returns false, as only some objects were scanned. In a
   * segment that is grey but not white, scan every object but the
   * unfinished ones of an attached buffer, and return true.
   */
  protected override scanMethod(ss: ScanState): boolean {
    const format = this.pool.format as ObjectFormat;
    const h = format.headerSize;
    if ((ss.traces & ~this.white) !== 0) {
      this.scanAll(ss, format);
      return true;
    }
    const grains = this.grains;
    do {
      this.marksChanged = false;
      let j = this.greyLow;
      this.greyLow = grains;
      while (j < grains) {
        const i = btFindRes(this.nongreyTable, j, grains);
        if (i < 0) break;
        const p = this.addrOfIndex(i);
        j = this.objectLimitIndex(format, i);
        try {
          format.scan(ss, p + h, this.addrOfIndex(j) + h);
        } catch (e) {
          // .marked.scan.fail: the object stays grey, and the next scan starts no higher
          this.marksChanged = true;
          if (i < this.greyLow) this.greyLow = i;
          throw e;
        }
        this.rangeBlacken(i, j);
      }
    } while (this.marksChanged);
    return false;
  }

  /** Scan every object in the segment: each run of allocated grains, less an attached buffer's unfinished region. */
  private scanAll(ss: ScanState, format: ObjectFormat): void {
    const h = format.headerSize;
    const grains = this.grains;
    const buffer = this.buffer();
    let bs = grains;
    let bl = grains;
    if (buffer !== undefined) {
      bs = this.indexOfAddr(buffer.scanLimit());
      bl = this.indexOfAddr(buffer.poolLimit);
    }
    let i = 0;
    while (i < grains) {
      const s = btFindSet(this.allocTable, i, grains);
      if (s < 0) break;
      let e = btFindRes(this.allocTable, s, grains);
      if (e < 0) e = grains;
      if (bs < bl && s < bl && bs < e) {
        if (s < bs) format.scan(ss, this.addrOfIndex(s) + h, this.addrOfIndex(bs) + h);
        if (bl < e) format.scan(ss, this.addrOfIndex(bl) + h, this.addrOfIndex(e) + h);
      } else {
        format.scan(ss, this.addrOfIndex(s) + h, this.addrOfIndex(e) + h);
      }
      i = e;
    }
  }

  /**
   * The first grain of the object that an ambiguous reference `ref` points
   * into, or -1 if it points into none (`.ambiguous.middle`): the object
   * whose client pointer is `ref`, or else the one whose block contains
   * `ref`. Uses the table of object starts, made on the first ambiguous fix
   * of the collection.
   */
  private objectOfAmbiguous(format: ObjectFormat, ref: Addr): number {
    if (!this.startsValid) this.makeStarts(format);
    const starts = this.startTable as BT;
    const base = ref - format.headerSize;
    if (base >= this.base && (base & ((1 << this.grainShift) - 1)) === 0 && btGet(starts, this.indexOfAddr(base))) return this.indexOfAddr(base);
    const s = btFindSetHigh(starts, 0, this.indexOfAddr(ref) + 1);
    if (s < 0) return -1;
    return ref < this.addrOfIndex(this.objectLimitIndex(format, s)) ? s : -1;
  }

  /**
   * Set the bit of the first grain of every object in the table of object
   * starts (made if need be): a walk of the segment with the format's skip,
   * over allocated grains, less an attached buffer's unfinished region. It
   * stays right for the rest of the collection: objects committed later are
   * in that region, which is black, and a buffer emptied frees only grains
   * of that region.
   */
  private makeStarts(format: ObjectFormat): void {
    const grains = this.grains;
    let starts = this.startTable;
    if (starts === undefined) starts = this.startTable = btCreate(grains);
    else btResRange(starts, 0, grains);
    const alloc = this.allocTable;
    const buffer = this.buffer();
    let bs = grains;
    let bl = grains;
    if (buffer !== undefined) {
      bs = this.indexOfAddr(buffer.scanLimit());
      bl = this.indexOfAddr(buffer.poolLimit);
    }
    let i = 0;
    while (i < grains) {
      if (i === bs && bs < bl) {
        i = bl;
        continue;
      }
      if (!btGet(alloc, i)) {
        i = btFindSet(alloc, i, grains);
        if (i < 0) break;
        continue;
      }
      btSet(starts, i);
      i = this.objectLimitIndex(format, i);
    }
    this.startsValid = true;
  }

  /**
   * `amsSegFix`: preserve the object `ref` refers to (`.contract.fix`).
   * A white object becomes grey and the segment grey, to be scanned; a weak
   * reference to a white object is splatted (0). An ambiguous reference
   * anywhere into an object preserves it if the pool supports ambiguous
   * references, and is ignored otherwise; one into no object is ignored.
   * An exact reference that cannot be to an object (below the segment once
   * the header is taken off, unaligned, into free grains, or, checked at
   * `cool` only, to a condemned grain inside an object) throws `PARAM` at
   * `cool` and is returned unchanged at the other levels.
   * @remarks Critical path.
   */
  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const ams = this.ams;
    const format = ams.format as ObjectFormat;
    let i: number;
    if (ss.rank === Rank.AMBIG) {
      if (!ams.supportAmbiguous) return ref;
      i = this.objectOfAmbiguous(format, ref);
      if (i < 0) return ref;
    } else {
      const base = ref - format.headerSize;
      i = (base - this.base) >>> ams.grainShift;
      if (base < this.base || (base & ((1 << ams.grainShift) - 1)) !== 0 || !btGet(this.allocTable, i)) {
        if (COOL) this.badReference(ss, ref, base);
        return ref;
      }
      if (COOL && !btGet(this.nonwhiteTable, i)) {
        // .fix.interior: a condemned grain that no object starts at (the MPS cannot tell)
        if (!this.startsValid) this.makeStarts(format);
        if (!btGet(this.startTable as BT, i)) this.badReference(ss, ref, base);
      }
    }
    if (!btGet(this.nonwhiteTable, i) && btGet(this.nongreyTable, i)) {
      ss.wasMarked = false;
      if (ss.rank === Rank.WEAK) return 0;
      btRes(this.nongreyTable, i);
      this.marksChanged = true;
      if (i < this.greyLow) this.greyLow = i;
      if ((this.grey & ss.traces) !== ss.traces) this.setGrey((this.grey | ss.traces) >>> 0);
    } else {
      ss.wasMarked = true;
    }
    return ref;
  }

  /** `fixEmergency`: the same as fix, which allocates nothing. */
  protected override fixEmergencyMethod(ss: ScanState, ref: Addr): Addr {
    return this.fixMethod(ss, ref);
  }

  /** Throw `PARAM` for an exact reference that cannot be to an object. */
  private badReference(ss: ScanState, ref: Addr, base: Addr): never {
    const why =
      base < this.base
        ? "is out of bounds of the segment's objects"
        : (base & ((1 << this.grainShift) - 1)) !== 0
          ? "is unaligned"
          : !btGet(this.allocTable, this.indexOfAddr(base))
            ? "is in free space"
            : "is inside an object, not at its start";
    throw new MpsError("PARAM", `AMS fix: the ${ss.rank === Rank.EXACT ? "exact" : "non-ambiguous"} reference ${addrHex(ref)} ${why}`);
  }

  /**
   * `amsSegReclaim`: the white grains are free. Counts what was freed and
   * what survived (`.contract.sizes`), stops using the colour tables, and
   * gives the segment back to the arena if it is empty and has no buffer.
   */
  protected override reclaimMethod(trace: Trace): void {
    aver(this.colourTablesInUse, "AMSSeg.reclaim: a white segment uses its colour tables");
    const pgen = this.ams.pgen;
    const grains = this.grains;
    if (COOL) aver(!this.anyGrey(), "AMSSeg.reclaim: nothing is grey (.marked.reclaim)");
    if (this.ams.splatsFreeSpace) this.splatWhite();
    const nowFree = btCountResRange(this.nonwhiteTable, 0, grains);
    btCopyRange(this.nonwhiteTable, this.allocTable, 0, grains);
    const reclaimed = nowFree - this.freeGrains;
    aver(reclaimed >= 0 && reclaimed <= this.oldGrains, "AMSSeg.reclaim: only old grains are reclaimed");
    this.oldGrains -= reclaimed;
    this.freeGrains += reclaimed;
    if (reclaimed > 0) this.raiseRunBound(this.freeGrains); // .impl.fill.bound: runs may have grown and joined
    const reclaimedSize = this.bytes(reclaimed);
    pgen.accountForReclaim(reclaimedSize, false);
    trace.reclaimSize += reclaimedSize;
    const preserved = this.bytes(this.oldGrains);
    trace.preservedInPlaceSize += preserved;
    pgen.gen.survived(trace.ti, 0, preserved);
    this.colourTablesInUse = false;
    this.marksChanged = false;
    this.greyLow = grains;
    this.startsValid = false;
    this.setWhite((this.white & ~(1 << trace.ti)) >>> 0);
    if (this.freeGrains === grains && this.buffer() === undefined) {
      pgen.accountForFree(this.size(), this.bytes(this.freeGrains), this.bytes(this.oldGrains), this.bytes(this.newGrains), false);
      this.free();
    }
  }

  /** Call the pool's {@link AMSSegPool.freeSplatHook} on every run of white grains (the dead objects and the free grains). */
  private splatWhite(): void {
    const grains = this.grains;
    let i = 0;
    while (i < grains) {
      const s = btFindRes(this.nonwhiteTable, i, grains);
      if (s < 0) break;
      let e = btFindSet(this.nonwhiteTable, s, grains);
      if (e < 0) e = grains;
      this.ams.freeSplatHook(this.addrOfIndex(s), this.addrOfIndex(e));
      i = e;
    }
  }

  /** Is any grain grey? */
  private anyGrey(): boolean {
    return btFindRes(this.nongreyTable, 0, this.grains) >= 0;
  }

  /**
   * `amsSegWalk`: visit every object of the segment but those not yet
   * finished in an attached buffer, and, during a collection, the white ones
   * (they may be dead).
   */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    const h = format.headerSize;
    const buffer = this.buffer();
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
      if (!this.colourTablesInUse || !this.isWhite(i)) visitor(this.addrOfIndex(i) + h, format, this.pool);
      i = j;
    }
  }

  /** `AMSSegFinish`: the tables go with the segment. */
  protected override finishMethod(): void {
    this.amsSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `AMSSegCheck`: the grain counts add up and agree with the tables. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.amsSig }, SIG_AMS_SEG, "AMSSeg");
    if (this.white !== TRACE_SET_EMPTY) checkL(this.colourTablesInUse && (this.white & (this.white - 1)) === 0, "AMSSeg: white for one trace, with colour tables (.colour.single)");
    if (COOL) {
      const b = this.buffer();
      if (b !== undefined) checkL(btIsSetRange(this.allocTable, this.indexOfAddr(b.ap.init), this.indexOfAddr(b.poolLimit)), "AMSSeg: the buffer's unused region is allocated");
      if (this.runBound < this.grains) checkL(btFindLongResRange(this.allocTable, 0, this.grains, this.runBound + 1) < 0, "AMSSeg: no run of free grains is longer than runBound");
      if (this.colourTablesInUse) {
        // .colour.check: never grey and non-white; free grains white.
        for (let i = 0; i < this.grains; i++) checkL(!(this.isGrey(i) && btGet(this.nonwhiteTable, i)), "AMSSeg: no grain is grey and non-white");
        if (this.freeGrains > 0) checkL(btCountSetRange(this.nonwhiteTable, 0, this.grains) <= this.grains - this.freeGrains, "AMSSeg: free grains are white");
      } else {
        checkL(!this.marksChanged, "AMSSeg: marksChanged only while condemned (.marked.unused)");
      }
    }
    return true;
  }

  /** The counts, and a map of the grains: `*` black, `+` grey, `-` white, `.` allocated, ` ` free, `!` bad; the buffer as `[` base, `|` init, `>` alloc, `]` limit. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `colourTablesInUse ${this.colourTablesInUse} marksChanged ${this.marksChanged}`);
    const b = this.buffer();
    const mark = (i: number, addr: Addr | undefined, c: string): string => (addr !== undefined && this.indexOfAddr(addr) === i && addr >= this.base && addr <= this.limit ? c : "");
    let line = "";
    for (let i = 0; i < this.grains; i++) {
      if (b !== undefined) line += mark(i, b.base, "[") + mark(i, b.ap.init, "|") + mark(i, b.ap.alloc, ">");
      let c: string;
      if (!btGet(this.allocTable, i)) c = " ";
      else if (!this.colourTablesInUse) c = ".";
      else if (this.isGrey(i) && btGet(this.nonwhiteTable, i)) c = "!";
      else if (this.isGrey(i)) c = "+";
      else if (this.isWhite(i)) c = "-";
      else c = "*";
      line += c;
      if (b !== undefined) line += mark(i + 1, b.poolLimit, "]");
      if (i % 64 === 63 || i === this.grains - 1) {
        describeLine(stream, depth, `|${line}|`);
        line = "";
      }
    }
  }
}
