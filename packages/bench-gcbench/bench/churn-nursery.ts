/**
 * `pnpm bench:nursery`: the cons churn at 8 K live cells (a window of 1 024
 * lists) on AMC with chains of different nursery capacities, each protection
 * backend, against the same program on V8 in the same run. It shows where
 * the default chain sits between collecting too often (each collection's
 * fixed costs, and with no barrier the older generation scanned whole) and
 * not at all (every cell in memory never touched before). See
 * docs/design/bench-gcbench.md `.bench.nursery`.
 *
 * Usage: `pnpm bench:nursery [cells]` (default 10^7). Each figure is the
 * fastest of 4 compiled copies of the loop x 2 runs, each measurement in a
 * process of its own, as in `pnpm bench`.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { runJobIsolated } from "../src/job.js";
import { printTable } from "../src/report.js";
import type { GenSpec, ProtectionName } from "../src/options.js";
import type { JsResult, MpsChurnResult } from "../src/run.js";

const here = dirname(fileURLToPath(import.meta.url));
const build = spawnSync("pnpm", ["exec", "tsc", "-b"], { cwd: join(here, ".."), stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
// The jobs run the compiled code in processes of their own, with this environment.
process.env["MPS_CHECK"] ??= "hot";

const cells = Number(process.argv[2] ?? 1e7);
if (!(Number.isInteger(cells) && cells >= 80_000)) {
  console.error(`bench:nursery: cells must be an integer of at least 80000, not ${process.argv[2]}`);
  process.exit(1);
}
const window = 1024;
const seed = 1;
const copies = 4;
const reps = 2;
const SECOND: GenSpec = { capacity: 36 * 1024, mortality: 0.45 };

/** Nursery capacities in KiB; undefined is the pool's default chain (8 MiB, 36 MiB). 160 MiB is more than the run allocates: no collection. */
const nurseries: readonly (number | undefined)[] = [512, 1024, 2048, undefined, 32 * 1024, 160 * 1024];

console.log(`bench:nursery: cons churn, ${cells} cells of two words in lists of 8, each list stored in a random slot of a window of ${window} slots (${window * 8} live cells); every live list verified`);
console.log(`AMC, extendBy 8 KiB, chain: a nursery of the capacity below (mortality 0.85) then ${SECOND.capacity} KiB (0.45); seed ${seed}; MPS_CHECK=${process.env["MPS_CHECK"]}`);
console.log(`each figure the fastest of ${copies} compiled copies x ${reps} runs, each measurement in its own process; node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);

const js = runJobIsolated({ kind: "churn-js", window, cells, seed, copies, reps, key: "v8" }) as JsResult;
const v8 = js.objects / js.cpu;
console.log(`baseline: V8, the same loop on JS objects: ${(v8 / 1e6).toFixed(1)} M cells per CPU-second`);
const fl = runJobIsolated({ kind: "churn-floor", window, cells, seed, copies, reps, key: "floor" }) as JsResult;
console.log(`floor: the MPS loop over a stand-in allocation point, no pool and no collector: ${(fl.objects / fl.cpu / 1e6).toFixed(1)} M cells per CPU-second, ${(fl.objects / fl.cpu / v8).toFixed(2)} x V8`);
console.log("");
const head = ["nursery", "barrier", "M cells/CPU s", "x V8", "GCs", "peak MB", "verified"];
const rows: string[][] = [];
for (const n of nurseries) {
  for (const protection of ["none", "software"] as ProtectionName[]) {
    const gen = n === undefined ? undefined : [{ capacity: n, mortality: 0.85 }, SECOND];
    const r = runJobIsolated({
      kind: "churn-mps",
      o: { pool: "amc", protection, seed, telemetry: false, window, cells, ...(gen ? { gen } : {}) },
      copies,
      reps,
      key: `nursery ${n ?? "default"} ${protection}`,
    }) as MpsChurnResult;
    const rate = r.cells / r.cpu;
    rows.push([n === undefined ? "default (8 MiB)" : n >= 1024 ? `${n / 1024} MiB` : `${n} KiB`, protection, (rate / 1e6).toFixed(1), (rate / v8).toFixed(2), String(r.collections), (r.committedPeak / 1048576).toFixed(1), String(r.verified)]);
  }
}
printTable(console.log, head, rows);
