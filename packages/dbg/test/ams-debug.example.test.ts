// The AMSDebug example of docs/reference/debugging.md, as it is there (with
// "@mps/dbg" imported from the source). The console output is captured and checked.
import { describe, expect, it, vi } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { AMSDebugPool, DebugDamageError } from "../src/index.js";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";

describe("docs/reference/debugging.md: AMSDebug", () => {
  it("the example runs", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    // --- example starts ---
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
    const format = arena.createFormat(testFormat(arena.mem)); // any format with scan and skip
    const pool = arena.createPool(AMSDebugPool, {
      format,
      poolDebugOptions: { freeTemplate: new TextEncoder().encode("dead") },
    });
    const roots = new Uint32Array(1);
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        if (roots[0] !== 0 && ss.fix1(roots[0]!)) roots[0] = ss.fix2(roots[0]!);
      },
    });
    const ap = pool.createAp();
    const make = (id: number): number => {
      const size = testObjectSize(4);
      let p: number;
      do {
        p = ap.reserve(size);
        initTestObject(arena.mem, p, 0, id, 4);
      } while (!ap.commit(p, size));
      return p;
    };
    roots[0] = make(1);
    const stale = make(2); // nothing refers to it: it dies
    arena.collect(); // reclaim splats it with "dead"
    console.log(new TextDecoder().decode(arena.mem.u8.subarray(stale, stale + 4))); // dead
    arena.mem.u8[stale + 6] = 0; // a write through the stale pointer
    try {
      pool.checkFreeSpace();
    } catch (e) {
      if (!(e instanceof DebugDamageError)) throw e;
      console.log(e.report.at === stale + 6, e.report.expected); // true 97 ('a' of "dead")
      arena.mem.u8[e.report.at] = e.report.expected; // mend it, to go on
    }
    pool.checkFreeSpace();
    ap.destroy();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
    // --- example ends ---
    expect(log.mock.calls).toEqual([["dead"], [true, 97]]);
    log.mockRestore();
  });
});
