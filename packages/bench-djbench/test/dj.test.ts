import { MemPool } from "@thi.ng/malloc";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DjCorruptionError, runDj } from "../src/dj.js";
import { ALLOCATOR_NAMES, DJ_DEFAULTS, type DjOptions } from "../src/options.js";
import { Rnd } from "../src/rnd.js";
import { TLSF_SOURCE, compileTlsf, instantiateTlsf } from "../src/tlsf.js";

const tiny = (o: Partial<DjOptions> = {}): DjOptions => ({
  ...DJ_DEFAULTS, niter: 2, npass: 20, nblocks: 4, sshift: 6, rinter: 5, rmax: 2, seed: 1, seedGiven: true, arenaSize: 16 << 20, ...o,
});

/**
 * The trivially correct model of djbench's workload, written from the C
 * source with plain arrays: it counts the allocations and sums the sizes
 * (rounded up to 8) that the workload asks for.
 */
function model(o: DjOptions): { allocs: number; bytes: number } {
  const rnd = new Rnd(o.seed);
  let allocs = 0;
  let bytes = 0;
  const inner = (depth: number, r: number): number => {
    const blocks: { p: boolean; s: number }[] = [];
    for (let k = 0; k < o.nblocks; k++) blocks.push({ p: false, s: 0 });
    for (let j = 0; j < o.npass; j++) {
      for (let k = 0; k < o.nblocks; k++) {
        if (rnd.next() % 16384 < o.pact * 16384) {
          const b = blocks[k]!;
          if (!b.p) {
            const a = rnd.next();
            const s = a % (8 * 2 ** (rnd.next() % o.sshift) - 1);
            if (s > 0) {
              allocs++;
              bytes += Math.ceil(s / 8) * 8;
              b.p = true;
            }
          } else {
            b.p = false;
          }
        }
      }
      if (o.rinter > 0 && depth > 0 && ++r % o.rinter === 0) r = inner(depth - 1, r);
    }
    return r;
  };
  for (let i = 0; i < o.niter; i++) inner(o.rmax, 0);
  return { allocs, bytes };
}

let tlsf: Awaited<ReturnType<typeof compileTlsf>>;
beforeAll(async () => {
  tlsf = await compileTlsf();
}, 120_000);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("dj", () => {
  it(".impl.tlsf: the AssemblyScript source compiles with asc, and its heap allocates and frees", () => {
    expect(tlsf.error).toBeNull();
    expect(TLSF_SOURCE).toContain("heap.alloc");
    const t = instantiateTlsf(tlsf.module!, 1 << 20);
    const p = t.alloc(100);
    const q = t.alloc(8);
    expect(p).toBeGreaterThan(0);
    expect(q >= p + 100 || q + 8 <= p).toBe(true);
    t.free(p);
    expect(t.alloc(100)).toBe(p); // TLSF hands the freed block back
    expect(t.memory.buffer.byteLength).toBeGreaterThanOrEqual(1 << 20);
  });

  const settings: [string, Partial<DjOptions>][] = [
    ["small blocks, recursion", {}],
    ["larger blocks", { sshift: 12, seed: 1564912146 }],
    ["no recursion, pact 1", { rinter: 0, rmax: 0, pact: 1, seed: 77 }],
  ];

  describe.each(ALLOCATOR_NAMES)("%s", (name) => {
    it.each(settings)(".req.workload: runs the tiny workload (%s) with every block checked, and matches the model", (_label, over) => {
      const o = tiny(over);
      const m = model(o);
      expect(m.allocs).toBeGreaterThan(10);
      const r = runDj(name, o, tlsf.module);
      expect(r.name).toBe(name);
      expect(r.allocs).toBe(m.allocs);
      expect(r.frees).toBe(m.allocs);
      expect(r.bytes).toBe(m.bytes);
      expect(r.cpuSeconds).toBeGreaterThanOrEqual(0);
    });
  });

  it(".req.workload: djbench's default block sizes (up to 1 MiB) run on every allocator", () => {
    const o = tiny({ sshift: 18, nblocks: 8, npass: 10, seed: 5 });
    const m = model(o);
    for (const name of ALLOCATOR_NAMES) expect(runDj(name, { ...o, arenaSize: 64 << 20 }, tlsf.module).allocs).toBe(m.allocs);
  });

  it(".req.check: an allocator that hands out the same block twice is caught when a block is freed", () => {
    let first = 0;
    const orig = MemPool.prototype.malloc;
    vi.spyOn(MemPool.prototype, "malloc").mockImplementation(function (this: MemPool, n: number) {
      if (first === 0) first = orig.call(this, 4096);
      return first;
    });
    expect(() => runDj("thing", tiny(), null)).toThrow(DjCorruptionError);
    expect(() => runDj("thing", tiny(), null)).toThrow(/was overwritten/);
  });

  it(".req.check: a correct allocator passes the same check (the spy is gone)", () => {
    expect(runDj("thing", tiny(), null).allocs).toBe(model(tiny()).allocs);
  });

  // .req.honest
  it(".impl.tlsf: without a compiled module, tlsf refuses to run", () => {
    expect(() => runDj("tlsf", tiny(), null)).toThrow(/no compiled TLSF module/);
  });

  it(".req.workload: an allocator that runs out of memory says so", () => {
    expect(() => runDj("skiplist", tiny({ sshift: 18, nblocks: 16, arenaSize: 1 << 20 }), null)).toThrow(/heap exhausted|Allocation size/);
  });
});
