// The example of docs/reference/frames.md, and the errors its entries state,
// checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/frames.md", () => {
  it("the example runs", () => {
    const logs: unknown[] = [];
    const log = (x: unknown): void => void logs.push(x);

    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    // Word 0: the size in bytes (bit 0 set in a pad); word 1: a number.
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan: () => {}, // these objects hold no references
      fmtSkip: (p) => p + (mem.u32[p >>> 2]! & ~1),
      fmtPad: (p, size) => {
        mem.u32[p >>> 2] = size | 1;
      },
    });
    const pool = arena.createPool(PoolClass.SNC, { format });
    const ap = pool.createAp();

    function num(n: number): number {
      let p: number;
      do {
        p = ap.reserve(8);
        mem.u32[p >>> 2] = 8;
        mem.u32[(p >>> 2) + 1] = n;
      } while (!ap.commit(p, 8));
      return p;
    }
    function count(): number {
      let k = 0;
      pool.walk((p) => {
        if ((mem.u32[p >>> 2]! & 1) === 0) k++;
      });
      return k;
    }

    num(1);
    const outer = ap.framePush(); // a procedure is called
    num(2);
    num(3);
    const inner = ap.framePush(); // it calls another
    num(4);
    log(count()); // 4
    ap.framePop(inner); // the inner one returns: 4 is dead
    log(count()); // 3
    const again = ap.framePush();
    num(5);
    ap.framePop(outer); // the outer one returns: 2, 3 and 5 are dead, and the frame `again` with them
    log(count()); // 1
    try {
      ap.framePop(again); // no longer on the stack
    } catch (e) {
      log((e as { code: string }).code); // PARAM
    }

    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
    expect(logs).toEqual([4, 3, 1, "PARAM"]);
  });

  it("the errors: UNIMPL without frames, PARAM off the stack or on a destroyed AP, assertion between reserve and commit", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    const format = arena.createFormat({ fmtAlign: 8, fmtScan: () => {}, fmtSkip: (p) => p + (mem.u32[p >>> 2]! & ~1), fmtPad: (p, s) => void (mem.u32[p >>> 2] = s | 1) });
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const mvffAp = mvff.createAp();
    expect(mvff.attrs.frames).toBe(false);
    expect(codeOf(() => mvffAp.framePush())).toBe("UNIMPL");
    expect(codeOf(() => mvffAp.framePop(0))).toBe("UNIMPL");
    mvffAp.destroy();
    mvff.destroy();

    const snc = arena.createPool(PoolClass.SNC, { format });
    expect(snc.attrs.frames).toBe(true);
    const a = snc.createAp();
    const b = snc.createAp();
    const fa = a.framePush();
    const fb = b.framePush();
    expect(fa).toBe(0); // an empty allocation point's first frame
    const p = a.reserve(8);
    mem.u32[p >>> 2] = 8;
    if (CHECK_LEVEL !== "rash") expect(() => a.framePush()).toThrow(); // between reserve and commit: an assertion, off at rash
    expect(a.commit(p, 8)).toBe(true);
    const f1 = a.framePush();
    expect(f1).toBe(p + 8);
    a.framePop(f1);
    expect(codeOf(() => a.framePop(f1))).toBe("PARAM"); // popped already
    const q = b.reserve(8);
    mem.u32[q >>> 2] = 8;
    expect(b.commit(q, 8)).toBe(true);
    const other = b.framePush();
    expect(other).toBe(q + 8);
    expect(codeOf(() => a.framePop(other))).toBe("PARAM"); // b's frame
    expect(codeOf(() => a.framePop(-1))).toBe("PARAM");
    b.framePop(fb);
    a.destroy();
    expect(codeOf(() => a.framePush())).toBe("PARAM");
    expect(codeOf(() => a.framePop(fa))).toBe("PARAM");
    b.destroy();
    snc.destroy();
    format.destroy();
    arena.destroy();
  });
});
