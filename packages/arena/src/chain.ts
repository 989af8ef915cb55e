/**
 * Generation chains (`locus.c`, design.mps.strategy): chains of generations
 * with their capacities and mortalities, the arena's top generation, and the
 * per-pool accounting (PoolGen) from which the collector decides when a
 * chain is ready to collect and which generations to condemn.
 * See docs/design/arena-services.md `.chain`.
 * .critical: none (accounting runs per segment and per buffer fill, not per object).
 */

import {
  type Inst, type Size, type TraceId, type TraceSet, type WriteStream, type ZoneSet,
  CHECKING, COOL, SIG_INVALID, TRACE_LIMIT, aver, checkD, checkL, checkS, checkU, defineSig, describeLine, paramError,
  traceSetAdd, traceSetDel, traceSetIsMember, zoneSetDescribe,
} from "@mps/mpm";

/**
 * The signature of a live {@link GenDesc} (the MPS's `GenDescSig`).
 * @public
 */
export const SIG_GEN_DESC = defineSig("GenDesc", 0x5199e4de);

/**
 * The signature of a live {@link PoolGen} (the MPS's `PoolGenSig`).
 * @public
 */
export const SIG_POOL_GEN = defineSig("PoolGen", 0x519b009e);

/**
 * The signature of a live {@link Chain} (the MPS's `ChainSig`).
 * @public
 */
export const SIG_CHAIN = defineSig("Chain", 0x519c8a14);

/**
 * The signature of a live {@link ChainList}.
 * @public
 */
export const SIG_CHAIN_LIST = defineSig("ChainList", 0x519c8a15);

/**
 * The weight of the latest observation in the moving average of a
 * generation's mortality (the MPS's `LocusMortalityALPHA`).
 * @public
 */
export const MORTALITY_ALPHA = 0.4;

/**
 * The largest capacity a generation may have, in KiB: the capacity in bytes
 * must be a safe integer.
 * @public
 */
export const GEN_CAPACITY_MAX = Math.floor(Number.MAX_SAFE_INTEGER / 1024);

/**
 * The parameters of one generation (`mps_gen_param_s`).
 * @public
 */
export interface GenParam {
  /**
   * The capacity, in KiB: when the size of new objects in the generation
   * exceeds it, the chain becomes ready to collect. MUST be an integer in
   * [1, {@link GEN_CAPACITY_MAX}].
   */
  readonly capacity: number;
  /**
   * The predicted mortality: the proportion of the generation expected to be
   * dead when it is collected. MUST be in [0, 1]. The collector replaces it
   * with a moving average of what it measures.
   */
  readonly mortality: number;
}

/**
 * The arena's default chain (the MPS's `ChainDEFAULT`): a nursery of 8 MiB
 * with mortality 0.85 and a second generation of 36 MiB with mortality
 * 0.45. The arena uses it for automatic pools made without a chain.
 * @public
 */
export const CHAIN_DEFAULT: readonly GenParam[] = Object.freeze([
  Object.freeze({ capacity: 8 * 1024, mortality: 0.85 }),
  Object.freeze({ capacity: 36 * 1024, mortality: 0.45 }),
]);

/**
 * What a chain needs from its arena: the arena's list of chains, which also
 * holds the top generation. The Arena implements this.
 * @public
 */
export interface ChainArena {
  /** The arena's chains and top generation. */
  readonly chains: ChainList;
}

/**
 * What a {@link PoolGen} needs from its pool: the arena's grain size, for
 * checking that every segment is at least a grain.
 * @public
 */
export interface PoolGenPool {
  /** The pool's arena. */
  readonly arena: { readonly grainSize: Size };
}

/**
 * A generation (`GenDescStruct`): a capacity, a mortality, the zones its
 * segments have occupied, the pools that allocate into it, and per-trace
 * figures while it is being collected.
 *
 * @remarks
 * The *new size* of a generation is the sum of its pool generations' new
 * sizes: memory allocated (or promoted) into it that has not been condemned
 * since. When it reaches the capacity the generation is *over capacity*,
 * and its chain is ready to collect (design.mps.strategy .param.capacity).
 * @public
 */
