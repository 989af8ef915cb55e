/**
 * `@mps/pool-mfs`: the MFS (Manual Fixed Small) pool class.
 * See docs/design/pool-mfs.md.
 * @packageDocumentation
 */

export * from "./mfs.js";
