/**
 * `@mps/vm`: the VM interface — reserve a range of address space in one
 * buffer, map and unmap pages of it — the typed-array views through which
 * memory is read and written, and {@link AbstractVM}, the argument checks and
 * mapped-page bookkeeping every backend shares. Backends are in
 * `@mps/platform`; a mock VM for tests is in `@mps/vm/test-util`.
 * See docs/design/vm.md.
 * @packageDocumentation
 */

export * from "./views.js";
export * from "./vm.js";
export * from "./abstract.js";
