/**
 * The MRG segment (design.mps.poolmrg `.mrgseg`): the reference parts of a
 * segment's guardians, one word each, in a segment of rank FINAL in the
 * arena; their link parts (state, free list, prepared message) in a JS-side
 * {@link MRGLinkPart}; and the scan that finds finalizable objects.
 * See docs/design/pool-mrg.md `.impl.seg`, `.impl.scan`.
 * .critical: scanMethod (once per collection that greys the segment).
 */

import {
  type Addr, type ScanState, type Size, type WriteStream,
  COOL, MpsError, Rank, SIG_INVALID, ZONE_SET_EMPTY, aver, checkL, checkS, defineSig, describeLine, rankSetSingle,
} from "@mps/mpm";
import { GCSeg, type Pool, type SegOpts } from "@mps/arena";
import type { FinalizationMessage } from "./message.js";

/**
 * The signature of a live {@link MRGRefSeg} (the MPS's `MRGRefSegSig`).
 * @public
 */
export const SIG_MRG_REF_SEG = defineSig("MRGRefSeg", 0x51936965);

/**
 * The states of a guardian (design.mps.poolmrg `.guardian.state`).
 * @public
 */
export const GuardianState = Object.freeze({
  /** On the free list; its reference part is 0. */
  FREE: 1,
  /** Registered: refers to an object not yet found finalizable (the "entry" list). */
  PREFINAL: 2,
  /** Its object was found finalizable: its message is posted or held by the client. */
  FINAL: 3,
  /** Its message was just deleted; it becomes FREE at once (a checking state). */
  POSTFINAL: 4,
} as const);

/**
 * One of the {@link (GuardianState:variable)} values.
 * @public
 */
export type GuardianState = (typeof GuardianState)[keyof typeof GuardianState];

/**
 * What an MRG segment needs from its pool; `MRGPool` implements it.
 * @public
 */
export interface MRGSegPool extends Pool {
  /** Guardians per segment: the segment's size over the word size. */
  readonly guardiansPerSeg: number;
  /** Called by a segment's scan when a guardian's object is found finalizable. */
  guardianFinalized(seg: MRGRefSeg, i: number): void;
}

/**
 * The link parts of a segment's guardians (design.mps.poolmrg
 * `.guardian.two-part`): what the pool needs to manage them, kept apart from
 * the reference parts, which live in protectable arena memory. The MPS puts
 * these in a link segment of its own; here the JS heap is the control pool
 * (docs/design/pool-mrg.md `.impl.link`).
 * @public
 */
export class MRGLinkPart {
  /** The state of each guardian. */
  readonly state: Uint8Array;
  /** The next free guardian of each free one, -1 at the end (the free list). */
  readonly freeNext: Int32Array;
  /** The first free guardian, or -1. */
  freeHead = -1;
  /** Guardians in the FREE state. */
  freeCount = 0;
  /** Guardians in the PREFINAL state. */
  prefinalCount = 0;
  /** Guardians in the FINAL state. */
  finalCount = 0;
  /** The message of each guardian that is PREFINAL (prepared) or FINAL (posted or got). */
  readonly messages: (FinalizationMessage | undefined)[];

  /** `n` guardians, all free, the lowest first on the free list. */
  constructor(n: number) {
    this.state = new Uint8Array(n).fill(GuardianState.FREE);
    this.freeNext = new Int32Array(n);
    for (let i = 0; i < n; i++) this.freeNext[i] = i + 1 < n ? i + 1 : -1;
    this.freeHead = n > 0 ? 0 : -1;
    this.freeCount = n;
    this.messages = new Array<FinalizationMessage | undefined>(n).fill(undefined);
  }

  /** Take the first free guardian off the free list (`.alloc.pop`); -1 if none. */
  pop(): number {
    const i = this.freeHead;
    if (i < 0) return -1;
    this.freeHead = this.freeNext[i]!;
    this.freeNext[i] = -1;
    this.freeCount--;
    return i;
  }

  /** Put guardian `i` back on the free list. */
  push(i: number): void {
    this.state[i] = GuardianState.FREE;
    this.messages[i] = undefined;
    this.freeNext[i] = this.freeHead;
    this.freeHead = i;
    this.freeCount++;
  }
}

