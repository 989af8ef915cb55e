/**
 * The plinth's clock (`mps_clock`, `mps_clocks_per_sec`): a monotonic count of
 * microseconds since the program started, from the host's high-resolution timer.
 * See docs/design/plinth.md `.if.clock`, `.impl.clock.unit`.
 * .critical: clock (called once per telemetry event when telemetry is on).
 */

/** Where the microseconds come from: `performance.now()`, or a clamped `Date.now()`. */
type MillisecondSource = () => number;

function chooseSource(): MillisecondSource {
  const perf = (globalThis as { performance?: { now?: () => number } }).performance;
  if (perf !== undefined && typeof perf.now === "function") {
    const now = perf.now.bind(perf);
    return now;
  }
  // No high-resolution timer: wall-clock milliseconds, clamped so that they never
  // go backwards when the system clock is set back (.req.clock.monotonic).
  let last = 0;
  return () => {
    const t = Date.now();
    if (t > last) last = t;
    return last;
  };
}

const milliseconds: MillisecondSource = chooseSource();

/**
 * Clock ticks per second: the clock counts microseconds.
 * @public
 */
export const CLOCKS_PER_SEC = 1_000_000;

/**
 * The time since the program started, in ticks of {@link CLOCKS_PER_SEC} per
 * second (microseconds): `mps_clock`.
 *
 * @remarks
 * The result is always a non-negative integer (exact in a double for 285 years)
 * and never smaller than the result of an earlier call. Two calls within the same
 * microsecond return the same value. It reads `performance.now()` (Node,
 * browsers, Deno and Bun all have it) and falls back on `Date.now()` where there
 * is no `performance`, at millisecond resolution.
 *
 * Cost: one call of the host timer, about 75 ns on Node 20. The arena calls it
 * for scheduling decisions and the telemetry once per event it writes.
 * @public
 */
export function clock(): number {
  return Math.floor(milliseconds() * 1000);
}

/**
 * The number of {@link clock} ticks in a second, {@link CLOCKS_PER_SEC}:
 * `mps_clocks_per_sec`.
 * @public
 */
export function clocksPerSec(): number {
  return CLOCKS_PER_SEC;
}
