/**
 * The coalescing block structure (design.mps.cbs): a Land of blocks in a splay
 * tree, as CBS, CBSFast (size summaries) and CBSZoned (and zone summaries).
 * See docs/design/cbs.md.
 * .critical: insertMethod, deleteMethod, deleteFromBlock, the find methods,
 * updateFast, updateZoned, compareBlock (MVFF calls them on every alloc and free).
 */

import {
  type Addr, type Size, type ZoneSet, type WriteStream, COOL, SIG_INVALID, ZONE_SET_UNIV, addrHex, averCritical, checkL, defineSig, describeLine, isAligned, paramError, resourceError, smiOf, zoneSetCount, zoneSetOfRange,
} from "@mps/mpm";
import {
  FindDelete, Land, type LandDeleteVisitor, type LandOpts, type LandVisitor, type Range, VISIT_DELETE, VISIT_STOP,
  rangeInZoneSetFirst, rangeInZoneSetLast,
} from "@mps/land";
import { CBSBlock, type CBSBlockPool, CBSBlockStore } from "./block.js";
import { CBSTree, type CBSZoneTest } from "./tree.js";

// Module copies of the checking level and the modes: folded into the
// code, where imported bindings are not (docs/design/speed-facts.md .fact.import-cell).
const COOL_HERE = COOL;
const LAST_FIT = 2;
const FD_NONE = 0;
const FD_LOW = 1;
const FD_HIGH = 2;

/**
 * The signature of a live CBS of any of the three classes (design.mps.sig).
 * @public
 */
export const SIG_CBS: number = defineSig("CBS", 0x519cb599);

/**
 * Options of a CBS: those of every land, and where its blocks come from.
 * @public
 */
export interface CBSOpts extends LandOpts {
  /**
   * The pool the CBS takes its blocks from and returns them to (the MPS's
   * `CBSBlockPool` keyword argument). It may be shared between CBSs; give it
   * a limit to bound the CBS's memory (see {@link CBSBlockStore}).
   * @defaultValue a {@link CBSBlockStore} of its own, without a limit
   */
  blockPool?: CBSBlockPool;
}

/**
 * The coalescing block structure (design.mps.cbs), the MPS's `CLASS(CBS)`: a
 * land whose isolated ranges are blocks in a splay tree ordered by address.
 *
 * @remarks
 * Insert coalesces with the neighbours found in one splay; delete shrinks or
 * splits the block that holds the range. Both are amortised O(log n) and
 * allocate nothing but a block when a new isolated range appears, taken from
 * the block pool. When the pool refuses, insert throws `RESOURCE` and delete
 * throws `RESOURCE` (with `rangeReturn` set to the containing block), the CBS
 * unchanged. This class keeps no summaries, so the finds are not supported
 * (they throw `UNIMPL`, design.mps.cbs `.limit.find`): use {@link CBSFast} or
 * {@link CBSZoned}.
 * @public
 */
export class CBS extends Land {
  /** {@link SIG_CBS} while live, SIG_INVALID once finished (the land's own `sig` is SIG_LAND). */
  cbsSig: number = SIG_INVALID;
  /** Where the blocks come from. */
  readonly blockPool: CBSBlockPool;
  /** Whether the CBS made its block pool (and so may assume no one else uses it). */
  readonly ownPool: boolean;
  /** The splay tree of blocks, ordered by base, with their summaries (docs/design/cbs.md `.impl.tree`). */
  protected readonly splay: CBSTree;
  /** The number of blocks (isolated ranges). */
  private blocks = 0;
  /** The total size of the ranges. */
  private total: Size = 0;
  // The visitor of the iteration in progress, if any, and whether it stopped.
  private iterVisitor: LandVisitor | null = null;
  private delVisitor: LandDeleteVisitor | null = null;
  private delGoOn = true;

  /**
   * `LandInit` for the CBS class: make an empty CBS. Throws `PARAM` on a bad
   * option (see {@link CBSOpts}, `LandOpts`).
   */
  constructor(opts: CBSOpts = {}) {
    super(opts);
    const pool = opts.blockPool;
    if (pool !== undefined && (pool === null || typeof pool.alloc !== "function" || typeof pool.free !== "function")) {
      paramError("CBS: blockPool must have alloc and free methods");
    }
    this.blockPool = pool ?? new CBSBlockStore();
    this.ownPool = pool === undefined;
    this.splay = new CBSTree(this.keepsZones(), this.zoneShift);
    this.cbsSig = SIG_CBS;
  }

