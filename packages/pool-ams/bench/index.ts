/**
 * Benchmarks of @mps/pool-ams: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { type AP, Arena, ArenaClass, type Chain, type Format, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat } from "@mps/trace/test-util";
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { AMSPool } from "../src/index.js";

const N = Number(process.env["BENCH_N"] ?? 100_000);
const arena = Arena.create(ArenaClass.VM, { arenaSize: 128 << 20, collector: traceCollector, platform: selectPlatform() });
arena.park();
const mem = arena.mem;
const format: Format = arena.createFormat(testFormat(mem, 0));
const chain: Chain = arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]);
let pool: AMSPool | undefined;
let ap: AP | undefined;
let root: Root | undefined;
const roots = new Uint32Array(1);
const bumpArea = new Uint32Array(N * 4);

function freshPool(): void {
  ap?.destroy();
  root?.destroy();
  pool?.destroy();
  pool = arena.createPool(AMSPool, { format, chain });
  ap = pool.createAp({ rank: Rank.EXACT });
  roots[0] = 0;
  root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      if (roots[0] !== 0 && ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!);
    },
  });
}

/** Allocate N 16-byte objects (two reference slots) through the AP; every other one linked into a list from the root. */
function allocList(): number {
  const a = ap!;
  const u32 = mem.u32;
  let head = 0;
  for (let i = 0; i < N; i++) {
    let p: number;
    do {
      p = a.reserve(16);
      const w = p >>> 2;
      u32[w] = 16 | 1;
      u32[w + 1] = i;
      u32[w + 2] = (i & 1) === 0 ? head : 0;
      u32[w + 3] = 0;
    } while (!a.commit(p, 16));
    if ((i & 1) === 0) head = p;
  }
  roots[0] = head;
  return head;
}

/** The baseline of the collection: mark the same list from a typed array (a bit per object), then sweep the bits. */
const marks = new Uint32Array(N / 32 + 1);
const next = new Int32Array(N);
for (let i = 0; i < N; i++) next[i] = (i & 1) === 0 && i >= 2 ? i - 2 : -1;

const pairs: BenchPair[] = [
  {
    workload: `${N} 16-byte objects with two reference slots: reserve, write 4 words, commit (a fresh AMS pool and AP each round, not timed; the arena parked, so no collection; baseline: a bare bump pointer into a Uint32Array)`,
    ops: N,
    baseline: {
      name: "bump pointer",
      fn: () => {
        const u32 = bumpArea;
        let alloc = 0;
        for (let i = 0; i < N; i++) {
          const w = alloc >>> 2;
          alloc += 16;
          u32[w] = 17;
          u32[w + 1] = i;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return alloc;
      },
    },
    subject: { name: "AMS allocation point", beforeEach: freshPool, fn: allocList },
  },
  {
    workload: `a full collection (arena.collect) of ${N} 16-byte objects of which half form a list from one exact root: whiten, scan the list through the format, sweep the bit tables (the heap is rebuilt each round, not timed; baseline: marking the same list in a JS Int32Array with a mark bit table and counting the dead)`,
    ops: N,
    baseline: {
      name: "typed-array mark and sweep",
      fn: () => {
        marks.fill(0);
        for (let i = N - 2; i >= 0; i = next[i]!) marks[i >>> 5]! |= 1 << (i & 31);
        let dead = 0;
        for (let i = 0; i < N; i++) if ((marks[i >>> 5]! & (1 << (i & 31))) === 0) dead++;
        return dead;
      },
    },
    subject: {
      name: "AMS collection",
      beforeEach: () => {
        freshPool();
        allocList();
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

await runBenchPairs("@mps/pool-ams", pairs);
ap?.destroy();
root?.destroy();
pool?.destroy();
chain.destroy();
format.destroy();
arena.destroy();
