/**
 * Ranges of addresses (design.mps.range): the semi-open interval [base, limit).
 *
 * A Range is a small mutable record. Lands take and return ranges through
 * caller-supplied Range objects, as the MPS passes `Range` pointers, so that
 * no operation allocates one. See docs/design/land.md `.range`.
 */

import {
  type Addr, type Align, type Size, type WriteStream, addrHex, describeLine, isAddr, isAligned,
} from "@mps/mpm";

/**
 * A semi-open range of addresses [base, limit). Reuse one Range for many calls.
 * @public
 */
export class Range {
  /** The first address in the range. */
  base: Addr;
  /** The first address after the range. */
  limit: Addr;

  /** Make a range; [0, 0) by default. */
  constructor(base: Addr = 0, limit: Addr = 0) {
    this.base = base;
    this.limit = limit;
  }

  /** Set both ends and return this range. */
  set(base: Addr, limit: Addr): this {
    this.base = base;
    this.limit = limit;
    return this;
  }

  /** Set from a base and a size and return this range. */
  setSize(base: Addr, size: Size): this {
    this.base = base;
    this.limit = base + size;
    return this;
  }

  /** Copy `from` into this range and return it. */
  copy(from: Range): this {
    this.base = from.base;
    this.limit = from.limit;
    return this;
  }

  /** The size of the range in bytes. */
  size(): Size {
    return this.limit - this.base;
  }

  /** Is the range empty? */
  isEmpty(): boolean {
    return this.limit === this.base;
  }

  /** Is `addr` in the range? */
  contains(addr: Addr): boolean {
    return this.base <= addr && addr < this.limit;
  }

  /** Are both ends multiples of `align`? */
  isAligned(align: Align): boolean {
    return isAligned(this.base, align) && isAligned(this.limit, align);
  }

  /** Do this range and `other` share an address? */
  overlaps(other: Range): boolean {
    return this.base < other.limit && other.base < this.limit;
  }

  /** Does this range contain all of `inner`? */
  nests(inner: Range): boolean {
    return this.base <= inner.base && inner.limit <= this.limit;
  }

  /** Are the two ranges the same? */
  equals(other: Range): boolean {
    return this.base === other.base && this.limit === other.limit;
  }

  /** `RangeCheck`: base and limit are addresses and base ≤ limit. */
  check(): boolean {
    return isAddr(this.base) && isAddr(this.limit) && this.base <= this.limit;
  }

  /** Write the range as `[base, limit) size`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Range ${this.toString()}`);
  }

  /** `[0x00001000, 0x00002000) 4096` */
  toString(): string {
    return `[${addrHex(this.base)}, ${addrHex(this.limit)}) ${this.size()}`;
  }
}
