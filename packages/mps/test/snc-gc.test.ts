// SNC and the collector (docs/design/pool-snc.md `.test.gc`): objects in an
// SNC pool hold the only references to objects in an AMC pool. The mutator
// pushes and pops frames, allocates SNC objects that refer to fresh AMC
// objects or to ones other SNC objects refer to, and makes AMC garbage, so
// that collections start on their own, besides explicit and (with the
// software barrier) incremental ones. After each collection every AMC object
// an SNC object refers to is intact (its id and data), and the SNC
// references were updated when AMC moved their referents. Both protection
// backends; with `software` every load and store of a reference in the heap
// goes through arena.loadRef / arena.storeRef.
import { describe, expect, it } from "vitest";
import { type AP, Arena, ArenaClass, MessageType, PoolClass, selectPlatform } from "../src/index.js";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";

const SEED = Number(process.env["MPS_SEED"] ?? 0x5c9c);

function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Data word `i` of AMC object `id`. */
const word = (id: number, i: number): number => (Math.imul(id, 0x9e3779b1) ^ Math.imul(i + 7, 0x85ebca6b)) >>> 0;

/** An SNC object of the model: where it is, and the id of the AMC object each slot refers to (0: null). */
interface SncObj {
  addr: number;
  id: number;
  slots: number[];
}

function run(protection: "none" | "software", seed: number, steps: number): { collections: number; moved: number } {
  const r = rng(seed);
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform({ protection }) });
  const mem = arena.mem;
  const format = arena.createFormat(testFormat(mem, 0));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.9 }]);
  const amc = arena.createPool(PoolClass.AMC, { format, chain });
  const snc = arena.createPool(PoolClass.SNC, { format });
  const amcAp = amc.createAp();
  const sncAp = snc.createAp();
  let collections = 0;
  arena.messages.enable(MessageType.GC);

  const frames: number[] = [];
  const levels: SncObj[][] = [[]];
  const amcIds = new Map<number, number>(); // AMC id -> number of data words
  let nextId = 1;

  /** Make an AMC leaf object of `n` data words; returns its address (valid until the next allocation). */
  function makeAmc(ap: AP, n: number): number {
    const id = nextId++;
    const size = testObjectSize(n);
    let p: number;
    do {
      p = ap.reserve(size);
      initTestObject(mem, p, 0, id, n, true);
      for (let i = 0; i < n; i++) mem.u32[(testObjectSlotAddr(p, 0, i)) >>> 2] = word(id, i);
    } while (!ap.commit(p, size));
    amcIds.set(id, n);
    return p;
  }

  function live(): SncObj[] {
    return levels.flat();
  }

  /** Check every live SNC object and what it refers to; returns the addresses its slots hold. */
  function check(): Map<string, number> {
    const seen = new Map<string, number>();
    for (const o of live()) {
      expect(testObjectId(mem, o.addr, 0)).toBe(o.id);
      o.slots.forEach((want, i) => {
        const ref = arena.loadRef(testObjectSlotAddr(o.addr, 0, i));
        if (want === 0) {
          expect(ref).toBe(0);
          return;
        }
        expect(ref).not.toBe(0);
        expect(testObjectId(mem, ref, 0)).toBe(want);
        const n = amcIds.get(want)!;
        for (let k = 0; k < n; k++) expect(mem.u32[testObjectSlotAddr(ref, 0, k) >>> 2]).toBe(word(want, k));
        seen.set(`${o.id}:${i}`, ref);
      });
    }
    return seen;
  }

  let moved = 0;
  let before = check();
  const afterCollection = (): void => {
    const now = check();
    for (const [k, ref] of now) if (before.has(k) && before.get(k) !== ref) moved++;
    before = now;
  };
  for (let step = 0; step < steps; step++) {
    const x = r();
    if (x < 0.08) {
      frames.push(sncAp.framePush());
      levels.push([]);
    } else if (x < 0.15) {
      if (frames.length > 0) {
        const j = Math.floor(r() * frames.length);
        sncAp.framePop(frames[j]!);
        frames.length = j;
        levels.length = j + 1;
      }
    } else if (x < 0.5) {
      // An SNC object with null slots, then each slot pointed at a fresh AMC object or at
      // what another live SNC object refers to (no allocation between a load and its store).
      const nslots = 1 + Math.floor(r() * 4);
      const id = nextId++;
      const size = testObjectSize(nslots);
      let p: number;
      do {
        p = sncAp.reserve(size);
        initTestObject(mem, p, 0, id, nslots);
      } while (!sncAp.commit(p, size));
      const o: SncObj = { addr: p, id, slots: new Array<number>(nslots).fill(0) };
      levels[levels.length - 1]!.push(o);
      for (let i = 0; i < nslots; i++) {
        const others = live();
        const other = others[Math.floor(r() * others.length)]!;
        const k = Math.floor(r() * other.slots.length);
        if (r() < 0.4 && other.slots[k] !== 0) {
          arena.storeRef(testObjectSlotAddr(p, 0, i), arena.loadRef(testObjectSlotAddr(other.addr, 0, k)));
          o.slots[i] = other.slots[k]!;
        } else if (r() < 0.9) {
          const q = makeAmc(amcAp, Math.floor(r() * 6));
          arena.storeRef(testObjectSlotAddr(p, 0, i), q);
          o.slots[i] = testObjectId(mem, q, 0);
        }
      }
    } else {
      makeAmc(amcAp, Math.floor(r() * 20)); // garbage
    }
    if (protection === "software" && step % 1500 === 700) {
      arena.startCollect();
      collections++;
    }
    if (protection === "software" && step % 50 === 0) arena.step(0.0005, 1);
    if (step % 2500 === 2499) {
      arena.collect();
      collections++;
      afterCollection();
    }
    for (let m = arena.messages.get(MessageType.GC); m !== undefined; m = arena.messages.get(MessageType.GC)) {
      collections++;
      arena.messages.discard(m);
    }
    if (step % 1000 === 0) {
      arena.park();
      afterCollection();
      arena.release();
    }
  }
  arena.collect();
  afterCollection();
  // Pop everything: after a collection the AMC objects only SNC held are gone.
  if (frames.length > 0) sncAp.framePop(frames[0]!);
  levels.length = 1;
  arena.collect();
  afterCollection();
  sncAp.destroy();
  amcAp.destroy();
  snc.destroy();
  amc.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { collections, moved };
}