export class GenDesc implements Inst {
  /** The signature: {@link SIG_GEN_DESC} while live. */
  sig: number;
  /** A serial number, unique in the arena. */
  readonly serial: number;
  /** The zones that segments of this generation have occupied; it only grows. */
  zones: ZoneSet;
  /** The capacity in bytes. */
  readonly capacity: Size;
  /** The mortality: the moving average of the proportion found dead. */
  mortality: number;
  /** The traces collecting this generation. */
  activeTraces: TraceSet;
  /** The pool generations in this generation (the MPS's `locusRing`). */
  readonly poolGens: Set<PoolGen>;
  /** Per trace id: the size condemned by that trace. */
  readonly condemned: number[];
  /** Per trace id: the size forwarded (copied) by that trace. */
  readonly forwarded: number[];
  /** Per trace id: the size preserved in place by that trace. */
  readonly preservedInPlace: number[];

  /** @internal A generation of `capacity` bytes (`GenDescInit`); made by {@link ChainList}. */
  constructor(serial: number, capacity: Size, mortality: number) {
    this.serial = serial;
    this.zones = 0;
    this.capacity = capacity;
    this.mortality = mortality;
    this.activeTraces = 0;
    this.poolGens = new Set();
    this.condemned = new Array<number>(TRACE_LIMIT).fill(0);
    this.forwarded = new Array<number>(TRACE_LIMIT).fill(0);
    this.preservedInPlace = new Array<number>(TRACE_LIMIT).fill(0);
    this.sig = SIG_GEN_DESC;
  }

  /** The size of new (never condemned) memory in the generation, over all its pools (`GenDescNewSize`). */
  newSize(): Size {
    let size = 0;
    for (const pgen of this.poolGens) size += pgen.newSize;
    return size;
  }

  /** The total size of the generation's segments, over all its pools (`GenDescTotalSize`). */
  totalSize(): Size {
    let size = 0;
    for (const pgen of this.poolGens) size += pgen.totalSize;
    return size;
  }

  /** Is the new size at or over the capacity, so that collecting this generation is due? */
  isOverCapacity(): boolean {
    return this.newSize() >= this.capacity;
  }

  /** Add the zones of a new segment to the generation's zones (the zone part of `PoolGenAlloc`). */
  addZones(zones: ZoneSet): void {
    this.zones = (this.zones | zones) >>> 0;
  }

  /** The collector condemns this generation for trace `ti` (`GenDescStartTrace`): its per-trace figures start at zero. */
  startTrace(ti: TraceId): void {
    aver(this.sig === SIG_GEN_DESC, "GenDesc.startTrace: generation is live");
    checkTraceId(ti);
    aver(!traceSetIsMember(this.activeTraces, ti), "GenDesc.startTrace: trace not already active");
    this.activeTraces = traceSetAdd(this.activeTraces, ti);
    this.condemned[ti] = 0;
    this.forwarded[ti] = 0;
    this.preservedInPlace[ti] = 0;
  }

  /** Memory of `size` bytes in the generation was condemned by trace `ti` (`GenDescCondemned`). */
  condemn(ti: TraceId, size: Size): void {
    checkTraceId(ti);
    aver(traceSetIsMember(this.activeTraces, ti), "GenDesc.condemn: trace is active");
    this.condemned[ti]! += size;
  }

  /** Of the condemned memory, `forwarded` bytes were copied and `preservedInPlace` bytes kept by trace `ti` (`GenDescSurvived`). */
  survived(ti: TraceId, forwarded: Size, preservedInPlace: Size): void {
    checkTraceId(ti);
    aver(traceSetIsMember(this.activeTraces, ti), "GenDesc.survived: trace is active");
    this.forwarded[ti]! += forwarded;
    this.preservedInPlace[ti]! += preservedInPlace;
  }

  /**
   * Trace `ti` has finished with this generation (`GenDescEndTrace`): if it
   * condemned anything, fold the mortality it observed into the moving
   * average, with weight {@link MORTALITY_ALPHA}.
   */
  endTrace(ti: TraceId): void {
    checkTraceId(ti);
    aver(traceSetIsMember(this.activeTraces, ti), "GenDesc.endTrace: trace is active");
    this.activeTraces = traceSetDel(this.activeTraces, ti);
    const condemned = this.condemned[ti]!;
    const survived = this.forwarded[ti]! + this.preservedInPlace[ti]!;
    aver(survived <= condemned, "GenDesc.endTrace: no more survived than was condemned");
    if (condemned > 0) {
      const observed = 1 - survived / condemned;
      const m = this.mortality * (1 - MORTALITY_ALPHA) + observed * MORTALITY_ALPHA;
      // Keep rounding from carrying the average a hair outside [0, 1].
      this.mortality = m < 0 ? 0 : m > 1 ? 1 : m;
    }
  }

