/**
 * Benchmarks of @mps/sac: SAC alloc/free against the pool's own alloc/free
 * on the same workload in the same run (an MFS pool of 32-byte units, the
 * SAC with one 32-byte class caching 96 blocks; and an MVFF pool with
 * mixed sizes, the SAC with sacss's four classes).
 *
 * .req.fast: the cached paths, measured against the pool's own alloc and free.
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MFSPool } from "@mps/pool-mfs";
import { MVFFPool } from "@mps/pool-mvff";
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

// MVFF: sizes 1..800 bytes, mostly small, through sacss's classes (8, 16, 128, 800 bytes).
const mvff = arena.createPool(MVFFPool, {});
const msac = SAC.create(mvff, [
  { blockSize: 8, cachedCount: 32, frequency: 1 },
  { blockSize: 16, cachedCount: 32, frequency: 2 },
  { blockSize: 128, cachedCount: 72, frequency: 5 },
  { blockSize: 800, cachedCount: 72, frequency: 4 },
]);
const MIXED = 300_000;
const sizes = new Uint32Array(4096);
for (let i = 0, s = 12345; i < sizes.length; i++) {
  s = (Math.imul(s, 1103515245) + 12345) >>> 0;
  const r = s >>> 8;
  sizes[i] = r % 4 === 0 ? 1 + (r % 800) : 1 + (r % 128);
}
// What the pool must be given back: the served size for the SAC, the asked size for MVFF.
const served = (n: number) => (n <= 8 ? 8 : n <= 16 ? 16 : n <= 128 ? 128 : 800);
const mHeldPool = new Uint32Array(LIVE);
const mHeldSac = new Uint32Array(LIVE);
const mSize = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) {
  mSize[i] = sizes[i & 4095]!;
  mHeldPool[i] = mvff.alloc(served(mSize[i]!));
  mHeldSac[i] = msac.alloc(mSize[i]!);
}
const mSizeSac = mSize.slice();

function mixed(viaSac: boolean): number {
  const held = viaSac ? mHeldSac : mHeldPool;
  const sz = viaSac ? mSizeSac : mSize;
  let sum = 0;
  for (let i = 0; i < MIXED; i++) {
    const k = (i * 7919) & (LIVE - 1);
    const n = sizes[i & 4095]!;
    if (viaSac) {
      msac.free(held[k]!, sz[k]!);
      held[k] = msac.alloc(n);
    } else {
      mvff.free(held[k]!, served(sz[k]!));
      held[k] = mvff.alloc(served(n));
    }
    sz[k] = n;
    sum += held[k]!;
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
  {
    workload: `${MIXED} free/alloc pairs of 1..800-byte blocks (sizes rounded to 8/16/128/800), ${LIVE} live, MVFF`,
    ops: MIXED,
    baseline: { name: "mvff.free/mvff.alloc", fn: () => mixed(false) },
    subject: { name: "sac.free/sac.alloc", fn: () => mixed(true) },
  },
]);
