/**
 * Copying ranges of bits between two bit tables (design.mps.bt
 * `.req.ops.copy`): to the same positions, inverted, or to other positions.
 * All three work a word at a time. See docs/design/bt.md `.if.copy`.
 * .critical: btCopyRange, btCopyInvertRange, btCopyOffsetRange.
 */

import { COOL, averCritical, paramError } from "@mps/mpm";
import type { BT } from "./bt.js";
import { BIT_MASK, WORD_SHIFT, WORD_WIDTH, checkDistinct, checkRange, maskFrom, maskTo } from "./word.js";

/**
 * Copy bits [base, limit) of `from` to the same positions of `to`; the other
 * bits of `to` keep their values. An empty range does nothing. (`BTCopyRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= the capacity of both tables, or if the two tables
 * share storage; `to` is then unchanged.
 * @public
 */
export function btCopyRange(from: BT, to: BT, base: number, limit: number): void {
  checkRange(from, base, limit, "btCopyRange");
  checkRange(to, base, limit, "btCopyRange");
  checkDistinct(from, to, "btCopyRange");
  if (base === limit) return;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) {
    const m = mb & ml;
    to[wb] = (to[wb]! & ~m) | (from[wb]! & m);
    return;
  }
  to[wb] = (to[wb]! & ~mb) | (from[wb]! & mb);
  for (let w = wb + 1; w < wl; w++) to[w] = from[w]!;
  to[wl] = (to[wl]! & ~ml) | (from[wl]! & ml);
}

/**
 * Copy the inverse of bits [base, limit) of `from` to the same positions of
 * `to`: where `from` has a set bit `to` gets a reset one and the other way
 * round; the other bits of `to` keep their values. (`BTCopyInvertRange`)
 * @throws MpsError `PARAM` unless base and limit are integers with
 * 0 \<= base \<= limit \<= the capacity of both tables, or if the two tables
 * share storage; `to` is then unchanged.
 * @public
 */
export function btCopyInvertRange(from: BT, to: BT, base: number, limit: number): void {
  checkRange(from, base, limit, "btCopyInvertRange");
  checkRange(to, base, limit, "btCopyInvertRange");
  checkDistinct(from, to, "btCopyInvertRange");
  if (base === limit) return;
  const wb = base >>> WORD_SHIFT;
  const wl = (limit - 1) >>> WORD_SHIFT;
  const mb = maskFrom(base & BIT_MASK);
  const ml = maskTo(((limit - 1) & BIT_MASK) + 1);
  if (wb === wl) {
    const m = mb & ml;
    to[wb] = (to[wb]! & ~m) | (~from[wb]! & m);
    return;
  }
  to[wb] = (to[wb]! & ~mb) | (~from[wb]! & mb);
  for (let w = wb + 1; w < wl; w++) to[w] = ~from[w]!;
  to[wl] = (to[wl]! & ~ml) | (~from[wl]! & ml);
}

/**
 * The `n` bits of `bt` from bit `s` on, in the low `n` bits of the result
 * (the higher bits are garbage); 1 \<= n \<= 32 and s + n within the table.
 */
function readBits(bt: BT, s: number, n: number): number {
  const w = s >>> WORD_SHIFT;
  const sh = s & BIT_MASK;
  let v = bt[w]! >>> sh;
  if (sh + n > WORD_WIDTH) v |= bt[w + 1]! << (WORD_WIDTH - sh);
  return v;
}

/**
 * Copy bits [fromBase, fromLimit) of `from` to bits [toBase, toLimit) of
 * `to`, bit `fromBase + k` going to bit `toBase + k`; the other bits of `to`
 * keep their values. The two ranges must have the same size, and may start at
 * different positions in their words: each destination word is filled from
 * at most two source words. (`BTCopyOffsetRange`)
 * @throws MpsError `PARAM` unless both ranges are well formed and within
 * their tables (0 \<= base \<= limit \<= capacity), their sizes are equal, and
 * the tables do not share storage; `to` is then unchanged.
 * @public
 */
export function btCopyOffsetRange(
  from: BT,
  to: BT,
  fromBase: number,
  fromLimit: number,
  toBase: number,
  toLimit: number,
): void {
  checkRange(from, fromBase, fromLimit, "btCopyOffsetRange");
  checkRange(to, toBase, toLimit, "btCopyOffsetRange");
  if (fromLimit - fromBase !== toLimit - toBase) {
    paramError(
      `btCopyOffsetRange: the ranges [${fromBase}, ${fromLimit}) and [${toBase}, ${toLimit}) have different sizes`,
    );
  }
  checkDistinct(from, to, "btCopyOffsetRange");
  let d = toBase;
  let s = fromBase;
  while (d < toLimit) {
    // Fill destination bits [d, d + k): the rest of d's word, or less at the end.
    const db = d & BIT_MASK;
    let k = WORD_WIDTH - db;
    if (k > toLimit - d) k = toLimit - d;
    const m = maskTo(k) << db;
    const w = d >>> WORD_SHIFT;
    to[w] = (to[w]! & ~m) | ((readBits(from, s, k) << db) & m);
    d += k;
    s += k;
  }
  if (COOL) {
    for (let i = 0; i < toLimit - toBase; i++) {
      const f = (from[(fromBase + i) >>> WORD_SHIFT]! >>> ((fromBase + i) & BIT_MASK)) & 1;
      const t = (to[(toBase + i) >>> WORD_SHIFT]! >>> ((toBase + i) & BIT_MASK)) & 1;
      averCritical(f === t, "btCopyOffsetRange: the bits were copied");
    }
  }
}
