/**
 * `@mps/pool-lo`: LO (Leaf Object), a non-moving, generational mark-sweep
 * pool class for objects that hold no references.
 * See docs/design/pool-lo.md.
 * @packageDocumentation
 */

export * from "./lo.js";
export * from "./lo-seg.js";
