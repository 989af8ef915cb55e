/**
 * Benchmarks of @mps/dbg: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 * The debug overhead: MVFFDebug against plain MVFF on the same workload.
 * No target: a debugging pool trades speed for checking.
 */
import { Arena, ArenaClass, type Pool } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MVFFPool } from "@mps/pool-mvff";
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { MVFFDebugPool } from "../src/index.js";

const N = 50_000;
const LIVE = 64;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });

function pools(size: number, fence: string, free: string): [Pool, Pool] {
  const enc = new TextEncoder();
  const made: Pool[] = [
    arena.createPool(MVFFPool, { extendBy: 1 << 20, spare: 0.5 }),
    arena.createPool(MVFFDebugPool, { extendBy: 1 << 20, spare: 0.5, poolDebugOptions: { fenceTemplate: enc.encode(fence), freeTemplate: enc.encode(free) } }),
  ];
  return made.map((p) => {
    // Warm each pool to its steady state (not timed).
    const live: number[] = [];
    for (let i = 0; i < LIVE; i++) live.push(p.alloc(size));
    for (const q of live) p.free(q, size);
    return p;
  }) as [Pool, Pool];
}

/** `N` free/alloc pairs over `LIVE` live blocks of `size`, replaced in a fixed pseudo-random order. */
function loop(pool: Pool, size: number): number {
  const live = new Array<number>(LIVE);
  for (let i = 0; i < LIVE; i++) live[i] = pool.alloc(size);
  let s = 12345;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const k = s % LIVE;
    pool.free(live[k]!, size);
    live[k] = pool.alloc(size);
  }
  for (let i = 0; i < LIVE; i++) pool.free(live[i]!, size);
  return s;
}

const pairs: BenchPair[] = [];
for (const [size, fence, free, what] of [
  [32, "POST", "FREE", "default templates (4-byte fence, 8 bytes each side after alignment)"],
  [256, "POST", "FREE", "default templates"],
  [32, "POST", "", "fenceposts only (no splatting)"],
  [32, "", "FREE", "splatting only (no fenceposts)"],
] as const) {
  const [plain, debug] = pools(size, fence, free);
  pairs.push({
    workload: `${N} free/alloc pairs of ${size}-byte blocks with ${LIVE} live, MVFF first fit; MVFFDebug with ${what} (baseline: plain MVFF; the ratio is the debug overhead, no target)`,
    ops: N,
    baseline: { name: "MVFF alloc/free", fn: () => loop(plain, size) },
    subject: { name: "MVFFDebug alloc/free", fn: () => loop(debug, size) },
  });
}

await runBenchPairs("@mps/dbg", pairs);
