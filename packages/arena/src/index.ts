/**
 * `@mps/arena`: the memory manager's core (layer 3) — VM and client arena
 * classes, chunks and the page table, zones and the locus manager, the
 * abstract segment, pool and buffer protocols, allocation points, and the
 * arena's entry points to the collector. See docs/design/arena.md.
 * @packageDocumentation
 */

export * from "./api.js";
export * from "./chunk.js";
export * from "./locus.js";
export * from "./collector.js";
export * from "./arena.js";
export * from "./arena-vm.js";
export * from "./arena-cl.js";
export * from "./arena-class.js";
export * from "./pool.js";
export * from "./seg.js";
export * from "./grain-seg.js";
export * from "./buffer.js";
export * from "./format.js";
export * from "./chain.js";
export * from "./root.js";
export * from "./thread.js";
export * from "./ld.js";
export * from "./message.js";
