// Test helpers: arenas, a deterministic generator, and a small variable-size
// manual pool (an "MFS of many unit sizes") for the SAC to sit on.
import { Arena, ArenaClass, type ArenaOpts, LocusPref, Pool, type PoolOpts, definePoolAttrs } from "@mps/arena";
import { type Addr, type Size, alignUp, paramError } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";

/** Ways of making an arena the SAC tests run on. */
export const ARENA_KINDS: Array<[string, (size: number, opts?: ArenaOpts) => Arena]> = [
  ["VM (resizable ArrayBuffer)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "resizable", fallback: false }) })],
  ["CL (client buffer)", (size, opts) => Arena.create(ArenaClass.CL, { ...opts, buffer: new ArrayBuffer(size + 65536), arenaClBase: 65536, arenaSize: size })],
];

/** A small deterministic generator (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Options of {@link BucketPool}. */
export interface BucketOpts extends PoolOpts {
  /** The largest block size the pool serves. */
  maxSize: Size;
}

const EXTEND = 65536;

/**
 * A manual pool of many unit sizes: a free list per aligned size, fed by
 * bumping through 64 KiB extents. Memory goes back to the arena at destroy.
 */
export class BucketPool extends Pool {
  static readonly className: string = "TestBucket";
  static readonly attrs = definePoolAttrs({ alloc: true, free: true });
  readonly maxSize: Size;
  private readonly heads: Uint32Array;
  private readonly counts: Uint32Array;
  private cur = 0;
  /** Bytes left at the ends of extents the pool has moved past (free, but never handed out). */
  private waste = 0;
  private limit = 0;
  private readonly extents: Addr[] = [];
  private readonly pref = new LocusPref();
  /** The size each allocated block was allocated with (to catch a wrong size in free). */
  readonly live = new Map<Addr, Size>();

  constructor(arena: Arena, opts: BucketOpts) {
    super(arena, opts);
    this.maxSize = alignUp(opts.maxSize, this.alignment);
    this.heads = new Uint32Array(this.maxSize / this.alignment + 1);
    this.counts = new Uint32Array(this.maxSize / this.alignment + 1);
  }

  protected override allocMethod(size: Size): Addr {
    const s = alignUp(size, this.alignment);
    if (s > this.maxSize) paramError(`TestBucket.alloc: at most ${this.maxSize} bytes, not ${size}`);
    const k = s / this.alignment;
    let p = this.heads[k]!;
    if (p !== 0) {
      this.heads[k] = this.arena.mem.u32[p >>> 2]!;
      this.counts[k]!--;
    } else {
      if (this.cur + s > this.limit) {
        this.waste += this.limit - this.cur;
        const base = this.arena.alloc(this.pref, EXTEND, this);
        this.extents.push(base);
        this.cur = base;
        this.limit = base + EXTEND;
      }
      p = this.cur;
      this.cur += s;
    }
    this.live.set(p, s);
    return p;
  }

  protected override freeMethod(p: Addr, size: Size): void {
    const s = alignUp(size, this.alignment);
    if (this.live.get(p) !== s) paramError(`TestBucket.free: ${p} was not allocated with size ${size}`);
    this.live.delete(p);
    const k = s / this.alignment;
    this.arena.mem.u32[p >>> 2] = this.heads[k]!;
    this.heads[k] = p;
    this.counts[k]!++;
  }

  protected override totalSizeMethod(): Size {
    return this.extents.length * EXTEND;
  }

  protected override freeSizeMethod(): Size {
    let s = this.limit - this.cur + this.waste;
    for (let k = 1; k < this.counts.length; k++) s += this.counts[k]! * k * this.alignment;
    return s;
  }

  protected override finishMethod(): void {
    for (const b of this.extents) this.arena.free(b, EXTEND, this);
    this.extents.length = 0;
  }
}

/** A pool class with no alloc or free (for the UNIMPL case). */
export class NoAllocPool extends Pool {
  static readonly className: string = "TestNoAlloc";
  static readonly attrs = definePoolAttrs({});
}
