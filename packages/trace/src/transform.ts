/**
 * Transforms (design.mps.transform, `mps_transform_*`): a client's map from
 * old objects to new ones, applied by a collection whose scan states
 * replace every reference to an old object before fixing it.
 * See docs/design/trace.md `.transform` and docs/reference/transforms.md.
 * .critical: TransformScanState.fix2 (per possibly-white reference of the transform's trace).
 */

import type { Arena, GCSeg, Root, Seg } from "@mps/arena";
import {
  type Addr, type Rank, type Trace as MpmTrace, type Transform as MpmTransform, type WriteStream,
  COOL, RANK_LIMIT, Rank as RankV, SIG_INVALID, addrHex, aver, checkL, checkS, defineSig, describeLine, paramError,
} from "@mps/mpm";
import { ScanState } from "./scan-state.js";
import { TraceState } from "./trace.js";

/**
 * The signature of a live {@link Transform} (`TransformSig`).
 * @public
 */
export const SIG_TRANSFORM = defineSig("Transform", 0x51926a45);

/**
 * What a transform needs of the collector that made it (the
 * {@link TraceCollector} implements it).
 * @public
 */
export interface TransformCollector {
  /** The arena collected. */
  readonly arena: Arena;
  /** The collector's trace (its state tells whether a collection is running). */
  readonly trace: MpmTrace & { readonly state: number };
  /** `mps_collections`. */
  collections(): number;
  /** `mps_arena_park`. */
  park(): void;
  /**
   * Run one collection, to its end, condemning the segments `condemn`
   * accepts and scanning with `states` (one per rank) instead of the
   * collector's own scan states.
   */
  transformTrace(condemn: (seg: GCSeg) => boolean, states: readonly ScanState[]): void;
}

/**
 * The scan state of a transform's trace (`transformFix`): a reference to an
 * old object in a condemned segment is replaced by its new object, which is
 * then fixed as any reference is. Ambiguous references are never replaced
 * (`apply` refused the transform if any referred to an old object).
 * @public
 */
export class TransformScanState extends ScanState {
  private readonly oldToNew: Map<Addr, Addr>;

  /** A scan state for `trace` at `rank` that applies `oldToNew`. */
  constructor(arena: Arena, trace: MpmTrace, rank: Rank, oldToNew: Map<Addr, Addr>) {
    super(arena, trace, rank);
    this.oldToNew = oldToNew;
  }

  /** Replace an old reference by its new one, then fix that (no allocation: a map lookup). */
  override fix2(ref: Addr): Addr {
    const seg = this.arena.segOfAddr(ref);
    // Only white segments can hold old objects: they were all condemned.
    if (seg !== undefined && (seg.white & this.traces) !== 0) {
      const nu = this.oldToNew.get(ref);
      if (nu !== undefined) {
        if (this.rank !== RankV.AMBIG) return super.fix2(nu);
        if (COOL) aver(false, "TransformScanState.fix2: apply found no ambiguous reference to an old object beforehand");
      }
    }
    return super.fix2(ref);
  }
}

/**
 * The scan state of `apply`'s search for ambiguous references to old
 * objects: every reference reaches `fix2`, which notes whether it is an old
 * object's address and changes nothing.
 * @public
 */
export class TransformAmbigScanState extends ScanState {
  /** An ambiguous reference to an old object was seen. */
  found = false;
  private readonly oldToNew: Map<Addr, Addr>;

  /** A searcher over `arena` for the keys of `oldToNew`. */
  constructor(arena: Arena, trace: MpmTrace, oldToNew: Map<Addr, Addr>) {
    super(arena, trace, RankV.AMBIG);
    this.oldToNew = oldToNew;
  }

  /** Every zone is "white", so every reference reaches `fix2`. */
  override reset(rank: Rank): void {
    super.reset(rank);
    this.white = 0xffffffff;
  }

  /** Note an old object's address; the reference is unchanged. */
  override fix2(ref: Addr): Addr {
    if (this.oldToNew.has(ref)) this.found = true;
    return ref;
  }
}

/**
 * A transform (`mps_transform_t`, `TransformStruct`): made by
 * `arena.createTransform()`, filled with `addOldNew`, applied once with
 * `apply`, then destroyed.
 *
 * @remarks
 * `apply` parks the arena and, unless an ambiguous reference (a root of rank
 * `AMBIG`, a thread's stack, or an object on an ambiguous allocation point)
 * holds the address of an old object, collects the generations holding the
 * old objects with scan states that replace each reference to an old object
 * by its new one. Every root and every scannable segment whose summary
 * meets the condemned zones is scanned, at its own rank (exact, final and
 * weak references alike), so after it no reference to an old object
 * remains but in old objects themselves, which are dead and reclaimed by
 * that collection. The old and new addresses are those of the moment the
 * transform was filled: a collection between making the transform and
 * applying it may have moved objects, so `apply` then throws `PARAM`.
 * @public
 */
