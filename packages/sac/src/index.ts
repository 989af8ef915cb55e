/**
 * `@mps/sac`: segregated allocation caches (SAC): per-size-class free lists
 * in front of a manual pool's alloc/free, filled and emptied in batches.
 * See docs/design/sac.md.
 * @packageDocumentation
 */

export * from "./sac.js";
