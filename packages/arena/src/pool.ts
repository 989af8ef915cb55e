/**
 * The abstract pool (design.mps.pool) and its generic functions: each
 * checks its arguments and the protocol, then calls a protected `*Method`
 * hook that a pool class overrides; a hook a class does not override
 * throws `UNIMPL` (the MPS's PoolNo methods). Also the pool class registry
 * and class attributes. See docs/design/arena.md `.pool`.
 * .critical: Pool.alloc (the MPS's PoolAlloc is on the critical path for manual pools).
 */

import type { Range } from "@mps/land";
import {
  type Addr, type Align, type Pool as MpmPool, type FormattedObjectsVisitor, type FreeBlockVisitor, type Inst, type ObjectFormat, type PoolAttrs, type Rank, type RankSet, type Size,
  type WriteStream, ALIGN_DEFAULT, COOL, MpsError, RANK_SET_EMPTY, RANK_SET_UNIV, SIG_INVALID, addrHex, aver, checkL, checkS, checkU, describeLine,
  byCheckLevel, isPow2, isRank, paramError, rankSetIsMember, unimpl,
} from "@mps/mpm";
import { Ring } from "@mps/ring";
import { EVENT_KIND_OBJECT, EVENT_KIND_POOL, eventPoolAlloc, eventPoolFinish, eventPoolFree, eventPoolInit } from "@mps/telemetry";
import { SIG_ARENA, SIG_BUFFER, SIG_POOL } from "./api.js";
import type { Arena } from "./arena.js";
import type { AP, Buffer, BufferClass } from "./buffer.js";
import { Format, SIG_FORMAT } from "./format.js";
import type { Seg } from "./seg.js";

/**
 * Options every pool class takes (`MPS_KEY_ALIGN`, `MPS_KEY_FORMAT`).
 * @public
 */
export interface PoolOpts {
  /**
   * `MPS_KEY_ALIGN`: the alignment of everything the pool allocates. MUST be
   * a power of two no larger than the arena grain. @defaultValue the format's alignment, else 8
   */
  align?: Align;
  /** `MPS_KEY_FORMAT`: the object format, for classes whose attrs say `format`. */
  format?: ObjectFormat;
}

/**
 * Options of `pool.createAp` (`mps_ap_create_k`).
 * @public
 */
export interface APOpts {
  /** `MPS_KEY_RANK`: the rank of references in objects allocated here; one of the pool's `attrs.ranks`. @defaultValue Rank.EXACT for a scannable pool */
  rank?: Rank;
  /** `MPS_KEY_AP_HASH_ARRAYS`: the objects are address-hashed arrays (AWL). @defaultValue false */
  apHashArrays?: boolean;
}

/**
 * A pool class: a constructor with a name and frozen capabilities (the
 * MPS's `PoolClass`). `arena.createPool(klass, opts)` calls `new klass(arena, opts)`.
 * @public
 */
export interface PoolClass<P extends Pool = Pool, O extends PoolOpts = PoolOpts> {
  /** Make a pool of the class in `arena`. */
  new (arena: Arena, opts: O): P;
  /** The class's name, such as `"MFS"`. */
  readonly className: string;
  /** The class's capabilities, frozen. */
  readonly attrs: PoolAttrs;
}

/**
 * Make a frozen `PoolAttrs` (from `@mps/mpm`) from the capabilities a class has; those
 * not named are false (ranks: none).
 * @public
 */
export function definePoolAttrs(attrs: Partial<PoolAttrs>): PoolAttrs {
  const a: PoolAttrs = {
    gc: attrs.gc ?? false,
    moving: attrs.moving ?? false,
    alloc: attrs.alloc ?? false,
    free: attrs.free ?? false,
    buffer: attrs.buffer ?? false,
    scannable: attrs.scannable ?? false,
    format: attrs.format ?? false,
    frames: attrs.frames ?? false,
    ranks: attrs.ranks ?? RANK_SET_EMPTY,
  };
  if (a.moving && !a.gc) paramError("definePoolAttrs: a moving pool must be gc");
  if (typeof a.ranks !== "number" || a.ranks < 0 || a.ranks > RANK_SET_UNIV) paramError(`definePoolAttrs: ranks must be a rank set, not ${String(a.ranks)}`);
  return Object.freeze(a);
}

const poolClassRegistry = new Map<string, PoolClass>();

