/**
 * ArrayLand: a land kept as a sorted array of isolated ranges. It is the
 * obviously-correct model for property tests and the baseline for
 * benchmarks; an optional budget of ranges makes it fail like a land whose
 * node memory has run out. See docs/design/land.md `.arrayland`.
 * .critical: none (a test utility; searches are linear).
 */

import {
  type Addr, type Size, type ZoneSet, type WriteStream, COOL, MpsError, SIG_INVALID, addrHex, checkL, defineSig, describeLine, isAligned, paramError,
} from "@mps/mpm";
import { FindDelete, Land, type LandDeleteVisitor, type LandOpts, type LandVisitor, VISIT_DELETE, VISIT_STOP } from "./land.js";
import type { Range } from "./range.js";
import { rangeInZoneSetFirst, rangeInZoneSetLast } from "./zone-search.js";

/**
 * The signature of a live {@link ArrayLand}.
 * @public
 */
export const SIG_ARRAY_LAND = defineSig("ArrayLand", 0x519a7a1d);

/**
 * Options of an {@link ArrayLand}.
 * @public
 */
export interface ArrayLandOpts extends LandOpts {
  /**
   * The most isolated ranges the land may hold. An insert or delete that
   * would need more throws `RESOURCE` (or {@link ArrayLandOpts.failWith}) and changes nothing, as a CBS does when
   * its node pool is exhausted. A non-negative integer or `Infinity`.
   * @defaultValue Infinity
   */
  maxRanges?: number;
  /**
   * The code thrown when the budget is exceeded: `RESOURCE`, or `MEMORY` or
   * `COMMIT_LIMIT` to play a land whose nodes come from an arena.
   * @defaultValue "RESOURCE"
   */
  failWith?: ArrayLandFailure;
}

/**
 * The allocation failures an {@link ArrayLand} can be told to report.
 * @public
 */
export type ArrayLandFailure = "RESOURCE" | "MEMORY" | "COMMIT_LIMIT";

/**
 * A land kept as two parallel sorted arrays of bases and limits
 * (design.mps.land, with docs/design/land.md `.arrayland`).
 *
 * @remarks
 * Insert and delete find their place by binary search and shift the arrays;
 * the finds scan linearly. It supports every land operation. Its
 * {@link ArrayLand.maxRanges} budget may be changed at any time, to simulate
 * node memory running out and coming back.
 * @public
 */
export class ArrayLand extends Land {
  /** {@link SIG_ARRAY_LAND} while live, SIG_INVALID once finished. */
  arrayLandSig: number = SIG_INVALID;
  /**
   * The budget of isolated ranges (see {@link ArrayLandOpts.maxRanges}).
   * Lowering it below {@link ArrayLand.rangeCount} only stops growth.
   */
  maxRanges: number;
  /** The code thrown when the budget is exceeded (see {@link ArrayLandOpts.failWith}). */
  failWith: ArrayLandFailure;
  private readonly bases: number[] = [];
  private readonly limits: number[] = [];
  private total = 0;

