// A port of the MPS's ztfm.c (the transforms test) through the umbrella:
// nodes in AMC and AMS, held by an exact root table, are replaced by
// transforms; a tour of everything reachable from the table computes a hash
// of node ids (which depends on the shape of the graph and the order of
// visiting) and counts nodes by version, and must give the same hash, with
// old-version nodes replaced by new-version ones, after each transform and
// after later collections. Runs on both protection backends; with the
// software barrier, references are read and written through the arena.
import { afterEach, describe, expect, it } from "vitest";
import {
  Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform, type Addr, type AP, type Chain, type Format, type Pool, type Root, type Transform, type VMArena,
} from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

// Node layout (8 words): tag, ver, id, serial (unread: as in ztfm, a unique stamp), left, right, tour, tourHash.
// A forwarded node is FWD and the new address; padding is PAD and its size.
const NODE = 1, FWD = 2, PAD = 3;
const NODE_SIZE = 32;
const W_VER = 4, W_ID = 8, W_LEFT = 16, W_RIGHT = 20, W_TOUR = 24, W_HASH = 28;
const HASH_MASK = 0x3fffffff;
const VERS = 4;

/** The MPS testlib's `rnd`, seeded. */
function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647);
}

interface TourReport {
  hash: number;
  counts: number[];
}

class Ztfm {
  readonly arena: VMArena;
  readonly barrier: boolean;
  readonly pools: Pool[] = [];
  readonly aps: AP[] = [];
  readonly format: Format;
  readonly chain: Chain;
  /** The exact root table (ztfm's myrootExact). */
  readonly world: Uint32Array;
  /** The ambiguous root table (myrootAmbig). */
  readonly ambig = new Uint32Array(4);
  readonly roots: Root[];
  serial = 0;
  tourSerial = 0;
  readonly rnd = rng(0x7f3);

