// The CBS's own splay tree (CBSTree) against a model: a sorted array of
// disjoint ranges (design/cbs .test.tree). After every operation the tree must
// hold the model's ranges in order, with every summary right.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { zoneSetOfRange } from "@mps/mpm";
import { CBSBlock, CBSTree, CBSTreeMode } from "../src/index.js";

type R = [number, number];

function block(base: number, limit: number): CBSBlock {
  const b = new CBSBlock();
  b.base = base;
  b.limit = limit;
  return b;
}

function rangesOf(t: CBSTree): R[] {
  const out: R[] = [];
  t.traverse((b: CBSBlock, acc: R[]) => {
    acc.push([b.base, b.limit]);
    return true;
  }, out);
  return out;
}

/** Every node's summaries, recomputed from scratch; returns the subtree's [maxSize, zones]. */
function summariesRight(t: CBSTree, b: CBSBlock | null): [number, number] {
  if (b === null) return [0, 0];
  const [lm, lz] = summariesRight(t, b.left);
  const [rm, rz] = summariesRight(t, b.right);
  const max = Math.max(b.limit - b.base, lm, rm);
  const zones = (zoneSetOfRange(b.base, b.limit, t.zoneShift) | lz | rz) >>> 0;
  expect(b.maxSize).toBe(max);
  if (t.zoned) expect(b.zones).toBe(zones);
  return [max, zones];
}

function checkAgainst(t: CBSTree, model: R[]): void {
  expect(rangesOf(t)).toEqual(model);
  expect(t.debugCount()).toBe(model.length);
  summariesRight(t, t.root);
  expect(t.check()).toBe(true);
}

/** Insert [base, limit) if it touches no range of the model (the tree does not merge). */
function insert(t: CBSTree, model: R[], base: number, limit: number): void {
  if (model.some(([b, l]) => b <= limit && base <= l)) return; // overlapping or touching: skip
  if (t.root === null) {
    t.insertRoot(block(base, limit), true);
  } else {
    const cmp = t.splitAddr(base);
    expect(cmp).not.toBe(0);
    t.assemble();
    t.insertRoot(block(base, limit), cmp > 0);
  }
  model.push([base, limit]);
  model.sort((a, b) => a[0] - b[0]);
}

type Op =
  | { kind: "insert"; base: number; len: number }
  | { kind: "find"; addr: number }
  | { kind: "remove"; addr: number }
  | { kind: "fit"; size: number; last: boolean }
  | { kind: "mergeNeighbour"; addr: number }
  | { kind: "zoned"; size: number; zones: number; last: boolean }
  | { kind: "rebuild"; mod: number };

const UNIT = 8;
const UNITS = 128;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("insert" as const), base: fc.nat(UNITS - 1), len: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("find" as const), addr: fc.nat(UNITS * UNIT) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), addr: fc.nat(UNITS * UNIT) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("fit" as const), size: fc.integer({ min: 1, max: 7 }), last: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("mergeNeighbour" as const), addr: fc.nat(UNITS * UNIT) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("zoned" as const), size: fc.integer({ min: 1, max: 4 }), zones: fc.integer({ min: 0, max: 0xffffffff }), last: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rebuild" as const), mod: fc.integer({ min: 1, max: 5 }) }) },
);

