/**
 * The `text` and `json` converters (`mpseventtxt`): one event a line, with
 * times in seconds from the start, class names, labels and interned strings
 * resolved; or one JSON object a line.
 * See docs/design/telemetry-tools.md `.if.text`, `.if.json`.
 * .critical: none (off line; one pass, one line per event).
 */

import { paramError } from "@mps/mpm";
import { EVENT_NAME_MAX, eventByCode, type TelemetryEvent } from "@mps/telemetry";
import { eventTime, labelOf, progressStep, type Progress, type ToolLog } from "./log.js";

/** Parameters that hold the identifier of an interned string rather than a structure. */
const STRING_ID_PARAMS: ReadonlySet<string> = new Set(["poolClass", "arenaClass", "stringId"]);

/**
 * `P` parameters that are not structure identifiers, so have no label: a tract's
 * index, and a generation's serial number (which `TraceEndGen` and
 * `TraceCreatePoolGen` carry).
 */
const NOT_STRUCTURE_PARAMS: ReadonlySet<string> = new Set(["baseTract", "gen"]);

function hex8(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
}

/**
 * One line of text for event `e` of `log`: its time in seconds (to the
 * microsecond), its name, then each parameter as `name:value`, with
 * addresses in hexadecimal, interned-string identifiers followed by their
 * string, and structures and addresses followed by their label in brackets
 * when the log gave one (a tract's index and a generation's serial number,
 * though of sort `P`, are not structures and have none).
 * @public
 */
export function eventText(log: ToolLog, e: TelemetryEvent): string {
  const def = eventByCode(e.code);
  const values = e.params as Record<string, number | boolean | string>;
  const parts: string[] = [];
  for (const [name, sort] of def?.params ?? []) {
    const x = values[name];
    let s: string;
    if (sort === "S") s = JSON.stringify(x);
    else if (sort === "B") s = x ? "true" : "false";
    else if (sort === "A") {
      s = hex8(x as number);
      const l = labelOf(log, "A", x as number);
      if (l !== undefined) s += `[${JSON.stringify(l)}]`;
    } else if (STRING_ID_PARAMS.has(name)) {
      const str = log.strings.get(x as number);
      s = str === undefined ? String(x) : `${String(x)}=${JSON.stringify(str)}`;
    } else if (sort === "P" && !NOT_STRUCTURE_PARAMS.has(name)) {
      s = String(x);
      const l = labelOf(log, "P", x as number);
      if (l !== undefined) s += `[${l}]`;
    } else s = String(x);
    parts.push(`${name}:${s}`);
  }
  return `${eventTime(log, e).toFixed(6).padStart(12)} ${e.name.padEnd(EVENT_NAME_MAX)} ${parts.join(" ")}`.trimEnd();
}

/**
 * The JSON form of event `e` of `log`: an object with `t` (seconds from the
 * start), `clock`, `offset`, `name`, `code`, `kind` and `params`, plus `labels` (the
 * label of each parameter that has one, by parameter name) when there are
 * any. Every value is a JSON number, boolean or string.
 * @public
 */
export function eventJson(log: ToolLog, e: TelemetryEvent): Record<string, unknown> {
  const def = eventByCode(e.code);
  const values = e.params as Record<string, number | boolean | string>;
  const labels: Record<string, string> = {};
  let any = false;
  for (const [name, sort] of def?.params ?? []) {
    const x = values[name];
    let l: string | undefined;
    if (STRING_ID_PARAMS.has(name)) l = log.strings.get(x as number);
    else if ((sort === "P" && !NOT_STRUCTURE_PARAMS.has(name)) || sort === "A") l = labelOf(log, sort, x as number);
    if (l !== undefined) {
      labels[name] = l;
      any = true;
    }
  }
  const out: Record<string, unknown> = { t: eventTime(log, e), clock: e.clock, offset: e.offset, name: e.name, code: e.code, kind: e.kind, params: { ...values } };
  if (any) out["labels"] = labels;
  return out;
}

/**
 * Options of the line converters.
 * @public
 */
export interface LineOpts {
  /** Called now and then with the events done and the total. */
  progress?: Progress;
}

function eachLine(log: ToolLog, line: (e: TelemetryEvent) => string, write: (s: string) => void, opts: LineOpts, what: string): number {
  if (typeof write !== "function") paramError(`${what}: write must be a function`);
  const events = log.events;
  const step = progressStep(events.length);
  const progress = opts.progress;
  let chunk = "";
  for (let i = 0; i < events.length; i++) {
    chunk += line(events[i]!) + "\n";
    // Write in pieces of about 64 KiB: a line per call is slow on streams.
    if (chunk.length > 65536) {
      write(chunk);
      chunk = "";
    }
    if (progress !== undefined && (i + 1) % step === 0) progress(i + 1, events.length);
  }
  if (chunk !== "") write(chunk);
  if (progress !== undefined) progress(events.length, events.length);
  return events.length;
}

/**
 * Write every event of `log` as a line of text ({@link eventText}) to
 * `write`; returns the number of lines.
 * @public
 */
export function writeText(log: ToolLog, write: (s: string) => void, opts: LineOpts = {}): number {
  return eachLine(log, (e) => eventText(log, e), write, opts, "writeText");
}

/**
 * Write every event of `log` as a line of JSON ({@link eventJson}) to
 * `write`; returns the number of lines.
 * @public
 */
export function writeJsonLines(log: ToolLog, write: (s: string) => void, opts: LineOpts = {}): number {
  return eachLine(log, (e) => JSON.stringify(eventJson(log, e)), write, opts, "writeJsonLines");
}
