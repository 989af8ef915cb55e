/**
 * A random object graph for the tracer's tests: objects of the test format
 * with a few reference slots, held by a table of roots (a function root over
 * a JS array, scanned at a chosen rank), mutated between collections, and a
 * model in JS of which object (by id) each slot refers to, so that after any
 * collection every reachable object's contents can be checked and the
 * unreachable ones counted.
 */
import type { Arena, Pool, Root } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots, testObjectType, TF_OBJ } from "../src/test-util.js";

/** A seeded Park–Miller generator (the MPS's testlib `rnd`). */
export function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 48271) % 2147483647;
    return s;
  };
}

/** The graph: the heap objects, the roots and the model. */
export class Graph {
  readonly arena: Arena;
  readonly pool: Pool;
  /** Further pools to allocate in, chosen at random (the first is \`pool\`). */
  readonly pools: Pool[];
  /** Root slots: client pointers or 0. */
  readonly roots: Uint32Array;
  /** The model: for each id, the ids its slots refer to (-1 for null). */
  readonly model = new Map<number, number[]>();
  /** Root slot → id (-1 for null). */
  readonly rootIds: Int32Array;
  readonly root: Root;
  readonly slots: number;
  private nextId = 1;
  readonly rnd: () => number;
  /** Stores go through arena.storeRef (the software barrier) when true. */
  readonly barrier: boolean;

  constructor(arena: Arena, pool: Pool, nroots: number, slots: number, seed: number, barrier: boolean, rootRank: Rank = Rank.EXACT) {
    this.arena = arena;
    this.pool = pool;
    this.pools = [pool];
    this.roots = new Uint32Array(nroots);
    this.rootIds = new Int32Array(nroots).fill(-1);
    this.slots = slots;
    this.rnd = rng(seed);
    this.barrier = barrier;
    const roots = this.roots;
    this.root = arena.createRoot({
      rank: rootRank,
      scan: (ss) => {
        for (let i = 0; i < roots.length; i++) {
          const r = roots[i]!;
          if (r !== 0 && ss.fix1(r)) roots[i] = ss.fix2(r);
        }
      },
    });
  }

  /** Allocate a new object with null slots; returns its client pointer (not yet rooted). */
  alloc(): Addr {
    const id = this.nextId++;
    const size = testObjectSize(this.slots);
    const pool = this.pools.length === 1 ? this.pool : this.pools[this.rnd() % this.pools.length]!;
    const base = pool.alloc(size);
    const p = initTestObject(this.arena.mem, base, this.pool.format!.headerSize as 0 | 8, id, this.slots);
    this.model.set(id, new Array<number>(this.slots).fill(-1));
    return p;
  }

  /** Store `ref` (an object of id `refId`, or 0 / -1) in slot `i` of object `p` (of id `id`). */
  set(p: Addr, id: number, i: number, ref: Addr, refId: number): void {
    const a = testObjectSlotAddr(p, this.pool.format!.headerSize as 0 | 8, i);
    if (this.barrier) this.arena.storeRef(a, ref);
    else this.arena.mem.u32[a >>> 2] = ref;
    this.model.get(id)![i] = refId;
  }

  /** Read slot `i` of `p` (through the barrier when it is on). */
  get(p: Addr, i: number): Addr {
    const a = testObjectSlotAddr(p, this.pool.format!.headerSize as 0 | 8, i);
    return this.barrier ? this.arena.loadRef(a) : this.arena.mem.u32[a >>> 2]!;
  }

  /** Object id at `p`. */
  id(p: Addr): number {
    return testObjectId(this.arena.mem, p, this.pool.format!.headerSize as 0 | 8);
  }

  /**
   * One mutation: allocate an object into a random root slot, or link two
   * reachable objects, or drop a root. Reads go through the barrier.
   */
  mutate(): void {
    const n = this.roots.length;
    const k = this.rnd() % 10;
    const i = this.rnd() % n;
    if (k < 4 || this.roots[i] === 0) {
      const p = this.alloc();
      const id = this.id(p);
      // Link the new object to what the root held, so chains form.
      if (this.roots[i] !== 0 && this.slots > 0) this.set(p, id, 0, this.roots[i]!, this.rootIds[i]!);
      this.roots[i] = p;
      this.rootIds[i] = id;
    } else if (k < 8) {
      const j = this.rnd() % n;
      const p = this.roots[i]!;
      if (this.slots > 0 && this.roots[j] !== 0) this.set(p, this.rootIds[i]!, this.rnd() % this.slots, this.roots[j]!, this.rootIds[j]!);
    } else if (k < 9) {
      // Follow a reference from a root and root what it finds (a load through the barrier).
      const p = this.roots[i]!;
      if (this.slots > 0) {
        const s = this.rnd() % this.slots;
        const q = this.get(p, s);
        if (q !== 0) {
          this.roots[i] = q;
          this.rootIds[i] = this.model.get(this.rootIds[i]!)![s]!;
          if (this.id(q) !== this.rootIds[i]) throw new Error(`mutate: loaded object ${this.id(q)}, expected ${this.rootIds[i]}`);
        }
      }
    } else {
      this.roots[i] = 0;
      this.rootIds[i] = -1;
    }
  }

  /**
   * Check every object reachable from the roots against the model (its id,
   * type, slot count, and what each slot refers to); returns the set of
   * reachable ids.
   */
  verify(): Set<number> {
    const mem = this.arena.mem;
    const h = this.pool.format!.headerSize as 0 | 8;
    const seen = new Set<number>();
    const stack: [Addr, number][] = [];
    for (let i = 0; i < this.roots.length; i++) if (this.roots[i] !== 0) stack.push([this.roots[i]!, this.rootIds[i]!]);
    while (stack.length > 0) {
      const [p, id] = stack.pop()!;
      if (testObjectType(mem, p, h) !== TF_OBJ) throw new Error(`verify: object ${id} at ${p} has type ${testObjectType(mem, p, h)}`);
      const got = testObjectId(mem, p, h);
      if (got !== id) throw new Error(`verify: expected object ${id} at ${p}, found ${got}`);
      if (seen.has(id)) continue;
      seen.add(id);
      if (testObjectSlots(mem, p, h) < this.slots) throw new Error(`verify: object ${id} lost slots`);
      const slots = this.model.get(id)!;
      for (let s = 0; s < this.slots; s++) {
        // Through the barrier when it is on: mid-collection, a grey object's slots are not fixed yet.
        const q = this.get(p, s);
        const want = slots[s]!;
        if (want === -1) {
          if (q !== 0) throw new Error(`verify: object ${id} slot ${s} should be null, is ${q}`);
        } else {
          if (q === 0) throw new Error(`verify: object ${id} slot ${s} should refer to ${want}, is null`);
          stack.push([q, want]);
        }
      }
    }
    return seen;
  }

  /** Forget the model entries of objects no longer reachable. */
  prune(reachable: Set<number>): void {
    for (const id of [...this.model.keys()]) if (!reachable.has(id)) this.model.delete(id);
  }
}

export { testFormat };
