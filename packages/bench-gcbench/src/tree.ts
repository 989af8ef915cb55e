/**
 * gcbench's workload (`gcbench.c` `gc_tree`) on the MPS: trees of vectors
 * of `width` slots built to `depth`, remade `npass` times reusing old
 * subtrees with probability `preuse`, and updated by reallocating nodes with
 * probability `pupdate`. References held across an allocation live in an
 * exact root over a Uint32Array (the shadow stack); with the software
 * barrier every load and store of a reference in the heap goes through
 * `arena.loadRef`/`arena.storeRef`.
 * See docs/design/bench-gcbench.md `.impl.tree`.
 * .critical: MpsTree.mkvector, mktree, newTree, updateTree, randomSubtree.
 */

import { Rank, type AP, type Addr, type Root, type VMArena } from "@mps/mps";
import { VEC_OBJ, vectorSize } from "./formats.js";
import { Rnd } from "./rnd.js";
import type { BenchArena } from "./setup.js";

/**
 * The workload's parameters (gcbench's `-w -d -r -u -l`).
 * @public
 */
export interface TreeParams {
  /** Slots per vector (at least 1). */
  width: number;
  /** The depth of the trees. */
  depth: number;
  /** The probability of reusing an old subtree in a new tree. */
  preuse: number;
  /** The probability of reallocating a node when updating. */
  pupdate: number;
  /** Whether leaves are one leaf vector (held by an ambiguous root) rather than null. */
  pinLeaf: boolean;
}

/** Shadow-stack slot of the current tree. */
const TREE = 0;
/** Shadow-stack slot of the old tree while a new one is made from it. */
const OLD = 1;

/**
 * The tree workload on an MPS pool.
 * @public
 */
export class MpsTree {
  /** The arena. */
  readonly arena: VMArena;
  /** Vectors made so far. */
  objects = 0;
  private readonly bench: BenchArena;
  private readonly ap: AP;
  private readonly barrier: boolean;
  private readonly width: number;
  private readonly depth: number;
  private readonly preuse: number;
  private readonly pupdate: number;
  private readonly vsize: number;
  private readonly rnd: Rnd;
  /** The shadow stack: client pointers (0 is null), scanned exactly up to `sp`. */
  private readonly stack: Uint32Array;
  private sp = 2;
  /** The leaf vector (0 without `pinLeaf`), held by an ambiguous root as a C local would be. */
  private readonly leafBox = new Uint32Array(1);
  private readonly root: Root;
  private readonly leafRoot: Root;

