// Every kind of bad argument: each call throws MpsError PARAM and leaves the
// tables and the result record as they were.
import { describe, expect, it } from "vitest";
import {
  BTRange,
  BT_MAX_LENGTH,
  btCopyInvertRange,
  btCopyOffsetRange,
  btCopyRange,
  btCountResRange,
  btCountSetRange,
  btCreate,
  btDescribe,
  btFindLongResRange,
  btFindLongResRangeHigh,
  btFindLongSetRange,
  btFindLongSetRangeHigh,
  btFindRes,
  btFindResHigh,
  btFindSet,
  btFindSetHigh,
  btFindShortResRange,
  btFindShortResRangeHigh,
  btFindShortSetRange,
  btFindShortSetRangeHigh,
  btGet,
  btIsResRange,
  btIsSetRange,
  btRangesSame,
  btRes,
  btResRange,
  btSet,
  btSetRange,
  btWords,
} from "../src/index.js";
import { StringStream } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";

function expectParam(f: () => unknown): void {
  expect(codeOf(f)).toBe("PARAM");
}

/** A table of 70 bits (capacity 96) with a pattern in it. */
function patterned(): Uint32Array {
  const bt = btCreate(70);
  btSetRange(bt, 3, 40);
  btSetRange(bt, 60, 90);
  return bt;
}

// Indices that are not integers in [0, 96), the capacity of `patterned()`.
const badIndices = [-1, 96, 97, 1e9, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5];
// Ranges that are not 0 <= base <= limit <= 96.
const badRanges: [number, number][] = [
  [5, 4],
  [96, 95],
  [0, 97],
  [-1, 10],
  [97, 97],
  [0.5, 10],
  [0, 10.5],
  [Number.NaN, 10],
  [0, Number.NaN],
  [2 ** 32, 2 ** 32 + 1],
];

describe(".req.param: bad input throws PARAM and changes nothing", () => {
  it(".req.param: btWords and btCreate reject bad lengths", () => {
    for (const n of [-1, 1.5, Number.NaN, BT_MAX_LENGTH + 1, 2 ** 32]) expectParam(() => btWords(n));
    for (const n of [0, -1, 1.5, Number.NaN, BT_MAX_LENGTH + 1]) expectParam(() => btCreate(n));
  });

  it(".req.param: single-bit operations reject bad indices", () => {
    for (const i of badIndices) {
      const bt = patterned();
      const before = bt.slice();
      expectParam(() => btGet(bt, i));
      expectParam(() => btSet(bt, i));
      expectParam(() => btRes(bt, i));
      expect(bt).toEqual(before);
    }
  });

  it(".req.param: range operations reject bad ranges", () => {
    for (const [b, l] of badRanges) {
      const bt = patterned();
      const other = patterned();
      btSetRange(other, 0, 96);
      const before = bt.slice();
      const otherBefore = other.slice();
      for (const f of [btSetRange, btResRange, btIsSetRange, btIsResRange, btCountResRange, btCountSetRange, btFindSet, btFindRes, btFindSetHigh, btFindResHigh]) {
        expectParam(() => f(bt, b, l));
      }
      expectParam(() => btRangesSame(bt, other, b, l));
      expectParam(() => btCopyRange(bt, other, b, l));
      expectParam(() => btCopyInvertRange(bt, other, b, l));
      expectParam(() => btCopyOffsetRange(bt, other, b, l, 0, l - b));
      expectParam(() => btCopyOffsetRange(bt, other, 0, l - b, b, l));
      expect(bt).toEqual(before);
      expect(other).toEqual(otherBefore);
    }
    expectParam(() => btFindSet(patterned(), 97));
    expectParam(() => btDescribe(patterned(), new StringStream(), 97));
  });

  it(".req.param: two-table operations check the range against both tables", () => {
    const small = btCreate(40); // capacity 64
    const big = patterned(); // capacity 96
    const before = small.slice();
    expectParam(() => btRangesSame(big, small, 0, 70));
    expectParam(() => btCopyRange(big, small, 10, 70));
    expectParam(() => btCopyInvertRange(big, small, 60, 65));
    expect(small).toEqual(before);
  });

  it(".req.param: copyOffsetRange rejects ranges of different sizes", () => {
    const from = patterned();
    const to = btCreate(96);
    expectParam(() => btCopyOffsetRange(from, to, 0, 10, 0, 11));
    expectParam(() => btCopyOffsetRange(from, to, 0, 10, 5, 14));
    expect(to.every((w) => w === 0)).toBe(true);
  });

  it(".req.param: copies reject tables that share storage", () => {
    const bt = patterned();
    const before = bt.slice();
    expectParam(() => btCopyRange(bt, bt, 0, 10));
    expectParam(() => btCopyInvertRange(bt, bt, 0, 10));
    expectParam(() => btCopyOffsetRange(bt, bt, 0, 10, 40, 50));
    // Overlapping views on one buffer.
    expectParam(() => btCopyRange(bt.subarray(0, 2), bt.subarray(1, 3), 0, 10));
    expect(bt).toEqual(before);
  });

  it(".req.param: the run finders reject bad search ranges and lengths, leaving the result alone", () => {
    const finders = [
      btFindShortResRange,
      btFindShortResRangeHigh,
      btFindLongResRange,
      btFindLongResRangeHigh,
      btFindShortSetRange,
      btFindShortSetRangeHigh,
      btFindLongSetRange,
      btFindLongSetRangeHigh,
    ];
    const cases: [number, number, number][] = [
      ...badRanges.map(([b, l]): [number, number, number] => [b, l, 1]),
      [0, 96, 0], // length 0
      [10, 20, 11], // longer than the search range
      [10, 10, 1], // empty search range
      [0, 96, 97],
      [0, 96, -1],
      [0, 96, 1.5],
      [0, 96, Number.NaN],
    ];
    for (const find of finders) {
      for (const [sb, sl, len] of cases) {
        const bt = patterned();
        const before = bt.slice();
        const r = new BTRange(11, 22);
        expectParam(() => find(bt, sb, sl, len, r));
        expect(bt).toEqual(before);
        expect([r.base, r.limit]).toEqual([11, 22]);
      }
    }
  });
});
