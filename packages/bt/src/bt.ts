/**
 * Bit tables (design.mps.bt): a table of n bits is a plain `Uint32Array` of
 * ceil(n/32) words, bit i being bit (i mod 32) of word floor(i/32). Creating,
 * sizing, checking and describing tables; single bits; whole ranges.
 * See docs/design/bt.md `.if.create`, `.if.bit`, `.if.range`.
 * .critical: btGet, btSet, btRes, btSetRange, btResRange, btIsSetRange, btIsResRange.
 */

import { COOL, averCritical, checkL, describeLine, paramError, resourceError, type WriteStream } from "@mps/mpm";
import {
  BIT_MASK,
  WORD_SHIFT,
  WORD_WIDTH,
  checkIndex,
  checkRange,
  isIndex,
  isResRangeUnchecked,
  isSetRangeUnchecked,
  maskFrom,
  maskTo,
  popcount,
} from "./word.js";

/**
 * A bit table: a `Uint32Array` whose word `w` holds bits `32w` to `32w + 31`,
 * bit `i` being `(bt[i >>> 5] >>> (i & 31)) & 1`. A table made by
 * {@link btCreate} for `n` bits has {@link btWords}`(n)` words; the bits from
 * `n` up to the next multiple of 32 exist but are not part of the table.
 * @public
 */
export type BT = Uint32Array;

/**
 * The largest number of bits a table made by {@link btCreate} may have: 2^31.
 * @public
 */
export const BT_MAX_LENGTH = 2 ** 31;

/**
 * The number of 32-bit words a table of `length` bits takes: ceil(length / 32).
 * @param length - the number of bits, an integer in [0, {@link BT_MAX_LENGTH}].
 * @throws MpsError `PARAM` if `length` is not such an integer.
 * @public
 */
export function btWords(length: number): number {
  if (!(isIndex(length) && length <= BT_MAX_LENGTH)) {
    paramError(`btWords: length ${String(length)} is not an integer in [0, ${BT_MAX_LENGTH}]`);
  }
  return (length + BIT_MASK) >>> WORD_SHIFT;
}

/**
 * Make a table of `length` bits, all reset.
 * @param length - the number of bits, an integer in [1, {@link BT_MAX_LENGTH}].
 * @returns a new `Uint32Array` of {@link btWords}`(length)` words, all zero.
 * @throws MpsError `PARAM` if `length` is not such an integer; `RESOURCE` if the
 * memory cannot be had.
 * @public
 */
export function btCreate(length: number): BT {
  if (!(isIndex(length) && length >= 1 && length <= BT_MAX_LENGTH)) {
    paramError(`btCreate: length ${String(length)} is not an integer in [1, ${BT_MAX_LENGTH}]`);
  }
  try {
    return new Uint32Array(btWords(length));
  } catch (e) {
    return resourceError(`btCreate: cannot allocate ${length} bits: ${String(e)}`);
  }
}

/**
 * The number of bits `bt` can hold: 32 × its words. Every index a function
 * of this package takes is checked against this capacity.
 * @public
 */
export function btCapacity(bt: BT): number {
  return bt.length * WORD_WIDTH;
}

/**
 * Check that `bt` is a bit table (a `Uint32Array`) and, if `length` is given,
 * that it has exactly {@link btWords}`(length)` words. Returns true or reports
 * through the assertion handler, like the MPS's `BTCheck`.
 * @public
 */
export function btCheck(bt: BT, length?: number): boolean {
  checkL(bt instanceof Uint32Array, "btCheck: a bit table is a Uint32Array");
  if (length !== undefined) {
    checkL(isIndex(length) && length <= BT_MAX_LENGTH, "btCheck: length is an integer in [0, BT_MAX_LENGTH]");
    checkL(bt.length === (length + BIT_MASK) >>> WORD_SHIFT, "btCheck: the table has btWords(length) words");
  }
  return true;
}

/**
 * Write the first `length` bits of `bt` to `stream` as lines of 64
 * characters, `O` for a set bit and `.` for a reset one, each line starting
 * with the index of its first bit; the whole table if `length` is omitted.
 * @param depth - spaces to indent each line by (default 0).
 * @throws MpsError `PARAM` if `length` exceeds {@link btCapacity}.
 * @public
 */
export function btDescribe(bt: BT, stream: WriteStream, length: number = bt.length * WORD_WIDTH, depth = 0): void {
  checkRange(bt, 0, length, "btDescribe");
  describeLine(stream, depth, `BT ${length} bits, ${bt.length} words {`);
  const width = String(Math.max(length - 1, 0)).length;
  for (let line = 0; line < length; line += 64) {
    const end = Math.min(line + 64, length);
    let s = "";
    for (let i = line; i < end; i++) s += ((bt[i >>> WORD_SHIFT]! >>> (i & BIT_MASK)) & 1) === 1 ? "O" : ".";
    describeLine(stream, depth + 2, `${String(line).padStart(width)} ${s}`);
  }
  describeLine(stream, depth, "} BT");
}

