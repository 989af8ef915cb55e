/**
 * The shield (design.mps.shield): gives the rest of the MPS the illusion that
 * the collector and the mutator have separate access to memory. enter/leave,
 * raise/lower of a segment's shield mode, expose/cover with depth counts,
 * hold/release, and the queue of segments whose protection is out of date,
 * flushed (sorted and coalesced) on leave. See docs/design/shield.md.
 * .critical: Shield.expose, Shield.cover (on the scan path), Shield.raise,
 * Shield.lower; they allocate nothing.
 */

import {
  type Addr, type Inst, type WriteStream,
  CHECKING, COOL, SIG_INVALID, addrHex, aver, averCritical, checkL, checkS, defineSig, describeLine, paramError,
} from "@mps/mpm";
import { ACCESS_NONE, ACCESS_RW, type AccessSet, type Protection, accessSetString, isAccessSet } from "./prot.js";

/**
 * The signature of a live Shield (design.mps.sig): the MPS's `ShieldSig`.
 * @public
 */
export const SIG_SHIELD = defineSig("Shield", 0x519581e1);

/**
 * The initial length of the shield queue, as the MPS's `ShieldQueueLENGTH`.
 * @public
 */
export const SHIELD_QUEUE_LENGTH = 512;

/**
 * The default most entries the shield queue grows to. Past it the queue
 * works as a circular buffer, syncing the oldest entry to make room, as the
 * MPS's does when it cannot allocate a longer queue.
 * @public
 */
export const SHIELD_QUEUE_LENGTH_MAX = 1 << 16;

/**
 * What the shield needs of a segment: the fields the MPS keeps in
 * `SegStruct` for it. The arena's `Seg` implements this; the shield reads
 * `base` and `limit` and owns the other four fields, which nothing else may
 * write (the arena initialises them to 0, 0, 0 and false).
 * @public
 */
export interface ShieldedSeg {
  /** The segment's base address: a multiple of the protection granularity. */
  readonly base: Addr;
  /** The segment's limit: a multiple of the protection granularity. */
  readonly limit: Addr;
  /** The shield mode: the accesses the mutator must not make (design.mps.shield `.def.raised`). */
  sm: AccessSet;
  /** The protection mode: the accesses the protection forbids now. Never more than `sm`. */
  pm: AccessSet;
  /** The number of `expose`s not yet `cover`ed (design.mps.shield `.def.depth`). */
  depth: number;
  /** Whether the segment is in the shield queue. */
  queued: boolean;
}

/**
 * Is the segment synced: is its protection what its shield mode asks (`.def.synced`)?
 * @public
 */
export function segIsSynced(seg: ShieldedSeg): boolean {
  return seg.sm === seg.pm;
}

/**
 * Is the segment exposed: is its depth positive (`.def.exposed`)?
 * @public
 */
export function segIsExposed(seg: ShieldedSeg): boolean {
  return seg.depth > 0;
}

/**
 * The shield's invariants on one segment, for the arena's `Seg.check()`:
 * its modes are access sets, its depth a non-negative integer, its
 * protection never more than its shield mode (`.inv.prot.shield`), and if
 * it is unsynced it is exposed or queued (`.inv.unsynced.depth`).
 * Returns true or reports through the assertion handler.
 * @public
 */
export function shieldSegCheck(seg: ShieldedSeg): boolean {
  checkL(isAccessSet(seg.sm) && isAccessSet(seg.pm), "ShieldedSeg: sm and pm are access sets");
  checkL(Number.isInteger(seg.depth) && seg.depth >= 0, "ShieldedSeg: depth is a non-negative integer");
  checkL((seg.pm & ~seg.sm) === 0, "ShieldedSeg: pm is never more than sm (.inv.prot.shield)");
  checkL(seg.sm === seg.pm || seg.depth > 0 || seg.queued, "ShieldedSeg: an unsynced segment is exposed or queued (.inv.unsynced.depth)");
  checkL(seg.base < seg.limit, "ShieldedSeg: base < limit");
  return true;
}

/**
 * Options of a {@link Shield}.
 * @public
 */
