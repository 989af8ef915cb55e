/**
 * Benchmarks of @mps/pool-snc: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { SNCPool } from "../src/index.js";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform() });
const mem = arena.mem;
const format = arena.createFormat({
  fmtAlign: 8,
  fmtScan: () => {},
  fmtSkip: (p) => p + (mem.u32[p >>> 2]! & ~1),
  fmtPad: (p, size) => {
    mem.u32[p >>> 2] = size | 1;
  },
});
const pool = arena.createPool(SNCPool, { format });
const ap = pool.createAp();
// The baseline: the same objects bump-allocated in a plain typed array, "popped" by resetting the pointer.
const plain = new Uint32Array(1 << 16);

const FRAMES = 1000;
const PER_FRAME = 100;

await runBenchPairs("@mps/pool-snc", [
  {
    workload: `${FRAMES} frames of ${PER_FRAME} 16-byte objects: push, reserve/init/commit each, pop`,
    ops: FRAMES * PER_FRAME,
    baseline: {
      name: "bump pointer in a Uint32Array",
      fn: () => {
        let s = 0;
        for (let f = 0; f < FRAMES; f++) {
          const frame = 0;
          let top = frame;
          for (let i = 0; i < PER_FRAME; i++) {
            plain[top] = 16;
            plain[top + 1] = i;
            top += 4;
          }
          s += top;
        }
        return s;
      },
    },
    subject: {
      name: "SNC allocation point with frames",
      fn: () => {
        let s = 0;
        for (let f = 0; f < FRAMES; f++) {
          const frame = ap.framePush();
          for (let i = 0; i < PER_FRAME; i++) {
            let p: number;
            do {
              p = ap.reserve(16);
              mem.u32[p >>> 2] = 16;
              mem.u32[(p >>> 2) + 1] = i;
            } while (!ap.commit(p, 16));
            s += p & 1;
          }
          ap.framePop(frame);
        }
        return s;
      },
    },
  },
]);
