/**
 * AbstractVM: what every VM backend shares — the argument checks of `map` and
 * `unmap` (alignment, range inside the reservation, no double map or unmap),
 * the mapped-page bookkeeping in a bit table, and the protocol (signature,
 * check, describe, finish). Backends override the protected `*Method` hooks.
 * See docs/design/vm.md `.impl.abstract`.
 * .critical: none (the arena calls map and unmap on its slow paths).
 */

import {
  type Addr, type Inst, type Size, type WriteStream,
  ADDR_LIMIT, CHECKING, COOL, SIG_INVALID, addrHex, checkL, checkS, defineSig, describeLine, isPow2, paramError, resourceError,
} from "@mps/mpm";
import { type BT, btCountSetRange, btCreate, btFindSetHigh, btIsResRange, btIsSetRange, btResRange, btSetRange } from "@mps/bt";
import type { MemoryViews } from "./views.js";
import type { VM, VMCreateOpts } from "./vm.js";

/**
 * The signature of a live VM (design.mps.sig): the MPS's `VMSig`.
 * @public
 */
export const SIG_VM = defineSig("VM", 0x519b3999);

/**
 * The smallest page size the buffer backends accept (4 KiB).
 * @public
 */
export const VM_PAGE_SIZE_MIN = 4096;

/**
 * The limit of the address space a VM can reserve: 2^32, because references
 * are stored in the heap as u32.
 * @public
 */
export const VM_ADDR_LIMIT = ADDR_LIMIT;

/**
 * Check the options of `VMBackend.create` and return the reservation's size:
 * `opts.size` rounded up to a multiple of `opts.pageSize`. Throws `PARAM` if
 * `pageSize` is not a power of two of at least `minPageSize`, if `size` is
 * not a positive integer, or if `buffer` or `base` is given and
 * `clientBuffer` is false; throws `RESOURCE` if the rounded size would take
 * the limit past 2^32 (the space cannot be reserved).
 * @param backend - the backend's name, for messages.
 * @param base - where the reservation would start (0 for the buffer backends).
 * @public
 */
export function vmCheckCreateOpts(backend: string, opts: VMCreateOpts, minPageSize: Size, base = 0, clientBuffer = false): Size {
  if (opts === null || typeof opts !== "object") paramError(`${backend} VM: options must be an object`);
  const { size, pageSize } = opts;
  if (!(isPow2(pageSize) && pageSize >= minPageSize && pageSize <= 2 ** 30)) {
    paramError(`${backend} VM: pageSize must be a power of two in [${minPageSize}, 2^30], not ${String(pageSize)}`);
  }
  if (!(Number.isSafeInteger(size) && size > 0)) paramError(`${backend} VM: size must be a positive integer, not ${String(size)}`);
  if (!clientBuffer && (opts.buffer !== undefined || opts.base !== undefined)) {
    paramError(`${backend} VM: buffer and base are options of the client-buffer backend only`);
  }
  const rounded = Math.ceil(size / pageSize) * pageSize;
  if (base + rounded > VM_ADDR_LIMIT) {
    resourceError(`${backend} VM: cannot reserve ${rounded} bytes at ${addrHex(base)}: the limit would pass 2^32`);
  }
  return rounded;
}

/**
 * What {@link AbstractVM}'s constructor takes from a backend.
 * @public
 */
export interface AbstractVMInit {
  /** The backend's name. */
  backend: string;
  /** The page size: a power of two. */
  pageSize: Size;
  /** The base of the reservation: a multiple of `pageSize`. */
  base: Addr;
  /** The limit of the reservation: a multiple of `pageSize`, greater than `base`, at most 2^32. */
  limit: Addr;
  /** Bytes reserved: at least `limit - base`. */
  reserved: Size;
  /** The views of the backing buffer. */
  mem: MemoryViews;
  /** Start with every page mapped (the client-buffer backend). @defaultValue false */
  allMapped?: boolean;
}

/**
 * The part of a VM that every backend shares (design.mps.vm `.if.map`,
 * `.if.unmap`): `map` and `unmap` are generic functions that check their
 * arguments, keep the bookkeeping of mapped pages in a bit table (one bit per
 * page), and call the backend's protected hooks.
 *
 * @remarks
 * - `map(base, limit)` checks the range, then (unless the level is `rash`)
 *   that no page in it is mapped, then calls `mapMethod`; only if that
 *   returns does it record the pages as mapped. A hook that throws (`MEMORY`)
 *   leaves the VM as it was.
 * - `unmap(base, limit)` checks the range, then that every page in it is
 *   mapped, records the pages as unmapped and calls `unmapMethod`, which can
 *   therefore see the new state (for example, to find the highest mapped page).
 * - Bad arguments throw `MpsError` `PARAM` and change nothing. The checks are
 *   skipped at `rash`. The MPS only asserts alignment and range; we also
 *   refuse a double map or unmap, at `hot` as well as `cool`, because the test
 *   costs no more than the bookkeeping itself (a word of the bit table at a
 *   time). See docs/design/vm.md `.impl.check`.
 * @public
 */
