/**
 * Location dependency (design.mps.arena .ld, `ld.c`): the arena's history of
 * which zones may have held objects that moved, and the client's LD objects
 * that ask whether anything they depended on may have moved since.
 * See docs/design/arena-services.md `.ld`.
 * .critical: LD.add, LD.isStale, LD.isStaleAny (called by address-hashing tables).
 */

import {
  type Addr, type Inst, type RefSet, type WriteStream,
  CHECKING, SIG_INVALID, aver, checkL, checkS, defineSig, describeLine, paramError,
  zoneSetDescribe, zoneSetSub,
} from "@mps/mpm";

/**
 * The signature of a live {@link History} (the MPS's `HistorySig`).
 * @public
 */
export const SIG_HISTORY = defineSig("History", 0x51981520);

/**
 * The signature of a live {@link LD}.
 * @public
 */
export const SIG_LD = defineSig("LD", 0x519111d0);

/**
 * How many recent epochs the history remembers separately
 * (the MPS's `LDHistoryLENGTH`). Dependencies older than this are judged
 * against everything that ever moved.
 * @public
 */
export const LD_HISTORY_LENGTH = 4;

/**
 * The arena's record of movement, for location dependencies
 * (design.mps.arena .impl.ld).
 *
 * @remarks
 * `epoch` counts the flips at which objects may have moved. For each of the
 * last {@link LD_HISTORY_LENGTH} epochs `e`, slot `e % LD_HISTORY_LENGTH`
 * holds the zones of everything that moved since epoch `e`; `prehistory`
 * holds the zones of everything that ever moved. The collector calls
 * {@link History.age} at each flip that may move objects. Each slot is a
 * subset of the next older one, and the oldest is a subset of the
 * prehistory (checked by {@link History.check}).
 *
 * The arena owns one History, made when the arena is made and finished when
 * it is destroyed.
 * @public
 */
export class History implements Inst {
  /** The signature: {@link SIG_HISTORY} while live. */
  sig: number;
  /** The current epoch: the number of flips that may have moved objects. */
  epoch: number;
  /** The zones of everything that ever moved. */
  prehistory: RefSet;
  /** The ring of recent moved-zone sets, indexed by epoch modulo the length. */
  readonly history: Uint32Array;

  /** A history at epoch 0 in which nothing has moved (`HistoryInit`). */
  constructor() {
    this.epoch = 0;
    this.prehistory = 0;
    this.history = new Uint32Array(LD_HISTORY_LENGTH);
    this.sig = SIG_HISTORY;
  }

  /**
   * Record that objects in the zones `moved` may have moved, and advance the
   * epoch (`LDAge`). Called by the collector at a flip, atomically with
   * respect to the mutator. `moved` must not be empty.
   */
  age(moved: RefSet): void {
    this.assertLive("History.age");
    aver(moved !== 0, "History.age: the moved set must not be empty");
    const rs = moved >>> 0;
    const h = this.history;
    // The slot of the epoch that falls out of the window becomes the set of
    // what moves from now on; every remembered set gains what just moved.
    h[this.epoch % LD_HISTORY_LENGTH] = 0;
    for (let i = 0; i < LD_HISTORY_LENGTH; i++) h[i] = (h[i]! | rs) >>> 0;
    this.prehistory = (this.prehistory | rs) >>> 0;
    this.epoch += 1;
  }

  /**
   * The zones that may have moved since `epoch` (which must not be later than
   * the current epoch): empty for the current epoch, the remembered set for
   * a recent one, the prehistory for an older one.
   */
  movedSince(epoch: number): RefSet {
    if (epoch === this.epoch) return 0;
    if (this.epoch - epoch > LD_HISTORY_LENGTH) return this.prehistory;
    return this.history[epoch % LD_HISTORY_LENGTH]!;
  }

  /** Finish the history (`HistoryFinish`): later use fails its signature check. */
  finish(): void {
    this.assertLive("History.finish");
    this.sig = SIG_INVALID;
  }