  /** @internal Finish the generation (`GenDescFinish`): no pool may use it and no trace may be collecting it. */
  finish(): void {
    aver(this.poolGens.size === 0, "GenDesc.finish: no pool generations");
    aver(this.activeTraces === 0, "GenDesc.finish: no active traces");
    this.sig = SIG_INVALID;
  }

  /** Check the generation (`GenDescCheck`). */
  check(): boolean {
    checkS(this, SIG_GEN_DESC, "GenDesc");
    checkL(this.zones >>> 0 === this.zones, "GenDesc: zones");
    checkL(Number.isSafeInteger(this.capacity) && this.capacity > 0, "GenDesc: capacity > 0");
    checkL(this.mortality >= 0 && this.mortality <= 1, "GenDesc: mortality in [0, 1]");
    checkL(this.activeTraces >= 0 && this.activeTraces < 1 << TRACE_LIMIT, "GenDesc: activeTraces");
    for (const pgen of this.poolGens) checkL(pgen.gen === this, "GenDesc: pool generation belongs here");
    return true;
  }

  /** Describe the generation and its pool generations. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `GenDesc ${this.serial} {`);
    describeLine(stream, depth + 2, `zones ${zoneSetDescribe(this.zones)}`);
    describeLine(stream, depth + 2, `capacity ${this.capacity}`);
    describeLine(stream, depth + 2, `mortality ${this.mortality}`);
    describeLine(stream, depth + 2, `activeTraces ${this.activeTraces}`);
    for (let ti = 0; ti < TRACE_LIMIT; ti++) {
      describeLine(stream, depth + 2, `trace ${ti} { condemned ${this.condemned[ti]} forwarded ${this.forwarded[ti]} preservedInPlace ${this.preservedInPlace[ti]} }`);
    }
    for (const pgen of this.poolGens) pgen.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}

/**
 * A pool's part of a generation (`PoolGenStruct`): the double-entry
 * accounting of every byte the pool holds in that generation
 * (design.mps.strategy .accounting).
 *
 * @remarks
 * `totalSize` is what the pool got from the arena for this generation; it
 * always equals the sum of `freeSize`, `bufferedSize`, `newSize`, `oldSize`,
 * `newDeferredSize` and `oldDeferredSize`. The `accountFor*` methods move bytes
 * between these accounts; each checks (with `aver`) that the account it
 * debits holds enough. Pools call them; the collector reads `newSize`
 * through {@link GenDesc.newSize}.
 * @public
 */
export class PoolGen implements Inst {
  /** The signature: {@link SIG_POOL_GEN} while live. */
  sig: number;
  /** The pool this belongs to. */
  readonly pool: PoolGenPool;
  /** The generation this belongs to. */
  readonly gen: GenDesc;
  /** The number of segments. */
  segs: number;
  /** The sum of the segments' sizes. */
  totalSize: Size;
  /** Unused: free, or lost to fragmentation. */
  freeSize: Size;
  /** Held in buffers, not yet condemned. */
  bufferedSize: Size;
  /** In use, allocated since the generation was last condemned. */
  newSize: Size;
  /** In use, allocated before the generation was last condemned. */
  oldSize: Size;
  /** New, but not counted towards collection (during a ramp). */
  newDeferredSize: Size;
  /** Old, but not counted towards collection (during a ramp). */
  oldDeferredSize: Size;

  /** Attach a new pool generation of `pool` to `gen`, with every account empty (`PoolGenInit`). */
  constructor(gen: GenDesc, pool: PoolGenPool) {
    if (CHECKING) {
      if (!(gen instanceof GenDesc) || gen.sig !== SIG_GEN_DESC) paramError("PoolGen: gen must be a live GenDesc");
      if (pool == null || pool.arena == null || !Number.isSafeInteger(pool.arena.grainSize)) paramError("PoolGen: pool must have an arena with a grainSize");
    }
    this.pool = pool;
    this.gen = gen;
    this.segs = 0;
    this.totalSize = 0;
    this.freeSize = 0;
    this.bufferedSize = 0;
    this.newSize = 0;
    this.oldSize = 0;
    this.newDeferredSize = 0;
    this.oldDeferredSize = 0;
    this.sig = SIG_POOL_GEN;
    gen.poolGens.add(this);
  }

