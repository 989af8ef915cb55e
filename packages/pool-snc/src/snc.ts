/**
 * The SNC (Stack No Checking) pool class (design.mps.poolsnc,
 * code/poolsnc.c): manually managed, scanned, formatted objects allocated
 * through exact allocation points and freed only by popping allocation
 * frames (design.mps.alloc-frame). The buffer class SNCBuf keeps each
 * allocation point's chain of segments and its stack of frames.
 * See docs/design/pool-snc.md.
 * .critical: none here (frames are pushed and popped per client call, not per object).
 */

import {
  type Addr, type FreeBlockVisitor, type ObjectFormat, type Size, type WriteStream,
  RANK_SET_EMPTY, Rank as RankV, SIG_INVALID, TRACE_SET_EMPTY, ZONE_SET_EMPTY, ZONE_SET_UNIV, addrHex, alignUp, aver, checkL, checkS, defineSig,
  describeLine, paramError,
} from "@mps/mpm";
import {
  type AP, type APOpts, type Arena, type Buffer, type BufferClass, FormatMethod, type Format, LocusPref, type PoolOpts, Pool, RankBuf,
  definePoolAttrs, segAlloc,
} from "@mps/arena";
import { EVENT_KIND_POOL, eventPoolInitSNC } from "@mps/telemetry";
import { SNCSeg } from "./snc-seg.js";

/**
 * The signature of a live SNC pool's class part (the MPS's `SNCSig`).
 * @public
 */
export const SIG_SNC = defineSig("SNC", 0x519b754c);

/**
 * The signature of a live {@link SNCBuf}'s class part (the MPS's `SNCBufSig`).
 * @public
 */
export const SIG_SNC_BUF = defineSig("SNCBuf", 0x51954cbf);

/**
 * Options of an SNC pool (`mps_pool_create_k` with `mps_class_snc()`).
 * @public
 */
export interface SNCOpts extends PoolOpts {
  /**
   * `MPS_KEY_FORMAT`: required; the format must have `fmtScan`, `fmtSkip`
   * and `fmtPad`, and no in-band header. The pool's alignment is the format's.
   */
  format: ObjectFormat;
}

/**
 * The region a buffer fill returns: the fields of the `Range` of `@mps/land`
 * that the pool sets.
 * @public
 */
export interface SNCFillRange {
  /** The base of the region. */
  base: Addr;
  /** The limit of the region. */
  limit: Addr;
}

function checkOpts(opts: SNCOpts): SNCOpts {
  if (opts === null || typeof opts !== "object") paramError(`SNC: options must be an object, not ${String(opts)}`);
  if (opts.format === undefined) paramError("SNC: the format option is required");
  return opts;
}

/**
 * The buffer of an SNC allocation point (the MPS's `SNCBuf`): a rank buffer
 * that also keeps the chain of segments it has filled (newest first) and
 * the stack of frames pushed on it.
 * @public
 */
export class SNCBuf extends RankBuf {
  /** {@link SIG_SNC_BUF} while live. */
  sncBufSig: number = SIG_INVALID;
  /** The newest segment of the buffer's chain (the MPS's `topseg`), linked through `SNCSeg.next`. */
  topSeg: SNCSeg | undefined = undefined;
  /**
   * The frames pushed and not yet popped, oldest first. The MPS keeps no
   * such record (its frames are "lightweight"); we keep one so that a pop of
   * a frame that is not on the stack is refused instead of corrupting the heap.
   */
  readonly frames: Addr[] = [];

  /** `SNCBufInit`. */
  constructor(pool: Pool, isMutator: boolean, opts: APOpts) {
    super(pool, isMutator, opts);
    this.sncBufSig = SIG_SNC_BUF;
  }

  /** `SNCBufFinish`: segments still on the chain go to the pool's free list. */
  protected override finishMethod(): void {
    (this.pool as SNCPool).popChain(this, undefined);
    this.frames.length = 0;
    this.sncBufSig = SIG_INVALID;
    super.finishMethod();
  }
}

