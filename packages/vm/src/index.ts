/**
 * `@mps/vm`: the VM interface — reserve a range of address space in one
 * buffer, map and unmap grains of it — and the views through which memory is
 * read and written. Backends are in `@mps/platform`. See docs/design/vm.md.
 * @packageDocumentation
 */

export * from "./views.js";
export * from "./vm.js";
