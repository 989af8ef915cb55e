// The example of docs/reference/platforms.md.
import { expect, it } from "vitest";
import type { SoftwareProtection } from "@mps/platform";
import type { VMBackend } from "@mps/vm";
import { ACCESS_READ } from "@mps/shield";
import { codeOf } from "@mps/mpm/test-util";
import { Arena, ArenaClass, PoolClass, isMpsError, platform, selectPlatform } from "../src/index.js";

it("docs/reference/platforms.md: the example runs", () => {
  const p = selectPlatform();
  expect([p.vm.name, p.protection.name, p.notes]).toEqual(["wasm", "none", []]);
  expect(platform.backends.vm.map((b) => b.name)).toEqual(["wasm", "resizable", "shared", "client"]);
  expect(platform.backends.protection.map((b) => b.name)).toEqual(["none", "software"]);

  const resizable = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20, platform: selectPlatform({ vm: "resizable" }) });
  const wasm = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20 });
  const seen: unknown[] = [];
  for (const arena of [resizable, wasm]) {
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 64 });
    pool.alloc(64);
    const grown = arena.vm.physical();
    pool.destroy();
    seen.push([arena.vm.backend, grown, arena.vm.physical(), arena.committed()]);
    arena.destroy();
  }
  expect(seen).toEqual([
    ["resizable", 69632, 0, 0],
    ["wasm", 8 << 20, 8 << 20, 0],
  ]);

  const nowhere: VMBackend = { name: "nowhere", available: () => false, create: () => { throw new Error("unreachable"); } };
  expect(selectPlatform({ vm: nowhere }).notes).toEqual(['VM backend "nowhere" is not available here; using "wasm"']);
  let unimpl = false;
  try {
    selectPlatform({ vm: nowhere, fallback: false });
  } catch (e) {
    unimpl = isMpsError(e, "UNIMPL");
  }
  expect(unimpl).toBe(true);

  const guarded = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform({ protection: "software" }) });
  const prot = guarded.shield!.prot as SoftwareProtection;
  const pool = guarded.createPool(PoolClass.MFS, { mfsUnitSize: 8 });
  const x = pool.alloc(8);
  guarded.mem.u32[x >>> 2] = 99;
  const load = (addr: number): number => {
    prot.checkAccess(addr, ACCESS_READ);
    return guarded.mem.u32[addr >>> 2]!;
  };
  expect([prot.hasBarrier, prot.forbidden(x), load(x)]).toEqual([true, 0, 99]);
  pool.destroy();
  guarded.destroy();
});

it("docs/reference/platforms.md: the errors selectPlatform states", () => {
  expect(codeOf(() => selectPlatform({ vm: "nope" as never }))).toBe("PARAM");
  expect(codeOf(() => selectPlatform({ protection: {} as never }))).toBe("PARAM");
  expect(platform.select).toBe(selectPlatform);
});