/**
 * The SNC pool class (`mps_class_snc()`): objects allocated on allocation
 * points in a stack discipline and freed by popping allocation frames.
 *
 * @remarks
 * Each allocation point fills whole segments, which it keeps on a chain.
 * `ap.framePush()` returns the address where the next object will start
 * (0 when the allocation point has allocated nothing since its stack was
 * last empty); `ap.framePop(frame)` frees everything allocated on that
 * allocation point since the push: segments newer than the frame's go to
 * the pool's free list (padded, with no ranks, so they are neither scanned
 * nor walked as objects) and the allocation point resumes at the frame.
 * The pool is scanned but never collected: the tracer greys its segments
 * like roots, and the objects keep what they refer to alive. `pool.alloc`
 * and `pool.free` are not supported (`UNIMPL`), as in the MPS.
 * @public
 */
export class SNCPool extends Pool {
  /** The class's name. */
  static readonly className: string = "SNC";
  /** SNC is buffered, scannable, formatted and has frames; its objects hold exact references. It is not collected. */
  static readonly attrs = definePoolAttrs({ buffer: true, scannable: true, format: true, frames: true, ranks: 1 << RankV.EXACT });

  /** {@link SIG_SNC} while live (the Pool's own `sig` is the pool signature). */
  sncSig: number = SIG_INVALID;
  /** The free list of segments (the MPS's `freeSegs`), linked through `SNCSeg.next`. */
  freeSegs: SNCSeg | undefined = undefined;

