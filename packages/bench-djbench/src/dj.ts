/**
 * The djbench workload and the allocators it drives: one loop, written
 * once, with one branch per allocator at the allocation and freeing sites so
 * that each call site sees one receiver. See docs/design/bench-djbench.md `.impl.loop`.
 * .critical: `DjRun.inner`, `DjRun.allocBlock`, `DjRun.freeBlock` (once per slot per pass).
 */
import { Arena, ArenaClass, PoolClass, type AP, type Pool, type VMArenaOpts } from "@mps/mps";
import { MemPool } from "@thi.ng/malloc";
import SkipListAllocator from "malloc";
import type { AllocatorName, DjOptions } from "./options.js";
import { RND_MODULUS, RND_MULTIPLIER } from "./rnd.js";
import { instantiateTlsf, type TlsfInstance } from "./tlsf.js";

const K_HARNESS = 0;
const K_MVT = 1;
const K_MVFF = 2;
const K_MVFFA = 3;
const K_THING = 4;
const K_SKIPLIST = 5;
const K_TLSF = 6;

const KIND: Record<AllocatorName, number> = {
  harness: K_HARNESS, mvt: K_MVT, mvff: K_MVFF, mvffa: K_MVFFA, thing: K_THING, skiplist: K_SKIPLIST, tlsf: K_TLSF,
};

/**
 * The figures of one allocator's run of the workload.
 * @public
 */
export interface DjResult {
  /** The allocator. */
  name: AllocatorName;
  /** Blocks allocated. */
  allocs: number;
  /** Blocks freed (equal to `allocs`: every block is freed by the end). */
  frees: number;
  /** Bytes requested, summed over the allocations (after rounding up to 8). */
  bytes: number;
  /** Processor time of the workload (user + system), seconds, as djbench's `clock()`. */
  cpuSeconds: number;
  /** Elapsed time of the workload, seconds. */
  wallSeconds: number;
}

/**
 * A block failed its check when it was freed: the first or last word no
 * longer holds what was written when it was allocated.
 * @public
 */
export class DjCorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DjCorruptionError";
  }
}

/**
 * The word written first in a block (its bitwise complement goes last):
 * it mixes the slot, the address and the size, so that a block handed out
 * twice, or overlapping another, fails its check when it is freed.
 */
function tagOf(slot: number, p: number, w: number): number {
  return Math.imul(slot + 1, 0x9e3779b1) ^ p ^ w;
}

function corrupt(name: string, slot: number, p: number, w: number, first: number, last: number): never {
  const tag = tagOf(slot, p, w);
  throw new DjCorruptionError(
    `${name}: the block of slot ${slot} at ${p} of ${w} bytes was overwritten: first word ${first} (wrote ${tag}), last word ${last} (wrote ${~tag})`,
  );
}

function exhausted(name: string, w: number): never {
  throw new Error(`${name}: could not allocate ${w} bytes (heap exhausted)`);
}

/**
 * One run's state. The slot tables hold every level's slots: level `d`
 * (counting down from `rmax`) uses `[(rmax - d) · nblocks, (rmax - d + 1) · nblocks)`.
 */
class DjRun {
  readonly kind: number;
  readonly name: AllocatorName;
  readonly npass: number;
  readonly nblocks: number;
  readonly sshift: number;
  readonly rinter: number;
  readonly rmax: number;
  /** `rnd() % 16384 < pact · 16384` decides whether to act on a slot. */
  readonly threshold: number;
  /** The generator's state in element 0 (inlined Park–Miller, as `Rnd.next`); a typed array keeps it an unboxed int32. */
  readonly rs: Int32Array;
  /** Block address per slot, 0 when empty. */
  readonly addr: Uint32Array;
  /** Block size per slot, as requested (after rounding up to 8). */
  readonly size: Uint32Array;
  /** The allocator's memory, as words; refreshed when a block lies past its end. */
  view: Int32Array;
  allocs = 0;
  frees = 0;
  bytes = 0;

  arena: Arena | null = null;
  mvtPool: Pool | null = null;
  mvffPool: Pool | null = null;
  ap: AP | null = null;
  thing: MemPool | null = null;
  skiplist: SkipListAllocator | null = null;
  tlsf: TlsfInstance | null = null;

