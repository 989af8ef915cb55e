import assert from "node:assert/strict";
import { Arena, ArenaClass, isMpsError } from "@mps/mps";
import { LOCUS_PREF_DEFAULT, PlainSeg, Pool, type PoolOpts, definePoolAttrs, segAlloc } from "@mps/arena";
import { type Addr, type Size, alignUp, paramError } from "@mps/mpm";

interface BumpOpts extends PoolOpts {
  extendBy?: Size; // the least a new segment holds
}

/** A manual pool that only allocates: blocks are bumped off the newest segment, and all freed with the pool. */
class BumpPool extends Pool {
  static readonly className: string = "Bump";
  static readonly attrs = definePoolAttrs({ alloc: true });

  readonly extendBy: Size;
  private seg: PlainSeg | undefined = undefined;
  private next: Addr = 0;
  private used: Size = 0;

  constructor(arena: Arena, opts: BumpOpts) {
    super(arena, opts); // checks align and format, registers the pool
    const extendBy = opts.extendBy ?? 65536;
    if (!Number.isInteger(extendBy) || extendBy <= 0) {
      this.abandon(); // undo the registration before refusing
      paramError(`Bump: extendBy must be a positive integer, not ${String(extendBy)}`);
    }
    this.extendBy = alignUp(extendBy, arena.grainSize);
  }

  protected override allocMethod(size: Size): Addr {
    const sz = alignUp(size, this.alignment);
    let seg = this.seg;
    if (seg === undefined || this.next + sz > seg.limit) {
      // segAlloc throws RESOURCE, MEMORY or COMMIT_LIMIT before anything changes.
      seg = segAlloc(PlainSeg, LOCUS_PREF_DEFAULT, alignUp(Math.max(sz, this.extendBy), this.arena.grainSize), this, {});
      this.seg = seg;
      this.next = seg.base;
    }
    const p = this.next;
    this.next += sz;
    this.used += sz;
    return p;
  }

  protected override totalSizeMethod(): Size {
    let total = 0;
    for (const s of this.segs()) total += s.size();
    return total;
  }

  protected override freeSizeMethod(): Size {
    return this.totalSizeMethod() - this.used;
  }
}

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
const pool = arena.createPool(BumpPool, { extendBy: 10000 });
assert.equal(pool.className, "Bump");

const a = pool.alloc(12);
const b = pool.alloc(100);
assert.equal(b, a + 16); // sizes rounded up to the alignment, 8
assert.equal(pool.totalSize(), pool.extendBy);
assert.equal(pool.freeSize(), pool.extendBy - 16 - 104);

// What the class does not override is UNIMPL; what the generic functions check is PARAM.
assert.throws(() => pool.free(a, 12), (e) => isMpsError(e, "UNIMPL"));
assert.throws(() => pool.createAp(), (e) => isMpsError(e, "UNIMPL"));
assert.throws(() => pool.alloc(0), (e) => isMpsError(e, "PARAM"));
assert.throws(() => arena.createPool(BumpPool, { extendBy: -1 }), (e) => isMpsError(e, "PARAM"));

pool.destroy(); // the base class gives the segments back
arena.destroy();
