/**
 * Benchmarks of example-pool: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { Arena, ArenaClass, PoolClass, Rank } from "@mps/mps";
import { MSFPool } from "../src/index.js";
import { runBenchPairs } from "../../../tools/src/bench.js";

const N = 100_000;
const UNIT = 16;

/** Allocate N cells of 16 bytes in an arena, keeping every 10th in a list, then a full collection (MSF) or freeing the rest (MFS). */
function msfRun(): number {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20 });
  const m = arena.mem;
  const format = arena.createFormat({
    fmtAlign: 8,
    fmtScan(ss, base, limit) {
      for (let p = base; p < limit; p += UNIT) {
        const ref = m.u32[(p + 8) >>> 2]!;
        if (ref !== 0 && ss.fix1(ref)) m.u32[(p + 8) >>> 2] = ss.fix2(ref);
      }
    },
  });
  const pool = arena.createPool(MSFPool, { format, unitSize: UNIT });
  const roots = new Uint32Array(1);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { if (ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!); } });
  for (let i = 0; i < N; i++) {
    const p = pool.alloc(UNIT);
    if (i % 10 === 0) {
      m.u32[(p + 8) >>> 2] = roots[0]!;
      roots[0] = p;
    }
  }
  arena.collect();
  const live = pool.totalSize() - pool.freeSize();
  root.destroy();
  pool.destroy();
  format.destroy();
  arena.destroy();
  return live;
}

function mfsRun(): number {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20 });
  const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: UNIT });
  const m = arena.mem;
  let head = 0;
  for (let i = 0; i < N; i++) {
    const p = pool.alloc(UNIT);
    m.u32[(p + 8) >>> 2] = 0;
    if (i % 10 === 0) {
      m.u32[(p + 8) >>> 2] = head;
      head = p;
    } else {
      pool.free(p, UNIT);
    }
  }
  const live = pool.totalSize() - pool.freeSize();
  pool.destroy();
  arena.destroy();
  return live;
}

await runBenchPairs("example-pool", [
  {
    workload: `allocate ${N} cells of ${UNIT} bytes, every 10th kept in a list: MSF with one full collection at the end, against MFS freeing the others at once`,
    ops: N,
    baseline: { name: "MFS alloc/free", fn: mfsRun },
    subject: { name: "MSF alloc + collect", fn: msfRun },
    iterations: 5,
  },
]);
