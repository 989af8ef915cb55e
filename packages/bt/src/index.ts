/**
 * `@mps/bt`: Bit tables over Uint32Array: get, set and reset bits and ranges, and find runs of set or reset bits, a word at a time.
 * See docs/design/bt.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const BT_PACKAGE = "@mps/bt";