export interface ShieldOpts {
  /** The queue's length when it is first needed. MUST be a positive integer. @defaultValue {@link SHIELD_QUEUE_LENGTH} */
  queueLength?: number;
  /**
   * The most entries the queue grows to, doubling from `queueLength`; 0 means
   * no queue at all (every segment is synced at once, as the MPS when it
   * cannot allocate one). MUST be a non-negative integer. @defaultValue {@link SHIELD_QUEUE_LENGTH_MAX}
   */
  queueLengthMax?: number;
  /**
   * Called when the shield suspends the mutator (`ThreadRingSuspend`): in one
   * JavaScript thread the mutator is not running while control is inside the
   * MPS, so there is nothing to do, but an arena shared with workers will
   * stop them here. @defaultValue none
   */
  suspend?: () => void;
  /** Called when the shield resumes the mutator, on leave (`ThreadRingResume`). @defaultValue none */
  resume?: () => void;
}

/**
 * The shield of one arena (design.mps.shield), over its {@link Protection}.
 *
 * @remarks
 * The arena owns one, enters it when control enters the MPS and leaves it on
 * the way out (`ArenaEnter` / `ArenaLeave`), and calls `raise`/`lower` when a
 * segment's barrier must change, and `expose`/`cover` around every access the
 * MPS makes to a segment's memory. Protection changes are queued while the
 * mutator is suspended and made on `leave` (or `flush`), sorted by address
 * and coalesced into as few `Protection.set` calls as possible; `leave` then
 * calls `Protection.sync`, which for the `none` backend does the barrier's
 * work at once.
 *
 * Protocol errors (cover without expose, leave while exposed, enter twice…)
 * are MPS bugs, not client errors: they are assertions through the
 * installable handler, as in the MPS, and are skipped at `rash`. The
 * invariants of design.mps.shield are checked by `check()`, which the
 * operations call at `cool`.
 * @public
 */
export class Shield implements Inst {
  /** {@link SIG_SHIELD} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The protection whose `set` and `sync` the shield calls. */
  readonly prot: Protection;
  private _inside = false;
  private _suspended = false;
  private queuePending = false;
  /** The queue of unsynced segments: entries [0, limit) are segments, the rest null. */
  private queue: Array<ShieldedSeg | null> = [];
  private _length = 0;
  private next = 0;
  private _limit = 0;
  private _depth = 0;
  private _unsynced = 0;
  private _holds = 0;
  private readonly queueLengthInit: number;
  private readonly queueLengthMax: number;
  private readonly suspendHook: (() => void) | undefined;
  private readonly resumeHook: (() => void) | undefined;

  /** `ShieldInit`: a shield over `prot`, outside, with an empty queue. */
  constructor(prot: Protection, opts: ShieldOpts = {}) {
    if (prot === null || typeof prot !== "object" || typeof prot.set !== "function" || typeof prot.sync !== "function") {
      paramError("Shield: prot must be a Protection");
    }
    const queueLength = opts.queueLength ?? SHIELD_QUEUE_LENGTH;
    const queueLengthMax = opts.queueLengthMax ?? Math.max(SHIELD_QUEUE_LENGTH_MAX, queueLength);
    if (!(Number.isSafeInteger(queueLength) && queueLength >= 1)) paramError(`Shield: queueLength must be a positive integer, not ${String(queueLength)}`);
    if (!(Number.isSafeInteger(queueLengthMax) && queueLengthMax >= 0)) paramError(`Shield: queueLengthMax must be a non-negative integer, not ${String(queueLengthMax)}`);
    this.prot = prot;
    this.queueLengthInit = queueLength;
    this.queueLengthMax = queueLengthMax;
    this.suspendHook = opts.suspend;
    this.resumeHook = opts.resume;
    this.sig = SIG_SHIELD;
    if (COOL) this.check();
  }

  // ----- state ------------------------------------------------------------

