/**
 * `@mps/plinth`: the MPS's interface to its environment — a microsecond clock,
 * the telemetry I/O stream (a file in Node, memory elsewhere), the assertion
 * handler, and library calls that copy, fill and compare arena memory — bundled
 * in a {@link Plinth} object that an arena is given. See docs/design/plinth.md.
 * @packageDocumentation
 */

export * from "./clock.js";
export * from "./io.js";
export * from "./assert.js";
export * from "./lib.js";
export * from "./plinth.js";
