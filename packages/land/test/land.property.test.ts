// One property suite for every land: random operations, valid and invalid,
// checked against a bit-per-unit model (test/model.ts). The model is
// consulted before each operation to say exactly what the land must return,
// and afterwards the land's ranges, size and consistency are compared.
// At rash the argument checks are gone by design, so the invalid operations
// whose only defence is an argument check (bad, badFind, find with size 0)
// are generated only when CHECKING; everything valid still runs at rash.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING } from "@mps/mpm";
import { FindDelete, type Land, Range, VISIT_DELETE, VISIT_STOP } from "../src/index.js";
import { BitModel, type Pair, landRanges } from "./model.js";
import { type Env, type Factory, type Subject, factories, zoneShiftFor } from "./subjects.js";
import { codeOf } from "@mps/mpm/test-util";

type Op =
  | { k: "insert" | "delete"; pos: number; coin: number; frac: number }
  | { k: "fillGap" | "deleteRun"; pos: number }
  | { k: "bad"; del: boolean; form: number; pos: number; frac: number }
  | { k: "find"; which: "first" | "last" | "largest"; n: number; fd: number }
  | { k: "zones"; n: number; zs: number; high: boolean }
  | { k: "iterate"; stopAfter: number }
  | { k: "iterateAndDelete"; mask: number; stopAt: number }
  | { k: "budget"; n: number }
  | { k: "badFind"; form: number };

const zoneSetArb = fc.oneof(
  fc.constant(0xffffffff),
  fc.constant(0),
  fc.integer({ min: 0, max: 0xffffffff }),
  // a run of k zones starting at zone r (wrapping)
  fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 31 })).map(([k, r]) => {
    const run = (2 ** k - 1) >>> 0;
    return ((run << r) | (r === 0 ? 0 : run >>> (32 - r))) >>> 0;
  }),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant("insert" as const), pos: fc.nat(), coin: fc.nat(), frac: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant("delete" as const), pos: fc.nat(), coin: fc.nat(), frac: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom("fillGap" as const, "deleteRun" as const), pos: fc.nat() }) },
  { weight: CHECKING ? 1 : 0, arbitrary: fc.record({ k: fc.constant("bad" as const), del: fc.boolean(), form: fc.integer({ min: 0, max: 8 }), pos: fc.nat(), frac: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant("find" as const),
      which: fc.constantFrom("first" as const, "last" as const, "largest" as const),
      n: fc.integer({ min: 0, max: 12 }),
      fd: fc.integer({ min: 0, max: 3 }),
    }).filter((op) => CHECKING || op.n > 0 || op.which === "largest"), // size 0 is PARAM for first and last
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("zones" as const), n: fc.integer({ min: 1, max: 12 }), zs: zoneSetArb, high: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("iterate" as const), stopAfter: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("iterateAndDelete" as const), mask: fc.nat(), stopAt: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("budget" as const), n: fc.integer({ min: 0, max: 6 }) }) },
  { weight: CHECKING ? 1 : 0, arbitrary: fc.record({ k: fc.constant("badFind" as const), form: fc.integer({ min: 0, max: 5 }) }) },
);

const UNITS = 64;

function envArb(f: Factory): fc.Arbitrary<Env> {
  return fc
    .record({
      alignment: fc.constantFrom(4, 8, 16),
      k: fc.integer({ min: 0, max: 3 }),
      where: fc.constantFrom(...f.origins),
    })
    .map(({ alignment, k, where }) => ({
      alignment,
      units: UNITS,
      zoneShift: zoneShiftFor(alignment, k),
      origin: where === "zero" ? 0 : 2 ** 32 - UNITS * alignment,
    }));
}

const SENTINEL: Pair = [0x5e5e0, 0x5e5e8];

function pair(r: Range): Pair {
  return [r.base, r.limit];
}

/** landtest's randomRange: a base, then a limit a random number of edges away. */
function pickRange(m: BitModel, pos: number, coin: number, frac: number): Pair {
  const i = pos % m.units;
  let end = m.nextEdge(i);
  let c = coin;
  while (end < m.units && (c & 1) === 1) {
    end = m.nextEdge(end);
    c >>>= 1;
  }
  return [i, i + 1 + (frac % (end - i))];
}

/** Insert ops that lay down alternating runs of the given lengths, starting allocated or free. */
function initialOps(startFree: boolean, lengths: number[], units: number): Op[] {
  const ops: Op[] = [];
  let at = 0;
  let free = startFree;
  for (const n of lengths) {
    if (at >= units) break;
    const len = Math.min(n, units - at);
    // pickRange(pos = at, coin = 0, frac = len - 1) gives [at, at + len) while it is all allocated.
    if (free) ops.push({ k: "insert", pos: at, coin: 0, frac: len - 1 });
    at += len;
    free = !free;
  }
  return ops;
}

