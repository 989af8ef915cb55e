/**
 * `@mps/pool-lo`: LO (Leaf Object): a non-moving mark-sweep pool class for objects that hold no references.
 * See docs/design/pool-lo.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLLO_PACKAGE = "@mps/pool-lo";
