/**
 * Commit accounting, the commit limit and spare committed memory
 * (design.mps.arena `.commit-limit`, `.spare`): reserved and committed
 * match the VM's own accounting after every step; COMMIT_LIMIT leaves the
 * arena unchanged and usable; spare memory stays committed up to
 * spare × committed and is decommitted from the top down.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "@mps/mpm/test-util";
import { btGet } from "@mps/bt";
import { MockVMBackend, type MockVM } from "@mps/vm/test-util";
import { Arena, ArenaClass, LocusPref, type VMArena } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

const G = 4096;

function setup(opts: { commitLimit?: number; spare?: number } = {}): { arena: VMArena; vm: MockVM; pool: TinyPool; pref: LocusPref } {
  const backend = new MockVMBackend();
  const arena = mockArena({ arenaSize: 1 << 20, ...opts }, backend);
  const vm = backend.created[0] as MockVM;
  const pool = arena.createPool(TinyPool, {});
  return { arena, vm, pool, pref: new LocusPref() };
}

function agrees(arena: VMArena, vm: MockVM): void {
  expect(arena.committed()).toBe(vm.mapped());
  expect(arena.reserved()).toBe(vm.reserved());
  expect(arena.spareCommitted()).toBeLessThanOrEqual(arena.committed());
  expect(arena.committed()).toBeLessThanOrEqual(arena.commitLimit());
  arena.check();
}

describe("commit accounting", () => {
  it(".req.commit.accounting: committed and reserved match the VM at every step", () => {
    const { arena, vm, pool, pref } = setup();
    agrees(arena, vm);
    const bases: number[] = [];
    for (let i = 1; i <= 20; i++) {
      bases.push(arena.alloc(pref, (i % 4 + 1) * G, pool));
      agrees(arena, vm);
    }
    for (let i = 0; i < bases.length; i += 2) {
      arena.free(bases[i]!, ((i + 1) % 4 + 1) * G, pool);
      agrees(arena, vm);
    }
    pool.destroy();
    agrees(arena, vm);
    arena.destroy();
  });

  it(".req.commit.accounting: a property: random alloc/free keeps the arena and VM in step, and no two blocks overlap", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 8 }), fc.nat()), { maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (ops, spare) => {
        const { arena, vm, pool, pref } = setup({ spare });
        const live: [number, number][] = [];
        for (const [isAlloc, n, pick] of ops) {
          if (isAlloc || live.length === 0) {
            let base: number;
            try {
              base = arena.alloc(pref, n * G, pool);
            } catch (e) {
              expect(codeOf(() => { throw e; })).toBe("RESOURCE");
              continue;
            }
            for (const [b, s] of live) expect(base + n * G <= b || b + s <= base).toBe(true);
            expect(base).toBeGreaterThan(0);
            live.push([base, n * G]);
          } else {
            const [b, s] = live.splice(pick % live.length, 1)[0]!;
            arena.free(b, s, pool);
          }
          agrees(arena, vm);
          expect(arena.spareCommitted()).toBeLessThanOrEqual(Math.floor(arena.committed() * spare));
        }
        pool.destroy();
        arena.destroy();
      }),
      { numRuns: 40 },
    );
  });
});

describe("commit limit", () => {
  it(".req.commit-limit: purging spare grains to make room skips the range being allocated (ArenaPurgeSpare's exclusion)", () => {
    const { arena, vm, pool, pref } = setup({ spare: 1 });
    const x = arena.alloc(pref, 8 * G, pool);
    arena.free(x, 8 * G, pool);
    const chunk = arena.chunkOfAddr(x)!;
    const i = chunk.indexOf(x);
    const purge = (arena as unknown as { purgeSpare(size: number, c: unknown, xi: number, xj: number): number }).purgeSpare.bind(arena);
    // Ask for everything, excluding grains i+2 .. i+4: the other five go, the three stay.
    expect(purge(8 * G, chunk, i + 2, i + 5)).toBe(5 * G);
    for (let k = 0; k < 8; k++) {
      const kept = k >= 2 && k < 5;
      expect(btGet(chunk.spare, i + k)).toBe(kept);
      expect(btGet(chunk.mapped, i + k)).toBe(kept);
    }
    agrees(arena, vm);
    expect(arena.spareCommitted()).toBe(3 * G);
    // Excluding the three that are left purges nothing; then without exclusion, a
    // request for one grain takes the highest.
    expect(purge(8 * G, chunk, i + 2, i + 5)).toBe(0);
    expect(purge(G, null, 0, 0)).toBe(G);
    expect(btGet(chunk.spare, i + 4)).toBe(false);
    expect(btGet(chunk.spare, i + 3)).toBe(true);
    agrees(arena, vm);
    pool.destroy();
    arena.destroy();
  });

  it(".req.commit-limit: a property: under a commit limit, allocations purge spare grains outside the range they map, and the accounting holds", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 16 }), fc.nat()), { maxLength: 80 }), fc.integer({ min: 8, max: 48 }), (ops, limitGrains) => {
        const { arena, vm, pool, pref } = setup({ spare: 1, commitLimit: limitGrains * G });
        const overhead = arena.committed() - arena.spareCommitted(); // the arena's own grains
        const live: [number, number][] = [];
        for (const [isAlloc, n, pick] of ops) {
          if (isAlloc || live.length === 0) {
            const before = arena.committed();
            let base: number;
            try {
              base = arena.alloc(pref, n * G, pool);
            } catch (e) {
              const code = codeOf(() => { throw e; });
              expect(["RESOURCE", "COMMIT_LIMIT"]).toContain(code);
              if (code === "COMMIT_LIMIT") expect(arena.committed()).toBeLessThanOrEqual(before);
              agrees(arena, vm);
              continue;
            }
            for (const [b, s] of live) expect(base + n * G <= b || b + s <= base).toBe(true);
            live.push([base, n * G]);
          } else {
            const [b, s] = live.splice(pick % live.length, 1)[0]!;
            arena.free(b, s, pool);
          }
          agrees(arena, vm);
          const inUse = live.reduce((t, [, s]) => t + s, 0);
          expect(arena.committed() - arena.spareCommitted()).toBe(overhead + inUse);
        }
        pool.destroy();
        arena.destroy();
      }),
      { numRuns: 60 },
    );
  });

  it(".req.commit-limit: exceeding the limit throws COMMIT_LIMIT and changes nothing", () => {
    const { arena, vm, pool, pref } = setup({ commitLimit: 8 * G });
    const a = arena.alloc(pref, 6 * G, pool);
    const before = [arena.committed(), arena.spareCommitted(), vm.mapped()];
    expect(codeOf(() => arena.alloc(pref, 3 * G, pool))).toBe("COMMIT_LIMIT");
    expect([arena.committed(), arena.spareCommitted(), vm.mapped()]).toEqual(before);
    agrees(arena, vm);
    // usable again after memory is freed
    arena.free(a, 6 * G, pool);
    const b = arena.alloc(pref, 8 * G, pool);
    agrees(arena, vm);
    expect(codeOf(() => arena.alloc(pref, G, pool))).toBe("COMMIT_LIMIT");
    // ... or the limit raised
    arena.setCommitLimit(9 * G);
    arena.alloc(pref, G, pool);
    agrees(arena, vm);
    arena.free(b, 8 * G, pool);
    pool.destroy();
    arena.destroy();
  });

  it(".req.commit-limit: spare memory is decommitted to make room under the limit", () => {
    const { arena, vm, pool, pref } = setup({ commitLimit: 8 * G, spare: 1 });
    const a = arena.alloc(pref, 4 * G, pool);
    arena.alloc(pref, 2 * G, pool);
    arena.free(a, 4 * G, pool);
    expect(arena.spareCommitted()).toBe(4 * G);
    // 6 more grains: 4 spare are reused or purged, 2 fresh ones fit the limit
    const c = arena.alloc(pref, 6 * G, pool);
    expect(c).toBeGreaterThan(0);
    agrees(arena, vm);
    expect(arena.committed()).toBeLessThanOrEqual(8 * G);
    pool.destroy();
    arena.destroy();
  });

  it(".req.commit-limit.set: a limit below committed purges spare, or throws FAIL and changes nothing", () => {
    const { arena, vm, pool, pref } = setup({ spare: 1 });
    const a = arena.alloc(pref, 4 * G, pool);
    arena.alloc(pref, 4 * G, pool);
    arena.free(a, 4 * G, pool);
    expect(arena.committed()).toBe(8 * G);
    expect(arena.spareCommitted()).toBe(4 * G);
    expect(codeOf(() => arena.setCommitLimit(3 * G))).toBe("FAIL");
    expect(arena.commitLimit()).toBe(Infinity);
    expect(arena.committed()).toBe(8 * G);
    arena.setCommitLimit(5 * G);
    expect(arena.commitLimit()).toBe(5 * G);
    expect(arena.committed()).toBeLessThanOrEqual(5 * G);
    agrees(arena, vm);
    expect(codeOf(() => arena.setCommitLimit(-1))).toBe("PARAM");
    expect(codeOf(() => arena.setCommitLimit(1.5))).toBe("PARAM");
    expect(arena.commitLimit()).toBe(5 * G);
    pool.destroy();
    arena.destroy();
  });

  it(".req.commit-limit: a client arena counts its allocated grains and chunk headers against the limit", () => {
    const arena = Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(1 << 20), arenaClBase: 0, arenaSize: 1 << 20, commitLimit: 5 * G });
    const pool = arena.createPool(TinyPool, {});
    const pref = new LocusPref();
    expect(arena.committed()).toBe(G);
    const a = arena.alloc(pref, 4 * G, pool);
    expect(arena.committed()).toBe(5 * G);
    expect(codeOf(() => arena.alloc(pref, G, pool))).toBe("COMMIT_LIMIT");
    arena.free(a, 4 * G, pool);
    expect(arena.committed()).toBe(G);
    expect(arena.spareCommitted()).toBe(0);
    arena.check();
    pool.destroy();
    arena.destroy();
  });

  it(".req.commit.memory: a VM map failure throws MEMORY and undoes what the allocation mapped", () => {
    const backend = new MockVMBackend();
    const arena = mockArena({ arenaSize: 1 << 20, spare: 1 }, backend);
    const vm = backend.created[0] as MockVM;
    const pool = arena.createPool(TinyPool, {});
    const pref = new LocusPref();
    const a = arena.alloc(pref, 2 * G, pool);
    const b = arena.alloc(pref, 2 * G, pool);
    arena.free(a, 2 * G, pool); // spare hole below b
    void b;
    // the next allocation of 6 grains needs two runs mapped beyond b; fail the second map
    vm.failMapOn(vm.mapCalls + 1);
    const before = [arena.committed(), arena.spareCommitted(), vm.mapped()];
    expect(codeOf(() => arena.alloc(pref, 6 * G, pool))).toBe("MEMORY");
    expect([arena.committed(), arena.spareCommitted(), vm.mapped()]).toEqual(before);
    agrees(arena, vm);
    expect(arena.alloc(pref, 6 * G, pool)).toBeGreaterThan(0);
    agrees(arena, vm);
    pool.destroy();
    arena.destroy();
  });
});

describe("spare committed memory", () => {
  it(".req.spare: freed grains stay committed up to spare × committed, then the top is decommitted", () => {
    const { arena, vm, pool, pref } = setup({ spare: 0.5 });
    const bases: number[] = [];
    for (let i = 0; i < 8; i++) bases.push(arena.alloc(pref, G, pool));
    expect(arena.committed()).toBe(8 * G);
    arena.free(bases[7]!, G, pool);
    expect(arena.spareCommitted()).toBe(G);
    arena.free(bases[6]!, G, pool);
    arena.free(bases[5]!, G, pool);
    arena.free(bases[4]!, G, pool);
    // spare 4 of committed 8 is at the allowance
    expect(arena.spareCommitted()).toBeLessThanOrEqual(arena.committed() * 0.5);
    arena.free(bases[3]!, G, pool);
    expect(arena.spareCommitted()).toBeLessThanOrEqual(Math.floor(arena.committed() * 0.5));
    // the decommitted grains are the highest ones
    const unmaps = vm.callsOf("unmap");
    expect(unmaps.length).toBeGreaterThan(0);
    expect(unmaps[0]![1]).toBe(bases[7]! + G);
    agrees(arena, vm);
    pool.destroy();
    arena.destroy();
  });

  it(".req.spare.zero: with spare 0 every free decommits at once", () => {
    const { arena, vm, pool, pref } = setup({ spare: 0 });
    const a = arena.alloc(pref, 3 * G, pool);
    arena.free(a, 3 * G, pool);
    expect(arena.committed()).toBe(0);
    expect(arena.spareCommitted()).toBe(0);
    agrees(arena, vm);
    pool.destroy();
    arena.destroy();
  });

  it(".req.spare.set: lowering the spare fraction decommits the excess; bad values are PARAM", () => {
    const { arena, vm, pool, pref } = setup({ spare: 1 });
    const a = arena.alloc(pref, 4 * G, pool);
    arena.alloc(pref, 4 * G, pool);
    arena.free(a, 4 * G, pool);
    expect(arena.spareCommitted()).toBe(4 * G);
    arena.setSpare(0.25);
    expect(arena.spare()).toBe(0.25);
    expect(arena.spareCommitted()).toBeLessThanOrEqual(Math.floor(arena.committed() * 0.25));
    agrees(arena, vm);
    for (const bad of [-0.1, 1.1, NaN, "0.5" as unknown as number]) expect(codeOf(() => arena.setSpare(bad))).toBe("PARAM");
    expect(arena.spare()).toBe(0.25);
    // reusing spare grains does not map them again
    const maps = vm.callsOf("map").length;
    const spareBefore = arena.spareCommitted();
    if (spareBefore > 0) {
      arena.alloc(pref, spareBefore, pool);
      expect(vm.callsOf("map").length).toBe(maps);
    }
    pool.destroy();
    arena.destroy();
  });

  it(".req.spare.zero-fill: a decommitted grain reads as zero when committed again", () => {
    const { arena, pool, pref } = setup({ spare: 0 });
    const a = arena.alloc(pref, G, pool);
    arena.mem.u32[a >>> 2] = 0xdeadbeef;
    arena.free(a, G, pool);
    const b = arena.alloc(pref, G, pool);
    expect(b).toBe(a);
    expect(arena.mem.u32[b >>> 2]).toBe(0);
    pool.destroy();
    arena.destroy();
  });
});
