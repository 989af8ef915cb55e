/**
 * The CBS's own splay tree (design.mps.splay, specialised): top-down splaying
 * of CBSBlock nodes by address or by the size summary, with the comparison and
 * the summary update written inline. See docs/design/cbs.md `.impl.tree`.
 * .critical: split, assemble, assembleDropLeftLast, assembleDropRightFirst,
 * removeMid, insertRoot, update (every CBS insert, delete and find).
 */

import { type Addr, type Size, type WriteStream, type ZoneSet, checkL, describeLine, zoneSetOfRange } from "@mps/mpm";
import { CBSBlock } from "./block.js";

/**
 * How a {@link CBSTree.split} steers: the value of its `mode` argument.
 * @public
 */
export const CBSTreeMode = Object.freeze({
  /** To the block holding the address `key`, or a neighbour of it. */
  ADDR: 0,
  /** To the first block of at least `key` bytes (the subtree summaries must say one exists). */
  FIRST_FIT: 1,
  /** To the last block of at least `key` bytes (the subtree summaries must say one exists). */
  LAST_FIT: 2,
  /** To the first block. */
  LEFTMOST: 3,
  /** To the last block. */
  RIGHTMOST: 4,
  /** By the tree's zone search (see {@link CBSTree.findZoned}); internal. */
  ZONED_FIRST: 5,
  /** By the tree's zone search, going down; internal. */
  ZONED_LAST: 6,
} as const);

/**
 * One of the {@link (CBSTreeMode:variable)} values.
 * @public
 */
export type CBSTreeMode = (typeof CBSTreeMode)[keyof typeof CBSTreeMode];

// Module copies of the modes: folded into the code (docs/design/speed-facts.md .fact.import-cell).
const ADDR = 0;
const FIRST_FIT = 1;
const LAST_FIT = 2;
const LEFTMOST = 3;
const RIGHTMOST = 4;
const ZONED_FIRST = 5;
const ZONED_LAST = 6;

/**
 * The test a zone search applies to each block (see {@link CBSTree.findZoned}):
 * return the address of a suitable range in [base, limit), or -1.
 * @public
 */
export type CBSZoneTest = (base: Addr, limit: Addr) => number;

/**
 * A splay tree of {@link CBSBlock}s ordered by address, keeping each block's
 * `maxSize` (and, if zoned, `zones`) summary of its subtree: the generic
 * `SplayTree` of `@mps/splay` specialised to the CBS's node, key and summary
 * (docs/design/cbs.md `.impl.tree`).
 *
 * @remarks
 * The splay is split into its two halves so that the CBS can act between them:
 * {@link CBSTree.split} descends top-down, leaving a left tree and a right tree
 * whose inner spines are pointer-reversed (the left tree's right spine and the
 * right tree's left spine point up), and the middle node found; the
 * `assemble*` methods join them again, recomputing every summary on the spines
 * bottom-up, with the middle (or one of its neighbours, dropped or kept) at
 * the root. A change to the middle node or to {@link CBSTree.leftLast} or
 * {@link CBSTree.rightFirst} (the nodes next to the key) made in between is
 * therefore summarised without a second splay. Between `split` and an
 * `assemble`, the tree must not be used otherwise. No method allocates.
 * @public
 */
export class CBSTree {
  /** The root block, or null if the tree is empty. */
  root: CBSBlock | null = null;
  /** Whether the `zones` summaries are kept (CBSZoned). */
  readonly zoned: boolean;
  /** The zone shift the `zones` summaries are computed with. */
  readonly zoneShift: number;
  /** After {@link CBSTree.split}: the node the descent stopped at. */
  mid: CBSBlock | null = null;
  /** After {@link CBSTree.split}: the last node of the left tree (the middle's predecessor when the middle has no left child), or null. */
  leftLast: CBSBlock | null = null;
  /** After {@link CBSTree.split}: the first node of the right tree (the middle's successor when the middle has no right child), or null. */
  rightFirst: CBSBlock | null = null;

  // The zone search in progress (findZoned).
  private zTest: CBSZoneTest | null = null;
  private zSize: Size = 0;
  private zSet: ZoneSet = 0;
  private zFound = -1;
  private zHit = false;

  // Scratch for traversal (a path stack) and rebuilding (a vine cursor).
  private readonly stack: (CBSBlock | null)[] = [];
  private vineCursor: CBSBlock | null = null;