/**
 * A segment of guardians' reference parts (the MPS's `MRGRefSeg`): word `i`
 * is the final reference of guardian `i`; its link part is `link`'s entry `i`.
 *
 * @remarks
 * The segment has rank FINAL and belongs to a pool that is scannable but not
 * collected: the tracer greys it like a root when its summary meets the
 * condemned zones, and scans it in the final band, after everything ambiguous
 * and exact. Free guardians are not scanned.
 * @public
 */
export class MRGRefSeg extends GCSeg {
  /** {@link SIG_MRG_REF_SEG} while live. */
  mrgSig: number = SIG_INVALID;
  /** The pool, as an MRG pool. */
  readonly mrg: MRGSegPool;
  /** The number of guardians. */
  readonly guardians: number;
  /** The guardians' link parts. */
  readonly link: MRGLinkPart;

  /** `MRGRefSegInit`: every guardian free, rank FINAL, empty summary. Made by the pool through `segAlloc`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.mrg = pool as MRGSegPool;
    this.guardians = size >>> 2;
    this.link = new MRGLinkPart(this.guardians);
    // `.free.overwrite`: a free guardian's reference part is 0 (grains may come back dirty).
    this.pool.arena.mem.u32.fill(0, base >>> 2, (base + size) >>> 2);
    this.setRankSummary(rankSetSingle(Rank.FINAL), ZONE_SET_EMPTY);
    this.mrgSig = SIG_MRG_REF_SEG;
  }

  /** The address of guardian `i`'s reference part. */
  refAddr(i: number): Addr {
    return this.base + (i << 2);
  }

  /**
   * Read guardian `i`'s reference through the read barrier (`MRGRefPartRef`,
   * the MPS's `ArenaRead`): if the segment is grey for a flipped trace the
   * collector fixes it first, so the reference returned is current.
   */
  readRef(i: number): Addr {
    return this.pool.arena.loadRef(this.refAddr(i));
  }

  /**
   * Write guardian `i`'s reference (`MRGRefPartSetRef`, the MPS's
   * `ArenaWrite`): the word is written, then its zone is added to the
   * summary, so that the next collection condemning that zone greys the
   * segment (the write barrier would otherwise never hear of this store).
   */
  writeRef(i: number, ref: Addr): void {
    this.pool.arena.mem.u32[this.refAddr(i) >>> 2] = ref;
    if (ref !== 0) {
      const zone = (ref >>> this.pool.arena.zoneShift) & 31;
      const s = this.summary;
      if (((s >>> zone) & 1) === 0) this.setSummary((s | (1 << zone)) >>> 0);
    }
  }

  // ----- the collector's protocol ------------------------------------------

  /**
   * `mrgRefSegScan`: fix the reference of every guardian that is not free.
   * At rank FINAL, a PREFINAL guardian whose object the fix preserved for the
   * first time (`ss.wasMarked` false) refers to an object reachable only
   * through final references: the pool finalizes it. FINAL guardians are
   * fixed too, so their objects stay alive (and their references follow
   * them) until their messages are discarded.
   * @remarks Critical path (per collection that greys the segment); allocates nothing.
   */
  protected override scanMethod(ss: ScanState): boolean {
    const u32 = this.pool.arena.mem.u32;
    const state = this.link.state;
    const final = ss.rank === Rank.FINAL;
    const w0 = this.base >>> 2;
    const shift = ss.zoneShift;
    const white = ss.white;
    let unfixed = 0;
    for (let i = 0; i < this.guardians; i++) {
      if (state[i] === GuardianState.FREE) continue;
      const ref = u32[w0 + i]!;
      if (ref === 0) continue;
      // MPS_FIX1 inline: only a reference into a white zone can need fixing.
      const zone = (ref >>> shift) & 31;
      unfixed |= 1 << zone;
      if (((white >>> zone) & 1) === 0) continue;
      const nu = ss.fix2(ref);
      // fix2 may copy, so allocate, so grow the memory: write through a fresh view.
      if (nu !== ref) this.pool.arena.mem.u32[w0 + i] = nu;
      if (final && !ss.wasMarked && state[i] === GuardianState.PREFINAL) this.mrg.guardianFinalized(this, i);
    }
    ss.unfixedSummary = (ss.unfixedSummary | unfixed) >>> 0;
    return true;
  }

