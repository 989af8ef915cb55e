/**
 * The reader: decode a telemetry log back into event objects, with the types
 * the event table gives them, and report a log that is cut short, corrupt or
 * not a telemetry log at all by the offset where reading stopped, keeping the
 * events before it. Also a one-line text form of an event (`mpseventtxt`).
 * See docs/design/telemetry.md `.if.read`.
 * .critical: none (logs are read off line).
 */

import { EVENT_NAME_MAX, EVENT_VERSION_MAJOR, EVENT_VERSION_MEDIAN, EVENTS, eventByCode, type EventDef, type EventName, type EventParams } from "./events.js";
import { EVENT_HEADER_SIZE, PARAM_SIZE, eventFixedSize, eventHasString } from "./format.js";
import type { EventKind } from "./kinds.js";

/**
 * One decoded event of type `N`.
 * @public
 */
export interface EventOf<N extends EventName> {
  /** The event type's name. */
  readonly name: N;
  /** Its code. */
  readonly code: number;
  /** Its kind. */
  readonly kind: EventKind;
  /** When it happened, in ticks of the writer's plinth clock. */
  readonly clock: number;
  /** The offset of its record in the log, in bytes. */
  readonly offset: number;
  /** Its parameters, by name. */
  readonly params: EventParams<N>;
}

/**
 * A decoded event of any type; narrow it by `name`:
 * `if (e.name === "ArenaAlloc") e.params.base`.
 * @public
 */
export type TelemetryEvent = { [N in EventName]: EventOf<N> }[EventName];

/**
 * Why reading a log stopped early.
 *
 * - `truncated`: the log ends in the middle of a record (the program died
 *   before it finished writing, or the file was cut).
 * - `foreign`: the log does not begin with an `EventInit` header of ours: it
 *   is not a telemetry log.
 * - `version`: a header has a major or median version this reader does not
 *   understand.
 * - `corrupt`: a record's size does not fit its event type.
 * @public
 */
export type TelemetryLogErrorKind = "truncated" | "foreign" | "version" | "corrupt";

/**
 * Where and why reading a log stopped.
 * @public
 */
export interface TelemetryLogError {
  /** What went wrong. */
  readonly kind: TelemetryLogErrorKind;
  /** The offset, in bytes, of the record that could not be read. */
  readonly offset: number;
  /** A sentence saying what was found there. */
  readonly message: string;
}

/**
 * A decoded log.
 * @public
 */
export interface TelemetryLog {
  /** The events read, in the order they were written, headers and clock syncs included. */
  readonly events: TelemetryEvent[];
  /** The version in the log's first header, if it was read. */
  readonly version: { readonly major: number; readonly median: number; readonly minor: number } | undefined;
  /** The clock rate in the log's first header, if it was read. */
  readonly clocksPerSec: number | undefined;
  /** Records of codes this reader does not know, skipped by their size (a newer writer's events). */
  readonly skipped: number;
  /** Why reading stopped before the end, or `undefined` if the whole log was read. */
  readonly error: TelemetryLogError | undefined;
}

/** The host's UTF-8 decoder (every JavaScript host has one; the library types here do not). */
const decoder = new (globalThis as unknown as { TextDecoder: new (label: string) => { decode(b: Uint8Array): string } }).TextDecoder("utf-8");
const INIT_CODE = EVENTS.EventInit.code;
const INIT_SIZE = eventFixedSize(EVENTS.EventInit);
const TWO_32 = 4294967296;

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * TWO_32;
}

function decodeParams(def: EventDef, v: DataView, bytes: Uint8Array, at: number): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const [name, sort] of def.params) {
    switch (sort) {
      case "P":
      case "U":
        out[name] = v.getUint32(at, true);
        break;
      case "A":
      case "W":
        out[name] = u64(v, at);
        break;
      case "B":
        out[name] = v.getUint8(at) !== 0;
        break;
      case "D":
        out[name] = v.getFloat64(at, true);
        break;
      case "S": {
        const n = v.getUint8(at);
        out[name] = decoder.decode(bytes.subarray(at + 1, at + 1 + n));
        at += n;
        break;
      }
    }
    at += PARAM_SIZE[sort];
  }
  return out;
}

