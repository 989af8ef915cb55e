/**
 * The record of splatted free ranges a debugging pool keeps: disjoint
 * ranges in address order, each with the address, size and tag of the freed
 * block it came from, so that damage found in free space can name the
 * block. See docs/design/dbg.md `.impl.free-record`.
 * .critical: none (debug pools only).
 */

import { type Addr, type Size, aver } from "@mps/mpm";

/** Ranges per chunk after a split; a chunk splits when it reaches twice this. */
const CHUNK = 128;

/** A run of consecutive ranges, in parallel arrays. */
class Chunk {
  bases: number[] = [];
  limits: number[] = [];
  addrs: number[] = [];
  sizes: number[] = [];
  tags: number[] = [];

  insert(i: number, base: Addr, limit: Addr, addr: Addr, size: Size, tag: number): void {
    this.bases.splice(i, 0, base);
    this.limits.splice(i, 0, limit);
    this.addrs.splice(i, 0, addr);
    this.sizes.splice(i, 0, size);
    this.tags.splice(i, 0, tag);
  }

  delete(i: number): void {
    this.bases.splice(i, 1);
    this.limits.splice(i, 1);
    this.addrs.splice(i, 1);
    this.sizes.splice(i, 1);
    this.tags.splice(i, 1);
  }

  /** Move the entries from `i` on into a new chunk, and return it. */
  splitAt(i: number): Chunk {
    const c = new Chunk();
    c.bases = this.bases.splice(i);
    c.limits = this.limits.splice(i);
    c.addrs = this.addrs.splice(i);
    c.sizes = this.sizes.splice(i);
    c.tags = this.tags.splice(i);
    return c;
  }
}

/**
 * Disjoint ranges [base, limit) in address order, each labelled with the
 * client address, size and tag of the block it was freed from (all 0 for
 * free space no allocation handed out).
 *
 * @remarks
 * The ranges are kept in chunks of at most 256, themselves in order, so
 * finding a range is two binary searches and an update moves at most one
 * chunk's entries (and, rarely, the list of chunks). Reading goes through a
 * cursor kept in the record: {@link FreeRecord.seek} positions it,
 * {@link FreeRecord.next} advances it, and `curBase`, `curLimit`, `curAddr`,
 * `curSize` and `curTag` read the range under it; any update invalidates it.
 * @public
 */
export class FreeRecord {
  private chunks: Chunk[] = [];
  private n = 0;
  private ci = 0;
  private ei = 0;

  /** The number of ranges. */
  get count(): number {
    return this.n;
  }

  /** Bytes recorded. */
  size(): Size {
    let s = 0;
    for (const c of this.chunks) for (let i = 0; i < c.bases.length; i++) s += c.limits[i]! - c.bases[i]!;
    return s;
  }

