/**
 * The client arena class (design.mps.arena `.client`): the client hands over
 * a region of a buffer it owns; `extend` adds more regions of the same
 * buffer, `retract` removes an empty one. There is no VM: memory is always
 * there, so committed memory is what is allocated (plus each chunk's header
 * grain) and nothing is kept spare. See docs/design/arena.md `.cl`.
 * .critical: none.
 */

import { type Addr, type Size, type WriteStream, MpsError, describeLine, log2, paramError } from "@mps/mpm";
import { MemoryViews } from "@mps/vm";
import { ARENA_GRAIN_SIZE_DEFAULT } from "./api.js";
import { Arena, type ArenaClassT, type ArenaOpts, arenaCheckOpts } from "./arena.js";
import type { Chunk } from "./chunk.js";

/**
 * Options of a client arena.
 * @public
 */
export interface CLArenaOpts extends ArenaOpts {
  /** The buffer the client owns, of which the arena manages a region. */
  buffer?: ArrayBuffer | SharedArrayBuffer;
  /** `MPS_KEY_ARENA_CL_BASE`: the region's base, a byte offset into `buffer`. Required. */
  arenaClBase?: Addr;
}

function isBuffer(b: unknown): b is ArrayBuffer | SharedArrayBuffer {
  return b instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && b instanceof SharedArrayBuffer);
}

/**
 * An arena over regions of a client's buffer (the MPS's `ClientArena`).
 * @public
 */
export class CLArena extends Arena {
  /** The class's name. */
  static readonly className = "CL";
  /** The client's buffer. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Views of the client's buffer. */
  readonly mem: MemoryViews;
  /** A client arena has no spare memory. */
  protected readonly usesSpare = false;

  /**
   * `ClientArenaCreate`: check the options and make the arena over
   * [arenaClBase, arenaClBase + arenaSize) of `buffer`. Throws `PARAM` on a
   * bad or missing option, `MEMORY` if the region is smaller than 32 grains.
   */
  static createCL(opts: CLArenaOpts): CLArena {
    const o = arenaCheckOpts(opts, ARENA_GRAIN_SIZE_DEFAULT);
    const buffer = opts.buffer;
    if (!isBuffer(buffer)) paramError(`Arena.create(CL): buffer must be an ArrayBuffer or SharedArrayBuffer, not ${String(buffer)}`);
    const base = opts.arenaClBase;
    if (base === undefined || !Number.isSafeInteger(base) || base < 0) paramError(`Arena.create(CL): arenaClBase must be a non-negative integer, not ${String(base)}`);
    const size = opts.arenaSize;
    if (size === undefined) paramError("Arena.create(CL): arenaSize is required");
    if (base + size > buffer.byteLength) paramError(`Arena.create(CL): [${base}, ${base + size}) is not inside the buffer of ${buffer.byteLength} bytes`);
    if (base + size > 2 ** 32) paramError(`Arena.create(CL): [${base}, ${base + size}) goes past 2^32`);
    if (size < o.grainSize * 32) throw new MpsError("MEMORY", `Arena.create(CL): ${size} bytes is less than 32 grains of ${o.grainSize}`);
    const chunkBase = Math.ceil(base / o.grainSize) * o.grainSize;
    const chunkLimit = Math.floor((base + size) / o.grainSize) * o.grainSize;
    if (chunkLimit - chunkBase < 2 * o.grainSize) throw new MpsError("MEMORY", `Arena.create(CL): no room for a chunk in [${base}, ${base + size})`);
    return new CLArena(o, buffer, chunkBase, chunkLimit, size);
  }

  private constructor(o: ReturnType<typeof arenaCheckOpts>, buffer: ArrayBuffer | SharedArrayBuffer, base: Addr, limit: Addr, size: Size) {
    super(o);
    this.buffer = buffer;
    this.mem = new MemoryViews(buffer);
    this.addChunk(base, limit, size, 1);
    this.committedSize += this.grainSize; // the chunk's header grain
    this.zoneShift = Math.min(27, Math.max(this.grainShift, log2(Math.floor(size / 32))));
    if (this.committedSize > this.commitLimitSize) {
      throw new MpsError("COMMIT_LIMIT", `Arena.create(CL): the chunk header (${this.grainSize} bytes) exceeds the commit limit ${this.commitLimitSize}`);
    }
    this.initDone(o);
  }

