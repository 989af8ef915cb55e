/**
 * Freelist (design.mps.freelist): a land that keeps its address-ordered
 * list of isolated ranges inside the free memory itself, so that it never
 * needs memory of its own and never fails with RESOURCE.
 * See docs/design/land.md `.freelist`.
 * .critical: insertMethod, deleteMethod, findFirstMethod, findLastMethod, findLargestMethod (list walks).
 */

import {
  type Addr, type Align, type Size, type ZoneSet, type WriteStream, ADDR_LIMIT, COOL, SIG_INVALID, WORD_SIZE, addrHex, checkL, defineSig, describeLine, isAligned, paramError,
} from "@mps/mpm";
import { FindDelete, Land, type LandDeleteVisitor, type LandOpts, type LandVisitor, VISIT_DELETE, VISIT_STOP } from "./land.js";
import type { Range } from "./range.js";
import { rangeInZoneSetFirst, rangeInZoneSetLast } from "./zone-search.js";

/**
 * The signature of a live {@link Freelist}.
 * @public
 */
export const SIG_FREELIST = defineSig("Freelist", 0x519f4ee1);

/**
 * The smallest alignment a {@link Freelist} accepts: one 4-byte word, the
 * room a one-unit block needs for its tagged next pointer
 * (docs/design/land.md `.freelist.align`).
 * @public
 */
export const FREELIST_MIN_ALIGN: Align = WORD_SIZE;

/**
 * The memory a {@link Freelist} writes its list into: an object whose `u32`
 * is a view of the arena's buffer, word `i` holding bytes [4i, 4i + 4). The
 * Freelist reads `u32` afresh at the start of every operation (and after
 * every visitor call), so the owner may replace the buffer when it grows.
 * @public
 */
export interface MemoryView {
  /** The words of memory: address `a` (a multiple of 4) is word `a >>> 2`. */
  readonly u32: Uint32Array;
}

/**
 * Options of a {@link Freelist}: those of every land. The alignment must be
 * a multiple of {@link FREELIST_MIN_ALIGN}.
 * @public
 */
export type FreelistOpts = LandOpts;

// The end of the list. In memory it is stored as 0 (a next pointer is always
// above its own block, so 0 is never a real one); in variables it is 2^32,
// which compares above every block, and which u32 stores as 0 anyway.
const END = ADDR_LIMIT;

// Bit 0 of a block's first word: set when the block is exactly one alignment
// unit and so stores no limit (design.mps.freelist.impl.tag).
const TAG_SMALL = 1;

/**
 * A land whose ranges are kept on an address-ordered, singly linked list
 * threaded through the free blocks (design.mps.freelist).
 *
 * @remarks
 * Each block's first word holds the address of the next block, with bit 0
 * set if the block is one alignment unit long; a longer block's second word
 * holds its limit. Operations take time proportional to the number of
 * blocks. Address 0 may be in the land (the null that ends the list is a
 * next pointer, which never points down to 0), and so may the top of the
 * address space (a limit of 2^32 is stored as 0). Every range must lie
 * inside the memory view. Insert never fails for want of memory; no
 * operation throws `RESOURCE`.
 * @public
 */
export class Freelist extends Land {
  /** {@link SIG_FREELIST} while live, SIG_INVALID once finished. */
  freelistSig: number = SIG_INVALID;
  /** The memory the list lives in. */
  readonly memory: MemoryView;
  private list: Addr = END;
  private listSize = 0;
  private total: Size = 0;

  /**
   * Make an empty free list whose blocks will be written into `memory`.
   * Throws `PARAM` if the alignment is not a multiple of {@link FREELIST_MIN_ALIGN}.
   */
  constructor(memory: MemoryView, opts: FreelistOpts = {}) {
    super(opts);
    if (this.alignment < FREELIST_MIN_ALIGN) {
      paramError(`Freelist: alignment ${this.alignment} is below the minimum of ${FREELIST_MIN_ALIGN} (one word)`);
    }
    if (memory == null || memory.u32 == null || typeof memory.u32.length !== "number") {
      paramError("Freelist: memory must be an object with a u32 view");
    }
    this.memory = memory;
    this.freelistSig = SIG_FREELIST;
  }

  /** `"Freelist"`. */
  get className(): string {
    return "Freelist";
  }

  /** The number of blocks on the list. */
  get blockCount(): number {
    return this.listSize;
  }

