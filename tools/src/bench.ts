/**
 * The benchmark harness every package's `bench/index.ts` uses: each case
 * runs a baseline and a subject in the same process, on the same workload,
 * and prints the workload, both rates and their ratio. Benchmarks run at the
 * checking level in force (`hot` unless MPS_CHECK says otherwise).
 */
import { Bench } from "tinybench";

/** One measured function. `fn` does the whole workload once. */
export interface BenchFn {
  /** What it is, e.g. `"CBS"` or `"sorted-array land"`. */
  name: string;
  /** Do the workload once. */
  fn: () => unknown;
  /** Run before each measured call (not timed): rebuild the state `fn` consumes. */
  beforeEach?: () => void;
  /** Operations one call of `fn` performs; defaults to the pair's `ops`. */
  ops?: number;
}

/** A subject and the baseline it is compared against. */
export interface BenchPair {
  /** The full workload, printed before the figures. */
  workload: string;
  /** Operations one call performs (for ops/s). */
  ops: number;
  baseline: BenchFn;
  subject: BenchFn;
  /** The smallest acceptable subject/baseline ratio, if the project sets one. */
  minRatio?: number;
  /** Measured calls of each function (default 5). */
  iterations?: number;
}

/** The figures of one pair, as printed. */
export interface BenchPairResult {
  workload: string;
  baselineOpsPerSec: number;
  subjectOpsPerSec: number;
  ratio: number;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

async function measure(f: BenchFn, ops: number, iterations: number): Promise<{ opsPerSec: number; rme: number; samples: number }> {
  const bench = new Bench({ iterations, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add(f.name, f.fn, f.beforeEach ? { beforeEach: f.beforeEach } : {});
  await bench.run();
  const task = bench.tasks[0];
  const r = task?.result as unknown as { period?: number; latency?: { rme?: number; samplesCount?: number; samples?: number[] }; error?: unknown };
  if (!r || r.error !== undefined || r.period === undefined) throw new Error(`bench ${f.name} did not complete: ${String(r?.error)}`);
  return {
    opsPerSec: (f.ops ?? ops) / (r.period / 1000),
    rme: r.latency?.rme ?? 0,
    samples: r.latency?.samplesCount ?? r.latency?.samples?.length ?? iterations,
  };
}

/** Run the pairs in order, print each, and set a failing exit code if a ratio misses its target. */
export async function runBenchPairs(pkg: string, pairs: BenchPair[]): Promise<BenchPairResult[]> {
  const level = process.env["MPS_CHECK"] || "hot";
  console.log(`${pkg} benchmarks (Node ${process.version}, MPS_CHECK=${level})`);
  const results: BenchPairResult[] = [];
  for (const p of pairs) {
    const it = p.iterations ?? 5;
    console.log(`\n${p.workload}`);
    const b = await measure(p.baseline, p.ops, it);
    const s = await measure(p.subject, p.ops, it);
    const ratio = s.opsPerSec / b.opsPerSec;
    const w = Math.max(p.baseline.name.length, p.subject.name.length);
    console.log(`  baseline  ${p.baseline.name.padEnd(w)}  ${fmt(b.opsPerSec).padStart(14)} ops/s  (±${b.rme.toFixed(1)}%, ${b.samples} runs)`);
    console.log(`  subject   ${p.subject.name.padEnd(w)}  ${fmt(s.opsPerSec).padStart(14)} ops/s  (±${s.rme.toFixed(1)}%, ${s.samples} runs)`);
    let line = `  ratio     ${ratio.toFixed(2)}x`;
    if (p.minRatio !== undefined) {
      const ok = ratio >= p.minRatio;
      line += `  (target ≥ ${p.minRatio}x: ${ok ? "met" : "MISSED"})`;
      if (!ok) process.exitCode = 1;
    }
    console.log(line);
    results.push({ workload: p.workload, baselineOpsPerSec: b.opsPerSec, subjectOpsPerSec: s.opsPerSec, ratio });
  }
  return results;
}
