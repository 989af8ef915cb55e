/**
 * The `WebAssembly.Memory` VM: the arena lives in a Wasm memory, so Wasm
 * code can read and write objects directly. Reserving makes the memory the
 * whole reservation at once (whole 64 KiB Wasm pages; untouched pages cost
 * the system nothing), so its buffer and the views never change; it never
 * shrinks, and unmapping zero-fills. See docs/design/platform.md `.vm.wasm`.
 * .critical: none.
 */

import { type Addr, type Size, MpsError, resourceError } from "@mps/mpm";
import { AbstractVM, MemoryViews, VM_PAGE_SIZE_MIN, type VMBackend, type VMCreateOpts, vmCheckCreateOpts } from "@mps/vm";

/**
 * The size of a WebAssembly page: 64 KiB.
 * @public
 */
export const WASM_PAGE_SIZE = 65536;

/**
 * The most Wasm pages a 32-bit memory can have (4 GiB).
 * @public
 */
export const WASM_PAGES_MAX = 65536;

/**
 * What the VM uses of a `WebAssembly.Memory` (declared here because the
 * project's TypeScript library has no WebAssembly types).
 * @public
 */
export interface WasmMemory {
  /** The memory's current buffer; replaced (the old one detached) when it grows. */
  readonly buffer: ArrayBuffer;
  /** Grow by `delta` Wasm pages; returns the old size in pages. Throws `RangeError` if it cannot. */
  grow(delta: number): number;
}

interface WasmMemoryConstructor {
  new (descriptor: { initial: number; maximum: number }): WasmMemory;
}

function wasmMemoryConstructor(): WasmMemoryConstructor | undefined {
  const wasm = (globalThis as { WebAssembly?: { Memory?: WasmMemoryConstructor } }).WebAssembly;
  return typeof wasm?.Memory === "function" ? wasm.Memory : undefined;
}

/**
 * A VM over a `WebAssembly.Memory` whose maximum is the reservation. Pass
 * `vm.memory` to a Wasm module as its imported memory.
 * @public
 */
export class WasmVM extends AbstractVM {
  /** The Wasm memory. */
  readonly memory: WasmMemory;

  /** Reserve `opts.size` bytes (rounded up to `opts.pageSize`, then to Wasm pages) at address 0. Throws `PARAM` or `RESOURCE`. */
  constructor(opts: VMCreateOpts) {
    const size = vmCheckCreateOpts("wasm", opts, VM_PAGE_SIZE_MIN);
    const maximum = Math.ceil(size / WASM_PAGE_SIZE);
    if (maximum > WASM_PAGES_MAX) resourceError(`wasm VM: ${size} bytes is more than a Wasm memory can hold`);
    const Memory = wasmMemoryConstructor();
    if (Memory === undefined) throw new MpsError("UNIMPL", "wasm VM: this engine has no WebAssembly.Memory");
    let memory: WasmMemory;
    try {
      // The whole reservation is accessible from the start: pages the program
      // never touches are not backed by the system, and the buffer is never
      // replaced, so a view the mutator keeps never goes stale (platform.md
      // `.vm.wasm.eager`). What is committed is the arena's own accounting.
      memory = new Memory({ initial: maximum, maximum });
    } catch (e) {
      resourceError(`wasm VM: cannot reserve ${maximum} Wasm pages: ${String(e)}`);
    }
    super({ backend: "wasm", pageSize: opts.pageSize, base: 0, limit: size, reserved: maximum * WASM_PAGE_SIZE, mem: new MemoryViews(memory.buffer) });
    this.memory = memory;
  }

  /**
   * Refresh the views if the memory's buffer has been replaced since they
   * were made: needed only if Wasm code grew the memory itself (`memory.grow`
   * in Wasm); `map` does it for the growth it makes.
   */
  refresh(): void {
    if (this.memory.buffer !== this.mem.buffer) this.mem.refresh(this.memory.buffer);
  }

  /** Grow the memory by whole Wasm pages to cover the range, and refresh the views; a `RangeError` becomes `MEMORY`. */
  protected mapMethod(_base: Addr, limit: Addr): void {
    this.refresh();
    const length = this.memory.buffer.byteLength;
    if (limit > length) {
      try {
        this.memory.grow(Math.ceil((limit - length) / WASM_PAGE_SIZE));
      } catch (e) {
        throw new MpsError("MEMORY", `wasm VM: cannot grow the memory to ${limit} bytes: ${String(e)}`);
      }
      this.mem.refresh(this.memory.buffer);
    }
  }

  /** Zero-fill the range (the memory cannot shrink). */
  protected unmapMethod(base: Addr, limit: Addr): void {
    this.refresh();
    this.mem.u8.fill(0, base, limit);
  }

  /** The memory's length. */
  protected physicalMethod(): Size {
    return this.memory.buffer.byteLength;
  }

  /** Nothing: a Wasm memory cannot be freed. */
  protected finishMethod(): void {
    // A Wasm memory cannot shrink or be freed; it goes when the last reference does.
  }
}

/**
 * The `WebAssembly.Memory` backend (`"wasm"`): available where `WebAssembly.Memory` exists.
 * @public
 */
export const WASM_VM: VMBackend = Object.freeze({
  name: "wasm",
  available(): boolean {
    return wasmMemoryConstructor() !== undefined;
  },
  create(opts: VMCreateOpts): WasmVM {
    return new WasmVM(opts);
  },
});
