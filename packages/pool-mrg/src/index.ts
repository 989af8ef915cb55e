/**
 * `@mps/pool-mrg`: MRG (Manual Rank Guardian): the finalization pool behind arena.finalize and arena.definalize, and the finalization messages.
 * See docs/design/pool-mrg.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLMRG_PACKAGE = "@mps/pool-mrg";