  // ----- blocks in memory -----------------------------------------------------

  /** The block after the one at `block`, or END. */
  private static next(u32: Uint32Array, block: Addr): Addr {
    return (u32[block >>> 2]! & ~TAG_SMALL) >>> 0 || END;
  }

  /** The limit of the block at `block`. */
  private limitOf(u32: Uint32Array, block: Addr): Addr {
    const w = block >>> 2;
    return (u32[w]! & TAG_SMALL) !== 0 ? block + this.alignment : u32[w + 1]! || END;
  }

  /** Write a block header at `base` describing [base, limit) followed by `next`. */
  private writeBlock(u32: Uint32Array, base: Addr, limit: Addr, next: Addr): void {
    const w = base >>> 2;
    if (limit - base === this.alignment) {
      u32[w] = next | TAG_SMALL;
    } else {
      u32[w] = next;
      u32[w + 1] = limit;
    }
  }

  /** Change the limit of the block at `base`, keeping its next pointer. */
  private setLimit(u32: Uint32Array, base: Addr, limit: Addr): void {
    this.writeBlock(u32, base, limit, Freelist.next(u32, base));
  }

  /** Make `next` follow `prev` (or head the list if `prev` is END). */
  private link(u32: Uint32Array, prev: Addr, next: Addr): void {
    if (prev === END) {
      this.list = next;
    } else {
      const w = prev >>> 2;
      u32[w] = next | (u32[w]! & TAG_SMALL);
    }
  }

  // ----- the class's methods ------------------------------------------------

  /** The total size, kept as a count. */
  protected override sizeMethod(): Size {
    return this.total;
  }

