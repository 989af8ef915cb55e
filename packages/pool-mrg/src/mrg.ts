/**
 * The MRG (Manual Rank Guardian) pool class (design.mps.poolmrg): the
 * arena's finalization pool. Guardians hold one final reference each, are
 * allocated by `arena.finalize`, found finalizable by the segment scan
 * (mrg-seg.ts), and freed when their finalization message is deleted.
 * See docs/design/pool-mrg.md.
 * .critical: none here (the per-collection work is MRGRefSeg.scanMethod).
 */

import {
  type Addr, type Size, type WriteStream,
  Rank, SIG_INVALID, aver, checkL, checkS, defineSig, describeLine, paramError, rankSetSingle,
} from "@mps/mpm";
import { type Arena, LocusPref, Pool, type PoolOpts, definePoolAttrs, segAlloc } from "@mps/arena";
import { FinalizationMessage } from "./message.js";
import { GuardianState, MRGRefSeg, type MRGSegPool, averGuardian } from "./mrg-seg.js";

/**
 * The signature of a live MRG pool's class part (the MPS's `MRGSig`).
 * @public
 */
export const SIG_MRG = defineSig("MRG", 0x519369b0);

/**
 * The MRG pool class: the guardians behind `arena.finalize`,
 * `arena.definalize` and finalization messages.
 *
 * @remarks
 * Internal to the MPS, as in the MPS: the arena makes its one MRG pool
 * lazily, through the pool class registry (`poolClassLookup("MRG")`), on
 * the first `finalize`, and destroys it itself when it is destroyed. The
 * umbrella `@mps/mps` registers the class; it is not in its `PoolClass`.
 *
 * Each segment holds the reference parts of as many guardians as it has
 * words (a grain's worth, the MPS's `extendBy`); their link parts live in
 * JS ({@link MRGLinkPart}). The pool is scannable (rank FINAL) but not
 * collected: the tracer greys its segments like roots and never condemns
 * them. `pool.alloc`, `pool.free` and allocation points are not supported.
 * @public
 */
export class MRGPool extends Pool implements MRGSegPool {
  /** The class's name: the arena finds the class by it. */
  static readonly className: string = "MRG";
  /** Scannable at rank FINAL; not collected, not buffered, no format. */
  static readonly attrs = definePoolAttrs({ scannable: true, ranks: rankSetSingle(Rank.FINAL) });

  /** {@link SIG_MRG} while live (the Pool's own `sig` is the pool signature). */
  mrgSig: number = SIG_INVALID;
  /** The size of each segment, in bytes: one arena grain (`.poolstruct.extend`). */
  readonly extendBy: Size;
  /** Guardians per segment (one per word). */
  readonly guardiansPerSeg: number;
  private readonly pref = new LocusPref();

  /** `MRGInit`. MRG takes no options; a format is refused (`PARAM`). */
  constructor(arena: Arena, opts: PoolOpts = {}) {
    super(arena, opts);
    this.extendBy = arena.grainSize;
    this.guardiansPerSeg = this.extendBy >>> 2;
    this.mrgSig = SIG_MRG;
  }

  // ----- registration ----------------------------------------------------------

