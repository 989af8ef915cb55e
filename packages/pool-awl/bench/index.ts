/**
 * Benchmarks of @mps/pool-awl: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 * The subject is a weak table; the baseline the same table with exact
 * references, so the ratio is the cost of weakness (the weak band, the
 * dependent-object look-ups, the splatting) in a full collection.
 */
import { type AP, Arena, ArenaClass, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat } from "@mps/trace/test-util";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { AWLPool } from "../src/index.js";

const N = Number(process.env["BENCH_N"] ?? 20_000);
const arena = Arena.create(ArenaClass.VM, { arenaSize: 256 << 20, collector: traceCollector, platform: selectPlatform() });
arena.park();
const mem = arena.mem;
const format = arena.createFormat(testFormat(mem, 0));
const chain = arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]);

/** Make a pool holding N 16-byte keys, half of them rooted, and a table of N slots of rank `rank` referring to all of them; collect it fully. */
function tableCollect(rank: Rank, dependent: boolean): number {
  const pool = arena.createPool(AWLPool, { format, chain, ...(dependent ? { awlFindDependent: () => 0 } : {}) });
  const keyAp: AP = pool.createAp({ rank: Rank.EXACT });
  const tableAp: AP = pool.createAp({ rank });
  const held = new Uint32Array(N / 2 + 1);
  const u32 = mem.u32;
  const tableSize = 8 + 4 * N;
  let t: number;
  do {
    t = tableAp.reserve(tableSize);
    u32[t >>> 2] = tableSize | 1;
    u32.fill(0, (t >>> 2) + 1, (t + tableSize) >>> 2);
  } while (!tableAp.commit(t, tableSize));
  held[N / 2] = t;
  for (let i = 0; i < N; i++) {
    let p: number;
    do {
      p = keyAp.reserve(16);
      u32.set([16 | 2, i, 0, 0], p >>> 2);
    } while (!keyAp.commit(p, 16));
    u32[(t >>> 2) + 2 + i] = p;
    if ((i & 1) === 0) held[i >>> 1] = p;
  }
  const root: Root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < held.length; i++) if (held[i] !== 0 && ss.fix1(held[i]!)) held[i] = ss.fix2(held[i]!);
    },
  });
  keyAp.destroy();
  tableAp.destroy();
  arena.collect();
  let kept = 0;
  for (let i = 0; i < N; i++) if (u32[(t >>> 2) + 2 + i] !== 0) kept++;
  root.destroy();
  pool.destroy();
  return kept;
}

await runBenchPairs("@mps/pool-awl", [
  {
    workload: `build and fully collect a table of ${N} references to 16-byte keys, half of them rooted (per key)`,
    ops: N,
    baseline: { name: "exact table", fn: () => tableCollect(Rank.EXACT, false) },
    subject: { name: "weak table, with a dependent-object function", fn: () => tableCollect(Rank.WEAK, true) },
  },
]);
