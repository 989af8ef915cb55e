/**
 * Allocation buffers and allocation points (design.mps.buffer): the
 * reserve/commit protocol. An `AP` holds the three fields of the fast path
 * (init, alloc, limit) as numbers on a small object of one shape; its
 * `Buffer` holds the rest and runs the slow paths: `fill` (asks the pool
 * for memory), `trip` (a commit after a flip), `flip`, attach and detach.
 * See docs/design/arena.md `.buffer`.
 * .critical: AP.reserve, AP.commit (the allocation fast path).
 */

import { Range } from "@mps/land";
import {
  MpsError, type Addr, type Buffer as MpmBuffer, type Inst, type RankSet, type Size, type WriteStream, COOL, RANK_SET_EMPTY, SIG_INVALID, addrHex, aver, averCritical, checkL,
  byCheckLevel, checkS, checkU, describeLine, paramError, smiOf,
} from "@mps/mpm";
import { Ring } from "@mps/ring";
import { EVENT_KIND_POOL, EVENT_KIND_SEG, eventBufferEmpty, eventBufferFill, eventBufferFinish, eventBufferInit } from "@mps/telemetry";
import { SIG_BUFFER, SIG_POOL } from "./api.js";
import type { APOpts, Pool } from "./pool.js";
import type { Seg } from "./seg.js";

/** The buffer is attached to a region (`BufferModeATTACHED`). @public */
export const BUFFER_MODE_ATTACHED = 1;
/** The buffer was flipped by a trace and is trapped (`BufferModeFLIPPED`). @public */
export const BUFFER_MODE_FLIPPED = 2;
/** Every reserve and commit goes out of line, for logging (`BufferModeLOGGED`). @public */
export const BUFFER_MODE_LOGGED = 4;
/** The buffer is being detached (`BufferModeTRANSITION`). @public */
export const BUFFER_MODE_TRANSITION = 8;

/**
 * Allocation patterns (`mps_alloc_pattern_ramp`, `_ramp_collect_all`).
 * @public
 */
export const AllocPattern = Object.freeze({
  /** Many objects will be allocated and then die together. */
  RAMP: 1,
  /** As RAMP, and the first collection after every ramp on the allocation point has ended is a full one. */
  RAMP_COLLECT_ALL: 2,
} as const);

/**
 * One of the {@link (AllocPattern:variable)} values.
 * @public
 */
export type AllocPattern = (typeof AllocPattern)[keyof typeof AllocPattern];

/**
 * A buffer class: `pool.createAp` calls `new klass(pool, isMutator, opts)`.
 * @public
 */
export type BufferClass = new (pool: Pool, isMutator: boolean, opts: APOpts) => Buffer;

/**
 * An allocation point (the MPS's `mps_ap_s`): the fast path of the
 * reserve/commit protocol (design.mps.buffer `.ap`).
 *
 * @remarks
 * Use it in the retry loop the MPS prescribes, initialising the object
 * between reserve and commit:
 * ```ts
 * let p;
 * do {
 *   p = ap.reserve(16);
 *   mem.u32[p >>> 2] = tag; // ... initialise every field
 * } while (!ap.commit(p, 16));
 * ```
 * `reserve` bumps `alloc` when the request fits below `limit`, else calls
 * the buffer's `fill`. `commit` sets `init` to `alloc` and succeeds unless
 * `limit` is 0, when the buffer's `trip` decides: after a flip the object
 * may not have been scanned, so the commit fails and the loop allocates it
 * again. The fields are plain numbers; nothing is allocated on the fast path.
 * @public
 */
export class AP {
  /** The limit of initialised memory: where the next object starts. */
  init: Addr = 0;
  /** The limit of reserved memory. */
  alloc: Addr = 0;
  /** The buffer's limit, or 0 when it is reset or trapped. */
  limit: Addr = 0;
  /** The buffer that runs the slow paths. */
  readonly buffer: Buffer;

