/**
 * The growable `SharedArrayBuffer` VM, for arenas shared with workers.
 * Reserving sets the buffer's `maxByteLength`; mapping grows it; it never
 * shrinks, and unmapping zero-fills. Views have a fixed length, refreshed after every grow.
 * See docs/design/platform.md `.vm.shared`.
 * .critical: none.
 */

import { type Addr, type Size, MpsError, resourceError } from "@mps/mpm";
import { AbstractVM, MemoryViews, VM_PAGE_SIZE_MIN, type VMBackend, type VMCreateOpts, vmCheckCreateOpts } from "@mps/vm";

/**
 * A VM over a growable `SharedArrayBuffer` of `maxByteLength` = the reservation.
 * @public
 */
export class SharedVM extends AbstractVM {
  /** The buffer, to post to workers. */
  readonly buffer: SharedArrayBuffer;

  /** Reserve `opts.size` bytes (rounded up to `opts.pageSize`) at address 0. Throws `PARAM`, `RESOURCE` or `UNIMPL`. */
  constructor(opts: VMCreateOpts) {
    const size = vmCheckCreateOpts("shared", opts, VM_PAGE_SIZE_MIN);
    if (!SHARED_VM.available()) throw new MpsError("UNIMPL", "shared VM: this engine has no growable SharedArrayBuffer");
    let buffer: SharedArrayBuffer;
    try {
      buffer = new SharedArrayBuffer(0, { maxByteLength: size });
    } catch (e) {
      resourceError(`shared VM: cannot reserve ${size} bytes: ${String(e)}`);
    }
    super({ backend: "shared", pageSize: opts.pageSize, base: 0, limit: size, reserved: size, mem: new MemoryViews(buffer) });
    this.buffer = buffer;
  }

  /** Grow the buffer to the range's limit if it ends beyond the buffer; a `RangeError` becomes `MEMORY`. */
  protected mapMethod(_base: Addr, limit: Addr): void {
    if (limit > this.buffer.byteLength) {
      try {
        this.buffer.grow(limit);
      } catch (e) {
        throw new MpsError("MEMORY", `shared VM: cannot grow the buffer to ${limit} bytes: ${String(e)}`);
      }
      // Fixed-length views: length-tracking views of a growable
      // SharedArrayBuffer are about 20x slower in V8 11 (docs/design/vm.md).
      this.mem.refresh(this.buffer);
    }
  }

  /** Zero-fill the range (the buffer cannot shrink). */
  protected unmapMethod(base: Addr, limit: Addr): void {
    this.mem.u8.fill(0, base, limit);
  }

  /** The buffer's length. */
  protected physicalMethod(): Size {
    return this.buffer.byteLength;
  }

  /** Nothing: a shared buffer cannot shrink. */
  protected finishMethod(): void {
    // A SharedArrayBuffer cannot shrink; it goes when the last worker drops it.
  }
}

/**
 * The growable `SharedArrayBuffer` backend (`"shared"`): available where
 * `SharedArrayBuffer` exists and can grow (in browsers, only on
 * cross-origin-isolated pages).
 * @public
 */
export const SHARED_VM: VMBackend = Object.freeze({
  name: "shared",
  available(): boolean {
    return typeof SharedArrayBuffer === "function" && typeof (SharedArrayBuffer.prototype as { grow?: unknown }).grow === "function";
  },
  create(opts: VMCreateOpts): SharedVM {
    return new SharedVM(opts);
  },
});
