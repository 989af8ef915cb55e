/**
 * The protection interface (design.mps.prot), for JavaScript. There are no
 * signals here: a backend either forbids nothing and lets `sync` do the
 * barrier's work at once (`none`, as the MPS's `protan.c`), or keeps a
 * per-grain table of forbidden accesses that the mutator's accessors consult,
 * calling the access handler where the MPS would take a fault (`software`).
 * Backends live in `@mps/platform`. See docs/design/shield.md `.prot`.
 * .critical: the software backend's table lookup (in the mutator's accessors).
 */

import type { Addr, Size } from "@mps/mpm";

/**
 * A set of access modes: {@link ACCESS_READ}, {@link ACCESS_WRITE}, or both.
 * In `Protection.set` it is the set of accesses to *forbid*.
 * @public
 */
export type AccessSet = number;

/** The empty access set. @public */
export const ACCESS_NONE: AccessSet = 0;
/** Read access. @public */
export const ACCESS_READ: AccessSet = 1;
/** Write access. @public */
export const ACCESS_WRITE: AccessSet = 2;
/** Read and write access. @public */
export const ACCESS_RW: AccessSet = 3;

/**
 * Called when the mutator makes an access the protection forbids, with the
 * address and the access attempted (the MPS's `ArenaAccess`). When it returns,
 * the access must be allowed: the handler has lowered the protection.
 * @public
 */
export type AccessHandler = (addr: Addr, mode: AccessSet) => void;

/**
 * Called by `sync` for each protected range that it must resolve at once, as
 * `protan.c`'s `ProtSync` calls `TraceSegAccess` for every protected segment.
 * Returns after lowering the range's protection.
 * @public
 */
export type SyncHandler = () => void;

/**
 * The protection of one arena's memory (design.mps.prot).
 *
 * @remarks
 * - `set(base, limit, mode)` forbids the accesses in `mode` to [base, limit)
 *   and allows the others (`ProtSet`); `base` and `limit` are multiples of
 *   `granularity`. The `none` backend records nothing.
 * - `sync()` makes the real protection match what the arena asked for
 *   (`ProtSync`). For `none` that means doing the barrier's work at once: it
 *   calls the sync handler, which scans what is protected and lowers it,
 *   until nothing is protected. For `software` it does nothing.
 * - `forbidden(addr)` is the access set forbidden at `addr` (always empty for
 *   `none`); the software barrier's accessors test it and call the access
 *   handler on a hit.
 * - `hasBarrier` says whether accesses are really checked: if false, the
 *   arena must never return to the mutator with anything protected.
 * @public
 */
export interface Protection {
  /** The backend's name: `"none"` or `"software"`. */
  readonly backend: string;
  /** Whether the mutator's accesses are checked (false for `none`). */
  readonly hasBarrier: boolean;
  /** The granularity of `set`, in bytes: a power of two (the arena grain). */
  readonly granularity: Size;
  /** Forbid the accesses in `mode` to [base, limit) (`ProtSet`). */
  set(base: Addr, limit: Addr, mode: AccessSet): void;
  /** The access set forbidden at `addr`. */
  forbidden(addr: Addr): AccessSet;
  /** Make the protection real (`ProtSync`). */
  sync(): void;
  /** Install the handlers the arena provides. */
  setHandlers(access: AccessHandler, sync: SyncHandler): void;
  /** Release the backend's tables. */
  finish(): void;
}

/**
 * What a protection is made for: the address range it covers and its granularity.
 * @public
 */
export interface ProtectionCreateOpts {
  /** The lowest address covered. */
  base: Addr;
  /** The limit of the addresses covered. */
  limit: Addr;
  /** The granularity: the arena's grain size. */
  granularity: Size;
}

/**
 * A source of protections: one per protection backend.
 * @public
 */
export interface ProtectionBackend {
  /** The backend's name. */
  readonly name: string;
  /** Make a protection for one arena. */
  create(opts: ProtectionCreateOpts): Protection;
}