  /** Check the history (`HistoryCheck`): each remembered set is a subset of the next older one, the oldest of the prehistory. */
  check(): boolean {
    checkS(this, SIG_HISTORY, "History");
    checkL(Number.isSafeInteger(this.epoch) && this.epoch >= 0, "History: epoch is a count");
    checkL(this.history.length === LD_HISTORY_LENGTH, "History: ring length");
    let rs = 0;
    for (let age = 1; age <= LD_HISTORY_LENGTH; age++) {
      const j = (this.epoch + LD_HISTORY_LENGTH - age) % LD_HISTORY_LENGTH;
      const slot = this.history[j]!;
      checkL(zoneSetSub(rs, slot), "History: each remembered set is within the next older one");
      rs = slot;
    }
    checkL(zoneSetSub(rs, this.prehistory), "History: the oldest remembered set is within the prehistory");
    return true;
  }

  /** Describe the history: epoch, prehistory and the raw ring slots. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_HISTORY) {
      describeLine(stream, depth, "History (finished)");
      return;
    }
    describeLine(stream, depth, "History {");
    describeLine(stream, depth + 2, `epoch ${this.epoch}`);
    describeLine(stream, depth + 2, `prehistory ${zoneSetDescribe(this.prehistory)}`);
    for (let i = 0; i < LD_HISTORY_LENGTH; i++) {
      describeLine(stream, depth + 2, `[${i}] ${zoneSetDescribe(this.history[i]!)}`);
    }
    describeLine(stream, depth, "}");
  }

  private assertLive(where: string): void {
    if (CHECKING && this.sig !== SIG_HISTORY) paramError(`${where}: the history is finished (its arena was destroyed)`);
  }
}

/**
 * What an {@link LD} needs from its arena: the history and the zone shift.
 * The Arena implements this.
 * @public
 */
export interface LDArena {
  /** The arena's movement history. */
  readonly history: History;
  /** The arena's zone shift: the zone of `a` is `(a >>> zoneShift) & 31`. */
  readonly zoneShift: number;
}

/**
 * A location dependency (`mps_ld_s`): a record that the client has used the
 * bit patterns of some references (for example to hash them), so that it
 * can ask whether any of them may since have changed because an object
 * moved.
 *
 * @remarks
 * An LD holds the epoch at which it was reset and the set of zones of the
 * addresses added since. `isStale` answers true whenever one of those zones
 * may have held an object that moved since that epoch, and may also answer
 * true when nothing depended on moved (it never gives a false negative).
 * Right after `reset` it answers false until the next flip.
 *
 * `add`, `isStale` and `isStaleAny` allocate nothing. An LD belongs to the
 * arena it was made for; using it after that arena is destroyed throws
 * `PARAM`.
 * @public
 */
export class LD implements Inst {
  /** The signature: {@link SIG_LD}. */
  sig: number;
  /** The arena the LD belongs to. */
  readonly arena: LDArena;
  /** The epoch at which the LD was reset (or the earliest merged into it). */
  epoch: number;
  /** The zones of the addresses added since then. */
  rs: RefSet;
  private readonly hist: History;

  /**
   * A new location dependency for `arena`, already reset (`mps_ld_reset`).
   * The arena's `createLd()` calls this.
   */
  constructor(arena: LDArena) {
    if (CHECKING) {
      if (arena == null || !(arena.history instanceof History)) paramError("LD: arena must have a History");
      if (!Number.isInteger(arena.zoneShift) || arena.zoneShift < 0 || arena.zoneShift > 27) {
        paramError(`LD: the arena's zoneShift must be an integer in [0, 27], not ${String(arena.zoneShift)}`);
      }
    }
    this.arena = arena;
    this.hist = arena.history;
    this.epoch = 0;
    this.rs = 0;
    this.sig = SIG_LD;
    this.reset();
  }