export class Transform implements MpmTransform {
  /** {@link SIG_TRANSFORM} while live. */
  sig = SIG_INVALID;
  /** The arena the transform works in. */
  readonly arena: Arena;
  private readonly collector: TransformCollector;
  /** The map: old object → new object (client addresses). */
  private readonly oldToNew = new Map<Addr, Addr>();
  /** `mps_collections` when the transform was made, counting one running then as done (the MPS's epoch). */
  private readonly epoch: number;
  /** `apply` has been called. */
  private applied = false;
  /** `apply` found an ambiguous reference to an old object and changed nothing. */
  private aborted = false;
  /** The objects of each segment looked at by `addOldNew` (a segment's walk, done once). */
  private objects = new Map<Seg, Set<Addr>>();

  /** Make an empty transform over `collector`'s arena (use `arena.createTransform()`). */
  constructor(collector: TransformCollector) {
    this.collector = collector;
    this.arena = collector.arena;
    // A collection running now flipped before the transform was made, so the
    // addresses added later are good once it ends: count it as done.
    this.epoch = collector.collections() + (collector.trace.state !== TraceState.NONE ? 1 : 0);
    this.sig = SIG_TRANSFORM;
  }

  /** How many old objects are mapped. */
  get count(): number {
    this.checkLive("Transform.count");
    return this.oldToNew.size;
  }

  /** Did the last `apply` refuse (an ambiguous reference to an old object)? */
  get wasAborted(): boolean {
    return this.aborted;
  }

  /** The new object `old` is mapped to, or undefined. */
  lookup(old: Addr): Addr | undefined {
    this.checkLive("Transform.lookup");
    return this.oldToNew.get(old);
  }

  /**
   * `mps_transform_add_oldnew`: map `olds[i]` to `news[i]` for each `i`. An
   * old of 0, or equal to its new, is ignored (as in the MPS). Throws
   * `PARAM`, adding nothing, if the lengths differ, an address is not the
   * client address of an object in an automatic pool, an old is given twice
   * (here or before), a collection is running, or the transform was
   * applied or destroyed.
   */
  addOldNew(olds: ArrayLike<Addr>, news: ArrayLike<Addr>): void {
    this.checkLive("Transform.addOldNew");
    if (this.applied) paramError("Transform.addOldNew: the transform has been applied already");
    if (!isArrayLike(olds) || !isArrayLike(news)) paramError("Transform.addOldNew: olds and news must be arrays (or typed arrays) of addresses");
    if (olds.length !== news.length) paramError(`Transform.addOldNew: ${olds.length} olds but ${news.length} news; they must be as many`);
    // .assume.parked: the MPS insists on a parked arena here, so that objects stay where they are.
    if (this.collector.trace.state !== TraceState.NONE) paramError("Transform.addOldNew: a collection is running; park the arena first");
    const n = olds.length;
    const batch = new Set<Addr>();
    for (let i = 0; i < n; i++) {
      const old = olds[i]!;
      const nu = news[i]!;
      if (!isAddr(old)) paramError(`Transform.addOldNew: olds[${i}] is not an address: ${String(old)}`);
      if (!isAddr(nu)) paramError(`Transform.addOldNew: news[${i}] is not an address: ${String(nu)}`);
      if (old === 0 || old === nu) continue;
      if (this.oldToNew.has(old) || batch.has(old)) paramError(`Transform.addOldNew: the old object ${addrHex(old)} is given twice`);
      if (!this.isObject(old)) paramError(`Transform.addOldNew: olds[${i}] = ${addrHex(old)} is not an object in an automatic pool`);
      if (!this.isObject(nu)) paramError(`Transform.addOldNew: news[${i}] = ${addrHex(nu)} is not an object in an automatic pool`);
      batch.add(old);
    }
    for (let i = 0; i < n; i++) {
      const old = olds[i]!;
      const nu = news[i]!;
      if (old !== 0 && old !== nu) this.oldToNew.set(old, nu);
    }
  }

