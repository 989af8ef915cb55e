/**
 * AMC's segments (design.mps.poolamc `.seg`): the segment protocol of a
 * copying pool — whiten (nailing a segment a mutator buffer still
 * allocates in), scan (the whole segment, or only its nailed objects),
 * fix (copy and forward, nail for ambiguous references, splat weak ones),
 * reclaim (free the segment, or pad the dead objects of a nailed one), and
 * walk. See docs/design/pool-amc.md `.impl`.
 * .critical: AMCSeg.fixMethod (per reference to a condemned object), scanMethod.
 */

import {
  type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, type WriteStream,
  COOL, RANK_SET_EMPTY, Rank, SIG_INVALID, TRACE_LIMIT, TRACE_SET_EMPTY, addrHex, aver, averCritical, checkL, checkS, defineSig, describeLine, isAllocFailure,
  paramError, unimpl,
} from "@mps/mpm";
import { type Buffer, GCSeg, type Pool, type Seg, type SegOpts } from "@mps/arena";
import type { AMCZPool } from "./amc.js";
import type { AMCGen } from "./amc-gen.js";
import { Nailboard } from "./nailboard.js";

/**
 * The signature of a live {@link AMCSeg}'s class part.
 * @public
 */
export const SIG_AMC_SEG = defineSig("AMCSeg", 0x519a3c59);

/** A packed array of `n` zeros (`new Array(n).fill(0)` is a holey array filled by a runtime call, once per segment). */
function zeros(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0);
  return a;
}

/** Objects up to this many bytes are copied a word at a time in fix (measured: bench-gcbench churn). */
const SMALL_COPY = 64;

/**
 * Options of an AMC segment: the generation it belongs to.
 * @public
 */
export interface AMCSegOpts extends SegOpts {
  /** The pool generation the segment is allocated into. */
  gen?: AMCGen;
}

/**
 * A segment of an AMC or AMCZ pool (the MPS's `amcSeg`).
 *
 * @remarks
 * Objects are laid out from the base, one after another, as the format's
 * `skip` walks them; the region a mutator buffer has not yet handed out is
 * padded when the buffer leaves. A segment is condemned whole. It is
 * *nailed* for a trace when some of its objects may not move: either the
 * whole segment (no nailboard: every object not already forwarded stays)
 * or the objects a {@link Nailboard} marks. See docs/design/pool-amc.md.
 * @public
 */
export class AMCSeg extends GCSeg {
  /** {@link SIG_AMC_SEG} while live. */
  amcSig: number = SIG_INVALID;
  /** The generation. */
  readonly gen: AMCGen;
  /** The nailboard, while the segment is nailed by ambiguous references. */
  board: Nailboard | undefined = undefined;
  /** Has the segment been condemned at least once (its memory aged from new or buffered to old)? */
  old = false;
  /** Is the segment's memory accounted as deferred (made by the ramp generation forwarding into itself during a ramp)? */
  deferred = false;
  /** Is the whole segment accounted as buffered (it was filled and its buffer has not left or been condemned)? */
  accountedAsBuffered = false;
  /** Bytes a buffer allocated while the segment was white, to count as condemned at reclaim. */
  pendingCondemned = 0;
  /** Per trace: bytes copied out of this segment. */
  readonly forwarded: number[] = zeros(TRACE_LIMIT);

  /** `AMCSegInit`: made by the pool's buffer fill through `segAllocInZones`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: AMCSegOpts) {
    super(pool, base, size, opts);
    const gen = opts.gen ?? (opts.splitOf as AMCSeg | undefined)?.gen;
    if (gen === undefined) paramError("AMCSeg: a generation is required");
    this.gen = gen;
    this.pgen = gen.pgen;
    this.amcSig = SIG_AMC_SEG;
  }

  /** The pool, as an AMC pool. */
  get amc(): AMCZPool {
    return this.pool as AMCZPool;
  }

