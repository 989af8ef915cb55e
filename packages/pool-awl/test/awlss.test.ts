// A stress test of AWL on the tracer, after the MPS's amsss: a random graph
// of exact AWL objects plus weak AWL objects whose slots are weak references
// to exact objects. The mutator allocates, links, drops roots and follows
// references (through the barrier), with collections started by the chain's
// capacity in between. After each full collection with exact roots: every
// weak reference to a strongly reachable object is intact, every other one
// is 0, and the pool holds exactly the strongly reachable objects.
import { describe, expect, it } from "vitest";
import type { AP, Arena, Root } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";
import { AWLPool } from "../src/index.js";
import { type Backend, SEED, arrayRoot, gcArena, rng } from "./helpers.js";

type H = 0 | 8;
interface Obj {
  addr: Addr;
  weak: boolean;
  slots: number[]; // ids, -1 for null
  size: number;
}

class World {
  readonly arena: Arena;
  readonly pool: AWLPool;
  readonly exactAp: AP;
  readonly weakAp: AP;
  readonly roots = new Uint32Array(40);
  readonly rootIds = new Int32Array(40).fill(-1);
  readonly model = new Map<number, Obj>();
  private readonly root: Root;
  private nextId = 1;
  readonly r: () => number;

  constructor(readonly h: H, protection: Backend, seed: number, pauseTime?: number) {
    this.arena = gcArena(protection, pauseTime === undefined ? {} : { pauseTime });
    const format = this.arena.createFormat(testFormat(this.arena.mem, h));
    const chain = this.arena.createChain([{ capacity: 32, mortality: 0.5 }]);
    this.pool = this.arena.createPool(AWLPool, { format, chain });
    this.exactAp = this.pool.createAp({ rank: Rank.EXACT });
    this.weakAp = this.pool.createAp({ rank: Rank.WEAK });
    this.root = arrayRoot(this.arena, this.roots);
    this.r = rng(seed);
  }

  alloc(weak: boolean, nslots: number): number {
    const id = this.nextId++;
    const size = testObjectSize(nslots);
    const ap = weak ? this.weakAp : this.exactAp;
    let p: Addr;
    let obj: Addr;
    do {
      p = ap.reserve(size);
      obj = initTestObject(this.arena.mem, p, this.h, id, nslots);
    } while (!ap.commit(p, size));
    this.model.set(id, { addr: obj, weak, slots: new Array<number>(nslots).fill(-1), size });
    return id;
  }

  slot(id: number, i: number): Addr {
    return testObjectSlotAddr(this.model.get(id)!.addr, this.h, i);
  }

  link(from: number, i: number, to: number): void {
    this.arena.storeRef(this.slot(from, i), to < 0 ? 0 : this.model.get(to)!.addr);
    this.model.get(from)!.slots[i] = to;
  }

  /** Read slot `i` of `id` through the barrier and check it against the model; a weak slot may have been splatted. */
  load(id: number, i: number): number {
    const o = this.model.get(id)!;
    const want = o.slots[i]!;
    const got = this.arena.loadRef(this.slot(id, i));
    if (got === 0) {
      if (want >= 0 && !o.weak) throw new Error(`load: exact slot ${i} of ${id} lost object ${want}`);
      o.slots[i] = -1; // splatted: its referent was unreachable at some collection
      return -1;
    }
    if (want < 0) throw new Error(`load: slot ${i} of ${id} holds ${got}, should be null`);
    const w = this.model.get(want)!;
    if (got !== w.addr || testObjectId(this.arena.mem, got, this.h) !== want) throw new Error(`load: slot ${i} of ${id} holds ${got}, not object ${want}`);
    return want;
  }

  pickRoot(): number {
    return Math.floor(this.r() * this.roots.length);
  }

  setRoot(i: number, id: number): void {
    this.roots[i] = id < 0 ? 0 : this.model.get(id)!.addr;
    this.rootIds[i] = id;
  }

