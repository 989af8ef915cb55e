/**
 * Failover (design.mps.failover): a land made of a fast primary land that
 * may run out of memory (normally a CBS) and a frugal secondary that never
 * does (normally a Freelist), used when the primary cannot take a range.
 * See docs/design/land.md `.failover`.
 * .critical: insertMethod, deleteMethod, findFirstMethod, findLastMethod, findLargestMethod
 * (per allocation and free in a pool; the common case, an empty secondary, goes straight to the primary).
 */

import {
  type Addr, type Size, type ZoneSet, type WriteStream, COOL, MpsError, SIG_INVALID, addrHex, checkD, checkL, defineSig, describeLine, isAllocFailure, paramError,
} from "@mps/mpm";
import {
  FindDelete, Land, type LandDeleteVisitor, type LandOpts, type LandVisitor, SIG_LAND, VISIT_DELETE, VISIT_STOP,
} from "./land.js";
import { Range } from "./range.js";
import { rangeInZoneSetFirst, rangeInZoneSetLast } from "./zone-search.js";

/**
 * The signature of a live {@link Failover}.
 * @public
 */
export const SIG_FAILOVER = defineSig("Failover", 0x519fa110);

/**
 * Options of a {@link Failover}. The alignment and zone shift default to the
 * primary's, and must equal those of both lands.
 * @public
 */
export type FailoverOpts = LandOpts;

// A module copy of the land signature: folded into the code (docs/design/speed-facts.md .fact.import-cell).
const SIG_LAND_HERE = SIG_LAND;

const FIND_FIRST = 0;
const FIND_LAST = 1;
const FIND_LARGEST = 2;

function isParam(e: unknown): boolean {
  return e instanceof MpsError && e.code === "PARAM";
}

/**
 * A land that keeps its ranges in a primary land while the primary can take
 * them, and in a secondary land when it cannot (design.mps.failover).
 *
 * @remarks
 * Before each insert, delete and find, the Failover moves what it can from
 * the secondary back to the primary (`.impl.assume.flush`). Insert tries the
 * primary and falls back to the secondary when the primary cannot get memory
 * (`RESOURCE`, `MEMORY` or `COMMIT_LIMIT`, the MPS's `ResIsAllocFailure`). Delete finds the
 * range in either land; if the primary cannot split its block, the Failover
 * deletes the whole block and re-inserts the fragments, which may then go to
 * the secondary (`.impl.assume.delete`). Finds look in both lands and return
 * the better answer, and iteration merges both lands in address order.
 *
 * It keeps the two lands' ranges apart (no range of the secondary touches one
 * of the primary), so that its ranges are isolated exactly as one land's
 * would be. That relies on the primary being able to coalesce without
 * memory, as a CBS can, and on the secondary never failing to get memory, as a
 * Freelist never does. The Failover does not own its lands: finishing it
 * leaves them alive, and the caller finishes them afterwards.
 * @public
 */
export class Failover extends Land {
  /** {@link SIG_FAILOVER} while live, SIG_INVALID once finished. */
  failoverSig: number = SIG_INVALID;
  /** The land used while it has memory: normally a CBS. */
  readonly primary: Land;
  /** The land used when the primary cannot take a range: normally a Freelist. */
  readonly secondary: Land;

  // Scratch ranges, so that no operation allocates.
  private readonly tmp = new Range();
  private readonly probeP = new Range();
  private readonly probeOldP = new Range();
  private readonly probeS = new Range();
  private readonly probeOldS = new Range();

  // Moves one range of the secondary to the primary (.failover.flush).
  private readonly flushVisitor: LandDeleteVisitor;

  // State of the scan of the secondary for overlap and neighbours (insert).
  private scanBase = 0;
  private scanLimit = 0;
  private scanOverlap = false;
  private scanLeft = -1;
  private scanRight = -1;
  private readonly scanVisitor: LandVisitor;

