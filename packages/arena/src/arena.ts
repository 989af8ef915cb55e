/**
 * The abstract arena (design.mps.arena): address space in chunks, the page
 * table, the free land and zones, commit accounting with the commit limit
 * and spare committed memory, the placement policy (design.mps.locus
 * `.alloc`), pools and segments by id, and the entry points of the
 * collector. VMArena and CLArena supply the memory. See docs/design/arena.md.
 * .critical: Arena.segOfAddr, Arena.chunkOfAddr (segment lookup by address).
 */

import { btCountSetRange, btFindResHigh, btFindSetHigh, btGet, btResRange, btSetRange } from "@mps/bt";
import { CBSZoned } from "@mps/cbs";
import { Range } from "@mps/land";
import {
  type Addr, type Arena as MpmArena, type Collector, type CollectorFactory, type Inst, type ObjectFormat, type Size, type TraceSet, type Transform, type WriteStream, type ZoneSet,
  CHECKING, COOL, MpsError, RANK_LIMIT, SIG_INVALID, ZONE_SET_UNIV, addrHex, aver, checkL, checkS, describeLine, isPow2, paramError,
  zoneSetDescribe, zoneSetOfRange,
} from "@mps/mpm";
import { Ring } from "@mps/ring";
import { selectPlatform } from "@mps/platform";
import {
  EVENT_KIND_ARENA, type Telemetry, defaultTelemetry, eventArenaAlloc, eventArenaAllocFail, eventArenaCreateCL, eventArenaCreateVM, eventArenaDestroy,
  eventArenaExtend, eventArenaFree, eventArenaSetSpare, eventCommitLimitSet, eventResCode,
} from "@mps/telemetry";
import { ACCESS_READ, ACCESS_WRITE, type AccessSet, type Protection, type ProtectionBackend, Shield } from "@mps/shield";
import type { MemoryViews, VMBackend } from "@mps/vm";
import { ARENA_PAUSE_TIME_DEFAULT, ARENA_SPARE_DEFAULT, SIG_ARENA, SIG_LOCUS_PREF, SIG_POOL } from "./api.js";
import { Chunk } from "./chunk.js";
import { TrivialCollector } from "./collector.js";
import { LOCUS_PREF_DEFAULT, type LocusPref, zoneSetBlacklist } from "./locus.js";
import { type Pool, type PoolClass, type PoolOpts, poolClassLookup } from "./pool.js";
import type { Seg } from "./seg.js";
import { type Chain, ChainList, type GenParam, createChain } from "./chain.js";
import { type Format, FormatList, type FormatOpts, createFormat } from "./format.js";
import { History, LD } from "./ld.js";
import { type Message, MessageQueue, type MessageType } from "./message.js";
import {
  type Root, type RootAreaOpts, type RootFmtOpts, RootList, type RootOpts, type RootThreadOpts, type ShadowStack, createRoot, createRootArea, createRootFmt,
  createRootThread,
} from "./root.js";
import { type Thread, ThreadList, registerThread } from "./thread.js";

/**
 * Options every arena class takes (the MPS's arena keyword arguments).
 * @public
 */
export interface ArenaOpts {
  /**
   * `MPS_KEY_ARENA_SIZE`: bytes of address space. For a VM arena, the
   * reservation (rounded up to 32 grains, so that every zone exists);
   * for a client arena, the size of the region at `arenaClBase` (required).
   * MUST be a positive integer. @defaultValue 256 MiB for a VM arena
   */
  arenaSize?: Size;
  /**
   * `MPS_KEY_ARENA_GRAIN_SIZE`: the arena grain, in bytes. MUST be a power of
   * two; a VM arena rounds a smaller one up to the VM's page size, as the
   * MPS does. @defaultValue 4096
   */
  arenaGrainSize?: Size;
  /**
   * `MPS_KEY_ARENA_ZONED`: place segments by zone (design.mps.locus). If
   * false, every allocation may use any zone. @defaultValue true
   */
  arenaZoned?: boolean;
  /**
   * `MPS_KEY_COMMIT_LIMIT`: the most bytes the arena may have committed.
   * MUST be a non-negative integer or `Infinity`. @defaultValue Infinity
   */
  commitLimit?: Size;
  /**
   * `MPS_KEY_SPARE`: the fraction of committed memory that may be spare
   * (freed but still committed). MUST be in [0, 1]. @defaultValue 0.75
   */
  spare?: number;
  /**
   * `MPS_KEY_PAUSE_TIME`: the longest pause the collector should aim for, in
   * seconds. MUST be a non-negative number. @defaultValue 0.1
   */
  pauseTime?: number;
  /**
   * Not in the MPS: the heap-growth rule. When the memory in use (committed
   * minus spare) exceeds `heapGrowth` times what was in use after the last
   * full collection, and also exceeds the total capacity of the arena's
   * chains, the collector starts a full collection (why `EXTENSION`).
   * Without it (the MPS's behaviour), the top generation is only collected
   * when the dynamic criterion finds the arena nearly full, so a large arena
   * can grow far beyond the live size. MUST be a number at least 1, or
   * `Infinity` for no rule. @defaultValue Infinity
   */
  heapGrowth?: number;
  /** The collector to install (the umbrella passes `@mps/trace`'s). @defaultValue the one set by {@link setDefaultArenaCollector}, else the {@link TrivialCollector} */
  collector?: CollectorFactory;
  /** The clock the arena stamps messages with (the plinth's). @defaultValue a microsecond clock from `performance.now()` */
  plinth?: ArenaClock;
  /** Where the arena's, pools', segments' and buffers' events go. @defaultValue `@mps/telemetry`'s `defaultTelemetry()` */
  telemetry?: Telemetry;
  /**
   * The platform: where a VM arena's memory comes from, and the protection
   * backend of the arena's shield. @defaultValue the default set by
   * `setDefaultArenaPlatform`, else `@mps/platform`'s `selectPlatform()`
   * (the WebAssembly.Memory VM and the `none` protection)
   */
  platform?: ArenaPlatform;
}

/**
 * The platform an arena runs on (DESIGN.md §2): its VM backend (for a VM
 * arena) and its protection backend (for the shield). `@mps/platform`
 * selects one.
 * @public
 */
export interface ArenaPlatform {
  /** The VM backend a VM arena reserves its address space from. */
  readonly vm?: VMBackend;
  /** The protection backend of the arena's shield. @defaultValue none: the arena has no shield until the tracer needs one */
  readonly protection?: ProtectionBackend;
}

/**
 * The part of the plinth the arena uses: its clock (`mps_clock`).
 * @public
 */
export interface ArenaClock {
  /** The time now, in units of `clocksPerSec()`. */
  clock(): number;
  /** Clock units per second. */
  clocksPerSec(): number;
}

// Module copies of the access modes that loadRef and storeRef test: an imported
// binding is read through its import cell on every use (speed-facts.md `.fact.import-cell`).
const READ_HERE = ACCESS_READ;
const WRITE_HERE = ACCESS_WRITE;

