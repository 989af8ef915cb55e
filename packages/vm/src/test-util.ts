/**
 * `@mps/vm/test-util`: a VM and a VM backend for tests of what is built on
 * VMs (the arena). {@link MockVM} records every call and can be told to fail
 * `map` with `MEMORY` on chosen calls, so that a test can drive the arena's
 * unwinding; {@link MockVMBackend} can fail `create` with `RESOURCE`.
 * Not part of the stable API (no api report). See docs/design/vm.md `.test.mock`.
 * .critical: none.
 */

import { type Addr, type Size, type ResCode, MpsError, paramError, resourceError } from "@mps/mpm";
import { AbstractVM, VM_PAGE_SIZE_MIN, vmCheckCreateOpts } from "./abstract.js";
import { MemoryViews } from "./views.js";
import type { VMBackend, VMCreateOpts } from "./vm.js";

/**
 * One call recorded by a {@link MockVM}.
 * @public
 */
export interface MockVMCall {
  /** Which operation was called. */
  op: "map" | "unmap" | "finish";
  /** Its base argument (the VM's base for `finish`). */
  base: Addr;
  /** Its limit argument (the VM's limit for `finish`). */
  limit: Addr;
  /** `"ok"`, or the code of the {@link @mps/mpm#MpsError} it threw. */
  outcome: "ok" | ResCode;
}

/**
 * Options of a {@link MockVM}: those of `VMBackend.create`, and failures to inject.
 * @public
 */
export interface MockVMOpts extends VMCreateOpts {
  /**
   * The numbers (1 for the first) of the calls of `map` that throw `MEMORY`.
   * Every call of `map` counts, including ones that fail. @defaultValue []
   */
  failMapOn?: readonly number[];
  /** Every call of `map` from this number on throws `MEMORY`. @defaultValue never */
  failMapFrom?: number;
  /** The smallest page size accepted. @defaultValue 4096 */
  minPageSize?: Size;
}

/**
 * A VM for tests: reserves [0, size) in a resizable `ArrayBuffer` that grows
 * to cover what is mapped (never shrinking), zero-fills on unmap, records
 * every call in {@link MockVM.calls}, and throws `MEMORY` from `map` on the
 * calls it is told to fail (without changing anything, as a real backend).
 * @public
 */
export class MockVM extends AbstractVM {
  /** Every call of map, unmap and finish, in order. */
  readonly calls: MockVMCall[] = [];
  /** How many times `map` has been called. */
  mapCalls = 0;
  private readonly failOn: Set<number>;
  private failFrom: number;
  private readonly buffer: ArrayBuffer;

  /** Reserve `opts.size` bytes (rounded up to `opts.pageSize`) at address 0. */
  constructor(opts: MockVMOpts) {
    const size = vmCheckCreateOpts("mock", opts, opts.minPageSize ?? VM_PAGE_SIZE_MIN);
    const buffer = new ArrayBuffer(0, { maxByteLength: size });
    super({ backend: "mock", pageSize: opts.pageSize, base: 0, limit: size, reserved: size, mem: new MemoryViews(buffer) });
    this.buffer = buffer;
    this.failOn = new Set(opts.failMapOn ?? []);
    this.failFrom = opts.failMapFrom ?? Infinity;
  }

  /** Make call number `n` of `map` (counting every call since creation, 1 for the first) throw `MEMORY`. */
  failMapOn(n: number): void {
    if (!(Number.isInteger(n) && n >= 1)) paramError(`MockVM.failMapOn: ${String(n)} is not a call number`);
    this.failOn.add(n);
  }

  /** Make every call of `map` from number `n` on throw `MEMORY` (`Infinity` to stop). */
  failMapFrom(n: number): void {
    if (!(n === Infinity || (Number.isInteger(n) && n >= 1))) paramError(`MockVM.failMapFrom: ${String(n)} is not a call number`);
    this.failFrom = n;
  }

  /** Stop injecting failures. */
  clearFailures(): void {
    this.failOn.clear();
    this.failFrom = Infinity;
  }

  /** The recorded calls of one operation, as `[base, limit]` pairs, for compact assertions. */
  callsOf(op: MockVMCall["op"], outcome: MockVMCall["outcome"] = "ok"): Array<[Addr, Addr]> {
    return this.calls.filter((c) => c.op === op && c.outcome === outcome).map((c) => [c.base, c.limit]);
  }

  override map(base: Addr, limit: Addr): void {
    this.mapCalls++;
    this.record("map", base, limit, () => super.map(base, limit));
  }

  override unmap(base: Addr, limit: Addr): void {
    this.record("unmap", base, limit, () => super.unmap(base, limit));
  }

  override finish(): void {
    this.record("finish", this.base, this.limit, () => super.finish());
  }

  protected mapMethod(_base: Addr, limit: Addr): void {
    if (this.failOn.has(this.mapCalls) || this.mapCalls >= this.failFrom) {
      throw new MpsError("MEMORY", `MockVM: map call ${this.mapCalls} fails, as the test asked`);
    }
    if (limit > this.buffer.byteLength) {
      this.buffer.resize(limit);
      this.mem.refresh(this.buffer); // the views have a fixed length
    }
  }

  protected unmapMethod(base: Addr, limit: Addr): void {
    this.mem.u8.fill(0, base, Math.min(limit, this.buffer.byteLength));
  }

  protected physicalMethod(): Size {
    return this.buffer.byteLength;
  }

  protected finishMethod(): void {
    this.buffer.resize(0);
    this.mem.refresh(this.buffer);
  }

  private record(op: MockVMCall["op"], base: Addr, limit: Addr, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.calls.push({ op, base, limit, outcome: e instanceof MpsError ? e.code : "FAIL" });
      throw e;
    }
    this.calls.push({ op, base, limit, outcome: "ok" });
  }
}

/**
 * Options of a {@link MockVMBackend}.
 * @public
 */
export interface MockVMBackendOpts {
  /** The numbers (1 for the first) of the calls of `create` that throw `RESOURCE`. @defaultValue [] */
  failCreateOn?: readonly number[];
  /** What `available()` answers. @defaultValue true */
  available?: boolean;
  /** Failures to inject into every VM it makes. */
  failMapOn?: readonly number[];
  /** See {@link MockVMOpts.failMapFrom}. */
  failMapFrom?: number;
}

/**
 * A VM backend for tests: makes {@link MockVM}s, keeps them in `created`, and
 * throws `RESOURCE` from `create` on the calls it is told to fail.
 * @public
 */
export class MockVMBackend implements VMBackend {
  /** Always `"mock"`. */
  readonly name = "mock";
  /** The VMs made so far, in order. */
  readonly created: MockVM[] = [];
  /** How many times `create` has been called. */
  createCalls = 0;
  private readonly opts: MockVMBackendOpts;

  constructor(opts: MockVMBackendOpts = {}) {
    this.opts = opts;
  }

  available(): boolean {
    return this.opts.available ?? true;
  }

  create(opts: VMCreateOpts): MockVM {
    this.createCalls++;
    if (!this.available()) throw new MpsError("UNIMPL", "MockVMBackend: not available");
    if (this.opts.failCreateOn?.includes(this.createCalls)) {
      resourceError(`MockVMBackend: create call ${this.createCalls} fails, as the test asked`);
    }
    const vm = new MockVM({
      ...opts,
      ...(this.opts.failMapOn ? { failMapOn: this.opts.failMapOn } : {}),
      ...(this.opts.failMapFrom !== undefined ? { failMapFrom: this.opts.failMapFrom } : {}),
    });
    this.created.push(vm);
    return vm;
  }
}