  /** Made by the buffer; clients get APs from `pool.createAp`. */
  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }

  /**
   * `mps_reserve`: reserve `size` bytes (a positive multiple of the pool's
   * alignment) and return their address; initialise them, then call
   * {@link AP.commit}. Throws `PARAM` on a bad size, and `RESOURCE`,
   * `MEMORY` or `COMMIT_LIMIT` when the pool cannot get memory.
   * @remarks Critical path: two compares and a store when the request fits.
   */
  reserve(size: Size): Addr {
    const alloc = this.alloc;
    const next = alloc + size;
    if (next > alloc && next <= this.limit) {
      this.alloc = next;
      // The old alloc, as the MPS's MPS_RESERVE_BLOCK returns: it equals init
      // when the protocol is kept, and needs no load of init.
      return alloc;
    }
    return this.buffer.fill(size);
  }

  /** `reserve` at the `cool` level: also checks the protocol (installed by `byCheckLevel`). */
  protected reserveCool(size: Size): Addr {
    // The fast path cannot afford this test at hot (nor does the MPS's mps_reserve
    // macro make it); at cool a bad size must not bump alloc off the alignment.
    if (!(size > 0 && Number.isInteger(size) && (size & (this.buffer.alignment - 1)) === 0)) {
      paramError(`AP.reserve: size must be a positive multiple of ${this.buffer.alignment}, not ${String(size)}`);
    }
    const alloc = this.alloc;
    const next = alloc + size;
    averCritical(this.init === alloc, "AP.reserve: reserved twice without a commit");
    if (next > alloc && next <= this.limit) {
      this.alloc = next;
      return this.init;
    }
    return this.buffer.fill(size);
  }

  /**
   * `mps_commit`: declare the object reserved at `p` of `size` bytes
   * initialised. Returns false if a flip happened since the reserve: the
   * object is gone, and the client must reserve and initialise it again.
   * @remarks Critical path: one store and one compare unless the buffer is trapped.
   */
  commit(p: Addr, size: Size): boolean {
    this.init = this.alloc;
    return this.limit !== 0 || this.buffer.trip(p, size);
  }

  /** `commit` at the `cool` level: also checks the protocol (installed by `byCheckLevel`). */
  protected commitCool(p: Addr, size: Size): boolean {
    averCritical(p === this.init && p + size === this.alloc, "AP.commit: commit the object last reserved, with its size");
    this.init = this.alloc;
    return this.limit !== 0 || this.buffer.trip(p, size);
  }

  /** `mps_ap_fill`: the slow path of reserve. */
  fill(size: Size): Addr {
    return this.buffer.fill(size);
  }

  /** `mps_ap_trip`: the slow path of commit. */
  trip(p: Addr, size: Size): boolean {
    return this.buffer.trip(p, size);
  }

  /** `mps_ap_destroy`. */
  destroy(): void {
    this.buffer.destroy();
  }

  /** `mps_ap_frame_push`: returns a frame for {@link AP.framePop}. */
  framePush(): Addr {
    return this.buffer.framePush();
  }

  /** `mps_ap_frame_pop`. */
  framePop(frame: Addr): void {
    this.buffer.framePop(frame);
  }

  /** `mps_ap_alloc_pattern_begin`. */
  allocPatternBegin(pattern: AllocPattern): void {
    this.buffer.rampBegin(pattern);
  }

  /** `mps_ap_alloc_pattern_end`. */
  allocPatternEnd(pattern: AllocPattern): void {
    this.buffer.rampEnd(pattern);
  }

  /** `mps_ap_alloc_pattern_reset`. */
  allocPatternReset(): void {
    this.buffer.rampReset();
  }
}

/**
 * An allocation buffer (design.mps.buffer): the slow side of an allocation
 * point, attached to a region of its pool's memory.
 *
 * @remarks
 * States (design.mps.buffer `.states`): reset (no region; `base`,
 * `poolLimit` and the AP's fields are 0); attached and ready
 * (`init === alloc`); attached and busy (between reserve and commit);
 * trapped (`ap.limit === 0` while attached, after a flip). A buffer class extends
 * this (calling `super` first) and may override `attachMethod`,
 * `detachMethod`, `segMethod`, `rankSetMethod`, `setRankSetMethod` and
 * `reassignSegMethod`.
 * @public
 */
