/**
 * `@mps/pool-snc`: SNC (Stack No Checking): a manual pool of scanned, formatted objects allocated on a stack of allocation frames.
 * See docs/design/pool-snc.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLSNC_PACKAGE = "@mps/pool-snc";
