/**
 * `example-pool`: A small pool class written as the worked example of 'Writing a new pool class': built on the pool and segment protocol, with its tests.
 * See docs/design/example-pool.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const EXAMPLEPOOL_PACKAGE = "example-pool";
