/**
 * The VM interface (design.mps.vm), for JavaScript: a VM reserves a range of
 * addresses in one buffer and maps (commits) and unmaps (decommits) grains of
 * it. Backends live in `@mps/platform`. See docs/design/vm.md.
 * .critical: none (map and unmap are on the arena's slow paths).
 */

import type { Addr, Size } from "@mps/mpm";
import type { MemoryViews } from "./views.js";

/**
 * A reserved range of address space [base, limit) in one buffer, of which
 * grains are mapped and unmapped (design.mps.vm.if.vm).
 *
 * @remarks
 * Contract, for every backend:
 * - `base` and `limit` are multiples of `pageSize`; `base` may be 0, and
 *   address 0 is the null reference, which the arena never hands out.
 * - `map(base, limit)` makes [base, limit) readable and writable; memory that
 *   was never mapped, or was unmapped since, reads as zero after it is mapped.
 *   It throws `MpsError` `MEMORY` if the backend cannot provide the memory,
 *   leaving the VM as it was, and `PARAM` for a range outside [base, limit),
 *   unaligned to `pageSize`, empty, or (at `cool`) overlapping a mapped one.
 * - `unmap(base, limit)` gives the range back; its contents are lost. A
 *   backend that can only shrink its buffer from the top releases physical
 *   memory when the top pages are unmapped.
 * - `mapped()` is the VM's own count of mapped bytes; `reserved()` is
 *   `limit - base` plus any space the VM holds but cannot map.
 * - `mem` is one object for the VM's life; its views are refreshed in place
 *   when the buffer is replaced, so read `vm.mem.u32` afresh rather than
 *   keeping `u32` itself across calls that may grow the buffer.
 * - `finish()` unmaps everything; any later call throws `PARAM`.
 * Who calls it: the arena, on its slow paths (chunk creation, commit, decommit).
 * @public
 */
export interface VM {
  /** The backend's name, such as `"resizable"`, `"wasm"`, `"shared"` or `"client"`. */
  readonly backend: string;
  /** The granularity of map and unmap, in bytes: a power of two. */
  readonly pageSize: Size;
  /** The lowest address of the reservation, a multiple of `pageSize`. */
  readonly base: Addr;
  /** The limit of the reservation, a multiple of `pageSize`. */
  readonly limit: Addr;
  /** The views through which memory is read and written. */
  readonly mem: MemoryViews;
  /** Bytes of address space reserved (`VMReserved`). */
  reserved(): Size;
  /** Bytes currently mapped (`VMMapped`). */
  mapped(): Size;
  /** Map [base, limit) (`VMMap`). */
  map(base: Addr, limit: Addr): void;
  /** Unmap [base, limit) (`VMUnmap`). */
  unmap(base: Addr, limit: Addr): void;
  /** Bytes the backing buffer occupies now (its `byteLength`): what the process really holds. */
  physical(): Size;
  /** Release the reservation (`VMFinish`). */
  finish(): void;
}

/**
 * What a VM is made with (`VMInit`'s size and grain size, and the backend's own keyword arguments).
 * @public
 */
export interface VMCreateOpts {
  /** Reserve at least this many bytes of address space. */
  size: Size;
  /** The page size to use: a power of two, at least 4096 unless the backend says otherwise. */
  pageSize: Size;
}

/**
 * A source of VMs: one per platform backend (the MPS chooses `vmix.c`,
 * `vmw3.c`, … at build time; we choose a backend object at run time).
 * @public
 */
export interface VMBackend {
  /** The backend's name. */
  readonly name: string;
  /** Can this backend run here (for example: is `WebAssembly.Memory` available)? */
  available(): boolean;
  /** Reserve address space (`VMInit`). Throws `RESOURCE` if it cannot be reserved. */
  create(opts: VMCreateOpts): VM;
}
