/**
 * `@mps/cbs`: the coalescing block structure (design.mps.cbs), a Land on a
 * splay tree of address ranges with per-subtree size and zone summaries, so
 * that finds are logarithmic. See docs/design/cbs.md.
 * @packageDocumentation
 */

export * from "./block.js";
export * from "./cbs.js";
export * from "./tree.js";