  /**
   * Forget every dependency (`mps_ld_reset`): afterwards `isStale` is false
   * until the next flip that moves objects.
   */
  reset(): void {
    this.assertLive("LD.reset");
    this.epoch = this.hist.epoch;
    this.rs = 0;
  }

  /**
   * Record a dependency on the location of the block at `addr`
   * (`mps_ld_add`). Call it *before* using the address's bits.
   *
   * @remarks Critical path: allocates nothing. Like the MPS, it does not
   * check that `addr` belongs to the arena or is aligned; it throws `PARAM`
   * only if `addr` is not a u32.
   */
  add(addr: Addr): void {
    if (CHECKING) {
      this.assertLive("LD.add");
      if (addr >>> 0 !== addr) paramError(`LD.add: address must be an integer in [0, 2^32), not ${String(addr)}`);
    }
    this.rs = (this.rs | (1 << ((addr >>> this.arena.zoneShift) & 31))) >>> 0;
  }

  /**
   * Add every dependency of `from` to this LD (`mps_ld_merge`): the result
   * is stale whenever either was. Both must belong to the same arena.
   */
  merge(from: LD): void {
    this.assertLive("LD.merge");
    if (CHECKING) {
      if (!(from instanceof LD) || from.sig !== SIG_LD) paramError("LD.merge: from must be a live LD");
      if (from.arena !== this.arena) paramError("LD.merge: from belongs to another arena");
    }
    if (from.epoch < this.epoch) this.epoch = from.epoch;
    this.rs = (this.rs | from.rs) >>> 0;
  }

  /**
   * May any dependency recorded in this LD be stale (`mps_ld_isstale_any`)?
   *
   * @remarks Critical path: allocates nothing.
   */
  isStaleAny(): boolean {
    if (CHECKING) this.assertLive("LD.isStaleAny");
    const h = this.hist;
    if (h.epoch === this.epoch) return false;
    // Read the remembered set first, then decide whether it is recent
    // enough; if not, fall back to the prehistory (ld.c .stale.recent.conservative).
    let moved = h.history[this.epoch % LD_HISTORY_LENGTH]!;
    if (h.epoch - this.epoch > LD_HISTORY_LENGTH) moved = h.prehistory;
    return (this.rs & moved) !== 0;
  }

  /**
   * May the dependency on the block at `addr` be stale (`mps_ld_isstale`)?
   *
   * @remarks
   * Answers as {@link LD.isStaleAny}, ignoring `addr`, as the MPS does: the
   * client passes the block's *current* address, and after a move that
   * address may lie in a zone that never moved, while the zone it was added
   * from did. Only the LD's own zone set can say which zones were depended
   * on. Critical path: allocates nothing.
   */
  isStale(addr: Addr): boolean {
    if (CHECKING && addr >>> 0 !== addr) paramError(`LD.isStale: address must be an integer in [0, 2^32), not ${String(addr)}`);
    return this.isStaleAny();
  }

  /** Check the LD: its epoch is not later than its arena's. */
  check(): boolean {
    checkS(this, SIG_LD, "LD");
    checkS(this.hist, SIG_HISTORY, "LD: history");
    checkL(Number.isSafeInteger(this.epoch) && this.epoch >= 0 && this.epoch <= this.hist.epoch, "LD: epoch not later than the history's");
    checkL(this.rs >>> 0 === this.rs, "LD: rs is a zone set");
    return true;
  }

  /** Describe the LD: its epoch and zone set. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `LD { epoch ${this.epoch} rs ${zoneSetDescribe(this.rs)} }`);
  }

  private assertLive(where: string): void {
    if (!CHECKING) return;
    if (this.sig !== SIG_LD) paramError(`${where}: not a live LD`);
    if (this.hist.sig !== SIG_HISTORY) paramError(`${where}: the LD's arena was destroyed`);
    if (this.epoch > this.hist.epoch) paramError(`${where}: the LD's epoch is later than its arena's`);
  }
}
