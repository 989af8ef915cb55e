// The stretchy vector of docs/guide/vector.md: the fixed `resize`, run in
// an AMC pool with collections forced all the time, every element checked
// after every resize.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank } from "../src/index.js";

const ARRAY = 1, VECTOR = 2, BOX = 3, FWD = 4, PAD = 5;

describe("docs/guide/vector.md", () => {
  it(".guide.vector: a stretchy vector grown and shrunk under constant collection keeps every element", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20 });
    const m = arena.mem;
    const size = (p: number): number => {
      switch (m.u32[p >>> 2]) {
        case ARRAY: return Math.max(16, (8 + 4 * m.u32[(p + 4) >>> 2]! + 7) & ~7);
        case FWD: case PAD: return m.u32[(p + 4) >>> 2]!;
        default: return 16;
      }
    };
    const fixAt = (ss: { fix1(r: number): boolean; fix2(r: number): number }, a: number): void => {
      const r = m.u32[a >>> 2]!;
      if (r !== 0 && ss.fix1(r)) m.u32[a >>> 2] = ss.fix2(r);
    };
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += size(p)) {
          const t = m.u32[p >>> 2];
          if (t === VECTOR) fixAt(ss, p + 4);
          else if (t === ARRAY) for (let i = 0, n = m.u32[(p + 4) >>> 2]!; i < n; i++) fixAt(ss, p + 8 + 4 * i);
        }
      },
      fmtSkip: (p) => p + size(p),
      fmtFwd(old, nu) {
        const s = size(old);
        m.u32[old >>> 2] = FWD;
        m.u32[(old + 4) >>> 2] = s;
        m.u32[(old + 8) >>> 2] = nu;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 8) >>> 2]! : 0),
      fmtPad(p, s) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = s;
      },
    });
    const chain = arena.createChain([{ capacity: 4, mortality: 0.5 }]);
    const pool = arena.createPool(PoolClass.AMC, { format, chain });
    const ap = pool.createAp({ rank: Rank.EXACT });
    arena.setPauseTime(0); // every poll does one unit of work: collections are always under way

    // From the page.
    const VEC = 0, TMP = 1;
    const roots: number[] = [0, 0]; // roots[VEC]: the vector; roots[TMP]: an array being built
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
      },
    });

    function resize(newLength: number): void {
      const size = Math.max(16, (8 + 4 * newLength + 7) & ~7);
      let p: number;
      do {
        p = ap.reserve(size);
        m.u32[p >>> 2] = ARRAY;
        m.u32[(p + 4) >>> 2] = newLength;
        m.u32.fill(0, (p + 8) >>> 2, (p + size) >>> 2); // scannable before it is committed
      } while (!ap.commit(p, size));
      roots[TMP] = p; // reachable, and updated if the collector moves it
      // Nothing below allocates, so nothing moves until the next call into the MPS.
      const vector = roots[VEC]!;
      const old = m.u32[(vector + 4) >>> 2]!;
      const n = Math.min(m.u32[(old + 4) >>> 2]!, newLength);
      m.u32.copyWithin((p + 8) >>> 2, (old + 8) >>> 2, ((old + 8) >>> 2) + n);
      m.u32[(vector + 4) >>> 2] = p;
      roots[TMP] = 0;
    }

    // The test's own helpers: make the vector, box a value, read element i.
    const make = (words: number[]): number => {
      let p: number;
      do {
        p = ap.reserve(16);
        m.u32.set(words, p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    };
    roots[VEC] = make([VECTOR, 0, 0, 0]);
    resize(0);
    const array = () => m.u32[(roots[VEC]! + 4) >>> 2]!;
    const model: number[] = [];
    let seed = 12345;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let step = 0; step < 3000; step++) {
      const len = model.length;
      if (len > 0 && rnd(8) === 0) {
        const newLen = rnd(len);
        resize(newLen);
        model.length = newLen;
      } else {
        resize(len + 1);
        const box = make([BOX, step, 0, 0]); // may collect: the vector is re-read from the root below
        m.u32[(array() + 8 + 4 * len) >>> 2] = box;
        model.push(step);
      }
      if (step % 500 === 0) {
        arena.collect();
        arena.release();
      }
      const a = array();
      expect(m.u32[a >>> 2]).toBe(ARRAY);
      expect(m.u32[(a + 4) >>> 2]).toBe(model.length);
      for (let i = 0; i < model.length; i++) {
        const box = m.u32[(a + 8 + 4 * i) >>> 2]!;
        if (m.u32[box >>> 2] !== BOX || m.u32[(box + 4) >>> 2] !== model[i]) expect.fail(`element ${i} of ${model.length} at step ${step} is damaged`);
      }
    }
    expect(arena.collections()).toBeGreaterThan(9); // 6 asked for, the rest started by the chain
    arena.park();
    root.destroy();
    ap.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});
