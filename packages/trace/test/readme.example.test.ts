import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "../src/index.js";

it("the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
  arena.collect(); // nothing to condemn yet, but a collection runs
  expect(arena.collections()).toBe(1);
  arena.destroy();
});
