/**
 * Benchmarks of @mps/pool-ams: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { type AP, Arena, type Buffer, ArenaClass, type Chain, type Format, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testFormat } from "@mps/trace/test-util";
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { AMSPool } from "../src/index.js";
import { type FillRange } from "../src/ams-seg.js";

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

function freshPool(cls: typeof AMSPool = AMSPool): void {
  ap?.destroy();
  root?.destroy();
  pool?.destroy();
  pool = arena.createPool(cls, { format, chain });
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
    subject: { name: "AMS allocation point", beforeEach: () => freshPool(), fn: allocList },
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

/**
 * Fills on a swept, fragmented pool: a heap of objects of mixed sizes whose
 * survivors lie in short clusters between holes of 1 to 3 objects and holes
 * of 8 to 64 objects (a made-up but repeatable pattern), collected; then
 * allocation into the holes.
 */
const SIZES = [8, 16, 16, 16, 24, 24, 32, 48] as const; // bytes: 0 to 4 slots, pairs the commonest
const FRAG_OBJECTS = 200_000;
const FRAG_ALLOCS = 50_000;
let seed = 1;
/** A repeatable pseudo-random integer in [0, n). */
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}
const sizeOf = new Uint8Array(FRAG_OBJECTS + FRAG_ALLOCS);

/** Allocate `n` objects of the sizes in `sizeOf` from `first` through `a`; link those `keep` says into a list from the root. */
function allocMixed(a: AP, first: number, n: number, keep: (i: number) => boolean): number {
  const u32 = mem.u32;
  let head = roots[0]!;
  for (let i = first; i < first + n; i++) {
    const size = sizeOf[i]!;
    let p: number;
    do {
      p = a.reserve(size);
      const w = p >>> 2;
      u32[w] = size | 1;
      u32[w + 1] = i;
      for (let k = 2; k < size >>> 2; k++) u32[w + k] = 0;
      if (size >= 16) u32[w + 2] = head;
    } while (!a.commit(p, size));
    if (size >= 16 && keep(i)) head = p;
  }
  roots[0] = head;
  return head;
}

/** Which of the first FRAG_OBJECTS objects survive: runs of 1 to 8 survivors, then a short (1 to 3) or, one time in four, a long (8 to 64) run of dead. */
const survives = new Uint8Array(FRAG_OBJECTS);
seed = 1;
for (let i = 0; i < sizeOf.length; i++) sizeOf[i] = SIZES[rnd(SIZES.length)]!;
for (let i = 0; i < FRAG_OBJECTS; ) {
  for (let n = 1 + rnd(8); n > 0 && i < FRAG_OBJECTS; n--, i++) survives[i] = sizeOf[i] !== 8 ? 1 : 0;
  for (let n = rnd(4) === 0 ? 8 + rnd(57) : 1 + rnd(3); n > 0 && i < FRAG_OBJECTS; n--) survives[i++] = 0;
}
const keepSome = (i: number): boolean => survives[i] === 1;
const keepNone = (): boolean => false;
let fragBytes = 0;
for (let i = FRAG_OBJECTS; i < sizeOf.length; i++) fragBytes += sizeOf[i]!;

/** A fresh pool (of class `cls`) with the fragmented heap built and swept, and a fresh allocation point. */
function fragmentedPool(cls: typeof AMSPool = AMSPool): void {
  freshPool(cls);
  allocMixed(ap!, 0, FRAG_OBJECTS, keepSome);
  ap!.destroy();
  arena.collect();
  ap = pool!.createAp({ rank: Rank.EXACT });
}

/** An AMS pool that counts its buffer fills and the bytes they give, for the figures printed after the timings. */
class CountingAMS extends AMSPool {
  fills = 0;
  filled = 0;
  protected override bufferFillMethod(rangeReturn: FillRange, buffer: Buffer, size: number): void {
    super.bufferFillMethod(rangeReturn, buffer, size);
    this.fills++;
    this.filled += rangeReturn.limit - rangeReturn.base;
  }
}

pairs.push({
  workload:
    `${FRAG_ALLOCS} objects of 8 to 48 bytes (${fragBytes} bytes) allocated into a swept AMS pool: ${FRAG_OBJECTS} objects of the same sizes ` +
    `allocated and collected first, survivors in runs of 1 to 8 objects between dead runs of 1 to 3 objects or, one time in four, 8 to 64 ` +
    `(the pool built, collected and given a fresh AP each round, not timed; baseline: the same allocation into a fresh, empty AMS pool)`,
  ops: FRAG_ALLOCS,
  baseline: { name: "fresh pool", beforeEach: () => freshPool(), fn: () => allocMixed(ap!, FRAG_OBJECTS, FRAG_ALLOCS, keepNone) },
  subject: { name: "swept fragmented pool", beforeEach: () => fragmentedPool(), fn: () => allocMixed(ap!, FRAG_OBJECTS, FRAG_ALLOCS, keepNone) },
});

await runBenchPairs("@mps/pool-ams", pairs);

{
  // What the fills were, one untimed run of each (not part of the ratios above).
  console.log(`\nBuffer fills of the last workload (${FRAG_ALLOCS} objects, ${fragBytes} bytes):`);
  for (const [name, setup] of [["fresh pool", () => freshPool(CountingAMS)], ["swept fragmented pool", () => fragmentedPool(CountingAMS)]] as const) {
    setup();
    const p = pool as CountingAMS;
    const total0 = p.totalSize();
    allocMixed(ap!, FRAG_OBJECTS, FRAG_ALLOCS, keepNone);
    console.log(
      `  ${name.padEnd(22)} ${p.fills} fills (${(p.fills / FRAG_ALLOCS).toFixed(3)} per object), mean buffer ${(p.filled / Math.max(p.fills, 1)).toFixed(0)} bytes, ` +
        `pool ${total0} -> ${p.totalSize()} bytes`,
    );
  }
}
ap?.destroy();
root?.destroy();
pool?.destroy();
chain.destroy();
format.destroy();
arena.destroy();