  /** `amcSegHasNailboard`. */
  hasNailboard(): boolean {
    return this.board !== undefined;
  }

  // ----- whiten -----------------------------------------------------------------

  /**
   * `amcSegWhiten`: condemn the whole segment. A forwarding buffer is
   * detached; a mutator buffer's unallocated part is nailed (through a
   * nailboard) and left out of the condemned size, or, if the buffer holds
   * the whole segment, nothing is condemned.
   */
  protected override whitenMethod(trace: Trace): void {
    const pool = this.amc;
    let condemned = this.size();
    const buffer = this.buffer();
    if (buffer !== undefined) {
      if (!buffer.isMutator) {
        buffer.detach();
      } else {
        const scanLimit = buffer.scanLimit();
        if (scanLimit === this.base) return; // nothing but the buffer: don't condemn
        const tbit = 1 << trace.ti;
        if (this.board === undefined) {
          if (this.nailed !== TRACE_SET_EMPTY) return; // nailed without a board: cannot make one now (.nail.new)
          const board = new Nailboard(pool.alignment, this.base, this.limit);
          this.board = board;
          if (scanLimit !== buffer.poolLimit) board.setRange(scanLimit, buffer.poolLimit);
          this.nailed = tbit;
        } else {
          if (COOL) aver(scanLimit === buffer.poolLimit || this.board.isSetRange(scanLimit, buffer.poolLimit), "AMCSeg.whiten: the buffer is nailed");
          this.nailed = (this.nailed | tbit) >>> 0;
        }
        // Allocation from here on is recognised by the buffer's base (design.mps.poolamc .whiten.buffer).
        buffer.base = scanLimit;
        condemned -= buffer.poolLimit - scanLimit;
      }
    }
    const pgen = this.gen.pgen;
    if (!this.old) {
      this.old = true;
      if (this.accountedAsBuffered) {
        this.accountedAsBuffered = false;
        pgen.accountForAge(this.size(), 0, this.deferred);
      } else {
        pgen.accountForAge(0, this.size(), this.deferred);
      }
    }
    this.forwarded[trace.ti] = 0;
    this.setWhite(this.white | (1 << trace.ti));
    pool.condemn(trace, pgen, condemned);
    pool.rampWhiten(this.gen);
  }

  // ----- scan -------------------------------------------------------------------

  /** `amcSegScan`: scan the objects up to the buffer's scan limit, or only the nailed ones. */
  protected override scanMethod(ss: ScanState): boolean {
    const format = this.amc.fmt;
    if (this.board !== undefined) return this.scanNailed(ss, this.board);
    const h = format.headerSize;
    let base = this.base + h;
    let buffer: Buffer | undefined;
    // .seg-scan.loop: a forwarding buffer may copy more objects into this segment while it is scanned.
    while ((buffer = this.buffer()) !== undefined) {
      const limit = buffer.scanLimit() + h;
      if (base >= limit) return true;
      format.scan(ss, base, limit);
      base = limit;
    }
    const limit = this.limit + h;
    if (base < limit) format.scan(ss, base, limit);
    return true;
  }

  /** `amcSegScanNailed`: scan the nailed objects, again while fixing adds nails. */
  private scanNailed(ss: ScanState, board: Nailboard): boolean {
    let total: boolean;
    let loops = 0;
    do {
      total = true;
      board.clearNewNails();
      let p = this.base;
      let buffer: Buffer | undefined;
      let done = false;
      while ((buffer = this.buffer()) !== undefined) {
        const limit = buffer.scanLimit();
        if (p >= limit) {
          done = true;
          break;
        }
        if (!this.scanNailedRange(ss, board, p, limit)) total = false;
        p = limit;
      }
      if (!done && !this.scanNailedRange(ss, board, p, this.limit)) total = false;
      loops++;
    } while (board.newNails);
    if (loops > 1) {
      // Later passes saw fixed references as unfixed: the unfixed summary no
      // longer bounds the segment's summary (the MPS's job001548).
      const summary = (ss.fixedSummary | (ss.unfixedSummary & ~ss.white)) >>> 0;
      ss.unfixedSummary = 0;
      ss.fixedSummary = summary;
    }
    return total;
  }