  /**
   * @param bench - the arena and pool (its format must be {@link vectorFormat}).
   * @param params - the workload's parameters.
   * @param seed - the random seed.
   */
  constructor(bench: BenchArena, params: TreeParams, seed: number) {
    if (!(Number.isInteger(params.width) && params.width >= 1)) throw new RangeError(`MpsTree: width must be a positive integer, not ${params.width}`);
    this.bench = bench;
    this.arena = bench.arena;
    this.ap = bench.ap;
    this.barrier = bench.barrier;
    this.width = params.width;
    this.depth = params.depth;
    this.preuse = params.preuse;
    this.pupdate = params.pupdate;
    this.vsize = vectorSize(params.width);
    this.rnd = new Rnd(seed);
    const stack = new Uint32Array(2 * params.depth + 8);
    this.stack = stack;
    this.root = this.arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        const n = this.sp;
        for (let i = 0; i < n; i++) {
          const r = stack[i]!;
          if (r !== 0 && ss.fix1(r)) stack[i] = ss.fix2(r);
        }
      },
    });
    const leafBox = this.leafBox;
    this.leafRoot = this.arena.createRoot({
      rank: Rank.AMBIG,
      scan: (ss) => {
        const r = leafBox[0]!;
        if (r !== 0 && ss.fix1(r)) leafBox[0] = ss.fix2(r);
      },
    });
    if (params.pinLeaf) this.leafBox[0] = this.mktree(1);
  }

  /** The current tree (a client pointer, or 0). */
  tree(): Addr {
    return this.stack[TREE]!;
  }

  /** The leaf vector, or 0. */
  leaf(): Addr {
    return this.leafBox[0]!;
  }

  /** The random generator's state (to compare with a model). */
  rndState(): number {
    return this.rnd.state;
  }

  /** Slot `i` of vector `v`, through the barrier when there is one. */
  slot(v: Addr, i: number): Addr {
    const a = v + 4 + 4 * i;
    return this.barrier ? this.arena.loadRef(a) : this.arena.mem.u32[a >>> 2]!;
  }

  private setSlot(v: Addr, i: number, ref: Addr): void {
    const a = v + 4 + 4 * i;
    if (this.barrier) this.arena.storeRef(a, ref);
    else this.arena.mem.u32[a >>> 2] = ref;
  }

  /** A vector of null slots (`make_dylan_vector`). */
  private mkvector(): Addr {
    const ap = this.ap;
    const size = this.vsize;
    const mem = this.arena.mem;
    let p: Addr;
    do {
      p = ap.reserve(size);
      const u32 = mem.u32;
      const b = p >>> 2;
      const e = b + (size >>> 2);
      u32[b] = size | VEC_OBJ;
      for (let k = b + 1; k < e; k++) u32[k] = 0;
    } while (!ap.commit(p, size));
    if ((++this.objects & 63) === 0) this.bench.sample();
    return p;
  }

  /** A full tree of depth `d` whose leaves are the leaf (`mktree`). */
  private mktree(d: number): Addr {
    if (d <= 0) return this.leafBox[0]!;
    const stack = this.stack;
    const s = this.sp;
    stack[s] = 0; // never let the root scan a stale slot
    this.sp = s + 1;
    stack[s] = this.mkvector();
    for (let i = 0; i < this.width; i++) {
      const c = this.mktree(d - 1);
      this.setSlot(stack[s]!, i, c);
    }
    this.sp = s;
    return stack[s]!;
  }

  /** Follow `levels` random slots down from `tree` (`random_subtree`). */
  private randomSubtree(tree: Addr, levels: number): Addr {
    while (tree !== 0 && levels > 0) {
      tree = this.slot(tree, this.rnd.next() % this.width);
      --levels;
    }
    return tree;
  }

  /** A new tree of depth `d` reusing subtrees of the old one (`new_tree`). */
  private newTree(d: number): Addr {
    if (this.rnd.double() < this.preuse) return this.randomSubtree(this.stack[OLD]!, this.depth - d);
    if (d === 0) return 0;
    const stack = this.stack;
    const s = this.sp;
    stack[s] = 0; // never let the root scan a stale slot
    this.sp = s + 1;
    stack[s] = this.mkvector();
    for (let i = 0; i < this.width; i++) {
      const c = this.newTree(d - 1);
      this.setSlot(stack[s]!, i, c);
    }
    this.sp = s;
    return stack[s]!;
  }

  /** The same tree with nodes reallocated with probability `pupdate` (`update_tree`). */
  private updateTree(old: Addr, d: number): Addr {
    if (old === 0 || d === 0) return old;
    const stack = this.stack;
    const s = this.sp;
    stack[s] = old;
    if (this.rnd.double() < this.pupdate) {
      stack[s + 1] = 0;
      this.sp = s + 2;
      stack[s + 1] = this.mkvector();
      for (let i = 0; i < this.width; i++) {
        const c = this.updateTree(this.slot(stack[s]!, i), d - 1);
        this.setSlot(stack[s + 1]!, i, c);
      }
      this.sp = s;
      return stack[s + 1]!;
    }
    this.sp = s + 1;
    for (let i = 0; i < this.width; i++) {
      const c = this.updateTree(this.slot(stack[s]!, i), d - 1);
      // Write only if the subtree changed (the slot may have been fixed meanwhile, so reload it).
      if (c !== this.slot(stack[s]!, i)) this.setSlot(stack[s]!, i, c);
    }
    this.sp = s;
    return stack[s]!;
  }

  /** Start an iteration: a new full tree. */
  beginIteration(): void {
    this.stack[TREE] = 0;
    this.stack[TREE] = this.mktree(this.depth);
  }

  /** One pass over the tree: remake it (unless `preuse` is 1), then update it (if `pupdate` > 0). */
  pass(): void {
    const stack = this.stack;
    if (this.preuse < 1.0) {
      stack[OLD] = stack[TREE]!;
      const t = this.newTree(this.depth);
      stack[TREE] = t;
      stack[OLD] = 0;
    }
    if (this.pupdate > 0.0) {
      const t = this.updateTree(stack[TREE]!, this.depth);
      stack[TREE] = t;
    }
  }

  /** The whole workload (`gc_tree`): `niter` iterations of a new tree and `npass` passes. */
  run(niter: number, npass: number, afterPass?: (iter: number, pass: number) => void): void {
    for (let i = 0; i < niter; i++) {
      this.beginIteration();
      afterPass?.(i, -1);
      for (let j = 0; j < npass; j++) {
        this.pass();
        afterPass?.(i, j);
      }
      this.bench.drainMessages();
    }
  }

  /** Drop the roots (the arena must be parked or the tree no longer needed). */
  destroy(): void {
    this.stack.fill(0);
    this.sp = 0;
    this.leafBox[0] = 0;
    this.root.destroy();
    this.leafRoot.destroy();
  }
}