  // The last quick descent (seekAddr, seekFirstFit): the path from the root.
  private readonly qPath: CBSBlock[] = [];
  /** After a quick descent: the length of its path (the node it stopped at is the last). */
  qLen = 0;
  /** After {@link CBSTree.seekAddr}: the last block before the address, or null. */
  qPred: CBSBlock | null = null;
  /** After {@link CBSTree.seekAddr}: the first block after the address, or null. */
  qSucc: CBSBlock | null = null;
  /** After {@link CBSTree.seekAddr}: where {@link CBSTree.qPred} is on the path, or -1. */
  qPredAt = -1;
  /** After {@link CBSTree.seekAddr}: where {@link CBSTree.qSucc} is on the path, or -1. */
  qSuccAt = -1;

  /** Make an empty tree; `zoned` keeps zone summaries computed with `zoneShift`. */
  constructor(zoned: boolean, zoneShift: number) {
    this.zoned = zoned;
    this.zoneShift = zoneShift;
  }

  /** Recompute `node`'s summaries from its range and its children's. */
  update(node: CBSBlock): void {
    let max = node.limit - node.base;
    const left = node.left;
    const right = node.right;
    if (left !== null && left.maxSize > max) max = left.maxSize;
    if (right !== null && right.maxSize > max) max = right.maxSize;
    node.maxSize = max;
    // Out of line, so that the common summary stays small enough to inline.
    if (this.zoned) this.updateZones(node);
  }

  /** Recompute `node`'s zone summary. */
  private updateZones(node: CBSBlock): void {
    let zones = zoneSetOfRange(node.base, node.limit, this.zoneShift);
    const left = node.left;
    const right = node.right;
    if (left !== null) zones |= left.zones;
    if (right !== null) zones |= right.zones;
    node.zones = zones >>> 0;
  }

  /**
   * Compare the key with `node` for the steering `mode`: -1 go left, 0 stop
   * here, 1 go right. The size modes read the children's summaries, which
   * are exact for the untouched subtrees the descent compares.
   */
  private compare(node: CBSBlock, mode: number, key: number): number {
    if (mode === ADDR) return key < node.base ? -1 : key >= node.limit ? 1 : 0;
    if (mode === FIRST_FIT) {
      const left = node.left;
      if (left !== null && left.maxSize >= key) return -1;
      return node.limit - node.base >= key ? 0 : 1;
    }
    if (mode === LAST_FIT) {
      const right = node.right;
      if (right !== null && right.maxSize >= key) return 1;
      return node.limit - node.base >= key ? 0 : -1;
    }
    if (mode === LEFTMOST) return -1;
    if (mode === RIGHTMOST) return 1;
    return this.compareZoned(node, mode === ZONED_LAST);
  }

