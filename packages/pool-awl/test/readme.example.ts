import { Arena, ArenaClass } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { AWLPool } from "@mps/pool-awl";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
const mem = arena.mem;
// A format: word 0 is the object's size in bytes; word 1 is the object's
// dependent object (0 if none; not traced here: the example roots both
// tables); the other words are references (0: none). When a reference comes
// back 0 from fix2 (a weak key splatted), the scanner deletes the word at
// the same offset in the dependent object: the value of that key.
const format = arena.createFormat({
  fmtAlign: 8,
  fmtScan(ss, base, limit) {
    for (let p = base; p < limit; p += mem.u32[p >>> 2]!) {
      const dep = mem.u32[(p >>> 2) + 1]!;
      for (let q = p + 8; q < p + mem.u32[p >>> 2]!; q += 4) {
        const ref = mem.u32[q >>> 2]!;
        if (ref === 0 || !ss.fix1(ref)) continue;
        const nu = ss.fix2(ref);
        mem.u32[q >>> 2] = nu;
        if (nu === 0 && dep !== 0) mem.u32[(dep + (q - p)) >>> 2] = 0;
      }
    }
  },
  fmtSkip: (p) => p + mem.u32[p >>> 2]!,
});
const pool = arena.createPool(AWLPool, { format, awlFindDependent: (p) => mem.u32[(p >>> 2) + 1]! });
const exactAp = pool.createAp({ rank: Rank.EXACT });
const weakAp = pool.createAp({ rank: Rank.WEAK });

// An object: its size, its dependent object, then `refs`.
function make(ap: typeof exactAp, dependent: number, refs: number[]): number {
  const size = Math.ceil((2 + refs.length) / 2) * 8;
  let p: number;
  do {
    p = ap.reserve(size);
    mem.u32.fill(0, p >>> 2, (p + size) >>> 2);
    mem.u32.set([size, dependent, ...refs], p >>> 2);
  } while (!ap.commit(p, size));
  return p;
}

// Three keys and three values; a weak table of the keys whose dependent
// object is the (exact) table of the values.
const keys = [0, 1, 2].map(() => make(exactAp, 0, []));
const values = [0, 1, 2].map(() => make(exactAp, 0, []));
const valueTable = make(exactAp, 0, values);
const keyTable = make(weakAp, valueTable, keys);

// The roots: both tables, and keys 0 and 2 (key 1 is dropped).
const roots = new Uint32Array([keyTable, valueTable, keys[0]!, keys[2]!]);
const root = arena.createRoot({
  rank: Rank.EXACT,
  scan: (ss) => {
    for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
  },
});
exactAp.destroy();
weakAp.destroy();

arena.collect();
const slot = (t: number, i: number): number => mem.u32[(t >>> 2) + 2 + i]!;
console.log([0, 1, 2].map((i) => slot(keyTable, i) !== 0)); // [true, false, true]: key 1 was splatted
console.log([0, 1, 2].map((i) => slot(valueTable, i) !== 0)); // [true, false, true]: and its value deleted

root.destroy();
pool.destroy();
format.destroy();
arena.destroy();
