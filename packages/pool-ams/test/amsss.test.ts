// Ports of the MPS's amsss and amssshe (stress tests of AMS with exact and
// ambiguous roots, without and with in-band headers) on the real tracer
// (@mps/trace): random graphs, collections started by the chain's capacity
// and by arena.collect, every reachable object's id and slots checked, and
// after a final collection with exact roots only, exactly the reachable
// objects left in the pool.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, type AP, type GCMessage, MessageType, type Root } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots } from "@mps/trace/test-util";
import { AMSPool } from "../src/index.js";
import { rng, SEED } from "./helpers.js";

type H = 0 | 8;

/** The world of one stress run: an arena with the tracer, an AMS pool, exact and ambiguous roots. */
class World {
  readonly arena: Arena;
  readonly pool: AMSPool;
  readonly exactAp: AP;
  readonly ambigAp: AP;
  readonly exactRoots: Uint32Array;
  readonly ambigRoots: Uint32Array;
  readonly exactIds: Int32Array;
  readonly ambigIds: Int32Array;
  readonly model = new Map<number, { addr: Addr; slots: number[]; size: number }>();
  private readonly roots: Root[] = [];
  private nextId = 1;
  readonly r: () => number;

  constructor(
    readonly h: H,
    protection: "none" | "software",
    seed: number,
    pauseTime?: number,
    nExact = 50,
    nAmbig = 20,
  ) {
    this.arena = Arena.create(ArenaClass.VM, {
      arenaSize: 64 << 20,
      collector: traceCollector,
      platform: selectPlatform({ protection }),
      ...(pauseTime === undefined ? {} : { pauseTime }),
    });
    const arena = this.arena;
    const format = arena.createFormat(testFormat(arena.mem, h));
    const chain = arena.createChain([{ capacity: 48, mortality: 0.5 }]);
    this.pool = arena.createPool(AMSPool, { format, chain });
    this.exactAp = this.pool.createAp({ rank: Rank.EXACT });
    this.ambigAp = this.pool.createAp({ rank: Rank.AMBIG });
    this.r = rng(seed);
    const ex = (this.exactRoots = new Uint32Array(nExact));
    const am = (this.ambigRoots = new Uint32Array(nAmbig));
    this.exactIds = new Int32Array(nExact).fill(-1);
    this.ambigIds = new Int32Array(nAmbig).fill(-1);
    this.roots.push(
      arena.createRoot({
        rank: Rank.EXACT,
        scan: (ss) => {
          for (let i = 0; i < ex.length; i++) if (ex[i] !== 0 && ss.fix1(ex[i]!)) ex[i] = ss.fix2(ex[i]!);
        },
      }),
      arena.createRoot({
        rank: Rank.AMBIG,
        scan: (ss) => {
          for (let i = 0; i < am.length; i++) if (ss.fix1(am[i]!)) ss.fix2(am[i]!);
        },
      }),
    );
  }

  /** Allocate an object of `nslots` null slots (on the ambiguous AP with probability `pAmbig`). */
  alloc(nslots: number, pAmbig = 0.2): Addr {
    const id = this.nextId++;
    const size = testObjectSize(nslots);
    const ap = this.r() < pAmbig ? this.ambigAp : this.exactAp;
    let p: Addr;
    let obj: Addr;
    do {
      p = ap.reserve(size);
      obj = initTestObject(this.arena.mem, p, this.h, id, nslots);
    } while (!ap.commit(p, size));
    this.model.set(id, { addr: obj, slots: new Array<number>(nslots).fill(-1), size });
    return obj;
  }

  id(p: Addr): number {
    return testObjectId(this.arena.mem, p, this.h);
  }

  /** Store (through the barrier) a reference to object `toId` in slot `i` of object `fromId`. */
  link(fromId: number, i: number, toId: number): void {
    const from = this.model.get(fromId)!;
    this.arena.storeRef(testObjectSlotAddr(from.addr, this.h, i), toId < 0 ? 0 : this.model.get(toId)!.addr);
    from.slots[i] = toId;
  }

