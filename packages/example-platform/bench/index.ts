/**
 * Benchmarks of example-platform: what the barrier costs the mutator. Each
 * pair prints its workload and its ratio to a baseline measured in the same
 * run (docs/contributing/benchmarks.md).
 */
import { ACCESS_READ } from "@mps/shield";
import { EXAMPLE_VM, exampleProtectionBackend } from "../src/index.js";

import { runBenchPairs } from "../../../tools/src/bench.js";

const SIZE = 1 << 20;
const vm = EXAMPLE_VM.create({ size: SIZE, pageSize: 4096 });
vm.map(0, SIZE);
const u32 = vm.mem.u32;
for (let i = 0; i < u32.length; i++) u32[i] = i;
const withBarrier = exampleProtectionBackend(true).create({ base: 0, limit: SIZE, granularity: 4096 });
const without = exampleProtectionBackend(false).create({ base: 0, limit: SIZE, granularity: 4096 });
withBarrier.setHandlers(() => {}, () => {});
without.setHandlers(() => {}, () => {});
const N = u32.length;

await runBenchPairs("example-platform", [
  {
    workload: `read ${N} words of a 1 MiB heap, nothing protected`,
    ops: N,
    baseline: { name: "plain u32 read", fn: () => { let s = 0; for (let a = 0; a < SIZE; a += 4) s += u32[a >>> 2]!; return s; } },
    subject: { name: "barrier test + read", fn: () => { let s = 0; for (let a = 0; a < SIZE; a += 4) { withBarrier.checkAccess(a, ACCESS_READ); s += u32[a >>> 2]!; } return s; } },
  },
  {
    workload: `read ${N} words of a 1 MiB heap through the no-barrier protection`,
    ops: N,
    baseline: { name: "plain u32 read", fn: () => { let s = 0; for (let a = 0; a < SIZE; a += 4) s += u32[a >>> 2]!; return s; } },
    subject: { name: "none test + read", fn: () => { let s = 0; for (let a = 0; a < SIZE; a += 4) { without.checkAccess(a, ACCESS_READ); s += u32[a >>> 2]!; } return s; } },
  },
]);
