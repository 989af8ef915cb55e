/**
 * `@mps/pool-mvt`: the MVT (Manual Variable Temporal) pool class.
 * See docs/design/pool-mvt.md.
 * @packageDocumentation
 */
export * from "./mvt.js";
