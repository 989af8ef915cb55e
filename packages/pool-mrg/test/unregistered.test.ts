// Without an MRG class in the registry the arena cannot make its
// finalization pool: finalize throws UNIMPL and changes nothing. (This file
// does not import the helpers, which register the class.)
import { expect, it } from "vitest";
import { Arena, ArenaClass, LocusPref, Pool, definePoolAttrs, poolClassLookup } from "@mps/arena";
import { type Addr, type Size, alignUp } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { selectPlatform } from "@mps/platform";

/** A pool of an automatic class as far as the arena can tell: grains straight from the arena. */
class AutoGrainPool extends Pool {
  static readonly className: string = "TestAutoGrain";
  static readonly attrs = definePoolAttrs({ gc: true, alloc: true });
  protected override allocMethod(size: Size): Addr {
    return this.arena.alloc(new LocusPref(), alignUp(size, this.arena.grainSize), this);
  }
}

it(".req.lazy: finalize with no MRG class registered throws UNIMPL and makes nothing; definalize throws FAIL", () => {
  expect(poolClassLookup("MRG")).toBeUndefined();
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20, platform: selectPlatform() });
  const pool = arena.createPool(AutoGrainPool, {});
  const p = pool.alloc(64);
  const e = mpsErrorOf(() => arena.finalize(p));
  expect(e?.code).toBe("UNIMPL");
  expect(e?.message).toMatch(/MRG/);
  expect(arena.finalPool).toBeUndefined();
  expect(arena.pools()).toEqual([pool]);
  expect(mpsErrorOf(() => arena.definalize(p))?.code).toBe("FAIL");
  pool.destroy();
  arena.destroy();
});
