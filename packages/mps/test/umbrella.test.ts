// The arena issue's "done when", through the umbrella's public API only: a
// VM arena on each VM backend and a client arena over a buffer the client
// owns, with MFS allocating and freeing in each, every block's contents
// checked; and the rest of what mps.h offers so far, reached from @mps/mps.
import { describe, expect, it } from "vitest";
import {
  Arena, ArenaClass, MessageType, MpsError, PoolClass, Rank, RootMode, clock, clocksPerSec, platform, selectPlatform, telemetry,
} from "../src/index.js";

const arenas: Array<[string, () => Arena]> = [
  ["VM on the default platform", () => Arena.create(ArenaClass.VM, { arenaSize: 8 << 20 })],
  ["VM on a resizable ArrayBuffer", () => Arena.create(ArenaClass.VM, { arenaSize: 8 << 20, platform: selectPlatform({ vm: "resizable", fallback: false }) })],
  ["VM on a WebAssembly.Memory", () => Arena.create(ArenaClass.VM, { arenaSize: 8 << 20, platform: selectPlatform({ vm: "wasm", fallback: false }) })],
  ["VM on a growable SharedArrayBuffer", () => Arena.create(ArenaClass.VM, { arenaSize: 8 << 20, platform: selectPlatform({ vm: "shared", fallback: false }) })],
  ["CL over a client buffer", () => Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(9 << 20), arenaClBase: 1 << 20, arenaSize: 8 << 20 })],
];

describe.each(arenas)("%s", (_name, make) => {
  // .req.no-config
  it(".done: MFS allocates and frees through the umbrella, and blocks keep their contents", () => {
    const arena = make();
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 32, extendBy: 16384 });
    const blocks: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const p = pool.alloc(32);
      const u32 = arena.mem.u32;
      for (let w = 0; w < 8; w++) u32[(p >>> 2) + w] = i * 8 + w;
      blocks.push(p);
    }
    for (let i = 0; i < blocks.length; i += 3) pool.free(blocks[i]!, 32);
    for (let i = 0; i < 700; i++) pool.alloc(32); // reuse the freed units
    for (let i = 0; i < blocks.length; i++) {
      if (i % 3 === 0) continue;
      const u32 = arena.mem.u32;
      for (let w = 0; w < 8; w++) expect(u32[(blocks[i]! >>> 2) + w]).toBe(i * 8 + w);
    }
    expect(arena.addrPool(blocks[1]!)).toBe(pool);
    expect(arena.hasAddr(blocks[1]!)).toBe(true);
    expect(arena.committed()).toBeGreaterThanOrEqual(pool.totalSize());
    expect(arena.reserved()).toBeGreaterThanOrEqual(arena.committed());
    pool.destroy();
    arena.destroy();
  });
});

describe("the rest of mps.h so far", () => {
  it(".api: errors carry MPS result codes", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    let err: unknown;
    try {
      arena.createPool(PoolClass.MFS, { mfsUnitSize: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MpsError);
    expect((err as MpsError).code).toBe("PARAM");
    arena.destroy();
  });

  it(".api: messages, chains, formats, roots, threads and location dependency are reachable from the arena", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    arena.messageTypeEnable(MessageType.GC);
    expect(arena.messagePoll()).toBe(false);
    const chain = arena.createChain([{ capacity: 1024, mortality: 0.8 }]);
    const format = arena.createFormat({ fmtAlign: 8, fmtSkip: (a: number) => a + 8 });
    const thread = arena.registerThread();
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 64 });
    const area = pool.alloc(64);
    const root = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.CONST, base: area, limit: area + 64 });
    const ld = arena.createLd();
    ld.add(area);
    expect(ld.isStale(area)).toBe(false);
    root.destroy();
    thread.deregister();
    format.destroy();
    chain.destroy();
    pool.free(area, 64);
    pool.destroy();
    arena.collect();
    expect(arena.collections()).toBeGreaterThanOrEqual(0);
    arena.destroy();
  });

  it(".api: the plinth's clock, the platform list and telemetry control", () => {
    const t0 = clock();
    expect(clock()).toBeGreaterThanOrEqual(t0);
    expect(clocksPerSec()).toBeGreaterThan(0);
    expect(platform.backends.vm.map((b) => b.name)).toContain("wasm");
    const old = telemetry.get();
    telemetry.reset(0xffffffff);
    expect(telemetry.get()).toBe(0);
    telemetry.set(old);
    expect(telemetry.get()).toBe(old);
  });
});

describe("the plinth object", () => {
  it(".plinth: clock, clocksPerSec, installAssertFail and io, as API.md names them", async () => {
    const { plinth, MpsAssertionError } = await import("../src/index.js");
    expect(plinth.clocksPerSec()).toBeGreaterThan(0);
    expect(Number.isInteger(plinth.clock())).toBe(true);
    const seen: string[] = [];
    const old = plinth.installAssertFail((c) => void seen.push(c));
    const mine = plinth.installAssertFail(old);
    expect(typeof mine).toBe("function");
    expect(typeof plinth.io.write).toBe("function");
    expect(MpsAssertionError).toBeDefined();
  });
});

describe("MVFF and SAC through the umbrella", () => {
  it(".pool-classes: MVFF allocates, frees and serves allocation points; a SAC caches over it", async () => {
    const { Arena, ArenaClass, PoolClass, SAC } = await import("../src/index.js");
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20 });
    const pool = arena.createPool(PoolClass.MVFF, {});
    const a = pool.alloc(100);
    arena.mem.u32[a >>> 2] = 7;
    const ap = pool.createAp();
    let p: number;
    do {
      p = ap.reserve(16);
      arena.mem.u32[p >>> 2] = 42;
    } while (!ap.commit(p, 16));
    expect(arena.mem.u32[p >>> 2]).toBe(42);
    ap.destroy();
    const sac = SAC.create(pool, [{ blockSize: 16, cachedCount: 8, frequency: 1 }, { blockSize: 64, cachedCount: 8, frequency: 1 }]);
    const blocks = [sac.alloc(10), sac.alloc(60), sac.alloc(200)];
    for (const b of blocks) expect(arena.addrPool(b)).toBe(pool);
    sac.free(blocks[0]!, 10);
    sac.free(blocks[1]!, 60);
    sac.free(blocks[2]!, 200);
    sac.destroy();
    expect(arena.mem.u32[a >>> 2]).toBe(7);
    pool.free(a, 100);
    pool.destroy();
    arena.destroy();
  });
});

describe("MVT through the umbrella", () => {
  it(".pool-classes: MVT allocates through allocation points and frees with free", async () => {
    const { Arena, ArenaClass, PoolClass, MpsError } = await import("../src/index.js");
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20 });
    const pool = arena.createPool(PoolClass.MVT, { minSize: 8, meanSize: 32, maxSize: 1024 });
    const ap = pool.createAp();
    const got: number[] = [];
    for (let i = 0; i < 500; i++) {
      let p: number;
      do {
        p = ap.reserve(32);
        arena.mem.u32[p >>> 2] = i;
      } while (!ap.commit(p, 32));
      got.push(p);
    }
    for (let i = 0; i < got.length; i++) expect(arena.mem.u32[got[i]! >>> 2]).toBe(i);
    for (let i = 0; i < got.length; i += 2) pool.free(got[i]!, 32);
    expect(() => pool.alloc(32)).toThrow(MpsError);
    ap.destroy();
    pool.destroy();
    arena.destroy();
  });
});
