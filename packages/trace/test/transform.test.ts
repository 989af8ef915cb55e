import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Arena, ArenaClass, type Pool, type VMArena } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { Rank } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { traceCollector, type TraceCollector, Transform } from "../src/index.js";
import { Graph, testFormat } from "./graph.js";
import { OneCopyPool, OnePool } from "./one-pool.js";

const arenas: VMArena[] = [];
afterEach(() => {
  for (const a of arenas.splice(0)) a.destroy();
});

function makeArena(protection: "none" | "software"): VMArena {
  const a = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  arenas.push(a);
  return a;
}

/** Make a new object for `old` (a fresh id, the same slots), not yet referred to; returns its address and id. */
function newFor(g: Graph, old: number, oldId: number): [number, number] {
  const p = g.alloc();
  const id = g.id(p);
  const slots = g.model.get(oldId)!;
  for (let s = 0; s < g.slots; s++) g.set(p, id, s, g.get(old, s), slots[s]!);
  return [p, id];
}

/** The model after the transform: every reference to an old id becomes its new id. */
function remap(g: Graph, idMap: Map<number, number>): void {
  for (let i = 0; i < g.rootIds.length; i++) {
    const nu = idMap.get(g.rootIds[i]!);
    if (nu !== undefined) g.rootIds[i] = nu;
  }
  for (const slots of g.model.values()) {
    for (let s = 0; s < slots.length; s++) {
      const nu = idMap.get(slots[s]!);
      if (nu !== undefined) slots[s] = nu;
    }
  }
}

/** Every reachable object, by address (plain reads: the arena is parked and the trace is over). */
function reachableAddrs(g: Graph): Set<number> {
  const seen = new Set<number>();
  const stack = [...g.roots].filter((r) => r !== 0);
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (let s = 0; s < g.slots; s++) {
      const q = g.get(p, s);
      if (q !== 0) stack.push(q);
    }
  }
  return seen;
}

/** The index of the first word that differs, or -1. */
function firstDifference(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function objectCount(pool: Pool): number {
  return (pool as OnePool).objects.size;
}

for (const protection of ["none", "software"] as const) {
  for (const [name, klass, withChain] of [
    ["mark in place", OnePool, false],
    ["copying", OneCopyPool, false],
    ["copying, in a chain", OneCopyPool, true],
  ] as const) {
    describe(`transforms, ${name} pool, ${protection} protection`, () => {
      it(".transform.apply: every reference to an old object (roots and heap) becomes its new one, and the olds die", () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 1, max: 12 }), (seed, nOld) => {
            const arena = makeArena(protection);
            const fmt = arena.createFormat(testFormat(arena.mem));
            const chain = withChain ? arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]) : undefined;
            const pool = arena.createPool(klass, chain !== undefined ? { format: fmt, chain } : { format: fmt });
            const g = new Graph(arena, pool, 12, 3, seed, protection === "software");
            for (let i = 0; i < 80; i++) g.mutate();
            arena.collect();
            g.prune(g.verify());
            for (let i = 0; i < 30; i++) g.mutate();
            arena.park();
            const live = [...reachableAddrs(g)];
            const olds: number[] = [];
            const news: number[] = [];
            const idMap = new Map<number, number>();
            for (let k = 0; k < nOld && k < live.length; k++) {
              const old = live[(seed + k * 7) % live.length]!;
              if (olds.includes(old)) continue;
              const oldId = g.id(old);
              const [p, id] = newFor(g, old, oldId);
              olds.push(old);
              news.push(p);
              idMap.set(oldId, id);
            }
            const before = arena.collections();
            const t = arena.createTransform() as Transform;
            t.addOldNew(olds, news);
            expect(t.count).toBe(olds.length);
            expect(t.apply()).toBe(true);
            expect(arena.collections()).toBe(before + 1);
            expect((arena.collector as TraceCollector).check()).toBe(true);
            t.destroy();
            remap(g, idMap);
            const reachable = g.verify();
            for (const oldId of idMap.keys()) expect(reachable.has(oldId)).toBe(false);
            for (const newId of idMap.values()) expect(reachable.has(newId)).toBe(true);
            // The olds were condemned and nothing refers to them: that collection reclaimed them.
            for (const old of olds) expect(reachableAddrs(g).has(old)).toBe(false);
            g.prune(reachable);
            arena.collect();
            expect(objectCount(pool)).toBe(g.verify().size);
            // The summaries stayed right: an incremental collection with the mutator running still keeps everything.
            arena.release();
            arena.startCollect();
            for (let i = 0; i < 200 && arena.step(0, 0); i++) g.mutate();
            arena.park();
            g.prune(g.verify());
            g.root.destroy();
            pool.destroy();
            chain?.destroy();
            fmt.destroy();
            arenas.splice(arenas.indexOf(arena), 1);
            arena.destroy();
          }),
          { numRuns: 8 },
        );
      });
    });
  }
}

