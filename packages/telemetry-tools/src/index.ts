/**
 * `@mps/telemetry-tools`: `mps-telemetry` and the library under it: decode
 * MPS telemetry logs to text and JSON lines, load them into SQLite (sql.js),
 * summarise collections and pauses, and draw the collector's timeline as
 * HTML or SVG (the MPS's `mpseventcnv`, `mpseventtxt` and `mpseventsql`).
 * See docs/design/telemetry-tools.md.
 * @packageDocumentation
 */

export * from "./log.js";
export * from "./text.js";
export * from "./analysis.js";
export * from "./summary.js";
export * from "./sql.js";
export * from "./timeline.js";
export * from "./command.js";
