// A test client of the splay tree: integer keys, a size property, and the
// maximum size of a subtree as its summary (design/splay .def.summary).
import { SplayTree, Tree } from "../src/index.js";

export class Item extends Tree {
  maxSize = 0;
  constructor(
    public key: number,
    public size: number,
  ) {
    super();
  }
}

export function compareItem(node: Item, key: number): number {
  return key < node.key ? -1 : key > node.key ? 1 : 0;
}

export function keyOfItem(node: Item): number {
  return node.key;
}

export let updateCalls = 0;

export function updateItem(node: Item): void {
  updateCalls++;
  let m = node.size;
  const l = node.left;
  const r = node.right;
  if (l !== null && l.maxSize > m) m = l.maxSize;
  if (r !== null && r.maxSize > m) m = r.maxSize;
  node.maxSize = m;
}

export function makeTree(withSummaries = true): SplayTree<Item, number> {
  return new SplayTree<Item, number>({
    compare: compareItem,
    nodeKey: keyOfItem,
    updateNode: withSummaries ? updateItem : null,
  });
}

/** The summary a node should have, computed from scratch (recursively; test trees are small or balanced). */
export function trueMax(node: Item | null): number {
  if (node === null) return -Infinity;
  return Math.max(node.size, trueMax(node.left), trueMax(node.right));
}

/** Does every node's summary equal the maximum of its subtree? Iterative, so vines are fine. */
export function summariesCorrect(tree: SplayTree<Item, number>): boolean {
  let ok = true;
  tree.debugCount((n) => {
    const want = Math.max(n.size, n.left ? n.left.maxSize : -Infinity, n.right ? n.right.maxSize : -Infinity);
    if (n.maxSize !== want) ok = false;
    return true;
  });
  return ok;
}

/** Keys in order, by traversal. */
export function keysOf(tree: SplayTree<Item, number>): number[] {
  const out: number[] = [];
  tree.traverse((n, acc) => {
    acc.push(n.key);
    return true;
  }, out);
  return out;
}

export function hasSize(n: Item, size: number): boolean {
  return n.size >= size;
}

export function subtreeHasSize(n: Item, size: number): boolean {
  return n.maxSize >= size;
}