const DEFAULT_CLOCK: ArenaClock = Object.freeze({
  clock: (): number => Math.floor(((globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now()) * 1000),
  clocksPerSec: (): number => 1_000_000,
});

/**
 * An arena class: what `Arena.create` takes (the MPS's `mps_arena_class_vm()`
 * and `mps_arena_class_cl()`). See `ArenaClass`.
 * @public
 */
export interface ArenaClassT<O extends ArenaOpts = ArenaOpts, A extends Arena = Arena> {
  /** The class's name: `"VM"` or `"CL"`. */
  readonly className: string;
  /** Make an arena of this class. */
  create(opts: O): A;
}

/** Options after checking, as the arena keeps them. */
interface CheckedArenaOpts {
  grainSize: Size;
  zoned: boolean;
  commitLimit: Size;
  spare: number;
  pauseTime: number;
  heapGrowth: number;
  collector: CollectorFactory | undefined;
  plinth: ArenaClock;
  platform: ArenaPlatform;
  telemetry: Telemetry;
}

let arenaSerial = 0;

let defaultPlatform: ArenaPlatform | undefined;

/**
 * Set the platform arenas use when their options name none (the umbrella
 * sets `@mps/platform`'s selection here). Returns the previous one.
 * Throws `PARAM` if `platform` is not a platform.
 * @public
 */
export function setDefaultArenaPlatform(platform: ArenaPlatform | undefined): ArenaPlatform | undefined {
  if (platform !== undefined) checkPlatform(platform);
  const old = defaultPlatform;
  defaultPlatform = platform;
  return old;
}

let defaultCollector: CollectorFactory | undefined;

/**
 * Set the collector arenas get when their options name none (the umbrella
 * sets `@mps/trace`'s here). Returns the previous one. Throws `PARAM` if
 * `collector` is not a function.
 * @public
 */
export function setDefaultArenaCollector(collector: CollectorFactory | undefined): CollectorFactory | undefined {
  if (collector !== undefined && typeof collector !== "function") paramError(`collector must be a function, not ${String(collector)}`);
  const old = defaultCollector;
  defaultCollector = collector;
  return old;
}

/** Throw `PARAM` unless `platform` has the shape of an {@link ArenaPlatform}. */
function checkPlatform(platform: ArenaPlatform): void {
  if (platform === null || typeof platform !== "object") paramError(`platform must be an object, not ${String(platform)}`);
  if (platform.vm !== undefined && (platform.vm === null || typeof platform.vm.create !== "function")) paramError("platform.vm must be a VM backend");
  if (platform.protection !== undefined && (platform.protection === null || typeof platform.protection.create !== "function")) {
    paramError("platform.protection must be a protection backend");
  }
}

/**
 * Check the options every arena takes and return them with defaults filled
 * in. Throws `PARAM` naming the first bad option.
 * @public
 */
export function arenaCheckOpts(opts: ArenaOpts, grainSizeDefault: Size): {
  grainSize: Size; zoned: boolean; commitLimit: Size; spare: number; pauseTime: number; heapGrowth: number; collector: CollectorFactory | undefined; plinth: ArenaClock; platform: ArenaPlatform; telemetry: Telemetry;
} {
  if (opts === null || typeof opts !== "object") paramError(`arena options must be an object, not ${String(opts)}`);
  const grainSize = opts.arenaGrainSize ?? grainSizeDefault;
  if (!isPow2(grainSize) || grainSize > 2 ** 30) paramError(`arenaGrainSize must be a power of two up to 2^30, not ${String(grainSize)}`);
  const zoned = opts.arenaZoned ?? true;
  if (typeof zoned !== "boolean") paramError(`arenaZoned must be a boolean, not ${String(zoned)}`);
  const commitLimit = opts.commitLimit ?? Infinity;
  if (!(commitLimit === Infinity || (Number.isSafeInteger(commitLimit) && commitLimit >= 0))) {
    paramError(`commitLimit must be a non-negative integer or Infinity, not ${String(commitLimit)}`);
  }
  const spare = opts.spare ?? ARENA_SPARE_DEFAULT;
  if (typeof spare !== "number" || !(spare >= 0 && spare <= 1)) paramError(`spare must be a number in [0, 1], not ${String(spare)}`);
  const pauseTime = opts.pauseTime ?? ARENA_PAUSE_TIME_DEFAULT;
  if (typeof pauseTime !== "number" || !(pauseTime >= 0)) paramError(`pauseTime must be a non-negative number, not ${String(pauseTime)}`);
  const heapGrowth = opts.heapGrowth ?? Infinity;
  if (typeof heapGrowth !== "number" || !(heapGrowth >= 1)) paramError(`heapGrowth must be a number at least 1, or Infinity, not ${String(heapGrowth)}`);
  const collector = opts.collector;
  if (collector !== undefined && typeof collector !== "function") paramError(`collector must be a function, not ${String(collector)}`);
  if (opts.arenaSize !== undefined && !(Number.isSafeInteger(opts.arenaSize) && opts.arenaSize > 0)) {
    paramError(`arenaSize must be a positive integer, not ${String(opts.arenaSize)}`);
  }
  const plinth = opts.plinth ?? DEFAULT_CLOCK;
  if (plinth === null || typeof plinth !== "object" || typeof plinth.clock !== "function" || typeof plinth.clocksPerSec !== "function") {
    paramError(`plinth must have clock() and clocksPerSec(), not ${String(plinth)}`);
  }
  const platform = opts.platform ?? defaultPlatform ?? selectPlatform();
  checkPlatform(platform);
  const telemetry = opts.telemetry ?? defaultTelemetry();
  if (telemetry === null || typeof telemetry !== "object" || typeof telemetry.newId !== "function") paramError(`telemetry must be a Telemetry, not ${String(telemetry)}`);
  return { grainSize, zoned, commitLimit, spare, pauseTime, heapGrowth, collector, plinth, platform, telemetry };
}

/**
 * Set entries [i, j) of a page-table column to `v`. A segment is a few
 * grains, and `TypedArray.prototype.fill` is a call into the runtime that
 * cost several times a loop over so few entries (measured: bench-gcbench
 * churn, where every 8 KiB segment is allocated and freed).
 */
function fillIds(table: Uint16Array | Uint32Array | Int32Array, v: number, i: number, j: number): void {
  if (j - i > 32) {
    table.fill(v, i, j);
    return;
  }
  for (let k = i; k < j; k++) table[k] = v;
}

/**
 * The arena (design.mps.arena): one linear address space, divided into
 * chunks of grains, from which pools get memory, by segments or by grains.
 *
 * @remarks
 * Public methods are the `mps_arena_*` functions and the arena's services.
 * Pool classes use {@link Arena.alloc} / {@link Arena.free} (the MPS's
 * `ArenaAlloc` / `ArenaFree`) and `segAlloc`. Subclasses ({@link VMArena},
 * {@link CLArena}) supply the memory through the protected `*Method` hooks.
 * Bad arguments throw `MpsError` `PARAM` and change nothing; running out of
 * address space throws `RESOURCE`; exceeding the commit limit throws
 * `COMMIT_LIMIT`, with the arena unchanged and usable.
 * @public
 */
export abstract class Arena implements Inst, MpmArena {
  /** {@link SIG_ARENA} while live, SIG_INVALID once destroyed. */
  sig: number = SIG_INVALID;
  /** The arena's serial number in this process. */
  readonly serial: number;
  /** The grain: the unit of allocation to pools and of protection. */
  readonly grainSize: Size;
  /** log2 of the grain size. */
  readonly grainShift: number;
  /** The zone shift (design.mps.arena `.zone`): set by the class from the arena's size. */
  zoneShift = 0;
  /** Whether segments are placed by zone (`arenaZoned`). */
  readonly zoned: boolean;
  /** The typed-array views of the arena's memory. */
  abstract readonly mem: MemoryViews;
  /** The chunks, in address order. */
  readonly chunks: Chunk[] = [];
  /** The first chunk (never retracted). */
  primary: Chunk | undefined = undefined;
  /** The zones in which nothing has been allocated yet (`freeZones`). */
  freeZones: ZoneSet = ZONE_SET_UNIV;
  /** The grey segments of each rank, for the tracer (`ArenaGreyRing`). */
  readonly greyRings: Ring<Seg>[] = [];
  /**
   * The traces that have flipped and not finished (`arena->flippedTraces`):
   * a segment grey for one of them is read-protected (GCSeg.setGrey).
   */
  flippedTraces: TraceSet = 0;
  /**
   * Bytes handed to mutator buffers by fills since the arena was made
   * (`arena->fillMutatorSize`): what the client has allocated through
   * allocation points, for the collector's policy.
   */
  fillMutatorSize: Size = 0;
  /**
   * A ramp begun with `AllocPattern.RAMP_COLLECT_ALL` has ended in a
   * collected pool: the collector's next trace is a full collection (the
   * manual's promise for that pattern). The collector clears it.
   */
  collectWorldRequested = false;
  /** The protection of the arena's memory (the shield's), if its platform has a protection backend; the tracer sets root protection through it. */
  protection: Protection | undefined = undefined;
  /** The collector the arena calls for collect, step, park, poll and barrier hits. */
  collector: Collector;
  /** The arena's formats (services: `createFormat`). */
  readonly formats: FormatList = new FormatList();
  /** The arena's chains and top generation (`createChain`). */
  readonly chains: ChainList = new ChainList();
  /** The arena's roots (`createRoot*`). */
  readonly roots: RootList = new RootList();
  /** The arena's registered threads (`registerThread`). */
  readonly threads: ThreadList = new ThreadList();
  /** The arena's history of moved zones, for location dependencies (`createLd`). */
  readonly history: History = new History();
  /** The arena's message queue (`messageTypeEnable`, `messageGet`, ...). */
  readonly messages: MessageQueue;
  /** The clock messages are stamped with. */
  readonly plinth: ArenaClock;
  /** Where events go (`@mps/telemetry`). */
  readonly telemetry: Telemetry;
  /** The arena's id in the telemetry. */
  readonly telId: number;
  /** The arena's shield, if its platform has a protection backend. */
  shield: Shield | undefined = undefined;

  /** Bytes of address space reserved. */
  protected reservedSize: Size = 0;
  /** Bytes committed, spare included. */
  protected committedSize: Size = 0;
  /** The commit limit. */
  protected commitLimitSize: Size;
  /** Bytes committed but free. */
  protected spareCommittedSize: Size = 0;
  /** The spare fraction. */
  protected spareFraction: number;
  /** The pause time in seconds. */
  protected pauseTimeSeconds: number;
  /** The heap-growth factor ({@link ArenaOpts.heapGrowth}); Infinity for none. */
  protected heapGrowthFactor: number;
  /** Does the class keep freed memory committed (VM) or give it back at once (CL)? */
  protected abstract readonly usesSpare: boolean;
  /**
   * The free address space: every grain of every chunk not allocated (the
   * MPS's free land). Made by {@link Arena.initDone}, once the zone shift is known.
   */
  protected freeLand!: CBSZoned;
  /** The pools, in creation order. */
  protected readonly poolRing: Ring<Pool> = new Ring<Pool>();
  /** Pools by id (index 0 unused). */
  protected readonly poolTable: (Pool | undefined)[] = [undefined];
  /** Ids of destroyed pools, for reuse. */
  private readonly poolFreeIds: number[] = [];
  /** Serial number of the next pool. */
  private poolSerialNext = 0;
  /** Segments by id (index 0 unused). */
  protected readonly segTable: (Seg | undefined)[] = [undefined];
  /** Ids of freed segments, for reuse. */
  private readonly segFreeIds: number[] = [];
  /** Serial number of the next chunk. */
  private chunkSerialNext = 0;
  /** The primary chunk's base, limit and segment ids, copied here for {@link Arena.segOfAddr}. */
  private primaryBase = 0;
  private primaryLimit = 0;
  private primarySegIds: Int32Array = new Int32Array(0);
  private primaryPoolIds: Uint16Array = new Uint16Array(0);
  /** The protection that `loadRef` and `storeRef` consult: the shield's, when it has a barrier. */
  private barrier: Protection | undefined = undefined;
  /** The finalization pool, once made (`arena->finalPool`). */
  private finalPoolValue: FinalizationPool | undefined = undefined;
  /** Scratch ranges for land operations (no allocation per call). */
  private readonly rangeFound = new Range();
  private readonly rangeOld = new Range();

  /**
   * `ArenaAbsInit`: the part every class shares. Subclasses call it first,
   * then add their chunks and set {@link Arena.zoneShift}, then call
   * {@link Arena.initDone}.
   */
  protected constructor(opts: CheckedArenaOpts) {
    this.serial = arenaSerial++;
    this.grainSize = opts.grainSize;
    this.grainShift = 31 - Math.clz32(opts.grainSize);
    this.zoned = opts.zoned;
    this.commitLimitSize = opts.commitLimit;
    this.spareFraction = opts.spare;
    this.pauseTimeSeconds = opts.pauseTime;
    this.heapGrowthFactor = opts.heapGrowth;
    for (let r = 0; r < RANK_LIMIT; r++) this.greyRings.push(new Ring<Seg>());
    this.collector = new TrivialCollector();
    this.plinth = opts.plinth;
    this.telemetry = opts.telemetry;
    this.telId = opts.telemetry.newId();
    this.messages = new MessageQueue(this);
  }

  /** `mps_clock`: the plinth's clock, which messages are stamped with. */
  clock(): number {
    return this.plinth.clock();
  }

  /**
   * The last step of a subclass's constructor: recreate the free land with
   * the final zone shift, install the collector and sign the arena.
   */
  protected initDone(opts: CheckedArenaOpts): void {
    this.freeLand = new CBSZoned({ alignment: this.grainSize, zoneShift: this.zoneShift, owner: "arena free land" });
    for (const chunk of this.chunks) this.freeLandInsertChunk(chunk);
    const prot = opts.platform.protection;
    if (prot !== undefined) {
      const p = this as Arena;
      const [base, limit] = this.protectedRange();
      const protection = prot.create({ base, limit, granularity: this.grainSize });
      protection.setHandlers(
        (addr, mode) => p.access(addr, mode),
        (addr, mode) => p.access(addr, mode),
      );
      this.shield = new Shield(protection);
      this.protection = protection;
      if (protection.hasBarrier) this.barrier = protection;
    }
    this.sig = SIG_ARENA;
    const collector = opts.collector ?? defaultCollector;
    if (collector !== undefined) this.collector = collector(this);
    const tel = this.telemetry;
    if ((tel.control & EVENT_KIND_ARENA) !== 0) {
      const first = this.chunks[0] as Chunk;
      if (this.usesSpare) eventArenaCreateVM(tel, this.telId, this.reservedSize, first.limit - first.base, this.grainSize, tel.intern(this.className), 0, this.serial);
      else eventArenaCreateCL(tel, this.telId, this.reservedSize, first.base, this.grainSize, tel.intern(this.className), 0, this.serial);
    }
    if (COOL) this.check();
  }

  /**
   * `Arena.create`: make an arena of `klass` (`ArenaClass.VM` or
   * `ArenaClass.CL`) with `opts` (`mps_arena_create_k`). Throws `PARAM` on
   * a bad class or option, `RESOURCE` if the address space cannot be reserved.
   */
  static create<O extends ArenaOpts, A extends Arena>(klass: ArenaClassT<O, A>, opts?: O): A {
    if (klass === null || typeof klass !== "object" || typeof klass.create !== "function") {
      paramError(`Arena.create: not an arena class: ${String(klass)}`);
    }
    return klass.create((opts ?? {}) as O);
  }

  /** The class name: `"VM"` or `"CL"`. */
  abstract get className(): string;

  // ----- checking --------------------------------------------------------

  /** Throw `PARAM` if the arena has been destroyed (use after destroy). */
  checkLive(what: string): void {
    if (this.sig !== SIG_ARENA) paramError(`${what}: the arena is ${this.sig === SIG_INVALID ? "destroyed" : "not an arena"}`);
  }

  /** Throw `PARAM` unless `pool` is a live pool of this arena. */
  checkPool(pool: Pool, what: string): void {
    if (pool === null || typeof pool !== "object" || pool.sig !== SIG_POOL) paramError(`${what}: not a live pool`);
    if (pool.arena !== this) paramError(`${what}: the pool belongs to another arena`);
  }

  // ----- accounting (mps_arena_reserved, _committed, ...) -----------------

  /** `mps_arena_reserved`: bytes of address space the arena has reserved. */
  reserved(): Size {
    if (CHECKING) this.checkLive("Arena.reserved");
    return this.reservedSize;
  }

  /** `mps_arena_committed`: bytes committed (mapped), spare included. */
  committed(): Size {
    if (CHECKING) this.checkLive("Arena.committed");
    return this.committedSize;
  }

  /** `mps_arena_spare_committed`: bytes committed but not allocated to a pool. */
  spareCommitted(): Size {
    if (CHECKING) this.checkLive("Arena.spareCommitted");
    return this.spareCommittedSize;
  }

  /** `mps_arena_commit_limit`. */
  commitLimit(): Size {
    if (CHECKING) this.checkLive("Arena.commitLimit");
    return this.commitLimitSize;
  }

  /**
   * `mps_arena_commit_limit_set`: set the commit limit. A limit below what is
   * committed is met by decommitting spare memory if that is enough; if it
   * is not, throws `FAIL` and changes nothing. Throws `PARAM` on a value
   * that is not a non-negative integer or `Infinity`.
   */
  setCommitLimit(limit: Size): void {
    this.checkLive("Arena.setCommitLimit");
    if (!(limit === Infinity || (Number.isSafeInteger(limit) && limit >= 0))) {
      paramError(`setCommitLimit: the limit must be a non-negative integer or Infinity, not ${String(limit)}`);
    }
    const committed = this.committedSize;
    if (limit < committed) {
      if (limit < committed - this.spareCommittedSize) {
        throw new MpsError("FAIL", `setCommitLimit: ${limit} is below the ${committed - this.spareCommittedSize} bytes in use`);
      }
      this.purgeSpare(committed - limit, null, 0, 0);
      aver(this.committedSize <= limit, "setCommitLimit: purging the spare brought committed under the limit");
    }
    this.commitLimitSize = limit;
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventCommitLimitSet(this.telemetry, this.telId, limit === Infinity ? Number.MAX_SAFE_INTEGER : limit, 0);
  }

  /** `mps_arena_spare`: the spare fraction. */
  spare(): number {
    if (CHECKING) this.checkLive("Arena.spare");
    return this.spareFraction;
  }

  /**
   * `mps_arena_spare_set`: set the spare fraction, in [0, 1] (`PARAM`
   * otherwise), decommitting spare memory above the new allowance.
   */
  setSpare(spare: number): void {
    this.checkLive("Arena.setSpare");
    if (typeof spare !== "number" || !(spare >= 0 && spare <= 1)) paramError(`setSpare: the spare fraction must be in [0, 1], not ${String(spare)}`);
    this.spareFraction = spare;
    this.purgeToAllowance();
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaSetSpare(this.telemetry, this.telId, spare);
  }

  /** `mps_arena_pause_time`. */
  pauseTime(): number {
    if (CHECKING) this.checkLive("Arena.pauseTime");
    return this.pauseTimeSeconds;
  }

  /** `mps_arena_pause_time_set`: a non-negative number of seconds (`PARAM` otherwise). */
  setPauseTime(seconds: number): void {
    this.checkLive("Arena.setPauseTime");
    if (typeof seconds !== "number" || !(seconds >= 0)) paramError(`setPauseTime: the pause time must be a non-negative number, not ${String(seconds)}`);
    this.pauseTimeSeconds = seconds;
  }

  /** The heap-growth factor (not in the MPS; {@link ArenaOpts.heapGrowth}): `Infinity` when there is no such rule. */
  heapGrowth(): number {
    if (CHECKING) this.checkLive("Arena.heapGrowth");
    return this.heapGrowthFactor;
  }

  /** Set the heap-growth factor: a number at least 1, or `Infinity` to turn the rule off (`PARAM` otherwise). */
  setHeapGrowth(factor: number): void {
    this.checkLive("Arena.setHeapGrowth");
    if (typeof factor !== "number" || !(factor >= 1)) paramError(`setHeapGrowth: the factor must be a number at least 1, or Infinity, not ${String(factor)}`);
    this.heapGrowthFactor = factor;
  }

  /**
   * Decommit spare memory until it is within its allowance. Decommitting
   * lowers committed and so the allowance, hence the loop (as VMFree's).
   */
  private purgeToAllowance(): void {
    let spare = this.spareCommittedSize;
    while (spare > this.spareCommitLimit()) {
      this.purgeSpare(spare - this.spareCommitLimit(), null, 0, 0);
      aver(this.spareCommittedSize < spare, "purgeToAllowance: purging made progress");
      spare = this.spareCommittedSize;
    }
  }

  /** `ArenaSpareCommitLimit`: the most spare memory allowed now. */
  spareCommitLimit(): Size {
    return Math.floor(this.committedSize * this.spareFraction);
  }

  // ----- addresses ----------------------------------------------------------

  /**
   * `ChunkOfAddr`: the chunk containing `addr`, or undefined.
   * @remarks Critical path: no allocation; the primary chunk is tried first.
   */
  chunkOfAddr(addr: Addr): Chunk | undefined {
    const p = this.primary;
    if (p !== undefined && addr >= p.base && addr < p.limit) return p;
    const chunks = this.chunks;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i] as Chunk;
      if (addr >= c.base && addr < c.limit) return c;
    }
    return undefined;
  }

  /**
   * The page-table id of the pool that owns the grain holding `addr`, or 0
   * if no pool does (outside the arena, free, or the arena's own). The
   * ownership test of `Pool.free` on its hot path: one typed-array load for
   * the primary chunk, allocating nothing.
   */
  poolIdOfAddr(addr: Addr): number {
    const off = addr - this.primaryBase;
    if (off >= 0 && addr < this.primaryLimit) return this.primaryPoolIds[off >>> this.grainShift] as number;
    const chunk = this.chunkOfAddr(addr);
    return chunk === undefined ? 0 : chunk.poolIdOf(addr);
  }

  /**
   * The segment containing `addr`, if any (`SegOfAddr`), through the page table.
   * @remarks Critical path (fix): no allocation; the primary chunk is tested first.
   */
  segOfAddr(addr: Addr): Seg | undefined {
    const off = addr - this.primaryBase;
    if (off >= 0 && addr < this.primaryLimit) {
      const id = this.primarySegIds[off >>> this.grainShift] as number;
      return id === 0 ? undefined : this.segTable[id];
    }
    const chunk = this.chunkOfAddr(addr);
    if (chunk === undefined) return undefined;
    const id = chunk.segIds[(addr - chunk.base) >>> chunk.grainShift] as number;
    return id === 0 ? undefined : this.segTable[id];
  }

  /** `mps_arena_has_addr`: is `addr` allocated to a pool of this arena? */
  hasAddr(addr: Addr): boolean {
    if (CHECKING) this.checkLive("Arena.hasAddr");
    const chunk = this.chunkOfAddr(addr);
    return chunk !== undefined && chunk.poolIdOf(addr) !== 0;
  }

  /** `mps_addr_pool`: the pool owning `addr`, or undefined. */
  addrPool(addr: Addr): Pool | undefined {
    if (CHECKING) this.checkLive("Arena.addrPool");
    const chunk = this.chunkOfAddr(addr);
    if (chunk === undefined) return undefined;
    const id = chunk.poolIdOf(addr);
    return id === 0 ? undefined : this.poolTable[id];
  }

  /** `mps_addr_fmt`: the format of the pool owning `addr`, or undefined. */
  addrFmt(addr: Addr): ObjectFormat | undefined {
    return this.addrPool(addr)?.format;
  }

  /**
   * `mps_addr_object`: the base of the object containing `addr`, found by its
   * pool. Throws `FAIL` if `addr` is not in the arena, and `UNIMPL` if the
   * pool's class cannot find objects.
   */
  addrObject(addr: Addr): Addr {
    const pool = this.addrPool(addr);
    if (pool === undefined) throw new MpsError("FAIL", `addrObject: ${addrHex(addr)} is not allocated in the arena`);
    return pool.addrObject(addr);
  }

  /** The segment with id `id` (for the page table's users). */
  segOfId(id: number): Seg | undefined {
    return this.segTable[id];
  }

  /** The pool with id `id`. */
  poolOfId(id: number): Pool | undefined {
    return this.poolTable[id];
  }

  /**
   * `SegFirst` / `SegNext`: the first segment whose base is at or above
   * `addr`, in address order, or undefined. Walk all segments with
   * `for (let s = arena.segNext(0); s; s = arena.segNext(s.limit))`.
   */
  segNext(addr: Addr): Seg | undefined {
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c] as Chunk;
      if (chunk.limit <= addr) continue;
      let i = addr <= chunk.base ? 0 : Math.ceil((addr - chunk.base) / chunk.grainSize);
      for (; i < chunk.grains; i++) {
        const id = chunk.segIds[i] as number;
        if (id !== 0) {
          const seg = this.segTable[id] as Seg;
          if (seg.base === chunk.addrOf(i)) return seg;
        }
      }
    }
    return undefined;
  }

  /** The pools of the arena, in creation order. */
  pools(): Pool[] {
    const out: Pool[] = [];
    for (let n = this.poolRing.next; n !== this.poolRing; n = n.next) out.push(n.owner as Pool);
    return out;
  }

  // ----- pools --------------------------------------------------------------

  /**
   * `mps_pool_create_k`: make a pool of `klass` with `opts`. Throws `PARAM`
   * on a bad class or option, and whatever the class's constructor throws;
   * nothing is registered then.
   */
  createPool<P extends Pool, O extends PoolOpts>(klass: PoolClass<P, O>, opts?: O): P {
    this.checkLive("Arena.createPool");
    if (typeof klass !== "function" || typeof klass.className !== "string" || typeof klass.attrs !== "object") {
      paramError(`createPool: not a pool class: ${String(klass)}`);
    }
    return new klass(this, (opts ?? {}) as O);
  }

  /**
   * Register a pool that is being constructed: give it an id and a serial
   * and put it on the arena's ring. Called by the Pool constructor.
   * @returns the pool's id and serial.
   */
  poolRegister(pool: Pool, ring: Ring<Pool>): { id: number; serial: number } {
    let id = this.poolFreeIds.pop();
    if (id === undefined) {
      id = this.poolTable.length;
      if (id > 0xffff) throw new MpsError("LIMIT", "createPool: an arena has at most 65535 pools at once");
      this.poolTable.push(pool);
    } else {
      this.poolTable[id] = pool;
    }
    this.poolRing.append(ring);
    return { id, serial: this.poolSerialNext++ };
  }

  /** Forget a pool that is being destroyed (the Pool's destroy calls this). */
  poolDeregister(pool: Pool, id: number, ring: Ring<Pool>): void {
    aver(this.poolTable[id] === pool, "poolDeregister: the pool has its id");
    ring.remove();
    this.poolTable[id] = undefined;
    this.poolFreeIds.push(id);
  }

  /** Give a new segment an id in the page table's segment table. */
  segRegister(seg: Seg): number {
    let id = this.segFreeIds.pop();
    if (id === undefined) {
      id = this.segTable.length;
      this.segTable.push(seg);
    } else {
      this.segTable[id] = seg;
    }
    return id;
  }

  /** Release a segment's id. */
  segDeregister(seg: Seg, id: number): void {
    aver(this.segTable[id] === seg, "segDeregister: the segment has its id");
    this.segTable[id] = undefined;
    this.segFreeIds.push(id);
  }

  /**
   * Set the segment id of the grains [base, limit) (which must be allocated
   * to one pool) to `id` (0 to clear).
   */
  setSegIds(base: Addr, limit: Addr, id: number): void {
    for (let a = base; a < limit;) {
      const chunk = this.chunkOfAddr(a) as Chunk;
      const i = chunk.indexOf(a);
      const j = limit >= chunk.limit ? chunk.grains : chunk.indexOf(limit);
      fillIds(chunk.segIds, id, i, j);
      a = chunk.addrOf(j);
    }
  }

  // ----- allocation of grains (ArenaAlloc, ArenaFree, PolicyAlloc) ----------

  /**
   * `ArenaAlloc`: allocate `size` bytes (a positive multiple of the grain
   * size) of grains to `pool`, placed by `pref` (design.mps.locus `.alloc`).
   * The memory is committed and zero where it was never used or was
   * decommitted since. Throws `PARAM` on bad arguments, `COMMIT_LIMIT` if
   * committing it would exceed the commit limit, `RESOURCE` if there is no
   * free range big enough, `MEMORY` if the backend cannot commit; the arena
   * is unchanged then.
   */
  alloc(pref: LocusPref, size: Size, pool: Pool): Addr {
    this.checkLive("Arena.alloc");
    if (pref === null || typeof pref !== "object" || pref.sig !== SIG_LOCUS_PREF) paramError("Arena.alloc: not a LocusPref");
    this.checkPool(pool, "Arena.alloc");
    if (!Number.isSafeInteger(size) || size <= 0 || (size & (this.grainSize - 1)) !== 0 || size > 2 ** 32) {
      paramError(`Arena.alloc: size must be a positive multiple of the grain size ${this.grainSize}, not ${String(size)}`);
    }
    // Don't try if committing would certainly exceed the limit (PolicyAlloc).
    const spare = this.usesSpare ? this.spareCommittedSize : 0;
    if (spare < size && this.committedSize + (size - spare) > this.commitLimitSize) {
      if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaAllocFail(this.telemetry, this.telId, size, pool.telId, eventResCode("COMMIT_LIMIT"));
      throw new MpsError("COMMIT_LIMIT", `Arena.alloc: committing ${size} bytes would exceed the commit limit ${this.commitLimitSize} (committed ${this.committedSize}, spare ${spare})`);
    }
    const high = pref.high;
    const avoid = pref.avoid;
    // Plan A: the preferred zones, less those to avoid.
    const zones = (pref.zones & ~avoid) >>> 0;
    let base = -1;
    if (zones !== 0) base = this.freeLandAlloc(zones, high, size, pool);
    // Plan B: add the free zones that are not to be avoided.
    const moreZones = (pref.zones | (this.freeZones & ~avoid)) >>> 0;
    if (base < 0 && moreZones !== zones) base = this.freeLandAlloc(moreZones, high, size, pool);
    // Plan C: grow the arena, then try A and B again.
    if (base < 0 && moreZones !== 0 && this.growMethod(pref, size)) {
      if (zones !== 0) base = this.freeLandAlloc(zones, high, size, pool);
      if (base < 0 && moreZones !== zones) base = this.freeLandAlloc(moreZones, high, size, pool);
    }
    // Plan D: every zone not avoided.
    const evenMoreZones = ~avoid >>> 0;
    if (base < 0 && evenMoreZones !== moreZones) base = this.freeLandAlloc(evenMoreZones, high, size, pool);
    // Last resort: anywhere.
    if (base < 0) base = this.freeLandAlloc(ZONE_SET_UNIV, high, size, pool);
    if (base < 0) {
      if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaAllocFail(this.telemetry, this.telId, size, pool.telId, eventResCode("RESOURCE"));
      throw new MpsError("RESOURCE", `Arena.alloc: no free range of ${size} bytes in the arena`);
    }
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaAlloc(this.telemetry, this.telId, base >>> this.grainShift, base, size, pool.telId);
    return base;
  }

  /**
   * `ArenaFreeLandAlloc`: find `size` bytes in `zones` (all zones if the
   * arena is not zoned) and allocate them to `pool`. Returns the base, or -1
   * if no range was found. Throws (arena unchanged) if committing fails.
   */
  private freeLandAlloc(zones: ZoneSet, high: boolean, size: Size, pool: Pool): Addr {
    if (!this.zoned) zones = ZONE_SET_UNIV;
    const found = this.rangeFound;
    if (!this.freeLand.findInZones(found, this.rangeOld, size, zones, high)) return -1;
    const base = found.base;
    const limit = found.limit;
    try {
      this.markAllocated(base, limit, pool);
    } catch (e) {
      this.freeLand.insert(this.rangeOld, base, limit); // we only just deleted it
      throw e;
    }
    this.freeZones = (this.freeZones & ~zoneSetOfRange(base, limit, this.zoneShift)) >>> 0;
    return base;
  }

  /**
   * Mark [base, limit) allocated to `pool`, committing what is not (the
   * MPS's `pagesMarkAllocated`). All or nothing: on failure nothing changed.
   */
  private markAllocated(base: Addr, limit: Addr, pool: Pool): void {
    const chunk = this.chunkOfAddr(base) as Chunk;
    aver(chunk !== undefined && limit <= chunk.limit, "markAllocated: the range is in one chunk");
    const i = chunk.indexOf(base);
    const j = chunk.indexOf(limit - 1) + 1;
    const grain = this.grainSize;
    if (this.usesSpare) {
      const unmapped = (j - i) - btCountSetRange(chunk.mapped, i, j);
      const need = unmapped * grain;
      if (this.committedSize + need > this.commitLimitSize) {
        this.purgeSpare(this.committedSize + need - this.commitLimitSize, chunk, i, j);
        if (this.committedSize + need > this.commitLimitSize) {
          throw new MpsError("COMMIT_LIMIT", `Arena.alloc: committing ${need} more bytes would exceed the commit limit ${this.commitLimitSize}`);
        }
      }
      // Map the runs of unmapped grains; undo them all if one fails.
      let k = i;
      try {
        while (k < j) {
          if (btGet(chunk.mapped, k)) {
            k++;
            continue;
          }
          let m = k + 1;
          while (m < j && !btGet(chunk.mapped, m)) m++;
          this.mapMethod(chunk, k, m);
          btSetRange(chunk.mapped, k, m);
          this.committedSize += (m - k) * grain;
          k = m;
        }
      } catch (e) {
        // Unmap what this call mapped: grains in [i, k) that are mapped but not spare.
        for (let a = i; a < k;) {
          if (!btGet(chunk.mapped, a) || btGet(chunk.spare, a)) {
            a++;
            continue;
          }
          let b = a + 1;
          while (b < k && btGet(chunk.mapped, b) && !btGet(chunk.spare, b)) b++;
          this.unmapMethod(chunk, a, b);
          btResRange(chunk.mapped, a, b);
          this.committedSize -= (b - a) * grain;
          a = b;
        }
        throw e;
      }
      const spareGrains = btCountSetRange(chunk.spare, i, j);
      if (spareGrains > 0) {
        btResRange(chunk.spare, i, j);
        this.spareCommittedSize -= spareGrains * grain;
      }
    } else {
      const need = (j - i) * grain;
      if (this.committedSize + need > this.commitLimitSize) {
        throw new MpsError("COMMIT_LIMIT", `Arena.alloc: committing ${need} more bytes would exceed the commit limit ${this.commitLimitSize}`);
      }
      this.committedSize += need;
    }
    btSetRange(chunk.allocTable, i, j);
    fillIds(chunk.poolIds, pool.id, i, j);
    pool.grainsHeld += j - i;
  }

  /**
   * `ArenaFree`: give back [base, base + size), grains allocated to `pool`
   * by {@link Arena.alloc} and not in a segment. Throws `PARAM`, changing
   * nothing, if any grain is not allocated to `pool` or is in a segment.
   * Freed memory stays committed as spare up to `spare × committed`; beyond
   * that, spare memory is decommitted from the top of the arena down.
   */
  free(base: Addr, size: Size, pool: Pool): void {
    this.checkLive("Arena.free");
    this.checkPool(pool, "Arena.free");
    const grain = this.grainSize;
    if (!Number.isSafeInteger(base) || (base & (grain - 1)) !== 0 || !Number.isSafeInteger(size) || size <= 0 || (size & (grain - 1)) !== 0) {
      paramError(`Arena.free: [${String(base)}, +${String(size)}) is not a grain-aligned range`);
    }
    const chunk = this.chunkOfAddr(base);
    const limit = base + size;
    if (chunk === undefined || limit > chunk.limit) paramError(`Arena.free: [${addrHex(base)}, ${addrHex(limit)}) is not in one chunk of the arena`);
    const i = chunk.indexOf(base);
    const j = i + size / grain;
    for (let k = i; k < j; k++) {
      if (chunk.poolIds[k] !== pool.id) paramError(`Arena.free: the grain at ${addrHex(chunk.addrOf(k))} is not allocated to the pool`);
      if (chunk.segIds[k] !== 0) paramError(`Arena.free: the grain at ${addrHex(chunk.addrOf(k))} is in a segment; free the segment`);
    }
    this.freeGrains(chunk, i, j, pool);
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaFree(this.telemetry, this.telId, base, size, pool.telId);
  }

  /** Free grains [i, j) of `chunk` (checked by the caller). */
  freeGrains(chunk: Chunk, i: number, j: number, pool: Pool): void {
    const grain = this.grainSize;
    btResRange(chunk.allocTable, i, j);
    fillIds(chunk.poolIds, 0, i, j);
    pool.grainsHeld -= j - i;
    this.freeLand.insert(this.rangeOld, chunk.addrOf(i), chunk.addrOf(j));
    if (this.usesSpare) {
      btSetRange(chunk.spare, i, j);
      this.spareCommittedSize += (j - i) * grain;
      // Keep spare within its allowance; purge at least half the spare,
      // so that frees do not unmap a grain at a time (as VMFree does).
      let spare = this.spareCommittedSize;
      while (spare > this.spareCommitLimit()) {
        const toPurge = Math.max(spare - this.spareCommitLimit(), Math.floor(spare / 2));
        this.purgeSpare(toPurge, null, 0, 0);
        aver(this.spareCommittedSize < spare, "free: purging made progress");
        spare = this.spareCommittedSize;
      }
    } else {
      this.committedSize -= (j - i) * grain;
    }
  }

  /**
   * `ArenaPurgeSpare`: decommit at least `size` bytes of spare memory if
   * there is that much, highest addresses first (so that a backend that can
   * only shrink from the top gives memory back), skipping grains [xi, xj) of
   * `xchunk`. Returns the bytes decommitted.
   */
  protected purgeSpare(size: Size, xchunk: Chunk | null, xi: number, xj: number): Size {
    let purged = 0;
    const grain = this.grainSize;
    for (let c = this.chunks.length - 1; c >= 0 && purged < size; c--) {
      const chunk = this.chunks[c] as Chunk;
      let k = chunk.grains;
      while (k > 0 && purged < size) {
        // The top of a run of spare grains below k, outside [xi, xj) of xchunk:
        // word-at-a-time searches, since spare grains usually lie far below the
        // chunk's top and a grain-at-a-time walk made every purge O(chunk).
        let top = btFindSetHigh(chunk.spare, 0, k);
        if (chunk === xchunk && top >= xi && top < xj) top = btFindSetHigh(chunk.spare, 0, xi);
        if (top < 0) break;
        const want = Math.ceil((size - purged) / grain);
        // The run extends down to the last non-spare grain, at most `want` grains, and not into [xi, xj).
        let floor = Math.max(0, top + 1 - want);
        if (chunk === xchunk && top >= xj && floor < xj) floor = xj;
        const bottom = Math.max(floor, btFindResHigh(chunk.spare, floor, top) + 1);
        this.unmapMethod(chunk, bottom, top + 1);
        btResRange(chunk.spare, bottom, top + 1);
        btResRange(chunk.mapped, bottom, top + 1);
        const n = (top + 1 - bottom) * grain;
        this.committedSize -= n;
        this.spareCommittedSize -= n;
        purged += n;
        k = bottom;
      }
    }
    return purged;
  }

  // ----- chunks -------------------------------------------------------------

  /**
   * Add a chunk over [base, limit) (grain-aligned) to the arena, with its
   * grains below `allocBase` held back. Called by the classes' constructors
   * and by `extend`. The chunk's free grains join the free land unless the
   * arena is still being built (see {@link Arena.initDone}).
   */
  protected addChunk(base: Addr, limit: Addr, reserved: Size, allocBase: number): Chunk {
    const chunk = new Chunk(this.chunkSerialNext++, base, limit, this.grainSize, reserved, allocBase);
    let at = 0;
    while (at < this.chunks.length && (this.chunks[at] as Chunk).base < base) at++;
    this.chunks.splice(at, 0, chunk);
    if (this.primary === undefined) {
      this.primary = chunk;
      this.primaryBase = chunk.base;
      this.primaryLimit = chunk.limit;
      this.primarySegIds = chunk.segIds;
      this.primaryPoolIds = chunk.poolIds;
    }
    this.reservedSize += reserved;
    if (this.sig === SIG_ARENA) this.freeLandInsertChunk(chunk);
    return chunk;
  }

  /** Put a chunk's allocatable grains into the free land. */
  private freeLandInsertChunk(chunk: Chunk): void {
    if (chunk.allocBase < chunk.grains) this.freeLand.insert(this.rangeOld, chunk.addrOf(chunk.allocBase), chunk.limit);
  }

  /** Remove a chunk that has nothing allocated. */
  protected removeChunk(chunk: Chunk): void {
    aver(chunk.allocatedGrains() === 0, "removeChunk: the chunk is empty");
    if (chunk.allocBase < chunk.grains) this.freeLand.delete(this.rangeOld, chunk.addrOf(chunk.allocBase), chunk.limit);
    const at = this.chunks.indexOf(chunk);
    this.chunks.splice(at, 1);
    this.reservedSize -= chunk.reserved;
    chunk.finish();
  }

  /**
   * `mps_arena_extend`: add [base, base + size) to a client arena. Throws
   * `UNIMPL` for a VM arena, `PARAM` on a bad range.
   */
  extend(base: Addr, size: Size): void {
    this.checkLive("Arena.extend");
    this.extendMethod(base, size);
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaExtend(this.telemetry, this.telId, base, size);
  }

  /**
   * `mps_arena_retract`: remove from a client arena the chunk that `extend`
   * added over [base, base + size), which must have nothing allocated
   * (`FAIL` otherwise). Throws `UNIMPL` for a VM arena, `PARAM` on a range
   * that is not such a chunk.
   */
  retract(base: Addr, size: Size): void {
    this.checkLive("Arena.retract");
    this.retractMethod(base, size);
  }

  /**
   * `mps_arena_vm_growth`: set how a VM arena grows when it is full. A
   * JavaScript VM arena is one reservation and never grows, so the values
   * are checked (`PARAM` if `minimum > desired` or either is negative) and
   * kept for describe output only.
   */
  vmGrowth(desired: Size, minimum: Size): void {
    this.checkLive("Arena.vmGrowth");
    if (!(Number.isSafeInteger(desired) && desired >= 0 && Number.isSafeInteger(minimum) && minimum >= 0 && minimum <= desired)) {
      paramError(`vmGrowth: need 0 <= minimum <= desired, not desired ${String(desired)}, minimum ${String(minimum)}`);
    }
    this.growth = { desired, minimum };
  }

  /** What {@link Arena.vmGrowth} last set. */
  growth: { desired: Size; minimum: Size } = { desired: 0, minimum: 0 };

  // ----- the collector (mps_arena_collect, _step, _park, ...) ---------------

  /** `mps_arena_collect`: collect the whole arena and leave it parked. */
  collect(): void {
    this.checkLive("Arena.collect");
    this.collector.collect();
  }

  /** `mps_arena_start_collect`: start a full collection and return at once. */
  startCollect(): void {
    this.checkLive("Arena.startCollect");
    this.collector.startCollect();
  }

  /**
   * `mps_arena_step`: do collection work for up to `interval` seconds
   * (times `multiplier`); returns true if there was work to do. Throws
   * `PARAM` on a negative interval or multiplier.
   */
  step(interval: number, multiplier: number): boolean {
    this.checkLive("Arena.step");
    if (!(typeof interval === "number" && interval >= 0)) paramError(`step: interval must be a non-negative number, not ${String(interval)}`);
    if (!(typeof multiplier === "number" && multiplier >= 0)) paramError(`step: multiplier must be a non-negative number, not ${String(multiplier)}`);
    return this.collector.step(interval, multiplier);
  }

  /** `mps_arena_park`. */
  park(): void {
    this.checkLive("Arena.park");
    this.collector.park();
  }

  /** `mps_arena_clamp`. */
  clamp(): void {
    this.checkLive("Arena.clamp");
    this.collector.clamp();
  }

  /** `mps_arena_release`. */
  release(): void {
    this.checkLive("Arena.release");
    this.collector.release();
  }

  /** `mps_arena_postmortem`. */
  postmortem(): void {
    this.checkLive("Arena.postmortem");
    this.collector.postmortem();
  }

  /** `mps_collections`: the number of collections that have finished. */
  collections(): number {
    this.checkLive("Arena.collections");
    return this.collector.collections();
  }

  /** `mps_arena_busy`: is the arena in the middle of an operation? */
  busy(): boolean {
    this.checkLive("Arena.busy");
    return this.collector.busy();
  }

  /**
   * Read the reference stored at `p` (a word-aligned address) through the
   * software barrier (API.md "memory access"): if the arena's protection
   * forbids reading the grain, the arena's access handler runs first, as it
   * would on a protection fault in the MPS; then the word is read. With the
   * `none` protection (no barrier) it is a plain read of `mem.u32`.
   * @remarks Critical path of a mutator using the software barrier: one
   * table load and a test when nothing is protected; no allocation.
   */
  loadRef(p: Addr): Addr {
    const prot = this.barrier;
    if (prot !== undefined && (prot.forbidden(p) & READ_HERE) !== 0) this.access(p, READ_HERE);
    return this.mem.u32[p >>> 2] as number;
  }

  /**
   * Write the reference `ref` to `p` (a word-aligned address) through the
   * software barrier: if writing the grain is forbidden, the access handler
   * runs first (the write barrier of remembered sets), then the word is written.
   * @remarks Critical path of a mutator using the software barrier.
   */
  storeRef(p: Addr, ref: Addr): void {
    const prot = this.barrier;
    if (prot !== undefined && (prot.forbidden(p) & WRITE_HERE) !== 0) this.access(p, WRITE_HERE);
    this.mem.u32[p >>> 2] = ref;
  }

  /**
   * `ArenaAccess`: the mutator touched `addr` with `mode`, which the
   * barrier forbids (the protection backend's handlers call this). The
   * collector does the work and lowers the barrier.
   */
  access(addr: Addr, mode: AccessSet): void {
    this.collector.access(addr, mode);
  }

  /** `ArenaPoll`: let the collector work if it is due (called on allocation slow paths). */
  poll(): void {
    this.collector.poll();
  }

  /**
   * `mps_transform_create`: a new, empty transform (docs/reference/transforms.md),
   * made by the arena's collector. Throws `UNIMPL` if the collector cannot
   * apply transforms (the trivial collector of an arena with no tracer).
   */
  createTransform(): Transform {
    this.checkLive("Arena.createTransform");
    const make = this.collector.createTransform;
    if (make === undefined) throw new MpsError("UNIMPL", `createTransform: the arena's collector (${this.collector.name}) cannot apply transforms; install the tracer (@mps/trace)`);
    return make.call(this.collector);
  }

  // ----- services: formats, chains, roots, threads, location dependency, messages

  /** `mps_fmt_create_k`: make an object format (see `createFormat`). */
  createFormat(opts: FormatOpts = {}): Format {
    this.checkLive("Arena.createFormat");
    return createFormat(this, opts);
  }

  /** `mps_chain_create`: make a generation chain (see `createChain`). */
  createChain(params: readonly GenParam[]): Chain {
    this.checkLive("Arena.createChain");
    return createChain(this, params);
  }

  /** `mps_root_create`: a root scanned by a client function. */
  createRoot(opts: RootOpts): Root {
    this.checkLive("Arena.createRoot");
    return createRoot(this, opts);
  }

  /** `mps_root_create_area(_tagged)`: a root over [base, limit) of the arena's memory. */
  createRootArea(opts: RootAreaOpts): Root {
    this.checkLive("Arena.createRootArea");
    return createRootArea(this, opts);
  }

  /** `mps_root_create_fmt`: a root of formatted objects. */
  createRootFmt(opts: RootFmtOpts): Root {
    this.checkLive("Arena.createRootFmt");
    return createRootFmt(this, opts);
  }

  /** `mps_root_create_thread(_tagged, _scanned)`: a root over a registered thread's shadow stack. */
  createRootThread(thread: Thread, stack: ShadowStack, opts: RootThreadOpts = {}): Root {
    this.checkLive("Arena.createRootThread");
    return createRootThread(this, thread, stack, opts);
  }

  /**
   * `mps_arena_roots_walk`: park the arena, then call `visit` with every
   * reference in a root that points into a pool with a format, and the root
   * holding it. Throws `UNIMPL` if the arena's collector cannot scan roots
   * (the trivial collector of an arena with no tracer).
   */
  rootsWalk(visit: (ref: Addr, root: Root) => void): void {
    this.checkLive("Arena.rootsWalk");
    if (typeof visit !== "function") paramError("rootsWalk: the visitor must be a function");
    const walk = this.collector.rootsWalk;
    if (walk === undefined) throw new MpsError("UNIMPL", "rootsWalk: the arena has no tracer to scan its roots");
    walk.call(this.collector, visit as (ref: Addr, root: object) => void);
  }

  /** `mps_thread_reg`: register the calling agent as a thread. */
  registerThread(): Thread {
    this.checkLive("Arena.registerThread");
    return registerThread(this);
  }

  /** `mps_ld_reset` on a new location dependency. */
  createLd(): LD {
    this.checkLive("Arena.createLd");
    return new LD(this);
  }

  /** `mps_message_type_enable`. */
  messageTypeEnable(type: MessageType): void {
    this.checkLive("Arena.messageTypeEnable");
    this.messages.enable(type);
  }

  /** `mps_message_type_disable`. */
  messageTypeDisable(type: MessageType): void {
    this.checkLive("Arena.messageTypeDisable");
    this.messages.disable(type);
  }

  /** `mps_message_poll`: is there a message? */
  messagePoll(): boolean {
    this.checkLive("Arena.messagePoll");
    return this.messages.poll();
  }

  /** `mps_message_queue_type`: the type of the message at the head of the queue, if any. */
  messageQueueType(): MessageType | undefined {
    this.checkLive("Arena.messageQueueType");
    return this.messages.queueType();
  }

  /** `mps_message_get`: take the oldest message of `type`, if any. */
  messageGet(type: MessageType): Message | undefined {
    this.checkLive("Arena.messageGet");
    return this.messages.get(type);
  }

  /** `mps_message_discard`. */
  messageDiscard(message: Message): void {
    this.checkLive("Arena.messageDiscard");
    this.messages.discard(message);
  }

  /**
   * `mps_finalize`: register the object at `ref` for finalization
   * (design.mps.finalize). Once the collector finds it reachable only
   * through finalization references, a `FINALIZATION` message is posted,
   * which keeps it alive until discarded. An object registered n times is
   * finalized at most n times. The arena's MRG pool is made on first use,
   * from the class registered as `"MRG"`. Throws `PARAM` if `ref` is not in
   * a pool of an automatic (collected) class, `UNIMPL` if no MRG class is
   * registered, and `RESOURCE` (or the like) if there is no memory for a
   * guardian; nothing is registered then.
   */
  finalize(ref: Addr): void {
    this.checkLive("Arena.finalize");
    if (!(Number.isInteger(ref) && ref > 0 && ref < 2 ** 32)) paramError(`finalize: not a reference: ${String(ref)}`);
    const pool = this.addrPool(ref);
    if (pool === undefined) paramError(`finalize: ${addrHex(ref)} is not in memory of a pool of the arena`);
    if (!pool.attrs.gc) paramError(`finalize: ${addrHex(ref)} is in a ${pool.className} pool, which is not automatically managed`);
    let fp = this.finalPoolValue;
    // A finalization pool the client destroyed (it is reachable as finalPool) is replaced.
    if (fp === undefined || fp.sig !== SIG_POOL) {
      const klass = poolClassLookup("MRG");
      if (klass === undefined) throw new MpsError("UNIMPL", "finalize: no finalization pool class is registered as \"MRG\" (use @mps/mps, or register @mps/pool-mrg's MRGPool)");
      fp = this.createPool(klass, {}) as unknown as FinalizationPool;
      this.finalPoolValue = fp;
    }
    fp.register(ref);
  }

  /**
   * `mps_definalize`: remove one registration of `ref` made by
   * {@link Arena.finalize} whose object has not yet been found finalizable.
   * Throws `PARAM` if `ref` is not in the arena's memory, and `FAIL` if no
   * such registration exists (as `mps_definalize` returns `MPS_RES_FAIL`).
   */
  definalize(ref: Addr): void {
    this.checkLive("Arena.definalize");
    if (!(Number.isInteger(ref) && ref > 0 && ref < 2 ** 32)) paramError(`definalize: not a reference: ${String(ref)}`);
    if (this.chunkOfAddr(ref) === undefined) paramError(`definalize: ${addrHex(ref)} is not in the arena`);
    const fp = this.finalPoolValue;
    if (fp === undefined || fp.sig !== SIG_POOL || !fp.deregister(ref)) throw new MpsError("FAIL", `definalize: ${addrHex(ref)} is not registered for finalization (or was already finalized)`);
  }

  /**
   * The arena's finalization pool (the MPS's `arena->finalPool`), made by
   * the first {@link Arena.finalize} and destroyed with the arena; undefined
   * before. It is on the arena's ring of pools (the collector finds its
   * segments there) but is not the client's: destroy does not count it.
   */
  get finalPool(): FinalizationPool | undefined {
    return this.finalPoolValue;
  }

  // ----- destroy, check, describe ------------------------------------------

  /**
   * `mps_arena_destroy`. Throws `PARAM`, changing nothing, if the arena still
   * has pools (its own finalization pool apart), formats, roots, registered
   * threads or chains, or was already destroyed. Messages still on the queue
   * are discarded, then the finalization pool is destroyed.
   */
  destroy(): void {
    this.checkLive("Arena.destroy");
    // The finalization pool is the arena's own, not the client's (as the MPS's systemPools).
    const fp = this.finalPoolValue !== undefined && this.finalPoolValue.sig === SIG_POOL ? this.finalPoolValue : undefined;
    const clientPools = this.poolRing.length() - (fp === undefined ? 0 : 1);
    if (clientPools > 0) paramError(`Arena.destroy: the arena still has ${clientPools} pool(s); destroy them first`);
    if (this.formats.size > 0) paramError(`Arena.destroy: the arena still has ${this.formats.size} format(s); destroy them first`);
    if (this.roots.size > 0) paramError(`Arena.destroy: the arena still has ${this.roots.size} root(s); destroy them first`);
    if (this.threads.size > 0) paramError(`Arena.destroy: the arena still has ${this.threads.size} registered thread(s); deregister them first`);
    if (this.chains.size > 0) paramError(`Arena.destroy: the arena still has ${this.chains.size} chain(s); destroy them first`);
    this.destroyCheckMethod();
    this.finalPoolValue = undefined;
    if (fp !== undefined) {
      // Queued finalization messages free their guardians, so the queue is
      // emptied while the pool is alive; then the pool goes (`.finish.no-final`).
      this.messages.empty();
      fp.destroy();
    }
    this.collector.finish();
    if (this.shield !== undefined) {
      const prot = this.shield.prot;
      this.shield.finish();
      prot.finish();
    }
    this.messages.finish();
    this.formats.finish();
    this.roots.finish();
    this.threads.finish();
    this.chains.finish();
    this.history.finish();
    for (const chunk of this.chunks) chunk.finish();
    this.finishMethod();
    this.sig = SIG_INVALID;
    if ((this.telemetry.control & EVENT_KIND_ARENA) !== 0) eventArenaDestroy(this.telemetry, this.telId);
    // mps_arena_destroy flushes the telemetry stream, so a log is complete
    // when the arena goes. A stream that fails here loses only this flush's
    // events: destroying must not fail once the arena is gone.
    try {
      this.telemetry.flush();
    } catch (e) {
      if (!(e instanceof MpsError && e.code === "IO")) throw e;
    }
  }

  /** `ArenaCheck`: every field, in order; the chunks and page tables at cool. */
  check(): boolean {
    checkS(this, SIG_ARENA, "Arena");
    checkL(isPow2(this.grainSize) && this.grainSize === 2 ** this.grainShift, "Arena: grainSize is 2^grainShift");
    checkL(this.zoneShift >= this.grainShift && this.zoneShift <= 27, "Arena: zone stripes are at least a grain");
    checkL(this.chunks.length > 0 && this.primary !== undefined, "Arena: there is a primary chunk");
    checkL(this.committedSize >= 0 && this.committedSize <= this.commitLimitSize, "Arena: committed is within the commit limit");
    checkL(this.spareCommittedSize >= 0 && this.spareCommittedSize <= this.committedSize, "Arena: spare is part of committed");
    checkL(this.spareFraction >= 0 && this.spareFraction <= 1, "Arena: spare fraction in [0, 1]");
    checkL(this.pauseTimeSeconds >= 0, "Arena: pause time non-negative");
    checkL(this.heapGrowthFactor >= 1, "Arena: heap growth at least 1");
    checkL(this.finalPoolValue === undefined || this.finalPoolValue.arena === this, "Arena: the finalization pool is the arena's");
    if (COOL) {
      let reserved = 0;
      let spare = 0;
      let mapped = 0;
      let allocated = 0;
      for (let c = 0; c < this.chunks.length; c++) {
        const chunk = this.chunks[c] as Chunk;
        chunk.check();
        if (c > 0) checkL((this.chunks[c - 1] as Chunk).limit <= chunk.base, "Arena: chunks are in order and disjoint");
        reserved += chunk.reserved;
        spare += btCountSetRange(chunk.spare, 0, chunk.grains) * this.grainSize;
        mapped += btCountSetRange(chunk.mapped, 0, chunk.grains) * this.grainSize;
        allocated += (chunk.allocatedGrains() + chunk.allocBase) * this.grainSize;
        for (let i = 0; i < chunk.grains; i++) {
          const id = chunk.segIds[i] as number;
          if (id !== 0) {
            const seg = this.segTable[id];
            checkL(seg !== undefined && seg.base <= chunk.addrOf(i) && chunk.addrOf(i) < seg.limit, "Arena: the page table's segment contains the grain");
            checkL(seg !== undefined && chunk.poolIds[i] === seg.pool.id, "Arena: a segment's grains belong to its pool");
          }
        }
      }
      checkL(reserved === this.reservedSize, "Arena: reserved is the sum of the chunks'");
      if (this.usesSpare) {
        checkL(spare === this.spareCommittedSize, "Arena: spareCommitted matches the page tables");
        checkL(mapped === this.committedSize, "Arena: committed matches the mapped grains");
      } else {
        checkL(allocated === this.committedSize, "Arena: a client arena's committed is its allocated grains and chunk headers");
      }
      checkL(this.freeLand.size() + allocated === this.chunks.reduce((s, c) => s + (c.limit - c.base), 0), "Arena: the free land holds exactly the free grains");
    }
    return true;
  }

  /** `ArenaDescribe`: the arena's fields, then its chunks' page tables, then its pools. */
  describe(stream: WriteStream, depth = 0): void {
    this.checkLive("Arena.describe");
    describeLine(stream, depth, `Arena ${this.serial} (class ${this.className}) {`);
    const d = depth + 2;
    describeLine(stream, d, `grainSize        ${this.grainSize}`);
    describeLine(stream, d, `zoneShift        ${this.zoneShift}`);
    describeLine(stream, d, `zoned            ${this.zoned}`);
    describeLine(stream, d, `reserved         ${this.reservedSize}`);
    describeLine(stream, d, `committed        ${this.committedSize}`);
    describeLine(stream, d, `commitLimit      ${this.commitLimitSize}`);
    describeLine(stream, d, `spareCommitted   ${this.spareCommittedSize}`);
    describeLine(stream, d, `spare            ${this.spareFraction}`);
    describeLine(stream, d, `pauseTime        ${this.pauseTimeSeconds}`);
    describeLine(stream, d, `heapGrowth       ${this.heapGrowthFactor}`);
    describeLine(stream, d, `freeZones        ${zoneSetDescribe(this.freeZones)}`);
    describeLine(stream, d, `free land        ${this.freeLand.size()} bytes`);
    this.describeMethod(stream, d);
    this.collector.describe(stream, d);
    for (const chunk of this.chunks) chunk.describe(stream, d);
    for (const pool of this.pools()) pool.describe(stream, d);
    describeLine(stream, depth, "}");
  }

  // ----- the class's hooks -------------------------------------------------

  /** Commit grains [i, j) of `chunk` (VM: map them). Throws `MEMORY` if the backend cannot. */
  protected mapMethod(_chunk: Chunk, _i: number, _j: number): void {
    // deliberately empty: a class with no spare (the client arena) maps nothing
  }

  /** Decommit grains [i, j) of `chunk` (VM: unmap them). */
  protected unmapMethod(_chunk: Chunk, _i: number, _j: number): void {
    // deliberately empty: see mapMethod
  }

  /**
   * The range the arena's protection covers: every chunk the arena has or
   * may add. The base version covers the chunks it has.
   */
  protected protectedRange(): [Addr, Addr] {
    return [(this.chunks[0] as Chunk).base, (this.chunks[this.chunks.length - 1] as Chunk).limit];
  }

  /** `ArenaGrow`: try to add address space for `size` bytes; false if the class cannot. */
  protected growMethod(_pref: LocusPref, _size: Size): boolean {
    return false;
  }

  /** `ArenaExtend` for the class. The base version throws `UNIMPL`. */
  protected extendMethod(_base: Addr, _size: Size): void {
    throw new MpsError("UNIMPL", `Arena.extend: a ${this.className} arena cannot be extended`);
  }

  /** `ArenaRetract` for the class. The base version throws `UNIMPL`. */
  protected retractMethod(_base: Addr, _size: Size): void {
    throw new MpsError("UNIMPL", `Arena.retract: a ${this.className} arena cannot be retracted`);
  }

  /**
   * Called by destroy before anything is released: throw `PARAM` if a
   * service still holds something. The base version checks nothing more.
   */
  protected destroyCheckMethod(): void {
    // deliberately empty: the services add their checks here
  }

  /** Release the class's memory (VM: finish the VM). */
  protected abstract finishMethod(): void;

  /** Describe the class's own fields. */
  protected describeMethod(_stream: WriteStream, _depth: number): void {
    // deliberately empty: the abstract arena has nothing more to say
  }

  /** The zones an allocation for a collected pool should avoid (`ZoneSetBlacklist`). */
  blacklist(): ZoneSet {
    return zoneSetBlacklist(this.zoneShift);
  }

  /** Default preference for pools that express none. */
  static readonly prefDefault: LocusPref = LOCUS_PREF_DEFAULT;
}

/**
 * What the arena needs of its finalization pool (the MRG pool of
 * `@mps/pool-mrg`, found through the pool class registry as `"MRG"`), so
 * that the arena does not depend on the pool class (design.mps.finalize).
 * @public
 */
export interface FinalizationPool extends Pool {
  /** `MRGRegister`: add a guardian for `ref`. Throws, changing nothing, if there is no memory for one. */
  register(ref: Addr): void;
  /** `MRGDeregister`: free one guardian of `ref` not yet finalized; false if there is none. */
  deregister(ref: Addr): boolean;
}
