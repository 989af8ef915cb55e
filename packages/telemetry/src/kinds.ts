/**
 * Event kinds (categories) and the control mask: each kind is one bit of the
 * mask, so a client turns groups of events on and off (design.mps.telemetry
 * `.control`, `eventcom.h`'s `EventKindENUM`); and the parser of
 * `MPS_TELEMETRY_CONTROL`. See docs/design/telemetry.md `.if.kinds`.
 * .critical: none (the mask bits are constants that call sites test inline).
 */

/**
 * The kinds of event, in bit order: `Arena` is bit 0, `User` bit 6.
 * @public
 */
export type EventKind = "Arena" | "Pool" | "Trace" | "Seg" | "Ref" | "Object" | "User";

/**
 * Every kind, in bit order, with what it covers. The index of a kind in this
 * list is its bit number in the control mask.
 * @public
 */
export const EVENT_KINDS: readonly { readonly name: EventKind; readonly doc: string }[] = Object.freeze([
  { name: "Arena", doc: "per arena: creation, growth, limits, the collector's polling" },
  { name: "Pool", doc: "per pool: creation and destruction of pools, buffers and lands" },
  { name: "Trace", doc: "per trace: the phases of a collection and its statistics" },
  { name: "Seg", doc: "per segment: segments made, freed, split, merged, scanned and reclaimed" },
  { name: "Ref", doc: "per reference: each fix, the most frequent events of all" },
  { name: "Object", doc: "per object: each allocation and free" },
  { name: "User", doc: "asked for by the client: interned strings and labels" },
] as const);

/** Mask bit of the `Arena` kind. @public */
export const EVENT_KIND_ARENA = 0x01;
/** Mask bit of the `Pool` kind. @public */
export const EVENT_KIND_POOL = 0x02;
/** Mask bit of the `Trace` kind. @public */
export const EVENT_KIND_TRACE = 0x04;
/** Mask bit of the `Seg` kind. @public */
export const EVENT_KIND_SEG = 0x08;
/** Mask bit of the `Ref` kind. @public */
export const EVENT_KIND_REF = 0x10;
/** Mask bit of the `Object` kind. @public */
export const EVENT_KIND_OBJECT = 0x20;
/** Mask bit of the `User` kind. @public */
export const EVENT_KIND_USER = 0x40;
/**
 * Every kind's bit: the mask that `MPS_TELEMETRY_CONTROL=all` gives.
 * @public
 */
export const EVENT_KIND_ALL = 0x7f;

/**
 * The mask bit of `kind`.
 * @public
 */
export function eventKindBit(kind: EventKind): number {
  return 1 << EVENT_KINDS.findIndex((k) => k.name === kind);
}

/**
 * The names of the kinds whose bits are set in `mask`, in bit order.
 * @public
 */
export function eventKindNames(mask: number): EventKind[] {
  return EVENT_KINDS.filter((_, i) => (mask & (1 << i)) !== 0).map((k) => k.name);
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * Interpret a value of `MPS_TELEMETRY_CONTROL` as a control mask, as the ANSI
 * plinth's `mps_lib_telemetry_control` does.
 *
 * @remarks
 * If the value starts with a number (decimal, `0x` hexadecimal or `0` octal,
 * after optional blanks and sign, as C's `strtoul` reads it) that is not zero,
 * that number is the mask. Otherwise the value is split into words at blanks
 * and commas, and each word that names a kind (in any case: `pool`, `Pool`,
 * `POOL`) sets its bit; the word `all` sets every bit. Other words are
 * ignored. `undefined` and the empty string give 0. Only the bits of the seven
 * kinds are kept (`& EVENT_KIND_ALL`), so `-1` and `0xffffffff` mean all.
 * @public
 */
export function parseTelemetryControl(value: string | undefined): number {
  if (value === undefined) return 0;
  const num = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|[1-9][0-9]*|0[0-7]*)/.exec(value);
  if (num) {
    const digits = num[2]!;
    // strtoul: hexadecimal, octal or decimal; a value too large saturates; a
    // minus sign negates modulo 2^64. Only the low bits matter here.
    let n = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 ? (digits[0] === "0" ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits)) : BigInt(digits);
    if (n > ULONG_MAX) n = ULONG_MAX;
    if (num[1] === "-") n = -n;
    const mask = Number(BigInt.asUintN(32, n));
    if (mask !== 0) return mask & EVENT_KIND_ALL;
  }
  let mask = 0;
  for (const word of value.split(/[\s,]+/)) {
    if (word === "") continue;
    const w = word.toLowerCase();
    if (w === "all") return EVENT_KIND_ALL;
    const i = EVENT_KINDS.findIndex((k) => k.name.toLowerCase() === w);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}
