// The example of docs/reference/scanning.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, type Addr, type ScanState, CHECK_LEVEL } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/scanning.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;

    // Pairs: PAIR, car, cdr, 0. A forwarded pair is FWD and the new address; padding is PAD and its size.
    const PAIR = 1, FWD = 2, PAD = 3;
    const skip = (p: Addr): Addr => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : 16);
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p = skip(p)) {
          if (m.u32[p >>> 2] !== PAIR) continue;
          for (let slot = p + 4; slot <= p + 8; slot += 4) {
            const ref = m.u32[slot >>> 2]!;
            if (ref === 0 || !ss.fix1(ref)) continue;
            const fixed = ss.fix2(ref);
            m.u32[slot >>> 2] = fixed;
          }
        }
      },
      fmtSkip: skip,
      fmtFwd(old, newAddr) {
        m.u32[old >>> 2] = FWD;
        m.u32[(old + 4) >>> 2] = newAddr;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    const pool = arena.createPool(PoolClass.AMC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    function cons(car: Addr, cdr: Addr): Addr {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([PAIR, car, cdr, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    }

    // A table of four tagged words in a manual pool, scanned by scanAreaTagged.
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const table = mvff.alloc(16);
    const root = arena.createRootArea({ rank: Rank.EXACT, base: table, limit: table + 16, mask: 1, pattern: 0 });
    const list = cons(0, cons(0, 0)); // safe only because no collection can start yet (see Threads)
    m.u32.set([list, (42 << 1) | 1, 0, 0], table >>> 2);

    // A weak root: one reference to the list, which the table holds, and one to a pair nothing else holds.
    const weak = [list, cons(0, 0)];
    const ranks: number[] = [];
    const weakRoot = arena.createRoot({
      rank: Rank.WEAK,
      scan(ss) {
        ranks.push(ss.rank);
        for (let i = 0; i < weak.length; i++) weak[i] = ss.fix(weak[i]!);
      },
    });

    arena.collect();
    const moved = m.u32[table >>> 2]!;
    expect([moved !== list, m.u32[(table + 4) >>> 2]! >> 1]).toEqual([true, 42]);
    expect([weak[0] === moved, weak[1]]).toEqual([true, 0]);
    expect([ranks, Rank.WEAK]).toEqual([[3], 3]);
    arena.release();

    arena.park();
    weakRoot.destroy();
    root.destroy();
    ap.destroy();
    pool.destroy();
    mvff.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the area scanners: masked, tagged, tagged or zero; scanArea wants words", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan: () => {},
      fmtSkip: (p) => p + 8,
      fmtFwd(old, nu) {
        m.u32[old >>> 2] = 1;
        m.u32[(old + 4) >>> 2] = nu;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === 1 ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad: () => {},
    });
    const pool = arena.createPool(PoolClass.AMCZ, { format });
    const ap = pool.createAp();
    const box = (n: number): Addr => {
      let p: Addr;
      do {
        p = ap.reserve(8);
        m.u32[p >>> 2] = 0;
        m.u32[(p + 4) >>> 2] = n;
      } while (!ap.commit(p, 8));
      return p;
    };
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const area = mvff.alloc(32);
    const a = box(1), b = box(2), c = box(3), d = box(4);
    // masked: every word a reference with tag bits 0x3; tagged: pattern 2 under 0x3; or-zero: pattern 2 or 0.
    m.u32.set([a | 3, b | 2, c | 1, c, d | 2, d, 0, 0], area >>> 2);
    let unaligned = "";
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        const s = ss as ScanState;
        s.scanAreaMasked(area, area + 4, 3);
        s.scanAreaTagged(area + 4, area + 16, 3, 2);
        s.scanAreaTaggedOrZero(area + 16, area + 24, 3, 2);
        unaligned = codeOf(() => s.scanArea(area + 2, area + 8)) ?? "none";
      },
    });
    arena.collect();
    const w = Array.from(m.u32.subarray(area >>> 2, (area >>> 2) + 6));
    const val = (p: Addr): number => m.u32[((p & ~3) + 4) >>> 2]!;
    expect([w[0]! & 3, val(w[0]!), w[1]! & 3, val(w[1]!), w[2], w[3], w[4]! & 3, val(w[4]!), val(w[5]!)]).toEqual([3, 1, 2, 2, c | 1, c, 2, 4, 4]);
    expect(w[0]! & ~3).not.toBe(a); // fixed, so moved
    expect(w[3]).toBe(c); // untagged in the tagged-only range: not a reference, left alone (c is dead now)
    expect(unaligned).toBe(CHECK_LEVEL === "cool" ? "PARAM" : "none");
    arena.park();
    root.destroy();
    ap.destroy();
    pool.destroy();
    mvff.destroy();
    format.destroy();
    arena.destroy();
  });
});
