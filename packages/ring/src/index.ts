/**
 * `@mps/ring`: Intrusive doubly-linked rings, as the MPS links its structures: init, append, insert, remove, length and iteration that tolerates removal.
 * See docs/design/ring.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const RING_PACKAGE = "@mps/ring";
