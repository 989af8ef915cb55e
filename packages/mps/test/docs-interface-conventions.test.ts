// The main example of docs/reference/interface-conventions.md, so that it
// cannot drift from the API.
import { expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, MpsError, PoolClass, isMpsError } from "../src/index.js";

it("docs/reference/interface-conventions.md: the example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
  arena.setCommitLimit(1 << 20);
  const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });

  const p = pool.alloc(16);
  arena.mem.u32[p >>> 2] = 0xfeed;
  arena.mem.f64[(p + 8) >>> 3] = 0.5;
  expect([p > 0, arena.mem.u32[p >>> 2] === 0xfeed]).toEqual([true, true]);
  expect(arena.mem.f64[(p + 8) >>> 3]).toBe(0.5);

  expect([arena.addrPool(p) === pool, arena.addrPool(0)]).toEqual([true, undefined]);

  let code: unknown;
  try {
    arena.setCommitLimit(-1);
  } catch (e) {
    code = e instanceof MpsError && e.code;
  }
  expect(code).toBe("PARAM");
  let refused = false;
  try {
    arena.destroy();
  } catch (e) {
    refused = isMpsError(e, "PARAM");
  }
  expect(refused).toBe(true);

  pool.free(p, 16);
  pool.destroy();
  arena.destroy();
  let afterDestroy = false;
  try {
    arena.committed();
  } catch (e) {
    afterDestroy = isMpsError(e, "PARAM");
  }
  // Use after destroy is reported unless the checking level is rash (the page says so).
  expect(afterDestroy).toBe(CHECK_LEVEL !== "rash");
});
