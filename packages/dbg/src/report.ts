/**
 * What a debugging pool reports when it finds damage: the structured
 * report and the error that carries it. See docs/design/dbg.md `.report`.
 * .critical: none.
 */

import { type Addr, type Size, MpsError, addrHex } from "@mps/mpm";

/**
 * Where the damaged byte was: in the fencepost before a block, in the
 * fencepost after it (which includes the alignment slop), or in free space
 * that the pool had splatted.
 * @public
 */
export type DebugDamageKind = "leading-fence" | "trailing-fence" | "free-space";

/**
 * The operation that found the damage: an explicit check, or `free` (which
 * checks the block's fenceposts), or an allocation (which checks the free
 * space it is about to hand out).
 * @public
 */
export type DebugDamageOperation = "checkFenceposts" | "checkFreeSpace" | "free" | "alloc" | "bufferFill";

/**
 * A report of the first damaged byte a debugging pool found.
 * @public
 */
export interface DebugDamageReport {
  /** Where the damaged byte was. */
  readonly kind: DebugDamageKind;
  /** What found it. */
  readonly operation: DebugDamageOperation;
  /** The name of the pool's class, such as `"MVFFDebug"`. */
  readonly className: string;
  /**
   * The block: the address the client had from `alloc` (for free space, the
   * address of the freed block the space came from), or, for free space that
   * no `alloc` ever handed out, the base of the free range.
   */
  readonly address: Addr;
  /** The size the client asked for (for free space with no block, the free range's size). */
  readonly size: Size;
  /** The block's tag: the serial number of its `alloc` in the pool (1, 2, ...), or 0 if none. */
  readonly tag: number;
  /** The base of the range that was checked (the leading fencepost, the whole block, or the free range). */
  readonly base: Addr;
  /** The limit of the range that was checked. */
  readonly limit: Addr;
  /** The address of the first wrong byte. */
  readonly at: Addr;
  /** `at - address`: the offset of the first wrong byte from the block's address (negative in a leading fencepost). */
  readonly offset: number;
  /** The byte the template puts there. */
  readonly expected: number;
  /** The byte found there. */
  readonly actual: number;
}

function byteHex(b: number): string {
  const c = b >= 0x20 && b < 0x7f ? ` '${String.fromCharCode(b)}'` : "";
  return `0x${b.toString(16).padStart(2, "0")}${c}`;
}

/** The message of a {@link DebugDamageError} for `r`. */
export function describeDamage(r: DebugDamageReport): string {
  const what = r.kind === "free-space" ? "free space corrupted" : "fencepost damaged";
  const block = r.tag !== 0 ? `block ${addrHex(r.address)} (tag ${r.tag}, size ${r.size})` : `free range ${addrHex(r.address)} (no tag, size ${r.size})`;
  return `${r.className}.${r.operation}: ${what}: ${block}: byte at offset ${r.offset} (${addrHex(r.at)}, ${r.kind}) is ${byteHex(r.actual)}, expected ${byteHex(r.expected)}`;
}

/**
 * The error a debugging pool throws when it finds a damaged fencepost or
 * damaged free space: an {@link @mps/mpm#MpsError} with code `FAIL`, whose
 * `report` names the first damaged block and byte.
 *
 * @remarks
 * The MPS asserts here. We throw a result instead, because the damage is the
 * client's doing, not an inconsistency of the MPS, and a client that hosts
 * other people's code needs to recover (docs/design/dbg.md `.report.fail`).
 * The pool is left as it was before the call that found the damage.
 * @public
 */
export class DebugDamageError extends MpsError {
  /** The first damage found. */
  readonly report: DebugDamageReport;

  /** Make the error for `report`. */
  constructor(report: DebugDamageReport) {
    super("FAIL", describeDamage(report));
    this.name = "DebugDamageError";
    this.report = report;
  }
}
