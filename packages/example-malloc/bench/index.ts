/**
 * Benchmarks of example-malloc: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 * The baseline is the MPS's own alloc/free with the caller keeping sizes.
 */
import { Arena, ArenaClass, PoolClass } from "@mps/mps";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { MALLOC_MVFF_OPTS, Malloc } from "../src/index.js";

const N = 1e4;
const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20 });
const m = new Malloc(arena);
const pool = arena.createPool(PoolClass.MVFF, MALLOC_MVFF_OPTS);
const ps = new Array<number>(N).fill(0);
const size = (i: number) => 8 + ((i * 37) & 127);

await runBenchPairs("example-malloc", [
  {
    workload: `allocate ${N} blocks of 8..135 bytes, then free them all`,
    ops: 2 * N,
    baseline: {
      name: "pool.alloc/free(p, size)",
      fn: () => {
        for (let i = 0; i < N; i++) ps[i] = pool.alloc(size(i));
        for (let i = 0; i < N; i++) pool.free(ps[i]!, size(i));
      },
    },
    subject: {
      name: "malloc/free with a size header",
      fn: () => {
        for (let i = 0; i < N; i++) ps[i] = m.malloc(size(i));
        for (let i = 0; i < N; i++) m.free(ps[i]!);
      },
    },
  },
]);
