/**
 * The segregated allocation cache (design.mps.sac): per-size-class stacks of
 * free blocks in front of a manual pool's `alloc`/`free`, refilled and
 * drained in batches. See docs/design/sac.md.
 * .critical: SAC.alloc and SAC.free (one version per checking level, installed
 * by `byCheckLevel`); SAC.fill and SAC.empty are the slow paths.
 */

import { Pool, SIG_POOL } from "@mps/arena";
import {
  type Addr, type Inst, type Size, type WriteStream, COOL, MpsError, SIG_INVALID, addrHex, alignUp, byCheckLevel, checkL, defineSig,
  describeLine, paramError, unimpl,
} from "@mps/mpm";

/**
 * The most size classes a cache may have (`MPS_SAC_CLASS_LIMIT`); more is `LIMIT`.
 * @public
 */
export const SAC_CLASS_LIMIT = 8;

/**
 * The most blocks all classes of one cache may hold together (the stacks are
 * allocated at creation); more is `LIMIT`.
 * @public
 */
export const SAC_CACHED_LIMIT = 1 << 20;

/**
 * The smallest block size a class may have: an address's width, as the MPS
 * requires (`sizeof(void *)`).
 * @public
 */
export const SAC_MIN_BLOCK_SIZE = 4;

/**
 * One size class of a cache (`mps_sac_class_s`).
 * @public
 */
export interface SACClass {
  /** `mps_block_size`: the size of the blocks of the class; a multiple of the pool's alignment, at least {@link SAC_MIN_BLOCK_SIZE}. */
  blockSize: Size;
  /** `mps_cached_count`: how many free blocks of the class the cache may hold. */
  cachedCount: number;
  /** `mps_frequency`: how often sizes of the class are asked for, relative to the others; chooses the class the size search starts from. */
  frequency: number;
}

/**
 * The signature of a live {@link SAC}.
 * @public
 */
export const SIG_SAC: number = defineSig("SAC", 0x5195ac99);

/** Is `x` a non-negative integer no larger than `max`? */
function isCount(x: unknown, max: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= max;
}

/**
 * A segregated allocation cache (`mps_sac_t`): a front end to a manual pool
 * that keeps recently freed blocks of a few fixed sizes and hands them out
 * again without going to the pool.
 *
 * @remarks
 * A size asked for is served from the smallest class whose `blockSize` is
 * at least the size; sizes above the largest class go straight to the pool
 * (aligned up to the pool's alignment). Each class holds at most its
 * `cachedCount` free blocks; an empty class is refilled from the pool with
 * a third of that ({@link SAC.fill}), a full one drains two thirds of itself
 * back ({@link SAC.empty}). The free blocks are held in a `Uint32Array`
 * stack per class, so `alloc` and `free` allocate no JS objects. Blocks in
 * the cache are not free in the pool: {@link SAC.flush} gives them back.
 * A block may be freed through the cache with the size it was allocated
 * with, or any size of the same class; at `cool` a size of another class,
 * a double free, or an address outside the pool is refused with `PARAM`.
 * @public
 */
export class SAC implements Inst {
  /** {@link SIG_SAC} while live, SIG_INVALID once destroyed. */
  sig: number = SIG_INVALID;
  /** The pool the cache allocates from. */
  readonly pool: Pool;
  /** The number of size classes. */
  readonly classCount: number;
  /** The class the size search starts from, chosen by frequency (the MPS's middle). */
  readonly middleIndex: number;
  /** The block size of each class, ascending. */
  private readonly sizes: Uint32Array;
  /** The most free blocks each class may hold. */
  private readonly countMax: Uint32Array;
  /** The free blocks each class holds. */
  private readonly counts: Uint32Array;
  /** Where each class's stack starts in {@link SAC.stack}. */
  private readonly bases: Uint32Array;
  /** The free blocks, class by class, each class's most recently cached last. */
  private readonly stack: Uint32Array;
  /** The pool's alignment. */
  private readonly align: number;
  /** The block size of the middle class. */
  private readonly middle: Size;
  /** At `cool`: the class each block handed out by the cache was allocated in (`classCount` for larger sizes). */
  private readonly coolLive: Map<Addr, number> | null;
  /** At `cool`: the blocks in the cache. */
  private readonly coolCached: Set<Addr> | null;

