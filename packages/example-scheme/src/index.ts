/**
 * `example-scheme`: a Scheme interpreter whose objects live in MPS pools,
 * the project's main job and the Guide's running example.
 * See docs/design/example-scheme.md.
 * @packageDocumentation
 */

export { Interp, type InterpOptions } from "./interp.js";
export { G_ENV, G_FREE, G_CONSOLE } from "./globals.js";
export { Heap, type HeapOptions, type GcStats } from "./heap.js";
export { SchemeError } from "./errors.js";
export { parse, parseNumber, build, type Datum } from "./reader.js";
export { toText, formatFloat } from "./printer.js";
export { type PrimEntry, type PortState, ExitRequest } from "./primitives.js";
export { PRELUDE } from "./prelude.js";
export { runDemo, DEMO_PROGRAM, type DemoResult } from "./demo.js";
export { main, type CliIO } from "./cli.js";
