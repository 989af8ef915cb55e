// Helpers of the MRG tests: a tiny collected pool with one object per segment
// (marking in place, or copying so that references move), in the test format
// of @mps/trace/test-util, and a world of an arena with the tracer, such a
// pool, an exact root of slots, and the MRG class registered. The pool keeps
// no generations: every collection here is a full one (arena.collect).
import {
  Arena, ArenaClass, type Format, GCSeg, LocusPref, MessageType, Pool, type PoolOpts, type Root, type SegOpts, definePoolAttrs, poolClassRegister, segAlloc,
} from "@mps/arena";
import { type Addr, type ScanState, type Size, type Trace, Rank, ZONE_SET_UNIV, alignUp, paramError, rankSetSingle } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";
import { MRGPool } from "../src/index.js";

export { rng, SEED } from "@mps/trace/mini-trace";

/** A segment holding one object. */
export class ObjSeg extends GCSeg {
  obj: Addr = 0;
  objSize: Size = 0;
  marked = false;
  forwardedTo: Addr = 0;

  protected override whitenMethod(trace: Trace): void {
    this.setWhite(this.white | (1 << trace.ti));
    trace.condemned += this.objSize;
  }

  protected override scanMethod(ss: ScanState): boolean {
    this.pool.format!.scan(ss, this.obj, this.obj + this.objSize);
    return true;
  }

  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const pool = this.pool as ObjPool;
    if (ref !== this.obj) paramError(`ObjPool.fix: ${ref} is not an object`);
    if (this.forwardedTo !== 0) {
      ss.wasMarked = true;
      return this.forwardedTo;
    }
    if (this.marked) {
      ss.wasMarked = true;
      return ref;
    }
    ss.wasMarked = false;
    if (ss.rank === Rank.WEAK) return 0;
    if (pool.copying) {
      const nu = pool.newObject(this.objSize);
      const u32 = pool.arena.mem.u32;
      u32.copyWithin(nu.obj >>> 2, this.obj >>> 2, (this.obj + this.objSize) >>> 2);
      pool.format!.fwd(this.obj, nu.obj);
      this.forwardedTo = nu.obj;
      ss.trace.forwardedSize += this.objSize;
      nu.setGrey(nu.grey | ss.traces);
      return nu.obj;
    }
    this.marked = true;
    this.setGrey(this.grey | ss.traces);
    return ref;
  }

  protected override reclaimMethod(trace: Trace): void {
    const pool = this.pool as ObjPool;
    if (this.marked) {
      this.marked = false;
      trace.preservedInPlaceSize += this.objSize;
      this.setWhite(this.white & ~(1 << trace.ti));
      return;
    }
    if (this.forwardedTo === 0) trace.reclaimSize += this.objSize;
    pool.objects.delete(this.obj);
    this.free();
  }
}

/** One object per segment; `ObjCopyPool` copies survivors. */
export class ObjPool extends Pool {
  static readonly className: string = "TestObj";
  static readonly attrs = definePoolAttrs({ gc: true, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) });
  readonly copying: boolean = false;
  /** Live objects: client pointer → segment. */
  readonly objects = new Map<Addr, ObjSeg>();
  private readonly pref = new LocusPref();

  newObject(size: Size): ObjSeg {
    const seg = segAlloc(ObjSeg, this.pref, alignUp(size, this.arena.grainSize), this, {} as SegOpts);
    seg.obj = seg.base;
    seg.objSize = size;
    seg.setRankSummary(rankSetSingle(Rank.EXACT), ZONE_SET_UNIV);
    this.objects.set(seg.obj, seg);
    return seg;
  }

  protected override allocMethod(size: Size): Addr {
    return this.newObject(size).base;
  }

  protected override totalSizeMethod(): Size {
    let n = 0;
    for (const s of this.segs()) n += s.size();
    return n;
  }
}

/** Copies every survivor, so references to it change. */
export class ObjCopyPool extends ObjPool {
  static override readonly className: string = "TestObjCopy";
  static override readonly attrs = definePoolAttrs({ gc: true, moving: true, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) });
  override readonly copying: boolean = true;
}

/** A manual pool with no segments: `alloc` takes grains from the arena. */
export class GrainPool extends Pool {
  static readonly className: string = "TestGrain";
  static readonly attrs = definePoolAttrs({ alloc: true });
  protected override allocMethod(size: Size): Addr {
    return this.arena.alloc(new LocusPref(), alignUp(size, this.arena.grainSize), this);
  }
}

poolClassRegister(MRGPool);

/** An arena with the tracer, an object pool and an exact root of `nRoots` slots. */
export class World {
  readonly arena: Arena;
  readonly pool: ObjPool;
  readonly roots: Uint32Array;
  private readonly root: Root;
  private readonly format: Format;
  private nextId = 1;

  constructor(opts: { protection?: "none" | "software"; copying?: boolean; nRoots?: number } = {}) {
    this.arena = Arena.create(ArenaClass.VM, {
      arenaSize: 32 << 20,
      collector: traceCollector,
      platform: selectPlatform({ protection: opts.protection ?? "none" }),
    });
    const format = (this.format = this.arena.createFormat(testFormat(this.arena.mem, 0)));
    this.pool = this.arena.createPool(opts.copying === true ? ObjCopyPool : ObjPool, { format } as PoolOpts);
    const roots = (this.roots = new Uint32Array(opts.nRoots ?? 64));
    this.root = this.arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
      },
    });
    this.arena.messageTypeEnable(MessageType.FINALIZATION);
  }

  /** A new object with `nslots` null slots and a fresh id; returns [address, id]. */
  alloc(nslots = 2): [Addr, number] {
    const id = this.nextId++;
    const p = this.pool.alloc(testObjectSize(nslots));
    initTestObject(this.arena.mem, p, 0, id, nslots);
    return [p, id];
  }

  /** The id of the object at `p` (word 1). */
  id(p: Addr): number {
    return testObjectId(this.arena.mem, p, 0);
  }

  /** Store `ref` in slot `i` of `p`, through the barrier. */
  setSlot(p: Addr, i: number, ref: Addr): void {
    this.arena.storeRef(testObjectSlotAddr(p, 0, i), ref);
  }

  /** Is there a live object with id `id` in the pool? */
  hasId(id: number): boolean {
    for (const seg of this.pool.objects.values()) if (seg.forwardedTo === 0 && this.id(seg.obj) === id) return true;
    return false;
  }

  /** The arena's MRG pool, if made. */
  get mrg(): MRGPool | undefined {
    return this.arena.finalPool as MRGPool | undefined;
  }

  /** Take every finalization message: their references' ids, then discard them unless `keep`. */
  drain(keep = false): { ids: number[]; refs: Addr[] } {
    const ids: number[] = [];
    const refs: Addr[] = [];
    for (let m = this.arena.messageGet(MessageType.FINALIZATION); m !== undefined; m = this.arena.messageGet(MessageType.FINALIZATION)) {
      const ref = m.finalizationRef();
      refs.push(ref);
      ids.push(this.id(ref));
      if (!keep) this.arena.messageDiscard(m);
    }
    return { ids, refs };
  }

  destroy(): void {
    this.root.destroy();
    this.pool.destroy();
    this.format.destroy();
    this.arena.destroy();
  }
}
