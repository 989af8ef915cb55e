// The README's example, verbatim but for the import of the package itself.
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { SNCPool } from "../src/index.js";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform() });
const mem = arena.mem;
// Word 0: the size in bytes, with bit 0 set in a pad; word 1: a reference or 0.
const format = arena.createFormat({
  fmtAlign: 8,
  fmtScan: (ss, base, limit) => {
    for (let p = base; p < limit; p += mem.u32[p >>> 2]! & ~1) {
      const ref = mem.u32[(p >>> 2) + 1]!;
      if ((mem.u32[p >>> 2]! & 1) === 0 && ref !== 0 && ss.fix1(ref)) mem.u32[(p >>> 2) + 1] = ss.fix2(ref);
    }
  },
  fmtSkip: (p) => p + (mem.u32[p >>> 2]! & ~1),
  fmtPad: (p, size) => {
    mem.u32[p >>> 2] = size | 1;
  },
});
const pool = arena.createPool(SNCPool, { format });
const ap = pool.createAp();

// A cell of 8 bytes: its size, then a reference.
function cell(next: number): number {
  let p: number;
  do {
    p = ap.reserve(8);
    mem.u32[p >>> 2] = 8;
    mem.u32[(p >>> 2) + 1] = next;
  } while (!ap.commit(p, 8));
  return p;
}
function cells(): number {
  let n = 0;
  pool.walk((p) => {
    if ((mem.u32[p >>> 2]! & 1) === 0) n++;
  });
  return n;
}

const outer = cell(0); // below every frame: lives until the AP goes
const frame = ap.framePush();
let list = outer;
for (let i = 0; i < 100; i++) list = cell(list); // a stack frame's worth of objects
console.log(cells()); // 101
ap.framePop(frame); // they are all gone at once
console.log(cells(), mem.u32[(outer >>> 2) + 1]); // 1 0
ap.destroy();
pool.destroy();
format.destroy();
arena.destroy();
