// The example of docs/reference/transforms.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank, type Addr } from "../src/index.js";
import type { Collector } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/transforms.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;

    // Nodes: size | NODE in word 0, the version in word 1, then the fields (references):
    // version 1 has next; version 2 has next and prev. FWD and PAD as usual.
    const NODE = 1, FWD = 2, PAD = 3;
    const size = (p: Addr): number => m.u32[p >>> 2]! & ~7;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += size(p)) {
          if ((m.u32[p >>> 2]! & 7) !== NODE) continue;
          for (let slot = p + 8; slot < p + size(p); slot += 4) {
            const ref = m.u32[slot >>> 2]!;
            if (ref !== 0 && ss.fix1(ref)) m.u32[slot >>> 2] = ss.fix2(ref);
          }
        }
      },
      fmtSkip: (p) => p + size(p),
      fmtFwd(old, nu) {
        m.u32[old >>> 2] = size(old) | FWD;
        m.u32[(old + 4) >>> 2] = nu;
      },
      fmtIsfwd: (p) => ((m.u32[p >>> 2]! & 7) === FWD ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, n) {
        m.u32[p >>> 2] = n | PAD;
      },
    });
    const pool = arena.createPool(PoolClass.AMC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const BYTES = 16; // 8 + 4 × fields, rounded up to 8: the same for both versions
    function node(version: 1 | 2, next: Addr): Addr {
      let p: Addr;
      do {
        p = ap.reserve(BYTES);
        m.u32.set([BYTES | NODE, version, next, 0], p >>> 2);
      } while (!ap.commit(p, BYTES));
      return p;
    }

    // A list of ten version-1 nodes, held by an exact root.
    const head = new Uint32Array(1);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => void (head[0] = ss.fix(head[0]!)) });
    for (let i = 0; i < 10; i++) head[0] = node(1, head[0]!);

    // The redefinition: park, find every version-1 node, make its version-2 copy.
    arena.park();
    const olds: Addr[] = [];
    pool.walk((p) => {
      if (m.u32[(p + 4) >>> 2] === 1) olds.push(p);
    });
    const news = olds.map((p) => node(2, arena.loadRef(p + 8)));
    const t = arena.createTransform();
    t.addOldNew(olds, news);
    const applied = t.apply(); // true: no ambiguous reference holds an old node
    t.destroy();

    // The root and every next field now refer to version-2 nodes: fill in prev.
    // (References are read and written through the arena, as the software barrier needs.)
    let count = 0;
    for (let p = head[0]!, prev = 0; p !== 0; prev = p, p = arena.loadRef(p + 8)) {
      arena.storeRef(p + 12, prev);
      if (m.u32[(p + 4) >>> 2] === 2) count++;
    }
    expect([applied, count]).toEqual([true, 10]);

    // Nothing refers to the old nodes any more, and the transform's collection reclaimed
    // them, but for any in the segment the allocation point is filling, which AMC keeps
    // whole; without the allocation point, a collection leaves no version-1 node.
    ap.destroy();
    arena.collect();
    let v1 = 0;
    pool.walk((p) => {
      if (m.u32[(p + 4) >>> 2] === 1) v1++;
    });
    expect(v1).toBe(0);

    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state, and what a transform changes", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += 16) {
          const ref = m.u32[(p + 8) >>> 2]!;
          if (ref !== 0 && ss.fix1(ref)) m.u32[(p + 8) >>> 2] = ss.fix2(ref);
        }
      },
      fmtSkip: (p) => p + 16,
      fmtFwd: (old, nu) => m.u32.set([2, nu], old >>> 2),
      fmtIsfwd: (p) => (m.u32[p >>> 2] === 2 ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad: () => {},
    });
    const pool = arena.createPool(PoolClass.AMS, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const obj = (id: number, ref: Addr = 0): Addr => {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([1, id, ref, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    };
    const held = new Uint32Array(4);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { for (let i = 0; i < held.length; i++) held[i] = ss.fix(held[i]!); } });
    const ambiguous = new Uint32Array(1);
    const ambigRoot = arena.createRoot({ rank: Rank.AMBIG, scan: (ss) => { if (ss.fix1(ambiguous[0]!)) ss.fix2(ambiguous[0]!); } });
    arena.park();
    const a = obj(1);
    const b = obj(2);
    const c = obj(3, a); // c refers to a
    held.set([a, b, c]);
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const manual = mvff.alloc(16);

    const t = arena.createTransform();
    expect(codeOf(() => t.addOldNew([a, b], [c]))).toBe("PARAM"); // not the same length
    expect(codeOf(() => t.addOldNew([a + 4], [b]))).toBe("PARAM"); // not an object's address
    expect(codeOf(() => t.addOldNew([manual], [b]))).toBe("PARAM"); // not in an automatic pool
    expect(codeOf(() => t.addOldNew([2 ** 32], [b]))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([a, a], [b, c]))).toBe("PARAM"); // an old twice
    expect([t.count, t.lookup(a), t.wasAborted]).toEqual([0, undefined, false]);
    t.addOldNew([a, 0, b], [b, c, b]); // 0 and the identity b → b are ignored
    expect(codeOf(() => t.addOldNew([a], [c]))).toBe("PARAM"); // a again
    expect([t.count, t.lookup(a), t.lookup(b), t.lookup(0)]).toEqual([1, b, undefined, undefined]);

    // An ambiguous reference to an old object: nothing changes, and no collection runs.
    ambiguous[0] = a;
    const before = arena.collections();
    expect(t.apply()).toBe(false);
    expect(t.wasAborted).toBe(true);
    expect(arena.collections()).toBe(before);
    expect([held[0], m.u32[(c + 8) >>> 2]]).toEqual([a, a]);
    expect(codeOf(() => t.apply())).toBe("PARAM"); // applied once already
    t.destroy();
    expect(codeOf(() => t.destroy())).toBe("PARAM");
    expect(codeOf(() => t.count)).toBe("PARAM");
    expect(codeOf(() => t.lookup(a))).toBe("PARAM");
    expect(codeOf(() => t.addOldNew([], []))).toBe("PARAM");

    // Without it, the transform goes through: the root and c's field refer to b, a is reclaimed.
    ambiguous[0] = 0;
    const t2 = arena.createTransform();
    t2.addOldNew([a], [b]);
    expect(t2.apply()).toBe(true);
    expect(t2.wasAborted).toBe(false);
    expect(arena.collections()).toBe(before + 1);
    expect([held[0], held[1], m.u32[(c + 8) >>> 2]]).toEqual([b, b, b]);
    const objects: Addr[] = [];
    pool.walk((p) => void objects.push(p));
    expect(objects.sort((x, y) => x - y)).toEqual([b, c].sort((x, y) => x - y));
    t2.destroy();

    // A transform made before a collection has stale addresses.
    const t3 = arena.createTransform();
    t3.addOldNew([b], [c]);
    arena.collect();
    expect(codeOf(() => t3.apply())).toBe("PARAM");
    t3.destroy();

    mvff.free(manual, 16);
    mvff.destroy();
    ambigRoot.destroy();
    root.destroy();
    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
    expect(codeOf(() => arena.createTransform())).toBe("PARAM");
  });

  it("an arena whose collector cannot trace cannot make transforms (UNIMPL)", () => {
    // A collector with nothing to collect, as @mps/arena's trivial one: it offers no createTransform.
    const none = (): Collector => ({
      name: "none", poll() {}, step: () => false, startCollect() {}, collect() {}, park() {}, clamp() {}, release() {},
      postmortem() {}, collections: () => 0, busy: () => false, access() {}, finish() {}, describe() {},
    });
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, collector: none });
    expect(codeOf(() => arena.createTransform())).toBe("UNIMPL");
    arena.destroy();
  });
});
