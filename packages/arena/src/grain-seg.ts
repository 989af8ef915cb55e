/**
 * The grain segment: the part the non-moving automatic pools (AMS, AWL, LO)
 * share. Such a segment is cut into grains of the pool's alignment, keeps an
 * allocation bit per grain and four grain counts that mirror its pool
 * generation's accounts, fills buffers from its first run of free grains
 * that is long enough, and is never split or merged (the MPS's
 * `SegClassMixInNoSplitMerge`). Colour tables stay with each pool.
 * See docs/design/arena.md `.seg.grain`.
 * .critical: addrOfIndex, indexOfAddr (per object in scans, fixes, reclaims).
 */

import { type Addr, type ObjectFormat, type Size, type WriteStream, COOL, MpsError, aver, checkL, describeLine } from "@mps/mpm";
import { type BT, btCountResRange, btCreate, btFindRes, btFindSet, btGet, btSetRange } from "@mps/bt";
import type { Range } from "@mps/land";
import type { PoolGen } from "./chain.js";
import type { Pool } from "./pool.js";
import { GCSeg, type SegOpts } from "./seg.js";

/**
 * What a {@link GrainSeg} needs from its pool.
 * @public
 */
export interface GrainSegPool extends Pool {
  /** The pool's generation: every segment is allocated into it, and its grain counts mirror the generation's accounts. */
  readonly pgen: PoolGen;
  /** log2 of the pool's alignment: a grain index is `(addr - seg.base) >>> grainShift`. */
  readonly grainShift: number;
}

/**
 * A segment of grains with an allocation table, for a non-moving automatic
 * pool. Subclasses add their colour tables and the collector's protocol.
 *
 * @remarks
 * `freeGrains + bufferedGrains + newGrains + oldGrains === grains` always:
 * free grains are not allocated; buffered grains are in the region of an
 * attached buffer; new grains hold objects allocated since the segment was
 * last condemned, old grains the rest.
 * @public
 */
export abstract class GrainSeg extends GCSeg {
  /** The pool, as a pool of grain segments. */
  readonly grainPool: GrainSegPool;
  /** log2 of the grain size (the pool's alignment). */
  readonly grainShift: number;
  /** The number of grains in the segment. */
  readonly grains: number;
  /** Grains that are free. */
  freeGrains: number;
  /** Grains in the region of an attached buffer, not yet condemned. */
  bufferedGrains = 0;
  /** Grains of objects allocated since the segment was last condemned. */
  newGrains = 0;
  /** Grains of objects allocated before the segment was last condemned. */
  oldGrains = 0;
  /** Set for each allocated grain (in an object, or in an attached buffer's region). */
  readonly allocTable: BT;

  /** Every grain free. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.grainPool = pool as GrainSegPool;
    this.grainShift = this.grainPool.grainShift;
    this.grains = size >>> this.grainShift;
    this.freeGrains = this.grains;
    this.allocTable = btCreate(this.grains);
  }

  /** The address of grain `i`. */
  addrOfIndex(i: number): Addr {
    return this.base + i * (1 << this.grainShift);
  }

  /** The index of the grain containing `addr` (in the segment). */
  indexOfAddr(addr: Addr): number {
    return (addr - this.base) >>> this.grainShift;
  }

  /** Is grain `i` allocated? */
  isAllocated(i: number): boolean {
    return btGet(this.allocTable, i);
  }

  /** Bytes in `grains` grains. */
  protected bytes(grains: number): Size {
    return grains * (1 << this.grainShift);
  }

  /**
   * The grain index just past the object whose first grain is `i` (the
   * format's skip). Checked at every level: a skip that does not advance (a
   * corrupt object, or an exact reference into the middle of one at `hot`)
   * would loop for ever.
   */
  protected objectLimitIndex(format: ObjectFormat, i: number): number {
    const h = format.headerSize;
    const p = this.addrOfIndex(i);
    const next = format.skip(p + h) - h;
    if (!(next > p && next <= this.limit)) aver(false, `${this.constructor.name}: the format's skip advances and stays in the segment`);
    return this.indexOfAddr(next);
  }

  /**
   * The first fit of a buffer fill: the first run of free grains at least
   * `requested` long, whole. Returns its first grain and sets `rangeReturn`
   * to its addresses; or returns -1. Changes nothing: the caller checks the
   * run if it must, then takes it with {@link GrainSeg.takeRun}.
   */
  protected firstFreeRun(rangeReturn: Range, requested: number): number {
    let base = -1;
    let limit = 0;
    if (this.freeGrains === this.grains) {
      base = 0;
      limit = this.grains;
    } else {
      let i = 0;
      while (i < this.grains) {
        const s = btFindRes(this.allocTable, i, this.grains);
        if (s < 0) break;
        let e = btFindSet(this.allocTable, s, this.grains);
        if (e < 0) e = this.grains;
        if (e - s >= requested) {
          base = s;
          limit = e;
          break;
        }
        i = e;
      }
      if (base < 0) return -1;
    }
    rangeReturn.base = this.addrOfIndex(base);
    rangeReturn.limit = this.addrOfIndex(limit);
    return base;
  }

  /** Take the free grains [base, limit) for a buffer: allocated, counted as buffered, accounted to the generation as filled. */
  protected takeRun(base: number, limit: number): void {
    btSetRange(this.allocTable, base, limit);
    const n = limit - base;
    this.freeGrains -= n;
    this.bufferedGrains += n;
    this.grainPool.pgen.accountForFill(this.bytes(n));
  }

  /** The free blocks of the segment (the runs of free grains), for `freeWalk`. */
  freeRuns(visit: (base: Addr, limit: Addr) => void): void {
    let i = 0;
    while (i < this.grains) {
      const s = btFindRes(this.allocTable, i, this.grains);
      if (s < 0) break;
      let e = btFindSet(this.allocTable, s, this.grains);
      if (e < 0) e = this.grains;
      visit(this.addrOfIndex(s), this.addrOfIndex(e));
      i = e;
    }
  }

  /** Grain segments are not split (`SegClassMixInNoSplitMerge`). Throws `UNIMPL`. */
  protected override splitMethod(_hi: GCSeg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", `${this.constructor.name}: segments of ${this.pool.className} pools are not split`);
  }

  /** Grain segments are not merged (`SegClassMixInNoSplitMerge`). Throws `UNIMPL`. */
  protected override mergeMethod(_hi: GCSeg, _base: Addr, _mid: Addr, _limit: Addr): void {
    throw new MpsError("UNIMPL", `${this.constructor.name}: segments of ${this.pool.className} pools are not merged`);
  }

  /** The grain counts add up and agree with the allocation table; the segment is in its pool's generation. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    const name = this.constructor.name;
    checkL(this.grains === this.size() >>> this.grainShift && this.grains > 0, `${name}: grains is the segment's size in grains`);
    checkL(this.freeGrains + this.bufferedGrains + this.newGrains + this.oldGrains === this.grains, `${name}: the grain counts add up`);
    checkL(this.pgen === this.grainPool.pgen, `${name}: the segment is in the pool's generation`);
    if (COOL) checkL(btCountResRange(this.allocTable, 0, this.grains) === this.freeGrains, `${name}: the free grains are those not allocated`);
    return true;
  }

  /** Writes the grain counts. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `grains ${this.grains} free ${this.freeGrains} buffered ${this.bufferedGrains} new ${this.newGrains} old ${this.oldGrains}`);
  }
}