export abstract class AbstractVM implements VM, Inst {
  /** {@link SIG_VM} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The backend's name. */
  readonly backend: string;
  /** The granularity of map and unmap, in bytes. */
  readonly pageSize: Size;
  /** log2(pageSize). */
  readonly pageShift: number;
  /** The lowest address of the reservation. */
  readonly base: Addr;
  /** The limit of the reservation. */
  readonly limit: Addr;
  /** The views through which memory is read and written. */
  readonly mem: MemoryViews;
  /** The number of pages in [base, limit). */
  readonly pages: number;
  /** Bit i is set iff page i (at `base + i * pageSize`) is mapped. */
  protected readonly mappedPages: BT;
  /** Bytes mapped: `pageSize` times the set bits of `mappedPages`. */
  protected mappedSize: Size;
  /** Bytes reserved. */
  protected readonly reservedSize: Size;

  /** Initialise the shared part; a backend sets up its buffer before calling this. */
  protected constructor(init: AbstractVMInit) {
    const { backend, pageSize, base, limit, reserved, mem } = init;
    if (!isPow2(pageSize)) paramError(`${backend} VM: pageSize ${String(pageSize)} is not a power of two`);
    if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit) && base % pageSize === 0 && limit % pageSize === 0 && 0 <= base && base < limit && limit <= VM_ADDR_LIMIT)) {
      paramError(`${backend} VM: [${String(base)}, ${String(limit)}) is not a non-empty page-aligned range below 2^32`);
    }
    if (!(Number.isSafeInteger(reserved) && reserved >= limit - base)) paramError(`${backend} VM: reserved ${String(reserved)} is less than limit - base`);
    this.backend = backend;
    this.pageSize = pageSize;
    this.pageShift = Math.round(Math.log2(pageSize));
    this.base = base;
    this.limit = limit;
    this.reservedSize = reserved;
    this.mem = mem;
    this.pages = (limit - base) / pageSize;
    this.mappedPages = btCreate(this.pages);
    this.mappedSize = 0;
    if (init.allMapped === true) {
      btSetRange(this.mappedPages, 0, this.pages);
      this.mappedSize = limit - base;
    }
    this.sig = SIG_VM;
    if (COOL) this.check();
  }

  // ----- the VM interface -------------------------------------------------

  /** `VMReserved`: bytes of address space reserved. */
  reserved(): Size {
    if (CHECKING) this.checkLive("reserved");
    return this.reservedSize;
  }

  /** `VMMapped`: bytes mapped. */
  mapped(): Size {
    if (CHECKING) this.checkLive("mapped");
    return this.mappedSize;
  }

  /**
   * `VMMap`: map [base, limit). Throws `PARAM` for a bad range or one that
   * overlaps a mapped page, `MEMORY` if the backend cannot get the memory;
   * the VM is unchanged then.
   */
  map(base: Addr, limit: Addr): void {
    if (CHECKING) {
      this.checkLive("map");
      this.checkRange(base, limit, "map");
      const i = this.pageIndex(base);
      const j = this.pageIndex(limit);
      if (!btIsResRange(this.mappedPages, i, j)) {
        paramError(`${this.backend} VM map: [${addrHex(base)}, ${addrHex(limit)}) overlaps a mapped page`);
      }
    }
    this.mapMethod(base, limit);
    btSetRange(this.mappedPages, this.pageIndex(base), this.pageIndex(limit));
    this.mappedSize += limit - base;
    if (COOL) this.check();
  }

  /**
   * `VMUnmap`: unmap [base, limit); the contents are lost. Throws `PARAM` for
   * a bad range or one that includes an unmapped page; the VM is unchanged then.
   */
  unmap(base: Addr, limit: Addr): void {
    if (CHECKING) {
      this.checkLive("unmap");
      this.checkRange(base, limit, "unmap");
      if (!btIsSetRange(this.mappedPages, this.pageIndex(base), this.pageIndex(limit))) {
        paramError(`${this.backend} VM unmap: [${addrHex(base)}, ${addrHex(limit)}) includes an unmapped page`);
      }
    }
    btResRange(this.mappedPages, this.pageIndex(base), this.pageIndex(limit));
    this.mappedSize -= limit - base;
    this.unmapMethod(base, limit);
    if (COOL) this.check();
  }

  /** Bytes the backing store occupies now. */
  physical(): Size {
    if (CHECKING) this.checkLive("physical");
    return this.physicalMethod();
  }

  /** `VMFinish`: unmap everything and release the reservation. Later calls throw `PARAM`. */
  finish(): void {
    if (CHECKING) this.checkLive("finish");
    if (COOL) this.check();
    this.finishMethod();
    btResRange(this.mappedPages, 0, this.pages);
    this.mappedSize = 0;
    this.sig = SIG_INVALID;
  }

  // ----- queries beyond the interface -----------------------------------------

  /**
   * Is every page of [base, limit) mapped? Throws `PARAM` for a bad range.
   * (For tests and the arena's checks; not part of {@link VM}.)
   */
  isMapped(base: Addr, limit: Addr): boolean {
    this.checkLive("isMapped");
    this.checkRange(base, limit, "isMapped");
    return btIsSetRange(this.mappedPages, this.pageIndex(base), this.pageIndex(limit));
  }

  /**
   * Is every page of [base, limit) unmapped? Throws `PARAM` for a bad range.
   */
  isUnmapped(base: Addr, limit: Addr): boolean {
    this.checkLive("isUnmapped");
    this.checkRange(base, limit, "isUnmapped");
    return btIsResRange(this.mappedPages, this.pageIndex(base), this.pageIndex(limit));
  }

  // ----- protocol -------------------------------------------------------------

  /** Check the VM's fields (design.mps.check); at `cool` also recount the mapped pages. */
  check(): boolean {
    checkS(this, SIG_VM, "VM");
    checkL(isPow2(this.pageSize) && 2 ** this.pageShift === this.pageSize, "VM: pageSize is 2^pageShift");
    checkL(this.base % this.pageSize === 0 && this.limit % this.pageSize === 0, "VM: base and limit are page-aligned");
    checkL(this.base < this.limit && this.limit <= VM_ADDR_LIMIT, "VM: base < limit <= 2^32");
    checkL(this.reservedSize >= this.limit - this.base, "VM: reserved >= limit - base");
    checkL(this.mappedSize >= 0 && this.mappedSize <= this.limit - this.base && this.mappedSize % this.pageSize === 0, "VM: mapped is a whole number of pages within the reservation");
    if (COOL) {
      checkL(btCountSetRange(this.mappedPages, 0, this.pages) * this.pageSize === this.mappedSize, "VM: mapped equals the mapped pages in the bit table");
    }
    return true;
  }

  /** Write the VM's fields and its mapped ranges to `stream`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `VM ${this.backend} {`);
    describeLine(stream, depth + 2, `base ${addrHex(this.base)} limit ${addrHex(this.limit)} pageSize ${this.pageSize}`);
    describeLine(stream, depth + 2, `reserved ${this.reservedSize} mapped ${this.mappedSize}${this.sig === SIG_VM ? ` physical ${this.physicalMethod()}` : " (finished)"}`);
    let i = 0;
    while (i < this.pages) {
      if (!this.pageMapped(i)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < this.pages && this.pageMapped(j)) j++;
      describeLine(stream, depth + 2, `mapped [${addrHex(this.addrOfPage(i))}, ${addrHex(this.addrOfPage(j))})`);
      i = j;
    }
    describeLine(stream, depth, `} VM ${this.backend}`);
  }

  // ----- for backends -------------------------------------------------------

  /**
   * Make [base, limit) readable and writable, reading as zero if it was not
   * mapped. The pages are still recorded as unmapped while this runs. Throw
   * `MpsError` `MEMORY`, changing nothing, if the memory cannot be had.
   */
  protected abstract mapMethod(base: Addr, limit: Addr): void;
  /**
   * Give [base, limit) back; its contents may be discarded. The pages are
   * already recorded as unmapped while this runs. Must not throw.
   */
  protected abstract unmapMethod(base: Addr, limit: Addr): void;
  /** Bytes the backing store occupies now. */
  protected abstract physicalMethod(): Size;
  /** Release the reservation; everything is unmapped after it. Must not throw. */
  protected abstract finishMethod(): void;

  /**
   * The limit of the highest mapped page, or `base` if no page is mapped:
   * a backend that shrinks from the top shrinks to this.
   */
  protected mappedTop(): Addr {
    const i = btFindSetHigh(this.mappedPages, 0, this.pages);
    return i < 0 ? this.base : this.addrOfPage(i + 1);
  }

  /** The index of the page at `addr` (a page boundary in [base, limit]). */
  protected pageIndex(addr: Addr): number {
    return (addr - this.base) / this.pageSize;
  }

  /** The address of page `i`. */
  protected addrOfPage(i: number): Addr {
    return this.base + i * this.pageSize;
  }

  private pageMapped(i: number): boolean {
    return ((this.mappedPages[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  /** Throw PARAM unless the VM is live (not finished). */
  protected checkLive(fn: string): void {
    if (this.sig !== SIG_VM) paramError(`${this.backend} VM ${fn}: the VM is finished`);
  }

  /** Throw PARAM unless [base, limit) is a non-empty page-aligned range inside [this.base, this.limit). */
  protected checkRange(base: Addr, limit: Addr, fn: string): void {
    if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit))) {
      paramError(`${this.backend} VM ${fn}: base and limit must be integers, not ${String(base)} and ${String(limit)}`);
    }
    if (!(base < limit)) paramError(`${this.backend} VM ${fn}: [${addrHex(base)}, ${addrHex(limit)}) is empty`);
    if (base % this.pageSize !== 0 || limit % this.pageSize !== 0) {
      paramError(`${this.backend} VM ${fn}: [${addrHex(base)}, ${addrHex(limit)}) is not aligned to the page size ${this.pageSize}`);
    }
    if (base < this.base || limit > this.limit) {
      paramError(`${this.backend} VM ${fn}: [${addrHex(base)}, ${addrHex(limit)}) is not inside the reservation [${addrHex(this.base)}, ${addrHex(this.limit)})`);
    }
  }
}
