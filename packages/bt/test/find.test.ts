// Property tests of the searches against the boolean array model
// (test/model.ts), and hand-made cases at the word boundaries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BT,
  BTRange,
  btCreate,
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
  btResRange,
  btSetRange,
} from "../src/index.js";
import {
  type Run,
  modelFirst,
  modelLast,
  modelLongHigh,
  modelLongLow,
  modelShortHigh,
  modelShortLow,
  rangeArb,
  searchArb,
  tableArb,
} from "./model.js";

type Finder = (bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange) => number;
type Model = (bits: boolean[], v: boolean, sb: number, sl: number, len: number) => Run;

const finders: [string, Finder, Model, boolean][] = [
  ["btFindShortResRange", btFindShortResRange, modelShortLow, false],
  ["btFindShortResRangeHigh", btFindShortResRangeHigh, modelShortHigh, false],
  ["btFindLongResRange", btFindLongResRange, modelLongLow, false],
  ["btFindLongResRangeHigh", btFindLongResRangeHigh, modelLongHigh, false],
  ["btFindShortSetRange", btFindShortSetRange, modelShortLow, true],
  ["btFindShortSetRangeHigh", btFindShortSetRangeHigh, modelShortHigh, true],
  ["btFindLongSetRange", btFindLongSetRange, modelLongLow, true],
  ["btFindLongSetRangeHigh", btFindLongSetRangeHigh, modelLongHigh, true],
];

/** Run `find` with and without a result and check both against `want`. */
// .req.no-alloc: a search returns a number and writes the limit into the caller's record.
function expectFinds(find: Finder, bt: BT, sb: number, sl: number, len: number, want: Run, name: string): void {
  const before = bt.slice();
  const r = new BTRange(-7, -9);
  const base = find(bt, sb, sl, len, r);
  if (want === null) {
    expect(base, `${name}(${sb}, ${sl}, ${len})`).toBe(-1);
    expect([r.base, r.limit], `${name}: result untouched`).toEqual([-7, -9]);
  } else {
    expect([base, r.base, r.limit], `${name}(${sb}, ${sl}, ${len})`).toEqual([want[0], want[0], want[1]]);
  }
  expect(find(bt, sb, sl, len), `${name} without a result`).toBe(base);
  expect(bt, `${name} leaves the table alone`).toEqual(before);
}

