/**
 * A tiny pool class for the tests of the pool, segment and buffer
 * protocols: manual alloc/free by bumping through GC segments, and
 * allocation points with ranks (so that flips trap them). The real pool
 * classes (MFS, MVFF, AMC...) live in their own packages.
 */
import type { Range } from "@mps/land";
import { type Addr, type Size, type Trace, Rank, alignUp, paramError, rankSetSingle } from "@mps/mpm";
import { MockVMBackend } from "@mps/vm/test-util";
import {
  Arena, type ArenaPlatform, ArenaClass, type Buffer, type BufferClass, GCSeg, LocusPref, Pool, type PoolOpts, RankBuf, type SegOpts, type VMArena, type VMArenaOpts,
  definePoolAttrs, segAlloc,
} from "../src/index.js";

/** A GC segment with a bump pointer. */
export class TinySeg extends GCSeg {
  /** The next free address in the segment (bump pointer). */
  bump: Addr;
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.bump = base;
  }
  /** Condemn for a trace (the tests call it through whiten). */
  protected override splitMethod(hi: GCSeg, base: Addr, mid: Addr, limit: Addr): void {
    super.splitMethod(hi, base, mid, limit);
    const t = hi as TinySeg;
    t.bump = Math.max(mid, this.bump);
    this.bump = Math.min(this.bump, mid);
  }
  protected override mergeMethod(hi: GCSeg, base: Addr, mid: Addr, limit: Addr): void {
    const t = hi as TinySeg;
    this.bump = t.bump > mid ? t.bump : this.bump;
    super.mergeMethod(hi, base, mid, limit);
  }
  /** Nothing survives: reclaim does nothing in the tiny pool. */
  protected override reclaimMethod(_trace: Trace): void {
    this.white = 0;
  }
}

/** Options of the tiny pool. */
export interface TinyPoolOpts extends PoolOpts {
  /** Bytes per segment at least. */
  extendBy?: Size;
  /** Locus preference for its segments. */
  pref?: LocusPref;
}

/** The tiny pool class. */
export class TinyPool extends Pool {
  static readonly className: string = "Tiny";
  static readonly attrs = definePoolAttrs({
    alloc: true, free: true, buffer: true, scannable: true, ranks: rankSetSingle(Rank.AMBIG) | rankSetSingle(Rank.EXACT) | rankSetSingle(Rank.WEAK),
  });
  readonly extendBy: Size;
  readonly pref: LocusPref;
  /** Live blocks allocated by alloc: base → size. */
  readonly live = new Map<Addr, Size>();
  /** Calls of the protocol hooks, in order. */
  readonly calls: string[] = [];

  constructor(arena: Arena, opts: TinyPoolOpts) {
    super(arena, opts);
    this.extendBy = opts.extendBy ?? arena.grainSize;
    this.pref = opts.pref ?? new LocusPref();
  }

  private segWithRoom(size: Size): TinySeg {
    for (const s of this.segs()) {
      const t = s as TinySeg;
      if (t.buffer() === undefined && t.limit - t.bump >= size) return t;
    }
    const segSize = alignUp(Math.max(size, this.extendBy), this.arena.grainSize);
    return segAlloc(TinySeg, this.pref, segSize, this, {});
  }

  protected override allocMethod(size: Size): Addr {
    this.calls.push(`alloc ${size}`);
    const sz = alignUp(size, this.alignment);
    const seg = this.segWithRoom(sz);
    const p = seg.bump;
    seg.bump += sz;
    this.live.set(p, sz);
    return p;
  }

  protected override freeMethod(p: Addr, size: Size): void {
    this.calls.push(`free ${size}`);
    const sz = alignUp(size, this.alignment);
    const had = this.live.get(p);
    if (had === undefined) paramError(`TinyPool.free: ${p} is not an allocated block`);
    if (had !== sz) paramError(`TinyPool.free: the block at ${p} has ${had} bytes, not ${sz}`);
    this.live.delete(p);
  }

  protected override bufferClassMethod(): BufferClass {
    return RankBuf;
  }

  protected override bufferFillMethod(rangeReturn: Range, buffer: Buffer, size: Size): void {
    this.calls.push(`fill ${size}`);
    const seg = this.segWithRoom(size);
    if (seg.rankSet !== buffer.rankSet()) seg.setRankSet(buffer.rankSet());
    rangeReturn.set(seg.bump, seg.limit);
    seg.bump = seg.limit;
  }

  protected override bufferEmptyMethod(buffer: Buffer): void {
    this.calls.push("empty");
    const seg = buffer.seg() as TinySeg;
    if (buffer.poolLimit === seg.bump) seg.bump = buffer.ap.init;
  }

  protected override totalSizeMethod(): Size {
    return this.grainsHeld * this.arena.grainSize;
  }

  protected override freeSizeMethod(): Size {
    let free = 0;
    for (const s of this.segs()) free += s.limit - (s as TinySeg).bump;
    return free;
  }
}

/** A pool class that supports nothing but existing (the PoolNo defaults). */
export class NoPool extends Pool {
  static readonly className = "No";
  static readonly attrs = definePoolAttrs({});
}

/** A pool class with alloc but no buffers. */
export class AllocOnlyPool extends TinyPool {
  static override readonly className = "AllocOnly";
  static override readonly attrs = definePoolAttrs({ alloc: true, free: true });
}

// MPS_TEST_PLATFORM names a module whose `platform` export mockArena uses in
// place of the mock VM, so that a port runs these tests on its own backends
// (docs/reference/porting.md).
const testPlatformModule = process.env["MPS_TEST_PLATFORM"];
const testPlatform = testPlatformModule === undefined ? undefined : ((await import(testPlatformModule)) as { platform: ArenaPlatform }).platform;

/** A VM arena on a mock backend (or MPS_TEST_PLATFORM's, if set and no backend is named), for tests. */
export function mockArena(opts: VMArenaOpts = {}, backend?: MockVMBackend): VMArena {
  if (backend === undefined && testPlatform !== undefined) return Arena.create(ArenaClass.VM, { platform: testPlatform, ...opts });
  return Arena.create(ArenaClass.VM, { platform: { vm: backend ?? new MockVMBackend() }, ...opts });
}
