// Ports of the MPS's awlut and awluthe: a weak table (an AWL object of rank
// WEAK whose slots are keys) linked to an exact table of values (its
// dependent object). Keys the mutator keeps alive stay; keys it dropped are
// splatted by a collection, and the table format's scanner then deletes the
// matching value, through the dependent object that AWL exposes for the
// scan. After each collection both tables must match a JavaScript model; on
// both protection backends, without and with in-band headers.
import { describe, expect, it } from "vitest";
import type { AP, Arena } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { testObjectId } from "@mps/trace/test-util";
import { AWLPool } from "../src/index.js";
import {
  BACKENDS, type Backend, SEED, allocObj, allocTable, arrayRoot, gcArena, linkTables, rng, slotAddr, tableDependent, tableFormat,
} from "./helpers.js";

const SLOTS = 49;

interface Entry {
  key: number; // id of the key, or -1 for an empty slot
  value: number;
  kept: boolean; // does the mutator hold the key (in `preserve`)?
}

function run(protection: Backend, h: 0 | 8, seed: number, rounds: number): void {
  const arena: Arena = gcArena(protection);
  const mem = arena.mem;
  // the dependent object must be exposed, with a universal summary, whenever the scanner writes it
  let deletions = 0;
  const onDelete = (partner: Addr): void => {
    const seg = arena.segOfAddr(partner)!;
    expect(seg.depth, "the dependent object's segment is exposed").toBeGreaterThan(0);
    expect(seg.summary >>> 0, "the dependent object's segment has a universal summary").toBe(0xffffffff);
    deletions++;
  };
  const format = arena.createFormat(tableFormat(mem, h, onDelete));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.5 }]);
  const pool = arena.createPool(AWLPool, { format, chain, awlFindDependent: tableDependent(mem, h) });
  const weakAp = pool.createAp({ rank: Rank.WEAK });
  const exactAp = pool.createAp({ rank: Rank.EXACT });
  const leafAp = pool.createAp({ rank: Rank.EXACT });
  const bogusAp = pool.createAp({ rank: Rank.EXACT });
  const r = rng(seed);
  // the mutator's references: the two tables, and the keys it keeps alive
  const tables = new Uint32Array(2);
  const preserve = new Uint32Array(SLOTS);
  const roots = [arrayRoot(arena, tables), arrayRoot(arena, preserve)];
  // bogusAp is left between reserve and commit throughout, as in awlut
  const bogus = bogusAp.reserve(64);
  mem.u32[bogus >>> 2] = 64 | 2;
  let nextId = 1;
  const leaf = (ap: AP): Addr => allocObj(arena, ap, h, nextId++, 2, true);

  tables[1] = allocTable(arena, exactAp, h, SLOTS);
  tables[0] = allocTable(arena, weakAp, h, SLOTS);
  linkTables(arena, tables[0]!, tables[1]!, h);
  const model: Entry[] = [];
  const fill = (i: number): void => {
    const key = leaf(leafAp);
    const value = leaf(leafAp);
    const kept = r() < 0.5;
    preserve[i] = kept ? key : 0;
    arena.storeRef(slotAddr(tables[0]!, h, i), key);
    arena.storeRef(slotAddr(tables[1]!, h, i), value);
    model[i] = { key: testObjectId(mem, key, h), value: testObjectId(mem, value, h), kept };
  };
  for (let i = 0; i < SLOTS; i++) fill(i);

  const idAt = (a: Addr): number => testObjectId(mem, a, h);
  const check = (round: number): void => {
    let deleted = 0;
    for (let i = 0; i < SLOTS; i++) {
      const e = model[i]!;
      const k = arena.loadRef(slotAddr(tables[0]!, h, i));
      const v = arena.loadRef(slotAddr(tables[1]!, h, i));
      if (e.key < 0) {
        expect(k, `round ${round} slot ${i}: an empty weak slot stays empty`).toBe(0);
        expect(v).toBe(0);
      } else if (e.kept) {
        expect(k, `round ${round} slot ${i}: a kept key survives`).not.toBe(0);
        expect(idAt(k)).toBe(e.key);
        expect(k).toBe(preserve[i]);
        expect(v, `round ${round} slot ${i}: its value survives`).not.toBe(0);
        expect(idAt(v)).toBe(e.value);
      } else {
        expect(k, `round ${round} slot ${i}: a dropped key is splatted`).toBe(0);
        expect(v, `round ${round} slot ${i}: its value was deleted through the dependent object`).toBe(0);
        e.key = -1;
        e.value = -1;
        deleted++;
      }
    }
    return void deleted;
  };

  for (let round = 0; round < rounds; round++) {
    // garbage, as awlut's "spong" strings, so that the chain collects too
    for (let j = 0; j < 400; j++) leaf(leafAp);
    arena.collect();
    arena.release();
    check(round);
    expect(pool.check()).toBe(true);
    // the mutator drops some keys and fills empty slots
    for (let i = 0; i < SLOTS; i++) {
      const e = model[i]!;
      if (e.key < 0) {
        if (r() < 0.5) fill(i);
      } else if (e.kept && r() < 0.3) {
        e.kept = false;
        preserve[i] = 0;
      }
    }
  }
  expect(pool.stats.goodScans).toBeGreaterThan(0);
  expect(deletions).toBeGreaterThan(SLOTS / 4);
  bogusAp.commit(bogus, 64);
  arena.park();
  for (const ap of [weakAp, exactAp, leafAp, bogusAp]) ap.destroy();
  for (const root of roots) root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
}

describe("AWL weak tables", () => {
  for (const protection of BACKENDS) {
    // .req.dependent
    it(`.test.awlut: weak keys, exact values as the dependent object (${protection})`, () => {
      run(protection, 0, SEED, 8);
    });
    it(`.test.awluthe: the same with in-band headers (${protection})`, () => {
      run(protection, 8, SEED + 1, 8);
    });
  }
});
