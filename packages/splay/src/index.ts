/**
 * `@mps/splay`: splay trees of intrusive nodes with client comparison and a
 * client update hook for per-subtree summaries, so that findFirst and findLast
 * over summaries are amortised logarithmic. See docs/design/splay.md.
 * @packageDocumentation
 */

export * from "./api.js";
export * from "./tree.js";
export * from "./splay.js";