export class Buffer implements Inst, MpmBuffer {
  /** {@link SIG_BUFFER} while live. */
  sig: number = SIG_INVALID;
  /** The buffer's serial number within its pool. */
  readonly serial: number;
  /** The pool. */
  readonly pool: Pool;
  /** The allocation point. */
  readonly ap: AP;
  /** The buffer's node on its pool's ring. */
  readonly poolRing: Ring<Buffer>;
  /** True for the mutator's buffers (APs). */
  readonly isMutator: boolean;
  /** Mode bits: {@link BUFFER_MODE_ATTACHED} and the others. */
  mode = 0;
  /** Bytes the buffer has been filled with, in total. */
  fillSize = 0;
  /** Bytes the buffer has given back unused, in total. */
  emptySize = 0;
  /** The alignment of every address (the pool's). */
  readonly alignment: number;
  /** The base of the attached region, or 0. */
  base: Addr = 0;
  /** `init` when the buffer was flipped, or 0. */
  initAtFlip: Addr = 0;
  /** The limit of the attached region, or 0. */
  poolLimit: Addr = 0;
  /** Nesting of ramp patterns. */
  rampCount = 0;
  /** One of the open patterns is `RAMP_COLLECT_ALL`. */
  rampCollectAll = false;
  /** The buffer's id in the arena's telemetry. */
  readonly telId: number;
  /** Where the pool returns the region in a fill (no allocation per fill). */
  private readonly fillRange = new Range();

  /** `BufferInit`: a reset buffer, on the pool's ring. */
  constructor(pool: Pool, isMutator: boolean, _opts: APOpts) {
    if (pool === null || typeof pool !== "object" || pool.sig !== SIG_POOL) paramError("Buffer: not a live pool");
    this.pool = pool;
    this.isMutator = isMutator;
    this.alignment = pool.alignment;
    this.ap = new AP(this);
    this.poolRing = new Ring<Buffer>(this);
    this.serial = pool.bufferSerial++;
    pool.bufferRing.append(this.poolRing);
    const tel = pool.arena.telemetry;
    this.telId = tel.newId();
    this.sig = SIG_BUFFER;
    if ((tel.control & EVENT_KIND_POOL) !== 0) eventBufferInit(tel, this.telId, pool.telId, isMutator);
  }

  /** Throw `PARAM` if the buffer is not live. */
  checkLive(what: string): void {
    if (this.sig !== SIG_BUFFER) paramError(`${what}: the allocation point is ${this.sig === SIG_INVALID ? "destroyed" : "not an allocation point"}`);
  }

  /** `BufferIsReset`. */
  isReset(): boolean {
    return (this.mode & BUFFER_MODE_ATTACHED) === 0;
  }

  /** `BufferIsReady`: not between reserve and commit. */
  isReady(): boolean {
    return this.ap.init === this.ap.alloc;
  }

  /** `BufferIsTrapped`. */
  isTrapped(): boolean {
    return (this.mode & (BUFFER_MODE_FLIPPED | BUFFER_MODE_LOGGED)) !== 0;
  }

  /** `BufferScanLimit`: `init`, or `init` at the flip if flipped. */
  scanLimit(): Addr {
    return (this.mode & BUFFER_MODE_FLIPPED) !== 0 ? this.initAtFlip : this.ap.init;
  }

  /** `BufferSeg`: the segment the buffer is attached to, if any. */
  seg(): Seg | undefined {
    return this.segMethod();
  }

  /** `BufferRankSet`. */
  rankSet(): RankSet {
    return this.rankSetMethod();
  }

  /** `BufferSetRankSet`. */
  setRankSet(rankSet: RankSet): void {
    this.setRankSetMethod(rankSet);
  }

  /** `BufferReassignSeg`: a split or merge moved the buffer's region to `seg`. */
  reassignSeg(seg: Seg): void {
    aver(!this.isReset() && this.base >= seg.base && this.poolLimit <= seg.limit && seg.pool === this.pool, "Buffer.reassignSeg: the segment holds the buffer");
    this.reassignSegMethod(seg);
  }

