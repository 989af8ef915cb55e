/**
 * The MVFF (Manual Variable First Fit) pool class (design.mps.poolmvff):
 * variable-size manual allocation from a land of free ranges, with
 * first-fit or last-fit placement, allocation points, and a spare fraction
 * above which whole grains go back to the arena. See docs/design/pool-mvff.md.
 * .critical: allocMethod, freeMethod (and their level variants), reduce.
 */

import {
  type Addr, type Size, type WriteStream, COOL, addrHex, alignDown, alignUp, byCheckLevel, checkL, defineSig, describeLine, isAllocFailure, paramError,
} from "@mps/mpm";
import { FREELIST_MIN_ALIGN, Failover, FindDelete, Freelist, Range } from "@mps/land";
import { CBSBlockStore, CBSFast } from "@mps/cbs";
import { type Arena, Buffer, type BufferClass, LocusPref, LocusPrefKind, Pool, type PoolOpts, definePoolAttrs } from "@mps/arena";

/**
 * The signature of a live MVFF pool's class part.
 * @public
 */
export const SIG_MVFF = defineSig("MVFF", 0x5193ff99);

/**
 * The defaults of the MVFF options, as in the MPS's config.h.
 * @public
 */
export const MVFF_DEFAULTS = Object.freeze({
  /** `MPS_KEY_EXTEND_BY`: 64 KiB. */
  extendBy: 65536,
  /** `MPS_KEY_MEAN_SIZE`: 32 bytes. */
  meanSize: 32,
  /** `MPS_KEY_SPARE`: 0.75. */
  spare: 0.75,
  /** `MPS_KEY_MVFF_ARENA_HIGH`: false. */
  mvffArenaHigh: false,
  /** `MPS_KEY_MVFF_SLOT_HIGH`: false. */
  mvffSlotHigh: false,
  /** `MPS_KEY_MVFF_FIRST_FIT`: true. */
  mvffFirstFit: true,
} as const);

/**
 * Options of an MVFF pool (`mps_pool_create_k` with `mps_class_mvff()`).
 * `align` (from `PoolOpts`) must be a multiple of 4 (the Freelist's
 * minimum) and at most the arena grain; it defaults to 8.
 * @public
 */
export interface MVFFOpts extends PoolOpts {
  /**
   * `MPS_KEY_EXTEND_BY`: the least number of bytes the pool asks the arena
   * for when it has no free block big enough; rounded up to whole grains.
   * @defaultValue 65536
   */
  extendBy?: Size;
  /**
   * `MPS_KEY_MEAN_SIZE`: the expected mean block size, a hint; MUST be
   * positive and at most `extendBy`.
   * @defaultValue 32
   */
  meanSize?: Size;
  /**
   * `MPS_KEY_SPARE`: the fraction (0 to 1) of the pool's memory that may be
   * free before whole free grains are returned to the arena.
   * @defaultValue 0.75
   */
  spare?: number;
  /** `MPS_KEY_MVFF_ARENA_HIGH`: ask the arena for high addresses. @defaultValue false */
  mvffArenaHigh?: boolean;
  /** `MPS_KEY_MVFF_SLOT_HIGH`: take a block from the high end of the free range found. @defaultValue false */
  mvffSlotHigh?: boolean;
  /** `MPS_KEY_MVFF_FIRST_FIT`: take the first (lowest) free range that fits, else the last. @defaultValue true */
  mvffFirstFit?: boolean;
}

function checkBool(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") paramError(`MVFF: ${name} must be a boolean, not ${String(v)}`);
  return v;
}

/**
 * The MVFF pool class (`mps_class_mvff()`): manual allocation of blocks of
 * any size with `alloc` and `free` or through allocation points; no
 * formats, no garbage collection.
 *
 * @remarks
 * Free memory is kept in a Failover land: a CBSFast (whose blocks come from
 * {@link MVFFPool.blockStore}) and, when that cannot get a block, a
 * Freelist threaded through the free memory itself, so that freeing never
 * fails. The grains the pool holds are kept in a second CBSFast (the total
 * land). `alloc` takes the first or last free range big enough (by
 * `mvffFirstFit`) and cuts the block from its low or high end (by
 * `mvffSlotHigh`); when none is big enough the pool asks the arena for at
 * least `extendBy` bytes. `free` inserts the block into the free land, and
 * if the free memory then exceeds `spare` of the total, returns whole grains
 * from the largest free range to the arena until it is below half that.
 * An allocation point is filled with the whole of the largest free range,
 * and returns its unused part when emptied.
 *
 * `free` refuses (PARAM, nothing changed) a misaligned address, a block
 * that is not wholly inside the pool's grains, one that overlaps free memory
 * (a double free) and one that overlaps the unused part of a region
 * attached to an allocation point. Like the MPS, it cannot tell a block
 * freed with a smaller size than it was allocated with: the rest of the
 * block then stays allocated until the pool is destroyed.
 * @public
 */
