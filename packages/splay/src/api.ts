/**
 * Types, constants and the signature of the splay tree module: the
 * comparison results and the shapes of the client functions.
 * See docs/design/splay.md (`.type.*`).
 * .critical: none (declarations only).
 */

import { defineSig } from "@mps/mpm";

/**
 * The signature of a live {@link SplayTree} (design.mps.sig).
 * @public
 */
export const SIG_SPLAY_TREE: number = defineSig("SplayTree", 0x519b1a77);

/**
 * A {@link TreeCompare} result: the key sorts before the node's key.
 * @public
 */
export const CMP_LESS = -1;

/**
 * A {@link TreeCompare} result: the key matches the node.
 * @public
 */
export const CMP_EQUAL = 0;

/**
 * A {@link TreeCompare} result: the key sorts after the node's key.
 * @public
 */
export const CMP_GREATER = 1;

/**
 * Compare `key` with the key of `node` (design/splay `.type.compare`):
 * return a negative number ({@link CMP_LESS}) if `key` sorts before the
 * node, zero ({@link CMP_EQUAL}) if it matches it, and a positive number
 * ({@link CMP_GREATER}) if it sorts after. It must define a total order
 * consistent with the tree, must not allocate on a hot path, and must not
 * call back into the tree.
 * @public
 */
export type TreeCompare<N, K> = (node: N, key: K) => number;

/**
 * Return the key of `node`, as passed to a {@link TreeCompare}
 * (design/splay `.type.key`). Called on insert, delete and refresh.
 * @public
 */
export type TreeKeyOf<N, K> = (node: N) => K;

/**
 * Recompute the client summary of `node` from its own property and the
 * summaries of its children (design/splay `.type.update`). The tree calls it
 * bottom-up after every restructuring, so a child's summary is always up to
 * date when its parent is updated. It must not call back into the tree.
 * @public
 */
export type SplayUpdateNode<N> = (node: N) => void;

/**
 * A client test on one node, or on the summary of a subtree, as used by
 * {@link SplayTree.findFirst} and {@link SplayTree.findLast}
 * (design/splay `.type.test`). `arg` is whatever the caller passed to the
 * find, so the test needs no closure. A subtree test must be true whenever
 * some node of the subtree passes the node test; it should be exact for the
 * find to be logarithmic.
 * @public
 */
export type SplayTest<N, A> = (node: N, arg: A) => boolean;

/**
 * Called by {@link SplayTree.traverse} on each node in key order with the
 * caller's `arg`; return false to stop. It must not call the tree.
 * @public
 */
export type TreeVisitor<N, A> = (node: N, arg: A) => boolean;

/**
 * Called by {@link SplayTree.traverseAndDelete} on each node in key order
 * with the caller's `arg`; return true to remove the node from the tree.
 * It must not call the tree.
 * @public
 */
export type TreeDeleteVisitor<N, A> = (node: N, arg: A) => boolean;

/**
 * Writes a short, one-line description of a node for
 * {@link SplayTree.describe}.
 * @public
 */
export type TreeDescribeNode<N> = (node: N) => string;

/**
 * Where {@link SplayTree.neighbours} returns the two neighbours of a key: a
 * caller-owned record reused across calls, so that the search allocates
 * nothing.
 * @public
 */
export interface SplayNeighbours<N> {
  /** The node with the greatest key before the key, or null. */
  left: N | null;
  /** The node with the least key after the key, or null. */
  right: N | null;
}

/**
 * Options of a {@link SplayTree}.
 * @public
 */
export interface SplayTreeOpts<N, K> {
  /** Compare a key with a node; MUST define a total order. */
  compare: TreeCompare<N, K>;
  /** The key of a node. */
  nodeKey: TreeKeyOf<N, K>;
  /**
   * Recompute a node's summary from its children, or null if the client
   * keeps no summaries (the tree then uses a cheaper splay).
   * @defaultValue null
   */
  updateNode?: SplayUpdateNode<N> | null;
}
