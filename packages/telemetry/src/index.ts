/**
 * `@mps/telemetry`: The MPS's telemetry: one table of event kinds, a binary event log writer with a control mask, string interning and labels, and a reader that decodes logs.
 * See docs/design/telemetry.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const TELEMETRY_PACKAGE = "@mps/telemetry";
