/**
 * What the collector did, gathered from a log: every collection (why, when,
 * condemned, survived per generation), every pause, and the memory of the
 * arena, its pools and its generations against time. The summary and the
 * timeline are drawn from this. See docs/design/telemetry-tools.md `.impl.analysis`.
 * .critical: none (off line; one pass over the events).
 */

import { eventTime, type ToolLog } from "./log.js";

/**
 * The names of the reasons a collection starts (the MPS's `TraceStartWhy`),
 * by code.
 * @public
 */
export const TRACE_WHY_NAMES: readonly string[] = Object.freeze([
  "CHAIN_GEN0CAP", "DYNAMICCRITERION", "OPPORTUNISM", "CLIENTFULL_INCREMENTAL", "CLIENTFULL_BLOCK", "WALK", "EXTENSION",
]);

/**
 * The name of the start reason `why`, or `why <n>` for a code this tool does
 * not know.
 * @public
 */
export function traceWhyName(why: number): string {
  return TRACE_WHY_NAMES[why] ?? `why ${why}`;
}

/**
 * One generation's part in a collection (`TraceEndGen`).
 * @public
 */
export interface GenPart {
  /** The generation's serial number in its arena. */
  readonly gen: number;
  /** Bytes condemned in it. */
  readonly condemned: number;
  /** Bytes that survived by moving. */
  readonly forwarded: number;
  /** Bytes that survived in place. */
  readonly preservedInPlace: number;
  /** The mortality this collection measured. */
  readonly mortality: number;
}

/**
 * One collection (a trace, from `TraceCreate` to `TraceDestroy`).
 * @public
 */
export interface Collection {
  /** The trace's identifier in the log. */
  readonly trace: number;
  /** Its arena's identifier. */
  readonly arena: number;
  /** Why it started (a `TraceStartWhy` code; see {@link traceWhyName}). */
  readonly why: number;
  /** Whether it condemned everything (`TraceCondemnAll`). */
  readonly full: boolean;
  /** When it was created, in seconds from the start of the log. */
  readonly begin: number;
  /** When it flipped, or `undefined`. */
  readonly flip: number | undefined;
  /** When it started reclaiming, or `undefined`. */
  readonly reclaim: number | undefined;
  /** When it was destroyed, or `undefined` if the log ends first. */
  readonly end: number | undefined;
  /** Bytes condemned (`TraceStart`). */
  readonly condemned: number;
  /** Collectable bytes not condemned (`TraceStart`). */
  readonly notCondemned: number;
  /** Bytes that survived: forwarded plus preserved in place, over its generations. */
  readonly survived: number;
  /** Each generation's part. */
  readonly gens: readonly GenPart[];
}

/**
 * A pause: the collector held the mutator up, in a poll that did work
 * (`ArenaPollBegin`/`End`) or in a barrier hit (`ArenaAccessBegin`/`End`).
 * Only outermost pauses count: a poll inside a barrier hit is part of it.
 * @public
 */
export interface Pause {
  /** `poll` or `access`. */
  readonly kind: "poll" | "access";
  /** When it began, in seconds. */
  readonly begin: number;
  /** When it ended, in seconds. */
  readonly end: number;
  /** The collections running during it (their trace identifiers). */
  readonly traces: readonly number[];
}

/**
 * A quantity against time: it has value `v[i]` from time `t[i]` until
 * `t[i+1]`.
 * @public
 */
export interface Series {
  /** What it measures. */
  readonly name: string;
  /** The times of its steps, in seconds, not decreasing. */
  readonly t: number[];
  /** Its values, in bytes. */
  readonly v: number[];
}

/**
 * A pool seen in the log.
 * @public
 */
export interface PoolInfo {
  /** Its identifier in the log. */
  readonly id: number;
  /** Its class name, or `""` if the log did not say (its `Intern` events were off). */
  readonly className: string;
  /** Its label, if it was given one. */
  readonly label: string | undefined;
}

/**
 * Everything the summary and timeline show.
 * @public
 */
