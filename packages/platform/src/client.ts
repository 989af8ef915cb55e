/**
 * The client-buffer VM, for `ArenaClass.CL`: a region of a buffer the client
 * owns, as the MPS's client arena, which has no VM. There is nothing to map:
 * every page is mapped from creation. Unmapping zero-fills (so a page mapped
 * again reads as zero, as with every VM); nothing ever grows or shrinks.
 * See docs/design/platform.md `.vm.client`.
 * .critical: none.
 */

import { type Addr, type Size, ADDR_LIMIT, ALIGN_DEFAULT, MpsError, paramError } from "@mps/mpm";
import { AbstractVM, MemoryViews, type VMBackend, type VMCreateOpts, vmCheckCreateOpts } from "@mps/vm";

/**
 * The smallest page size of a client-buffer VM: 8 (the default alignment).
 * @public
 */
export const CLIENT_PAGE_SIZE_MIN = ALIGN_DEFAULT;

/**
 * A VM over [base, base + size) of the client's buffer: `vm.base` and
 * `vm.limit` are that region's first and last page boundaries. Every page is
 * mapped from creation (`mapped() === limit - base`); `map` of a mapped page
 * is `PARAM` as with every VM, so the arena maps only what it has unmapped.
 * @public
 */
export class ClientVM extends AbstractVM {
  /** The client's buffer. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** The start of the client's region (`vm.base` rounded it up to a page). */
  readonly regionBase: Addr;
  /** The size of the client's region. */
  readonly regionSize: Size;

  /**
   * Cover [opts.base, opts.base + opts.size) of `opts.buffer`. Throws `PARAM`
   * if there is no buffer, if the region is not inside it or not below 2^32,
   * if it holds no whole page, or if the buffer's length is not a multiple of
   * 8 (the views could not cover it).
   */
  constructor(opts: VMCreateOpts) {
    const buffer = opts.buffer;
    if (!(buffer instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && buffer instanceof SharedArrayBuffer))) {
      paramError("client VM: buffer must be an ArrayBuffer or SharedArrayBuffer");
    }
    const regionBase = opts.base ?? 0;
    if (!(Number.isSafeInteger(regionBase) && regionBase >= 0)) paramError(`client VM: base must be a non-negative integer, not ${String(regionBase)}`);
    vmCheckCreateOpts("client", opts, CLIENT_PAGE_SIZE_MIN, 0, true);
    const { size, pageSize } = opts;
    if (buffer.byteLength % 8 !== 0) paramError(`client VM: the buffer's length ${buffer.byteLength} is not a multiple of 8`);
    if (regionBase + size > buffer.byteLength) paramError(`client VM: [${regionBase}, ${regionBase + size}) is not inside the buffer of ${buffer.byteLength} bytes`);
    if (regionBase + size > ADDR_LIMIT) paramError(`client VM: [${regionBase}, ${regionBase + size}) passes 2^32`);
    const base = Math.ceil(regionBase / pageSize) * pageSize;
    const limit = Math.floor((regionBase + size) / pageSize) * pageSize;
    if (!(base < limit)) paramError(`client VM: [${regionBase}, ${regionBase + size}) holds no whole page of ${pageSize} bytes`);
    super({ backend: "client", pageSize, base, limit, reserved: size, mem: new MemoryViews(buffer), allMapped: true });
    this.buffer = buffer;
    this.regionBase = regionBase;
    this.regionSize = size;
  }

  /** Nothing: the client's memory is always there. */
  protected mapMethod(): void {
    // The client's memory is always there.
  }

  /** Zero-fill the range, so that it reads as zero when mapped again. */
  protected unmapMethod(base: Addr, limit: Addr): void {
    this.mem.u8.fill(0, base, limit);
  }

  /** The size of the client's region. */
  protected physicalMethod(): Size {
    return this.regionSize;
  }

  /** Nothing: the memory is the client's. */
  protected finishMethod(): void {
    // The memory is the client's: left as it is.
  }
}

/**
 * The client-buffer backend (`"client"`): always available; `create` needs
 * `opts.buffer` (and `opts.base`, 0 by default).
 * @public
 */
export const CLIENT_VM: VMBackend = Object.freeze({
  name: "client",
  available(): boolean {
    return true;
  },
  create(opts: VMCreateOpts): ClientVM {
    if (opts?.buffer === undefined) throw new MpsError("PARAM", "client VM: create needs the client's buffer");
    return new ClientVM(opts);
  },
});
