/**
 * A decoded log with what every converter needs besides the events: times in
 * seconds from the first event, the interned strings, the labels of
 * addresses and structures, the class name of each pool and arena, and the
 * reason reading stopped early. See docs/design/telemetry-tools.md `.impl.log`.
 * .critical: none (logs are read off line; one pass over the events).
 */

import { readFileSync } from "node:fs";
import { paramError } from "@mps/mpm";
import { EVENT_VERSION_MAJOR, EVENT_VERSION_MEDIAN, readTelemetry, type TelemetryEvent, type TelemetryLogError } from "@mps/telemetry";

/**
 * A telemetry log read for the tools: the reader's events and error, with
 * the strings and labels gathered from its `User` events.
 * @public
 */
export interface ToolLog {
  /** Where the log came from (a file name), for messages. */
  readonly source: string;
  /** Its size in bytes. */
  readonly byteLength: number;
  /** The events read, in the order written. */
  readonly events: readonly TelemetryEvent[];
  /** Ticks of the writer's clock per second (from the log's header; 10^6 if it had none). */
  readonly clocksPerSec: number;
  /** The clock of the first event: times are measured from it. */
  readonly startClock: number;
  /** The version in the log's header, as `major.median.minor`, or `undefined`. */
  readonly version: string | undefined;
  /** Interned strings, by identifier (`Intern` events). */
  readonly strings: ReadonlyMap<number, string>;
  /** Labels of addresses: the identifier of their interned string (`Label` events, the latest wins). */
  readonly addressLabels: ReadonlyMap<number, number>;
  /** Labels of structures: the identifier of their interned string (`LabelPointer` events). */
  readonly pointerLabels: ReadonlyMap<number, number>;
  /** The class name of each pool and arena, by its identifier in the log (`PoolInit`, `ArenaCreateVM`, `ArenaCreateCL`). */
  readonly classNames: ReadonlyMap<number, string>;
  /** Records of unknown codes that were skipped. */
  readonly skipped: number;
  /**
   * Why reading stopped before the end of the log, or `undefined`. An empty
   * log is reported here too (kind `truncated`, offset 0): it holds no header.
   */
  readonly error: TelemetryLogError | undefined;
}

/**
 * Decode a log for the tools (`mpseventcnv`'s first step). Never throws: a
 * log cut short, foreign, of another version or corrupt gives the events
 * before the bad record and an `error` naming its byte offset.
 * @param bytes - the log.
 * @param source - a name for it in messages.
 * @public
 */
export function decodeLog(bytes: Uint8Array, source = "log"): ToolLog {
  if (!(bytes instanceof Uint8Array)) paramError(`decodeLog: bytes must be a Uint8Array, not ${typeof bytes}`);
  const raw = readTelemetry(bytes);
  const strings = new Map<number, string>();
  const addressLabels = new Map<number, number>();
  const pointerLabels = new Map<number, number>();
  const classNames = new Map<number, string>();
  for (const e of raw.events) {
    switch (e.name) {
      case "Intern":
        strings.set(e.params.stringId, e.params.string);
        break;
      case "Label":
        addressLabels.set(e.params.address, e.params.stringId);
        break;
      case "LabelPointer":
        pointerLabels.set(e.params.pointer, e.params.stringId);
        break;
      case "PoolInit": {
        const s = strings.get(e.params.poolClass);
        if (s !== undefined) classNames.set(e.params.pool, s);
        break;
      }
      case "ArenaCreateVM":
      case "ArenaCreateCL": {
        const s = strings.get(e.params.arenaClass);
        if (s !== undefined) classNames.set(e.params.arena, s);
        break;
      }
      default:
        break;
    }
  }
  let error = raw.error;
  if (bytes.length === 0) error = { kind: "truncated", offset: 0, message: "the log is empty: it has not even the EventInit header" };
  const v = raw.version;
  return {
    source,
    byteLength: bytes.length,
    events: raw.events,
    clocksPerSec: raw.clocksPerSec !== undefined && raw.clocksPerSec > 0 ? raw.clocksPerSec : 1e6,
    startClock: raw.events.length > 0 ? raw.events[0]!.clock : 0,
    version: v === undefined ? undefined : `${v.major}.${v.median}.${v.minor}`,
    strings,
    addressLabels,
    pointerLabels,
    classNames,
    skipped: raw.skipped,
    error,
  };
}

/**
 * Read and decode the log in file `path`. A file that cannot be read throws
 * the host's error (`ENOENT` and the like); a bad log does not throw: see
 * {@link decodeLog}.
 * @public
 */
export function readLogFile(path: string): ToolLog {
  if (typeof path !== "string" || path === "") paramError(`readLogFile: path must be a non-empty string, not ${JSON.stringify(path)}`);
  return decodeLog(readFileSync(path), path);
}

/**
 * The time of an event in seconds from the log's first event.
 * @public
 */
export function eventTime(log: ToolLog, e: TelemetryEvent): number {
  return (e.clock - log.startClock) / log.clocksPerSec;
}

/**
 * One sentence for a log's `error`: where reading stopped, why, and how
 * many events came before it; `undefined` if the log was read to its end.
 * @public
 */
export function logErrorMessage(log: ToolLog): string | undefined {
  const err = log.error;
  if (err === undefined) return undefined;
  const what = err.kind === "foreign" ? "not a telemetry log" : err.kind === "version"
    ? `a log of another format version (this tool reads ${EVENT_VERSION_MAJOR}.${EVENT_VERSION_MEDIAN}.x)`
    : err.kind === "truncated" ? "cut short" : "corrupt";
  return `${log.source}: ${what} at byte ${err.offset} of ${log.byteLength}: ${err.message}; the ${log.events.length} event(s) before it were converted`;
}

/**
 * The label of a structure identifier or an address, if the log gave one:
 * a `LabelPointer` or `Label` string, else a pool's or arena's class name.
 * @public
 */
export function labelOf(log: ToolLog, sort: "P" | "A", value: number): string | undefined {
  if (sort === "A") {
    const id = log.addressLabels.get(value);
    return id === undefined ? undefined : log.strings.get(id);
  }
  const id = log.pointerLabels.get(value);
  if (id !== undefined) return log.strings.get(id);
  return log.classNames.get(value);
}

/**
 * Progress of a long conversion: called with the events done and the total
 * (at most about a hundred times per conversion).
 * @public
 */
export type Progress = (done: number, total: number) => void;

/**
 * How often a converter of `total` events reports progress: every this many
 * events (about 1% of them, at least 10 000).
 * @internal
 */
export function progressStep(total: number): number {
  return Math.max(10_000, Math.ceil(total / 100));
}
