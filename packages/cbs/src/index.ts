/**
 * `@mps/cbs`: The coalescing block structure: a Land on a splay tree of address ranges with per-subtree size and zone summaries, so that finds are logarithmic.
 * See docs/design/cbs.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const CBS_PACKAGE = "@mps/cbs";