  /**
   * `BufferFill` (`mps_ap_fill`): the slow path of reserve. Lets the
   * collector work (`ArenaPoll`), then reserves in a trapped buffer if the
   * request fits, else detaches and asks the pool for a new region. Throws
   * `PARAM` on a bad size or a dead buffer, and whatever the pool throws
   * when it cannot fill (the buffer is left reset, and usable).
   */
  fill(size: Size): Addr {
    this.checkLive("AP.reserve");
    if (!(Number.isInteger(size) && size > 0 && size <= 2 ** 32 && (size & (this.alignment - 1)) === 0)) {
      paramError(`AP.reserve: size must be a positive multiple of ${this.alignment}, not ${String(size)}`);
    }
    aver(this.isReady(), "AP.reserve: reserved twice without a commit");
    this.pool.arena.poll();
    const ap = this.ap;
    if (!this.isReset() && ap.limit === 0) {
      // .fill.unflip
      if ((this.mode & BUFFER_MODE_FLIPPED) !== 0) this.setUnflipped();
      const next = ap.alloc + size;
      if (next <= this.poolLimit) {
        ap.alloc = next;
        return ap.init;
      }
    }
    this.detach();
    const range = this.fillRange;
    this.pool.bufferFill(range, this, size);
    if (this.isMutator) this.pool.arena.fillMutatorSize += range.limit - range.base;
    this.attach(range.base, range.limit, range.base, size);
    // telemetry: EVENT BufferReserve when logged
    return range.base;
  }

  /**
   * `BufferTrip` (`mps_ap_trip`): the slow path of commit, taken when
   * `limit` is 0. Returns false if the buffer was flipped after the object
   * was reserved (the object is discarded), else true.
   */
  trip(p: Addr, size: Size): boolean {
    this.checkLive("AP.commit");
    const ap = this.ap;
    aver(ap.limit === 0, "AP.commit: trip only when the limit is 0");
    aver(this.isTrapped(), "AP.commit: commit without a reserve, or in a buffer that is not trapped");
    aver(ap.init === ap.alloc, "AP.commit: init is alloc after commit");
    aver(p + size === ap.init && size > 0 && (size & (this.alignment - 1)) === 0, "AP.commit: the object committed is the one reserved");
    if ((this.mode & BUFFER_MODE_FLIPPED) !== 0 && ap.init !== this.initAtFlip) {
      // .trip.unflip: the flip came before the commit; undo the reservation.
      ap.init = p;
      ap.alloc = p;
      return false;
    }
    // telemetry: EVENT BufferCommit when logged
    return true;
  }

  /**
   * `BufferFlip`: trap the buffer for a trace's flip, if it may hold
   * references and is attached, so that the commit of an object reserved
   * before the flip fails.
   */
  flip(): void {
    if (this.rankSet() !== RANK_SET_EMPTY && (this.mode & BUFFER_MODE_FLIPPED) === 0 && !this.isReset()) {
      aver(this.initAtFlip === 0, "Buffer.flip: not already flipped");
      this.initAtFlip = this.ap.init;
      this.ap.limit = 0;
      this.mode |= BUFFER_MODE_FLIPPED;
    }
  }

  /** `BufferSetUnflipped`. */
  private setUnflipped(): void {
    this.mode &= ~BUFFER_MODE_FLIPPED;
    if (!this.isTrapped()) this.ap.limit = this.poolLimit;
    this.initAtFlip = 0;
  }

  /**
   * `BufferAttach`: attach [base, limit) and reserve `size` bytes from
   * `init`. Called by `fill` (and pools that pop frames).
   */
  attach(base: Addr, limit: Addr, init: Addr, size: Size): void {
    aver(this.isReset(), "Buffer.attach: the buffer is reset");
    aver(base <= init && init + size <= limit, "Buffer.attach: the reservation is in the region");
    this.mode |= BUFFER_MODE_ATTACHED;
    // The fast path's fields stay small integers whatever number the pool
    // computed: one boxed number would make them double fields for every
    // allocation point (speed-facts.md `.fact.smi-fields`).
    base = smiOf(base);
    init = smiOf(init);
    limit = smiOf(limit);
    this.base = base;
    this.ap.init = init;
    this.ap.alloc = smiOf(init + size);
    this.ap.limit = (this.mode & BUFFER_MODE_LOGGED) === 0 ? limit : 0;
    this.poolLimit = limit;
    this.fillSize += limit - init;
    this.attachMethod(base, limit, init, size);
    if (COOL) this.check();
    const tel = this.pool.arena.telemetry;
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventBufferFill(tel, this.telId, size, base, limit - init);
  }

