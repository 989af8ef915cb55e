// The example of docs/reference/patterns.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { AllocPattern, Arena, ArenaClass, PoolClass, Rank, type AMCPool } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/patterns.md", () => {
  it("the example runs, and after the ramp the list is in the ramp generation, not the top one", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20 });
    const m = arena.mem;
    // Objects: a type word (1 = node, 2 = padding, 3 = forwarded), a size word, a reference, a spare word.
    const skip = (p: number) => p + m.u32[(p + 4) >>> 2]!;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p = skip(p)) {
          if (m.u32[p >>> 2] !== 1) continue;
          const ref = m.u32[(p + 8) >>> 2]!;
          if (ref !== 0 && ss.fix1(ref)) m.u32[(p + 8) >>> 2] = ss.fix2(ref);
        }
      },
      fmtSkip: skip,
      fmtFwd(old, nu) { m.u32[old >>> 2] = 3; m.u32[(old + 8) >>> 2] = nu; }, // the size word stays
      fmtIsfwd: (p) => (m.u32[p >>> 2] === 3 ? m.u32[(p + 8) >>> 2]! : 0),
      fmtPad(p, size) { m.u32[p >>> 2] = 2; m.u32[(p + 4) >>> 2] = size; },
    });
    const chain = arena.createChain([{ capacity: 64, mortality: 0.9 }, { capacity: 128, mortality: 0.5 }]);
    const pool = arena.createPool(PoolClass.AMC, { format, chain });
    const ap = pool.createAp({ rank: Rank.EXACT });
    let head = 0; // the list being built, held by a root
    const root = arena.createRoot({ rank: Rank.EXACT, scan(ss) { if (head !== 0 && ss.fix1(head)) head = ss.fix2(head); } });

    // Push a node on `head`. It reads `head` after `reserve`, never before: reserve may
    // collect and move the list, and only the root's copy of the reference is updated.
    function push(): void {
      let p: number;
      do {
        p = ap.reserve(16);
        m.u32[p >>> 2] = 1;
        m.u32[(p + 4) >>> 2] = 16;
        m.u32[(p + 8) >>> 2] = head;
      } while (!ap.commit(p, 16));
      head = p;
    }

    ap.allocPatternBegin(AllocPattern.RAMP); // a big temporary list follows
    for (let i = 0; i < 50_000; i++) push();
    // (checks, not in the page: the list is whole, and was kept out of the top generation)
    let n = 0;
    for (let p = head; p !== 0; p = m.u32[(p + 8) >>> 2]!) n++;
    expect(n).toBe(50_000);
    const amc = pool as AMCPool;
    expect(amc.gens[2]!.pgen.totalSize).toBeLessThan(50_000 * 16 / 4);
    head = 0; // done with it
    ap.allocPatternEnd(AllocPattern.RAMP);

    // The errors of the entries.
    expect(codeOf(() => ap.allocPatternEnd(AllocPattern.RAMP))).toBe("FAIL");
    expect(codeOf(() => ap.allocPatternBegin(9 as AllocPattern))).toBe("PARAM");
    ap.allocPatternBegin(AllocPattern.RAMP);
    ap.allocPatternBegin(AllocPattern.RAMP_COLLECT_ALL);
    ap.allocPatternReset();
    expect(codeOf(() => ap.allocPatternEnd(AllocPattern.RAMP))).toBe("FAIL");
    expect(arena.collectWorldRequested).toBe(true); // the reset ended a RAMP_COLLECT_ALL
    arena.collect();
    expect(arena.collectWorldRequested).toBe(false);
    root.destroy();
    ap.destroy();
    expect(codeOf(() => ap.allocPatternBegin(AllocPattern.RAMP))).toBe("PARAM");
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});
