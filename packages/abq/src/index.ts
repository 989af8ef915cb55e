/**
 * `@mps/abq`: fixed-length queues (design.mps.abq): push, pop, peek, delete
 * and iterate over a circular buffer allocated once, as MVT keeps its queue
 * of available blocks. See docs/design/abq.md.
 * @packageDocumentation
 */

export * from "./abq.js";
export * from "./meter.js";