  /** `SNCInit`. Throws `PARAM` on a missing or bad option, making nothing. */
  constructor(arena: Arena, opts: SNCOpts) {
    super(arena, checkOpts(opts));
    try {
      const format = this.format as Format;
      format.require(FormatMethod.SCAN | FormatMethod.SKIP | FormatMethod.PAD, "SNC");
      if (format.headerSize !== 0) paramError(`SNC: the format must have no in-band header, not a header of ${format.headerSize} bytes`);
      if (this.alignment !== format.align) paramError(`SNC: the alignment is the format's (${format.align}), not ${this.alignment}`);
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.sncSig = SIG_SNC;
    const tel = arena.telemetry;
    if ((tel.control & EVENT_KIND_POOL) !== 0) eventPoolInitSNC(tel, this.telId, (this.format as Format).serial);
  }

  /** `mps_ap_create_k` on an SNC pool: `rank` must be `Rank.EXACT` (the default). */
  override createAp(opts: APOpts = {}): AP {
    if (opts !== null && typeof opts === "object" && opts.rank !== undefined && opts.rank !== RankV.EXACT) {
      paramError(`createAp: SNC allocation points take rank EXACT (${RankV.EXACT}) only, not ${String(opts.rank)}`);
    }
    return super.createAp(opts);
  }

  /** Allocation points of SNC pools keep chains and frames (`SNCBuf`). */
  protected override bufferClassMethod(): BufferClass {
    return SNCBuf;
  }

  /**
   * `SNCBufferFill`: the first free segment big enough, else a new one of
   * just enough grains; it gets the buffer's ranks and a universal summary
   * and goes on top of the buffer's chain.
   */
  protected override bufferFillMethod(rangeReturn: SNCFillRange, buffer: Buffer, size: Size): void {
    let seg = this.takeFreeSeg(size);
    if (seg === undefined) seg = segAlloc(SNCSeg, new LocusPref(), alignUp(size, this.arena.grainSize), this, {});
    const rankSet = buffer.rankSet();
    seg.setRankSummary(rankSet, rankSet === RANK_SET_EMPTY ? ZONE_SET_EMPTY : ZONE_SET_UNIV);
    const b = buffer as SNCBuf;
    seg.next = b.topSeg;
    b.topSeg = seg;
    rangeReturn.base = seg.base;
    rangeReturn.limit = seg.limit;
  }

  /** `sncFindFreeSeg`: unlink and return the first free segment of at least `size` bytes. */
  private takeFreeSeg(size: Size): SNCSeg | undefined {
    let last: SNCSeg | undefined;
    for (let s = this.freeSegs; s !== undefined; last = s, s = s.next) {
      if (s.size() >= size) {
        if (last === undefined) this.freeSegs = s.next;
        else last.next = s.next;
        s.next = undefined;
        return s;
      }
    }
    return undefined;
  }

  /** `sncSegBufferEmpty` through the buffer's segment: pad the unused part. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const seg = buffer.seg();
    aver(seg instanceof SNCSeg && seg.pool === this, "SNC.bufferEmpty: the buffer is attached to a segment of the pool");
    (seg as SNCSeg).bufferEmpty(buffer);
  }

  /**
   * `sncRecordFreeSeg`: put `seg` on the free list: not grey, no barrier,
   * no ranks (so the tracer ignores it), and one pad over the whole of it
   * (so a walk steps over it).
   */
  private recordFreeSeg(seg: SNCSeg): void {
    if (seg.grey !== TRACE_SET_EMPTY) seg.setGrey(TRACE_SET_EMPTY);
    // A universal summary first lowers any write barrier; then the ranks go.
    if (seg.rankSet !== RANK_SET_EMPTY) seg.setSummary(ZONE_SET_UNIV);
    seg.setRankSummary(RANK_SET_EMPTY, ZONE_SET_EMPTY);
    (this.format as ObjectFormat).pad(seg.base, seg.size());
    seg.next = this.freeSegs;
    this.freeSegs = seg;
  }

  /**
   * `sncPopPartialSegChain`: move the segments of `buffer`'s chain above
   * `upTo` (all of them if undefined) to the free list; `upTo` becomes the
   * top. Called by pops and when the allocation point is destroyed.
   */
  popChain(buffer: SNCBuf, upTo: SNCSeg | undefined): void {
    let s = buffer.topSeg;
    while (s !== upTo) {
      aver(s !== undefined, "SNC.popChain: the segment is on the buffer's chain");
      const next: SNCSeg | undefined = (s as SNCSeg).next;
      (s as SNCSeg).next = undefined;
      this.recordFreeSeg(s as SNCSeg);
      s = next;
    }
    buffer.topSeg = upTo;
  }

  /**
   * `SNCFramePush`: the frame is the address where the next object will
   * start: the buffer's init if it is inside the buffer's segment, 0 if the
   * allocation point holds nothing; otherwise (the segment is full, or a
   * fill failed and left the buffer reset with a chain) the buffer is
   * refilled first, so the frame is the base of a fresh segment.
   */
  protected override framePushMethod(buffer: Buffer): Addr {
    const b = buffer as SNCBuf;
    aver(b.sncBufSig === SIG_SNC_BUF, "SNC.framePush: the buffer is an SNC buffer");
    let frame: Addr;
    if (b.isReset() && b.topSeg === undefined) {
      frame = 0; // the bottom of the stack (the MPS's NULL frame)
    } else if (!b.isReset() && b.ap.init < (b.seg() as SNCSeg).limit) {
      frame = b.ap.init;
    } else {
      b.detach();
      const range: SNCFillRange = { base: 0, limit: 0 };
      this.bufferFillMethod(range, b, this.alignment);
      b.attach(range.base, range.limit, range.base, 0);
      frame = b.ap.init;
    }
    b.frames.push(frame);
    return frame;
  }

  /**
   * `SNCFramePop`: free what the allocation point allocated since `frame`
   * was pushed, and pop `frame` and every frame pushed after it. Throws
   * `PARAM`, changing nothing, if `frame` is not on the allocation point's
   * stack of frames.
   */
  protected override framePopMethod(buffer: Buffer, frame: Addr): void {
    const b = buffer as SNCBuf;
    aver(b.sncBufSig === SIG_SNC_BUF, "SNC.framePop: the buffer is an SNC buffer");
    if (typeof frame !== "number" || !Number.isInteger(frame) || frame < 0) paramError(`AP.framePop: not a frame: ${String(frame)}`);
    const frames = b.frames;
    let k = frames.length - 1;
    while (k >= 0 && frames[k] !== frame) k--;
    if (k < 0) {
      paramError(
        frames.length === 0
          ? `AP.framePop: frame ${addrHex(frame)} is not on the allocation point's stack, which is empty (popped already, or pushed on another allocation point)`
          : `AP.framePop: frame ${addrHex(frame)} is not on the allocation point's stack (popped already, or pushed on another allocation point)`,
      );
    }
    if (frame === 0) {
      // The bottom of the stack: everything goes.
      b.detach();
      this.popChain(b, undefined);
    } else {
      const seg = this.arena.segOfAddr(frame);
      aver(seg instanceof SNCSeg && seg.pool === this, "SNC.framePop: the frame is in a segment of the pool");
      const s = seg as SNCSeg;
      if (b.seg() === s && !b.isTrapped()) {
        aver(frame <= b.ap.init, "SNC.framePop: the frame is below the allocation point's init");
        b.setAllocAddr(frame);
      } else if (b.seg() === s) {
        // A trapped buffer (flipped: its init at the flip must not pass init, .impl.flipped):
        // detach and attach again at the frame, which also unflips it; the popped objects are dead.
        b.detach();
        b.attach(s.base, s.limit, frame, 0);
      } else {
        b.detach();
        this.popChain(b, s);
        b.attach(s.base, s.limit, frame, 0);
      }
    }
    frames.length = k;
  }

  /** `SNCTotalSize`: the bytes of the pool's segments. */
  protected override totalSizeMethod(): Size {
    let total = 0;
    for (let n = this.segRing.next; n !== this.segRing; n = n.next) total += (n.owner as SNCSeg).size();
    return total;
  }

  /** `SNCFreeSize`: the bytes of the segments on the free list (not the pads of segments in use, as in the MPS). */
  protected override freeSizeMethod(): Size {
    let free = 0;
    for (let s = this.freeSegs; s !== undefined; s = s.next) free += s.size();
    return free;
  }

  /** The segments on the free list, each one free block. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    for (let s = this.freeSegs; s !== undefined; s = s.next) visitor(s.base, s.limit, this);
  }

  /** `SNCFinish`: the segments go back to the arena with the pool (the generic destroy frees them). */
  protected override finishMethod(): void {
    this.freeSegs = undefined;
    this.sncSig = SIG_INVALID;
  }

  /** `SNCCheck`: every segment is on exactly one list, free segments have no ranks. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.sncSig }, SIG_SNC, "SNC");
    checkL(this.format !== undefined && this.alignment === this.format.align && this.format.headerSize === 0, "SNC: the format's alignment, no header");
    const seen = new Set<SNCSeg>();
    for (let s = this.freeSegs; s !== undefined; s = s.next) {
      checkL(!seen.has(s), "SNC: the free list has no cycle");
      seen.add(s);
      checkL(s.rankSet === RANK_SET_EMPTY && s.grey === TRACE_SET_EMPTY && s.buffer() === undefined, "SNC: a free segment has no ranks, is not grey and has no buffer");
    }
    for (let n = this.bufferRing.next; n !== this.bufferRing; n = n.next) {
      const b = n.owner as SNCBuf;
      for (let s = b.topSeg; s !== undefined; s = s.next) {
        checkL(!seen.has(s), "SNC: a segment is on one list only");
        seen.add(s);
        checkL(s.rankSet !== RANK_SET_EMPTY, "SNC: a segment of a chain has ranks");
      }
      const bs = b.seg();
      if (bs !== undefined) checkL(bs === b.topSeg, "SNC: the buffer is attached to the top of its chain");
      for (let i = 1; i < b.frames.length; i++) checkL(b.frames[i - 1] === 0 || b.frames[i] !== 0, "SNC: only the bottom frames are 0");
    }
    let segs = 0;
    for (let n = this.segRing.next; n !== this.segRing; n = n.next) {
      const s = n.owner as SNCSeg;
      checkL(s instanceof SNCSeg, "SNC: every segment is an SNC segment");
      checkL(seen.has(s), "SNC: every segment is on a chain or the free list");
      s.check();
      segs++;
    }
    checkL(segs === seen.size, "SNC: the lists hold the pool's segments");
    return true;
  }

  /** The free list and the allocation points' chains and frames. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    const ids = (s: SNCSeg | undefined): string => {
      const out: number[] = [];
      for (; s !== undefined; s = s.next) out.push(s.id);
      return out.length === 0 ? "none" : out.join(" ");
    };
    describeLine(stream, depth, `SNC freeSegs ${ids(this.freeSegs)}`);
    for (let n = this.bufferRing.next; n !== this.bufferRing; n = n.next) {
      const b = n.owner as SNCBuf;
      describeLine(stream, depth, `buffer ${b.serial} chain ${ids(b.topSeg)} frames [${b.frames.map(addrHex).join(" ")}]`);
    }
  }
}
