/**
 * The MFS (Manual Fixed Small) pool class (design.mps.poolmfs): blocks of
 * one size, carved from extents the pool takes from the arena, with the free
 * list threaded through the free blocks themselves (the first word of a free
 * unit holds the address of the next free unit; 0 ends the list).
 * See docs/design/pool-mfs.md.
 * .critical: allocMethod, freeMethod (alloc/free pairs are the pool's whole job).
 */

import {
  type Addr, type Size, type WriteStream, COOL, WORD_SIZE, addrHex, alignUp, byCheckLevel, checkL, defineSig, describeLine, paramError,
} from "@mps/mpm";
import { type Arena, LocusPref, Pool, type PoolOpts, definePoolAttrs } from "@mps/arena";
import { EVENT_KIND_OBJECT, type Telemetry, eventPoolAlloc, eventPoolFree } from "@mps/telemetry";
import type { MemoryViews } from "@mps/vm";

// The event kind bit as a module constant: V8 reads an imported binding
// through its cell on every use in the fast paths, a local constant not.
const OBJECT_EVENTS: number = EVENT_KIND_OBJECT;

/**
 * The signature of a live MFS pool's class part.
 * @public
 */
export const SIG_MFS = defineSig("MFS", 0x5193f599);

/**
 * The default extent size (`MPS_KEY_EXTEND_BY`), 64 KiB as in the MPS.
 * @public
 */
export const MFS_EXTEND_BY_DEFAULT = 65536;

/**
 * Options of an MFS pool (`mps_pool_create_k` with `mps_class_mfs()`).
 * @public
 */
export interface MFSOpts extends PoolOpts {
  /**
   * `MPS_KEY_MFS_UNIT_SIZE`: the size of every block, in bytes. Required; MUST
   * be an integer of at least one word (4 bytes). Rounded up to the pool's alignment.
   */
  mfsUnitSize: Size;
  /**
   * `MPS_KEY_EXTEND_BY`: the size of the extents the pool takes from the
   * arena, in bytes; rounded up to the arena grain, and to at least one unit.
   * @defaultValue 65536
   */
  extendBy?: Size;
}

/** One extent taken from the arena. */
interface Extent {
  base: Addr;
  limit: Addr;
  /** At `cool`: one bit per unit, set while the unit is allocated (to catch double and wild frees). */
  allocated: Uint32Array | null;
}

/**
 * The MFS pool class (`mps_class_mfs()`): manual allocation of fixed-size
 * blocks with `alloc` and `free`; no allocation points, no formats, no
 * garbage collection (the MPS's MFS properties).
 *
 * @remarks
 * Allocation pops the free list and freeing pushes onto it, so both are O(1)
 * and allocate no JS objects; an empty list takes a new extent from the
 * arena. Memory is not returned to the arena until the pool is destroyed (as
 * in the MPS). At every checking level but `rash`, `free` refuses an address
 * outside the pool, a misaligned one, or a size other than the unit size
 * (`PARAM`); at `cool` it also refuses an address inside a unit and a unit
 * that is not allocated (a double free), keeping a bit per unit for that.
 * @public
 */
export class MFSPool extends Pool {
  /** The class's name. */
  static readonly className: string = "MFS";
  /** MFS supports alloc and free only. */
  static readonly attrs = definePoolAttrs({ alloc: true, free: true });

  /** {@link SIG_MFS} while live (the Pool's own `sig` is the pool signature). */
  mfsSig = 0;
  /** The unit size asked for (`MPS_KEY_MFS_UNIT_SIZE`). */
  readonly unroundedUnitSize: Size;
  /** The unit size, rounded up to the alignment. */
  readonly unitSize: Size;
  /** Bytes per extent. */
  readonly extendBy: Size;
  /** Units per extent. */
  readonly unitsPerExtent: number;
  /** The first free unit, or 0. */
  private freeList: Addr = 0;
  /** Free units on the list. */
  // No count of free units: keeping one cost the fast paths a field update
  // each, and only the free-size query needs it, which walks the list (`.free-size`).
  /** Extents taken from the arena, in the order taken. */
  private readonly extents: Extent[] = [];
  /** Extents sorted by base, for finding the extent of an address. */
  private sorted: Extent[] = [];
  private readonly pref = new LocusPref();
  /** The arena's memory views (one object for the arena's life; its views are refreshed if the memory grows). */
  private readonly mem: MemoryViews;
  /** The arena's telemetry, for the event tests of the fast paths. */
  private readonly tel: Telemetry;
  /** The newest extent's range: `freeFast` accepts an address in it without the page table (`.fast.extent`). */
  private hotBase: Addr = 0;
  private hotLimit: Addr = 0;

