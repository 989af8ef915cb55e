/**
 * Every arena option, good and bad (the MPS's keyword arguments and
 * argerr 158–161): good values are taken (or rounded as the MPS rounds
 * them), bad ones throw PARAM naming the option, with nothing reserved.
 */
import { describe, expect, it } from "vitest";
import { mpsErrorOf, codeOf } from "@mps/mpm/test-util";
import { MockVMBackend } from "@mps/vm/test-util";
import { Arena, ArenaClass, TrivialCollector, setDefaultArenaCollector, setDefaultArenaPlatform, ARENA_SIZE_DEFAULT } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

describe("VM arena options", () => {
  // .req.classes
  it(".opt.defaults: 256 MiB, 4 KiB grains, zoned, no commit limit, spare 0.75, pause 0.1", () => {
    const a = mockArena();
    expect(a.reserved()).toBe(ARENA_SIZE_DEFAULT);
    expect(a.grainSize).toBe(4096);
    expect(a.zoned).toBe(true);
    expect(a.commitLimit()).toBe(Infinity);
    expect(a.spare()).toBe(0.75);
    expect(a.pauseTime()).toBe(0.1);
    expect(a.heapGrowth()).toBe(Infinity);
    expect(a.collector).toBeInstanceOf(TrivialCollector);
    expect(a.zoneShift).toBe(Math.log2(ARENA_SIZE_DEFAULT / 32));
    a.destroy();
  });

  it(".opt.arenaSize: rounded up to 32 grains and to the grain; bad sizes are PARAM", () => {
    const a = mockArena({ arenaSize: 1000 });
    expect(a.reserved()).toBe(32 * 4096);
    expect(a.zoneShift).toBe(12);
    a.destroy();
    const b = mockArena({ arenaSize: (1 << 20) + 1 });
    expect(b.reserved()).toBe((1 << 20) + 4096);
    b.destroy();
    for (const bad of [0, -1, 1.5, NaN, "64" as unknown as number]) {
      const e = mpsErrorOf(() => mockArena({ arenaSize: bad }));
      expect(e?.code).toBe("PARAM");
      expect(e?.message).toContain("arenaSize");
    }
  });

  it(".opt.arenaGrainSize: powers of two, rounded up to the VM's page; others PARAM", () => {
    const a = mockArena({ arenaGrainSize: 65536, arenaSize: 1 << 22 });
    expect(a.grainSize).toBe(65536);
    expect(a.zoneShift).toBeGreaterThanOrEqual(16);
    a.destroy();
    const b = mockArena({ arenaGrainSize: 8 });
    expect(b.grainSize).toBe(4096);
    b.destroy();
    for (const bad of [0, 3, 4097, -4096, 2 ** 31]) expect(codeOf(() => mockArena({ arenaGrainSize: bad }))).toBe("PARAM");
  });

  it(".opt.arenaZoned, commitLimit, spare, pauseTime: checked", () => {
    const a = mockArena({ arenaZoned: false, commitLimit: 1 << 20, spare: 0, pauseTime: 0 });
    expect(a.zoned).toBe(false);
    expect(a.commitLimit()).toBe(1 << 20);
    expect(a.spare()).toBe(0);
    expect(a.pauseTime()).toBe(0);
    a.setPauseTime(Infinity);
    expect(a.pauseTime()).toBe(Infinity);
    expect(codeOf(() => a.setPauseTime(-1))).toBe("PARAM");
    expect(codeOf(() => a.setPauseTime(NaN))).toBe("PARAM");
    a.destroy();
    expect(codeOf(() => mockArena({ arenaZoned: 1 as unknown as boolean }))).toBe("PARAM");
    for (const bad of [-1, 0.5, NaN]) expect(codeOf(() => mockArena({ commitLimit: bad }))).toBe("PARAM");
    // argerr 158, 160: negative and large MPS_KEY_SPARE
    for (const bad of [-0.5, 1.5, NaN]) expect(codeOf(() => mockArena({ spare: bad }))).toBe("PARAM");
    for (const bad of [-0.001, NaN]) expect(codeOf(() => mockArena({ pauseTime: bad }))).toBe("PARAM");
    for (const bad of [0.5, NaN, -1]) expect(codeOf(() => mockArena({ heapGrowth: bad }))).toBe("PARAM");
    const g = mockArena({ heapGrowth: 2 });
    expect(g.heapGrowth()).toBe(2);
    g.destroy();
    expect(codeOf(() => mockArena({ collector: 3 as never }))).toBe("PARAM");
    expect(codeOf(() => mockArena({ plinth: {} as never }))).toBe("PARAM");
  });

  it(".opt.platform: @mps/platform's selection by default; a default can be set; failures of the backend are RESOURCE", () => {
    const d = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    expect(d.vm.backend).toBe("wasm");
    expect(d.shield?.prot.backend).toBe("none");
    const pool = d.createPool(TinyPool, {});
    const p = pool.alloc(8);
    d.mem.u32[p >>> 2] = 7;
    expect(d.mem.u32[p >>> 2]).toBe(7);
    expect(d.committed()).toBe(d.vm.mapped());
    pool.destroy();
    d.destroy();
    expect(codeOf(() => Arena.create(ArenaClass.VM, { platform: {} }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.VM, { platform: { vm: {} as never } }))).toBe("PARAM");
    const backend = new MockVMBackend({ failCreateOn: [1] });
    expect(codeOf(() => Arena.create(ArenaClass.VM, { platform: { vm: backend } }))).toBe("RESOURCE");
    const old = setDefaultArenaPlatform({ vm: new MockVMBackend() });
    try {
      const a = Arena.create(ArenaClass.VM);
      expect(a.className).toBe("VM");
      a.destroy();
    } finally {
      setDefaultArenaPlatform(old);
    }
    expect(codeOf(() => setDefaultArenaPlatform(3 as never))).toBe("PARAM");
  });

  it(".opt.collector.default: an arena made with no collector option gets the default collector; an option overrides it", () => {
    class Marked extends TrivialCollector {}
    const old = setDefaultArenaCollector(() => new Marked());
    try {
      const a = mockArena();
      expect(a.collector).toBeInstanceOf(Marked);
      a.destroy();
      const b = mockArena({ collector: () => new TrivialCollector() });
      expect(b.collector).not.toBeInstanceOf(Marked);
      b.destroy();
    } finally {
      expect(setDefaultArenaCollector(old)).toBeDefined();
    }
    expect(mockArena().collector).toBeInstanceOf(TrivialCollector);
    expect(codeOf(() => setDefaultArenaCollector(3 as never))).toBe("PARAM");
  });

  it(".opt.class: Arena.create rejects what is not an arena class", () => {
    expect(codeOf(() => Arena.create(null as never))).toBe("PARAM");
    expect(codeOf(() => Arena.create({} as never))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.VM, 3 as never))).toBe("PARAM");
  });

  it(".opt.collector: the factory is called with the arena and its collector is used", () => {
    let seen: unknown;
    let stepped = 0;
    const a = mockArena({
      collector: (arena) => {
        seen = arena;
        const c = new TrivialCollector();
        c.step = () => (stepped++, true);
        return c;
      },
    });
    expect(seen).toBe(a);
    expect(a.step(0.01, 1)).toBe(true);
    expect(stepped).toBe(1);
    a.destroy();
  });
});

