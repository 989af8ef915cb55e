// The AMS pool through the segment protocol, driven by the hand-made tracer
// of @mps/trace/mini-trace (docs/design/trace.md `.contract.*`).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Arena, type Chain, GCSeg } from "@mps/arena";
import { CHECKING, COOL, Rank, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { testObjectId, testObjectSize } from "@mps/trace/test-util";
import { AMSPool, AMSSeg, AMS_SEG_SIZE_MIN } from "../src/index.js";
import { type ModelObj, allocObj, collect, getSlot, makeFormat, reachable, rng, setSlot, verify, vmArena } from "./helpers.js";

function setup(h: 0 | 8 = 0, opts: { amsSupportAmbiguous?: boolean; gen?: number; noChain?: boolean } = {}) {
  const arena = vmArena();
  const format = makeFormat(arena, h);
  const chain = opts.noChain ? undefined : arena.createChain([{ capacity: 1024, mortality: 0.5 }]);
  const pool = arena.createPool(AMSPool, { format, ...(chain ? { chain } : {}), ...opts });
  const done = (): void => {
    for (const b of pool.buffers()) b.destroy();
    pool.destroy();
    chain?.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, format, chain, pool, done };
}

function walkIds(arena: Arena, pool: AMSPool, h: 0 | 8): number[] {
  const ids: number[] = [];
  pool.walk((p) => ids.push(testObjectId(arena.mem, p, h)));
  return ids;
}

function buffered(pool: AMSPool): number {
  return pool.pgen.bufferedSize;
}

describe("AMS pool", () => {
  it(".req.format .req.gen: format required with scan and skip; gen in range; chain live", () => {
    const arena = vmArena();
    const format = makeFormat(arena);
    const chain = arena.createChain([{ capacity: 100, mortality: 0.5 }]);
    expect(codeOf(() => arena.createPool(AMSPool, {} as never))).toBe("PARAM");
    const noSkip = arena.createFormat({ fmtScan: () => undefined });
    expect(codeOf(() => arena.createPool(AMSPool, { format: noSkip }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSPool, { format, chain, gen: 2 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSPool, { format, chain, gen: -1 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSPool, { format, chain: {} as Chain }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSPool, { format, align: 16 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSPool, { format, amsSupportAmbiguous: 1 as unknown as boolean }))).toBe("PARAM");
    // Nothing was left behind by the refusals: the format and chain can go.
    const top = arena.createPool(AMSPool, { format, chain, gen: 1 });
    expect(top.pgen.gen).toBe(arena.chains.topGen);
    top.destroy();
    const own = arena.createPool(AMSPool, { format });
    expect(own.genIndex).toBe(1);
    expect(arena.chains.size).toBe(2);
    own.destroy();
    expect(arena.chains.size).toBe(1);
    noSkip.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.ap: alloc and free are UNIMPL; ranks exact and ambiguous; weak refused", () => {
    const { pool, done } = setup();
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    // An address not in the pool: PARAM unless the level is rash, where the argument check is gone.
    if (CHECKING) expect(codeOf(() => pool.free(0x10000, 8))).toBe("PARAM");
    pool.createAp({ rank: Rank.EXACT });
    pool.createAp({ rank: Rank.AMBIG });
    expect(codeOf(() => pool.createAp({ rank: Rank.WEAK }))).toBe("PARAM");
    expect(pool.buffers().length).toBe(2);
    done();
  });

  it(".req.ambiguous: without amsSupportAmbiguous an ambiguous AP is refused", () => {
    const { pool, done } = setup(0, { amsSupportAmbiguous: false });
    expect(codeOf(() => pool.createAp({ rank: Rank.AMBIG }))).toBe("PARAM");
    expect(pool.buffers().length).toBe(0);
    pool.createAp();
    done();
  });

  it(".impl.fill: a fill takes a whole free run; sizes add up; walk sees committed objects", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 3);
    const b = allocObj(arena, ap, 0, 2, 0);
    expect(b - a).toBe(testObjectSize(3));
    expect(pool.totalSize()).toBe(AMS_SEG_SIZE_MIN);
    expect(pool.freeSize()).toBe(0); // the buffer holds the rest of the segment
    expect(walkIds(arena, pool, 0)).toEqual([1, 2]);
    ap.destroy();
    expect(pool.freeSize()).toBe(AMS_SEG_SIZE_MIN - testObjectSize(3) - testObjectSize(0));
    expect(pool.pgen.newSize).toBe(testObjectSize(3) + testObjectSize(0));
    expect(pool.check()).toBe(true);
    done();
  });

  it(".impl.fill.large: a request larger than the minimum segment gets its own segment", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const n = (AMS_SEG_SIZE_MIN / 4) | 0; // slots: about 4 times the segment
    allocObj(arena, ap, 0, 1, n);
    expect(pool.totalSize()).toBe(Math.ceil(testObjectSize(n) / arena.grainSize) * arena.grainSize);
    done();
  });

  it(".impl.fill: after a sweep a fill takes a long free run before the first short one, and falls back to first fit", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const size = testObjectSize(2);
    const perSeg = AMS_SEG_SIZE_MIN / size;
    const objs: number[] = [];
    for (let i = 0; i < perSeg; i++) objs.push(allocObj(arena, ap, 0, i, 2));
    ap.destroy();
    // Survivors: every other object of the first half (holes of one object), then one object in the middle of the second half.
    const keep = objs.filter((_, i) => (i < perSeg / 2 && i % 2 === 0) || i === (3 * perSeg) / 4);
    collect(arena, [pool], { exact: keep });
    expect(pool.segs().length).toBe(1);
    expect(pool.check()).toBe(true);
    const ap2 = pool.createAp();
    // The MPS would give the first hole (objs[1]); the fill takes the first run of AMS_FILL_TARGET bytes or more.
    expect(allocObj(arena, ap2, 0, 1000, 2)).toBe(objs[perSeg / 2 - 1]);
    ap2.destroy();
    // Fill the long runs; then only the holes are left, and fills take them first-fit, before making a segment.
    const ap3 = pool.createAp();
    const big = (perSeg / 4 - 2) * (size / 4) - 2; // slots: an object just smaller than a long run
    allocObj(arena, ap3, 0, 1001, big);
    allocObj(arena, ap3, 0, 1002, big);
    ap3.destroy();
    const ap4 = pool.createAp();
    expect(allocObj(arena, ap4, 0, 1003, 2)).toBe(objs[1]);
    expect(pool.segs().length).toBe(1);
    expect(pool.check()).toBe(true);
    done();
  });

  // .req.mark-sweep
  it(".contract.reclaim: a full collection keeps exactly what exact roots reach", () => {
    for (const h of [0, 8] as const) {
      const { arena, pool, done } = setup(h);
      const ap = pool.createAp();
      const objs: number[] = [];
      for (let i = 0; i < 100; i++) objs.push(allocObj(arena, ap, h, i, 2));
      // a chain 0 -> 1 -> ... -> 9; the rest unreachable
      for (let i = 0; i < 9; i++) setSlot(arena, objs[i]!, h, 0, objs[i + 1]!);
      setSlot(arena, objs[50]!, h, 1, objs[51]!); // garbage referring to garbage
      const roots = { exact: [objs[0]!] };
      const before = pool.freeSize();
      const { trace } = collect(arena, [pool], roots);
      expect(walkIds(arena, pool, h)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const size = testObjectSize(2);
      expect(trace.condemned).toBe(100 * size);
      expect(trace.preservedInPlaceSize).toBe(10 * size);
      expect(trace.reclaimSize).toBe(90 * size);
      expect(pool.freeSize()).toBe(before + 90 * size);
      expect(pool.totalSize() - pool.freeSize() - buffered(pool)).toBe(10 * size);
      for (let i = 0; i < 9; i++) expect(getSlot(arena, objs[i]!, h, 0)).toBe(objs[i + 1]);
      expect(pool.check()).toBe(true);
      // The freed grains are reused by later fills: a new AP gets the first free run.
      ap.destroy();
      const ap2 = pool.createAp();
      const c = allocObj(arena, ap2, h, 1000, 2);
      expect(c).toBe(objs[10]); // the first free grain after the survivors
      expect(pool.totalSize()).toBe(AMS_SEG_SIZE_MIN);
      done();
    }
  });

  // .req.mark-sweep
  it(".reclaim.empty: a segment with no survivors and no buffer goes back to the arena", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    for (let i = 0; i < 10; i++) allocObj(arena, ap, 0, i, 1);
    ap.destroy();
    const held = arena.committed();
    collect(arena, [pool], {});
    expect(pool.totalSize()).toBe(0);
    expect(pool.segs().length).toBe(0);
    expect(arena.committed()).toBeLessThanOrEqual(held);
    expect(pool.check()).toBe(true);
    done();
  });

  it(".condemn.buffer: the unused part of a buffer is not condemned and stays allocated", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    for (let i = 0; i < 10; i++) allocObj(arena, ap, 0, i, 1);
    collect(arena, [pool], {});
    expect(pool.segs().length).toBe(1); // the buffer keeps the segment
    expect(walkIds(arena, pool, 0)).toEqual([]);
    // after the flip the buffer is trapped: the next reserve continues in it
    const x = allocObj(arena, ap, 0, 77, 1);
    expect(walkIds(arena, pool, 0)).toEqual([77]);
    expect(x).toBe(ap.init - testObjectSize(1));
    done();
  });

  it(".contract.flip: an object reserved before the flip fails to commit; objects after it are black", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const keep = allocObj(arena, ap, 0, 1, 1);
    let p = 0;
    let late = 0;
    collect(arena, [pool], { exact: [keep] }, {
      afterCondemn: () => {
        p = ap.reserve(16);
      },
      afterFlip: () => {
        expect(ap.commit(p, 16)).toBe(false);
        late = allocObj(arena, ap, 0, 2, 1); // allocated black, unreachable, kept
      },
    });
    expect(walkIds(arena, pool, 0)).toEqual([1, 2]);
    expect(testObjectId(arena.mem, late, 0)).toBe(2);
    done();
  });

  it(".impl.empty: a buffer emptied during a collection: its unused grains turn white and free, its late objects survive uncounted", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 2);
    allocObj(arena, ap, 0, 2, 2); // garbage
    let late = 0;
    const { trace } = collect(arena, [pool], { exact: [a] }, {
      afterFlip: () => {
        for (let i = 0; i < 50; i++) late = allocObj(arena, ap, 0, 100 + i, 6);
        ap.destroy();
        expect(pool.check()).toBe(true);
      },
    });
    expect(trace.condemned).toBe(2 * testObjectSize(2));
    expect(trace.preservedInPlaceSize).toBe(testObjectSize(2));
    expect(trace.reclaimSize).toBe(testObjectSize(2));
    expect(walkIds(arena, pool, 0).length).toBe(51);
    expect(testObjectId(arena.mem, late, 0)).toBe(149);
    expect(pool.totalSize() - pool.freeSize()).toBe(51 * testObjectSize(2) - 50 * testObjectSize(2) + 50 * testObjectSize(6));
    done();
  });

  it(".req.ambiguous: an interior ambiguous reference preserves its object", () => {
    for (const h of [0, 8] as const) {
      const { arena, pool, done } = setup(h);
      const ap = pool.createAp();
      const objs: number[] = [];
      for (let i = 0; i < 20; i++) objs.push(allocObj(arena, ap, h, i, 5));
      setSlot(arena, objs[3]!, h, 4, objs[4]!);
      ap.destroy();
      // 3: interior; 7: its block base (the header with h = 8); 11: client pointer; 15: unaligned interior; a free grain
      const ambig = [objs[3]! + 12, objs[7]! - h, objs[11]!, objs[15]! + 3, objs[19]! + 4096];
      collect(arena, [pool], { ambig });
      expect(walkIds(arena, pool, h)).toEqual([3, 4, 7, 11, 15]);
      expect(ambig[0]).toBe(objs[3]! + 12); // ambiguous references are never changed
      done();
    }
  });

  it(".req.ambiguous: ambiguous references into a pool without support are ignored", () => {
    const { arena, pool, done } = setup(0, { amsSupportAmbiguous: false });
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 1);
    ap.destroy();
    collect(arena, [pool], { ambig: [a] });
    expect(walkIds(arena, pool, 0)).toEqual([]);
    done();
  });

  it(".req.ambiguous: objects of an ambiguous AP are scanned ambiguously (interior references keep)", () => {
    const { arena, pool, done } = setup();
    const ex = pool.createAp();
    const am = pool.createAp({ rank: Rank.AMBIG });
    const target = allocObj(arena, ex, 0, 1, 4);
    const holder = allocObj(arena, am, 0, 2, 1);
    setSlot(arena, holder, 0, 0, target + 9); // an interior, unaligned word: fine when ambiguous
    const seg = arena.segOfAddr(holder) as AMSSeg;
    expect(seg.rankSet).toBe(1 << Rank.AMBIG);
    ex.destroy();
    am.destroy();
    collect(arena, [pool], { exact: [holder] });
    expect(walkIds(arena, pool, 0).sort()).toEqual([1, 2]);
    done();
  });

  it(".contract.fix.weak: a weak reference to a dead object is splatted, to a live one kept", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const live = allocObj(arena, ap, 0, 1, 1);
    const dead = allocObj(arena, ap, 0, 2, 1);
    ap.destroy();
    const roots = { exact: [live], weak: [live, dead] };
    collect(arena, [pool], roots);
    expect(roots.weak).toEqual([live, 0]);
    done();
  });

  // .req.bad-ref
  it(".contract.fix.bad: bad exact references are PARAM at cool, ignored otherwise (conerr 66-68)", () => {
    for (const h of [0, 8] as const) {
      const cases: Array<[string, (p: number) => number]> = [
        ["is unaligned", (p) => p + 1],
        ["is in free space", (p) => p + 2 * testObjectSize(2)],
        ["is inside an object", (p) => p + 8], // aligned and allocated, but not a client pointer (cool only)
      ];
      if (h === 8) cases.push(["is out of bounds", (p) => p - h]);
      for (const [what, bad] of cases) {
        const { arena, pool, done } = setup(h);
        const ap = pool.createAp();
        const p = allocObj(arena, ap, h, 0, 2);
        ap.destroy();
        const run = (): unknown => collect(arena, [pool], { exact: [p, bad(p)] });
        if (COOL) {
          const e = mpsErrorOf(run);
          expect(e?.code, what).toBe("PARAM");
          expect(e?.message, what).toContain(what);
          // the collection was abandoned half-way: drop the arena
        } else {
          run();
          expect(walkIds(arena, pool, h), what).toEqual([0]);
          done();
        }
      }
    }
  });

  // .req.bad-ref
  it(".contract.fix.bad: an exact reference from an object, too (conerr 66)", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const p = allocObj(arena, ap, 0, 0, 1);
    const q = allocObj(arena, ap, 0, 1, 2);
    setSlot(arena, q, 0, 0, p);
    setSlot(arena, q, 0, 1, p + 1);
    ap.destroy();
    const run = (): unknown => collect(arena, [pool], { exact: [q] });
    if (COOL) expect(codeOf(run)).toBe("PARAM");
    else {
      run();
      expect(walkIds(arena, pool, 0)).toEqual([0, 1]);
      done();
    }
  });

  // .req.colour
  it(".impl.grey: a grey segment that is not white is scanned whole, fixing into white segments", () => {
    const { arena, pool, chain, done } = setup();
    // a second pool in the top generation: not condemned when only gen 0 is
    const old = arena.createPool(AMSPool, { format: pool.format as never, chain: chain!, gen: 1 });
    const apOld = old.createAp();
    const apNew = pool.createAp();
    const young = allocObj(arena, apNew, 0, 1, 1);
    const junk = allocObj(arena, apNew, 0, 2, 1);
    const holder = allocObj(arena, apOld, 0, 3, 1);
    setSlot(arena, holder, 0, 0, young);
    apOld.destroy();
    apNew.destroy();
    const { trace } = collect(arena, [pool, old], {}, {}, [pool.pgen.gen]);
    expect(walkIds(arena, pool, 0)).toEqual([1]);
    expect(walkIds(arena, old, 0)).toEqual([3]);
    expect(trace.reclaimSize).toBe(testObjectSize(1));
    void junk;
    old.destroy();
    done();
  });

  // .req.colour
  it(".impl.blacken: blacken turns grey objects black without scanning", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 1);
    const b = allocObj(arena, ap, 0, 2, 1);
    setSlot(arena, a, 0, 0, b);
    ap.destroy();
    collect(arena, [pool], { exact: [a] }, {
      afterFlip: () => {
        const seg = arena.segOfAddr(a) as AMSSeg;
        expect(seg.isGrey(seg.indexOfAddr(a))).toBe(true);
        seg.blacken(1);
        expect(seg.isBlack(seg.indexOfAddr(a))).toBe(true);
      },
    });
    // b was never reached: a was blackened unscanned
    expect(walkIds(arena, pool, 0)).toEqual([1]);
    done();
  });

  it(".impl.describe: describe shows the grain map", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 1);
    let text = "";
    collect(arena, [pool], { exact: [a] }, {
      beforeReclaim: () => {
        text = describeToString(pool);
      },
    });
    expect(text).toContain("class AMS");
    expect(text).toMatch(/\|\[\*\*\|>\*\*/); // the buffer's base, two black grains, init and alloc, then the black unused region
    expect(pool.segs()[0]).toBeInstanceOf(GCSeg);
    done();
  });

  it(".test.model: random graphs, exact and ambiguous roots, many collections (amsss)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(0 as const, 8 as const), (seed, h) => modelRun(seed, h)),
      { numRuns: 6 },
    );
  });
});

