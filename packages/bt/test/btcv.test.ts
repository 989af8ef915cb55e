// A port of the MPS's coverage test of bit tables (btcv.c, design.mps.bt
// .test.btcv). Every operation is done on two tables: on `lo` as written, and
// on `hi` reflected end for end, so that each low-end search on `lo` has a
// mirror-image high-end search on `hi` that must find the mirror-image run.
// The scenarios: a search range that is all reset, one that is all set, one
// reset run of lengths near the one sought, placed near either end, and a run
// that is too short before one that may do, in various arrangements; then the
// range tests, range comparisons and copies with single bits placed just
// inside and outside the range. Over search ranges [base, limit) for every
// base in [0, 32) and limit in (size - 32, size], on a table of 4 words and 10 bits.
import { describe, expect, it } from "vitest";
import {
  type BT,
  BTRange,
  btCopyInvertRange,
  btCopyOffsetRange,
  btCopyRange,
  btCreate,
  btFindLongResRange,
  btFindLongResRangeHigh,
  btFindShortResRange,
  btFindShortResRangeHigh,
  btIsResRange,
  btIsSetRange,
  btRangesSame,
  btRes,
  btResRange,
  btSet,
  btSetRange,
} from "../src/index.js";

const WIDTH = 32;
const SIZE = WIDTH * 4 + 10;

type Finder = (bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange) => number;

class Pair {
  readonly lo: BT = btCreate(SIZE);
  readonly hi: BT = btCreate(SIZE);
  readonly r = new BTRange();
  checks = 0;

  // Mirror images: bit i of lo is bit SIZE - 1 - i of hi; range [b, l) is [SIZE - l, SIZE - b).
  set(i: number): void {
    btSet(this.lo, i);
    btSet(this.hi, SIZE - 1 - i);
  }
  res(i: number): void {
    btRes(this.lo, i);
    btRes(this.hi, SIZE - 1 - i);
  }
  setRange(b: number, l: number): void {
    btSetRange(this.lo, b, l);
    btSetRange(this.hi, SIZE - l, SIZE - b);
  }
  resRange(b: number, l: number): void {
    btResRange(this.lo, b, l);
    btResRange(this.hi, SIZE - l, SIZE - b);
  }

  private single(find: Finder, bt: BT, b: number, l: number, len: number, expectBase: number | null, expectLimit: number): void {
    this.r.base = -1;
    this.r.limit = -1;
    const found = find(bt, b, l, len, this.r);
    this.checks++;
    if (expectBase === null) {
      if (found !== -1) expect.fail(`${find.name}(${b}, ${l}, ${len}) found ${found}, expected nothing`);
    } else if (found !== expectBase || this.r.base !== expectBase || this.r.limit !== expectLimit) {
      expect.fail(`${find.name}(${b}, ${l}, ${len}) gave [${this.r.base}, ${this.r.limit}), expected [${expectBase}, ${expectLimit})`);
    }
  }

  /** The short finders: on lo from the low end, on hi from the high end. */
  testResRange(b: number, l: number, len: number, expectFound: boolean, eb: number, el: number): void {
    this.single(btFindShortResRange, this.lo, b, l, len, expectFound ? eb : null, el);
    this.single(btFindShortResRangeHigh, this.hi, SIZE - l, SIZE - b, len, expectFound ? SIZE - el : null, SIZE - eb);
  }

  /** The long finders, likewise. */
  testLongResRange(b: number, l: number, len: number, expectFound: boolean, eb: number, el: number): void {
    this.single(btFindLongResRange, this.lo, b, l, len, expectFound ? eb : null, el);
    this.single(btFindLongResRangeHigh, this.hi, SIZE - l, SIZE - b, len, expectFound ? SIZE - el : null, SIZE - eb);
  }
}

function allResTest(p: Pair, b: number, l: number, len: number): void {
  p.resRange(0, SIZE);
  p.testResRange(b, l, len, true, b, b + len);
  p.testLongResRange(b, l, len, true, b, l);
}

function noResTest(p: Pair, b: number, l: number, len: number): void {
  // Reset outside the search range, so that finding anything there is a bug.
  p.resRange(0, SIZE);
  p.setRange(b, l);
  p.testResRange(b, l, len, false, 0, 0);
  p.testLongResRange(b, l, len, false, 0, 0);
}

function resAndFindTest(p: Pair, b: number, l: number, resBase: number, resLimit: number, len: number): void {
  p.resRange(resBase, resLimit);
  if (resLimit - resBase < len) {
    p.testResRange(b, l, len, false, 0, 0);
    p.testLongResRange(b, l, len, false, 0, 0);
  } else {
    p.testResRange(b, l, len, true, resBase, resBase + len);
    p.testLongResRange(b, l, len, true, resBase, resLimit);
  }
}

function singleResTest(p: Pair, b: number, l: number, len: number): void {
  for (let resLen = len - 1; resLen <= len + 1; resLen++) {
    if (resLen > 0 && resLen < l - b - 2) {
      for (let resBase = b; resBase <= b + 2; resBase++) {
        p.resRange(0, SIZE);
        p.setRange(b, l);
        resAndFindTest(p, b, l, resBase, resBase + resLen, len);
      }
      for (let resLimit = l; resLimit >= l - 2; resLimit--) {
        p.resRange(0, SIZE);
        p.setRange(b, l);
        resAndFindTest(p, b, l, resLimit - resLen, resLimit, len);
      }
    }
  }
}

// Where the first (too short) run ends, relative to the second run.
const arrangements = ["gap1", "gap2", "spread"] as const;
// What the first run looks like.
const patterns = ["len1", "setmid", "justsmall"] as const;

