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
  for (const u of report.uncovered) console.warn(`samples: warning: ${u} has no signature block in docs/reference/`);
  expect(report.counts.program).toBeGreaterThan(0);
  expect(report.problems.map(formatSampleProblem)).toEqual([]);
}, 240_000);
