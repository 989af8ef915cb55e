import { describe, expect, it } from "vitest";
import { COOL, Rank } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { testObjectId, testObjectSlotAddr, testObjectType, TF_OBJ, TF_PAD } from "@mps/trace/test-util";
import { AMC_DEFAULTS, AMCPool, AMCZPool, type AMCSeg } from "../src/index.js";
import { MiniCollection, miniCollect } from "./mini-trace.js";
import { alloc, makeFormat, vmArena } from "./helpers.js";

/** The size of a segment made for small objects: the default `extendBy`, whole grains. */
const SEG = AMC_DEFAULTS.extendBy;

function setup(h: 0 | 8 = 0, opts: Record<string, unknown> = {}) {
  const arena = vmArena();
  const format = makeFormat(arena, h);
  const chain = arena.createChain([{ capacity: 64, mortality: 0.5 }, { capacity: 128, mortality: 0.5 }]);
  const pool = arena.createPool(AMCPool, { format, chain, ...opts });
  const ap = pool.createAp();
  const done = () => {
    for (const b of pool.buffers()) if (b.isMutator) b.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, format, chain, pool, ap, done };
}

describe("AMC segment protocol (mini tracer)", () => {
  // .req.copy .req.sizes
  it(".fix.copy: exact roots copy their objects into the next generation and forward them", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    const dead = alloc(arena, ap, 0, 3, 6);
    arena.mem.u32[testObjectSlotAddr(a, 0, 0) >>> 2] = b;
    ap.destroy();
    pool.createAp();
    const roots = { exact: [a] };
    const trace = miniCollect(arena, [pool], [pool.gens[0]!.pgen.gen], roots);
    const na = roots.exact[0]!;
    expect(na).not.toBe(a);
    expect(testObjectId(arena.mem, na, 0)).toBe(1);
    const nb = arena.mem.u32[testObjectSlotAddr(na, 0, 0) >>> 2]!;
    expect(nb).not.toBe(b);
    expect(testObjectId(arena.mem, nb, 0)).toBe(2);
    expect((arena.segOfAddr(na) as AMCSeg).gen).toBe(pool.gens[1]);
    expect(trace.forwardedSize).toBe(32);
    expect(trace.condemned).toBe(SEG);
    expect(trace.reclaimSize).toBe(SEG);
    expect(arena.segOfAddr(dead)).toBeUndefined();
    expect(pool.gens[0]!.pgen.totalSize).toBe(0);
    expect(pool.gens[1]!.pgen.totalSize).toBe(SEG);
    pool.check();
    done();
  });
});

function gen(pool: AMCPool | AMCZPool, i: number) {
  return pool.gens[i]!.pgen.gen;
}

