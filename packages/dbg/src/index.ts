/**
 * `@mps/dbg`: Debugging pool classes: MVFFDebug (and AMSDebug), with fenceposts and free-space splatting, and checks that name the damaged block.
 * See docs/design/dbg.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const DBG_PACKAGE = "@mps/dbg";
