/**
 * The result record of the run finders: a range of bit indices [base, limit)
 * that the caller makes once and passes to many searches, so that finding a
 * run allocates nothing. See docs/design/bt.md `.if.result`.
 * .critical: none (a plain record).
 */

/**
 * A range of bit indices [base, limit). The run finders write the run they
 * find into one of these; reuse the same object for many calls.
 * @public
 */
export class BTRange {
  /** The index of the first bit in the range. */
  base: number;
  /** The index just after the last bit in the range. */
  limit: number;

  /** Make a range; [0, 0) by default. */
  constructor(base = 0, limit = 0) {
    this.base = base;
    this.limit = limit;
  }

  /** The number of bits in the range. */
  size(): number {
    return this.limit - this.base;
  }
}