  /** `"CBS"`, `"CBSFast"` or `"CBSZoned"`. */
  get className(): string {
    return "CBS";
  }

  /** The number of isolated ranges (blocks) in the CBS. */
  get blockCount(): number {
    return this.blocks;
  }

  /**
   * Whether this class keeps zone summaries (CBSZoned). Every class keeps
   * `maxSize`: it costs little, and one tree class serves all three.
   */
  protected keepsZones(): boolean {
    return false;
  }

  // ----- blocks --------------------------------------------------------------

  /** Throw `RESOURCE` for want of a block for [base, limit); the CBS is whole again by then. */
  private noBlock(what: string, base: Addr, limit: Addr): never {
    return resourceError(`${this.className}.${what}: the block pool has no block for [${addrHex(base)}, ${addrHex(limit)})`);
  }

  /**
   * A block from the pool for [base, limit), or throw `RESOURCE`. Called
   * with the tree whole, as the pool may throw too.
   */
  private newBlock(base: Addr, limit: Addr, what: string): CBSBlock {
    const block = this.blockPool.alloc();
    if (block === null) this.noBlock(what, base, limit);
    if (COOL_HERE) averCritical(block instanceof CBSBlock && block.left === null && block.right === null, "CBS: the block pool returned a leaf CBSBlock");
    block.base = base;
    block.limit = limit;
    return block;
  }

  /** Give a block that has left the tree back to the pool. */
  private freeBlock(block: CBSBlock): void {
    this.blocks--;
    this.blockPool.free(block);
  }

  // ----- the land methods ----------------------------------------------------

  /** design.mps.land.function.size: kept as a running total. */
  protected override sizeMethod(): Size {
    return this.total;
  }

