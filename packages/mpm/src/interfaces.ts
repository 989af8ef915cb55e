/**
 * The interfaces (types only) of the memory manager's central structures —
 * arena, pool, segment, buffer, allocation point, trace, scan state, format
 * and the collector — so that layers call each other without importing each
 * other, as the MPS does through `mpm.h` (DESIGN.md §3). `@mps/arena`
 * implements Arena, Pool, Seg and Buffer; `@mps/trace` implements Trace,
 * ScanState and Collector. See docs/design/mpm.md `.interfaces`.
 * .critical: none (types only).
 */

import type { Addr, Align, Size } from "./addr.js";
import type { Inst, WriteStream } from "./protocol.js";
import type { Rank, RankSet, TraceId, TraceSet } from "./rank.js";
import type { RefSet, ZoneSet } from "./zone.js";

/**
 * An access set as `@mps/shield` defines it: bit 1 for read, bit 2 for write.
 * @public
 */
export type AccessMode = number;

/**
 * The typed-array views of an arena's memory, as `@mps/vm`'s `MemoryViews`
 * provides them: address `a` is byte `a`.
 * @public
 */
export interface ArenaMemory {
  /** Bytes. */
  readonly u8: Uint8Array;
  /** Words: references are stored as u32. */
  readonly u32: Uint32Array;
  /** Signed words. */
  readonly i32: Int32Array;
  /** Double floats (8-aligned). */
  readonly f64: Float64Array;
  /** A DataView over the same buffer. */
  readonly dv: DataView;
}

/**
 * A trace (design.mps.trace), as segments and pools see it. Implemented by `@mps/trace`.
 * @public
 */
export interface Trace {
  /** The trace's identifier: its bit in a {@link TraceSet}. */
  readonly ti: TraceId;
  /** The zones the condemned set occupies: the trace's white zone set. */
  readonly white: ZoneSet;
  /** The zones whose objects may move in this trace. */
  readonly mayMove: ZoneSet;
  /** True while the trace is in emergency mode (no allocation allowed in fix). */
  readonly emergency: boolean;
  /**
   * `TraceSetEmergency`: a pool could not get memory to copy an object, so
   * the rest of the trace preserves objects where they are instead of
   * trying again for each one (design.mps.trace `.emergency`).
   */
  enterEmergency(): void;
  /** Bytes condemned: pools add what they condemn in `whiten` (docs/design/trace.md `.contract.whiten`). */
  condemned: Size;
  /** Bytes of condemned objects copied: pools add them in `fix` (`.contract.sizes`). */
  forwardedSize: Size;
  /** Bytes of condemned objects kept where they are: pools add them in `reclaim`. */
  preservedInPlaceSize: Size;
  /** Bytes freed: pools add them in `reclaim`. */
  reclaimSize: Size;
}

/**
 * A scan state (design.mps.scan): what a format's scan method and a pool's
 * segment scan receive. Implemented by `@mps/trace`.
 * @remarks
 * The inline MPS_FIX1 test is `((ss.white >>> ((ref >>> ss.zoneShift) & 31)) & 1) !== 0`;
 * only references that pass it need `fix2`.
 * @public
 */
export interface ScanState {
  /** The scan state's signature. */
  readonly sig: number;
  /** The arena being traced. */
  readonly arena: Arena;
  /** The rank of the references being scanned. */
  readonly rank: Rank;
  /** The traces this scan works for (one bit: docs/design/trace.md `.contract.one-trace`). */
  readonly traces: TraceSet;
  /** The trace this scan works for. */
  readonly trace: Trace;
  /** The arena's zone shift, for the inline zone test. */
  readonly zoneShift: number;
  /** The union of the white zone sets of `traces`. */
  readonly white: ZoneSet;
  /** The summary of references seen, before fixing. */
  unfixedSummary: RefSet;
  /** The summary of references after fixing. */
  fixedSummary: RefSet;
  /** Set by a segment's fix when the referent was already marked. */
  wasMarked: boolean;
  /** MPS_FIX1: may `ref` point at a white object (the zone test)? */
  fix1(ref: Addr): boolean;
  /** MPS_FIX2: fix `ref`, returning its new value (0 where a weak reference was splatted). */
  fix2(ref: Addr): Addr;
  /** MPS_FIX12: `fix1` then, if it passes, `fix2`. */
  fix(ref: Addr): Addr;
  /** Fix every word of [base, limit) as a reference (`mps_scan_area`). */
  scanArea(base: Addr, limit: Addr): void;
  /** `mps_scan_area_masked`: fix every word with the bits of `mask` removed, and put them back. */
  scanAreaMasked(base: Addr, limit: Addr, mask: number): void;
  /** `mps_scan_area_tagged`: fix the words whose bits under `mask` equal `pattern` (tag removed, then restored). */
  scanAreaTagged(base: Addr, limit: Addr, mask: number, pattern: number): void;
  /** `mps_scan_area_tagged_or_zero`: as `scanAreaTagged`, and also the words whose tag is zero. */
  scanAreaTaggedOrZero(base: Addr, limit: Addr, mask: number, pattern: number): void;
}

