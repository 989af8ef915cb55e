// The umbrella's ScanState is the type scanners receive: a scan function written
// against it can be passed as a format's fmtScan and as a root's scan (found by the
// docs samples check: it used to be @mps/trace's class, which neither accepts).
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, type Addr, type ScanState } from "../src/index.js";

describe("ScanState", () => {
  it("a scanner typed with the umbrella's ScanState serves as fmtScan and as a root's scan", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    const m = arena.mem;
    // Objects: [size, ref]; 8 bytes.
    function scanObjects(ss: ScanState, base: Addr, limit: Addr): void {
      for (let p = base; p < limit; p += 8) {
        const r = m.u32[(p + 4) >>> 2]!;
        if (r !== 0 && ss.fix1(r)) m.u32[(p + 4) >>> 2] = ss.fix2(r);
      }
    }
    let held = 0;
    function scanRoot(ss: ScanState): void {
      if (held !== 0 && ss.fix1(held)) held = ss.fix2(held);
    }
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan: scanObjects,
      fmtSkip: (p) => p + 8,
      fmtFwd: (o, n) => { m.u32[o >>> 2] = 1; m.u32[(o + 4) >>> 2] = n; },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === 1 ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad: (p, s) => { for (let q = p; q < p + s; q += 8) { m.u32[q >>> 2] = 2; m.u32[(q + 4) >>> 2] = 0; } },
    });
    const pool = arena.createPool(PoolClass.AMC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const root = arena.createRoot({ rank: Rank.EXACT, scan: scanRoot });
    let p: Addr;
    do {
      p = ap.reserve(8);
      m.u32[p >>> 2] = 8;
      m.u32[(p + 4) >>> 2] = 0;
    } while (!ap.commit(p, 8));
    held = p;
    arena.collect();
    expect(held).not.toBe(0);
    expect(m.u32[held >>> 2]).toBe(8);
    arena.release();
    ap.destroy();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
