import { expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
  const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
  const p = pool.alloc(16);
  arena.mem.u32[p >>> 2] = 0xcafe;
  expect([arena.addrPool(p) === pool, arena.mem.u32[p >>> 2]!.toString(16)]).toEqual([true, "cafe"]);
  pool.free(p, 16);
  pool.destroy();
  arena.destroy();
});