  /**
   * `MRGRegister`: take a free guardian (making a segment of them if there
   * is none, `.alloc.grow`) and make it refer to `ref`, PREFINAL, with its
   * message prepared. Throws `PARAM` for a null or non-integer reference, and
   * what the arena throws when it cannot give a segment (nothing changes then).
   */
  register(ref: Addr): void {
    this.checkLive("MRG.register");
    if (!(Number.isInteger(ref) && ref > 0 && ref < 2 ** 32)) paramError(`MRG.register: not a reference: ${String(ref)}`);
    let seg: MRGRefSeg | undefined;
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      if ((n.owner as MRGRefSeg).link.freeCount > 0) {
        seg = n.owner as MRGRefSeg;
        break;
      }
    }
    if (seg === undefined) seg = segAlloc(MRGRefSeg, this.pref, this.extendBy, this, {});
    const link = seg.link;
    const i = link.pop();
    aver(i >= 0, "MRG.register: the segment has a free guardian");
    link.state[i] = GuardianState.PREFINAL;
    link.prefinalCount++;
    link.messages[i] = new FinalizationMessage(this.arena.messages, this, seg, i);
    seg.writeRef(i, ref);
  }

  /**
   * `MRGDeregister`: free one PREFINAL guardian that refers to `ref`, and
   * return true; return false if there is none (guardians whose objects were
   * already finalized are not candidates, as in the MPS).
   */
  deregister(ref: Addr): boolean {
    this.checkLive("MRG.deregister");
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const seg = n.owner as MRGRefSeg;
      const link = seg.link;
      if (link.prefinalCount === 0) continue;
      for (let i = 0; i < seg.guardians; i++) {
        if (link.state[i] === GuardianState.PREFINAL && seg.readRef(i) === ref) {
          // The prepared message was never posted: it is simply dropped.
          link.prefinalCount--;
          seg.writeRef(i, 0);
          link.push(i);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * `MRGFinalize`: guardian `i` of `seg` refers to a finalizable object:
   * it becomes FINAL and its message is posted (and deleted at once, freeing
   * the guardian, if the client has not enabled finalization messages).
   */
  guardianFinalized(seg: MRGRefSeg, i: number): void {
    averGuardian(seg, i, GuardianState.PREFINAL, "MRG.guardianFinalized: the guardian is prefinal");
    const link = seg.link;
    link.state[i] = GuardianState.FINAL;
    link.prefinalCount--;
    link.finalCount++;
    this.arena.messages.post(link.messages[i]!);
  }

  /** `MRGMessageDelete`: guardian `i` of `seg` goes FINAL, POSTFINAL, FREE (`.guardian.life-cycle`). */
  guardianMessageDeleted(seg: MRGRefSeg, i: number): void {
    averGuardian(seg, i, GuardianState.FINAL, "MRG.guardianMessageDeleted: the guardian is final");
    const link = seg.link;
    link.state[i] = GuardianState.POSTFINAL;
    link.finalCount--;
    seg.writeRef(i, 0);
    link.push(i);
  }

  /** Guardians registered and not yet found finalizable (PREFINAL). */
  prefinalCount(): number {
    let n = 0;
    for (let r = this.segRing.next; r !== this.segRing; r = r.next) n += (r.owner as MRGRefSeg).link.prefinalCount;
    return n;
  }

  /** Guardians whose messages are posted or held by the client (FINAL). */
  finalCount(): number {
    let n = 0;
    for (let r = this.segRing.next; r !== this.segRing; r = r.next) n += (r.owner as MRGRefSeg).link.finalCount;
    return n;
  }

  // ----- the pool protocol -------------------------------------------------------

  /** The bytes of the guardian segments. */
  protected override totalSizeMethod(): Size {
    let n = 0;
    for (let r = this.segRing.next; r !== this.segRing; r = r.next) n += (r.owner as MRGRefSeg).size();
    return n;
  }

  /** The bytes of free guardians' reference parts. */
  protected override freeSizeMethod(): Size {
    let n = 0;
    for (let r = this.segRing.next; r !== this.segRing; r = r.next) n += (r.owner as MRGRefSeg).link.freeCount << 2;
    return n;
  }

  /**
   * `MRGFinish`: the segments go back to the arena (the generic destroy
   * frees them). The arena empties its message queue first, so no FINAL
   * guardian's message is still queued (`.finish.no-final`); messages the
   * client got and never discarded become unusable with the arena.
   */
  protected override finishMethod(): void {
    this.mrgSig = SIG_INVALID;
  }

  /** `MRGCheck`. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.mrgSig }, SIG_MRG, "MRG");
    checkL(this.extendBy === this.arena.grainSize && this.guardiansPerSeg === this.extendBy >>> 2, "MRG: a grain of guardians per segment");
    checkL(this.format === undefined && this.bufferRing.isSingle(), "MRG: no format, no buffers");
    for (let r = this.segRing.next; r !== this.segRing; r = r.next) {
      const seg = r.owner as MRGRefSeg;
      checkL(seg instanceof MRGRefSeg, "MRG: every segment is an MRG segment");
      seg.check();
    }
    return true;
  }

  /** `MRGDescribe`: the segment size and the counts; the segments follow with their guardians. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `MRG extendBy ${this.extendBy} prefinal ${this.prefinalCount()} final ${this.finalCount()}`);
  }
}