  /** A segment of `size` bytes was allocated to this pool generation: debit total, credit free (the accounting of `PoolGenAlloc`). */
  accountForAlloc(size: Size): void {
    this.live("accountForAlloc");
    this.totalSize += size;
    this.segs += 1;
    this.freeSize += size;
  }

  /** A buffer was filled with `size` bytes: debit free, credit buffered (`PoolGenAccountForFill`). */
  accountForFill(size: Size): void {
    this.live("accountForFill");
    aver(this.freeSize >= size, "PoolGen.accountForFill: enough free");
    this.freeSize -= size;
    this.bufferedSize += size;
  }

  /**
   * A buffer was emptied: `used` bytes were allocated and `unused` bytes go
   * back (`PoolGenAccountForEmpty`). Debit buffered; credit new (or new
   * deferred) with `used` and free with `unused`.
   */
  accountForEmpty(used: Size, unused: Size, deferred: boolean): void {
    this.live("accountForEmpty");
    aver(this.bufferedSize >= used + unused, "PoolGen.accountForEmpty: enough buffered");
    this.bufferedSize -= used + unused;
    if (deferred) this.newDeferredSize += used;
    else this.newSize += used;
    this.freeSize += unused;
  }

  /**
   * Memory is condemned for the first time (`PoolGenAccountForAge`):
   * `wasBuffered` bytes from a buffer and `wasNew` bytes from new (or new
   * deferred) become old (or old deferred).
   */
  accountForAge(wasBuffered: Size, wasNew: Size, deferred: boolean): void {
    this.live("accountForAge");
    aver(this.bufferedSize >= wasBuffered, "PoolGen.accountForAge: enough buffered");
    this.bufferedSize -= wasBuffered;
    if (deferred) {
      aver(this.newDeferredSize >= wasNew, "PoolGen.accountForAge: enough new deferred");
      this.newDeferredSize -= wasNew;
      this.oldDeferredSize += wasBuffered + wasNew;
    } else {
      aver(this.newSize >= wasNew, "PoolGen.accountForAge: enough new");
      this.newSize -= wasNew;
      this.oldSize += wasBuffered + wasNew;
    }
  }

  /** `reclaimed` bytes of old (or old deferred) memory were found dead: credit free (`PoolGenAccountForReclaim`). */
  accountForReclaim(reclaimed: Size, deferred: boolean): void {
    this.live("accountForReclaim");
    if (deferred) {
      aver(this.oldDeferredSize >= reclaimed, "PoolGen.accountForReclaim: enough old deferred");
      this.oldDeferredSize -= reclaimed;
    } else {
      aver(this.oldSize >= reclaimed, "PoolGen.accountForReclaim: enough old");
      this.oldSize -= reclaimed;
    }
    this.freeSize += reclaimed;
  }

  /** A ramp ended: `oldSize` and `newSize` bytes of deferred memory count towards collection again (`PoolGenUndefer`). */
  undefer(oldSize: Size, newSize: Size): void {
    this.live("undefer");
    aver(this.oldDeferredSize >= oldSize, "PoolGen.undefer: enough old deferred");
    aver(this.newDeferredSize >= newSize, "PoolGen.undefer: enough new deferred");
    this.oldDeferredSize -= oldSize;
    this.oldSize += oldSize;
    this.newDeferredSize -= newSize;
    this.newSize += newSize;
  }

  /** A segment was split in two (`PoolGenAccountForSegSplit`). */
  accountForSegSplit(): void {
    this.live("accountForSegSplit");
    aver(this.segs >= 1, "PoolGen.accountForSegSplit: a segment to split");
    this.segs += 1;
  }

  /** Two segments were merged (`PoolGenAccountForSegMerge`). */
  accountForSegMerge(): void {
    this.live("accountForSegMerge");
    aver(this.segs >= 2, "PoolGen.accountForSegMerge: two segments to merge");
    this.segs -= 1;
  }