export class MVFFPool extends Pool {
  /** The class's name. */
  static readonly className: string = "MVFF";
  /** MVFF supports alloc, free and allocation points. */
  static readonly attrs = definePoolAttrs({ alloc: true, free: true, buffer: true });

  /** {@link SIG_MVFF} while live (the Pool's own `sig` is the pool signature). */
  mvffSig = 0;
  /** Bytes asked of the arena at least, whole grains. */
  readonly extendBy: Size;
  /** The mean block size hint. */
  readonly meanSize: Size;
  /** The spare fraction. */
  readonly spare: number;
  /** Whether blocks are cut from the high end of a free range. */
  readonly slotHigh: boolean;
  /** Whether the first (else the last) fitting free range is used. */
  readonly firstFit: boolean;
  /** Whether the pool asks the arena for high addresses. */
  readonly arenaHigh: boolean;
  /**
   * The store of the free land's CBS blocks. Lowering its `limit` simulates
   * the MPS's block pool running out (the free land then fails over to its
   * Freelist).
   */
  readonly blockStore: CBSBlockStore;
  /** The grains the pool holds from the arena. */
  private readonly totalLand: CBSFast;
  private readonly freePrimary: CBSFast;
  private readonly freeSecondary: Freelist;
  /** The free ranges. */
  private readonly freeLand: Failover;
  private readonly pref = new LocusPref();
  /** Bytes in the total land (kept here so that reduce need not ask the lands). */
  private totalBytes = 0;
  /** Bytes in the free land. */
  private freeBytes = 0;
  // Scratch ranges: the hot paths allocate nothing.
  private readonly r1 = new Range();
  private readonly r2 = new Range();
  private readonly r3 = new Range();