describe("run finders", () => {
  for (const [name, find, model, v] of finders) {
    const tag = `.req.ops.find.${name.includes("Short") ? "short" : "long"}.${name.endsWith("High") ? "high" : "low"}${v ? " .req.ops.find.set" : ""}`;
    // .req.ops.find.short.low .req.ops.find.short.high .req.ops.find.long.low .req.ops.find.long.high .req.ops.find.set: `tag` names them per finder
    it(`${tag}: ${name} agrees with the model`, () => {
      fc.assert(
        fc.property(
          tableArb.chain((t) => fc.tuple(fc.constant(t), searchArb(t.n))),
          ([t, [sb, sl, len]]) => {
            expectFinds(find, t.bt, sb, sl, len, model(t.bits, v, sb, sl, len), name);
          },
        ),
      );
    });
  }

  it(".req.ops.find: a run that just fits, crossing one or more word boundaries", () => {
    const n = 200;
    const bt = btCreate(n);
    for (let base = 0; base < 70; base++) {
      for (const len of [1, 2, 5, 31, 32, 33, 64, 65, 100]) {
        if (base + len > n) continue;
        btSetRange(bt, 0, n);
        btResRange(bt, base, base + len);
        for (const [name, find, model, v] of finders) {
          if (v) continue;
          const bits = Array.from({ length: 224 }, (_, i) => i >= n || i < base || i >= base + len);
          expectFinds(find, bt, 0, n, len, model(bits, false, 0, n, len), name);
          if (len > 1) expectFinds(find, bt, 0, n, len + 1, null, name);
          // A search range that cuts the run short by one at either end.
          if (base + len < n && len > 1 && base > 0) {
            expectFinds(find, bt, base + 1, n, len, null, name);
            expectFinds(find, bt, 0, base + len - 1, len, null, name);
          }
        }
      }
    }
  });

  it(".req.ops.find: the first and last bit of the table, and the whole table", () => {
    for (const n of [1, 31, 32, 33, 64, 100]) {
      const bt = btCreate(n);
      const r = new BTRange();
      expect(btFindLongResRange(bt, 0, n, 1, r)).toBe(0);
      expect([r.base, r.limit]).toEqual([0, n]);
      expect(btFindLongResRangeHigh(bt, 0, n, n, r)).toBe(0);
      expect([r.base, r.limit]).toEqual([0, n]);
      expect(btFindShortResRangeHigh(bt, 0, n, 1, r)).toBe(n - 1);
      btSetRange(bt, 0, n);
      expect(btFindShortResRange(bt, 0, n, 1)).toBe(-1);
      if (n > 1) {
        btResRange(bt, 0, 1);
        btResRange(bt, n - 1, n);
        expect(btFindShortResRange(bt, 0, n, 1, r)).toBe(0);
        expect(btFindShortResRangeHigh(bt, 0, n, 1, r)).toBe(n - 1);
        expect(btFindLongResRange(bt, 1, n, 1, r)).toBe(n - 1);
        expect(btFindLongResRangeHigh(bt, 0, n - 1, 1, r)).toBe(0);
        expect(btFindShortResRange(bt, 0, n, 2)).toBe(n === 2 ? 0 : -1);
      }
    }
  });

  it(".req.ops.find.long.low .req.ops.find.long.high: the long finders return the whole run, the short ones just enough", () => {
    const bt = btCreate(300);
    btSetRange(bt, 0, 300);
    btResRange(bt, 10, 13); // too short for 4
    btResRange(bt, 40, 140);
    btResRange(bt, 200, 204);
    btResRange(bt, 250, 299);
    const r = new BTRange();
    expect(btFindShortResRange(bt, 0, 300, 4, r)).toBe(40);
    expect(r.size()).toBe(4);
    expect(btFindLongResRange(bt, 0, 300, 4, r)).toBe(40);
    expect([r.base, r.limit]).toEqual([40, 140]);
    expect(btFindShortResRangeHigh(bt, 0, 300, 4, r)).toBe(295);
    expect(btFindLongResRangeHigh(bt, 0, 300, 4, r)).toBe(250);
    expect([r.base, r.limit]).toEqual([250, 299]);
    expect(btFindLongResRangeHigh(bt, 0, 240, 4, r)).toBe(200);
    expect([r.base, r.limit]).toEqual([200, 204]);
    expect(btFindLongResRange(bt, 141, 300, 50, r)).toBe(-1);
    // The search range clips the run it returns.
    expect(btFindLongResRange(bt, 50, 100, 4, r)).toBe(50);
    expect([r.base, r.limit]).toEqual([50, 100]);
    expect(btFindLongResRangeHigh(bt, 50, 100, 50, r)).toBe(50);
    expect([r.base, r.limit]).toEqual([50, 100]);
  });

  it(".req.ops.find: a run found on a long table, far from the start", () => {
    const n = 1_000_003;
    const bt = btCreate(n);
    btSetRange(bt, 0, n);
    btResRange(bt, 777_777, 777_777 + 45);
    const r = new BTRange();
    expect(btFindShortResRange(bt, 0, n, 45, r)).toBe(777_777);
    expect(btFindShortResRangeHigh(bt, 0, n, 45, r)).toBe(777_777);
    expect(btFindLongResRange(bt, 0, n, 10, r)).toBe(777_777);
    expect(r.limit).toBe(777_777 + 45);
    expect(btFindShortResRange(bt, 0, n, 46)).toBe(-1);
    expect(btFindLongSetRangeHigh(bt, 0, n, 1, r)).toBe(777_822);
    expect(r.limit).toBe(n);
  });
});

describe("single-bit finders", () => {
  it(".req.ops.find.bit: findSet, findRes and their High forms agree with the model", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) => fc.tuple(fc.constant(t), rangeArb(t.n))),
        ([t, [b, l]]) => {
          expect(btFindSet(t.bt, b, l)).toBe(modelFirst(t.bits, true, b, l));
          expect(btFindRes(t.bt, b, l)).toBe(modelFirst(t.bits, false, b, l));
          expect(btFindSetHigh(t.bt, b, l)).toBe(modelLast(t.bits, true, b, l));
          expect(btFindResHigh(t.bt, b, l)).toBe(modelLast(t.bits, false, b, l));
          // Without a limit the search runs to the end of the capacity.
          expect(btFindSet(t.bt, b)).toBe(modelFirst(t.bits, true, b, t.bits.length));
          expect(btFindRes(t.bt, b)).toBe(modelFirst(t.bits, false, b, t.bits.length));
        },
      ),
    );
  });

  it(".req.ops.find.bit: each bit of a word, in a word of the other value", () => {
    const bt = btCreate(96);
    for (let i = 0; i < 96; i++) {
      btResRange(bt, 0, 96);
      btSetRange(bt, i, i + 1);
      expect(btFindSet(bt, 0, 96)).toBe(i);
      expect(btFindSetHigh(bt, 0, 96)).toBe(i);
      expect(btFindSet(bt, i + 1, 96)).toBe(-1);
      expect(btFindSetHigh(bt, 0, i)).toBe(-1);
      btSetRange(bt, 0, 96);
      btResRange(bt, i, i + 1);
      expect(btFindRes(bt, 0)).toBe(i);
      expect(btFindResHigh(bt, 0, 96)).toBe(i);
    }
    expect(btFindSet(bt, 5, 5)).toBe(-1);
    expect(btFindResHigh(bt, 96, 96)).toBe(-1);
  });
});
