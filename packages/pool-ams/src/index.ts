/**
 * `@mps/pool-ams`: AMS (Automatic Mark and Sweep): a non-moving, generational mark-sweep pool class with optional ambiguous-reference support.
 * See docs/design/pool-ams.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLAMS_PACKAGE = "@mps/pool-ams";
