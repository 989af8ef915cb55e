/**
 * Benchmarks of @mps/pool-mvff: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { type AP, Arena, ArenaClass, type Pool, type PoolClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchCopies, runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { MVFFPool } from "../src/index.js";

const N = 100_000;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const mem = arena.mem;

// 1. Allocation points: reserve, initialise and commit 16-byte objects in the user's retry loop.
let apPool: MVFFPool | undefined;
let ap: AP | undefined;
const bumpArea = new Uint32Array(N * 4);

const pairs: BenchPair[] = [
  {
    workload: `${N} 16-byte objects: reserve, write 4 words, commit in the retry loop (a fresh pool and AP each round, not timed; the first reserve takes 2 MiB from the arena; baseline: a bare bump pointer into a Uint32Array; the client keeps the AP and the memory view in locals)`,
    ops: N,
    baseline: {
      name: "bump pointer",
      fn: () => {
        const u32 = bumpArea;
        let alloc = 0;
        const limit = N * 16;
        for (let i = 0; i < N; i++) {
          const p = alloc;
          if (p + 16 > limit) throw new Error("full");
          alloc = p + 16;
          const w = p >>> 2;
          u32[w] = i;
          u32[w + 1] = 0;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return alloc;
      },
    },
    subject: {
      name: "MVFF allocation point",
      beforeEach: () => {
        // Not timed: a fresh pool and AP each round, so that every round starts from the same state.
        ap?.destroy();
        apPool?.destroy();
        apPool = arena.createPool(MVFFPool, { extendBy: 2 << 20, spare: 0 });
        ap = apPool.createAp();
      },
      fn: () => {
        let p = 0;
        // The default platform's memory views never change (docs/design/platform.md
        // \`.vm.wasm.eager\`), so the client keeps the view in a local; on a growable
        // backend it would read \`mem.u32\` again after each reserve.
        const u32 = mem.u32;
        const a = ap!; // a local, as a client holds its AP (a module-level \`let\` is reloaded and hole-checked on every use)
        for (let i = 0; i < N; i++) {
          do {
            p = a.reserve(16);
            const w = p >>> 2;
            u32[w] = i;
            u32[w + 1] = 0;
            u32[w + 2] = 0;
            u32[w + 3] = 0;
          } while (!a.commit(p, 16));
        }
        return p;
      },
    },
  },
];

// 2. alloc/free pairs of mixed sizes vs MFS (fixed 32-byte units), when MFS is built.
const mfsPath = "../../pool-mfs/dist/index.js";
let MFSPool: PoolClass | undefined;
try {
  MFSPool = ((await import(mfsPath)) as { MFSPool: PoolClass }).MFSPool;
} catch {
  console.log("(pool-mfs is not built: skipping the MVFF vs MFS pair)");
}
const mvffPool = arena.createPool(MVFFPool, { extendBy: 65536 });
const live = new Int32Array(64);
if (MFSPool !== undefined) {
  const mfsPool = arena.createPool(MFSPool, { mfsUnitSize: 32 } as never);
  const loop = (pool: Pool): number => {
    let s = 0;
    for (let i = 0; i < 64; i++) live[i] = pool.alloc(32);
    for (let i = 0; i < N; i++) {
      const k = (i * 37) & 63;
      pool.free(live[k]!, 32);
      live[k] = pool.alloc(32);
      s += live[k]!;
    }
    for (let i = 0; i < 64; i++) pool.free(live[i]!, 32);
    return s;
  };
  pairs.push({
    workload: `${N} free/alloc pairs of 32-byte blocks with 64 live (baseline: MFS with 32-byte units)`,
    ops: N,
    baseline: { name: "MFS alloc/free", fn: () => loop(mfsPool) },
    subject: { name: "MVFF alloc/free", fn: () => loop(mvffPool) },
  });
}

await runBenchPairs("@mps/pool-mvff", pairs);

// The allocation point's target is judged here: each loop compiled as
// several copies, so that where V8 places one copy's machine code cannot
// decide the ratio (tools/src/bench.ts runBenchCopies). Both loops take
// their state as arguments; the AP loop is the client's retry loop.
let copiesPool: MVFFPool | undefined;
let copiesAp: AP | undefined;
// A fresh pool and AP for each run (not timed), so every run starts alike.
function freshAp(): unknown[] {
  copiesAp?.destroy();
  copiesPool?.destroy();
  copiesPool = arena.createPool(MVFFPool, { extendBy: 2 << 20, spare: 0 });
  copiesAp = copiesPool.createAp();
  return [copiesAp, mem];
}
const bumpState = { alloc: 0, limit: N * 16 };
runBenchCopies("@mps/pool-mvff", [
  {
    workload: `${N} 16-byte objects: reserve, write 4 words, commit in the retry loop (a fresh pool and AP each run, not timed; the first reserve takes 2 MiB from the arena; baseline: a bare bump pointer into a Uint32Array)`,
    ops: N,
    baseline: {
      name: "bump pointer",
      deps: { N },
      src: `return function loop(st, u32) {
  let alloc = 0;
  const limit = st.limit;
  for (let i = 0; i < N; i++) {
    const p = alloc;
    if (p + 16 > limit) throw new Error("full");
    alloc = p + 16;
    const w = p >>> 2;
    u32[w] = i;
    u32[w + 1] = 0;
    u32[w + 2] = 0;
    u32[w + 3] = 0;
  }
  st.alloc = alloc;
  return alloc;
};`,
      args: [bumpState, bumpArea],
    },
    subject: {
      name: "MVFF allocation point",
      deps: { N },
      src: `return function loop(ap, mem) {
  const u32 = mem.u32;
  let p = 0;
  for (let i = 0; i < N; i++) {
    do {
      p = ap.reserve(16);
      const w = p >>> 2;
      u32[w] = i;
      u32[w + 1] = 0;
      u32[w + 2] = 0;
      u32[w + 3] = 0;
    } while (!ap.commit(p, 16));
  }
  return p;
};`,
      args: freshAp,
    },
    minRatio: 0.9,
  },
]);
