/**
 * The parts of mpsicv.c that apply before there is a tracer: an arena with
 * pools and allocation points allocating many objects, roots and threads
 * registered and removed, location dependencies, messages, and the
 * collection entry points, which with no automatic pools have nothing to
 * collect (collect returns, step reports no work, no collections). Expected:
 * every object keeps its contents, addrPool and hasAddr answer for every
 * object, and the arena checks and is destroyed cleanly.
 */
import { describe, expect, it } from "vitest";
import { Rank } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MessageType } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

describe("mpsicv", () => {
  it(".test.mpsicv: pools and allocation points allocate, objects keep their contents", () => {
    const arena = mockArena({ arenaSize: 4 << 20 });
    const pool = arena.createPool(TinyPool, { extendBy: 16384 });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const mem = arena.mem;
    const objs: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const size = 8 * (1 + (i % 7));
      let p: number;
      do {
        p = ap.reserve(size);
        mem.u32[p >>> 2] = i;
        mem.u32[(p + 4) >>> 2] = size;
      } while (!ap.commit(p, size));
      objs.push(p);
      if (i % 1000 === 999) arena.check();
    }
    const manual: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = pool.alloc(24);
      mem.u32[p >>> 2] = 0xabc00000 + i;
      manual.push(p);
    }
    objs.forEach((p, i) => {
      expect(mem.u32[p >>> 2]).toBe(i);
      expect(arena.addrPool(p)).toBe(pool);
      expect(arena.hasAddr(p)).toBe(true);
    });
    manual.forEach((p, i) => expect(mem.u32[p >>> 2]).toBe(0xabc00000 + i));
    for (const p of manual) pool.free(p, 24);
    expect(pool.totalSize()).toBe(pool.grainsHeld * arena.grainSize);
    expect(pool.freeSize()).toBeLessThanOrEqual(pool.totalSize());
    ap.destroy();
    pool.destroy();
    expect(arena.hasAddr(objs[0]!)).toBe(false);
    arena.check();
    arena.destroy();
  });

  it(".test.mpsicv.collect: with no tracer, collect and friends return and nothing is collected", () => {
    const arena = mockArena({ arenaSize: 1 << 20 });
    arena.collect();
    arena.startCollect();
    expect(arena.step(0.1, 1)).toBe(false);
    arena.park();
    arena.clamp();
    arena.release();
    arena.postmortem();
    expect(arena.collections()).toBe(0);
    expect(arena.busy()).toBe(false);
    // Finalization needs an automatic pool's object (and the MRG class): a bare address is refused.
    expect(codeOf(() => arena.finalize(4096))).toBe("PARAM");
    expect(codeOf(() => arena.definalize(arena.chunks[0]!.limit - 8))).toBe("FAIL");
    arena.destroy();
  });

  it(".test.mpsicv.services: roots, threads, chains, formats, location dependencies and messages through the arena", () => {
    const arena = mockArena({ arenaSize: 1 << 20 });
    const fmt = arena.createFormat({ fmtAlign: 8 });
    const chain = arena.createChain([{ capacity: 1024, mortality: 0.5 }, { capacity: 2048, mortality: 0.4 }]);
    const thread = arena.registerThread();
    const stack = { base: 1024, limit: 2048, top: () => 1024 };
    const troot = arena.createRootThread(thread, stack);
    const aroot = arena.createRootArea({ rank: Rank.AMBIG, base: 2048, limit: 4096 });
    const seen: unknown[] = [];
    arena.roots.forEach((r) => seen.push(r));
    expect(seen).toContain(troot);
    expect(seen).toContain(aroot);
    // Walking the references in roots needs a scan state: the tracer's (tested in @mps/trace).
    expect(codeOf(() => arena.rootsWalk(() => {}))).toBe("UNIMPL");
    const ld = arena.createLd();
    ld.add(8192);
    expect(ld.isStale(8192)).toBe(false);
    expect(ld.isStaleAny()).toBe(false);
    arena.messageTypeEnable(MessageType.GC);
    expect(arena.messagePoll()).toBe(false);
    expect(arena.messageQueueType()).toBeUndefined();
    expect(arena.messageGet(MessageType.GC)).toBeUndefined();
    arena.messageTypeDisable(MessageType.GC);
    expect(arena.clock()).toBeGreaterThan(0);
    expect(codeOf(() => arena.destroy())).toBe("PARAM");
    aroot.destroy();
    troot.destroy();
    thread.deregister();
    chain.destroy();
    fmt.destroy();
    arena.destroy();
  });
});
