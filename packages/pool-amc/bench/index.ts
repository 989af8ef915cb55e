/**
 * Benchmarks of @mps/pool-amc: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { type AP, Arena, ArenaClass, type Format, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat } from "@mps/trace/test-util";
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { AMCPool } from "../src/index.js";

const N = 100_000;
const L = 20_000;

// 1. Allocation: 16-byte objects through an AMC allocation point (no collector, so no collection).
let allocArena: Arena | undefined;
let allocFormat: Format | undefined;
let allocPool: AMCPool | undefined;
let allocAp: AP | undefined;
const bumpArea = new Uint32Array(N * 4);

// 2. Collection: a list of L 16-byte cells reachable from one exact root, copied by a full collection.
let gcArena: Arena | undefined;
let gcFormat: Format | undefined;
let gcPool: AMCPool | undefined;
let gcRoot: Root | undefined;
const rootCell = new Uint32Array(1);
const from = new Uint32Array(L * 4);
const to = new Uint32Array(L * 4);

function teardown(arena: Arena | undefined, pool: AMCPool | undefined, format: Format | undefined, ap?: AP, root?: Root): void {
  ap?.destroy();
  root?.destroy();
  pool?.destroy();
  format?.destroy();
  arena?.destroy();
}

const pairs: BenchPair[] = [
  {
    workload: `${N} 16-byte objects: reserve, initialise 4 words, commit in the retry loop (a fresh arena, AMC pool and AP each round, not timed; no collector; the client keeps the AP and the memory view in locals; baseline: a bare bump pointer into a Uint32Array)`,
    ops: N,
    baseline: {
      name: "bump pointer",
      fn: () => {
        const u32 = bumpArea;
        let alloc = 0;
        for (let i = 0; i < N; i++) {
          const w = alloc >>> 2;
          alloc += 16;
          u32[w] = 16 | 1;
          u32[w + 1] = i;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return alloc;
      },
    },
    subject: {
      name: "AMC allocation point",
      beforeEach: () => {
        teardown(allocArena, allocPool, allocFormat, allocAp);
        allocArena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
        allocFormat = allocArena.createFormat(testFormat(allocArena.mem));
        allocPool = allocArena.createPool(AMCPool, { format: allocFormat, extendBy: 65536, largeSize: 65536 });
        allocAp = allocPool.createAp();
      },
      fn: () => {
        // The client keeps the AP and the memory view in locals (the default platform's views never change).
        const ap = allocAp!;
        const u32 = allocArena!.mem.u32;
        for (let i = 0; i < N; i++) {
          let p;
          do {
            p = ap.reserve(16);
            const w = p >>> 2;
            u32[w] = 16 | 1;
            u32[w + 1] = i;
            u32[w + 2] = 0;
            u32[w + 3] = 0;
          } while (!ap.commit(p, 16));
        }
      },
    },
  },
  {
    workload: `a full collection of a list of ${L} live 16-byte cells (one exact root): every cell copied and forwarded (the list is built before each round, not timed; baseline: a Cheney copy of the same list between two Uint32Arrays in plain JavaScript)`,
    ops: L,
    baseline: {
      name: "JS Cheney copy",
      beforeEach: () => {
        for (let i = 0; i < L; i++) {
          const w = i * 4;
          from[w] = 16 | 1;
          from[w + 1] = i;
          from[w + 2] = i + 1 < L ? (i + 1) * 16 : 0xffffffff;
          from[w + 3] = 0;
        }
      },
      fn: () => {
        let free = 0;
        const copy = (a: number): number => {
          const w = a >>> 2;
          if ((from[w]! & 7) === 3) return from[w + 1]!;
          const nu = free;
          to.set(from.subarray(w, w + 4), nu >>> 2);
          free += 16;
          from[w] = (from[w]! & ~7) | 3;
          from[w + 1] = nu;
          return nu;
        };
        copy(0);
        for (let scan = 0; scan < free; scan += 16) {
          const s = (scan >>> 2) + 2;
          const ref = to[s]!;
          if (ref !== 0xffffffff) to[s] = copy(ref);
        }
        return free;
      },
    },
    subject: {
      name: "AMC + tracer collect",
      beforeEach: () => {
        teardown(gcArena, gcPool, gcFormat, undefined, gcRoot);
        gcArena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform() });
        gcFormat = gcArena.createFormat(testFormat(gcArena.mem));
        gcPool = gcArena.createPool(AMCPool, { format: gcFormat, extendBy: 65536, largeSize: 65536 });
        gcRoot = gcArena.createRoot({ rank: Rank.EXACT, scan: (ss) => { if (rootCell[0] !== 0) rootCell[0] = ss.fix(rootCell[0]!); } });
        const ap = gcPool.createAp();
        let next = 0;
        for (let i = 0; i < L; i++) {
          let p;
          do {
            p = ap.reserve(16);
            initTestObject(gcArena.mem, p, 0, i, 2);
            gcArena.mem.u32[(p >>> 2) + 2] = next;
          } while (!ap.commit(p, 16));
          next = p;
        }
        rootCell[0] = next;
        ap.destroy();
      },
      fn: () => {
        gcArena!.collect();
        gcArena!.release();
      },
    },
  },
];

await runBenchPairs("@mps/pool-amc", pairs);
teardown(allocArena, allocPool, allocFormat, allocAp);
teardown(gcArena, gcPool, gcFormat, undefined, gcRoot);
