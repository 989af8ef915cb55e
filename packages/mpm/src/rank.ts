/**
 * Ranks, rank sets, trace sets and access sets (design.mps.type.rank,
 * .rankset, .traceset; design.mps.prot for access sets).
 *
 * A rank says how a reference is treated by the collector: ambiguous
 * references may not be references at all and pin what they point at; exact
 * ones are followed and updated; final and weak ones do not keep their
 * referent alive. Ranks are scanned in this order. See docs/design/mpm.md `.rank`.
 * .critical: rankSetIsMember, traceSetIsMember (used on scan paths).
 */

/**
 * A rank: one of the values of the `Rank` constant.
 * @public
 */
export type Rank = 0 | 1 | 2 | 3;

/**
 * The ranks, in the order the collector scans them (the MPS's `RankAMBIG`,
 * `RankEXACT`, `RankFINAL`, `RankWEAK`). Clients use `AMBIG`, `EXACT` and
 * `WEAK`; `FINAL` is the rank of the finalization pool's guardians.
 * @public
 */
export const Rank = Object.freeze({
  /** Ambiguous: may or may not be a reference; pins its referent. */
  AMBIG: 0,
  /** Exact: a reference, or null; followed and updated. */
  EXACT: 1,
  /** Final: the finalization guardians' rank (internal). */
  FINAL: 2,
  /** Weak: a reference that does not keep its referent alive; splatted to 0 when the referent dies. */
  WEAK: 3,
} as const);

/**
 * The number of ranks (`RankLIMIT`).
 * @public
 */
export const RANK_LIMIT = 4;

/**
 * Is `r` a rank?
 * @public
 */
export function isRank(r: unknown): r is Rank {
  return r === 0 || r === 1 || r === 2 || r === 3;
}

/**
 * The name of a rank, as the MPS spells it.
 * @public
 */
export function rankName(r: Rank): string {
  return (["AMBIG", "EXACT", "FINAL", "WEAK"] as const)[r];
}

/**
 * A set of ranks: bit `r` set when rank `r` is a member.
 * @public
 */
export type RankSet = number;

/** The empty rank set. @public */
export const RANK_SET_EMPTY: RankSet = 0;
/** The set of every rank. @public */
export const RANK_SET_UNIV: RankSet = (1 << RANK_LIMIT) - 1;

/**
 * The rank set containing just `r`.
 * @public
 */
export function rankSetSingle(r: Rank): RankSet {
  return 1 << r;
}

/**
 * Is `r` in `rs`?
 * @public
 */
export function rankSetIsMember(rs: RankSet, r: Rank): boolean {
  return ((rs >>> r) & 1) !== 0;
}

/**
 * Is `rs` a valid rank set?
 * @public
 */
export function isRankSet(rs: unknown): rs is RankSet {
  return typeof rs === "number" && Number.isInteger(rs) && rs >= 0 && rs <= RANK_SET_UNIV;
}

/**
 * A set of traces: bit `t` set when trace `t` is a member. The MPS runs at
 * most {@link TRACE_LIMIT} traces at once.
 * @public
 */
export type TraceSet = number;

/**
 * How many traces may run at once (`TraceLIMIT`, 1 in the MPS as released).
 * @public
 */
export const TRACE_LIMIT = 1;

/**
 * A trace's identifier: an integer in [0, {@link TRACE_LIMIT}).
 * @public
 */
export type TraceId = number;

/** The empty trace set. @public */
export const TRACE_SET_EMPTY: TraceSet = 0;
/** The set of every trace. @public */
export const TRACE_SET_UNIV: TraceSet = (1 << TRACE_LIMIT) - 1;

/**
 * The trace set containing just `ti`.
 * @public
 */
export function traceSetSingle(ti: TraceId): TraceSet {
  return 1 << ti;
}

/**
 * Is trace `ti` in `ts`?
 * @public
 */
export function traceSetIsMember(ts: TraceSet, ti: TraceId): boolean {
  return ((ts >>> ti) & 1) !== 0;
}

/**
 * Add trace `ti` to `ts`.
 * @public
 */
export function traceSetAdd(ts: TraceSet, ti: TraceId): TraceSet {
  return ts | (1 << ti);
}

/**
 * Remove trace `ti` from `ts`.
 * @public
 */
export function traceSetDel(ts: TraceSet, ti: TraceId): TraceSet {
  return ts & ~(1 << ti);
}