describe.each([
  ["CBSTree", false],
  ["CBSTree (zoned)", true],
])("%s against a sorted array", (_name, zoned) => {
  it(".test.tree: splits, assemblies, finds and removals keep the ranges and every summary", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(opArb, { maxLength: 200 }), (zoneShift, ops) => {
        const t = new CBSTree(zoned, zoneShift);
        const model: R[] = [];
        for (const op of ops) {
          switch (op.kind) {
            case "insert":
              insert(t, model, op.base * UNIT, Math.min(UNITS, op.base + op.len) * UNIT);
              break;
            case "find": {
              const want = model.find(([b, l]) => b <= op.addr && op.addr < l);
              const got = t.find(op.addr);
              if (want === undefined) expect(got).toBeNull();
              else {
                expect(got).not.toBeNull();
                expect([got!.base, got!.limit]).toEqual(want);
                expect(t.root).toBe(got);
              }
              break;
            }
            case "remove": {
              const i = model.findIndex(([b, l]) => b <= op.addr && op.addr < l);
              if (t.root === null) break;
              const cmp = t.splitAddr(op.addr);
              if (i < 0) {
                expect(cmp).not.toBe(0);
                t.assemble();
              } else {
                expect(cmp).toBe(0);
                const mid = t.mid!;
                t.removeMid();
                expect(mid.left).toBeNull();
                expect(mid.right).toBeNull();
                model.splice(i, 1);
              }
              break;
            }
            case "fit": {
              const size = op.size * UNIT;
              const fits = model.filter(([b, l]) => l - b >= size);
              const want = op.last ? fits[fits.length - 1] : fits[0];
              const root = t.root;
              if (root === null || root.maxSize < size) {
                expect(want).toBeUndefined();
                break;
              }
              expect(t.split(op.last ? CBSTreeMode.LAST_FIT : CBSTreeMode.FIRST_FIT, size)).toBe(0);
              const got = t.assemble();
              expect([got.base, got.limit]).toEqual(want);
              break;
            }
            case "mergeNeighbour": {
              // Split at an address in a gap; merge the middle with its neighbour
              // across the gap (as a CBS insert that bridges two blocks does).
              if (t.root === null || model.some(([b, l]) => b <= op.addr && op.addr < l)) break;
              const cmp = t.splitAddr(op.addr);
              expect(cmp).not.toBe(0);
              const mid = t.mid!;
              const other = cmp > 0 ? t.rightFirst : t.leftLast;
              if (other === null) {
                t.assemble();
                break;
              }
              const lo = Math.min(mid.base, other.base);
              const hi = Math.max(mid.limit, other.limit);
              const i = model.findIndex(([b]) => b === lo);
              expect(model[i + 1]).toEqual(cmp > 0 ? [other.base, other.limit] : [mid.base, mid.limit]);
              mid.base = lo;
              mid.limit = hi;
              if (cmp > 0) t.assembleDropRightFirst();
              else t.assembleDropLeftLast();
              expect(other.left === null && other.right === null).toBe(true);
              model.splice(i, 2, [lo, hi]);
              break;
            }
            case "zoned": {
              if (!zoned) break;
              const size = op.size * UNIT;
              const zs = op.zones >>> 0;
              const test = (b: number, l: number): number => {
                // The first (last) aligned place in [b, l) for size bytes wholly in zs.
                if (op.last) {
                  for (let a = l - size; a >= b; a -= UNIT) if (((zoneSetOfRange(a, a + size, zoneShift) & ~zs) >>> 0) === 0) return a;
                } else {
                  for (let a = b; a + size <= l; a += UNIT) if (((zoneSetOfRange(a, a + size, zoneShift) & ~zs) >>> 0) === 0) return a;
                }
                return -1;
              };
              const order = op.last ? [...model].reverse() : model;
              let want = -1;
              for (const [b, l] of order) {
                want = test(b, l);
                if (want >= 0) break;
              }
              const got = t.findZoned(test, size, zs, op.last);
              expect(got).toBe(want);
              if (got >= 0) expect(t.root!.base <= got && got + size <= t.root!.limit).toBe(true);
              break;
            }
            case "rebuild": {
              let k = 0;
              t.traverseAndDelete(() => k++ % op.mod === 0, null);
              k = 0;
              const kept = model.filter(() => k++ % op.mod !== 0);
              model.length = 0;
              model.push(...kept);
              break;
            }
          }
          checkAgainst(t, model);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("CBSTree edges", () => {
  it(".test.tree: an empty tree finds nothing; one block is the root; removing it empties the tree", () => {
    const t = new CBSTree(false, 20);
    expect(t.find(0)).toBeNull();
    expect(rangesOf(t)).toEqual([]);
    const b = block(0, 2 ** 32);
    t.insertRoot(b, true);
    expect(t.root).toBe(b);
    expect(b.maxSize).toBe(2 ** 32);
    expect(t.find(2 ** 32 - 8)).toBe(b);
    expect(t.find(2 ** 32)).toBeNull();
    t.splitAddr(0);
    t.removeMid();
    expect(t.root).toBeNull();
    expect(t.check()).toBe(true);
  });

  it(".test.tree: describe writes every block in order", () => {
    const t = new CBSTree(true, 4);
    for (const base of [32, 0, 64]) {
      if (t.root === null) t.insertRoot(block(base, base + 8), true);
      else {
        const cmp = t.splitAddr(base);
        t.assemble();
        t.insertRoot(block(base, base + 8), cmp > 0);
      }
    }
    const lines: string[] = [];
    t.describe({ write: (s: string) => lines.push(s) }, 0, (b) => `[${b.base}, ${b.limit})`);
    const text = lines.join("");
    expect(text.indexOf("[0, 8)")).toBeLessThan(text.indexOf("[32, 40)"));
    expect(text.indexOf("[32, 40)")).toBeLessThan(text.indexOf("[64, 72)"));
  });
});
