/**
 * The pool debug mixin (the MPS's PoolDebugMixin, design.mps.object-debug
 * `.new-pool.impl`): fenceposts, free-space splatting and tags, independent
 * of the pool class, which a debugging pool class holds and calls from its
 * hooks. See docs/design/dbg.md `.impl.mixin`.
 * .critical: none (debug pools trade speed for checking).
 */

import { type Addr, type Size, type WriteStream, COOL, SIG_INVALID, alignUp, checkL, defineSig, describeLine } from "@mps/mpm";
import type { Pool } from "@mps/arena";
import { FreeRecord } from "./free-record.js";
import { patternByte, patternCopy, patternMismatch } from "./pattern.js";
import type { DebugDamageKind, DebugDamageOperation, DebugDamageReport } from "./report.js";

/**
 * The signature of a live pool debug mixin (the MPS's `PoolDebugMixinSig`).
 * @public
 */
export const SIG_POOL_DEBUG_MIXIN = defineSig("PoolDebugMixin", 0x519b0db9);

/**
 * The debugging state of one pool (the MPS's `PoolDebugMixinStruct`): the
 * templates, the tags of the blocks allocated with `alloc`, and the record
 * of the free space splatted. A debugging pool class makes one in its
 * constructor and calls it from its `alloc`, `free`, fill, empty and finish
 * hooks; nothing here depends on the pool's class.
 *
 * @remarks
 * Layout of a block allocated with fenceposts, as in the MPS:
 * `[leading fence | client's block | slop | trailing fence]`, where each
 * fence is the template's length rounded up to the pool's alignment, the
 * slop rounds the client's size up to the alignment and is filled from the
 * template with the trailing fence, and the client's address is the end of
 * the leading fence.
 * @public
 */
export class PoolDebugMixin {
  /** {@link SIG_POOL_DEBUG_MIXIN} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The pool debugged. */
  readonly pool: Pool;
  /** The fencepost template (empty: no fenceposts). */
  readonly fenceTemplate: Uint8Array;
  /** The free-space template (empty: no splatting). */
  readonly freeTemplate: Uint8Array;
  /** The size of each fencepost: the template's length rounded up to the pool's alignment (0 with no fenceposts). */
  readonly fenceSize: Size;
  /** The size the client asked for, by the address of each live block allocated with `alloc`. */
  private readonly tagSizes = new Map<Addr, Size>();
  /** The tag (allocation serial number) of each live block allocated with `alloc`. */
  private readonly tagSerials = new Map<Addr, number>();
  /** The serial number the next `alloc` gets. */
  private nextSerial = 1;
  /** The free space splatted, with the blocks it came from. */
  readonly freeRecord = new FreeRecord();

  /**
   * Make the mixin for `pool`, with the templates that
   * {@link parsePoolDebugOptions} returned (the mixin keeps them: pass copies).
   */
  constructor(pool: Pool, t: { readonly fenceTemplate: Uint8Array; readonly freeTemplate: Uint8Array }) {
    this.pool = pool;
    this.fenceTemplate = t.fenceTemplate;
    this.freeTemplate = t.freeTemplate;
    this.fenceSize = t.fenceTemplate.length === 0 ? 0 : alignUp(t.fenceTemplate.length, pool.alignment);
    this.sig = SIG_POOL_DEBUG_MIXIN;
  }

  /** Does the pool put fenceposts around blocks? */
  get fenceposting(): boolean {
    return this.fenceTemplate.length !== 0;
  }

  /** Does the pool splat free space? */
  get splatting(): boolean {
    return this.freeTemplate.length !== 0;
  }

  /** The number of live blocks allocated with `alloc` (each has a tag). */
  get liveCount(): number {
    return this.tagSerials.size;
  }

  // ----- fenceposts and tags --------------------------------------------------

  /** The bytes to ask the underlying class for, for a block of `size`: the aligned size plus two fenceposts. */
  fencedSize(size: Size): Size {
    return alignUp(size, this.pool.alignment) + 2 * this.fenceSize;
  }

