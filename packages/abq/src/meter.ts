/**
 * Meters: running statistics of one quantity, as the MPS's `meter.h` keeps
 * them in its cool variety. An ABQ keeps one per operation, recording the
 * queue's depth each time the operation is called. See docs/design/abq.md `.stats`.
 * .critical: ABQMeter.accumulate (called by every ABQ operation).
 */

import { type WriteStream, COOL, describeLine } from "@mps/mpm";

/**
 * A meter (the MPS's `MeterStruct`): how many values were recorded, their
 * total, smallest and largest. `min` and `max` are 0 until the first value.
 *
 * @remarks
 * An {@link ABQ} calls {@link ABQMeter.accumulate} only at the `cool` level;
 * at `hot` and `rash` it only increments `count`, which costs one store,
 * and `total`, `min`, `max` and the mean stay 0.
 * @public
 */
export class ABQMeter {
  /** What is being measured, such as `"push"`. */
  readonly name: string;
  /** How many values were recorded. */
  count = 0;
  /** The sum of the values recorded. */
  total = 0;
  /** The smallest value recorded (0 if none). */
  min = 0;
  /** The largest value recorded (0 if none). */
  max = 0;

  /** A meter that has recorded nothing. */
  constructor(name: string) {
    this.name = name;
  }

  /** `MeterAccumulate`: record one value. Allocates nothing. */
  accumulate(amount: number): void {
    const count = this.count + 1;
    this.count = count;
    this.total += amount;
    if (count === 1 || amount < this.min) this.min = amount;
    if (amount > this.max) this.max = amount;
  }

  /** The mean of the values recorded, or 0 if there are none. */
  mean(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  /**
   * `MeterWrite`: one line, `meter "push" { count: 3, total 4, max 2, min 0, mean 1.333 }`;
   * just the count unless the level is `cool`, where the values are recorded.
   */
  describe(stream: WriteStream, depth = 0): void {
    const stats = this.count === 0 || !COOL ? "" : `, total ${this.total}, max ${this.max}, min ${this.min}, mean ${+this.mean().toFixed(3)}`;
    describeLine(stream, depth, `meter "${this.name}" { count: ${this.count}${stats} }`);
  }
}