  /**
   * A read barrier hit on a guardian word fixes that word alone
   * (`.impl.single-access`): reading one message's reference mid-collection
   * then preserves that one object, not every registered one.
   */
  override singleAccess(_addr: Addr): boolean {
    return true;
  }

  /** MRG segments are not split (`SegClassMixInNoSplitMerge`). Throws `UNIMPL`. */
  protected override splitMethod(_hi: GCSeg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", "MRGRefSeg: segments of MRG pools are not split");
  }

  /** MRG segments are not merged (`SegClassMixInNoSplitMerge`). Throws `UNIMPL`. */
  protected override mergeMethod(_hi: GCSeg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", "MRGRefSeg: segments of MRG pools are not merged");
  }

  /** `mrgRefSegFinish`. */
  protected override finishMethod(): void {
    this.mrgSig = SIG_INVALID;
    super.finishMethod();
  }

  /**
   * `MRGRefSegCheck`: the counts add up; free guardians have 0 references
   * and are on the free list; live ones have messages (at cool).
   */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.mrgSig }, SIG_MRG_REF_SEG, "MRGRefSeg");
    const l = this.link;
    checkL(this.guardians === this.size() >>> 2 && this.guardians === this.mrg.guardiansPerSeg, "MRGRefSeg: a guardian per word");
    checkL(this.rankSet === rankSetSingle(Rank.FINAL), "MRGRefSeg: rank FINAL");
    checkL(this.white === 0, "MRGRefSeg: never condemned");
    checkL(l.freeCount + l.prefinalCount + l.finalCount === this.guardians, "MRGRefSeg: the guardian counts add up");
    if (COOL) {
      const u32 = this.pool.arena.mem.u32;
      let free = 0;
      let pre = 0;
      let fin = 0;
      for (let i = 0; i < this.guardians; i++) {
        const s = l.state[i];
        if (s === GuardianState.FREE) {
          free++;
          checkL(u32[(this.base >>> 2) + i] === 0 && l.messages[i] === undefined, "MRGRefSeg: a free guardian has no reference and no message");
        } else {
          checkL(s === GuardianState.PREFINAL || s === GuardianState.FINAL, "MRGRefSeg: a guardian is free, prefinal or final outside its message's deletion");
          checkL(l.messages[i] !== undefined, "MRGRefSeg: a live guardian has its message");
          if (s === GuardianState.PREFINAL) pre++;
          else fin++;
        }
      }
      let onList = 0;
      for (let i = l.freeHead; i >= 0 && onList <= this.guardians; i = l.freeNext[i]!) {
        checkL(l.state[i] === GuardianState.FREE, "MRGRefSeg: only free guardians are on the free list");
        onList++;
      }
      checkL(free === l.freeCount && pre === l.prefinalCount && fin === l.finalCount && onList === free, "MRGRefSeg: the counts match the states and the free list");
    }
    return true;
  }

  /** The counts, then each live guardian: index, state and reference. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    const l = this.link;
    describeLine(stream, depth, `guardians ${this.guardians} free ${l.freeCount} prefinal ${l.prefinalCount} final ${l.finalCount}`);
    const u32 = this.pool.arena.mem.u32;
    for (let i = 0; i < this.guardians; i++) {
      const s = l.state[i];
      if (s === GuardianState.FREE) continue;
      // The raw word: describing must not run the collector through the barrier.
      const ref = u32[(this.base >>> 2) + i]!;
      describeLine(stream, depth, `${i}: ${s === GuardianState.PREFINAL ? "prefinal" : "final"} ref 0x${ref.toString(16)}`);
    }
  }
}

/** Assert that guardian `i` of `seg` is in `state` (internal consistency). */
export function averGuardian(seg: MRGRefSeg, i: number, state: GuardianState, what: string): void {
  aver(seg.mrgSig === SIG_MRG_REF_SEG && i >= 0 && i < seg.guardians && seg.link.state[i] === state, what);
}
