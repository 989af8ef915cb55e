/**
 * Benchmarks of @mps/pool-mfs: MFS alloc/free pairs against a plain free
 * list over a Uint32Array, on the same workload in the same run (issue
 * target: at least half the plain free list's rate).
 *
 * .req.fast: alloc and free, measured against a plain free list.
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchCopies, runBenchPairs } from "../../../tools/src/bench.js";
import { MFSPool } from "../src/index.js";

const UNIT = 16;
const LIVE = 1024; // blocks held at once
const PAIRS = 1_000_000;

// The subject: an MFS pool in a VM arena, warmed so its extents exist.
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const pool = arena.createPool(MFSPool, { mfsUnitSize: UNIT });
const held = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) held[i] = pool.alloc(UNIT);

function mfsPairs(n: number = PAIRS): number {
  let sum = 0;
  const u32 = arena.mem.u32;
  for (let i = 0; i < n; i++) {
    const k = Math.imul(i, 7919) & (LIVE - 1); // imul: i * 7919 would leave int32 range and deoptimize the loop
    pool.free(held[k]!, UNIT);
    const p = pool.alloc(UNIT);
    u32[p >>> 2] = i; // touch the block, as a client would
    held[k] = p;
    sum = (sum + p) | 0; // kept in int32 for the same reason
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

function plainPairs(n: number = PAIRS): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const k = Math.imul(i, 7919) & (LIVE - 1); // imul: i * 7919 would leave int32 range and deoptimize the loop
    const q = held2[k]!;
    mem[q >>> 2] = head;
    head = q;
    const p = head;
    head = mem[p >>> 2]!;
    mem[p >>> 2] = i;
    held2[k] = p;
    sum = (sum + p) | 0; // kept in int32 for the same reason
  }
  return sum;
}

// A second baseline: the same plain free list, but threaded through the
// arena's own memory (a region the arena gave to another MFS pool), so that
// the ratio shows the pool's overhead apart from the cost of the memory kind.
const region = arena.createPool(MFSPool, { mfsUnitSize: LIVE * 2 * UNIT, extendBy: LIVE * 2 * UNIT }).alloc(LIVE * 2 * UNIT);
const amem = arena.mem.u32;
let ahead = 0;
for (let p = region + LIVE * 2 * UNIT - UNIT; p >= region; p -= UNIT) {
  amem[p >>> 2] = ahead;
  ahead = p;
}
const held3 = new Uint32Array(LIVE);
for (let i = 0; i < LIVE; i++) {
  held3[i] = ahead;
  ahead = amem[ahead >>> 2]!;
}

function arenaPairs(n: number = PAIRS): number {
  let sum = 0;
  const u32 = arena.mem.u32;
  for (let i = 0; i < n; i++) {
    const k = Math.imul(i, 7919) & (LIVE - 1); // imul: i * 7919 would leave int32 range and deoptimize the loop
    const q = held3[k]!;
    u32[q >>> 2] = ahead;
    ahead = q;
    const p = ahead;
    ahead = u32[p >>> 2]!;
    u32[p >>> 2] = i;
    held3[k] = p;
    sum = (sum + p) | 0; // kept in int32 for the same reason
  }
  return sum;
}

// Warm each loop on short runs first, so that V8 optimizes it as a whole
// function with complete type feedback rather than only by on-stack
// replacement in the middle of its first long run (which, depending on
// timing, could leave the subject compiled badly for the whole benchmark).
for (let r = 0; r < 20; r++) {
  mfsPairs(2000);
  plainPairs(2000);
  arenaPairs(2000);
}

await runBenchPairs("@mps/pool-mfs", [
  {
    workload: `${PAIRS.toLocaleString("en-US")} free/alloc pairs of ${UNIT}-byte blocks with ${LIVE} blocks live, each block written once; ops = pairs`,
    ops: PAIRS,
    baseline: { name: "plain free list over a Uint32Array", fn: plainPairs },
    subject: { name: "MFSPool free + alloc", fn: mfsPairs },
  },
  {
    workload: `the same, with the plain free list threaded through the arena's own memory (a ${arena.vm.backend} VM), not a separate ArrayBuffer`,
    ops: PAIRS,
    baseline: { name: "plain free list in the arena's memory", fn: arenaPairs },
    subject: { name: "MFSPool free + alloc", fn: mfsPairs },
  },
]);

// The target is judged here: the same loops compiled as several copies each,
// so that where V8 happens to place one copy's machine code does not decide
// the ratio (tools/src/bench.ts runBenchCopies).
const LOOP = (body: string) => `return function loop(pool, held, views, n) {
  const mem = views.u32 === undefined ? views : views.u32;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const k = Math.imul(i, 7919) & (LIVE - 1);
${body}
    held[k] = p;
    sum = (sum + p) | 0;
  }
  return sum;
};`;
const plainState = { head };
runBenchCopies("@mps/pool-mfs", [
  {
    workload: `${PAIRS.toLocaleString("en-US")} free/alloc pairs of ${UNIT}-byte blocks with ${LIVE} blocks live, each block written once; ops = pairs`,
    ops: PAIRS,
    baseline: {
      name: "plain free list",
      deps: { LIVE },
      src: LOOP(`    const q = held[k];
    mem[q >>> 2] = pool.head;
    pool.head = q;
    const p = pool.head;
    pool.head = mem[p >>> 2];
    mem[p >>> 2] = i;`),
      args: [plainState, held2, mem, PAIRS],
    },
    subject: {
      name: "MFSPool free + alloc",
      deps: { LIVE },
      src: LOOP(`    pool.free(held[k], ${UNIT});
    const p = pool.alloc(${UNIT});
    mem[p >>> 2] = i;`),
      args: [pool, held, arena.mem, PAIRS],
    },
    minRatio: 0.5,
  },
]);
