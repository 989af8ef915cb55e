// The example of docs/pool/awl.md, and the errors the page states, checked
// against the code through the umbrella.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/pool/awl.md", () => {
  it("the example runs", () => {
    const logs: unknown[][] = [];
    const log = (...args: unknown[]): void => {
      logs.push(args);
    };
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    // Word 0 of an object is its size in bytes, word 1 its dependent object
    // (0 if none), the other words references (0: none). A key that fix2
    // splats (returns 0 for) has its value deleted from the dependent object.
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += mem.u32[p >>> 2]!) {
          const dependent = mem.u32[(p + 4) >>> 2]!;
          for (let q = p + 8; q < p + mem.u32[p >>> 2]!; q += 4) {
            const ref = mem.u32[q >>> 2]!;
            if (ref === 0 || !ss.fix1(ref)) continue;
            const fixed = ss.fix2(ref);
            mem.u32[q >>> 2] = fixed;
            if (fixed === 0 && dependent !== 0) mem.u32[(dependent + (q - p)) >>> 2] = 0;
          }
        }
      },
      fmtSkip: (p) => p + mem.u32[p >>> 2]!,
    });
    const pool = arena.createPool(PoolClass.AWL, {
      format,
      awlFindDependent: (p) => mem.u32[(p + 4) >>> 2]!,
    });
    const exact = pool.createAp({ rank: Rank.EXACT });
    const weak = pool.createAp({ rank: Rank.WEAK });

    function make(ap: typeof exact, dependent: number, refs: number[]): number {
      const size = Math.ceil((2 + refs.length) / 2) * 8;
      let p: number;
      do {
        p = ap.reserve(size);
        mem.u32.fill(0, p >>> 2, (p + size) >>> 2);
        mem.u32.set([size, dependent, ...refs], p >>> 2);
      } while (!ap.commit(p, size));
      return p;
    }

    // A table of four entries: weak keys, strong values.
    const keys = [0, 1, 2, 3].map(() => make(exact, 0, []));
    const values = [0, 1, 2, 3].map(() => make(exact, 0, []));
    const valueTable = make(exact, 0, values);
    const keyTable = make(weak, valueTable, keys);

    // The program holds the two tables and keys 1 and 3.
    const held = new Uint32Array([keyTable, valueTable, keys[1]!, keys[3]!]);
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < held.length; i++) if (held[i] !== 0 && ss.fix1(held[i]!)) held[i] = ss.fix2(held[i]!);
      },
    });
    exact.destroy();
    weak.destroy();

    arena.collect();
    const entry = (table: number, i: number): number => mem.u32[(table + 8 + 4 * i) >>> 2]!;
    log([0, 1, 2, 3].map((i) => entry(keyTable, i) !== 0)); // [false, true, false, true]
    log([0, 1, 2, 3].map((i) => entry(valueTable, i) !== 0)); // [false, true, false, true]
    log(pool.addrObject(keyTable + 12) === keyTable); // true

    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
    expect(logs).toEqual([[[false, true, false, true]], [[false, true, false, true]], [true]]);
  });

  it("the errors the page states", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const format = arena.createFormat({ fmtAlign: 8, fmtScan: () => {}, fmtSkip: (p) => p + 8 });
    expect(codeOf(() => arena.createPool(PoolClass.AWL, {} as never))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.AWL, { format, gen: 9 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.AWL, { format, awlFindDependent: 1 as never }))).toBe("PARAM");
    const pool = arena.createPool(PoolClass.AWL, { format });
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    expect(codeOf(() => pool.createAp({ rank: Rank.AMBIG }))).toBe("PARAM");
    expect(codeOf(() => pool.createAp({ rank: Rank.FINAL }))).toBe("PARAM");
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