  /**
   * `BufferDetach`: give the unused part back to the pool and reset the
   * buffer. The buffer must be ready.
   */
  detach(): void {
    aver(this.isReady(), "Buffer.detach: the buffer is ready");
    if (this.isReset()) return;
    this.mode |= BUFFER_MODE_TRANSITION;
    this.pool.bufferEmpty(this);
    this.detachMethod();
    const spare = this.poolLimit - this.ap.init;
    this.emptySize += spare;
    this.base = 0;
    this.initAtFlip = 0;
    this.ap.init = 0;
    this.ap.alloc = 0;
    this.ap.limit = 0;
    this.poolLimit = 0;
    this.mode &= ~(BUFFER_MODE_ATTACHED | BUFFER_MODE_FLIPPED | BUFFER_MODE_TRANSITION);
    const tel = this.pool.arena.telemetry;
    if ((tel.control & EVENT_KIND_SEG) !== 0) eventBufferEmpty(tel, this.telId, spare);
  }

  /**
   * `BufferSetAllocAddr`: move init and alloc to `addr` (frames, pools
   * that pop). The buffer must be ready and `addr` in its region.
   */
  setAllocAddr(addr: Addr): void {
    aver(this.isReady() && this.base <= addr && addr <= this.poolLimit, "Buffer.setAllocAddr: a ready buffer, an address in its region");
    this.ap.init = addr;
    this.ap.alloc = addr;
  }

  /**
   * `mps_ap_destroy` (`BufferDestroy`): detach and finish. Throws `PARAM` if
   * already destroyed; asserts (changing nothing) if called between
   * reserve and commit.
   */
  destroy(): void {
    this.checkLive("AP.destroy");
    aver(this.isReady(), "AP.destroy: between reserve and commit");
    if (!this.isReady()) return; // an assertion handler that returns: leave the buffer as it is
    this.detach();
    this.finishMethod();
    this.poolRing.remove();
    this.sig = SIG_INVALID;
    const tel = this.pool.arena.telemetry;
    if ((tel.control & EVENT_KIND_POOL) !== 0) eventBufferFinish(tel, this.telId);
  }

  /** `mps_ap_frame_push`. */
  framePush(): Addr {
    this.checkLive("AP.framePush");
    aver(this.isReady(), "AP.framePush: between reserve and commit");
    return this.pool.framePush(this);
  }

  /** `mps_ap_frame_pop`. */
  framePop(frame: Addr): void {
    this.checkLive("AP.framePop");
    aver(this.isReady(), "AP.framePop: between reserve and commit");
    this.pool.framePop(this, frame);
  }

  /** `BufferRampBegin` (`mps_ap_alloc_pattern_begin`). */
  rampBegin(pattern: AllocPattern): void {
    this.checkLive("AP.allocPatternBegin");
    if (pattern !== AllocPattern.RAMP && pattern !== AllocPattern.RAMP_COLLECT_ALL) paramError(`allocPatternBegin: not an allocation pattern: ${String(pattern)}`);
    this.rampCount++;
    if (pattern === AllocPattern.RAMP_COLLECT_ALL) this.rampCollectAll = true;
    if (this.rampCount === 1) this.pool.rampBegin(this, pattern === AllocPattern.RAMP_COLLECT_ALL);
  }