  /** `amcSegScanNailedRange`: one pass over the blocks of [base, limit); false if some were not scanned. */
  private scanNailedRange(ss: ScanState, board: Nailboard, base: Addr, limit: Addr): boolean {
    const pool = this.amc;
    const format = pool.fmt;
    const h = format.headerSize;
    let total = true;
    let p = base + h;
    const clientLimit = limit + h;
    while (p < clientLimit) {
      const q = format.skip(p);
      if (pool.pinned(board, p, q)) format.scan(ss, p, q);
      else total = false;
      p = q;
    }
    return total;
  }

  // ----- fix --------------------------------------------------------------------

  /**
   * `amcSegFixInPlace`: preserve the object at `ref` without moving it:
   * nail it on the nailboard, or nail the whole segment when there is none.
   * A segment with references becomes grey when a new nail is added.
   */
  private fixInPlace(ss: ScanState, ref: Addr): void {
    const traces = ss.traces;
    const board = this.board;
    if (board !== undefined) {
      const wasNailed = board.set(ref);
      if ((traces & ~this.nailed) === 0 && wasNailed) return;
    } else if ((traces & ~this.nailed) === 0) {
      return;
    }
    this.nailed = (this.nailed | traces) >>> 0;
    if (this.rankSet !== RANK_SET_EMPTY) this.setGrey(this.grey | traces);
  }

