// The example of docs/reference/location.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, Rank, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/location.md", () => {
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

    class AddressTable {
      private readonly keys: Addr[] = [];
      private readonly values: string[] = [];
      private readonly index = new Map<Addr, number>(); // address -> position in keys
      private readonly ld = arena.createLd();
      readonly root = arena.createRoot({
        rank: Rank.EXACT,
        scan: (ss) => {
          for (let i = 0; i < this.keys.length; i++) this.keys[i] = ss.fix(this.keys[i]!);
        },
      });
      rehashes = 0;

      set(key: Addr, value: string): void {
        this.ld.add(key); // before the address is used
        this.index.set(key, this.keys.length);
        this.keys.push(key);
        this.values.push(value);
      }

      get(key: Addr): string | undefined {
        const i = this.index.get(key);
        if (i !== undefined && this.keys[i] === key) return this.values[i];
        if (!this.ld.isStale(key)) return undefined; // nothing has moved: it is not here
        this.rehash();
        const j = this.index.get(key);
        return j === undefined ? undefined : this.values[j];
      }

      private rehash(): void {
        this.rehashes++;
        this.ld.reset();
        this.index.clear();
        for (let i = 0; i < this.keys.length; i++) {
          this.ld.add(this.keys[i]!);
          this.index.set(this.keys[i]!, i);
        }
      }
    }

    // 100 objects, held by a root of their own, each filed in the table.
    const objects: Addr[] = [];
    const objectsRoot = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        for (let i = 0; i < objects.length; i++) objects[i] = ss.fix(objects[i]!);
      },
    });
    const table = new AddressTable();
    for (let i = 0; i < 100; i++) {
      objects.push(cons(0, 0));
      table.set(objects[i]!, `object ${i}`);
    }

    const found = (): number => objects.filter((o, i) => table.get(o) === `object ${i}`).length;
    expect([found(), table.rehashes]).toEqual([100, 0]);

    arena.collect(); // every object moves
    expect([found(), table.rehashes]).toEqual([100, 1]);
    expect([found(), table.rehashes]).toEqual([100, 1]);
    expect(table.get(objects[0]! + 4)).toBeUndefined();
    arena.release();

    arena.park();
    table.root.destroy();
    objectsRoot.destroy();
    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const ld = arena.createLd();
    expect([ld.isStaleAny(), ld.isStale(8)]).toEqual([false, false]);
    const other = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    if (CHECK_LEVEL !== "rash") {
      expect(codeOf(() => ld.merge(other.createLd()))).toBe("PARAM");
      expect(codeOf(() => ld.merge({} as never))).toBe("PARAM");
    }
    other.destroy();
    const ld2 = arena.createLd();
    ld2.add(4096);
    ld.merge(ld2);
    ld.reset();
    if (CHECK_LEVEL !== "rash") {
      expect(codeOf(() => ld.add(-1))).toBe("PARAM");
      expect(codeOf(() => ld.add(2 ** 32))).toBe("PARAM");
      expect(codeOf(() => ld.isStale(0.5))).toBe("PARAM");
    }
    arena.destroy();
    expect(codeOf(() => arena.createLd())).toBe("PARAM");
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => ld.add(8))).toBe("PARAM");
  });

  it("merge: the result is stale when either was", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;
    const format = arena.createFormat({
      fmtSkip: (p) => p + 8,
      fmtFwd: (old, nu) => m.u32.set([1, nu], old >>> 2),
      fmtIsfwd: (p) => (m.u32[p >>> 2] === 1 ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad: () => {},
    });
    const pool = arena.createPool(PoolClass.AMCZ, { format });
    const ap = pool.createAp();
    const keep = [0];
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { keep[0] = ss.fix(keep[0]!); } });
    let p: Addr;
    do {
      p = ap.reserve(8);
      m.u32.set([0, 0], p >>> 2);
    } while (!ap.commit(p, 8));
    keep[0] = p;
    const a = arena.createLd();
    const b = arena.createLd();
    b.add(p);
    arena.collect();
    expect([a.isStaleAny(), b.isStaleAny()]).toEqual([false, true]);
    a.merge(b);
    expect(a.isStaleAny()).toBe(true);
    a.reset();
    expect(a.isStaleAny()).toBe(false);
    arena.park();
    root.destroy();
    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
