/**
 * The descent floor (docs/design/speed-facts.md `.fact.descent-floor`): what a
 * random descent of a perfectly balanced binary tree of address ranges costs
 * in JS, in three layouts, with and without the client's memory traffic
 * between descents, and what 16-key nodes searched in order (a B-tree's
 * layout) cost instead. Run with `pnpm bench:descent` (about a minute).
 */

/** A node as the CBS keeps one: a JS object with two children and the range. */
class RangeNode {
  left: RangeNode | null = null;
  right: RangeNode | null = null;
  maxSize = 8;
  zones = 0;
  constructor(
    public base: number,
    public limit: number,
  ) {}
}

const ITER = 3_000_000;
const KEY_STRIDE = 1000;
/** The client memory written between descents in the "amid writes" row: 8 MiB, 4 times the L2. */
const CLIENT_WORDS = 2 << 20;

function objectTree(n: number): RangeNode | null {
  // Junk between the nodes, so that they are scattered as in a long-running program.
  const junk: unknown[] = [];
  const build = (lo: number, hi: number): RangeNode | null => {
    if (lo >= hi) return null;
    const m = (lo + hi) >> 1;
    const node = new RangeNode(m * KEY_STRIDE, m * KEY_STRIDE + 8);
    junk.push({ m }, [m]);
    node.left = build(lo, m);
    node.right = build(m + 1, hi);
    return node;
  };
  const root = build(0, n);
  if (junk.length === 0 && n > 0) throw new Error("unreachable");
  return root;
}

interface Columns {
  root: number;
  base: Int32Array;
  limit: Int32Array;
  kids: Int32Array;
}

function columnTree(n: number): Columns {
  const base = new Int32Array(n + 1);
  const limit = new Int32Array(n + 1);
  const kids = new Int32Array(2 * (n + 1));
  let next = 1;
  const build = (lo: number, hi: number): number => {
    if (lo >= hi) return 0;
    const m = (lo + hi) >> 1;
    const i = next++;
    base[i] = m * KEY_STRIDE;
    limit[i] = m * KEY_STRIDE + 8;
    kids[2 * i] = build(lo, m);
    kids[2 * i + 1] = build(m + 1, hi);
    return i;
  };
  return { root: build(0, n), base, limit, kids };
}

function descendObjects(root: RangeNode | null, k: number): number {
  let node = root;
  let d = 0;
  while (node !== null) {
    d++;
    node = k < node.base ? node.left : k >= node.limit ? node.right : null;
  }
  return d;
}

function descendColumns(t: Columns, k: number): number {
  const { base, limit, kids } = t;
  let i = t.root;
  let d = 0;
  while (i !== 0) {
    d++;
    if (k < base[i]!) i = kids[2 * i]!;
    else if (k >= limit[i]!) i = kids[2 * i + 1]!;
    else break;
  }
  return d;
}

function descendBranchFree(t: Columns, k: number): number {
  const { base, limit, kids } = t;
  let i = t.root;
  let d = 0;
  while (i !== 0) {
    d++;
    if (k >= base[i]! && k < limit[i]!) break;
    // The child index from the comparison's sign bit: no data-dependent branch.
    i = kids[(i << 1) | ((base[i]! - k - 1) >>> 31)]!;
  }
  return d;
}

/**
 * The same ranges in 16-key nodes searched in order, as a B-tree keeps them:
 * `levels[0]` is the root's keys, each level's key i the least base under its
 * child i (node i of the next level), and the last level the ranges' bases.
 */
interface Wide {
  levels: Int32Array[];
  limit: Int32Array;
}
const FANOUT = 16;

function wideTree(n: number): Wide {
  const base = new Int32Array(n);
  const limit = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    base[m] = m * KEY_STRIDE;
    limit[m] = m * KEY_STRIDE + 8;
  }
  const levels = [base];
  while (levels[0]!.length > FANOUT) {
    const below = levels[0]!;
    const up = new Int32Array(Math.ceil(below.length / FANOUT));
    for (let j = 0; j < up.length; j++) up[j] = below[j * FANOUT]!;
    levels.unshift(up);
  }
  return { levels, limit };
}

function descendWide(t: Wide, k: number): number {
  const levels = t.levels;
  let i = 0;
  let d = 0;
  for (let l = 0; l < levels.length; l++) {
    const keys = levels[l]!;
    const start = i * FANOUT;
    const end = Math.min(start + FANOUT, keys.length);
    // The last key at or below k: a scan of neighbouring words, not a chain of loads.
    i = start;
    while (i + 1 < end && keys[i + 1]! <= k) i++;
    d++;
  }
  return k < t.limit[i]! ? d : -d;
}

/** Nanoseconds per iteration of `step`, less the loop with no descent. */
function time(n: number, step: (k: number) => number, client: Int32Array | null): number {
  const loop = (f: ((k: number) => number) | null): number => {
    let s = 12345;
    let acc = 0;
    const mask = client === null ? 0 : client.length - 1;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITER; i++) {
      s = (s * 48271) % 2147483647;
      if (f !== null) acc += f((s % n) * KEY_STRIDE + 3);
      if (client !== null) {
        const j = (s * 7) & mask;
        client[j] = i;
        client[(j + 8191) & mask] = acc;
      }
    }
    const ns = Number(process.hrtime.bigint() - t0) / ITER;
    if (acc < 0) throw new Error("unreachable");
    return ns;
  };
  const bare = loop(null);
  return loop(step) - bare;
}

console.log(`descent floor: ${ITER.toLocaleString("en")} random descents of a balanced binary tree of address ranges (every key present), per layout;`);
console.log(`"amid writes" also writes two words at random in ${(CLIENT_WORDS * 4) >> 20} MiB of client memory per descent; ns are per descent, less the bare loop; fastest of 3 rounds`);
const client = new Int32Array(CLIENT_WORDS);
for (const n of [110, 2700, 30000]) {
  const objects = objectTree(n);
  const columns = columnTree(n);
  const wide = wideTree(n);
  const rows: Array<[string, (k: number) => number, Int32Array | null]> = [
    ["JS objects (the CBS's layout; baseline)", (k) => descendObjects(objects, k), null],
    ["JS objects, amid writes", (k) => descendObjects(objects, k), client],
    ["Int32Array columns", (k) => descendColumns(columns, k), null],
    ["Int32Array columns, branch-free step", (k) => descendBranchFree(columns, k), null],
    [`${FANOUT}-key nodes scanned in order (a B-tree)`, (k) => descendWide(wide, k), null],
  ];
  const best = rows.map(() => Infinity);
  for (let round = 0; round < 3; round++) rows.forEach(([, f, c], i) => (best[i] = Math.min(best[i]!, time(n, f, c))));
  const levels = Math.ceil(Math.log2(n + 1));
  console.log(`\n${n} nodes (${levels} levels)`);
  rows.forEach(([label], i) =>
    console.log(`  ${label.padEnd(42)} ${best[i]!.toFixed(1).padStart(6)} ns  ${(best[i]! / levels).toFixed(1).padStart(4)} ns/level  ${(best[i]! / best[0]!).toFixed(2)}x baseline`),
  );
}
