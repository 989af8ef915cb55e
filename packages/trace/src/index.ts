/**
 * `@mps/trace`: the collector of the Memory Pool System for TypeScript —
 * traces, the scan state and fix, the flip, incremental grey-segment
 * scanning in rank order, reclaim, the barrier through the arena's shield,
 * the collection policy over chains, and the GC messages.
 * See docs/design/trace.md.
 * @packageDocumentation
 */

export { TraceCollector, traceCollector } from "./collector.js";
export { RootsWalkScanState, ScanState, SIG_SCAN_STATE } from "./scan-state.js";
export { Trace, TraceState, SIG_TRACE } from "./trace.js";
export { Transform, TransformAmbigScanState, TransformScanState, SIG_TRANSFORM, type TransformCollector } from "./transform.js";
