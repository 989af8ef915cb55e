/**
 * The Land abstract class (design.mps.land): a set of addresses held as
 * isolated contiguous ranges, with generic functions that check their
 * arguments and dispatch to the class's methods.
 *
 * Public methods (`insert`, `delete`, `findFirst`, …) are the generic
 * functions: they check arguments, guard against re-entry from a visitor, and
 * call the protected `*Method` hooks a subclass overrides. A hook a class does
 * not support is inherited from here and throws `UNIMPL`.
 * See docs/design/land.md.
 * .critical: insert, delete, findFirst, findLast, findLargest (land searches).
 */

import {
  type Addr, type Align, type Size, type ZoneSet, type Inst, type WriteStream, ADDR_LIMIT, CHECKING, COOL, MpsError, byCheckLevel, SIG_INVALID, addrHex, aver, checkL, checkS, defineSig, describeLine, isAligned, isAllocFailure, isPow2, paramError, unimpl,
} from "@mps/mpm";
import { Range } from "./range.js";

/**
 * The signature of a live Land (design.mps.sig).
 * @public
 */
export const SIG_LAND = defineSig("Land", 0x5191aa9d);

/**
 * What a find deletes of the block it found (design.mps.land.function.find.first).
 * @public
 */
export const FindDelete = Object.freeze({
  /** Delete nothing. */
  NONE: 0,
  /** Delete `size` bytes from the low end of the block. */
  LOW: 1,
  /** Delete `size` bytes from the high end of the block. */
  HIGH: 2,
  /** Delete the whole block. */
  ENTIRE: 3,
} as const);

/**
 * One of the {@link (FindDelete:variable)} values.
 * @public
 */
export type FindDelete = (typeof FindDelete)[keyof typeof FindDelete];

/**
 * Called for each isolated range, in address order; return false to stop.
 * The visitor must not call back into the land.
 * @public
 */
export type LandVisitor = (base: Addr, limit: Addr) => boolean;

/**
 * Flags a {@link LandDeleteVisitor} returns: `VISIT_DELETE` to delete the
 * range just visited, `VISIT_STOP` to end the iteration; 0 keeps it and goes on.
 * @public
 */
export const VISIT_DELETE = 1;
/** @public (see {@link VISIT_DELETE}) */
export const VISIT_STOP = 2;

/**
 * Called for each isolated range, in address order, by `iterateAndDelete`;
 * returns a combination of {@link VISIT_DELETE} and {@link VISIT_STOP}.
 * @public
 */
export type LandDeleteVisitor = (base: Addr, limit: Addr) => number;

/**
 * Options every land takes.
 * @public
 */
export interface LandOpts {
  /**
   * The alignment of every address stored in or asked of the land, in bytes.
   * MUST be a power of two. @defaultValue 8
   */
  alignment?: Align;
  /**
   * The zone shift of the arena the addresses belong to: the zone of an
   * address is bits [zoneShift, zoneShift + 5). Used by `findInZones`.
   * MUST be an integer in [0, 27]. @defaultValue 20
   */
  zoneShift?: number;
  /** Who owns the land, for describe output. */
  owner?: string;
}

/**
 * The default zone shift for a land that has no arena: 1 MiB stripes.
 * @public
 */
export const LAND_ZONE_SHIFT_DEFAULT = 20;

/**
 * A collection of address ranges (design.mps.land). Subclasses: CBS
 * (`@mps/cbs`), {@link Freelist}, {@link Failover}.
 *
 * @remarks
 * All ranges are semi-open, aligned to `alignment`, and inside [0, 2^32).
 * Bad arguments throw `MpsError` with code `PARAM` and leave the land as it
 * was. A land that cannot get memory for its own structures throws
 * `RESOURCE`, also leaving itself unchanged except where a method says so.
 * @public
 */
export abstract class Land implements Inst {
  /** {@link SIG_LAND} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** Alignment of every address in the land. */
  readonly alignment: Align;
  /** The zone shift used by {@link Land.findInZones}. */
  readonly zoneShift: number;
  /** Who owns the land, for describe output. */
  readonly owner: string;
  /** True while a generic function is running: re-entry from a visitor is a protocol error. */
  protected inLand = false;

  /** Initialise the land part of a subclass; the subclass sets its own fields after. */
  constructor(opts: LandOpts = {}) {
    const alignment = opts.alignment ?? 8;
    const zoneShift = opts.zoneShift ?? LAND_ZONE_SHIFT_DEFAULT;
    if (!isPow2(alignment) || alignment > 2 ** 30) paramError(`alignment must be a power of two up to 2^30, not ${alignment}`);
    if (!Number.isInteger(zoneShift) || zoneShift < 0 || zoneShift > 27) paramError(`zoneShift must be an integer in [0, 27], not ${zoneShift}`);
    this.alignment = alignment;
    this.zoneShift = zoneShift;
    this.owner = opts.owner ?? "";
    this.sig = SIG_LAND;
  }

