// The stress test of MSF on the real tracer, on both protection backends: a
// random graph of cells mutated through the barrier (arena.loadRef /
// storeRef), collections started by allocation (the chain's capacity), by
// arena.step and by arena.collect; every reachable cell's id and references
// checked against a model; after a full collection with exact roots, exactly
// the reachable cells are left in the pool.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Arena, type Root } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { MSFPool } from "../src/index.js";
import { cellFormat, gcArena, rng, SEED } from "./helpers.js";

const UNIT = 24; // id + 5 references
const SLOTS = UNIT / 4 - 1;

class World {
  readonly arena: Arena;
  readonly pool: MSFPool;
  readonly roots: Uint32Array;
  readonly rootIds: Int32Array;
  readonly model = new Map<number, { addr: Addr; slots: number[] }>();
  private readonly root: Root;
  private readonly format: { destroy(): void };
  private readonly chain: { destroy(): void };
  private nextId = 1;
  collections = 0;

  constructor(protection: "none" | "software", nRoots = 40) {
    this.arena = gcArena(protection, 64 << 20);
    const arena = this.arena;
    const format = arena.createFormat(cellFormat(arena.mem, UNIT));
    const chain = arena.createChain([{ capacity: 8, mortality: 0.5 }]);
    this.pool = arena.createPool(MSFPool, { format, unitSize: UNIT, chain, extendBy: 8192 });
    this.format = format;
    this.chain = chain;
    const roots = (this.roots = new Uint32Array(nRoots));
    this.rootIds = new Int32Array(nRoots).fill(-1);
    this.root = arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
      },
    });
  }

  alloc(): number {
    const id = this.nextId++;
    const p = this.pool.alloc(UNIT);
    // a new cell is initialised with plain stores (MSF allows it)
    this.arena.mem.u32[p >>> 2] = id;
    this.model.set(id, { addr: p, slots: new Array<number>(SLOTS).fill(-1) });
    return id;
  }

  link(from: number, slot: number, to: number): void {
    const o = this.model.get(from)!;
    this.arena.storeRef(o.addr + 4 + slot * 4, to < 0 ? 0 : this.model.get(to)!.addr);
    o.slots[slot] = to;
  }

  step(r: () => number): void {
    const k = r();
    const i = Math.floor(r() * this.roots.length);
    if (k < 0.45) {
      const id = this.alloc();
      if (this.rootIds[i]! >= 0) this.link(id, 0, this.rootIds[i]!);
      this.roots[i] = this.model.get(id)!.addr;
      this.rootIds[i] = id;
    } else if (k < 0.75) {
      const from = this.rootIds[i]!;
      const to = this.rootIds[Math.floor(r() * this.roots.length)]!;
      if (from >= 0) this.link(from, Math.floor(r() * SLOTS), r() < 0.1 ? -1 : to);
    } else if (k < 0.93) {
      // follow a reference through the read barrier and root what it finds
      const id = this.rootIds[i]!;
      if (id >= 0) {
        const o = this.model.get(id)!;
        const s = Math.floor(r() * SLOTS);
        const q = this.arena.loadRef(o.addr + 4 + s * 4);
        const want = o.slots[s]!;
        expect(q).toBe(want < 0 ? 0 : this.model.get(want)!.addr);
        if (q !== 0) {
          this.roots[i] = q;
          this.rootIds[i] = want;
        }
      }
    } else if (k < 0.96) {
      this.arena.step(0.0001, 1);
    } else {
      this.roots[i] = 0;
      this.rootIds[i] = -1;
    }
  }

  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = [...this.rootIds].filter((x) => x >= 0);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const s of this.model.get(id)!.slots) if (s >= 0) stack.push(s);
    }
    return seen;
  }

  /** Every reachable cell has its id and references (read through the barrier). */
  verify(): Set<number> {
    const live = this.reachable();
    for (const id of live) {
      const o = this.model.get(id)!;
      expect(this.arena.mem.u32[o.addr >>> 2]).toBe(id);
      for (let s = 0; s < SLOTS; s++) {
        const want = o.slots[s]!;
        expect(this.arena.loadRef(o.addr + 4 + s * 4)).toBe(want < 0 ? 0 : this.model.get(want)!.addr);
      }
    }
    return live;
  }

  walkIds(): Set<number> {
    const ids = new Set<number>();
    this.pool.walk((p) => ids.add(this.arena.mem.u32[p >>> 2]!));
    return ids;
  }

  /** A full collection with exact roots: exactly the reachable cells remain; forget the others. */
  fullCollect(): void {
    this.arena.collect();
    this.collections++;
    const live = this.verify();
    const walked = this.walkIds();
    expect(walked).toEqual(live);
    expect(this.pool.totalSize() - this.pool.freeSize()).toBe(live.size * UNIT);
    for (const id of [...this.model.keys()]) if (!live.has(id)) this.model.delete(id);
    expect(this.pool.check()).toBe(true);
  }

  destroy(): void {
    this.arena.park();
    this.root.destroy();
    this.pool.destroy();
    this.chain.destroy();
    this.format.destroy();
    this.arena.destroy();
  }
}

for (const protection of ["none", "software"] as const) {
  describe(`MSF stress, protection ${protection}`, () => {
    it(".test.stress: a random graph survives many collections; the unreachable is reclaimed", () => {
      const w = new World(protection);
      const r = rng(SEED ^ (protection === "none" ? 1 : 2));
      for (let round = 0; round < 12; round++) {
        for (let i = 0; i < 1500; i++) w.step(r);
        w.verify();
        w.fullCollect();
      }
      expect(w.collections).toBe(12);
      // the chain's capacity started collections of its own too
      expect(w.arena.collections()).toBeGreaterThan(12);
      w.roots.fill(0);
      w.rootIds.fill(-1);
      w.fullCollect();
      expect(w.pool.totalSize()).toBe(0);
      w.destroy();
    });

    it(".test.property: any sequence of operations keeps the reachable cells", () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 300 }), (ops) => {
          const w = new World(protection, 8);
          try {
            for (const [op, a, b] of ops) {
              const i = a % w.roots.length;
              if (op <= 1) {
                const id = w.alloc();
                w.roots[i] = w.model.get(id)!.addr;
                w.rootIds[i] = id;
              } else if (op === 2) {
                const from = w.rootIds[i]!;
                if (from >= 0) w.link(from, b % SLOTS, w.rootIds[b % w.roots.length]!);
              } else if (op === 3) {
                w.roots[i] = 0;
                w.rootIds[i] = -1;
              } else if (op === 4) {
                w.arena.step(0, 1);
              } else {
                w.fullCollect();
              }
            }
            w.fullCollect();
          } finally {
            w.destroy();
          }
        }),
        { numRuns: 25, seed: SEED },
      );
    });
  });
}