  /**
   * `mps_transform_apply`: park the arena, and, unless an ambiguous
   * reference holds an old object's address (then nothing changes and it
   * returns false), replace every reference to an old object in the roots
   * and the heap by its new object, in one collection of the generations of
   * the old objects; returns true. The arena is left parked. Throws `PARAM`
   * if the transform was applied before, or a collection has finished since
   * it was made (objects may have moved), or it was destroyed.
   */
  apply(): boolean {
    this.checkLive("Transform.apply");
    if (this.applied) paramError("Transform.apply: a transform can be applied only once");
    const collector = this.collector;
    // .park: parking finishes any collection running, which (having started
    // after the transform was made) may have moved its objects: check after.
    collector.park();
    if (collector.collections() !== this.epoch) paramError("Transform.apply: a collection has happened since the transform was made, so its addresses may be stale");
    this.applied = true;
    this.objects.clear();
    if (this.oldToNew.size === 0) return true;
    if (this.ambiguouslyReferenced()) {
      this.aborted = true;
      return false;
    }
    const arena = this.arena;
    const oldToNew = this.oldToNew;
    // Condemn the generations of the old objects (`transformCondemn`), and
    // the very segments of old objects a pool keeps in no generation.
    const gens = new Set<unknown>();
    const segs = new Set<Seg>();
    for (const old of oldToNew.keys()) {
      const seg = arena.segOfAddr(old) as GCSeg;
      if (seg.pgen !== undefined) gens.add(seg.pgen.gen);
      else segs.add(seg);
    }
    const states: ScanState[] = [];
    for (let r = 0; r < RANK_LIMIT; r++) states.push(new TransformScanState(arena, collector.trace, r as Rank, oldToNew));
    try {
      collector.transformTrace((seg) => (seg.pgen !== undefined ? gens.has(seg.pgen.gen) : segs.has(seg)), states);
    } finally {
      for (const ss of states) ss.finish();
    }
    return true;
  }

  /** `mps_transform_destroy`. */
  destroy(): void {
    // Allowed after the arena is gone, so that a program can tidy up in any order.
    if (this.sig !== SIG_TRANSFORM) paramError("Transform.destroy: the transform has been destroyed");
    this.oldToNew.clear();
    this.objects.clear();
    this.sig = SIG_INVALID;
  }

  /** Check the transform's invariants. */
  check(): boolean {
    checkS(this, SIG_TRANSFORM, "Transform");
    checkL(this.epoch <= this.collector.collections() + 1, "Transform: epoch");
    checkL(!this.aborted || this.applied, "Transform: only an applied transform is aborted");
    return true;
  }

  /** Describe the transform. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Transform ${this.oldToNew.size} old objects, epoch ${this.epoch}${this.applied ? ", applied" : ""}${this.aborted ? ", aborted" : ""}`);
  }

  private checkLive(what: string): void {
    if (this.sig !== SIG_TRANSFORM) paramError(`${what}: the transform has been destroyed`);
    this.arena.checkLive(what);
  }

  /**
   * Is `addr` the client address of an object in an automatic pool? The
   * objects of a segment are found by walking it once, and again when an
   * address is not among them (the mutator may have allocated since).
   */
  private isObject(addr: Addr): boolean {
    const seg = this.arena.segOfAddr(addr);
    if (seg === undefined) return false;
    const pool = seg.pool;
    const format = pool.format;
    if (!pool.attrs.gc || format === undefined) return false;
    const known = this.objects.get(seg);
    if (known !== undefined && known.has(addr)) return true;
    const found = new Set<Addr>();
    seg.walk(format, (p) => {
      found.add(p);
    });
    this.objects.set(seg, found);
    return found.has(addr);
  }

  /**
   * Does an ambiguous reference hold an old object's address? Looks in the
   * roots of rank `AMBIG` (thread stacks among them) and in every object of
   * a segment with ambiguous references. The MPS finds them as its trace
   * fixes ambiguous references first; here ambiguous heap references are
   * scanned after the exact roots, so they must be found before anything
   * changes.
   */
  private ambiguouslyReferenced(): boolean {
    const arena = this.arena;
    const ss = new TransformAmbigScanState(arena, this.collector.trace, this.oldToNew);
    try {
      arena.roots.forEach((root: Root) => {
        if (ss.found || root.rank !== RankV.AMBIG) return;
        ss.reset(RankV.AMBIG);
        root.scan(ss);
      });
      const ambig = 1 << RankV.AMBIG;
      for (const pool of arena.pools()) {
        const format = pool.format;
        if (ss.found || !pool.attrs.scannable || format === undefined) continue;
        const visit = (p: Addr): void => {
          if (!ss.found) format.scan(ss, p, format.skip(p));
        };
        for (const seg of pool.segs()) {
          if ((seg.rankSet & ambig) === 0) continue;
          ss.reset(RankV.AMBIG);
          seg.walk(format, visit);
        }
      }
      return ss.found;
    } finally {
      ss.finish();
    }
  }
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return x !== null && typeof x === "object" && typeof (x as { length?: unknown }).length === "number";
}

function isAddr(x: unknown): x is Addr {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}