  /** Is control inside the shield (`.def.inside`)? */
  get inside(): boolean {
    return this._inside;
  }
  /** Is the mutator suspended? */
  get suspended(): boolean {
    return this._suspended;
  }
  /** The total depth: the sum of the depths of all segments (`.def.total.depth`). */
  get depth(): number {
    return this._depth;
  }
  /** The number of unsynced segments. */
  get unsynced(): number {
    return this._unsynced;
  }
  /** The number of holds not yet released. */
  get holds(): number {
    return this._holds;
  }
  /** The number of segments in the queue (its high-water mark since the last flush). */
  get queued(): number {
    return this._limit;
  }
  /** The queue's current length (0 until first needed). */
  get queueLength(): number {
    return this._length;
  }

  // ----- enter and leave ------------------------------------------------------

  /** `ShieldEnter`: enter the shield, allowing exposes. */
  enter(): void {
    if (CHECKING) {
      this.checkLive("enter");
      aver(!this._inside, "Shield.enter: not already inside");
      aver(this._depth === 0, "Shield.enter: total depth is zero");
      aver(!this._suspended, "Shield.enter: the mutator is not suspended");
    }
    this.queueReset();
    this._inside = true;
    if (COOL) this.check();
  }

  /**
   * `ShieldLeave` then `ProtSync`: flush the queue so that every segment's
   * protection matches its shield mode, resume the mutator, leave, and sync
   * the protection (for `none`, that does all the barrier's work now).
   */
  leave(): void {
    if (CHECKING) {
      this.checkLive("leave");
      aver(this._inside, "Shield.leave: inside");
      aver(this._depth === 0, "Shield.leave: no segment is exposed (total depth is zero)");
      aver(this._holds === 0, "Shield.leave: no holds");
    }
    this.flush();
    aver(this._unsynced === 0, "Shield.leave: every segment is synced");
    // Resuming here keeps .inv.outside.running.
    if (this._suspended) {
      this._suspended = false;
      if (this.resumeHook !== undefined) this.resumeHook();
    }
    this._inside = false;
    if (COOL) this.check();
    this.prot.sync();
  }

  /**
   * `ShieldFlush`: sync every queued segment and empty the queue. Needed
   * before a queued segment is finished, split or merged. The total depth
   * must be zero.
   */
  flush(): void {
    if (CHECKING) {
      this.checkLive("flush");
      aver(this._depth === 0, "Shield.flush: no segment is exposed (total depth is zero)");
    }
    this.flushEntries();
    aver(this._unsynced === 0, "Shield.flush: every segment is synced afterwards");
  }

  // ----- the mutator's access ---------------------------------------------------

  /**
   * `ShieldRaise`: forbid the mutator the accesses in `mode` to `seg`, in
   * addition to those already forbidden. The protection follows when the
   * queue is flushed, or at once if the mutator is not suspended.
   */
  raise(seg: ShieldedSeg, mode: AccessSet): void {
    if (CHECKING) {
      this.checkLive("raise");
      aver(isAccessSet(mode), "Shield.raise: mode is an access set");
      aver(!this.queuePending, "Shield.raise: not re-entered");
    }
    this.queuePending = true;
    this.setSM(seg, seg.sm | mode); // keeps .inv.prot.shield
    this.queueSeg(seg); // restores .inv.unsynced.suspended and .inv.unsynced.depth
    this.queuePending = false;
    if (COOL) {
      this.check();
      shieldSegCheck(seg);
    }
  }

  /**
   * `ShieldLower`: allow the mutator the accesses in `mode` to `seg`. The
   * protection is lowered at once.
   */
  lower(seg: ShieldedSeg, mode: AccessSet): void {
    if (CHECKING) {
      this.checkLive("lower");
      aver(isAccessSet(mode), "Shield.lower: mode is an access set");
    }
    this.setSM(seg, seg.sm & ~mode);
    this.protLower(seg, mode);
    if (COOL) {
      this.check();
      shieldSegCheck(seg);
    }
  }

  // ----- the MPS's access ---------------------------------------------------------

  /**
   * `ShieldExpose`: let the MPS read and write `seg` while the mutator still
   * may not. Nests: each expose needs a `cover`. The first expose of a
   * protected segment suspends the mutator. Only inside the shield.
   */
  expose(seg: ShieldedSeg): void {
    if (COOL) averCritical(this._inside, "Shield.expose: inside the shield");
    seg.depth++;
    this._depth++;
    if ((seg.pm & ACCESS_RW) !== ACCESS_NONE) this.suspend();
    this.protLower(seg, ACCESS_RW); // .inv.expose.prot
  }