  /**
   * `split`: descend from the root towards `key` (as `mode` says), splaying
   * top-down, and stop at the node that matches or the last node visited;
   * set {@link CBSTree.mid}, {@link CBSTree.leftLast}, {@link CBSTree.rightFirst}.
   * Returns the comparison at the middle: 0 if it matches; if not, the
   * middle has no child on that side. The tree must not be empty, and one of
   * the `assemble*` methods must follow.
   */
  split(mode: number, key: number): number {
    let leftLast: CBSBlock | null = null;
    let rightFirst: CBSBlock | null = null;
    let middle = this.root as CBSBlock;
    let cmp: number;
    for (;;) {
      cmp = this.compare(middle, mode, key);
      if (cmp === 0) break;
      if (cmp < 0) {
        const child: CBSBlock | null = middle.left;
        if (child === null) break;
        middle.left = rightFirst; // reversed: points up the right tree's left spine
        rightFirst = middle;
        middle = child;
        cmp = this.compare(middle, mode, key);
        if (cmp === 0) break;
        if (cmp < 0) {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) break;
          // Zig-zig: rotate middle over rightFirst, which leaves the spine.
          const off = rightFirst;
          middle.left = off.left;
          off.left = middle.right;
          middle.right = off;
          rightFirst = middle;
          {
            // update(off), written in (V8 would not inline it here)
            let sMax = off.limit - off.base;
            const sL = off.left;
            if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
            const sR = off.right;
            if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
            off.maxSize = sMax;
            if (this.zoned) this.updateZones(off);
          }
          middle = grandchild;
        } else {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) break;
          middle.right = leftLast;
          leftLast = middle;
          middle = grandchild;
        }
      } else {
        const child: CBSBlock | null = middle.right;
        if (child === null) break;
        middle.right = leftLast; // reversed: points up the left tree's right spine
        leftLast = middle;
        middle = child;
        cmp = this.compare(middle, mode, key);
        if (cmp === 0) break;
        if (cmp > 0) {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) break;
          // Zag-zag: rotate middle over leftLast, which leaves the spine.
          const off = leftLast;
          middle.right = off.right;
          off.right = middle.left;
          middle.left = off;
          leftLast = middle;
          {
            // update(off), written in (V8 would not inline it here)
            let sMax = off.limit - off.base;
            const sL = off.left;
            if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
            const sR = off.right;
            if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
            off.maxSize = sMax;
            if (this.zoned) this.updateZones(off);
          }
          middle = grandchild;
        } else {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) break;
          middle.left = rightFirst;
          rightFirst = middle;
          middle = grandchild;
        }
      }
    }
    this.mid = middle;
    this.leftLast = leftLast;
    this.rightFirst = rightFirst;
    return cmp;
  }

  /**
   * {@link CBSTree.split} by address, with the comparison written in: the
   * descent of every insert and delete.
   */
  splitAddr(addr: Addr): number {
    // The comparison is spelt as branches on the block's bounds, not as a
    // -1/0/1 value tested afterwards: one test fewer per level.
    const zoned = this.zoned;
    let leftLast: CBSBlock | null = null;
    let rightFirst: CBSBlock | null = null;
    let middle = this.root as CBSBlock;
    let cmp = 0;
    for (;;) {
      if (addr < middle.base) {
        const child: CBSBlock | null = middle.left;
        if (child === null) {
          cmp = -1;
          break;
        }
        middle.left = rightFirst; // reversed: points up the right tree's left spine
        rightFirst = middle;
        middle = child;
        if (addr < middle.base) {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) {
            cmp = -1;
            break;
          }
          // Zig-zig: rotate middle over rightFirst, which leaves the spine.
          const off = rightFirst;
          const inner: CBSBlock | null = middle.right;
          middle.left = off.left;
          off.left = inner;
          middle.right = off;
          rightFirst = middle;
          // update(off), written in
          let max = off.limit - off.base;
          if (inner !== null && inner.maxSize > max) max = inner.maxSize;
          const outer: CBSBlock | null = off.right;
          if (outer !== null && outer.maxSize > max) max = outer.maxSize;
          off.maxSize = max;
          if (zoned) this.updateZones(off);
          middle = grandchild;
        } else if (addr >= middle.limit) {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) {
            cmp = 1;
            break;
          }
          middle.right = leftLast;
          leftLast = middle;
          middle = grandchild;
        } else {
          break;
        }
      } else if (addr >= middle.limit) {
        const child: CBSBlock | null = middle.right;
        if (child === null) {
          cmp = 1;
          break;
        }
        middle.right = leftLast; // reversed: points up the left tree's right spine
        leftLast = middle;
        middle = child;
        if (addr >= middle.limit) {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) {
            cmp = 1;
            break;
          }
          // Zag-zag: rotate middle over leftLast, which leaves the spine.
          const off = leftLast;
          const inner: CBSBlock | null = middle.left;
          middle.right = off.right;
          off.right = inner;
          middle.left = off;
          leftLast = middle;
          let max = off.limit - off.base;
          if (inner !== null && inner.maxSize > max) max = inner.maxSize;
          const outer: CBSBlock | null = off.left;
          if (outer !== null && outer.maxSize > max) max = outer.maxSize;
          off.maxSize = max;
          if (zoned) this.updateZones(off);
          middle = grandchild;
        } else if (addr < middle.base) {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) {
            cmp = -1;
            break;
          }
          middle.left = rightFirst;
          rightFirst = middle;
          middle = grandchild;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    this.mid = middle;
    this.leftLast = leftLast;
    this.rightFirst = rightFirst;
    return cmp;
  }


  /**
   * {@link CBSTree.split} to the first block of at least `size` bytes, with
   * the comparison written in: the descent of every first-fit allocation.
   * The root's `maxSize` must be at least `size`.
   */
  splitFirstFit(size: Size): number {
    let leftLast: CBSBlock | null = null;
    let rightFirst: CBSBlock | null = null;
    let middle = this.root as CBSBlock;
    let cmp: number;
    for (;;) {
      cmp = middle.left !== null && middle.left.maxSize >= size ? -1 : middle.limit - middle.base >= size ? 0 : 1;
      if (cmp === 0) break;
      if (cmp < 0) {
        const child: CBSBlock | null = middle.left;
        if (child === null) break;
        middle.left = rightFirst; // reversed: points up the right tree's left spine
        rightFirst = middle;
        middle = child;
        cmp = middle.left !== null && middle.left.maxSize >= size ? -1 : middle.limit - middle.base >= size ? 0 : 1;
        if (cmp === 0) break;
        if (cmp < 0) {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) break;
          // Zig-zig: rotate middle over rightFirst, which leaves the spine.
          const off = rightFirst;
          middle.left = off.left;
          off.left = middle.right;
          middle.right = off;
          rightFirst = middle;
          {
            // update(off), written in (V8 would not inline it here)
            let sMax = off.limit - off.base;
            const sL = off.left;
            if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
            const sR = off.right;
            if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
            off.maxSize = sMax;
            if (this.zoned) this.updateZones(off);
          }
          middle = grandchild;
        } else {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) break;
          middle.right = leftLast;
          leftLast = middle;
          middle = grandchild;
        }
      } else {
        const child: CBSBlock | null = middle.right;
        if (child === null) break;
        middle.right = leftLast; // reversed: points up the left tree's right spine
        leftLast = middle;
        middle = child;
        cmp = middle.left !== null && middle.left.maxSize >= size ? -1 : middle.limit - middle.base >= size ? 0 : 1;
        if (cmp === 0) break;
        if (cmp > 0) {
          const grandchild: CBSBlock | null = middle.right;
          if (grandchild === null) break;
          // Zag-zag: rotate middle over leftLast, which leaves the spine.
          const off = leftLast;
          middle.right = off.right;
          off.right = middle.left;
          middle.left = off;
          leftLast = middle;
          {
            // update(off), written in (V8 would not inline it here)
            let sMax = off.limit - off.base;
            const sL = off.left;
            if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
            const sR = off.right;
            if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
            off.maxSize = sMax;
            if (this.zoned) this.updateZones(off);
          }
          middle = grandchild;
        } else {
          const grandchild: CBSBlock | null = middle.left;
          if (grandchild === null) break;
          middle.left = rightFirst;
          rightFirst = middle;
          middle = grandchild;
        }
      }
    }
    this.mid = middle;
    this.leftLast = leftLast;
    this.rightFirst = rightFirst;
    return cmp;
  }

  /** Restore the left tree's reversed spine from `node` up, with `child` as `node`'s right child; return its root. */
  private joinLeft(node: CBSBlock | null, child: CBSBlock | null): CBSBlock | null {
    while (node !== null) {
      const parent: CBSBlock | null = node.right;
      node.right = child;
      {
        // update(node), written in (V8 would not inline it here)
        let sMax = node.limit - node.base;
        const sL = node.left;
        if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
        const sR = node.right;
        if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
        node.maxSize = sMax;
        if (this.zoned) this.updateZones(node);
      }
      child = node;
      node = parent;
    }
    return child;
  }

  /** Restore the right tree's reversed spine from `node` up, with `child` as `node`'s left child; return its root. */
  private joinRight(node: CBSBlock | null, child: CBSBlock | null): CBSBlock | null {
    while (node !== null) {
      const parent: CBSBlock | null = node.left;
      node.left = child;
      {
        // update(node), written in (V8 would not inline it here)
        let sMax = node.limit - node.base;
        const sL = node.left;
        if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
        const sR = node.right;
        if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
        node.maxSize = sMax;
        if (this.zoned) this.updateZones(node);
      }
      child = node;
      node = parent;
    }
    return child;
  }

  /** Join the pieces of a split with the middle at the root, and return it. */
  assemble(): CBSBlock {
    const middle = this.mid as CBSBlock;
    middle.left = this.joinLeft(this.leftLast, middle.left);
    middle.right = this.joinRight(this.rightFirst, middle.right);
    {
      // update(middle), written in (V8 would not inline it here)
      let sMax = middle.limit - middle.base;
      const sL = middle.left;
      if (sL !== null && sL.maxSize > sMax) sMax = sL.maxSize;
      const sR = middle.right;
      if (sR !== null && sR.maxSize > sMax) sMax = sR.maxSize;
      middle.maxSize = sMax;
      if (this.zoned) this.updateZones(middle);
    }
    this.root = middle;
    this.mid = this.leftLast = this.rightFirst = null;
    return middle;
  }

  /**
   * Join the pieces of a split whose middle has no left child, leaving out
   * {@link CBSTree.leftLast} (the middle's predecessor, which must exist): it
   * comes back a leaf. For a block that has merged into the middle.
   */
  assembleDropLeftLast(): void {
    const middle = this.mid as CBSBlock;
    const gone = this.leftLast as CBSBlock;
    // gone's right child would be middle.left, which is null.
    middle.left = this.joinLeft(gone.right, gone.left);
    middle.right = this.joinRight(this.rightFirst, middle.right);
    this.update(middle);
    this.root = middle;
    gone.left = gone.right = null;
    this.mid = this.leftLast = this.rightFirst = null;
  }

  /** As {@link CBSTree.assembleDropLeftLast}, leaving out {@link CBSTree.rightFirst}; the middle must have no right child. */
  assembleDropRightFirst(): void {
    const middle = this.mid as CBSBlock;
    const gone = this.rightFirst as CBSBlock;
    middle.left = this.joinLeft(this.leftLast, middle.left);
    middle.right = this.joinRight(gone.left, gone.right);
    this.update(middle);
    this.root = middle;
    gone.left = gone.right = null;
    this.mid = this.leftLast = this.rightFirst = null;
  }

  /**
   * Join the pieces of a split leaving out the middle, which comes back a
   * leaf. Its predecessor or successor becomes the root when the middle
   * lacks a child on that side; otherwise the left part is splayed for its
   * last node.
   */
  removeMid(): void {
    const middle = this.mid as CBSBlock;
    const leftLast = this.leftLast;
    const rightFirst = this.rightFirst;
    const ml = middle.left;
    const mr = middle.right;
    middle.left = middle.right = null;
    this.mid = this.leftLast = this.rightFirst = null;
    if (ml === null && leftLast !== null) {
      // leftLast is the predecessor; its right child would be ml (null).
      const top = leftLast;
      top.left = this.joinLeft(top.right, top.left);
      top.right = this.joinRight(rightFirst, mr);
      this.update(top);
      this.root = top;
    } else if (mr === null && rightFirst !== null) {
      const top = rightFirst;
      top.right = this.joinRight(top.left, top.right);
      top.left = this.joinLeft(leftLast, ml);
      this.update(top);
      this.root = top;
    } else {
      const left = this.joinLeft(leftLast, ml);
      const right = this.joinRight(rightFirst, mr);
      if (left === null) {
        this.root = right;
      } else if (right === null) {
        this.root = left;
      } else {
        // Bring the last node of the left part up; it has no right child.
        const top = this.splayLast(left);
        top.right = right;
        this.update(top);
        this.root = top;
      }
    }
  }

  /**
   * Splay the last node of the subtree `sub` to its top and return it (it
   * has no right child then): {@link CBSTree.split} with `RIGHTMOST`, whose
   * descent only ever goes right, written out for `removeMid`.
   */
  private splayLast(sub: CBSBlock): CBSBlock {
    let leftLast: CBSBlock | null = null;
    let middle = sub;
    for (;;) {
      const child: CBSBlock | null = middle.right;
      if (child === null) break;
      middle.right = leftLast; // reversed: points up the left tree's right spine
      leftLast = middle;
      middle = child;
      const grandchild: CBSBlock | null = middle.right;
      if (grandchild === null) break;
      // Zag-zag: rotate middle over leftLast, which leaves the spine.
      const off: CBSBlock = leftLast;
      middle.right = off.right;
      off.right = middle.left;
      middle.left = off;
      leftLast = middle;
      this.update(off);
      middle = grandchild;
    }
    middle.left = this.joinLeft(leftLast, middle.left);
    this.update(middle);
    return middle;
  }

  /**
   * Make the leaf `node` the root, next to the current root: after it if
   * `after`, else before it. The caller knows that no other node lies
   * between them (the root was split at `node`'s key and did not match).
   */
  insertRoot(node: CBSBlock, after: boolean): void {
    const old = this.root;
    if (old === null) {
      node.left = node.right = null;
    } else if (after) {
      node.left = old;
      node.right = old.right;
      old.right = null;
      this.update(old);
    } else {
      node.right = old;
      node.left = old.left;
      old.left = null;
      this.update(old);
    }
    this.update(node);
    this.root = node;
  }

  /**
   * `SplayTreeFind` by address: the block holding `addr`, splayed to the
   * root, or null (the nearest block is at the root then).
   */
  find(addr: Addr): CBSBlock | null {
    if (this.root === null) return null;
    const cmp = this.splitAddr(addr);
    const block = this.assemble();
    return cmp === 0 ? block : null;
  }

  // ----- quick operations: a descent without splaying (docs/design/cbs.md .impl.quick) -----
  //
  // The CBS's insert and first-fit find descend without restructuring when
  // the path is short, and change the tree in place: a grown block raises the
  // summaries on its path, a shrunk or removed one recomputes them. Only the
  // plain summary (maxSize) is kept here: zoned trees always splay. A path
  // longer than the caller's limit gives up, unchanged, and the caller
  // splays instead, which shortens that path for next time.

  /** The last node of the quick path. */
  qLast(): CBSBlock {
    return this.qPath[this.qLen - 1] as CBSBlock;
  }

  /**
   * Descend by address without changing the tree, recording the path.
   * Returns 0 if a block holds `addr` (the last on the path), 1 if none does
   * ({@link CBSTree.qPred} and {@link CBSTree.qSucc} are its neighbours, and
   * the last node on the path has no child on the side of `addr`), or -1 if
   * the path is longer than `maxDepth`. The tree must not be empty or zoned.
   */
  seekAddr(addr: Addr, maxDepth: number): number {
    const path = this.qPath;
    let node = this.root as CBSBlock | null;
    let pred: CBSBlock | null = null;
    let succ: CBSBlock | null = null;
    let predAt = -1;
    let succAt = -1;
    let n = 0;
    while (node !== null) {
      if (n >= maxDepth) return -1;
      path[n] = node;
      if (addr < node.base) {
        succ = node;
        succAt = n;
        node = node.left;
      } else if (addr >= node.limit) {
        pred = node;
        predAt = n;
        node = node.right;
      } else {
        this.qLen = n + 1;
        return 0;
      }
      n++;
    }
    this.qLen = n;
    this.qPred = pred;
    this.qSucc = succ;
    this.qPredAt = predAt;
    this.qSuccAt = succAt;
    return 1;
  }

  /**
   * Descend to the first block of at least `size` bytes without changing the
   * tree, recording the path; return it, or null if the path is longer than
   * `maxDepth`. The root's `maxSize` must be at least `size`.
   */
  seekFirstFit(size: Size, maxDepth: number): CBSBlock | null {
    const path = this.qPath;
    let node = this.root as CBSBlock;
    let n = 0;
    for (;;) {
      if (n >= maxDepth) return null;
      path[n++] = node;
      const left = node.left;
      if (left !== null && left.maxSize >= size) node = left;
      else if (node.limit - node.base >= size) break;
      else node = node.right as CBSBlock;
    }
    this.qLen = n;
    return node;
  }

  /** A block at `at` on the quick path now holds a range of `size` bytes: raise the summaries from there up. */
  qRaise(at: number, size: Size): void {
    const path = this.qPath;
    for (let i = at; i >= 0; i--) {
      const b = path[i] as CBSBlock;
      if (b.maxSize >= size) return; // and so are the ones above
      b.maxSize = size;
    }
  }

  /** A block at `at` on the quick path shrank: recompute the summaries from there up, until one is unchanged. */
  qLower(at: number): void {
    const path = this.qPath;
    for (let i = at; i >= 0; i--) {
      const b = path[i] as CBSBlock;
      let max = b.limit - b.base;
      const l = b.left;
      if (l !== null && l.maxSize > max) max = l.maxSize;
      const r = b.right;
      if (r !== null && r.maxSize > max) max = r.maxSize;
      if (max === b.maxSize) return;
      b.maxSize = max;
    }
  }

  /** After {@link CBSTree.seekAddr} returned 1: hang the leaf `leaf` where the descent ended. */
  qAttach(leaf: CBSBlock): void {
    const last = this.qPath[this.qLen - 1] as CBSBlock;
    const size = leaf.limit - leaf.base;
    leaf.left = leaf.right = null;
    leaf.maxSize = size;
    if (leaf.base < last.base) last.left = leaf;
    else last.right = leaf;
    this.qRaise(this.qLen - 1, size);
  }

  /**
   * Take the block at `at` on the quick path out of the tree, recomputing
   * the summaries; return the block object that left the tree, a leaf. With
   * two children, the block takes its successor's range and the successor's
   * object leaves instead.
   */
  qRemove(at: number): CBSBlock {
    const path = this.qPath;
    const node = path[at] as CBSBlock;
    const left = node.left;
    const right = node.right;
    if (left === null || right === null) {
      const child = left === null ? right : left;
      if (at === 0) this.root = child;
      else {
        const parent = path[at - 1] as CBSBlock;
        if (parent.left === node) parent.left = child;
        else parent.right = child;
      }
      node.left = node.right = null;
      if (at > 0) this.qLower(at - 1);
      return node;
    }
    // The successor: the first block of the right subtree, which has no left child.
    let n = at + 1;
    let succ: CBSBlock = right;
    path[n] = succ;
    while (succ.left !== null) {
      succ = succ.left;
      path[++n] = succ;
    }
    const parent = path[n - 1] as CBSBlock;
    if (parent === node) node.right = succ.right;
    else parent.left = succ.right;
    node.base = succ.base;
    node.limit = succ.limit;
    succ.left = succ.right = null;
    // Everything from the successor's parent to the node changed; above it, stop when unchanged.
    for (let i = n - 1; i > at; i--) this.update(path[i] as CBSBlock);
    this.qLower(at);
    return succ;
  }

  // ----- the zone search (design/splay .impl.find, with an inexact test) -----

  /** Might the subtree hold a range of the search (big enough and touching its zones)? */
  private subtreeInZones(node: CBSBlock): boolean {
    return node.maxSize >= this.zSize && (node.zones & this.zSet) !== 0;
  }

  /** Steer the zone search: like the size modes, but a subtree that seemed to pass may not. */
  private compareZoned(node: CBSBlock, last: boolean): number {
    const near = last ? node.right : node.left;
    if (near !== null && this.subtreeInZones(near)) return last ? 1 : -1;
    const found = (this.zTest as CBSZoneTest)(node.base, node.limit);
    if (found >= 0) {
      this.zFound = found;
      this.zHit = true;
      return 0;
    }
    const far = last ? node.left : node.right;
    if (far !== null && !this.subtreeInZones(far)) {
      // Nothing passes at or below this node: stop here, not found.
      this.zHit = false;
      return 0;
    }
    return last ? -1 : 1;
  }

  /** Splay the (sub)tree at the root by `mode`; the root must not be null. */
  private splayBy(mode: number): void {
    this.split(mode, 0);
    this.assemble();
  }

  /**
   * Find the first (last if `last`) block for which `test` returns an
   * address, searching only subtrees whose summaries hold a block of `size`
   * bytes touching `zoneSet`; splay it to the root and return the address,
   * or -1 if there is none. Needs zone summaries. `test` must not use the tree.
   */
  findZoned(test: CBSZoneTest, size: Size, zoneSet: ZoneSet, last: boolean): number {
    const root = this.root;
    this.zSize = size;
    this.zSet = zoneSet;
    if (root === null || !this.subtreeInZones(root)) return -1;
    const mode = last ? ZONED_LAST : ZONED_FIRST;
    this.zTest = test;
    this.zHit = false;
    this.zFound = -1;
    this.splayBy(mode);
    let found = -1;
    for (;;) {
      if (this.zHit) {
        found = this.zFound;
        break;
      }
      // Go on in the part after (before) the node just seen, cut off so that
      // nodes already seen are not searched again.
      const seen = this.root as CBSBlock;
      const rest = last ? seen.left : seen.right;
      if (rest === null || !this.subtreeInZones(rest)) break;
      if (last) seen.left = null;
      else seen.right = null;
      this.root = rest;
      this.zHit = false;
      this.splayBy(mode);
      const top = this.root as CBSBlock;
      if (last) {
        seen.left = top.right;
        top.right = seen;
      } else {
        seen.right = top.left;
        top.left = seen;
      }
      this.update(seen);
      this.update(top);
      this.root = top;
    }
    this.zTest = null;
    return found;
  }

  // ----- whole-tree operations ------------------------------------------------

  /**
   * `TreeTraverse`: call `visitor(block, arg)` on every block in address
   * order until it returns false, without changing the tree. Returns false if
   * the visitor stopped it.
   */
  traverse<A>(visitor: (block: CBSBlock, arg: A) => boolean, arg: A): boolean {
    const stack = this.stack;
    let sp = 0;
    let high = 0;
    let node: CBSBlock | null = this.root;
    let completed = false;
    try {
      for (;;) {
        while (node !== null) {
          stack[sp++] = node;
          node = node.left;
        }
        if (sp > high) high = sp;
        if (sp === 0) {
          completed = true;
          break;
        }
        node = stack[--sp] as CBSBlock;
        if (!visitor(node, arg)) break;
        node = node.right;
      }
    } finally {
      for (let i = 0; i < high; i++) stack[i] = null;
    }
    return completed;
  }

  /**
   * `TreeTraverseAndDelete`: call `visitor(block, arg)` on every block in
   * address order and remove each for which it returns true (left a leaf).
   * The tree is flattened to a vine and rebuilt balanced, summaries and all,
   * even if the visitor throws. O(n).
   */
  traverseAndDelete<A>(visitor: (block: CBSBlock, arg: A) => boolean, arg: A): void {
    // Flatten to a vine (right children in order) by right rotations.
    let head: CBSBlock | null = this.root;
    let tail: CBSBlock | null = null;
    let node: CBSBlock | null = this.root;
    while (node !== null) {
      const l: CBSBlock | null = node.left;
      if (l !== null) {
        node.left = l.right;
        l.right = node;
        if (tail === null) head = l;
        else tail.right = l;
        node = l;
      } else {
        tail = node;
        node = node.right;
      }
    }
    this.root = null;
    let prev: CBSBlock | null = null;
    node = head;
    try {
      while (node !== null) {
        const next: CBSBlock | null = node.right;
        if (visitor(node, arg)) {
          if (prev === null) head = next;
          else prev.right = next;
          node.right = null;
        } else {
          prev = node;
        }
        node = next;
      }
    } finally {
      let n = 0;
      for (let b = head; b !== null; b = b.right) n++;
      this.vineCursor = head;
      this.root = this.buildBalanced(n);
      this.vineCursor = null;
    }
  }

  /** Take the next `n` blocks of the vine and make them a balanced subtree. */
  private buildBalanced(n: number): CBSBlock | null {
    if (n === 0) return null;
    const nLeft = (n - 1) >>> 1;
    const left = this.buildBalanced(nLeft);
    const node = this.vineCursor as CBSBlock;
    this.vineCursor = node.right;
    node.left = left;
    node.right = this.buildBalanced(n - 1 - nLeft);
    this.update(node);
    return node;
  }

  /**
   * `SplayDebugCount`: count the blocks, checking that they form a tree in
   * strictly increasing, non-overlapping address order, and call
   * `checkBlock` on each. O(n); failures go through the assertion handler.
   */
  debugCount(checkBlock?: (block: CBSBlock) => boolean): number {
    const seen = new Set<CBSBlock>();
    const path: CBSBlock[] = [];
    let node: CBSBlock | null = this.root;
    let prev: CBSBlock | null = null;
    let count = 0;
    for (;;) {
      while (node !== null) {
        checkL(node instanceof CBSBlock, "CBSTree: a node is a CBSBlock");
        checkL(!seen.has(node), "CBSTree: no node is reached twice");
        seen.add(node);
        path.push(node);
        node = node.left;
      }
      const top = path.pop();
      if (top === undefined) break;
      if (prev !== null) checkL(prev.limit <= top.base, "CBSTree: each block follows the previous one");
      if (checkBlock !== undefined) checkL(checkBlock(top), "CBSTree: the client's block check passes");
      count++;
      prev = top;
      node = top.right;
    }
    return count;
  }

  /** Check the fields: no split in progress. Returns true or reports through the assertion handler. */
  check(): boolean {
    checkL(this.mid === null && this.leftLast === null && this.rightFirst === null, "CBSTree: no split is in progress");
    checkL(this.zTest === null, "CBSTree: no zone search is in progress");
    checkL(this.root === null || this.root instanceof CBSBlock, "CBSTree.root is a block or null");
    return true;
  }

  /** `SplayTreeDescribe`: one block per line in address order, indented by depth (up to 16 levels). */
  describe(stream: WriteStream, depth: number, describeBlock: (block: CBSBlock) => string): void {
    describeLine(stream, depth, `CBSTree {`);
    describeLine(stream, depth + 2, `summaries ${this.zoned ? "maxSize, zones" : "maxSize"}`);
    const path: CBSBlock[] = [];
    const depths: number[] = [];
    let node: CBSBlock | null = this.root;
    let d = 0;
    for (;;) {
      while (node !== null) {
        path.push(node);
        depths.push(d++);
        node = node.left;
      }
      const top = path.pop();
      if (top === undefined) break;
      const td = depths.pop() as number;
      const text = describeBlock(top);
      const shown = td < 16 ? td : 16;
      describeLine(stream, depth + 2 + 2 * shown, td < 16 ? text : `(depth ${td}) ${text}`);
      node = top.right;
      d = td + 1;
    }
    describeLine(stream, depth, "}");
  }
}
