/**
 * `@mps/plinth`: The plinth: the MPS's interface to its environment — a high-resolution clock, the telemetry I/O stream, the assertion handler and library calls on arena memory.
 * See docs/design/plinth.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const PLINTH_PACKAGE = "@mps/plinth";
