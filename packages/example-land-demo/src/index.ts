/**
 * `example-land-demo`: A demonstration of the data-structure layer: a CBS coalescing freed address ranges and answering first-fit queries.
 * See docs/design/example-land-demo.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const EXAMPLELANDDEMO_PACKAGE = "example-land-demo";