  /**
   * `ShieldCover`: the MPS no longer needs access to `seg` (for this expose).
   * When its depth reaches zero the segment's protection may be restored: it
   * is queued, or synced at once.
   */
  cover(seg: ShieldedSeg): void {
    if (COOL) {
      averCritical(seg.pm === ACCESS_NONE, "Shield.cover: an exposed segment is unprotected");
      averCritical(seg.depth > 0, "Shield.cover: the segment is exposed");
      averCritical(this._depth > 0, "Shield.cover: the total depth is positive");
    }
    seg.depth--;
    this._depth--;
    this.queueSeg(seg); // .inv.unsynced.depth
  }

  // ----- the unprotectable ----------------------------------------------------------

  /** `ShieldHold`: suspend the mutator to get exclusive access to what cannot be protected (roots, thread stacks). */
  hold(): void {
    if (CHECKING) this.checkLive("hold");
    this.suspend();
    this._holds++;
  }

  /** `ShieldRelease`: the exclusive access of a `hold` is no longer needed. The mutator is resumed only on `leave`. */
  release(): void {
    if (CHECKING) {
      this.checkLive("release");
      aver(this._inside, "Shield.release: inside");
      aver(this._suspended, "Shield.release: the mutator is suspended");
      aver(this._holds > 0, "Shield.release: there is a hold");
    }
    this._holds--;
  }

  // ----- protocol -----------------------------------------------------------------

  /**
   * `ShieldDestroyQueue` and `ShieldFinish`: the shield must be outside,
   * with nothing queued, exposed, unsynced or held. Later calls throw `PARAM`.
   */
  finish(): void {
    if (CHECKING) {
      this.checkLive("finish");
      aver(!this._inside, "Shield.finish: outside");
      aver(this._limit === 0, "Shield.finish: the queue is empty");
      aver(this._depth === 0, "Shield.finish: total depth is zero");
      aver(this._unsynced === 0, "Shield.finish: nothing is unsynced");
      aver(this._holds === 0, "Shield.finish: no holds");
    }
    this.queue = [];
    this._length = 0;
    this.sig = SIG_INVALID;
  }

  /**
   * `ShieldCheck`: the shield's fields and the invariants of
   * design.mps.shield that it can see without the segments; at `cool` also
   * the queued segments.
   */
  check(): boolean {
    checkS(this, SIG_SHIELD, "Shield");
    checkL(this.queue.length === this._length, "Shield: the queue array has the queue's length");
    checkL(this._limit <= this._length, "Shield: limit <= length");
    checkL(this.next <= this._limit, "Shield: next <= limit");
    checkL(this._inside || !this._suspended, "Shield: the mutator is not suspended outside the shield (.inv.outside.running)");
    checkL(this._unsynced === 0 || this._suspended, "Shield: if a segment is unsynced the mutator is suspended (.inv.unsynced.suspended)");
    checkL(this._inside || this._depth === 0, "Shield: the total depth is zero outside the shield (.inv.outside.depth)");
    checkL(this._inside || this._unsynced === 0, "Shield: nothing is unsynced outside the shield");
    // The MPS checks limit + queuePending >= unsynced; an exposed segment can
    // be unsynced without being queued, and there are at most `depth` of those.
    checkL(this._limit + (this.queuePending ? 1 : 0) + this._depth >= this._unsynced, "Shield: every unsynced segment is queued or exposed");
    checkL(this._holds === 0 || this._suspended, "Shield: the mutator is suspended while held");
    checkL(this._depth >= 0 && this._unsynced >= 0 && this._holds >= 0, "Shield: counts are non-negative");
    if (COOL) {
      let unsyncedQueued = 0;
      for (let i = 0; i < this._limit; i++) {
        const seg = this.queue[i];
        checkL(seg != null && seg.queued, "Shield: every queue entry below limit is a queued segment");
        if (seg != null && !segIsSynced(seg)) unsyncedQueued++;
      }
      for (let i = this._limit; i < this._length; i++) checkL(this.queue[i] === null, "Shield: queue entries above limit are empty");
      checkL(unsyncedQueued <= this._unsynced, "Shield: the queued unsynced segments are counted");
    }
    return true;
  }

