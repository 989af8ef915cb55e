// MVT: mv2test, apss and fotest ports, large blocks, segment return, and misuse.
import { describe, expect, it } from "vitest";
import { Arena } from "@mps/arena";
import { CHECKING, alignUp, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MVTPool } from "../src/index.js";
import { apAlloc, holds, makeArena, makeClArena, rng } from "./helpers.js";

interface Block { p: number; size: number; tag: number }

/** mv2test's loop: random sizes (log-uniform up to maxSize), through several APs, freeing at random, checking contents. */
function stress(arena: Arena, pool: MVTPool, seed: number, steps: number, maxSize: number): void {
  const r = rng(seed);
  const aps = [pool.createAp(), pool.createAp(), pool.createAp()];
  const live: Block[] = [];
  let tag = 1;
  for (let i = 0; i < steps; i++) {
    if (live.length > 0 && r() < 0.45) {
      const k = Math.floor(r() * live.length);
      const b = live[k]!;
      expect(holds(arena, b.p, b.size, b.tag)).toBe(true);
      pool.free(b.p, b.size);
      live[k] = live[live.length - 1]!;
      live.pop();
    } else {
      const size = alignUp(Math.max(8, Math.floor(Math.exp(r() * Math.log(maxSize)))), pool.alignment);
      const ap = aps[Math.floor(r() * aps.length)]!;
      const p = apAlloc(arena, ap, size, tag);
      live.push({ p, size, tag });
      tag++;
    }
  }
  for (const b of live) expect(holds(arena, b.p, b.size, b.tag)).toBe(true);
  expect(pool.check()).toBe(true);
  for (const b of live) pool.free(b.p, b.size);
  for (const ap of aps) ap.destroy();
  expect(pool.freeSize()).toBe(pool.totalSize());
}

describe("MVT options", () => {
  it(".opts: defaults, rounding, derived sizes", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 10, meanSize: 20, maxSize: 5000 });
    expect([pool.minSize, pool.meanSize, pool.maxSize, pool.fillSize, pool.reuseSize]).toEqual([16, 24, 5000, 8192, 16384]);
    expect(pool.fragLimit).toBe(30);
    expect(pool.abqDepth).toBeGreaterThanOrEqual(3);
    expect(MVTPool.attrs.buffer && MVTPool.attrs.free && !MVTPool.attrs.alloc).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it(".opts.bad: options out of range are PARAM and make no pool", () => {
    const arena = makeArena(4 << 20);
    const bad = [
      { minSize: 0 }, { minSize: 1.5 }, { minSize: 64, meanSize: 32 }, { meanSize: 64, maxSize: 32 }, { maxSize: 2 ** 31 },
      { mvtReserveDepth: 0 }, { mvtFragLimit: -0.1 }, { mvtFragLimit: 1.5 }, { mvtFragLimit: Number.NaN }, { align: 4 }, { align: 3 },
      { cbsBlockLimit: -1 },
    ];
    for (const o of bad) expect(codeOf(() => arena.createPool(MVTPool, o)), JSON.stringify(o)).toBe("PARAM");
    expect(arena.pools().length).toBe(0);
    arena.destroy();
  });
});

