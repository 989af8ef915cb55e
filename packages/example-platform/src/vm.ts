/**
 * The example VM backend: the whole reservation is one fixed-size
 * `ArrayBuffer` allocated up front, so mapping and unmapping are only
 * commit accounting (and an optional limit on what may be mapped at once).
 * Unmapped memory is filled with a poison byte and zeroed again when mapped,
 * so a read of decommitted memory shows. See docs/design/example-platform.md `.vm`.
 * .critical: none (the arena maps and unmaps on its slow paths).
 */

import { type Addr, type Size, MpsError, paramError, resourceError } from "@mps/mpm";
import { AbstractVM, MemoryViews, VM_PAGE_SIZE_MIN, type VMBackend, type VMCreateOpts, vmCheckCreateOpts } from "@mps/vm";

/**
 * What {@link exampleVMBackend} takes.
 * @public
 */
export interface ExampleVMOpts {
  /**
   * The most bytes each VM may have mapped at once; a `map` past it throws
   * `MEMORY`, as a real system that has run out of memory would.
   * A non-negative integer. @defaultValue no limit
   */
  mapLimit?: Size;
  /**
   * The byte written over memory when it is unmapped (it is zeroed again when
   * mapped), so that a read of decommitted memory returns garbage rather than
   * plausible zeros. An integer in [0, 255]. @defaultValue 0xA5
   */
  poison?: number;
}

/**
 * A VM whose reservation is a fixed-size `ArrayBuffer` at address 0.
 * @public
 */
export class ExampleVM extends AbstractVM {
  /** The buffer: all of the reservation, from creation to `finish`. */
  readonly buffer: ArrayBuffer;
  /** The most bytes that may be mapped at once. */
  readonly mapLimit: Size;
  /** The byte unmapped memory is filled with. */
  readonly poison: number;

  /** Reserve `opts.size` bytes (rounded up to `opts.pageSize`). Throws `PARAM`, or `RESOURCE` if the buffer cannot be had. */
  constructor(opts: VMCreateOpts, mapLimit: Size = Infinity, poison = 0xa5) {
    const size = vmCheckCreateOpts("example", opts, VM_PAGE_SIZE_MIN);
    let buffer: ArrayBuffer;
    try {
      buffer = new ArrayBuffer(size);
    } catch (e) {
      resourceError(`example VM: cannot allocate a buffer of ${size} bytes: ${String(e)}`);
    }
    super({ backend: "example", pageSize: opts.pageSize, base: 0, limit: size, reserved: size, mem: new MemoryViews(buffer) });
    this.buffer = buffer;
    this.mapLimit = mapLimit;
    this.poison = poison;
    if (poison !== 0) this.mem.u8.fill(poison); // nothing is mapped yet
  }

  /** Zero the range, unless that would take the mapped bytes past `mapLimit` (`MEMORY`, nothing changed). */
  protected mapMethod(base: Addr, limit: Addr): void {
    // The bookkeeping is updated after this returns, so mappedSize does not include the range yet.
    if (this.mappedSize + (limit - base) > this.mapLimit) {
      throw new MpsError("MEMORY", `example VM: mapping ${limit - base} bytes would take the mapped memory past ${this.mapLimit}`);
    }
    this.mem.u8.fill(0, base, limit);
  }

  /** Poison the range: nothing may read it until it is mapped again. */
  protected unmapMethod(base: Addr, limit: Addr): void {
    this.mem.u8.fill(this.poison, base, limit);
  }

  /** The buffer's length: the whole reservation, mapped or not. */
  protected physicalMethod(): Size {
    return this.buffer.byteLength;
  }

  /** Nothing to release: the buffer goes when the VM is dropped. */
  protected finishMethod(): void {}
}

/**
 * The example VM backend: a `VMBackend` whose `create` makes {@link ExampleVM}s.
 * @public
 */
export interface ExampleVMBackend extends VMBackend {
  /** Reserve the address space (`VMInit`): see {@link ExampleVM}'s constructor. */
  create(opts: VMCreateOpts): ExampleVM;
}

/**
 * Make an example VM backend (the `VMBackend` a platform names). Throws
 * `PARAM` for a `mapLimit` that is not a non-negative integer or a
 * `poison` that is not a byte.
 * @public
 */
export function exampleVMBackend(opts: ExampleVMOpts = {}): ExampleVMBackend {
  if (opts === null || typeof opts !== "object") paramError("exampleVMBackend: options must be an object");
  const { mapLimit = Infinity, poison = 0xa5 } = opts;
  if (!(mapLimit === Infinity || (Number.isSafeInteger(mapLimit) && mapLimit >= 0))) {
    paramError(`exampleVMBackend: mapLimit must be a non-negative integer, not ${String(mapLimit)}`);
  }
  if (!(Number.isInteger(poison) && poison >= 0 && poison <= 255)) paramError(`exampleVMBackend: poison must be a byte, not ${String(poison)}`);
  return Object.freeze({
    name: "example",
    available: (): boolean => typeof ArrayBuffer === "function",
    create: (o: VMCreateOpts): ExampleVM => new ExampleVM(o, mapLimit, poison),
  });
}

/**
 * The example VM backend with the default options.
 * @public
 */
export const EXAMPLE_VM: ExampleVMBackend = exampleVMBackend();
