// Every TypeScript sample of docs/ and packages/*/README.md, checked by kind
// (tools/src/samples.ts; issue 9). Needs the packages built: their dist is what the
// programs import.
import { expect, it } from "vitest";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkSamples, formatSampleProblem } from "../src/samples.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

it("every sample in docs/ and the package READMEs compiles, runs, names real exports or parses", async () => {
  const report = await checkSamples({ root });
  if (report.uncovered.length > 0) {
    console.warn(`samples: warning: ${report.uncovered.length} functions and methods of @mps/mps have no signature block in docs/reference/: ${report.uncovered.join(", ")}`);
  }
  expect(report.counts.program).toBeGreaterThan(0);
  expect(report.problems.map(formatSampleProblem)).toEqual([]);
}, 240_000);