interface World {
  arena: VMArena;
  pool: Pool;
  g: Graph;
  done(): void;
}

function world(klass: typeof OnePool = OneCopyPool, protection: "none" | "software" = "none"): World {
  const arena = makeArena(protection);
  const fmt = arena.createFormat(testFormat(arena.mem));
  const pool = arena.createPool(klass, { format: fmt });
  const g = new Graph(arena, pool, 8, 2, 5, protection === "software");
  arena.park();
  return {
    arena,
    pool,
    g,
    done() {
      g.root.destroy();
      pool.destroy();
      fmt.destroy();
    },
  };
}

/** Root `p` (of the graph's model) in slot `i`. */
function root(g: Graph, i: number, p: number): void {
  g.roots[i] = p;
  g.rootIds[i] = p === 0 ? -1 : g.id(p);
}

describe("transforms: the MPS's cases", () => {
  it(".transform.ambig: an ambiguous root holding an old object refuses the transform and changes nothing", () => {
    for (const klass of [OnePool, OneCopyPool]) {
      const { arena, g, done } = world(klass);
      const a = g.alloc();
      const b = g.alloc();
      const c = g.alloc();
      root(g, 0, a);
      root(g, 1, b);
      g.set(b, g.id(b), 0, a, g.id(a));
      const ambig = new Uint32Array([a]);
      const ar = arena.createRoot({ rank: Rank.AMBIG, scan: (ss) => void (ambig[0] !== 0 && ss.fix1(ambig[0]!) && ss.fix2(ambig[0]!)) });
      const snapshot = arena.mem.u32.slice();
      const before = arena.collections();
      const t = arena.createTransform() as Transform;
      t.addOldNew([a], [c]);
      expect(t.apply()).toBe(false);
      expect(t.wasAborted).toBe(true);
      expect(arena.collections()).toBe(before);
      expect(firstDifference(arena.mem.u32, snapshot)).toBe(-1);
      expect(g.roots[0]).toBe(a);
      expect(g.get(b, 0)).toBe(a);
      // Applied once (and refused): a second apply is an error, as after any collection.
      expect(codeOf(() => t.apply())).toBe("PARAM");
      t.destroy();
      // Without the ambiguous reference, a new transform succeeds.
      ambig[0] = 0;
      const cid = g.id(c);
      const t2 = arena.createTransform();
      t2.addOldNew([a], [c]);
      expect(t2.apply()).toBe(true);
      t2.destroy();
      expect(g.id(g.roots[0]!)).toBe(cid);
      expect(g.get(g.roots[1]!, 0)).toBe(g.roots[0]);
      ar.destroy();
      done();
    }
  });

  it(".transform.interior: an ambiguous reference into the middle of an old object does not refuse it (as the MPS: only the address itself counts)", () => {
    const { arena, g, done } = world(OnePool);
    const a = g.alloc();
    const c = g.alloc();
    root(g, 0, a);
    const ambig = new Uint32Array([a + 8]);
    const ar = arena.createRoot({ rank: Rank.AMBIG, scan: (ss) => void (ss.fix1(ambig[0]!) && ss.fix2(ambig[0]!)) });
    const t = arena.createTransform();
    t.addOldNew([a], [c]);
    expect(t.apply()).toBe(true);
    expect(g.roots[0]).toBe(c);
    t.destroy();
    ar.destroy();
    done();
  });

  it(".transform.weak: a weak reference to an old object becomes its new one (kept when the new one lives)", () => {
    const { arena, g, done } = world(OneCopyPool);
    const a = g.alloc();
    const c = g.alloc();
    root(g, 0, a);
    const weak = new Uint32Array([a]);
    const wr = arena.createRoot({ rank: Rank.WEAK, scan: (ss) => void (weak[0] !== 0 && ss.fix1(weak[0]!) && (weak[0] = ss.fix2(weak[0]!))) });
    const cid = g.id(c);
    const t = arena.createTransform();
    t.addOldNew([a], [c]);
    expect(t.apply()).toBe(true);
    t.destroy();
    expect(weak[0]).not.toBe(0);
    expect(g.id(weak[0]!)).toBe(cid);
    expect(weak[0]).toBe(g.roots[0]);
    wr.destroy();
    done();
  });

  it(".transform.swap: olds may be news: a→b and b→a swap every reference, and both live", () => {
    const { arena, g, done } = world(OneCopyPool);
    const a = g.alloc();
    const b = g.alloc();
    const ida = g.id(a);
    const idb = g.id(b);
    g.set(a, ida, 0, b, idb);
    root(g, 0, a);
    root(g, 1, b);
    const t = arena.createTransform();
    t.addOldNew([a, b], [b, a]);
    expect(t.apply()).toBe(true);
    t.destroy();
    expect(g.id(g.roots[0]!)).toBe(idb);
    expect(g.id(g.roots[1]!)).toBe(ida);
    // a's slot referred to b: now to a itself.
    expect(g.get(g.roots[1]!, 0)).toBe(g.roots[1]);
    done();
  });

  it(".transform.old-refs: references held only by the dead old objects are not followed: what only an old kept alive dies", () => {
    const { arena, pool, g, done } = world(OnePool);
    const a = g.alloc();
    const only = g.alloc(); // referred to by a alone
    const c = g.alloc();
    g.set(a, g.id(a), 0, only, g.id(only));
    root(g, 0, a);
    root(g, 1, c);
    const t = arena.createTransform();
    t.addOldNew([a], [c]);
    expect(t.apply()).toBe(true);
    t.destroy();
    const objects = (pool as OnePool).objects;
    expect(objects.has(a)).toBe(false);
    // Not condemned (this pool keeps no generations: only the olds' segments were), so still there until a full collection.
    expect(objects.has(only)).toBe(true);
    expect(g.get(c, 0)).toBe(0);
    arena.collect();
    expect(objects.has(only)).toBe(false);
    expect(objects.has(c)).toBe(true);
    done();
  });

  it(".transform.trivial: an empty transform, zeros and identities apply at once without a collection", () => {
    const { arena, g, done } = world(OneCopyPool);
    const a = g.alloc();
    root(g, 0, a);
    const before = arena.collections();
    const t = arena.createTransform();
    expect(t.apply()).toBe(true);
    t.destroy();
    const t2 = arena.createTransform() as Transform;
    t2.addOldNew([0, a], [a, a]);
    expect(t2.count).toBe(0);
    expect(t2.apply()).toBe(true);
    t2.destroy();
    expect(arena.collections()).toBe(before);
    expect(g.roots[0]).toBe(a);
    done();
  });

  it(".transform.errors: bad arguments throw PARAM and leave the transform as it was", () => {
    const { arena, g, done } = world(OnePool);
    const a = g.alloc();
    const b = g.alloc();
    const c = g.alloc();
    root(g, 0, a);
    root(g, 1, c);
    const t = arena.createTransform() as Transform;
    expect(codeOf(() => t.addOldNew([a, b], [c]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([a, a], [b, c]))).toBe("PARAM"); // an old twice in one call
    expect(codeOf(() => t.addOldNew([a + 8], [c]))).toBe("PARAM"); // not an object's address
    expect(codeOf(() => t.addOldNew([a], [c + 4]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([a], [0]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([4], [c]))).toBe("PARAM"); // not in the arena
    expect(codeOf(() => t.addOldNew([a], [-1]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([1.5], [c]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew(7 as unknown as number[], [c]))).toBe("PARAM");
    expect(t.count).toBe(0);
    t.addOldNew(new Uint32Array([a]), new Uint32Array([c]));
    expect(codeOf(() => t.addOldNew([b, a], [c, b]))).toBe("PARAM"); // a again, in a later call
    expect(t.count).toBe(1);
    expect(t.lookup(a)).toBe(c);
    expect(t.lookup(b)).toBeUndefined();
    expect(t.check()).toBe(true);
    // A collection since the transform was made: its addresses may be stale.
    arena.collect();
    expect(codeOf(() => t.apply())).toBe("PARAM");
    t.destroy();
    expect(codeOf(() => t.apply())).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([], []))).toBe("PARAM");
    expect(codeOf(() => t.destroy())).toBe("PARAM");
    // A transform applied cannot be applied or filled again.
    const t2 = arena.createTransform();
    t2.addOldNew([g.roots[0]!], [c]);
    expect(t2.apply()).toBe(true);
    expect(codeOf(() => t2.apply())).toBe("PARAM");
    expect(codeOf(() => t2.addOldNew([], []))).toBe("PARAM");
    t2.destroy();
    done();
  });

  it(".transform.errors: a transform whose arena was destroyed can only be destroyed", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, collector: traceCollector, platform: selectPlatform({ protection: "none" }) });
    const t = arena.createTransform() as Transform;
    arena.destroy();
    expect(codeOf(() => t.apply())).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([], []))).toBe("PARAM");
    expect(codeOf(() => t.count)).toBe("PARAM");
    t.destroy();
    expect(codeOf(() => t.destroy())).toBe("PARAM");
  });

  it(".transform.unimpl: an arena whose collector cannot trace refuses to make a transform (UNIMPL)", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: selectPlatform({ protection: "none" }) });
    arenas.push(arena);
    expect(codeOf(() => arena.createTransform())).toBe("UNIMPL");
  });

  it(".transform.epoch: a transform made during a collection is good once it ends; one made before a collection that apply's park finishes is not", () => {
    const { arena, g, done } = world(OneCopyPool, "software");
    for (let i = 0; i < 40; i++) g.mutate();
    const a = g.alloc();
    const c = g.alloc();
    root(g, 0, a);
    root(g, 1, c);
    const cid = g.id(c);
    arena.startCollect();
    expect((arena.collector as TraceCollector).trace.state).not.toBe(0);
    const t = arena.createTransform();
    arena.park();
    t.addOldNew([g.roots[0]!], [g.roots[1]!]);
    expect(t.apply()).toBe(true);
    expect(g.id(g.roots[0]!)).toBe(cid);
    t.destroy();
    // Made while parked, then a collection starts (and moves things) before apply parks again.
    const t2 = arena.createTransform() as Transform;
    t2.addOldNew([g.roots[1]!], [g.roots[0]!]);
    arena.startCollect();
    expect((arena.collector as TraceCollector).trace.state).not.toBe(0);
    expect(codeOf(() => t2.apply())).toBe("PARAM");
    expect(t2.check()).toBe(true);
    t2.destroy();
    done();
  });

  it(".transform.running: addOldNew refuses while a collection is running (park first)", () => {
    const { arena, g, done } = world(OnePool, "software");
    for (let i = 0; i < 40; i++) g.mutate();
    const a = g.alloc();
    const c = g.alloc();
    root(g, 0, a);
    const t = arena.createTransform();
    arena.startCollect();
    expect((arena.collector as TraceCollector).trace.state).not.toBe(0);
    expect(codeOf(() => t.addOldNew([a], [c]))).toBe("PARAM");
    arena.park();
    t.destroy();
    done();
  });
});
