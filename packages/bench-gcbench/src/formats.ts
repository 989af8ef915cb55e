/**
 * The two object formats of the benchmarks: gcbench's vectors (a header word
 * holding the size and a tag, then the slots, as `fmtdy.c`'s vectors keep a
 * wrapper and a length) and churn's two-word cons cells with tagged words.
 * See docs/design/bench-gcbench.md `.impl.vector`, `.impl.cons`.
 * .critical: the scan methods (per object in every collection).
 */

import type { Addr, FormatOpts, ScanState, Size } from "@mps/mps";

/** The memory views a format reads: `arena.mem` (its `u32` is replaced when the arena grows). */
interface Mem {
  readonly u32: Uint32Array;
}

/** Vector tag: padding. @public */
export const VEC_PAD = 0;
/** Vector tag: a vector whose slots are references (0 is null). @public */
export const VEC_OBJ = 1;
/** Vector tag: a forwarded vector; word 1 is its new address. @public */
export const VEC_FWD = 3;

/**
 * The size in bytes of a vector of `width` slots: a header word and the
 * slots, rounded up to 8.
 * @public
 */
export function vectorSize(width: number): Size {
  return (4 + 4 * width + 7) & ~7;
}

/**
 * The vector format's options for `arena.createFormat`: alignment 8, no
 * header. Word 0 of an object is its size in bytes with the tag in the low
 * three bits; the slots follow.
 * @public
 */
export function vectorFormat(mem: Mem): FormatOpts {
  return {
    fmtAlign: 8,
    fmtHeaderSize: 0,
    fmtScan(ss: ScanState, base: Addr, limit: Addr): void {
      const u32 = mem.u32;
      let p = base;
      while (p < limit) {
        const w0 = u32[p >>> 2]!;
        const size = w0 & ~7;
        if ((w0 & 7) === VEC_OBJ) {
          const end = (p + 4 + (size - 4)) >>> 2;
          for (let i = (p >>> 2) + 1; i < end; i++) {
            const ref = u32[i]!;
            if (ref !== 0 && ss.fix1(ref)) u32[i] = ss.fix2(ref);
          }
        }
        p += size;
      }
    },
    fmtSkip(p: Addr): Addr {
      return p + (mem.u32[p >>> 2]! & ~7);
    },
    fmtFwd(old: Addr, nu: Addr): void {
      const u32 = mem.u32;
      const i = old >>> 2;
      u32[i] = (u32[i]! & ~7) | VEC_FWD;
      u32[i + 1] = nu;
    },
    fmtIsfwd(p: Addr): Addr {
      const u32 = mem.u32;
      const i = p >>> 2;
      return (u32[i]! & 7) === VEC_FWD ? u32[i + 1]! : 0;
    },
    fmtPad(p: Addr, size: Size): void {
      mem.u32[p >>> 2] = size | VEC_PAD;
    },
  };
}

/** The size of a cons cell: two words. @public */
export const CONS_SIZE = 8;
/** The car of a forwarded cell (its cdr is the new address). @public */
export const CONS_FWD = 2;
/** The car of an 8-byte unit of padding. @public */
export const CONS_PAD = 3;

/**
 * A small integer as a tagged word (low bits 01), so that scanning never
 * takes it for a reference.
 * @public
 */
export function fixnum(n: number): number {
  return ((n << 2) | 1) >>> 0;
}

/**
 * The cons format's options: every object is one 8-byte cell of two words.
 * A word whose low two bits are 00 is a reference (0 is null), 01 a small
 * integer; a car of {@link CONS_FWD} marks a forwarded cell, of
 * {@link CONS_PAD} an 8-byte unit of padding (a pad of n bytes is n/8 units).
 * @public
 */
export function consFormat(mem: Mem): FormatOpts {
  return {
    fmtAlign: 8,
    fmtHeaderSize: 0,
    fmtScan(ss: ScanState, base: Addr, limit: Addr): void {
      const u32 = mem.u32;
      const end = limit >>> 2;
      for (let i = base >>> 2; i < end; i++) {
        const w = u32[i]!;
        if ((w & 3) === 0 && w !== 0 && ss.fix1(w)) u32[i] = ss.fix2(w);
      }
    },
    fmtSkip(p: Addr): Addr {
      return p + CONS_SIZE;
    },
    fmtFwd(old: Addr, nu: Addr): void {
      const u32 = mem.u32;
      u32[old >>> 2] = CONS_FWD;
      u32[(old >>> 2) + 1] = nu;
    },
    fmtIsfwd(p: Addr): Addr {
      const u32 = mem.u32;
      return u32[p >>> 2] === CONS_FWD ? u32[(p >>> 2) + 1]! : 0;
    },
    fmtPad(p: Addr, size: Size): void {
      const u32 = mem.u32;
      const end = (p + size) >>> 2;
      for (let i = p >>> 2; i < end; i += 2) {
        u32[i] = CONS_PAD;
        u32[i + 1] = 0;
      }
    },
  };
}
