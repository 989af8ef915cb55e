/**
 * Benchmarks of @mps/pool-mvt: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { MVTPool } from "../src/index.js";

const N = 100000;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const u32 = () => arena.mem.u32;

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

const bump = new Uint32Array(16 * N / 4 + 4);
function bareBump(): number {
  let init = 0;
  const limit = bump.length * 4;
  let p = 0;
  for (let i = 0; i < N; i++) {
    do {
      p = init;
      if (p + 16 > limit) throw new Error("full");
      bump[p >>> 2] = i;
      init = p + 16;
    } while (false);
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

const ring = new Uint32Array(1 << 20);
function mixedBump(): number {
  const limit = ring.length * 4;
  let init = 0;
  let p = 0;
  for (let i = 0; i < N; i++) {
    const size = sizes[i]!;
    if (init + size > limit) init = 0;
    p = init;
    ring[p >>> 2] = i;
    init = p + size;
  }
  return p;
}

await runBenchPairs("@mps/pool-mvt", [
  {
    workload: `${N} 16-byte objects through one allocation point in the reserve/commit loop`,
    ops: N,
    baseline: { name: "bare bump pointer", fn: bareBump },
    subject: { name: "MVT allocation point", fn: mvtSmall },
  },
  {
    workload: `${N} objects of 8..2000 bytes, 1024 live (FIFO-ish free), through one allocation point`,
    ops: N,
    baseline: { name: "bare bump pointer over a 4 MiB ring", fn: mixedBump },
    subject: { name: "MVT, allocate and free", fn: () => mixed(true) },
  },
]);
