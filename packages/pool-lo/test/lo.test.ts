// The LO pool through the segment protocol, driven by the hand-made tracer
// of @mps/trace/mini-trace (docs/design/trace.md `.contract.*`).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Arena } from "@mps/arena";
import { COOL, Rank, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { testObjectId, testObjectSize } from "@mps/trace/test-util";
import { LOPool, LOSeg, LO_SEG_SIZE_MIN } from "../src/index.js";
import { allocObj, collect, makeFormat, rng, setSlot, vmArena } from "./helpers.js";

function setup(h: 0 | 8 = 0, opts: { gen?: number; noChain?: boolean } = {}) {
  const arena = vmArena();
  const format = makeFormat(arena, h);
  const chain = opts.noChain ? undefined : arena.createChain([{ capacity: 1024, mortality: 0.5 }]);
  const pool = arena.createPool(LOPool, { format, ...(chain ? { chain } : {}), ...opts });
  const done = (): void => {
    for (const b of pool.buffers()) b.destroy();
    pool.destroy();
    chain?.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, format, chain, pool, done };
}

function walkIds(arena: Arena, pool: LOPool, h: 0 | 8): number[] {
  const ids: number[] = [];
  pool.walk((p) => ids.push(testObjectId(arena.mem, p, h)));
  return ids;
}

describe("LO pool", () => {
  it(".req.gen: format required with skip; gen in range; chain live; own chain by default", () => {
    const arena = vmArena();
    const format = makeFormat(arena);
    const chain = arena.createChain([{ capacity: 100, mortality: 0.5 }]);
    expect(codeOf(() => arena.createPool(LOPool, {} as never))).toBe("PARAM");
    const noSkip = arena.createFormat({});
    expect(codeOf(() => arena.createPool(LOPool, { format: noSkip }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(LOPool, { format, chain, gen: 2 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(LOPool, { format, chain, gen: 0.5 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(LOPool, { format, align: 64 }))).toBe("PARAM");
    // a format with skip only is enough: LO never scans
    const skipOnly = arena.createFormat({ fmtSkip: (p) => p + 8 });
    arena.createPool(LOPool, { format: skipOnly, chain }).destroy();
    const own = arena.createPool(LOPool, { format });
    expect(own.genIndex).toBe(1);
    expect(arena.chains.size).toBe(2);
    own.destroy();
    expect(arena.chains.size).toBe(1);
    skipOnly.destroy();
    noSkip.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.ap: alloc and free are UNIMPL; an AP's rank is ignored; segments have no ranks", () => {
    const { arena, pool, done } = setup();
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    const ap = pool.createAp({ rank: Rank.EXACT });
    const a = allocObj(arena, ap, 0, 1, 2, true);
    const seg = arena.segOfAddr(a) as LOSeg;
    expect(seg).toBeInstanceOf(LOSeg);
    expect(seg.rankSet).toBe(0);
    expect(seg.summary).toBe(0);
    expect(ap.buffer.rankSet()).toBe(0);
    expect(pool.attrs.scannable).toBe(false);
    done();
  });

  // .req.sizes
  it(".test.locv: objects of several sizes, walked, kept by a root, the rest reclaimed", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const sizes = [0, 2, 1022, 0]; // 8, 16, 4096 and 8 bytes
    const objs = sizes.map((n, i) => allocObj(arena, ap, 0, i, n, true));
    expect(testObjectSize(1022)).toBe(4096);
    expect(walkIds(arena, pool, 0)).toEqual([0, 1, 2, 3]);
    ap.destroy();
    const { trace } = collect(arena, [pool], { exact: [objs[1]!] });
    expect(walkIds(arena, pool, 0)).toEqual([1]);
    expect(trace.condemned).toBe(8 + 16 + 4096 + 8);
    expect(trace.preservedInPlaceSize).toBe(16);
    expect(trace.reclaimSize).toBe(8 + 4096 + 8);
    expect(pool.totalSize() - pool.freeSize()).toBe(16);
    expect(pool.check()).toBe(true);
    done();
  });

  it(".req.leaf: LO contents are never scanned: a word that looks like a reference keeps nothing", () => {
    const { arena, pool, done } = setup();
    const lap = pool.createAp();
    const leaf = allocObj(arena, lap, 0, 1, 3, true);
    const dead = allocObj(arena, lap, 0, 2, 3, true);
    setSlot(arena, leaf, 0, 0, dead); // data that looks like a reference
    lap.destroy();
    collect(arena, [pool], { exact: [leaf] });
    expect(walkIds(arena, pool, 0)).toEqual([1]);
    done();
  });

  // .req.mark-sweep
  it(".reclaim.empty: an empty segment goes back to the arena; freed grains are reused", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const keep = allocObj(arena, ap, 0, 1, 2, true);
    for (let i = 0; i < 20; i++) allocObj(arena, ap, 0, 10 + i, 6, true);
    ap.destroy();
    collect(arena, [pool], { exact: [keep] });
    expect(pool.totalSize()).toBe(LO_SEG_SIZE_MIN);
    const ap2 = pool.createAp();
    const again = allocObj(arena, ap2, 0, 2, 2, true);
    expect(again).toBe(keep + testObjectSize(2));
    ap2.destroy();
    collect(arena, [pool], {});
    expect(pool.totalSize()).toBe(0);
    expect(pool.segs().length).toBe(0);
    done();
  });

  it(".condemn.buffer: the unused region of a buffer survives a collection and the buffer goes on", () => {
    const { arena, pool, done } = setup(8);
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 8, 1, 2, true);
    allocObj(arena, ap, 8, 2, 2, true);
    collect(arena, [pool], { ambig: [a] });
    const c = allocObj(arena, ap, 8, 3, 2, true);
    expect(walkIds(arena, pool, 8)).toEqual([1, 3]);
    expect(c).toBe(a + 2 * testObjectSize(2));
    done();
  });

  it(".contract.fix.weak: weak references to dead LO objects are splatted", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const live = allocObj(arena, ap, 0, 1, 1, true);
    const dead = allocObj(arena, ap, 0, 2, 1, true);
    ap.destroy();
    const roots = { exact: [live], weak: [dead, live] };
    collect(arena, [pool], roots);
    expect(roots.weak).toEqual([0, live]);
    done();
  });

  // .req.refs
  it(".contract.fix.ambig: ambiguous references to client pointers keep objects; others are ignored", () => {
    const { arena, pool, done } = setup(8);
    const ap = pool.createAp();
    const objs = [0, 1, 2, 3].map((i) => allocObj(arena, ap, 8, i, 4, true));
    ap.destroy();
    collect(arena, [pool], { ambig: [objs[1]!, objs[2]! + 3, objs[0]! - 8, objs[3]! + 4096] });
    expect(walkIds(arena, pool, 8)).toEqual([1]);
    done();
  });

  // .req.refs
  it(".contract.fix.bad: bad exact references are PARAM at cool, ignored otherwise (conerr 60, 62, 64)", () => {
    for (const h of [0, 8] as const) {
      const cases: Array<[string, (p: number) => number]> = [
        ["is unaligned", (p) => p + 1],
        ["is in free space", (p) => p + testObjectSize(2)],
      ];
      if (h === 8) cases.push(["is out of bounds", (p) => p - h]);
      for (const [what, bad] of cases) {
        const { arena, pool, done } = setup(h);
        const lap = pool.createAp();
        const p = allocObj(arena, lap, h, 0, 2, true);
        lap.destroy(); // so that p's segment is unbuffered
        const run = (): unknown => collect(arena, [pool], { exact: [p, bad(p)] });
        if (COOL) {
          const e = mpsErrorOf(run);
          expect(e?.code, what).toBe("PARAM");
          expect(e?.message, what).toMatch(new RegExp(`LO fix: .* ${what}`));
        } else {
          run();
          expect(walkIds(arena, pool, h), what).toEqual([0]);
          done();
        }
      }
    }
  });

  it(".impl.describe: describe shows the mark map", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 2, true);
    allocObj(arena, ap, 0, 2, 2, true);
    ap.destroy();
    let text = "";
    collect(arena, [pool], { exact: [a] }, { beforeReclaim: () => (text = describeToString(pool)) });
    expect(text).toContain("class LO");
    expect(text).toMatch(/\|\*--- /); // marks are on first grains: a marked object, then an unmarked one
    done();
  });

  it(".test.model: random leaf objects and roots over many collections keep exactly the rooted ones", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(0 as const, 8 as const), (seed, h) => {
        const r = rng(seed);
        const { arena, pool, done } = setup(h);
        const ap = pool.createAp();
        const roots = new Map<number, { addr: number; size: number }>();
        let id = 0;
        for (let round = 0; round < 5; round++) {
          for (let k = 0; k < 200; k++) {
            const n = Math.floor(r() * (r() < 0.05 ? 3000 : 10)) + (h === 8 ? 1 : 0); // with a header, bigger than it
            const addr = allocObj(arena, ap, h, id, n, true);
            if (r() < 0.2) roots.set(id, { addr, size: testObjectSize(n) });
            id++;
          }
          for (const k of [...roots.keys()]) if (r() < 0.3) roots.delete(k);
          collect(arena, [pool], { exact: [...roots.values()].map((o) => o.addr) });
          const walked = walkIds(arena, pool, h);
          // the buffer's objects committed since the flip are not condemned: only those after the
          // collection; here every object was committed before it, so the walk is the roots
          expect(new Set(walked)).toEqual(new Set(roots.keys()));
          for (const [k, o] of roots) expect(testObjectId(arena.mem, o.addr, h)).toBe(k);
          pool.check();
        }
        ap.destroy();
        let live = 0;
        for (const o of roots.values()) live += o.size;
        expect(pool.totalSize() - pool.freeSize()).toBe(live);
        done();
      }),
      { numRuns: 8 },
    );
  });
});

describe("LO pool: a buffer emptied during a collection", () => {
  // .req.sizes
  it(".impl.reclaim: objects committed after the condemn are not counted as preserved", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 2, true);
    let late = 0;
    const { trace } = collect(arena, [pool], { exact: [a] }, {
      afterFlip: () => {
        for (let i = 0; i < 50; i++) late = allocObj(arena, ap, 0, 100 + i, 6, true);
        ap.destroy(); // the buffer goes while the segment is condemned
      },
    });
    expect(trace.condemned).toBe(testObjectSize(2));
    expect(trace.preservedInPlaceSize).toBe(testObjectSize(2));
    expect(walkIds(arena, pool, 0).length).toBe(51);
    expect(testObjectId(arena.mem, late, 0)).toBe(149);
    expect(pool.check()).toBe(true);
    done();
  });
});
