/**
 * malloc, free, calloc and realloc on an MVFF pool, as in the MPS Guide's
 * "Implementing malloc and free": each block carries its size in a header
 * word just below the address handed out. See docs/design/example-malloc.md
 * and docs/guide/malloc.md.
 * .critical: `malloc`, `free` (one pool call and one header access each).
 */
import { type Arena, type Pool, type MVFFOpts, PoolClass, isMpsError } from "@mps/mps";

/**
 * Bytes in front of every block: one 32-bit size word, padded so that the
 * address returned stays 8-aligned.
 * @public
 */
export const HEADER_SIZE = 8;

/**
 * The alignment of every address `malloc` returns.
 * @public
 */
export const MALLOC_ALIGN = 8;

/** The largest request that can be satisfied at all (addresses are 32-bit). */
const MAX_REQUEST = 0xffffffff - HEADER_SIZE - MALLOC_ALIGN;

/**
 * The MVFF options the allocator uses unless told otherwise: first fit from
 * the low end of the arena and the low end of each free range, 8-byte
 * alignment, and half the pool's free memory kept before grains go back.
 * @public
 */
export const MALLOC_MVFF_OPTS: MVFFOpts = {
  align: MALLOC_ALIGN,
  mvffFirstFit: true,
  mvffArenaHigh: false,
  mvffSlotHigh: false,
  spare: 0.5,
};

/**
 * A C-style allocator over one MVFF pool of an arena. Addresses are byte
 * offsets into `arena.mem`; 0 is the null pointer.
 * @public
 */
export class Malloc {
  /** The arena whose memory the blocks live in. */
  readonly arena: Arena;
  /** The MVFF pool the blocks (with their headers) come from. */
  readonly pool: Pool;

  /**
   * Create the allocator's MVFF pool in `arena`; `opts` override
   * {@link MALLOC_MVFF_OPTS} (`align` must stay a multiple of 8).
   */
  constructor(arena: Arena, opts: MVFFOpts = {}) {
    this.arena = arena;
    this.pool = arena.createPool(PoolClass.MVFF, { ...MALLOC_MVFF_OPTS, ...opts });
  }

  /**
   * Allocate `size` bytes (contents unspecified) and return the address, or
   * 0 when `size` is 0, not a non-negative integer, or cannot be had (the
   * pool's RESOURCE error is caught, as C's malloc returns NULL).
   */
  malloc(size: number): number {
    if (!Number.isInteger(size) || size <= 0 || size > MAX_REQUEST) return 0;
    const total = size + HEADER_SIZE;
    let base: number;
    try {
      base = this.pool.alloc(total);
    } catch (e) {
      if (isMpsError(e)) return 0;
      throw e;
    }
    // Read arena.mem afresh: the allocation may have grown the arena.
    this.arena.mem.u32[base >>> 2] = total;
    return base + HEADER_SIZE;
  }

  /**
   * Free the block at `p`, which `malloc`, `calloc` or `realloc` returned; 0
   * does nothing. Freeing anything else (twice, an interior address) is an
   * error, as in C: the pool often notices and throws a PARAM `MpsError`,
   * but it cannot always.
   */
  free(p: number): void {
    if (p === 0) return;
    const base = p - HEADER_SIZE;
    this.pool.free(base, this.arena.mem.u32[base >>> 2]!);
  }

  /**
   * Allocate `n` elements of `size` bytes, all zero. Returns 0 when the
   * product is 0, overflows the 32-bit address space, or cannot be had.
   */
  calloc(n: number, size: number): number {
    if (!Number.isInteger(n) || !Number.isInteger(size) || n < 0 || size < 0) return 0;
    const bytes = n * size;
    if (bytes > MAX_REQUEST) return 0;
    const p = this.malloc(bytes);
    if (p !== 0) this.arena.mem.u8.fill(0, p, p + bytes);
    return p;
  }

  /**
   * Resize the block at `p` to `size` bytes, keeping the first
   * min(old, new) bytes, and return its (possibly new) address. `p` of 0
   * is `malloc(size)`; `size` of 0 frees `p` and returns 0. When no memory
   * can be had it returns 0 and leaves the block at `p` as it was.
   */
  realloc(p: number, size: number): number {
    if (p === 0) return this.malloc(size);
    if (size === 0) {
      this.free(p);
      return 0;
    }
    const old = this.usableSize(p);
    const q = this.malloc(size);
    if (q === 0) return 0;
    this.arena.mem.u8.copyWithin(q, p, p + Math.min(old, size));
    this.free(p);
    return q;
  }

  /** The size the block at `p` was requested with (0 for the null pointer). */
  usableSize(p: number): number {
    if (p === 0) return 0;
    return this.arena.mem.u32[(p - HEADER_SIZE) >>> 2]! - HEADER_SIZE;
  }

  /** Destroy the pool, freeing every block at once. */
  destroy(): void {
    this.pool.destroy();
  }
}
