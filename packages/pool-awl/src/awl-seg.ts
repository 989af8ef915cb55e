/**
 * The AWL segment (design.mps.poolawl `.awlseg`): per grain of the pool's
 * alignment an allocation bit, a mark bit and a scanned bit; the buffer
 * fill and empty; the segment protocol (whiten, greyen, blacken, scan with
 * the dependent-object protocol, fix, reclaim, walk) and single access.
 * See docs/design/pool-awl.md.
 * .critical: fixMethod (per reference into a condemned segment), scanPass.
 */

import {
  type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, type TraceSet, type WriteStream,
  COOL, MpsError, Rank, SIG_INVALID, TRACE_SET_EMPTY, ZONE_SET_UNIV, addrHex, aver, checkL, checkS, defineSig, describeLine,
} from "@mps/mpm";
import { type Buffer, GCSeg, GrainSeg, type GrainSegPool, type Pool, type SegOpts } from "@mps/arena";
import { type BT, btCopyInvertRange, btCopyRange, btCreate, btFindSet, btGet, btIsSetRange, btResRange, btSet, btSetRange } from "@mps/bt";

/**
 * The signature of a live {@link AWLSeg}'s class part (the MPS's `AWLSegSig`).
 * @public
 */
export const SIG_AWL_SEG = defineSig("AWLSeg", 0x519a3759);

/**
 * The statistics an AWL pool keeps of its weak segments' scans and single
 * accesses (the MPS's `awlStatTotalStruct`).
 * @public
 */
export interface AWLStats {
  /** Scans of a weak segment at its own (weak) rank. */
  goodScans: number;
  /** Scans of a weak segment at a lower rank (a barrier hit before the weak band), which may keep weakly referenced objects alive. */
  badScans: number;
  /** Good scans of a segment whose barrier hits were all handled singly: a whole scan at a lower rank was avoided. */
  savedScans: number;
  /** The single accesses that led to those saved scans. */
  savedAccesses: number;
  /** Single accesses refused because a limit was reached. */
  declined: number;
}

/**
 * What an AWL segment needs from its pool; `AWLPool` implements it.
 * @public
 */
export interface AWLSegPool extends GrainSegPool {
  /** `MPS_KEY_AWL_FIND_DEPENDENT`: the dependent object of the object at a client pointer, or 0. */
  readonly findDependent: (obj: Addr) => Addr;
  /** Single accesses in a row, across the pool's segments, since the last whole-segment access (`succAccesses`). */
  succAccesses: number;
  /** The most single accesses one segment takes between two scans (`AWLSegSALimit`); `undefined` for no limit. */
  segSALimit: number | undefined;
  /** The most single accesses in a row across the pool (`AWLTotalSALimit`); `undefined` for no limit. */
  totalSALimit: number | undefined;
  /** The pool's statistics. */
  readonly stats: AWLStats;
}

/**
 * The region a buffer fill returns: the `Range` of `@mps/land` that the
 * arena's buffer passes down.
 * @public
 */
export type FillRange = Parameters<GCSeg["bufferFill"]>[0];

/** The band the arena's running trace has reached, if its collector tells (the `@mps/trace` collector does); -1 if unknown. */
function traceBand(pool: Pool): number {
  const c = pool.arena.collector as unknown as { trace?: { band?: unknown } };
  const b = c.trace?.band;
  return typeof b === "number" ? b : -1;
}

/**
 * A segment of an AWL pool (the MPS's `AWLSegStruct`).
 *
 * @remarks
 * Grains of the pool's alignment carry three bits. `alloc` is set on every
 * grain of an object or of an attached buffer's region. While the segment
 * is condemned, an object's colour is in the bits of its first grain: white
 * when `mark` is reset, grey when `mark` is set and `scanned` reset, black
 * when both are set. Outside a collection every object is black. The grain
 * counts (free, buffered, new, old) always add up to `grains` and mirror the
 * pool generation's accounts. A segment holds objects of one rank set: that
 * of the allocation point whose buffer first filled it.
 * @public
 */
