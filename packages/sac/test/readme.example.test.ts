import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MFSPool } from "@mps/pool-mfs";
import { SAC } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform() });
  const pool = arena.createPool(MFSPool, { mfsUnitSize: 32 });
  const sac = SAC.create(pool, [{ blockSize: 32, cachedCount: 30, frequency: 1 }]);
  const p = sac.alloc(24); // a 32-byte block; the cache took 10 more from the pool
  arena.mem.u32[p >>> 2] = 42;
  sac.free(p, 24); // back onto the cache, not the pool
  const q = sac.alloc(32); // the same block again
  expect([q === p, sac.cachedCount(0), pool.freeSize() < pool.totalSize()]).toEqual([true, 10, true]);
  sac.free(q, 32);
  sac.destroy(); // flushes: every block is free in the pool again
  expect(pool.freeSize()).toBe(pool.totalSize());
  pool.destroy();
  arena.destroy();
});
