/**
 * `bench-djbench`: A port of the MPS's djbench allocator benchmark: MVT, MVFF and their peers on the same seeded workload.
 * See docs/design/bench-djbench.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const BENCHDJBENCH_PACKAGE = "bench-djbench";