function modelRun(seed: number, h: 0 | 8): void {
  const r = rng(seed);
  const { arena, pool, done } = setup(h);
  const exactAp = pool.createAp();
  const ambigAp = pool.createAp({ rank: Rank.AMBIG });
  const model = new Map<number, ModelObj>();
  const exactRoots: number[] = new Array(16).fill(-1);
  const ambigRoots: number[] = new Array(4).fill(-1);
  let nextId = 0;
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 150; k++) {
      const nslots = Math.floor(r() * 6) + (h === 8 ? 1 : 0); // with a header, an object is bigger than it (.req.format)
      const id = nextId++;
      const ap = r() < 0.2 ? ambigAp : exactAp;
      const addr = allocObj(arena, ap, h, id, nslots);
      const o: ModelObj = { addr, id, slots: new Array(nslots).fill(-1), size: testObjectSize(nslots) };
      model.set(id, o);
      // link from a random live object or root to the new one, and the new one to others
      const live = [...reachable(model, [...exactRoots, ...ambigRoots])];
      if (live.length > 0 && r() < 0.7) {
        const from = model.get(live[Math.floor(r() * live.length)]!)!;
        if (from.slots.length > 0) {
          const s = Math.floor(r() * from.slots.length);
          from.slots[s] = id;
          setSlot(arena, from.addr, h, s, addr);
        }
      }
      for (let s = 0; s < nslots; s++) {
        if (live.length > 0 && r() < 0.5) {
          const to = model.get(live[Math.floor(r() * live.length)]!)!;
          o.slots[s] = to.id;
          setSlot(arena, addr, h, s, to.addr);
        }
      }
      if (r() < 0.1) exactRoots[Math.floor(r() * exactRoots.length)] = id;
      if (r() < 0.03) ambigRoots[Math.floor(r() * ambigRoots.length)] = id;
    }
    const ambigVals = ambigRoots.filter((x) => x >= 0).map((id) => model.get(id)!.addr + (r() < 0.5 && model.get(id)!.size - h > 4 ? 4 : 0)); // interior, inside the object
    const exactVals = exactRoots.filter((x) => x >= 0).map((id) => model.get(id)!.addr);
    collect(arena, [pool], { exact: exactVals, ambig: ambigVals });
    const live = reachable(model, [...exactRoots, ...ambigRoots]);
    const bad = verify(arena, model, live, h);
    if (bad !== "") throw new Error(bad);
    // every walked object is one the model knows, and every reachable one is walked
    const walked = new Set(walkIds(arena, pool, h));
    for (const id of live) {
      if (!walked.has(id)) {
        const o = model.get(id)!;
        const seg = arena.segOfAddr(o.addr) as AMSSeg;
        const b = seg.buffer();
        const how = [...model.values()].filter((x) => x.slots.includes(id)).map((x) => `${x.id}@${x.addr}${walked.has(x.id) ? "" : "(dead)"}`);
        throw new Error(`reachable object ${id} at ${o.addr} was not walked; seg ${seg.base}-${seg.limit} rank ${seg.rankSet} alloc ${seg.isAllocated(seg.indexOfAddr(o.addr - h))} buffer ${b ? `${b.base} ${b.scanLimit()} ${b.ap.init} ${b.poolLimit}` : "none"} exactRoot ${exactRoots.includes(id)} ambigRoot ${ambigRoots.includes(id)} from ${how.join(",")} round ${round}`);
      }
    }
    for (const id of walked) if (!model.has(id)) throw new Error(`walked unknown object ${id}`);
    // forget the dead
    for (const id of [...model.keys()]) if (!walked.has(id)) model.delete(id);
    pool.check();
  }
  // a final collection with exact roots only: exactly the exactly reachable survive
  exactAp.destroy();
  ambigAp.destroy();
  const exactVals = exactRoots.filter((x) => x >= 0).map((id) => model.get(id)!.addr);
  // objects of the ambiguous AP hold references scanned ambiguously: reachable either way
  collect(arena, [pool], { exact: exactVals });
  const live = reachable(model, exactRoots);
  const walked = walkIds(arena, pool, h);
  expect(new Set(walked)).toEqual(live);
  let liveBytes = 0;
  for (const id of live) liveBytes += model.get(id)!.size;
  expect(pool.totalSize() - pool.freeSize()).toBe(liveBytes);
  done();
}