  /** `BufferRampEnd` (`mps_ap_alloc_pattern_end`): `FAIL` if no ramp is open, as the MPS returns `MPS_RES_FAIL`. */
  rampEnd(pattern: AllocPattern): void {
    this.checkLive("AP.allocPatternEnd");
    if (pattern !== AllocPattern.RAMP && pattern !== AllocPattern.RAMP_COLLECT_ALL) paramError(`allocPatternEnd: not an allocation pattern: ${String(pattern)}`);
    if (this.rampCount === 0) throw new MpsError("FAIL", "allocPatternEnd: no allocation pattern is open on this allocation point");
    this.rampCount--;
    if (this.rampCount === 0) this.endRamps();
  }

  /** `BufferRampReset` (`mps_ap_alloc_pattern_reset`): end every open pattern. */
  rampReset(): void {
    this.checkLive("AP.allocPatternReset");
    if (this.rampCount === 0) return;
    this.rampCount = 0;
    this.endRamps();
  }

  /**
   * The last open pattern ended: tell the pool, and if one of the patterns
   * asked for a full collection afterwards (in a collected pool), ask the
   * collector for one (the MPS leaves this hint unused; its manual promises it).
   */
  private endRamps(): void {
    this.pool.rampEnd(this);
    if (this.rampCollectAll) {
      this.rampCollectAll = false;
      if (this.pool.attrs.gc) this.pool.arena.collectWorldRequested = true;
    }
  }

  /** `BufferCheck`: ordering and alignment of the fields, by state. */
  check(): boolean {
    checkS(this, SIG_BUFFER, "Buffer");
    checkU(this.pool, SIG_POOL, "Buffer.pool");
    checkL(this.serial < this.pool.bufferSerial, "Buffer: serial below the pool's next");
    checkL(this.emptySize <= this.fillSize, "Buffer: emptied no more than filled");
    checkL(this.alignment === this.pool.alignment, "Buffer: the pool's alignment");
    const ap = this.ap;
    if ((this.mode & BUFFER_MODE_TRANSITION) !== 0) return true;
    if (this.isReset() || this.base === 0 || ap.init === 0 || ap.alloc === 0 || this.poolLimit === 0) {
      checkL(this.isReset(), "Buffer: reset when any field is 0");
      checkL(this.base === 0 && this.initAtFlip === 0 && ap.init === 0 && ap.alloc === 0 && ap.limit === 0 && this.poolLimit === 0, "Buffer: a reset buffer's fields are 0");
    } else {
      checkL(this.base <= ap.init && ap.init <= ap.alloc && ap.alloc <= this.poolLimit, "Buffer: base <= init <= alloc <= poolLimit");
      const m = this.alignment - 1;
      checkL((this.base & m) === 0 && (ap.init & m) === 0 && (ap.alloc & m) === 0 && (ap.limit & m) === 0 && (this.poolLimit & m) === 0, "Buffer: aligned fields");
      if (this.isTrapped()) {
        if ((this.mode & BUFFER_MODE_FLIPPED) !== 0) {
          checkL(ap.init === this.initAtFlip || ap.init === ap.alloc, "Buffer: flipped: init at flip or committed");
          checkL(this.base <= this.initAtFlip && this.initAtFlip <= ap.init, "Buffer: base <= initAtFlip <= init");
        }
      } else {
        checkL(this.initAtFlip === 0, "Buffer: initAtFlip is 0 unless flipped");
        checkL(ap.limit === this.poolLimit, "Buffer: limit is the pool's limit unless trapped");
      }
    }
    return true;
  }

