/**
 * The VM interface (design.mps.vm), for JavaScript: a VM reserves a range of
 * addresses in one buffer and maps (commits) and unmaps (decommits) pages of
 * it. Backends live in `@mps/platform`; {@link AbstractVM} holds the argument
 * checks and the bookkeeping they share. See docs/design/vm.md.
 * .critical: none (map and unmap are on the arena's slow paths).
 */

import type { Addr, Size } from "@mps/mpm";
import type { MemoryViews } from "./views.js";

/**
 * A reserved range of address space [base, limit) in one buffer, of which
 * pages are mapped and unmapped (design.mps.vm `.if.vm`; docs/design/vm.md `.if`).
 *
 * @remarks
 * The contract, for every backend:
 * - `base` and `limit` are multiples of `pageSize`, with `base < limit \<= 2^32`.
 *   `base` may be 0; address 0 is the null reference, which the arena never
 *   hands out.
 * - `map(base, limit)` makes [base, limit) readable and writable through
 *   `mem`. Memory that was never mapped, or was unmapped since, reads as zero
 *   once it is mapped (`.req.zero`). It throws `MpsError` `MEMORY` if the
 *   backend cannot provide the memory, leaving the VM as it was, and `PARAM`
 *   for a range that is empty, not aligned to `pageSize`, outside
 *   [vm.base, vm.limit), or that overlaps a mapped page.
 * - `unmap(base, limit)` gives the range back; its contents are lost. It
 *   throws `PARAM` for a bad range or one that includes an unmapped page.
 *   Backends that can shrink their buffer only from the top release physical
 *   memory when the top pages are unmapped (see `physical()`).
 * - `mapped()` is the VM's own count of mapped bytes (the commit accounting);
 *   `reserved()` is `limit - base` plus any space the VM holds but cannot map.
 * - `mem` is one object for the VM's whole life; when the backend replaces its
 *   buffer it refreshes the views in place, so read `vm.mem.u32` afresh
 *   after any call that may map, rather than keeping `u32` itself.
 * - `finish()` unmaps everything and releases the reservation; any later
 *   call throws `PARAM` (unless the checking level is `rash`).
 *
 * Who calls it: the arena, on its slow paths (chunk creation, commit, decommit,
 * spare-memory purging), never per object.
 * @public
 */
export interface VM {
  /** The backend's name: `"resizable"`, `"wasm"`, `"shared"`, `"client"` or a test double's. */
  readonly backend: string;
  /** The granularity of map and unmap, in bytes: a power of two (`VMPageSize`). */
  readonly pageSize: Size;
  /** The lowest address of the reservation, a multiple of `pageSize` (`VMBase`). */
  readonly base: Addr;
  /** The limit of the reservation, a multiple of `pageSize` (`VMLimit`). */
  readonly limit: Addr;
  /** The views through which memory is read and written. */
  readonly mem: MemoryViews;
  /** Bytes of address space reserved (`VMReserved`): at least `limit - base`. */
  reserved(): Size;
  /** Bytes currently mapped (`VMMapped`): the sum of the mapped pages. */
  mapped(): Size;
  /**
   * Map [base, limit) (`VMMap`): after it returns, the range reads and writes
   * through `mem`, and reads as zero if it was not mapped before. Throws
   * `MEMORY` if the memory cannot be had (nothing changed), `PARAM` for a bad
   * range or one that overlaps a mapped page.
   */
  map(base: Addr, limit: Addr): void;
  /**
   * Unmap [base, limit) (`VMUnmap`): the contents are lost. Throws `PARAM`
   * for a bad range or one that includes an unmapped page.
   */
  unmap(base: Addr, limit: Addr): void;
  /**
   * Bytes the backing store occupies now (its buffer's `byteLength`, or the
   * client's region): what the process really holds for this VM. It can be
   * more than `mapped()` (a buffer that cannot shrink, or unmapped pages below
   * a mapped one) and, for no backend, less.
   */
  physical(): Size;
  /** Unmap everything and release the reservation (`VMFinish`). */
  finish(): void;
}

/**
 * What a VM is made with: `VMInit`'s size and grain size, and the client's
 * buffer for the client-buffer backend.
 * @public
 */
export interface VMCreateOpts {
  /**
   * Reserve at least this many bytes of address space: a positive integer,
   * rounded up to a multiple of `pageSize`. MUST give a limit of at most 2^32.
   */
  size: Size;
  /**
   * The page size to use: a power of two, at least 4096 for the buffer
   * backends and at least 8 for the client-buffer backend (whose memory
   * needs no mapping). The arena passes its grain size.
   */
  pageSize: Size;
  /**
   * For the client-buffer backend only (`ArenaClass.CL`): the buffer the
   * client owns. The VM covers the part of [`base`, `base + size`) that is
   * aligned to `pageSize`. Other backends throw `PARAM` if it is given.
   */
  buffer?: ArrayBuffer | SharedArrayBuffer;
  /** For the client-buffer backend only: where the region starts in `buffer`. @defaultValue 0 */
  base?: Addr;
}

/**
 * A source of VMs: one per platform backend (the MPS chooses `vmix.c`,
 * `vmw3.c`, … when it is built; we choose a backend object at run time, with
 * `platform.select` in `@mps/platform`).
 * @public
 */
export interface VMBackend {
  /** The backend's name; the `backend` of every VM it makes. */
  readonly name: string;
  /** Can this backend run here (for example: does this engine have growable `SharedArrayBuffer`s)? */
  available(): boolean;
  /**
   * Reserve address space (`VMInit`). Throws `PARAM` for bad options,
   * `RESOURCE` if the space cannot be reserved, and `UNIMPL` if the backend
   * is not available here.
   */
  create(opts: VMCreateOpts): VM;
}