  /**
   * Put the cursor on the first range whose limit is above `a`; false if
   * there is none (the cursor is then past the end).
   */
  seek(a: Addr): boolean {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ls = chunks[mid]!.limits;
      if (ls[ls.length - 1]! <= a) lo = mid + 1;
      else hi = mid;
    }
    this.ci = lo;
    if (lo === chunks.length) {
      this.ei = 0;
      return false;
    }
    const ls = chunks[lo]!.limits;
    let l = 0;
    let h = ls.length;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (ls[mid]! <= a) l = mid + 1;
      else h = mid;
    }
    this.ei = l;
    return true;
  }

  /** Move the cursor to the next range; false at the end. */
  next(): boolean {
    const c = this.chunks[this.ci];
    if (c === undefined) return false;
    if (++this.ei < c.bases.length) return true;
    this.ei = 0;
    return ++this.ci < this.chunks.length;
  }

  /** The base of the range under the cursor. */
  get curBase(): Addr {
    return this.chunks[this.ci]!.bases[this.ei]!;
  }

  /** The limit of the range under the cursor. */
  get curLimit(): Addr {
    return this.chunks[this.ci]!.limits[this.ei]!;
  }

  /** The client address of the block the range under the cursor was freed from, or 0. */
  get curAddr(): Addr {
    return this.chunks[this.ci]!.addrs[this.ei]!;
  }

  /** The client size of the block the range under the cursor was freed from, or 0. */
  get curSize(): Size {
    return this.chunks[this.ci]!.sizes[this.ei]!;
  }

  /** The tag of the block the range under the cursor was freed from, or 0. */
  get curTag(): number {
    return this.chunks[this.ci]!.tags[this.ei]!;
  }

  /** Does any recorded range overlap [base, limit)? */
  overlaps(base: Addr, limit: Addr): boolean {
    return this.seek(base) && this.curBase < limit;
  }

  /** Record [base, limit), which MUST be non-empty and overlap no recorded range. */
  add(base: Addr, limit: Addr, addr: Addr, size: Size, tag: number): void {
    const found = this.seek(base);
    aver(base < limit && (!found || limit <= this.curBase), "FreeRecord.add: the range is new and not empty");
    const chunks = this.chunks;
    if (chunks.length === 0) chunks.push(new Chunk());
    let ci = this.ci;
    let ei = this.ei;
    if (ci === chunks.length) {
      ci--;
      ei = chunks[ci]!.bases.length;
    }
    const c = chunks[ci]!;
    c.insert(ei, base, limit, addr, size, tag);
    this.n++;
    if (c.bases.length >= 2 * CHUNK) chunks.splice(ci + 1, 0, c.splitAt(CHUNK));
  }

  /** Forget [base, limit): ranges inside it go, ranges across its ends keep their outer parts. */
  remove(base: Addr, limit: Addr): void {
    while (this.seek(base)) {
      const c = this.chunks[this.ci]!;
      const i = this.ei;
      const b = c.bases[i]!;
      const l = c.limits[i]!;
      if (b >= limit) return;
      if (b < base && l > limit) {
        // The range spans [base, limit): keep both ends.
        c.limits[i] = base;
        this.add(limit, l, c.addrs[i]!, c.sizes[i]!, c.tags[i]!);
        return;
      }
      if (b < base) {
        c.limits[i] = base; // keep the left end; go on from there
        continue;
      }
      if (l > limit) {
        c.bases[i] = limit; // keep the right end
        return;
      }
      c.delete(i);
      this.n--;
      if (c.bases.length === 0) this.chunks.splice(this.ci, 1);
    }
  }

  /** Keep only the parts of ranges in grains for which `keep(grainBase)` holds. */
  filterGrains(grain: number, keep: (a: Addr) => boolean): void {
    const old = this.chunks;
    this.clear();
    for (const c of old) {
      for (let i = 0; i < c.bases.length; i++) {
        const b = c.bases[i]!, l = c.limits[i]!;
        let start = -1;
        for (let g = b - (b % grain); g < l; g += grain) {
          const lo = g < b ? b : g;
          if (keep(g)) {
            if (start < 0) start = lo;
          } else if (start >= 0) {
            this.add(start, lo, c.addrs[i]!, c.sizes[i]!, c.tags[i]!);
            start = -1;
          }
        }
        if (start >= 0) this.add(start, l, c.addrs[i]!, c.sizes[i]!, c.tags[i]!);
      }
    }
  }

  /** Forget everything. */
  clear(): void {
    this.chunks = [];
    this.n = 0;
    this.ci = 0;
    this.ei = 0;
  }

  /** The ranges are non-empty, disjoint and in order, the chunks are not empty, and the count is right. */
  check(): boolean {
    let n = 0;
    let prev = -1;
    for (const c of this.chunks) {
      const len = c.bases.length;
      aver(len > 0 && len < 2 * CHUNK, "FreeRecord: chunks are not empty and not over-full");
      aver(c.limits.length === len && c.addrs.length === len && c.sizes.length === len && c.tags.length === len, "FreeRecord: the arrays agree");
      for (let i = 0; i < len; i++) {
        aver(c.bases[i]! < c.limits[i]!, "FreeRecord: ranges are not empty");
        aver(prev <= c.bases[i]!, "FreeRecord: ranges are disjoint and in order");
        prev = c.limits[i]!;
      }
      n += len;
    }
    aver(n === this.n, "FreeRecord: the count is right");
    return true;
  }
}
