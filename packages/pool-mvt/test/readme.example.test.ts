import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MVTPool } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform() });
  const pool = arena.createPool(MVTPool, { minSize: 16, meanSize: 32, maxSize: 1024 });
  const ap = pool.createAp();
  let p: number;
  do {
    p = ap.reserve(24);
    arena.mem.u32[p >>> 2] = 42; // initialise the object before committing it
  } while (!ap.commit(p, 24));
  expect(arena.mem.u32[p >>> 2]).toBe(42);
  pool.free(p, 24);
  ap.destroy();
  expect(pool.freeSize()).toBe(pool.totalSize());
  pool.destroy();
  arena.destroy();
});
