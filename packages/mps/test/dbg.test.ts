// The example of docs/reference/debugging.md, through the umbrella: a
// fencepost overrun found by free, mended, then the block freed and splatted.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, DebugDamageError, PoolClass, isMpsError } from "../src/index.js";

describe("docs/reference/debugging.md", () => {
  it("the example runs", () => {
    const log: unknown[] = [];
    const console = { log: (...a: unknown[]) => log.push(a) };
    // --- example starts ---
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const pool = arena.createPool(PoolClass.MVFFDebug, {
      poolDebugOptions: {
        fenceTemplate: new TextEncoder().encode("fencepost"), // 9 bytes: each fencepost is 16
        freeTemplate: new TextEncoder().encode("free"),
      },
    });

    const p = pool.alloc(16);
    arena.mem.u8.fill(0x41, p, p + 17); // one byte too many
    try {
      pool.free(p, 16);
    } catch (e) {
      if (!(e instanceof DebugDamageError)) throw e;
      const r = e.report;
      console.log(r.kind, r.tag, r.offset); // trailing-fence 1 16
      arena.mem.u8[r.at] = r.expected; // mend it, to go on
    }
    pool.free(p, 16); // now the fenceposts are intact
    pool.checkFreeSpace(); // and the block is splatted
    // --- example ends ---
    expect(log).toEqual([["trailing-fence", 1, 16]]);
    expect(arena.mem.u8[p]).toBe("free".charCodeAt(p % 4));
    pool.destroy();
    arena.destroy();
  });

  it("PoolClass.MVFFDebug is registered, takes the MVFF options, and refuses bad debug options", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    const pool = arena.createPool(PoolClass.MVFFDebug, { extendBy: 4096, align: 16 });
    expect([pool.className, pool.alignment, pool.extendBy]).toEqual(["MVFFDebug", 16, 4096]);
    const q = pool.alloc(8);
    expect(pool.tagOf(q)).toBe(1);
    expect(pool.totalSize() - pool.freeSize()).toBe(16 + 2 * 16);
    let e: unknown;
    try {
      arena.createPool(PoolClass.MVFFDebug, { poolDebugOptions: { fenceTemplate: "POST" as unknown as Uint8Array } });
    } catch (x) {
      e = x;
    }
    expect(isMpsError(e, "PARAM")).toBe(true);
    pool.free(q, 8);
    pool.destroy();
    arena.destroy();
  });
});