export class AWLSeg extends GrainSeg {
  /** {@link SIG_AWL_SEG} while live. */
  awlSig: number = SIG_INVALID;
  /** The pool, as an AWL pool. */
  readonly awl: AWLSegPool;
  /** Set at the first grain of each object preserved (or not condemned). */
  readonly markTable: BT;
  /** Set at the first grain of each object scanned (or not needing it). */
  readonly scannedTable: BT;
  /** Has fix marked an object of this segment since the current scan pass began? */
  marksChanged = false;
  /** The lowest grain that may be grey: the next scan pass starts there. */
  greyLow: number;
  /** Barrier hits handled singly since the segment was last scanned (`singleAccesses`). */
  singleAccesses = 0;
  /** Of those, hits on the same word as the one before (`stats.sameAccesses`). */
  sameAccesses = 0;
  /** The word of the last single access, or 0 (`stats.lastAccess`). */
  lastAccess: Addr = 0;
  /** Set at the first grain of each object, made at `cool` on the first check of a reference in a collection; undefined until one. */
  startTable: BT | undefined = undefined;
  /** Is `startTable` right for the current collection? */
  startsValid = false;

  /** `AWLSegInit`: every grain free; made by the pool's buffer fill through `segAllocInZones`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.awl = pool as AWLSegPool;
    this.greyLow = this.grains;
    this.markTable = btCreate(this.grains);
    this.scannedTable = btCreate(this.grains);
    // free grains are "scanned", so that no pass ever looks at them as grey
    btSetRange(this.scannedTable, 0, this.grains);
    this.awlSig = SIG_AWL_SEG;
  }

  /** The unfinished region [scanLimit, limit) of an attached buffer, as grain indexes; [grains, grains) if none. */
  private bufferGap(): [number, number] {
    const buffer = this.buffer();
    if (buffer === undefined) return [this.grains, this.grains];
    const s = this.indexOfAddr(buffer.scanLimit());
    const l = this.indexOfAddr(buffer.poolLimit);
    return s < l ? [s, l] : [this.grains, this.grains];
  }

  // ----- allocation ------------------------------------------------------------

  /**
   * `awlSegBufferFill`: give `buffer` the first run of free grains that
   * holds `size` bytes, whole; false if there is none, if the segment has a
   * buffer or if its rank set is not the buffer's. The region is black
   * (marked and scanned), so a collection never condemns what it holds.
   */
  protected override bufferFillMethod(rangeReturn: FillRange, size: Size, buffer: Buffer): boolean {
    const requested = size >>> this.grainShift;
    if (this.freeGrains < requested) return false;
    if (this.buffer() !== undefined) return false;
    if (buffer.rankSet() !== this.rankSet) return false;
    const base = this.firstFreeRun(rangeReturn, requested);
    if (base < 0) return false;
    const limit = this.indexOfAddr(rangeReturn.limit);
    this.takeRun(base, limit);
    // black: marked and scanned
    btSetRange(this.markTable, base, limit);
    btSetRange(this.scannedTable, base, limit);
    return true;
  }

  /** `awlSegBufferEmpty`: the unused part [init, limit) of the buffer's region becomes free; what the buffer allocated becomes new. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (COOL) aver(this.base <= buffer.base && buffer.base <= init && init <= limit && limit <= this.limit, "AWLSeg.bufferEmpty: the buffer is in the segment");
    const initIndex = this.indexOfAddr(init);
    const limitIndex = this.indexOfAddr(limit);
    if (initIndex < limitIndex) {
      btResRange(this.allocTable, initIndex, limitIndex);
      // free grains are unmarked and "scanned" (see the constructor)
      btResRange(this.markTable, initIndex, limitIndex);
    }
    const unused = limitIndex - initIndex;
    aver(this.bufferedGrains >= unused, "AWLSeg.bufferEmpty: the buffered grains include the unused region");
    const used = this.bufferedGrains - unused;
    this.freeGrains += unused;
    this.bufferedGrains = 0;
    this.newGrains += used;
    this.awl.pgen.accountForEmpty(this.bytes(used), this.bytes(unused), false);
  }

  // ----- the collector's protocol ------------------------------------------

  /** Make the objects of [base, limit) white: unmarked and unscanned (free grains stay unmarked and scanned). */
  private rangeWhiten(base: number, limit: number): void {
    if (base < limit) {
      btResRange(this.markTable, base, limit);
      btCopyInvertRange(this.allocTable, this.scannedTable, base, limit);
    }
  }

