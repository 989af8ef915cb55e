/**
 * Benchmarks of @mps/pool-mfs: MFS alloc/free pairs against a plain free
 * list over a Uint32Array, on the same workload in the same run (issue
 * target: at least half the plain free list's rate).
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { MFSPool } from "../src/index.js";

const UNIT = 16;
const LIVE = 1024; // blocks held at once
const PAIRS = 1_000_000;

// The subject: an MFS pool in a VM arena, warmed so its extents exist.
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const pool = arena.createPool(MFSPool, { mfsUnitSize: UNIT });
const held = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) held[i] = pool.alloc(UNIT);

function mfsPairs(): number {
  let sum = 0;
  const u32 = arena.mem.u32;
  for (let i = 0; i < PAIRS; i++) {
    const k = (i * 7919) & (LIVE - 1);
    pool.free(held[k]!, UNIT);
    const p = pool.alloc(UNIT);
    u32[p >>> 2] = i; // touch the block, as a client would
    held[k] = p;
    sum += p;
  }
  return sum;
}

// The baseline: the simplest free list, threaded through a Uint32Array of units.
const mem = new Uint32Array((LIVE * 2 * UNIT) / 4);
let head = 0;
for (let p = LIVE * 2 * UNIT - UNIT; p >= UNIT; p -= UNIT) {
  mem[p >>> 2] = head;
  head = p;
}
const held2 = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) {
  held2[i] = head;
  head = mem[head >>> 2]!;
}

function plainPairs(): number {
  let sum = 0;
  for (let i = 0; i < PAIRS; i++) {
    const k = (i * 7919) & (LIVE - 1);
    const q = held2[k]!;
    mem[q >>> 2] = head;
    head = q;
    const p = head;
    head = mem[p >>> 2]!;
    mem[p >>> 2] = i;
    held2[k] = p;
    sum += p;
  }
  return sum;
}

await runBenchPairs("@mps/pool-mfs", [
  {
    workload: `${PAIRS.toLocaleString("en-US")} free/alloc pairs of ${UNIT}-byte blocks with ${LIVE} blocks live, each block written once; ops = pairs`,
    ops: PAIRS,
    baseline: { name: "plain free list over a Uint32Array", fn: plainPairs },
    subject: { name: "MFSPool free + alloc", fn: mfsPairs },
    minRatio: 0.5,
  },
]);
