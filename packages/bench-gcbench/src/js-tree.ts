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
    if (this.preuse < 1.0) {
      this.old = this.tree;
      this.tree = this.newTree(this.depth);
      this.old = null;
    }
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
