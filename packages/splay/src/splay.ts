/**
 * Splay trees (design.mps.splay) of intrusive nodes, splayed top-down, with a
 * client update hook for per-subtree summaries. See docs/design/splay.md.
 * .critical: splay, splitDown, splitRev, assembleDown, assembleRev, find, insert,
 * delete, neighbours, next, refresh, findFirst, findLast (a client calls them on
 * every operation; the CBS has its own copy, @mps/cbs src/tree.ts).
 */

import {
  type Inst, type WriteStream, CHECKING, COOL, MpsError, SIG_INVALID, averCritical, checkL, checkS, describeLine,
  paramError,
} from "@mps/mpm";
import {
  type SplayNeighbours, type SplayTest, type SplayTreeOpts, type SplayUpdateNode, type TreeCompare, type TreeDeleteVisitor,
  type TreeDescribeNode, type TreeKeyOf, type TreeVisitor, SIG_SPLAY_TREE,
} from "./api.js";
import { Tree, treeCheck } from "./tree.js";

/** A comparison as the splitters see it: any node, any key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCompare = (node: Tree, key: any) => number;
type AnyUpdate = (node: Tree) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTest = (node: Tree, arg: any) => boolean;

/**
 * Flatten the tree under `root` into a vine (a chain of right children in key
 * order) by right rotations, in constant space; returns the head of the vine.
 * Summaries are not maintained: the caller rebuilds them.
 */
