/**
 * `@mps/land/test-util`: lands for tests and benchmarks. {@link ArrayLand}
 * is the obviously-correct model that property tests compare other lands
 * with, and the baseline their benchmarks are measured against.
 * See docs/design/land.md `.arrayland`.
 * @packageDocumentation
 */

export * from "./array-land.js";