  constructor(protection: "none" | "software", worldSize: number) {
    this.barrier = protection === "software";
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform({ protection }) });
    this.arena = arena;
    const m = arena.mem;
    const skip = (p: Addr): Addr => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : NODE_SIZE);
    this.format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p = skip(p)) {
          if (m.u32[p >>> 2] !== NODE) continue;
          for (let slot = p + W_LEFT; slot <= p + W_RIGHT; slot += 4) {
            const ref = m.u32[slot >>> 2]!;
            if (ref !== 0 && ss.fix1(ref)) m.u32[slot >>> 2] = ss.fix2(ref);
          }
        }
      },
      fmtSkip: skip,
      fmtFwd(old, nu) {
        m.u32[old >>> 2] = FWD;
        m.u32[(old + 4) >>> 2] = nu;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    this.chain = arena.createChain([{ capacity: 100, mortality: 0.85 }, { capacity: 170, mortality: 0.45 }]);
    this.pools.push(arena.createPool(PoolClass.AMC, { format: this.format, chain: this.chain }));
    this.pools.push(arena.createPool(PoolClass.AMS, { format: this.format, chain: this.chain }));
    for (const pool of this.pools) this.aps.push(pool.createAp({ rank: Rank.EXACT }));
    const world = (this.world = new Uint32Array(worldSize));
    const ambig = this.ambig;
    this.roots = [
      arena.createRoot({
        rank: Rank.EXACT,
        scan(ss) {
          for (let i = 0; i < world.length; i++) {
            const r = world[i]!;
            if (r !== 0 && ss.fix1(r)) world[i] = ss.fix2(r);
          }
        },
      }),
      arena.createRoot({
        rank: Rank.AMBIG,
        scan(ss) {
          for (let i = 0; i < ambig.length; i++) if (ambig[i] !== 0 && ss.fix1(ambig[i]!)) ss.fix2(ambig[i]!);
        },
      }),
    ];
  }

  /** A node in AMC or AMS (alternately), of `id` and `ver`, children null. */
  make(id: number, ver: number, ap = this.aps[this.serial % this.aps.length]!): Addr {
    const u32 = (): Uint32Array => this.arena.mem.u32;
    let p: Addr;
    do {
      p = ap.reserve(NODE_SIZE);
      u32().set([NODE, ver, id, this.serial, 0, 0, this.tourSerial, 0], p >>> 2);
    } while (!ap.commit(p, NODE_SIZE));
    this.serial++;
    return p;
  }

  load(p: Addr): Addr {
    return this.barrier ? this.arena.loadRef(p) : this.arena.mem.u32[p >>> 2]!;
  }

  store(p: Addr, ref: Addr): void {
    if (this.barrier) this.arena.storeRef(p, ref);
    else this.arena.mem.u32[p >>> 2] = ref;
  }

  word(p: Addr, off: number): number {
    return this.arena.mem.u32[(p + off) >>> 2]!;
  }

  /** ztfm's tourWorld: visit the graph from world[0..count), hashing ids in visiting order, counting versions. */
  tour(count: number): TourReport {
    const tour = ++this.tourSerial;
    const r: TourReport = { hash: 0, counts: new Array<number>(VERS).fill(0) };
    for (let i = 0; i < count; i++) {
      const node = this.world[i]!;
      this.tourNode(r, tour, node);
      r.hash = (r.hash + i * (node !== 0 ? this.word(node, W_HASH) : 0)) % (HASH_MASK + 1);
    }
    return r;
  }

  private tourNode(r: TourReport, tour: number, node: Addr): void {
    if (node === 0) return;
    const u32 = this.arena.mem.u32;
    expect(u32[node >>> 2]).toBe(NODE);
    if (this.word(node, W_TOUR) === tour) return;
    u32[(node + W_TOUR) >>> 2] = tour;
    u32[(node + W_HASH) >>> 2] = this.word(node, W_ID); // what a re-encounter on the way down sees
    const ver = this.word(node, W_VER);
    expect(ver).toBeLessThan(VERS);
    r.counts[ver]!++;
    const left = this.load(node + W_LEFT);
    const right = this.load(node + W_RIGHT);
    this.tourNode(r, tour, left);
    this.tourNode(r, tour, right);
    const hl = left !== 0 ? this.word(left, W_HASH) : 0;
    const hr = right !== 0 ? this.word(right, W_HASH) : 0;
    this.arena.mem.u32[(node + W_HASH) >>> 2] = (13 * this.word(node, W_ID) + 17 * hl + 19 * hr) & HASH_MASK;
  }

  /** ztfm's `after`: the same hash as `before`, and the version counts changed by what is given. */
  expectAfter(before: TourReport, count: number, dOld: number, dNew: number): TourReport {
    const now = this.tour(count);
    expect(now.hash).toBe(before.hash);
    expect(now.counts[1]! - before.counts[1]!).toBe(dOld);
    expect(now.counts[2]! - before.counts[2]!).toBe(dNew);
    return now;
  }

  /** ztfm's mps_arena_transform_objects_list: make, fill, apply, destroy. */
  transformList(olds: ArrayLike<Addr>, news: ArrayLike<Addr>): boolean {
    const t = this.arena.createTransform();
    t.addOldNew(olds, news);
    const before = this.arena.collections();
    const applied = t.apply();
    // The arena is left parked; a transform that did anything collected once.
    expect(this.arena.busy()).toBe(false);
    expect(this.arena.collections()).toBe(before + (applied ? 1 : 0));
    t.destroy();
    return applied;
  }

  /** Collections with the mutator allocating garbage between steps, then parked again; the tour must not change. */
  collectAround(count: number): void {
    const before = this.tour(count);
    this.arena.collect();
    this.expectAfter(before, count, 0, 0);
    this.arena.release();
    this.arena.startCollect();
    for (let i = 0; i < 2000 && this.arena.step(0, 0); i++) {
      const g = this.make(0, 3);
      this.store(g + W_LEFT, this.world[i % count]!);
    }
    this.arena.park();
    this.expectAfter(before, count, 0, 0);
  }

  destroy(): void {
    this.arena.park();
    for (const r of this.roots) r.destroy();
    for (const ap of this.aps) ap.destroy();
    for (const pool of this.pools) pool.destroy();
    this.chain.destroy();
    this.format.destroy();
    this.arena.destroy();
  }
}

let live: Ztfm | undefined;
afterEach(() => {
  live?.destroy();
  live = undefined;
});

