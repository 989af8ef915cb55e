/**
 * A small object format for the tests and benchmarks of the tracer and the
 * automatic pools (the role the MPS's `fmtdy.c` and `fmthe.c` play for
 * `amcss`, `amsss` and friends). See docs/design/trace.md `.test.format`.
 * .critical: scan (runs per reference in every collector test).
 *
 * Layout: every block is a multiple of 8 bytes. Word 0 of the block holds
 * the block's size in bytes (a multiple of 8) in its high bits and its type
 * in its low 3 bits; word 1 is the object's id (a client checksum seed);
 * the slots follow:
 * - `TF_PAD` (0): padding (8 bytes or more); nothing else is read.
 * - `TF_OBJ` (1): the slots are references (0 is null), scanned at the scan state's rank.
 * - `TF_LEAF` (2): the slots are data, never scanned.
 * - `TF_FWD` (3): a forwarded object; word 1 is the new client pointer.
 * With `headerSize` 0 the client pointer is the block; with 8 it points at
 * the first slot, and the two words before it are an in-band header (as the
 * MPS's `amcsshe` tests headers). Format methods take client pointers,
 * except `fmtPad`, which takes the base of the block (as in the MPS).
 */

import type { Addr, ArenaMemory, ScanState, Size } from "@mps/mpm";

/** Padding. @public */
export const TF_PAD = 0;
/** An object with references. @public */
export const TF_OBJ = 1;
/** An object with no references. @public */
export const TF_LEAF = 2;
/** A forwarding object. @public */
export const TF_FWD = 3;

/**
 * The format functions of the test format, over an arena's memory, as the
 * options of `arena.createFormat` take them.
 * @public
 */
export interface TestFormatOpts {
  /** `fmtAlign`: 8. */
  fmtAlign: number;
  /** `fmtHeaderSize`: 0 or 8. */
  fmtHeaderSize: number;
  /** Scan the objects in [base, limit) (client pointers). */
  fmtScan: (ss: ScanState, base: Addr, limit: Addr) => void;
  /** The client pointer of the next object. */
  fmtSkip: (p: Addr) => Addr;
  /** Forward the object at `old` to `nu`. */
  fmtFwd: (old: Addr, nu: Addr) => void;
  /** The new address if `p` is forwarded, else 0. */
  fmtIsfwd: (p: Addr) => Addr;
  /** Make a pad of `size` bytes at block `base` (not a client pointer). */
  fmtPad: (base: Addr, size: Size) => void;
}

/**
 * The test format's methods over `mem` (an arena's memory views: the
 * object keeps reading `mem.u32` so a view refreshed on growth is seen).
 * @public
 */
export function testFormat(mem: ArenaMemory, headerSize: 0 | 8 = 0): TestFormatOpts {
  const h = headerSize;
  return {
    fmtAlign: 8,
    fmtHeaderSize: h,
    fmtScan(ss: ScanState, base: Addr, limit: Addr): void {
      let p = base;
      while (p < limit) {
        const b = p - h;
        const w0 = mem.u32[b >>> 2]!;
        const size = w0 & ~7;
        if ((w0 & 7) === TF_OBJ) {
          const end = b + size;
          for (let q = b + 8; q < end; q += 4) {
            const ref = mem.u32[q >>> 2]!;
            if (ref !== 0 && ss.fix1(ref)) {
              // fix2 may copy, so allocate, so grow the memory: store through a fresh view.
              const nu = ss.fix2(ref);
              mem.u32[q >>> 2] = nu;
            }
          }
        }
        p += size;
      }
    },
    fmtSkip(p: Addr): Addr {
      return p + (mem.u32[(p - h) >>> 2]! & ~7);
    },
    fmtFwd(old: Addr, nu: Addr): void {
      const u32 = mem.u32;
      const b = (old - h) >>> 2;
      u32[b] = (u32[b]! & ~7) | TF_FWD;
      u32[b + 1] = nu;
    },
    fmtIsfwd(p: Addr): Addr {
      const u32 = mem.u32;
      const b = (p - h) >>> 2;
      return (u32[b]! & 7) === TF_FWD ? u32[b + 1]! : 0;
    },
    fmtPad(base: Addr, size: Size): void {
      // The pad method gets the base of the block, even in a format with headers (as in the MPS).
      mem.u32[base >>> 2] = size | TF_PAD;
    },
  };
}

/**
 * Initialise an object of the test format in the block at `base` (the
 * address `reserve` returned): `nslots` slots, all 0 (null references, or
 * zero data with `leaf`). Returns the client pointer. The block's size is
 * {@link testObjectSize}.
 * @public
 */
export function initTestObject(mem: ArenaMemory, base: Addr, headerSize: 0 | 8, id: number, nslots: number, leaf = false): Addr {
  const u32 = mem.u32;
  const size = testObjectSize(nslots);
  const b = base >>> 2;
  u32[b] = size | (leaf ? TF_LEAF : TF_OBJ);
  u32[b + 1] = id >>> 0;
  for (let i = 0; i < nslots; i++) u32[b + 2 + i] = 0;
  if (size > 8 + nslots * 4) u32[b + 2 + nslots] = 0; // the rounding word
  return base + headerSize;
}

/**
 * The block size of an object with `nslots` slots: two words and the
 * slots, rounded up to 8 (the header, when there is one, is the two words).
 * @public
 */
export function testObjectSize(nslots: number): Size {
  return (8 + nslots * 4 + 7) & ~7;
}

/** The type of the object at client pointer `p`. @public */
export function testObjectType(mem: ArenaMemory, p: Addr, headerSize: 0 | 8): number {
  return mem.u32[(p - headerSize) >>> 2]! & 7;
}

/** The id of the object at client pointer `p`. @public */
export function testObjectId(mem: ArenaMemory, p: Addr, headerSize: 0 | 8): number {
  return mem.u32[((p - headerSize) >>> 2) + 1]!;
}

/** The number of slots of the object at client pointer `p`. @public */
export function testObjectSlots(mem: ArenaMemory, p: Addr, headerSize: 0 | 8): number {
  return ((mem.u32[(p - headerSize) >>> 2]! & ~7) - 8) >>> 2;
}

/** The address of slot `i` of the object at client pointer `p`. @public */
export function testObjectSlotAddr(p: Addr, headerSize: 0 | 8, i: number): Addr {
  return p - headerSize + 8 + 4 * i;
}
