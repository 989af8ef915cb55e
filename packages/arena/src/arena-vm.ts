/**
 * The VM arena class (design.mps.arenavm): one reservation of address space
 * from a VM backend, committed grain by grain as pools need it, with freed
 * grains kept committed as spare up to the spare fraction. JavaScript
 * buffers cannot be extended elsewhere, so the arena is one chunk and never
 * grows. See docs/design/arena.md `.vm`.
 * .critical: none (map and unmap are slow paths).
 */

import { type Addr, type Size, type WriteStream, MpsError, describeLine, log2, paramError } from "@mps/mpm";
import type { MemoryViews, VM } from "@mps/vm";
import { EVENT_KIND_SEG, eventVMMap, eventVMUnmap } from "@mps/telemetry";
import { ARENA_GRAIN_SIZE_DEFAULT, ARENA_SIZE_DEFAULT } from "./api.js";
import { Arena, type ArenaClassT, type ArenaOpts, arenaCheckOpts } from "./arena.js";
import type { Chunk } from "./chunk.js";

/**
 * Options of a VM arena: those of every arena; `platform.vm` is where the
 * reservation comes from.
 * @public
 */
export interface VMArenaOpts extends ArenaOpts {}

/**
 * An arena over one VM reservation (the MPS's `VMArena`).
 * @public
 */
export class VMArena extends Arena {
  /** The class's name. */
  static readonly className = "VM";
  /** The VM the arena's memory lives in. */
  readonly vm: VM;
  /** The views of the VM's memory. */
  readonly mem: MemoryViews;
  /** A VM arena keeps freed memory committed as spare. */
  protected readonly usesSpare = true;

  /**
   * `VMArenaCreate`: check the options, reserve the VM and make the arena.
   * Throws `PARAM` on a bad option and `RESOURCE` if the backend cannot reserve.
   */
  static createVM(opts: VMArenaOpts): VMArena {
    const o = arenaCheckOpts(opts, ARENA_GRAIN_SIZE_DEFAULT);
    const backend = o.platform.vm;
    if (backend === undefined) paramError("Arena.create(VM): the platform has no VM backend");
    let grain = Math.max(o.grainSize, ARENA_GRAIN_SIZE_DEFAULT);
    let size = opts.arenaSize ?? ARENA_SIZE_DEFAULT;
    // Room for a full complement of zones; rounded up as the MPS does.
    size = Math.ceil(Math.max(size, grain * 32) / grain) * grain;
    if (size > 2 ** 32) throw new MpsError("RESOURCE", `Arena.create(VM): cannot reserve ${size} bytes: addresses are below 2^32`);
    const vm = backend.create({ size, pageSize: grain });
    try {
      if (vm.pageSize > grain) grain = vm.pageSize; // round up to the VM's page, as VMArenaCreate does
      if (vm.limit > 2 ** 32 || vm.base % grain !== 0 || vm.limit % grain !== 0 || vm.limit - vm.base < grain * 32) {
        throw new MpsError("RESOURCE", `Arena.create(VM): the VM's reservation [${vm.base}, ${vm.limit}) is unusable with grain ${grain}`);
      }
      return new VMArena({ ...o, grainSize: grain }, vm);
    } catch (e) {
      vm.finish();
      throw e;
    }
  }

  private constructor(o: ReturnType<typeof arenaCheckOpts>, vm: VM) {
    super(o);
    this.vm = vm;
    this.mem = vm.mem;
    const chunk = this.addChunk(vm.base, vm.limit, vm.reserved(), 0);
    // .zoneshift: 32 stripes over the chunk, each at least a grain.
    this.zoneShift = Math.min(27, Math.max(this.grainShift, log2(Math.floor((chunk.limit - chunk.base) / 32))));
    this.committedSize = vm.mapped();
    if (this.committedSize > this.commitLimitSize) {
      throw new MpsError("COMMIT_LIMIT", `Arena.create(VM): the VM has ${this.committedSize} bytes committed, above the commit limit`);
    }
    this.initDone(o);
  }

  /** `"VM"`. */
  override get className(): string {
    return "VM";
  }

  /** Map grains [i, j) of the chunk. */
  protected override mapMethod(chunk: Chunk, i: number, j: number): void {
    this.vm.map(chunk.addrOf(i), chunk.addrOf(j));
    // The committed memory in the log: VMMap less VMUnmap (one VM per arena, so the arena's id names it).
    if ((this.telemetry.control & EVENT_KIND_SEG) !== 0) eventVMMap(this.telemetry, this.telId, chunk.addrOf(i), chunk.addrOf(j));
  }

  /** Unmap grains [i, j) of the chunk. */
  protected override unmapMethod(chunk: Chunk, i: number, j: number): void {
    this.vm.unmap(chunk.addrOf(i), chunk.addrOf(j));
    if ((this.telemetry.control & EVENT_KIND_SEG) !== 0) eventVMUnmap(this.telemetry, this.telId, chunk.addrOf(i), chunk.addrOf(j));
  }

  /** Release the VM. */
  protected finishMethod(): void {
    this.vm.finish();
  }

  /** The VM's backend and physical size. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `vm               ${this.vm.backend} [${this.vm.base}, ${this.vm.limit}) mapped ${this.vm.mapped()} physical ${this.vm.physical()}`);
  }

  /** The VM's mapped bytes (for tests that compare accounting). */
  vmMapped(): Size {
    return this.vm.mapped();
  }

  /** The VM's reservation base. */
  get vmBase(): Addr {
    return this.vm.base;
  }
}

/** The VM arena class, as `Arena.create` takes it. */
export const VM_ARENA_CLASS: ArenaClassT<VMArenaOpts, VMArena> = Object.freeze({
  className: "VM",
  create: (opts: VMArenaOpts) => VMArena.createVM(opts),
});
