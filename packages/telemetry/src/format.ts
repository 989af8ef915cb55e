/**
 * The binary layout of a telemetry log: every record is a 12-byte header (code,
 * size, clock) followed by its parameters, little-endian, with no padding.
 * See docs/design/telemetry.md `.impl.format`.
 * .critical: none (constants; the generated emitters inline the offsets).
 */

import type { ParamSort, EventSpec } from "./events.js";

/**
 * Bytes in a record's header: the event code (u16), the record's size in bytes
 * (u16, header included), and the clock (u64) — the MPS's `EVENT_ANY_FIELDS`.
 * @public
 */
export const EVENT_HEADER_SIZE = 12;

/**
 * The longest string an event can carry, in bytes of UTF-8
 * (`EventStringLengthMAX`).
 * @public
 */
export const EVENT_STRING_MAX = 255;

/**
 * Bytes a parameter of each sort occupies. A string (`S`) takes one length
 * byte plus its UTF-8; the table gives the length byte only.
 * @public
 */
export const PARAM_SIZE: Readonly<Record<ParamSort, number>> = Object.freeze({ P: 4, A: 8, W: 8, U: 4, B: 1, D: 8, S: 1 });

/**
 * The size of a record of event `spec` without any string bytes: the header
 * plus every parameter (a string counts its length byte only). For an event
 * with no string parameter this is the exact record size.
 * @public
 */
export function eventFixedSize(spec: EventSpec): number {
  let n = EVENT_HEADER_SIZE;
  for (const p of spec.params) n += PARAM_SIZE[p[1]];
  return n;
}

/**
 * Whether event `spec` ends with a string parameter (and so has records of
 * varying size).
 * @public
 */
export function eventHasString(spec: EventSpec): boolean {
  const last = spec.params[spec.params.length - 1];
  return last !== undefined && last[1] === "S";
}
