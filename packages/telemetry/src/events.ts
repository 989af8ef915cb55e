/**
 * The table of event types: every event the MPS can write, declared once with
 * its code, kind and documented, typed parameters (design.mps.telemetry `.reg`,
 * `eventdef.h`). The writer (emit.ts, generated from this table), the reader,
 * the types of decoded events and the event list in the design document all
 * derive from it. See docs/design/telemetry.md `.if.table`.
 * .critical: none (the table is read when emitters are generated and when logs are read).
 */

import { RES_CODES, type ResCode } from "@mps/mpm";
import type { EventKind } from "./kinds.js";

/**
 * The sort of an event parameter: how it is typed and stored
 * (design.mps.telemetry `.reg.param.sort`).
 *
 * - `P`: an MPS structure (an arena, pool, segment, trace, ...), as a u32 that
 *   identifies it in the log: see {@link Telemetry.newId}.
 * - `A`: an address in the arena, stored in 8 bytes (a limit may be 2^32).
 * - `W`: a word: a size, count or set; any integer in [0, 2^53), 8 bytes.
 * - `U`: a small unsigned integer (serial, rank, result code, mode), 4 bytes.
 * - `B`: a boolean, 1 byte.
 * - `D`: a double, 8 bytes.
 * - `S`: a string of at most 255 bytes of UTF-8, stored after a length byte;
 *   only as an event's last parameter.
 *
 * @public
 */
export type ParamSort = "P" | "A" | "W" | "U" | "B" | "D" | "S";

/**
 * One parameter of an event type: `[name, sort, what it is]`.
 * @public
 */
export type ParamSpec = readonly [name: string, sort: ParamSort, doc: string];

/**
 * One row of the event table.
 * @public
 */
export interface EventSpec {
  /** The event's code: 16 bits, never reused for another event (`.reg.code`). */
  readonly code: number;
  /** The kind whose mask bit controls the event. */
  readonly kind: EventKind;
  /** What happened when the event is written. */
  readonly doc: string;
  /** The parameters, in the order they are written. */
  readonly params: readonly ParamSpec[];
}

/**
 * The version of the event set and log format (design.mps.telemetry
 * `.sol.version`): the major number changes with the file format, the median
 * when an existing event changes its parameters or meaning, the minor when an
 * event type is added. Written in each log's `EventInit` header.
 * @public
 */
export const EVENT_VERSION_MAJOR = 1;
/** See {@link EVENT_VERSION_MAJOR}. @public */
export const EVENT_VERSION_MEDIAN = 0;
/** See {@link EVENT_VERSION_MAJOR}. @public */
export const EVENT_VERSION_MINOR = 0;

/**
 * Every event type, by name. Codes and kinds are the MPS's (`eventdef.h`), so
 * that an event means the same in both systems. Parameter sorts follow the
 * MPS's, except that locations in the arena that the MPS logs as pointers are
 * addresses (`A`) here.
 * @public
 */
