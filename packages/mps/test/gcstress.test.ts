// gcstress: a random-graph stress test of the collector through the umbrella.
// Objects of mixed sizes (the test format of @mps/trace/test-util: an id in
// every object, checksummed data in leaf objects) live in AMC, AMS and LO
// pools, each pool in its own run and all of them mixed. They are held by
// every kind of root: a function root over a JS array, an area root over a
// block of a manual (MVFF) pool, a formatted root (test-format objects in a
// manual block), and a thread root over a shadow stack in the heap scanned
// ambiguously (with junk words and interior pointers on it too). The graph
// is mutated between collections and while they run (`startCollect` and
// `step` interleaved with mutation, `collect`, and the collections the
// chain starts on its own), and a JS model of it is checked after every
// collection. At checkpoints, a full collection with the ambiguous roots
// may keep only what they can pin, and one with exact roots only must leave
// exactly the reachable objects, which the pools' sizes must account for.
// Both protection backends run; with `software` every heap load and store of
// the mutator goes through arena.loadRef / arena.storeRef, but for the
// initialisation of half the new objects, which uses plain stores between
// reserve and commit as docs/reference/threads.md allows.
//
// Seeded (MPS_SEED overrides the seed). MPS_STRESS=full runs 10^6
// allocations per run (`pnpm stress` at the root); the default is 10^4.
// For investigations: GCSTRESS_ALLOCS and GCSTRESS_CHECKPOINTS override the
// allocations and checkpoints per run, GCSTRESS_DEBUG=1 prints each run's counts.
import { afterEach, describe, expect, it } from "vitest";
import {
  Arena, ArenaClass, PoolClass, Rank, RootMode, selectPlatform,
  type AP, type Chain, type Format, type Pool, type Root, type Thread, type VMArena,
} from "../src/index.js";
import { TF_LEAF, TF_OBJ, TF_PAD, testFormat, testObjectSize } from "@mps/trace/test-util";

const FULL = process.env["MPS_STRESS"] === "full";
const SEED = Number(process.env["MPS_SEED"] ?? 0x6c57);
/** Allocations per run. */
const ALLOCS = Number(process.env["GCSTRESS_ALLOCS"] ?? (FULL ? 1_000_000 : 10_000));
/** Checkpoints (ambiguous, then exact-only full collections) per run, besides the last. */
const CHECKPOINTS = Number(process.env["GCSTRESS_CHECKPOINTS"] ?? (FULL ? 8 : 1));

/** PoolClass.LO, once @mps/pool-lo is in the umbrella. */
const LO = (PoolClass as unknown as Record<string, unknown>)["LO"] as typeof PoolClass.AMS | undefined;
const NO_LO = "PoolClass.LO is not in @mps/mps yet (@mps/pool-lo has not landed in the umbrella): LO runs skipped";

function rnd(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 48271) % 2147483647);
}