describe("MVT allocation", () => {
  it(".describe: describe names the parameters, the sizes and the statistics", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MVTPool, { maxSize: 1024 });
    const ap = pool.createAp();
    apAlloc(arena, ap, 64, 1);
    const text = describeToString(pool);
    for (const w of ["MVT minSize", `fillSize ${pool.fillSize}`, "abqDepth", "availLimit", "segFills"]) expect(text).toContain(w);
    expect(pool.check()).toBe(true);
    ap.destroy();
    pool.destroy();
    arena.destroy();
  });

  // .req.ap
  it(".alloc.unimpl: alloc is UNIMPL, as in the MPS", () => {
    const arena = makeArena(4 << 20);
    const pool = arena.createPool(MVTPool, {});
    expect(codeOf(() => pool.alloc(16))).toBe("UNIMPL");
    pool.destroy();
    arena.destroy();
  });

  // .req.ap
  it(".test.mv2test: random sizes through allocation points, contents checked", () => {
    for (const [seed, min, mean, max] of [[1, 8, 64, 8192], [2, 16, 32, 1024], [3, 8, 1024, 65536]] as const) {
      const arena = makeArena(32 << 20);
      const pool = arena.createPool(MVTPool, { minSize: min, meanSize: mean, maxSize: max, mvtReserveDepth: 100, mvtFragLimit: 0.3 });
      stress(arena, pool, seed, 3000, max * 2);
      pool.destroy();
      arena.destroy();
    }
  });

  it(".test.apss: MVT part: aligned allocation, free half, allocate again", () => {
    for (const align of [8, 16, 64]) {
      const arena = makeClArena(16 << 20);
      const pool = arena.createPool(MVTPool, { align, minSize: align, meanSize: 64, maxSize: 4096 });
      const ap = pool.createAp();
      const r = rng(align);
      const blocks: Array<[number, number]> = [];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 500; i++) {
          const size = alignUp(1 + Math.floor(r() * 200), align);
          const p = apAlloc(arena, ap, size, 0xab);
          expect(p % align).toBe(0);
          blocks.push([p, size]);
        }
        for (let i = 0; i < blocks.length; i += 2) {
          const [p, size] = blocks[i]!;
          pool.free(p, size);
        }
        const keep = blocks.filter((_, i) => i % 2 === 1);
        blocks.length = 0;
        blocks.push(...keep);
      }
      for (const [p, size] of blocks) pool.free(p, size);
      ap.destroy();
      expect(pool.freeSize()).toBe(pool.totalSize());
      pool.destroy();
      arena.destroy();
    }
  });

  it(".test.fotest: with the CBS's block budget exhausted the free list takes over", () => {
    const arena = makeArena(32 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 64, maxSize: 4096, cbsBlockLimit: 4 });
    stress(arena, pool, 7, 3000, 4096);
    expect(pool.blockStore.inUse).toBeLessThanOrEqual(4);
    pool.blockStore.limit = 0;
    stress(arena, pool, 8, 2000, 4096);
    // A double free is still caught when the block sits in the free list, not the CBS.
    const ap = pool.createAp();
    const ps: number[] = [];
    for (let i = 0; i < 8; i++) ps.push(apAlloc(arena, ap, 64, i));
    pool.free(ps[3]!, 64);
    pool.blockStore.limit = Infinity;
    const free = pool.freeSize();
    if (CHECKING) {
      expect(codeOf(() => pool.free(ps[3]!, 64))).toBe("PARAM");
      expect(pool.freeSize()).toBe(free);
    }
    for (const p of ps.filter((_, i) => i !== 3)) pool.free(p, 64);
    ap.destroy();
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  // .req.oversize
  it(".arch.oversize: a block above maxSize gets a segment of its own, returned when freed", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { maxSize: 1024 });
    const ap = pool.createAp();
    const p = apAlloc(arena, ap, 100000, 5);
    expect(pool.stats.oversizeFills).toBe(1);
    expect(pool.totalSize()).toBe(alignUp(100000, arena.grainSize));
    ap.destroy();
    pool.free(p, 100000);
    expect(pool.totalSize()).toBe(0);
    expect(pool.stats.segReturns).toBeGreaterThan(0);
    pool.destroy();
    arena.destroy();
  });

  it(".arch.oversize: a segment returned while an AP still points at its empty tail does not confuse later frees", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { maxSize: 2048 });
    const a = pool.createAp();
    const b = pool.createAp();
    const p = apAlloc(arena, a, 4104, 1);
    pool.free(p, 4104);
    const q = apAlloc(arena, b, 4112, 2);
    pool.free(q, 4112);
    expect(pool.totalSize()).toBe(0);
    a.destroy();
    b.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".arch.ap.no-fit.return: a buffer's unused tail is kept as the splinter and refills the next buffer", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 64, maxSize: 1024 });
    const a = pool.createAp();
    const p = apAlloc(arena, a, 64, 1);
    a.destroy();
    expect(pool.freeSize()).toBe(pool.totalSize() - 64);
    if (CHECKING) {
      expect(codeOf(() => pool.free(p + 64, 64))).toBe("PARAM"); // inside the splinter
      expect(pool.freeSize()).toBe(pool.totalSize() - 64);
    }
    const b = pool.createAp();
    const q = apAlloc(arena, b, 128, 2);
    expect(pool.stats.splinterFills).toBe(1);
    expect(q).toBe(p + 64);
    b.destroy();
    pool.free(p, 64);
    pool.free(q, 128);
    expect(pool.freeSize()).toBe(pool.totalSize());
    expect(pool.check()).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it(".req.temporal: the oldest large free block refills the next buffer", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 64, maxSize: 256, mvtReserveDepth: 1000 });
    const a = pool.createAp();
    const blocks: number[] = [];
    for (let i = 0; i < 400; i++) blocks.push(apAlloc(arena, a, 256, i));
    const span = pool.reuseSize / 256 + 8;
    for (let i = 10; i < 10 + span; i++) pool.free(blocks[i]!, 256); // older
    for (let i = 200; i < 200 + span; i++) pool.free(blocks[i]!, 256); // newer
    a.destroy();
    const fills = pool.stats.abqFills;
    const c = pool.createAp();
    const p = apAlloc(arena, c, 256, 7);
    expect(pool.stats.abqFills).toBe(fills + 1);
    expect(p).toBe(blocks[10]);
    expect(pool.check()).toBe(true);
    c.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".impl.return: when the ABQ overflows, the oldest block's whole segments go back to the arena", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 8, maxSize: 256, mvtReserveDepth: 1 });
    expect(pool.abqDepth).toBe(3);
    const a = pool.createAp();
    const perSeg = pool.fillSize / 256;
    const blocks: number[] = [];
    for (let i = 0; i < 6 * 5 * perSeg; i++) blocks.push(apAlloc(arena, a, 256, i));
    const total = pool.totalSize();
    for (let r = 0; r < 5; r++) {
      for (let i = r * 6 * perSeg + 1; i < (r + 1) * 6 * perSeg - 1; i++) pool.free(blocks[i]!, 256);
    }
    expect(pool.stats.abqOverflows).toBeGreaterThan(0);
    expect(pool.stats.segReturns).toBeGreaterThan(0);
    expect(pool.totalSize()).toBeLessThan(total);
    expect(pool.check()).toBe(true);
    a.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".req.frag: above the fragmentation limit the pool searches its free blocks before taking a segment", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 64, maxSize: 1024, mvtFragLimit: 0 });
    const a = pool.createAp();
    const blocks: number[] = [];
    for (let i = 0; i < 64; i++) blocks.push(apAlloc(arena, a, 64, i));
    for (let i = 0; i < 64; i += 4) pool.free(blocks[i]!, 64); // small holes: unavailable
    a.destroy();
    const segs = pool.stats.segFills;
    const c = pool.createAp();
    const p = apAlloc(arena, c, 64, 1);
    expect(pool.stats.fragLimitContingencies).toBeGreaterThan(0);
    expect(pool.stats.contingencyFills).toBeGreaterThan(0);
    expect(pool.stats.segFills).toBe(segs);
    expect(blocks.includes(p)).toBe(true);
    c.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".req.frag: below the fragmentation limit the pool takes a new segment", () => {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { minSize: 8, meanSize: 64, maxSize: 1024, mvtFragLimit: 1 });
    const a = pool.createAp();
    const blocks: number[] = [];
    for (let i = 0; i < 64; i++) blocks.push(apAlloc(arena, a, 64, i));
    for (let i = 0; i < 64; i += 4) pool.free(blocks[i]!, 64);
    a.destroy();
    const segs = pool.stats.segFills;
    const c = pool.createAp();
    const p = apAlloc(arena, c, 64, 1);
    expect(pool.stats.contingencyFills).toBe(0);
    expect(pool.stats.segFills).toBe(segs + 1);
    expect(blocks.includes(p)).toBe(false);
    c.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".resource: a full arena is RESOURCE-like and leaves the pool usable", () => {
    const arena = makeClArena(1 << 20);
    const pool = arena.createPool(MVTPool, { maxSize: 4096 });
    const ap = pool.createAp();
    let code: string | undefined;
    const live: number[] = [];
    for (let i = 0; i < 100000 && code === undefined; i++) {
      code = codeOf(() => live.push(apAlloc(arena, ap, 2048, i)));
    }
    expect(["RESOURCE", "MEMORY", "COMMIT_LIMIT"]).toContain(code);
    expect(pool.stats.failures).toBeGreaterThan(0);
    pool.free(live.pop()!, 2048);
    pool.free(live.pop()!, 2048);
    apAlloc(arena, ap, 2048, 1);
    expect(pool.check()).toBe(true);
    ap.destroy();
    pool.destroy();
    arena.destroy();
  });
});

