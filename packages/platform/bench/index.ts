/**
 * Benchmarks of @mps/platform: the software barrier's check on a load/store
 * loop, against direct typed-array access in the same run
 * (docs/design/repository.md `.impl.bench`).
 *
 * .req.barrier.cost: the software barrier's check on the mutator's path, against a plain access.
 */
import { runBenchPairs, type BenchFn, type BenchPair } from "../../../tools/src/bench.js";
import { ACCESS_READ, ACCESS_WRITE, type Protection } from "@mps/shield";
import { ResizableVM, SoftwareProtection } from "../src/index.js";

const SIZE = 4 << 20; // 4 MiB arena
const GRAIN = 4096;
const WORDS = 1 << 18; // 1 MiB of words touched per pass, from address GRAIN
const PASSES = 8;
const OPS = 2 * WORDS * PASSES; // one load and one store per word per pass

const vm = new ResizableVM({ size: SIZE, pageSize: GRAIN });
vm.map(0, SIZE);
const prot = new SoftwareProtection({ base: vm.base, limit: vm.limit, granularity: GRAIN });
prot.setHandlers(() => {
  throw new Error("the bench's loop never hits the barrier");
}, () => {});
// Barriers elsewhere in the arena, as a collection would leave them: every other grain above the loop's range.
for (let a = GRAIN + WORDS * 4; a < SIZE; a += 2 * GRAIN) prot.set(a, a + GRAIN, ACCESS_READ | ACCESS_WRITE);
const asInterface: Protection = prot;

const workload = `${PASSES} passes of load + store (u32[a] = u32[a] + 1) over ${WORDS.toLocaleString("en-US")} words (1 MiB) of a 4 MiB resizable-buffer arena with 4 KiB grains (${OPS.toLocaleString("en-US")} accesses); the barrier is never hit`;

const direct: BenchFn = {
  name: "direct typed-array access",
  fn: () => {
    const u32 = vm.mem.u32;
    for (let p = 0; p < PASSES; p++) {
      for (let a = GRAIN; a < GRAIN + WORDS * 4; a += 4) u32[a >>> 2] = u32[a >>> 2]! + 1;
    }
    return u32[GRAIN >>> 2];
  },
};

function pair(name: string, fn: () => unknown): BenchPair {
  return { workload, ops: OPS, iterations: 10, baseline: direct, subject: { name, fn } };
}

await runBenchPairs("@mps/platform", [
  pair("SoftwareProtection.checkAccess, then access", () => {
    const u32 = vm.mem.u32;
    for (let p = 0; p < PASSES; p++) {
      for (let a = GRAIN; a < GRAIN + WORDS * 4; a += 4) {
        prot.checkAccess(a, ACCESS_READ);
        const v = u32[a >>> 2]! + 1;
        prot.checkAccess(a, ACCESS_WRITE);
        u32[a >>> 2] = v;
      }
    }
    return u32[GRAIN >>> 2];
  }),
  pair("inline table test (table[a >>> shift] & mode), then access", () => {
    const u32 = vm.mem.u32;
    const table = prot.table;
    const shift = prot.shift;
    for (let p = 0; p < PASSES; p++) {
      for (let a = GRAIN; a < GRAIN + WORDS * 4; a += 4) {
        if ((table[a >>> shift]! & ACCESS_READ) !== 0) prot.barrierHit(a, ACCESS_READ);
        const v = u32[a >>> 2]! + 1;
        if ((table[a >>> shift]! & ACCESS_WRITE) !== 0) prot.barrierHit(a, ACCESS_WRITE);
        u32[a >>> 2] = v;
      }
    }
    return u32[GRAIN >>> 2];
  }),
  pair("Protection.forbidden (through the interface), then access", () => {
    const u32 = vm.mem.u32;
    for (let p = 0; p < PASSES; p++) {
      for (let a = GRAIN; a < GRAIN + WORDS * 4; a += 4) {
        if ((asInterface.forbidden(a) & ACCESS_READ) !== 0) prot.barrierHit(a, ACCESS_READ);
        const v = u32[a >>> 2]! + 1;
        if ((asInterface.forbidden(a) & ACCESS_WRITE) !== 0) prot.barrierHit(a, ACCESS_WRITE);
        u32[a >>> 2] = v;
      }
    }
    return u32[GRAIN >>> 2];
  }),
]);
