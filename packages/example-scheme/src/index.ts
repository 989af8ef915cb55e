/**
 * `example-scheme`: A Scheme interpreter whose objects live in MPS pools: the project's main job and the Guide's running example.
 * See docs/design/example-scheme.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const EXAMPLESCHEME_PACKAGE = "example-scheme";
