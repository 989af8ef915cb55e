/**
 * Running the benchmarks and timing them: CPU seconds of the process (as
 * gcbench.c's `clock()` measures) and wall seconds, around the workload
 * only (arena setup and teardown, and verification, are outside).
 * See docs/design/bench-gcbench.md `.impl.run`.
 * .critical: none (the loops are in tree.ts and churn.ts).
 */

import { FloorChurn, JsChurn, MpsChurn, type ChurnParams } from "./churn.js";
import { consFormat, vectorFormat, vectorSize } from "./formats.js";
import { JsTree } from "./js-tree.js";
import type { GcbenchOptions, GcbenchTest, GenSpec, ProtectionName } from "./options.js";
import { BenchArena, type ArenaFigures } from "./setup.js";
import { MpsTree } from "./tree.js";
import { verifyTree } from "./verify.js";

/**
 * Seconds of a run.
 * @public
 */
export interface Timing {
  /** CPU seconds of the process (user and system, all threads). */
  cpu: number;
  /** Wall-clock seconds. */
  wall: number;
}

/**
 * Time `fn`.
 * @public
 */
export function timed(fn: () => void): Timing {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  fn();
  const w1 = performance.now();
  const c1 = process.cpuUsage(c0);
  return { cpu: (c1.user + c1.system) / 1e6, wall: (w1 - w0) / 1000 };
}

/**
 * What a run of the tree workload on the MPS measured.
 * @public
 */
export interface MpsTreeResult extends Timing, ArenaFigures {
  /** Vectors allocated. */
  objects: number;
  /** Bytes allocated. */
  bytes: number;
  /** Vectors checked against the model (0 without verification). */
  verified: number;
}

/**
 * gcbench's workload on an MPS pool, with the options' arena parameters.
 * With `verify`, the JS model runs in step and every reachable vector is
 * checked after each pass (and the time then includes the model).
 * @param o - the options.
 * @param test - the pool class.
 * @param telemetry - whether to record pauses.
 * @public
 */
export function runTreeMps(o: GcbenchOptions, test: GcbenchTest, telemetry: boolean): MpsTreeResult {
  const bench = new BenchArena({
    pool: test, protection: o.protection, arenaSize: o.arenaSize, arenaGrainSize: o.arenaGrainSize, zoned: o.zoned,
    pauseTime: o.pauseTime, spare: o.spare, heapGrowth: o.heapGrowth, gen: o.gen, format: vectorFormat, telemetry, clock: o.clock,
  });
  const params = { width: o.width, depth: o.depth, preuse: o.preuse, pupdate: o.pupdate, pinLeaf: o.pinLeaf };
  const tree = new MpsTree(bench, params, o.seed);
  let verified = 0;
  let t: Timing;
  if (o.verify) {
    const model = new JsTree(params, o.seed);
    verified += verifyTree(tree, model, o.width);
    t = timed(() => {
      tree.run(o.niter, o.npass, (_i, j) => {
        if (j < 0) model.beginIteration();
        else model.pass();
        verified += verifyTree(tree, model, o.width);
      });
    });
  } else {
    t = timed(() => tree.run(o.niter, o.npass));
  }
  const objects = tree.objects;
  tree.destroy();
  const figures = bench.finish();
  return { ...t, ...figures, objects, bytes: objects * vectorSize(o.width), verified };
}

/**
 * What a run of a workload on V8 measured.
 * @public
 */
export interface JsResult extends Timing {
  /** Objects allocated (vectors or cells). */
  objects: number;
}

/**
 * gcbench's workload on JS arrays.
 * @public
 */
export function runTreeJs(o: GcbenchOptions): JsResult {
  const tree = new JsTree({ width: o.width, depth: o.depth, preuse: o.preuse, pupdate: o.pupdate, pinLeaf: o.pinLeaf }, o.seed);
  const t = timed(() => tree.run(o.niter, o.npass));
  return { ...t, objects: tree.objects };
}

/**
 * What a churn run on the MPS measured.
 * @public
 */
export interface MpsChurnResult extends Timing, ArenaFigures {
  /** Cells allocated. */
  cells: number;
  /** Cells checked at the end. */
  verified: number;
}

/**
 * Options of a churn run on the MPS.
 * @public
 */
export interface ChurnRunOpts extends ChurnParams {
  /** The pool class. */
  pool: GcbenchTest;
  /** The barrier backend. */
  protection: ProtectionName;
  /** The random seed. */
  seed: number;
  /** Whether to record pauses. */
  telemetry: boolean;
  /** The arena's size in bytes. @defaultValue 256 MiB */
  arenaSize?: number;
  /** The pause time in seconds. @defaultValue 0.1 */
  pauseTime?: number;
  /** The clock of the pause time and the telemetry. @defaultValue "cpu" */
  clock?: "cpu" | "wall";
  /** AMC only: the pool's segment size for small objects. @defaultValue 4096 */
  extendBy?: number;
  /** The chain's generations. @defaultValue the pool's default chain */
  gen?: readonly GenSpec[];
}

/**
 * Cons churn on an MPS pool; every live list is verified after the timed part.
 * On a new arena (finished at the end), or `on` an arena the caller made with
 * {@link churnBenchArena} and renews between runs ({@link BenchArena.renew}).
 * @public
 */
export function runChurnMps(o: ChurnRunOpts, on?: BenchArena): MpsChurnResult {
  const bench = on ?? churnBenchArena(o);
  const churn = new MpsChurn(bench, o, o.seed);
  const t = timed(() => churn.run());
  const verified = churn.verify();
  const cells = churn.cells;
  churn.destroy();
  const figures = on === undefined ? bench.finish() : bench.endRun();
  return { ...t, ...figures, cells, verified };
}

/**
 * The arena, format, pool and allocation point of a churn run with options
 * `o` (the options' cells, window and copy are not used).
 * @public
 */
export function churnBenchArena(o: ChurnRunOpts): BenchArena {
  return new BenchArena({
    pool: o.pool, protection: o.protection, arenaSize: o.arenaSize ?? 256 << 20, arenaGrainSize: 0, zoned: true,
    pauseTime: o.pauseTime ?? 0.1, spare: 0.75, gen: o.gen ?? [], format: consFormat, telemetry: o.telemetry, clock: o.clock ?? "cpu",
    ...(o.extendBy === undefined ? {} : { extendBy: o.extendBy }),
  });
}

/**
 * The MPS churn's loop over a stand-in allocation point with no pool and no
 * collector ({@link FloorChurn}), going round a region of `region` bytes
 * (default 8 MiB); its lists are overwritten, so none are verified.
 * @public
 */
export function runChurnFloor(o: ChurnParams & { seed: number; region?: number }): JsResult {
  const churn = new FloorChurn(o, o.seed, o.region);
  const t = timed(() => churn.run());
  return { ...t, objects: churn.cells };
}

/**
 * Cons churn on JS objects; every live list is verified after the timed part.
 * @public
 */
export function runChurnJs(o: ChurnParams & { seed: number }): JsResult & { verified: number } {
  const churn = new JsChurn(o, o.seed);
  const t = timed(() => churn.run());
  return { ...t, objects: churn.cells, verified: churn.verify() };
}
