// Shared vitest settings: every package's vitest.config.ts spreads these.
// Tests run at the `cool` checking level unless MPS_CHECK says otherwise
// (CI runs the suites at `cool` and again at `hot`): DESIGN.md §4.
import { defineConfig } from "vitest/config";

export const sharedConfig = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    env: { MPS_CHECK: process.env["MPS_CHECK"] ?? "cool" },
    testTimeout: 60_000,
  },
});