  /** `BufferDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Buffer ${this.serial} (class ${this.constructor.name}) {`);
    const d = depth + 2;
    describeLine(stream, d, `pool ${this.pool.serial}${this.isMutator ? " (mutator)" : ""}`);
    describeLine(stream, d, `mode ${this.isReset() ? "reset" : "attached"}${(this.mode & BUFFER_MODE_FLIPPED) !== 0 ? " flipped" : ""}${(this.mode & BUFFER_MODE_LOGGED) !== 0 ? " logged" : ""}`);
    describeLine(stream, d, `base ${addrHex(this.base)} init ${addrHex(this.ap.init)} alloc ${addrHex(this.ap.alloc)} limit ${addrHex(this.ap.limit)} poolLimit ${addrHex(this.poolLimit)}`);
    describeLine(stream, d, `initAtFlip ${addrHex(this.initAtFlip)} alignment ${this.alignment} rankSet ${this.rankSet()}`);
    describeLine(stream, d, `fillSize ${this.fillSize} emptySize ${this.emptySize}`);
    describeLine(stream, depth, "}");
  }

  // ----- hooks -------------------------------------------------------------------

  /** Class-specific attach (`bufferTrivAttach` does nothing). */
  protected attachMethod(_base: Addr, _limit: Addr, _init: Addr, _size: Size): void {
    // deliberately empty: a plain buffer keeps nothing more
  }
  /** Class-specific detach. */
  protected detachMethod(): void {
    // deliberately empty
  }
  /** Class-specific finish. */
  protected finishMethod(): void {
    // deliberately empty
  }
  /** The buffer's segment: none for a plain buffer. */
  protected segMethod(): Seg | undefined {
    return undefined;
  }
  /** The buffer's ranks: none for a plain buffer. */
  protected rankSetMethod(): RankSet {
    return RANK_SET_EMPTY;
  }
  /** Set the ranks: a plain buffer has none to set. */
  protected setRankSetMethod(_rankSet: RankSet): void {
    paramError(`${this.constructor.name}: the buffer has no rank set`);
  }
  /** Reassign the segment: a plain buffer has none. */
  protected reassignSegMethod(_seg: Seg): void {
    paramError(`${this.constructor.name}: the buffer has no segment`);
  }
}

/**
 * A buffer attached to a segment (the MPS's `SegBuf`): on attach it finds
 * the segment holding its region and sets itself as that segment's buffer.
 * @public
 */
export class SegBuf extends Buffer {
  /** The segment the buffer is attached to. */
  private segRef: Seg | undefined = undefined;
  /** The buffer's rank set. */
  protected rankSetValue: RankSet = RANK_SET_EMPTY;

  /** Attach: the region's segment takes the buffer. */
  protected override attachMethod(base: Addr, limit: Addr, _init: Addr, _size: Size): void {
    const seg = this.pool.arena.segOfAddr(base);
    aver(seg !== undefined && seg.pool === this.pool && limit <= seg.limit, "SegBuf.attach: the region is in one segment of the pool");
    (seg as Seg).setBuffer(this);
    this.segRef = seg;
  }

  /** Detach: the segment lets the buffer go. */
  protected override detachMethod(): void {
    const seg = this.segRef;
    if (seg !== undefined) seg.unsetBuffer();
    this.segRef = undefined;
  }

  /** The segment. */
  protected override segMethod(): Seg | undefined {
    return this.segRef;
  }

  /** The rank set. */
  protected override rankSetMethod(): RankSet {
    return this.rankSetValue;
  }

  /** Set the rank set; the segment, if attached, must agree. */
  protected override setRankSetMethod(rankSet: RankSet): void {
    this.rankSetValue = rankSet;
  }

  /** A split or merge moved the region to `seg`. */
  protected override reassignSegMethod(seg: Seg): void {
    this.segRef = seg;
  }
}

/**
 * A segment buffer with a rank (the MPS's `RankBuf`): the allocation points
 * of pools whose objects hold references. The rank comes from the AP's
 * `rank` option (exact by default).
 * @public
 */
export class RankBuf extends SegBuf {
  /** `rankBufInit`. */
  constructor(pool: Pool, isMutator: boolean, opts: APOpts) {
    super(pool, isMutator, opts);
    this.rankSetValue = 1 << (opts.rank ?? 1);
  }
}

// The allocation point's fast path, written per checking level: at `cool` the
// protocol checks, at `hot` and `rash` none, with no level test on the path
// (docs/design/mpm.md `.check.cost`).
{
  const proto = AP.prototype as unknown as Record<"reserve" | "reserveCool" | "commit" | "commitCool", unknown>;
  proto.reserve = byCheckLevel(proto.reserveCool, proto.reserve, proto.reserve);
  proto.commit = byCheckLevel(proto.commitCool, proto.commit, proto.commit);
}
