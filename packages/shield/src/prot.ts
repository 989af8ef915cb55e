/**
 * The protection interface (design.mps.prot), for JavaScript. There are no
 * signals here: a backend either forbids nothing and lets `sync` do the
 * barrier's work at once (`none`, as the MPS's `protan.c`), or keeps a
 * per-grain table of forbidden accesses that the mutator's accessors consult,
 * calling the access handler where the MPS would take a fault (`software`).
 * Backends live in `@mps/platform`. See docs/design/shield.md `.prot`.
 * .critical: Protection.forbidden (in the mutator's barrier-aware accessors).
 */

import type { Addr, Size } from "@mps/mpm";

/**
 * A set of access modes: {@link ACCESS_READ}, {@link ACCESS_WRITE}, both
 * ({@link ACCESS_RW}) or neither ({@link ACCESS_NONE}). In `Protection.set`
 * and in a segment's `sm` and `pm` it is the set of accesses to *forbid*.
 * @public
 */
export type AccessSet = number;

/** The empty access set (the MPS's `AccessSetEMPTY`). @public */
export const ACCESS_NONE: AccessSet = 0;
/** Read access (`AccessREAD`). @public */
export const ACCESS_READ: AccessSet = 1;
/** Write access (`AccessWRITE`). @public */
export const ACCESS_WRITE: AccessSet = 2;
/** Read and write access (`AccessSetUNIV`). @public */
export const ACCESS_RW: AccessSet = 3;

/**
 * Is `mode` an access set: an integer in [0, 3]? (`AccessSetCheck`)
 * @public
 */
export function isAccessSet(mode: unknown): mode is AccessSet {
  return typeof mode === "number" && (mode & ACCESS_RW) === mode;
}

/**
 * `mode` in words, for describe output: `"EMPTY"`, `"READ"`, `"WRITE"` or `"READ WRITE"`.
 * @public
 */
export function accessSetString(mode: AccessSet): string {
  if (!isAccessSet(mode)) return `(bad access set ${String(mode)})`;
  if (mode === ACCESS_NONE) return "EMPTY";
  return [mode & ACCESS_READ ? "READ" : "", mode & ACCESS_WRITE ? "WRITE" : ""].filter((s) => s !== "").join(" ");
}

/**
 * Called when the mutator is about to make an access that the protection
 * forbids, with the address and the access attempted: the MPS's
 * `ArenaAccess`, reached here from a barrier-aware accessor instead of a
 * signal handler. When it returns, the access must be allowed (the arena has
 * scanned or otherwise dealt with the segment and lowered its protection).
 * @public
 */
export type AccessHandler = (addr: Addr, mode: AccessSet) => void;

/**
 * Called by `sync` of a backend that has no barrier (`none`), once for each
 * protected grain it finds, with the grain's address and the accesses the
 * shield forbade there: the arena enters the shield, does for the segment at
 * `addr` what a fault with `mode` would have made it do, lowers the
 * protection, and leaves (as `protan.c`'s `ProtSync` calls `TraceSegAccess`
 * for every protected segment). The handler must lower some protection, or
 * `sync` would never finish: a handler that changes nothing is reported as an
 * assertion failure (design.mps.prot `.impl.an.sync.issue`).
 * @public
 */
export type SyncHandler = (addr: Addr, mode: AccessSet) => void;

/**
 * The protection of one arena's memory (design.mps.prot).
 *
 * @remarks
 * - `set(base, limit, mode)` forbids the accesses in `mode` to [base, limit)
 *   and allows the others (`ProtSet`, `.if.set`); `base` and `limit` are
 *   multiples of `granularity` inside the covered range. It throws `PARAM`
 *   for a bad range or mode (unless the checking level is `rash`). The
 *   shield calls it; nothing else should.
 * - `sync()` makes the real protection match what was set (`ProtSync`,
 *   `.if.sync`). For `none` that means doing the barrier's work at once: it
 *   calls the sync handler for a protected grain until nothing is protected.
 *   The shield calls it when it leaves; the sync handler itself enters and
 *   leaves the shield, so `sync` is re-entered, and a nested call returns at
 *   once. For `software`, whose protection is always real, it does nothing.
 * - `forbidden(addr)` is the access set forbidden at `addr` now: what a
 *   barrier-aware accessor tests before it reads or writes. Always empty for
 *   `none`. `addr` must be inside the covered range.
 * - `hasBarrier` says whether the mutator's accesses are checked. If false,
 *   the arena never returns to the mutator with anything protected (the
 *   `sync` on leaving the shield sees to that).
 * @public
 */
export interface Protection {
  /** The backend's name: `"none"`, `"software"`, or a test double's. */
  readonly backend: string;
  /** Whether the mutator's accesses are checked (false for `none`). */
  readonly hasBarrier: boolean;
  /** The granularity of `set`, in bytes: a power of two (the arena grain; `ProtGranularity`). */
  readonly granularity: Size;
  /** The lowest address covered: a multiple of `granularity`. */
  readonly base: Addr;
  /** The limit of the addresses covered: a multiple of `granularity`. */
  readonly limit: Addr;
  /** Forbid the accesses in `mode` to [base, limit) and allow the others (`ProtSet`). */
  set(base: Addr, limit: Addr, mode: AccessSet): void;
  /** The access set forbidden at `addr` (in [base, limit)). */
  forbidden(addr: Addr): AccessSet;
  /** Make the protection real (`ProtSync`); re-entrant calls return at once. */
  sync(): void;
  /** Install the handlers the arena provides (replacing any installed before). */
  setHandlers(access: AccessHandler, sync: SyncHandler): void;
  /** Release the backend's tables; later calls throw `PARAM`. */
  finish(): void;
}

/**
 * What a protection is made for: the address range it covers and its granularity.
 * @public
 */
export interface ProtectionCreateOpts {
  /** The lowest address covered: a multiple of `granularity` (the VM's base). */
  base: Addr;
  /** The limit of the addresses covered: a multiple of `granularity`, at most 2^32 (the VM's limit). */
  limit: Addr;
  /** The granularity: the arena's grain size, a power of two. */
  granularity: Size;
}

/**
 * A source of protections: one per protection backend (the MPS chooses
 * `protan.c`, `protix.c`, … when it is built).
 * @public
 */
export interface ProtectionBackend {
  /** The backend's name; the `backend` of every protection it makes. */
  readonly name: string;
  /** Whether protections it makes check the mutator's accesses. */
  readonly hasBarrier: boolean;
  /** Can this backend run here? */
  available(): boolean;
  /** Make a protection for one arena. Throws `PARAM` for bad options, `RESOURCE` if its tables cannot be allocated. */
  create(opts: ProtectionCreateOpts): Protection;
}
