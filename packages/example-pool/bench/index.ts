/**
 * Benchmarks of example-pool: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";

await runBenchPairs("example-pool", [
  {
    workload: "sum 10^6 integers (replace with this package's hot path)",
    ops: 1e6,
    baseline: { name: "for loop", fn: () => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; } },
    subject: { name: "while loop", fn: () => { let s = 0, i = 0; while (i < 1e6) s += i++; return s; } },
  },
]);