export const EVENTS = {
  AMCScanNailed: {
    code: 0x0001, kind: "Seg",
    doc: "AMC scanned a nailed segment, going round until no new object was marked.",
    params: [
      ["loops", "W", "how many times the scan went round"],
      ["summary", "W", "the segment's summary before the scan"],
      ["white", "W", "the scan state's white set"],
      ["unfixed", "W", "the scan state's summary of references not yet fixed"],
      ["fixed", "W", "the scan state's summary of fixed references"],
      ["refset", "W", "the scan state's reference set"],
    ],
  },
  AWLDeclineSeg: {
    code: 0x0002, kind: "Seg",
    doc: "AWL refused to scan a single reference of a segment and will scan the whole segment.",
    params: [
      ["seg", "P", "the segment"],
      ["singleAccesses", "W", "single-reference accesses so far in this cycle"],
    ],
  },
  AWLDeclineTotal: {
    code: 0x0003, kind: "Seg",
    doc: "AWL refused single-reference scanning because of too many successive accesses.",
    params: [
      ["seg", "P", "the segment"],
      ["succAccesses", "W", "successive single accesses in total"],
    ],
  },
  ArenaAccessBegin: {
    code: 0x0004, kind: "Arena",
    doc: "The mutator hit a barrier and the arena begins to handle the access.",
    params: [
      ["arena", "P", "the arena"],
      ["addr", "A", "the address the mutator touched"],
      ["mode", "U", "the access modes (read, write)"],
    ],
  },
  ArenaAccessEnd: {
    code: 0x0005, kind: "Arena",
    doc: "The arena has finished handling a barrier hit.",
    params: [["arena", "P", "the arena"]],
  },
  ArenaAlloc: {
    code: 0x0006, kind: "Arena",
    doc: "The arena gave a block of grains to a pool.",
    params: [
      ["arena", "P", "the arena"],
      ["baseTract", "P", "the first tract of the block"],
      ["base", "A", "the block's base"],
      ["size", "W", "the block's size in bytes"],
      ["pool", "P", "the pool that asked"],
    ],
  },
  ArenaAllocFail: {
    code: 0x0007, kind: "Arena",
    doc: "The arena could not give a pool the block it asked for.",
    params: [
      ["arena", "P", "the arena"],
      ["size", "W", "the size asked for"],
      ["pool", "P", "the pool that asked"],
      ["res", "U", "the result code (its index in RES_CODES, plus 1)"],
    ],
  },
  ArenaCreateCL: {
    code: 0x0008, kind: "Arena",
    doc: "A client arena was made over memory the client gave it.",
    params: [
      ["arena", "P", "the arena"],
      ["size", "W", "bytes of memory given to the arena"],
      ["base", "A", "the base of that memory"],
      ["grainSize", "W", "the arena's grain size in bytes"],
      ["arenaClass", "P", "the arena's class: the identifier of its interned name (Telemetry.intern)"],
      ["systemPools", "W", "how many pools the arena made for itself"],
      ["serial", "U", "the arena's serial number"],
    ],
  },
  ArenaCreateVM: {
    code: 0x0009, kind: "Arena",
    doc: "A virtual-memory arena was made.",
    params: [
      ["arena", "P", "the arena"],
      ["userSize", "W", "the address space asked for, in bytes"],
      ["chunkSize", "W", "the size of the first chunk in bytes"],
      ["grainSize", "W", "the arena's grain size in bytes"],
      ["arenaClass", "P", "the arena's class: the identifier of its interned name (Telemetry.intern)"],
      ["systemPools", "W", "how many pools the arena made for itself"],
      ["serial", "U", "the arena's serial number"],
    ],
  },
  ArenaDestroy: {
    code: 0x000a, kind: "Arena",
    doc: "An arena is being destroyed.",
    params: [["arena", "P", "the arena"]],
  },
  ArenaExtend: {
    code: 0x000b, kind: "Arena",
    doc: "The arena gained a chunk of address space.",
    params: [
      ["arena", "P", "the arena"],
      ["base", "A", "the new chunk's base"],
      ["size", "W", "the new chunk's size in bytes"],
    ],
  },
  ArenaFree: {
    code: 0x000c, kind: "Arena",
    doc: "A pool gave a block of grains back to the arena.",
    params: [
      ["arena", "P", "the arena"],
      ["base", "A", "the block's base"],
      ["size", "W", "the block's size in bytes"],
      ["pool", "P", "the pool that freed it"],
    ],
  },
  ArenaPollBegin: {
    code: 0x000d, kind: "Arena",
    doc: "The arena begins a poll: a chance to do collection work.",
    params: [["arena", "P", "the arena"]],
  },
  ArenaPollEnd: {
    code: 0x000e, kind: "Arena",
    doc: "The arena's poll is over.",
    params: [
      ["arena", "P", "the arena"],
      ["workWasDone", "B", "whether the poll did any collection work"],
    ],
  },
  ArenaSetEmergency: {
    code: 0x000f, kind: "Arena",
    doc: "The arena entered or left emergency mode, in which the collector avoids allocating.",
    params: [
      ["arena", "P", "the arena"],
      ["emergency", "B", "whether the arena is now in emergency mode"],
    ],
  },
  ArenaSetSpare: {
    code: 0x0010, kind: "Arena",
    doc: "The client changed the fraction of committed memory the arena may keep spare.",
    params: [
      ["arena", "P", "the arena"],
      ["spare", "D", "the new spare fraction"],
    ],
  },
  ArenaUseFreeZone: {
    code: 0x0011, kind: "Arena",
    doc: "The arena began to allocate in zones that were free until now.",
    params: [
      ["arena", "P", "the arena"],
      ["zoneSet", "W", "the zones that are no longer free"],
    ],
  },
  BufferCommit: {
    code: 0x0012, kind: "Object",
    doc: "An object was committed in an allocation point.",
    params: [
      ["buffer", "P", "the buffer"],
      ["p", "A", "the object's address"],
      ["size", "W", "the object's size in bytes"],
      ["clientClass", "A", "the object's class according to its format, or 0"],
    ],
  },
  BufferEmpty: {
    code: 0x0013, kind: "Seg",
    doc: "A buffer gave its unused memory back to its pool.",
    params: [
      ["buffer", "P", "the buffer"],
      ["spare", "W", "bytes that were left unused"],
    ],
  },
  BufferFill: {
    code: 0x0014, kind: "Seg",
    doc: "A buffer was refilled by its pool (the allocation point's slow path).",
    params: [
      ["buffer", "P", "the buffer"],
      ["size", "W", "the size of the client's request"],
      ["base", "A", "the base of the memory the pool gave"],
      ["filled", "W", "bytes the pool gave"],
    ],
  },
  BufferFinish: {
    code: 0x0015, kind: "Pool",
    doc: "A buffer was finished.",
    params: [["buffer", "P", "the buffer"]],
  },
  BufferInit: {
    code: 0x0016, kind: "Pool",
    doc: "A buffer was made.",
    params: [
      ["buffer", "P", "the buffer"],
      ["pool", "P", "its pool"],
      ["isMutator", "B", "whether it belongs to the client (an allocation point)"],
    ],
  },
  BufferInitRank: {
    code: 0x0017, kind: "Pool",
    doc: "A buffer of references of one rank was made.",
    params: [
      ["buffer", "P", "the buffer"],
      ["pool", "P", "its pool"],
      ["isMutator", "B", "whether it belongs to the client"],
      ["rank", "U", "the rank of the references in it"],
    ],
  },
  BufferInitSeg: {
    code: 0x0018, kind: "Pool",
    doc: "A buffer that allocates in segments was made.",
    params: [
      ["buffer", "P", "the buffer"],
      ["pool", "P", "its pool"],
      ["isMutator", "B", "whether it belongs to the client"],
    ],
  },
  BufferReserve: {
    code: 0x0019, kind: "Object",
    doc: "Memory was reserved in an allocation point.",
    params: [
      ["buffer", "P", "the buffer"],
      ["init", "A", "the buffer's init pointer"],
      ["size", "W", "the size reserved"],
    ],
  },
  ChainCondemnAuto: {
    code: 0x001a, kind: "Trace",
    doc: "The collector chose generations of a chain to condemn.",
    params: [
      ["arena", "P", "the chain's arena"],
      ["chain", "P", "the chain"],
      ["trace", "P", "the trace that condemns them"],
      ["topCondemnedGenIndex", "W", "generations 0 to this one are condemned"],
      ["genCount", "W", "how many generations the chain has"],
    ],
  },
  CommitLimitSet: {
    code: 0x001b, kind: "Arena",
    doc: "The client asked to change the arena's commit limit.",
    params: [
      ["arena", "P", "the arena"],
      ["limit", "W", "the limit asked for, in bytes"],
      ["res", "U", "0 if it was set, else the result code (index in RES_CODES, plus 1)"],
    ],
  },
  EventClockSync: {
    code: 0x001c, kind: "Arena",
    doc: "The writer wrote its buffer out; written at the end of every block of events.",
    params: [["clock", "W", "the plinth's clock when the block was written"]],
  },
  EventInit: {
    code: 0x001d, kind: "Arena",
    doc: "A log begins: the header of every telemetry stream, written whenever the stream is opened.",
    params: [
      ["major", "U", "EVENT_VERSION_MAJOR"],
      ["median", "U", "EVENT_VERSION_MEDIAN"],
      ["minor", "U", "EVENT_VERSION_MINOR"],
      ["maxCode", "U", "the largest event code the writer knows"],
      ["maxNameLen", "U", "the length of the longest event name"],
      ["wordWidth", "U", "bits in a word of the arena (32)"],
      ["clocksPerSec", "W", "the plinth's clock ticks per second"],
    ],
  },
  GenFinish: {
    code: 0x001e, kind: "Arena",
    doc: "A generation was finished.",
    params: [
      ["arena", "P", "the generation's arena"],
      ["gen", "P", "the generation"],
      ["serial", "U", "its serial number in the arena"],
    ],
  },
  GenInit: {
    code: 0x001f, kind: "Arena",
    doc: "A generation was made.",
    params: [
      ["arena", "P", "the generation's arena"],
      ["gen", "P", "the generation"],
      ["serial", "U", "its serial number in the arena"],
      ["capacity", "W", "its capacity in bytes"],
      ["mortality", "D", "its initial estimate of mortality"],
    ],
  },
  GenZoneSet: {
    code: 0x0020, kind: "Arena",
    doc: "The zones a generation occupies changed.",
    params: [
      ["arena", "P", "the generation's arena"],
      ["gen", "P", "the generation"],
      ["zoneSet", "W", "its new zone set"],
    ],
  },
  Intern: {
    code: 0x0021, kind: "User",
    doc: "A string was given an identifier (Telemetry.intern).",
    params: [
      ["stringId", "W", "the identifier"],
      ["string", "S", "the string"],
    ],
  },
  Label: {
    code: 0x0022, kind: "User",
    doc: "An address was labelled with an interned string (Telemetry.label).",
    params: [
      ["address", "A", "the address"],
      ["stringId", "W", "the identifier of its label"],
    ],
  },
  LabelPointer: {
    code: 0x0023, kind: "User",
    doc: "An MPS structure was labelled with an interned string (Telemetry.labelPointer).",
    params: [
      ["pointer", "P", "the structure"],
      ["stringId", "W", "the identifier of its label"],
    ],
  },
  LandInit: {
    code: 0x0024, kind: "Pool",
    doc: "A land (a set of address ranges) was made.",
    params: [
      ["land", "P", "the land"],
      ["owner", "P", "the structure that owns it"],
    ],
  },
  MessagesDropped: {
    code: 0x0025, kind: "Arena",
    doc: "Messages were thrown away because the client did not collect them.",
    params: [["count", "W", "how many"]],
  },
  MessagesExist: {
    code: 0x0026, kind: "Arena",
    doc: "Messages are waiting for the client.",
    params: [],
  },
  MeterInit: {
    code: 0x0027, kind: "Pool",
    doc: "A meter (a statistic of some operation) was made.",
    params: [
      ["meter", "P", "the meter"],
      ["owner", "P", "the structure that owns it"],
    ],
  },
  MeterValues: {
    code: 0x0028, kind: "Pool",
    doc: "A meter reported its values.",
    params: [
      ["meter", "P", "the meter"],
      ["total", "D", "the sum of the amounts metered"],
      ["meanSquared", "D", "the mean of their squares"],
      ["count", "W", "how many amounts were metered"],
      ["max", "W", "the largest"],
      ["min", "W", "the smallest"],
    ],
  },
  PauseTimeSet: {
    code: 0x0029, kind: "Arena",
    doc: "The client changed the arena's maximum pause time.",
    params: [
      ["arena", "P", "the arena"],
      ["pauseTime", "D", "the new maximum pause, in seconds"],
    ],
  },
  PoolAlloc: {
    code: 0x002a, kind: "Object",
    doc: "A block was allocated from a pool (mps_alloc).",
    params: [
      ["pool", "P", "the pool"],
      ["pReturn", "A", "the block's address"],
      ["size", "W", "the size asked for"],
    ],
  },
  PoolFinish: {
    code: 0x002b, kind: "Pool",
    doc: "A pool is being destroyed.",
    params: [
      ["pool", "P", "the pool"],
      ["arena", "P", "its arena"],
    ],
  },
  PoolFree: {
    code: 0x002c, kind: "Object",
    doc: "A block was freed to a pool (mps_free).",
    params: [
      ["pool", "P", "the pool"],
      ["old", "A", "the block's address"],
      ["size", "W", "the block's size"],
    ],
  },
  PoolInit: {
    code: 0x002d, kind: "Pool",
    doc: "A pool was made.",
    params: [
      ["pool", "P", "the pool"],
      ["arena", "P", "its arena"],
      ["poolClass", "P", "its class: the identifier of its interned name (Telemetry.intern)"],
      ["serial", "U", "its serial number in the arena"],
    ],
  },
  PoolInitAMC: {
    code: 0x002e, kind: "Pool",
    doc: "The pool just made is an AMC pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  PoolInitAMCZ: {
    code: 0x002f, kind: "Pool",
    doc: "The pool just made is an AMCZ pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  PoolInitAMS: {
    code: 0x0030, kind: "Pool",
    doc: "The pool just made is an AMS pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  PoolInitAWL: {
    code: 0x0031, kind: "Pool",
    doc: "The pool just made is an AWL pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  PoolInitLO: {
    code: 0x0032, kind: "Pool",
    doc: "The pool just made is an LO pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  PoolInitMFS: {
    code: 0x0033, kind: "Pool",
    doc: "The pool just made is an MFS pool.",
    params: [
      ["pool", "P", "the pool"],
      ["extendBy", "W", "the size of its extents in bytes"],
      ["extendSelf", "B", "whether it grows by itself when empty"],
      ["unitSize", "W", "the size of its blocks in bytes"],
    ],
  },
  PoolInitMVFF: {
    code: 0x0034, kind: "Pool",
    doc: "The pool just made is an MVFF pool.",
    params: [
      ["pool", "P", "the pool"],
      ["extendBy", "W", "the size of its extents in bytes"],
      ["avgSize", "W", "the expected mean size of its blocks"],
      ["align", "W", "the alignment of its blocks"],
      ["slotHigh", "B", "whether it allocates at the high end of a free block"],
      ["arenaHigh", "B", "whether it takes extents from high addresses"],
      ["firstFit", "B", "whether it allocates from the first free block that fits"],
    ],
  },
  PoolInitMVT: {
    code: 0x0035, kind: "Pool",
    doc: "The pool just made is an MVT pool.",
    params: [
      ["pool", "P", "the pool"],
      ["minSize", "W", "the expected smallest block size"],
      ["meanSize", "W", "the expected mean block size"],
      ["maxSize", "W", "the expected largest block size"],
      ["reserveDepth", "W", "how many blocks it keeps room for"],
      ["fragLimit", "W", "the fragmentation it tolerates, in percent"],
    ],
  },
  PoolInitSNC: {
    code: 0x0036, kind: "Pool",
    doc: "The pool just made is an SNC pool.",
    params: [
      ["pool", "P", "the pool"],
      ["format", "P", "its object format"],
    ],
  },
  RootScan: {
    code: 0x0037, kind: "Seg",
    doc: "A root was scanned.",
    params: [
      ["root", "P", "the root"],
      ["ts", "W", "the traces it was scanned for"],
      ["summary", "W", "the summary of its references after the scan"],
    ],
  },
  SegAlloc: {
    code: 0x0038, kind: "Seg",
    doc: "A segment was made for a pool.",
    params: [
      ["arena", "P", "the arena"],
      ["seg", "P", "the segment"],
      ["base", "A", "its base"],
      ["size", "W", "its size in bytes"],
      ["pool", "P", "the pool that asked"],
    ],
  },
  SegAllocFail: {
    code: 0x0039, kind: "Seg",
    doc: "A segment could not be made.",
    params: [
      ["arena", "P", "the arena"],
      ["size", "W", "the size asked for"],
      ["pool", "P", "the pool that asked"],
      ["res", "U", "the result code (index in RES_CODES, plus 1)"],
    ],
  },
  SegFree: {
    code: 0x003a, kind: "Seg",
    doc: "A segment was freed.",
    params: [
      ["arena", "P", "its arena"],
      ["seg", "P", "the segment"],
    ],
  },
  SegMerge: {
    code: 0x003b, kind: "Seg",
    doc: "Two adjacent segments were merged into the low one.",
    params: [
      ["segLo", "P", "the low segment"],
      ["segHi", "P", "the high segment"],
    ],
  },
  SegReclaim: {
    code: 0x003c, kind: "Seg",
    doc: "A segment's dead objects were reclaimed.",
    params: [
      ["seg", "P", "the segment"],
      ["pool", "P", "its pool"],
      ["arena", "P", "the pool's arena"],
      ["trace", "P", "the trace reclaiming"],
    ],
  },
  SegScan: {
    code: 0x003d, kind: "Seg",
    doc: "A segment was scanned.",
    params: [
      ["seg", "P", "the segment"],
      ["pool", "P", "its pool"],
      ["arena", "P", "the pool's arena"],
      ["ts", "U", "the traces it was scanned for"],
      ["rank", "U", "the rank scanned at"],
    ],
  },
  SegSetGrey: {
    code: 0x003e, kind: "Seg",
    doc: "A segment's grey set changed.",
    params: [
      ["arena", "P", "its arena"],
      ["seg", "P", "the segment"],
      ["grey", "U", "the traces it is now grey for"],
    ],
  },
  SegSetSummary: {
    code: 0x003f, kind: "Seg",
    doc: "A segment's summary (the zones its references point to) changed.",
    params: [
      ["arena", "P", "its arena"],
      ["seg", "P", "the segment"],
      ["size", "W", "its size in bytes"],
      ["oldSummary", "W", "the summary before"],
      ["newSummary", "W", "the summary after"],
    ],
  },
  SegSplit: {
    code: 0x0040, kind: "Seg",
    doc: "A segment was split in two.",
    params: [
      ["seg", "P", "the segment split"],
      ["segLo", "P", "the low part"],
      ["segHi", "P", "the high part"],
      ["at", "A", "the address of the split"],
    ],
  },
  TraceAccess: {
    code: 0x0041, kind: "Seg",
    doc: "The collector handled a barrier hit on a segment.",
    params: [
      ["arena", "P", "the arena"],
      ["seg", "P", "the segment touched"],
      ["mode", "U", "the access modes"],
    ],
  },
  TraceBandAdvance: {
    code: 0x0042, kind: "Trace",
    doc: "A trace moved on to the next rank.",
    params: [
      ["arena", "P", "the arena"],
      ["trace", "P", "the trace"],
      ["rank", "W", "the new rank"],
    ],
  },
  TraceCondemnAll: {
    code: 0x0043, kind: "Trace",
    doc: "A trace condemned everything collectable (a full collection).",
    params: [
      ["arena", "P", "the trace's arena"],
      ["trace", "P", "the trace"],
    ],
  },
  TraceCreate: {
    code: 0x0044, kind: "Trace",
    doc: "A trace was made.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
      ["why", "U", "why the collection started (a TraceStartWhy code)"],
    ],
  },
  TraceCreatePoolGen: {
    code: 0x0045, kind: "Trace",
    doc: "The state of a pool's generation as a trace begins.",
    params: [
      ["gen", "P", "the generation"],
      ["capacity", "W", "its capacity in bytes"],
      ["mortality", "D", "its mortality"],
      ["zone", "W", "its zone set"],
      ["pool", "P", "the pool"],
      ["totalSize", "W", "bytes the pool holds in the generation"],
      ["freeSize", "W", "of which free"],
      ["newSize", "W", "of which new (allocated since the last collection)"],
      ["oldSize", "W", "of which old"],
      ["newDeferredSize", "W", "new bytes whose accounting is deferred"],
      ["oldDeferredSize", "W", "old bytes whose accounting is deferred"],
    ],
  },
  TraceDestroy: {
    code: 0x0046, kind: "Trace",
    doc: "A trace was destroyed: the collection is over.",
    params: [
      ["arena", "P", "the trace's arena"],
      ["trace", "P", "the trace"],
    ],
  },
  TraceEndGen: {
    code: 0x0047, kind: "Trace",
    doc: "What a trace found in one generation it condemned.",
    params: [
      ["arena", "P", "the arena"],
      ["trace", "P", "the trace"],
      ["gen", "P", "the generation"],
      ["condemned", "W", "bytes condemned in it"],
      ["forwarded", "W", "bytes moved out of it"],
      ["preservedInPlace", "W", "bytes kept in place"],
      ["mortalityTrace", "D", "the mortality this trace measured"],
      ["mortalityAverage", "D", "the moving average of mortality"],
    ],
  },
  TraceFindGrey: {
    code: 0x0048, kind: "Seg",
    doc: "A trace found a grey segment to scan.",
    params: [
      ["arena", "P", "the trace's arena"],
      ["trace", "P", "the trace"],
      ["seg", "P", "the grey segment"],
      ["rank", "W", "the rank being scanned"],
    ],
  },
  TraceFix: {
    code: 0x0049, kind: "Ref",
    doc: "A reference was fixed.",
    params: [
      ["ss", "P", "the scan state"],
      ["refIO", "A", "where the reference is stored"],
      ["ref", "A", "the reference"],
      ["rank", "U", "the rank being scanned"],
    ],
  },
  TraceFixSeg: {
    code: 0x004a, kind: "Ref",
    doc: "A reference being fixed points into a segment.",
    params: [["seg", "P", "the segment"]],
  },
  TraceFlipBegin: {
    code: 0x004b, kind: "Trace",
    doc: "A trace begins its flip: roots are scanned and the mutator sees only black.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
    ],
  },
  TraceFlipEnd: {
    code: 0x004c, kind: "Trace",
    doc: "A trace's flip is over.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
    ],
  },
  TraceReclaim: {
    code: 0x004d, kind: "Trace",
    doc: "A trace begins to reclaim its white segments.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
    ],
  },
  TraceScanArea: {
    code: 0x004e, kind: "Seg",
    doc: "An area of memory was scanned.",
    params: [
      ["ss", "P", "the scan state"],
      ["base", "A", "the base of the area"],
      ["limit", "A", "the limit of the area"],
    ],
  },
  TraceScanAreaTagged: {
    code: 0x004f, kind: "Seg",
    doc: "An area of tagged references was scanned.",
    params: [
      ["ss", "P", "the scan state"],
      ["base", "A", "the base of the area"],
      ["limit", "A", "the limit of the area"],
    ],
  },
  TraceScanSingleRef: {
    code: 0x0050, kind: "Seg",
    doc: "A single reference was scanned (a barrier hit on a weak segment).",
    params: [
      ["ts", "U", "the traces"],
      ["rank", "U", "the rank"],
      ["arena", "P", "the traces' arena"],
      ["refIO", "A", "where the reference is stored"],
    ],
  },
  TraceStart: {
    code: 0x0051, kind: "Trace",
    doc: "A trace started.",
    params: [
      ["arena", "P", "the trace's arena"],
      ["trace", "P", "the trace"],
      ["mortality", "D", "the mortality it expects"],
      ["finishingTime", "D", "how soon it should finish, as a fraction of the time to fill memory"],
      ["condemned", "W", "bytes condemned"],
      ["notCondemned", "W", "collectable bytes not condemned"],
      ["foundation", "W", "bytes of roots and other foundation"],
      ["white", "W", "the white zone set"],
      ["quantumWork", "W", "the work to do in each poll"],
    ],
  },
  TraceStatFix: {
    code: 0x0052, kind: "Trace",
    doc: "Statistics of a trace's fixing.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
      ["fixRefCount", "W", "references that passed the zone test"],
      ["segRefCount", "W", "references into segments"],
      ["whiteSegRefCount", "W", "references into white segments"],
      ["nailCount", "W", "segments nailed by ambiguous references"],
      ["snapCount", "W", "references updated to a moved object"],
      ["forwardedCount", "W", "objects kept by moving them"],
      ["forwardedSize", "W", "bytes kept by moving them"],
      ["preservedInPlaceCount", "W", "objects kept where they were"],
      ["preservedInPlaceSize", "W", "bytes kept where they were"],
    ],
  },
  TraceStatReclaim: {
    code: 0x0053, kind: "Trace",
    doc: "Statistics of a trace's reclaiming.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
      ["reclaimCount", "W", "segments reclaimed"],
      ["reclaimSize", "W", "bytes reclaimed"],
    ],
  },
  TraceStatScan: {
    code: 0x0054, kind: "Trace",
    doc: "Statistics of a trace's scanning.",
    params: [
      ["trace", "P", "the trace"],
      ["arena", "P", "its arena"],
      ["rootScanCount", "W", "roots scanned"],
      ["rootScanSize", "W", "bytes of roots scanned"],
      ["rootCopiedSize", "W", "bytes copied while scanning roots"],
      ["segScanCount", "W", "segments scanned"],
      ["segScanSize", "W", "bytes of segments scanned"],
      ["segCopiedSize", "W", "bytes copied while scanning segments"],
      ["singleScanCount", "W", "single references scanned"],
      ["singleScanSize", "W", "bytes of single references scanned"],
      ["singleCopiedSize", "W", "bytes copied while scanning single references"],
      ["readBarrierHitCount", "W", "read barrier hits"],
      ["greySegMax", "W", "the most segments grey at once"],
      ["pointlessScanCount", "W", "segment scans that found nothing to fix"],
    ],
  },
  VMArenaExtendDone: {
    code: 0x0055, kind: "Arena",
    doc: "A VM arena gained a chunk.",
    params: [
      ["chunkSize", "W", "the size of the chunk, in bytes"],
      ["reserved", "W", "the arena's reserved address space now"],
    ],
  },
  VMArenaExtendFail: {
    code: 0x0056, kind: "Arena",
    doc: "A VM arena could not gain a chunk.",
    params: [
      ["chunkMin", "W", "no chunk of at least this size could be had"],
      ["reserved", "W", "the arena's reserved address space"],
    ],
  },
  VMArenaExtendStart: {
    code: 0x0057, kind: "Arena",
    doc: "A VM arena tries to gain a chunk.",
    params: [
      ["size", "W", "the size that must fit"],
      ["chunkSize", "W", "the chunk size tried"],
      ["reserved", "W", "the arena's reserved address space"],
    ],
  },
  VMCompact: {
    code: 0x0058, kind: "Arena",
    doc: "A VM arena gave back empty chunks after a collection.",
    params: [
      ["vmem0", "W", "reserved bytes before the collection"],
      ["vmem1", "W", "reserved bytes before compacting"],
      ["vmem2", "W", "reserved bytes after compacting"],
    ],
  },
  VMFinish: {
    code: 0x0059, kind: "Arena",
    doc: "A VM was finished.",
    params: [["vm", "P", "the VM"]],
  },
  VMInit: {
    code: 0x005a, kind: "Arena",
    doc: "A VM reserved address space.",
    params: [
      ["vm", "P", "the VM"],
      ["base", "A", "the base of the reservation"],
      ["limit", "A", "its limit"],
    ],
  },
  VMMap: {
    code: 0x005b, kind: "Seg",
    doc: "A VM mapped (committed) a range.",
    params: [
      ["vm", "P", "the VM"],
      ["base", "A", "the base of the range"],
      ["limit", "A", "its limit"],
    ],
  },
  VMUnmap: {
    code: 0x005c, kind: "Seg",
    doc: "A VM unmapped (decommitted) a range.",
    params: [
      ["vm", "P", "the VM"],
      ["base", "A", "the base of the range"],
      ["limit", "A", "its limit"],
    ],
  },
} as const satisfies Record<string, EventSpec>;