  /**
   * design.mps.land.function.insert; design/cbs `.impl.insert`: one split
   * at `base` finds the blocks either side, which are then next to the middle
   * of the split; a merge changes them before the tree is assembled, so that
   * the assembly recomputes their summaries (no second splay).
   */
  protected override insertMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    // Blocks keep small-integer fields whatever number the caller computed (speed-facts.md `.fact.smi-fields`).
    base = smiOf(base);
    limit = smiOf(limit);
    const tree = this.splay;
    if (tree.root === null) {
      tree.insertRoot(this.newBlock(base, limit, "insert"), true);
      this.blocks++;
      rangeReturn.set(base, limit);
      this.total += limit - base;
      return;
    }
    if (!tree.zoned) {
      // .impl.quick: a short path is changed in place, without splaying.
      const found = tree.seekAddr(base, this.quickDepth());
      if (found === 0) this.overlapError(base, limit, tree.qLast());
      if (found > 0) {
        this.insertQuick(rangeReturn, base, limit);
        return;
      }
    }
    const cmp = tree.splitAddr(base);
    const mid = tree.mid as CBSBlock;
    if (cmp === 0) {
      tree.assemble();
      this.overlapError(base, limit, mid);
    }
    // The middle has no child on the side of base: its neighbour there is
    // the nearest node of the side tree.
    const left = cmp > 0 ? mid : tree.leftLast;
    const right = cmp > 0 ? tree.rightFirst : mid;
    // The left neighbour ends at or before base; the right one starts after
    // base, but the new range may still run into it.
    if (right !== null && limit > right.base) {
      tree.assemble();
      this.overlapError(base, limit, right);
    }
    if (left !== null && left.limit === base) {
      if (right !== null && right.base === limit) {
        // The new range bridges two blocks: the middle grows over both and its neighbour goes.
        if (cmp > 0) {
          mid.limit = right.limit;
          tree.assembleDropRightFirst();
          this.freeBlock(right);
        } else {
          mid.base = left.base;
          tree.assembleDropLeftLast();
          this.freeBlock(left);
        }
        rangeReturn.set(mid.base, mid.limit);
      } else {
        left.limit = limit;
        tree.assemble();
        rangeReturn.set(left.base, limit);
      }
    } else if (right !== null && right.base === limit) {
      right.base = base; // its key moves down, within the gap
      tree.assemble();
      rangeReturn.set(base, right.limit);
    } else {
      tree.assemble(); // mid is the root, next to the new range
      tree.insertRoot(this.newBlock(base, limit, "insert"), cmp > 0);
      this.blocks++;
      rangeReturn.set(base, limit);
    }
    this.total += limit - base;
  }

  /**
   * The longest path the quick operations take (.impl.quick): twice the
   * depth of a balanced tree of this many blocks, and a little.
   */
  protected quickDepth(): number {
    return 2 * (32 - Math.clz32(this.blocks)) + 4;
  }

  /** The insert after a quick descent that found no block holding `base`. */
  private insertQuick(rangeReturn: Range, base: Addr, limit: Addr): void {
    const tree = this.splay;
    const pred = tree.qPred;
    const succ = tree.qSucc;
    if (succ !== null && limit > succ.base) this.overlapError(base, limit, succ);
    const joinsPred = pred !== null && pred.limit === base;
    const joinsSucc = succ !== null && succ.base === limit;
    if (joinsPred) {
      if (joinsSucc) {
        // The new range bridges two blocks: the predecessor grows over both and the successor goes.
        pred.limit = succ.limit;
        tree.qRaise(tree.qPredAt, pred.limit - pred.base);
        this.freeBlock(tree.qRemove(tree.qSuccAt));
      } else {
        pred.limit = limit;
        tree.qRaise(tree.qPredAt, limit - pred.base);
      }
      rangeReturn.set(pred.base, pred.limit);
    } else if (joinsSucc) {
      succ.base = base; // its key moves down, within the gap
      tree.qRaise(tree.qSuccAt, succ.limit - base);
      rangeReturn.set(base, succ.limit);
    } else {
      tree.qAttach(this.newBlock(base, limit, "insert"));
      this.blocks++;
      rangeReturn.set(base, limit);
    }
    this.total += limit - base;
  }

  private overlapError(base: Addr, limit: Addr, b: CBSBlock): never {
    return paramError(`${this.className}.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps [${addrHex(b.base)}, ${addrHex(b.limit)}) already in the land`);
  }

  /** design.mps.land.function.delete; design/cbs `.impl.delete`. */
  protected override deleteMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    base = smiOf(base);
    limit = smiOf(limit);
    const tree = this.splay;
    if (tree.root === null) this.absentError(base, limit);
    const cmp = tree.splitAddr(base);
    const block = tree.mid as CBSBlock;
    if (cmp !== 0 || limit > block.limit) {
      tree.assemble();
      this.absentError(base, limit);
    }
    // Set even if the split below fails (design.mps.land.function.delete.return).
    rangeReturn.set(block.base, block.limit);
    this.deleteFromMid(block, base, limit, "delete");
  }

  private absentError(base: Addr, limit: Addr): never {
    return paramError(`${this.className}.delete: [${addrHex(base)}, ${addrHex(limit)}) is not wholly in the land`);
  }

  /**
   * Delete [base, limit) from `block`, which holds it and is the middle of
   * a split of the tree, and assemble the tree. Throws `RESOURCE`, changing
   * nothing, if a split needs a block the pool will not give.
   */
  private deleteFromMid(block: CBSBlock, base: Addr, limit: Addr, what: string): void {
    const tree = this.splay;
    const oldLimit = block.limit;
    if (base === block.base) {
      if (limit === oldLimit) {
        tree.removeMid();
        this.freeBlock(block);
      } else {
        block.base = limit; // the fragment at the right remains
        tree.assemble();
      }
    } else if (limit === oldLimit) {
      block.limit = base; // the fragment at the left remains
      tree.assemble();
    } else {
      // Fragments on both sides: the block keeps the left one, a new block takes the right.
      tree.assemble();
      const rest = this.newBlock(limit, oldLimit, what);
      block.limit = base;
      tree.insertRoot(rest, true); // recomputes block's summary too
      this.blocks++;
    }
    this.total -= limit - base;
  }

  /** design.mps.land.function.iterate: in address order, without changing the tree. */
  protected override iterateMethod(visitor: LandVisitor): boolean {
    this.iterVisitor = visitor;
    try {
      return this.splay.traverse(CBS.iterateVisit, this);
    } finally {
      this.iterVisitor = null;
    }
  }

  private static iterateVisit(block: CBSBlock, cbs: CBS): boolean {
    return (cbs.iterVisitor as LandVisitor)(block.base, block.limit);
  }

  /**
   * design.mps.land.function.iterate.and.delete: in address order; the tree
   * is flattened and rebuilt balanced (design/cbs `.impl.iterate`).
   */
  protected override iterateAndDeleteMethod(visitor: LandDeleteVisitor): boolean {
    this.delVisitor = visitor;
    this.delGoOn = true;
    try {
      this.splay.traverseAndDelete(CBS.iterateAndDeleteVisit, this);
    } finally {
      this.delVisitor = null;
    }
    return this.delGoOn;
  }

  private static iterateAndDeleteVisit(block: CBSBlock, cbs: CBS): boolean {
    if (!cbs.delGoOn) return false;
    const flags = (cbs.delVisitor as LandDeleteVisitor)(block.base, block.limit);
    if ((flags & VISIT_STOP) !== 0) cbs.delGoOn = false;
    if ((flags & VISIT_DELETE) === 0) return false;
    cbs.total -= block.limit - block.base;
    cbs.blocks--;
    cbs.blockPool.free(block);
    return true;
  }

  /**
   * Set the ranges a find returns for `block` (the middle of a split) and
   * delete what `findDelete` says, assembling the tree: never a split of the
   * block, so never a new block.
   */
  protected findDeleteRange(rangeReturn: Range, oldRangeReturn: Range, block: CBSBlock, size: Size, findDelete: FindDelete): void {
    const base = block.base;
    const limit = block.limit;
    oldRangeReturn.set(base, limit);
    if (findDelete === FD_NONE) {
      this.splay.assemble();
      rangeReturn.set(base, limit);
      return;
    }
    if (findDelete === FD_LOW) rangeReturn.set(base, base + size);
    else if (findDelete === FD_HIGH) rangeReturn.set(limit - size, limit);
    else rangeReturn.set(base, limit);
    this.deleteFromMid(block, rangeReturn.base, rangeReturn.limit, "find");
  }

  /**
   * {@link CBS.findDeleteRange} for a block found by a quick descent (the
   * last on the path): shrink it in place or take it out, never split it.
   */
  protected findDeleteQuick(rangeReturn: Range, oldRangeReturn: Range, block: CBSBlock, size: Size, findDelete: FindDelete): void {
    const base = block.base;
    const limit = block.limit;
    oldRangeReturn.set(base, limit);
    let lo = base;
    let hi = limit;
    if (findDelete === FD_LOW) hi = base + size;
    else if (findDelete === FD_HIGH) lo = limit - size;
    rangeReturn.set(lo, hi);
    if (findDelete === FD_NONE) return;
    const tree = this.splay;
    const at = tree.qLen - 1;
    if (lo === base && hi === limit) this.freeBlock(tree.qRemove(at));
    else {
      if (lo === base) block.base = hi;
      else block.limit = lo;
      tree.qLower(at);
    }
    this.total -= hi - lo;
  }

  /** Delete [base, base + size) from `block` (at the root) for findInZones: may split, so may throw `RESOURCE`. */
  protected deleteZoned(block: CBSBlock, base: Addr, size: Size): void {
    this.splay.splitAddr(base); // the root holds base: no descent
    this.deleteFromMid(block, base, base + size, "findInZones");
  }

  /** Give every block back to the pool and finish the tree. */
  protected override finishMethod(): void {
    this.splay.traverseAndDelete(CBS.freeVisit, this);
    this.total = 0;
    this.cbsSig = SIG_INVALID;
  }

  private static freeVisit(block: CBSBlock, cbs: CBS): boolean {
    cbs.blocks--;
    cbs.blockPool.free(block);
    return true;
  }

  /**
   * `CBSCheck`: the fields; at `cool`, every block (order, isolation,
   * alignment), the sums, and the summaries (design/cbs `.impl.check`).
   */
  protected override checkMethod(): boolean {
    checkL(this.cbsSig === SIG_CBS, `${this.className}: bad signature`);
    checkL(this.splay instanceof CBSTree && this.splay.check(), `${this.className}.splay is a CBSTree`);
    checkL(this.blockPool != null && typeof this.blockPool.alloc === "function" && typeof this.blockPool.free === "function", `${this.className}.blockPool is a block pool`);
    checkL(typeof this.ownPool === "boolean", `${this.className}.ownPool is a boolean`);
    checkL(Number.isInteger(this.blocks) && this.blocks >= 0, `${this.className}.blockCount is a count`);
    checkL(isAligned(this.total, this.alignment) && this.total >= 0, `${this.className}.size is aligned`);
    checkL((this.total === 0) === (this.blocks === 0), `${this.className}: empty exactly when it has no blocks`);
    checkL(this.iterVisitor === null && this.delVisitor === null, `${this.className}: no iteration is in progress`);
    if (COOL) {
      let sum = 0;
      let prevLimit = -1;
      const count = this.splay.debugCount((b) => {
        checkL(b instanceof CBSBlock, `${this.className}: a block is a CBSBlock`);
        checkL(b.base < b.limit, `${this.className}: a block is not empty`);
        checkL(isAligned(b.base, this.alignment) && isAligned(b.limit, this.alignment), `${this.className}: a block is aligned`);
        checkL(b.base >= 0 && b.limit <= 2 ** 32, `${this.className}: a block is below 2^32`);
        checkL(b.base > prevLimit, `${this.className}: blocks are ordered and isolated (coalesced)`);
        prevLimit = b.limit;
        sum += b.limit - b.base;
        return this.checkSummary(b);
      });
      checkL(count === this.blocks, `${this.className}: blockCount is the number of blocks`);
      checkL(sum === this.total, `${this.className}: size is the sum of the blocks`);
    }
    return true;
  }

  /** Is the block's summary right, given its children's? Plain CBS keeps none. */
  protected checkSummary(_block: CBSBlock): boolean {
    return true;
  }

  /** One block for describe output. */
  protected describeBlock(b: CBSBlock): string {
    return `[${addrHex(b.base)}, ${addrHex(b.limit)}) ${b.limit - b.base}`;
  }

  /** `LandDescribe` for a CBS: the counts, then the tree, one block per line. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `blocks ${this.blocks}, ${this.ownPool ? "own" : "shared"} block pool`);
    this.splay.describe(stream, depth, (b) => this.describeBlock(b));
  }
}

/**
 * The MPS's `CLASS(CBSFast)`: a {@link CBS} whose blocks also record the
 * size of the largest block below them (design.mps.cbs `.impl.splay.fast-find`),
 * so that findFirst, findLast and findLargest are amortised O(log n), and a
 * failing find is O(1).
 * @public
 */