/**
 * Register a pool class under its name, so that it can be found by
 * {@link poolClassLookup} (the umbrella registers every class it offers).
 * Throws `PARAM` if another class has the name.
 * @public
 */
export function poolClassRegister(klass: PoolClass): void {
  if (typeof klass !== "function" || typeof klass.className !== "string" || !Object.isFrozen(klass.attrs)) {
    paramError("poolClassRegister: not a pool class (need className and frozen attrs)");
  }
  const old = poolClassRegistry.get(klass.className);
  if (old !== undefined && old !== klass) paramError(`poolClassRegister: another class is registered as ${klass.className}`);
  poolClassRegistry.set(klass.className, klass);
}

/**
 * The pool class registered as `name`, if any.
 * @public
 */
export function poolClassLookup(name: string): PoolClass | undefined {
  return poolClassRegistry.get(name);
}

/**
 * The names of the registered pool classes.
 * @public
 */
export function poolClassNames(): string[] {
  return [...poolClassRegistry.keys()];
}

/**
 * The pool (design.mps.pool): the abstract class every pool class extends.
 *
 * @remarks
 * A class author extends `Pool` (or a subclass), gives the class static
 * `className` and `attrs` (from {@link definePoolAttrs}), calls
 * `super(arena, opts)` first in its constructor, and overrides the
 * protected hooks for what it supports: `allocMethod`/`freeMethod` for
 * `alloc`/`free`; `bufferClassMethod`, `bufferFillMethod` and
 * `bufferEmptyMethod` for allocation points; `totalSizeMethod` and
 * `freeSizeMethod`; `addrObjectMethod`, `freeWalkMethod`, frames and ramps;
 * `finishMethod` (release what the class holds; segments and grains still
 * held afterwards are freed by `destroy`); `checkMethod` and
 * `describeMethod`. The public generic functions check arguments (throwing
 * `PARAM`, changing nothing) and call the hooks; nobody else calls a hook.
 * @public
 */
export abstract class Pool implements Inst, MpmPool {
  /** {@link SIG_POOL} while live, SIG_INVALID once destroyed. */
  sig: number = SIG_INVALID;
  /** The arena the pool belongs to. */
  readonly arena: Arena;
  /** The pool's serial number within its arena. */
  readonly serial: number;
  /** The pool's small-integer id in the arena's page table (1..65535). */
  readonly id: number;
  /** The alignment of everything the pool allocates. */
  readonly alignment: Align;
  /** The pool's format, if any. */
  readonly format: ObjectFormat | undefined;
  /** The pool's node on the arena's ring of pools. */
  readonly arenaRing: Ring<Pool>;
  /** The pool's segments (their `poolRing` nodes). */
  readonly segRing: Ring<Seg> = new Ring<Seg>();
  /** The pool's buffers (their `poolRing` nodes). */
  readonly bufferRing: Ring<Buffer> = new Ring<Buffer>();
  /** Serial number of the next buffer. */
  bufferSerial = 0;
  /** Grains the pool holds from the arena (in segments or not); kept by the arena. */
  grainsHeld = 0;
  /** The pool's id in the arena's telemetry. */
  readonly telId: number;

  /**
   * `PoolAbsInit`: check the common options, take an id and register with
   * the arena. A subclass calls this first, then sets its own fields; if
   * the subclass's constructor then throws, it must call {@link Pool.abandon}.
   */
  constructor(arena: Arena, opts: PoolOpts) {
    if (arena === null || typeof arena !== "object" || arena.sig !== SIG_ARENA) paramError("createPool: not a live arena");
    if (opts === null || typeof opts !== "object") paramError(`createPool: options must be an object, not ${String(opts)}`);
    const klass = new.target as unknown as PoolClass;
    const format = opts.format;
    if (format !== undefined) {
      if (!(format instanceof Format) || format.sig !== SIG_FORMAT) paramError(`createPool: format must be a live format, not ${String(format)}`);
      if (!klass.attrs.format) paramError(`createPool: ${klass.className} pools take no format`);
      if (format.arena !== arena) paramError("createPool: the format belongs to another arena");
    }
    const align = opts.align ?? format?.align ?? ALIGN_DEFAULT;
    if (!isPow2(align) || align > arena.grainSize) paramError(`createPool: align must be a power of two up to the grain size ${arena.grainSize}, not ${String(align)}`);
    this.arena = arena;
    this.alignment = align;
    this.format = format;
    this.arenaRing = new Ring<Pool>(this);
    const { id, serial } = arena.poolRegister(this, this.arenaRing);
    this.id = id;
    this.serial = serial;
    if (format instanceof Format) format.attach();
    this.telId = arena.telemetry.newId();
    this.sig = SIG_POOL;
    const tel = arena.telemetry;
    if ((tel.control & EVENT_KIND_POOL) !== 0) eventPoolInit(tel, this.telId, arena.telId, tel.intern(klass.className), serial);
  }

