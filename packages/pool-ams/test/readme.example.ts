// The README's example, verbatim but for the import of the package itself.
import { Arena, ArenaClass } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { AMSPool } from "../src/index.js";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
const mem = arena.mem;
// A format: word 0 of an object is its size in bytes, the other words are references (0: none).
const format = arena.createFormat({
  fmtAlign: 8,
  fmtScan(ss, base, limit) {
    for (let p = base; p < limit; p += mem.u32[p >>> 2]!) {
      for (let q = p + 4; q < p + mem.u32[p >>> 2]!; q += 4) {
        const ref = mem.u32[q >>> 2]!;
        if (ref !== 0 && ss.fix1(ref)) mem.u32[q >>> 2] = ss.fix2(ref);
      }
    }
  },
  fmtSkip: (p) => p + mem.u32[p >>> 2]!,
});
const chain = arena.createChain([{ capacity: 1024, mortality: 0.5 }]);
const pool = arena.createPool(AMSPool, { format, chain });
const ap = pool.createAp({ rank: Rank.EXACT });

// A pair of 16 bytes: size, two references, a word of padding.
function pair(a: number, b: number): number {
  let p: number;
  do {
    p = ap.reserve(16);
    mem.u32.set([16, a, b, 0], p >>> 2);
  } while (!ap.commit(p, 16));
  return p;
}

// One exact root: the head of a list.
const roots = new Uint32Array(1);
const root = arena.createRoot({
  rank: Rank.EXACT,
  scan: (ss) => {
    if (roots[0] !== 0 && ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!);
  },
});
for (let i = 0; i < 10; i++) roots[0] = pair(0, roots[0]!); // a list of ten pairs
const kept = roots[0]!;
for (let i = 0; i < 1000; i++) pair(0, 0); // garbage
ap.destroy();

arena.collect();
console.log(pool.totalSize() - pool.freeSize()); // 160: the ten pairs of the list
console.log(roots[0] === kept); // true: AMS never moves objects

root.destroy();
pool.destroy();
chain.destroy();
format.destroy();
arena.destroy();