/**
 * The name of an event type.
 * @public
 */
export type EventName = keyof typeof EVENTS;

/**
 * The TypeScript type of a parameter of sort `S`.
 * @public
 */
export type ParamValue<S extends ParamSort> = S extends "B" ? boolean : S extends "S" ? string : number;

/**
 * The parameters of an event of type `N`, as an object keyed by their names.
 * @public
 */
export type EventParams<N extends EventName> = {
  -readonly [P in (typeof EVENTS)[N]["params"][number] as P[0]]: ParamValue<P[1]>;
};

/**
 * One row of the table with its name: what {@link EVENT_LIST} holds.
 * @public
 */
export interface EventDef extends EventSpec {
  /** The event's name, such as `"ArenaAlloc"`. */
  readonly name: EventName;
}

/**
 * Every event type, in order of code.
 * @public
 */
export const EVENT_LIST: readonly EventDef[] = Object.freeze(
  (Object.keys(EVENTS) as EventName[])
    .map((name): EventDef => ({ name, ...(EVENTS[name] as EventSpec) }))
    .sort((a, b) => a.code - b.code),
);

const byCode = new Map<number, EventDef>(EVENT_LIST.map((d) => [d.code, d]));

/**
 * The event type with code `code`, or `undefined`.
 * @public
 */
export function eventByCode(code: number): EventDef | undefined {
  return byCode.get(code);
}

/**
 * The code of the event type `name`.
 * @public
 */
export function eventCode(name: EventName): number {
  return EVENTS[name].code;
}

/**
 * The largest event code in the table (`EventCodeMAX`).
 * @public
 */
export const EVENT_CODE_MAX: number = EVENT_LIST.reduce((m, d) => Math.max(m, d.code), 0);

/**
 * The length of the longest event name (`EventNameMAX`).
 * @public
 */
export const EVENT_NAME_MAX: number = EVENT_LIST.reduce((m, d) => Math.max(m, d.name.length), 0);

/**
 * The number an event's `res` parameter holds for a result: 0 for success
 * (`undefined`), otherwise the position of `code` in `RES_CODES` plus one,
 * which is the value of the MPS's `MPS_RES_*` constant.
 * @public
 */
export function eventResCode(code: ResCode | undefined): number {
  return code === undefined ? 0 : RES_CODES.indexOf(code) + 1;
}
