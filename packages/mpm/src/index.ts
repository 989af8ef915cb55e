/**
 * `@mps/mpm`: the core types of the MPS for TypeScript — result codes and
 * errors, checking levels and assertions, signatures, addresses and alignment,
 * zone sets, and the basics of the class protocol. Every other package builds
 * on it. See docs/design/mpm.md.
 * @packageDocumentation
 */

export * from "./res.js";
export * from "./check.js";
export * from "./addr.js";
export * from "./zone.js";
export * from "./rank.js";
export * from "./protocol.js";
export * from "./interfaces.js";
