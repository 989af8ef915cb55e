/**
 * `@mps/pool-mrg`: MRG (Manual Rank Guardian), the finalization pool behind
 * `arena.finalize` and `arena.definalize`, and its finalization messages.
 * See docs/design/pool-mrg.md.
 * @packageDocumentation
 */

export * from "./mrg.js";
export * from "./mrg-seg.js";
export * from "./message.js";