/** The data word `i` of leaf object `id`. */
function checksum(id: number, i: number): number {
  return (Math.imul(id, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
}

type PoolKind = "AMC" | "AMS" | "LO";

interface GCPool {
  kind: PoolKind;
  pool: Pool;
  ap: AP;
  /** Holds objects with references (else leaves only). */
  refs: boolean;
}

interface Obj {
  leaf: boolean;
  n: number;
  /** The ids the reference slots refer to (-1 for null); empty for a leaf. */
  slots: Int32Array;
  pool: number;
  size: number;
}

const FUN_CELLS = 128;
const AREA_CELLS = 128;
const FMT_OBJS = 16;
const FMT_SLOTS = 8;
const STACK_WORDS = 64;
/** Only the first slots of a big object take part in the graph (the rest stay null). */
const LINK_SLOTS = 16;
const JUNK = -2;

class Stress {
  readonly arena: VMArena;
  readonly fmt: Format;
  readonly chain: Chain;
  readonly pools: GCPool[] = [];
  readonly manual: Pool;
  readonly thread: Thread;
  readonly roots: Root[] = [];
  readonly r: () => number;
  readonly barrier: boolean;
  /** The pools' format's in-band header size: client pointers are the block base plus this. */
  readonly h: 0 | 8;
  readonly model = new Map<number, Obj>();
  private nextId = 1000;
  allocs = 0;
  collectionsSeen = 0;
  verifies = 0;

  // Root cells: the function root's JS array, the area root's words, the formatted root's slots.
  readonly fun = new Uint32Array(FUN_CELLS);
  readonly areaBlock: number;
  readonly areaBase: number;
  readonly fmtBlock: number;
  readonly fmtBase: number;
  readonly stackBlock: number;
  stackTop: number;
  /** The id each cell refers to (-1 null): fun, then area, then formatted-root slots. */
  readonly cellIds: Int32Array;
  readonly cellCount: number;
  /** The id of each shadow-stack word (-1 null, JUNK for junk words and interior pointers). */
  readonly stackIds = new Int32Array(STACK_WORDS).fill(-1);
  readonly leafOnly: boolean;
  readonly leafPools: number[] = [];
  readonly refPools: number[] = [];

  constructor(kinds: PoolKind[], protection: "none" | "software", seed: number, h: 0 | 8 = 0) {
    this.r = rnd(seed);
    this.h = h;
    this.barrier = protection === "software";
    this.arena = Arena.create(ArenaClass.VM, { arenaSize: 128 << 20, platform: selectPlatform({ protection }) });
    const arena = this.arena;
    this.fmt = arena.createFormat(testFormat(arena.mem, h));
    this.chain = arena.createChain([{ capacity: 256, mortality: 0.8 }, { capacity: 512, mortality: 0.5 }]);
    for (const kind of kinds) {
      let pool: Pool;
      if (kind === "AMC") pool = arena.createPool(PoolClass.AMC, { format: this.fmt, chain: this.chain });
      else if (kind === "AMS") pool = arena.createPool(PoolClass.AMS, { format: this.fmt, chain: this.chain });
      else pool = arena.createPool(LO!, { format: this.fmt, chain: this.chain });
      const refs = kind !== "LO";
      const i = this.pools.length;
      this.pools.push({ kind, pool, ap: pool.createAp({ rank: Rank.EXACT }), refs });
      (refs ? this.refPools : this.leafPools).push(i);
      if (refs) this.leafPools.push(i); // leaves may go anywhere
    }
    this.leafOnly = this.refPools.length === 0;
    // The manual blocks: the area root on a grain of its own (so that its
    // write barrier protects nothing else), the formatted root's objects,
    // and the shadow stack.
    this.manual = arena.createPool(PoolClass.MVFF, {});
    const grain = arena.grainSize;
    this.areaBlock = this.manual.alloc(3 * grain);
    this.areaBase = (this.areaBlock + grain - 1) & ~(grain - 1);
    for (let a = this.areaBase; a < this.areaBase + grain; a += 4) arena.mem.u32[a >>> 2] = 0;
    const fmtObjSize = testObjectSize(FMT_SLOTS);
    this.fmtBlock = this.manual.alloc(FMT_OBJS * fmtObjSize);
    this.fmtBase = this.fmtBlock;
    for (let k = 0; k < FMT_OBJS; k++) {
      const p = this.fmtBase + k * fmtObjSize;
      const u32 = arena.mem.u32;
      u32[p >>> 2] = fmtObjSize | TF_OBJ;
      u32[(p >>> 2) + 1] = k + 1;
      for (let s = 0; s < FMT_SLOTS; s++) u32[(p >>> 2) + 2 + s] = 0;
    }
    this.stackBlock = this.manual.alloc(STACK_WORDS * 4);
    for (let i = 0; i < STACK_WORDS; i++) arena.mem.u32[(this.stackBlock >>> 2) + i] = 0;
    this.stackTop = this.stackBlock;
    this.cellCount = FUN_CELLS + AREA_CELLS + FMT_OBJS * FMT_SLOTS;
    this.cellIds = new Int32Array(this.cellCount).fill(-1);

    const fun = this.fun;
    this.roots.push(arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
      for (let i = 0; i < fun.length; i++) {
        const v = fun[i]!;
        if (v !== 0 && ss.fix1(v)) fun[i] = ss.fix2(v);
      }
    } }));
    this.roots.push(arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base: this.areaBase, limit: this.areaBase + grain }));
    const tf = testFormat(arena.mem);
    this.roots.push(arena.createRootFmt({
      rank: Rank.EXACT, scan: tf.fmtScan as unknown as Parameters<VMArena["createRootFmt"]>[0]["scan"],
      base: this.fmtBase, limit: this.fmtBase + FMT_OBJS * fmtObjSize,
    }));
    this.thread = arena.registerThread();
    this.roots.push(arena.createRootThread(this.thread, { base: this.stackBlock, limit: this.stackBlock + STACK_WORDS * 4, top: () => this.stackTop }));
  }

  // ----- the mutator's memory access ------------------------------------------

  ld(a: number): number {
    return this.barrier ? this.arena.loadRef(a) : this.arena.mem.u32[a >>> 2]!;
  }

  st(a: number, v: number): void {
    if (this.barrier) this.arena.storeRef(a, v);
    else this.arena.mem.u32[a >>> 2] = v;
  }

  /** The address of heap cell `c` (area or formatted-root slot). */
  cellAddr(c: number): number {
    if (c < FUN_CELLS + AREA_CELLS) return this.areaBase + 4 * (c - FUN_CELLS);
    const k = c - FUN_CELLS - AREA_CELLS;
    return this.fmtBase + Math.floor(k / FMT_SLOTS) * testObjectSize(FMT_SLOTS) + 8 + 4 * (k % FMT_SLOTS);
  }

  getCell(c: number): number {
    return c < FUN_CELLS ? this.fun[c]! : this.ld(this.cellAddr(c));
  }

  setCell(c: number, v: number, id: number): void {
    if (c < FUN_CELLS) this.fun[c] = v;
    else this.st(this.cellAddr(c), v);
    this.cellIds[c] = id;
  }

  // ----- allocation -------------------------------------------------------------

  private randomSlots(): number {
    const k = this.r() % 1000;
    if (k < 600) return 1 + (this.r() % 4);
    if (k < 900) return 5 + (this.r() % 12);
    if (k < 990) return 17 + (this.r() % 112);
    if (k < 998) return 129 + (this.r() % 896);
    return 8200 + (this.r() % 8000); // over AMC's largeSize: a segment of its own
  }

  /** A random cell that holds an object (or -1). */
  private someCell(): number {
    for (let tries = 0; tries < 4; tries++) {
      const c = this.r() % this.cellCount;
      if (this.cellIds[c] !== -1) return c;
    }
    return -1;
  }

  /** Allocate a new object; returns its address (its id is in the model). */
  alloc(): number {
    const leaf = this.leafOnly || this.r() % 10 < 3;
    const pi = leaf ? this.leafPools[this.r() % this.leafPools.length]! : this.refPools[this.r() % this.refPools.length]!;
    const gp = this.pools[pi]!;
    const n = this.randomSlots();
    const size = testObjectSize(n);
    const id = this.nextId++;
    const slots = new Int32Array(leaf ? 0 : n).fill(-1);
    // Which cells the new object's first slots refer to (chosen before, read after reserve).
    const links: number[] = [];
    if (!leaf) for (let s = 0; s < Math.min(n, 4); s++) links.push(this.r() % 3 === 0 ? this.someCell() : -1);
    // With the software barrier, half the objects are initialised with plain
    // stores, as threads.md allows between reserve and commit, and half
    // through storeRef: both must keep the collector's summaries true.
    const plain = this.barrier && this.r() % 2 === 0;
    const init = plain ? (a: number, v: number): void => { this.arena.mem.u32[a >>> 2] = v; } : (a: number, v: number): void => this.st(a, v);
    let b: number;
    do {
      b = gp.ap.reserve(size);
      init(b, size | (leaf ? TF_LEAF : TF_OBJ));
      init(b + 4, id);
      if (leaf) {
        for (let s = 0; s < n; s++) init(b + 8 + 4 * s, checksum(id, s));
      } else {
        for (let s = 0; s < n; s++) {
          const c = s < links.length ? links[s]! : -1;
          if (c >= 0) {
            init(b + 8 + 4 * s, this.getCell(c)); // read after reserve: a flip in reserve may have moved it
            slots[s] = this.cellIds[c]!;
          } else {
            init(b + 8 + 4 * s, 0);
            slots[s] = -1;
          }
        }
      }
      if (size > 8 + 4 * n) init(b + 8 + 4 * n, 0);
    } while (!gp.ap.commit(b, size));
    this.model.set(id, { leaf, n, slots, pool: pi, size });
    this.allocs++;
    return b + this.h;
  }

  idAt(p: number): number {
    return this.ld(p - this.h + 4);
  }

  /** The address of slot (or data word) `s` of the object at client pointer `p`. */
  slotAddr(p: number, s: number): number {
    return p - this.h + 8 + 4 * s;
  }

  // ----- mutation ---------------------------------------------------------------

  mutate(): void {
    const k = this.r() % 100;
    if (k < 40) {
      const p = this.alloc();
      const id = this.idAt(p);
      if (this.r() % 10 === 0 && this.stackTop < this.stackBlock + STACK_WORDS * 4) this.push(p, id);
      else this.setCell(this.r() % this.cellCount, p, id);
    } else if (k < 58) {
      // link: a slot of a cell's object := another cell's object (or null)
      const i = this.someCell();
      if (i < 0) return;
      const o = this.model.get(this.cellIds[i]!)!;
      if (o.leaf) return;
      const s = this.r() % Math.min(o.n, LINK_SLOTS);
      const j = this.r() % 10 === 0 ? -1 : this.someCell();
      const p = this.getCell(i);
      this.st(this.slotAddr(p, s), j < 0 ? 0 : this.getCell(j));
      o.slots[s] = j < 0 ? -1 : this.cellIds[j]!;
    } else if (k < 70) {
      // load: a cell := what a slot of its object refers to (checked)
      const i = this.someCell();
      if (i < 0) return;
      const o = this.model.get(this.cellIds[i]!)!;
      if (o.leaf) return;
      const s = this.r() % Math.min(o.n, LINK_SLOTS);
      const q = this.ld(this.slotAddr(this.getCell(i), s));
      const want = o.slots[s]!;
      if (want === -1) {
        if (q !== 0) throw new Error(`load: object ${this.cellIds[i]} slot ${s} should be null, is ${q}`);
        return;
      }
      if (this.idAt(q) !== want) throw new Error(`load: object ${this.cellIds[i]} slot ${s} should refer to ${want}, found ${this.idAt(q)}`);
      this.setCell(this.r() % this.cellCount, q, want);
    } else if (k < 78) {
      const c = this.r() % this.cellCount;
      this.setCell(c, 0, -1);
    } else if (k < 84) {
      const i = this.someCell();
      if (i >= 0) this.setCell(this.r() % this.cellCount, this.getCell(i), this.cellIds[i]!);
    } else if (k < 92) {
      if (this.stackTop >= this.stackBlock + STACK_WORDS * 4) return;
      const kk = this.r() % 4;
      const i = this.someCell();
      if (kk === 0) this.pushJunk((this.r() * 8) >>> 0); // a random word
      else if (kk === 1 && i >= 0) this.pushJunk((this.getCell(i) + 4 * (1 + (this.r() % 2))) >>> 0); // an interior pointer
      else if (i >= 0) this.push(this.getCell(i), this.cellIds[i]!);
    } else {
      this.pop(1 + (this.r() % 3));
    }
  }

  push(p: number, id: number): void {
    const i = (this.stackTop - this.stackBlock) >>> 2;
    this.st(this.stackTop, p);
    this.stackIds[i] = id;
    this.stackTop += 4;
  }

  pushJunk(v: number): void {
    const i = (this.stackTop - this.stackBlock) >>> 2;
    this.st(this.stackTop, v);
    this.stackIds[i] = JUNK;
    this.stackTop += 4;
  }

  pop(n: number): void {
    while (n-- > 0 && this.stackTop > this.stackBlock) {
      this.stackTop -= 4;
      this.stackIds[(this.stackTop - this.stackBlock) >>> 2] = -1;
      this.st(this.stackTop, 0);
    }
  }

  /** Pop everything: no ambiguous references are left. */
  clearStack(): void {
    this.pop(STACK_WORDS);
  }

  // ----- checking ---------------------------------------------------------------

  /**
   * Check every object reachable from the roots against the model (type,
   * id, size, each reference slot, each leaf's data), through the
   * mutator's loads; forget the model's unreachable objects. Returns the
   * reachable ids with their addresses.
   */
  verify(): Map<number, number> {
    this.verifies++;
    const seen = new Map<number, number>();
    const stack: number[] = [];
    for (let c = 0; c < this.cellCount; c++) if (this.cellIds[c] !== -1) stack.push(this.getCell(c), this.cellIds[c]!);
    for (let i = 0; i < (this.stackTop - this.stackBlock) >>> 2; i++) {
      const id = this.stackIds[i]!;
      if (id >= 0) stack.push(this.ld(this.stackBlock + 4 * i), id);
    }
    // The formatted root's own objects must be intact too.
    for (let k = 0; k < FMT_OBJS; k++) {
      const p = this.fmtBase + k * testObjectSize(FMT_SLOTS);
      if (this.ld(p + 4) !== k + 1 || (this.ld(p) & 7) !== TF_OBJ) throw new Error(`verify: the formatted root's object ${k} is damaged`);
    }
    while (stack.length > 0) {
      const id = stack.pop()!;
      const p = stack.pop()!;
      const o = this.model.get(id);
      if (o === undefined) throw new Error(`verify: object ${id} is reachable but not in the model (pruned too early)`);
      const w0 = this.ld(p - this.h);
      const got = this.ld(p - this.h + 4);
      if (got !== id) throw new Error(`verify: expected object ${id} at ${p}, found id ${got} (word 0 ${w0})`);
      if ((w0 & 7) !== (o.leaf ? TF_LEAF : TF_OBJ) || (w0 & ~7) !== o.size) throw new Error(`verify: object ${id} at ${p} has header ${w0}, expected size ${o.size} type ${o.leaf ? "leaf" : "obj"}`);
      const prev = seen.get(id);
      if (prev !== undefined) {
        if (prev !== p) throw new Error(`verify: object ${id} reached at ${p} and at ${prev}`);
        continue;
      }
      seen.set(id, p);
      if (o.leaf) {
        for (let s = 0; s < o.n; s++) if (this.ld(this.slotAddr(p, s)) !== checksum(id, s)) throw new Error(`verify: leaf ${id} word ${s} is damaged`);
        continue;
      }
      for (let s = 0; s < o.n; s++) {
        const q = this.ld(this.slotAddr(p, s));
        const want = o.slots[s]!;
        if (want === -1) {
          if (q !== 0) throw new Error(`verify: object ${id} slot ${s} should be null, is ${q}`);
        } else {
          if (q === 0) throw new Error(`verify: object ${id} slot ${s} should refer to ${want}, is null`);
          stack.push(q, want);
        }
      }
    }
    for (const id of this.model.keys()) if (!seen.has(id)) this.model.delete(id);
    return seen;
  }

  /** After a collection finished: check. */
  afterCollections(): void {
    const c = this.arena.collections();
    if (c !== this.collectionsSeen) {
      this.collectionsSeen = c;
      this.verify();
    }
  }

  /** Walk the collected pools: the objects (by id) each holds, and the bytes of its objects and pads. */
  walk(): { ids: Map<number, number>; objBytes: number[]; padBytes: number[] } {
    const ids = new Map<number, number>();
    const objBytes: number[] = [];
    const padBytes: number[] = [];
    const u32 = this.arena.mem.u32;
    this.pools.forEach((gp) => {
      let ob = 0;
      let pb = 0;
      gp.pool.walk((p) => {
        const w0 = u32[(p - this.h) >>> 2]!;
        const t = w0 & 7;
        if (t === TF_PAD) pb += w0 & ~7;
        else if (t === TF_OBJ || t === TF_LEAF) {
          const id = u32[((p - this.h) >>> 2) + 1]!;
          if (ids.has(id)) throw new Error(`walk: object ${id} seen twice`);
          ids.set(id, p);
          ob += w0 & ~7;
        } else throw new Error(`walk: ${gp.kind} visited a block of type ${t} at ${p}`);
      });
      objBytes.push(ob);
      padBytes.push(pb);
    });
    return { ids, objBytes, padBytes };
  }

  /** Where `p` is, for a failure message. */
  describeAt(p: number): string {
    const pool = this.arena.addrPool(p);
    const seg = (this.arena as unknown as { segOfAddr(a: number): { base: number; limit: number } | undefined }).segOfAddr(p);
    const kind = this.pools.find((gp) => gp.pool === pool)?.kind ?? "no collected pool";
    return `${kind}, segment [${seg?.base}, ${seg?.limit}), word 0 ${this.arena.mem.u32[(p - this.h) >>> 2]}`;
  }

  /**
   * The ids of the objects containing `addrs` (found among the walked
   * objects `starts`, sorted: AMS and LO have no addrObject, as in the MPS),
   * and everything reachable from them and from `from` in memory.
   */
  memoryClosure(from: Iterable<number>, addrs: number[], starts: number[]): Set<number> {
    const u32 = this.arena.mem.u32;
    const out = new Set<number>();
    const stack: number[] = [...from];
    for (const v of addrs) {
      // The last object starting at or below v, if v is inside it.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (starts[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      if (lo === 0) continue;
      // (With a header the block starts before the client pointer: look one further for v in a header.)
      if (lo < starts.length && v >= starts[lo]! - this.h) lo++;
      const p = starts[lo - 1]!;
      const b = p - this.h;
      if (v >= b && v < b + (u32[b >>> 2]! & ~7)) stack.push(p);
    }
    while (stack.length > 0) {
      const p = stack.pop()!;
      const b = p - this.h;
      const t = u32[b >>> 2]! & 7;
      if (t !== TF_OBJ && t !== TF_LEAF) continue;
      const id = u32[(b >>> 2) + 1]!;
      if (out.has(id)) continue;
      out.add(id);
      if (t === TF_OBJ) {
        const n = ((u32[b >>> 2]! & ~7) - 8) >>> 2;
        for (let s = 0; s < n; s++) {
          const q = u32[(b >>> 2) + 2 + s]!;
          if (q !== 0) stack.push(q);
        }
      }
    }
    return out;
  }

  /**
   * A checkpoint: a full collection with the ambiguous roots, which may keep
   * beyond the exact graph only what they pin; then one with exact roots
   * only (the shadow stack emptied, the allocation points' buffers given
   * back), after which the pools hold exactly the reachable objects.
   */
  checkpoint(): void {
    const arena = this.arena;
    arena.collect();
    let reach = this.verify();
    let w = this.walk();
    for (const [id, p] of reach) {
      if (w.ids.get(id) !== p) throw new Error(`checkpoint (ambiguous): reachable object ${id} at ${p} is not in the pool walk (${w.ids.get(id)})`);
    }
    const words: number[] = [];
    for (let a = this.stackBlock; a < this.stackTop; a += 4) words.push(arena.mem.u32[a >>> 2]!);
    const starts = [...w.ids.values()].sort((a, b) => a - b);
    const allowed = this.memoryClosure(reach.values(), words, starts);
    for (const [id, p] of w.ids) {
      if (!allowed.has(id)) throw new Error(`checkpoint (ambiguous): object ${id} at ${p} (${this.describeAt(p)}) survived, though neither reachable nor pinned by the shadow stack [${words.join(",")}]`);
    }
    // Exact roots only.
    this.clearStack();
    for (const gp of this.pools) gp.ap.destroy();
    arena.collect();
    reach = this.verify();
    w = this.walk();
    const live = this.pools.map(() => 0);
    for (const [id, p] of reach) {
      if (w.ids.get(id) !== p) throw new Error(`checkpoint (exact): reachable object ${id} at ${p} is not in the pool walk`);
      const o = this.model.get(id)!;
      live[o.pool]! += o.size;
    }
    for (const id of w.ids.keys()) {
      if (!reach.has(id)) throw new Error(`checkpoint (exact): unreachable object ${id} was not reclaimed`);
    }
    expect(w.ids.size).toBe(reach.size);
    this.pools.forEach((gp, pi) => {
      const used = gp.pool.totalSize() - gp.pool.freeSize();
      expect(w.objBytes[pi], `${gp.kind}: bytes of walked objects`).toBe(live[pi]);
      if (gp.kind === "AMC") {
        // Copying leaves the tails of segments as padding, and each
        // generation's forwarding buffer holds a partly used segment.
        expect(used).toBeGreaterThanOrEqual(live[pi]!);
        expect(used - live[pi]!, `AMC: used ${used}, live ${live[pi]}, pads ${w.padBytes[pi]}`).toBeLessThanOrEqual(w.padBytes[pi]! + 3 * 4096 * 4);
      } else {
        // Mark-and-sweep pools, their buffers given back: every used byte is a live object.
        expect(used, `${gp.kind}: used bytes vs live bytes`).toBe(live[pi]);
      }
    });
    for (const gp of this.pools) gp.ap = gp.pool.createAp({ rank: Rank.EXACT });
    arena.release();
  }

  destroy(): void {
    this.arena.park();
    for (const r of this.roots) r.destroy();
    this.thread.deregister();
    for (const gp of this.pools) {
      gp.ap.destroy();
      gp.pool.destroy();
    }
    this.manual.free(this.areaBlock, 3 * this.arena.grainSize);
    this.manual.free(this.fmtBlock, FMT_OBJS * testObjectSize(FMT_SLOTS));
    this.manual.free(this.stackBlock, STACK_WORDS * 4);
    this.manual.destroy();
    this.chain.destroy();
    this.fmt.destroy();
    this.arena.destroy();
  }
}

