/**
 * A random heap for the integration tests (the role of the MPS's
 * amcss/amcsshe drivers with fmtdy/fmthe): objects of the test format made
 * through an allocation point, held by exact and ambiguous root tables
 * (function roots over JS arrays), mutated between allocations, and a model
 * in JS of which object (by id) each slot refers to, so that any reachable
 * object's contents can be checked and the live set computed.
 */
import { type AP, type Arena, type Pool, type Root } from "@mps/arena";
import { type Addr, Rank } from "@mps/mpm";
import { TF_OBJ, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots, testObjectType } from "@mps/trace/test-util";
import { alloc } from "./helpers.js";

/** The MPS testlib's Park–Miller generator. */
export function rnd(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 48271) % 2147483647;
    return s;
  };
}

export class Heap {
  readonly exact: Uint32Array;
  readonly exactIds: Int32Array;
  readonly ambig: Uint32Array;
  /** id → the ids each slot refers to (-1 for null), or for a leaf its checksum seed. */
  readonly model = new Map<number, number[]>();
  readonly sizes = new Map<number, number>();
  readonly exactRoot: Root;
  readonly ambigRoot: Root;
  private nextId = 1;
  made = 0;

  constructor(
    readonly arena: Arena,
    readonly pool: Pool,
    readonly ap: AP,
    readonly h: 0 | 8,
    nexact: number,
    nambig: number,
    readonly maxSlots: number,
    readonly r: () => number,
    /** Every 50th object gets up to this many slots (0: never). */
    readonly bigSlots = 0,
  ) {
    this.exact = new Uint32Array(nexact);
    this.exactIds = new Int32Array(nexact).fill(-1);
    this.ambig = new Uint32Array(nambig);
    for (let i = 0; i < nambig; i++) this.ambig[i] = r() * 2; // random words, as rnd_addr
    const exact = this.exact;
    const ambig = this.ambig;
    this.exactRoot = arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < exact.length; i++) {
          const v = exact[i]!;
          if (v !== 0 && ss.fix1(v)) exact[i] = ss.fix2(v);
        }
      },
    });
    this.ambigRoot = arena.createRoot({
      rank: Rank.AMBIG,
      scan: (ss) => {
        for (let i = 0; i < ambig.length; i++) {
          const v = ambig[i]!;
          if (ss.fix1(v)) ss.fix2(v);
        }
      },
    });
  }

  /** Make an object whose slots refer to random exact roots (dylan_init). */
  make(): Addr {
    const n = this.bigSlots > 0 && this.r() % 50 === 0 ? 1 + (this.r() % this.bigSlots) : 1 + (this.r() % this.maxSlots);
    const id = this.nextId++;
    const p = alloc(this.arena, this.ap, this.h, id, n);
    const slots = new Array<number>(n).fill(-1);
    const u32 = this.arena.mem.u32;
    for (let i = 0; i < n; i++) {
      const j = this.r() % this.exact.length;
      const v = this.exact[j]!;
      if (v !== 0 && this.r() % 2 === 0) {
        u32[testObjectSlotAddr(p, this.h, i) >>> 2] = v;
        slots[i] = this.exactIds[j]!;
      }
    }
    this.model.set(id, slots);
    this.sizes.set(id, testObjectSize(n));
    this.made++;
    return p;
  }

  /** Store a random exact root into a random slot of object `p` (dylan_write). */
  write(p: Addr): void {
    const id = testObjectId(this.arena.mem, p, this.h);
    const slots = this.model.get(id)!;
    const i = this.r() % slots.length;
    const j = this.r() % this.exact.length;
    this.arena.mem.u32[testObjectSlotAddr(p, this.h, i) >>> 2] = this.exact[j]!;
    slots[i] = this.exact[j] === 0 ? -1 : this.exactIds[j]!;
  }

  /** One step of amcss's loop. */
  step(): void {
    const r = this.r();
    if (r & 1) {
      const i = (r >>> 1) % this.exact.length;
      if (this.exact[i] !== 0 && testObjectId(this.arena.mem, this.exact[i]!, this.h) !== this.exactIds[i]) throw new Error(`dying root ${i} is not object ${this.exactIds[i]}`);
      const p = this.make();
      this.exact[i] = p;
      this.exactIds[i] = testObjectId(this.arena.mem, p, this.h);
      const k = this.exact.length - 1 - i;
      if (this.exact[k] !== 0) this.write(this.exact[k]!);
    } else if (this.ambig.length > 0) {
      const i = (r >>> 1) % this.ambig.length;
      this.ambig[this.ambig.length - 1 - i] = this.make();
      this.ambig[i] = this.ambig[i >>> 1]! + 1; // an interior pointer
    }
  }

  /** Check the object at `p` is object `id` with the modelled slots, and everything it reaches. */
  checkObject(p: Addr, id: number, seen: Set<number>): void {
    const mem = this.arena.mem;
    if (seen.has(id)) return;
    seen.add(id);
    if (testObjectType(mem, p, this.h) !== TF_OBJ) throw new Error(`object ${id} at ${p} has type ${testObjectType(mem, p, this.h)}`);
    if (testObjectId(mem, p, this.h) !== id) throw new Error(`object at ${p} has id ${testObjectId(mem, p, this.h)}, not ${id}`);
    const slots = this.model.get(id)!;
    if (testObjectSlots(mem, p, this.h) !== (testObjectSize(slots.length) - 8) / 4) throw new Error(`object ${id} has ${testObjectSlots(mem, p, this.h)} slots, not ${slots.length}`);
    for (let i = 0; i < slots.length; i++) {
      const v = mem.u32[testObjectSlotAddr(p, this.h, i) >>> 2]!;
      if (slots[i] === -1) {
        if (v !== 0) throw new Error(`object ${id} slot ${i} is ${v}, not null`);
      } else {
        if (v === 0) throw new Error(`object ${id} slot ${i} is null, not object ${slots[i]}`);
        this.checkObject(v, slots[i]!, seen);
      }
    }
  }

  /** Check every exact root; returns the ids reachable from them. */
  checkAll(): Set<number> {
    const seen = new Set<number>();
    for (let i = 0; i < this.exact.length; i++) if (this.exact[i] !== 0) this.checkObject(this.exact[i]!, this.exactIds[i]!, seen);
    return seen;
  }

  /** The ids of the objects the pool holds (walking it), with their total size. */
  walkIds(): { ids: Set<number>; bytes: number } {
    const ids = new Set<number>();
    let bytes = 0;
    this.pool.walk((p) => {
      if (testObjectType(this.arena.mem, p, this.h) === TF_OBJ) {
        const id = testObjectId(this.arena.mem, p, this.h);
        ids.add(id);
        bytes += this.sizes.get(id)!;
      }
    });
    return { ids, bytes };
  }

  /** The closure of `ids` under the model's slots. */
  closure(ids: Iterable<number>): Set<number> {
    const out = new Set<number>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      for (const s of this.model.get(id)!) if (s !== -1) stack.push(s);
    }
    return out;
  }

  destroyRoots(): void {
    this.exactRoot.destroy();
    this.ambigRoot.destroy();
  }
}