  constructor(name: AllocatorName, o: DjOptions, tlsfModule: WebAssembly.Module | null) {
    this.name = name;
    this.kind = KIND[name];
    this.npass = o.npass;
    this.nblocks = o.nblocks;
    this.sshift = o.sshift;
    this.rinter = o.rinter;
    this.rmax = o.rmax;
    this.threshold = o.pact * 16384;
    this.rs = new Int32Array(1);
    this.rs[0] = o.seed;
    const nslots = (o.rmax + 1) * o.nblocks;
    this.addr = new Uint32Array(nslots);
    this.size = new Uint32Array(nslots);
    switch (this.kind) {
      case K_HARNESS:
        // Two words per slot: the client work without an allocator.
        this.view = new Int32Array(2 * nslots + 2);
        break;
      case K_MVT:
      case K_MVFF:
      case K_MVFFA: {
        const opts: VMArenaOpts = { arenaSize: o.arenaSize, arenaZoned: o.arenaZoned };
        if (o.arenaGrainSize !== undefined) opts.arenaGrainSize = o.arenaGrainSize;
        if (o.spare !== undefined) opts.spare = o.spare;
        const arena = Arena.create(ArenaClass.VM, opts);
        this.arena = arena;
        try {
          if (this.kind === K_MVT) {
            this.mvtPool = arena.createPool(PoolClass.MVT, {});
            this.ap = this.mvtPool.createAp();
          } else {
            this.mvffPool = arena.createPool(PoolClass.MVFF, {});
            if (this.kind === K_MVFF) this.ap = this.mvffPool.createAp();
          }
        } catch (e) {
          arena.destroy();
          throw e;
        }
        this.view = arena.mem.i32;
        break;
      }
      case K_THING: {
        this.thing = new MemPool({ buf: new ArrayBuffer(o.arenaSize) });
        this.view = new Int32Array(this.thing.buf);
        break;
      }
      case K_SKIPLIST: {
        const buf = new ArrayBuffer(o.arenaSize);
        this.skiplist = new SkipListAllocator(buf);
        this.view = new Int32Array(buf);
        break;
      }
      case K_TLSF: {
        if (tlsfModule === null) throw new Error("tlsf: no compiled TLSF module");
        this.tlsf = instantiateTlsf(tlsfModule, o.arenaSize);
        this.view = new Int32Array(this.tlsf.memory.buffer);
        break;
      }
      default:
        throw new Error(`unknown allocator ${name}`);
    }
  }

  /** Release the allocator's memory (the MPS arena is destroyed). */
  finish(): void {
    if (this.ap !== null) this.ap.destroy();
    if (this.mvtPool !== null) this.mvtPool.destroy();
    if (this.mvffPool !== null) this.mvffPool.destroy();
    if (this.arena !== null) this.arena.destroy();
    this.ap = this.mvtPool = this.mvffPool = this.arena = null;
    this.thing = null;
    this.skiplist = null;
    this.tlsf = null;
  }

  /** Park–Miller step (testlib.c's `rnd`), inlined here for the loop. */
  rnd(): number {
    const rs = this.rs;
    const x = rs[0]!;
    const bot = RND_MULTIPLIER * (x & 0x7fff);
    const top = RND_MULTIPLIER * (x >>> 15);
    let y = bot + ((top & 0xffff) << 15) + (top >>> 16);
    if (y > RND_MODULUS) y -= RND_MODULUS;
    // y < 2^31: as an int32 it is exact and non-negative, so the remainders
    // below stay integer operations (a double remainder is a library call).
    y |= 0;
    rs[0] = y;
    return y;
  }

  /** A view of the allocator's memory long enough to reach `end` (bytes). */
  refreshView(end: number): Int32Array {
    let v: Int32Array;
    switch (this.kind) {
      case K_MVT:
      case K_MVFF:
      case K_MVFFA:
        v = this.arena!.mem.i32;
        break;
      case K_TLSF:
        v = new Int32Array(this.tlsf!.memory.buffer);
        break;
      default:
        v = this.view;
    }
    if (end > v.length << 2) throw new Error(`${this.name}: block ends at ${end}, past the end of its memory (${v.length << 2})`);
    this.view = v;
    return v;
  }

  /** Allocate `w` bytes for `slot` and write the block's first and last words. */
  allocBlock(slot: number, w: number): number {
    let p = 0;
    switch (this.kind) {
      case K_HARNESS: {
        p = 8 + (slot << 3);
        const v = this.view;
        const t = tagOf(slot, p, w);
        v[p >>> 2] = t;
        v[(p >>> 2) + 1] = ~t;
        break;
      }
      case K_MVT:
      case K_MVFF: {
        // The MPS's allocation protocol: reserve, initialise, commit, retry
        // if the commit fails.
        const ap = this.ap!;
        do {
          p = ap.reserve(w);
          let v = this.view;
          if ((p + w) >>> 2 > v.length) v = this.refreshView(p + w);
          const t = tagOf(slot, p, w);
          v[p >>> 2] = t;
          v[(p + w - 4) >>> 2] = ~t;
        } while (!ap.commit(p, w));
        break;
      }
      case K_MVFFA:
        p = this.mvffPool!.alloc(w);
        break;
      case K_THING:
        p = this.thing!.malloc(w);
        if (p === 0) exhausted(this.name, w);
        break;
      case K_SKIPLIST:
        p = this.skiplist!.alloc(w);
        if (p === 0) exhausted(this.name, w);
        break;
      case K_TLSF:
        p = this.tlsf!.alloc(w);
        break;
    }
    if (this.kind >= K_MVFFA) {
      let v = this.view;
      if ((p + w) >>> 2 > v.length) v = this.refreshView(p + w);
      const t = tagOf(slot, p, w);
      v[p >>> 2] = t;
      v[(p + w - 4) >>> 2] = ~t;
    }
    this.allocs++;
    this.bytes += w;
    return p;
  }

