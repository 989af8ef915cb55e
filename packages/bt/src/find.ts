/**
 * Searching bit tables (design.mps.bt `.req.ops.find`): the first or last
 * set or reset bit of a range, and the run finders, which find a run of at
 * least `length` reset (or set) bits from the low or the high end of a range.
 * Every search goes a whole word at a time. See docs/design/bt.md `.impl.find`.
 * .critical: findFirst, findLast, runLow, runHigh, runMask and every public finder.
 */

import { COOL, averCritical } from "@mps/mpm";
import type { BT } from "./bt.js";
import type { BTRange } from "./range.js";
import {
  BIT_MASK,
  WORD_SHIFT,
  WORD_WIDTH,
  checkFind,
  checkRange,
  ctz,
  isResRangeUnchecked,
  isSetRangeUnchecked,
  maskFrom,
  maskTo,
} from "./word.js";

// Throughout, `flip` says which bits are sought: 0 for set bits, -1 for reset
// bits. `bt[w] ^ flip` is a word whose 1s are the sought bits of word w.

/** The lowest sought bit in [base, limit), or -1. */
function findFirst(bt: BT, flip: number, base: number, limit: number): number {
  if (base >= limit) return -1;
  const wl = (limit - 1) >>> WORD_SHIFT;
  let w = base >>> WORD_SHIFT;
  let x = (bt[w]! ^ flip) & maskFrom(base & BIT_MASK);
  while (w < wl) {
    if (x !== 0) return w * WORD_WIDTH + ctz(x);
    w++;
    x = bt[w]! ^ flip;
  }
  x &= maskTo(((limit - 1) & BIT_MASK) + 1);
  return x === 0 ? -1 : w * WORD_WIDTH + ctz(x);
}

/** The highest sought bit in [base, limit), or -1. */
function findLast(bt: BT, flip: number, base: number, limit: number): number {
  if (base >= limit) return -1;
  const wb = base >>> WORD_SHIFT;
  let w = (limit - 1) >>> WORD_SHIFT;
  let x = (bt[w]! ^ flip) & maskTo(((limit - 1) & BIT_MASK) + 1);
  while (w > wb) {
    if (x !== 0) return w * WORD_WIDTH + 31 - Math.clz32(x);
    w--;
    x = bt[w]! ^ flip;
  }
  x &= maskFrom(base & BIT_MASK);
  return x === 0 ? -1 : w * WORD_WIDTH + 31 - Math.clz32(x);
}

/**
 * The bits p of word `f` such that bits p to p + len - 1 are all 1 (within
 * the word; 1 <= len <= 31). Doubling: after the loop each surviving bit
 * starts `have` ones, and one more step with an overlapping shift covers len.
 */
function runMask(f: number, len: number): number {
  let m = f;
  let have = 1;
  while (have * 2 <= len) {
    m &= m >>> have;
    have *= 2;
  }
  if (have < len) m &= m >>> (len - have);
  return m;
}

/**
 * The base of the lowest run of at least `len` sought bits inside
 * [searchBase, searchLimit), or -1. Such a run starts either in an earlier
 * word and reaches into this one (the `carry` of sought bits at the top of the
 * words seen so far, plus the sought bits at the bottom of this word), or
 * wholly inside this word (found by {@link runMask}). Bits outside the search
 * range count as not sought. A few operations per word, whatever `len` is.
 */
