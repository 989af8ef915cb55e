/**
 * The benchmark harness every package's `bench/index.ts` uses: each case
 * runs a baseline and a subject in the same process, on the same workload,
 * in alternating rounds, and prints the workload, both rates (of the fastest
 * round) and their ratio. Benchmarks run at the
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
  /** Rounds: measured calls of each function, alternating (default 7). */
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

interface Measured {
  opsPerSec: number;
  /** Spread: how much slower the median round was than the fastest, in percent. */
  spread: number;
  samples: number;
}

/**
 * Measure a baseline and a subject in alternating rounds (tinybench times one
 * call of each per round, baseline first, then subject first, in turn), and
 * keep each one's fastest round. Alternating and taking the fastest makes the
 * ratio robust to load from other processes, which on a shared 2-core
 * machine otherwise swings it by tens of percent.
 */
async function measurePair(a: BenchFn, b: BenchFn, ops: number, rounds: number): Promise<[Measured, Measured]> {
  const times: [number[], number[]] = [[], []];
  const fns = [a, b] as const;
  for (let r = -1; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const bench = new Bench({ iterations: 1, time: 0, warmupIterations: r < 0 ? 1 : 0, warmupTime: 0, throws: true });
    for (const i of order) {
      const f = fns[i]!;
      bench.add(`${i}`, f.fn, f.beforeEach ? { beforeEach: f.beforeEach } : {});
    }
    await bench.run();
    if (r < 0) continue; // the first round only warms up
    for (const task of bench.tasks) {
      const res = task.result as unknown as { period?: number; error?: unknown };
      if (!res || res.error !== undefined || res.period === undefined) throw new Error(`bench ${task.name} did not complete: ${String(res?.error)}`);
      times[Number(task.name) as 0 | 1].push(res.period);
    }
  }
  return [0, 1].map((i) => {
    const t = [...times[i as 0 | 1]].sort((x, y) => x - y);
    const best = t[0]!;
    const median = t[Math.floor(t.length / 2)]!;
    return { opsPerSec: (fns[i as 0 | 1].ops ?? ops) / (best / 1000), spread: (100 * (median - best)) / best, samples: t.length };
  }) as [Measured, Measured];
}

