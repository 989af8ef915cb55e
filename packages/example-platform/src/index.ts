/**
 * `example-platform`: A minimal platform backend written as the Porting chapter's worked example: a VM over a plain ArrayBuffer and a protection backend, passing the arena's tests.
 * See docs/design/example-platform.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const EXAMPLEPLATFORM_PACKAGE = "example-platform";
