// .req.platform.arena: the platform the arena's own tests run on when this package's vitest
// config points MPS_TEST_PLATFORM here: the example backends, with a
// barrier if EXAMPLE_BARRIER is "1".
import { examplePlatform } from "../src/index.js";

export const platform = examplePlatform({ barrier: process.env["EXAMPLE_BARRIER"] === "1" });
