/**
 * A trace (design.mps.trace): one collection's condemned set, its state
 * (init, unflipped, flipped, reclaim, finished) and the sizes the pools
 * report to it. See docs/design/trace.md `.trace`.
 * .critical: none (the per-reference work is in ScanState).
 */

import { type Size, type Trace as MpmTrace, type TraceId, type WriteStream, type ZoneSet, SIG_INVALID, defineSig, describeLine, zoneSetDescribe } from "@mps/mpm";

/**
 * The signature of a live {@link Trace} (`TraceSig`).
 * @public
 */
export const SIG_TRACE = defineSig("Trace", 0x51924ace);

/**
 * The states of a trace (`TraceState`).
 * @public
 */
export const TraceState = Object.freeze({
  /** Not in use. */
  NONE: 0,
  /** Condemned and greyed; the flip has not happened. */
  UNFLIPPED: 1,
  /** Roots scanned, buffers flipped; grey segments remain to be scanned. */
  FLIPPED: 2,
  /** Nothing is grey: the white segments are to be reclaimed. */
  RECLAIM: 3,
} as const);

/**
 * One of the {@link (TraceState:variable)} values.
 * @public
 */
export type TraceState = (typeof TraceState)[keyof typeof TraceState];

const STATE_NAMES = ["none", "unflipped", "flipped", "reclaim"];

/**
 * A trace (`TraceStruct`). The collector owns one and reuses it for each
 * collection (the MPS's `TRACE_MAX` is one too).
 * @public
 */
export class Trace implements MpmTrace {
  /** {@link SIG_TRACE} while live. */
  sig = SIG_INVALID;
  /** The trace's id: its bit in trace sets. */
  readonly ti: TraceId;
  /** What state the trace is in. */
  state: TraceState = TraceState.NONE;
  /** Why it started (a `TraceStartWhy`). */
  why = 0;
  /** The zones of the condemned set. */
  white: ZoneSet = 0;
  /** The zones whose objects may move. */
  mayMove: ZoneSet = 0;
  /** Emergency mode: a pool found no memory to copy into; the rest of the trace preserves in place. */
  emergency = false;
  /** Bytes condemned (pools add in whiten). */
  condemned: Size = 0;
  /** Bytes copied (pools add in fix). */
  forwardedSize: Size = 0;
  /** Bytes preserved in place (pools add in reclaim). */
  preservedInPlaceSize: Size = 0;
  /** Collections that entered emergency mode since the collector was made. */
  emergencies = 0;
  /** Bytes freed (pools add in reclaim). */
  reclaimSize: Size = 0;
  /** Bytes in collected pools not condemned. */
  notCondemned: Size = 0;
  /** Bytes of segments scanned. */
  segScanSize: Size = 0;
  /** Bytes of roots scanned (area roots; others count 0). */
  rootScanCount = 0;
  /** Segments scanned. */
  segScanCount = 0;
  /** The highest rank band scanned so far. */
  band = 0;
  /** The plinth clock when the trace started. */
  startClock = 0;
  /** The telemetry id of the trace. */
  telId = 0;

  /** Make a trace with id `ti`. */
  constructor(ti: TraceId) {
    this.ti = ti;
    this.sig = SIG_TRACE;
  }

  /** Start afresh for a new collection (`TraceCreate`). */
  begin(why: number, clock: number): void {
    this.state = TraceState.UNFLIPPED;
    this.why = why;
    this.white = 0;
    this.mayMove = 0;
    this.emergency = false;
    this.condemned = 0;
    this.forwardedSize = 0;
    this.preservedInPlaceSize = 0;
    this.reclaimSize = 0;
    this.notCondemned = 0;
    this.segScanSize = 0;
    this.rootScanCount = 0;
    this.segScanCount = 0;
    this.band = 0;
    this.startClock = clock;
  }

  /** `TraceSetEmergency`: no more copying in this trace (a pool's fix found no memory for it). */
  enterEmergency(): void {
    if (this.emergency) return;
    this.emergency = true;
    this.emergencies++;
  }

  /** Bytes found alive: copied plus preserved in place. */
  liveSize(): Size {
    return this.forwardedSize + this.preservedInPlaceSize;
  }

  /** Describe the trace. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Trace ${this.ti} ${STATE_NAMES[this.state]} why ${this.why}`);
    describeLine(stream, depth + 2, `white ${zoneSetDescribe(this.white)} mayMove ${zoneSetDescribe(this.mayMove)}`);
    describeLine(stream, depth + 2, `condemned ${this.condemned} notCondemned ${this.notCondemned} forwarded ${this.forwardedSize} preservedInPlace ${this.preservedInPlaceSize} reclaimed ${this.reclaimSize}`);
    describeLine(stream, depth + 2, `segments scanned ${this.segScanCount} (${this.segScanSize} bytes), roots scanned ${this.rootScanCount}`);
  }
}
