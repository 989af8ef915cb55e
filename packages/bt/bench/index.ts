/**
 * Benchmarks of @mps/bt: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 *
 * The workload: a table of 10^6 bits, each set independently with a stated
 * probability (a fixed-seed generator, so every run sees the same table). One
 * call sweeps the whole table for runs of reset bits: from the low end, each
 * search starts where the previous run ended; from the high end, each search
 * stops where the previous run began. The subject is this package's run
 * finder; the baseline is the same sweep with a search that reads one bit at a
 * time. Both sweeps must find the same runs (checked before timing).
 * Figures are in bits swept per second.
 *
 * .req.speed: the finders cost per word, not per bit.
 */
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import {
  type BT,
  BTRange,
  btCreate,
  btFindLongResRange,
  btFindLongResRangeHigh,
  btFindShortResRange,
  btFindShortResRangeHigh,
} from "../src/index.js";

const N = 1_000_000;

/** A table of N bits, each set with probability `density`. */
function randomTable(density: number, seed: number): BT {
  const bt = btCreate(N);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < N; i++) {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    if (s / 2 ** 32 < density) bt[i >>> 5]! |= 1 << (i & 31);
  }
  return bt;
}

type Find = (bt: BT, searchBase: number, searchLimit: number, length: number, result: BTRange) => number;

function bit(bt: BT, i: number): number {
  return (bt[i >>> 5]! >>> (i & 31)) & 1;
}

// ---- the baseline: the same searches, one bit at a time --------------------

function naiveShortLow(bt: BT, sb: number, sl: number, len: number, r: BTRange): number {
  let run = 0;
  for (let i = sb; i < sl; i++) {
    if (bit(bt, i) === 0) {
      if (++run === len) {
        r.base = i + 1 - len;
        r.limit = i + 1;
        return r.base;
      }
    } else run = 0;
  }
  return -1;
}

function naiveShortHigh(bt: BT, sb: number, sl: number, len: number, r: BTRange): number {
  let run = 0;
  for (let i = sl - 1; i >= sb; i--) {
    if (bit(bt, i) === 0) {
      if (++run === len) {
        r.base = i;
        r.limit = i + len;
        return i;
      }
    } else run = 0;
  }
  return -1;
}

function naiveLongLow(bt: BT, sb: number, sl: number, len: number, r: BTRange): number {
  if (naiveShortLow(bt, sb, sl, len, r) < 0) return -1;
  let j = r.limit;
  while (j < sl && bit(bt, j) === 0) j++;
  r.limit = j;
  return r.base;
}

function naiveLongHigh(bt: BT, sb: number, sl: number, len: number, r: BTRange): number {
  if (naiveShortHigh(bt, sb, sl, len, r) < 0) return -1;
  let i = r.base;
  while (i > sb && bit(bt, i - 1) === 0) i--;
  r.base = i;
  return i;
}

// ---- the sweeps -------------------------------------------------------------

const r = new BTRange();

/** Find every run from the low end; the number found. */
function sweepLow(find: Find, bt: BT, len: number): number {
  let count = 0;
  let b = 0;
  while (N - b >= len) {
    if (find(bt, b, N, len, r) < 0) break;
    count++;
    b = r.limit;
  }
  return count;
}

/** Find every run from the high end; the number found. */
function sweepHigh(find: Find, bt: BT, len: number): number {
  let count = 0;
  let l = N;
  while (l >= len) {
    if (find(bt, 0, l, len, r) < 0) break;
    count++;
    l = r.base;
  }
  return count;
}

/** A pair: sweep with `subject` and with `baseline`, after checking that they agree. */
function pair(what: string, density: number, len: number, high: boolean, subject: Find, baseline: Find): BenchPair {
  const bt = randomTable(density, 0x9e3779b9 ^ Math.round(density * 1000));
  const sweep = high ? sweepHigh : sweepLow;
  const found = sweep(subject, bt, len);
  const expected = sweep(baseline, bt, len);
  if (found !== expected) throw new Error(`${what}: the subject found ${found} runs, the baseline ${expected}`);
  return {
    workload:
      `${what}: sweep 10^6 bits (${Math.round(density * 100)}% set at random) for runs of ` +
      `${what.includes("Long") ? "at least " : ""}${len} reset bits from the ${high ? "high" : "low"} end, ` +
      `${found} runs found; ops = bits swept`,
    ops: N,
    iterations: 40,
    baseline: { name: "bit-at-a-time loop", fn: () => sweep(baseline, bt, len) },
    subject: { name: what, fn: () => sweep(subject, bt, len) },
  };
}

await runBenchPairs("@mps/bt", [
  pair("btFindShortResRange", 0.5, 8, false, btFindShortResRange, naiveShortLow),
  pair("btFindShortResRangeHigh", 0.5, 8, true, btFindShortResRangeHigh, naiveShortHigh),
  pair("btFindLongResRange", 0.25, 16, false, btFindLongResRange, naiveLongLow),
  pair("btFindLongResRangeHigh", 0.25, 16, true, btFindLongResRangeHigh, naiveLongHigh),
  // An arena's page table: mostly allocated, looking for a few free pages.
  pair("btFindShortResRange", 0.9, 2, false, btFindShortResRange, naiveShortLow),
  // A length no run reaches: both searches read the whole table.
  pair("btFindLongResRange", 0.5, 100, false, btFindLongResRange, naiveLongLow),
]);