for (const protection of ["none", "software"] as const) {
  describe(`ztfm: transforms through @mps/mps (${protection} protection)`, () => {
    it("sets of pre-built nodes, a known distance apart, sometimes built into trees, transformed olds to news", () => {
      const z = (live = new Ztfm(protection, 1000));
      const { arena, world } = z;
      arena.park();
      const sets = [1, 1, 10, 10, 100, 100];
      const countWorld = 2 * sets.reduce((a, b) => a + b, 0);
      let keep = 0;
      for (const perset of sets) {
        const first = keep;
        for (let j = 0; j < 2 * perset; j++) world[keep++] = z.make(j % perset, 1 + (j >= perset ? 1 : 0));
        let skip = 0;
        let count = perset;
        if (perset >= 10) {
          skip = z.rnd() % (2 * perset);
          if (skip > perset - 1) skip = 0;
          count = 1 + (z.rnd() % (2 * (perset - skip)));
          if (skip + count > perset) count = perset - skip;
        }
        if (perset >= 10 && count >= 4 && z.rnd() % 2 === 0) {
          // The same tree over the olds and over the news.
          const o = first + skip;
          const n = o + perset;
          for (let j = 1; 2 * j + 1 < count; j++) {
            z.store(world[o + j]! + W_LEFT, world[o + 2 * j]!);
            z.store(world[o + j]! + W_RIGHT, world[o + 2 * j + 1]!);
            z.store(world[n + j]! + W_LEFT, world[n + 2 * j]!);
            z.store(world[n + j]! + W_RIGHT, world[n + 2 * j + 1]!);
          }
        }
        const before = z.tour(countWorld);
        const olds = world.slice(first + skip, first + skip + count);
        const news = world.slice(first + skip + perset, first + skip + perset + count);
        expect(z.transformList(olds, news)).toBe(true);
        // Olds drop out; the news were in the world already.
        z.expectAfter(before, countWorld, -count, 0);
        for (let j = 0; j < count; j++) expect(world[first + skip + j]).toBe(world[first + skip + perset + j]);
      }
      z.collectAround(countWorld);
    });

    it("transforming in various situations: refs in a root, an ambiguous ref refuses, a ref in an object", () => {
      const perset = 256;
      const z = (live = new Ztfm(protection, 2 * perset));
      const { arena, world } = z;
      arena.park();
      for (let k = 0; k < 2 * perset; k++) world[k] = z.make(k % perset, 1 + (k >= perset ? 1 : 0));
      let before = z.tour(perset);
      z.expectAfter(before, perset, 0, 0);

      // Refs in the root.
      let old = 1, nu = 1 + perset;
      expect(world[old]).not.toBe(world[nu]);
      before = z.tour(perset);
      expect(z.transformList([world[old]!], [world[nu]!])).toBe(true);
      expect(world[old]).toBe(world[nu]);
      z.expectAfter(before, perset, -1, +1);

      // Refs in the root, and an ambiguous one: the transform is refused and nothing changes.
      old = 2;
      nu = 2 + perset;
      z.ambig[1] = world[old]!;
      before = z.tour(perset);
      const was = [world[old], world[nu]];
      expect(z.transformList([world[old]!], [world[nu]!])).toBe(false);
      expect([world[old], world[nu]]).toEqual(was);
      z.expectAfter(before, perset, 0, 0);
      z.ambig[1] = 0;

      // A ref in an object.
      old = 3;
      nu = 3 + perset;
      z.store(world[4]! + W_LEFT, world[old]!);
      before = z.tour(perset);
      expect(z.transformList([world[old]!], [world[nu]!])).toBe(true);
      expect(world[old]).toBe(world[nu]);
      expect(z.load(world[4]! + W_LEFT)).toBe(world[nu]);
      z.expectAfter(before, perset, -1, +1);
      z.collectAround(perset);
    });

    it("the transform interface: destroy unused, empty, identities, zeros, non-trivial, two transforms", () => {
      const perset = 256;
      const z = (live = new Ztfm(protection, 2 * perset));
      const { arena, world } = z;
      arena.park();
      for (let k = 0; k < 2 * perset; k++) world[k] = z.make(k % perset, 1 + (k >= perset ? 1 : 0));
      let k = 9;
      const range = (a: number, n: number): number[] => Array.from(world.subarray(a, a + n));

      // Destroyed unused.
      arena.createTransform().destroy();

      // Empty.
      let before = z.tour(perset);
      let t1: Transform = arena.createTransform();
      expect(t1.apply()).toBe(true);
      t1.destroy();
      z.expectAfter(before, perset, 0, 0);

      // Identities only.
      before = z.tour(perset);
      t1 = arena.createTransform();
      for (const l = k + 4; k < l; k++) t1.addOldNew([world[k]!], [world[k]!]);
      t1.addOldNew(range(k, 10), range(k, 10));
      k += 10;
      expect(t1.apply()).toBe(true);
      t1.destroy();
      z.expectAfter(before, perset, 0, 0);

      // Mixed: non-trivial, zero olds and identities.
      before = z.tour(perset);
      t1 = arena.createTransform();
      t1.addOldNew([world[k]!], [world[k + perset]!]);
      k++;
      t1.addOldNew([0], [world[k + perset]!]);
      k++;
      t1.addOldNew([world[k]!], [world[k]!]);
      k++;
      t1.addOldNew([0], [world[k + perset]!]);
      k++;
      t1.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      expect(t1.apply()).toBe(true);
      t1.destroy();
      z.expectAfter(before, perset, -11, +11);

      // Non-trivial.
      before = z.tour(perset);
      t1 = arena.createTransform();
      for (const l = k + 4; k < l; k++) t1.addOldNew([world[k]!], [world[k + perset]!]);
      t1.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      expect(t1.apply()).toBe(true);
      t1.destroy();
      z.expectAfter(before, perset, -14, +14);

      // Two transforms, the first destroyed unused.
      before = z.tour(perset);
      t1 = arena.createTransform();
      t1.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      let t2 = arena.createTransform();
      t2.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      expect(t2.apply()).toBe(true);
      t2.destroy();
      t1.destroy();
      z.expectAfter(before, perset, -10, +10);

      // Two transforms, both live: once one is applied the other's addresses may be stale (PARAM).
      before = z.tour(perset);
      t1 = arena.createTransform();
      t1.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      t2 = arena.createTransform();
      t2.addOldNew(range(k, 10), range(k + perset, 10));
      k += 10;
      expect(t2.apply()).toBe(true);
      t2.destroy();
      z.expectAfter(before, perset, -10, +10);
      expect(codeOf(() => t1.apply())).toBe("PARAM");
      t1.destroy();
      z.collectAround(perset);
    });

    it("a large number of objects, each pair added on its own", () => {
      const perset = 20000;
      const z = (live = new Ztfm(protection, 2 * perset));
      const { arena, world } = z;
      arena.park();
      for (let k = 0; k < 2 * perset; k++) world[k] = z.make(k % perset, 1 + (k >= perset ? 1 : 0));
      const count = perset - 2;
      const before = z.tour(perset);
      const t = arena.createTransform();
      for (let i = 0; i < count; i++) t.addOldNew([world[1 + i]!], [world[1 + perset + i]!]);
      expect(t.apply()).toBe(true);
      t.destroy();
      expect(world[1]).toBe(world[1 + perset]);
      z.expectAfter(before, perset, -count, +count);
      z.collectAround(perset);
    });

    it("an old object referred to from an ambiguous allocation point's object refuses the transform", () => {
      const z = (live = new Ztfm(protection, 8));
      const { arena, world } = z;
      arena.park();
      const amsAmbig = arena.createPool(PoolClass.AMS, { format: z.format, chain: z.chain, amsSupportAmbiguous: true });
      const ap = amsAmbig.createAp({ rank: Rank.AMBIG });
      z.pools.unshift(amsAmbig); // destroyed after the others' roots, before the chain
      z.aps.unshift(ap);
      world[0] = z.make(0, 1, z.aps[1]);
      world[1] = z.make(0, 2, z.aps[1]);
      world[2] = z.make(1, 1, ap);
      z.store(world[2]! + W_LEFT, world[0]!);
      const before = z.tour(3);
      const snapshot = [world[0], world[1], z.load(world[2]! + W_LEFT)];
      expect(z.transformList([world[0]!], [world[1]!])).toBe(false);
      expect([world[0], world[1], z.load(world[2]! + W_LEFT)]).toEqual(snapshot);
      z.expectAfter(before, 3, 0, 0);
      // Once the ambiguous object lets go, the transform goes through.
      z.store(world[2]! + W_LEFT, 0);
      expect(z.transformList([world[0]!], [world[1]!])).toBe(true);
      expect(world[0]).toBe(world[1]);
    });

    it("a thread's ambiguous shadow stack holding an old object refuses the transform; popped, it does not", () => {
      const z = (live = new Ztfm(protection, 8));
      const { arena, world } = z;
      const m = arena.mem;
      arena.park();
      const mvff = arena.createPool(PoolClass.MVFF, {});
      const thread = arena.registerThread();
      const stackBase = mvff.alloc(256);
      m.u32.fill(0, stackBase >>> 2, (stackBase + 256) >>> 2);
      let sp = stackBase;
      const stackRoot = arena.createRootThread(thread, { base: stackBase, limit: stackBase + 256, top: () => sp }, { rank: Rank.AMBIG });
      world[0] = z.make(0, 1);
      world[1] = z.make(0, 2);
      m.u32[sp >>> 2] = world[0]!; // the program holds the old node in a local
      sp += 4;
      const before = z.tour(2);
      expect(z.transformList([world[0]!], [world[1]!])).toBe(false);
      z.expectAfter(before, 2, 0, 0);
      sp -= 4; // popped: the words above the top are not scanned
      expect(z.transformList([world[0]!], [world[1]!])).toBe(true);
      z.expectAfter(before, 2, -1, 0);
      stackRoot.destroy();
      thread.deregister();
      mvff.free(stackBase, 256);
      mvff.destroy();
    });

    it("final references are transformed too: a node registered for finalization is replaced in the guardian by its new node", () => {
      const z = (live = new Ztfm(protection, 8));
      const { arena, world } = z;
      arena.park();
      arena.messageTypeEnable(MessageType.FINALIZATION);
      world[0] = z.make(7, 1);
      world[1] = z.make(7, 2);
      arena.finalize(world[0]!);
      expect(z.transformList([world[0]!], [world[1]!])).toBe(true);
      expect(world[0]).toBe(world[1]);
      // Nothing is finalized while the new node lives; when it dies, the message names it (the old one is never finalized).
      expect(arena.messageGet(MessageType.FINALIZATION)).toBeUndefined();
      world[0] = 0;
      world[1] = 0;
      const found: number[] = [];
      for (let i = 0; i < 4 && found.length === 0; i++) {
        arena.collect();
        for (let msg = arena.messageGet(MessageType.FINALIZATION); msg !== undefined; msg = arena.messageGet(MessageType.FINALIZATION)) {
          const ref = msg.finalizationRef();
          found.push(z.word(ref, W_VER), z.word(ref, W_ID));
          arena.messageDiscard(msg);
        }
      }
      expect(found).toEqual([2, 7]);
    });

    it("errors: PARAM for mismatched lists, an old twice, addresses that are not objects of automatic pools, use after destroy", () => {
      const z = (live = new Ztfm(protection, 8));
      const { arena, world } = z;
      arena.park();
      // Olds 0 and 1 (version 1), their news (version 2) at 2 and 3.
      for (let k = 0; k < 4; k++) world[k] = z.make(k % 2, 1 + (k >= 2 ? 1 : 0));
      const mvff = arena.createPool(PoolClass.MVFF, {});
      const manual = mvff.alloc(32);
      const t = arena.createTransform();
      expect(codeOf(() => t.addOldNew([world[0]!, world[1]!], [world[2]!]))).toBe("PARAM");
      expect(codeOf(() => t.addOldNew([world[0]!, world[0]!], [world[2]!, world[3]!]))).toBe("PARAM");
      expect(codeOf(() => t.addOldNew([world[0]! + 8], [world[2]!]))).toBe("PARAM");
      expect(codeOf(() => t.addOldNew([manual], [world[2]!]))).toBe("PARAM");
      expect(codeOf(() => t.addOldNew([world[0]!], [manual]))).toBe("PARAM");
      t.addOldNew([world[0]!], [world[2]!]);
      expect(codeOf(() => t.addOldNew([world[0]!], [world[3]!]))).toBe("PARAM");
      const before = z.tour(4);
      expect(t.apply()).toBe(true);
      z.expectAfter(before, 4, -1, 0);
      expect(codeOf(() => t.apply())).toBe("PARAM");
      t.destroy();
      expect(codeOf(() => t.apply())).toBe("PARAM");
      expect(codeOf(() => t.destroy())).toBe("PARAM");
      mvff.free(manual, 32);
      mvff.destroy();
    });
  });
}
