/**
 * The telemetry entry points of `mps.h` (`mps_telemetry_*`), on the
 * program's default telemetry stream. See docs/design/mps.md `.telemetry`.
 */

import type { Addr } from "@mps/mpm";
import { defaultTelemetry } from "@mps/telemetry";

/**
 * `mps_telemetry_set`, `_reset`, `_get`, `_intern`, `_label`, `_flush` on the
 * default telemetry (its mask starts from `MPS_TELEMETRY_CONTROL`, its log
 * goes to `MPS_TELEMETRY_FILENAME`).
 * @public
 */
export const telemetry = Object.freeze({
  /** `mps_telemetry_set`: turn on the event kinds in `mask`. */
  set(mask: number): void {
    defaultTelemetry().set(mask);
  },
  /** `mps_telemetry_reset`: turn off the event kinds in `mask`. */
  reset(mask: number): void {
    defaultTelemetry().reset(mask);
  },
  /** `mps_telemetry_get`: the control mask. */
  get(): number {
    return defaultTelemetry().get();
  },
  /** `mps_telemetry_intern`: record a string in the log and return its id. */
  intern(s: string): number {
    return defaultTelemetry().intern(s);
  },
  /** `mps_telemetry_label`: attach an interned string to an address. */
  label(addr: Addr, id: number): void {
    defaultTelemetry().label(addr, id);
  },
  /** `mps_telemetry_flush`: write buffered events to the log. */
  flush(): void {
    defaultTelemetry().flush();
  },
});
