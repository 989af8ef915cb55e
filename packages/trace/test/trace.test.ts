import { afterEach, describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, type GCMessage, type VMArena } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { Rank } from "@mps/mpm";
import { traceCollector, TraceCollector } from "../src/index.js";
import { Graph, testFormat } from "./graph.js";
import { OneCopyPool, OnePool } from "./one-pool.js";

const arenas: VMArena[] = [];
afterEach(() => {
  for (const a of arenas.splice(0)) a.destroy();
});

function makeArena(protection: "none" | "software"): VMArena {
  const a = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  arenas.push(a);
  return a;
}

for (const protection of ["none", "software"] as const) {
  for (const [name, klass] of [["mark in place", OnePool], ["copying", OneCopyPool]] as const) {
    describe(`tracer, ${name} pool, ${protection} protection`, () => {
      it(".test.collect: a full collection keeps every reachable object intact and reclaims the rest", () => {
        const arena = makeArena(protection);
        const fmt = arena.createFormat(testFormat(arena.mem));
        const pool = arena.createPool(klass, { format: fmt });
        const g = new Graph(arena, pool, 16, 3, 42, protection === "software");
        arena.messageTypeEnable(MessageType.GC);
        for (let round = 0; round < 8; round++) {
          for (let i = 0; i < 60; i++) g.mutate();
          g.verify();
          arena.collect();
          expect((arena.collector as TraceCollector).check()).toBe(true);
          const reachable = g.verify();
          g.prune(reachable);
          // After a full collection with exact roots, exactly the reachable objects remain.
          expect(pool.objects.size).toBe(reachable.size);
          const m = arena.messageGet(MessageType.GC) as GCMessage | undefined;
          expect(m).toBeDefined();
          expect(m!.condemnedSize).toBeGreaterThan(0);
          arena.messageDiscard(m!);
        }
        expect(arena.collections()).toBe(8);
        g.root.destroy();
        pool.destroy();
        fmt.destroy();
      });

      it(".test.incremental: startCollect then steps, with the mutator running between them", () => {
        const arena = makeArena(protection);
        const fmt = arena.createFormat(testFormat(arena.mem));
        const pool = arena.createPool(klass, { format: fmt });
        const g = new Graph(arena, pool, 16, 3, 7, protection === "software");
        for (let i = 0; i < 200; i++) g.mutate();
        for (let round = 0; round < 5; round++) {
          arena.startCollect();
          let steps = 0;
          while (arena.step(0, 0) && steps < 10000) {
            for (let i = 0; i < 5; i++) g.mutate();
            expect((arena.collector as TraceCollector).check()).toBe(true); // mid-collection too
            steps++;
            if ((arena.collector as TraceCollector).trace.state === 0) break;
          }
          arena.park();
          g.prune(g.verify());
        }
        arena.collect();
        const reachable = g.verify();
        expect(pool.objects.size).toBe(reachable.size);
        g.root.destroy();
        pool.destroy();
        fmt.destroy();
      });
    });
  }
}

describe("tracer: weak and ambiguous roots", () => {
  // .req.weak
  it(".test.weak: a weak root is splatted when its referent dies, and kept while it lives", () => {
    const arena = makeArena("none");
    const fmt = arena.createFormat(testFormat(arena.mem));
    const pool = arena.createPool(OneCopyPool, { format: fmt });
    const strong = new Graph(arena, pool, 2, 1, 1, false);
    const weak = new Uint32Array(2);
    const wroot = arena.createRoot({
      rank: Rank.WEAK,
      scan: (ss) => {
        for (let i = 0; i < weak.length; i++) if (weak[i] !== 0 && ss.fix1(weak[i]!)) weak[i] = ss.fix2(weak[i]!);
      },
    });
    const a = strong.alloc();
    const b = strong.alloc();
    strong.roots[0] = a;
    strong.rootIds[0] = strong.id(a);
    weak[0] = a;
    weak[1] = b;
    arena.collect();
    expect(weak[1]).toBe(0); // b died
    expect(weak[0]).toBe(strong.roots[0]); // a lives, and the weak reference follows it
    expect(strong.id(weak[0]!)).toBe(strong.id(strong.roots[0]!));
    wroot.destroy();
    strong.root.destroy();
    pool.destroy();
    fmt.destroy();
  });

  it(".test.ambig: an ambiguous root pins its referent where it is", () => {
    const arena = makeArena("none");
    const fmt = arena.createFormat(testFormat(arena.mem));
    const pool = arena.createPool(OneCopyPool, { format: fmt });
    const g = new Graph(arena, pool, 4, 2, 3, false, Rank.AMBIG);
    const p = g.alloc();
    const q = g.alloc();
    g.set(p, g.id(p), 0, q, g.id(q));
    g.roots[0] = p;
    g.rootIds[0] = g.id(p);
    arena.collect();
    expect(g.roots[0]).toBe(p); // not moved
    g.verify();
    g.root.destroy();
    pool.destroy();
    fmt.destroy();
  });
});

