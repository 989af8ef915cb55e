// awlut with incremental collections: the software barrier, a pause time of
// zero (one unit of collector work per poll), and the mutator reading the
// weak and exact tables through the barrier while collections run. At every
// step: a splatted key's value is gone too (the scanner deletes it in the
// same object scan), a kept key and its value are intact, and a key read is
// the one the model holds. At the end, full collections splat every dropped key.
import { describe, expect, it } from "vitest";
import { type Addr, Rank } from "@mps/mpm";
import { testObjectId } from "@mps/trace/test-util";
import { AWLPool } from "../src/index.js";
import { SEED, allocObj, allocTable, arrayRoot, gcArena, linkTables, rng, slotAddr, tableDependent, tableFormat } from "./helpers.js";

const SLOTS = 64;

function run(h: 0 | 8, seed: number, steps: number): void {
  const arena = gcArena("software", { pauseTime: 0 });
  const mem = arena.mem;
  const format = arena.createFormat(tableFormat(mem, h));
  const chain = arena.createChain([{ capacity: 16, mortality: 0.5 }]);
  const pool = arena.createPool(AWLPool, { format, chain, awlFindDependent: tableDependent(mem, h) });
  const weakAp = pool.createAp({ rank: Rank.WEAK });
  const exactAp = pool.createAp({ rank: Rank.EXACT });
  const r = rng(seed);
  const tables = new Uint32Array(2);
  const preserve = new Uint32Array(SLOTS);
  const roots = [arrayRoot(arena, tables), arrayRoot(arena, preserve)];
  tables[1] = allocTable(arena, exactAp, h, SLOTS);
  tables[0] = allocTable(arena, weakAp, h, SLOTS);
  linkTables(arena, tables[0]!, tables[1]!, h);
  let nextId = 1;
  const keyId = new Int32Array(SLOTS).fill(-1);
  const valueId = new Int32Array(SLOTS).fill(-1);
  const kept = new Uint8Array(SLOTS);
  const idAt = (a: Addr): number => testObjectId(mem, a, h);
  const collector = arena.collector as unknown as { trace: { state: number } };
  let midTrace = 0;
  let resurrected = 0;

  const checkSlot = (i: number): void => {
    const k = arena.loadRef(slotAddr(tables[0]!, h, i));
    const v = arena.loadRef(slotAddr(tables[1]!, h, i));
    if (keyId[i]! < 0) {
      expect(k).toBe(0);
      expect(v).toBe(0);
      return;
    }
    if (k === 0) {
      expect(kept[i], `slot ${i}: a kept key is never splatted`).toBe(0);
      expect(v, `slot ${i}: a splatted key's value is deleted with it`).toBe(0);
      keyId[i] = valueId[i] = -1;
      return;
    }
    expect(idAt(k)).toBe(keyId[i]);
    expect(v).not.toBe(0);
    expect(idAt(v)).toBe(valueId[i]);
    if (!kept[i] && r() < 0.05) {
      // the mutator takes a dropped key back: it must then survive
      preserve[i] = k;
      kept[i] = 1;
      resurrected++;
    }
  };

  for (let n = 0; n < steps; n++) {
    const i = Math.floor(r() * SLOTS);
    const k = r();
    if (k < 0.3) {
      if (keyId[i]! < 0) {
        const key = allocObj(arena, exactAp, h, nextId++, 2, true);
        const value = allocObj(arena, exactAp, h, nextId++, 2, true);
        arena.storeRef(slotAddr(tables[0]!, h, i), key);
        arena.storeRef(slotAddr(tables[1]!, h, i), value);
        keyId[i] = idAt(key);
        valueId[i] = idAt(value);
        kept[i] = r() < 0.5 ? 1 : 0;
        preserve[i] = kept[i] ? key : 0;
      }
    } else if (k < 0.4) {
      kept[i] = 0;
      preserve[i] = 0;
    } else if (k < 0.8) {
      checkSlot(i);
    } else {
      for (let j = 0; j < 8; j++) allocObj(arena, exactAp, h, nextId++, 4, true); // garbage
    }
    if (collector.trace.state !== 0) midTrace++;
    if (n % 500 === 0) expect(pool.check()).toBe(true); // mid-collection too
  }
  expect(midTrace, "mutator steps taken while a collection was in progress").toBeGreaterThan(50);
  for (let i = 0; i < SLOTS; i++) checkSlot(i);
  // two full collections with no reads between: every dropped key is gone
  arena.collect();
  arena.collect();
  for (let i = 0; i < SLOTS; i++) {
    const key = arena.loadRef(slotAddr(tables[0]!, h, i));
    const value = arena.loadRef(slotAddr(tables[1]!, h, i));
    if (keyId[i]! >= 0 && kept[i]) {
      expect(idAt(key)).toBe(keyId[i]);
      expect(idAt(value)).toBe(valueId[i]);
    } else {
      expect(key, `slot ${i}: dropped key splatted`).toBe(0);
      expect(value, `slot ${i}: its value deleted`).toBe(0);
    }
  }
  expect(pool.check()).toBe(true);
  expect(pool.stats.goodScans).toBeGreaterThan(0);
  expect(resurrected, "dropped keys taken back").toBeGreaterThan(0);
  expect(pool.stats.savedAccesses, "reads of grey weak segments handled singly").toBeGreaterThan(0);
  expect(pool.stats.savedScans).toBeGreaterThan(0);
  arena.park();
  weakAp.destroy();
  exactAp.destroy();
  for (const root of roots) root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
}

describe("AWL weak tables, incremental", () => {
  it(".test.awlut.incremental: reads through the barrier while collections run", () => {
    run(0, SEED + 7, 20000);
  });
  it(".test.awluthe.incremental: the same with in-band headers", () => {
    run(8, SEED + 8, 10000);
  });
});