  /**
   * A segment of `size` bytes is freed, of which `freeSize`, `oldSize` and
   * `newSize` bytes were accounted free, old and new (or deferred)
   * (the accounting of `PoolGenFree`): its new memory is aged, its old
   * memory reclaimed, and then the whole segment leaves free and total.
   */
  accountForFree(size: Size, freeSize: Size, oldSize: Size, newSize: Size, deferred: boolean): void {
    this.live("accountForFree");
    aver(freeSize + oldSize + newSize === size, "PoolGen.accountForFree: the parts add up to the segment");
    this.accountForAge(0, newSize, deferred);
    this.accountForReclaim(oldSize + newSize, deferred);
    aver(this.totalSize >= size, "PoolGen.accountForFree: enough total");
    aver(this.segs > 0, "PoolGen.accountForFree: a segment to free");
    aver(this.freeSize >= size, "PoolGen.accountForFree: enough free");
    this.totalSize -= size;
    this.segs -= 1;
    this.freeSize -= size;
  }

  /** Detach from the generation (`PoolGenFinish`): every account must be empty. */
  finish(): void {
    this.live("finish");
    aver(this.segs === 0 && this.totalSize === 0 && this.freeSize === 0 && this.bufferedSize === 0, "PoolGen.finish: no segments left");
    aver(this.newSize === 0 && this.oldSize === 0 && this.newDeferredSize === 0 && this.oldDeferredSize === 0, "PoolGen.finish: no memory accounted");
    this.gen.poolGens.delete(this);
    this.sig = SIG_INVALID;
  }

  /** Check the accounts balance (`PoolGenCheck`). */
  check(): boolean {
    checkS(this, SIG_POOL_GEN, "PoolGen");
    checkU(this.gen, SIG_GEN_DESC, "PoolGen: gen");
    checkL(this.gen.poolGens.has(this), "PoolGen: on its generation");
    checkL((this.totalSize === 0) === (this.segs === 0), "PoolGen: no segments iff no total");
    checkL(this.totalSize >= this.segs * this.pool.arena.grainSize, "PoolGen: every segment is at least a grain");
    checkL(
      this.totalSize === this.freeSize + this.bufferedSize + this.newSize + this.oldSize + this.newDeferredSize + this.oldDeferredSize,
      "PoolGen: the accounts add up to the total",
    );
    return true;
  }

  /** Describe the accounts. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `PoolGen { segs ${this.segs} total ${this.totalSize} free ${this.freeSize} buffered ${this.bufferedSize} new ${this.newSize} old ${this.oldSize} newDeferred ${this.newDeferredSize} oldDeferred ${this.oldDeferredSize} }`);
  }

  private live(where: string): void {
    aver(this.sig === SIG_POOL_GEN, `PoolGen.${where}: pool generation is live`);
  }
}

/**
 * A generation chain (`mps_chain_t`): a sequence of generations that a set
 * of automatic pools share. Made by {@link createChain}.
 *
 * @remarks
 * Generation `i` for `i < genCount` is the chain's own; {@link Chain.gen}
 * of `genCount` is the arena's top generation, into which survivors of the
 * last generation are promoted.
 * @public
 */
export class Chain implements Inst {
  /** The signature: {@link SIG_CHAIN} while live. */
  sig: number;
  /** The arena the chain belongs to. */
  readonly arena: ChainArena;
  /** The chain's generations, nursery first. */
  readonly gens: readonly GenDesc[];

  /** @internal Use {@link createChain}. */
  constructor(arena: ChainArena, gens: readonly GenDesc[]) {
    this.arena = arena;
    this.gens = gens;
    this.sig = SIG_CHAIN;
  }

  /** The number of generations in the chain (`ChainGens`). */
  get genCount(): number {
    return this.gens.length;
  }

  /**
   * Generation `i` of the chain, or the arena's top generation when `i` is
   * `genCount` (`ChainGen`). Throws `PARAM` for any other index.
   */
  gen(i: number): GenDesc {
    this.assertLive("gen");
    if (CHECKING && !(Number.isInteger(i) && i >= 0 && i <= this.gens.length)) {
      paramError(`Chain.gen: index must be an integer in [0, ${this.gens.length}], not ${String(i)}`);
    }
    return i < this.gens.length ? this.gens[i]! : this.arena.chains.topGen;
  }

