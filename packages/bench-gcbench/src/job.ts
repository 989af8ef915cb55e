/**
 * One measurement of the report as a job that can run in a process of its
 * own: a tree run (MPS or V8) or a churn figure (the fastest over compiled
 * copies of the loop). A process per measurement is what a program with one
 * pool and one barrier would see: the collector's shared code then has type
 * feedback from that configuration only, as each run of the C gcbench is its
 * own process. See docs/design/bench-gcbench.md `.impl.isolate`.
 * .critical: none (drives the measured loops).
 */

import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GcbenchOptions, GcbenchTest } from "./options.js";
import { churnBenchArena, runChurnFloor, runChurnJs, runChurnMps, runTreeJs, runTreeMps, type ChurnRunOpts, type JsResult, type MpsChurnResult, type MpsTreeResult } from "./run.js";

/**
 * A measurement.
 * @public
 */
export type Job =
  | { kind: "tree-mps"; o: GcbenchOptions; test: GcbenchTest; reps?: number }
  | { kind: "tree-js"; o: GcbenchOptions; reps?: number }
  | { kind: "churn-mps"; o: ChurnRunOpts; copies: number; reps: number; key: string }
  | { kind: "churn-js"; window: number; cells: number; seed: number; copies: number; reps: number; key: string }
  | { kind: "churn-floor"; window: number; cells: number; seed: number; copies: number; reps: number; key: string };

/**
 * What a job measured.
 * @public
 */
export type JobResult = MpsTreeResult | JsResult | MpsChurnResult | (JsResult & { verified: number });

/**
 * Churn runs over compiled copies of the loop (`ChurnParams.copy`): each of
 * `copies` copies labelled `key` runs a short untimed warm-up, then `n` full
 * runs; the run of least CPU time is kept. So code placement does not decide
 * a figure (docs/design/speed-facts.md `.fact.placement`); V8's loop is
 * measured the same way.
 * @public
 */
export function bestOfCopies<T extends { cpu: number }>(copies: number, n: number, key: string, fn: (copy: string, cells?: number) => T): T {
  if (!(copies >= 1 && n >= 1)) throw new RangeError("bestOfCopies: copies and n must be at least 1");
  let best: T | undefined;
  for (let c = 0; c < copies; c++) {
    const copy = `${key} #${c}`;
    fn(copy, 1_000_000);
    const r = fastest(n, () => fn(copy));
    if (best === undefined || r.cpu < best.cpu) best = r;
  }
  return best!;
}

/**
 * The fastest of `n` runs. A tree job runs its whole configuration twice:
 * the JIT needs about a full run to settle (`-d 16 -i 20` on AMC took 1.32,
 * 0.94, 0.81 and 0.81 CPU seconds in four runs in one process), and a
 * shorter warm-up, even one that collected many times, left the measured
 * run at 1.4 seconds.
 */
function fastest<T extends { cpu: number }>(n: number, run: () => T): T {
  let best = run();
  for (let i = 1; i < n; i++) {
    const r = run();
    if (r.cpu < best.cpu) best = r;
  }
  return best;
}

/**
 * The MPS churn's figure, as {@link bestOfCopies} measures, but each copy's
 * warm-up and timed runs share one arena and format, with a new pool for
 * each run ({@link BenchArena.renew}): the collector code V8 optimised
 * during the warm-up for the format's methods is what the timed runs use,
 * as in a program that keeps its arena (docs/design/bench-gcbench.md `.impl.renew`).
 * @public
 */
export function bestChurnMps(o: ChurnRunOpts, copies: number, n: number, key: string): MpsChurnResult {
  if (!(copies >= 1 && n >= 1)) throw new RangeError("bestChurnMps: copies and n must be at least 1");
  let best: MpsChurnResult | undefined;
  for (let c = 0; c < copies; c++) {
    const copy = `${key} #${c}`;
    const bench = churnBenchArena(o);
    try {
      runChurnMps({ ...o, cells: 1_000_000, copy }, bench);
      for (let i = 0; i < n; i++) {
        bench.renew();
        const r = runChurnMps({ ...o, copy }, bench);
        if (best === undefined || r.cpu < best.cpu) best = r;
      }
    } finally {
      bench.finish();
    }
  }
  return best!;
}

/**
 * Run a job in this process: a tree job is the fastest of `reps` runs
 * (default 2), a churn job the fastest over compiled copies.
 * @public
 */
export function runJob(job: Job): JobResult {
  switch (job.kind) {
    case "tree-mps":
      return fastest(job.reps ?? 2, () => runTreeMps(job.o, job.test, true));
    case "tree-js":
      return fastest(job.reps ?? 2, () => runTreeJs(job.o));
    case "churn-mps":
      return bestChurnMps(job.o, job.copies, job.reps, job.key);
    case "churn-js":
      return bestOfCopies(job.copies, job.reps, job.key, (copy, cells = job.cells) => runChurnJs({ window: job.window, cells, seed: job.seed, copy }));
    case "churn-floor":
      return bestOfCopies(job.copies, job.reps, job.key, (copy, cells = job.cells) => runChurnFloor({ window: job.window, cells, seed: job.seed, copy }));
    default:
      throw new RangeError(`gcbench job: unknown kind ${JSON.stringify((job as { kind: unknown }).kind)}`);
  }
}

// JSON has no Infinity (heapGrowth's default) and no Float64Array (pauses).
function replacer(_k: string, v: unknown): unknown {
  if (v === Infinity) return "Infinity";
  if (v instanceof Float64Array) return { f64: Array.from(v) };
  return v;
}
function reviver(_k: string, v: unknown): unknown {
  if (v === "Infinity") return Infinity;
  if (v !== null && typeof v === "object" && "f64" in v && Array.isArray((v as { f64: unknown }).f64)) return Float64Array.from((v as { f64: number[] }).f64);
  return v;
}

/** A job as the command line of `job-main.js` takes it. @public */
export function encodeJob(job: Job): string {
  return JSON.stringify(job, replacer);
}

/** The job `encodeJob` wrote. @public */
export function decodeJob(text: string): Job {
  return JSON.parse(text, reviver) as Job;
}

/** A result as `job-main.js` prints it (one line). @public */
export function encodeResult(r: JobResult): string {
  return JSON.stringify(r, replacer);
}

/** The result `encodeResult` wrote. @public */
export function decodeResult(text: string): JobResult {
  return JSON.parse(text, reviver) as JobResult;
}

/**
 * Run a job in a new node process (the compiled `job-main.js`, with this process's environment, so `MPS_CHECK` carries over) and
 * return what it measured. Throws if the process fails.
 * @public
 */
export function runJobIsolated(job: Job): JobResult {
  // From the sources (tests) the compiled entry is in dist; from dist, beside this module.
  const here = fileURLToPath(import.meta.url);
  const main = here.endsWith(".ts") ? join(dirname(here), "..", "dist", "job-main.js") : join(dirname(here), "job-main.js");
  const r = spawnSync(process.execPath, [main, encodeJob(job)], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`gcbench job ${job.kind} failed (status ${String(r.status)}): ${r.stderr}`);
  const lines = r.stdout.trimEnd().split("\n");
  return decodeResult(lines[lines.length - 1]!);
}
