import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MVFFPool } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform() });
  const pool = arena.createPool(MVFFPool, { extendBy: 4096, spare: 0 });
  const a = pool.alloc(100); // rounded up to 104
  const b = pool.alloc(20);
  expect([b - a, pool.totalSize(), pool.freeSize()]).toEqual([104, 4096, 3968]);
  const ap = pool.createAp();
  let p: number;
  do {
    p = ap.reserve(16);
    arena.mem.u32[p >>> 2] = 42;
  } while (!ap.commit(p, 16));
  ap.destroy();
  pool.free(p, 16);
  pool.free(a, 100);
  pool.free(b, 20);
  expect(pool.totalSize()).toBe(0);
  pool.destroy();
  arena.destroy();
});
