/**
 * The trivial collector: what an arena does until a tracer is installed,
 * which is what the MPS does with no automatic pools — there is nothing to
 * collect (design.mps.collection). See docs/design/arena.md `.collector`.
 * .critical: none.
 */

import { type Addr, type AccessMode, type Collector, type WriteStream, assertFail, describeLine } from "@mps/mpm";

/**
 * The collector of an arena that has none installed: `collect`, `park` and
 * friends return at once, `step` reports that no work was done, and there
 * are no collections. A barrier hit is an error, since nothing is ever
 * protected.
 * @public
 */
export class TrivialCollector implements Collector {
  /** `"none"`. */
  readonly name = "none";
  /** Nothing is ever due. */
  poll(): void {
    // deliberately empty: no traces, so no work
  }
  /** There is never work to do: returns false, as `mps_arena_step` does with no traces. */
  step(_interval: number, _multiplier: number): boolean {
    return false;
  }
  /** Nothing to condemn. */
  startCollect(): void {
    // deliberately empty: no automatic pools, nothing to condemn
  }
  /** Nothing to collect. */
  collect(): void {
    // deliberately empty: no automatic pools, nothing to collect
  }
  /** Already parked. */
  park(): void {
    // deliberately empty: no traces to finish
  }
  /** Nothing to clamp. */
  clamp(): void {
    // deliberately empty
  }
  /** Nothing to release. */
  release(): void {
    // deliberately empty
  }
  /** Nothing to do after a failure. */
  postmortem(): void {
    // deliberately empty
  }
  /** No collections have happened. */
  collections(): number {
    return 0;
  }
  /** Never busy. */
  busy(): boolean {
    return false;
  }
  /** No segment is ever protected, so an access hit is a bug. */
  access(addr: Addr, mode: AccessMode): void {
    assertFail(`TrivialCollector.access: no barrier is raised, but an access (mode ${mode}) hit ${addr}`, "collector.access");
  }
  /** Nothing to release. */
  finish(): void {
    // deliberately empty
  }
  /** One line. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, "Collector none (no tracer installed)");
  }
}
