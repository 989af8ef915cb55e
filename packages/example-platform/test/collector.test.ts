// The umbrella's collector on the example platform, with and without the
// barrier: a mutator builds and rewires pairs in an AMC pool on a small
// nursery (so collections start from allocation and run incrementally),
// checked against a model graph after every collection. With the barrier,
// every heap access goes through arena.loadRef / arena.storeRef.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Addr, Arena, ArenaClass, PoolClass, Rank, type VMArena } from "@mps/mps";
import { type ExampleProtection, examplePlatform } from "../src/index.js";

const PAIR = 1, FWD = 2, PAD = 3;
const ROOTS = 40;

interface Node { value: number; car: Node | null; cdr: Node | null }

function run(barrier: boolean, ops: ReadonlyArray<{ op: number; a: number; b: number; c: number }>): { collections: number; hits: number } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, platform: examplePlatform({ barrier }) }) as VMArena;
  const m = arena.mem;
  const skip = (p: Addr): Addr => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : 16);
  const format = arena.createFormat({
    fmtAlign: 8,
    fmtScan(ss, base, limit) {
      for (let p = base; p < limit; p = skip(p)) {
        if (m.u32[p >>> 2] !== PAIR) continue;
        for (let slot = p + 4; slot <= p + 8; slot += 4) {
          const ref = m.u32[slot >>> 2]!;
          if (ref !== 0 && ss.fix1(ref)) m.u32[slot >>> 2] = ss.fix2(ref);
        }
      }
    },
    fmtSkip: skip,
    fmtFwd(old, to) {
      m.u32[old >>> 2] = FWD;
      m.u32[(old + 4) >>> 2] = to;
    },
    fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 4) >>> 2]! : 0),
    fmtPad(p, size) {
      m.u32[p >>> 2] = PAD;
      m.u32[(p + 4) >>> 2] = size;
    },
  });
  const chain = arena.createChain([{ capacity: 64, mortality: 0.8 }, { capacity: 256, mortality: 0.4 }]);
  const pool = arena.createPool(PoolClass.AMC, { format, chain });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const roots = new Array<Addr>(ROOTS).fill(0);
  const model = new Array<Node | null>(ROOTS).fill(null);
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan(ss) {
      for (let i = 0; i < ROOTS; i++) if (roots[i] !== 0) roots[i] = ss.fix(roots[i]!);
    },
  });
  let hits = 0; // accesses the barrier stopped
  const prot = arena.protection as ExampleProtection;
  const load = (p: Addr): number => {
    if (prot.forbidden(p) !== 0) hits++;
    return arena.loadRef(p);
  };
  const store = (p: Addr, v: number): void => {
    if (prot.forbidden(p) !== 0) hits++;
    arena.storeRef(p, v);
  };
  let value = 1;
  const cons = (car: number, cdr: number): Addr => {
    // The roots hold car and cdr while the pair is made: a collection at commit may move them.
    roots[ROOTS - 2] = car;
    roots[ROOTS - 1] = cdr;
    let p: Addr;
    do {
      p = ap.reserve(16);
      m.u32.set([PAIR, roots[ROOTS - 2]!, roots[ROOTS - 1]!, value], p >>> 2);
    } while (!ap.commit(p, 16));
    roots[ROOTS - 2] = roots[ROOTS - 1] = 0;
    value++;
    return p;
  };
  const check = (): void => {
    const seen = new Map<Node, Addr>();
    const same = (addr: Addr, node: Node | null, depth: number): void => {
      if (node === null) {
        expect(addr).toBe(0);
        return;
      }
      const before = seen.get(node);
      if (before !== undefined) {
        expect(addr).toBe(before); // sharing is kept
        return;
      }
      seen.set(node, addr);
      expect(load(addr)).toBe(PAIR);
      expect(load(addr + 12)).toBe(node.value);
      if (depth < 50) {
        same(load(addr + 4), node.car, depth + 1);
        same(load(addr + 8), node.cdr, depth + 1);
      }
    };
    for (let i = 0; i < ROOTS - 2; i++) same(roots[i]!, model[i]!, 0);
  };
  const n = ROOTS - 2;
  for (const { op, a, b, c } of ops) {
    const i = a % n, j = b % n, k = c % n;
    if (op < 6) {
      // cons onto two roots
      const v = value;
      const p = cons(roots[j]!, roots[k]!);
      roots[i] = p;
      model[i] = { value: v, car: model[j]!, cdr: model[k]! };
    } else if (op < 8) {
      // set-car! of root i to root j
      if (roots[i] === 0) continue;
      store(roots[i]! + 4, roots[j]!);
      model[i]!.car = model[j]!;
    } else if (op === 8) {
      roots[i] = 0;
      model[i] = null;
    } else {
      arena.step(0.001, 1);
    }
  }
  check();
  arena.collect();
  check();
  arena.release();
  const collections = arena.collections();
  arena.park();
  root.destroy();
  ap.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { collections, hits };
}

describe.each([false, true])("the collector on the example platform, barrier %s", (barrier) => {
  it(".req.platform.collector: AMC pairs survive collections and keep their values and sharing (model)", () => {
    let collections = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ op: fc.nat(9), a: fc.nat(), b: fc.nat(), c: fc.nat() }), { minLength: 200, maxLength: 3000 }), (ops) => {
        collections += run(barrier, ops).collections;
      }),
      { numRuns: 20 },
    );
    expect(collections).toBeGreaterThan(20); // at least the explicit one of each run, and more from the nursery
  });

  it(".req.platform.collector: a long run collects from allocation alone", () => {
    const ops = Array.from({ length: 20_000 }, (_, i) => ({ op: (i * 7) % 10 === 9 ? 0 : (i * 7) % 10, a: i * 13, b: i * 5 + 1, c: i * 3 + 2 }));
    const { collections, hits } = run(barrier, ops);
    expect(collections).toBeGreaterThan(2);
    if (barrier) expect(hits).toBeGreaterThan(0);
    else expect(hits).toBe(0);
  });
});
