// Unit tests of the AWL pool on the real tracer: options, ranks, allocation
// points and segments, sizes, addrObject, walk, describe, the dependent
// object's exposure, reclaim, and a property test of weak references against
// a model of the object graph.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Arena, GCSeg, MessageType, type GCMessage } from "@mps/arena";
import { type Addr, Rank, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { testFormat, testObjectId, testObjectSize } from "@mps/trace/test-util";
import { AWL_SEG_SA_LIMIT, AWLPool, AWLSeg } from "../src/index.js";
import { BACKENDS, allocObj, arrayRoot, gcArena, getSlot, rng, setSlot } from "./helpers.js";

function setup(h: 0 | 8 = 0, protection: "none" | "software" = "none") {
  const arena = gcArena(protection);
  const format = arena.createFormat(testFormat(arena.mem, h));
  const pool = arena.createPool(AWLPool, { format });
  const done = (): void => {
    arena.park();
    for (const b of pool.buffers()) b.ap.destroy();
    for (const r of [...roots]) r.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  };
  const roots: { destroy(): void }[] = [];
  return { arena, format, pool, done, roots };
}

function walkIds(arena: Arena, pool: AWLPool, h: 0 | 8 = 0): number[] {
  const ids: number[] = [];
  pool.walk((p) => ids.push(testObjectId(arena.mem, p, h)));
  return ids.sort((a, b) => a - b);
}

describe("AWL pool", () => {
  it(".req.format .req.gen: format required with scan and skip; gen in range; chain live; awlFindDependent a function", () => {
    const arena = gcArena();
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const noScan = arena.createFormat({ fmtAlign: 8, fmtSkip: (p: Addr) => p + 8 });
    const chains = arena.chains.size;
    const pools = arena.pools().length;
    expect(codeOf(() => arena.createPool(AWLPool, {} as never))).toBe("PARAM");
    expect(mpsErrorOf(() => arena.createPool(AWLPool, { format: noScan }))?.message).toMatch(/AWL/);
    expect(codeOf(() => arena.createPool(AWLPool, { format, gen: 7 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AWLPool, { format, gen: -1 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AWLPool, { format, gen: 0.5 }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AWLPool, { format, chain: {} as never }))).toBe("PARAM");
    expect(mpsErrorOf(() => arena.createPool(AWLPool, { format, awlFindDependent: 3 as never }))?.message).toContain("awlFindDependent");
    // nothing was left behind by the refused pools
    expect(arena.chains.size).toBe(chains);
    expect(arena.pools().length).toBe(pools);
    const chain = arena.createChain([{ capacity: 100, mortality: 0.5 }]);
    const pool = arena.createPool(AWLPool, { format, chain, gen: 1 });
    expect(pool.genIndex).toBe(1);
    expect(pool.segSALimit).toBe(AWL_SEG_SA_LIMIT);
    expect(pool.totalSALimit).toBeUndefined();
    expect(AWLPool.attrs.gc && AWLPool.attrs.scannable && !AWLPool.attrs.moving).toBe(true);
    expect(pool.check()).toBe(true);
    pool.destroy();
    chain.destroy();
    const own = arena.createPool(AWLPool, { format });
    expect(own.genIndex).toBe(1);
    own.destroy();
    expect(arena.chains.size).toBe(chains);
    noScan.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.ap: alloc and free are UNIMPL; ranks exact and weak; ambiguous and final refused", () => {
    const { pool, done } = setup();
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    expect(codeOf(() => pool.createAp({ rank: Rank.AMBIG }))).toBe("PARAM");
    expect(codeOf(() => pool.createAp({ rank: Rank.FINAL }))).toBe("PARAM");
    const e = pool.createAp({ rank: Rank.EXACT });
    const w = pool.createAp({ rank: Rank.WEAK });
    expect(pool.buffers().length).toBe(2);
    e.destroy();
    w.destroy();
    done();
  });

  it(".impl.rank: a segment holds objects of one rank: exact and weak objects get different segments", () => {
    const { arena, pool, done } = setup();
    const e = pool.createAp({ rank: Rank.EXACT });
    const w = pool.createAp({ rank: Rank.WEAK });
    const a = allocObj(arena, e, 0, 1, 2);
    const b = allocObj(arena, w, 0, 2, 2);
    const sa = arena.segOfAddr(a) as AWLSeg;
    const sb = arena.segOfAddr(b) as AWLSeg;
    expect(sa).not.toBe(sb);
    expect(sa.rankSet).toBe(1 << Rank.EXACT);
    expect(sb.rankSet).toBe(1 << Rank.WEAK);
    e.destroy();
    w.destroy();
    // a new weak AP refills from the weak segment's free grains, not the exact one
    const w2 = pool.createAp({ rank: Rank.WEAK });
    const c = allocObj(arena, w2, 0, 3, 2);
    expect(arena.segOfAddr(c)).toBe(sb);
    w2.destroy();
    done();
  });

  it(".impl.sizes: totalSize, freeSize and freeWalk add up; a large object gets its own segment", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    expect(pool.totalSize()).toBe(0);
    const a = allocObj(arena, ap, 0, 1, 3);
    const big = allocObj(arena, ap, 0, 2, 5000);
    expect(arena.segOfAddr(big)).not.toBe(arena.segOfAddr(a));
    ap.destroy();
    let free = 0;
    pool.freeWalk((b, l) => {
      free += l - b;
    });
    expect(free).toBe(pool.freeSize());
    expect(pool.totalSize() - pool.freeSize()).toBe(testObjectSize(3) + testObjectSize(5000));
    expect(pool.totalSize() % arena.grainSize).toBe(0);
    expect(walkIds(arena, pool)).toEqual([1, 2]);
    expect(pool.check()).toBe(true);
    done();
  });

  it(".impl.addr-object: addrObject finds the object containing an address; free space and other memory are PARAM", () => {
    const { arena, pool, done } = setup(8);
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 8, 1, 3);
    const b = allocObj(arena, ap, 8, 2, 3);
    ap.destroy();
    expect(pool.addrObject(a)).toBe(a);
    expect(pool.addrObject(a - 8)).toBe(a); // the header is in the object
    expect(pool.addrObject(b + 4)).toBe(b);
    const end = b - 8 + testObjectSize(3);
    expect(mpsErrorOf(() => pool.addrObject(end))?.message).toContain("in no object");
    expect(codeOf(() => pool.addrObject(8))).toBe("PARAM");
    done();
  });

  // .req.weak .req.exact .req.sizes
  it(".contract.reclaim: a full collection keeps what exact roots reach and splats weak references to the rest; sizes in the GC message", () => {
    for (const protection of BACKENDS) {
      const { arena, pool, done, roots } = setup(0, protection);
      const e = pool.createAp();
      const w = pool.createAp({ rank: Rank.WEAK });
      const live = allocObj(arena, e, 0, 1, 1);
      const dead = allocObj(arena, e, 0, 2, 1);
      const weak = allocObj(arena, w, 0, 3, 2);
      setSlot(arena, weak, 0, 0, live);
      setSlot(arena, weak, 0, 1, dead);
      for (let i = 0; i < 50; i++) allocObj(arena, e, 0, 100 + i, 2);
      e.destroy();
      w.destroy();
      roots.push(arrayRoot(arena, new Uint32Array([live, weak])));
      arena.messageTypeEnable(MessageType.GC);
      arena.collect();
      expect(walkIds(arena, pool)).toEqual([1, 3]);
      expect(getSlot(arena, weak, 0, 0)).toBe(live);
      expect(getSlot(arena, weak, 0, 1)).toBe(0);
      const m = arena.messageGet(MessageType.GC) as GCMessage;
      const liveSize = testObjectSize(1) + testObjectSize(2);
      expect(m.liveSize).toBe(liveSize);
      expect(m.condemnedSize).toBe(liveSize + testObjectSize(1) + 50 * testObjectSize(2));
      m.delete();
      expect(pool.totalSize() - pool.freeSize()).toBe(liveSize);
      expect(pool.check()).toBe(true);
      done();
    }
  });

  it(".reclaim.empty: a segment with no survivors and no buffer goes back to the arena", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    for (let i = 0; i < 10; i++) allocObj(arena, ap, 0, i, 2);
    ap.destroy();
    expect(pool.segs().length).toBe(1);
    arena.collect();
    expect(pool.segs().length).toBe(0);
    expect(pool.totalSize()).toBe(0);
    done();
  });

  it(".condemn.buffer: the unused part of an attached buffer is not condemned and stays allocated", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp();
    allocObj(arena, ap, 0, 1, 2); // dead
    const keep = allocObj(arena, ap, 0, 2, 2);
    const root = arrayRoot(arena, new Uint32Array([keep]));
    arena.collect();
    expect(walkIds(arena, pool)).toEqual([2]);
    // the AP still allocates after the collection, in the same segment
    const c = allocObj(arena, ap, 0, 3, 2);
    expect(arena.segOfAddr(c)).toBe(arena.segOfAddr(keep));
    expect(pool.check()).toBe(true);
    root.destroy();
    done();
  });

  // .req.dependent
  it(".fun.scan.pass.object.dependent: the dependent object is found for each object scanned and exposed for its scan", () => {
    const arena = gcArena("software");
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const exposedDuringScan: number[] = [];
    let depSeg: GCSeg | undefined;
    const deps = new Map<Addr, Addr>();
    const fmt = arena.createFormat({
      ...testFormat(arena.mem, 0),
      fmtScan: (ss, base, limit) => {
        const d = deps.get(base);
        if (d !== undefined && depSeg !== undefined) {
          exposedDuringScan.push(depSeg.depth);
          expect(depSeg.summary >>> 0).toBe(0xffffffff);
        }
        testFormat(arena.mem, 0).fmtScan(ss, base, limit);
      },
    });
    const pool = arena.createPool(AWLPool, { format: fmt, awlFindDependent: (p) => deps.get(p) ?? 0 });
    const other = arena.createPool(AWLPool, { format });
    const oap = other.createAp();
    const dep = allocObj(arena, oap, 0, 9, 2);
    oap.destroy();
    depSeg = arena.segOfAddr(dep) as GCSeg;
    const wap = pool.createAp({ rank: Rank.WEAK });
    const w = allocObj(arena, wap, 0, 1, 2);
    setSlot(arena, w, 0, 0, dep);
    deps.set(w, dep);
    wap.destroy();
    const root = arrayRoot(arena, new Uint32Array([w, dep]));
    arena.collect();
    expect(exposedDuringScan.length).toBeGreaterThan(0);
    for (const d of exposedDuringScan) expect(d).toBeGreaterThan(0);
    expect(depSeg.depth).toBe(0); // covered again
    expect(getSlot(arena, w, 0, 0)).toBe(dep);
    root.destroy();
    pool.destroy();
    other.destroy();
    fmt.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".impl.describe: describe shows the options, the statistics and the grain map", () => {
    const { arena, pool, done } = setup();
    const ap = pool.createAp({ rank: Rank.WEAK });
    allocObj(arena, ap, 0, 1, 1);
    const text = describeToString(pool);
    expect(text).toContain("class AWL");
    expect(text).toContain("segSALimit 200");
    expect(text).toContain("goodScans 0");
    expect(text).toMatch(/\|\[\*\*\|>/);
    expect(pool.segs()[0]).toBeInstanceOf(AWLSeg);
    ap.destroy();
    done();
  });

  it(".test.model: random graphs of exact and weak objects against a model (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(0 as const, 8 as const), fc.constantFrom(...BACKENDS), (seed, h, protection) =>
        modelRun(seed, h, protection),
      ),
      { numRuns: 8 },
    );
  });
});