describe("client arena options", () => {
  const buf = (n: number): ArrayBuffer => new ArrayBuffer(n);

  it(".opt.cl: a region of the client's buffer, its first grain a header", () => {
    const a = Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: 100, arenaSize: (1 << 20) - 100 });
    expect(a.reserved()).toBe((1 << 20) - 100);
    expect(a.committed()).toBe(4096);
    expect(a.chunks[0]!.base).toBe(4096);
    expect(a.chunks[0]!.limit).toBe(1 << 20);
    expect(a.mem.u8.buffer.byteLength).toBe(1 << 20);
    a.destroy();
  });

  it(".opt.cl: bad buffers, bases and sizes are PARAM; too small a region is MEMORY", () => {
    expect(codeOf(() => Arena.create(ArenaClass.CL, { arenaClBase: 0, arenaSize: 1 << 20 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: new Uint8Array(8) as never, arenaClBase: 0, arenaSize: 8 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaSize: 1 << 20 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: -1, arenaSize: 1 << 19 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: 0 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: 4096, arenaSize: 1 << 20 }))).toBe("PARAM");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: 0, arenaSize: 31 * 4096 }))).toBe("MEMORY");
    expect(codeOf(() => Arena.create(ArenaClass.CL, { buffer: buf(1 << 20), arenaClBase: 0, arenaSize: 1 << 20, commitLimit: 100 }))).toBe("COMMIT_LIMIT");
  });

  // .req.classes
  it(".opt.cl.extend: extend adds a chunk of the same buffer; retract removes an empty one", () => {
    const a = Arena.create(ArenaClass.CL, { buffer: buf(1 << 21), arenaClBase: 0, arenaSize: 1 << 20 });
    const committed = a.committed();
    a.extend(1 << 20, 1 << 19);
    expect(a.chunks.length).toBe(2);
    expect(a.reserved()).toBe((1 << 20) + (1 << 19));
    expect(a.committed()).toBe(committed + 4096);
    a.check();
    for (const [b, s] of [[0, 4096], [(1 << 20) + 4096, 4096], [1 << 21, 8192], [-1, 8192], [(1 << 21) - 4096, 8192]] as const) {
      expect(codeOf(() => a.extend(b, s))).toBe("PARAM");
    }
    expect(a.chunks.length).toBe(2);
    expect(codeOf(() => a.retract(0, 1 << 20))).toBe("PARAM"); // the primary chunk
    expect(codeOf(() => a.retract(12345, 8192))).toBe("PARAM");
    a.retract(1 << 20, 1 << 19);
    expect(a.chunks.length).toBe(1);
    expect(a.committed()).toBe(committed);
    expect(a.reserved()).toBe(1 << 20);
    a.check();
    a.destroy();
  });

  it(".opt.vm.extend: a VM arena cannot be extended or retracted (UNIMPL); vmGrowth is checked and kept", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    expect(codeOf(() => a.extend(1 << 20, 1 << 20))).toBe("UNIMPL");
    expect(codeOf(() => a.retract(0, 1 << 20))).toBe("UNIMPL");
    a.vmGrowth(1 << 20, 1 << 16);
    expect(a.growth).toEqual({ desired: 1 << 20, minimum: 1 << 16 });
    expect(codeOf(() => a.vmGrowth(1, 2))).toBe("PARAM");
    expect(codeOf(() => a.vmGrowth(-1, 0))).toBe("PARAM");
    a.destroy();
  });
});
