/**
 * `bench-djbench`: a port of the MPS's djbench allocator benchmark: MVT,
 * MVFF and their peers on the same seeded workload.
 * See docs/design/bench-djbench.md.
 * @packageDocumentation
 */
export * from "./rnd.js";
export * from "./options.js";
export * from "./tlsf.js";
export * from "./dj.js";
export * from "./report.js";
export * from "./main.js";
