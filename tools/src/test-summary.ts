/**
 * Add up the vitest JSON reports of every package (temp/vitest-results.json,
 * written by each run and restored by turbo's cache) into one closing line:
 * `Tests: N passed, N failed`. Exits 1 if any test failed or a package that
 * has tests left no report.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dirs = [...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d)), join(root, "tools")];
let passed = 0, failed = 0, skipped = 0, reports = 0;
const missing: string[] = [];
for (const dir of dirs.sort()) {
  if (!existsSync(join(dir, "test"))) continue;
  const file = join(dir, "temp", "vitest-results.json");
  if (!existsSync(file)) {
    missing.push(dir.slice(root.length + 1));
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8")) as VitestJson;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  reports++;
}
for (const m of missing) console.error(`test-summary: ${m} has tests but no temp/vitest-results.json`);
console.log(`\n${reports} packages at MPS_CHECK=${process.env["MPS_CHECK"] || "cool"}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failed > 0 || missing.length > 0 || passed === 0) process.exit(1);
