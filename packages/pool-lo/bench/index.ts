/**
 * Benchmarks of @mps/pool-lo: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { type AP, Arena, ArenaClass, type Chain, type Format, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat } from "@mps/trace/test-util";
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { LOPool } from "../src/index.js";

const N = 100_000;
const ROOTS = 1000;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 128 << 20, collector: traceCollector, platform: selectPlatform() });
arena.park();
const mem = arena.mem;
const format: Format = arena.createFormat(testFormat(mem, 0));
const chain: Chain = arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]);
let pool: LOPool | undefined;
let ap: AP | undefined;
const roots = new Uint32Array(ROOTS);
const root: Root = arena.createRoot({
  rank: Rank.EXACT,
  scan: (ss) => {
    for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
  },
});
const bumpArea = new Uint32Array(N * 4);

function freshPool(): void {
  ap?.destroy();
  pool?.destroy();
  roots.fill(0);
  pool = arena.createPool(LOPool, { format, chain });
  ap = pool.createAp();
}

/** Allocate N 16-byte leaf objects through the AP; every 100th is rooted. */
function allocLeaves(): number {
  const a = ap!;
  const u32 = mem.u32;
  let last = 0;
  for (let i = 0; i < N; i++) {
    let p: number;
    do {
      p = a.reserve(16);
      const w = p >>> 2;
      u32[w] = 16 | 2;
      u32[w + 1] = i;
      u32[w + 2] = i;
      u32[w + 3] = i;
    } while (!a.commit(p, 16));
    if (i % 100 === 0) roots[(i / 100) % ROOTS] = p;
    last = p;
  }
  return last;
}

const marks = new Uint32Array(N / 32 + 1);
const rooted = new Int32Array(ROOTS);
for (let i = 0; i < ROOTS; i++) rooted[i] = i * 100;

const pairs: BenchPair[] = [
  {
    workload: `${N} 16-byte leaf objects: reserve, write 4 words, commit (a fresh LO pool and AP each round, not timed; the arena parked; baseline: a bare bump pointer into a Uint32Array)`,
    ops: N,
    baseline: {
      name: "bump pointer",
      fn: () => {
        const u32 = bumpArea;
        let alloc = 0;
        for (let i = 0; i < N; i++) {
          const w = alloc >>> 2;
          alloc += 16;
          u32[w] = 18;
          u32[w + 1] = i;
          u32[w + 2] = i;
          u32[w + 3] = i;
        }
        return alloc;
      },
    },
    subject: { name: "LO allocation point", beforeEach: freshPool, fn: allocLeaves },
  },
  {
    workload: `a full collection (arena.collect) of ${N} 16-byte leaf objects, ${ROOTS} of them rooted: whiten, mark from the roots, sweep by walking the objects (the heap is rebuilt each round, not timed; baseline: marking the rooted indices in a JS mark bit table and counting the dead)`,
    ops: N,
    baseline: {
      name: "typed-array mark and sweep",
      fn: () => {
        marks.fill(0);
        for (let k = 0; k < ROOTS; k++) marks[rooted[k]! >>> 5]! |= 1 << (rooted[k]! & 31);
        let dead = 0;
        for (let i = 0; i < N; i++) if ((marks[i >>> 5]! & (1 << (i & 31))) === 0) dead++;
        return dead;
      },
    },
    subject: {
      name: "LO collection",
      beforeEach: () => {
        freshPool();
        allocLeaves();
        ap!.destroy();
        ap = pool!.createAp();
      },
      fn: () => {
        arena.collect();
        return pool!.freeSize();
      },
    },
  },
];

await runBenchPairs("@mps/pool-lo", pairs);
ap?.destroy();
pool?.destroy();
root.destroy();
chain.destroy();
format.destroy();
arena.destroy();