const initArb = fc.tuple(fc.boolean(), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }));

function run(s: Subject, env: Env, ops: Op[]): void {
  const land: Land = s.land;
  const m = new BitModel(env.origin, env.units, env.alignment);
  const A = (i: number): number => m.addr(i);
  const r = new Range();
  const o = new Range();
  for (const op of ops) {
    s.beforeOp?.();
    const before = JSON.stringify(m.runs());
    const budget = s.modelBudget();
    const runCount = m.runIndices().length;
    r.set(...SENTINEL);
    o.set(...SENTINEL);
    switch (op.k) {
      case "insert":
      case "fillGap": {
        // fillGap inserts the whole gap around pos (or a whole run there, which is refused).
        const [i, j] = op.k === "insert" ? pickRange(m, op.pos, op.coin, op.frac) : m.runAround(op.pos % m.units, true);
        const isolated = (i === 0 || !m.bits[i - 1]) && (j === m.units || !m.bits[j]);
        const code = codeOf(() => land.insert(r, A(i), A(j)));
        if (!m.all(i, j, false)) {
          expect(code).toBe("PARAM");
          expect(pair(r)).toEqual(SENTINEL);
        } else if (isolated && runCount + 1 > budget) {
          expect(code).toBe("RESOURCE");
          expect(pair(r)).toEqual(SENTINEL);
        } else {
          expect(code).toBeUndefined();
          m.set(i, j, true);
          const [a, b] = m.runAround(i);
          expect(pair(r)).toEqual([A(a), A(b)]);
        }
        break;
      }
      case "delete":
      case "deleteRun": {
        const [i, j] = op.k === "delete" ? pickRange(m, op.pos, op.coin, op.frac) : m.runAround(op.pos % m.units, true);
        const code = codeOf(() => land.delete(r, A(i), A(j)));
        if (!m.all(i, j, true)) {
          expect(code).toBe("PARAM");
          expect(pair(r)).toEqual(SENTINEL);
        } else {
          const [a, b] = m.runAround(i);
          expect(pair(r)).toEqual([A(a), A(b)]);
          if (a < i && j < b && runCount + 1 > budget) {
            expect(code).toBe("RESOURCE");
          } else {
            expect(code).toBeUndefined();
            m.set(i, j, false);
          }
        }
        break;
      }
      case "bad": {
        const i = op.pos % m.units;
        const j = i + 1 + (op.frac % (m.units - i));
        const al = env.alignment;
        const forms: Pair[] = [
          [A(i), A(i)], // empty
          [A(j), A(i)], // reversed
          [A(i) + 1 + (op.frac % (al - 1)), A(j)], // misaligned base
          [A(i), A(j) - 1 - (op.frac % (al - 1))], // misaligned limit
          [-al, A(j)], // below 0
          [A(i), 2 ** 32 + al], // above 2^32
          [A(i) + 0.5, A(j)], // not an integer
          [Number.NaN, A(j)],
          [A(i), Number.POSITIVE_INFINITY],
        ];
        const [b, l] = forms[op.form % forms.length]!;
        const code = codeOf(() => (op.del ? land.delete(r, b, l) : land.insert(r, b, l)));
        expect(code).toBe("PARAM");
        expect(pair(r)).toEqual(SENTINEL);
        break;
      }
      case "find": {
        const size = op.n * env.alignment;
        const fd = op.fd as FindDelete;
        const call = op.which === "first" ? land.findFirst : op.which === "last" ? land.findLast : land.findLargest;
        let found: boolean | undefined;
        const code = codeOf(() => {
          found = call.call(land, r, o, size, fd);
        });
        if (op.n === 0 && op.which !== "largest") {
          expect(code).toBe("PARAM");
          expect(pair(r)).toEqual(SENTINEL);
          break;
        }
        expect(code).toBeUndefined();
        const runs = m.runIndices();
        let want: Pair | undefined;
        if (op.which === "first") want = runs.find(([a, b]) => b - a >= op.n);
        else if (op.which === "last") want = [...runs].reverse().find(([a, b]) => b - a >= op.n);
        else {
          for (const run of runs) {
            if (run[1] - run[0] >= op.n && (want === undefined || run[1] - run[0] > want[1] - want[0])) want = run;
          }
        }
        expect(found).toBe(want !== undefined);
        if (want === undefined) {
          expect(pair(r)).toEqual(SENTINEL);
          expect(pair(o)).toEqual(SENTINEL);
          break;
        }
        const [a, b] = want;
        let got: Pair = [a, b];
        if (op.which !== "largest" && fd === FindDelete.LOW) got = [a, a + op.n];
        if (op.which !== "largest" && fd === FindDelete.HIGH) got = [b - op.n, b];
        expect(pair(o)).toEqual([A(a), A(b)]);
        expect(pair(r)).toEqual([A(got[0]), A(got[1])]);
        if (fd !== FindDelete.NONE) m.set(got[0], got[1], false);
        break;
      }
      case "zones": {
        const size = op.n * env.alignment;
        let found: boolean | undefined;
        const code = codeOf(() => {
          found = land.findInZones(r, o, size, op.zs, op.high);
        });
        const i = m.inZones(op.n, op.zs, env.zoneShift, op.high);
        if (i < 0) {
          expect(code).toBeUndefined();
          expect(found).toBe(false);
          expect(pair(r)).toEqual(SENTINEL);
          break;
        }
        const [a, b] = m.runAround(i);
        if (a < i && i + op.n < b && runCount + 1 > budget) {
          expect(code).toBe("RESOURCE");
          break;
        }
        expect(code).toBeUndefined();
        expect(found).toBe(true);
        expect(pair(r)).toEqual([A(i), A(i + op.n)]);
        expect(pair(o)).toEqual([A(a), A(b)]);
        m.set(i, i + op.n, false);
        break;
      }
      case "iterate": {
        const seen: Pair[] = [];
        const result = land.iterate((b, l) => {
          seen.push([b, l]);
          return seen.length !== op.stopAfter;
        });
        const runs = m.runs();
        const stops = op.stopAfter > 0 && op.stopAfter <= runs.length;
        expect(result).toBe(!stops);
        expect(seen).toEqual(stops ? runs.slice(0, op.stopAfter) : runs);
        break;
      }
      case "iterateAndDelete": {
        const seen: Pair[] = [];
        const result = land.iterateAndDelete((b, l) => {
          const n = seen.length;
          seen.push([b, l]);
          return ((op.mask >>> n) & 1 ? VISIT_DELETE : 0) | (n === op.stopAt ? VISIT_STOP : 0);
        });
        const runs = m.runIndices();
        const stops = op.stopAt < runs.length;
        expect(result).toBe(!stops);
        const visited = stops ? runs.slice(0, op.stopAt + 1) : runs;
        expect(seen).toEqual(visited.map(([a, b]) => [A(a), A(b)]));
        visited.forEach(([a, b], n) => {
          if ((op.mask >>> n) & 1) m.set(a, b, false);
        });
        break;
      }
      case "budget":
        s.setBudget?.(op.n);
        break;
      case "badFind": {
        const al = env.alignment;
        const cases: (() => unknown)[] = [
          () => land.findFirst(r, o, 0, FindDelete.NONE),
          () => land.findLast(r, o, al + 1 + (al > 4 ? 2 : 0), FindDelete.LOW),
          () => land.findLargest(r, o, -al, FindDelete.NONE),
          () => land.findFirst(r, o, al, 4 as FindDelete),
          () => land.findInZones(r, o, 0, 0xffffffff, false),
          () => land.findLast(r, o, Number.NaN, FindDelete.NONE),
        ];
        expect(codeOf(cases[op.form % cases.length]!)).toBe("PARAM");
        expect(pair(r)).toEqual(SENTINEL);
        break;
      }
    }
    // After every operation: the land holds exactly the model's ranges.
    const after = m.runs();
    expect(landRanges(land)).toEqual(after);
    expect(land.size()).toBe(m.size());
    expect(land.check()).toBe(true);
    s.extraCheck?.(m);
    if (op.k === "bad" || op.k === "badFind") expect(JSON.stringify(after)).toBe(before);
  }
  land.finish();
}

