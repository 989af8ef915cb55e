// Loaded before every test file (vitest.shared.ts `setupFiles`).
// Randomised tests replay with MPS_SEED=<seed>; fast-check prints the seed of
// any failure. MPS_PROPERTY_RUNS raises or lowers the number of runs.
import fc from "fast-check";

const seed = process.env["MPS_SEED"];
const runs = process.env["MPS_PROPERTY_RUNS"];
fc.configureGlobal({
  ...(seed ? { seed: Number(seed) } : {}),
  ...(runs ? { numRuns: Number(runs) } : {}),
});
