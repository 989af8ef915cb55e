/**
 * The descent floor (docs/design/speed-facts.md `.fact.descent-floor`): what a
 * random descent of a perfectly balanced binary tree of address ranges costs
 * in JS, in three layouts, with and without the client's memory traffic
 * between descents. Run with `pnpm bench:descent` (about half a minute).
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
for (const n of [110, 2700]) {
  const objects = objectTree(n);
  const columns = columnTree(n);
  const rows: Array<[string, (k: number) => number, Int32Array | null]> = [
    ["JS objects (the CBS's layout; baseline)", (k) => descendObjects(objects, k), null],
    ["JS objects, amid writes", (k) => descendObjects(objects, k), client],
    ["Int32Array columns", (k) => descendColumns(columns, k), null],
    ["Int32Array columns, branch-free step", (k) => descendBranchFree(columns, k), null],
  ];
  const best = rows.map(() => Infinity);
  for (let round = 0; round < 3; round++) rows.forEach(([, f, c], i) => (best[i] = Math.min(best[i]!, time(n, f, c))));
  const levels = Math.ceil(Math.log2(n + 1));
  console.log(`\n${n} nodes (${levels} levels)`);
  rows.forEach(([label], i) =>
    console.log(`  ${label.padEnd(42)} ${best[i]!.toFixed(1).padStart(6)} ns  ${(best[i]! / levels).toFixed(1).padStart(4)} ns/level  ${(best[i]! / best[0]!).toFixed(2)}x baseline`),
  );
}
