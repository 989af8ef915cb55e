// A protectable root destroyed after a collection protected it: its write
// barrier must come down with it (found by the API fuzz, .test.fuzz.excluded).
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, RootMode, selectPlatform } from "../src/index.js";
import { testFormat, TF_OBJ } from "@mps/trace/test-util";

describe("root destruction and the barrier", () => {
  it(".root.destroy.barrier: destroying a protectable root that a trace protected lowers its barrier, so later writes there are the client's", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection: "software" }) });
    const g = arena.grainSize;
    const format = arena.createFormat(testFormat(arena.mem));
    const amc = arena.createPool(PoolClass.AMC, { format });
    const ap = amc.createAp({ rank: Rank.EXACT });
    let p: number;
    do {
      p = ap.reserve(16);
      arena.mem.u32.set([16 | TF_OBJ, 1, 0, 0], p >>> 2);
    } while (!ap.commit(p, 16));
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const block = mvff.alloc(3 * g);
    const base = Math.ceil(block / g) * g;
    arena.mem.u32.fill(0, base >>> 2, (base + 64) >>> 2);
    const root = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base, limit: base + 64 });
    arena.collect();
    expect(arena.protection!.forbidden(base)).not.toBe(0); // the trace protected the scanned root
    root.destroy();
    expect(arena.protection!.forbidden(base)).toBe(0);
    arena.storeRef(base, 0); // no barrier hit: before the fix, an assertion failed here
    mvff.free(block, 3 * g);
    mvff.destroy();
    ap.destroy();
    amc.destroy();
    format.destroy();
    arena.destroy();
  });
});
