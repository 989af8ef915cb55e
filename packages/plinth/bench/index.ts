/**
 * Benchmarks of @mps/plinth: the library calls against the bare typed-array
 * operations they wrap, on both sides of the loop/bulk crossover
 * (docs/design/plinth.md `.impl.crossover`), and the clock against the host
 * timer it reads. Each prints its workload and its ratio to the baseline.
 *
 * .req.lib.fast: the library calls against the operations they wrap; .req.clock.fast: the clock against the host timer.
 */
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { LIB_LOOP_MAX, clock, libMemcmp, libMemcpy, libMemset } from "../src/index.js";

const MEM = 1 << 20;
const mem = new Uint8Array(MEM);
for (let i = 0; i < MEM; i++) mem[i] = (i * 131) & 0xff;
const HALF = MEM >>> 1;

function copyPair(size: number): BenchPair {
  const n = Math.max(1000, Math.floor(4e6 / (size + 32)));
  return {
    workload: `copy ${n} blocks of ${size} bytes within a 1 MiB Uint8Array (loop up to ${LIB_LOOP_MAX} bytes, copyWithin above)`,
    ops: n,
    iterations: 20,
    baseline: {
      name: "bare copyWithin",
      fn: () => {
        for (let r = 0; r < n; r++) {
          const s = (r * 64) & (HALF - 1) & ~1023;
          mem.copyWithin(HALF + s, s, s + size);
        }
      },
    },
    subject: {
      name: "libMemcpy",
      fn: () => {
        for (let r = 0; r < n; r++) {
          const s = (r * 64) & (HALF - 1) & ~1023;
          libMemcpy(mem, HALF + s, mem, s, size);
        }
      },
    },
  };
}

/** The comparison loop with no argument checks: what libMemcmp costs beyond it is its checks. */
function bareCmp(a: Uint8Array, p: number, b: Uint8Array, q: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const d = a[p + i]! - b[q + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

const FILL = 4096;
const CMP = 256;
const cmpA = new Uint8Array(CMP).map((_, i) => (i * 7) & 0xff);
const cmpB = cmpA.slice();

await runBenchPairs("@mps/plinth", [
  copyPair(4),
  copyPair(8),
  copyPair(16),
  copyPair(64),
  copyPair(4096),
  {
    workload: `fill 1000 blocks of ${FILL} bytes`,
    ops: 1000,
    iterations: 20,
    baseline: { name: "bare fill", fn: () => { for (let r = 0; r < 1000; r++) mem.fill(r & 0xff, (r * FILL) & (MEM - 1), ((r * FILL) & (MEM - 1)) + FILL); } },
    subject: { name: "libMemset", fn: () => { for (let r = 0; r < 1000; r++) libMemset(mem, (r * FILL) & (MEM - 1), r & 0xff, FILL); } },
  },
  {
    workload: `compare two equal ${CMP}-byte blocks 10 000 times`,
    ops: 10_000,
    iterations: 20,
    baseline: { name: "unchecked byte loop", fn: () => { let d = 0; for (let r = 0; r < 10_000; r++) d |= bareCmp(cmpA, 0, cmpB, 0, CMP); return d; } },
    subject: { name: "libMemcmp", fn: () => { let d = 0; for (let r = 0; r < 10_000; r++) d |= libMemcmp(cmpA, 0, cmpB, 0, CMP); return d; } },
  },
  {
    workload: "read the clock 1 000 000 times",
    ops: 1e6,
    iterations: 20,
    baseline: { name: "performance.now()", fn: () => { let s = 0; for (let i = 0; i < 1e6; i++) s += performance.now(); return s; } },
    subject: { name: "clock()", fn: () => { let s = 0; for (let i = 0; i < 1e6; i++) s += clock(); return s; } },
  },
]);