  /**
   * `amcSegFix`: an ambiguous reference nails; an exact (or final)
   * reference to an object that is neither forwarded nor nailed copies it
   * into the next generation through the forwarding buffer and leaves a
   * forwarding object; a weak reference to such an object is splatted.
   * Returns the reference's new value.
   * @remarks Critical path.
   */
  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    if (ss.trace.emergency) return this.fixEmergencyMethod(ss, ref);
    if (ss.rank === Rank.AMBIG) {
      // .nail.new: a segment nailed whole keeps no board (its nails would be lost).
      if (this.nailed === TRACE_SET_EMPTY) {
        this.board = new Nailboard(this.amc.alignment, this.base, this.limit);
        this.nailed = ss.traces;
      }
      this.fixInPlace(ss, ref);
      return ref;
    }
    const pool = this.amc;
    const format = pool.fmt;
    const h = format.headerSize;
    if (COOL) {
      const b = ref - h;
      if ((b & (pool.alignment - 1)) !== 0 || b < this.base) paramError(`AMC fix: ${addrHex(ref)} is not an object of the segment at ${addrHex(this.base)}`);
    }
    let newRef = format.isfwd(ref);
    if (newRef === 0) {
      const q = format.skip(ref);
      if (this.nailed !== TRACE_SET_EMPTY && (this.board === undefined || pool.pinned(this.board, ref, q))) {
        // Nailed: it stays where it is; the segment is grey for any new trace nailing it.
        if ((ss.traces & ~this.nailed) !== 0) {
          if (this.rankSet !== RANK_SET_EMPTY) this.setGrey(this.grey | ss.traces);
          this.nailed = (this.nailed | ss.traces) >>> 0;
        }
        ss.wasMarked = true;
        return ref;
      }
      if (ss.rank === Rank.WEAK) return 0; // neither moved nor nailed: splat
      ss.wasMarked = false;
      const length = q - ref;
      const buffer = this.gen.forward;
      let newBase: Addr;
      try {
        newBase = pool.forwardReserve(buffer, length);
      } catch (e) {
        if (!isAllocFailure(e)) throw e;
        // No memory to copy into: preserve in place (design.mps.poolamc
        // .emergency.fix), and so does the rest of the trace, without trying
        // to allocate for each object.
        ss.trace.enterEmergency();
        this.fixInPlace(ss, ref);
        return ref;
      }
      const toSeg = buffer.seg() as AMCSeg;
      let grey = this.grey;
      if (this.rankSet !== RANK_SET_EMPTY) {
        grey = (grey | ss.traces) >>> 0;
        // Most copies add no zone to the to-segment's summary: skip the shield call then.
        const summary = (toSeg.summary | this.summary) >>> 0;
        if (summary !== toSeg.summary) toSeg.setSummary(summary);
      }
      if ((grey & ~toSeg.grey) !== 0) toSeg.setGrey(toSeg.grey | grey);
      const base = ref - h;
      if (length <= SMALL_COPY && (length & 3) === 0) {
        // A few words: a word loop beats copyWithin's call into the runtime.
        // Objects and their copies are aligned to at least 4 (the pool checks);
        // a length that is not whole words (a format's skip that lies) is copied exactly.
        const u32 = pool.arena.mem.u32;
        const from = base >>> 2;
        const to = newBase >>> 2;
        const n = length >>> 2;
        for (let i = 0; i < n; i++) u32[to + i] = u32[from + i]!;
      } else {
        pool.arena.mem.u8.copyWithin(newBase, base, base + length);
      }
      buffer.ap.init = buffer.ap.alloc; // commit: a forwarding buffer is never flipped
      const trace = ss.trace;
      this.forwarded[trace.ti] = this.forwarded[trace.ti]! + length;
      trace.forwardedSize += length;
      newRef = newBase + h;
      format.fwd(ref, newRef);
      return newRef;
    }
    ss.wasMarked = true;
    return newRef;
  }

  /**
   * `amcSegFixEmergency`: fix without allocating. A forwarded object's
   * reference is snapped to the copy; anything else is preserved in place.
   */
  protected override fixEmergencyMethod(ss: ScanState, ref: Addr): Addr {
    if (ss.rank !== Rank.AMBIG) {
      const newRef = this.amc.fmt.isfwd(ref);
      if (newRef !== 0) return newRef;
    }
    if (ss.rank === Rank.AMBIG && this.nailed === TRACE_SET_EMPTY) {
      this.board = new Nailboard(this.amc.alignment, this.base, this.limit);
      this.nailed = ss.traces;
    }
    this.fixInPlace(ss, ref);
    return ref;
  }

  // ----- reclaim ----------------------------------------------------------------

  /** `amcSegReclaim`: free a segment nothing was nailed in; else reclaim what the nails allow. */
  protected override reclaimMethod(trace: Trace): void {
    this.amc.rampReclaim();
    if ((this.nailed & (1 << trace.ti)) !== 0) {
      this.reclaimNailed(trace);
      return;
    }
    if (COOL) aver(this.buffer() === undefined, "AMCSeg.reclaim: a condemned segment that is not nailed has no buffer");
    const ti = trace.ti;
    if (this.pendingCondemned > 0) {
      this.amc.condemn(trace, this.gen.pgen, this.pendingCondemned);
      this.pendingCondemned = 0;
    }
    trace.reclaimSize += this.size();
    this.gen.pgen.gen.survived(ti, this.forwarded[ti]!, 0);
    this.setWhite(this.white & ~(1 << ti));
    this.amc.freeSeg(this);
  }

  /**
   * `amcSegReclaimNailed`: keep the nailed objects (with a nailboard, the
   * pinned ones; without, every object not forwarded) and replace each run
   * of dead or forwarded objects between them with one padding object. A
   * segment left with no object and no buffer is freed.
   */
  private reclaimNailed(trace: Trace): void {
    const pool = this.amc;
    const format = pool.fmt;
    const h = format.headerSize;
    const board = this.board;
    const ti = trace.ti;
    let p = this.base;
    const limit = this.bufferScanLimit();
    let padBase = p;
    let padLength = 0;
    let preservedCount = 0;
    let preservedSize = 0;
    let reclaimed = 0;
    while (p < limit) {
      const clientP = p + h;
      const clientQ = format.skip(clientP);
      const q = clientQ - h;
      const length = q - p;
      const preserve = board !== undefined ? pool.pinned(board, clientP, clientQ) : format.isfwd(clientP) === 0;
      if (preserve) {
        preservedCount++;
        preservedSize += length;
        if (padLength > 0) {
          format.pad(padBase, padLength);
          reclaimed += padLength;
          padLength = 0;
        }
        padBase = q;
      } else {
        padLength += length;
      }
      p = q;
    }
    if (padLength > 0) {
      format.pad(padBase, padLength);
      reclaimed += padLength;
    }
    this.nailed = (this.nailed & ~(1 << ti)) >>> 0;
    this.setWhite(this.white & ~(1 << ti));
    if (this.nailed === TRACE_SET_EMPTY && board !== undefined) {
      board.destroy();
      this.board = undefined;
    }
    trace.reclaimSize += reclaimed;
    trace.preservedInPlaceSize += preservedSize;
    const pgen = this.gen.pgen;
    const buffer = this.buffer();
    // Allocation in the buffer since the segment was condemned is white: count it now.
    const late = this.pendingCondemned + (buffer !== undefined ? buffer.poolLimit - buffer.base : 0);
    this.pendingCondemned = 0;
    if (late > 0) pool.condemn(trace, pgen, late);
    pgen.gen.survived(ti, this.forwarded[ti]!, preservedSize);
    if (preservedCount === 0 && buffer === undefined && this.nailed === TRACE_SET_EMPTY) pool.freeSeg(this);
  }

  // ----- walk, split ------------------------------------------------------------

  /**
   * `amcSegWalk`: visit every object of a segment that is neither white,
   * grey nor nailed (the MPS walks no segment of mixed colour), up to the
   * buffer's scan limit, skipping forwarding objects.
   */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    if (this.white !== TRACE_SET_EMPTY || this.grey !== TRACE_SET_EMPTY || this.nailed !== TRACE_SET_EMPTY) return;
    const h = format.headerSize;
    const limit = this.bufferScanLimit() + h;
    let object = this.base + h;
    while (object < limit) {
      const next = format.skip(object);
      if (COOL) averCritical(next > object, "AMCSeg.walk: skip advances");
      if (format.isfwd(object) === 0) visitor(object, format, this.pool);
      object = next;
    }
  }

  /** AMC segments are never split (nor merged). */
  protected override splitMethod(_hi: Seg, _base: Addr, _mid: Addr, _limit: Addr): void {
    unimpl("AMC: segment split");
  }

  /** AMC segments are never merged. */
  protected override mergeMethod(_hi: Seg, _base: Addr, _mid: Addr, _limit: Addr): void {
    unimpl("AMC: segment merge");
  }

  /** `amcSegFinish`. */
  protected override finishMethod(): void {
    if (this.board !== undefined) this.board.destroy();
    this.board = undefined;
    this.amcSig = SIG_INVALID;
    super.finishMethod();
  }

  /** `amcSegCheck`. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.amcSig }, SIG_AMC_SEG, "AMCSeg");
    checkL(this.pgen === this.gen.pgen, "AMCSeg: the pool generation is its generation's");
    if (this.board !== undefined) {
      checkL(this.nailed !== TRACE_SET_EMPTY, "AMCSeg: a nailboard only while nailed");
      this.board.check();
    }
    checkL(!(this.accountedAsBuffered && this.old), "AMCSeg: buffered accounting ends when condemned");
    return true;
  }

  /** `AMCSegDescribe`: the generation, the accounting flags, the nailboard and a sketch. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `gen ${this.gen.index}${this.old ? " old" : " new"}${this.accountedAsBuffered ? " buffered" : ""}${this.deferred ? " deferred" : ""}`);
    if (this.board !== undefined) this.board.describe(stream, depth);
    else describeLine(stream, depth, this.nailed !== TRACE_SET_EMPTY ? "nailed whole (no nailboard)" : "not nailed");
  }
}
