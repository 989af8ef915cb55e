/**
 * Word-level helpers of the bit tables (internal, not exported by the package):
 * masks, count-trailing-zeros, population count, and the argument checks that
 * every public function runs before it touches a table.
 * See docs/design/bt.md `.impl.word`, `.impl.check`.
 * .critical: ctz, popcount, maskFrom, maskTo, checkIndex, checkRange, checkFind,
 * isSetRangeUnchecked, isResRangeUnchecked.
 */

import { paramError } from "@mps/mpm";

/** Bits in a table word. */
export const WORD_WIDTH = 32;

/** log2 of {@link WORD_WIDTH}: `i >>> WORD_SHIFT` is the word holding bit `i`. */
export const WORD_SHIFT = 5;

/** `i & BIT_MASK` is the position of bit `i` in its word. */
export const BIT_MASK = 31;

/**
 * The index of the lowest set bit of `x`, which must be non-zero
 * (as an int32 or uint32; only the low 32 bits count).
 */
export function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The number of set bits in the low 32 bits of `x`. */
export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The int32 mask of bits `b` to 31 of a word, for `0 <= b <= 31`. */
export function maskFrom(b: number): number {
  return -1 << b;
}

/** The int32 mask of bits 0 to `l - 1` of a word, for `1 <= l <= 32`. */
export function maskTo(l: number): number {
  return (-1 >>> (WORD_WIDTH - l)) | 0;
}

/** Is `x` an integer in [0, 2^32)? One shift and one compare; false for NaN and non-numbers. */
export function isIndex(x: number): boolean {
  return x >>> 0 === x;
}

/** Throw PARAM unless `i` indexes a bit of `bt` (is in [0, 32 × words)). */
export function checkIndex(bt: Uint32Array, i: number, fn: string): void {
  if (!(isIndex(i) && i < bt.length * WORD_WIDTH)) {
    paramError(`${fn}: index ${String(i)} is not an integer in [0, ${bt.length * WORD_WIDTH})`);
  }
}

/** Throw PARAM unless [base, limit) is a (possibly empty) range of bits of `bt`. */
export function checkRange(bt: Uint32Array, base: number, limit: number, fn: string): void {
  if (!(isIndex(base) && isIndex(limit) && base <= limit && limit <= bt.length * WORD_WIDTH)) {
    paramError(
      `${fn}: [${String(base)}, ${String(limit)}) is not a range of integers with base <= limit <= ${bt.length * WORD_WIDTH}`,
    );
  }
}

/**
 * Throw PARAM unless [searchBase, searchLimit) is a range of bits of `bt` and
 * `length` is an integer with 1 <= length <= searchLimit - searchBase.
 */
export function checkFind(bt: Uint32Array, searchBase: number, searchLimit: number, length: number, fn: string): void {
  checkRange(bt, searchBase, searchLimit, fn);
  if (!(isIndex(length) && length >= 1 && length <= searchLimit - searchBase)) {
    paramError(
      `${fn}: length ${String(length)} is not an integer in [1, ${searchLimit - searchBase}], the size of the search range [${searchBase}, ${searchLimit})`,
    );
  }
}

/**
 * Throw PARAM if the storage of `from` and `to` overlaps (the copy
 * functions need two distinct tables).
 */
export function checkDistinct(from: Uint32Array, to: Uint32Array, fn: string): void {
  if (
    from.buffer === to.buffer &&
    from.byteOffset < to.byteOffset + to.byteLength &&
    to.byteOffset < from.byteOffset + from.byteLength
  ) {
    paramError(`${fn}: the source and destination tables share storage`);
  }
}

/** `btIsSetRange` without the argument check. */
export function isSetRangeUnchecked(bt: Uint32Array, base: number, limit: number): boolean {
  if (base === limit) return true;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) {
    const m = mb & ml;
    return (bt[wb]! & m) === m;
  }
  if ((bt[wb]! & mb) !== mb) return false;
  for (let w = wb + 1; w < wl; w++) if (bt[w] !== 0xffffffff) return false;
  return (bt[wl]! & ml) === ml;
}

/** `btIsResRange` without the argument check. */
export function isResRangeUnchecked(bt: Uint32Array, base: number, limit: number): boolean {
  if (base === limit) return true;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) return (bt[wb]! & mb & ml) === 0;
  if ((bt[wb]! & mb) !== 0) return false;
  for (let w = wb + 1; w < wl; w++) if (bt[w] !== 0) return false;
  return (bt[wl]! & ml) === 0;
}