/** Build random graphs of exact and weak objects, collect with exact roots, and compare with the model's strong reachability. */
function modelRun(seed: number, h: 0 | 8, protection: "none" | "software"): void {
  const r = rng(seed);
  const { arena, pool, done, roots } = setup(h, protection);
  const e = pool.createAp();
  const w = pool.createAp({ rank: Rank.WEAK });
  type O = { addr: Addr; weak: boolean; slots: number[] };
  const model = new Map<number, O>();
  const rootIds: number[] = new Array(10).fill(-1);
  const rootRefs = new Uint32Array(10);
  roots.push(arrayRoot(arena, rootRefs));
  let nextId = 0;
  for (let round = 0; round < 4; round++) {
    const ids = [...model.keys()];
    for (let k = 0; k < 80; k++) {
      const weak = r() < 0.3;
      const n = 1 + Math.floor(r() * 4);
      const id = nextId++;
      const addr = allocObj(arena, weak ? w : e, h, id, n);
      model.set(id, { addr, weak, slots: new Array(n).fill(-1) });
      ids.push(id);
    }
    for (let k = 0; k < 150; k++) {
      const from = model.get(ids[Math.floor(r() * ids.length)]!)!;
      const to = ids[Math.floor(r() * ids.length)]!;
      if (!model.has(to)) continue;
      const s = Math.floor(r() * from.slots.length);
      from.slots[s] = to;
      arena.storeRef(from.addr - h + 8 + 4 * s, model.get(to)!.addr);
    }
    for (let i = 0; i < rootIds.length; i++) {
      const id = r() < 0.6 ? ids[Math.floor(r() * ids.length)]! : -1;
      rootIds[i] = model.has(id) ? id : -1;
      rootRefs[i] = rootIds[i]! < 0 ? 0 : model.get(id)!.addr;
    }
    arena.collect();
    const live = new Set<number>();
    const stack = rootIds.filter((x) => x >= 0);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (live.has(id)) continue;
      live.add(id);
      const o = model.get(id)!;
      if (!o.weak) for (const s of o.slots) if (s >= 0) stack.push(s);
    }
    expect(new Set(walkIds(arena, pool, h))).toEqual(live);
    for (const id of live) {
      const o = model.get(id)!;
      for (let s = 0; s < o.slots.length; s++) {
        const t = o.slots[s]!;
        const got = arena.loadRef(o.addr - h + 8 + 4 * s);
        if (t >= 0 && live.has(t)) expect(got).toBe(model.get(t)!.addr);
        else {
          expect(got).toBe(0);
          o.slots[s] = -1;
        }
      }
    }
    for (const id of [...model.keys()]) if (!live.has(id)) model.delete(id);
    expect(pool.check()).toBe(true);
    arena.release();
  }
  done();
}