  // State of a scan for a range in zones.
  private zSize = 0;
  private zZones = 0;
  private zHigh = false;
  private zFound = -1;
  private zBlockBase = 0;
  private zBlockLimit = 0;
  private readonly zoneVisitor: LandVisitor;

  // State of a merged iteration: a snapshot of the secondary's ranges.
  private readonly snap: number[] = [];
  private snapCount = 0;
  private snapIndex = 0;
  private userVisitor: LandVisitor | null = null;
  private userDeleteVisitor: LandDeleteVisitor | null = null;
  private mergeStopped = false;
  private readonly snapVisitor: LandVisitor;
  private readonly mergeVisitor: LandVisitor;
  private readonly mergeDeleteVisitor: LandDeleteVisitor;

  /**
   * Combine `primary` and `secondary`. Throws `PARAM` if they are the same
   * land, not live lands, or differ from each other or from `opts` in
   * alignment or zone shift.
   */
  constructor(primary: Land, secondary: Land, opts: FailoverOpts = {}) {
    super(Failover.landOpts(primary, opts));
    if (!(primary instanceof Land) || !(secondary instanceof Land)) paramError("Failover: primary and secondary must be lands");
    if (primary === secondary) paramError("Failover: primary and secondary must be different lands");
    if (primary.sig !== SIG_LAND || secondary.sig !== SIG_LAND) paramError("Failover: primary and secondary must be live lands");
    for (const l of [primary, secondary]) {
      if (l.alignment !== this.alignment || l.zoneShift !== this.zoneShift) {
        paramError(`Failover: ${l.className} has alignment ${l.alignment} and zoneShift ${l.zoneShift}, not ${this.alignment} and ${this.zoneShift}`);
      }
    }
    this.primary = primary;
    this.secondary = secondary;
    this.flushVisitor = (b, l) => {
      try {
        this.primary.insert(this.tmp, b, l);
        return VISIT_DELETE;
      } catch (e) {
        if (isAllocFailure(e)) return VISIT_STOP;
        throw e;
      }
    };
    this.scanVisitor = (b, l) => this.scanStep(b, l);
    this.zoneVisitor = (b, l) => this.zoneStep(b, l);
    this.snapVisitor = (b, l) => {
      this.snap[2 * this.snapCount] = b;
      this.snap[2 * this.snapCount + 1] = l;
      this.snapCount++;
      return true;
    };
    this.mergeVisitor = (b, l) => this.mergeStep(b, l);
    this.mergeDeleteVisitor = (b, l) => this.mergeDeleteStep(b, l);
    this.failoverSig = SIG_FAILOVER;
  }

  private static landOpts(primary: Land, opts: FailoverOpts): LandOpts {
    const o: LandOpts = {
      alignment: opts.alignment ?? (primary instanceof Land ? primary.alignment : undefined) ?? 8,
      zoneShift: opts.zoneShift ?? (primary instanceof Land ? primary.zoneShift : undefined) ?? 20,
    };
    if (opts.owner !== undefined) o.owner = opts.owner;
    return o;
  }

  /** `"Failover"`. */
  get className(): string {
    return "Failover";
  }

  // ----- helpers --------------------------------------------------------------

  /**
   * Move what the primary will take from the secondary
   * (design.mps.failover.impl.assume.flush): `landFlush`, without a closure per call.
   */
  private flush(): void {
    if (this.secondary.size() !== 0) this.secondary.iterateAndDelete(this.flushVisitor);
  }

  /** Insert a range known to be absent: into the primary, else the secondary. */
  private insertFragment(base: Addr, limit: Addr): void {
    try {
      this.primary.insert(this.tmp, base, limit);
    } catch (e) {
      if (!isAllocFailure(e)) throw e;
      this.secondary.insert(this.tmp, base, limit);
    }
  }