export class CBSFast extends CBS {
  /** `"CBSFast"`. */
  override get className(): string {
    return "CBSFast";
  }


  /** design.mps.land.function.find.first. */
  protected override findFirstMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const tree = this.splay;
    const root = tree.root;
    if (root === null || root.maxSize < size) return false;
    if (!tree.zoned) {
      const block = tree.seekFirstFit(size, this.quickDepth());
      if (block !== null) {
        this.findDeleteQuick(rangeReturn, oldRangeReturn, block, size, findDelete);
        return true;
      }
    }
    tree.splitFirstFit(size);
    this.findDeleteRange(rangeReturn, oldRangeReturn, tree.mid as CBSBlock, size, findDelete);
    return true;
  }

  /** design.mps.land.function.find.last. */
  protected override findLastMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const tree = this.splay;
    const root = tree.root;
    if (root === null || root.maxSize < size) return false;
    tree.split(LAST_FIT, size);
    this.findDeleteRange(rangeReturn, oldRangeReturn, tree.mid as CBSBlock, size, findDelete);
    return true;
  }

  /**
   * design.mps.land.function.find.largest: the root's summary is the largest
   * size; the first block of that size is found as by findFirst
   * (design.mps.cbs `.impl.find-largest`). LOW and HIGH delete the whole block.
   */
  protected override findLargestMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const tree = this.splay;
    const root = tree.root;
    if (root === null) return false;
    const largest = root.maxSize;
    if (largest < size) return false;
    const fd = findDelete === FindDelete.NONE ? FindDelete.NONE : FindDelete.ENTIRE;
    if (!tree.zoned) {
      const block = tree.seekFirstFit(largest, this.quickDepth());
      if (block !== null) {
        this.findDeleteQuick(rangeReturn, oldRangeReturn, block, largest, fd);
        return true;
      }
    }
    tree.splitFirstFit(largest);
    const block = tree.mid as CBSBlock;
    if (COOL_HERE) averCritical(block !== null && block.limit - block.base === largest, "CBSFast.findLargest: the largest block is found");
    this.findDeleteRange(rangeReturn, oldRangeReturn, block, largest, findDelete === FindDelete.NONE ? FindDelete.NONE : FindDelete.ENTIRE);
    return true;
  }

  /** Check the block's `maxSize` against its size and its children's. */
  protected override checkSummary(b: CBSBlock): boolean {
    let max = b.limit - b.base;
    if (b.left !== null && b.left.maxSize > max) max = b.left.maxSize;
    if (b.right !== null && b.right.maxSize > max) max = b.right.maxSize;
    return checkL(b.maxSize === max, `${this.className}: a block's maxSize is the largest size below it`);
  }

  /** The block and its `maxSize`. */
  protected override describeBlock(b: CBSBlock): string {
    return `${super.describeBlock(b)} {maxSize ${b.maxSize}}`;
  }
}