describe("AMC nailing", () => {
  for (const h of [0, 8] as const) {
    // .req.nail .req.sizes
    it(`.nail.ambig: an ambiguous interior reference keeps its object in place; the dead around it become padding (header ${h})`, () => {
      const { arena, pool, ap, done } = setup(h);
      const a = alloc(arena, ap, h, 1, 2);
      const b = alloc(arena, ap, h, 2, 2);
      const dead = alloc(arena, ap, h, 3, 6);
      arena.mem.u32[testObjectSlotAddr(b, h, 1) >>> 2] = a;
      ap.destroy();
      const trace = miniCollect(arena, [pool], [gen(pool, 0)], { ambig: [b + 4] });
      const seg = arena.segOfAddr(b) as AMCSeg;
      expect(seg).toBeDefined();
      expect(seg.gen).toBe(pool.gens[0]);
      expect(testObjectId(arena.mem, b, h)).toBe(2);
      expect(testObjectType(arena.mem, b, h)).toBe(TF_OBJ);
      // a was reached only through b, which was scanned: a moved and b's slot was updated.
      const na = arena.mem.u32[testObjectSlotAddr(b, h, 1) >>> 2]!;
      expect(na).not.toBe(a);
      expect(testObjectId(arena.mem, na, h)).toBe(1);
      expect(testObjectType(arena.mem, a, h)).toBe(TF_PAD);
      expect(testObjectType(arena.mem, dead, h)).toBe(TF_PAD);
      expect(trace.preservedInPlaceSize).toBe(16);
      expect(trace.forwardedSize).toBe(16);
      expect(trace.reclaimSize).toBe(SEG - 16);
      expect(seg.nailed).toBe(0);
      expect(seg.board).toBeUndefined();
      expect(seg.white).toBe(0);
      const seen: number[] = [];
      pool.walk((p) => {
        if (testObjectType(arena.mem, p, h) === TF_OBJ) seen.push(testObjectId(arena.mem, p, h));
      });
      expect(seen.sort()).toEqual([1, 2]);
      pool.check();
      done();
    });
  }

  // .req.nail
  it(".nail.interior: with interior false only a reference to the client pointer pins", () => {
    const { arena, pool, ap, done } = setup(0, { interior: false });
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    ap.destroy();
    const roots = { ambig: [a + 8, b], exact: [a] };
    miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(roots.exact[0]).not.toBe(a);
    expect(testObjectType(arena.mem, a, 0)).toBe(TF_PAD);
    expect(testObjectType(arena.mem, b, 0)).toBe(TF_OBJ);
    done();
  });

  it(".nail.exact: an exact reference to a nailed object is not changed", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    ap.destroy();
    const roots = { ambig: [a], exact: [a] };
    const trace = miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(roots.exact[0]).toBe(a);
    expect(trace.forwardedSize).toBe(0);
    expect(testObjectId(arena.mem, a, 0)).toBe(1);
    done();
  });

  it(".ranks: an AMC allocation point is exact; an ambiguous or weak one is PARAM (as the MPS's AMC)", () => {
    const { pool, done } = setup();
    expect(codeOf(() => pool.createAp({ rank: Rank.AMBIG }))).toBe("PARAM");
    expect(codeOf(() => pool.createAp({ rank: Rank.WEAK }))).toBe("PARAM");
    done();
  });
});