  /** `MFSInit`. Throws `PARAM` on a bad option. */
  constructor(arena: Arena, opts: MFSOpts) {
    super(arena, opts);
    try {
      const unit = (opts as Partial<MFSOpts>).mfsUnitSize;
      if (typeof unit !== "number" || !Number.isInteger(unit) || unit < WORD_SIZE) {
        paramError(`MFS: mfsUnitSize must be an integer of at least ${WORD_SIZE} bytes, not ${String(unit)}`);
      }
      const extendBy = opts.extendBy ?? MFS_EXTEND_BY_DEFAULT;
      if (typeof extendBy !== "number" || !Number.isInteger(extendBy) || extendBy <= 0 || extendBy > 2 ** 31) {
        paramError(`MFS: extendBy must be a positive integer up to 2^31, not ${String(extendBy)}`);
      }
      this.unroundedUnitSize = unit;
      this.unitSize = alignUp(unit, this.alignment);
      this.extendBy = alignUp(Math.max(extendBy, this.unitSize), arena.grainSize);
      this.unitsPerExtent = Math.floor(this.extendBy / this.unitSize);
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.mem = arena.mem;
    this.tel = arena.telemetry;
    this.mfsSig = SIG_MFS;
  }

  /** Take an extent from the arena and put its units on the free list, lowest first. */
  private extend(): void {
    const base = this.arena.alloc(this.pref, this.extendBy, this);
    const unit = this.unitSize;
    const n = this.unitsPerExtent;
    const u32 = this.arena.mem.u32;
    // Thread the units so that the lowest is allocated first: unit i links to unit i+1.
    let p = base;
    for (let i = 0; i < n - 1; i++) {
      u32[p >>> 2] = p + unit;
      p += unit;
    }
    u32[p >>> 2] = this.freeList;
    this.freeList = base;
    const ext: Extent = { base, limit: base + this.extendBy, allocated: COOL ? new Uint32Array((n + 31) >>> 5) : null };
    this.hotBase = base;
    this.hotLimit = base + this.extendBy;
    this.extents.push(ext);
    this.sorted = [...this.extents].sort((a, b) => a.base - b.base);
  }

  /** The extent holding `p`, by binary search, or undefined. */
  private extentOf(p: Addr): Extent | undefined {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = s[mid]!;
      if (p < e.base) hi = mid;
      else if (p >= e.limit) lo = mid + 1;
      else return e;
    }
    return undefined;
  }

  /**
   * `MFSAlloc`: pop a unit. Throws `PARAM` for a size other than the unit size.
   * This is the `hot` version; `allocCoolMethod` and `allocRashMethod` replace
   * it at load at those levels (docs/design/mpm.md `.check.cost`).
   */
  protected override allocMethod(size: Size): Addr {
    if (size !== this.unroundedUnitSize && size !== this.unitSize) {
      paramError(`MFS.alloc: this pool's blocks are ${this.unroundedUnitSize} bytes, not ${size}`);
    }
    if (this.freeList === 0) this.extend();
    const p = this.freeList;
    this.freeList = this.arena.mem.u32[p >>> 2]!;
    return p;
  }

  /** `allocMethod` at `cool`: also marks the unit allocated, catching a corrupt free list. */
  protected allocCoolMethod(size: Size): Addr {
    if (size !== this.unroundedUnitSize && size !== this.unitSize) {
      paramError(`MFS.alloc: this pool's blocks are ${this.unroundedUnitSize} bytes, not ${size}`);
    }
    if (this.freeList === 0) this.extend();
    const p = this.freeList;
    this.freeList = this.arena.mem.u32[p >>> 2]!;
    this.markAllocated(p, true);
    return p;
  }

  /** `allocMethod` at `rash`: no checks. */
  protected allocRashMethod(_size: Size): Addr {
    if (this.freeList === 0) this.extend();
    const p = this.freeList;
    this.freeList = this.arena.mem.u32[p >>> 2]!;
    return p;
  }

