/**
 * GrainProtection: what the `none` and `software` protection backends share —
 * one byte per grain holding the access set the shield forbade there, the
 * argument checks of `set`, the handlers, and the protocol.
 * See docs/design/platform.md `.prot.table`.
 * .critical: none here (`set` is called by the shield's flush, not per access).
 */

import {
  type Addr, type Inst, type Size, type WriteStream,
  ADDR_LIMIT, CHECKING, COOL, SIG_INVALID, addrHex, checkL, checkS, defineSig, describeLine, isPow2, paramError, resourceError,
} from "@mps/mpm";
import { type AccessHandler, type AccessSet, type Protection, type ProtectionCreateOpts, type SyncHandler, accessSetString, isAccessSet } from "@mps/shield";

/**
 * The signature of a live protection of this package (design.mps.sig).
 * @public
 */
export const SIG_PROTECTION = defineSig("Protection", 0x519b9070);

/**
 * The smallest granularity a protection accepts: 8 bytes.
 * @public
 */
export const PROTECTION_GRANULARITY_MIN = 8;

/**
 * The shared part of the `none` and `software` protections: a table of one
 * byte per grain, indexed by `addr >>> shift` from address 0 (so the lookup
 * needs no subtraction; grains below `base` are never set), holding the
 * access set forbidden there.
 * @public
 */
export abstract class GrainProtection implements Protection, Inst {
  /** {@link SIG_PROTECTION} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The backend's name. */
  readonly backend: string;
  /** Whether the mutator's accesses are checked. */
  readonly hasBarrier: boolean;
  /** The grain size. */
  readonly granularity: Size;
  /** log2(granularity): the grain of `addr` is `addr >>> shift`. */
  readonly shift: number;
  /** The lowest address covered. */
  readonly base: Addr;
  /** The limit of the addresses covered. */
  readonly limit: Addr;
  /**
   * The access set the shield forbade at each grain, indexed by
   * `addr >>> shift`. Read it, never write it: only `set` may.
   */
  readonly table: Uint8Array;
  /** The access handler installed by the arena, if any. */
  protected accessHandler: AccessHandler | undefined = undefined;
  /** The sync handler installed by the arena, if any. */
  protected syncHandler: SyncHandler | undefined = undefined;
  /** How many times `set` has been called: `sync` uses it to see that its handler made progress. */
  protected setCount = 0;