export interface LogAnalysis {
  /** The time of the last event, in seconds. */
  readonly duration: number;
  /** The collections, in the order they were created. */
  readonly collections: readonly Collection[];
  /** The outermost pauses, in order. */
  readonly pauses: readonly Pause[];
  /** The pools, by identifier. */
  readonly pools: ReadonlyMap<number, PoolInfo>;
  /** Address space the arenas reserved (`ArenaCreate*`, `ArenaExtend`). */
  readonly reserved: Series;
  /** Memory the arenas had mapped (`VMMap` less `VMUnmap`); empty if the log has none. */
  readonly committed: Series;
  /** Memory the arenas gave to pools (`ArenaAlloc` less `ArenaFree`). */
  readonly inUse: Series;
  /** Memory each pool holds, by pool identifier (`ArenaAlloc` less `ArenaFree`). */
  readonly poolSize: ReadonlyMap<number, Series>;
  /** Bytes in each generation, by serial number, at the start of each collection (`TraceCreatePoolGen`, summed over pools). */
  readonly genSize: ReadonlyMap<number, Series>;
  /** Bytes the arenas gave to pools in all (`ArenaAlloc`). */
  readonly arenaAllocated: number;
  /** Bytes the pools gave to allocation points (`BufferFill`; 0 if `Seg` events were off). */
  readonly bufferFilled: number;
  /** Bytes allocated with `alloc` (`PoolAlloc`; 0 if `Object` events were off). */
  readonly poolAllocated: number;
  /** Events of the kinds the analysis reads were in the log: `Arena`, `Trace`, ... */
  readonly kinds: ReadonlySet<string>;
}

function series(name: string): Series {
  return { name, t: [], v: [] };
}

/** Add a step to `s`: at time `t` the value becomes `v`. Steps at the same time merge. */
function step(s: Series, t: number, v: number): void {
  const n = s.t.length;
  if (n > 0 && s.t[n - 1] === t) s.v[n - 1] = v;
  else {
    s.t.push(t);
    s.v.push(v);
  }
}

function last(s: Series): number {
  return s.v.length > 0 ? s.v[s.v.length - 1]! : 0;
}

interface MutableCollection {
  trace: number;
  arena: number;
  why: number;
  full: boolean;
  begin: number;
  flip: number | undefined;
  reclaim: number | undefined;
  end: number | undefined;
  condemned: number;
  notCondemned: number;
  survived: number;
  gens: GenPart[];
}

/**
 * Gather what the collector did from `log` (see {@link LogAnalysis}). Events
 * that are missing (a kind that was off) leave their part empty.
 * @public
 */