  /**
   * `awlSegWhiten`: condemn every object of the segment for `trace`, except
   * the unfinished region of an attached buffer, which stays black and is
   * not condemned (design.mps.poolawl `.fun.condemn`).
   */
  protected override whitenMethod(trace: Trace): void {
    aver(this.white === TRACE_SET_EMPTY, "AWLSeg.whiten: the segment is white for no other trace");
    const pgen = this.awl.pgen;
    const [gs, gl] = this.bufferGap();
    const buffer = this.buffer();
    let uncondemned = 0;
    if (buffer === undefined) {
      this.rangeWhiten(0, this.grains);
    } else {
      this.rangeWhiten(0, gs);
      this.rangeWhiten(gl, this.grains);
      uncondemned = gl - gs;
      if (COOL && gs < gl) aver(btIsSetRange(this.markTable, gs, gl) && btIsSetRange(this.scannedTable, gs, gl), "AWLSeg.whiten: the buffer's region is black");
    }
    aver(this.bufferedGrains >= uncondemned, "AWLSeg.whiten: the buffered grains include the buffer's unused region");
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
      // Nothing condemned: everything black again, as outside a collection.
      btSetRange(this.scannedTable, 0, this.grains);
      btCopyRange(this.allocTable, this.markTable, 0, this.grains);
    }
  }

  /**
   * `awlSegGreyen`: a segment that is not white for `trace` becomes grey,
   * every object but an attached buffer's unfinished ones grey with it
   * (marked, not scanned).
   */
  protected override greyenMethod(trace: Trace): void {
    const bit = 1 << trace.ti;
    if ((this.white & bit) !== 0) return;
    this.setGrey((this.grey | bit) >>> 0);
    const [gs, gl] = this.bufferGap();
    // objects marked and unscanned; free grains stay unmarked and scanned
    const greyRange = (b: number, l: number): void => {
      if (b < l) {
        btCopyRange(this.allocTable, this.markTable, b, l);
        btCopyInvertRange(this.allocTable, this.scannedTable, b, l);
      }
    };
    greyRange(0, gs);
    greyRange(gl, this.grains);
  }

  /** `awlSegBlacken`: every object is scanned (black), without scanning. */
  protected override blackenMethod(_traceSet: TraceSet): void {
    btSetRange(this.scannedTable, 0, this.grains);
    this.marksChanged = false;
    this.greyLow = this.grains;
  }

  /**
   * `awlScanObject`: scan the object [base, limit) (client pointers), with
   * its dependent object made writable for the scan and its segment's
   * summary universal, since the client's scanner may store references into
   * it (design.mps.poolawl `.fun.scan.pass.object.dependent`).
   */
  private scanObject(ss: ScanState, format: ObjectFormat, base: Addr, limit: Addr): void {
    const dep = this.awl.findDependent(base);
    if (dep === 0) {
      format.scan(ss, base, limit);
      return;
    }
    const arena = this.pool.arena;
    const dseg = arena.segOfAddr(dep);
    if (dseg === undefined) {
      format.scan(ss, base, limit);
      return;
    }
    const shield = arena.shield;
    const exposed = shield !== undefined && shield.inside;
    if (exposed) shield.expose(dseg);
    try {
      if (dseg instanceof GCSeg && dseg.rankSet !== 0 && dseg.summary !== ZONE_SET_UNIV) dseg.setSummary(ZONE_SET_UNIV);
      format.scan(ss, base, limit);
    } finally {
      if (exposed) shield.cover(dseg);
    }
  }

  /**
   * `awlSegScanSinglePass`: one pass over the segment from `greyLow`,
   * scanning every object (`all`) or only the grey ones, except an attached
   * buffer's unfinished region (`.fun.scan.pass.buffer`).
   */
  private scanPass(ss: ScanState, format: ObjectFormat, all: boolean): void {
    const h = format.headerSize;
    const grains = this.grains;
    const [gs, gl] = this.bufferGap();
    let i = all ? 0 : this.greyLow;
    this.greyLow = grains;
    while (i < grains) {
      if (i === gs) {
        i = gl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i = btFindSet(this.allocTable, i, grains);
        if (i < 0) break;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (all || (btGet(this.markTable, i) && !btGet(this.scannedTable, i))) {
        try {
          this.scanObject(ss, format, this.addrOfIndex(i) + h, this.addrOfIndex(j) + h);
        } catch (e) {
          // the object stays grey, and the next pass starts no higher
          this.marksChanged = true;
          if (i < this.greyLow) this.greyLow = i;
          throw e;
        }
        btSet(this.scannedTable, i);
      }
      i = j;
    }
  }

  /**
   * `awlSegScan`: in a segment white for the scan's trace, scan the grey
   * objects in passes until a pass marks nothing more here, and return
   * false; in a segment grey but not white, scan every object (this pool
   * cannot tell which are grey for another trace) and return true. Counts
   * the scan in the pool's statistics (`AWLNoteScan`).
   */
  protected override scanMethod(ss: ScanState): boolean {
    const format = this.pool.format as ObjectFormat;
    const all = (ss.traces & ~this.white) !== 0;
    if (all) {
      this.scanPass(ss, format, true);
      // every object is black now (greyen left the interior grains unscanned)
      btSetRange(this.scannedTable, 0, this.grains);
    } else {
      do {
        this.marksChanged = false;
        this.scanPass(ss, format, false);
      } while (this.marksChanged);
    }
    this.noteScan(ss);
    return all;
  }

  /** `AWLNoteScan`: a weak segment scanned at weak rank is a good scan (a saved one if barrier hits were handled singly), otherwise bad. */
  private noteScan(ss: ScanState): void {
    if ((this.rankSet & (1 << Rank.WEAK)) === 0) return;
    const stats = this.awl.stats;
    if (ss.rank === Rank.WEAK) {
      stats.goodScans++;
      if (this.singleAccesses > 0) {
        stats.savedScans++;
        stats.savedAccesses += this.singleAccesses;
      }
    } else {
      stats.badScans++;
    }
    this.singleAccesses = 0;
    this.sameAccesses = 0;
    this.lastAccess = 0;
  }

  /**
   * `awlSegCanTrySingleAccess` and `AWLNoteRefAccess`: may the tracer
   * handle a read barrier hit at `addr` by fixing that one word? Yes for a
   * weak segment of a flipped trace not yet in the weak band (where a whole
   * scan would be at exact rank and keep every object the segment refers
   * to), while the segment's and the pool's limits allow; the access is then
   * counted. A refusal resets the pool's run of single accesses, since the
   * tracer then scans the segment whole (`AWLNoteSegAccess`).
   */
  override singleAccess(addr: Addr): boolean {
    const awl = this.awl;
    if ((this.rankSet & (1 << Rank.WEAK)) === 0 || this.pool.arena.flippedTraces === TRACE_SET_EMPTY || traceBand(this.pool) === Rank.WEAK) {
      awl.succAccesses = 0;
      return false;
    }
    const total = awl.totalSALimit;
    const per = awl.segSALimit;
    if ((total !== undefined && awl.succAccesses >= total) || (per !== undefined && this.singleAccesses >= per)) {
      awl.stats.declined++;
      awl.succAccesses = 0;
      return false;
    }
    this.singleAccesses++;
    if (addr === this.lastAccess) this.sameAccesses++;
    this.lastAccess = addr;
    awl.succAccesses++;
    return true;
  }

  /**
   * `awlSegFix`: preserve the object `ref` refers to (`.contract.fix`). A
   * white object is marked and the segment made grey; a weak reference to a
   * white object is splatted (0). `ss.wasMarked` is false when the object
   * was white, true otherwise. An ambiguous reference that is not to an
   * object's client pointer is ignored; an exact or weak one (out of bounds
   * below the segment's first object, unaligned, into free grains, or,
   * checked at `cool` only, to an unmarked grain inside an object) throws
   * `PARAM` at `cool` and is returned unchanged at the other levels.
   * @remarks Critical path.
   */
  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const awl = this.awl;
    const shift = awl.grainShift;
    const base = ref - (awl.format as ObjectFormat).headerSize;
    const i = (base - this.base) >>> shift;
    if (base < this.base || (base & ((1 << shift) - 1)) !== 0 || !btGet(this.allocTable, i)) {
      if (COOL && ss.rank !== Rank.AMBIG) this.badReference(ss, ref, base);
      return ref;
    }
    if (btGet(this.markTable, i)) {
      ss.wasMarked = true;
      return ref;
    }
    if (COOL && ss.rank !== Rank.AMBIG) {
      // .fix.interior: an unmarked grain that no object starts at (the MPS cannot tell)
      if (!this.startsValid) this.makeStarts();
      if (!btGet(this.startTable as BT, i)) this.badReference(ss, ref, base);
    }
    ss.wasMarked = false;
    if (ss.rank === Rank.WEAK) return 0;
    btSet(this.markTable, i);
    this.marksChanged = true;
    // A scan pass must start at an object: an ambiguous reference may be to an
    // interior grain (which marks nothing any pass reads), so the next pass starts at 0.
    const low = ss.rank === Rank.AMBIG ? 0 : i;
    if (low < this.greyLow) this.greyLow = low;
    if ((this.grey & ss.traces) !== ss.traces) this.setGrey((this.grey | ss.traces) >>> 0);
    return ref;
  }

  /** `fixEmergency`: the same as fix, which allocates nothing. */
  protected override fixEmergencyMethod(ss: ScanState, ref: Addr): Addr {
    return this.fixMethod(ss, ref);
  }

  /** Throw `PARAM` for an exact or weak reference that cannot be to an object. */
  private badReference(ss: ScanState, ref: Addr, base: Addr): never {
    const why =
      base < this.base
        ? "is out of bounds of the segment's objects"
        : (base & ((1 << this.grainShift) - 1)) !== 0
          ? "is unaligned"
          : !btGet(this.allocTable, this.indexOfAddr(base))
            ? "is in free space"
            : "is inside an object, not at its start";
    throw new MpsError("PARAM", `AWL fix: the ${ss.rank === Rank.WEAK ? "weak" : "exact"} reference ${addrHex(ref)} ${why}`);
  }

  /**
   * Set the bit of the first grain of every object in the table of object
   * starts (made if need be), walking the segment with the format's skip
   * and leaving out an attached buffer's unfinished region. It stays right
   * for the rest of the collection for every unmarked grain: objects made
   * later are in buffer regions, which are marked (black).
   */
  private makeStarts(): void {
    const format = this.pool.format as ObjectFormat;
    const grains = this.grains;
    let starts = this.startTable;
    if (starts === undefined) starts = this.startTable = btCreate(grains);
    else btResRange(starts, 0, grains);
    const [gs, gl] = this.bufferGap();
    let i = 0;
    while (i < grains) {
      if (i === gs) {
        i = gl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i = btFindSet(this.allocTable, i, grains);
        if (i < 0) break;
        continue;
      }
      btSet(starts, i);
      i = this.objectLimitIndex(format, i);
    }
    this.startsValid = true;
  }

  /**
   * `awlSegReclaim`: the unmarked objects are freed; the marked ones, and
   * everything else, become black. Counts what was freed and what survived
   * (`.contract.sizes`), and gives the segment back to the arena if it is
   * empty and has no buffer.
   */
  protected override reclaimMethod(trace: Trace): void {
    const format = this.pool.format as ObjectFormat;
    const pgen = this.awl.pgen;
    const grains = this.grains;
    const [gs, gl] = this.bufferGap();
    let reclaimed = 0;
    let i = 0;
    while (i < grains) {
      if (i === gs) {
        i = gl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i = btFindSet(this.allocTable, i, grains);
        if (i < 0) break;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (btGet(this.markTable, i)) {
        if (COOL) aver(btGet(this.scannedTable, i), "AWLSeg.reclaim: a preserved object was scanned");
        btSetRange(this.markTable, i, j);
      } else {
        // free grains are unmarked (an ambiguous fix may have marked an interior grain)
        btResRange(this.allocTable, i, j);
        btResRange(this.markTable, i, j);
        reclaimed += j - i;
      }
      btSetRange(this.scannedTable, i, j);
      i = j;
    }
    aver(reclaimed <= this.oldGrains, "AWLSeg.reclaim: only old grains are reclaimed");
    this.oldGrains -= reclaimed;
    this.freeGrains += reclaimed;
    const reclaimedSize = this.bytes(reclaimed);
    pgen.accountForReclaim(reclaimedSize, false);
    trace.reclaimSize += reclaimedSize;
    // what is left of the old grains is the condemned objects preserved
    const preservedSize = this.bytes(this.oldGrains);
    trace.preservedInPlaceSize += preservedSize;
    pgen.gen.survived(trace.ti, 0, preservedSize);
    this.marksChanged = false;
    this.greyLow = grains;
    this.startsValid = false;
    this.setWhite((this.white & ~(1 << trace.ti)) >>> 0);
    if (this.freeGrains === grains && this.buffer() === undefined) {
      aver(this.bufferedGrains === 0, "AWLSeg.reclaim: an empty segment has no buffered grains");
      pgen.accountForFree(this.size(), this.bytes(this.freeGrains), this.bytes(this.oldGrains), this.bytes(this.newGrains), false);
      this.free();
    }
  }

  /**
   * `awlSegWalk`: visit every object of the segment but an attached
   * buffer's unfinished ones and, while the segment is condemned, the
   * unmarked ones (they may be dead).
   */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    const h = format.headerSize;
    const [gs, gl] = this.bufferGap();
    const white = this.white !== TRACE_SET_EMPTY;
    let i = 0;
    while (i < this.grains) {
      if (i === gs) {
        i = gl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i = btFindSet(this.allocTable, i, this.grains);
        if (i < 0) break;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (!white || btGet(this.markTable, i)) visitor(this.addrOfIndex(i) + h, format, this.pool);
      i = j;
    }
  }

  /**
   * The client pointer of the object containing `addr` (`AWLAddrObject`),
   * or 0 if `addr` is in free space or an attached buffer's unfinished region.
   */
  objectOf(addr: Addr): Addr {
    const format = this.pool.format as ObjectFormat;
    const [gs, gl] = this.bufferGap();
    const k = this.indexOfAddr(addr);
    if (!btGet(this.allocTable, k) || (k >= gs && k < gl)) return 0;
    let i = 0;
    while (i <= k) {
      if (i === gs) {
        i = gl;
        continue;
      }
      if (!btGet(this.allocTable, i)) {
        i = btFindSet(this.allocTable, i, this.grains);
        if (i < 0) return 0;
        continue;
      }
      const j = this.objectLimitIndex(format, i);
      if (k < j) return this.addrOfIndex(i) + format.headerSize;
      i = j;
    }
    return 0;
  }

  /** `AWLSegFinish`: the tables go with the segment. */
  protected override finishMethod(): void {
    this.awlSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `AWLSegCheck`: the grain counts add up and agree with the tables. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.awlSig }, SIG_AWL_SEG, "AWLSeg");
    checkL((this.white & (this.white - 1)) === 0, "AWLSeg: white for one trace at most");
    if (COOL) {
      const b = this.buffer();
      if (b !== undefined) checkL(btIsSetRange(this.allocTable, this.indexOfAddr(b.ap.init), this.indexOfAddr(b.poolLimit)), "AWLSeg: the buffer's unused region is allocated");
      // .def.colour: free grains are unmarked and scanned, so that nothing reads them as an object of any colour
      for (let i = 0; i < this.grains; i++) if (!btGet(this.allocTable, i)) checkL(!btGet(this.markTable, i) && btGet(this.scannedTable, i), "AWLSeg: free grains are unmarked and scanned");
      if (this.white === TRACE_SET_EMPTY && this.grey === TRACE_SET_EMPTY) {
        // Outside a collection every allocated grain's object is black.
        for (let i = 0; i < this.grains; i++) if (btGet(this.allocTable, i)) checkL(btGet(this.scannedTable, i), "AWLSeg: outside a collection allocated grains are scanned");
      }
    }
    return true;
  }

  /** The counts, the single-access statistics, and a map of the grains: `*` black, `+` grey, `-` white, ` ` free; the buffer as `[` base, `|` init, `>` alloc, `]` limit. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `singleAccesses ${this.singleAccesses} sameAccesses ${this.sameAccesses} lastAccess ${addrHex(this.lastAccess)}`);
    const b = this.buffer();
    const mark = (i: number, addr: Addr | undefined, c: string): string => (addr !== undefined && addr >= this.base && addr <= this.limit && this.indexOfAddr(addr) === i ? c : "");
    let line = "";
    for (let i = 0; i < this.grains; i++) {
      if (b !== undefined) line += mark(i, b.base, "[") + mark(i, b.ap.init, "|") + mark(i, b.ap.alloc, ">");
      let c: string;
      if (!btGet(this.allocTable, i)) c = " ";
      else if (!btGet(this.markTable, i)) c = "-";
      else if (!btGet(this.scannedTable, i)) c = "+";
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