// At `rash` the checks are off (docs/design/mpm.md `.check.cost`): misuse is undefined behaviour there.
describe.skipIf(!CHECKING)("MVT misuse", () => {
  function setup() {
    const arena = makeArena(8 << 20);
    const pool = arena.createPool(MVTPool, { maxSize: 4096 });
    const ap = pool.createAp();
    const p = apAlloc(arena, ap, 64, 9);
    const q = apAlloc(arena, ap, 64, 10);
    return { arena, pool, ap, p, q };
  }
  const state = (pool: MVTPool) => [pool.totalSize(), pool.freeSize()];

  // .req.misuse
  it(".free.bad: double free, unallocated, wrong pool, misaligned, wrong size, outside: PARAM, nothing changed", () => {
    const { arena, pool, ap, p, q } = setup();
    const other = arena.createPool(MVTPool, {});
    const oap = other.createAp();
    const o = apAlloc(arena, oap, 64, 1);
    pool.free(p, 64);
    const s = state(pool);
    expect(codeOf(() => pool.free(p, 64))).toBe("PARAM"); // double free
    expect(codeOf(() => pool.free(p + 8, 16))).toBe("PARAM"); // inside a free block
    expect(codeOf(() => pool.free(q + 64, 64))).toBe("PARAM"); // the AP's unallocated region
    expect(codeOf(() => pool.free(q + 4, 16))).toBe("PARAM"); // misaligned
    expect(codeOf(() => pool.free(o, 64))).toBe("PARAM"); // another pool's block
    expect(codeOf(() => pool.free(q, pool.totalSize() * 2))).toBe("PARAM"); // too large: beyond the pool's segments
    expect(codeOf(() => pool.free(q - 8, 16))).toBe("PARAM"); // overlaps the free block before q
    expect(codeOf(() => pool.free(0, 8))).toBe("PARAM");
    expect(codeOf(() => pool.free(q, 0))).toBe("PARAM");
    expect(state(pool)).toEqual(s);
    expect(pool.check()).toBe(true);
    expect(holds(arena, q, 64, 10)).toBe(true);
    pool.free(q, 64);
    ap.destroy();
    oap.destroy();
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    other.destroy();
    arena.destroy();
  });

  it(".ap.misuse: bad reserve sizes are PARAM; destroy with live APs is PARAM; use after destroy is PARAM", () => {
    const { arena, pool, ap, q } = setup();
    expect(codeOf(() => ap.fill(12))).toBe("PARAM");
    expect(codeOf(() => ap.fill(0))).toBe("PARAM");
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    pool.free(q, 64);
    ap.destroy();
    expect(codeOf(() => ap.destroy())).toBe("PARAM");
    pool.destroy();
    expect(codeOf(() => pool.free(q, 64))).toBe("PARAM");
    expect(codeOf(() => pool.createAp())).toBe("PARAM");
    arena.destroy();
  });
});
