/**
 * Benchmarks of @mps/pool-mvt: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { MVTPool } from "../src/index.js";

const N = 100000;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, spare: 1, platform: selectPlatform() });
const u32 = () => arena.mem.u32;

// Touch most of the arena's memory once through a pool, so that neither side
// of a pair pays the operating system's first-touch page faults.
{
  const warm = arena.createPool(MVTPool, { maxSize: 1024 });
  const ap = warm.createAp();
  const size = 48 << 20;
  const p = ap.reserve(size);
  u32().fill(1, p >>> 2, (p + size) >>> 2);
  ap.commit(p, size);
  ap.destroy();
  warm.free(p, size);
  warm.destroy();
}

function mvtSmall(): number {
  const pool = arena.createPool(MVTPool, { minSize: 16, meanSize: 16, maxSize: 65536 });
  const ap = pool.createAp();
  const mem = u32();
  let p = 0;
  for (let i = 0; i < N; i++) {
    do {
      p = ap.reserve(16);
      mem[p >>> 2] = i;
    } while (!ap.commit(p, 16));
  }
  ap.destroy();
  pool.destroy();
  return p;
}

// The baseline bumps through a region of the same arena's memory (one oversize
// block of an MVT pool made once), so both sides store into the same kind of memory.
const regionPool = arena.createPool(MVTPool, { maxSize: 1024 });
const regionAp = regionPool.createAp();
const regionBase = regionAp.reserve(16 * N);
regionAp.commit(regionBase, 16 * N);
function bareBump(): number {
  const mem = u32();
  let init = regionBase;
  const limit = regionBase + 16 * N;
  let p = 0;
  for (let i = 0; i < N; i++) {
    p = init;
    if (p + 16 > limit) throw new Error("full");
    mem[p >>> 2] = i;
    init = p + 16;
  }
  return p;
}

const sizes = new Uint32Array(N);
{
  let s = 12345;
  for (let i = 0; i < N; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    sizes[i] = (8 + (s % 2000)) & ~7;
  }
}
const live = new Uint32Array(1024);
const liveSize = new Uint32Array(1024);

function mixed(free: boolean): number {
  const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 256, maxSize: 8192, mvtReserveDepth: 1024 });
  const ap = pool.createAp();
  const mem = u32();
  let p = 0;
  live.fill(0);
  for (let i = 0; i < N; i++) {
    const size = sizes[i]!;
    do {
      p = ap.reserve(size);
      mem[p >>> 2] = i;
    } while (!ap.commit(p, size));
    const k = i & 1023;
    if (free && live[k] !== 0) pool.free(live[k]!, liveSize[k]!);
    live[k] = p;
    liveSize[k] = size;
  }
  if (free) for (let k = 0; k < 1024; k++) if (live[k] !== 0) pool.free(live[k]!, liveSize[k]!);
  ap.destroy();
  pool.destroy();
  return p;
}

function mixedBump(): number {
  const mem = u32();
  const limit = regionBase + 16 * N;
  let init = regionBase;
  let p = 0;
  for (let i = 0; i < N; i++) {
    const size = sizes[i]!;
    if (init + size > limit) init = regionBase;
    p = init;
    mem[p >>> 2] = i;
    init = p + size;
  }
  return p;
}

await runBenchPairs("@mps/pool-mvt", [
  {
    workload: `${N} 16-byte objects through one allocation point in the reserve/commit loop`,
    ops: N,
    baseline: { name: "bare bump pointer in arena memory", fn: bareBump },
    subject: { name: "MVT allocation point", fn: mvtSmall },
  },
  {
    workload: `${N} objects of 8..2000 bytes, 1024 live (FIFO-ish free), through one allocation point`,
    ops: N,
    baseline: { name: "bare bump pointer over a 1.6 MB arena region, wrapping", fn: mixedBump },
    subject: { name: "MVT, allocate and free", fn: () => mixed(true) },
  },
]);
