/**
 * The example protection backend, written from the protection interface
 * alone: a byte per grain records what the shield forbade. With a barrier
 * the mutator's accessors test that byte and call the access handler on a
 * hit; without one nothing is forbidden to the mutator and `sync` does the
 * barrier's work before the arena returns. See docs/design/example-platform.md `.prot`.
 * .critical: ExampleProtection.forbidden and ExampleProtection.checkAccess (per mutator access).
 */

import {
  type Addr, type Inst, type Size, type WriteStream,
  ADDR_LIMIT, CHECKING, COOL, SIG_INVALID, addrHex, aver, checkL, checkS, defineSig, describeLine, isPow2, paramError, resourceError,
} from "@mps/mpm";
import {
  ACCESS_NONE, type AccessHandler, type AccessSet, type Protection, type ProtectionBackend, type ProtectionCreateOpts, type SyncHandler,
  accessSetString, isAccessSet,
} from "@mps/shield";

/**
 * The signature of a live {@link ExampleProtection}.
 * @public
 */
export const SIG_EXAMPLE_PROTECTION = defineSig("ExampleProtection", 0x519e9a07);

/**
 * A protection over one arena's address range, with or without a barrier.
 *
 * @remarks
 * The table is indexed by `addr >>> shift` from address 0, so a lookup
 * needs no subtraction; entries below `base` stay zero.
 * @public
 */
export class ExampleProtection implements Protection, Inst {
  /** {@link SIG_EXAMPLE_PROTECTION} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** `"example"` with a barrier, `"example-none"` without. */
  readonly backend: string;
  /** Whether the mutator's accesses are checked. */
  readonly hasBarrier: boolean;
  /** The grain size: a power of two. */
  readonly granularity: Size;
  /** log2(granularity). */
  readonly shift: number;
  /** The lowest address covered. */
  readonly base: Addr;
  /** The limit of the addresses covered. */
  readonly limit: Addr;
  /** The access set the shield forbade at each grain, indexed by `addr >>> shift`. */
  private readonly table: Uint8Array;
  /** How many grains have a non-empty entry: `sync` stops when it reaches 0. */
  private protectedGrains = 0;
  /** Where `sync` looks first: after the grain it handed over last. */
  private cursor = 0;
  /** Calls of `set` so far: `sync` checks that its handler made one. */
  private setCount = 0;
  private syncing = false;
  private accessHandler: AccessHandler | undefined = undefined;
  private syncHandler: SyncHandler | undefined = undefined;