  /**
   * Lay fenceposts around a block of `size` in the fenced block at `base`
   * (of {@link PoolDebugMixin.fencedSize} bytes) and give it the next tag;
   * return the client's address.
   */
  fenceAndTag(base: Addr, size: Size): Addr {
    const client = base + this.fenceSize;
    if (this.fenceSize !== 0) {
      const u8 = this.pool.arena.mem.u8;
      patternCopy(u8, this.fenceTemplate, base, client);
      patternCopy(u8, this.fenceTemplate, client + size, client + alignUp(size, this.pool.alignment) + this.fenceSize);
    }
    this.tagSizes.set(client, size);
    this.tagSerials.set(client, this.nextSerial++);
    return client;
  }

  /** The tag of the live block allocated with `alloc` at `client`, or 0 if there is none. */
  tagOf(client: Addr): number {
    return this.tagSerials.get(client) ?? 0;
  }

  /** The size the client asked for when it allocated the live block at `client`, or 0 if there is none. */
  sizeOf(client: Addr): Size {
    return this.tagSizes.get(client) ?? 0;
  }

  /** Forget the tag of the live block at `client` (it is being freed). */
  untag(client: Addr): void {
    this.tagSizes.delete(client);
    this.tagSerials.delete(client);
  }

  /** The address of a live tagged block whose fenced extent overlaps [base, limit), or -1. Visits every live block. */
  liveOverlap(base: Addr, limit: Addr): Addr {
    const f = this.fenceSize;
    const align = this.pool.alignment;
    for (const [client, size] of this.tagSizes) {
      if (client - f < limit && base < client + alignUp(size, align) + f) return client;
    }
    return -1;
  }

  /** The first damaged byte of the fenceposts of the live block at `client`, or undefined. */
  fenceDamage(client: Addr, operation: DebugDamageOperation): DebugDamageReport | undefined {
    if (this.fenceSize === 0) return undefined;
    const size = this.tagSizes.get(client);
    if (size === undefined) return undefined;
    const u8 = this.pool.arena.mem.u8;
    const base = client - this.fenceSize;
    const limit = client + alignUp(size, this.pool.alignment) + this.fenceSize;
    let at = patternMismatch(u8, this.fenceTemplate, base, client);
    let kind: DebugDamageKind = "leading-fence";
    if (at < 0) {
      at = patternMismatch(u8, this.fenceTemplate, client + size, limit);
      kind = "trailing-fence";
    }
    if (at < 0) return undefined;
    return this.report(kind, operation, client, size, this.tagOf(client), base, limit, at, this.fenceTemplate);
  }