function treeToVine(root: Tree | null): Tree | null {
  // A pseudo-root whose right child is the vine built so far.
  let head: Tree | null = root;
  let tail: Tree | null = null; // last node already on the vine
  let node: Tree | null = root;
  while (node !== null) {
    const l: Tree | null = node.left;
    if (l !== null) {
      // Rotate right at node: l takes its place.
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
  return head;
}

/** How deep {@link SplayTree.describe} indents before it writes depths as numbers. */
const DESCRIBE_MAX_INDENT = 16;

/** Sorts every key before every node: splaying with it brings the first node to the root. */
function compareAlwaysLess(_node: Tree, _key: unknown): number {
  return -1;
}

/** Sorts every key after every node: splaying with it brings the last node to the root. */
function compareAlwaysGreater(_node: Tree, _key: unknown): number {
  return 1;
}

/**
 * A splay tree of client nodes `N` ordered by keys `K` (design.mps.splay).
 *
 * @remarks
 * Every access splays: it brings the node found, or a neighbour of the key
 * sought, to the root, restructuring top-down as it descends, so that
 * sequences of operations cost amortised O(log n) each. Operations allocate
 * no JS objects. When the client gives an `updateNode` hook, every node's
 * summary is recomputed after every restructuring that changes its
 * children, and {@link SplayTree.findFirst} and {@link SplayTree.findLast}
 * use the summaries to find the first or last node with a property in
 * amortised O(log n).
 *
 * Client functions (compare, key, update, tests, visitors) must not call
 * the tree and must not throw: the tree is in pieces while they run.
 * Bad arguments that the tree can detect cheaply (a finished tree, a node
 * with children passed to insert) throw `MpsError` with code `PARAM`.
 * @public
 */
export class SplayTree<N extends Tree, K> implements Inst {
  /** {@link SIG_SPLAY_TREE} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** Compares a key with a node. */
  readonly compare: TreeCompare<N, K>;
  /** The key of a node. */
  readonly nodeKey: TreeKeyOf<N, K>;
  /** Recomputes a node's summary from its children, or null if there are no summaries. */
  readonly updateNode: SplayUpdateNode<N> | null;

  private rootNode: Tree | null = null;
  // The same functions, typed for the internal code that handles any Tree.
  private readonly cmp: AnyCompare;
  private readonly upd: AnyUpdate | null;

  // The state of a split between splitting and assembling (design/splay .impl.state).
  private stMiddle: Tree | null = null;
  private stLeft: Tree | null = null;
  private stLeftLast: Tree | null = null;
  private stRight: Tree | null = null;
  private stRightFirst: Tree | null = null;
  /** Holds the side trees of a split without summaries (design/splay .impl.down). */
  private readonly sentinel: Tree = new Tree();

  // The arguments of a findFirst/findLast, read by its comparison.
  private fTestNode: AnyTest | null = null;
  private fTestTree: AnyTest | null = null;
  private fArg: unknown = undefined;
  private fFound = false;

  // Scratch space for traversal (a path stack) and rebuilding (a vine cursor).
  private readonly stack: (Tree | null)[] = [];
  private vineCursor: Tree | null = null;

  /**
   * `SplayTreeInit`: make an empty tree ordered by `opts.compare`, with
   * summaries kept by `opts.updateNode` if given.
   * Throws `PARAM` if `compare` or `nodeKey` is not a function, or
   * `updateNode` is neither a function nor null.
   */
  constructor(opts: SplayTreeOpts<N, K>) {
    const { compare, nodeKey } = opts;
    const updateNode = opts.updateNode ?? null;
    if (typeof compare !== "function") paramError("SplayTree: compare must be a function");
    if (typeof nodeKey !== "function") paramError("SplayTree: nodeKey must be a function");
    if (updateNode !== null && typeof updateNode !== "function") paramError("SplayTree: updateNode must be a function or null");
    this.compare = compare;
    this.nodeKey = nodeKey;
    this.updateNode = updateNode;
    this.cmp = compare as AnyCompare;
    this.upd = updateNode as AnyUpdate | null;
    this.sig = SIG_SPLAY_TREE;
  }

  /** The root node, or null if the tree is empty (design/splay `.req.root`). */
  get root(): N | null {
    return this.rootNode as N | null;
  }

  /** Is the tree empty? */
  isEmpty(): boolean {
    return this.rootNode === null;
  }

  // ----- splitting and assembling (design/splay .impl.top-down) ---------------

  /**
   * Split the tree, without summaries, into a left tree, a middle tree whose
   * root is the node found (or the last node visited) and a right tree,
   * using the sentinel to hold the side trees. Returns the comparison of the
   * key with the middle root. The tree must not be empty.
   */
  private splitDown(key: unknown, compare: AnyCompare): number {
    const sentinel = this.sentinel;
    let leftLast: Tree = sentinel;
    let rightFirst: Tree = sentinel;
    let leftPrev: Tree = sentinel;
    let rightNext: Tree = sentinel;
    let middle = this.rootNode as Tree;
    let cmp: number;
    for (;;) {
      cmp = compare(middle, key);
      if (cmp === 0) break;
      if (cmp < 0) {
        const child: Tree | null = middle.left;
        if (child === null) break;
        // Link right: middle becomes the first node of the right tree.
        rightFirst.left = middle;
        rightNext = rightFirst;
        rightFirst = middle;
        middle = child;
        cmp = compare(middle, key);
        if (cmp === 0) break;
        if (cmp < 0) {
          const grandchild: Tree | null = middle.left;
          if (grandchild === null) break;
          // Zig-zig: rotate middle over the first node of the right tree.
          rightFirst.left = middle.right;
          middle.right = rightFirst;
          rightNext.left = middle;
          rightFirst = middle;
          middle = grandchild;
        } else {
          const grandchild: Tree | null = middle.right;
          if (grandchild === null) break;
          // Zig-zag: link left.
          leftLast.right = middle;
          leftPrev = leftLast;
          leftLast = middle;
          middle = grandchild;
        }
      } else {
        const child: Tree | null = middle.right;
        if (child === null) break;
        // Link left: middle becomes the last node of the left tree.
        leftLast.right = middle;
        leftPrev = leftLast;
        leftLast = middle;
        middle = child;
        cmp = compare(middle, key);
        if (cmp === 0) break;
        if (cmp > 0) {
          const grandchild: Tree | null = middle.right;
          if (grandchild === null) break;
          // Zag-zag: rotate middle over the last node of the left tree.
          leftLast.right = middle.left;
          middle.left = leftLast;
          leftPrev.right = middle;
          leftLast = middle;
          middle = grandchild;
        } else {
          const grandchild: Tree | null = middle.left;
          if (grandchild === null) break;
          // Zag-zig: link right.
          rightFirst.left = middle;
          rightNext = rightFirst;
          rightFirst = middle;
          middle = grandchild;
        }
      }
    }
    this.stMiddle = middle;
    this.stLeft = leftLast === sentinel ? null : sentinel.right;
    this.stLeftLast = leftLast === sentinel ? null : leftLast;
    this.stRight = rightFirst === sentinel ? null : sentinel.left;
    this.stRightFirst = rightFirst === sentinel ? null : rightFirst;
    sentinel.left = null;
    sentinel.right = null;
    return cmp;
  }

  /** Join the pieces of a {@link SplayTree.splitDown} under the middle root. */
  private assembleDown(): Tree {
    const middle = this.stMiddle as Tree;
    const left = this.stLeft;
    const right = this.stRight;
    if (left !== null) {
      (this.stLeftLast as Tree).right = middle.left;
      middle.left = left;
    }
    if (right !== null) {
      (this.stRightFirst as Tree).left = middle.right;
      middle.right = right;
    }
    this.stMiddle = this.stLeft = this.stLeftLast = this.stRight = this.stRightFirst = null;
    return middle;
  }

  /**
   * Split as {@link SplayTree.splitDown}, for a tree with summaries: the side
   * trees are kept with their inner spines pointer-reversed (the right spine
   * of the left tree, the left spine of the right tree point up), so that
   * {@link SplayTree.assembleRev} can update them bottom-up in constant space.
   * Nodes rotated off a spine are updated at once (design/splay .impl.rev).
   */
  private splitRev(key: unknown, compare: AnyCompare): number {
    const update = this.upd as AnyUpdate;
    let leftLast: Tree | null = null;
    let rightFirst: Tree | null = null;
    let middle = this.rootNode as Tree;
    let cmp: number;
    for (;;) {
      cmp = compare(middle, key);
      if (cmp === 0) break;
      if (cmp < 0) {
        const child: Tree | null = middle.left;
        if (child === null) break;
        middle.left = rightFirst; // reversed: points up the right tree's left spine
        rightFirst = middle;
        middle = child;
        cmp = compare(middle, key);
        if (cmp === 0) break;
        if (cmp < 0) {
          const grandchild: Tree | null = middle.left;
          if (grandchild === null) break;
          // Zig-zig: rotate middle over rightFirst, which leaves the spine.
          const off = rightFirst;
          middle.left = off.left;
          off.left = middle.right;
          middle.right = off;
          rightFirst = middle;
          update(off);
          middle = grandchild;
        } else {
          const grandchild: Tree | null = middle.right;
          if (grandchild === null) break;
          middle.right = leftLast;
          leftLast = middle;
          middle = grandchild;
        }
      } else {
        const child: Tree | null = middle.right;
        if (child === null) break;
        middle.right = leftLast; // reversed: points up the left tree's right spine
        leftLast = middle;
        middle = child;
        cmp = compare(middle, key);
        if (cmp === 0) break;
        if (cmp > 0) {
          const grandchild: Tree | null = middle.right;
          if (grandchild === null) break;
          // Zag-zag: rotate middle over leftLast, which leaves the spine.
          const off = leftLast;
          middle.right = off.right;
          off.right = middle.left;
          middle.left = off;
          leftLast = middle;
          update(off);
          middle = grandchild;
        } else {
          const grandchild: Tree | null = middle.left;
          if (grandchild === null) break;
          middle.left = rightFirst;
          rightFirst = middle;
          middle = grandchild;
        }
      }
    }
    this.stMiddle = middle;
    this.stLeftLast = leftLast;
    this.stRightFirst = rightFirst;
    return cmp;
  }

  /**
   * Join the pieces of a {@link SplayTree.splitRev}: walk each reversed
   * spine from its inner end, restoring the pointers and updating each node
   * after its children are final, then update the new root.
   */
  private assembleRev(): Tree {
    const update = this.upd as AnyUpdate;
    const middle = this.stMiddle as Tree;
    let child: Tree | null = middle.left;
    let node: Tree | null = this.stLeftLast;
    while (node !== null) {
      const parent: Tree | null = node.right;
      node.right = child;
      update(node);
      child = node;
      node = parent;
    }
    middle.left = child;
    child = middle.right;
    node = this.stRightFirst;
    while (node !== null) {
      const parent: Tree | null = node.left;
      node.left = child;
      update(node);
      child = node;
      node = parent;
    }
    middle.right = child;
    update(middle);
    this.stMiddle = this.stLeftLast = this.stRightFirst = null;
    return middle;
  }

  /** Split with the variant that suits the tree. The tree must not be empty. */
  private split(key: unknown, compare: AnyCompare): number {
    return this.upd === null ? this.splitDown(key, compare) : this.splitRev(key, compare);
  }

  /** Assemble with the variant that suits the tree, and make the middle root the tree's root. */
  private assemble(): void {
    this.rootNode = this.upd === null ? this.assembleDown() : this.assembleRev();
  }

  /**
   * `SplaySplay`: bring the node matching `key` (or, if none matches, a
   * neighbour of `key`) to the root. Returns the comparison of `key` with
   * the new root: 0 if it matches (or the tree is empty).
   */
  private splay(key: unknown, compare: AnyCompare): number {
    const root = this.rootNode;
    // Recently used nodes are often at the root already.
    if (root === null || compare(root, key) === 0) return 0;
    const cmp = this.split(key, compare);
    this.assemble();
    return cmp;
  }

  // ----- the interface -------------------------------------------------------

  /**
   * `SplayTreeFind`: return the node matching `key`, splayed to the root, or
   * null if there is none (design/splay `.req.locate`).
   */
  find(key: K): N | null {
    if (CHECKING) this.checkLive();
    if (this.splay(key, this.cmp) !== 0) return null;
    return this.rootNode as N | null;
  }

  /**
   * `SplayTreeInsert`: insert `node`, which must be a leaf outside any tree,
   * at its key (design/splay `.req.add`). Returns false, leaving the tree's
   * contents unchanged, if a node with a matching key is present. The node's
   * summary is computed here; the client need not initialise it.
   * Throws `PARAM` if `node` is not a leaf.
   */
  insert(node: N): boolean {
    if (CHECKING) {
      this.checkLive();
      if (!(node instanceof Tree) || node.left !== null || node.right !== null) {
        paramError("SplayTree.insert: the node must be a leaf Tree not in a tree");
      }
    }
    const upd = this.upd;
    if (this.rootNode === null) {
      if (upd !== null) upd(node);
      this.rootNode = node;
      return true;
    }
    const cmp = this.splay(this.nodeKey(node), this.cmp);
    if (cmp === 0) return false;
    const neighbour = this.rootNode;
    const fresh: Tree = node;
    if (cmp > 0) {
      // The root is the left neighbour: it becomes the new node's left child.
      fresh.right = neighbour.right;
      fresh.left = neighbour;
      neighbour.right = null;
    } else {
      fresh.left = neighbour.left;
      fresh.right = neighbour;
      neighbour.left = null;
    }
    if (upd !== null) {
      upd(neighbour);
      upd(fresh);
    }
    this.rootNode = fresh;
    return true;
  }

  /**
   * `SplayTreeDelete`: remove `node` from the tree (design/splay
   * `.req.remove`). Returns false, leaving the contents unchanged, if `node`
   * is not in the tree. The removed node is left a leaf.
   */
  delete(node: N): boolean {
    if (CHECKING) this.checkLive();
    if (this.rootNode === null) return false;
    if (this.splay(this.nodeKey(node), this.cmp) !== 0 || this.rootNode !== node) return false;
    const left: Tree | null = node.left;
    const right: Tree | null = node.right;
    if (left === null) {
      this.rootNode = right;
    } else if (right === null) {
      this.rootNode = left;
    } else {
      // Bring the last node of the left subtree to its root; it has no right child.
      this.rootNode = left;
      this.splay(undefined, compareAlwaysGreater);
      const last = this.rootNode as Tree;
      if (COOL) averCritical(last.right === null, "SplayTree.delete: the last node has no right child");
      last.right = right;
      if (this.upd !== null) this.upd(last);
    }
    node.left = null;
    node.right = null;
    return true;
  }

  /**
   * `SplayTreeNeighbours`: find the nodes either side of `key` in one splay
   * (design/splay `.req.neighbours`), and set `result.left` and
   * `result.right` to them (null where there is none). Returns false, setting
   * nothing, if a node matches `key`.
   */
  neighbours(key: K, result: SplayNeighbours<N>): boolean {
    if (CHECKING) this.checkLive();
    if (this.rootNode === null) {
      result.left = null;
      result.right = null;
      return true;
    }
    const cmp = this.split(key, this.cmp);
    let found = true;
    if (cmp === 0) {
      found = false;
    } else if (cmp < 0) {
      // The middle root follows the key and has no left child.
      result.left = this.stLeftLast as N | null;
      result.right = this.stMiddle as N;
    } else {
      result.left = this.stMiddle as N;
      result.right = this.stRightFirst as N | null;
    }
    this.assemble();
    return found;
  }

  /**
   * `SplayTreeFirst`: return the first node in key order, splayed to the
   * root, or null if the tree is empty (design/splay `.req.iterate`).
   */
  first(): N | null {
    if (CHECKING) this.checkLive();
    this.splay(undefined, compareAlwaysLess);
    return this.rootNode as N | null;
  }

  /**
   * `SplayTreeNext`: return the first node whose key follows `key`, splayed to
   * the root, or null if there is none. With {@link SplayTree.first} this
   * iterates in key order; between steps the client may delete the node just
   * returned, change its key within the gap around it, or insert nodes
   * (design/splay `.req.iterate`, `.fun.next`).
   */
  next(key: K): N | null {
    if (CHECKING) this.checkLive();
    if (this.rootNode === null) return null;
    if (this.splay(key, this.cmp) < 0) return this.rootNode as N;
    return this.successor();
  }

  /** Splay the root's successor to the root and return it, or null if the root is last. */
  private successor(): N | null {
    const oldRoot = this.rootNode as Tree;
    const right = oldRoot.right;
    if (right === null) return null;
    // Splay the first node of the right subtree alone, then hang the rest under it.
    oldRoot.right = null;
    this.rootNode = right;
    this.splay(undefined, compareAlwaysLess);
    const newRoot = this.rootNode as Tree;
    if (COOL) averCritical(newRoot.left === null, "SplayTree.next: the first node has no left child");
    newRoot.left = oldRoot;
    const upd = this.upd;
    if (upd !== null) {
      upd(oldRoot);
      upd(newRoot);
    }
    return newRoot as N;
  }

  /**
   * `SplayFindFirst`: return the first node in key order that passes
   * `testNode`, splayed to the root, or null if none does
   * (design/splay `.req.property.find`). `testTree` tells whether a subtree,
   * judged by its root's summary, holds a node that passes; `arg` is passed
   * to both tests. Amortised O(log n) when `testTree` is exact.
   * @remarks Critical path (a client's first-fit find): allocates nothing.
   */
  findFirst<A>(testNode: SplayTest<N, A>, testTree: SplayTest<N, A>, arg: A): N | null {
    return this.findEnd(testNode as AnyTest, testTree as AnyTest, arg, false) as N | null;
  }

  /**
   * `SplayFindLast`: as {@link SplayTree.findFirst}, but the last node in key order.
   * @remarks Critical path (a client's last-fit find): allocates nothing.
   */
  findLast<A>(testNode: SplayTest<N, A>, testTree: SplayTest<N, A>, arg: A): N | null {
    return this.findEnd(testNode as AnyTest, testTree as AnyTest, arg, true) as N | null;
  }

  /**
   * Steer a splay by the client's tests (design/splay `.impl.find`): the
   * comparisons below say "go left", "stop here" or "go right" to find the
   * first (or last) node that passes. If the splay stops at a node that does
   * not pass, the search goes on in the part of the tree after (before) it,
   * cut off temporarily so that nodes already seen are not searched again.
   */
  private findEnd(testNode: AnyTest, testTree: AnyTest, arg: unknown, last: boolean): Tree | null {
    if (CHECKING) {
      this.checkLive();
      if (typeof testNode !== "function" || typeof testTree !== "function") {
        paramError("SplayTree.find: testNode and testTree must be functions");
      }
    }
    const root = this.rootNode;
    if (root === null || !testTree(root, arg)) return null;
    const compare = last ? SplayTree.findLastCompare : SplayTree.findFirstCompare;
    this.fTestNode = testNode;
    this.fTestTree = testTree;
    this.fArg = arg;
    this.fFound = false;
    let found = this.splay(this, compare) === 0 && this.fFound;
    let result: Tree | null = null;
    for (;;) {
      if (found) {
        result = this.rootNode;
        break;
      }
      const seen = this.rootNode as Tree;
      const rest = last ? seen.left : seen.right;
      if (rest === null || !testTree(rest, arg)) break;
      if (last) seen.left = null;
      else seen.right = null;
      this.rootNode = rest;
      found = this.splay(this, compare) === 0 && this.fFound;
      // Put the part already seen back, under the node just splayed.
      const top = this.rootNode as Tree;
      if (last) {
        seen.left = top.right;
        top.right = seen;
      } else {
        seen.right = top.left;
        top.left = seen;
      }
      if (this.upd !== null) {
        this.upd(seen);
        this.upd(top);
      }
      this.rootNode = top;
    }
    this.fTestNode = null;
    this.fTestTree = null;
    this.fArg = undefined;
    return result;
  }

  /** The comparison that steers a splay to the first node passing the find's tests. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private static findFirstCompare(node: Tree, tree: SplayTree<any, any>): number {
    const testTree = tree.fTestTree as AnyTest;
    const arg = tree.fArg;
    const left = node.left;
    if (left !== null && testTree(left, arg)) return -1;
    if ((tree.fTestNode as AnyTest)(node, arg)) {
      tree.fFound = true;
      return 0;
    }
    const right = node.right;
    if (right !== null && !testTree(right, arg)) {
      // Nothing passes at or below this node: stop here, not found.
      tree.fFound = false;
      return 0;
    }
    return 1;
  }

  /** The comparison that steers a splay to the last node passing the find's tests. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private static findLastCompare(node: Tree, tree: SplayTree<any, any>): number {
    const testTree = tree.fTestTree as AnyTest;
    const arg = tree.fArg;
    const right = node.right;
    if (right !== null && testTree(right, arg)) return 1;
    if ((tree.fTestNode as AnyTest)(node, arg)) {
      tree.fFound = true;
      return 0;
    }
    const left = node.left;
    if (left !== null && !testTree(left, arg)) {
      tree.fFound = false;
      return 0;
    }
    return -1;
  }

  /**
   * `SplayNodeRefresh`: the client property of `node`, which is in the tree,
   * has changed (and perhaps its key, within the gap between its
   * neighbours): splay it to the root and recompute its summary
   * (design/splay `.req.property.change`). Throws `PARAM` if `node` is not
   * in the tree at its key.
   */
  refresh(node: N): void {
    if (CHECKING) this.checkLive();
    if (this.splay(this.nodeKey(node), this.cmp) !== 0 || this.rootNode !== node) {
      paramError("SplayTree.refresh: the node is not in the tree at its key");
    }
    if (this.upd !== null) this.upd(node);
  }

  /**
   * `SplayNodeInit`: compute the summary of a leaf outside the tree. (Insert
   * does this itself; this is for clients that read a node's summary before
   * inserting it.) Throws `PARAM` if `node` is not a leaf.
   */
  initNode(node: N): void {
    if (CHECKING) {
      this.checkLive();
      if (!(node instanceof Tree) || node.left !== null || node.right !== null) paramError("SplayTree.initNode: the node must be a leaf");
    }
    if (this.upd !== null) this.upd(node);
  }

  /**
   * `TreeTraverse`: call `visitor(node, arg)` on every node in key order
   * until it returns false, without splaying or changing the tree's shape.
   * Returns false if the visitor stopped it. The visitor must not change or
   * search the tree. Uses a stack kept by the tree, as deep as the tree.
   */
  traverse<A>(visitor: TreeVisitor<N, A>, arg: A): boolean {
    if (CHECKING) {
      this.checkLive();
      if (typeof visitor !== "function") paramError("SplayTree.traverse: visitor must be a function");
    }
    const stack = this.stack;
    let sp = 0;
    let high = 0;
    let node: Tree | null = this.rootNode;
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
        node = stack[--sp] as Tree;
        if (!visitor(node as N, arg)) break;
        node = node.right;
      }
    } finally {
      for (let i = 0; i < high; i++) stack[i] = null;
    }
    return completed;
  }

  /**
   * `TreeTraverseAndDelete`: call `visitor(node, arg)` on every node in key
   * order and remove each node for which it returns true (left a leaf).
   * The tree is flattened to a vine for the walk and rebuilt balanced, with
   * every summary recomputed, even if the visitor throws. O(n).
   */
  traverseAndDelete<A>(visitor: TreeDeleteVisitor<N, A>, arg: A): void {
    if (CHECKING) {
      this.checkLive();
      if (typeof visitor !== "function") paramError("SplayTree.traverseAndDelete: visitor must be a function");
    }
    let head = treeToVine(this.rootNode);
    this.rootNode = null;
    let prev: Tree | null = null;
    let node: Tree | null = head;
    try {
      while (node !== null) {
        const next: Tree | null = node.right;
        if (visitor(node as N, arg)) {
          if (prev === null) head = next;
          else prev.right = next;
          node.right = null;
        } else {
          prev = node;
        }
        node = next;
      }
    } finally {
      this.rootNode = this.buildFromVine(head);
    }
  }

  /** Rebuild a balanced tree from a vine, recomputing every summary bottom-up. */
  private buildFromVine(head: Tree | null): Tree | null {
    let n = 0;
    for (let node = head; node !== null; node = node.right) n++;
    this.vineCursor = head;
    const root = this.buildBalanced(n);
    this.vineCursor = null;
    return root;
  }

  /** Take the next `n` nodes of the vine and make them a balanced subtree (depth log2 n). */
  private buildBalanced(n: number): Tree | null {
    if (n === 0) return null;
    const nLeft = (n - 1) >>> 1;
    const left = this.buildBalanced(nLeft);
    const node = this.vineCursor as Tree;
    this.vineCursor = node.right;
    node.left = left;
    node.right = this.buildBalanced(n - 1 - nLeft);
    if (this.upd !== null) this.upd(node);
    return node;
  }

  /**
   * `SplayDebugCount`: count the nodes, checking that they are in strictly
   * increasing key order and form a tree (no node reached twice), and call
   * `checkNode` on each (for example to check its summary against its
   * children). O(n) time and space; for tests and `check()` at `cool`.
   * Failures go through the assertion handler.
   */
  debugCount(checkNode?: (node: N) => boolean): number {
    checkS(this, SIG_SPLAY_TREE, "SplayTree");
    const seen = new Set<Tree>();
    const path: Tree[] = [];
    let node: Tree | null = this.rootNode;
    let prev: Tree | null = null;
    let count = 0;
    for (;;) {
      while (node !== null) {
        checkL(!seen.has(node), "SplayTree: no node is reached twice");
        seen.add(node);
        treeCheck(node);
        path.push(node);
        node = node.left;
      }
      const top = path.pop();
      if (top === undefined) break;
      if (prev !== null) {
        checkL(this.cmp(prev, this.nodeKey(top as N)) > 0, "SplayTree: each key sorts after the previous node");
        checkL(this.cmp(top, this.nodeKey(prev as N)) < 0, "SplayTree: each node sorts after the previous key");
      }
      if (checkNode !== undefined) checkL(checkNode(top as N), "SplayTree: the client's node check passes");
      count++;
      prev = top;
      node = top.right;
    }
    return count;
  }

  /**
   * `SplayDebugUpdate`: recompute the summary of every node, bottom-up. For
   * clients that changed node properties behind the tree's back. O(n).
   */
  debugUpdate(): void {
    if (CHECKING) this.checkLive();
    const upd = this.upd;
    if (upd === null) return;
    // Post-order with an explicit stack (the tree may be a deep vine).
    const path: Tree[] = [];
    let node: Tree | null = this.rootNode;
    let last: Tree | null = null;
    while (node !== null || path.length > 0) {
      if (node !== null) {
        path.push(node);
        node = node.left;
      } else {
        const top = path[path.length - 1] as Tree;
        if (top.right !== null && top.right !== last) {
          node = top.right;
        } else {
          upd(top);
          last = top;
          path.pop();
        }
      }
    }
  }

  /**
   * `SplayTreeCheck`: check the tree's fields; at `cool`, also check every
   * node's order (O(n)). Returns true or reports through the assertion handler.
   */
  check(): boolean {
    checkS(this, SIG_SPLAY_TREE, "SplayTree");
    checkL(typeof this.compare === "function", "SplayTree.compare is a function");
    checkL(typeof this.nodeKey === "function", "SplayTree.nodeKey is a function");
    checkL(this.updateNode === null || typeof this.updateNode === "function", "SplayTree.updateNode is a function or null");
    treeCheck(this.rootNode);
    checkL(this.stMiddle === null && this.fTestNode === null, "SplayTree: no operation is in progress");
    if (COOL) this.debugCount();
    return true;
  }

  /**
   * `SplayTreeDescribe`: write the tree, one node per line in key order,
   * indented by its depth (up to 16 levels), using `describeNode` (or `String`) for each node.
   */
  describe(stream: WriteStream, depth = 0, describeNode?: TreeDescribeNode<N>): void {
    describeLine(stream, depth, `SplayTree ${this.sig === SIG_SPLAY_TREE ? "" : "(finished) "}{`);
    describeLine(stream, depth + 2, `summaries ${this.updateNode === null ? "no" : "yes"}`);
    const path: Tree[] = [];
    const depths: number[] = [];
    let node: Tree | null = this.rootNode;
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
      const text = describeNode ? describeNode(top as N) : String(top);
      // Indentation shows depth up to DESCRIBE_MAX_INDENT levels; deeper nodes say theirs.
      const shown = td < DESCRIBE_MAX_INDENT ? td : DESCRIBE_MAX_INDENT;
      describeLine(stream, depth + 2 + 2 * shown, td < DESCRIBE_MAX_INDENT ? text : `(depth ${td}) ${text}`);
      node = top.right;
      d = td + 1;
    }
    describeLine(stream, depth, "}");
  }

  /**
   * `SplayTreeFinish`: finish the tree. Its nodes are not touched; a client
   * that wants them back must remove them first. Any later use throws `PARAM`.
   */
  finish(): void {
    this.checkLive();
    this.rootNode = null;
    this.sig = SIG_INVALID;
  }

  /** Throw `PARAM` unless the tree is live. */
  private checkLive(): void {
    if (this.sig !== SIG_SPLAY_TREE) throw new MpsError("PARAM", "SplayTree: used after finish (bad signature)");
  }
}
