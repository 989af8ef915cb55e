/**
 * `@mps/trace`: The tracer: incremental, generational tracing over the segment protocol, the scan state and fix, roots, barriers, collection policy and GC messages.
 * See docs/design/trace.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const TRACE_PACKAGE = "@mps/trace";
