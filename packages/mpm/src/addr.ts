/**
 * Addresses, sizes and alignment.
 *
 * An address is a byte offset into the arena's buffer; 0 is null. References
 * stored in the heap are u32, so every address is below 2^32 and the helpers
 * here use 32-bit unsigned arithmetic (`>>> 0`). See docs/design/mpm.md `.addr`.
 * .critical: alignUp, alignDown, isAligned (inlined by V8 into callers).
 */

/**
 * An address: a byte offset into an arena's buffer, 0 being null.
 * @public
 */
export type Addr = number;

/**
 * A size in bytes.
 * @public
 */
export type Size = number;

/**
 * An alignment in bytes: a power of two.
 * @public
 */
export type Align = number;

/**
 * The size of a word, and of a reference stored in the heap, in bytes.
 * @public
 */
export const WORD_SIZE = 4;

/**
 * log2 of {@link WORD_SIZE}.
 * @public
 */
export const WORD_SHIFT = 2;

/**
 * The default alignment of objects (so that `f64` fields can be aligned).
 * @public
 */
export const ALIGN_DEFAULT = 8;

/**
 * The largest address plus one: addresses are u32.
 * @public
 */
export const ADDR_LIMIT = 2 ** 32;

/**
 * The null address.
 * @public
 */
export const NULL_ADDR = 0;

/**
 * Is `x` a power of two (and a positive safe integer)?
 * @public
 */
export function isPow2(x: number): boolean {
  return Number.isSafeInteger(x) && x > 0 && (x <= 0x40000000 ? (x & (x - 1)) === 0 : Number.isInteger(Math.log2(x)));
}

/**
 * log2 of a power of two.
 * @public
 */
export function log2(x: number): number {
  return 31 - Math.clz32(x);
}

/**
 * Is `x` a valid address or size: an integer in [0, 2^32]?
 * @public
 */
export function isAddr(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= ADDR_LIMIT;
}

/**
 * Is `x` a multiple of `align` (a power of two no greater than 2^31)?
 * @public
 */
export function isAligned(x: number, align: Align): boolean {
  return (x & (align - 1)) === 0;
}

/**
 * Round `x` up to a multiple of `align` (a power of two). `x + align` must stay below 2^32.
 * @public
 */
export function alignUp(x: number, align: Align): number {
  return ((x + align - 1) & -align) >>> 0;
}

/**
 * Round `x` down to a multiple of `align` (a power of two).
 * @public
 */
export function alignDown(x: number, align: Align): number {
  return (x & -align) >>> 0;
}

/**
 * `x` unchanged in value, but as the engine's small integer when it is an
 * integer below 2^30: for an address or size about to be stored in a field
 * that a fast path reads.
 *
 * @remarks
 * V8 gives each field of an object shape one representation. One boxed
 * number stored in a field that has held only small integers turns it into
 * a double field for every object of that shape for the rest of the process,
 * and every later load and store goes through a box. Integer arithmetic that
 * passes through a double (`2 ** k`, division, `Math.floor`) yields boxed
 * numbers in code that is not yet optimised, even for small values; so can a
 * client. See docs/design/speed-facts.md `.fact.smi-fields`. Values at or above
 * 2^30, and values that are not integers, are returned as they are.
 * @public
 */
export function smiOf(x: number): number {
  const i = x | 0;
  return i === x ? i : x;
}

/**
 * Format an address as the MPS's describe output does: `0x` and 8 hex digits
 * (`0x100000000` for 2^32, the limit of a range that reaches the top).
 * @public
 */
export function addrHex(a: Addr): string {
  return a === ADDR_LIMIT ? "0x100000000" : `0x${(a >>> 0).toString(16).padStart(8, "0")}`;
}