  /**
   * How far the chain is from needing a collection (`ChainDeferral`): the
   * least, over its generations, of capacity minus new size. Zero or less
   * means some generation is over capacity. Infinity while a trace is
   * collecting any of its generations.
   */
  deferral(): number {
    this.assertLive("deferral");
    let time = Infinity;
    for (const gen of this.gens) {
      if (gen.activeTraces !== 0) return Infinity;
      const t = gen.capacity - gen.newSize();
      if (t < time) time = t;
    }
    return time;
  }

  /** Is some generation of the chain over capacity, with no trace collecting the chain? */
  isReadyToCollect(): boolean {
    return this.deferral() <= 0;
  }

  /**
   * The highest generation that is over capacity, or -1 if none is: the
   * collector condemns it and every lower generation (as the MPS's
   * `policyCondemnChain` chooses).
   */
  topCondemnedGen(): number {
    this.assertLive("topCondemnedGen");
    for (let i = this.gens.length - 1; i >= 0; i--) {
      if (this.gens[i]!.isOverCapacity()) return i;
    }
    return -1;
  }

  /**
   * Destroy the chain (`mps_chain_destroy`). Throws `PARAM`, changing
   * nothing, if a pool still uses any of its generations, if a trace is
   * collecting one, or if the chain was already destroyed.
   */
  destroy(): void {
    // Checked at every level, as the other destroys are (off the critical path).
    if (this.sig !== SIG_CHAIN) paramError("Chain.destroy: the chain was destroyed");
    const list = this.arena.chains;
    if (CHECKING && list.sig !== SIG_CHAIN_LIST) paramError("Chain.destroy: the chain's arena was destroyed");
    for (let i = 0; i < this.gens.length; i++) {
      const gen = this.gens[i]!;
      if (gen.poolGens.size > 0) paramError(`Chain.destroy: generation ${i} is still used by ${gen.poolGens.size} pool(s)`);
      if (gen.activeTraces !== 0) paramError(`Chain.destroy: generation ${i} is being collected (park the arena first)`);
    }
    list.remove(this);
    this.sig = SIG_INVALID;
    for (const gen of this.gens) gen.finish();
  }

  /** Check the chain and (at `cool`) its generations (`ChainCheck`). */
  check(): boolean {
    checkS(this, SIG_CHAIN, "Chain");
    checkU(this.arena.chains, SIG_CHAIN_LIST, "Chain: arena's chain list");
    checkL(this.gens.length > 0, "Chain: at least one generation");
    for (const gen of this.gens) checkD(gen, SIG_GEN_DESC, (g) => g.check(), "Chain: generation");
    return true;
  }

  /** Describe the chain and its generations. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_CHAIN) {
      describeLine(stream, depth, "Chain (destroyed)");
      return;
    }
    describeLine(stream, depth, `Chain (${this.gens.length} generations) {`);
    for (const gen of this.gens) gen.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }

  private assertLive(where: string): void {
    if (CHECKING && this.sig !== SIG_CHAIN) paramError(`Chain.${where}: the chain was destroyed`);
  }
}

/**
 * The arena's chains and its top generation (the MPS's `chainRing`,
 * `topGen` and `genSerial`). The Arena makes one when it is made and
 * finishes it when it is destroyed.
 * @public
 */
export class ChainList implements Inst {
  /** The signature: {@link SIG_CHAIN_LIST} while live. */
  sig: number;
  /** The arena-wide top generation, into which the last generation of every chain promotes (`topGen`). */
  readonly topGen: GenDesc;
  private readonly chains: Set<Chain>;
  private genSerial: number;

  /** No chains, and a top generation (`LocusInit`). */
  constructor() {
    this.chains = new Set();
    this.genSerial = 0;
    // The top generation's capacity is never used: it belongs to no chain.
    this.topGen = this.makeGen({ capacity: 1, mortality: 0.5 });
    this.sig = SIG_CHAIN_LIST;
  }

  /** The number of live chains. */
  get size(): number {
    return this.chains.size;
  }

  /** Is `chain` one of this arena's live chains? */
  has(chain: Chain): boolean {
    return this.chains.has(chain);
  }