describe("AMC weak references, buffers, generations", () => {
  // .req.weak
  it(".fix.weak: a weak reference to an object nothing else keeps is splatted; to a survivor it is updated", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    ap.destroy();
    const roots = { exact: [a], weak: [a, b] };
    miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(roots.weak[0]).toBe(roots.exact[0]);
    expect(roots.weak[0]).not.toBe(a);
    expect(roots.weak[1]).toBe(0);
    done();
  });

  // .req.buffer
  it(".whiten.buffer: a segment with an attached allocation point is condemned up to its scan limit and nailed above it", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    alloc(arena, ap, 0, 2, 2);
    const seg = arena.segOfAddr(a) as AMCSeg;
    const buffer = ap.buffer;
    const c = new MiniCollection(arena, [pool], [gen(pool, 0)]);
    c.condemn();
    expect(seg.white).toBe(1);
    expect(seg.nailed).toBe(1);
    expect(seg.board!.isSetRange(buffer.scanLimit(), buffer.poolLimit)).toBe(true);
    expect(c.trace.condemned).toBe(32);
    const roots = { exact: [a] };
    c.roots(roots);
    c.flip();
    c.scanAll();
    c.reclaim();
    expect(roots.exact[0]).not.toBe(a);
    expect(arena.segOfAddr(a)).toBe(seg);
    expect(testObjectType(arena.mem, a, 0)).toBe(TF_PAD);
    // The mutator goes on allocating in the same region after the flip.
    const d = alloc(arena, ap, 0, 3, 2);
    expect(arena.segOfAddr(d)).toBe(seg);
    ap.destroy();
    pool.check();
    // The next collection counts the segment whole, less the region the buffer had.
    const t2 = miniCollect(arena, [pool], [gen(pool, 0)], { exact: [d] });
    expect(t2.condemned).toBe(SEG);
    expect(arena.segOfAddr(d)).toBeUndefined();
    done();
  });

  // .req.buffer
  it(".whiten.buffer: a segment holding nothing but its buffer is not condemned; the busy reservation fails its commit", () => {
    const { arena, pool, ap, done } = setup();
    const p = ap.reserve(16);
    const t = miniCollect(arena, [pool], [gen(pool, 0)], {});
    expect(t.condemned).toBe(0);
    expect(arena.segOfAddr(p)!.white).toBe(0);
    expect(ap.commit(p, 16)).toBe(false);
    const a = alloc(arena, ap, 0, 5, 2);
    expect(a).toBe(p);
    done();
  });

  it(".buffer.flip: a commit after a flip fails", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const p = ap.reserve(16);
    miniCollect(arena, [pool], [gen(pool, 0)], { exact: [a] });
    expect(ap.commit(p, 16)).toBe(false);
    done();
  });

  // .req.gen
  it(".gen.promote: survivors move up a generation at a time; the top generation forwards into itself", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 4);
    ap.destroy();
    const roots = { exact: [a] };
    for (let i = 0; i < 4; i++) {
      miniCollect(arena, [pool], [gen(pool, Math.min(i, 2))], roots);
      expect((arena.segOfAddr(roots.exact[0]!) as AMCSeg).gen.index).toBe(Math.min(i + 1, 2));
      expect(testObjectId(arena.mem, roots.exact[0]!, 0)).toBe(1);
    }
    expect(pool.gens[0]!.pgen.totalSize + pool.gens[1]!.pgen.totalSize).toBe(0);
    expect(pool.gens[2]!.pgen.totalSize).toBe(SEG);
    pool.check();
    done();
  });

  // .req.large
  it(".large: a request of largeSize or more gets its own segment, the rest padded, and is copied into another", () => {
    const { arena, pool, ap, done } = setup(0, { largeSize: 8192 });
    const big = alloc(arena, ap, 0, 9, 2100); // 8408 bytes
    const seg = arena.segOfAddr(big) as AMCSeg;
    expect(seg.size()).toBe(12288);
    expect(ap.buffer.poolLimit).toBe(seg.base + 8408);
    expect(testObjectType(arena.mem, seg.base + 8408, 0)).toBe(TF_PAD);
    const small = alloc(arena, ap, 0, 10, 2);
    expect(arena.segOfAddr(small)).not.toBe(seg);
    ap.destroy();
    const roots = { exact: [big] };
    const t = miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(t.forwardedSize).toBe(8408);
    const ns = arena.segOfAddr(roots.exact[0]!) as AMCSeg;
    expect(ns.size()).toBe(12288);
    expect(testObjectId(arena.mem, roots.exact[0]!, 0)).toBe(9);
    done();
  });

  // .req.emergency
  it(".emergency: with no memory to copy into, objects are preserved in place", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    arena.mem.u32[testObjectSlotAddr(a, 0, 0) >>> 2] = b;
    ap.destroy();
    arena.setCommitLimit(arena.committed());
    const roots = { exact: [a] };
    const t = miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(roots.exact[0]).toBe(a);
    expect(arena.mem.u32[testObjectSlotAddr(a, 0, 0) >>> 2]).toBe(b);
    expect(testObjectId(arena.mem, b, 0)).toBe(2);
    expect(t.forwardedSize).toBe(0);
    expect(t.preservedInPlaceSize).toBeGreaterThan(0);
    arena.setCommitLimit(2 ** 32);
    done();
  });

  it(".emergency: fixEmergency snaps forwarded references and preserves the rest in place", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    ap.destroy();
    const c = new MiniCollection(arena, [pool], [gen(pool, 0)]);
    c.condemn();
    const roots = { exact: [a] };
    c.roots(roots);
    const na = roots.exact[0]!;
    (c.trace as { emergency: boolean }).emergency = true;
    const ss = { rank: 1, traces: 1, trace: c.trace, wasMarked: true } as never;
    const seg = arena.segOfAddr(a)!;
    expect(seg.fix(ss, a)).toBe(na);
    expect(seg.fix(ss, b)).toBe(b);
    expect(seg.nailed).toBe(1);
    c.flip();
    c.scanAll();
    c.reclaim();
    expect(testObjectId(arena.mem, b, 0)).toBe(2);
    done();
  });
});

