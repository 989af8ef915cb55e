/**
 * `@mps/pool-awl`: AWL (Automatic Weak Linked): a non-moving collected pool for exact and weak references, with the dependent-object protocol for weak hash tables.
 * See docs/design/pool-awl.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLAWL_PACKAGE = "@mps/pool-awl";
