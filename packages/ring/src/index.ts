/**
 * `@mps/ring`: intrusive doubly-linked rings, as the MPS links its structures
 * (design.mps.ring): init, append, insert, remove, length and iteration that
 * tolerates removal of the current node. See docs/design/ring.md.
 * @packageDocumentation
 */

export * from "./ring.js";
