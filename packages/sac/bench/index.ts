/**
 * Benchmarks of @mps/sac: SAC alloc/free against the pool's own alloc/free
 * on the same workload in the same run (an MFS pool of 32-byte units, the
 * SAC with one 32-byte class caching 96 blocks).
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MFSPool } from "@mps/pool-mfs";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { SAC } from "../src/index.js";

const UNIT = 32;
const LIVE = 1024; // blocks held at once
const PAIRS = 1_000_000;
const BURST = 64; // blocks allocated then freed together
const ROUNDS = 20_000;

const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const pool = arena.createPool(MFSPool, { mfsUnitSize: UNIT });
const sac = SAC.create(pool, [{ blockSize: UNIT, cachedCount: 96, frequency: 1 }]);
const heldPool = new Uint32Array(LIVE);
const heldSac = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) heldPool[i] = pool.alloc(UNIT);
for (let i = 0; i < LIVE; i++) heldSac[i] = sac.alloc(UNIT);
const burst = new Uint32Array(BURST);

function pairs(viaSac: boolean): number {
  const held = viaSac ? heldSac : heldPool;
  const u32 = arena.mem.u32;
  let sum = 0;
  for (let i = 0; i < PAIRS; i++) {
    const k = (i * 7919) & (LIVE - 1);
    const size = 8 + (i & 3) * 8; // 8, 16, 24 or 32 bytes: all one class
    if (viaSac) sac.free(held[k]!, size);
    else pool.free(held[k]!, UNIT);
    const p = viaSac ? sac.alloc(size) : pool.alloc(UNIT);
    u32[p >>> 2] = i;
    held[k] = p;
    sum += p;
  }
  return sum;
}

function bursts(viaSac: boolean): number {
  let sum = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < BURST; j++) burst[j] = viaSac ? sac.alloc(UNIT) : pool.alloc(UNIT);
    for (let j = BURST - 1; j >= 0; j--) {
      sum += burst[j]!;
      if (viaSac) sac.free(burst[j]!, UNIT);
      else pool.free(burst[j]!, UNIT);
    }
  }
  return sum;
}

await runBenchPairs("@mps/sac", [
  {
    workload: `${PAIRS} free/alloc pairs of 8..32-byte blocks, ${LIVE} live, MFS unit 32`,
    ops: PAIRS,
    baseline: { name: "pool.free/pool.alloc", fn: () => pairs(false) },
    subject: { name: "sac.free/sac.alloc", fn: () => pairs(true) },
  },
  {
    workload: `${ROUNDS} bursts of ${BURST} allocs then ${BURST} frees, MFS unit 32`,
    ops: ROUNDS * BURST * 2,
    baseline: { name: "pool.alloc/pool.free", fn: () => bursts(false) },
    subject: { name: "sac.alloc/sac.free", fn: () => bursts(true) },
  },
]);
