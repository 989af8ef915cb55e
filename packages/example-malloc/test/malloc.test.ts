import { afterEach, describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, isMpsError } from "@mps/mps";
import { HEADER_SIZE, MALLOC_ALIGN, Malloc } from "../src/index.js";

/** A small seeded generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.MPS_SEED ?? 20261125) >>> 0;
let arenas: Arena[] = [];
function newArena(size = 16 << 20): Arena {
  const a = Arena.create(ArenaClass.VM, { arenaSize: size });
  arenas.push(a);
  return a;
}
afterEach(() => {
  for (const a of arenas) a.destroy();
  arenas = [];
});

describe("example-malloc", () => {
  it(".req.null: malloc(0) returns 0 and free(0) does nothing", () => {
    const m = new Malloc(newArena());
    expect(m.malloc(0)).toBe(0);
    const before = m.pool.totalSize();
    m.free(0);
    expect(m.pool.totalSize()).toBe(before);
    expect(m.realloc(0, 0)).toBe(0);
    expect(m.malloc(-1)).toBe(0);
    expect(m.malloc(1.5)).toBe(0);
    m.destroy();
  });

  // Misuse is caught at cool and hot; at rash the checks are off by design.
  it.runIf(CHECK_LEVEL !== "rash")(".req.misuse: a double free or an interior address is refused with PARAM, the pool unchanged", () => {
    const m = new Malloc(newArena());
    const p = m.malloc(100);
    const q = m.malloc(100);
    m.free(p);
    const codeOf = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return isMpsError(e) ? e.code : "other";
      }
      return "none";
    };
    const free = m.pool.freeSize();
    expect(codeOf(() => m.free(p))).toBe("PARAM");
    expect(codeOf(() => m.free(q + 8))).toBe("PARAM");
    expect(m.pool.freeSize()).toBe(free);
    m.free(q);
    expect(m.pool.totalSize() - m.pool.freeSize()).toBe(0);
    m.destroy();
  });

  it(".req.align: addresses are 8-aligned and the header holds the size", () => {
    const arena = newArena();
    const m = new Malloc(arena);
    for (let size = 1; size <= 100; size++) {
      const p = m.malloc(size);
      expect(p).not.toBe(0);
      expect(p % MALLOC_ALIGN).toBe(0);
      expect(m.usableSize(p)).toBe(size);
      expect(arena.mem.u32[(p - HEADER_SIZE) >>> 2]).toBe(size + HEADER_SIZE);
    }
    m.destroy();
  });

  it(".req.fail: a request the arena cannot meet returns 0, not an exception", () => {
    const arena = newArena(1 << 20);
    const m = new Malloc(arena);
    expect(m.malloc(64 << 20)).toBe(0);
    expect(m.malloc(0xffffffff)).toBe(0);
    expect(m.calloc(1 << 16, 1 << 16)).toBe(0); // 2^32 overflows
    expect(m.calloc(0x10000001, 16)).toBe(0);
    const p = m.malloc(16);
    arena.mem.u8.fill(7, p, p + 16);
    expect(m.realloc(p, 64 << 20)).toBe(0); // fails: the old block is untouched
    expect([...arena.mem.u8.subarray(p, p + 16)]).toEqual(new Array(16).fill(7));
    m.free(p);
    m.destroy();
  });

  it(".req.fail: under the arena's commit limit malloc answers 0", () => {
    const arena = newArena();
    const m = new Malloc(arena, { spare: 0 });
    arena.setCommitLimit(arena.committed() + (256 << 10));
    const ps: number[] = [];
    let p: number;
    while ((p = m.malloc(4000)) !== 0) ps.push(p);
    expect(ps.length).toBeGreaterThan(10);
    expect(ps.length).toBeLessThan(70);
    for (const q of ps) m.free(q);
    expect(m.malloc(4000)).not.toBe(0);
    m.destroy();
  });

  it(".req.calloc: calloc zeroes memory that was dirty", () => {
    const arena = newArena();
    const m = new Malloc(arena, { spare: 1 });
    const p = m.malloc(4096);
    arena.mem.u8.fill(0xaa, p, p + 4096);
    m.free(p);
    const q = m.calloc(512, 8);
    expect(q).toBe(p); // first fit reuses the dirty block
    expect(arena.mem.u8.subarray(q, q + 4096).every((b) => b === 0)).toBe(true);
    m.destroy();
  });

  it(".req.realloc: realloc keeps the prefix; size 0 frees", () => {
    const arena = newArena();
    const m = new Malloc(arena);
    let p = m.malloc(10);
    for (let i = 0; i < 10; i++) arena.mem.u8[p + i] = i + 1;
    p = m.realloc(p, 1000);
    expect(m.usableSize(p)).toBe(1000);
    expect([...arena.mem.u8.subarray(p, p + 10)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    p = m.realloc(p, 3);
    expect([...arena.mem.u8.subarray(p, p + 3)]).toEqual([1, 2, 3]);
    expect(m.realloc(p, 0)).toBe(0);
    expect(m.pool.totalSize() - m.pool.freeSize()).toBe(0);
    m.destroy();
  });

  it(".req.return: freeing everything returns the pool's memory to the arena", () => {
    const arena = newArena();
    const m = new Malloc(arena, { spare: 0 });
    const ps: number[] = [];
    for (let i = 0; i < 1000; i++) ps.push(m.malloc(100 + (i % 50)));
    expect(m.pool.totalSize()).toBeGreaterThan(100_000);
    for (const p of ps) m.free(p);
    expect(m.pool.totalSize()).toBe(0);
    m.destroy();
  });

  it(".req.destroy: destroying the pool frees live blocks at once", () => {
    const arena = newArena();
    const m = new Malloc(arena);
    for (let i = 0; i < 100; i++) m.malloc(1000);
    const committed = arena.committed();
    m.destroy();
    expect(arena.committed()).toBeLessThanOrEqual(committed);
    const m2 = new Malloc(arena);
    expect(m2.malloc(1000)).not.toBe(0);
    m2.destroy();
  });

  it(`.test.random: a seeded workload of 5000 operations against a model (seed ${SEED})`, () => {
    const arena = newArena(32 << 20);
    const m = new Malloc(arena);
    const rand = rng(SEED);
    const int = (n: number) => Math.floor(rand() * n);
    /** Live blocks: address -> [size, fill byte]. Each block holds (fill + i) & 255 at offset i. */
    const live = new Map<number, { size: number; fill: number }>();
    const fillBlock = (p: number, size: number, fill: number) => {
      const u8 = arena.mem.u8;
      for (let i = 0; i < size; i++) u8[p + i] = (fill + i) & 255;
    };
    const checkBlock = (p: number, size: number, fill: number) => {
      const u8 = arena.mem.u8;
      for (let i = 0; i < size; i++) {
        if (u8[p + i] !== ((fill + i) & 255)) {
          throw new Error(`block ${p} size ${size} byte ${i} is ${u8[p + i]}, expected ${(fill + i) & 255}`);
        }
      }
    };
    const randSize = () => (rand() < 0.9 ? 1 + int(256) : 1 + int(64 << 10));
    const overlaps = (p: number, size: number) => {
      for (const [q, b] of live) {
        if (p - HEADER_SIZE < q + b.size && q - HEADER_SIZE < p + size) return true;
      }
      return false;
    };
    const add = (p: number, size: number) => {
      expect(p % MALLOC_ALIGN).toBe(0);
      if (live.size < 200) expect(overlaps(p, size)).toBe(false);
      const fill = int(256);
      fillBlock(p, size, fill);
      live.set(p, { size, fill });
    };
    const pick = () => {
      const keys = [...live.keys()];
      return keys[int(keys.length)]!;
    };
    const ops = { malloc: 0, calloc: 0, realloc: 0, free: 0 };
    for (let step = 0; step < 5000; step++) {
      const r = rand();
      if (live.size === 0 || r < 0.35) {
        const size = randSize();
        const p = m.malloc(size);
        expect(p).not.toBe(0);
        expect(m.usableSize(p)).toBe(size);
        add(p, size);
        ops.malloc++;
      } else if (r < 0.45) {
        const n = 1 + int(64);
        const size = 1 + int(32);
        const p = m.calloc(n, size);
        expect(p).not.toBe(0);
        const u8 = arena.mem.u8;
        for (let i = 0; i < n * size; i++) if (u8[p + i] !== 0) throw new Error(`calloc byte ${i} not zero`);
        add(p, n * size);
        ops.calloc++;
      } else if (r < 0.65) {
        const p = pick();
        const b = live.get(p)!;
        const size = randSize();
        const q = m.realloc(p, size);
        expect(q).not.toBe(0);
        live.delete(p);
        checkBlock(q, Math.min(b.size, size), b.fill);
        add(q, size);
        ops.realloc++;
      } else {
        const p = pick();
        const b = live.get(p)!;
        checkBlock(p, b.size, b.fill);
        m.free(p);
        live.delete(p);
        ops.free++;
      }
      if (step % 500 === 0) for (const [p, b] of live) checkBlock(p, b.size, b.fill);
    }
    for (const [p, b] of live) {
      checkBlock(p, b.size, b.fill);
      m.free(p);
    }
    expect(m.pool.totalSize() - m.pool.freeSize()).toBe(0);
    expect(ops.malloc + ops.calloc + ops.realloc + ops.free).toBe(5000);
    m.destroy();
  });
});
