/**
 * `@mps/pool-snc`: SNC (Stack No Checking): a manual pool of scanned, formatted objects allocated on a stack of allocation frames.
 * See docs/design/pool-snc.md.
 * @packageDocumentation
 */
export * from "./snc.js";
export * from "./snc-seg.js";
