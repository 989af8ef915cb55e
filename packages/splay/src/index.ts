/**
 * `@mps/splay`: Splay trees with client comparison and a client update hook for per-subtree summaries, so that findFirst and findLast over summaries are amortised logarithmic.
 * See docs/design/splay.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const SPLAY_PACKAGE = "@mps/splay";