function firstRunLimit(arrange: (typeof arrangements)[number], b: number, res2Base: number, len: number): number {
  switch (arrange) {
    case "gap1":
      return res2Base - 1;
    case "gap2":
      return res2Base - 2;
    case "spread":
      return b + len;
  }
}

function resetFirstRun(p: Pair, res1Limit: number, len: number, pattern: (typeof patterns)[number]): void {
  switch (pattern) {
    case "len1": // one reset bit
      p.res(res1Limit - 1);
      return;
    case "setmid": {
      // a run of len with a set bit in the middle: two short runs
      p.resRange(res1Limit - len, res1Limit);
      p.set(res1Limit - len + Math.floor(len / 2));
      return;
    }
    case "justsmall": // a run of len - 1
      p.resRange(1 + res1Limit - len, res1Limit);
      return;
  }
}

function doubleResTest(p: Pair, b: number, l: number, len: number): void {
  if (len < 2) return; // no first run can be too short
  for (let res2Len = len - 1; res2Len <= len + 1; res2Len++) {
    if (res2Len > 0 && res2Len < l - b - 2) {
      for (let res2Limit = l; res2Limit >= l - 8; res2Limit--) {
        const res2Base = res2Limit - res2Len;
        for (const arrange of arrangements) {
          const res1Limit = firstRunLimit(arrange, b, res2Base, len);
          for (const pattern of patterns) {
            p.resRange(0, SIZE);
            p.setRange(b, l);
            resetFirstRun(p, res1Limit, len, pattern);
            resAndFindTest(p, b, l, res2Base, res2Limit, len);
          }
        }
      }
    }
  }
}

function findRangeTests(p: Pair, b: number, l: number, len: number): void {
  allResTest(p, b, l, len);
  noResTest(p, b, l, len);
  singleResTest(p, b, l, len);
  doubleResTest(p, b, l, len);
}

/** isResRange, isSetRange, rangesSame and copyInvertRange with set bits near the ends of [b, l). */
function isRangeTests(bt1: BT, bt2: BT, base: number, limit: number): void {
  const minBase = base > 0 ? base - 1 : 0;
  const maxLimit = limit < SIZE ? limit + 1 : SIZE;
  for (let b = minBase; b <= base + 1; b++) {
    for (let l = maxLimit; l >= limit - 1; l--) {
      const outside = b < base && l > limit;
      btResRange(bt1, 0, SIZE);
      btSet(bt1, b);
      btSet(bt1, l - 1);
      btCopyInvertRange(bt1, bt2, 0, SIZE);
      expect(btIsResRange(bt1, base, limit)).toBe(outside);
      expect(btIsSetRange(bt2, base, limit)).toBe(outside);
      btResRange(bt2, 0, SIZE);
      expect(btRangesSame(bt1, bt2, base, limit)).toBe(outside);
      btCopyInvertRange(bt1, bt2, 0, SIZE);
      btSetRange(bt1, 0, SIZE);
      expect(btRangesSame(bt1, bt2, base, limit)).toBe(outside);
    }
  }
}

/** copyOffsetRange to the bottom, the top and the same place, and copyRange. */
function copyTests(bt1: BT, bt2: BT, base: number, limit: number): void {
  const minBase = base > 0 ? base - 1 : 0;
  const maxLimit = limit < SIZE ? limit + 1 : SIZE;
  for (let b = minBase; b <= base + 1; b++) {
    for (let l = maxLimit; l >= limit - 1; l--) {
      const outside = b < base && l > limit;
      btResRange(bt1, 0, SIZE);
      btSet(bt1, b);
      btSet(bt1, l - 1);
      btCopyOffsetRange(bt1, bt2, base, limit, 0, limit - base);
      expect(btIsResRange(bt2, 0, limit - base)).toBe(outside);
      btCopyOffsetRange(bt1, bt2, base, limit, SIZE + base - limit, SIZE);
      expect(btIsResRange(bt2, SIZE + base - limit, SIZE)).toBe(outside);
      btCopyOffsetRange(bt1, bt2, base, limit, base, limit);
      expect(btIsResRange(bt2, base, limit)).toBe(outside);
      btCopyRange(bt1, bt2, base, limit);
      expect(btRangesSame(bt1, bt2, base, limit)).toBe(true);
      btCopyInvertRange(bt2, bt1, 0, SIZE);
      btCopyRange(bt1, bt2, base, limit);
      expect(btRangesSame(bt1, bt2, base, limit)).toBe(true);
    }
  }
}

describe(".test.btcv: the MPS coverage test, ported", () => {
  it(".test.btcv .req.ops.test.range .req.ops.copy: range tests and copies near the ends of every range", () => {
    const p = new Pair();
    for (let base = 0; base < WIDTH; base++) {
      for (let limit = SIZE; limit > SIZE - WIDTH; limit--) {
        isRangeTests(p.lo, p.hi, base, limit);
        copyTests(p.lo, p.hi, base, limit);
      }
    }
  });

  it(".test.btcv .req.ops.find: the four reset-run finders, low and mirrored high", () => {
    const p = new Pair();
    for (let base = 0; base < WIDTH; base++) {
      for (let limit = SIZE; limit > SIZE - WIDTH; limit--) {
        for (const len of [1, 2, WIDTH - 1, WIDTH, WIDTH + 1, limit - base - 1, limit - base]) {
          findRangeTests(p, base, limit, len);
        }
      }
    }
    expect(p.checks).toBeGreaterThan(1_000_000);
  });
});