  /** `MVFFInit`. Throws `PARAM` on a bad option. */
  constructor(arena: Arena, opts: MVFFOpts) {
    super(arena, opts);
    try {
      const extendBy = opts.extendBy ?? MVFF_DEFAULTS.extendBy;
      if (typeof extendBy !== "number" || !Number.isInteger(extendBy) || extendBy <= 0 || extendBy > 2 ** 31) {
        paramError(`MVFF: extendBy must be a positive integer up to 2^31, not ${String(extendBy)}`);
      }
      const meanSize = opts.meanSize ?? MVFF_DEFAULTS.meanSize;
      if (typeof meanSize !== "number" || !Number.isInteger(meanSize) || meanSize <= 0 || meanSize > extendBy) {
        paramError(`MVFF: meanSize must be a positive integer up to extendBy ${extendBy}, not ${String(meanSize)}`);
      }
      const spare = opts.spare ?? MVFF_DEFAULTS.spare;
      if (typeof spare !== "number" || !(spare >= 0 && spare <= 1)) paramError(`MVFF: spare must be a number from 0 to 1, not ${String(spare)}`);
      if (this.alignment % FREELIST_MIN_ALIGN !== 0) paramError(`MVFF: align must be a multiple of ${FREELIST_MIN_ALIGN}, not ${this.alignment}`);
      this.slotHigh = checkBool("mvffSlotHigh", opts.mvffSlotHigh ?? MVFF_DEFAULTS.mvffSlotHigh);
      this.arenaHigh = checkBool("mvffArenaHigh", opts.mvffArenaHigh ?? MVFF_DEFAULTS.mvffArenaHigh);
      this.firstFit = checkBool("mvffFirstFit", opts.mvffFirstFit ?? MVFF_DEFAULTS.mvffFirstFit);
      this.extendBy = alignUp(extendBy, arena.grainSize);
      this.meanSize = meanSize;
      this.spare = spare;
      this.pref.express(this.arenaHigh ? LocusPrefKind.HIGH : LocusPrefKind.LOW);
      const align = this.alignment;
      this.blockStore = new CBSBlockStore();
      this.totalLand = new CBSFast({ alignment: arena.grainSize, owner: "MVFF total land", blockPool: new CBSBlockStore() });
      this.freePrimary = new CBSFast({ alignment: align, owner: "MVFF free primary", blockPool: this.blockStore });
      this.freeSecondary = new Freelist(arena.mem, { alignment: align, owner: "MVFF free secondary" });
      this.freeLand = new Failover(this.freePrimary, this.freeSecondary, { alignment: align, owner: "MVFF free land" });
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.mvffSig = SIG_MVFF;
  }

  /**
   * `MVFFExtend`: take at least `size` bytes (at least `extendBy`, else just
   * enough) from the arena and add them to the free land. Throws what the
   * arena throws when it has no memory (the pool unchanged).
   */
  private extend(size: Size): void {
    const grain = this.arena.grainSize;
    let allocSize = alignUp(size <= this.extendBy ? this.extendBy : size, grain);
    let base: Addr;
    try {
      base = this.arena.alloc(this.pref, allocSize, this);
    } catch (e) {
      if (!isAllocFailure(e) || allocSize === alignUp(size, grain)) throw e;
      // .design.seg-fail: try again with just enough for the request.
      allocSize = alignUp(size, grain);
      base = this.arena.alloc(this.pref, allocSize, this);
    }
    try {
      this.totalLand.insert(this.r3, base, base + allocSize);
    } catch (e) {
      this.arena.free(base, allocSize, this);
      throw e;
    }
    this.freeLand.insert(this.r3, base, base + allocSize);
    this.totalBytes += allocSize;
    this.freeBytes += allocSize;
  }

  /** Find a free block of `size` bytes (aligned) by the pool's policy and delete it into `this.r1`; false if none. */
  private findFree(size: Size): boolean {
    const fd = this.slotHigh ? FindDelete.HIGH : FindDelete.LOW;
    return this.firstFit ? this.freeLand.findFirst(this.r1, this.r2, size, fd) : this.freeLand.findLast(this.r1, this.r2, size, fd);
  }

  /**
   * `MVFFAlloc`: find a free block by the policy, extending the pool if
   * none fits. Throws `RESOURCE` (or what the arena throws) when out of memory.
   */
  protected override allocMethod(size: Size): Addr {
    const sz = alignUp(size, this.alignment);
    if (!this.findFree(sz)) {
      this.extend(sz);
      if (!this.findFree(sz)) paramError("MVFF.alloc: extending the pool found no block (cannot happen)");
    }
    this.freeBytes -= sz;
    return this.r1.base;
  }

  /**
   * `MVFFFree` at `hot`: check the block, insert it into the free land (which
   * refuses overlap with free memory), then return spare grains.
   */
  protected override freeMethod(p: Addr, size: Size): void {
    const limit = p + alignUp(size, this.alignment);
    this.checkFree(p, limit);
    this.freeLand.insert(this.r3, p, limit);
    this.freeBytes += limit - p;
    this.reduce();
  }

  /** `freeMethod` at `cool`: the `hot` checks, then a check of the lands afterwards. */
  protected freeCoolMethod(p: Addr, size: Size): void {
    const limit = p + alignUp(size, this.alignment);
    this.checkFree(p, limit);
    this.freeLand.insert(this.r3, p, limit);
    this.freeBytes += limit - p;
    this.reduce();
    checkL(this.freeBytes === this.freeLand.size() && this.freeBytes <= this.totalBytes, "MVFF: the free count is the free land's size");
  }

  /** `freeMethod` at `rash`: no checks. */
  protected freeRashMethod(p: Addr, size: Size): void {
    const sz = alignUp(size, this.alignment);
    this.freeLand.insert(this.r3, p, p + sz);
    this.freeBytes += sz;
    this.reduce();
  }

  /**
   * Refuse (`PARAM`) a block [p, limit) that is misaligned, not wholly in
   * the pool's grains, or overlaps the unused part [init, limit) of a region
   * attached to an allocation point (objects committed there may be freed).
   * Overlap with free memory is refused by the land's insert.
   */
  private checkFree(p: Addr, limit: Addr): void {
    if ((p & (this.alignment - 1)) !== 0) paramError(`MVFF.free: ${addrHex(p)} is not aligned to ${this.alignment}`);
    const arena = this.arena;
    const grain = arena.grainSize;
    // Every grain of the block must be the pool's (the generic free checked the first).
    for (let g = alignDown(p, grain) + grain; g < limit; g += grain) {
      if (arena.poolIdOfAddr(g) !== this.id) paramError(`MVFF.free: [${addrHex(p)}, ${addrHex(limit)}) is not wholly in this pool`);
    }
    const ring = this.bufferRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const b = n.owner as Buffer;
      if (!b.isReset() && p < b.poolLimit && b.ap.init < limit) {
        paramError(`MVFF.free: [${addrHex(p)}, ${addrHex(limit)}) overlaps the unused region of an allocation point`);
      }
    }
  }

