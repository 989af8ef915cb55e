/**
 * The interpreter's values: 32-bit words that are either immediates (small
 * integers, characters, the constants) or addresses of objects in the heap,
 * and the layout of each object type. See docs/design/example-scheme.md
 * `.impl.values` and `.impl.layout`.
 * .critical: isRef, fix/unfix, the type tags (read on every evaluation step).
 */

/** The empty list. Immediates have a non-zero low two bits, so no scanner takes them for references. */
export const NIL = 2;
/** `#f`. */
export const FALSE = 6;
/** `#t`. */
export const TRUE = 10;
/** The value of forms whose value is unspecified. */
export const UNSPEC = 14;
/** The end-of-file object. */
export const EOF = 18;
/** The value of a variable bound but not yet assigned (letrec, internal defines). */
export const UNDEF = 22;
/** A deleted key in a hash table's buckets (an empty one is 0). */
export const DELETED = 26;
/** The low byte of a character: the code point is in the upper 24 bits. */
export const CHAR_TAG = 0x1e;

/** Whether `w` is a reference to a heap object (8-aligned and not 0). */
export function isRef(w: number): boolean {
  return (w & 7) === 0 && w !== 0;
}
/** Whether `w` is a small integer: low bit 1, the value in the other 31 bits. */
export function isFix(w: number): boolean {
  return (w & 1) === 1;
}
/** The smallest and largest small integers. */
export const FIX_MIN = -(2 ** 30);
/** The largest small integer. */
export const FIX_MAX = 2 ** 30 - 1;
/** The word of the small integer `n` (which must be in range). */
export function fix(n: number): number {
  return ((n << 1) | 1) >>> 0;
}
/** The integer a small-integer word holds. */
export function unfix(w: number): number {
  return (w | 0) >> 1;
}
/** The word of a character. */
export function mkChar(code: number): number {
  return ((code << 8) | CHAR_TAG) >>> 0;
}
/** Whether `w` is a character. */
export function isChar(w: number): boolean {
  return (w & 0xff) === CHAR_TAG;
}
/** The code point of a character word. */
export function charCode(w: number): number {
  return w >>> 8;
}

// Object types: the first word of every object. Sizes are multiples of 8
// and at least 16, so that a forwarding object (type, new address, size)
// fits in any of them.
/** A pair: type, car, cdr, 0. */
export const T_PAIR = 0x51;
/** A symbol: type, name (a string), 0, special form number (a plain integer). */
export const T_SYMBOL = 0x52;
/** A float: type, 0, then an IEEE double. Leaf. */
export const T_FLOAT = 0x53;
/** A string: type, length, then UTF-16 code units. Leaf. */
export const T_STRING = 0x54;
/** A vector: type, length, then the elements. */
export const T_VECTOR = 0x55;
/** A closure: type, parameters, body, environment, name, 0. */
export const T_CLOSURE = 0x56;
/** A primitive: type, name (a symbol), index in the primitive table, 0. */
export const T_PRIM = 0x57;
/** A port: type, name (a string), number in the port table, 0. */
export const T_PORT = 0x58;
/** A hash table: type, kind, count, buckets (the keys of a weak table), location dependency number, weak flag, values of a weak table, deleted count. */
export const T_TABLE = 0x59;
/** Buckets: type, number of buckets n, then n key-value pairs (key 0 is empty). */
export const T_BUCKETS = 0x5a;
/** An environment frame: type, number of values n, parent frame, names, then n values. */
export const T_FRAME = 0x5b;
/** Half of a weak table, in AWL: type, n, dependent (the other half), count, deleted count, 0, then n keys or n values. */
export const T_WBUCKETS = 0x5e;
/** A forwarded object: type, new address, size. */
export const T_FWD = 0x5c;
/** Padding: type, size. */
export const T_PAD = 0x5d;

/** Hash table kinds (the `kind` word of a table). */
export const TABLE_EQ = 0;
/** `eqv?` table. */
export const TABLE_EQV = 1;
/** `equal?` table. */
export const TABLE_EQUAL = 2;

/** The size in bytes of a string of `n` code units. */
export function stringSize(n: number): number {
  return Math.max(16, (8 + 2 * n + 7) & ~7);
}
/** The size in bytes of a vector of `n` elements. */
export function vectorSize(n: number): number {
  return Math.max(16, (8 + 4 * n + 7) & ~7);
}
/** The size in bytes of buckets for `n` entries. */
export function bucketsSize(n: number): number {
  return 8 + 8 * n;
}
/** The size in bytes of half a weak table of `n` entries. */
export function wbucketsSize(n: number): number {
  return (24 + 4 * n + 7) & ~7;
}
/** The size in bytes of a frame of `n` values. */
export function frameSize(n: number): number {
  return (16 + 4 * n + 7) & ~7;
}
