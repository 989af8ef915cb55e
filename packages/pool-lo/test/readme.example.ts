// The README's example, verbatim but for the import of the package itself.
import { Arena, ArenaClass } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { LOPool } from "../src/index.js";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
const mem = arena.mem;
// Leaf objects: word 0 is the size in bytes; the rest is data, never scanned.
const format = arena.createFormat({ fmtAlign: 8, fmtSkip: (p) => p + mem.u32[p >>> 2]! });
const chain = arena.createChain([{ capacity: 1024, mortality: 0.5 }]);
const pool = arena.createPool(LOPool, { format, chain });
const ap = pool.createAp();

// A string of bytes: its size word, then the bytes, rounded up to 8.
function str(s: string): number {
  const size = (4 + s.length + 7) & ~7;
  let p: number;
  do {
    p = ap.reserve(size);
    mem.u32[p >>> 2] = size;
    for (let i = 0; i < s.length; i++) mem.u8[p + 4 + i] = s.charCodeAt(i);
  } while (!ap.commit(p, size));
  return p;
}

const roots = new Uint32Array(1);
const root = arena.createRoot({
  rank: Rank.EXACT,
  scan: (ss) => {
    if (roots[0] !== 0 && ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!);
  },
});
roots[0] = str("hello, world"); // 16 bytes, kept by the root
for (let i = 0; i < 1000; i++) str(`garbage ${i}`);
ap.destroy();

arena.collect();
console.log(pool.totalSize() - pool.freeSize()); // 16: only the rooted string is left
console.log(String.fromCharCode(...mem.u8.subarray(roots[0]! + 4, roots[0]! + 16))); // hello, world

root.destroy();
pool.destroy();
chain.destroy();
format.destroy();
arena.destroy();