function runLow(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number): number {
  const wb = searchBase >>> WORD_SHIFT;
  const wl = (searchLimit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(searchBase & BIT_MASK);
  const ml = maskTo(((searchLimit - 1) & BIT_MASK) + 1);
  let carry = 0; // sought bits ending at the bottom of word w
  for (let w = wb; w <= wl; w++) {
    let f = bt[w]! ^ flip;
    if (w === wb) f &= mb;
    if (w === wl) f &= ml;
    if (f === 0) {
      carry = 0;
    } else if (f === -1) {
      carry += WORD_WIDTH;
      if (carry >= len) return (w + 1) * WORD_WIDTH - carry;
    } else {
      if (carry + ctz(~f) >= len) return w * WORD_WIDTH - carry;
      if (len < WORD_WIDTH) {
        const m = runMask(f, len);
        if (m !== 0) return w * WORD_WIDTH + ctz(m);
      }
      carry = Math.clz32(~f);
    }
  }
  return -1;
}

/**
 * The limit of the highest run of at least `len` sought bits inside
 * [searchBase, searchLimit), or -1: {@link runLow} going downwards, with
 * `carry` counting the sought bits at the bottom of the words seen so far.
 */
function runHigh(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number): number {
  const wb = searchBase >>> WORD_SHIFT;
  const wl = (searchLimit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(searchBase & BIT_MASK);
  const ml = maskTo(((searchLimit - 1) & BIT_MASK) + 1);
  let carry = 0; // sought bits starting at the top of word w
  for (let w = wl; w >= wb; w--) {
    let f = bt[w]! ^ flip;
    if (w === wb) f &= mb;
    if (w === wl) f &= ml;
    if (f === 0) {
      carry = 0;
    } else if (f === -1) {
      carry += WORD_WIDTH;
      if (carry >= len) return w * WORD_WIDTH + carry;
    } else {
      if (carry + Math.clz32(~f) >= len) return (w + 1) * WORD_WIDTH + carry;
      if (len < WORD_WIDTH) {
        const m = runMask(f, len);
        if (m !== 0) return w * WORD_WIDTH + 31 - Math.clz32(m) + len;
      }
      carry = ctz(~f);
    }
  }
  return -1;
}

/** At `cool`: [base, limit) is a run of sought bits of the promised length, maximal if `long`. */
function checkRun(
  bt: BT,
  flip: number,
  searchBase: number,
  searchLimit: number,
  len: number,
  base: number,
  limit: number,
  long: boolean,
): void {
  averCritical(searchBase <= base && base < limit && limit <= searchLimit, "bt find: the run is in the search range");
  averCritical(long ? limit - base >= len : limit - base === len, "bt find: the run has the right length");
  averCritical(
    flip === 0 ? isSetRangeUnchecked(bt, base, limit) : isResRangeUnchecked(bt, base, limit),
    "bt find: the run holds only sought bits",
  );
  if (long) {
    averCritical(base === searchBase || findFirst(bt, flip, base - 1, base) === -1, "bt find: the long run is maximal below");
    averCritical(limit === searchLimit || findFirst(bt, flip, limit, limit + 1) === -1, "bt find: the long run is maximal above");
  }
}

function shortLow(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number, result: BTRange | undefined): number {
  const base = runLow(bt, flip, searchBase, searchLimit, len);
  if (base < 0) return -1;
  if (COOL) checkRun(bt, flip, searchBase, searchLimit, len, base, base + len, false);
  if (result !== undefined) {
    result.base = base;
    result.limit = base + len;
  }
  return base;
}

function shortHigh(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number, result: BTRange | undefined): number {
  const limit = runHigh(bt, flip, searchBase, searchLimit, len);
  if (limit < 0) return -1;
  if (COOL) checkRun(bt, flip, searchBase, searchLimit, len, limit - len, limit, false);
  if (result !== undefined) {
    result.base = limit - len;
    result.limit = limit;
  }
  return limit - len;
}

function longLow(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number, result: BTRange | undefined): number {
  const base = runLow(bt, flip, searchBase, searchLimit, len);
  if (base < 0) return -1;
  if (result !== undefined || COOL) {
    // Extend the run to the first bit that is not sought, ~flip seeking those.
    const end = findFirst(bt, ~flip, base + len, searchLimit);
    const limit = end < 0 ? searchLimit : end;
    if (COOL) checkRun(bt, flip, searchBase, searchLimit, len, base, limit, true);
    if (result !== undefined) {
      result.base = base;
      result.limit = limit;
    }
  }
  return base;
}

function longHigh(bt: BT, flip: number, searchBase: number, searchLimit: number, len: number, result: BTRange | undefined): number {
  const limit = runHigh(bt, flip, searchBase, searchLimit, len);
  if (limit < 0) return -1;
  // Extend the run down to just above the last bit that is not sought.
  const last = findLast(bt, ~flip, searchBase, limit - len);
  const base = last < 0 ? searchBase : last + 1;
  if (COOL) checkRun(bt, flip, searchBase, searchLimit, len, base, limit, true);
  if (result !== undefined) {
    result.base = base;
    result.limit = limit;
  }
  return base;
}

/**
 * The index of the first set bit in [base, limit), or -1 if there is none.
 * @param limit - where the search stops; the table's capacity if omitted.
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btFindSet(bt: BT, base: number, limit: number = bt.length * WORD_WIDTH): number {
  checkRange(bt, base, limit, "btFindSet");
  return findFirst(bt, 0, base, limit);
}

/**
 * The index of the first reset bit in [base, limit), or -1 if there is none.
 * @param limit - where the search stops; the table's capacity if omitted.
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btFindRes(bt: BT, base: number, limit: number = bt.length * WORD_WIDTH): number {
  checkRange(bt, base, limit, "btFindRes");
  return findFirst(bt, -1, base, limit);
}

/**
 * The index of the last set bit in [base, limit), or -1 if there is none.
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btFindSetHigh(bt: BT, base: number, limit: number): number {
  checkRange(bt, base, limit, "btFindSetHigh");
  return findLast(bt, 0, base, limit);
}

/**
 * The index of the last reset bit in [base, limit), or -1 if there is none.
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btFindResHigh(bt: BT, base: number, limit: number): number {
  checkRange(bt, base, limit, "btFindResHigh");
  return findLast(bt, -1, base, limit);
}

/**
 * Find the lowest run of `length` reset bits inside [searchBase, searchLimit):
 * of all ranges [i, i + length) of reset bits in the search range, the one
 * with the least i. (`BTFindShortResRange`)
 * @param result - if given, receives [i, i + length) when a run is found; untouched otherwise.
 * @returns i, or -1 if there is no such run.
 * @throws MpsError `PARAM` unless searchBase and searchLimit are integers with
 * 0 \<= searchBase \<= searchLimit \<= {@link btCapacity} and `length` is an
 * integer in [1, searchLimit - searchBase]; `result` is then untouched.
 * @public
 */
export function btFindShortResRange(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindShortResRange");
  return shortLow(bt, -1, searchBase, searchLimit, length, result);
}

/**
 * Find the highest run of `length` reset bits inside [searchBase, searchLimit):
 * of all ranges [i, i + length) of reset bits in the search range, the one
 * with the greatest i. (`BTFindShortResRangeHigh`)
 * @param result - if given, receives [i, i + length) when a run is found; untouched otherwise.
 * @returns i, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindShortResRangeHigh(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindShortResRangeHigh");
  return shortHigh(bt, -1, searchBase, searchLimit, length, result);
}

/**
 * Find the lowest run of at least `length` reset bits inside
 * [searchBase, searchLimit) and return all of it: the base i is the least
 * possible, and the limit j the greatest such that [i, j) is all reset and
 * j \<= searchLimit. (`BTFindLongResRange`)
 * @param result - if given, receives [i, j) when a run is found; untouched
 * otherwise. Without it only i is computed.
 * @returns i, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindLongResRange(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindLongResRange");
  return longLow(bt, -1, searchBase, searchLimit, length, result);
}

/**
 * Find the highest run of at least `length` reset bits inside
 * [searchBase, searchLimit) and return all of it: the limit j is the greatest
 * possible, and the base i the least such that [i, j) is all reset and
 * i \>= searchBase. (`BTFindLongResRangeHigh`)
 * @param result - if given, receives [i, j) when a run is found; untouched otherwise.
 * @returns i, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindLongResRangeHigh(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindLongResRangeHigh");
  return longHigh(bt, -1, searchBase, searchLimit, length, result);
}

/**
 * {@link btFindShortResRange} for set bits: the lowest run of `length` set
 * bits inside [searchBase, searchLimit).
 * @param result - if given, receives the run when one is found; untouched otherwise.
 * @returns the run's base, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindShortSetRange(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindShortSetRange");
  return shortLow(bt, 0, searchBase, searchLimit, length, result);
}

/**
 * {@link btFindShortResRangeHigh} for set bits: the highest run of `length`
 * set bits inside [searchBase, searchLimit).
 * @param result - if given, receives the run when one is found; untouched otherwise.
 * @returns the run's base, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindShortSetRangeHigh(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindShortSetRangeHigh");
  return shortHigh(bt, 0, searchBase, searchLimit, length, result);
}

/**
 * {@link btFindLongResRange} for set bits: all of the lowest run of at least
 * `length` set bits inside [searchBase, searchLimit).
 * @param result - if given, receives the run when one is found; untouched otherwise.
 * @returns the run's base, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindLongSetRange(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindLongSetRange");
  return longLow(bt, 0, searchBase, searchLimit, length, result);
}

/**
 * {@link btFindLongResRangeHigh} for set bits: all of the highest run of at
 * least `length` set bits inside [searchBase, searchLimit).
 * @param result - if given, receives the run when one is found; untouched otherwise.
 * @returns the run's base, or -1 if there is no such run.
 * @throws MpsError `PARAM` as {@link btFindShortResRange}.
 * @public
 */
export function btFindLongSetRangeHigh(bt: BT, searchBase: number, searchLimit: number, length: number, result?: BTRange): number {
  checkFind(bt, searchBase, searchLimit, length, "btFindLongSetRangeHigh");
  return longHigh(bt, 0, searchBase, searchLimit, length, result);
}