  /**
   * `shieldDebugCheck`: check the shield against every segment of the arena
   * (an expensive check for tests and debugging): the depths add up to the
   * total depth, the unsynced segments to the unsynced count, the queued ones
   * to the queue, and each segment meets {@link shieldSegCheck}.
   */
  checkSegs(segs: Iterable<ShieldedSeg>): boolean {
    this.check();
    let depth = 0;
    let unsynced = 0;
    let queued = 0;
    for (const seg of segs) {
      shieldSegCheck(seg);
      depth += seg.depth;
      if (!segIsSynced(seg)) unsynced++;
      if (seg.queued) queued++;
      if (this._limit === 0) checkL(!seg.queued, "Shield: no segment is queued when the queue is empty");
    }
    checkL(depth === this._depth, "Shield: the segments' depths add up to the total depth");
    checkL(unsynced === this._unsynced, "Shield: the unsynced segments add up to the unsynced count");
    checkL(queued === this._limit, "Shield: the queued segments are those in the queue");
    return true;
  }

  /** `ShieldDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, "Shield {");
    describeLine(stream, depth + 2, `${this._inside ? "inside" : "outside"} shield, mutator ${this._suspended ? "suspended" : "running"}`);
    describeLine(stream, depth + 2, `depth ${this._depth} unsynced ${this._unsynced} holds ${this._holds}`);
    describeLine(stream, depth + 2, `queue: next ${this.next} limit ${this._limit} length ${this._length} (max ${this.queueLengthMax})`);
    for (let i = 0; i < this._limit; i++) {
      const seg = this.queue[i];
      if (seg != null) {
        describeLine(stream, depth + 4, `[${addrHex(seg.base)}, ${addrHex(seg.limit)}) sm ${accessSetString(seg.sm)} pm ${accessSetString(seg.pm)} depth ${seg.depth}`);
      }
    }
    describeLine(stream, depth + 2, `protection ${this.prot.backend}`);
    describeLine(stream, depth, "} Shield");
  }

  // ----- implementation ---------------------------------------------------------------

  private checkLive(fn: string): void {
    if (this.sig !== SIG_SHIELD) paramError(`Shield.${fn}: the shield is finished`);
  }

  /** `shieldSetSM`: set the shield mode, keeping the unsynced count. */
  private setSM(seg: ShieldedSeg, mode: AccessSet): void {
    if (seg.sm !== mode) {
      if (seg.sm === seg.pm) {
        seg.sm = mode;
        this._unsynced++;
      } else {
        seg.sm = mode;
        if (seg.sm === seg.pm) {
          if (COOL) averCritical(this._unsynced > 0, "Shield.setSM: unsynced count is positive");
          this._unsynced--;
        }
      }
    }
  }

  /** `shieldSetPM`: set the protection mode, keeping the unsynced count. */
  private setPM(seg: ShieldedSeg, mode: AccessSet): void {
    if (seg.pm !== mode) {
      if (seg.sm === seg.pm) {
        seg.pm = mode;
        this._unsynced++;
      } else {
        seg.pm = mode;
        if (seg.sm === seg.pm) {
          if (COOL) averCritical(this._unsynced > 0, "Shield.setPM: unsynced count is positive");
          this._unsynced--;
        }
      }
    }
  }

  /** `shieldSync`: make the segment's protection its shield mode (.inv.prot.shield). */
  private syncSeg(seg: ShieldedSeg): void {
    if (seg.sm !== seg.pm) {
      this.setPM(seg, seg.sm);
      this.prot.set(seg.base, seg.limit, seg.pm);
    }
  }

  /** `shieldSuspend`: suspend the mutator, if it is not already. */
  private suspend(): void {
    aver(this._inside, "Shield: the mutator is suspended only from inside the shield");
    if (!this._suspended) {
      if (this.suspendHook !== undefined) this.suspendHook();
      this._suspended = true;
    }
  }

