/**
 * `@mps/shield`: the protection interface and the shield over it.
 * See docs/design/shield.md.
 * @packageDocumentation
 */

export * from "./prot.js";