  /**
   * `mps_sac_create`: make a cache on `pool` with the given classes. Throws
   * `PARAM` for a pool that is not live or a bad class list (empty, sizes
   * not ascending, not aligned to the pool, below {@link SAC_MIN_BLOCK_SIZE},
   * counts or frequencies not non-negative integers), `LIMIT` for more than
   * {@link SAC_CLASS_LIMIT} classes or more than {@link SAC_CACHED_LIMIT}
   * cached blocks in all, and `UNIMPL` if the pool's class lacks `alloc` or `free`.
   */
  static create(pool: Pool, classes: readonly SACClass[]): SAC {
    return new SAC(pool, classes);
  }

  private constructor(pool: Pool, classes: readonly SACClass[]) {
    if (!(pool instanceof Pool) || pool.sig !== SIG_POOL) paramError("SAC.create: not a live pool");
    if (!pool.attrs.alloc || !pool.attrs.free) unimpl(`SAC.create: ${pool.className} pools have no alloc/free`);
    if (!Array.isArray(classes) || classes.length === 0) paramError("SAC.create: classes must be a non-empty array");
    const n = classes.length;
    if (n > SAC_CLASS_LIMIT) throw new MpsError("LIMIT", `SAC.create: at most ${SAC_CLASS_LIMIT} classes, not ${n}`);
    const align = pool.alignment;
    let prev = SAC_MIN_BLOCK_SIZE - 1;
    let total = 0;
    let totalFreq = 0;
    for (let i = 0; i < n; i++) {
      const c = classes[i] as SACClass | null | undefined;
      if (c === null || typeof c !== "object") paramError(`SAC.create: class ${i} is not an object`);
      const { blockSize, cachedCount, frequency } = c;
      if (!isCount(blockSize, 2 ** 32) || blockSize < SAC_MIN_BLOCK_SIZE) {
        paramError(`SAC.create: class ${i}'s blockSize must be an integer of at least ${SAC_MIN_BLOCK_SIZE}, not ${String(blockSize)}`);
      }
      if (blockSize % align !== 0) paramError(`SAC.create: class ${i}'s blockSize ${blockSize} is not a multiple of the pool's alignment ${align}`);
      if (blockSize <= prev) paramError(`SAC.create: class sizes must ascend, but class ${i}'s ${blockSize} follows ${prev}`);
      if (!isCount(cachedCount, SAC_CACHED_LIMIT)) paramError(`SAC.create: class ${i}'s cachedCount must be a non-negative integer, not ${String(cachedCount)}`);
      if (!isCount(frequency, 2 ** 32 - 1)) paramError(`SAC.create: class ${i}'s frequency must be a non-negative integer, not ${String(frequency)}`);
      prev = blockSize;
      total += cachedCount;
      totalFreq += frequency;
    }
    if (total > SAC_CACHED_LIMIT) throw new MpsError("LIMIT", `SAC.create: at most ${SAC_CACHED_LIMIT} cached blocks in all, not ${total}`);
    // The middle: the class where half the total frequency is reached,
    // moving up one if the half falls in the upper half of that class (as the MPS does).
    let half = Math.floor(totalFreq / 2);
    let m = 0;
    for (; m < n; m++) {
      const f = classes[m]!.frequency;
      if (half < f) break;
      half -= f;
    }
    if (m >= n) m = n - 1; // all frequencies zero
    else if (half > Math.floor(classes[m]!.frequency / 2) && m + 1 < n) m++;
    this.pool = pool;
    this.classCount = n;
    this.middleIndex = m;
    this.align = align;
    this.sizes = new Uint32Array(n);
    this.countMax = new Uint32Array(n);
    this.counts = new Uint32Array(n);
    this.bases = new Uint32Array(n);
    this.stack = new Uint32Array(Math.max(total, 1));
    let base = 0;
    for (let i = 0; i < n; i++) {
      this.sizes[i] = classes[i]!.blockSize;
      this.countMax[i] = classes[i]!.cachedCount;
      this.bases[i] = base;
      base += classes[i]!.cachedCount;
    }
    this.middle = this.sizes[m]!;
    this.coolLive = COOL ? new Map() : null;
    this.coolCached = COOL ? new Set() : null;
    this.sig = SIG_SAC;
  }

  /** Throw `PARAM` unless the cache is live. */
  private checkLive(what: string): void {
    if (this.sig !== SIG_SAC) paramError(`${what}: the cache has been destroyed`);
  }