  /**
   * `MFSFree`: push a unit. The `hot` version has the cheap checks (the
   * generic free has already found `p` in this pool through the page table);
   * `freeCoolMethod` adds the extent search and the allocation bits, which
   * catch interior pointers and double frees.
   */
  protected override freeMethod(p: Addr, size: Size): void {
    if (size !== this.unroundedUnitSize && size !== this.unitSize) {
      paramError(`MFS.free: this pool's blocks are ${this.unroundedUnitSize} bytes, not ${size}`);
    }
    if ((p & (this.alignment - 1)) !== 0) paramError(`MFS.free: ${addrHex(p)} is not aligned to ${this.alignment}`);
    this.arena.mem.u32[p >>> 2] = this.freeList;
    this.freeList = p;
  }

  /** `freeMethod` at `cool`. */
  protected freeCoolMethod(p: Addr, size: Size): void {
    if (size !== this.unroundedUnitSize && size !== this.unitSize) {
      paramError(`MFS.free: this pool's blocks are ${this.unroundedUnitSize} bytes, not ${size}`);
    }
    if ((p & (this.alignment - 1)) !== 0) paramError(`MFS.free: ${addrHex(p)} is not aligned to ${this.alignment}`);
    const ext = this.extentOf(p);
    if (ext === undefined || (p - ext.base) % this.unitSize !== 0 || p + this.unitSize > ext.limit) {
      paramError(`MFS.free: ${addrHex(p)} is not the start of a block of this pool`);
    }
    this.markAllocated(p, false);
    this.arena.mem.u32[p >>> 2] = this.freeList;
    this.freeList = p;
  }

  /** `freeMethod` at `rash`: no checks. */
  protected freeRashMethod(p: Addr, _size: Size): void {
    this.arena.mem.u32[p >>> 2] = this.freeList;
    this.freeList = p;
  }

  /** At `cool`: flip a unit's allocated bit, refusing a double allocation or a double free. */
  private markAllocated(p: Addr, allocated: boolean): void {
    const ext = this.extentOf(p)!;
    const bits = ext.allocated;
    if (bits === null) return; // an extent made before the level mattered cannot happen; defensive
    const i = (p - ext.base) / this.unitSize;
    const w = i >>> 5;
    const m = 1 << (i & 31);
    const was = (bits[w]! & m) !== 0;
    if (was === allocated) {
      paramError(allocated ? `MFS.alloc: the free list is corrupt at ${addrHex(p)} (the unit is allocated)` : `MFS.free: ${addrHex(p)} is not allocated (a double free?)`);
    }
    bits[w] = allocated ? bits[w]! | m : bits[w]! & ~m;
  }

  /**
   * `mps_alloc` on an MFS pool at `hot`: the generic `Pool.alloc` with the
   * class method folded in, so that the common case is one short function
   * (docs/design/pool-mfs.md `.fast`). Anything unusual (a destroyed pool, a
   * wrong size, an empty free list) takes the generic path, which reports it.
   */
  protected allocFast(size: Size): Addr {
    // No signature test: a destroyed pool's free list is empty, so it takes
    // the generic path, which reports the use after destroy.
    const p = this.freeList;
    if (p === 0 || (size !== this.unitSize && size !== this.unroundedUnitSize)) return this.allocGeneric(size);
    this.freeList = this.mem.u32[p >>> 2]!;
    const tel = this.tel;
    if ((tel.control & OBJECT_EVENTS) !== 0) eventPoolAlloc(tel, this.telId, p, size);
    return p;
  }

  /**
   * `mps_free` on an MFS pool at `hot`: the generic `Pool.free` with the
   * class method folded in. The page table still confirms that `p` is in
   * this pool; anything unusual takes the generic path, which reports it.
   */
  protected freeFast(p: Addr, size: Size): void {
    // An address in the newest extent is this pool's without asking the page
    // table; any other goes the generic way, which asks it. No signature
    // test: a destroyed pool has no extents, so it goes the generic way too,
    // which reports the use after destroy. `(p >>> 0) !== p` refuses what is
    // not an address (a fraction would pass the range and alignment tests).
    if ((size !== this.unitSize && size !== this.unroundedUnitSize) || (p & (this.alignment - 1)) !== 0 || (p >>> 0) !== p || p < this.hotBase || p >= this.hotLimit) {
      this.freeGeneric(p, size);
      return;
    }
    this.mem.u32[p >>> 2] = this.freeList;
    this.freeList = p;
    const tel = this.tel;
    if ((tel.control & OBJECT_EVENTS) !== 0) eventPoolFree(tel, this.telId, p, size);
  }

