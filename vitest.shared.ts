// Shared vitest settings: every package's vitest.config.ts merges these.
// Tests run at the `cool` checking level unless MPS_CHECK says otherwise
// (CI runs the suites at `cool` and again at `hot`): DESIGN.md §4.
// Each run also writes temp/vitest-results.json, which turbo caches and
// tools/src/test-summary.ts adds up into one closing line.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export const sharedConfig = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    env: { MPS_CHECK: process.env["MPS_CHECK"] ?? "cool" },
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    testTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "temp/vitest-results.json" }]],
  },
});
