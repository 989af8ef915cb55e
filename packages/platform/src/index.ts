/**
 * `@mps/platform`: The platform backends and their selection: resizable ArrayBuffer, WebAssembly.Memory, growable SharedArrayBuffer and client-buffer VMs, and the none and software protection backends.
 * See docs/design/platform.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const PLATFORM_PACKAGE = "@mps/platform";