  /** One random step of the mutator, as amsss's loop: allocate, link, re-root, drop. */
  step(): void {
    const r = this.r;
    const k = r();
    const i = Math.floor(r() * this.exactRoots.length);
    if (k < 0.5) {
      const p = this.alloc(Math.floor(r() * (r() < 0.25 ? 96 : 12)) + (this.h === 8 ? 1 : 0)); // with a header, bigger than it
      const id = this.id(p);
      const o = this.model.get(id)!;
      // the new object refers to what the root held, so that structures grow
      if (o.slots.length > 0 && this.exactIds[i]! >= 0) this.link(id, 0, this.exactIds[i]!);
      this.exactRoots[i] = p;
      this.exactIds[i] = id;
    } else if (k < 0.8) {
      const j = Math.floor(r() * this.exactRoots.length);
      const from = this.exactIds[i]!;
      const to = this.exactIds[j]!;
      if (from >= 0 && to >= 0) {
        const n = this.model.get(from)!.slots.length;
        if (n > 0) this.link(from, Math.floor(r() * n), to);
      }
    } else if (k < 0.85) {
      // an ambiguous root takes an object, at its client pointer or inside it
      const a = Math.floor(r() * this.ambigRoots.length);
      const id = this.exactIds[i]!;
      if (id >= 0) {
        const o = this.model.get(id)!;
        this.ambigRoots[a] = o.addr + (o.size - this.h > 4 && r() < 0.5 ? 4 : 0);
        this.ambigIds[a] = id;
      }
    } else if (k < 0.95) {
      // follow a reference (a load through the barrier) and root what it finds
      const id = this.exactIds[i]!;
      if (id >= 0) {
        const o = this.model.get(id)!;
        if (o.slots.length > 0) {
          const s = Math.floor(r() * o.slots.length);
          const q = this.arena.loadRef(testObjectSlotAddr(o.addr, this.h, s));
          const want = o.slots[s]!;
          if (q !== (want < 0 ? 0 : this.model.get(want)!.addr)) throw new Error(`step: loaded ${q} from object ${id} slot ${s}, expected object ${want}`);
          if (q !== 0) {
            this.exactRoots[i] = q;
            this.exactIds[i] = want;
          }
        }
      }
    } else {
      this.exactRoots[i] = 0;
      this.exactIds[i] = -1;
    }
  }

  /** The ids reachable from the roots (ambiguous ones too, unless `exactOnly`). */
  reachable(exactOnly = false): Set<number> {
    const seen = new Set<number>();
    const stack: number[] = [...this.exactIds].filter((x) => x >= 0);
    if (!exactOnly) stack.push(...[...this.ambigIds].filter((x) => x >= 0));
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const s of this.model.get(id)!.slots) if (s >= 0 && !seen.has(s)) stack.push(s);
    }
    return seen;
  }

  /** Check every reachable object's id and slots (reads through the barrier); forget the unreachable. */
  verify(): Set<number> {
    const live = this.reachable();
    const mem = this.arena.mem;
    for (const id of live) {
      const o = this.model.get(id)!;
      if (this.id(o.addr) !== id) throw new Error(`verify: object ${id} at ${o.addr} has id ${this.id(o.addr)}`);
      if (testObjectSlots(mem, o.addr, this.h) !== (o.size - 8) / 4) throw new Error(`verify: object ${id} lost slots`);
      for (let s = 0; s < o.slots.length; s++) {
        const want = o.slots[s]!;
        const got = this.arena.loadRef(testObjectSlotAddr(o.addr, this.h, s));
        if (got !== (want < 0 ? 0 : this.model.get(want)!.addr)) throw new Error(`verify: object ${id} slot ${s} is ${got}, should refer to ${want}`);
      }
    }
    return live;
  }

  /** Forget model objects the pool no longer has (after a full collection). */
  prune(): void {
    const walked = new Set<number>();
    this.pool.walk((p) => walked.add(this.id(p)));
    for (const id of [...this.model.keys()]) if (!walked.has(id)) this.model.delete(id);
  }

  walkIds(): Set<number> {
    const walked = new Set<number>();
    this.pool.walk((p) => walked.add(this.id(p)));
    return walked;
  }

  destroy(): void {
    this.arena.park();
    this.exactAp.destroy();
    this.ambigAp.destroy();
    for (const r of this.roots) r.destroy();
    const format = this.pool.format!;
    const chain = this.pool.chain;
    this.pool.destroy();
    chain.destroy();
    (format as unknown as { destroy(): void }).destroy();
    this.arena.destroy();
  }
}