  /** The generic `Pool.alloc` of the level in force (the slow path of `allocFast`). */
  private allocGeneric(size: Size): Addr {
    return super.alloc(size);
  }

  /** The generic `Pool.free` of the level in force (the slow path of `freeFast`). */
  private freeGeneric(p: Addr, size: Size): void {
    super.free(p, size);
  }

  /** Bytes the pool holds from the arena. */
  protected override totalSizeMethod(): Size {
    return this.extents.length * this.extendBy;
  }

  /** The number of units on the free list (a walk, bounded by the units there are). */
  private countFree(): number {
    const u32 = this.mem.u32;
    const limit = this.extents.length * this.unitsPerExtent;
    let n = 0;
    for (let p = this.freeList; p !== 0 && n <= limit; p = u32[p >>> 2]!) n++;
    return n;
  }

  /** Bytes in free units (`.free-size`: a walk of the free list). */
  protected override freeSizeMethod(): Size {
    return this.countFree() * this.unitSize;
  }

  /** Give the extents back (the arena frees any grains still held after this). */
  protected override finishMethod(): void {
    for (const e of this.extents) this.arena.free(e.base, e.limit - e.base, this);
    this.extents.length = 0;
    this.sorted = [];
    this.hotBase = 0;
    this.hotLimit = 0;
    this.freeList = 0;
    this.mfsSig = 0;
  }

  /** `MFSCheck`. At `cool`, walks the free list and checks it against the extents and the count. */
  protected override checkMethod(): boolean {
    checkL(this.mfsSig === SIG_MFS, "MFS: signature");
    checkL(this.unitSize >= WORD_SIZE && this.unitSize % this.alignment === 0, "MFS: unitSize is aligned and at least a word");
    checkL(this.unitSize >= this.unroundedUnitSize, "MFS: unitSize rounds up the requested size");
    checkL(this.extendBy % this.arena.grainSize === 0 && this.extendBy >= this.unitSize, "MFS: extendBy is whole grains and holds a unit");
    if (COOL) {
      const u32 = this.arena.mem.u32;
      const limit = this.extents.length * this.unitsPerExtent;
      let n = 0;
      for (let p = this.freeList; p !== 0; p = u32[p >>> 2]!) {
        const ext = this.extentOf(p);
        checkL(ext !== undefined && (p - ext.base) % this.unitSize === 0, "MFS: free list entries are units of the pool");
        checkL(++n <= limit, "MFS: the free list is no longer than the units (no cycle)");
      }
    }
    return true;
  }

  /** `MFSDescribe`. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `MFS unitSize ${this.unitSize} (asked ${this.unroundedUnitSize}), extendBy ${this.extendBy}, ${this.unitsPerExtent} units per extent`);
    describeLine(stream, depth, `extents ${this.extents.length}, free units ${this.countFree()}, free list head ${addrHex(this.freeList)}`);
    for (const e of this.extents) describeLine(stream, depth + 2, `extent [${addrHex(e.base)}, ${addrHex(e.limit)})`);
  }
}

// Install the versions of the critical-path methods written for the checking
// level in force (docs/design/mpm.md `.check.cost`).
{
  const proto = MFSPool.prototype as unknown as Record<string, unknown>;
  proto["allocMethod"] = byCheckLevel(proto["allocCoolMethod"], proto["allocMethod"], proto["allocRashMethod"]);
  proto["freeMethod"] = byCheckLevel(proto["freeCoolMethod"], proto["freeMethod"], proto["freeRashMethod"]);
  // At `hot` the whole of alloc and free is one short function each; `cool`
  // and `rash` keep the generic versions (with the class methods above).
  const base = Pool.prototype as unknown as Record<string, unknown>;
  proto["alloc"] = byCheckLevel(base["alloc"], proto["allocFast"], base["alloc"]);
  proto["free"] = byCheckLevel(base["free"], proto["freeFast"], base["free"]);
}
