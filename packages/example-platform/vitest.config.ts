// Three projects: this package's own tests, and the arena's tests run twice
// on the example platform (tiny-pool.ts's mockArena takes the platform that
// MPS_TEST_PLATFORM names), without and with a barrier.
import { defineConfig, mergeConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { sharedConfig } from "../../vitest.shared.js";

const platformModule = fileURLToPath(new URL("./test/arena-platform.ts", import.meta.url));
const arenaTests = fileURLToPath(new URL("../arena/test/*.test.ts", import.meta.url));
const MPS_CHECK = process.env["MPS_CHECK"] ?? "cool";

export default mergeConfig(sharedConfig, defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: "example-platform" } },
      { extends: true, test: { name: "arena-none", include: [arenaTests], exclude: ["test/**"], env: { MPS_CHECK, MPS_TEST_PLATFORM: platformModule, EXAMPLE_BARRIER: "0" } } },
      { extends: true, test: { name: "arena-barrier", include: [arenaTests], exclude: ["test/**"], env: { MPS_CHECK, MPS_TEST_PLATFORM: platformModule, EXAMPLE_BARRIER: "1" } } },
    ],
  },
}));