/**
 * Is bit `i` of `bt` set? (`BTGet`)
 * @throws MpsError `PARAM` if `i` is not an integer in [0, {@link btCapacity}).
 * @public
 */
export function btGet(bt: BT, i: number): boolean {
  checkIndex(bt, i, "btGet");
  return ((bt[i >>> WORD_SHIFT]! >>> (i & BIT_MASK)) & 1) === 1;
}

/**
 * Set bit `i` of `bt` (to 1). (`BTSet`)
 * @throws MpsError `PARAM` if `i` is not an integer in [0, {@link btCapacity}).
 * @public
 */
export function btSet(bt: BT, i: number): void {
  checkIndex(bt, i, "btSet");
  bt[i >>> WORD_SHIFT]! |= 1 << (i & BIT_MASK);
}

/**
 * Reset bit `i` of `bt` (to 0). (`BTRes`)
 * @throws MpsError `PARAM` if `i` is not an integer in [0, {@link btCapacity}).
 * @public
 */
export function btRes(bt: BT, i: number): void {
  checkIndex(bt, i, "btRes");
  bt[i >>> WORD_SHIFT]! &= ~(1 << (i & BIT_MASK));
}

/**
 * Set every bit in [base, limit). An empty range does nothing. (`BTSetRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}; the table is then unchanged.
 * @public
 */
export function btSetRange(bt: BT, base: number, limit: number): void {
  checkRange(bt, base, limit, "btSetRange");
  if (base === limit) return;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) {
    bt[wb]! |= mb & ml;
    return;
  }
  bt[wb]! |= mb;
  for (let w = wb + 1; w < wl; w++) bt[w] = 0xffffffff;
  bt[wl]! |= ml;
  if (COOL) averCritical(isSetRangeUnchecked(bt, base, limit), "btSetRange: the range is set");
}

/**
 * Reset every bit in [base, limit). An empty range does nothing. (`BTResRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}; the table is then unchanged.
 * @public
 */
export function btResRange(bt: BT, base: number, limit: number): void {
  checkRange(bt, base, limit, "btResRange");
  if (base === limit) return;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) {
    bt[wb]! &= ~(mb & ml);
    return;
  }
  bt[wb]! &= ~mb;
  for (let w = wb + 1; w < wl; w++) bt[w] = 0;
  bt[wl]! &= ~ml;
  if (COOL) averCritical(isResRangeUnchecked(bt, base, limit), "btResRange: the range is reset");
}

/**
 * Are all the bits in [base, limit) set? True for an empty range. (`BTIsSetRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btIsSetRange(bt: BT, base: number, limit: number): boolean {
  checkRange(bt, base, limit, "btIsSetRange");
  return isSetRangeUnchecked(bt, base, limit);
}

/**
 * Are all the bits in [base, limit) reset? True for an empty range. (`BTIsResRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btIsResRange(bt: BT, base: number, limit: number): boolean {
  checkRange(bt, base, limit, "btIsResRange");
  return isResRangeUnchecked(bt, base, limit);
}

/**
 * Do `a` and `b` hold the same bits in [base, limit)? True for an empty
 * range. The tables may be the same one. (`BTRangesSame`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= the capacity of both tables.
 * @public
 */
export function btRangesSame(a: BT, b: BT, base: number, limit: number): boolean {
  checkRange(a, base, limit, "btRangesSame");
  checkRange(b, base, limit, "btRangesSame");
  if (base === limit) return true;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) return ((a[wb]! ^ b[wb]!) & mb & ml) === 0;
  if (((a[wb]! ^ b[wb]!) & mb) !== 0) return false;
  for (let w = wb + 1; w < wl; w++) if (a[w] !== b[w]) return false;
  return ((a[wl]! ^ b[wl]!) & ml) === 0;
}

/** The number of set bits in [base, limit), unchecked. */
function countSetUnchecked(bt: BT, base: number, limit: number): number {
  if (base === limit) return 0;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) return popcount(bt[wb]! & mb & ml);
  let n = popcount(bt[wb]! & mb);
  for (let w = wb + 1; w < wl; w++) n += popcount(bt[w]!);
  return n + popcount(bt[wl]! & ml);
}

/**
 * The number of reset bits in [base, limit); 0 for an empty range. (`BTCountResRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btCountResRange(bt: BT, base: number, limit: number): number {
  checkRange(bt, base, limit, "btCountResRange");
  return limit - base - countSetUnchecked(bt, base, limit);
}

/**
 * The number of set bits in [base, limit); 0 for an empty range.
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= {@link btCapacity}.
 * @public
 */
export function btCountSetRange(bt: BT, base: number, limit: number): number {
  checkRange(bt, base, limit, "btCountSetRange");
  return countSetUnchecked(bt, base, limit);
}