/**
 * Decode a telemetry log (`mpseventcnv`).
 *
 * @remarks
 * A log is a sequence of records, each opened by a header (code, size,
 * clock); the first must be an `EventInit` header whose major and median
 * versions this reader knows. A record of an unknown code is skipped by its
 * size and counted in `skipped`. Reading stops at the first record that is cut
 * short, has a size that does not fit its type, or has an unknown version; the
 * result then has the events before it and an `error` with its offset. An empty
 * log has no events and no error. Never throws.
 * @param bytes - the log, as written to the telemetry stream.
 * @public
 */
export function readTelemetry(bytes: Uint8Array): TelemetryLog {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: TelemetryEvent[] = [];
  let version: TelemetryLog["version"];
  let clocksPerSec: number | undefined;
  let skipped = 0;
  let error: TelemetryLogError | undefined;
  const stop = (kind: TelemetryLogErrorKind, offset: number, message: string) => {
    error = { kind, offset, message };
  };
  let at = 0;
  while (at < bytes.length && error === undefined) {
    const left = bytes.length - at;
    if (at === 0 && left >= 2 && v.getUint16(0, true) !== INIT_CODE) {
      stop("foreign", 0, `the log does not begin with an EventInit header (code 0x${v.getUint16(0, true).toString(16)} found)`);
      break;
    }
    if (left < EVENT_HEADER_SIZE) {
      stop("truncated", at, `the log ends ${left} bytes into a record header of ${EVENT_HEADER_SIZE}`);
      break;
    }
    const code = v.getUint16(at, true);
    const size = v.getUint16(at + 2, true);
    if (size < EVENT_HEADER_SIZE) {
      stop(at === 0 ? "foreign" : "corrupt", at, `a record of code 0x${code.toString(16)} claims a size of ${size} bytes, less than its header`);
      break;
    }
    const def = eventByCode(code);
    if (at === 0 && size !== INIT_SIZE) {
      stop("foreign", 0, `the first record has the EventInit code but a size of ${size} bytes, not ${INIT_SIZE}`);
      break;
    }
    if (size > left) {
      stop("truncated", at, `the log ends ${left} bytes into a record of ${size} bytes${def ? ` (${def.name})` : ""}`);
      break;
    }
    if (def === undefined) {
      skipped++;
      at += size;
      continue;
    }
    const fixed = eventFixedSize(def);
    const fits = eventHasString(def) ? size >= fixed && v.getUint8(at + fixed - 1) === size - fixed : size === fixed;
    if (!fits) {
      stop("corrupt", at, `a ${def.name} record has a size of ${size} bytes, which does not fit its parameters`);
      break;
    }
    const params = decodeParams(def, v, bytes, at + EVENT_HEADER_SIZE);
    if (code === INIT_CODE) {
      const { major, median, minor } = params as { major: number; median: number; minor: number };
      if (major !== EVENT_VERSION_MAJOR || median !== EVENT_VERSION_MEDIAN) {
        stop("version", at, `the log's version is ${major}.${median}.${minor}; this reader reads ${EVENT_VERSION_MAJOR}.${EVENT_VERSION_MEDIAN}.x`);
        break;
      }
      if (version === undefined) {
        version = { major, median, minor };
        clocksPerSec = params["clocksPerSec"] as number;
      }
    }
    events.push({ name: def.name, code, kind: def.kind, clock: u64(v, at + 4), offset: at, params } as unknown as TelemetryEvent);
    at += size;
  }
  return { events, version, clocksPerSec, skipped, error };
}

function hex(n: number, digits: number): string {
  return n.toString(16).toUpperCase().padStart(digits, "0");
}

/**
 * One line of text for `event`, as `mpseventtxt` prints it: the clock in 16
 * hexadecimal digits, the code, the name, then each parameter as
 * `name:value` (addresses in hexadecimal, booleans as True or False, strings
 * quoted).
 * @public
 */
export function formatEvent(event: TelemetryEvent): string {
  const def = eventByCode(event.code);
  const values = event.params as Record<string, number | boolean | string>;
  const parts = (def?.params ?? []).map(([name, sort]) => {
    const x = values[name];
    if (sort === "A") return `${name}:0x${hex(x as number, 8)}`;
    if (sort === "B") return `${name}:${x ? "True" : "False"}`;
    if (sort === "S") return `${name}:${JSON.stringify(x)}`;
    return `${name}:${String(x)}`;
  });
  return `${hex(event.clock, 16)} ${hex(event.code, 4)} ${event.name.padEnd(EVENT_NAME_MAX)} ${parts.join(" ")}`.trimEnd();
}