  /** Check the options and make the table. Throws `PARAM`, or `RESOURCE` if the table cannot be had. */
  protected constructor(backend: string, hasBarrier: boolean, opts: ProtectionCreateOpts) {
    if (opts === null || typeof opts !== "object") paramError(`${backend} protection: options must be an object`);
    const { base, limit, granularity } = opts;
    if (!(isPow2(granularity) && granularity >= PROTECTION_GRANULARITY_MIN && granularity <= 2 ** 30)) {
      paramError(`${backend} protection: granularity must be a power of two in [${PROTECTION_GRANULARITY_MIN}, 2^30], not ${String(granularity)}`);
    }
    if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit) && 0 <= base && base < limit && limit <= ADDR_LIMIT && base % granularity === 0 && limit % granularity === 0)) {
      paramError(`${backend} protection: [${String(base)}, ${String(limit)}) is not a non-empty range aligned to ${granularity} below 2^32`);
    }
    this.backend = backend;
    this.hasBarrier = hasBarrier;
    this.granularity = granularity;
    this.shift = Math.round(Math.log2(granularity));
    this.base = base;
    this.limit = limit;
    try {
      this.table = new Uint8Array(limit / granularity);
    } catch (e) {
      resourceError(`${backend} protection: cannot allocate a table of ${limit / granularity} grains: ${String(e)}`);
    }
  }

  /**
   * `ProtSet`: forbid the accesses in `mode` to [base, limit). Throws `PARAM`
   * (changing nothing) for a range that is empty, unaligned or outside the
   * covered range, or a mode that is not an access set.
   */
  set(base: Addr, limit: Addr, mode: AccessSet): void {
    if (CHECKING) {
      this.checkLive("set");
      if (!isAccessSet(mode)) paramError(`${this.backend} protection set: ${String(mode)} is not an access set`);
      if (!(Number.isSafeInteger(base) && Number.isSafeInteger(limit) && this.base <= base && base < limit && limit <= this.limit && base % this.granularity === 0 && limit % this.granularity === 0)) {
        paramError(`${this.backend} protection set: [${addrHex(base)}, ${addrHex(limit)}) is not a non-empty grain-aligned range inside [${addrHex(this.base)}, ${addrHex(this.limit)})`);
      }
    }
    this.setCount++;
    this.setMethod(base / this.granularity, limit / this.granularity, mode);
  }

  /** Install the arena's handlers. */
  setHandlers(access: AccessHandler, sync: SyncHandler): void {
    if (CHECKING) {
      this.checkLive("setHandlers");
      if (typeof access !== "function" || typeof sync !== "function") paramError(`${this.backend} protection setHandlers: the handlers must be functions`);
    }
    this.accessHandler = access;
    this.syncHandler = sync;
  }

  /** The access set the shield forbade at `addr`, whether or not the mutator is checked (for tests and describe). */
  recorded(addr: Addr): AccessSet {
    if (CHECKING) {
      this.checkLive("recorded");
      if (!(Number.isSafeInteger(addr) && this.base <= addr && addr < this.limit)) paramError(`${this.backend} protection recorded: ${addrHex(addr)} is not covered`);
    }
    return this.table[addr >>> this.shift]!;
  }

  /** The access set forbidden to the mutator at `addr`. */
  abstract forbidden(addr: Addr): AccessSet;
  /** `ProtSync`: make the protection real. */
  abstract sync(): void;

  /** Drop the handlers and invalidate the signature: later calls throw `PARAM`. */
  finish(): void {
    if (CHECKING) this.checkLive("finish");
    this.accessHandler = undefined;
    this.syncHandler = undefined;
    this.sig = SIG_INVALID;
  }

  /** Check the fields; at `cool` also that every grain's entry is an access set. */
  check(): boolean {
    checkS(this, SIG_PROTECTION, "Protection");
    checkL(isPow2(this.granularity) && 2 ** this.shift === this.granularity, "Protection: granularity is 2^shift");
    checkL(this.base < this.limit && this.limit <= ADDR_LIMIT, "Protection: base < limit <= 2^32");
    checkL(this.table.length === this.limit / this.granularity, "Protection: one table entry per grain below limit");
    if (COOL) {
      for (let i = 0; i < this.table.length; i++) if (this.table[i]! > 3) checkL(false, "Protection: every entry is an access set");
      for (let i = 0; i < this.base / this.granularity; i++) if (this.table[i] !== 0) checkL(false, "Protection: nothing below base is protected");
    }
    return true;
  }

  /** Write the fields and the protected ranges. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Protection ${this.backend} {`);
    describeLine(stream, depth + 2, `[${addrHex(this.base)}, ${addrHex(this.limit)}) granularity ${this.granularity} barrier ${this.hasBarrier ? "yes" : "no"}`);
    const t = this.table;
    let i = this.base / this.granularity;
    while (i < t.length) {
      const mode = t[i]!;
      let j = i + 1;
      while (j < t.length && t[j] === mode) j++;
      if (mode !== 0) describeLine(stream, depth + 2, `[${addrHex(i * this.granularity)}, ${addrHex(j * this.granularity)}) ${accessSetString(mode)}`);
      i = j;
    }
    describeLine(stream, depth, `} Protection ${this.backend}`);
  }

  /** Record `mode` for grains [i, j). */
  protected setMethod(i: number, j: number, mode: AccessSet): void {
    this.table.fill(mode, i, j);
  }

  /** Throw PARAM unless the protection is live. */
  protected checkLive(fn: string): void {
    if (this.sig !== SIG_PROTECTION) paramError(`${this.backend} protection ${fn}: the protection is finished`);
  }
}
