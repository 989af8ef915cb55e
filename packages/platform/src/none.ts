/**
 * The `none` protection backend, as the MPS's generic `protan.c`: nothing is
 * ever really protected, so there is no barrier and no mutator overhead.
 * `set` only records the modes per grain, so that `sync`, which the shield
 * calls on leaving, knows what is left to resolve; `sync` calls the arena's
 * sync handler for a protected grain until none is left.
 * See docs/design/platform.md `.prot.none`.
 * .critical: none (forbidden is constant).
 */

import { type Addr, CHECKING, aver, paramError } from "@mps/mpm";
import { type BT, btCreate, btFindSet, btResRange, btSetRange } from "@mps/bt";
import { ACCESS_NONE, type AccessSet, type Protection, type ProtectionBackend, type ProtectionCreateOpts } from "@mps/shield";
import { GrainProtection, SIG_PROTECTION } from "./grain.js";

/**
 * A protection that forbids nothing and makes `sync` do the barrier's work.
 * @public
 */
export class NoneProtection extends GrainProtection {
  /** Bit i is set iff grain i has a non-empty mode: `sync` finds the next one a word at a time. */
  private readonly protectedGrains: BT;
  /** Where `sync` looks first: just after the grain it resolved last. */
  private cursor = 0;
  private syncing = false;

  /** A protection over [opts.base, opts.limit). Throws `PARAM` or `RESOURCE`. */
  constructor(opts: ProtectionCreateOpts) {
    super("none", false, opts);
    this.protectedGrains = btCreate(this.table.length);
    this.sig = SIG_PROTECTION;
  }

  /** Always `ACCESS_NONE`: the mutator is never stopped. */
  forbidden(_addr: Addr): AccessSet {
    return ACCESS_NONE;
  }

  /**
   * `ProtSync` of `protan.c`: while any grain is protected, call the sync
   * handler with it and its mode. Returns at once if called from inside the
   * handler (the shield's `leave` calls it). Asserts if something is
   * protected and no handler is installed, or if the handler made no call
   * of `set` (it would loop for ever: design.mps.prot `.impl.an.sync.issue`).
   */
  sync(): void {
    if (CHECKING) this.checkLive("sync");
    if (this.syncing) return;
    this.syncing = true;
    try {
      const n = this.table.length;
      for (;;) {
        let i = btFindSet(this.protectedGrains, this.cursor, n);
        if (i < 0 && this.cursor > 0) i = btFindSet(this.protectedGrains, 0, this.cursor);
        if (i < 0) break;
        const handler = this.syncHandler;
        if (handler === undefined) {
          aver(false, "none protection sync: something is protected and no sync handler is installed");
          break;
        }
        const before = this.setCount;
        handler(i * this.granularity, this.table[i]!);
        if (this.setCount === before) {
          aver(false, `none protection sync: the sync handler changed no protection at grain ${i}`);
          break;
        }
        this.cursor = i + 1 < n ? i + 1 : 0;
      }
    } finally {
      this.syncing = false;
    }
  }

  /** The number of grains with a non-empty mode (for tests). */
  protectedCount(): number {
    if (CHECKING) this.checkLive("protectedCount");
    let c = 0;
    for (let i = 0; i < this.table.length; i++) if (this.table[i] !== 0) c++;
    return c;
  }

  /** Record the mode, and whether the grains are protected, for `sync`. */
  protected override setMethod(i: number, j: number, mode: AccessSet): void {
    super.setMethod(i, j, mode);
    if (mode === ACCESS_NONE) btResRange(this.protectedGrains, i, j);
    else btSetRange(this.protectedGrains, i, j);
  }
}

/**
 * The `none` backend: no barrier, zero mutator overhead; incremental work is
 * finished before control returns to the mutator.
 * @public
 */
export const NONE_PROTECTION: ProtectionBackend = Object.freeze({
  name: "none",
  hasBarrier: false,
  available(): boolean {
    return true;
  },
  create(opts: ProtectionCreateOpts): Protection {
    if (opts === undefined) paramError("none protection: create needs options");
    return new NoneProtection(opts);
  },
});
