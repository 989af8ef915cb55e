/**
 * `@mps/telemetry`: the MPS's telemetry. One table of event types
 * ({@link EVENTS}) from which the writers (`eventArenaAlloc` and the rest), the
 * reader ({@link readTelemetry}) and the documentation derive; a
 * {@link Telemetry} with a control mask of event kinds, a small binary buffer
 * written to the plinth's stream, string interning and labels.
 * See docs/design/telemetry.md.
 * @packageDocumentation
 */

export * from "./kinds.js";
export * from "./events.js";
export * from "./format.js";
export * from "./telemetry.js";
export * from "./emit.js";
export * from "./reader.js";
