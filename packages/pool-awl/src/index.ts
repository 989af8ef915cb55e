/**
 * `@mps/pool-awl`: AWL (Automatic Weak Linked), a non-moving collected pool
 * for objects with exact or weak references, with the dependent-object
 * protocol for weak hash tables. See docs/design/pool-awl.md.
 * @packageDocumentation
 */

export * from "./awl.js";
export * from "./awl-seg.js";
