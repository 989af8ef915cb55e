/**
 * The software barrier's accessors (API.md "memory access"; docs/design/arena.md
 * `.impl.barrier`): `loadRef` and `storeRef` call the arena's access handler
 * when the protection forbids the access, then make it; with no barrier they
 * are plain reads and writes.
 */
import { describe, expect, it } from "vitest";
import { type Collector, type CollectorFactory } from "@mps/mpm";
import { ACCESS_NONE, ACCESS_READ, ACCESS_WRITE } from "@mps/shield";
import { SOFTWARE_PROTECTION } from "@mps/platform";
import { MockVMBackend } from "@mps/vm/test-util";
import { Arena, ArenaClass } from "../src/index.js";
import { TinyPool } from "./tiny-pool.js";

/** A collector whose barrier handler records the hit and lowers the grain's protection. */
function recordingCollector(hits: string[]): CollectorFactory {
  return (mpmArena): Collector => {
    const arena = mpmArena as unknown as Arena;
    return {
    name: "recording",
    poll() {},
    step: () => false,
    startCollect() {},
    collect() {},
    park() {},
    clamp() {},
    release() {},
    postmortem() {},
    collections: () => 0,
    busy: () => false,
    access(addr, mode) {
      hits.push(`${mode === ACCESS_READ ? "read" : "write"} ${addr}`);
      const g = arena.grainSize;
      const base = addr - (addr % g);
      arena.shield!.prot.set(base, base + g, ACCESS_NONE);
    },
    finish() {},
    describe() {},
    };
  };
}

describe("loadRef and storeRef", () => {
  it(".impl.barrier: a forbidden read or write runs the access handler once, then the access happens", () => {
    const hits: string[] = [];
    const arena = Arena.create(ArenaClass.VM, {
      arenaSize: 1 << 20,
      platform: { vm: new MockVMBackend(), protection: SOFTWARE_PROTECTION },
      collector: recordingCollector(hits),
    });
    const pool = arena.createPool(TinyPool, {});
    const p = pool.alloc(64);
    arena.storeRef(p, 1234);
    expect(hits).toEqual([]);
    const g = arena.grainSize;
    const grain = p - (p % g);
    arena.shield!.prot.set(grain, grain + g, ACCESS_READ);
    expect(arena.loadRef(p)).toBe(1234);
    expect(hits).toEqual([`read ${p}`]);
    expect(arena.loadRef(p)).toBe(1234); // lowered: no second hit
    arena.shield!.prot.set(grain, grain + g, ACCESS_WRITE);
    expect(arena.loadRef(p + 4)).toBe(0); // reads are allowed under a write barrier
    arena.storeRef(p + 4, 99);
    expect(hits).toEqual([`read ${p}`, `write ${p + 4}`]);
    expect(arena.mem.u32[(p + 4) >>> 2]).toBe(99);
    pool.free(p, 64);
    pool.destroy();
    arena.destroy();
  });

  it(".impl.barrier: with no barrier (the none protection) they are plain reads and writes", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, platform: { vm: new MockVMBackend() } });
    const pool = arena.createPool(TinyPool, {});
    const p = pool.alloc(16);
    arena.storeRef(p, 0xdeadbeef);
    expect(arena.loadRef(p)).toBe(0xdeadbeef);
    expect(arena.mem.u32[p >>> 2]).toBe(0xdeadbeef);
    pool.free(p, 16);
    pool.destroy();
    arena.destroy();
  });
});