describe.each(factories)("$name", (f) => {
  // .req.set .req.add .req.remove .req.coalesce .req.find .req.iterate
  it(".test.model: random operations, valid and invalid, match a bit-array model", () => {
    fc.assert(
      fc.property(envArb(f), initArb, fc.array(opArb, { maxLength: 60 }), (env, [startFree, lengths], ops) => {
        run(f.make(env), env, [...initialOps(startFree, lengths, env.units), ...ops]);
      }),
    );
  });

  it(".test.model.long: long runs of operations", () => {
    fc.assert(
      fc.property(envArb(f), initArb, fc.array(opArb, { minLength: 200, maxLength: 400 }), (env, [startFree, lengths], ops) => {
        run(f.make(env), env, [...initialOps(startFree, lengths, env.units), ...ops]);
      }),
      { numRuns: 10 },
    );
  });

  if (f.name.startsWith("Failover")) {
    it(".failover.secondary: the runs above exercised the secondary", () => {
      const s = f.make({ origin: 0, units: UNITS, alignment: 8, zoneShift: 4 });
      const ops: Op[] = [];
      for (let k = 0; k < 40; k++) ops.push({ k: "insert", pos: k * 7, coin: 0, frac: 0 });
      run(s, { origin: 0, units: UNITS, alignment: 8, zoneShift: 4 }, ops);
      expect(s.failedOver!.count).toBeGreaterThan(0);
    });
  }
});
