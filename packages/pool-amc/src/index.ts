/**
 * `@mps/pool-amc`: the AMC and AMCZ pool classes (Automatic Mostly-Copying):
 * generational copying collection with nailing for ambiguous references;
 * AMCZ for leaf objects.
 * See docs/design/pool-amc.md.
 * @packageDocumentation
 */

export * from "./nailboard.js";
export * from "./amc-gen.js";
export * from "./amc-seg.js";
export * from "./amc.js";
