// The README's example, run.
import { expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass } from "@mps/mps";
import { examplePlatform } from "../src/index.js";

it("the README example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: examplePlatform({ barrier: true }) });
  expect([arena.vm.backend, arena.protection?.backend]).toEqual(["example", "example"]);
  const pool = arena.createPool(PoolClass.MVFF, {});
  const p = pool.alloc(64);
  arena.mem.u32[p >>> 2] = 42;
  expect([arena.vm.mapped() === arena.committed(), arena.mem.u32[p >>> 2]]).toEqual([true, 42]);
  pool.free(p, 64);
  pool.destroy();
  arena.destroy();
});

it(".req.platform: examplePlatform checks its options", async () => {
  const { codeOf } = await import("@mps/mpm/test-util");
  expect(codeOf(() => examplePlatform(null as never))).toBe("PARAM");
  expect(codeOf(() => examplePlatform({ barrier: 1 as never }))).toBe("PARAM");
  expect(codeOf(() => examplePlatform({ mapLimit: -5 }))).toBe("PARAM");
  const p = examplePlatform();
  expect([p.vm.name, p.protection.name, p.protection.hasBarrier, p.notes]).toEqual(["example", "example-none", false, []]);
  expect(Object.isFrozen(p)).toBe(true);
});

it(".req.vm.limit: an arena on a VM with a map limit fails allocation with MEMORY (as the MPS does when the system refuses to map) and stays usable", async () => {
  const { codeOf } = await import("@mps/mpm/test-util");
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20, platform: examplePlatform({ mapLimit: 256 << 10 }) });
  const pool = arena.createPool(PoolClass.MVFF, {});
  const got: number[] = [];
  let code: string | undefined;
  while (code === undefined) code = codeOf(() => got.push(pool.alloc(16 << 10)));
  expect(code).toBe("MEMORY");
  expect(arena.vm.mapped()).toBeLessThanOrEqual(256 << 10);
  expect(got.length).toBeGreaterThan(0);
  for (const p of got) pool.free(p, 16 << 10);
  got.push(pool.alloc(16 << 10)); // room again
  pool.destroy();
  arena.destroy();
});