  /** The first damaged fencepost of any live block, in address order, or undefined. */
  fencepostDamage(operation: DebugDamageOperation): DebugDamageReport | undefined {
    if (this.fenceSize === 0) return undefined;
    const clients = [...this.tagSizes.keys()].sort((a, b) => a - b);
    for (const c of clients) {
      const r = this.fenceDamage(c, operation);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  // ----- free space -----------------------------------------------------------

  /**
   * Splat [base, limit) with the free template and record it as free space
   * that came from the block at `client` (of `size` bytes, tag `tag`; all 0
   * for free space no allocation handed out). Does nothing when not splatting.
   */
  freeSplat(base: Addr, limit: Addr, client: Addr, size: Size, tag: number): void {
    this.splat(base, limit);
    this.record(base, limit, client, size, tag);
  }

  /** Splat [base, limit) with the free template, without recording it (see {@link PoolDebugMixin.record}). */
  splat(base: Addr, limit: Addr): void {
    if (this.splatting && base < limit) patternCopy(this.pool.arena.mem.u8, this.freeTemplate, base, limit);
  }

  /** Record the splatted range [base, limit) as free space from the block at `client` (see {@link PoolDebugMixin.freeSplat}). */
  record(base: Addr, limit: Addr, client: Addr, size: Size, tag: number): void {
    if (this.splatting && base < limit) this.freeRecord.add(base, limit, client, size, tag);
  }

  /** The first damaged byte of recorded free space within [base, limit), or undefined. */
  freeDamage(base: Addr, limit: Addr, operation: DebugDamageOperation): DebugDamageReport | undefined {
    if (!this.splatting) return undefined;
    const rec = this.freeRecord;
    const u8 = this.pool.arena.mem.u8;
    for (let ok = rec.seek(base); ok && rec.curBase < limit; ok = rec.next()) {
      const b = rec.curBase, l = rec.curLimit;
      const at = patternMismatch(u8, this.freeTemplate, b < base ? base : b, l > limit ? limit : l);
      if (at >= 0) {
        const tag = rec.curTag;
        const client = tag !== 0 ? rec.curAddr : b;
        const size = tag !== 0 ? rec.curSize : l - b;
        return this.report("free-space", operation, client, size, tag, b, l, at, this.freeTemplate);
      }
    }
    return undefined;
  }

  /**
   * The first byte of [base, limit) that does not hold the free template, as
   * a report naming the free block [base, limit) itself (no tag), or
   * undefined. For classes whose free space is all splatted and found by
   * walking the pool (AMSDebug), rather than kept in the free record.
   */
  freeBlockDamage(base: Addr, limit: Addr, operation: DebugDamageOperation): DebugDamageReport | undefined {
    if (!this.splatting || base >= limit) return undefined;
    const at = patternMismatch(this.pool.arena.mem.u8, this.freeTemplate, base, limit);
    if (at < 0) return undefined;
    return this.report("free-space", operation, base, limit - base, 0, base, limit, at, this.freeTemplate);
  }

  /** Forget recorded free space within [base, limit) (it has been handed out). */
  freeTake(base: Addr, limit: Addr): void {
    if (this.splatting) this.freeRecord.remove(base, limit);
  }

  /** Does recorded free space overlap [base, limit)? */
  freeOverlaps(base: Addr, limit: Addr): boolean {
    return this.splatting && this.freeRecord.overlaps(base, limit);
  }

  /** Forget recorded free space in grains the pool no longer holds (it gave them back to the arena). */
  prune(): void {
    if (!this.splatting || this.freeRecord.count === 0) return;
    const arena = this.pool.arena;
    const id = this.pool.id;
    this.freeRecord.filterGrains(arena.grainSize, (g) => arena.poolIdOfAddr(g) === id);
  }

  // ----- life cycle -----------------------------------------------------------

  private report(kind: DebugDamageKind, operation: DebugDamageOperation, client: Addr, size: Size, tag: number, base: Addr, limit: Addr, at: Addr, template: Uint8Array): DebugDamageReport {
    return Object.freeze({
      kind, operation, className: this.pool.className, address: client, size, tag, base, limit, at,
      offset: at - client, expected: patternByte(template, at), actual: this.pool.arena.mem.u8[at]!,
    });
  }

  /** Forget every tag and record (the pool is being destroyed). */
  finish(): void {
    this.tagSizes.clear();
    this.tagSerials.clear();
    this.freeRecord.clear();
    this.sig = SIG_INVALID;
  }

  /** `PoolDebugMixinCheck`. At `cool`, also that live blocks and recorded free space do not overlap. */
  check(): boolean {
    checkL(this.sig === SIG_POOL_DEBUG_MIXIN, "PoolDebugMixin: signature");
    checkL(this.fenceSize % this.pool.alignment === 0 && (this.fenceSize === 0) === (this.fenceTemplate.length === 0), "PoolDebugMixin: fenceSize is the template's length, aligned");
    checkL(this.tagSizes.size === this.tagSerials.size, "PoolDebugMixin: every tag has a size");
    checkL(this.splatting || this.freeRecord.count === 0, "PoolDebugMixin: no free record without splatting");
    if (COOL) {
      this.freeRecord.check();
      const f = this.fenceSize;
      const align = this.pool.alignment;
      const blocks = [...this.tagSizes].sort((a, b) => a[0] - b[0]);
      let prev = 0;
      for (const [client, size] of blocks) {
        const base = client - f, limit = client + alignUp(size, align) + f;
        checkL(base >= prev, "PoolDebugMixin: live blocks are disjoint");
        checkL(!this.freeRecord.overlaps(base, limit), "PoolDebugMixin: no live block is recorded free");
        prev = limit;
      }
    }
    return true;
  }

  /** Describe the templates, tags and free record. */
  describe(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `PoolDebugMixin fenceTemplate ${this.fenceTemplate.length} bytes (fence ${this.fenceSize}) freeTemplate ${this.freeTemplate.length} bytes`);
    describeLine(stream, depth, `live tagged blocks ${this.tagSerials.size}, next tag ${this.nextSerial}, free ranges recorded ${this.freeRecord.count}`);
  }
}
