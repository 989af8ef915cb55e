/**
 * The MVFF debugging pool class (`mps_class_mvff_debug()`): MVFF with the
 * pool debug mixin, so that blocks from `alloc` have fenceposts and a tag,
 * and freed blocks are splatted. See docs/design/dbg.md `.mvff`.
 * .critical: none (allocMethod and freeMethod here trade speed for checks).
 */

import { type Addr, type Size, type WriteStream, addrHex, alignUp, paramError } from "@mps/mpm";
import type { Arena, Buffer, Pool } from "@mps/arena";
import { MVFFPool, type MVFFOpts } from "@mps/pool-mvff";
import { PoolDebugMixin } from "./mixin.js";
import { type PoolDebugOpts, parsePoolDebugOptions } from "./options.js";
import { DebugDamageError } from "./report.js";

/**
 * Options of an MVFFDebug pool: the MVFF options and `poolDebugOptions`.
 * @public
 */
export interface MVFFDebugOpts extends MVFFOpts, PoolDebugOpts {}

/**
 * The MVFF debugging pool class (`mps_class_mvff_debug()`).
 *
 * @remarks
 * `alloc(size)` takes a block big enough for the client's `size` (rounded up
 * to the alignment) and a fencepost on each side from MVFF, checks that the
 * free space it takes is still splatted, lays the fenceposts and tags the
 * block with the allocation's serial number; the client gets the address
 * after the leading fencepost. `free(p, size)` refuses (`PARAM`, nothing
 * changed) a block that is not live or was allocated with another size,
 * checks the block's fenceposts (a {@link DebugDamageError}, nothing
 * changed, if one is damaged), splats the whole block and gives it back to
 * MVFF. {@link MVFFDebugPool.checkFenceposts} and
 * {@link MVFFDebugPool.checkFreeSpace} check every live block and all
 * splatted free space.
 *
 * As in the MPS, allocation points are not fenceposted: objects made with
 * `reserve`/`commit` have no fenceposts and no tag. The space an allocation
 * point takes is checked and the unused part it gives back is splatted; an
 * object from an allocation point can still be freed with `free`, which
 * then checks what MVFF checks, splats it, and refuses it if it overlaps a
 * block from `alloc` or splatted free space.
 * @public
 */
export class MVFFDebugPool extends MVFFPool {
  /** The class's name. */
  static override readonly className: string = "MVFFDebug";
  /** As MVFF: alloc, free and allocation points. */
  static override readonly attrs = MVFFPool.attrs;

  /** The debugging state: templates, tags and the record of splatted free space. */
  readonly debug: PoolDebugMixin;

  /** Make the pool; throws `PARAM` on a bad MVFF option or a bad `poolDebugOptions`. */
  constructor(arena: Arena, opts: MVFFDebugOpts) {
    const templates = parsePoolDebugOptions("MVFFDebug", opts !== null && typeof opts === "object" ? opts.poolDebugOptions : undefined);
    super(arena, opts);
    this.debug = new PoolDebugMixin(this, templates);
  }

  /**
   * `mps_pool_check_fenceposts`: check the fenceposts of every live block
   * allocated with `alloc`. Throws a {@link DebugDamageError} (code `FAIL`)
   * naming the first damaged block in address order; does nothing if the
   * pool has no fenceposts.
   */
  checkFenceposts(): void {
    this.checkLive("MVFFDebug.checkFenceposts");
    const r = this.debug.fencepostDamage("checkFenceposts");
    if (r !== undefined) throw new DebugDamageError(r);
  }

  /**
   * `mps_pool_check_free_space`: check that all the free space the pool has
   * splatted still holds the free template. Throws a
   * {@link DebugDamageError} (code `FAIL`) naming the first damaged range
   * and the block it was freed from; does nothing if the pool does not splat.
   */
  checkFreeSpace(): void {
    this.checkLive("MVFFDebug.checkFreeSpace");
    const r = this.debug.freeDamage(0, 2 ** 32 + 1, "checkFreeSpace");
    if (r !== undefined) throw new DebugDamageError(r);
  }

  /**
   * The tag of the live block that `alloc` returned as `p`: the serial
   * number of that allocation in this pool (1 for the first); 0 if `p` is
   * not such a block.
   */
  tagOf(p: Addr): number {
    this.checkLive("MVFFDebug.tagOf");
    return this.debug.tagOf(p);
  }

  /** Give [base, base + size) back to MVFF after a failed check, forgetting recorded space it returns to the arena. */
  private giveBack(base: Addr, size: Size): void {
    const grains = this.grainsHeld;
    super.freeCoolMethod(base, size);
    if (this.grainsHeld !== grains) this.debug.prune();
  }