  /** One random mutator step. */
  step(): void {
    const r = this.r;
    const k = r();
    const i = this.pickRoot();
    const cur = this.rootIds[i]!;
    if (k < 0.35) {
      const id = this.alloc(false, 1 + Math.floor(r() * 8));
      if (cur >= 0) this.link(id, 0, cur);
      this.setRoot(i, id);
    } else if (k < 0.5) {
      // a weak object holding weak references to rooted objects, held by an exact object or a root
      const w = this.alloc(true, 1 + Math.floor(r() * 6));
      const n = this.model.get(w)!.slots.length;
      for (let s = 0; s < n; s++) {
        const t = this.rootIds[this.pickRoot()]!;
        if (t >= 0 && !this.model.get(t)!.weak) this.link(w, s, t);
      }
      if (cur >= 0 && !this.model.get(cur)!.weak && r() < 0.7) this.link(cur, this.model.get(cur)!.slots.length - 1, w);
      else this.setRoot(i, w);
    } else if (k < 0.75) {
      const j = this.rootIds[this.pickRoot()]!;
      if (cur >= 0 && j >= 0) {
        const o = this.model.get(cur)!;
        if (!o.weak || !this.model.get(j)!.weak) this.link(cur, Math.floor(r() * o.slots.length), j);
      }
    } else if (k < 0.92) {
      if (cur >= 0) {
        const got = this.load(cur, Math.floor(r() * this.model.get(cur)!.slots.length));
        if (got >= 0) this.setRoot(i, got);
      }
    } else {
      this.setRoot(i, -1);
    }
  }

  /** The ids strongly reachable from the roots: through exact objects' slots only. */
  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = [...this.rootIds].filter((x) => x >= 0);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const o = this.model.get(id)!;
      if (!o.weak) for (const s of o.slots) if (s >= 0) stack.push(s);
    }
    return seen;
  }

  walkIds(): Set<number> {
    const ids = new Set<number>();
    this.pool.walk((p) => ids.add(testObjectId(this.arena.mem, p, this.h)));
    return ids;
  }

  /** After a full collection: the pool holds the strongly reachable objects, and weak slots are intact or 0 as their referents are. */
  checkFull(): void {
    const live = this.reachable();
    expect(this.walkIds()).toEqual(live);
    for (const id of [...this.model.keys()]) if (!live.has(id)) this.model.delete(id);
    for (const id of live) {
      const o = this.model.get(id)!;
      expect(testObjectId(this.arena.mem, o.addr, this.h)).toBe(id);
      for (let s = 0; s < o.slots.length; s++) {
        const want = o.slots[s]!;
        const got = this.arena.loadRef(this.slot(id, s));
        if (want >= 0 && live.has(want)) expect(got, `slot ${s} of ${id} keeps ${want}`).toBe(this.model.get(want)!.addr);
        else {
          expect(got, `slot ${s} of ${id} (${o.weak ? "weak" : "exact"}) to dead ${want} is 0`).toBe(0);
          o.slots[s] = -1;
        }
      }
    }
  }

  destroy(): void {
    this.arena.park();
    this.exactAp.destroy();
    this.weakAp.destroy();
    this.root.destroy();
    const format = this.pool.format!;
    const chain = this.pool.chain;
    this.pool.destroy();
    chain.destroy();
    (format as unknown as { destroy(): void }).destroy();
    this.arena.destroy();
  }
}

function stress(h: H, protection: Backend, seed: number, steps: number, pauseTime?: number): World {
  const w = new World(h, protection, seed, pauseTime);
  const before = w.arena.collections();
  const collector = w.arena.collector as unknown as { trace: { state: number } };
  let midTrace = 0;
  for (let n = 1; n <= steps; n++) {
    w.step();
    if (collector.trace.state !== 0) midTrace++;
    if (n % 3000 === 0) {
      w.arena.collect();
      w.checkFull();
      expect(w.pool.check()).toBe(true);
      w.arena.release();
    }
  }
  if (pauseTime === 0) expect(midTrace, "mutator steps taken while a collection was in progress").toBeGreaterThan(10);
  w.arena.collect();
  w.checkFull();
  expect(w.arena.collections() - before).toBeGreaterThan(Math.floor(steps / 3000));
  return w;
}

describe("AWL on the tracer", () => {
  it(".test.awlss: exact and weak objects, many collections, no barrier", () => {
    const w = stress(0, "none", SEED, 15000);
    expect(w.pool.stats.goodScans).toBeGreaterThan(0);
    w.destroy();
  });
  it(".test.awlss: with the software barrier and incremental collections", () => {
    const w = stress(0, "software", SEED + 1, 15000, 0);
    expect(w.pool.stats.goodScans).toBeGreaterThan(0);
    expect(w.pool.stats.savedAccesses + w.pool.stats.badScans, "barrier hits on weak segments happened").toBeGreaterThan(0);
    w.destroy();
  });
  it(".test.awlss: in-band headers, both backends", () => {
    stress(8, "none", SEED + 2, 6000).destroy();
    stress(8, "software", SEED + 3, 6000, 0).destroy();
  });
});
