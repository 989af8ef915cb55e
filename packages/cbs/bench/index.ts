/**
 * Benchmarks of @mps/cbs: each prints its workload and its ratio to a
 * baseline measured in the same run (design/cbs .test.bench).
 *
 * Workload: an address space of alignment units (8 bytes) that starts as
 * 10^5 isolated free ranges, alternating free and allocated runs of 1–16
 * units. Then 10^6 operations, a third each, all valid: insert a random run
 * of allocated units (a free), delete a random run of free units (an
 * allocation at a chosen place), both starting at a random unit (or at the
 * start of its run while there are more than 10^5 ranges, which keeps the
 * count near 10^5), and findFirst of 1–16 units with FindDelete
 * LOW half the time (a first-fit allocation) and NONE otherwise. The
 * sequence is generated once, before timing, by simulating it on a bit map
 * (and a CBSFast for the finds' answers), so both lands replay identical,
 * valid operations from identical states. The subject is CBSFast; the
 * baseline is ArrayLand (@mps/land/test-util: sorted arrays, binary search,
 * shifting, linear finds), which replays the first 20,000 operations.
 *
 * .req.fast: the operations measured here are the ones that must cost amortised O(log n).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";
import { FindDelete, type Land, Range } from "@mps/land";
import { ArrayLand } from "@mps/land/test-util";
import { CBSBlockStore, CBSFast, SIG_CBS } from "../src/index.js";

const RANGES = 100_000;
const OPS = 1_000_000;
const BASELINE_OPS = 20_000;
const ALIGN = 8;
const MAX_RUN = 16;

let seed = 0x2545f491;
function rnd(limit: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % limit;
}

// ----- the initial state: runs of free (1) and allocated (0) units ----------

const initial: number[] = []; // base and limit unit of each free run
let units = 0;
for (let i = 0; i < RANGES; i++) {
  units += 1 + rnd(MAX_RUN); // allocated run before it
  const len = 1 + rnd(MAX_RUN);
  initial.push(units, units + len);
  units += len;
}
units += 1 + rnd(MAX_RUN);
const UNITS = units;

function fill(land: Land): void {
  const r = new Range();
  for (let i = 0; i < initial.length; i += 2) land.insert(r, (initial[i] as number) * ALIGN, (initial[i + 1] as number) * ALIGN);
}

// ----- generate the operations ------------------------------------------------

const INSERT = 0;
const DELETE = 1;
const FIND = 2; // the third kind: every k that is neither INSERT nor DELETE
const kind = new Uint8Array(OPS);
const argA = new Uint32Array(OPS); // base, or size for a find
const argB = new Uint32Array(OPS); // limit, or FindDelete for a find
let finalSize = 0;
let rangesMin = Infinity;
let rangesMax = 0;
{
  const free = new Uint8Array(UNITS);
  for (let i = 0; i < initial.length; i += 2) free.fill(1, initial[i], initial[i + 1]);
  const sim = new CBSFast({ alignment: ALIGN });
  fill(sim);
  const r = new Range();
  const o = new Range();
  /**
   * A run of up to MAX_RUN units whose state is `want`, from a random unit;
   * while there are more than RANGES ranges, from the start of that unit's
   * run instead, so that a delete does not split and an insert coalesces:
   * this keeps the number of ranges near RANGES.
   */
  const pick = (want: number): [number, number] => {
    let u: number;
    do u = rnd(UNITS);
    while (free[u] !== want);
    if (sim.blockCount > RANGES) while (u > 0 && free[u - 1] === want) u--;
    let end = u + 1;
    while (end < UNITS && end - u < MAX_RUN && free[end] === want) end++;
    return [u, u + 1 + rnd(end - u)];
  };
  for (let i = 0; i < OPS; i++) {
    const k = rnd(FIND + 1);
    kind[i] = k;
    if (k === INSERT) {
      const [b, l] = pick(0);
      argA[i] = b * ALIGN;
      argB[i] = l * ALIGN;
      sim.insert(r, b * ALIGN, l * ALIGN);
      free.fill(1, b, l);
    } else if (k === DELETE) {
      const [b, l] = pick(1);
      argA[i] = b * ALIGN;
      argB[i] = l * ALIGN;
      sim.delete(r, b * ALIGN, l * ALIGN);
      free.fill(0, b, l);
    } else {
      // FIND
      const size = (1 + rnd(MAX_RUN)) * ALIGN;
      const fd = rnd(2) === 0 ? FindDelete.LOW : FindDelete.NONE;
      argA[i] = size;
      argB[i] = fd;
      if (sim.findFirst(r, o, size, fd) && fd === FindDelete.LOW) free.fill(0, r.base / ALIGN, r.limit / ALIGN);
    }
    const n = sim.blockCount;
    if (n < rangesMin) rangesMin = n;
    if (n > rangesMax) rangesMax = n;
  }
  finalSize = sim.size();
  sim.finish();
}

// ----- replay -----------------------------------------------------------------

const r = new Range();
const o = new Range();

function replay(land: Land, n: number): number {
  let found = 0;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    if (k === INSERT) land.insert(r, argA[i] as number, argB[i] as number);
    else if (k === DELETE) land.delete(r, argA[i] as number, argB[i] as number);
    else if (land.findFirst(r, o, argA[i] as number, argB[i] as FindDelete)) found++;
  }
  return found;
}

// One block pool for every run of the subject, so that later runs recycle blocks.
const pool = new CBSBlockStore();
let cbs = new CBSFast({ alignment: ALIGN, blockPool: pool });
let baseline = new ArrayLand({ alignment: ALIGN });

function freshCBS(): void {
  if (cbs.cbsSig === SIG_CBS) cbs.finish(); // its blocks go back to the pool
  cbs = new CBSFast({ alignment: ALIGN, blockPool: pool });
  fill(cbs);
}
function freshBaseline(): void {
  baseline = new ArrayLand({ alignment: ALIGN });
  fill(baseline);
}

// Check once that the replay is valid and ends where the simulation did.
freshCBS();
replay(cbs, OPS);
if (cbs.size() !== finalSize) throw new Error(`bench: replay ended with size ${cbs.size()}, not ${finalSize}`);
freshBaseline();
const check = new CBSFast({ alignment: ALIGN });
fill(check);
if (replay(baseline, BASELINE_OPS) !== replay(check, BASELINE_OPS) || baseline.size() !== check.size()) {
  throw new Error("bench: the baseline and the CBS disagree");
}

const fmt = (n: number): string => n.toLocaleString("en-US");
await runBenchPairs("@mps/cbs", [
  {
    workload:
      `${fmt(RANGES)} initial isolated ranges (between ${fmt(rangesMin)} and ${fmt(rangesMax)} during the run) in ${fmt(UNITS)} units of ${ALIGN} bytes; ` +
      `random insert / delete / findFirst (LOW or NONE), 1/3 each, 1-${MAX_RUN} units: CBSFast ${fmt(OPS)} ops per run, ArrayLand the first ${fmt(BASELINE_OPS)}`,
    ops: OPS,
    baseline: { name: "ArrayLand (sorted arrays)", fn: () => replay(baseline, BASELINE_OPS), beforeEach: freshBaseline, ops: BASELINE_OPS },
    subject: { name: "CBSFast", fn: () => replay(cbs, OPS), beforeEach: freshCBS },
    minRatio: 10,
    iterations: 5,
  },
]);