  /**
   * Delete [base, limit) from `land`; if the land cannot split its block,
   * delete the whole block and re-insert the fragments
   * (design.mps.failover.impl.assume.delete). `PARAM` if not wholly in `land`.
   */
  private deleteFrom(land: Land, rangeReturn: Range, base: Addr, limit: Addr): void {
    try {
      land.delete(rangeReturn, base, limit);
    } catch (e) {
      if (!isAllocFailure(e)) throw e;
      // The land set rangeReturn to the block (design.mps.land.function.delete.return).
      const blockBase = rangeReturn.base;
      const blockLimit = rangeReturn.limit;
      land.delete(this.tmp, blockBase, blockLimit); // a whole block: needs no memory
      if (blockBase < base) this.insertFragment(blockBase, base);
      if (limit < blockLimit) this.insertFragment(limit, blockLimit);
      rangeReturn.set(blockBase, blockLimit);
    }
  }

  /** Move the secondary's block [base, limit) into the primary, extending `rangeReturn`. */
  private moveToPrimary(rangeReturn: Range, base: Addr, limit: Addr): void {
    this.secondary.delete(this.tmp, base, limit);
    try {
      this.primary.insert(rangeReturn, base, limit); // coalesces, so needs no memory
    } catch (e) {
      this.secondary.insert(this.tmp, base, limit); // put it back
      if (!isAllocFailure(e)) throw e;
    }
  }

  private scanStep(b: Addr, l: Addr): boolean {
    if (b >= this.scanLimit) {
      if (b === this.scanLimit) this.scanRight = l;
      return false;
    }
    if (l === this.scanBase) this.scanLeft = b;
    else if (l > this.scanBase) {
      this.scanOverlap = true;
      return false;
    }
    return true;
  }

  private zoneStep(b: Addr, l: Addr): boolean {
    const f = this.zHigh
      ? rangeInZoneSetLast(b, l, this.zZones, this.zSize, this.zoneShift, this.alignment)
      : rangeInZoneSetFirst(b, l, this.zZones, this.zSize, this.zoneShift, this.alignment);
    if (f >= 0) {
      this.zFound = f;
      this.zBlockBase = b;
      this.zBlockLimit = l;
      return this.zHigh; // the first is enough going up; going down, keep the last
    }
    return true;
  }

  /** Scan `land` for its best range in zones, leaving it in zFound / zBlock*; false if none. */
  private scanZones(land: Land, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    this.zSize = size;
    this.zZones = zoneSet;
    this.zHigh = high;
    this.zFound = -1;
    land.iterate(this.zoneVisitor);
    return this.zFound >= 0;
  }

