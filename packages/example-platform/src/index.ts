/**
 * `example-platform`: a minimal platform backend, the Porting chapter's
 * worked example — a VM over a fixed-size `ArrayBuffer` and a protection
 * backend with or without a barrier — that passes the arena's tests.
 * See docs/design/example-platform.md and docs/reference/porting.md.
 * @packageDocumentation
 */

export * from "./vm.js";
export * from "./protection.js";
export * from "./platform.js";