describe("tracer: generations", () => {
  for (const protection of ["none", "software"] as const) {
    it(`.test.gen: a chain's nursery is collected when over capacity; objects outside it that refer into it are scanned (${protection})`, () => {
      const arena = makeArena(protection);
      const fmt = arena.createFormat(testFormat(arena.mem));
      const chain = arena.createChain([{ capacity: 4, mortality: 0.5 }]);
      const young = arena.createPool(OneCopyPool, { format: fmt, chain });
      const old = arena.createPool(OnePool, { format: fmt });
      const g = new Graph(arena, young, 24, 3, 99, protection === "software");
      g.pools.push(old);
      let before = arena.collections();
      for (let i = 0; i < 1500; i++) {
        g.mutate();
        if (i % 50 === 0) {
          arena.poll();
          g.verify();
        }
      }
      const minor = arena.collections() - before;
      expect(minor).toBeGreaterThan(0); // the nursery filled and was collected
      arena.collect();
      const reachable = g.verify();
      expect(young.objects.size + old.objects.size).toBe(reachable.size);
      before = arena.collections();
      g.root.destroy();
      young.destroy();
      old.destroy();
      chain.destroy();
      fmt.destroy();
    });
  }
});

describe("tracer: walking roots", () => {
  it(".walk.roots: rootsWalk reports every reference in a root into a formatted pool, and parks the arena", () => {
    const arena = makeArena("none");
    const fmt = arena.createFormat(testFormat(arena.mem));
    const pool = arena.createPool(OnePool, { format: fmt });
    const g = new Graph(arena, pool, 6, 1, 11, false);
    for (let i = 0; i < 30; i++) g.mutate();
    const want = [...g.roots].filter((r) => r !== 0).sort();
    const got: number[] = [];
    arena.rootsWalk((ref, root) => {
      expect(root).toBe(g.root);
      got.push(ref);
    });
    expect(got.sort()).toEqual(want);
    expect(arena.busy()).toBe(false);
    g.root.destroy();
    pool.destroy();
    fmt.destroy();
  });
});

describe("tracer: weak roots are judged last", () => {
  for (const protection of ["none", "software"] as const) {
    it(`.roots.late: a weak root keeps an object that is reachable only through other objects (${protection})`, () => {
      const arena = makeArena(protection);
      const fmt = arena.createFormat(testFormat(arena.mem));
      const pool = arena.createPool(OneCopyPool, { format: fmt });
      const g = new Graph(arena, pool, 1, 1, 5, false);
      const a = g.alloc();
      const b = g.alloc();
      g.set(a, g.id(a), 0, b, g.id(b)); // a -> b; only a is rooted
      g.roots[0] = a;
      g.rootIds[0] = g.id(a);
      const weak = new Uint32Array([b, g.alloc()]);
      const wroot = arena.createRoot({ rank: Rank.WEAK, scan: (ss) => {
        for (let i = 0; i < weak.length; i++) if (weak[i] !== 0 && ss.fix1(weak[i]!)) weak[i] = ss.fix2(weak[i]!);
      } });
      arena.startCollect();
      while (arena.step(0, 0)) { /* the trace runs to its end in one step: it has a weak root */ }
      arena.collect();
      const a2 = g.roots[0]!;
      const b2 = arena.mem.u32[(a2 + 8) >>> 2]!;
      expect(weak[0]).toBe(b2); // followed b to its new place
      expect(weak[1]).toBe(0); // the unreachable one was splatted
      g.verify();
      wroot.destroy();
      g.root.destroy();
      pool.destroy();
      fmt.destroy();
    });
  }
});

describe("tracer: the dynamic criterion", () => {
  it(".policy.dynamic: when memory runs short, polling starts a full collection even with no chain over capacity", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20, collector: traceCollector, platform: selectPlatform() });
    arenas.push(arena);
    arena.messageTypeEnable(MessageType.GC_START);
    const fmt = arena.createFormat(testFormat(arena.mem));
    const pool = arena.createPool(OnePool, { format: fmt, top: true });
    const g = new Graph(arena, pool, 8, 1, 3, false);
    // One grain per object: 4 MiB hold about a thousand; allocate several times that.
    for (let i = 0; i < 5000; i++) {
      g.mutate();
      arena.poll();
    }
    expect(arena.collections()).toBeGreaterThan(0);
    const m = arena.messageGet(MessageType.GC_START) as unknown as { why: number } | undefined;
    expect(m?.why).toBe(1); // TraceStartWhy.DYNAMICCRITERION
    g.prune(g.verify());
    g.root.destroy();
    pool.destroy();
    fmt.destroy();
  });
});
