/**
 * The scan state (design.mps.scan) and fix (design.mps.fix): what format
 * scanners and segment scans receive, with the inline zone test (`fix1`,
 * the MPS's MPS_FIX1) and the out-of-line fix through the page table to
 * the segment's pool (`fix2`, `_mps_fix2`). See docs/design/trace.md `.fix`.
 * .critical: fix1, fix2, fix, scanArea (per reference in every collection).
 */

import { type Arena, scanAreaMasked, scanAreaTagged, scanAreaTaggedOrZero } from "@mps/arena";
import {
  type Addr, type RefSet, type Rank, type ScanState as MpmScanState, type Trace as MpmTrace, type TraceSet, type ZoneSet,
  Rank as RankV, SIG_INVALID, aver, defineSig, paramError, COOL,
} from "@mps/mpm";

/**
 * The signature of a live scan state (`ScanStateSig`).
 * @public
 */
export const SIG_SCAN_STATE = defineSig("ScanState", 0x5195c4a7);

/**
 * A scan state for one trace and one rank (`ScanStateStruct`).
 *
 * @remarks
 * Made once per trace and rank and reused (`reset`), so that scanning
 * allocates nothing. A reference `ref` is *possibly white* if its zone is in
 * the trace's white zone set: `fix1` tests that with two shifts and a mask
 * and records the zone in {@link ScanState.unfixedSummary}; only then does
 * `fix2` look the address up in the page table, and only if its segment is
 * white for the trace does the segment's pool fix it.
 * @public
 */
export class ScanState implements MpmScanState {
  /** {@link SIG_SCAN_STATE} while live. */
  sig = SIG_INVALID;
  /** The arena being traced. */
  readonly arena: Arena;
  /** The rank of the references being scanned. */
  rank: Rank;
  /** The traces this scan works for (one bit). */
  readonly traces: TraceSet;
  /** The trace this scan works for. */
  readonly trace: MpmTrace;
  /** The arena's zone shift. */
  readonly zoneShift: number;
  /** The white zone set of the trace (set at `reset`). */
  white: ZoneSet = 0;
  /** The zones of every reference seen (before fixing). */
  unfixedSummary: RefSet = 0;
  /** The zones of every reference after fixing (including those not white). */
  fixedSummary: RefSet = 0;
  /** Set by a pool's fix: the referent was already preserved. */
  wasMarked = false;

  /** Make a scan state for `trace` at `rank` over `arena`. */
  constructor(arena: Arena, trace: MpmTrace, rank: Rank) {
    this.arena = arena;
    this.trace = trace;
    this.traces = (1 << trace.ti) >>> 0;
    this.rank = rank;
    this.zoneShift = arena.zoneShift;
    this.white = trace.white;
    this.sig = SIG_SCAN_STATE;
  }

  /** Start a new scan (`ScanStateInit` for a reused state): summaries empty, white from the trace. */
  reset(rank: Rank): void {
    this.rank = rank;
    this.white = this.trace.white;
    this.unfixedSummary = 0;
    this.fixedSummary = 0;
    this.wasMarked = false;
  }

  /**
   * The summary of the references scanned, after fixing (`ScanStateSummary`):
   * those fixed, plus those never fixed because they were not white.
   */
  summary(): RefSet {
    return (this.fixedSummary | (this.unfixedSummary & ~this.white)) >>> 0;
  }

  /** MPS_FIX1: may `ref` point to a white object? Records its zone either way. */
  fix1(ref: Addr): boolean {
    const zone = (ref >>> this.zoneShift) & 31;
    this.unfixedSummary |= 1 << zone;
    return ((this.white >>> zone) & 1) !== 0;
  }

  /**
   * MPS_FIX2 (`_mps_fix2`): fix a reference that passed `fix1`. Returns its
   * new value: the same, the object's new address if it moved, or 0 for a
   * weak reference whose referent died.
   */
  fix2(ref: Addr): Addr {
    const seg = this.arena.segOfAddr(ref);
    let nu = ref;
    // A referent not condemned was already alive; a pool that preserves a
    // white object for the first time clears this (the final rank needs it).
    this.wasMarked = true;
    if (seg !== undefined && (seg.white & this.traces) !== 0) {
      nu = seg.fix(this, ref);
      if (COOL && this.rank === RankV.AMBIG) aver(nu === ref, "ScanState.fix2: an ambiguous reference is never changed");
    }
    if (nu !== 0) this.fixedSummary |= 1 << ((nu >>> this.zoneShift) & 31);
    return nu;
  }

  /** MPS_FIX12: `fix1`, then `fix2` if the zone test passes. */
  fix(ref: Addr): Addr {
    const zone = (ref >>> this.zoneShift) & 31;
    this.unfixedSummary |= 1 << zone;
    if (((this.white >>> zone) & 1) === 0) return ref;
    return this.fix2(ref);
  }

  /** Fix every word of [base, limit) as a reference, writing back what changes (`mps_scan_area`). */
  scanArea(base: Addr, limit: Addr): void {
    if (COOL && ((base | limit) & 3) !== 0) paramError("ScanState.scanArea: base and limit must be word-aligned");
    const mem = this.arena.mem;
    const shift = this.zoneShift;
    for (let p = base; p < limit; p += 4) {
      const ref = mem.u32[p >>> 2]!;
      const zone = (ref >>> shift) & 31;
      this.unfixedSummary |= 1 << zone;
      if (((this.white >>> zone) & 1) !== 0) {
        // fix2 may copy, so allocate, so grow the memory: read the view afresh.
        const nu = this.fix2(ref);
        if (nu !== ref) mem.u32[p >>> 2] = nu;
      }
    }
  }

  /** `mps_scan_area_masked`: fix every word with the bits of `mask` removed, and put them back. */
  scanAreaMasked(base: Addr, limit: Addr, mask: number): void {
    scanAreaMasked(this, base, limit, { mask, pattern: 0 });
  }

  /** `mps_scan_area_tagged`: fix the words whose bits under `mask` equal `pattern` (tag removed, then restored). */
  scanAreaTagged(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTagged(this, base, limit, { mask, pattern });
  }

  /** `mps_scan_area_tagged_or_zero`: as {@link ScanState.scanAreaTagged}, and also the words whose tag is zero. */
  scanAreaTaggedOrZero(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTaggedOrZero(this, base, limit, { mask, pattern });
  }

  /** End the scan state's life. */
  finish(): void {
    this.sig = SIG_INVALID;
  }
}

/**
 * The scan state of `arena.rootsWalk` (`ArenaRootsWalk`): every reference
 * passes the zone test, and `fix2` reports a reference that points into a
 * pool with a format to the visitor, changing nothing.
 * @public
 */
export class RootsWalkScanState extends ScanState {
  /** The root being walked. */
  root: object | undefined = undefined;
  private readonly visit: (ref: Addr, root: object) => void;

  /** A walker over `arena`'s roots for `visit`. */
  constructor(arena: Arena, trace: MpmTrace, visit: (ref: Addr, root: object) => void) {
    super(arena, trace, RankV.EXACT);
    this.visit = visit;
  }

  /** Every zone is "white", so every reference reaches `fix2`. */
  override reset(rank: Rank): void {
    super.reset(rank);
    this.white = 0xffffffff;
  }

  /** Report `ref` if it points into a formatted pool; the reference is unchanged. */
  override fix2(ref: Addr): Addr {
    if (ref !== 0 && this.arena.addrPool(ref)?.format !== undefined) this.visit(ref, this.root!);
    return ref;
  }
}