  /** Walk to the insertion point, refusing an overlap, and join the neighbours (design.mps.freelist.impl.merge). */
  protected override insertMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const u32 = this.memory.u32;
    if (limit > u32.length * 4) {
      paramError(`Freelist.insert: [${addrHex(base)}, ${addrHex(limit)}) is not inside its memory of ${u32.length * 4} bytes`);
    }
    let prev = END;
    let prevLimit = 0;
    let cur = this.list;
    while (cur !== END) {
      if (limit <= cur) break;
      const curLimit = this.limitOf(u32, cur);
      if (base < curLimit) {
        paramError(`Freelist.insert: [${addrHex(base)}, ${addrHex(limit)}) overlaps [${addrHex(cur)}, ${addrHex(curLimit)}) already in the land`);
      }
      prev = cur;
      prevLimit = curLimit;
      cur = Freelist.next(u32, cur);
    }
    // Nothing overlaps; prev is the block before the range and cur the one after.
    const left = prev !== END && prevLimit === base;
    const right = cur !== END && cur === limit;
    let newBase = base;
    let newLimit = limit;
    if (left && right) {
      newBase = prev;
      newLimit = this.limitOf(u32, cur);
      this.writeBlock(u32, prev, newLimit, Freelist.next(u32, cur));
      this.listSize--;
    } else if (left) {
      newBase = prev;
      this.setLimit(u32, prev, limit);
    } else if (right) {
      newLimit = this.limitOf(u32, cur);
      this.writeBlock(u32, base, newLimit, Freelist.next(u32, cur));
      this.link(u32, prev, base);
    } else {
      this.writeBlock(u32, base, limit, cur);
      this.link(u32, prev, base);
      this.listSize++;
    }
    this.total += limit - base;
    rangeReturn.set(newBase, newLimit);
  }

  /** Delete [base, limit) from `block` (which contains it, and follows `prev`). */
  private deleteFromBlock(u32: Uint32Array, base: Addr, limit: Addr, prev: Addr, block: Addr, blockLimit: Addr): void {
    const next = Freelist.next(u32, block);
    if (base === block && limit === blockLimit) {
      this.link(u32, prev, next);
      this.listSize--;
    } else if (base === block) {
      this.writeBlock(u32, limit, blockLimit, next);
      this.link(u32, prev, limit);
    } else if (limit === blockLimit) {
      this.writeBlock(u32, block, base, next);
    } else {
      this.writeBlock(u32, limit, blockLimit, next);
      this.writeBlock(u32, block, base, limit);
      this.listSize++;
    }
    this.total -= limit - base;
  }

  /** Walk to the block containing the range and cut it out; splitting needs no memory. */
  protected override deleteMethod(rangeReturn: Range, base: Addr, limit: Addr): void {
    const u32 = this.memory.u32;
    let prev = END;
    let cur = this.list;
    while (cur !== END && cur <= base) {
      const curLimit = this.limitOf(u32, cur);
      if (base < curLimit) {
        if (limit > curLimit) break; // runs past the block: not wholly in the land
        this.deleteFromBlock(u32, base, limit, prev, cur, curLimit);
        rangeReturn.set(cur, curLimit);
        return;
      }
      prev = cur;
      cur = Freelist.next(u32, cur);
    }
    paramError(`Freelist.delete: [${addrHex(base)}, ${addrHex(limit)}) is not wholly in the land`);
  }

  /** Visit the blocks in list order, reading each next pointer before the visitor runs. */
  protected override iterateMethod(visitor: LandVisitor): boolean {
    let cur = this.list;
    while (cur !== END) {
      const u32 = this.memory.u32; // the visitor may have replaced the buffer
      // Read the next block before the visitor runs (design.mps.freelist .next.first).
      const next = Freelist.next(u32, cur);
      if (!visitor(cur, this.limitOf(u32, cur))) return false;
      cur = next;
    }
    return true;
  }

  /** Visit the blocks in list order, unlinking those the visitor deletes. */
  protected override iterateAndDeleteMethod(visitor: LandDeleteVisitor): boolean {
    let prev = END;
    let cur = this.list;
    while (cur !== END) {
      let u32 = this.memory.u32;
      const next = Freelist.next(u32, cur);
      const curLimit = this.limitOf(u32, cur);
      const flags = visitor(cur, curLimit);
      if ((flags & VISIT_DELETE) !== 0) {
        u32 = this.memory.u32;
        this.link(u32, prev, next);
        this.listSize--;
        this.total -= curLimit - cur;
      } else {
        prev = cur;
      }
      if ((flags & VISIT_STOP) !== 0) return false;
      cur = next;
    }
    return true;
  }

  /** Set the result ranges for `block` and delete what `findDelete` says. */
  private findDeleteFromBlock(
    u32: Uint32Array, rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete,
    prev: Addr, block: Addr, blockLimit: Addr,
  ): void {
    let base = block;
    let limit = blockLimit;
    if (findDelete === FindDelete.LOW) limit = block + size;
    else if (findDelete === FindDelete.HIGH) base = blockLimit - size;
    if (findDelete !== FindDelete.NONE) this.deleteFromBlock(u32, base, limit, prev, block, blockLimit);
    rangeReturn.set(base, limit);
    oldRangeReturn.set(block, blockLimit);
  }

  /** The first block on the list that is large enough. */
  protected override findFirstMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const u32 = this.memory.u32;
    let prev = END;
    let cur = this.list;
    while (cur !== END) {
      const curLimit = this.limitOf(u32, cur);
      if (curLimit - cur >= size) {
        this.findDeleteFromBlock(u32, rangeReturn, oldRangeReturn, size, findDelete, prev, cur, curLimit);
        return true;
      }
      prev = cur;
      cur = Freelist.next(u32, cur);
    }
    return false;
  }

  /** The last block on the list that is large enough (a full walk: the list is singly linked). */
  protected override findLastMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const u32 = this.memory.u32;
    let foundPrev = END;
    let found = END;
    let foundLimit = 0;
    let prev = END;
    let cur = this.list;
    while (cur !== END) {
      const curLimit = this.limitOf(u32, cur);
      if (curLimit - cur >= size) {
        foundPrev = prev;
        found = cur;
        foundLimit = curLimit;
      }
      prev = cur;
      cur = Freelist.next(u32, cur);
    }
    if (found === END) return false;
    this.findDeleteFromBlock(u32, rangeReturn, oldRangeReturn, size, findDelete, foundPrev, found, foundLimit);
    return true;
  }

  /** The largest block, the first of equals (a full walk). */
  protected override findLargestMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, findDelete: FindDelete): boolean {
    const u32 = this.memory.u32;
    let bestPrev = END;
    let best = END;
    let bestLimit = 0;
    let bestSize = size;
    let prev = END;
    let cur = this.list;
    while (cur !== END) {
      const curLimit = this.limitOf(u32, cur);
      const s = curLimit - cur;
      if (s >= bestSize && (best === END || s > bestSize)) {
        bestPrev = prev;
        best = cur;
        bestLimit = curLimit;
        bestSize = s;
      }
      prev = cur;
      cur = Freelist.next(u32, cur);
    }
    if (best === END) return false;
    // LOW and HIGH of the whole block are the whole block.
    this.findDeleteFromBlock(u32, rangeReturn, oldRangeReturn, bestSize, findDelete, bestPrev, best, bestLimit);
    return true;
  }

  /** The lowest (or highest) fit in zones, by a walk with the zone search on each block. */
  protected override findInZonesMethod(rangeReturn: Range, oldRangeReturn: Range, size: Size, zoneSet: ZoneSet, high: boolean): boolean {
    if (zoneSet === 0) return false;
    const u32 = this.memory.u32;
    let foundPrev = END;
    let found = END;
    let foundLimit = 0;
    let foundBase = -1;
    let prev = END;
    let cur = this.list;
    while (cur !== END) {
      const curLimit = this.limitOf(u32, cur);
      const b = high
        ? rangeInZoneSetLast(cur, curLimit, zoneSet, size, this.zoneShift, this.alignment)
        : rangeInZoneSetFirst(cur, curLimit, zoneSet, size, this.zoneShift, this.alignment);
      if (b >= 0) {
        foundPrev = prev;
        found = cur;
        foundLimit = curLimit;
        foundBase = b;
        if (!high) break;
      }
      prev = cur;
      cur = Freelist.next(u32, cur);
    }
    if (found === END) return false;
    this.deleteFromBlock(u32, foundBase, foundBase + size, foundPrev, found, foundLimit);
    rangeReturn.set(foundBase, foundBase + size);
    oldRangeReturn.set(found, foundLimit);
    return true;
  }

  /** Forget the list; the memory is the owner's. */
  protected override finishMethod(): void {
    this.list = END;
    this.listSize = 0;
    this.total = 0;
    this.freelistSig = SIG_INVALID;
  }

  /** Check the fields, and at cool walk the list (.freelist.check). */
  protected override checkMethod(): boolean {
    checkL(this.freelistSig === SIG_FREELIST, "Freelist: bad signature");
    checkL(isAligned(this.alignment, FREELIST_MIN_ALIGN), "Freelist: alignment is a multiple of a word");
    checkL((this.list === END) === (this.listSize === 0), "Freelist: the list is empty exactly when listSize is 0");
    checkL((this.list === END) === (this.total === 0), "Freelist: the list is empty exactly when size is 0");
    checkL(isAligned(this.total, this.alignment), "Freelist: size is aligned");
    if (COOL) {
      // Walk at most listSize blocks: a longer list has a cycle or a lost count.
      const u32 = this.memory.u32;
      let count = 0;
      let sum = 0;
      let prevLimit = -1;
      let cur = this.list;
      while (cur !== END) {
        checkL(count < this.listSize, "Freelist: the list is no longer than listSize");
        checkL(isAligned(cur, this.alignment), "Freelist: blocks are aligned");
        const limit = this.limitOf(u32, cur);
        checkL(cur < limit && limit <= ADDR_LIMIT && isAligned(limit, this.alignment), "Freelist: block limits are aligned and above their bases");
        checkL(((u32[cur >>> 2]! & TAG_SMALL) !== 0) === (limit - cur === this.alignment), "Freelist: one-unit blocks and only they are tagged");
        checkL(cur > prevLimit, "Freelist: blocks are in address order and isolated (design.mps.freelist.impl.invariant)");
        sum += limit - cur;
        prevLimit = limit;
        count++;
        cur = Freelist.next(u32, cur);
      }
      checkL(count === this.listSize, "Freelist: listSize counts the blocks");
      checkL(sum === this.total, "Freelist: size is the sum of the blocks");
    }
    return true;
  }

  /** The block count and the blocks. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `listSize ${this.listSize}`);
    const u32 = this.memory.u32;
    let cur = this.list;
    // Bounded, so that a corrupt list cannot loop for ever.
    for (let i = 0; cur !== END && i <= this.listSize; i++) {
      const limit = this.limitOf(u32, cur);
      describeLine(stream, depth, `[${addrHex(cur)}, ${addrHex(limit)}) ${limit - cur}`);
      cur = Freelist.next(u32, cur);
    }
  }
}
