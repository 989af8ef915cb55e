/**
 * Chunks, tracts and the page table (design.mps.arena `.chunk`, `.tract`):
 * a chunk is a contiguous range of the arena's address space divided into
 * grains; per grain it keeps, in typed arrays, the owning pool's id and the
 * segment's id, and bit tables of allocated, committed and spare grains.
 * See docs/design/arena.md `.impl.page-table`.
 * .critical: Chunk.segIdOf, Chunk.poolIdOf (segment lookup by address).
 */

import { btCreate, btGet, btCountSetRange, type BT } from "@mps/bt";
import { type Addr, type Size, type WriteStream, SIG_INVALID, addrHex, checkL, checkS, describeLine, log2 } from "@mps/mpm";
import { SIG_CHUNK } from "./api.js";

/**
 * One contiguous region of an arena (the MPS's `ChunkStruct`) and its page
 * table: per grain, which pool and which segment own it (small integer ids
 * into the arena's tables; 0 means none) and whether it is allocated,
 * committed (mapped) and spare (committed but free).
 * @remarks
 * Grain `i` of the chunk is [base + i·grainSize, base + (i+1)·grainSize).
 * Grains below `allocBase` are never allocated: the chunk at address 0
 * keeps its first grain back so that 0 stays the null reference.
 * @public
 */
export class Chunk {
  /** {@link SIG_CHUNK} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The chunk's serial number within its arena. */
  readonly serial: number;
  /** The base of the chunk, a multiple of the grain size. */
  readonly base: Addr;
  /** The limit of the chunk, a multiple of the grain size. */
  readonly limit: Addr;
  /** The grain size. */
  readonly grainSize: Size;
  /** log2 of the grain size. */
  readonly grainShift: number;
  /** The number of grains in the chunk. */
  readonly grains: number;
  /** The index of the first grain that may be allocated. */
  readonly allocBase: number;
  /** Address space the chunk accounts for in the arena's `reserved()`. */
  readonly reserved: Size;
  /** Per grain: the id of the owning pool, or 0 if free. */
  readonly poolIds: Uint16Array;
  /** Per grain: the id of the owning segment, or 0 if none. */
  readonly segIds: Int32Array;
  /** Allocated grains (the MPS's `allocTable`). */
  readonly allocTable: BT;
  /** Committed (mapped) grains. */
  readonly mapped: BT;
  /** Spare grains: committed but not allocated. */
  readonly spare: BT;

  /**
   * Make a chunk over [base, limit). `base` and `limit` must be multiples of
   * `grainSize`, a power of two; grains below `allocBase` are held back
   * (the MPS keeps a chunk's own tables there; here, a client chunk's first
   * grain is its header, and a chunk at address 0 keeps 0 the null
   * reference). The arena checks its arguments first.
   */
  constructor(serial: number, base: Addr, limit: Addr, grainSize: Size, reserved: Size, allocBase: number) {
    this.serial = serial;
    this.base = base;
    this.limit = limit;
    this.grainSize = grainSize;
    this.grainShift = log2(grainSize);
    this.grains = (limit - base) / grainSize;
    this.allocBase = base === 0 && allocBase === 0 ? 1 : allocBase;
    this.reserved = reserved;
    this.poolIds = new Uint16Array(this.grains);
    this.segIds = new Int32Array(this.grains);
    this.allocTable = btCreate(this.grains);
    this.mapped = btCreate(this.grains);
    this.spare = btCreate(this.grains);
    this.sig = SIG_CHUNK;
  }

  /** Does the chunk contain `addr`? */
  hasAddr(addr: Addr): boolean {
    return addr >= this.base && addr < this.limit;
  }

  /** The index of the grain containing `addr`, which must be in the chunk. */
  indexOf(addr: Addr): number {
    return (addr - this.base) >>> this.grainShift;
  }

  /** The base address of grain `i`. */
  addrOf(i: number): Addr {
    return this.base + i * this.grainSize;
  }

  /**
   * The id of the segment owning the grain at `addr` (in the chunk), or 0.
   * @remarks Critical path: segment lookup by address; allocates nothing.
   */
  segIdOf(addr: Addr): number {
    return this.segIds[(addr - this.base) >>> this.grainShift] as number;
  }

  /**
   * The id of the pool owning the grain at `addr` (in the chunk), or 0.
   * @remarks Critical path; allocates nothing.
   */
  poolIdOf(addr: Addr): number {
    return this.poolIds[(addr - this.base) >>> this.grainShift] as number;
  }

  /** Is grain `i` allocated? */
  isAllocated(i: number): boolean {
    return btGet(this.allocTable, i);
  }

  /** The number of allocated grains. */
  allocatedGrains(): number {
    return btCountSetRange(this.allocTable, 0, this.grains);
  }

  /** Check the chunk's fields and the page table's invariants (O(grains) at cool). */
  check(): boolean {
    checkS(this, SIG_CHUNK, "Chunk");
    checkL(this.base < this.limit, "Chunk: base < limit");
    checkL((this.base & (this.grainSize - 1)) === 0 && (this.limit & (this.grainSize - 1)) === 0, "Chunk: base and limit are grain-aligned");
    checkL(this.grains === (this.limit - this.base) / this.grainSize, "Chunk: grains matches the size");
    checkL(this.base !== 0 || this.allocBase >= 1, "Chunk: address 0 is never allocatable");
    checkL(this.allocBase < this.grains, "Chunk: some grains are allocatable");
    for (let i = 0; i < this.grains; i++) {
      const alloc = btGet(this.allocTable, i);
      const pool = this.poolIds[i] as number;
      checkL(alloc === (pool !== 0), "Chunk: a grain has a pool exactly when it is allocated");
      checkL(alloc || this.segIds[i] === 0, "Chunk: a free grain has no segment");
      checkL(!btGet(this.spare, i) || (btGet(this.mapped, i) && !alloc), "Chunk: a spare grain is mapped and free");
    }
    return true;
  }

  /** Describe the chunk, and its allocated grains run by run. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Chunk ${this.serial} [${addrHex(this.base)}, ${addrHex(this.limit)}) {`);
    describeLine(stream, depth + 2, `grains ${this.grains} of ${this.grainSize} bytes, allocBase ${this.allocBase}`);
    describeLine(stream, depth + 2, `allocated ${this.allocatedGrains()}, mapped ${btCountSetRange(this.mapped, 0, this.grains)}, spare ${btCountSetRange(this.spare, 0, this.grains)}`);
    let i = 0;
    while (i < this.grains) {
      const pool = this.poolIds[i] as number;
      const seg = this.segIds[i] as number;
      let j = i + 1;
      while (j < this.grains && this.poolIds[j] === pool && this.segIds[j] === seg) j++;
      if (pool !== 0) {
        describeLine(stream, depth + 2, `[${addrHex(this.addrOf(i))}, ${addrHex(this.addrOf(j))}) pool ${pool}${seg !== 0 ? ` seg ${seg}` : ""}`);
      }
      i = j;
    }
    describeLine(stream, depth, "}");
  }

  /** Finish the chunk. */
  finish(): void {
    this.sig = SIG_INVALID;
  }
}
