// The examples of docs/guide/debug.md: an underscanning bug made visible by
// AMSDebug's free-space splatting, and a write past the end of a block
// caught by MVFFDebug's fenceposts.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, DebugDamageError, PoolClass, Rank, type Addr } from "../src/index.js";

describe("docs/guide/debug.md", () => {
  it(".guide.debug.underscan: a scanner that forgets a field lets its object die; AMSDebug fills it with the free template, and checkFreeSpace names the block written through the stale reference", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;
    // Pairs: [PAIR, car, cdr, 0]; padding: [PAD, size, ...].
    const PAIR = 1, PAD = 2;
    const skip = (p: Addr) => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : 16);
    const forgetCdr = true; // the bug
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p = skip(p)) {
          if (m.u32[p >>> 2] !== PAIR) continue;
          const car = m.u32[(p + 4) >>> 2]!;
          if (car !== 0 && ss.fix1(car)) m.u32[(p + 4) >>> 2] = ss.fix2(car);
          if (forgetCdr) continue;
          const cdr = m.u32[(p + 8) >>> 2]!;
          if (cdr !== 0 && ss.fix1(cdr)) m.u32[(p + 8) >>> 2] = ss.fix2(cdr);
        }
      },
      fmtSkip: skip,
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    const pool = arena.createPool(PoolClass.AMSDebug, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const roots = [0];
    const root = arena.createRoot({ rank: Rank.EXACT, scan(ss) { if (roots[0] !== 0 && ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!); } });
    let current = ap;
    const cons = (car: Addr, cdr: Addr): Addr => {
      let p: Addr;
      do {
        p = current.reserve(16);
        m.u32.set([PAIR, car, cdr, 0], p >>> 2);
      } while (!current.commit(p, 16));
      return p;
    };
    roots[0] = cons(0, 0);
    roots[0] = cons(0, roots[0]); // a list of two pairs; the second is reachable only through a cdr
    const second = m.u32[(roots[0] + 8) >>> 2]!;
    ap.destroy(); // give back the allocation point's region, so the pool's free space is all splatted

    arena.collect();
    // The second pair died: its memory now holds the free template ("FREE").
    expect(String.fromCharCode(...m.u8.subarray(second, second + 4))).toBe("FREE");
    // The program, unaware, writes through the stale cdr.
    m.u32[(second + 4) >>> 2] = 42;
    let report: DebugDamageError["report"] | undefined;
    try {
      pool.checkFreeSpace();
    } catch (e) {
      if (!(e instanceof DebugDamageError)) throw e;
      report = e.report;
    }
    expect(report?.kind).toBe("free-space");
    expect(report!.at).toBe(second + 4);
    // The pool's next use of that space reports it too, before handing it out.
    const ap2 = pool.createAp({ rank: Rank.EXACT });
    current = ap2;
    // A fill takes the long free run after the survivor first (docs/design/pool-ams.md .impl.fill),
    // and the one-pair hole only when that is used up: 8192 pairs are more than the segment holds.
    expect(() => {
      for (let i = 0; i < 8192; i++) cons(0, 0);
    }).toThrow(/free space corrupted/);
    ap2.destroy();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".guide.debug.fencepost: a write past the end of a block is caught by MVFFDebug's fenceposts when the block is freed", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const pool = arena.createPool(PoolClass.MVFFDebug, {});
    const a = pool.alloc(10);
    arena.mem.u8.fill(7, a, a + 11); // one byte too many
    let message = "";
    try {
      pool.free(a, 10);
    } catch (e) {
      if (!(e instanceof DebugDamageError)) throw e;
      message = e.message;
      expect(e.report.offset).toBe(10);
    }
    expect(message).toMatch(/fencepost damaged/);
    pool.destroy();
    arena.destroy();
  });
});