  /** `DebugPoolAlloc`: a fenced block, its free space checked, tagged. */
  protected override allocMethod(size: Size): Addr {
    const debug = this.debug;
    const fenced = debug.fencedSize(size);
    const base = super.allocMethod(fenced);
    const limit = base + fenced;
    if (debug.splatting) {
      const r = debug.freeDamage(base, limit, "alloc");
      if (r !== undefined) {
        this.giveBack(base, fenced);
        throw new DebugDamageError(r);
      }
      debug.freeTake(base, limit);
    }
    return debug.fenceAndTag(base, size);
  }

  /**
   * `DebugPoolFree`: refuse what is not a live block (at every checking
   * level), check the fenceposts, splat, free.
   */
  protected override freeMethod(p: Addr, size: Size): void {
    const debug = this.debug;
    if (this.arena.poolIdOfAddr(p) !== this.id) paramError(`MVFFDebug.free: ${addrHex(p)} is not in this pool`);
    const tag = debug.tagOf(p);
    const grains = this.grainsHeld;
    if (tag !== 0) {
      const asked = debug.sizeOf(p);
      if (asked !== size) paramError(`MVFFDebug.free: the block at ${addrHex(p)} (tag ${tag}) was allocated with size ${asked}, not ${size}`);
      const r = debug.fenceDamage(p, "free");
      if (r !== undefined) throw new DebugDamageError(r);
      const base = p - debug.fenceSize;
      const fenced = debug.fencedSize(size);
      debug.splat(base, base + fenced);
      super.freeCoolMethod(base, fenced);
      debug.untag(p);
      debug.record(base, base + fenced, p, size, tag);
    } else {
      // Not from alloc: an object from an allocation point, or a mistake.
      const limit = p + alignUp(size, this.alignment);
      if ((p & (this.alignment - 1)) !== 0) paramError(`MVFFDebug.free: ${addrHex(p)} is not aligned to ${this.alignment}`);
      const live = debug.liveOverlap(p, limit);
      if (live >= 0) {
        paramError(`MVFFDebug.free: [${addrHex(p)}, ${addrHex(limit)}) is not a block from alloc but overlaps the live block at ${addrHex(live)} (tag ${debug.tagOf(live)})`);
      }
      if (debug.freeOverlaps(p, limit)) paramError(`MVFFDebug.free: [${addrHex(p)}, ${addrHex(limit)}) overlaps free space (freed twice?)`);
      for (let n = this.bufferRing.next; n !== this.bufferRing; n = n.next) {
        const b = n.owner as Buffer;
        if (!b.isReset() && p < b.poolLimit && b.ap.init < limit) paramError(`MVFFDebug.free: [${addrHex(p)}, ${addrHex(limit)}) overlaps the unused region of an allocation point`);
      }
      debug.splat(p, limit);
      super.freeCoolMethod(p, size);
      debug.record(p, limit, 0, 0, 0);
    }
    if (this.grainsHeld !== grains) debug.prune();
  }

  /** MVFF's fill, then check and forget the recorded free space the region takes. */
  protected override bufferFillMethod(rangeReturn: Parameters<Pool["bufferFill"]>[0], buffer: Buffer, size: Size): void {
    super.bufferFillMethod(rangeReturn, buffer, size);
    const debug = this.debug;
    const base = rangeReturn.base, limit = rangeReturn.limit;
    if (debug.splatting) {
      const r = debug.freeDamage(base, limit, "bufferFill");
      if (r !== undefined) {
        this.giveBack(base, limit - base);
        throw new DebugDamageError(r);
      }
      debug.freeTake(base, limit);
    }
  }

  /** Splat and record the unused part the buffer gives back, then MVFF's empty. */
  protected override bufferEmptyMethod(buffer: Buffer): void {
    const debug = this.debug;
    const init = buffer.ap.init, limit = buffer.poolLimit;
    const grains = this.grainsHeld;
    debug.splat(init, limit);
    super.bufferEmptyMethod(buffer);
    debug.record(init, limit, 0, 0, 0);
    if (this.grainsHeld !== grains) debug.prune();
  }

  /** `DebugPoolFinish`: forget tags and records, then MVFF's finish. */
  protected override finishMethod(): void {
    this.debug.finish();
    super.finishMethod();
  }

  /** MVFF's checks, then the mixin's. */
  protected override checkMethod(): boolean {
    return super.checkMethod() && this.debug.check();
  }

  /** MVFF's description, then the mixin's. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    this.debug.describe(stream, depth);
  }
}