  /** `shieldProtLower`: make sure the protection does not include `mode`. */
  private protLower(seg: ShieldedSeg, mode: AccessSet): void {
    if ((seg.pm & mode) !== ACCESS_NONE) {
      this.setPM(seg, seg.pm & ~mode);
      this.prot.set(seg.base, seg.limit, seg.pm);
    }
  }

  /** `shieldDequeue`: take entry `i` out of the queue. */
  private dequeue(i: number): ShieldedSeg {
    const seg = this.queue[i];
    if (COOL) averCritical(i < this._limit && seg != null && seg.queued, "Shield.dequeue: entry is a queued segment");
    this.queue[i] = null;
    seg!.queued = false;
    return seg!;
  }

  /** `shieldFlushEntry`: flush one entry; an exposed segment is only dequeued (its cover will queue it again). */
  private flushEntry(i: number): void {
    const seg = this.dequeue(i);
    if (!segIsExposed(seg)) this.syncSeg(seg);
  }

  /** `shieldQueueReset`. */
  private queueReset(): void {
    aver(this._depth === 0, "Shield: the queue is reset only when nothing is exposed");
    aver(this._unsynced === 0, "Shield: the queue is reset only when everything is synced");
    this.next = 0;
    this._limit = 0;
  }

  /**
   * `shieldFlushEntries`: sort the queue by address and sync its segments,
   * coalescing adjacent segments that get the same mode into one `set`.
   */
  private flushEntries(): void {
    if (this._length === 0) return;
    sortByBase(this.queue, this._limit);
    let runBase = -1;
    let runLimit = -1;
    let runMode = ACCESS_NONE;
    for (let i = 0; i < this._limit; i++) {
      const seg = this.dequeue(i);
      if (seg.sm !== seg.pm) {
        this.setPM(seg, seg.sm);
        if (seg.sm !== runMode || seg.base !== runLimit) {
          if (runBase >= 0) this.prot.set(runBase, runLimit, runMode);
          runBase = seg.base;
          runMode = seg.sm;
        }
        runLimit = seg.limit;
      }
    }
    if (runBase >= 0) this.prot.set(runBase, runLimit, runMode);
    this.queueReset();
  }

  /**
   * `shieldQueue`: if the segment is unsynced, sync it now or make sure it is
   * queued and the mutator suspended.
   */
  private queueSeg(seg: ShieldedSeg): void {
    if (seg.sm === seg.pm || seg.queued) return;
    if (seg.depth > 0) {
      // Raised while exposed: the mutator must not see it, but it need not be
      // queued until it is covered.
      this.suspend();
      return;
    }
    if (this.next >= this._length) this.growQueue();
    // No queue, or the mutator is running: protect now rather than suspend.
    if (this._length === 0 || !this._suspended) {
      this.syncSeg(seg);
      return;
    }
    // The queue could not grow: use it as a circular buffer.
    if (this.next >= this._length) this.next = 0;
    // Past the high-water mark, the slot holds the oldest entry: flush it.
    if (this._limit >= this._length) this.flushEntry(this.next);
    this.queue[this.next] = seg;
    this.next++;
    seg.queued = true;
    if (this.next >= this._limit) this._limit = this.next;
  }

  /** Double the queue (or make it), up to the maximum; past that, leave it as it is. */
  private growQueue(): void {
    const length = this._length === 0 ? Math.min(this.queueLengthInit, this.queueLengthMax) : Math.min(this._length * 2, this.queueLengthMax);
    if (length <= this._length) return;
    for (let i = this._length; i < length; i++) this.queue.push(null);
    this._length = length;
  }
}

/** Sort entries [0, n) of `a` (all segments) by base address, in place, without allocating: heapsort. */
function sortByBase(a: Array<ShieldedSeg | null>, n: number): void {
  for (let start = (n >>> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = a[0]!;
    a[0] = a[end]!;
    a[end] = t;
    siftDown(a, 0, end);
  }
}

function siftDown(a: Array<ShieldedSeg | null>, root: number, n: number): void {
  for (;;) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child + 1]!.base > a[child]!.base) child++;
    if (a[child]!.base <= a[root]!.base) return;
    const t = a[root]!;
    a[root] = a[child]!;
    a[child] = t;
    root = child;
  }
}
