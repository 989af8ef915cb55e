/**
 * Verification of the tree workload: every node reachable from the MPS's
 * current tree is a well-formed vector and corresponds, slot by slot and
 * with the same sharing, to the node of the JS model built from the same
 * seed. See docs/design/bench-gcbench.md `.test.verify`.
 * .critical: none (tests and `--verify` only).
 */

import { VEC_OBJ, vectorSize } from "./formats.js";
import type { JsNode, JsTree } from "./js-tree.js";
import type { MpsTree } from "./tree.js";

/**
 * Check the MPS tree against the model; returns the number of distinct
 * vectors checked. Throws an Error that names the first difference.
 * @param mps - the workload on the MPS.
 * @param model - the same workload on JS arrays, at the same point.
 * @param width - slots per vector.
 * @public
 */
export function verifyTree(mps: MpsTree, model: JsTree, width: number): number {
  if (mps.rndState() !== model.rndState()) throw new Error(`verify: random states differ (${mps.rndState()} and ${model.rndState()})`);
  const header = vectorSize(width) | VEC_OBJ;
  const toModel = new Map<number, JsNode>();
  const toMps = new Map<JsNode, number>();
  const work: [number, JsNode | null, string][] = [[mps.tree(), model.tree, "tree"]];
  const leaf = mps.leaf();
  if (leaf !== 0 || model.leaf !== null) work.push([leaf, model.leaf, "leaf"]);
  while (work.length > 0) {
    const [p, n, path] = work.pop()!;
    if (n === null) {
      if (p !== 0) throw new Error(`verify: ${path} should be null, is ${p}`);
      continue;
    }
    if (p === 0) throw new Error(`verify: ${path} is null, should be a vector`);
    const seen = toModel.get(p);
    if (seen !== undefined) {
      if (seen !== n) throw new Error(`verify: ${path}: the vector at ${p} stands for two model nodes`);
      continue;
    }
    if (toMps.has(n)) throw new Error(`verify: ${path}: one model node is two vectors (${toMps.get(n)} and ${p})`);
    toModel.set(p, n);
    toMps.set(n, p);
    const h = mps.arena.mem.u32[p >>> 2]!;
    if (h !== header) throw new Error(`verify: ${path}: the vector at ${p} has header ${h}, expected ${header}`);
    for (let i = 0; i < width; i++) work.push([mps.slot(p, i), n[i]!, `${path}[${i}]`]);
  }
  return toModel.size;
}
