/**
 * Pause times from the telemetry: a stream that keeps the log in memory, and
 * the intervals between `ArenaPollBegin`/`End` and `ArenaAccessBegin`/`End`
 * (docs/design/trace.md `.telemetry`), outermost pairs only, as seconds.
 * See docs/design/bench-gcbench.md `.impl.pauses`.
 * .critical: none (logs are read after the run).
 */

import { readTelemetry, Telemetry } from "@mps/telemetry";

/**
 * A telemetry stream that keeps what is written in memory.
 * @public
 */
export class CaptureStream {
  /** `"memory"`. */
  readonly name = "memory";
  /** Whether it is open. */
  isOpen = false;
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  /** Open it. */
  open(): void {
    this.isOpen = true;
  }
  /** Keep a copy of `bytes`. */
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
    this.length += bytes.length;
  }
  /** Nothing to do. */
  flush(): void {}
  /** Close it (what was written stays). */
  close(): void {
    this.isOpen = false;
  }
  /** Everything written, in one array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * A clock: units and their rate (what the arena's `plinth` option and the
 * telemetry's plinth provide).
 * @public
 */
export interface BenchClock {
  /** The time now, in units of `clocksPerSec()`. */
  clock(): number;
  /** Units per second. */
  clocksPerSec(): number;
}

/**
 * The process's CPU time in microseconds (user and system), as the C MPS's
 * ANSI plinth reads `clock()`: on a loaded machine it does not count the
 * time other processes hold the processor.
 * @public
 */
export const CPU_CLOCK: BenchClock = Object.freeze({
  clock(): number {
    const u = process.cpuUsage();
    return u.user + u.system;
  },
  clocksPerSec(): number {
    return 1_000_000;
  },
});

/**
 * Which clock an arena and its telemetry use: `cpu` ({@link CPU_CLOCK}) or
 * `wall` (the plinth's default, `performance.now()`).
 * @public
 */
export type ClockName = "cpu" | "wall";

type TelemetryPlinth = NonNullable<NonNullable<ConstructorParameters<typeof Telemetry>[0]>["plinth"]>;

/**
 * A telemetry that writes the arena's events (the `arena` kind: polls,
 * barrier hits, allocation of grains) to a {@link CaptureStream}, stamped by
 * `clock` (the default plinth's wall clock when omitted).
 * @public
 */
export function pauseTelemetry(clock?: BenchClock, control = "arena"): { telemetry: Telemetry; stream: CaptureStream } {
  const stream = new CaptureStream();
  const opts: ConstructorParameters<typeof Telemetry>[0] = { stream, control, bufferSize: 1 << 20 };
  if (clock !== undefined) {
    // The telemetry reads only the clock from its plinth when given a stream and a control mask.
    opts.plinth = { name: "cpu clock", clock: clock.clock, clocksPerSec: clock.clocksPerSec, getEnv: () => undefined } as unknown as TelemetryPlinth;
  }
  return { telemetry: new Telemetry(opts), stream };
}

/**
 * The pauses in a log, in seconds: each outermost poll that did work, and
 * each outermost barrier hit (with the work done inside it). Throws if the
 * log is unreadable.
 * @public
 */
export function pausesOf(bytes: Uint8Array): Float64Array {
  const log = readTelemetry(bytes);
  if (log.error !== undefined) throw new Error(`pausesOf: ${log.error.message}`);
  const perSec = log.clocksPerSec ?? 1e6;
  const out: number[] = [];
  let depth = 0;
  let begin = 0;
  for (const e of log.events) {
    switch (e.name) {
      case "ArenaPollBegin":
      case "ArenaAccessBegin":
        if (depth++ === 0) begin = e.clock;
        break;
      case "ArenaPollEnd":
      case "ArenaAccessEnd":
        if (depth === 0) throw new Error(`pausesOf: ${e.name} without a begin at offset ${e.offset}`);
        if (--depth === 0) out.push((e.clock - begin) / perSec);
        break;
      default:
        break;
    }
  }
  return Float64Array.from(out);
}

/**
 * Summary figures of a set of pauses (seconds).
 * @public
 */
export interface PauseStats {
  /** How many pauses. */
  count: number;
  /** Their total. */
  total: number;
  /** The median (0 with no pauses). */
  median: number;
  /** The 99th percentile (nearest rank). */
  p99: number;
  /** The longest. */
  max: number;
}

/**
 * The count, total, median, 99th percentile (nearest rank) and maximum.
 * @public
 */
export function pauseStats(pauses: Float64Array): PauseStats {
  const s = Float64Array.from(pauses).sort();
  const n = s.length;
  if (n === 0) return { count: 0, total: 0, median: 0, p99: 0, max: 0 };
  let total = 0;
  for (const x of s) total += x;
  const rank = (q: number): number => s[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  return { count: n, total, median: rank(0.5), p99: rank(0.99), max: s[n - 1]! };
}
