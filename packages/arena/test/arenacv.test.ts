/**
 * Port of arenacv.c: arena classes, chunks, tracts, the page table, and
 * allocation of grains and segments over VM and client arenas, with the gap
 * patterns of testAllocAndIterate; and testSize (arena size overflow gives
 * RESOURCE). Expected: every allocation lands in free grains, the page table
 * names its pool and segment, iteration finds every segment, and check()
 * holds throughout.
 */
import { describe, expect, it } from "vitest";
import { StringStream, zoneSetSingle } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MockVMBackend } from "@mps/vm/test-util";
import { Arena, ArenaClass, LocusPref, LocusPrefKind, PlainSeg, type Seg, segAlloc } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

const SIZE = 16 << 22;

type Allocator = {
  alloc(pref: LocusPref, size: number): { base: number; size: number; seg?: Seg };
  free(r: { base: number; size: number; seg?: Seg }): void;
  count(): number;
};

function makeArenas(): [string, () => Arena][] {
  return [
    ["VM zoned", () => mockArena({ arenaSize: SIZE, arenaZoned: true })],
    ["VM unzoned", () => mockArena({ arenaSize: SIZE, arenaZoned: false })],
    ["CL", () => Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(SIZE + 4096), arenaClBase: 4096, arenaSize: SIZE })],
  ];
}

function testAllocAndIterate(arena: Arena, alloc: Allocator): void {
  const grain = arena.grainSize;
  const pref = new LocusPref();
  const perPage = 8;
  for (let z = 0; z < 2; z++) {
    for (let offset = 0; offset <= 2 * perPage; offset += perPage) {
      const offsetRegion = offset !== 0 ? alloc.alloc(pref, offset * grain) : undefined;
      for (let gap = perPage + 1; gap <= 3 * (perPage + 1); gap += perPage + 1) {
        const gapRegion = alloc.alloc(pref, gap * grain);
        const topRegion = alloc.alloc(pref, grain);
        alloc.free(gapRegion);
        for (let n = 1; n <= gap; n += perPage) {
          const newRegion = alloc.alloc(pref, n * grain);
          // first fit: the new region goes in the gap when the preference allows it
          if (!arena.zoned || z === 0) expect(newRegion.base).toBe(gapRegion.base);
          expect(alloc.count()).toBeGreaterThanOrEqual((offset ? 1 : 0) + 2);
          arena.check();
          alloc.free(newRegion);
        }
        alloc.free(topRegion);
      }
      if (offsetRegion) alloc.free(offsetRegion);
    }
    pref.express(LocusPrefKind.ZONESET, zoneSetSingle(1));
  }
}

describe.each(makeArenas())("arenacv %s", (_name, make) => {
  it(".test.arenacv: grains allocated to a pool, freed, and found by the page table", () => {
    const arena = make();
    const pool = arena.createPool(TinyPool, {});
    const held = new Set<number>();
    testAllocAndIterate(arena, {
      alloc(pref, size) {
        const base = arena.alloc(pref, size, pool);
        for (let a = base; a < base + size; a += arena.grainSize) {
          expect(arena.addrPool(a)).toBe(pool);
          expect(arena.hasAddr(a)).toBe(true);
          expect(arena.segOfAddr(a)).toBeUndefined();
        }
        held.add(base);
        return { base, size };
      },
      free(r) {
        arena.free(r.base, r.size, pool);
        held.delete(r.base);
        expect(arena.hasAddr(r.base)).toBe(false);
      },
      count: () => held.size,
    });
    pool.destroy();
    arena.check();
    arena.destroy();
  });

  it(".test.arenacv: segments allocated, iterated in address order, and freed", () => {
    const arena = make();
    const pool = arena.createPool(TinyPool, {});
    testAllocAndIterate(arena, {
      alloc(pref, size) {
        const seg = segAlloc(PlainSeg, pref, size, pool, {});
        for (let a = seg.base; a < seg.limit; a += arena.grainSize) expect(arena.segOfAddr(a)).toBe(seg);
        return { base: seg.base, size, seg };
      },
      free(r) {
        r.seg!.free();
        expect(arena.segOfAddr(r.base)).toBeUndefined();
      },
      count() {
        let n = 0;
        let last = -1;
        for (let s = arena.segNext(0); s; s = arena.segNext(s.limit)) {
          expect(s.base).toBeGreaterThan(last);
          last = s.base;
          n++;
        }
        expect(n).toBe(pool.segs().length);
        return n;
      },
    });
    const out = new StringStream();
    arena.describe(out);
    expect(out.toString()).toContain(`Arena ${arena.serial} (class ${arena.className})`);
    expect(out.toString()).toContain("Chunk");
    pool.destroy();
    arena.destroy();
  });
});

describe("arenacv testSize", () => {
  it(".test.arenacv.size: doubling the arena size ends in RESOURCE, never another error", () => {
    let size = SIZE;
    let last: string | undefined;
    const backend = new MockVMBackend();
    for (let i = 0; i < 12; i++) {
      last = codeOf(() => {
        const a = Arena.create(ArenaClass.VM, { arenaSize: size, platform: { vm: backend } });
        a.destroy();
      });
      if (last !== undefined) break;
      size *= 2;
    }
    expect(last).toBe("RESOURCE");
  });

  // .req.addr
  it(".test.null: address 0 is never allocated, even when the VM starts at 0", () => {
    const arena = mockArena({ arenaSize: 1 << 20 });
    const pool = arena.createPool(TinyPool, {});
    const pref = new LocusPref();
    const grains = arena.reserved() / arena.grainSize;
    const bases: number[] = [];
    for (let i = 0; i < grains - 1; i++) bases.push(arena.alloc(pref, arena.grainSize, pool));
    expect(bases).not.toContain(0);
    expect(codeOf(() => arena.alloc(pref, arena.grainSize, pool))).toBe("RESOURCE");
    expect(arena.hasAddr(0)).toBe(false);
    expect(arena.segOfAddr(0)).toBeUndefined();
    pool.destroy();
    arena.destroy();
  });
});
