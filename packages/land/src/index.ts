/**
 * `@mps/land`: the Land abstract class over sets of address ranges, Range,
 * and the Freelist and Failover lands. See docs/design/land.md.
 * @packageDocumentation
 */

export * from "./range.js";
export * from "./land.js";
export * from "./zone-search.js";
export * from "./freelist.js";
export * from "./failover.js";
