// Shared vitest settings: every package's vitest.config.ts merges these.
// Tests run at the `cool` checking level unless MPS_CHECK says otherwise
// (CI runs the suites at `cool` and again at `hot`): DESIGN.md §4.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export const sharedConfig = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    env: { MPS_CHECK: process.env["MPS_CHECK"] ?? "cool" },
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    testTimeout: 60_000,
  },
});