  private find(land: Land, kind: number, rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (kind === FIND_FIRST) return land.findFirst(rangeReturn, oldRangeReturn, size, findDelete);
    if (kind === FIND_LAST) return land.findLast(rangeReturn, oldRangeReturn, size, findDelete);
    return land.findLargest(rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** A find when both lands have ranges: probe both, then find again (and delete) in the better one. */
  private findBest(kind: number, rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const inS = this.find(this.secondary, kind, this.probeS, this.probeOldS, size, FindDelete.NONE);
    const inP = this.find(this.primary, kind, this.probeP, this.probeOldP, size, FindDelete.NONE);
    if (!inS && !inP) return false;
    let useS: boolean;
    if (!inP) useS = true;
    else if (!inS) useS = false;
    else {
      const s = this.probeOldS;
      const p = this.probeOldP;
      if (kind === FIND_FIRST) useS = s.base < p.base;
      else if (kind === FIND_LAST) useS = s.base > p.base;
      else useS = s.size() > p.size() || (s.size() === p.size() && s.base < p.base);
    }
    if (findDelete === FindDelete.NONE) {
      rangeReturn.copy(useS ? this.probeS : this.probeP);
      oldRangeReturn.copy(useS ? this.probeOldS : this.probeOldP);
      return true;
    }
    // Nothing changed since the probe, so this finds the same block.
    return this.find(useS ? this.secondary : this.primary, kind, rangeReturn, oldRangeReturn, size, findDelete);
  }

  private mergeStep(b: Addr, l: Addr): boolean {
    const visitor = this.userVisitor!;
    while (this.snapIndex < this.snapCount && this.snap[2 * this.snapIndex]! < b) {
      const i = this.snapIndex++;
      if (!visitor(this.snap[2 * i]!, this.snap[2 * i + 1]!)) {
        this.mergeStopped = true;
        return false;
      }
    }
    if (!visitor(b, l)) {
      this.mergeStopped = true;
      return false;
    }
    return true;
  }

  private mergeDeleteStep(b: Addr, l: Addr): number {
    const visitor = this.userDeleteVisitor!;
    while (this.snapIndex < this.snapCount && this.snap[2 * this.snapIndex]! < b) {
      const i = this.snapIndex++;
      const sb = this.snap[2 * i]!;
      const sl = this.snap[2 * i + 1]!;
      const flags = visitor(sb, sl);
      if ((flags & VISIT_DELETE) !== 0) this.secondary.delete(this.tmp, sb, sl);
      if ((flags & VISIT_STOP) !== 0) {
        this.mergeStopped = true;
        return VISIT_STOP;
      }
    }
    const flags = visitor(b, l);
    if ((flags & VISIT_STOP) !== 0) this.mergeStopped = true;
    return flags;
  }

  /** Copy the secondary's ranges into the snapshot; return how many. */
  private snapshotSecondary(): number {
    this.snapCount = 0;
    this.snapIndex = 0;
    this.mergeStopped = false;
    this.secondary.iterate(this.snapVisitor);
    return this.snapCount;
  }

  // ----- the generic functions, short-cut (docs/design/land.md .failover.fast) --

  /**
   * Is the secondary empty, so that the primary's generic function does
   * exactly what this land's would (no flush, no merge with the secondary)?
   * Also false when this land is finished or inside one of its own visitors,
   * so that the full path reports those.
   */
  private primaryOnly(): boolean {
    return this.sig === SIG_LAND_HERE && !this.inLand && this.secondary.size() === 0;
  }

  /**
   * `LandInsert`, as {@link Land.insert}. While the secondary is empty it
   * does what {@link Failover} does then, without its own entry and checks:
   * the primary's insert (which checks the same arguments), and the
   * secondary's if the primary has no memory.
   */
  override insert(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (!this.primaryOnly()) {
      super.insert(rangeReturn, base, limit);
      return;
    }
    try {
      this.primary.insert(rangeReturn, base, limit);
    } catch (e) {
      if (!isAllocFailure(e)) throw e;
      this.secondary.insert(rangeReturn, base, limit);
    }
  }

  /** `LandDelete`, as {@link Land.delete}, short-cut like {@link Failover.insert}: the primary's, split the fail-over way if need be. */
  override delete(rangeReturn: Range, base: Addr, limit: Addr): void {
    if (this.primaryOnly()) this.deleteFrom(this.primary, rangeReturn, base, limit);
    else super.delete(rangeReturn, base, limit);
  }

  /** `LandFindFirst`, as {@link Land.findFirst}: the primary's alone while the secondary is empty. */
  override findFirst(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.primaryOnly()) return this.primary.findFirst(rangeReturn, oldRangeReturn, size, findDelete);
    return super.findFirst(rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** `LandFindLast`, as {@link Land.findLast}: the primary's alone while the secondary is empty. */
  override findLast(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.primaryOnly()) return this.primary.findLast(rangeReturn, oldRangeReturn, size, findDelete);
    return super.findLast(rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** `LandFindLargest`, as {@link Land.findLargest}: the primary's alone while the secondary is empty. */
  override findLargest(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    if (this.primaryOnly()) return this.primary.findLargest(rangeReturn, oldRangeReturn, size, findDelete);
    return super.findLargest(rangeReturn, oldRangeReturn, size, findDelete);
  }

  // ----- the class's methods ------------------------------------------------

  /** The sum of the two lands' sizes. */
  protected override sizeMethod(): Size {
    return this.primary.size() + this.secondary.size();
  }

  /** Insert into the primary, falling back to the secondary (.failover.insert, .failover.apart). */
  protected override insertMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    this.flush();
    if (this.secondary.size() === 0) {
      try {
        this.primary.insert(rangeReturn, base, limit);
      } catch (e) {
        if (!isAllocFailure(e)) throw e;
        this.secondary.insert(rangeReturn, base, limit);
      }
      return;
    }
    // The secondary has ranges: it must not overlap the new one, and any
    // neighbours there must join the primary's block (docs/design/land.md .failover.apart).
    this.scanBase = base;
    this.scanLimit = limit;
    this.scanOverlap = false;
    this.scanLeft = -1;
    this.scanRight = -1;
    this.secondary.iterate(this.scanVisitor);
    if (this.scanOverlap) {
      paramError(`Failover.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps a range already in the secondary`);
    }
    const left = this.scanLeft;
    const right = this.scanRight;
    try {
      this.primary.insert(rangeReturn, base, limit);
    } catch (e) {
      if (!isAllocFailure(e)) throw e;
      // Isolated from the primary's ranges (else it would have coalesced): keep it with its neighbours.
      this.secondary.insert(rangeReturn, base, limit);
      return;
    }
    if (left >= 0) this.moveToPrimary(rangeReturn, left, base);
    if (right >= 0) this.moveToPrimary(rangeReturn, limit, right);
  }

  /** Delete from whichever land holds the range, splitting the fail-over way if need be (.failover.delete). */
  protected override deleteMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    this.flush();
    if (this.secondary.size() === 0) {
      this.deleteFrom(this.primary, rangeReturn, base, limit);
      return;
    }
    try {
      this.deleteFrom(this.primary, rangeReturn, base, limit);
    } catch (e) {
      if (!isParam(e)) throw e;
      // Not in the primary: it must be wholly in the secondary, as the lands' ranges do not touch.
      this.deleteFrom(this.secondary, rangeReturn, base, limit);
    }
  }

  /** Visit both lands' blocks merged in address order (.failover.iterate). */
  protected override iterateMethod(visitor: LandVisitor): boolean {
    if (this.secondary.size() === 0) return this.primary.iterate(visitor);
    const n = this.snapshotSecondary();
    this.userVisitor = visitor;
    try {
      if (!this.primary.iterate(this.mergeVisitor)) return false;
      for (let i = this.snapIndex; i < n; i++) {
        if (!visitor(this.snap[2 * i]!, this.snap[2 * i + 1]!)) return false;
      }
      return true;
    } finally {
      this.userVisitor = null;
    }
  }

  /** Visit both lands' blocks merged in address order, deleting from either (.failover.iterate). */
  protected override iterateAndDeleteMethod(visitor: LandDeleteVisitor): boolean {
    if (this.secondary.size() === 0) return this.primary.iterateAndDelete(visitor);
    const n = this.snapshotSecondary();
    this.userDeleteVisitor = visitor;
    try {
      this.primary.iterateAndDelete(this.mergeDeleteVisitor);
      if (this.mergeStopped) return false;
      for (let i = this.snapIndex; i < n; i++) {
        const sb = this.snap[2 * i]!;
        const sl = this.snap[2 * i + 1]!;
        const flags = visitor(sb, sl);
        if ((flags & VISIT_DELETE) !== 0) this.secondary.delete(this.tmp, sb, sl);
        if ((flags & VISIT_STOP) !== 0) return false;
      }
      return true;
    } finally {
      this.userDeleteVisitor = null;
    }
  }

  /** The lower of the two lands' first fits (.failover.find). */
  protected override findFirstMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.flush();
    if (this.secondary.size() === 0) return this.primary.findFirst(rangeReturn, oldRangeReturn, size, findDelete);
    return this.findBest(FIND_FIRST, rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** The higher of the two lands' last fits (.failover.find). */
  protected override findLastMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.flush();
    if (this.secondary.size() === 0) return this.primary.findLast(rangeReturn, oldRangeReturn, size, findDelete);
    return this.findBest(FIND_LAST, rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** The larger of the two lands' largest blocks, the lower of equals (.failover.find). */
  protected override findLargestMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    this.flush();
    if (this.secondary.size() === 0) return this.primary.findLargest(rangeReturn, oldRangeReturn, size, findDelete);
    return this.findBest(FIND_LARGEST, rangeReturn, oldRangeReturn, size, findDelete);
  }

  /** The better of the two lands' fits in zones (.failover.find.zones). */
  protected override findInZonesMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    this.flush();
    let haveS = false;
    let sBase = -1;
    let sBlockBase = 0;
    let sBlockLimit = 0;
    if (this.secondary.size() !== 0) {
      haveS = this.scanZones(this.secondary, size, zoneSet, high);
      sBase = this.zFound;
      sBlockBase = this.zBlockBase;
      sBlockLimit = this.zBlockLimit;
    }
    let haveP: boolean;
    const p = this.probeP;
    const po = this.probeOldP;
    try {
      haveP = this.primary.findInZones(p, po, size, zoneSet, high);
    } catch (e) {
      if (!isAllocFailure(e)) throw e;
      // The primary found a range but has no memory to cut it out of its
      // block: find it ourselves and delete it the fail-over way.
      haveP = this.scanZones(this.primary, size, zoneSet, high);
      if (haveP && (!haveS || (high ? this.zFound > sBase : this.zFound < sBase))) {
        const b = this.zFound;
        const blockBase = this.zBlockBase;
        const blockLimit = this.zBlockLimit;
        this.deleteFrom(this.primary, this.tmp, b, b + size);
        rangeReturn.set(b, b + size);
        oldRangeReturn.set(blockBase, blockLimit);
        return true;
      }
      haveP = false;
    }
    if (haveP && !(haveS && (high ? sBase > p.base : sBase < p.base))) {
      rangeReturn.copy(p);
      oldRangeReturn.copy(po);
      return true;
    }
    if (!haveS) return false;
    // The secondary's range is better: give the primary's back (it rejoins its block) and take that.
    if (haveP) this.insertFragment(p.base, p.limit);
    this.deleteFrom(this.secondary, this.tmp, sBase, sBase + size);
    rangeReturn.set(sBase, sBase + size);
    oldRangeReturn.set(sBlockBase, sBlockLimit);
    return true;
  }

  /** Finish the Failover alone: its lands stay alive (.failover.finish). */
  protected override finishMethod(): void {
    this.snap.length = 0;
    this.failoverSig = SIG_INVALID;
  }

  /** Check the fields and both lands, and at cool that their ranges are apart (.failover.apart). */
  protected override checkMethod(): boolean {
    checkL(this.failoverSig === SIG_FAILOVER, "Failover: bad signature");
    checkD(this.primary, SIG_LAND, (l) => l.check(), "Failover.primary");
    checkD(this.secondary, SIG_LAND, (l) => l.check(), "Failover.secondary");
    checkL(this.primary !== this.secondary, "Failover: primary and secondary differ");
    if (COOL && !this.inLand) {
      // .failover.apart: the two lands' ranges neither overlap nor touch.
      let prevLimit = -1;
      let ok = true;
      this.inLand = true;
      try {
        this.iterateMethod((b, l) => {
          if (!(b > prevLimit)) ok = false;
          prevLimit = l;
          return ok;
        });
      } finally {
        this.inLand = false;
      }
      checkL(ok, "Failover: the primary's and secondary's ranges are apart (.failover.apart)");
    }
    return true;
  }

  /** The two lands' classes, then each land. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `primary ${this.primary.className}, secondary ${this.secondary.className}`);
    this.primary.describe(stream, depth);
    this.secondary.describe(stream, depth);
  }
}
