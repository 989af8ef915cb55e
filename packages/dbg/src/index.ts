/**
 * `@mps/dbg`: the debugging pool classes (design.mps.object-debug, the MPS
 * manual's "Debugging pools"): MVFFDebug, with fenceposts around blocks,
 * free-space splatting, allocation tags, and checks that name the first
 * damaged block; AMSDebug, with AMS's free space splatted and checked. The
 * debug mixin is independent of the pool class. See docs/design/dbg.md.
 * @packageDocumentation
 */

export * from "./pattern.js";
export * from "./options.js";
export * from "./report.js";
export * from "./free-record.js";
export * from "./mixin.js";
export * from "./mvff-debug.js";
export * from "./ams-debug.js";