describe("AMCZ", () => {
  // .req.leaf
  it(".amcz: leaf objects are copied and never scanned; segments have no ranks", () => {
    const arena = vmArena();
    const format = makeFormat(arena);
    const pool = arena.createPool(AMCZPool, { format });
    const ap = pool.createAp();
    expect(ap.buffer.rankSet()).toBe(0);
    const ids: number[] = [];
    const refs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const p = alloc(arena, ap, 0, 1000 + i, 1 + (i % 7), true);
      arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = 0xdead0000 + i;
      if (i % 3 === 0) {
        refs.push(p);
        ids.push(1000 + i);
      }
    }
    ap.destroy();
    for (const s of pool.segs()) expect(s.rankSet).toBe(0);
    const before = pool.totalSize();
    const roots = { exact: refs };
    const t = miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(t.condemned).toBe(before);
    for (let i = 0; i < refs.length; i++) {
      expect(testObjectId(arena.mem, refs[i]!, 0)).toBe(ids[i]);
      expect(arena.mem.u32[testObjectSlotAddr(refs[i]!, 0, 0) >>> 2]).toBe(0xdead0000 + ids[i]! - 1000);
      expect((arena.segOfAddr(refs[i]!) as AMCSeg).gen.index).toBe(1);
    }
    expect(pool.gens[0]!.pgen.totalSize).toBe(0);
    for (const s of pool.segs()) expect(s.grey).toBe(0);
    pool.check();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});

describe("AMC pool interface", () => {
  it(".opt: bad options throw PARAM and make nothing", () => {
    const arena = vmArena();
    const format = makeFormat(arena);
    const leafFmt = arena.createFormat({ fmtSkip: (p) => p + 8, fmtFwd: () => {}, fmtIsfwd: () => 0, fmtPad: () => {} });
    const other = vmArena();
    const otherChain = other.createChain([{ capacity: 10, mortality: 0.5 }]);
    const bad: Array<Record<string, unknown>> = [
      {},
      { format: leafFmt },
      { format, extendBy: 0 },
      { format, extendBy: 1.5 },
      { format, largeSize: 1024, extendBy: 8192 },
      { format, interior: 1 },
      { format, gen: 3 },
      { format, gen: -1 },
      { format, chain: otherChain },
      { format, chain: {} },
    ];
    for (const o of bad) {
      expect(() => arena.createPool(AMCPool, o as never), JSON.stringify(Object.keys(o))).toThrow(expect.objectContaining({ code: "PARAM" }));
    }
    expect(arena.chains.size).toBe(0);
    const z = arena.createPool(AMCZPool, { format: leafFmt });
    expect(() => z.createAp({ rank: Rank.WEAK })).not.toThrow(); // AMCZ has no ranks: the rank option is ignored
    const p = arena.createPool(AMCPool, { format });
    expect(() => p.createAp({ rank: Rank.WEAK })).toThrow(expect.objectContaining({ code: "PARAM" }));
    const ap = p.createAp();
    expect(() => p.destroy()).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(p.check()).toBe(true);
    ap.destroy();
    for (const b of z.buffers()) if (b.isMutator) b.destroy();
    p.destroy();
    z.destroy();
    expect(arena.chains.size).toBe(0);
    format.destroy();
    leafFmt.destroy();
    arena.destroy();
    otherChain.destroy();
    other.destroy();
  });

  it(".describe: describe names the generations and segments; addrObject finds objects", () => {
    const { arena, pool, ap, done } = setup(8);
    const a = alloc(arena, ap, 8, 1, 3);
    const b = alloc(arena, ap, 8, 2, 3);
    expect(pool.addrObject(b + 5)).toBe(b);
    expect(pool.addrObject(a - 8)).toBe(a);
    const lines: string[] = [];
    pool.describe({ write: (s: string) => lines.push(s) } as never);
    const text = lines.join("");
    expect(text).toContain("AMCGen 0");
    expect(text).toContain(`extendBy ${SEG}`);
    expect(pool.totalSize()).toBe(SEG);
    expect(pool.freeSize()).toBe(0);
    done();
  });
});

describe("AMC frames", () => {
  it(".frame: frames can be pushed and popped; popping frees nothing", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const f = ap.framePush();
    const b = alloc(arena, ap, 0, 2, 2);
    ap.framePop(f);
    expect(testObjectId(arena.mem, a, 0)).toBe(1);
    expect(testObjectId(arena.mem, b, 0)).toBe(2);
    expect(pool.addrObject(b)).toBe(b);
    done();
  });
});

