/**
 * `@mps/abq`: Fixed-length queues (ABQ): push, pop, peek, delete and iterate, as MVT uses for its available blocks.
 * See docs/design/abq.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const ABQ_PACKAGE = "@mps/abq";
