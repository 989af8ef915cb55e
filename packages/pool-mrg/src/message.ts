/**
 * The finalization message (design.mps.poolmrg `.over.message`): the message
 * class of the MRG pool, one per registration, prepared when the object is
 * registered and posted when it is found finalizable.
 * See docs/design/pool-mrg.md `.impl.message`.
 * .critical: none (one message per finalization).
 */

import { type Addr, SIG_INVALID, aver } from "@mps/mpm";
import { Message, type MessageQueue, MessageType } from "@mps/arena";
import { GuardianState, type MRGRefSeg } from "./mrg-seg.js";

/**
 * What a finalization message needs from its pool: to free its guardian
 * when the message is deleted.
 * @public
 */
export interface FinalizationMessagePool {
  /** Is the pool live (not destroyed)? */
  readonly sig: number;
  /** The message of guardian `i` of `seg` was deleted: free the guardian (`MRGMessageDelete`). */
  guardianMessageDeleted(seg: MRGRefSeg, i: number): void;
}

/**
 * A message of type `FINALIZATION` (the MPS's `MRGMessageClass`): an object
 * registered with `arena.finalize` was found finalizable.
 *
 * @remarks
 * `finalizationRef()` reads the guardian's reference through the read
 * barrier, so it is current even if the object moved; the guardian keeps
 * the object alive until the message is discarded, which frees the guardian.
 * Finalization messages are not clocked (`clock` is 0).
 * @public
 */
export class FinalizationMessage extends Message {
  /** The segment of the guardian. */
  readonly seg: MRGRefSeg;
  /** The guardian's index in its segment. */
  readonly index: number;
  /** The pool, to free the guardian on deletion. */
  private readonly owner: FinalizationMessagePool;

  /** The message of guardian `index` of `seg`, made when it is registered so that posting it later cannot fail. */
  constructor(queue: MessageQueue, owner: FinalizationMessagePool, seg: MRGRefSeg, index: number) {
    super(queue, MessageType.FINALIZATION);
    this.owner = owner;
    this.seg = seg;
    this.index = index;
  }

  /** @internal `MRGMessageFinalizationRef`: the guardian's current reference. */
  protected override finalizationRefMethod(): Addr {
    aver(this.seg.link.state[this.index] === GuardianState.FINAL && this.seg.link.messages[this.index] === this, "FinalizationMessage: the guardian is final and this is its message");
    return this.seg.readRef(this.index);
  }

  /**
   * @internal `MRGMessageDelete`: the guardian goes through POSTFINAL to
   * FREE. Nothing happens when the pool is gone (an arena destroyed while the
   * client still held the message).
   */
  protected override deleteMethod(): void {
    if (this.owner.sig === SIG_INVALID || this.seg.mrgSig === SIG_INVALID) return;
    this.owner.guardianMessageDeleted(this.seg, this.index);
  }
}
