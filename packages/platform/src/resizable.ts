/**
 * The resizable `ArrayBuffer` VM: the default backend in Node and browsers.
 * Reserving sets the buffer's `maxByteLength`; mapping grows the buffer to
 * cover the range (the engine zeroes what it adds); unmapping zero-fills and,
 * when the top pages are unmapped, shrinks the buffer to the highest mapped
 * page. Views have a fixed length and are refreshed after every resize. See docs/design/platform.md `.vm.resizable`.
 * .critical: none (map and unmap are the arena's slow paths).
 */

import { type Addr, type Size, MpsError, resourceError } from "@mps/mpm";
import { AbstractVM, MemoryViews, VM_PAGE_SIZE_MIN, type VMBackend, type VMCreateOpts, vmCheckCreateOpts } from "@mps/vm";

/**
 * A VM over a resizable `ArrayBuffer` of `maxByteLength` = the reservation.
 * @public
 */
export class ResizableVM extends AbstractVM {
  /** The buffer: its `byteLength` is the limit of the highest page mapped since it last shrank. */
  readonly buffer: ArrayBuffer;

  /** Reserve `opts.size` bytes (rounded up to `opts.pageSize`) at address 0. Throws `PARAM` or `RESOURCE`. */
  constructor(opts: VMCreateOpts) {
    const size = vmCheckCreateOpts("resizable", opts, VM_PAGE_SIZE_MIN);
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(0, { maxByteLength: size });
    } catch (e) {
      resourceError(`resizable VM: cannot reserve ${size} bytes: ${String(e)}`);
    }
    super({ backend: "resizable", pageSize: opts.pageSize, base: 0, limit: size, reserved: size, mem: new MemoryViews(buffer) });
    this.buffer = buffer;
  }

  /** Grow the buffer to the range's limit if it ends beyond the buffer; a `RangeError` becomes `MEMORY`. */
  protected mapMethod(_base: Addr, limit: Addr): void {
    if (limit > this.buffer.byteLength) {
      try {
        this.buffer.resize(limit);
      } catch (e) {
        throw new MpsError("MEMORY", `resizable VM: cannot grow the buffer to ${limit} bytes: ${String(e)}`);
      }
      this.mem.refresh(this.buffer); // the views have a fixed length
    }
  }

  /** Zero-fill the range below the highest mapped page and shrink the buffer to that page. */
  protected unmapMethod(base: Addr, limit: Addr): void {
    const top = this.mappedTop();
    const length = this.buffer.byteLength;
    // Zero what stays in the buffer; what is cut off comes back zeroed when the buffer grows.
    const end = Math.min(limit, top, length);
    if (base < end) this.mem.u8.fill(0, base, end);
    if (top < length) {
      this.buffer.resize(top);
      this.mem.refresh(this.buffer);
    }
  }

  /** The buffer's length. */
  protected physicalMethod(): Size {
    return this.buffer.byteLength;
  }

  /** Shrink the buffer to nothing. */
  protected finishMethod(): void {
    this.buffer.resize(0);
    this.mem.refresh(this.buffer);
  }
}

/**
 * The resizable `ArrayBuffer` backend (`"resizable"`): available where
 * `ArrayBuffer.prototype.resize` exists (ES2024).
 * @public
 */
export const RESIZABLE_VM: VMBackend = Object.freeze({
  name: "resizable",
  available(): boolean {
    return typeof ArrayBuffer === "function" && typeof (ArrayBuffer.prototype as { resize?: unknown }).resize === "function";
  },
  create(opts: VMCreateOpts): ResizableVM {
    if (!RESIZABLE_VM.available()) throw new MpsError("UNIMPL", "resizable VM: this engine has no resizable ArrayBuffer");
    return new ResizableVM(opts);
  },
});