  /** `"CL"`. */
  override get className(): string {
    return "CL";
  }

  /**
   * `ClientArenaExtend`: add [base, base + size) of the buffer as a new
   * chunk. Throws `PARAM` if the range is outside the buffer, overlaps a
   * chunk, or holds fewer than two grains; `COMMIT_LIMIT` if the chunk's
   * header grain would exceed the commit limit.
   */
  protected override extendMethod(base: Addr, size: Size): void {
    if (!Number.isSafeInteger(base) || base < 0 || !Number.isSafeInteger(size) || size <= 0) paramError(`extend: [${String(base)}, +${String(size)}) is not a range`);
    if (base + size > this.buffer.byteLength || base + size > 2 ** 32) paramError(`extend: [${base}, ${base + size}) is not inside the buffer`);
    const chunkBase = Math.ceil(base / this.grainSize) * this.grainSize;
    const chunkLimit = Math.floor((base + size) / this.grainSize) * this.grainSize;
    if (chunkLimit <= chunkBase || chunkLimit - chunkBase < 2 * this.grainSize) paramError(`extend: [${base}, ${base + size}) holds fewer than two grains`);
    for (const c of this.chunks) {
      if (chunkBase < c.limit && c.base < chunkLimit) paramError(`extend: [${base}, ${base + size}) overlaps a chunk of the arena`);
    }
    if (this.committedSize + this.grainSize > this.commitLimitSize) throw new MpsError("COMMIT_LIMIT", "extend: the chunk header would exceed the commit limit");
    this.addChunk(chunkBase, chunkLimit, size, 1);
    this.committedSize += this.grainSize;
  }

  /**
   * Remove the chunk that `extend(base, size)` added. Throws `PARAM` if
   * there is no such chunk or it is the primary one, `FAIL` if anything is
   * allocated in it.
   */
  protected override retractMethod(base: Addr, size: Size): void {
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(size) || size <= 0) paramError(`retract: [${String(base)}, +${String(size)}) is not a range`);
    const chunkBase = Math.ceil(base / this.grainSize) * this.grainSize;
    const chunkLimit = Math.floor((base + size) / this.grainSize) * this.grainSize;
    const chunk = this.chunks.find((c) => c.base === chunkBase && c.limit === chunkLimit);
    if (chunk === undefined) paramError(`retract: [${base}, ${base + size}) is not a chunk that extend added`);
    if (chunk === this.primary) paramError("retract: the arena's first chunk cannot be retracted");
    if (chunk.allocatedGrains() !== 0) throw new MpsError("FAIL", `retract: the chunk [${base}, ${base + size}) has memory allocated in it`);
    this.removeChunk(chunk);
    this.committedSize -= this.grainSize;
  }

  /** The whole buffer, since `extend` may add any part of it. */
  protected override protectedRange(): [Addr, Addr] {
    const limit = Math.min(2 ** 32, Math.floor(this.buffer.byteLength / this.grainSize) * this.grainSize);
    return [0, limit];
  }

  /** Nothing to release: the buffer is the client's. */
  protected finishMethod(): void {
    // deliberately empty: the client owns the buffer
  }

  /** The buffer's size. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `buffer           ${this.buffer.byteLength} bytes, ${this.chunks.length} chunk(s)`);
  }

  /** The chunk containing `addr`, for tests of the page table. */
  chunkAt(addr: Addr): Chunk | undefined {
    return this.chunkOfAddr(addr);
  }
}

/** The client arena class, as `Arena.create` takes it. */
export const CL_ARENA_CLASS: ArenaClassT<CLArenaOpts, CLArena> = Object.freeze({
  className: "CL",
  create: (opts: CLArenaOpts) => CLArena.createCL(opts),
});
