/**
 * `@mps/shield`: the protection interface (design.mps.prot) and the shield
 * over it (design.mps.shield): enter/leave, raise/lower, expose/cover with
 * depth counts, hold/release, and the queue of segments whose protection is
 * out of date. Backends are in `@mps/platform`. See docs/design/shield.md.
 * @packageDocumentation
 */

export * from "./prot.js";
export * from "./shield.js";