  /**
   * `MVFFReduce`: if the free memory is at least `spare` of the total,
   * return whole grains from the largest free ranges (their high ends) to
   * the arena until it is down to half that.
   */
  private reduce(): void {
    const freeLimit = this.totalBytes * this.spare;
    let freeSize = this.freeBytes;
    if (freeSize < freeLimit) return;
    const freeLand = this.freeLand;
    const grain = this.arena.grainSize;
    const target = freeLimit / 2;
    const r = this.r1;
    while (freeSize > target && freeLand.findLargest(r, this.r2, grain, FindDelete.NONE)) {
      const base = alignUp(r.base, grain);
      const limit = alignDown(r.limit, grain);
      if (base >= limit) break;
      let size = limit - base;
      if (size > freeSize - target) size = alignUp(freeSize - target, grain);
      const gBase = limit - size;
      try {
        freeLand.delete(this.r3, gBase, limit);
      } catch (e) {
        if (isAllocFailure(e)) break;
        throw e;
      }
      try {
        this.totalLand.delete(this.r3, gBase, limit);
      } catch (e) {
        freeLand.insert(this.r3, gBase, limit);
        if (isAllocFailure(e)) break;
        throw e;
      }
      freeSize -= size;
      this.freeBytes = freeSize;
      this.totalBytes -= size;
      this.arena.free(gBase, size, this);
    }
  }

  /** MVFF's allocation points use the plain buffer class. */
  protected override bufferClassMethod(): BufferClass {
    return Buffer;
  }

  /** `MVFFBufferFill`: the whole of the largest free range, if it holds `size` bytes; else extend first. */
  protected override bufferFillMethod(rangeReturn: Range, _buffer: Buffer, size: Size): void {
    if (!this.freeLand.findLargest(rangeReturn, this.r2, size, FindDelete.ENTIRE)) {
      this.extend(size);
      if (!this.freeLand.findLargest(rangeReturn, this.r2, size, FindDelete.ENTIRE)) paramError("MVFF.bufferFill: extending the pool found no block (cannot happen)");
    }
    this.freeBytes -= rangeReturn.limit - rangeReturn.base;
  }

  /** `MVFFBufferEmpty`: the unused part [init, poolLimit) goes back to the free land. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const init = buffer.ap.init;
    const limit = buffer.poolLimit;
    if (init < limit) {
      this.freeLand.insert(this.r3, init, limit);
      this.freeBytes += limit - init;
      this.reduce();
    }
  }

  /** Bytes the pool holds from the arena. */
  protected override totalSizeMethod(): Size {
    return this.totalBytes;
  }

  /** Bytes in free ranges (not counting the unused parts of attached allocation points). */
  protected override freeSizeMethod(): Size {
    return this.freeBytes;
  }

  /** `MVFFFinish`: give the grains back and finish the lands. */
  protected override finishMethod(): void {
    const spans: Array<[Addr, Addr]> = [];
    this.totalLand.iterate((base, limit) => {
      spans.push([base, limit]);
      return true;
    });
    this.freeLand.finish();
    this.freeSecondary.finish();
    this.freePrimary.finish();
    this.totalLand.finish();
    for (const [base, limit] of spans) this.arena.free(base, limit - base, this);
    this.totalBytes = 0;
    this.freeBytes = 0;
    this.mvffSig = 0;
  }

  /** `MVFFCheck`. At `cool`, also checks the lands. */
  protected override checkMethod(): boolean {
    checkL(this.mvffSig === SIG_MVFF, "MVFF: signature");
    checkL(this.extendBy > 0 && this.extendBy % this.arena.grainSize === 0, "MVFF: extendBy is whole grains");
    checkL(this.meanSize > 0, "MVFF: meanSize is positive");
    checkL(this.spare >= 0 && this.spare <= 1, "MVFF: spare is a fraction");
    checkL(this.freeBytes <= this.totalBytes, "MVFF: free memory is within the pool's memory");
    checkL(this.totalBytes === this.totalLand.size() && this.freeBytes === this.freeLand.size(), "MVFF: the byte counts are the lands' sizes");
    checkL(this.totalLand.size() === this.grainsHeld * this.arena.grainSize, "MVFF: the total land holds the pool's grains");
    if (COOL) {
      this.totalLand.check();
      this.freeLand.check();
    }
    return true;
  }

  /** `MVFFDescribe`. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `MVFF extendBy ${this.extendBy} meanSize ${this.meanSize} spare ${this.spare} firstFit ${this.firstFit} slotHigh ${this.slotHigh} arenaHigh ${this.arenaHigh}`);
    describeLine(stream, depth, `total ${this.totalLand.size()} free ${this.freeLand.size()}`);
    this.totalLand.describe(stream, depth + 2);
    this.freeLand.describe(stream, depth + 2);
  }
}

// Install the version of free written for the checking level in force
// (docs/design/mpm.md `.check.cost`).
{
  const proto = MVFFPool.prototype as unknown as Record<string, unknown>;
  proto["freeMethod"] = byCheckLevel(proto["freeCoolMethod"], proto["freeMethod"], proto["freeRashMethod"]);
}