describe("AMC fix checks", () => {
  it.runIf(COOL)(".fix.bad-ref: at cool an exact reference that is not a client pointer of the segment is PARAM", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    ap.destroy();
    const c = new MiniCollection(arena, [pool], [gen(pool, 0)]);
    c.condemn();
    const seg = arena.segOfAddr(a)!;
    const ss = { rank: Rank.EXACT, traces: 1, trace: c.trace, wasMarked: true } as never;
    expect(() => seg.fix(ss, a + 4)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(seg.fix(ss, a)).not.toBe(a);
    c.flip();
    c.scanAll();
    c.reclaim();
    done();
  });
});

describe("AMC ramps", () => {
  // .req.accounts
  it(".ramp: during a ramp the ramp generation keeps its survivors (deferred); after it, they go to the top generation", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    ap.allocPatternBegin(1);
    expect(pool.rampMode).toBe(1);
    const roots = { exact: [a] };
    const where = () => (arena.segOfAddr(roots.exact[0]!) as AMCSeg);
    miniCollect(arena, [pool], [gen(pool, 0)], roots);
    expect(where().gen).toBe(pool.gens[1]);
    miniCollect(arena, [pool], [gen(pool, 0), gen(pool, 1)], roots);
    expect(pool.rampMode).toBe(2);
    expect(where().gen).toBe(pool.gens[1]); // kept in the ramp generation
    expect(where().deferred).toBe(true);
    expect(testObjectId(arena.mem, roots.exact[0]!, 0)).toBe(1);
    pool.check();
    ap.allocPatternEnd(1);
    expect(pool.rampMode).toBe(3);
    miniCollect(arena, [pool], [gen(pool, 0), gen(pool, 1)], roots);
    expect(where().gen).toBe(pool.gens[2]); // collected on into the top generation
    expect(pool.rampMode).toBe(0);
    expect(testObjectId(arena.mem, roots.exact[0]!, 0)).toBe(1);
    for (const g of pool.gens) expect(g.pgen.newDeferredSize + g.pgen.oldDeferredSize).toBe(0);
    pool.check();
    done();
  });
});

describe("AMC hash arrays", () => {
  // .req.accounts
  it(".hash-arrays: an allocation point for hash arrays fills deferred segments", () => {
    const { arena, pool, done } = setup();
    const hap = pool.createAp({ apHashArrays: true });
    const a = alloc(arena, hap, 0, 1, 2);
    expect((arena.segOfAddr(a) as AMCSeg).deferred).toBe(true);
    hap.destroy();
    expect(pool.gens[0]!.pgen.newDeferredSize).toBe(SEG);
    expect(pool.gens[0]!.pgen.newSize).toBe(0);
    pool.check();
    done();
  });
});