  /** The class's name. */
  get className(): string {
    return (this.constructor as unknown as PoolClass).className;
  }

  /** The class's capabilities. */
  get attrs(): PoolAttrs {
    return (this.constructor as unknown as PoolClass).attrs;
  }

  /**
   * Undo the registration the Pool constructor made, for a subclass
   * constructor that fails after `super`: frees what the pool holds and
   * marks it invalid. Call it before rethrowing.
   */
  protected abandon(): void {
    this.releaseAll();
    if (this.format instanceof Format) this.format.detach();
    this.arena.poolDeregister(this, this.id, this.arenaRing);
    this.sig = SIG_INVALID;
  }

  /** Throw `PARAM` if the pool is not live. */
  checkLive(what: string): void {
    if (this.sig !== SIG_POOL) paramError(`${what}: the pool is ${this.sig === SIG_INVALID ? "destroyed" : "not a pool"}`);
  }

  // ----- generic functions ---------------------------------------------------

  /**
   * `mps_alloc` (`PoolAlloc`): allocate `size` bytes. Throws `PARAM` if
   * `size` is not a positive integer, `UNIMPL` if the class has no `alloc`,
   * and `RESOURCE`, `MEMORY` or `COMMIT_LIMIT` if memory runs out.
   * @remarks Critical path for manual pools. This is the `hot` version, with
   * the cheap checks; `allocCool` and `allocRash` replace it at load at
   * those levels (`byCheckLevel`, docs/design/mpm.md `.check.cost`).
   */
  alloc(size: Size): Addr {
    if (this.sig !== SIG_POOL) this.checkLive("Pool.alloc");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`Pool.alloc: size must be a positive integer, not ${String(size)}`);
    const p = this.allocMethod(size);
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_OBJECT) !== 0) eventPoolAlloc(tel, this.telId, p, size);
    return p;
  }

  /** `alloc` at the `cool` level: the hot checks, then the result's. */
  protected allocCool(size: Size): Addr {
    this.checkLive("Pool.alloc");
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`Pool.alloc: size must be a positive integer, not ${String(size)}`);
    const p = this.allocMethod(size);
    aver(this.hasAddr(p), () => `Pool.alloc: ${addrHex(p)} is in the pool`);
    aver((p & (this.alignment - 1)) === 0, () => `Pool.alloc: ${addrHex(p)} is aligned to ${this.alignment}`);
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_OBJECT) !== 0) eventPoolAlloc(tel, this.telId, p, size);
    return p;
  }

  /** `alloc` at the `rash` level: no checks. */
  protected allocRash(size: Size): Addr {
    const p = this.allocMethod(size);
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_OBJECT) !== 0) eventPoolAlloc(tel, this.telId, p, size);
    return p;
  }

  /**
   * `mps_free` (`PoolFree`): free the block of `size` bytes at `p`. Throws
   * `PARAM` if `p` is not in this pool or `size` is not a positive integer,
   * `UNIMPL` if the class has no `free`. Classes throw `PARAM` for blocks
   * they can tell are not allocated.
   * @remarks Critical path for manual pools. Its checks are all cheap, so
   * `cool` uses this version too; `freeRash` replaces it at load at `rash`.
   */
  free(p: Addr, size: Size): void {
    if (this.sig !== SIG_POOL) this.checkLive("Pool.free");
    if (!(p > 0 && Number.isInteger(p))) paramError(`Pool.free: not an address: ${String(p)}`);
    if (!(size > 0 && size <= 2 ** 32 && Number.isInteger(size))) paramError(`Pool.free: size must be a positive integer, not ${String(size)}`);
    if (this.arena.poolIdOfAddr(p) !== this.id) paramError(`Pool.free: ${addrHex(p)} is not in this pool`);
    this.freeMethod(p, size);
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_OBJECT) !== 0) eventPoolFree(tel, this.telId, p, size);
  }

  /** `free` at the `rash` level: no checks. */
  protected freeRash(p: Addr, size: Size): void {
    this.freeMethod(p, size);
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_OBJECT) !== 0) eventPoolFree(tel, this.telId, p, size);
  }

  /**
   * `mps_ap_create_k`: make an allocation point on this pool. Throws
   * `UNIMPL` if the class has no buffers, `PARAM` on a rank the class does
   * not support.
   */
  createAp(opts: APOpts = {}): AP {
    this.checkLive("Pool.createAp");
    if (opts === null || typeof opts !== "object") paramError(`createAp: options must be an object, not ${String(opts)}`);
    if (!this.attrs.buffer) throw new MpsError("UNIMPL", `createAp: ${this.className} pools have no allocation points`);
    const rank = opts.rank;
    if (rank !== undefined) {
      if (!isRank(rank)) paramError(`createAp: rank must be a rank, not ${String(rank)}`);
      if (this.attrs.ranks !== RANK_SET_EMPTY && !rankSetIsMember(this.attrs.ranks, rank)) paramError(`createAp: ${this.className} pools do not support rank ${rank}`);
    }
    const klass = this.bufferClassMethod();
    const buffer = new klass(this, true, opts);
    return buffer.ap;
  }

  /**
   * `PoolBufferFill`: the buffer's slow path asks the pool for at least
   * `size` bytes; the pool sets `rangeReturn` to the region [base, limit)
   * to attach. Throws what the class throws when it cannot.
   */
  bufferFill(rangeReturn: Range, buffer: Buffer, size: Size): void {
    if (COOL) {
      this.checkLive("Pool.bufferFill");
      aver(buffer.sig === SIG_BUFFER && buffer.pool === this, "Pool.bufferFill: the buffer is the pool's");
      aver(buffer.isReset(), "Pool.bufferFill: the buffer is reset");
    }
    this.bufferFillMethod(rangeReturn, buffer, size);
    if (COOL) {
      aver(rangeReturn.limit - rangeReturn.base >= size, "Pool.bufferFill: the region holds the request");
      aver((rangeReturn.base & (this.alignment - 1)) === 0 && (rangeReturn.limit & (this.alignment - 1)) === 0, "Pool.bufferFill: the region is aligned");
      aver(this.hasAddr(rangeReturn.base), "Pool.bufferFill: the region is the pool's");
    }
  }

  /**
   * `PoolBufferEmpty`: the buffer is being detached; the pool takes back
   * [buffer.ap.init, buffer.poolLimit), the unused part.
   */
  bufferEmpty(buffer: Buffer): void {
    if (COOL) aver(buffer.pool === this, "Pool.bufferEmpty: the buffer is the pool's");
    this.bufferEmptyMethod(buffer);
  }

  /** `mps_pool_total_size`: bytes the pool has from the arena. */
  totalSize(): Size {
    this.checkLive("Pool.totalSize");
    return this.totalSizeMethod();
  }

  /** `mps_pool_free_size`: bytes of {@link Pool.totalSize} not in use by the client. */
  freeSize(): Size {
    this.checkLive("Pool.freeSize");
    return this.freeSizeMethod();
  }

  /** `PoolHasAddr`: is `addr` in memory the pool has from the arena? */
  hasAddr(addr: Addr): boolean {
    return this.arena.addrPool(addr) === this;
  }

  /**
   * `PoolAddrObject`: the base of the object containing `addr`. Throws
   * `PARAM` if `addr` is not in the pool, `UNIMPL` if the class cannot tell.
   */
  addrObject(addr: Addr): Addr {
    this.checkLive("Pool.addrObject");
    if (!this.hasAddr(addr)) paramError(`Pool.addrObject: ${addrHex(addr)} is not in the pool`);
    return this.addrObjectMethod(addr);
  }

  /**
   * `mps_pool_walk`: call `visitor` for every object in the pool's
   * segments, through their `walk` method. Throws `UNIMPL` for a pool with
   * no format.
   */
  walk(visitor: FormattedObjectsVisitor): void {
    this.checkLive("Pool.walk");
    if (typeof visitor !== "function") paramError("Pool.walk: the visitor must be a function");
    const format = this.format;
    if (format === undefined) throw new MpsError("UNIMPL", `Pool.walk: ${this.className} pools have no formatted objects`);
    for (let n = this.segRing.next, next = n.next; n !== this.segRing; n = next, next = n.next) (n.owner as Seg).walk(format, visitor);
  }

  /** `PoolFreeWalk`: call `visitor` for every free block the pool knows. */
  freeWalk(visitor: FreeBlockVisitor): void {
    this.checkLive("Pool.freeWalk");
    if (typeof visitor !== "function") paramError("Pool.freeWalk: the visitor must be a function");
    this.freeWalkMethod(visitor);
  }

  /** `PoolFramePush` for `buffer` (`mps_ap_frame_push`): returns the frame. */
  framePush(buffer: Buffer): Addr {
    this.checkLive("Pool.framePush");
    return this.framePushMethod(buffer);
  }

  /** `PoolFramePop` (`mps_ap_frame_pop`). */
  framePop(buffer: Buffer, frame: Addr): void {
    this.checkLive("Pool.framePop");
    this.framePopMethod(buffer, frame);
  }

  /** `PoolRampBegin`. */
  rampBegin(buffer: Buffer, collectAll: boolean): void {
    this.rampBeginMethod(buffer, collectAll);
  }

  /** `PoolRampEnd`. */
  rampEnd(buffer: Buffer): void {
    this.rampEndMethod(buffer);
  }

  /** The pool's segments, in the order they were made. */
  segs(): Seg[] {
    const out: Seg[] = [];
    for (let n = this.segRing.next; n !== this.segRing; n = n.next) out.push(n.owner as Seg);
    return out;
  }

  /** The pool's buffers. */
  buffers(): Buffer[] {
    const out: Buffer[] = [];
    for (let n = this.bufferRing.next; n !== this.bufferRing; n = n.next) out.push(n.owner as Buffer);
    return out;
  }

  /**
   * `mps_pool_destroy`. Throws `PARAM`, changing nothing, if the pool has
   * allocation points (destroy them first) or is already destroyed. Calls
   * the class's `finishMethod`, then frees any segments and grains the
   * pool still holds.
   */
  destroy(): void {
    this.checkLive("Pool.destroy");
    if (!this.bufferRing.isSingle()) paramError(`Pool.destroy: the pool still has ${this.bufferRing.length()} allocation point(s)`);
    this.finishMethod();
    this.releaseAll();
    if (this.format instanceof Format) this.format.detach();
    this.arena.poolDeregister(this, this.id, this.arenaRing);
    this.sig = SIG_INVALID;
    const tel = this.arena.telemetry;
    if ((tel.control & EVENT_KIND_POOL) !== 0) eventPoolFinish(tel, this.telId, this.arena.telId);
  }

  /** Free every segment and grain the pool holds. */
  private releaseAll(): void {
    for (let n = this.segRing.next, next = n.next; n !== this.segRing; n = next, next = n.next) (n.owner as Seg).free();
    if (this.grainsHeld > 0) {
      for (const chunk of this.arena.chunks) {
        let i = 0;
        while (i < chunk.grains) {
          if (chunk.poolIds[i] !== this.id) {
            i++;
            continue;
          }
          let j = i + 1;
          while (j < chunk.grains && chunk.poolIds[j] === this.id) j++;
          this.arena.freeGrains(chunk, i, j, this);
          i = j;
        }
      }
    }
    aver(this.grainsHeld === 0, "Pool.destroy: every grain is returned");
  }

  /** `PoolCheck`: the generic fields, then the class's. */
  check(): boolean {
    checkS(this, SIG_POOL, "Pool");
    checkU(this.arena, SIG_ARENA, "Pool.arena");
    checkL(this.arena.poolOfId(this.id) === this, "Pool: the arena knows the pool by its id");
    checkL(isPow2(this.alignment), "Pool: alignment is a power of two");
    checkL(this.grainsHeld >= 0, "Pool: grainsHeld is non-negative");
    checkL(Object.isFrozen(this.attrs), "Pool: the class's attrs are frozen");
    if (COOL) {
      for (let n = this.segRing.next; n !== this.segRing; n = n.next) checkL((n.owner as Seg).pool === this, "Pool: its segments are its own");
      for (let n = this.bufferRing.next; n !== this.bufferRing; n = n.next) checkL((n.owner as Buffer).pool === this, "Pool: its buffers are its own");
    }
    return this.checkMethod();
  }

  /** `PoolDescribe`: the generic fields, the class's, then the buffers and segments. */
  describe(stream: WriteStream, depth = 0): void {
    this.checkLive("Pool.describe");
    describeLine(stream, depth, `Pool ${this.serial} (class ${this.className}, id ${this.id}) {`);
    const d = depth + 2;
    describeLine(stream, d, `arena ${this.arena.serial}`);
    describeLine(stream, d, `alignment ${this.alignment}`);
    describeLine(stream, d, `format ${this.format === undefined ? "none" : "yes"}`);
    describeLine(stream, d, `grains ${this.grainsHeld}`);
    const a = this.attrs;
    describeLine(stream, d, `attrs {${Object.keys(a).filter((k) => a[k as keyof PoolAttrs] === true).join(", ")}} ranks ${a.ranks}`);
    this.describeMethod(stream, d);
    for (const b of this.buffers()) b.describe(stream, d);
    for (const s of this.segs()) s.describe(stream, d);
    describeLine(stream, depth, "}");
  }

  // ----- hooks: the PoolNo defaults throw UNIMPL ----------------------------

  /** `alloc` for the class: return an aligned block of at least `size` bytes in the pool. */
  protected allocMethod(_size: Size): Addr {
    return unimpl(`${this.className}: alloc`);
  }

  /** `free` for the class: `p` is in the pool (checked); throw `PARAM` if it is not an allocated block of `size` bytes. */
  protected freeMethod(_p: Addr, _size: Size): void {
    unimpl(`${this.className}: free`);
  }

  /** The buffer class for the pool's allocation points. */
  protected bufferClassMethod(): BufferClass {
    return unimpl(`${this.className}: allocation points`);
  }

  /**
   * `bufferFill` for the class: set `rangeReturn` to a region of at least
   * `size` bytes, aligned, in the pool, for `buffer` (reset) to allocate in.
   */
  protected bufferFillMethod(_rangeReturn: Range, _buffer: Buffer, _size: Size): void {
    unimpl(`${this.className}: bufferFill`);
  }

  /** `bufferEmpty` for the class: take back [buffer.ap.init, buffer.poolLimit). */
  protected bufferEmptyMethod(_buffer: Buffer): void {
    unimpl(`${this.className}: bufferEmpty`);
  }

  /** `totalSize` for the class. */
  protected totalSizeMethod(): Size {
    return unimpl(`${this.className}: totalSize`);
  }

  /** `freeSize` for the class. */
  protected freeSizeMethod(): Size {
    return unimpl(`${this.className}: freeSize`);
  }

  /** `addrObject` for the class: the base of the object containing `addr` (in the pool). */
  protected addrObjectMethod(_addr: Addr): Addr {
    return unimpl(`${this.className}: addrObject`);
  }

  /** `freeWalk` for the class. The base version visits nothing (`PoolTrivFreeWalk`). */
  protected freeWalkMethod(_visitor: FreeBlockVisitor): void {
    // deliberately empty: a pool that does not know its free blocks visits none
  }

  /** `framePush` for the class. */
  protected framePushMethod(_buffer: Buffer): Addr {
    return unimpl(`${this.className}: framePush`);
  }

  /** `framePop` for the class. */
  protected framePopMethod(_buffer: Buffer, _frame: Addr): void {
    unimpl(`${this.className}: framePop`);
  }

  /** `rampBegin` for the class. The base version ignores the pattern (`PoolTrivRampBegin`). */
  protected rampBeginMethod(_buffer: Buffer, _collectAll: boolean): void {
    // deliberately empty: allocation patterns are hints
  }

  /** `rampEnd` for the class. The base version ignores it. */
  protected rampEndMethod(_buffer: Buffer): void {
    // deliberately empty: allocation patterns are hints
  }

  /** Release what the class holds; segments and grains still held are freed after. */
  protected finishMethod(): void {
    // deliberately empty: the generic destroy frees segments and grains
  }

  /** The class's own checks. */
  protected checkMethod(): boolean {
    return true;
  }

  /** Describe the class's own fields. */
  protected describeMethod(_stream: WriteStream, _depth: number): void {
    // deliberately empty
  }

  /** The rank set a rank option gives (`EMPTY` for non-scannable classes). */
  rankSetOf(rank: Rank | undefined): RankSet {
    if (this.attrs.ranks === RANK_SET_EMPTY) return RANK_SET_EMPTY;
    return 1 << (rank ?? 1);
  }
}

// Install the versions of the critical-path generic functions written for the
// checking level in force (docs/design/mpm.md `.check.cost`).
{
  const proto = Pool.prototype as unknown as Record<"alloc" | "allocCool" | "allocRash" | "free" | "freeRash", unknown>;
  proto.alloc = byCheckLevel(proto.allocCool, proto.alloc, proto.allocRash);
  proto.free = byCheckLevel(proto.free, proto.free, proto.freeRash);
}
