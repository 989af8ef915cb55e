// mpsicv-ld: the location-dependency parts of the MPS's code/mpsicv.c (and
// the address-hashed tables the manual's topic/location describes). A table
// hashes objects of an AMC pool by address, recording each key in a location
// dependency before using its address; a collection that may move the keys
// makes the dependency stale, and only such a collection does; after
// rehashing, every key is found again.
import { afterEach, describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, selectPlatform, type LD, type Pool, type VMArena } from "../src/index.js";
import { initTestObject, testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";

const N = 400;
const SIZE = testObjectSize(2);

/** An address-hashed table: open addressing over the keys' addresses, with the LD of those addresses. */
class AddrTable {
  readonly keys: Uint32Array;
  readonly vals: Int32Array;
  readonly ld: LD;
  rehashes = 0;

  constructor(arena: VMArena, capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.vals = new Int32Array(capacity);
    this.ld = arena.createLd();
  }

  private slot(addr: number): number {
    return (Math.imul(addr >>> 3, 0x9e3779b1) >>> 0) % this.keys.length;
  }

  /** Add `addr` → `val`: the LD first, then the address's bits are used. */
  put(addr: number, val: number): void {
    this.ld.add(addr);
    let i = this.slot(addr);
    while (this.keys[i] !== 0 && this.keys[i] !== addr) i = (i + 1) % this.keys.length;
    this.keys[i] = addr;
    this.vals[i] = val;
  }

  /** Look `addr` up by its bits only; -1 if not there. */
  find(addr: number): number {
    let i = this.slot(addr);
    while (this.keys[i] !== 0) {
      if (this.keys[i] === addr) return this.vals[i]!;
      i = (i + 1) % this.keys.length;
    }
    return -1;
  }

  /** The client's lookup: on a miss whose dependency may be stale, rehash and look again. */
  lookup(addr: number, rehash: () => void): number {
    const v = this.find(addr);
    if (v !== -1 || !this.ld.isStale(addr)) return v;
    rehash();
    return this.find(addr);
  }

  clear(): void {
    this.keys.fill(0);
    this.ld.reset();
  }
}

interface World {
  arena: VMArena;
  pool: Pool;
  objs: Uint32Array;
  table: AddrTable;
  rehash(): void;
  make(n: number): void;
  destroy(): void;
}

const worlds: World[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.destroy();
});

function world(klass: "AMC" | "AMS", protection: "none" | "software"): World {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection }) });
  const fmt = arena.createFormat(testFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.8 }]);
  const pool = klass === "AMC" ? arena.createPool(PoolClass.AMC, { format: fmt, chain }) : arena.createPool(PoolClass.AMS, { format: fmt, chain });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const objs = new Uint32Array(N);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
    for (let i = 0; i < objs.length; i++) {
      const v = objs[i]!;
      if (v !== 0 && ss.fix1(v)) objs[i] = ss.fix2(v);
    }
  } });
  let id = 0;
  const make = (n: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let p: number;
      do {
        p = ap.reserve(SIZE);
        initTestObject(arena.mem, p, 0, id, 2);
      } while (!ap.commit(p, SIZE));
      id++;
      out.push(p);
    }
    return out;
  };
  make(N).forEach((p, i) => (objs[i] = p));
  const table = new AddrTable(arena, 2 * N + 1);
  const w: World = {
    arena, pool, objs, table,
    rehash() {
      table.clear();
      table.rehashes++;
      for (let i = 0; i < N; i++) table.put(objs[i]!, i);
    },
    make(n: number) {
      make(n);
    },
    destroy() {
      arena.park();
      root.destroy();
      ap.destroy();
      pool.destroy();
      chain.destroy();
      fmt.destroy();
      arena.destroy();
    },
  };
  w.rehash();
  worlds.push(w);
  return w;
}

function staleCount(w: World): number {
  let n = 0;
  for (let i = 0; i < N; i++) if (w.table.ld.isStale(w.objs[i]!)) n++;
  return n;
}

describe.each(["none", "software"] as const)("mpsicv location dependency (%s protection)", (protection) => {
  it(".ld: a table hashed on AMC addresses is stale after a collection that may move its keys, and only then", () => {
    const w = world("AMC", protection);
    const { arena, table, objs } = w;
    arena.clamp();
    // Nothing has moved: not stale, and every key is found.
    expect(table.ld.isStaleAny()).toBe(false);
    expect(staleCount(w)).toBe(0);
    w.make(2000); // allocation alone, clamped: still nothing moves
    expect(arena.collections()).toBe(0);
    expect(table.ld.isStaleAny()).toBe(false);
    for (let i = 0; i < N; i++) expect(table.find(objs[i]!)).toBe(i);
    // A collection that moves the keys (AMC copies every survivor).
    const before = [...objs];
    arena.collect();
    const moved = objs.filter((p, i) => p !== before[i]).length;
    expect(moved).toBeGreaterThan(0);
    expect(table.ld.isStaleAny()).toBe(true);
    for (let i = 0; i < N; i++) if (objs[i] !== before[i]) expect(table.ld.isStale(before[i]!)).toBe(true);
    // Looked up by its bits only, a moved key is lost; the LD says so.
    expect(objs.filter((p, i) => table.find(p) !== i).length).toBeGreaterThan(0);
    // The client's lookup rehashes once, and then finds every key.
    for (let i = 0; i < N; i++) {
      expect(table.lookup(objs[i]!, () => w.rehash())).toBe(i);
      expect(testObjectId(arena.mem, objs[i]!, 0)).toBe(i);
    }
    expect(table.rehashes).toBe(2);
    expect(table.ld.isStaleAny()).toBe(false);
    expect(staleCount(w)).toBe(0);
    // More allocation, no collection: still fresh.
    w.make(500);
    expect(table.ld.isStaleAny()).toBe(false);
    // An incremental collection: the keys may move from its flip on.
    arena.startCollect();
    arena.clamp();
    expect(table.ld.isStaleAny()).toBe(true);
    arena.park();
    w.rehash();
    for (let i = 0; i < N; i++) expect(table.find(objs[i]!)).toBe(i);
  });

  it(".ld: a dependency older than the history is still stale; merge takes the older epoch", () => {
    const w = world("AMC", protection);
    const { arena, table, objs } = w;
    const old = arena.createLd();
    old.add(objs[0]!);
    for (let i = 0; i < 6; i++) arena.collect(); // more flips than the history remembers
    expect(old.isStale(objs[0]!)).toBe(true);
    expect(old.isStaleAny()).toBe(true);
    w.rehash();
    expect(table.ld.isStaleAny()).toBe(false);
    table.ld.merge(old);
    expect(table.ld.isStaleAny()).toBe(true);
    old.reset();
    old.add(objs[0]!);
    expect(old.isStale(objs[0]!)).toBe(false);
  });

  it(".ld: collections of a non-moving pool (AMS) never make the table stale", () => {
    const w = world("AMS", protection);
    const { arena, table, objs } = w;
    const before = [...objs];
    for (let i = 0; i < 3; i++) {
      w.make(1000);
      arena.collect();
      arena.release();
    }
    expect(arena.collections()).toBeGreaterThanOrEqual(3);
    expect([...objs]).toEqual(before); // nothing moved
    expect(table.ld.isStaleAny()).toBe(false);
    expect(staleCount(w)).toBe(0);
    for (let i = 0; i < N; i++) expect(table.find(objs[i]!)).toBe(i);
  });
});
