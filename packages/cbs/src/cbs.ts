/**
 * The coalescing block structure (design.mps.cbs): a Land of blocks in a splay
 * tree, as CBS, CBSFast (size summaries) and CBSZoned (and zone summaries).
 * See docs/design/cbs.md.
 * .critical: insertMethod, deleteMethod, deleteFromBlock, the find methods,
 * updateFast, updateZoned, compareBlock (MVFF calls them on every alloc and free).
 */

import {
  type Addr, type Size, type ZoneSet, type WriteStream, COOL, SIG_INVALID, ZONE_SET_UNIV, addrHex, averCritical, checkD, checkL, defineSig, describeLine, isAligned, paramError, resourceError, zoneSetCount, zoneSetOfRange,
} from "@mps/mpm";
import {
  FindDelete, Land, type LandDeleteVisitor, type LandOpts, type LandVisitor, type Range, VISIT_DELETE, VISIT_STOP,
  rangeInZoneSetFirst, rangeInZoneSetLast,
} from "@mps/land";
import { SIG_SPLAY_TREE, type SplayNeighbours, SplayTree, type SplayUpdateNode } from "@mps/splay";
import { CBSBlock, type CBSBlockPool, CBSBlockStore } from "./block.js";

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

// ----- the tree order and the summaries (design/cbs .impl.splay) -------------

/** Compare an address with a block: before it, in it, or after it. */
function compareBlock(block: CBSBlock, addr: Addr): number {
  return addr < block.base ? -1 : addr >= block.limit ? 1 : 0;
}

/** A block's key is its base. */
function keyOfBlock(block: CBSBlock): Addr {
  return block.base;
}

/** CBSFast: the largest block size in the subtree. */
function updateFast(block: CBSBlock): void {
  let max = block.limit - block.base;
  const left = block.left;
  const right = block.right;
  if (left !== null && left.maxSize > max) max = left.maxSize;
  if (right !== null && right.maxSize > max) max = right.maxSize;
  block.maxSize = max;
}

/** CBSZoned: the largest block size and the union of zones in the subtree. */
function updateZoned(block: CBSBlock, zoneShift: number): void {
  let max = block.limit - block.base;
  let zones = zoneSetOfRange(block.base, block.limit, zoneShift);
  const left = block.left;
  const right = block.right;
  if (left !== null) {
    if (left.maxSize > max) max = left.maxSize;
    zones |= left.zones;
  }
  if (right !== null) {
    if (right.maxSize > max) max = right.maxSize;
    zones |= right.zones;
  }
  block.maxSize = max;
  block.zones = zones >>> 0;
}

/** Is the block at least `size` bytes? */
function blockHasSize(block: CBSBlock, size: Size): boolean {
  return block.limit - block.base >= size;
}

