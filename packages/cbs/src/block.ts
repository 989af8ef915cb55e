/**
 * CBS blocks (design.mps.cbs `.impl.cbs.block`) and where they come from: the
 * block pool interface with its budget (`.impl.low-mem`), and a store that
 * recycles blocks. See docs/design/cbs.md `.def.block`, `.if.pool`, `.if.store`.
 * .critical: CBSBlockStore.alloc, CBSBlockStore.free (per new or vanished range).
 */

import { type Addr, type Size, type ZoneSet, type WriteStream, checkL, describeLine, paramError } from "@mps/mpm";
import { Tree } from "@mps/splay";

/**
 * The record of one isolated range in a CBS: a splay tree node holding the
 * range [base, limit) and the summaries of the subtree under it.
 * @public
 */
export class CBSBlock extends Tree {
  /** The first address of the range. */
  base: Addr = 0;
  /** The first address after the range. */
  limit: Addr = 0;
  /** The size of the largest range in the subtree (CBSFast and CBSZoned only). */
  maxSize: Size = 0;
  /** The union of the zones of the ranges in the subtree (CBSZoned only). */
  zones: ZoneSet = 0;
}

/**
 * Where a CBS gets its blocks, as the MPS's CBS gets them from an MFS pool
 * (`CBSBlockPool`). A pool may be shared by several CBSs.
 * @public
 */
export interface CBSBlockPool {
  /**
   * Return a block that is a leaf (no children), or null if the pool's budget
   * is exhausted. May instead throw an `MpsError` with code `RESOURCE`. Called
   * by the CBS before it changes anything, so a failure leaves it unchanged.
   */
  alloc(): CBSBlock | null;
  /** Take back a block the CBS no longer uses (it is a leaf, out of every tree). */
  free(block: CBSBlock): void;
}

/**
 * Options of a {@link CBSBlockStore}.
 * @public
 */
export interface CBSBlockStoreOpts {
  /**
   * The most blocks that may be in use (allocated and not yet freed) at once.
   * A non-negative integer or `Infinity`.
   * @defaultValue Infinity
   */
  limit?: number;
}

function checkLimit(limit: number): void {
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    paramError(`CBSBlockStore: limit must be a non-negative integer or Infinity, not ${limit}`);
  }
}

/**
 * A {@link CBSBlockPool} with a budget: it hands out at most `limit` blocks
 * at a time and keeps freed blocks for reuse, so that a CBS in a steady state
 * allocates no JS objects. It plays the part of the MPS's MFS pool of CBS
 * blocks, and of its `MFSExtendSelf` false setting when a limit is set.
 * @public
 */
export class CBSBlockStore implements CBSBlockPool {
  private budget: number;
  private used = 0;
  private made = 0;
  private readonly spare: CBSBlock[] = [];

  /** Make a store. Throws `PARAM` if `opts.limit` is not a count or `Infinity`. */
  constructor(opts: CBSBlockStoreOpts = {}) {
    const limit = opts.limit ?? Infinity;
    checkLimit(limit);
    this.budget = limit;
  }

  /**
   * The most blocks that may be in use at once. May be changed at any time
   * (to simulate memory running out and coming back); lowering it below
   * {@link CBSBlockStore.inUse} only stops further allocation.
   * Throws `PARAM` if set to something other than a count or `Infinity`.
   */
  get limit(): number {
    return this.budget;
  }
  set limit(limit: number) {
    checkLimit(limit);
    this.budget = limit;
  }

  /** Blocks allocated and not yet freed. */
  get inUse(): number {
    return this.used;
  }

  /** Freed blocks kept for reuse. */
  get spareCount(): number {
    return this.spare.length;
  }

  /** Blocks ever created (in use plus spare). */
  get created(): number {
    return this.made;
  }

  /**
   * A leaf block, recycled if possible, or null if {@link CBSBlockStore.limit}
   * blocks are already in use.
   * @remarks Critical path: allocates only when no spare block is left.
   */
  alloc(): CBSBlock | null {
    if (this.used >= this.budget) return null;
    this.used++;
    const block = this.spare.pop();
    if (block !== undefined) return block;
    this.made++;
    return new CBSBlock();
  }

  /**
   * Take back a block and keep it for reuse.
   * @remarks Critical path: allocates nothing (beyond growing the spare stack).
   */
  free(block: CBSBlock): void {
    if (this.used <= 0) paramError("CBSBlockStore.free: no block is in use");
    block.left = null;
    block.right = null;
    block.base = 0;
    block.limit = 0;
    block.maxSize = 0;
    block.zones = 0;
    this.used--;
    this.spare.push(block);
  }

  /** Check the counts. Returns true or reports through the assertion handler. */
  check(): boolean {
    checkL(this.budget === Infinity || (Number.isInteger(this.budget) && this.budget >= 0), "CBSBlockStore.limit is a count");
    checkL(Number.isInteger(this.used) && this.used >= 0, "CBSBlockStore.inUse is a count");
    checkL(this.used + this.spare.length === this.made, "CBSBlockStore: every block created is in use or spare");
    return true;
  }

  /** Write the counts. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `CBSBlockStore { limit ${this.budget}, inUse ${this.used}, spare ${this.spare.length} }`);
  }
}