  /** Make an empty array land. Throws `PARAM` on a bad option. */
  constructor(opts: ArrayLandOpts = {}) {
    super(opts);
    const max = opts.maxRanges ?? Infinity;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 0))) {
      paramError(`ArrayLand: maxRanges must be a non-negative integer or Infinity, not ${max}`);
    }
    this.maxRanges = max;
    const failWith = opts.failWith ?? "RESOURCE";
    if (failWith !== "RESOURCE" && failWith !== "MEMORY" && failWith !== "COMMIT_LIMIT") {
      paramError(`ArrayLand: failWith must be RESOURCE, MEMORY or COMMIT_LIMIT, not ${String(failWith)}`);
    }
    this.failWith = failWith;
    this.arrayLandSig = SIG_ARRAY_LAND;
  }

  /** `"ArrayLand"`. */
  get className(): string {
    return "ArrayLand";
  }

  /** The number of isolated ranges held. */
  get rangeCount(): number {
    return this.bases.length;
  }

  // ----- the class's methods ------------------------------------------------

  /** The total size, kept as a count. */
  protected override sizeMethod(): Size {
    return this.total;
  }

  /** The index of the first range whose limit is at least `addr` (or more than `addr` if `strict`). */
  private search(addr: Addr, strict: boolean): number {
    const limits = this.limits;
    let lo = 0;
    let hi = limits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const l = limits[mid]!;
      if (l < addr || (strict && l === addr)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Insert a range at index `i`, shifting the rest up. */
  private insertAt(i: number, base: Addr, limit: Addr): void {
    const bases = this.bases;
    const limits = this.limits;
    bases.push(0);
    limits.push(0);
    for (let k = bases.length - 1; k > i; k--) {
      bases[k] = bases[k - 1]!;
      limits[k] = limits[k - 1]!;
    }
    bases[i] = base;
    limits[i] = limit;
  }

  /** Remove the range at index `i`, shifting the rest down. */
  private removeAt(i: number): void {
    const bases = this.bases;
    const limits = this.limits;
    const n = bases.length - 1;
    for (let k = i; k < n; k++) {
      bases[k] = bases[k + 1]!;
      limits[k] = limits[k + 1]!;
    }
    bases.length = n;
    limits.length = n;
  }

  /** Binary search for the place, refuse an overlap, join the neighbours, or add a range within the budget. */
  protected override insertMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const bases = this.bases;
    const limits = this.limits;
    const n = bases.length;
    let j = this.search(base, false);
    const left = j < n && limits[j] === base;
    if (left) j++;
    if (j < n && bases[j]! < limit) {
      paramError(`ArrayLand.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps [${addrHex(bases[j]!)}, ${addrHex(limits[j]!)}) already in the land`);
    }
    const right = j < n && bases[j] === limit;
    if (left && right) {
      rangeReturn.set(bases[j - 1]!, limits[j]!);
      limits[j - 1] = limits[j]!;
      this.removeAt(j);
    } else if (left) {
      limits[j - 1] = limit;
      rangeReturn.set(bases[j - 1]!, limit);
    } else if (right) {
      bases[j] = base;
      rangeReturn.set(base, limits[j]!);
    } else {
      if (n + 1 > this.maxRanges) {
        throw new MpsError(this.failWith, `ArrayLand.insert: [${addrHex(base)}, ${addrHex(limit)}) needs a range beyond the budget of ${this.maxRanges}`);
      }
      this.insertAt(j, base, limit);
      rangeReturn.set(base, limit);
    }
    this.total += limit - base;
  }

  /** Binary search for the containing block and cut the range out, splitting within the budget. */
  protected override deleteMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const i = this.search(base, true);
    const bases = this.bases;
    const limits = this.limits;
    if (i >= bases.length || bases[i]! > base || limits[i]! < limit) {
      paramError(`ArrayLand.delete: [${addrHex(base)}, ${addrHex(limit)}) is not wholly in the land`);
    }
    const blockBase = bases[i]!;
    const blockLimit = limits[i]!;
    rangeReturn.set(blockBase, blockLimit);
    this.deleteFromBlock(i, base, limit);
  }

  /** Delete [base, limit) from the block at index `i`, which contains it; `failWith` if a split is over budget. */
  private deleteFromBlock(i: number, base: Addr, limit: Addr): void {
    const bases = this.bases;
    const limits = this.limits;
    const blockBase = bases[i]!;
    const blockLimit = limits[i]!;
    if (base === blockBase && limit === blockLimit) {
      this.removeAt(i);
    } else if (base === blockBase) {
      bases[i] = limit;
    } else if (limit === blockLimit) {
      limits[i] = base;
    } else {
      if (bases.length + 1 > this.maxRanges) {
        throw new MpsError(this.failWith, `ArrayLand: deleting [${addrHex(base)}, ${addrHex(limit)}) splits a block beyond the budget of ${this.maxRanges}`);
      }
      limits[i] = base;
      this.insertAt(i + 1, limit, blockLimit);
    }
    this.total -= limit - base;
  }

  /** Visit the ranges in order. */
  protected override iterateMethod(visitor: LandVisitor): boolean {
    const bases = this.bases;
    const limits = this.limits;
    for (let i = 0; i < bases.length; i++) {
      if (!visitor(bases[i]!, limits[i]!)) return false;
    }
    return true;
  }

  /** Visit the ranges in order, compacting the arrays over those deleted. */
  protected override iterateAndDeleteMethod(visitor: LandDeleteVisitor): boolean {
    const bases = this.bases;
    const limits = this.limits;
    const n = bases.length;
    let w = 0;
    let i = 0;
    let stopped = false;
    try {
      while (i < n) {
        const b = bases[i]!;
        const l = limits[i]!;
        const flags = visitor(b, l);
        i++;
        if ((flags & VISIT_DELETE) !== 0) {
          this.total -= l - b;
        } else {
          bases[w] = b;
          limits[w] = l;
          w++;
        }
        if ((flags & VISIT_STOP) !== 0) {
          stopped = true;
          break;
        }
      }
    } finally {
      // Keep the ranges not visited (also if the visitor threw).
      while (i < n) {
        bases[w] = bases[i]!;
        limits[w] = limits[i]!;
        w++;
        i++;
      }
      bases.length = w;
      limits.length = w;
    }
    return !stopped;
  }

  /** Set the two ranges for the block at `i` and delete what `findDelete` says. */
  private findDeleteFromBlock(rangeReturn: Range, oldRangeReturn: Range, i: number, size: Size, findDelete: FindDelete): void {
    const blockBase = this.bases[i]!;
    const blockLimit = this.limits[i]!;
    oldRangeReturn.set(blockBase, blockLimit);
    switch (findDelete) {
      case FindDelete.NONE:
        rangeReturn.set(blockBase, blockLimit);
        return;
      case FindDelete.LOW:
        rangeReturn.set(blockBase, blockBase + size);
        break;
      case FindDelete.HIGH:
        rangeReturn.set(blockLimit - size, blockLimit);
        break;
      default:
        rangeReturn.set(blockBase, blockLimit);
        break;
    }
    // Deleting from one end never splits, so this cannot need a new range.
    this.deleteFromBlock(i, rangeReturn.base, rangeReturn.limit);
  }

  /** A linear scan from the bottom. */
  protected override findFirstMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const bases = this.bases;
    const limits = this.limits;
    for (let i = 0; i < bases.length; i++) {
      if (limits[i]! - bases[i]! >= size) {
        this.findDeleteFromBlock(rangeReturn, oldRangeReturn, i, size, findDelete);
        return true;
      }
    }
    return false;
  }

  /** A linear scan from the top. */
  protected override findLastMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const bases = this.bases;
    const limits = this.limits;
    for (let i = bases.length - 1; i >= 0; i--) {
      if (limits[i]! - bases[i]! >= size) {
        this.findDeleteFromBlock(rangeReturn, oldRangeReturn, i, size, findDelete);
        return true;
      }
    }
    return false;
  }

  /** A linear scan for the largest, the first of equals. */
  protected override findLargestMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const bases = this.bases;
    const limits = this.limits;
    let best = -1;
    let bestSize = size;
    for (let i = 0; i < bases.length; i++) {
      const s = limits[i]! - bases[i]!;
      if (s >= bestSize && (best < 0 || s > bestSize)) {
        best = i;
        bestSize = s;
      }
    }
    if (best < 0) return false;
    // LOW and HIGH of the whole block are the whole block.
    this.findDeleteFromBlock(rangeReturn, oldRangeReturn, best, bestSize, findDelete);
    return true;
  }

  /** A linear scan with the zone search on each range; a split beyond the budget throws `failWith`. */
  protected override findInZonesMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    const bases = this.bases;
    const limits = this.limits;
    const n = bases.length;
    for (let k = 0; k < n; k++) {
      const i = high ? n - 1 - k : k;
      const b = high
        ? rangeInZoneSetLast(bases[i]!, limits[i]!, zoneSet, size, this.zoneShift, this.alignment)
        : rangeInZoneSetFirst(bases[i]!, limits[i]!, zoneSet, size, this.zoneShift, this.alignment);
      if (b >= 0) {
        const blockBase = bases[i]!;
        const blockLimit = limits[i]!;
        this.deleteFromBlock(i, b, b + size); // may throw failWith, changing nothing
        oldRangeReturn.set(blockBase, blockLimit);
        rangeReturn.set(b, b + size);
        return true;
      }
    }
    return false;
  }

  /** Drop the ranges. */
  protected override finishMethod(): void {
    this.bases.length = 0;
    this.limits.length = 0;
    this.total = 0;
    this.arrayLandSig = SIG_INVALID;
  }

  /** Check the fields, and at cool that the ranges are sorted, isolated, aligned and add up. */
  protected override checkMethod(): boolean {
    checkL(this.arrayLandSig === SIG_ARRAY_LAND, "ArrayLand: bad signature");
    checkL(this.maxRanges === Infinity || (Number.isInteger(this.maxRanges) && this.maxRanges >= 0), "ArrayLand.maxRanges is a count");
    checkL(this.failWith === "RESOURCE" || this.failWith === "MEMORY" || this.failWith === "COMMIT_LIMIT", "ArrayLand.failWith is an allocation failure");
    checkL(this.bases.length === this.limits.length, "ArrayLand: bases and limits have the same length");
    if (COOL) {
      let sum = 0;
      let prevLimit = -1;
      for (let i = 0; i < this.bases.length; i++) {
        const b = this.bases[i]!;
        const l = this.limits[i]!;
        checkL(b < l, "ArrayLand: ranges are not empty");
        checkL(b > prevLimit, "ArrayLand: ranges are sorted and isolated");
        checkL(isAligned(b, this.alignment) && isAligned(l, this.alignment), "ArrayLand: ranges are aligned");
        sum += l - b;
        prevLimit = l;
      }
      checkL(prevLimit <= 2 ** 32, "ArrayLand: ranges are below 2^32");
      checkL(sum === this.total, "ArrayLand: size is the sum of the ranges");
    }
    return true;
  }

  /** The count, the budget and the ranges. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `ranges ${this.bases.length}, maxRanges ${this.maxRanges}, failWith ${this.failWith}`);
    for (let i = 0; i < this.bases.length; i++) {
      const b = this.bases[i]!;
      const l = this.limits[i]!;
      describeLine(stream, depth, `[${addrHex(b)}, ${addrHex(l)}) ${l - b}`);
    }
  }
}
