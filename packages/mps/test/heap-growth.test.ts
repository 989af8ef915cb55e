/**
 * The heap-growth rule (arena option `heapGrowth`, docs/design/trace.md
 * `.policy.growth`; not in the MPS): a full collection starts when the memory
 * in use exceeds the factor times what was in use after the last one. Without
 * it, the top generation of a large arena grows until the dynamic criterion
 * finds the arena nearly full.
 */
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, PoolClass, Rank } from "../src/index.js";
import { cellFormat, windowRoot } from "./cell-format.js";
import { codeOf } from "@mps/mpm/test-util";

const EXTENSION = "An extension of the MPS started this collection.";

/** Allocate 600 000 16-byte objects into a window of 32 768 live ones; return the peak in use and the rule's collections. */
function run(heapGrowth: number | undefined): { peakInUse: number; extension: number; collections: number } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, ...(heapGrowth !== undefined ? { heapGrowth } : {}) });
  const mem = arena.mem;
  const format = arena.createFormat(cellFormat(arena));
  const chain = arena.createChain([{ capacity: 256, mortality: 0.5 }]);
  const pool = arena.createPool(PoolClass.AMC, { format, chain });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const live = new Uint32Array(32768);
  const stamp = new Uint32Array(32768);
  const root = windowRoot(arena, live);
  arena.messageTypeEnable(MessageType.GC_START);
  let peakInUse = 0;
  for (let i = 0; i < 600_000; i++) {
    let p: number;
    do {
      p = ap.reserve(16);
      mem.u32[p >>> 2] = (i << 2) + 4; // never 1 (forwarded) or 2 (pad)
      mem.u32[(p >>> 2) + 1] = 0;
    } while (!ap.commit(p, 16));
    const k = Math.imul(i, 7919) % live.length >>> 0;
    live[k] = p;
    stamp[k] = (i << 2) + 4;
    if ((i & 255) === 0) peakInUse = Math.max(peakInUse, arena.committed() - arena.spareCommitted());
  }
  for (let k = 0; k < live.length; k++) if (live[k] !== 0) expect(mem.u32[live[k]! >>> 2]).toBe(stamp[k]);
  let extension = 0;
  for (let m = arena.messageGet(MessageType.GC_START); m !== undefined; m = arena.messageGet(MessageType.GC_START)) {
    if (m.gcStartWhy === EXTENSION) extension++;
    arena.messageDiscard(m);
  }
  const collections = arena.collections();
  ap.destroy();
  root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { peakInUse, extension, collections };
}

describe("the heap-growth rule", () => {
  it(".policy.growth: with heapGrowth 1.5 a 512 KiB live set stays under 2 MiB in use; without it, the 64 MiB arena's top generation grows past 4 MiB", () => {
    const without = run(undefined);
    const withRule = run(1.5);
    expect(without.extension).toBe(0);
    expect(without.peakInUse).toBeGreaterThan(4 << 20);
    expect(withRule.extension).toBeGreaterThan(0);
    expect(withRule.peakInUse).toBeLessThan(2 << 20);
  });

  it(".policy.growth: the option and its accessors check their values", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    expect(arena.heapGrowth()).toBe(Infinity);
    arena.setHeapGrowth(2);
    expect(arena.heapGrowth()).toBe(2);
    for (const bad of [0.5, 0, -1, NaN, "2" as unknown as number]) expect(codeOf(() => arena.setHeapGrowth(bad))).toBe("PARAM");
    expect(arena.heapGrowth()).toBe(2);
    arena.setHeapGrowth(Infinity);
    expect(arena.heapGrowth()).toBe(Infinity);
    arena.destroy();
    for (const bad of [0.99, NaN, "3" as unknown as number]) expect(codeOf(() => Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, heapGrowth: bad }))).toBe("PARAM");
    const b = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, heapGrowth: 1 });
    expect(b.heapGrowth()).toBe(1);
    b.destroy();
  });
});