  /**
   * `sacFind`: the class serving `size`, searching from the middle class
   * outwards; `classCount` for a size above the largest class.
   */
  private classOf(size: Size): number {
    const sizes = this.sizes;
    if (size > this.middle) {
      let i = this.middleIndex + 1;
      const n = this.classCount;
      while (i < n && size > sizes[i]!) i++;
      return i;
    }
    let i = this.middleIndex;
    while (i > 0 && size <= sizes[i - 1]!) i--;
    return i;
  }

  /**
   * The number of the class serving `size` (0 for the smallest), or
   * `classCount` for a size above the largest class. Throws `PARAM` for a
   * size that is not a positive integer.
   */
  classIndex(size: Size): number {
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.classIndex: size must be a positive integer, not ${String(size)}`);
    return this.classOf(size);
  }

  /** The block size of class `i`. Throws `PARAM` for a class that does not exist. */
  blockSize(i: number): Size {
    if (!isCount(i, this.classCount - 1)) paramError(`SAC.blockSize: no class ${String(i)}`);
    return this.sizes[i]!;
  }

  /** The number of free blocks class `i` holds now. Throws `PARAM` for a class that does not exist. */
  cachedCount(i: number): number {
    if (!isCount(i, this.classCount - 1)) paramError(`SAC.cachedCount: no class ${String(i)}`);
    return this.counts[i]!;
  }

  /** The bytes held in the cache (free to the client, allocated in the pool). */
  cachedSize(): Size {
    let s = 0;
    for (let i = 0; i < this.classCount; i++) s += this.counts[i]! * this.sizes[i]!;
    return s;
  }

  /**
   * `mps_sac_alloc`: a block of at least `size` bytes: a cached block of the
   * class serving `size`, else {@link SAC.fill}'s. Throws `PARAM` for a
   * destroyed cache or a size that is not a positive integer; whatever the
   * pool throws (`RESOURCE`, ...). This is the `hot` version; the `cool` and
   * `rash` versions replace it at load (docs/design/mpm.md `.check.cost`).
   */
  alloc(size: Size): Addr {
    if (this.sig !== SIG_SAC) this.checkLive("SAC.alloc");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.alloc: size must be a positive integer, not ${String(size)}`);
    const i = this.classOf(size);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c > 0) {
        this.counts[i] = c - 1;
        return this.stack[this.bases[i]! + c - 1]!;
      }
    }
    return this.fillClass(size, i);
  }

  /** `alloc` at `cool`: the `hot` checks, and the block is recorded as handed out. */
  protected allocCool(size: Size): Addr {
    this.checkLive("SAC.alloc");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.alloc: size must be a positive integer, not ${String(size)}`);
    const i = this.classOf(size);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c > 0) {
        this.counts[i] = c - 1;
        const p = this.stack[this.bases[i]! + c - 1]!;
        this.coolCached!.delete(p);
        this.coolLive!.set(p, i);
        return p;
      }
    }
    return this.fillClass(size, i);
  }

  /** `alloc` at `rash`: no checks. */
  protected allocRash(size: Size): Addr {
    const i = this.classOf(size);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c > 0) {
        this.counts[i] = c - 1;
        return this.stack[this.bases[i]! + c - 1]!;
      }
    }
    return this.fillClass(size, i);
  }

  /**
   * `mps_sac_free`: give back block `p`, allocated with a size of the same
   * class as `size`: onto the class's stack, else through {@link SAC.empty}.
   * Throws `PARAM` for a destroyed cache, a bad size or a misaligned
   * address; at `cool` also for an address outside the pool, a block in
   * the cache already, or one allocated through the cache in another class
   * (changing nothing). This is the `hot` version.
   */
  free(p: Addr, size: Size): void {
    if (this.sig !== SIG_SAC) this.checkLive("SAC.free");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.free: size must be a positive integer, not ${String(size)}`);
    if (!(p > 0 && p < 2 ** 32 && (p & (this.align - 1)) === 0)) paramError(`SAC.free: ${String(p)} is not an aligned address`);
    const i = this.classOf(size);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c < this.countMax[i]!) {
        this.stack[this.bases[i]! + c] = p;
        this.counts[i] = c + 1;
        return;
      }
    }
    this.emptyClass(p, size, i);
  }

  /** `free` at `cool`: the `hot` checks and those of `coolCheckFree`. */
  protected freeCool(p: Addr, size: Size): void {
    this.checkLive("SAC.free");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.free: size must be a positive integer, not ${String(size)}`);
    if (!(Number.isInteger(p) && p > 0 && p < 2 ** 32 && (p & (this.align - 1)) === 0)) paramError(`SAC.free: ${String(p)} is not an aligned address`);
    const i = this.classOf(size);
    this.coolCheckFree("SAC.free", p, i);
    this.coolLive!.delete(p);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c < this.countMax[i]!) {
        this.stack[this.bases[i]! + c] = p;
        this.counts[i] = c + 1;
        this.coolCached!.add(p);
        return;
      }
    }
    this.emptyClass(p, size, i);
  }

  /** `free` at `rash`: no checks. */
  protected freeRash(p: Addr, size: Size): void {
    const i = this.classOf(size);
    if (i < this.classCount) {
      const c = this.counts[i]!;
      if (c < this.countMax[i]!) {
        this.stack[this.bases[i]! + c] = p;
        this.counts[i] = c + 1;
        return;
      }
    }
    this.emptyClass(p, size, i);
  }

  /** At `cool`: refuse a block outside the pool, one in the cache, or one handed out in another class. */
  private coolCheckFree(what: string, p: Addr, i: number): void {
    if (!this.pool.hasAddr(p)) paramError(`${what}: ${addrHex(p)} is not in the cache's pool`);
    if (this.coolCached!.has(p)) paramError(`${what}: ${addrHex(p)} is in the cache already (a double free?)`);
    const was = this.coolLive!.get(p);
    if (was !== undefined && was !== i) {
      paramError(`${what}: ${addrHex(p)} was allocated in class ${was} but is freed with a size of class ${i}`);
    }
  }

  /**
   * `mps_sac_fill`: the slow path of {@link SAC.alloc}. Refill the class
   * serving `size` from the pool with a third of its `cachedCount` (as far
   * as it has room), and return one more block for the caller; a size above
   * the largest class is allocated from the pool at that size. If the pool
   * runs out part of the way, the blocks got so far are kept; if it gives
   * none, its error is thrown. Throws `PARAM` as `alloc` does.
   */
  fill(size: Size): Addr {
    this.checkLive("SAC.fill");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.fill: size must be a positive integer, not ${String(size)}`);
    return this.fillClass(size, this.classOf(size));
  }

  /** `SACFill` for class `i` (or the larger sizes, `i === classCount`). */
  private fillClass(size: Size, i: number): Addr {
    const pool = this.pool;
    if (i >= this.classCount) {
      const p = pool.alloc(alignUp(size, this.align));
      if (COOL) this.coolLive!.set(p, i);
      return p;
    }
    const blockSize = this.sizes[i]!;
    const max = this.countMax[i]!;
    const c0 = this.counts[i]!;
    const batch = Math.min(Math.floor(max / 3), max - c0);
    const base = this.bases[i]!;
    const p = pool.alloc(blockSize); // the caller's; an error here changes nothing
    let c = c0;
    try {
      for (let j = 0; j < batch; j++) {
        const q = pool.alloc(blockSize);
        this.stack[base + c] = q;
        c++;
        if (COOL) this.coolCached!.add(q);
      }
    } catch (e) {
      if (!(e instanceof MpsError) || e.code === "PARAM") throw e;
      // Out of memory part of the way: keep what we got.
    } finally {
      this.counts[i] = c;
    }
    if (COOL) this.coolLive!.set(p, i);
    return p;
  }

  /**
   * `mps_sac_empty`: the slow path of {@link SAC.free}. If the class serving
   * `size` is full, give two thirds of its blocks back to the pool, then
   * cache `p`; a class that caches nothing and the sizes above the largest
   * class free `p` to the pool straight away. Throws `PARAM` as `free` does.
   */
  empty(p: Addr, size: Size): void {
    this.checkLive("SAC.empty");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`SAC.empty: size must be a positive integer, not ${String(size)}`);
    if (!(Number.isInteger(p) && p > 0 && p < 2 ** 32 && (p & (this.align - 1)) === 0)) paramError(`SAC.empty: ${String(p)} is not an aligned address`);
    const i = this.classOf(size);
    if (COOL) {
      this.coolCheckFree("SAC.empty", p, i);
      this.coolLive!.delete(p);
    }
    this.emptyClass(p, size, i);
  }

  /** `SACEmpty` for class `i` (or the larger sizes, `i === classCount`). */
  private emptyClass(p: Addr, size: Size, i: number): void {
    if (i >= this.classCount) {
      this.pool.free(p, alignUp(size, this.align));
      return;
    }
    const max = this.countMax[i]!;
    if (max === 0) {
      this.pool.free(p, this.sizes[i]!);
      return;
    }
    const c = this.counts[i]!;
    if (c >= max) {
      const drain = Math.max(c - Math.floor(c / 3), 1);
      this.flushClass(i, drain);
    }
    this.stack[this.bases[i]! + this.counts[i]!] = p;
    this.counts[i]! += 1;
    if (COOL) this.coolCached!.add(p);
  }

  /** Give the `k` most recently cached blocks of class `i` back to the pool. */
  private flushClass(i: number, k: number): void {
    const blockSize = this.sizes[i]!;
    const base = this.bases[i]!;
    let c = this.counts[i]!;
    const stop = c - k;
    try {
      while (c > stop) {
        const q = this.stack[base + c - 1]!;
        this.pool.free(q, blockSize);
        c--;
        if (COOL) this.coolCached!.delete(q);
      }
    } finally {
      this.counts[i] = c;
    }
  }

  /**
   * `mps_sac_flush`: give every cached block back to the pool. The cache
   * stays usable. Throws `PARAM` for a destroyed cache.
   */
  flush(): void {
    this.checkLive("SAC.flush");
    for (let i = 0; i < this.classCount; i++) this.flushClass(i, this.counts[i]!);
  }

  /**
   * `mps_sac_destroy`: flush, then make the cache unusable (every method
   * then throws `PARAM`). Blocks the client still holds stay allocated in
   * the pool. Throws `PARAM` for a destroyed cache.
   */
  destroy(): void {
    this.checkLive("SAC.destroy");
    this.flush();
    this.sig = SIG_INVALID;
    this.coolLive?.clear();
    this.coolCached?.clear();
  }

  /** `SACCheck`: the classes ascend, the counts are in range, and at `cool` the cached blocks are distinct blocks of the pool. */
  check(): boolean {
    checkL(this.sig === SIG_SAC, "SAC: signature");
    checkL(this.pool.sig === SIG_POOL, "SAC: the pool is live");
    checkL(this.classCount > 0 && this.classCount <= SAC_CLASS_LIMIT, "SAC: classCount is in range");
    checkL(this.middleIndex < this.classCount, "SAC: the middle is a class");
    let prev = SAC_MIN_BLOCK_SIZE - 1;
    for (let i = 0; i < this.classCount; i++) {
      checkL(this.sizes[i]! > prev && this.sizes[i]! % this.align === 0, "SAC: class sizes ascend and are aligned");
      checkL(this.counts[i]! <= this.countMax[i]!, "SAC: a class holds at most cachedCount blocks");
      prev = this.sizes[i]!;
    }
    if (COOL) {
      let total = 0;
      for (let i = 0; i < this.classCount; i++) {
        for (let j = 0; j < this.counts[i]!; j++) {
          const q = this.stack[this.bases[i]! + j]!;
          checkL(this.coolCached!.has(q) && this.pool.hasAddr(q), "SAC: a cached block is a block of the pool");
        }
        total += this.counts[i]!;
      }
      checkL(total === this.coolCached!.size, "SAC: the cached blocks are distinct");
    }
    return true;
  }

  /** `SACDescribe`: the pool, the middle, and each class's size and counts. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `SAC ${this.sig === SIG_SAC ? "live" : "destroyed"} on pool ${this.pool.serial} (${this.pool.className}), middle class ${this.middleIndex}`);
    for (let i = 0; i < this.classCount; i++) {
      describeLine(stream, depth + 2, `class ${i}: blockSize ${this.sizes[i]}, cached ${this.counts[i]} of ${this.countMax[i]}`);
    }
  }
}

// Install the versions of the critical-path methods written for the checking
// level in force (docs/design/mpm.md `.check.cost`).
{
  const proto = SAC.prototype as unknown as Record<string, unknown>;
  proto["alloc"] = byCheckLevel(proto["allocCool"], proto["alloc"], proto["allocRash"]);
  proto["free"] = byCheckLevel(proto["freeCool"], proto["free"], proto["freeRash"]);
}