const runs: Stress[] = [];
afterEach(() => {
  for (const s of runs.splice(0)) s.destroy();
});

/** One run: ALLOCS allocations with mutation, incremental and full collections, and checkpoints. */
function run(kinds: PoolKind[], protection: "none" | "software", seed: number, h: 0 | 8 = 0): Stress {
  const s = new Stress(kinds, protection, seed, h);
  runs.push(s);
  const arena = s.arena;
  const checkpointEvery = Math.floor(ALLOCS / (CHECKPOINTS + 1));
  let nextCheckpoint = checkpointEvery;
  let nextIncremental = 500 + (s.r() % 1500);
  let nextCollect = 3000 + (s.r() % 5000);
  let incrementals = 0;
  let collects = 0;
  let checkpoints = 0;
  while (s.allocs < ALLOCS) {
    s.mutate();
    s.afterCollections();
    if (s.allocs >= nextIncremental) {
      // An incremental full collection, with the mutator running between steps.
      nextIncremental = s.allocs + 1000 + (s.r() % 3000);
      const before = arena.collections();
      arena.startCollect();
      let guard = 0;
      while (arena.collections() === before) {
        for (let i = 0; i < 1 + (s.r() % 8); i++) s.mutate();
        arena.step(0, 0);
        if (++guard > 1_000_000) throw new Error("an incremental collection never finished");
      }
      incrementals++;
      s.afterCollections();
    } else if (s.allocs >= nextCollect) {
      nextCollect = s.allocs + 4000 + (s.r() % 8000);
      arena.collect();
      s.afterCollections();
      arena.release();
      collects++;
    } else if (s.allocs >= nextCheckpoint) {
      nextCheckpoint += checkpointEvery;
      s.checkpoint();
      s.collectionsSeen = arena.collections();
      checkpoints++;
    }
  }
  s.checkpoint();
  checkpoints++;
  if (process.env["GCSTRESS_DEBUG"]) console.log(`gcstress ${kinds.join("+")} ${protection}: ${s.allocs} allocations, ${arena.collections()} collections (${incrementals} incremental, ${collects} collect, ${checkpoints} checkpoints), ${s.verifies} verifications, ${s.model.size} live objects at the end`);
  expect(incrementals).toBeGreaterThan(0);
  expect(checkpoints).toBeGreaterThanOrEqual(2);
  expect(arena.collections()).toBeGreaterThan(incrementals + collects);
  expect(s.verifies).toBeGreaterThan(incrementals);
  return s;
}

