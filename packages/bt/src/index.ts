/**
 * `@mps/bt`: bit tables over `Uint32Array` (design.mps.bt): get, set and
 * reset bits and ranges, compare, copy and count ranges, and find single
 * bits and runs of set or reset bits, a word at a time.
 * See docs/design/bt.md.
 * @packageDocumentation
 */

export * from "./bt.js";
export * from "./range.js";
export * from "./copy.js";
export * from "./find.js";