/**
 * An object format (design.mps.format), as segments and pools see it: the
 * client's functions over addresses. `@mps/arena`'s Format implements it.
 * @public
 */
export interface ObjectFormat {
  /** The format's signature. */
  readonly sig: number;
  /** The alignment of every object, in bytes. */
  readonly align: Align;
  /** The size of an in-band header before each client pointer, in bytes. */
  readonly headerSize: Size;
  /** Scan the objects in [base, limit). */
  scan(ss: ScanState, base: Addr, limit: Addr): void;
  /** The address just past the object at `addr`. */
  skip(addr: Addr): Addr;
  /** Replace the object at `oldAddr` by a forwarding object to `newAddr`. */
  fwd(oldAddr: Addr, newAddr: Addr): void;
  /** If `addr` is a forwarding object, where it forwards to; else 0. */
  isfwd(addr: Addr): Addr;
  /** Make a padding object of `size` bytes at `addr`. */
  pad(addr: Addr, size: Size): void;
}

/**
 * Called for each object a walk visits: its address, its format, its pool.
 * @public
 */
export type FormattedObjectsVisitor = (addr: Addr, format: ObjectFormat, pool: Pool) => void;

/**
 * Called for each free block a free-walk visits.
 * @public
 */
export type FreeBlockVisitor = (base: Addr, limit: Addr, pool: Pool) => void;

/**
 * The capabilities of a pool class (the MPS's class attributes, widened as
 * MMTk's plan constraints): frozen data that generic code branches on
 * instead of on the class.
 * @public
 */
export interface PoolAttrs {
  /** The pool's objects are garbage collected (`AttrGC`). */
  readonly gc: boolean;
  /** The collector may move the pool's objects (`AttrMOVINGGC`). */
  readonly moving: boolean;
  /** `pool.alloc` is supported. */
  readonly alloc: boolean;
  /** `pool.free` is supported. */
  readonly free: boolean;
  /** Allocation points (`pool.createAp`) are supported. */
  readonly buffer: boolean;
  /** The pool's segments may contain references and are scanned. */
  readonly scannable: boolean;
  /** The pool takes an object format. */
  readonly format: boolean;
  /** Allocation frames (`framePush`/`framePop`) are supported. */
  readonly frames: boolean;
  /** The ranks an allocation point of the pool may have. */
  readonly ranks: RankSet;
}

/**
 * A buffer's allocation point: the three fields the reserve/commit fast path
 * reads and writes (the MPS's `mps_ap_s`).
 * @public
 */
export interface APFields {
  /** The limit of initialised memory: the base of the next object. */
  init: Addr;
  /** The limit of reserved memory. */
  alloc: Addr;
  /** The limit of the buffer, or 0 when the buffer is trapped (after a flip, or reset). */
  limit: Addr;
}

/**
 * An allocation buffer (design.mps.buffer), as the tracer and pools see it.
 * Implemented by `@mps/arena`'s Buffer.
 * @public
 */
export interface Buffer extends Inst {
  /** The pool the buffer belongs to. */
  readonly pool: Pool;
  /** The allocation point whose fields the mutator updates. */
  readonly ap: APFields;
  /** The base of the attached region, or 0 when reset. */
  readonly base: Addr;
  /** The limit the pool set when it filled the buffer, or 0 when reset. */
  readonly poolLimit: Addr;
  /** The value of `init` when the buffer was flipped, or 0 when not flipped. */
  readonly initAtFlip: Addr;
  /** True when the buffer serves the mutator (an AP), false for the collector's own buffers. */
  readonly isMutator: boolean;
  /** The ranks of the references in objects allocated here. */
  rankSet(): RankSet;
  /** Is the buffer detached from any memory (design.mps.buffer `.reset`)? */
  isReset(): boolean;
  /** Is the buffer between commit and reserve (`init === alloc`)? */
  isReady(): boolean;
  /** The segment the buffer is attached to, if any. */
  seg(): Seg | undefined;
  /** The highest address to which it is safe to scan (`BufferScanLimit`). */
  scanLimit(): Addr;
  /** Trap the buffer for a flip (`BufferFlip`): the next commit of an object reserved before it fails. */
  flip(): void;
}

