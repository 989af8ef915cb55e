/**
 * Nailboards (design.mps.nailboard): a bit per alignment grain of a
 * segment, recording where ambiguous references (nails) landed, so that
 * AMC keeps only the objects they pin and copies the rest. See
 * docs/design/pool-amc.md `.nailboard`.
 * .critical: Nailboard.set, Nailboard.isResRange (per ambiguous fix, per object in reclaim).
 */

import { type Addr, type Inst, type WriteStream, COOL, SIG_INVALID, addrHex, aver, averCritical, checkL, checkS, defineSig, describeLine } from "@mps/mpm";
import { type BT, btCountSetRange, btCreate, btGet, btIsResRange, btIsSetRange, btSet, btSetRange } from "@mps/bt";

/**
 * The signature of a live {@link Nailboard} (the MPS's `NailboardSig`).
 * @public
 */
export const SIG_NAILBOARD = defineSig("Nailboard", 0x5194a11b);

/**
 * A nailboard over [base, limit): one bit per `align` bytes.
 *
 * @remarks
 * The MPS's nailboard has several levels so that a range query is fast
 * on a large segment; this one has a single level and answers range
 * queries with the bit table's word-at-a-time search, which is as fast for
 * the segment sizes AMC uses. The *new nails* flag records whether a nail
 * was added since {@link Nailboard.clearNewNails}, so that a scan of a
 * nailed segment knows when it must go round again.
 * @public
 */
export class Nailboard implements Inst {
  /** {@link SIG_NAILBOARD} while live. */
  sig: number = SIG_INVALID;
  /** The base of the covered range. */
  readonly base: Addr;
  /** The limit of the covered range. */
  readonly limit: Addr;
  /** log2 of the grain a bit covers. */
  readonly alignShift: number;
  /** Set when a bit was newly set since the last {@link Nailboard.clearNewNails}. */
  newNails = false;
  private readonly bits: BT;

  /** `NailboardCreate`: no nails over [base, limit), one bit per `align` (a power of two) bytes. */
  constructor(align: number, base: Addr, limit: Addr) {
    aver(align > 0 && (align & (align - 1)) === 0, "Nailboard: align is a power of two");
    aver(base < limit && (base & (align - 1)) === 0 && (limit & (align - 1)) === 0, "Nailboard: an aligned range");
    this.base = base;
    this.limit = limit;
    this.alignShift = 31 - Math.clz32(align);
    this.bits = btCreate((limit - base) >>> this.alignShift);
    this.sig = SIG_NAILBOARD;
  }

  /** The number of bits. */
  get length(): number {
    return (this.limit - this.base) >>> this.alignShift;
  }

  private index(addr: Addr): number {
    if (COOL) averCritical(addr >= this.base && addr < this.limit, "Nailboard: the address is covered");
    return (addr - this.base) >>> this.alignShift;
  }

  /** `NailboardGet`: is the grain holding `addr` nailed? */
  get(addr: Addr): boolean {
    return btGet(this.bits, this.index(addr));
  }

  /**
   * `NailboardSet`: nail the grain holding `addr`; returns whether it was
   * nailed already. A new nail sets {@link Nailboard.newNails}.
   */
  set(addr: Addr): boolean {
    const i = this.index(addr);
    if (btGet(this.bits, i)) return true;
    btSet(this.bits, i);
    this.newNails = true;
    return false;
  }

  /** `NailboardSetRange`: nail every grain of [base, limit) (aligned; no nail there yet). */
  setRange(base: Addr, limit: Addr): void {
    const i = this.index(base);
    const j = limit >= this.limit ? this.length : this.index(limit);
    if (COOL) aver(btIsResRange(this.bits, i, j), "Nailboard.setRange: no nails in the range yet");
    btSetRange(this.bits, i, j);
    this.newNails = true;
  }

  /** `NailboardIsSetRange`: is every grain of [base, limit) nailed? */
  isSetRange(base: Addr, limit: Addr): boolean {
    const i = this.index(base);
    const j = limit >= this.limit ? this.length : this.rangeLimitIndex(limit);
    return btIsSetRange(this.bits, i, j);
  }

  /**
   * `NailboardIsResRange`: is no grain of [base, limit) nailed? The range
   * may start before the board (a header before the segment's first
   * object cannot be, but a clipped range is handled) and end at its limit.
   */
  isResRange(base: Addr, limit: Addr): boolean {
    const b = base < this.base ? this.base : base;
    if (b >= this.limit) return true;
    const i = this.index(b);
    const j = limit >= this.limit ? this.length : this.rangeLimitIndex(limit);
    return i >= j || btIsResRange(this.bits, i, j);
  }

  /** The number of nailed grains (for describe and tests). */
  count(): number {
    return btCountSetRange(this.bits, 0, this.length);
  }

  /** `NailboardClearNewNails`. */
  clearNewNails(): void {
    this.newNails = false;
  }

  private rangeLimitIndex(limit: Addr): number {
    // The first grain wholly at or above `limit`: a limit inside a grain covers it.
    return (limit - this.base + (1 << this.alignShift) - 1) >>> this.alignShift;
  }

  /** Finish the board. */
  destroy(): void {
    this.sig = SIG_INVALID;
  }

  /** `NailboardCheck`. */
  check(): boolean {
    checkS(this, SIG_NAILBOARD, "Nailboard");
    checkL(this.base < this.limit, "Nailboard: a non-empty range");
    checkL(this.bits.length * 32 >= this.length, "Nailboard: bits for every grain");
    return true;
  }

  /** `NailboardDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Nailboard [${addrHex(this.base)}, ${addrHex(this.limit)}) grain ${1 << this.alignShift} nails ${this.count()}${this.newNails ? " (new)" : ""}`);
  }
}
