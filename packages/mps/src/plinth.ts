/**
 * The plinth as `mps.h` offers it (`mps_clock`, `mps_clocks_per_sec`,
 * `mps_lib_assert_fail_install`, `mps_io_*`), on the program's default
 * plinth. See docs/design/mps.md `.plinth`.
 */

import type { AssertionHandler } from "@mps/mpm";
import { type IOStream, defaultPlinth } from "@mps/plinth";

/**
 * The plinth: `plinth.clock()`, `plinth.clocksPerSec()`,
 * `plinth.installAssertFail(handler)` and `plinth.io`, the stream telemetry
 * is written to.
 * @public
 */
export const plinth: {
  /** `mps_clock`: the time in ticks, a non-decreasing integer. */
  readonly clock: () => number;
  /** `mps_clocks_per_sec`: ticks per second. */
  readonly clocksPerSec: () => number;
  /** `mps_lib_assert_fail_install`: install an assertion handler, returning the old one. */
  readonly installAssertFail: (handler: AssertionHandler) => AssertionHandler;
  /** `mps_io_*`: the default plinth's I/O stream (a file in Node, memory elsewhere). */
  readonly io: IOStream;
} = Object.freeze({
  clock: (): number => defaultPlinth().clock(),
  clocksPerSec: (): number => defaultPlinth().clocksPerSec(),
  installAssertFail: (handler: AssertionHandler): AssertionHandler => defaultPlinth().installAssertFail(handler),
  get io(): IOStream {
    return defaultPlinth().io;
  },
});
