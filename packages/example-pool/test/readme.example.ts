import { Arena, ArenaClass, Rank } from "@mps/mps";
import { MSFPool } from "example-pool";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
const m = arena.mem;

// Pairs of 12 bytes padded to 16: a tag word, then two references (0 is null).
const format = arena.createFormat({
  fmtAlign: 8,
  fmtScan(ss, base, limit) {
    for (let p = base; p < limit; p += 16) {
      for (const slot of [p + 4, p + 8]) {
        const ref = m.u32[slot >>> 2]!;
        if (ref !== 0 && ss.fix1(ref)) m.u32[slot >>> 2] = ss.fix2(ref);
      }
    }
  },
});
const pool = arena.createPool(MSFPool, { format, unitSize: 16 });

// A list of 1000 pairs, and one root that holds its head.
let head = 0;
for (let i = 0; i < 1000; i++) {
  const p = pool.alloc(16); // zeroed
  m.u32[p >>> 2] = i;
  m.u32[(p + 8) >>> 2] = head;
  head = p;
}
const roots = new Uint32Array([head]);
const root = arena.createRoot({
  rank: Rank.EXACT,
  scan(ss) {
    if (ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!);
  },
});

arena.collect();
console.log(pool.totalSize() - pool.freeSize()); // 16000: every pair is reachable

// Cut the list after its tenth pair (an update: through the write barrier).
let p = roots[0]!;
for (let i = 1; i < 10; i++) p = arena.loadRef(p + 8);
arena.storeRef(p + 8, 0);
arena.collect();
console.log(pool.totalSize() - pool.freeSize()); // 160

root.destroy();
pool.destroy();
format.destroy();
arena.destroy();