function stress(h: H, protection: "none" | "software", seed: number, steps: number, pauseTime?: number): void {
  const w = new World(h, protection, seed, pauseTime);
  const arena = w.arena;
  const before = arena.collections();
  let midTrace = 0;
  const collector = arena.collector as unknown as { trace: { state: number } };
  for (let n = 1; n <= steps; n++) {
    w.step();
    if (collector.trace.state !== 0) midTrace++;
    if (n % 500 === 0) w.verify();
    if (n % 4000 === 0) {
      arena.collect(); // leaves the arena parked, as mps_arena_collect does
      const live = w.verify();
      // after a full collection the pool holds what the roots reach (the ambiguous roots reach
      // their objects; objects of the ambiguous AP keep what their slots hold)
      const walked = w.walkIds();
      for (const id of live) expect(walked.has(id), `reachable object ${id} survives`).toBe(true);
      w.prune();
      expect(w.pool.check()).toBe(true);
      arena.release();
    }
  }
  // With the software barrier the scanning after the flip is spread over the polls;
  // with none the flip does it at once and only the sweep is left, so fewer steps
  // fall inside a collection (how many depends on the objects per buffer: 53 with
  // the MPS's first-fit fills, 7 with .impl.fill's long runs).
  if (pauseTime === 0) expect(midTrace, "mutator steps taken while a collection was in progress").toBeGreaterThan(protection === "software" ? 1000 : 0);
  // many collections happened, most started by the chain's capacity
  expect(arena.collections() - before).toBeGreaterThanOrEqual(Math.floor(steps / 4000) + 2);
  // a final collection with exact roots only: exactly the exactly reachable objects survive
  w.ambigRoots.fill(0);
  w.ambigIds.fill(-1);
  w.exactAp.destroy();
  w.ambigAp.destroy();
  arena.collect();
  const live = w.reachable(true);
  expect(w.walkIds()).toEqual(live);
  let liveBytes = 0;
  for (const id of live) liveBytes += w.model.get(id)!.size;
  expect(w.pool.totalSize() - w.pool.freeSize()).toBe(liveBytes);
  w.verify();
  // the destroy needs the APs: make fresh ones for the helper to destroy
  (w as unknown as { exactAp: AP }).exactAp = w.pool.createAp();
  (w as unknown as { ambigAp: AP }).ambigAp = w.pool.createAp({ rank: Rank.AMBIG });
  w.destroy();
}

describe("AMS on the tracer", () => {
  const steps = 24000;
  it(".test.amsss: exact and ambiguous roots, many collections, no barrier", () => {
    stress(0, "none", SEED, steps);
  });
  it(".test.amsss: with the software barrier", () => {
    stress(0, "software", SEED + 1, steps);
  });
  // .req.incremental
  it(".test.incremental: a pause time of zero: one unit of collector work per poll, the mutator running between", () => {
    stress(0, "software", SEED + 5, steps, 0);
    stress(8, "none", SEED + 6, steps / 2, 0);
  });
  it(".test.amssshe: in-band headers", () => {
    stress(8, "none", SEED + 2, steps);
    stress(8, "software", SEED + 3, steps / 2);
  });

  // .req.sizes
  it(".test.gc: a full collection reclaims the unreachable and reports sizes in the GC message", () => {
    const w = new World(0, "none", SEED + 4);
    const a = w.alloc(2, 0);
    const b = w.alloc(2, 0);
    for (let i = 0; i < 100; i++) w.alloc(3, 0);
    w.link(w.id(a), 0, w.id(b));
    w.exactRoots[0] = a;
    w.exactIds[0] = w.id(a);
    w.exactAp.destroy();
    w.ambigAp.destroy();
    w.arena.messageTypeEnable(MessageType.GC);
    w.arena.collect();
    expect(w.walkIds()).toEqual(new Set([w.id(a), w.id(b)]));
    const m = w.arena.messageGet(MessageType.GC) as GCMessage;
    expect(m.liveSize).toBe(2 * testObjectSize(2));
    expect(m.condemnedSize).toBe(2 * testObjectSize(2) + 100 * testObjectSize(3));
    m.delete();
    expect(w.pool.totalSize() - w.pool.freeSize()).toBe(2 * testObjectSize(2));
    (w as unknown as { exactAp: AP }).exactAp = w.pool.createAp();
    (w as unknown as { ambigAp: AP }).ambigAp = w.pool.createAp({ rank: Rank.AMBIG });
    w.destroy();
  });
});
