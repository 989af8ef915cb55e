/**
 * `@mps/platform`: the platform backends and their selection — VMs over a
 * resizable `ArrayBuffer`, a `WebAssembly.Memory`, a growable
 * `SharedArrayBuffer` and a client's buffer; the `none` and `software`
 * protections — and `platform.select`, which picks them for an arena.
 * See docs/design/platform.md.
 * @packageDocumentation
 */

export * from "./resizable.js";
export * from "./wasm.js";
export * from "./shared.js";
export * from "./client.js";
export * from "./grain.js";
export * from "./none.js";
export * from "./software.js";
export * from "./select.js";