/**
 * The MPS's `CLASS(CBSZoned)`: a {@link CBSFast} whose blocks also record
 * the union of the zones of the blocks below them (design.mps.cbs
 * `.impl.splay.zones`), so that findInZones skips subtrees outside the zone
 * set.
 * @public
 */
export class CBSZoned extends CBSFast {
  // The search in progress of findInZones, read by the zone test below.
  private zSize: Size = 0;
  private zSet: ZoneSet = 0;
  private zHigh = false;
  /** The tree's test of a block, made once (no closure per search). */
  private readonly zoneTest: CBSZoneTest = (base, limit) =>
    this.zHigh
      ? rangeInZoneSetLast(base, limit, this.zSet, this.zSize, this.zoneShift, this.alignment)
      : rangeInZoneSetFirst(base, limit, this.zSet, this.zSize, this.zoneShift, this.alignment);

  /** `"CBSZoned"`. */
  override get className(): string {
    return "CBSZoned";
  }

  /** CBSZoned keeps zone summaries. */
  protected override keepsZones(): boolean {
    return true;
  }

  /**
   * design.mps.land.function.find.zones: the first (last if `high`) block
   * holding `size` bytes, aligned, wholly in zones of `zoneSet`, found by
   * splaying with tests on the summaries; that range is deleted from the low
   * (high) end of the part of the block in the zones. A range in the middle
   * of a block splits it, and may throw `RESOURCE`, changing nothing.
   */
  protected override findInZonesMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    if (zoneSet === 0) return false;
    if (zoneSet === ZONE_SET_UNIV) {
      return high
        ? this.findLastMethod(rangeReturn, oldRangeReturn, size, FindDelete.HIGH)
        : this.findFirstMethod(rangeReturn, oldRangeReturn, size, FindDelete.LOW);
    }
    // A range in one zone is at most one stripe long.
    if (zoneSetCount(zoneSet) === 1 && size > 2 ** this.zoneShift) return false;
    this.zSize = size;
    this.zSet = zoneSet;
    this.zHigh = high;
    const found = this.splay.findZoned(this.zoneTest, size, zoneSet, high);
    if (found < 0) return false;
    const block = this.splay.root as CBSBlock;
    const oldBase = block.base;
    const oldLimit = block.limit;
    this.deleteZoned(block, found, size); // may throw RESOURCE
    oldRangeReturn.set(oldBase, oldLimit);
    rangeReturn.set(found, found + size);
    return true;
  }

  /** Check the block's `maxSize` and `zones` against its own and its children's. */
  protected override checkSummary(b: CBSBlock): boolean {
    super.checkSummary(b);
    let zones = zoneSetOfRange(b.base, b.limit, this.zoneShift);
    if (b.left !== null) zones |= b.left.zones;
    if (b.right !== null) zones |= b.right.zones;
    return checkL(b.zones === zones >>> 0, `${this.className}: a block's zones are the union of the zones below it`);
  }

  /** The block, its `maxSize` and its `zones` (hex). */
  protected override describeBlock(b: CBSBlock): string {
    return `${super.describeBlock(b)} {zones ${(b.zones >>> 0).toString(16).padStart(8, "0")}}`;
  }
}
