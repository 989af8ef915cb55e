// The example of docs/reference/formats.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, Rank, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";
import { TF_PAD, initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";

describe("docs/reference/formats.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;
    const PAIR = 1, INT = 2, FWD = 3, FWD8 = 4, PAD = 5;

    function skip(p: Addr): Addr {
      switch (m.u32[p >>> 2]) {
        case PAIR: return p + 16;
        case INT: case FWD8: return p + 8;
        case FWD: return p + m.u32[(p + 8) >>> 2]!;
        default: return p + m.u32[(p + 4) >>> 2]!; // PAD
      }
    }

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
        const size = skip(old) - old;
        m.u32[old >>> 2] = size === 8 ? FWD8 : FWD;
        m.u32[(old + 4) >>> 2] = newAddr;
        if (size > 8) m.u32[(old + 8) >>> 2] = size;
      },
      fmtIsfwd(p) {
        const type = m.u32[p >>> 2];
        return type === FWD || type === FWD8 ? m.u32[(p + 4) >>> 2]! : 0;
      },
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    expect([format.align, format.headerSize]).toEqual([8, 0]);

    const chain = arena.createChain([{ capacity: 1024, mortality: 0.8 }]);
    const pool = arena.createPool(PoolClass.AMC, { format, chain });
    const ap = pool.createAp({ rank: Rank.EXACT });

    function make(size: number, w0: number, w1: number, w2: number): Addr {
      let p: Addr;
      do {
        p = ap.reserve(size);
        const u32 = m.u32;
        u32[p >>> 2] = w0;
        u32[(p + 4) >>> 2] = w1;
        if (size === 16) {
          u32[(p + 8) >>> 2] = w2;
          u32[(p + 12) >>> 2] = 0;
        }
      } while (!ap.commit(p, size));
      return p;
    }
    const int = (n: number): Addr => make(8, INT, n, 0);
    const cons = (car: Addr, cdr: Addr): Addr => make(16, PAIR, car, cdr);

    const roots = [0];
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        roots[0] = ss.fix(roots[0]!);
      },
    });
    roots[0] = cons(int(1), cons(int(2), cons(int(3), 0)));
    for (let i = 0; i < 1000; i++) cons(int(i), 0);

    const before = roots[0]!;
    arena.collect();
    const list = roots[0]!;
    const values: number[] = [];
    for (let p = list; p !== 0; p = m.u32[(p + 8) >>> 2]!) values.push(m.u32[(m.u32[(p + 4) >>> 2]! + 4) >>> 2]!);
    expect(list !== before).toBe(true);
    expect(values).toEqual([1, 2, 3]);

    expect(arena.addrFmt(list) === format).toBe(true);
    expect(arena.addrFmt(16)).toBeUndefined();
    arena.release();

    ap.destroy();
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });

  it("in-band headers: AMC and AMS take client pointers in the methods, base pointers in reserve and pad", () => {
    for (const klass of [PoolClass.AMC, PoolClass.AMS] as const) {
      const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
      const mem = arena.mem;
      const pads: number[] = [];
      // The test format with an 8-byte header; its padding method is given base pointers.
      const format = arena.createFormat({
        ...testFormat(mem, 8),
        fmtPad(p, size) {
          pads.push(p);
          mem.u32[p >>> 2] = size | TF_PAD;
        },
      });
      const pool = klass === PoolClass.AMC ? arena.createPool(PoolClass.AMC, { format }) : arena.createPool(PoolClass.AMS, { format });
      const ap = pool.createAp();
      const size = testObjectSize(2);
      const alloc = (id: number): Addr => {
        let p: Addr;
        do {
          p = ap.reserve(size);
          initTestObject(mem, p, 8, id, 2);
        } while (!ap.commit(p, size));
        return p + 8; // the client pointer
      };
      const roots = [alloc(1)];
      const leaf = alloc(2);
      for (let i = 0; i < 100; i++) alloc(100 + i);
      mem.u32[testObjectSlotAddr(roots[0]!, 8, 0) >>> 2] = leaf;
      mem.u32[testObjectSlotAddr(roots[0]!, 8, 1) >>> 2] = leaf;
      const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { roots[0] = ss.fix(roots[0]!); } });
      ap.destroy();
      arena.collect();
      const x = roots[0]!;
      const l = mem.u32[testObjectSlotAddr(x, 8, 0) >>> 2]!;
      expect([testObjectId(mem, x, 8), testObjectId(mem, l, 8), mem.u32[testObjectSlotAddr(x, 8, 1) >>> 2]]).toEqual([1, 2, l]);
      expect(arena.addrFmt(x)).toBe(format);
      if (klass === PoolClass.AMC) expect(pads.length).toBeGreaterThan(0); // AMS keeps its free space in its own tables
      root.destroy();
      pool.destroy();
      format.destroy();
      arena.destroy();
    }
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    expect(codeOf(() => arena.createFormat({ fmtAlign: 3 }))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat({ fmtAlign: 2 ** 32 }))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat({ fmtHeaderSize: -1 }))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat({ fmtHeaderSize: 1.5 }))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat({ fmtScan: 1 as never }))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat({ fmtSkp: () => 0 } as never))).toBe("PARAM");
    // A pool refuses a format without the methods its class needs.
    const skipOnly = arena.createFormat({ fmtSkip: (p) => p + 8 });
    expect(skipOnly.has(2)).toBe(true);
    expect(codeOf(() => arena.createPool(PoolClass.AMC, { format: skipOnly }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.AMS, { format: skipOnly }))).toBe("PARAM");
    // A format in use cannot be destroyed; one destroyed cannot be destroyed again.
    const full = arena.createFormat({ fmtScan: () => {}, fmtSkip: (p) => p + 8, fmtFwd: () => {}, fmtIsfwd: () => 0, fmtPad: () => {} });
    const pool = arena.createPool(PoolClass.AMCZ, { format: full });
    expect(codeOf(() => full.destroy())).toBe("PARAM");
    pool.destroy();
    full.destroy();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => full.destroy())).toBe("PARAM");
    // An address in a pool with no format.
    const mfs = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
    expect(arena.addrFmt(mfs.alloc(16))).toBeUndefined();
    mfs.destroy();
    skipOnly.destroy();
    arena.destroy();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => arena.addrFmt(8))).toBe("PARAM");
    expect(codeOf(() => arena.createFormat())).toBe("PARAM");
  });
});
