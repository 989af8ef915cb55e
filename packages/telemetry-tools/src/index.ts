/**
 * `@mps/telemetry-tools`: mps-telemetry: decode MPS telemetry logs to text and JSON, load them into SQLite, summarise collections and pauses, and draw the collector's timeline as HTML or SVG.
 * See docs/design/telemetry-tools.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const TELEMETRYTOOLS_PACKAGE = "@mps/telemetry-tools";
