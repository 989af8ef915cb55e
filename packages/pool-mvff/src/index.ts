/**
 * `@mps/pool-mvff`: the MVFF (Manual Variable First Fit) pool class:
 * variable-size manual allocation with first or last fit from a failover
 * land of free ranges, and allocation points. See docs/design/pool-mvff.md.
 * @packageDocumentation
 */

export * from "./mvff.js";