const TIMEOUT = ALLOCS > 20_000 ? 3_600_000 : 60_000;
const lo = LO === undefined ? it.skip : it;
if (LO === undefined) console.warn(`gcstress: ${NO_LO}`);

describe.each(["none", "software"] as const)("gcstress (%s protection)", (protection) => {
  const seed = SEED + (protection === "software" ? 1 : 0);
  it("design/trace.req.preserve design/trace.req.reclaim: AMC on its own", () => {
    run(["AMC"], protection, seed);
  }, TIMEOUT);

  it("design/trace.req.preserve design/trace.req.reclaim: AMS on its own", () => {
    run(["AMS"], protection, seed + 10);
  }, TIMEOUT);

  lo(`design/trace.req.preserve design/trace.req.reclaim: LO on its own${LO === undefined ? ` (skipped: ${NO_LO})` : ""}`, () => {
    run(["LO"], protection, seed + 20);
  }, TIMEOUT);

  it("design/trace.req.preserve design/trace.req.reclaim: AMC and AMS mixed, referring to each other", () => {
    run(["AMC", "AMS"], protection, seed + 30);
  }, TIMEOUT);

  lo(`design/trace.req.preserve design/trace.req.reclaim: AMC, AMS and LO mixed${LO === undefined ? ` (skipped: ${NO_LO})` : ""}`, () => {
    run(["AMC", "AMS", "LO"], protection, seed + 40);
  }, TIMEOUT);

  lo(`design/trace.req.preserve design/trace.req.reclaim: AMC, AMS and LO mixed, objects with in-band headers${LO === undefined ? ` (skipped: ${NO_LO})` : ""}`, () => {
    run(["AMC", "AMS", "LO"], protection, seed + 50, 8);
  }, TIMEOUT);
});