  /**
   * A protection over [opts.base, opts.limit) at `opts.granularity`. Throws
   * `PARAM` for options that are not an object, a granularity that is not
   * a power of two of at least 8, or a range that is empty, unaligned or
   * past 2^32; `RESOURCE` if the table cannot be allocated.
   */
  constructor(opts: ProtectionCreateOpts, barrier: boolean) {
    const name = barrier ? "example" : "example-none";
    if (opts === null || typeof opts !== "object") paramError(`${name} protection: options must be an object`);
    const { base, limit, granularity } = opts;
    if (!(isPow2(granularity) && granularity >= 8 && granularity <= 2 ** 30)) {
      paramError(`${name} protection: granularity must be a power of two in [8, 2^30], not ${String(granularity)}`);
    }
    if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit) && 0 <= base && base < limit && limit <= ADDR_LIMIT
      && base % granularity === 0 && limit % granularity === 0)) {
      paramError(`${name} protection: [${String(base)}, ${String(limit)}) is not a non-empty range aligned to ${granularity} below 2^32`);
    }
    try {
      this.table = new Uint8Array(limit / granularity);
    } catch (e) {
      resourceError(`${name} protection: cannot allocate a table of ${limit / granularity} grains: ${String(e)}`);
    }
    this.backend = name;
    this.hasBarrier = barrier;
    this.granularity = granularity;
    this.shift = Math.round(Math.log2(granularity));
    this.base = base;
    this.limit = limit;
    this.sig = SIG_EXAMPLE_PROTECTION;
  }

  /**
   * `ProtSet`: forbid the accesses in `mode` to [base, limit), allow the
   * others. Throws `PARAM`, changing nothing, for a finished protection, a
   * mode that is not an access set, or a range that is empty, not aligned
   * to the granularity or not inside [this.base, this.limit).
   */
  set(base: Addr, limit: Addr, mode: AccessSet): void {
    if (CHECKING) {
      this.checkLive("set");
      if (!isAccessSet(mode)) paramError(`${this.backend} protection set: ${String(mode)} is not an access set`);
      if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit) && this.base <= base && base < limit && limit <= this.limit
        && base % this.granularity === 0 && limit % this.granularity === 0)) {
        paramError(`${this.backend} protection set: [${addrHex(base)}, ${addrHex(limit)}) is not a grain-aligned range inside [${addrHex(this.base)}, ${addrHex(this.limit)})`);
      }
    }
    this.setCount++;
    const t = this.table;
    const j = limit >>> this.shift;
    let n = this.protectedGrains;
    for (let i = base >>> this.shift; i < j; i++) {
      // Count the grains whose entry changes between empty and not.
      if (t[i] === 0) {
        if (mode !== 0) n++;
      } else if (mode === 0) {
        n--;
      }
      t[i] = mode;
    }
    this.protectedGrains = n;
  }

  /**
   * The accesses forbidden to the mutator at `addr`: what the shield set
   * there if there is a barrier, else none. One table load; `addr` must be
   * in [base, limit) (checked at `cool` only: this is the mutator's path).
   */
  forbidden(addr: Addr): AccessSet {
    if (COOL) aver(addr >= this.base && addr < this.limit, "example protection forbidden: address covered");
    return this.hasBarrier ? this.table[addr >>> this.shift]! : ACCESS_NONE;
  }

  /**
   * The barrier, for an accessor of the client's own: if an access in
   * `mode` at `addr` is forbidden, call the access handler (the arena
   * scans or otherwise deals with the grain and lowers the protection),
   * then assert that the access is allowed. Allocates nothing.
   */
  checkAccess(addr: Addr, mode: AccessSet): void {
    const hit = this.forbidden(addr) & mode;
    if (hit === 0) return;
    const handler = this.accessHandler;
    if (handler === undefined) {
      aver(false, `${this.backend} protection: a barrier hit at ${addrHex(addr)} with no access handler`);
      return;
    }
    handler(addr, hit);
    aver((this.table[addr >>> this.shift]! & hit) === 0, `${this.backend} protection: the access handler did not allow the access`);
  }

  /**
   * `ProtSync`. With a barrier the table is the real protection, so there
   * is nothing to do. Without one, while any grain is protected, hand the
   * next one to the sync handler, which does the collector's work there
   * and lowers the protection; a nested call (from inside the handler)
   * returns at once. Asserts if the handler is missing or changed nothing,
   * which would loop for ever.
   */
  sync(): void {
    if (CHECKING) this.checkLive("sync");
    if (this.hasBarrier || this.syncing) return;
    this.syncing = true;
    try {
      const t = this.table;
      const n = t.length;
      while (this.protectedGrains > 0) {
        let i = this.cursor;
        while (t[i] === 0) i = i + 1 < n ? i + 1 : 0; // protectedGrains > 0, so this ends
        const handler = this.syncHandler;
        if (handler === undefined) {
          aver(false, `${this.backend} protection sync: grain ${addrHex(i << this.shift)} is protected and there is no sync handler`);
          return;
        }
        const before = this.setCount;
        handler(i << this.shift, t[i]!);
        if (this.setCount === before) {
          aver(false, `${this.backend} protection sync: the sync handler changed nothing at ${addrHex(i << this.shift)}`);
          return;
        }
        this.cursor = i + 1 < n ? i + 1 : 0;
      }
    } finally {
      this.syncing = false;
    }
  }

  /** Install the arena's handlers. Throws `PARAM` unless both are functions. */
  setHandlers(access: AccessHandler, sync: SyncHandler): void {
    if (CHECKING) this.checkLive("setHandlers");
    if (typeof access !== "function" || typeof sync !== "function") paramError(`${this.backend} protection setHandlers: the handlers must be functions`);
    this.accessHandler = access;
    this.syncHandler = sync;
  }

  /** What the shield set at `addr`, barrier or not (for tests). Throws `PARAM` for an address not covered. */
  recorded(addr: Addr): AccessSet {
    this.checkLive("recorded");
    if (!(Number.isSafeInteger(addr) && this.base <= addr && addr < this.limit)) paramError(`${this.backend} protection recorded: ${String(addr)} is not covered`);
    return this.table[addr >>> this.shift]!;
  }

  /** The number of grains with something forbidden. */
  protectedCount(): number {
    this.checkLive("protectedCount");
    return this.protectedGrains;
  }

  /** Drop the handlers; every later call throws `PARAM`. */
  finish(): void {
    this.checkLive("finish");
    this.accessHandler = undefined;
    this.syncHandler = undefined;
    this.sig = SIG_INVALID;
  }

  /** Check the fields; at `cool` also recount the protected grains. */
  check(): boolean {
    checkS(this, SIG_EXAMPLE_PROTECTION, "ExampleProtection");
    checkL(2 ** this.shift === this.granularity, "ExampleProtection: granularity is 2^shift");
    checkL(this.base < this.limit && this.limit <= ADDR_LIMIT, "ExampleProtection: base < limit <= 2^32");
    checkL(this.table.length === this.limit / this.granularity, "ExampleProtection: one entry per grain below limit");
    if (COOL) {
      let n = 0;
      for (let i = 0; i < this.table.length; i++) {
        const m = this.table[i]!;
        checkL(m <= 3, "ExampleProtection: every entry is an access set");
        if (m !== 0) n++;
      }
      checkL(n === this.protectedGrains, "ExampleProtection: protectedGrains counts the non-empty entries");
    }
    return true;
  }

  /** Write the fields and the protected ranges to `stream`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `ExampleProtection ${this.backend} {`);
    describeLine(stream, depth + 2, `[${addrHex(this.base)}, ${addrHex(this.limit)}) granularity ${this.granularity} barrier ${this.hasBarrier ? "yes" : "no"} protected ${this.protectedGrains}`);
    const t = this.table;
    let i = this.base >>> this.shift;
    while (i < t.length) {
      const m = t[i]!;
      let j = i + 1;
      while (j < t.length && t[j] === m) j++;
      if (m !== 0) describeLine(stream, depth + 2, `[${addrHex(i * this.granularity)}, ${addrHex(j * this.granularity)}) ${accessSetString(m)}`);
      i = j;
    }
    describeLine(stream, depth, `} ExampleProtection ${this.backend}`);
  }

  private checkLive(fn: string): void {
    if (this.sig !== SIG_EXAMPLE_PROTECTION) paramError(`${this.backend} protection ${fn}: the protection is finished`);
  }
}

/**
 * The example protection backend: a `ProtectionBackend` whose `create` makes {@link ExampleProtection}s.
 * @public
 */
export interface ExampleProtectionBackend extends ProtectionBackend {
  /** Make a protection for one arena: see {@link ExampleProtection}'s constructor. */
  create(opts: ProtectionCreateOpts): ExampleProtection;
}

/**
 * Make an example protection backend: with a barrier (`"example"`, the
 * mutator reads and writes references through `arena.loadRef` and
 * `arena.storeRef`) or without (`"example-none"`).
 * @public
 */
export function exampleProtectionBackend(barrier: boolean): ExampleProtectionBackend {
  if (typeof barrier !== "boolean") paramError(`exampleProtectionBackend: barrier must be a boolean, not ${String(barrier)}`);
  return Object.freeze({
    name: barrier ? "example" : "example-none",
    hasBarrier: barrier,
    available: (): boolean => true,
    create: (opts: ProtectionCreateOpts): ExampleProtection => new ExampleProtection(opts, barrier),
  });
}
