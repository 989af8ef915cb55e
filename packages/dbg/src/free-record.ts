/**
 * The record of splatted free ranges a debugging pool keeps: disjoint
 * ranges in address order, each with the address and tag of the freed
 * block it came from, so that damage found in free space can name the
 * block. See docs/design/dbg.md `.impl.free-record`.
 * .critical: none (debug pools only).
 */

import { type Addr, COOL, aver } from "@mps/mpm";

/**
 * Disjoint ranges [base, limit) in address order, each labelled with the
 * client address and tag of the block it was freed from (0 and 0 for free
 * space that no allocation handed out). Kept in parallel arrays; lookups are
 * binary searches, updates move the tail of the arrays.
 * @public
 */
export class FreeRecord {
  /** The ranges' bases, ascending. */
  bases: number[] = [];
  /** The ranges' limits (ascending too, since the ranges are disjoint). */
  limits: number[] = [];
  /** The client address of the freed block each range came from, or 0. */
  addrs: number[] = [];
  /** The tag of the freed block each range came from, or 0. */
  tags: number[] = [];
  /** The client size of the freed block each range came from, or 0. */
  sizes: number[] = [];

  /** The number of ranges. */
  get count(): number {
    return this.bases.length;
  }

  /** Bytes recorded. */
  size(): number {
    let s = 0;
    for (let i = 0; i < this.bases.length; i++) s += this.limits[i]! - this.bases[i]!;
    return s;
  }

  /** The index of the first range whose limit is above `a` (the count if none). */
  firstAbove(a: Addr): number {
    const limits = this.limits;
    let lo = 0;
    let hi = limits.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (limits[mid]! <= a) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Does any recorded range overlap [base, limit)? */
  overlaps(base: Addr, limit: Addr): boolean {
    const i = this.firstAbove(base);
    return i < this.bases.length && this.bases[i]! < limit;
  }

  /** Record [base, limit), which MUST NOT overlap a recorded range. */
  add(base: Addr, limit: Addr, addr: Addr, size: number, tag: number): void {
    const i = this.firstAbove(base);
    if (COOL) aver(base < limit && (i === this.bases.length || limit <= this.bases[i]!), "FreeRecord.add: the range is new");
    this.bases.splice(i, 0, base);
    this.limits.splice(i, 0, limit);
    this.addrs.splice(i, 0, addr);
    this.sizes.splice(i, 0, size);
    this.tags.splice(i, 0, tag);
  }

  /** Forget [base, limit): ranges inside it go, ranges across its ends keep their outer parts. */
  remove(base: Addr, limit: Addr): void {
    const i = this.firstAbove(base);
    let j = i;
    const n = this.bases.length;
    while (j < n && this.bases[j]! < limit) j++;
    if (i === j) return;
    const keepLeft = this.bases[i]! < base;
    const keepRight = this.limits[j - 1]! > limit;
    const rBase = limit, rLimit = this.limits[j - 1]!, rAddr = this.addrs[j - 1]!, rSize = this.sizes[j - 1]!, rTag = this.tags[j - 1]!;
    let from = i;
    if (keepLeft) {
      this.limits[i] = base;
      from = i + 1;
    }
    if (from < j) {
      const del = j - from;
      this.bases.splice(from, del);
      this.limits.splice(from, del);
      this.addrs.splice(from, del);
      this.sizes.splice(from, del);
      this.tags.splice(from, del);
    }
    if (keepRight) {
      // The right part of the last overlapping range (perhaps the one cut on the left too) goes where it was.
      this.bases.splice(from, 0, rBase);
      this.limits.splice(from, 0, rLimit);
      this.addrs.splice(from, 0, rAddr);
      this.sizes.splice(from, 0, rSize);
      this.tags.splice(from, 0, rTag);
    }
  }

  /** Keep only the parts of ranges for which `keep(grainBase)` holds for every grain, grain by grain. */
  filterGrains(grain: number, keep: (a: Addr) => boolean): void {
    const bases: number[] = [], limits: number[] = [], addrs: number[] = [], sizes: number[] = [], tags: number[] = [];
    for (let i = 0; i < this.bases.length; i++) {
      const b = this.bases[i]!, l = this.limits[i]!;
      let start = -1;
      for (let g = b - (b % grain); g < l; g += grain) {
        const lo = g < b ? b : g;
        if (keep(g)) {
          if (start < 0) start = lo;
        } else if (start >= 0) {
          bases.push(start); limits.push(lo); addrs.push(this.addrs[i]!); sizes.push(this.sizes[i]!); tags.push(this.tags[i]!);
          start = -1;
        }
      }
      if (start >= 0) {
        bases.push(start); limits.push(l); addrs.push(this.addrs[i]!); sizes.push(this.sizes[i]!); tags.push(this.tags[i]!);
      }
    }
    this.replace(bases, limits, addrs, sizes, tags);
  }

  /** Forget everything. */
  clear(): void {
    this.replace([], [], [], [], []);
  }

  private replace(bases: number[], limits: number[], addrs: number[], sizes: number[], tags: number[]): void {
    this.bases = bases;
    this.limits = limits;
    this.addrs = addrs;
    this.sizes = sizes;
    this.tags = tags;
  }

  /** The ranges are non-empty, disjoint and in order. */
  check(): boolean {
    const n = this.bases.length;
    aver(this.limits.length === n && this.addrs.length === n && this.tags.length === n && this.sizes.length === n, "FreeRecord: the arrays agree");
    for (let i = 0; i < n; i++) {
      aver(this.bases[i]! < this.limits[i]!, "FreeRecord: ranges are not empty");
      if (i > 0) aver(this.limits[i - 1]! <= this.bases[i]!, "FreeRecord: ranges are disjoint and in order");
    }
    return true;
  }
}
