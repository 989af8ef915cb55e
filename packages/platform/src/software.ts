/**
 * The `software` protection backend: the barrier is a table of one byte per
 * grain holding the accesses the shield forbids there. A barrier-aware
 * accessor tests `table[addr >>> shift] & mode` (one typed-array load) before
 * it reads or writes, and on a hit calls `barrierHit`, which calls the
 * arena's access handler exactly where the MPS takes a protection fault.
 * See docs/design/platform.md `.prot.software`.
 * .critical: SoftwareProtection.forbidden, SoftwareProtection.checkAccess.
 */

import { type Addr, CHECKING, COOL, aver, averCritical, paramError } from "@mps/mpm";
import { type AccessSet, type Protection, type ProtectionBackend, type ProtectionCreateOpts } from "@mps/shield";
import { GrainProtection, SIG_PROTECTION } from "./grain.js";

// A module copy: `forbidden` is on every barrier-checked load and store, and an
// imported binding is read through its import cell on every use (speed-facts.md `.fact.import-cell`).
const COOL_HERE = COOL;

/**
 * A protection checked in software by the mutator's accessors.
 * @public
 */
export class SoftwareProtection extends GrainProtection {
  /** A protection over [opts.base, opts.limit). Throws `PARAM` or `RESOURCE`. */
  constructor(opts: ProtectionCreateOpts) {
    super("software", true, opts);
    this.sig = SIG_PROTECTION;
  }

  /** The access set forbidden at `addr`: one load from the table. `addr` must be in [base, limit). */
  forbidden(addr: Addr): AccessSet {
    if (COOL_HERE) averCritical(addr >= this.base && addr < this.limit, "software protection forbidden: address covered");
    return this.table[addr >>> this.shift]!;
  }

  /**
   * The barrier: if `mode` is forbidden at `addr`, call the access handler
   * (through {@link SoftwareProtection.barrierHit}). Call it before every
   * access a barrier-aware accessor makes; it allocates nothing.
   */
  checkAccess(addr: Addr, mode: AccessSet): void {
    if ((this.table[addr >>> this.shift]! & mode) !== 0) this.barrierHit(addr, mode);
  }

  /**
   * A barrier hit: the mutator is about to make an access in `mode` at `addr`
   * that is forbidden. Calls the arena's access handler with the accesses
   * that are both attempted and forbidden, and asserts that afterwards they
   * are allowed. Asserts if no handler is installed.
   */
  barrierHit(addr: Addr, mode: AccessSet): void {
    if (CHECKING) {
      this.checkLive("barrierHit");
      if (!(Number.isSafeInteger(addr) && addr >= this.base && addr < this.limit)) paramError(`software protection: ${String(addr)} is not covered`);
    }
    const hit = this.table[addr >>> this.shift]! & mode;
    if (hit === 0) return;
    const handler = this.accessHandler;
    if (handler === undefined) {
      aver(false, "software protection: a barrier hit with no access handler installed");
      return;
    }
    handler(addr, hit);
    aver((this.table[addr >>> this.shift]! & hit) === 0, "software protection: the access handler allowed the access");
  }

  /** Nothing to do: the table is the real protection. */
  sync(): void {
    if (CHECKING) this.checkLive("sync");
  }
}

/**
 * The `software` backend: a per-grain table checked by the mutator's accessors.
 * @public
 */
export const SOFTWARE_PROTECTION: ProtectionBackend = Object.freeze({
  name: "software",
  hasBarrier: true,
  available(): boolean {
    return true;
  },
  create(opts: ProtectionCreateOpts): Protection {
    if (opts === undefined) paramError("software protection: create needs options");
    return new SoftwareProtection(opts);
  },
});