  /** Visit each live chain, oldest first; the visitor may destroy the chain it is given. */
  forEach(visit: (chain: Chain) => void): void {
    for (const c of this.chains) visit(c);
  }

  /** @internal Make a generation with the next serial number. */
  makeGen(param: GenParam): GenDesc {
    const gen = new GenDesc(this.genSerial, param.capacity * 1024, param.mortality);
    this.genSerial += 1;
    return gen;
  }

  /** @internal Add a new chain (called by {@link createChain}). */
  add(chain: Chain): void {
    this.chains.add(chain);
  }

  /** @internal Remove a destroyed chain (called by {@link Chain.destroy}). */
  remove(chain: Chain): void {
    aver(this.chains.delete(chain), "ChainList.remove: chain was on the list");
  }

  /**
   * Finish the list as the arena is destroyed (`LocusFinish`). Throws
   * `PARAM`, changing nothing, if a chain has not been destroyed or a pool
   * still uses the top generation.
   */
  finish(): void {
    if (CHECKING && this.sig !== SIG_CHAIN_LIST) paramError("ChainList.finish: already finished");
    if (this.chains.size > 0) paramError(`ChainList.finish: ${this.chains.size} chain(s) not destroyed`);
    if (this.topGen.poolGens.size > 0) paramError("ChainList.finish: a pool still uses the top generation");
    this.topGen.finish();
    this.sig = SIG_INVALID;
  }

  /** Check the list, the top generation and (at `cool`) every chain. */
  check(): boolean {
    checkS(this, SIG_CHAIN_LIST, "ChainList");
    checkD(this.topGen, SIG_GEN_DESC, (g) => g.check(), "ChainList: topGen");
    checkL(Number.isSafeInteger(this.genSerial) && this.genSerial > this.topGen.serial, "ChainList: genSerial");
    if (COOL) for (const c of this.chains) checkD(c, SIG_CHAIN, (x) => x.check(), "ChainList: chain");
    return true;
  }

  /** Describe the top generation and every chain. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `ChainList (${this.chains.size} chains) {`);
    describeLine(stream, depth + 2, "topGen:");
    this.topGen.describe(stream, depth + 4);
    for (const c of this.chains) c.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}

/**
 * Check one generation's parameters, throwing `PARAM` naming the bad value.
 * @public
 */
export function genParamCheck(param: GenParam, index = 0): void {
  if (param === null || typeof param !== "object") paramError(`createChain: generation ${index} must be an object { capacity, mortality }`);
  const { capacity, mortality } = param;
  if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 1 || capacity > GEN_CAPACITY_MAX) {
    paramError(`createChain: generation ${index} capacity must be an integer number of KiB in [1, ${GEN_CAPACITY_MAX}], not ${String(capacity)}`);
  }
  if (typeof mortality !== "number" || !(mortality >= 0 && mortality <= 1)) {
    paramError(`createChain: generation ${index} mortality must be in [0, 1], not ${String(mortality)}`);
  }
}

/**
 * Make a generation chain in `arena` (`mps_chain_create`): one generation
 * per element of `params`, nursery first. Throws `PARAM`, making nothing,
 * if `params` is empty or any capacity or mortality is out of range
 * (see {@link GenParam}), or if the arena was destroyed. The arena's
 * `createChain` calls this.
 * @public
 */
export function createChain(arena: ChainArena, params: readonly GenParam[]): Chain {
  if (arena == null || !(arena.chains instanceof ChainList)) paramError("createChain: arena must have a ChainList");
  const list = arena.chains;
  if (list.sig !== SIG_CHAIN_LIST) paramError("createChain: the arena was destroyed");
  if (!Array.isArray(params)) paramError("createChain: params must be an array of { capacity, mortality }");
  if (params.length === 0) paramError("createChain: a chain needs at least one generation");
  for (let i = 0; i < params.length; i++) genParamCheck(params[i]!, i);
  const gens = params.map((p) => list.makeGen(p));
  const chain = new Chain(arena, gens);
  list.add(chain);
  return chain;
}

function checkTraceId(ti: TraceId): void {
  aver(Number.isInteger(ti) && ti >= 0 && ti < TRACE_LIMIT, () => `not a trace id: ${String(ti)}`);
}