describe("SNC and the collector", () => {
  it(".test.gc: SNC references keep AMC objects alive and follow them when they move (protection none)", () => {
    const { collections, moved } = run("none", SEED, 12_000);
    expect(collections).toBeGreaterThan(3);
    expect(moved).toBeGreaterThan(0);
  });
  it(".test.gc: the same, incremental, with the software barrier", () => {
    const { collections, moved } = run("software", SEED + 1, 12_000);
    expect(collections).toBeGreaterThan(3);
    expect(moved).toBeGreaterThan(0);
  });
});

describe("SNC allocation points and the flip", () => {
  it(".test.flip: an SNC object reserved before a collection's flip cannot be committed after it (its references may be unfixed), as in any pool with references", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const amc = arena.createPool(PoolClass.AMC, { format });
    const snc = arena.createPool(PoolClass.SNC, { format });
    const amcAp = amc.createAp({});
    const ap = snc.createAp({});
    const size = testObjectSize(1);
    let target: number;
    do {
      target = amcAp.reserve(size);
      initTestObject(arena.mem, target, 0, 1, 1);
    } while (!amcAp.commit(target, size));
    const p = ap.reserve(size);
    initTestObject(arena.mem, p, 0, 2, 1);
    arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = target; // a reference the collector has not seen
    arena.collect(); // target moves or dies: the slot would be stale
    expect(ap.commit(p, size)).toBe(false);
    arena.park();
    ap.destroy();
    amcAp.destroy();
    snc.destroy();
    amc.destroy();
    format.destroy();
    arena.destroy();
  });
});
