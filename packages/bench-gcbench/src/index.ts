/**
 * `bench-gcbench`: a port of the MPS's gcbench collector benchmark (trees of
 * vectors on AMC and AMS) and a cons-churn benchmark, each against the same
 * program on V8's own collector. See docs/design/bench-gcbench.md.
 * @packageDocumentation
 */

export * from "./rnd.js";
export * from "./options.js";
export * from "./formats.js";
export * from "./pauses.js";
export * from "./setup.js";
export * from "./tree.js";
export * from "./js-tree.js";
export * from "./verify.js";
export * from "./churn.js";
export * from "./run.js";
export * from "./job.js";
export * from "./report.js";
