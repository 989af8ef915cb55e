/**
 * The dynamic criterion (docs/design/trace.md `.policy`): objects promoted
 * past a chain's last generation land in the arena's top generation, which
 * no chain collects; a full collection must start when memory runs short,
 * or the arena fills with dead objects. (Found by the gcbench port: an AMC
 * pool with a small chain ran out of address space with 512 KiB live.)
 */
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, PoolClass, Rank } from "../src/index.js";
import { cellFormat, windowRoot } from "./cell-format.js";

describe("the dynamic criterion", () => {
  it(".policy.dynamic: an AMC pool with a small chain allocates far more than the arena holds, with a bounded live set", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    const mem = arena.mem;
    const format = arena.createFormat(cellFormat(arena));
    const chain = arena.createChain([{ capacity: 256, mortality: 0.5 }]);
    const pool = arena.createPool(PoolClass.AMC, { format, chain });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const live = new Uint32Array(32768);
    const root = windowRoot(arena, live);
    arena.messageTypeEnable(MessageType.GC_START);
    const n = 600_000; // 9.6 MB of 16-byte objects through a 4 MB arena
    for (let i = 0; i < n; i++) {
      let p: number;
      do {
        p = ap.reserve(16);
        mem.u32[p >>> 2] = 0;
        mem.u32[(p >>> 2) + 1] = 0; // the one reference slot: null
      } while (!ap.commit(p, 16));
      live[Math.imul(i, 7919) % live.length >>> 0] = p;
    }
    let dynamic = 0;
    for (let m = arena.messageGet(MessageType.GC_START); m !== undefined; m = arena.messageGet(MessageType.GC_START)) {
      if (m.gcStartWhy.startsWith("A full collection must start now")) dynamic++;
      arena.messageDiscard(m);
    }
    expect(arena.collections()).toBeGreaterThan(1);
    expect(dynamic).toBeGreaterThan(0);
    ap.destroy();
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});