/**
 * A segment (design.mps.seg), as the tracer, the shield and pools see it.
 * Implemented by `@mps/arena`'s Seg and GCSeg.
 * @public
 */
export interface Seg extends Inst {
  /** The pool that owns the segment. */
  readonly pool: Pool;
  /** The base address, a multiple of the arena grain size. */
  readonly base: Addr;
  /** The limit address, a multiple of the arena grain size. */
  readonly limit: Addr;
  /** Traces for which the segment is grey. */
  readonly grey: TraceSet;
  /** Traces for which the segment is white. */
  readonly white: TraceSet;
  /** Traces for which the segment has nailed objects. */
  nailed: TraceSet;
  /** The ranks of references the segment may contain (empty: none). */
  readonly rankSet: RankSet;
  /** Protection mode: the accesses the protection really forbids (the shield's `pm`). */
  pm: AccessMode;
  /** Shield mode: the accesses the shield wants forbidden (`sm`). */
  sm: AccessMode;
  /** Shield depth: how many times the segment is exposed. */
  depth: number;
  /** Is the segment in the shield's queue? */
  queued: boolean;
  /** The summary of references out of the segment (ZONE_SET_UNIV for non-GC segments). */
  readonly summary: RefSet;
  /** The segment's size in bytes. */
  size(): Size;
  /** `SegSetGrey`. */
  setGrey(grey: TraceSet): void;
  /** `SegSetWhite`. */
  setWhite(white: TraceSet): void;
  /** `SegSetRankSet`. */
  setRankSet(rankSet: RankSet): void;
  /** `SegSetSummary`. */
  setSummary(summary: RefSet): void;
  /** `SegSetRankAndSummary`. */
  setRankSummary(rankSet: RankSet, summary: RefSet): void;
  /** `SegBuffer`: the buffer attached to the segment, if any. */
  buffer(): Buffer | undefined;
  /** `SegFlip`: raise the barrier for a flipped trace. */
  flip(trace: Trace): void;
  /** `SegAccess`: handle a barrier hit at `addr`. */
  access(addr: Addr, mode: AccessMode): void;
  /** `SegWhiten`: condemn the segment's objects for `trace`. */
  whiten(trace: Trace): void;
  /** `SegGreyen`: make non-white objects grey for `trace`. */
  greyen(trace: Trace): void;
  /** `SegBlacken`: make grey objects black without scanning. */
  blacken(traceSet: TraceSet): void;
  /** `SegScan`: scan the grey objects; return true if the scan was total. */
  scan(ss: ScanState): boolean;
  /** `SegFix`: `ref` is reachable; return its new value. */
  fix(ss: ScanState, ref: Addr): Addr;
  /** `SegFixEmergency`: as fix, with no allocation allowed. */
  fixEmergency(ss: ScanState, ref: Addr): Addr;
  /** `SegReclaim`: reclaim the dead objects after `trace`. */
  reclaim(trace: Trace): void;
  /** `SegWalk`: visit every object in the segment. */
  walk(format: ObjectFormat, visitor: FormattedObjectsVisitor): void;
}

/**
 * A pool (design.mps.pool), as the tracer and other pools see it.
 * Implemented by `@mps/arena`'s Pool and the pool classes.
 * @public
 */
export interface Pool extends Inst {
  /** The arena the pool belongs to. */
  readonly arena: Arena;
  /** The pool's serial number within its arena. */
  readonly serial: number;
  /** The alignment of everything the pool allocates. */
  readonly alignment: Align;
  /** The pool's format, if it takes one. */
  readonly format: ObjectFormat | undefined;
  /** The class's name, such as `"MFS"`. */
  readonly className: string;
  /** The class's capabilities. */
  readonly attrs: PoolAttrs;
  /** `PoolAlloc`. */
  alloc(size: Size): Addr;
  /** `PoolFree`. */
  free(p: Addr, size: Size): void;
  /** `PoolTotalSize`: bytes the pool has from the arena. */
  totalSize(): Size;
  /** `PoolFreeSize`: bytes of that not in use by the client. */
  freeSize(): Size;
  /** `PoolHasAddr`: is `addr` in memory the pool has from the arena? */
  hasAddr(addr: Addr): boolean;
  /** `PoolAddrObject`: the base of the object containing `addr`. */
  addrObject(addr: Addr): Addr;
}

