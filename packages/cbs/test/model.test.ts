// Property tests: every operation on a CBS gives the same answer, the same
// returned ranges, the same error code and the same contents as ArrayLand,
// the obviously-correct model of @mps/land/test-util (design/cbs .test.model).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FindDelete } from "@mps/land";
import { ArrayLand } from "@mps/land/test-util";
import { CBS, CBSBlockStore, CBSFast, CBSZoned } from "../src/index.js";
import { type Op, rangesOf, runOp } from "./harness.js";

const UNITS = 64;

function opArb(unit: number, origin: number, withFinds: boolean, withZones: boolean): fc.Arbitrary<Op> {
  const addr = (u: number): number => origin + u * unit;
  const rangeArb = fc.tuple(fc.nat(UNITS - 1), fc.integer({ min: 1, max: 10 })).map(([b, len]) => [addr(b), addr(Math.min(UNITS, b + len))] as const);
  const fdArb = fc.constantFrom(FindDelete.NONE, FindDelete.LOW, FindDelete.HIGH, FindDelete.ENTIRE);
  const sizeArb = fc.integer({ min: 1, max: 12 }).map((n) => n * unit);
  const arbs: fc.WeightedArbitrary<Op>[] = [
    { weight: 5, arbitrary: rangeArb.map(([base, limit]) => ({ kind: "insert" as const, base, limit })) },
    { weight: 4, arbitrary: rangeArb.map(([base, limit]) => ({ kind: "delete" as const, base, limit })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("iterateAndDelete" as const), mod: fc.integer({ min: 1, max: 4 }), stopAt: fc.integer({ min: -1, max: 6 }) }) },
  ];
  if (withFinds) {
    arbs.push({ weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("findFirst" as const, "findLast" as const), size: sizeArb, fd: fdArb }) });
    arbs.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant("findLargest" as const), size: fc.oneof(fc.constant(0), sizeArb), fd: fdArb }) });
  }
  if (withZones) {
    const zonesArb = fc.oneof(
      fc.constant(0xffffffff),
      fc.constant(0),
      fc.integer({ min: 0, max: 31 }).map((z) => (1 << z) >>> 0),
      fc.integer({ min: 0, max: 0xffffffff }),
    );
    arbs.push({ weight: 3, arbitrary: fc.record({ kind: fc.constant("findInZones" as const), size: sizeArb, zones: zonesArb, high: fc.boolean() }) });
  }
  return fc.oneof(...arbs);
}

// .impl.quick: the quick paths give up on paths longer than quickDepth() and
// splay instead. With the default limit the small trees here rarely reach it,
// so these classes cut the quick paths short to mix the two in every run.
class ShallowCBS extends CBS {
  protected override quickDepth(): number {
    return 2;
  }
}
class ShallowCBSFast extends CBSFast {
  protected override quickDepth(): number {
    return 3;
  }
}

const classes = [
  { name: "CBS", make: (o: ConstructorParameters<typeof CBS>[0]) => new CBS(o), finds: false, zones: false },
  { name: "CBS (quick paths of depth 2)", make: (o: ConstructorParameters<typeof CBS>[0]) => new ShallowCBS(o), finds: false, zones: false },
  { name: "CBSFast", make: (o: ConstructorParameters<typeof CBS>[0]) => new CBSFast(o), finds: true, zones: false },
  { name: "CBSFast (quick paths of depth 3)", make: (o: ConstructorParameters<typeof CBS>[0]) => new ShallowCBSFast(o), finds: true, zones: false },
  { name: "CBSZoned", make: (o: ConstructorParameters<typeof CBS>[0]) => new CBSZoned(o), finds: true, zones: true },
];

describe.each(classes)("$name against ArrayLand", ({ make, finds, zones }) => {
  it(".test.model .req.coalesce .req.split .req.find: every operation matches the model", () => {
    const caseArb = fc
      .record({
        unit: fc.constantFrom(8, 16),
        atTop: fc.boolean(),
        zoneShift: fc.integer({ min: 3, max: 8 }),
        budget: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        sharedPool: fc.boolean(),
      })
      .chain((p) => fc.tuple(fc.constant(p), fc.array(opArb(p.unit, p.atTop ? 2 ** 32 - UNITS * p.unit : 0, finds, zones), { maxLength: 80 })));
    fc.assert(
      fc.property(caseArb, ([{ unit, zoneShift, budget, sharedPool }, ops]) => {
        const model = new ArrayLand({ alignment: unit, zoneShift, maxRanges: budget ?? Infinity });
        const pool = new CBSBlockStore(budget === undefined ? {} : { limit: budget });
        const usePool = budget !== undefined || sharedPool;
        const subject = make({ alignment: unit, zoneShift, ...(usePool ? { blockPool: pool } : {}) });
        for (const op of ops) {
          const want = runOp(model, op);
          const got = runOp(subject, op);
          expect(got, JSON.stringify(op)).toEqual(want);
          expect(subject.size()).toBe(model.size());
          expect(rangesOf(subject)).toEqual(rangesOf(model));
          expect(subject.blockCount).toBe(model.rangeCount);
          expect(subject.check()).toBe(true);
        }
        if (usePool) expect(pool.inUse).toBe(model.rangeCount);
        subject.finish();
        if (usePool) expect(pool.inUse).toBe(0);
        expect(pool.check()).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe("CBSFast quick paths on a large tree (.impl.quick)", () => {
  it(".test.model: ranges inserted in address order (a spine the quick paths give up on), then allocated and freed at random, match the model", () => {
    const unit = 16;
    const n = 3000;
    const model = new ArrayLand({ alignment: unit, zoneShift: 20, maxRanges: Infinity });
    const subject = new CBSFast({ alignment: unit, zoneShift: 20 });
    let seed = 7;
    const rnd = (m: number): number => ((seed = (seed * 48271) % 2147483647), seed % m);
    // Ranges of 1–6 units with gaps of 1–2, in address order: each insert hangs a leaf at the right end.
    for (let i = 0, at = 0; i < n; i++) {
      const len = 1 + rnd(6);
      const op = { kind: "insert" as const, base: at * unit, limit: (at + len) * unit };
      expect(runOp(subject, op)).toEqual(runOp(model, op));
      at += len + 1 + rnd(2);
    }
    expect(subject.check()).toBe(true);
    const held: Array<[number, number]> = [];
    for (let step = 0; step < 20000; step++) {
      let op: Op;
      if (held.length > 0 && rnd(2) === 0) {
        const [base, limit] = held.splice(rnd(held.length), 1)[0]!;
        op = { kind: "insert", base, limit };
      } else {
        op = { kind: "findFirst", size: (1 + rnd(6)) * unit, fd: rnd(4) === 0 ? FindDelete.ENTIRE : FindDelete.LOW };
      }
      const want = runOp(model, op);
      const got = runOp(subject, op);
      expect(got, JSON.stringify(op)).toEqual(want);
      if (op.kind === "findFirst" && got.result === true && got.range !== null) held.push(got.range);
      if (step % 100 === 0) {
        expect(subject.check()).toBe(true);
        expect(rangesOf(subject)).toEqual(rangesOf(model));
      }
    }
    expect(subject.check()).toBe(true);
    expect(rangesOf(subject)).toEqual(rangesOf(model));
    expect(subject.blockCount).toBe(model.rangeCount);
  });
});
