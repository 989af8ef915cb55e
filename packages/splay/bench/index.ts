/**
 * Benchmarks of @mps/splay: each prints its workload and its ratio to a
 * baseline measured in the same run.
 *
 * Workload: a set of 10^5 live integer keys drawn from [0, 2·10^5); then
 * random operations, each a find, an insert or a delete (1/3 each) of a
 * uniformly random key in that range. The subject is a SplayTree of
 * preallocated nodes (one per possible key, so the loop allocates nothing);
 * the baseline is a sorted JS array searched by binary search and changed by
 * splice. The baseline runs fewer operations (it is O(n) per change).
 *
 * .req.fast: the operations measured here are the ones that must cost amortised O(log n).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";
import { SplayTree, Tree } from "../src/index.js";

const KEY_SPACE = 200_000;
const LIVE = 100_000;
const OPS = 1_000_000;
const BASELINE_OPS = 50_000;

// A deterministic generator, so both sides see the same operations.
let seed = 0x2545f491;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}

const initialKeys: number[] = [];
{
  const taken = new Uint8Array(KEY_SPACE);
  while (initialKeys.length < LIVE) {
    const k = Math.floor(rnd() * KEY_SPACE);
    if (!taken[k]) {
      taken[k] = 1;
      initialKeys.push(k);
    }
  }
}
const opKind = new Uint8Array(OPS);
const opKey = new Int32Array(OPS);
for (let i = 0; i < OPS; i++) {
  opKind[i] = Math.floor(rnd() * 3);
  opKey[i] = Math.floor(rnd() * KEY_SPACE);
}

// ----- subject: a splay tree (with a summary, as the CBS uses it) ------------

class Node extends Tree {
  maxKey = 0;
  constructor(public key: number) {
    super();
  }
}
function compareNode(node: Node, key: number): number {
  return key < node.key ? -1 : key > node.key ? 1 : 0;
}
function keyOfNode(node: Node): number {
  return node.key;
}
function updateNode(node: Node): void {
  let m = node.key;
  const r = node.right;
  if (r !== null && r.maxKey > m) m = r.maxKey;
  node.maxKey = m;
}

const nodes: Node[] = Array.from({ length: KEY_SPACE }, (_, k) => new Node(k));
// Which nodes are in the tree: a node in a tree may not be inserted again.
const inTree = new Uint8Array(KEY_SPACE);
let tree = new SplayTree<Node, number>({ compare: compareNode, nodeKey: keyOfNode, updateNode });

function buildTree(): void {
  for (const n of nodes) n.left = n.right = null;
  inTree.fill(0);
  tree = new SplayTree<Node, number>({ compare: compareNode, nodeKey: keyOfNode, updateNode });
  for (const k of initialKeys) {
    tree.insert(nodes[k] as Node);
    inTree[k] = 1;
  }
}

function runTree(): number {
  let hits = 0;
  for (let i = 0; i < OPS; i++) {
    const k = opKey[i] as number;
    const kind = opKind[i];
    if (kind === 0) {
      if (tree.find(k) !== null) hits++;
    } else if (kind === 1) {
      if (inTree[k] === 0) {
        tree.insert(nodes[k] as Node);
        inTree[k] = 1;
        hits++;
      }
    } else if (inTree[k] === 1) {
      tree.delete(nodes[k] as Node);
      inTree[k] = 0;
      hits++;
    }
  }
  return hits;
}

// ----- baseline: a sorted array with binary search and splice ------------------

let sorted: number[] = [];
function buildSorted(): void {
  sorted = initialKeys.slice().sort((a, b) => a - b);
}
function lowerBound(a: number[], k: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function runSorted(): number {
  let hits = 0;
  const a = sorted;
  for (let i = 0; i < BASELINE_OPS; i++) {
    const k = opKey[i] as number;
    const kind = opKind[i];
    const j = lowerBound(a, k);
    const present = j < a.length && a[j] === k;
    if (kind === 0) {
      if (present) hits++;
    } else if (kind === 1) {
      if (!present) {
        a.splice(j, 0, k);
        hits++;
      }
    } else if (present) {
      a.splice(j, 1);
      hits++;
    }
  }
  return hits;
}

await runBenchPairs("@mps/splay", [
  {
    workload: `${LIVE.toLocaleString("en-US")} live keys in [0, ${KEY_SPACE.toLocaleString("en-US")}); random find/insert/delete (1/3 each) of random keys: SplayTree (with a summary) ${OPS.toLocaleString("en-US")} ops per run, sorted array ${BASELINE_OPS.toLocaleString("en-US")} ops per run`,
    ops: OPS,
    baseline: { name: "sorted array + binary search + splice", fn: runSorted, beforeEach: buildSorted, ops: BASELINE_OPS },
    subject: { name: "SplayTree", fn: runTree, beforeEach: buildTree },
    minRatio: 3,
  },
]);