/** Run the pairs in order, print each, and set a failing exit code if a ratio misses its target. */
export async function runBenchPairs(pkg: string, pairs: BenchPair[]): Promise<BenchPairResult[]> {
  const level = process.env["MPS_CHECK"] || "hot";
  console.log(`${pkg} benchmarks (Node ${process.version}, MPS_CHECK=${level})`);
  const results: BenchPairResult[] = [];
  for (const p of pairs) {
    const it = p.iterations ?? 7;
    console.log(`\n${p.workload}`);
    const [b, s] = await measurePair(p.baseline, p.subject, p.ops, it);
    const ratio = s.opsPerSec / b.opsPerSec;
    const w = Math.max(p.baseline.name.length, p.subject.name.length);
    console.log(`  baseline  ${p.baseline.name.padEnd(w)}  ${fmt(b.opsPerSec).padStart(14)} ops/s  (fastest of ${b.samples} alternating runs; median +${b.spread.toFixed(0)}%)`);
    console.log(`  subject   ${p.subject.name.padEnd(w)}  ${fmt(s.opsPerSec).padStart(14)} ops/s  (fastest of ${s.samples} alternating runs; median +${s.spread.toFixed(0)}%)`);
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

/**
 * A loop given as source text, compiled into several copies for
 * {@link runBenchCopies}. `src` is a function body that returns the loop
 * function (`return function loop(...) { ... }`); `deps` are the names and
 * values it may use (passed as parameters of the maker, so they are closure
 * variables of every copy); `args` are the loop's arguments.
 */
export interface BenchLoop {
  name: string;
  src: string;
  deps: Record<string, unknown>;
  /** The loop's arguments, or a function (called untimed before each run) that makes them afresh. */
  args: unknown[] | (() => unknown[]);
}

/** A subject loop and its baseline loop, compared across compiled copies. */
export interface BenchCopiesPair {
  workload: string;
  ops: number;
  baseline: BenchLoop;
  subject: BenchLoop;
  minRatio?: number;
  /** Copies of each loop (default 8). */
  copies?: number;
  /** Rounds over all copies (default 8). */
  rounds?: number;
}

function compileLoop(loop: BenchLoop, copy: number): (...args: unknown[]) => unknown {
  // The copy's number makes its source unique: V8 shares compiled code and
  // feedback between functions made from the same text.
  const names = Object.keys(loop.deps);
  const make = new Function(...names, `// ${loop.name}, copy ${copy}\n${loop.src}`) as (...deps: unknown[]) => (...args: unknown[]) => unknown;
  return make(...names.map((n) => loop.deps[n]));
}

/**
 * Compare a subject loop with its baseline so that neither load nor code
 * placement decides the result. A tight loop on this machine runs at one of
 * two speeds depending on where V8 places its machine code (a loop that
 * crosses an alignment boundary runs up to twice as slow), so one compiled
 * copy of each loop, as {@link runBenchPairs} measures, may show either mode,
 * and the ratio flips between runs. Here each loop is compiled `copies`
 * times (new machine code at new addresses), the copies of both run
 * alternately for `rounds` rounds, and each loop keeps its fastest copy and
 * round. Prints the per-copy figures, so the two modes can be seen. Sets a
 * failing exit code if the ratio is below `minRatio`.
 */
export function runBenchCopies(pkg: string, pairs: BenchCopiesPair[]): BenchPairResult[] {
  const results: BenchPairResult[] = [];
  for (const pair of pairs) {
    const copies = pair.copies ?? 8;
    const rounds = pair.rounds ?? 8;
    const base = Array.from({ length: copies }, (_, c) => ({ fn: compileLoop(pair.baseline, c), best: Infinity }));
    const subj = Array.from({ length: copies }, (_, c) => ({ fn: compileLoop(pair.subject, c), best: Infinity }));
    for (let r = 0; r < rounds; r++) {
      for (let c = 0; c < copies; c++) {
        for (const [x, loop] of [[base[c]!, pair.baseline], [subj[c]!, pair.subject]] as const) {
          const args = typeof loop.args === "function" ? loop.args() : loop.args;
          const t = performance.now();
          x.fn(...args);
          x.best = Math.min(x.best, performance.now() - t);
        }
      }
    }
    const ns = (ms: number) => ((ms * 1e6) / pair.ops).toFixed(2);
    const list = (xs: { best: number }[]) => xs.map((x) => ns(x.best)).join(" ");
    const b = Math.min(...base.map((x) => x.best));
    const s = Math.min(...subj.map((x) => x.best));
    const ratio = b / s;
    console.log(`\n${pair.workload}; ${copies} compiled copies of each loop, alternating, fastest of ${rounds} rounds (${pkg})`);
    console.log(`  baseline  ${pair.baseline.name.padEnd(28)} ${ns(b)} ns/op  (copies: ${list(base)})`);
    console.log(`  subject   ${pair.subject.name.padEnd(28)} ${ns(s)} ns/op  (copies: ${list(subj)})`);
    const target = pair.minRatio === undefined ? "" : `  (target ≥ ${pair.minRatio}x: ${ratio >= pair.minRatio ? "met" : "MISSED"})`;
    console.log(`  ratio     ${ratio.toFixed(2)}x${target}`);
    if (pair.minRatio !== undefined && ratio < pair.minRatio) process.exitCode = 1;
    results.push({ workload: pair.workload, baselineOpsPerSec: (pair.ops * 1000) / b, subjectOpsPerSec: (pair.ops * 1000) / s, ratio });
  }
  return results;
}