  /** Check the block's first and last words, then free it. */
  freeBlock(slot: number, p: number, w: number): void {
    const v = this.view;
    const t = tagOf(slot, p, w);
    if (this.kind === K_HARNESS) {
      const i = p >>> 2;
      if (v[i] !== t || v[i + 1] !== ~t) corrupt(this.name, slot, p, w, v[i]!, v[i + 1]!);
    } else {
      const first = v[p >>> 2]!;
      const last = v[(p + w - 4) >>> 2]!;
      if (first !== t || last !== ~t) corrupt(this.name, slot, p, w, first, last);
    }
    switch (this.kind) {
      case K_MVT:
        this.mvtPool!.free(p, w);
        break;
      case K_MVFF:
      case K_MVFFA:
        this.mvffPool!.free(p, w);
        break;
      case K_THING:
        this.thing!.free(p);
        break;
      case K_SKIPLIST:
        this.skiplist!.free(p);
        break;
      case K_TLSF:
        this.tlsf!.free(p);
        break;
    }
    this.frees++;
  }

  /**
   * One level of the workload (djbench's `_inner`): `npass` passes over this
   * level's slots, acting on each with probability `pact`; every `rinter`th
   * pass (counted across levels in `r`) recurses one level deeper while
   * `depth > 0`; at the end every block still held is freed. Returns `r`.
   */
  inner(depth: number, r: number): number {
    const nblocks = this.nblocks;
    const base = (this.rmax - depth) * nblocks;
    const addr = this.addr;
    const size = this.size;
    const threshold = this.threshold;
    const sshift = this.sshift;
    const rinter = this.rinter;
    for (let k = 0; k < nblocks; ++k) {
      addr[base + k] = 0;
      size[base + k] = 0;
    }
    for (let j = 0; j < this.npass; ++j) {
      for (let k = 0; k < nblocks; ++k) {
        if ((this.rnd() & 16383) < threshold) {
          const slot = base + k;
          const p = addr[slot]!;
          if (p === 0) {
            // The dividend is drawn before the shift (C leaves the order open).
            const a = this.rnd();
            const s = (a % ((8 << (this.rnd() % sshift)) - 1)) | 0;
            if (s > 0) {
              const w = (s + 7) & ~7;
              addr[slot] = this.allocBlock(slot, w);
              size[slot] = w;
            }
          } else {
            this.freeBlock(slot, p, size[slot]!);
            addr[slot] = 0;
          }
        }
      }
      if (rinter > 0 && depth > 0 && ++r % rinter === 0) r = this.inner(depth - 1, r);
    }
    for (let k = 0; k < nblocks; ++k) {
      const p = addr[base + k]!;
      if (p !== 0) {
        this.freeBlock(base + k, p, size[base + k]!);
        addr[base + k] = 0;
      }
    }
    return r;
  }
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Run djbench's workload once on one allocator: set the allocator up
 * (untimed), run `niter` iterations from the seed in `o` (timed), check
 * that every block was freed, and release the allocator. `tlsfModule` is
 * needed only for `tlsf` (see `compileTlsf`). Throws {@link DjCorruptionError}
 * if a block's words were overwritten while it was allocated.
 * @public
 */
export function runDj(name: AllocatorName, o: DjOptions, tlsfModule: WebAssembly.Module | null = null): DjResult {
  const run = new DjRun(name, o, tlsfModule);
  try {
    const c0 = cpuNow();
    const t0 = performance.now();
    for (let i = 0; i < o.niter; ++i) run.inner(o.rmax, 0);
    const t1 = performance.now();
    const c1 = cpuNow();
    if (run.allocs !== run.frees) throw new Error(`${name}: ${run.allocs} blocks allocated but ${run.frees} freed`);
    return { name, allocs: run.allocs, frees: run.frees, bytes: run.bytes, cpuSeconds: c1 - c0, wallSeconds: (t1 - t0) / 1000 };
  } finally {
    run.finish();
  }
}
