import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { MFSPool } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform() });
  const pool = arena.createPool(MFSPool, { mfsUnitSize: 12 });
  const p = pool.alloc(12);
  arena.mem.u32[p >>> 2] = 42;
  expect([pool.unitSize, pool.totalSize(), arena.mem.u32[p >>> 2]]).toEqual([16, 65536, 42]);
  pool.free(p, 12);
  pool.destroy();
  arena.destroy();
});
