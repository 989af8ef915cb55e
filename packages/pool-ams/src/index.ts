/**
 * `@mps/pool-ams`: AMS (Automatic Mark and Sweep), a non-moving, generational
 * mark-sweep pool class with optional support for ambiguous references.
 * See docs/design/pool-ams.md.
 * @packageDocumentation
 */

export * from "./ams.js";
export * from "./ams-seg.js";