export function analyseLog(log: ToolLog): LogAnalysis {
  const collections: MutableCollection[] = [];
  const running = new Map<number, MutableCollection>();
  const pauses: Pause[] = [];
  const pools = new Map<number, PoolInfo>();
  const reserved = series("reserved");
  const committed = series("committed");
  const inUse = series("in use by pools");
  const poolSize = new Map<number, Series>();
  const genSize = new Map<number, Series>();
  const kinds = new Set<string>();
  // Generation sizes arrive as one TraceCreatePoolGen per pool and generation: sum them per trace.
  let genTrace = -1;
  let genSums = new Map<number, number>();
  let genTime = 0;
  const flushGens = (): void => {
    for (const [g, size] of genSums) {
      let s = genSize.get(g);
      if (s === undefined) genSize.set(g, (s = series(`generation ${g}`)));
      step(s, genTime, size);
    }
    genSums = new Map();
    genTrace = -1;
  };
  let depth = 0;
  let pauseKind: "poll" | "access" = "poll";
  let pauseBegin = 0;
  let pauseTraces = new Set<number>();
  let arenaAllocated = 0;
  let bufferFilled = 0;
  let poolAllocated = 0;
  let committedBytes = 0;
  let reservedBytes = 0;
  let inUseBytes = 0;
  let t = 0;
  for (const e of log.events) {
    t = eventTime(log, e);
    kinds.add(e.kind);
    switch (e.name) {
      case "ArenaCreateVM":
        reservedBytes += e.params.userSize;
        step(reserved, t, reservedBytes);
        break;
      case "ArenaCreateCL":
        reservedBytes += e.params.size;
        step(reserved, t, reservedBytes);
        break;
      case "ArenaExtend":
        reservedBytes += e.params.size;
        step(reserved, t, reservedBytes);
        break;
      case "VMMap":
        committedBytes += e.params.limit - e.params.base;
        step(committed, t, committedBytes);
        break;
      case "VMUnmap":
        committedBytes -= e.params.limit - e.params.base;
        step(committed, t, committedBytes);
        break;
      case "PoolInit": {
        const lid = log.pointerLabels.get(e.params.pool);
        pools.set(e.params.pool, {
          id: e.params.pool,
          className: log.strings.get(e.params.poolClass) ?? "",
          label: lid === undefined ? undefined : log.strings.get(lid),
        });
        break;
      }
      case "ArenaAlloc":
      case "ArenaFree": {
        const d = e.name === "ArenaAlloc" ? e.params.size : -e.params.size;
        if (d > 0) arenaAllocated += d;
        inUseBytes += d;
        step(inUse, t, inUseBytes);
        let s = poolSize.get(e.params.pool);
        if (s === undefined) poolSize.set(e.params.pool, (s = series(`pool ${e.params.pool}`)));
        step(s, t, last(s) + d);
        break;
      }
      case "BufferFill":
        bufferFilled += e.params.filled;
        break;
      case "PoolAlloc":
        poolAllocated += e.params.size;
        break;
      case "TraceCreate": {
        const c: MutableCollection = {
          trace: e.params.trace, arena: e.params.arena, why: e.params.why, full: false, begin: t,
          flip: undefined, reclaim: undefined, end: undefined, condemned: 0, notCondemned: 0, survived: 0, gens: [],
        };
        collections.push(c);
        running.set(c.trace, c);
        if (depth > 0) pauseTraces.add(c.trace);
        break;
      }
      case "TraceCondemnAll": {
        const c = running.get(e.params.trace);
        if (c !== undefined) c.full = true;
        break;
      }
      case "TraceCreatePoolGen":
        genTrace = 0;
        genTime = t;
        genSums.set(e.params.gen, (genSums.get(e.params.gen) ?? 0) + e.params.totalSize);
        break;
      case "TraceStart": {
        const c = running.get(e.params.trace);
        if (c !== undefined) {
          c.condemned = e.params.condemned;
          c.notCondemned = e.params.notCondemned;
        }
        break;
      }
      case "TraceFlipBegin": {
        const c = running.get(e.params.trace);
        if (c !== undefined) c.flip = t;
        break;
      }
      case "TraceReclaim": {
        const c = running.get(e.params.trace);
        if (c !== undefined) c.reclaim = t;
        break;
      }
      case "TraceEndGen": {
        const c = running.get(e.params.trace);
        if (c !== undefined) {
          const p = e.params;
          c.gens.push({ gen: p.gen, condemned: p.condemned, forwarded: p.forwarded, preservedInPlace: p.preservedInPlace, mortality: p.mortalityTrace });
          c.survived += p.forwarded + p.preservedInPlace;
        }
        break;
      }
      case "TraceDestroy": {
        const c = running.get(e.params.trace);
        if (c !== undefined) {
          c.end = t;
          running.delete(c.trace);
        }
        break;
      }
      case "ArenaPollBegin":
      case "ArenaAccessBegin":
        if (depth++ === 0) {
          pauseKind = e.name === "ArenaPollBegin" ? "poll" : "access";
          pauseBegin = t;
          pauseTraces = new Set(running.keys());
        }
        break;
      case "ArenaPollEnd":
      case "ArenaAccessEnd":
        if (depth > 0 && --depth === 0) {
          for (const k of running.keys()) pauseTraces.add(k);
          // A poll that did no collection work held nothing up; a barrier hit always did.
          const worked = e.name === "ArenaAccessEnd" || e.params.workWasDone;
          if (worked) pauses.push({ kind: pauseKind, begin: pauseBegin, end: t, traces: [...pauseTraces] });
        }
        break;
      default:
        break;
    }
    if (genTrace >= 0 && e.name !== "TraceCreatePoolGen") flushGens();
  }
  if (genTrace >= 0) flushGens();
  return {
    duration: t,
    collections,
    pauses,
    pools,
    reserved,
    committed,
    inUse,
    poolSize,
    genSize,
    arenaAllocated,
    bufferFilled,
    poolAllocated,
    kinds,
  };
}

/**
 * Figures of a set of pauses, in seconds.
 * @public
 */
export interface PauseStats {
  /** How many. */
  readonly count: number;
  /** Their total. */
  readonly total: number;
  /** The shortest (0 with none). */
  readonly min: number;
  /** The median (nearest rank). */
  readonly median: number;
  /** The 90th percentile (nearest rank). */
  readonly p90: number;
  /** The 99th percentile (nearest rank). */
  readonly p99: number;
  /** The longest. */
  readonly max: number;
  /**
   * A histogram: `counts[i]` pauses lasted less than `bounds[i]` seconds and
   * at least `bounds[i-1]` (0 for the first); the bounds go up by powers of 10
   * from 10 µs, and the last is `Infinity`.
   */
  readonly histogram: { readonly bounds: readonly number[]; readonly counts: readonly number[] };
}

const HISTOGRAM_BOUNDS: readonly number[] = Object.freeze([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, Infinity]);

/**
 * The distribution of the pauses' durations (see {@link PauseStats}).
 * @public
 */
export function pauseStats(pauses: readonly Pause[]): PauseStats {
  const d = Float64Array.from(pauses, (p) => p.end - p.begin).sort();
  const n = d.length;
  const counts = HISTOGRAM_BOUNDS.map(() => 0);
  let total = 0;
  for (const x of d) {
    total += x;
    let i = 0;
    while (!(x < HISTOGRAM_BOUNDS[i]!)) i++;
    counts[i]!++;
  }
  const rank = (q: number): number => (n === 0 ? 0 : d[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!);
  return {
    count: n, total, min: n === 0 ? 0 : d[0]!, median: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: n === 0 ? 0 : d[n - 1]!,
    histogram: { bounds: HISTOGRAM_BOUNDS, counts },
  };
}