  /** The class name used in describe output, e.g. `"CBS"`. */
  abstract get className(): string;

  // ----- generic functions -------------------------------------------------

  /** `LandSize`: the total size of the ranges in the land. */
  size(): Size {
    if (CHECKING) this.checkLive();
    return this.sizeMethod();
  }

  /**
   * `LandInsert`: add [base, limit) to the land, and set `rangeReturn` to the
   * isolated range that now contains it (larger if it coalesced with a neighbour).
   * Throws `PARAM` if any part is already present, `RESOURCE` if the land
   * cannot get memory to record an isolated range; the land is unchanged then.
   * `rangeReturn` is written only on success.
   */
  insert(rangeReturn: Range, base: Addr, limit: Addr): void {
    this.enter();
    try {
      if (CHECKING) this.checkRangeArgs(base, limit, "insert");
      this.insertMethod(rangeReturn, base, limit);
      if (COOL) aver(rangeReturn.base <= base && limit <= rangeReturn.limit, "insert: returned range contains the inserted one");
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandDelete`: remove [base, limit), which must be wholly in the land, and
   * set `rangeReturn` to the isolated range that contained it. Throws `PARAM`
   * (land unchanged, `rangeReturn` unset) if any part is absent. Throws
   * `RESOURCE` if splitting the block needs memory the land cannot get: the
   * land is unchanged but `rangeReturn` is set, so the caller can delete the
   * whole containing block instead and keep the fragments elsewhere
   * (design.mps.land.function.delete.return).
   */
  delete(rangeReturn: Range, base: Addr, limit: Addr): void {
    this.enter();
    try {
      if (CHECKING) this.checkRangeArgs(base, limit, "delete");
      this.deleteMethod(rangeReturn, base, limit);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandIterate`: call `visitor` on every isolated range in address order
   * until it returns false. Returns false if the visitor stopped it.
   */
  iterate(visitor: LandVisitor): boolean {
    this.enter();
    try {
      return this.iterateMethod(visitor);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandIterateAndDelete`: call `visitor` on every isolated range in address
   * order; delete each range for which it returns {@link VISIT_DELETE}, and
   * stop when it returns {@link VISIT_STOP}. Returns false if stopped.
   * Deleting a whole isolated range never needs memory, so this cannot fail.
   */
  iterateAndDelete(visitor: LandDeleteVisitor): boolean {
    this.enter();
    try {
      return this.iterateAndDeleteMethod(visitor);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandFindFirst`: find the first block in address order of at least `size`
   * bytes, set `oldRangeReturn` to that whole isolated block and `rangeReturn`
   * to the part selected (and deleted) by `findDelete`. Returns false, writing
   * nothing, if there is no such block. `size` MUST be a positive multiple of
   * the alignment. Deleting LOW or HIGH never splits a block in two, so a find
   * never needs memory.
   */
  findFirst(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.enter();
    try {
      if (CHECKING) this.checkFindArgs(size, findDelete);
      return this.findFirstMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** `LandFindLast`: as {@link Land.findFirst}, but the last block in address order. */
  findLast(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.enter();
    try {
      if (CHECKING) this.checkFindArgs(size, findDelete);
      return this.findLastMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandFindLargest`: find the largest block, if it has at least `size`
   * bytes (`size` may be 0 here); LOW and HIGH delete the entire block, as in
   * the MPS. Among equally large blocks, the first in address order.
   */
  findLargest(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.enter();
    try {
      if (CHECKING) this.checkFindArgs(size === 0 ? this.alignment : size, findDelete);
      return this.findLargestMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandFindInZones`: find the first (or, if `high`, the last) range of
   * `size` bytes lying wholly in zones of `zoneSet`, delete it (from the low
   * end of its block, or the high end if `high`) and return true, with the
   * containing block in `oldRangeReturn`. Returns false if there is none. May
   * throw `RESOURCE` if the range is in the middle of a block and splitting
   * needs memory the land cannot get.
   */
  findInZones(rangeReturn: Range, oldRangeReturn: Range, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    this.enter();
    try {
      if (CHECKING) this.checkFindArgs(size, 0);
      return this.findInZonesMethod(rangeReturn, oldRangeReturn, size, zoneSet >>> 0, high);
    } finally {
      this.inLand = false;
    }
  }

  /**
   * `LandFlush`: move ranges from `src` into this land, as long as inserting
   * them succeeds; a range that this land cannot take for want of memory
   * stays in `src` (see {@link landFlush}). Returns true if `src` was emptied.
   */
  flushFrom(src: Land): boolean {
    if (CHECKING) {
      this.checkLive();
      src.checkLive();
    }
    aver(src !== this, "flushFrom: a land cannot flush into itself");
    return landFlush(this, src);
  }

  /** `LandFinish`: finish the land; any later use fails its signature check. */
  finish(): void {
    this.enter();
    try {
      this.finishMethod();
    } finally {
      this.inLand = false;
    }
    this.sig = SIG_INVALID;
  }

  /** `LandCheck`: check the land's fields, then the class's (deeply at `cool`). */
  check(): boolean {
    checkS(this, SIG_LAND, "Land");
    checkL(isPow2(this.alignment), "Land.alignment is a power of two");
    checkL(Number.isInteger(this.zoneShift) && this.zoneShift >= 0 && this.zoneShift <= 27, "Land.zoneShift in [0, 27]");
    checkL(typeof this.inLand === "boolean", "Land.inLand is boolean");
    return this.checkMethod();
  }

  /** `LandDescribe`: the land's class, size and ranges, for debugging. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `${this.className} ${this.owner ? `of ${this.owner} ` : ""}{`);
    describeLine(stream, depth + 2, `alignment ${this.alignment}, zoneShift ${this.zoneShift}, size ${this.sizeMethod()}`);
    this.describeMethod(stream, depth + 2);
    describeLine(stream, depth, "}");
  }

  // ----- the generic functions per checking level (docs/design/land.md .impl.levels) --
  // The public functions above are the `cool` versions; at load, `byCheckLevel`
  // replaces those on the critical path with these, which test no level.

  /** {@link Land.size} at `hot` and `rash`. */
  protected sizeHot(): Size {
    if (this.sig !== SIG_LAND) this.checkLive();
    return this.sizeMethod();
  }

  /** {@link Land.insert} at `hot`: the argument checks, no check of the result. */
  protected insertHot(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (this.sig !== SIG_LAND) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.checkRangeArgs(base, limit, "insert");
      this.insertMethod(rangeReturn, base, limit);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.insert} at `rash`: no checks but the protocol's. */
  protected insertRash(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.insertMethod(rangeReturn, base, limit);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.delete} at `hot`. */
  protected deleteHot(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (this.sig !== SIG_LAND) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.checkRangeArgs(base, limit, "delete");
      this.deleteMethod(rangeReturn, base, limit);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.delete} at `rash`. */
  protected deleteRash(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.deleteMethod(rangeReturn, base, limit);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findFirst} at `hot`. */
  protected findFirstHot(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.sig !== SIG_LAND) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.checkFindArgs(size, findDelete);
      return this.findFirstMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findFirst} at `rash`. */
  protected findFirstRash(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      return this.findFirstMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findLast} at `hot`. */
  protected findLastHot(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.sig !== SIG_LAND) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.checkFindArgs(size, findDelete);
      return this.findLastMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findLast} at `rash`. */
  protected findLastRash(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      return this.findLastMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findLargest} at `hot`. */
  protected findLargestHot(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.sig !== SIG_LAND) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      this.checkFindArgs(size === 0 ? this.alignment : size, findDelete);
      return this.findLargestMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  /** {@link Land.findLargest} at `rash`. */
  protected findLargestRash(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.inLand) this.reentered();
    this.inLand = true;
    try {
      return this.findLargestMethod(rangeReturn, oldRangeReturn, size, findDelete);
    } finally {
      this.inLand = false;
    }
  }

  // ----- the class's methods (design.mps.land: the LandClass) ---------------

  /** Total size of the ranges. */
  protected abstract sizeMethod(): Size;
  /** Insert an aligned, non-empty range; see {@link Land.insert}. */
  protected insertMethod(_rangeReturn: Range, _base: Addr, _limit: Addr): void {
    unimpl(`${this.className}.insert`);
  }
  /** Delete an aligned, non-empty range; see {@link Land.delete}. */
  protected deleteMethod(_rangeReturn: Range, _base: Addr, _limit: Addr): void {
    unimpl(`${this.className}.delete`);
  }
  /** See {@link Land.iterate}. */
  protected abstract iterateMethod(visitor: LandVisitor): boolean;
  /** See {@link Land.iterateAndDelete}. */
  protected abstract iterateAndDeleteMethod(visitor: LandDeleteVisitor): boolean;
  /** See {@link Land.findFirst}. */
  protected findFirstMethod(_r: Range, _o: Range, _size: Size, _fd: FindDelete): boolean {
    return unimpl(`${this.className}.findFirst`);
  }
  /** See {@link Land.findLast}. */
  protected findLastMethod(_r: Range, _o: Range, _size: Size, _fd: FindDelete): boolean {
    return unimpl(`${this.className}.findLast`);
  }
  /** See {@link Land.findLargest}. */
  protected findLargestMethod(_r: Range, _o: Range, _size: Size, _fd: FindDelete): boolean {
    return unimpl(`${this.className}.findLargest`);
  }
  /** See {@link Land.findInZones}. */
  protected findInZonesMethod(_r: Range, _o: Range, _size: Size, _zoneSet: ZoneSet, _high: boolean): boolean {
    return unimpl(`${this.className}.findInZones`);
  }
  /** Release the class's resources. The base version does nothing. */
  protected finishMethod(): void {
    // Nothing to release at this level.
  }
  /** Check the class's own fields; return true. */
  protected abstract checkMethod(): boolean;
  /** Describe the class's own state (its ranges). */
  protected abstract describeMethod(stream: WriteStream, depth: number): void;

  // ----- helpers for the generic functions -----------------------------------

  /** Enter a generic function: the land must be live and not already inside one. */
  protected enter(): void {
    if (CHECKING) this.checkLive();
    if (this.inLand) this.reentered();
    this.inLand = true;
  }

  /** Throw `PARAM`: a generic function was called from inside one of the land's visitors. */
  protected reentered(): never {
    throw new MpsError("PARAM", `${this.className}: called from inside one of its own visitors (design.mps.land.type.visitor)`);
  }

  /** Throw unless the land is live (signature check); used after finish too. */
  protected checkLive(): void {
    if (this.sig !== SIG_LAND) throw new MpsError("PARAM", `${this.className}: used after finish (bad signature)`);
  }

  /** The argument checks of insert and delete. */
  protected checkRangeArgs(base: Addr, limit: Addr, what: string): void {
    if (!(Number.isInteger(base) && Number.isInteger(limit) && base >= 0 && limit <= ADDR_LIMIT)) {
      paramError(`${this.className}.${what}: [${base}, ${limit}) is not a range of addresses in [0, 2^32)`);
    }
    if (!(base < limit)) paramError(`${this.className}.${what}: empty or reversed range [${addrHex(base)}, ${addrHex(limit)})`);
    if (!isAligned(base, this.alignment) || !isAligned(limit, this.alignment)) {
      paramError(`${this.className}.${what}: range [${addrHex(base)}, ${addrHex(limit)}) is not aligned to ${this.alignment}`);
    }
  }

  /** The argument checks of the finds. */
  protected checkFindArgs(size: Size, findDelete: number): void {
    if (!(Number.isInteger(size) && size > 0 && size <= ADDR_LIMIT && isAligned(size, this.alignment))) {
      paramError(`${this.className}.find: size ${size} is not a positive multiple of the alignment ${this.alignment}`);
    }
    if (!(findDelete === 0 || findDelete === 1 || findDelete === 2 || findDelete === 3)) {
      paramError(`${this.className}.find: ${findDelete} is not a FindDelete value`);
    }
  }
}

// Install the versions of the critical generic functions written for the
// checking level in force (docs/design/mpm.md `.check.cost`).
{
  const proto = Land.prototype as unknown as Record<string, unknown>;
  for (const name of ["insert", "delete", "findFirst", "findLast", "findLargest"]) {
    proto[name] = byCheckLevel(proto[name], proto[`${name}Hot`], proto[`${name}Rash`]);
  }
  proto["size"] = byCheckLevel(proto["size"], proto["sizeHot"], proto["sizeHot"]);
}

// landFlush is off the hot path, but it need not allocate a range per call.
const flushScratch = new Range();

/**
 * `LandFlush`: move every range of `src` into `dest`, in address order, while
 * `dest.insert` succeeds. A range `dest` cannot take for want of memory
 * (`RESOURCE`, `MEMORY` or `COMMIT_LIMIT`) stays in `src`, and the flush stops
 * there; any other error propagates, every range being in one land or the
 * other. Returns true if `src` ended empty.
 * @public
 */
export function landFlush(dest: Land, src: Land): boolean {
  const r = flushScratch;
  let emptied = true;
  src.iterateAndDelete((base, limit) => {
    try {
      dest.insert(r, base, limit);
      return VISIT_DELETE;
    } catch (e) {
      if (isAllocFailure(e)) {
        emptied = false;
        return VISIT_STOP;
      }
      throw e;
    }
  });
  return emptied;
}