/** Does the subtree hold a block of at least `size` bytes? */
function subtreeHasSize(block: CBSBlock, size: Size): boolean {
  return block.maxSize >= size;
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
  /** The splay tree of blocks, ordered by base. */
  protected readonly splay: SplayTree<CBSBlock, Addr>;
  /** The number of blocks (isolated ranges). */
  private blocks = 0;
  /** The total size of the ranges. */
  private total: Size = 0;
  /** Where the splay tree returns neighbours (reused by every insert). */
  private readonly neighbours: SplayNeighbours<CBSBlock> = { left: null, right: null };
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
    this.splay = new SplayTree<CBSBlock, Addr>({ compare: compareBlock, nodeKey: keyOfBlock, updateNode: this.summaryUpdate() });
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

  /** The summary hook of this class for the splay tree: none for plain CBS. */
  protected summaryUpdate(): SplayUpdateNode<CBSBlock> | null {
    return null;
  }

  // ----- blocks --------------------------------------------------------------

  /** A fresh block for [base, limit), or throw `RESOURCE` (nothing changed). */
  private newBlock(base: Addr, limit: Addr, what: string): CBSBlock {
    const block = this.blockPool.alloc();
    if (block === null) {
      resourceError(`${this.className}.${what}: the block pool has no block for [${addrHex(base)}, ${addrHex(limit)})`);
    }
    if (COOL) averCritical(block instanceof CBSBlock && block.left === null && block.right === null, "CBS: the block pool returned a leaf CBSBlock");
    block.base = base;
    block.limit = limit;
    return block;
  }

  /** Remove `block` from the tree and give it back to the pool. */
  private dropBlock(block: CBSBlock): void {
    const removed = this.splay.delete(block);
    if (COOL) averCritical(removed, "CBS: the block was in the tree");
    this.blocks--;
    this.blockPool.free(block);
  }

  // ----- the land methods ----------------------------------------------------

  /** design.mps.land.function.size: kept as a running total. */
  protected override sizeMethod(): Size {
    return this.total;
  }

  /** design.mps.land.function.insert; design/cbs `.impl.insert`. */
  protected override insertMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const nb = this.neighbours;
    if (!this.splay.neighbours(base, nb)) {
      const b = this.splay.root as CBSBlock; // the block holding base, splayed to the root
      paramError(`${this.className}.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps [${addrHex(b.base)}, ${addrHex(b.limit)}) already in the land`);
    }
    const left = nb.left;
    const right = nb.right;
    nb.left = nb.right = null;
    // The left neighbour ends at or before base; the right one starts after
    // base, but the new range may still run into it.
    if (right !== null && limit > right.base) {
      paramError(`${this.className}.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps [${addrHex(right.base)}, ${addrHex(right.limit)}) already in the land`);
    }
    const leftMerge = left !== null && left.limit === base;
    const rightMerge = right !== null && right.base === limit;
    if (leftMerge && rightMerge) {
      // The new range bridges two blocks: the left one grows over both.
      const newLimit = right.limit;
      this.dropBlock(right);
      left.limit = newLimit;
      this.splay.refresh(left);
      rangeReturn.set(left.base, newLimit);
    } else if (leftMerge) {
      left.limit = limit;
      this.splay.refresh(left);
      rangeReturn.set(left.base, limit);
    } else if (rightMerge) {
      right.base = base; // its key moves down, within the gap
      this.splay.refresh(right);
      rangeReturn.set(base, right.limit);
    } else {
      const block = this.newBlock(base, limit, "insert");
      const inserted = this.splay.insert(block);
      if (COOL) averCritical(inserted, "CBS.insert: the new block fits in the tree");
      this.blocks++;
      rangeReturn.set(base, limit);
    }
    this.total += limit - base;
  }

  /** design.mps.land.function.delete; design/cbs `.impl.delete`. */
  protected override deleteMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const block = this.splay.find(base);
    if (block === null || limit > block.limit) {
      paramError(`${this.className}.delete: [${addrHex(base)}, ${addrHex(limit)}) is not wholly in the land`);
    }
    // Set even if the split below fails (design.mps.land.function.delete.return).
    rangeReturn.set(block.base, block.limit);
    this.deleteFromBlock(block, base, limit, "delete");
  }

  /**
   * Delete [base, limit) from `block`, which holds it and is at the root.
   * Throws `RESOURCE`, changing nothing, if a split needs a block the pool
   * will not give.
   */
  private deleteFromBlock(block: CBSBlock, base: Addr, limit: Addr, what: string): void {
    const oldBase = block.base;
    const oldLimit = block.limit;
    if (base === oldBase) {
      if (limit === oldLimit) {
        this.dropBlock(block);
      } else {
        block.base = limit; // the fragment at the right remains
        this.splay.refresh(block);
      }
    } else if (limit === oldLimit) {
      block.limit = base; // the fragment at the left remains
      this.splay.refresh(block);
    } else {
      // Fragments on both sides: the block keeps the left one, a new block takes the right.
      const rest = this.newBlock(limit, oldLimit, what);
      block.limit = base;
      this.splay.refresh(block);
      const inserted = this.splay.insert(rest);
      if (COOL) averCritical(inserted, "CBS.delete: the right fragment fits in the tree");
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
   * Set the ranges a find returns for `block` (at the root) and delete what
   * `findDelete` says: never a split, so never a new block.
   */
  protected findDeleteRange(rangeReturn: Range, oldRangeReturn: Range, block: CBSBlock, size: Size, findDelete: FindDelete): void {
    const base = block.base;
    const limit = block.limit;
    oldRangeReturn.set(base, limit);
    switch (findDelete) {
      case FindDelete.NONE:
        rangeReturn.set(base, limit);
        return;
      case FindDelete.LOW:
        rangeReturn.set(base, base + size);
        break;
      case FindDelete.HIGH:
        rangeReturn.set(limit - size, limit);
        break;
      default:
        rangeReturn.set(base, limit);
        break;
    }
    this.deleteFromBlock(block, rangeReturn.base, rangeReturn.limit, "find");
  }

  /** Delete [base, base + size) from `block` (at the root) for findInZones: may split, so may throw `RESOURCE`. */
  protected deleteZoned(block: CBSBlock, base: Addr, size: Size): void {
    this.deleteFromBlock(block, base, base + size, "findInZones");
  }

  /** Give every block back to the pool and finish the tree. */
  protected override finishMethod(): void {
    this.splay.traverseAndDelete(CBS.freeVisit, this);
    this.splay.finish();
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
    checkD(this.splay, SIG_SPLAY_TREE, (t) => t.check(), `${this.className}.splay`);
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

  /** The summary hook: the largest block size in the subtree. */
  protected override summaryUpdate(): SplayUpdateNode<CBSBlock> | null {
    return updateFast;
  }

  /** design.mps.land.function.find.first. */
  protected override findFirstMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const block = this.splay.findFirst(blockHasSize, subtreeHasSize, size);
    if (block === null) return false;
    this.findDeleteRange(rangeReturn, oldRangeReturn, block, size, findDelete);
    return true;
  }

  /** design.mps.land.function.find.last. */
  protected override findLastMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const block = this.splay.findLast(blockHasSize, subtreeHasSize, size);
    if (block === null) return false;
    this.findDeleteRange(rangeReturn, oldRangeReturn, block, size, findDelete);
    return true;
  }

  /**
   * design.mps.land.function.find.largest: the root's summary is the largest
   * size; the first block of that size is found as by findFirst
   * (design.mps.cbs `.impl.find-largest`). LOW and HIGH delete the whole block.
   */
  protected override findLargestMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const root = this.splay.root;
    if (root === null) return false;
    const largest = root.maxSize;
    if (largest < size) return false;
    const block = this.splay.findFirst(blockHasSize, subtreeHasSize, largest) as CBSBlock;
    if (COOL) averCritical(block !== null && block.limit - block.base === largest, "CBSFast.findLargest: the largest block is found");
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
  // The search in progress of findInZones, read by the tests below.
  private zSize: Size = 0;
  private zSet: ZoneSet = 0;
  private zHigh = false;
  private zFound: Addr = -1;

  /** `"CBSZoned"`. */
  override get className(): string {
    return "CBSZoned";
  }

  /** The summary hook: the largest block size and the union of zones in the subtree. */
  protected override summaryUpdate(): SplayUpdateNode<CBSBlock> | null {
    const zoneShift = this.zoneShift; // set by the Land constructor, before this call
    return (block) => updateZoned(block, zoneShift);
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
    this.zFound = -1;
    const block = high
      ? this.splay.findLast(CBSZoned.blockInZones, CBSZoned.subtreeInZones, this)
      : this.splay.findFirst(CBSZoned.blockInZones, CBSZoned.subtreeInZones, this);
    if (block === null) return false;
    const found = this.zFound;
    const oldBase = block.base;
    const oldLimit = block.limit;
    this.deleteZoned(block, found, size); // may throw RESOURCE
    oldRangeReturn.set(oldBase, oldLimit);
    rangeReturn.set(found, found + size);
    return true;
  }

  /** Does the block hold a suitable range? If so, remember where. */
  private static blockInZones(block: CBSBlock, cbs: CBSZoned): boolean {
    const found = cbs.zHigh
      ? rangeInZoneSetLast(block.base, block.limit, cbs.zSet, cbs.zSize, cbs.zoneShift, cbs.alignment)
      : rangeInZoneSetFirst(block.base, block.limit, cbs.zSet, cbs.zSize, cbs.zoneShift, cbs.alignment);
    if (found < 0) return false;
    cbs.zFound = found;
    return true;
  }

  /** Might the subtree hold a suitable range? (Conservative: big enough, and touching the zones.) */
  private static subtreeInZones(block: CBSBlock, cbs: CBSZoned): boolean {
    return block.maxSize >= cbs.zSize && (block.zones & cbs.zSet) !== 0;
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
