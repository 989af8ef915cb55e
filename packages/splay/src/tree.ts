/**
 * Binary tree nodes (design.mps.splay `.type.tree`): the intrusive node a
 * client extends with its own key and summary fields, and checks of a node.
 * See docs/design/splay.md `.type.tree`.
 * .critical: none here; the splay operations in splay.ts are the hot ones.
 */

import { checkL } from "@mps/mpm";

/**
 * A node of a binary tree. Clients extend it with their key and any
 * summary fields, e.g. `class Block extends Tree { base = 0; limit = 0; maxSize = 0 }`;
 * the tree never allocates nodes. A node belongs to at most one tree at a time,
 * and is a leaf (both children null) whenever it is outside a tree.
 * @public
 */
export class Tree {
  /** The subtree of nodes whose keys sort before this node's, or null. */
  left: this | null = null;
  /** The subtree of nodes whose keys sort after this node's, or null. */
  right: this | null = null;
}

/**
 * `TreeCheck`: check the shape of one node (its children are nodes or null).
 * Returns true or reports through the assertion handler.
 * @public
 */
export function treeCheck(node: Tree | null): boolean {
  if (node !== null) {
    checkL(node instanceof Tree, "Tree: a node is a Tree");
    checkL(node.left === null || node.left instanceof Tree, "Tree.left is a Tree or null");
    checkL(node.right === null || node.right instanceof Tree, "Tree.right is a Tree or null");
    checkL(node.left !== node && node.right !== node, "Tree: a node is not its own child");
  }
  return true;
}

/**
 * `TreeCheckLeaf`: check that `node` is a node with no children, as a node
 * must be before it is inserted.
 * @public
 */
export function treeIsLeaf(node: Tree): boolean {
  return node instanceof Tree && node.left === null && node.right === null;
}