/**
 * A transform (design.mps.transform, `mps_transform_t`): a map from old
 * objects to new ones, applied to every reference in the heap and the roots
 * by a collection. `@mps/trace` implements it; `arena.createTransform()`
 * makes one (docs/reference/transforms.md).
 * @public
 */
export interface Transform {
  /** `mps_transform_add_oldnew`: map each `olds[i]` to `news[i]` (client addresses of objects in automatic pools). */
  addOldNew(olds: ArrayLike<Addr>, news: ArrayLike<Addr>): void;
  /** `mps_transform_apply`: park the arena and replace every reference to an old object; false if an ambiguous reference forbade it. */
  apply(): boolean;
  /** `mps_transform_destroy`. */
  destroy(): void;
  /** How many old objects are mapped (not in mps.h: for checking a transform before applying it). */
  readonly count: number;
  /** Whether the last `apply` refused because an ambiguous reference pointed at an old object (`apply` returned false). */
  readonly wasAborted: boolean;
  /** The new object `old` is mapped to, or undefined (not in mps.h). */
  lookup(old: Addr): Addr | undefined;
}

/**
 * The collector (design.mps.trace, design.mps.collection) as the arena calls
 * it. `@mps/trace` implements it; until one is installed the arena behaves
 * as an MPS arena with no automatic pools: there is nothing to collect.
 * @public
 */
export interface Collector {
  /** The collector's name, for describe output. */
  readonly name: string;
  /** `ArenaPoll`: do some collection work if it is due (the allocation slow path calls this). */
  poll(): void;
  /** `mps_arena_step`: work for up to `interval` seconds × `multiplier`; true if work was done. */
  step(interval: number, multiplier: number): boolean;
  /** `mps_arena_start_collect`: start a full collection and return. */
  startCollect(): void;
  /** `mps_arena_collect`: collect the whole arena and leave it parked. */
  collect(): void;
  /** `mps_arena_park`: finish every trace and stop new ones. */
  park(): void;
  /** `mps_arena_clamp`: stop new traces, letting running ones advance only in steps. */
  clamp(): void;
  /** `mps_arena_release`: let the collector run again. */
  release(): void;
  /** `mps_arena_postmortem`: leave the heap in a state for inspection after a failure. */
  postmortem(): void;
  /** `mps_collections`: how many collections have finished. */
  collections(): number;
  /** `mps_arena_busy`: is the collector in the middle of something? */
  busy(): boolean;
  /** `ArenaAccess`: the mutator touched `addr` with `mode`, which the barrier forbids. */
  access(addr: Addr, mode: AccessMode): void;
  /**
   * `mps_arena_roots_walk` (optional: a collector that cannot scan roots
   * leaves it out): park, then call `visit` with every reference in a root
   * that points into a pool with a format, and the root it is in.
   */
  rootsWalk?(visit: (ref: Addr, root: object) => void): void;
  /**
   * `mps_transform_create` (optional: a collector that cannot trace leaves
   * it out): a new, empty transform over the arena.
   */
  createTransform?(): Transform;
  /** Release what the collector holds; the arena calls this when it is destroyed. */
  finish(): void;
  /** Describe the collector. */
  describe(stream: WriteStream, depth?: number): void;
}

/**
 * The arena (design.mps.arena), as pools, segments and the collector see it.
 * Implemented by `@mps/arena`'s Arena.
 * @public
 */
export interface Arena extends Inst {
  /** The arena grain: the unit of allocation to pools and of protection. */
  readonly grainSize: Size;
  /** The zone shift: the zone of `addr` is `(addr >>> zoneShift) & 31`. */
  readonly zoneShift: number;
  /** The typed-array views of the arena's memory. */
  readonly mem: ArenaMemory;
  /** Is `addr` managed by the arena (allocated to a pool)? */
  hasAddr(addr: Addr): boolean;
  /** The pool owning the grain at `addr`, if any. */
  addrPool(addr: Addr): Pool | undefined;
  /** The segment containing `addr`, if any (`SegOfAddr`; critical path). */
  segOfAddr(addr: Addr): Seg | undefined;
  /** `ArenaCommitted`. */
  committed(): Size;
  /** `ArenaReserved`. */
  reserved(): Size;
}

/**
 * What makes a collector for an arena: the umbrella passes `@mps/trace`'s here.
 * @public
 */
export type CollectorFactory = (arena: Arena) => Collector;
