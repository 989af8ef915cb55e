/**
 * The AMS debugging pool class (`mps_class_ams_debug()`, the MPS's
 * `AMSDebugPool` in poolams.c): AMS whose free space is splatted and checked,
 * through the pool's free-space hooks and the class-independent debug mixin.
 * See docs/design/dbg.md `.impl.ams`.
 * .critical: none (debug pools trade speed for checking).
 */

import { type Addr, type WriteStream, aver, addrHex } from "@mps/mpm";
import type { Arena } from "@mps/arena";
import { AMSPool, type AMSOpts, AMSSeg } from "@mps/pool-ams";
import { PoolDebugMixin } from "./mixin.js";
import { type PoolDebugOpts, parsePoolDebugOptions } from "./options.js";
import { DebugDamageError, type DebugDamageReport } from "./report.js";

/**
 * Options of an AMSDebug pool: the AMS options and `poolDebugOptions`
 * (whose `fenceTemplate` is validated but not used: AMSDebug has no fenceposts).
 * @public
 */
export interface AMSDebugOpts extends AMSOpts, PoolDebugOpts {}

/**
 * The AMS debugging pool class (`mps_class_ams_debug()`).
 *
 * @remarks
 * Behaves as AMS, and keeps every free grain of its segments filled with
 * the free template: a new segment is splatted whole, the unused part of a
 * buffer is splatted again when the buffer is emptied (a reservation that
 * tripped may have written there), and the dead objects are splatted when a
 * collection reclaims them. A buffer fill checks the free grains it hands
 * out before taking them, and throws a {@link DebugDamageError} naming the
 * first damaged byte, the segment unchanged, if a client has written there
 * (through a stale reference to a dead object, say).
 * {@link AMSDebugPool.checkFreeSpace} checks all the free space of the pool.
 * Objects come only from allocation points, which the MPS does not
 * fencepost, so there are no fenceposts and no tags.
 * @public
 */
export class AMSDebugPool extends AMSPool {
  /** The class's name. */
  static override readonly className: string = "AMSDebug";
  /** As AMS. */
  static override readonly attrs = AMSPool.attrs;

  /** The debugging state: the templates (the free record and tags stay empty). */
  readonly debug: PoolDebugMixin;

  /** Make the pool; throws `PARAM` on a bad AMS option or a bad `poolDebugOptions`. */
  constructor(arena: Arena, opts: AMSDebugOpts) {
    const templates = parsePoolDebugOptions("AMSDebug", opts !== null && typeof opts === "object" ? opts.poolDebugOptions : undefined);
    super(arena, opts);
    this.debug = new PoolDebugMixin(this, templates);
  }

  /**
   * `mps_pool_check_fenceposts`: checks nothing. Objects of an AMS pool come
   * from allocation points, which have no fenceposts (as in the MPS, where
   * the check finds no tagged block in an AMS debugging pool). Throws
   * `PARAM` on a destroyed pool.
   */
  checkFenceposts(): void {
    this.checkLive("AMSDebug.checkFenceposts");
  }

  /**
   * `mps_pool_check_free_space`: check that every free block (run of free
   * grains) of every segment still holds the free template (the MPS's
   * `AMSSegFreeCheck` on each segment). Throws a {@link DebugDamageError}
   * (code `FAIL`) naming the first damaged byte in address order and the free
   * block it is in; does nothing if the pool does not splat. The unused
   * parts of attached buffers are not free (they are checked when filled).
   */
  checkFreeSpace(): void {
    this.checkLive("AMSDebug.checkFreeSpace");
    if (!this.debug.splatting) return;
    const segs = this.segs().sort((a, b) => a.base - b.base);
    let r: DebugDamageReport | undefined;
    for (const seg of segs) {
      (seg as AMSSeg).freeRuns((base, limit) => {
        if (r === undefined) r = this.debug.freeBlockDamage(base, limit, "checkFreeSpace");
      });
      if (r !== undefined) throw new DebugDamageError(r);
    }
  }

  /** True when splatting: reclaim calls {@link AMSDebugPool.freeSplatHook} on the dead objects. */
  override get splatsFreeSpace(): boolean {
    return this.debug !== undefined && this.debug.splatting;
  }

  /** `DebugPoolFreeSplat`: fill [base, limit), which is becoming free, with the free template. Called by the pool and its segments. */
  override freeSplatHook(base: Addr, limit: Addr): void {
    // The first segment is made after the constructor has set `debug`; a hook
    // called from AMS's own constructor (none is) would find it unset.
    const debug = this.debug;
    if (debug === undefined || !debug.splatting) return;
    aver(this.arena.poolIdOfAddr(base) === this.id && this.arena.poolIdOfAddr(limit - 1) === this.id, `AMSDebug.freeSplat: [${addrHex(base)}, ${addrHex(limit)}) is in the pool`);
    debug.splat(base, limit);
  }

  /** `DebugPoolFreeCheck`: throw a {@link DebugDamageError} if the free grains [base, limit) a buffer is about to take are damaged. */
  override freeCheckHook(base: Addr, limit: Addr): void {
    const r = this.debug.freeBlockDamage(base, limit, "bufferFill");
    if (r !== undefined) throw new DebugDamageError(r);
  }

  /** `DebugPoolFinish`: the mixin's finish, then AMS's. As in the MVFF debug class, destroying does not check. */
  protected override finishMethod(): void {
    this.debug.finish();
    super.finishMethod();
  }

  /** AMS's checks, then the mixin's. */
  protected override checkMethod(): boolean {
    return super.checkMethod() && this.debug.check();
  }

  /** AMS's description, then the mixin's. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    this.debug.describe(stream, depth);
  }
}
