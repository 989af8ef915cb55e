/**
 * The same tree workload built of plain JS arrays under V8's collector: the
 * baseline gcbench's MPS figures are compared with, and the model the tests
 * check the MPS trees against (the same seed makes the same trees).
 * See docs/design/bench-gcbench.md `.impl.js-tree`.
 * .critical: JsTree.mktree, newTree, updateTree (the baseline's loops).
 */

import { Rnd } from "./rnd.js";
import type { TreeParams } from "./tree.js";

/**
 * A vector: an array of `width` slots, each a vector or null.
 * @public
 */
export type JsNode = (JsNode | null)[];

/**
 * The tree workload on JS arrays.
 * @public
 */
export class JsTree {
  /** Vectors made so far. */
  objects = 0;
  /** The current tree. */
  tree: JsNode | null = null;
  /** The leaf vector, or null. */
  readonly leaf: JsNode | null;
  private old: JsNode | null = null;
  private readonly width: number;
  private readonly depth: number;
  private readonly preuse: number;
  private readonly pupdate: number;
  private readonly rnd: Rnd;

  /** @param params - the workload's parameters. @param seed - the random seed. */
  constructor(params: TreeParams, seed: number) {
    if (!(Number.isInteger(params.width) && params.width >= 1)) throw new RangeError(`JsTree: width must be a positive integer, not ${params.width}`);
    this.width = params.width;
    this.depth = params.depth;
    this.preuse = params.preuse;
    this.pupdate = params.pupdate;
    this.rnd = new Rnd(seed);
    this.leaf = null;
    if (params.pinLeaf) this.leaf = this.mktree(1);
  }

  /** The random generator's state. */
  rndState(): number {
    return this.rnd.state;
  }

  private mkvector(): JsNode {
    this.objects++;
    const v: JsNode = new Array<JsNode | null>(this.width);
    for (let i = 0; i < this.width; i++) v[i] = null;
    return v;
  }

  private mktree(d: number): JsNode | null {
    if (d <= 0) return this.leaf;
    const t = this.mkvector();
    for (let i = 0; i < this.width; i++) t[i] = this.mktree(d - 1);
    return t;
  }

  private randomSubtree(tree: JsNode | null, levels: number): JsNode | null {
    while (tree !== null && levels > 0) {
      tree = tree[this.rnd.next() % this.width]!;
      --levels;
    }
    return tree;
  }

  private newTree(d: number): JsNode | null {
    if (this.rnd.double() < this.preuse) return this.randomSubtree(this.old, this.depth - d);
    if (d === 0) return null;
    const t = this.mkvector();
    for (let i = 0; i < this.width; i++) t[i] = this.newTree(d - 1);
    return t;
  }

  private updateTree(old: JsNode | null, d: number): JsNode | null {
    if (old === null || d === 0) return old;
    if (this.rnd.double() < this.pupdate) {
      const t = this.mkvector();
      for (let i = 0; i < this.width; i++) t[i] = this.updateTree(old[i]!, d - 1);
      return t;
    }
    for (let i = 0; i < this.width; i++) {
      const o = old[i]!;
      const c = this.updateTree(o, d - 1);
      if (c !== o) old[i] = c;
    }
    return old;
  }

  /** Start an iteration: a new full tree. */
  beginIteration(): void {
    this.tree = null;
    this.tree = this.mktree(this.depth);
  }

  /** One pass: remake the tree from the old one, then update it. */
  pass(): void {
    this.remake();
    this.update();
  }

  /** The first half of a pass: a new tree made from the old one (`new_tree`), which is held until the new one is complete. */
  remake(): void {
    if (this.preuse < 1.0) {
      this.old = this.tree;
      this.tree = this.newTree(this.depth);
      this.old = null;
    }
  }

  /** The second half of a pass: nodes reallocated at random (`update_tree`). */
  update(): void {
    if (this.pupdate > 0.0) this.tree = this.updateTree(this.tree, this.depth);
  }

  /** The whole workload. */
  run(niter: number, npass: number): void {
    for (let i = 0; i < niter; i++) {
      this.beginIteration();
      for (let j = 0; j < npass; j++) this.pass();
    }
  }
}

/**
 * The number of distinct vectors reachable from `roots` (a shared subtree
 * counts once).
 * @public
 */
export function countVectors(roots: readonly (JsNode | null)[]): number {
  const seen = new Set<JsNode>();
  const stack: JsNode[] = [];
  for (const r of roots) if (r !== null) stack.push(r);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c !== null && !seen.has(c)) stack.push(c);
    }
  }
  return seen.size;
}

/**
 * The largest number of vectors the tree workload holds live at once, from
 * the JS model (the same seed makes the same trees as on the MPS). The peak
 * of a pass is at the end of `new_tree`: the whole old tree is still held
 * and every vector made since is in the new one, so the live count is the
 * old tree's plus the vectors made; an iteration's first tree and each
 * updated tree are counted by traversal. `update_tree` holds at most a path
 * of replaced vectors more than the tree it returns, which is ignored.
 * GC messages give only a lower bound (a collection reports what survived
 * of what it condemned, at the moment it ran); this is the denominator of
 * the report's peak-committed ratio (docs/design/bench-gcbench.md `.def.live`).
 * @public
 */
export function maxLiveVectors(params: TreeParams, seed: number, niter: number, npass: number): number {
  const t = new JsTree(params, seed);
  let max = 0;
  for (let i = 0; i < niter; i++) {
    t.beginIteration();
    let live = countVectors([t.tree, t.leaf]);
    max = Math.max(max, live);
    for (let j = 0; j < npass; j++) {
      const made = t.objects;
      t.remake();
      max = Math.max(max, live + t.objects - made);
      t.update();
      live = countVectors([t.tree, t.leaf]);
      max = Math.max(max, live);
    }
  }
  return max;
}
