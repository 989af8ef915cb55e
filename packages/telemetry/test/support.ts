// Shared helpers of the telemetry tests: arbitrary parameter values of every
// sort, a dynamic call of an event's writer, and the events of a log without
// the writer's own records (headers and clock syncs).
import fc from "fast-check";
import * as emit from "../src/emit.js";
import { EVENT_LIST, type EventDef, type EventName, type ParamSort, type Telemetry, type TelemetryEvent } from "../src/index.js";

export type Value = number | boolean | string;

const u32 = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([h, l]) => h * 0x10000 + l);
const encoder = new TextEncoder();

/** Values of each sort that the writer must carry exactly. */
export const arbSort: Record<ParamSort, fc.Arbitrary<Value>> = {
  P: u32,
  U: u32,
  A: fc.oneof(u32, fc.constant(2 ** 32), fc.constant(0)),
  W: fc.oneof(fc.maxSafeNat(), u32, fc.constant(Number.MAX_SAFE_INTEGER)),
  B: fc.boolean(),
  D: fc.oneof(fc.double(), fc.constant(-0), fc.constant(Number.NaN)),
  S: fc.string({ maxLength: 80, unit: "grapheme" }).filter((s) => encoder.encode(s).length <= 255),
};

/** Arguments for `def`'s writer, in the table's order. */
export function arbArgs(def: EventDef): fc.Arbitrary<Value[]> {
  return fc.tuple(...def.params.map(([, sort]) => arbSort[sort])) as fc.Arbitrary<Value[]>;
}

/** One event of any type with its arguments. */
export const arbEvent: fc.Arbitrary<{ def: EventDef; args: Value[] }> = fc
  .constantFrom(...EVENT_LIST)
  .chain((def) => arbArgs(def).map((args) => ({ def, args })));

/** Call the writer of `name` with `args`. */
export function write(tel: Telemetry, name: EventName, args: readonly Value[]): void {
  const fn = (emit as unknown as Record<string, (tel: Telemetry, ...a: Value[]) => void>)[`event${name}`];
  if (fn === undefined) throw new Error(`no writer for ${name}`);
  fn(tel, ...args);
}

/** The parameters of `def` as the reader should return them for `args`. */
export function expectedParams(def: EventDef, args: readonly Value[]): Record<string, Value> {
  return Object.fromEntries(def.params.map(([name], i) => [name, args[i]!]));
}

/** The events of a log, without the headers and clock syncs the writer adds. */
export function clientEvents(events: readonly TelemetryEvent[]): TelemetryEvent[] {
  return events.filter((e) => e.name !== "EventInit" && e.name !== "EventClockSync");
}

/** Compare parameter objects, treating NaN as equal to NaN and -0 as distinct from 0. */
export function sameParams(a: Record<string, Value>, b: Record<string, Value>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is(a[k], b[k]));
}
