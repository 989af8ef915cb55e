/**
 * The `summary` converter: collections by reason, bytes allocated, bytes
 * condemned and surviving per generation, and the distribution of pause
 * times, as a short report in text (and as data for programs).
 * See docs/design/telemetry-tools.md `.if.summary`.
 * .critical: none (off line).
 */

import { analyseLog, pauseStats, traceWhyName, type LogAnalysis, type PauseStats } from "./analysis.js";
import { logErrorMessage, type ToolLog } from "./log.js";

/**
 * One generation's totals over the collections of a log.
 * @public
 */
export interface GenTotals {
  /** The generation's serial number. */
  readonly gen: number;
  /** Collections it took part in. */
  readonly collections: number;
  /** Bytes condemned in it, over all of them. */
  readonly condemned: number;
  /** Bytes that survived (forwarded plus preserved in place). */
  readonly survived: number;
  /** Of those, bytes moved. */
  readonly forwarded: number;
}

/**
 * The figures of a summary.
 * @public
 */
export interface Summary {
  /** Events in the log. */
  readonly events: number;
  /** Seconds from the first event to the last. */
  readonly duration: number;
  /** Collections started. */
  readonly collections: number;
  /** Collections that finished in the log. */
  readonly finished: number;
  /** Collections by start reason (name from {@link traceWhyName}). */
  readonly byWhy: ReadonlyMap<string, number>;
  /** Bytes condemned over all collections. */
  readonly condemned: number;
  /** Bytes that survived over all collections. */
  readonly survived: number;
  /** See {@link LogAnalysis.arenaAllocated}. */
  readonly arenaAllocated: number;
  /** See {@link LogAnalysis.bufferFilled}. */
  readonly bufferFilled: number;
  /** See {@link LogAnalysis.poolAllocated}. */
  readonly poolAllocated: number;
  /** Per generation, in order of serial number. */
  readonly gens: readonly GenTotals[];
  /** The pauses' distribution. */
  readonly pauses: PauseStats;
}

/**
 * Add up the figures of a summary from an analysis of a log.
 * @public
 */
export function summarise(log: ToolLog, analysis: LogAnalysis = analyseLog(log)): Summary {
  const byWhy = new Map<string, number>();
  const gens = new Map<number, { gen: number; collections: number; condemned: number; survived: number; forwarded: number }>();
  let condemned = 0;
  let survived = 0;
  let finished = 0;
  for (const c of analysis.collections) {
    const w = traceWhyName(c.why);
    byWhy.set(w, (byWhy.get(w) ?? 0) + 1);
    condemned += c.condemned;
    survived += c.survived;
    if (c.end !== undefined) finished++;
    for (const g of c.gens) {
      let t = gens.get(g.gen);
      if (t === undefined) gens.set(g.gen, (t = { gen: g.gen, collections: 0, condemned: 0, survived: 0, forwarded: 0 }));
      t.collections++;
      t.condemned += g.condemned;
      t.survived += g.forwarded + g.preservedInPlace;
      t.forwarded += g.forwarded;
    }
  }
  return {
    events: log.events.length,
    duration: analysis.duration,
    collections: analysis.collections.length,
    finished,
    byWhy,
    condemned,
    survived,
    arenaAllocated: analysis.arenaAllocated,
    bufferFilled: analysis.bufferFilled,
    poolAllocated: analysis.poolAllocated,
    gens: [...gens.values()].sort((a, b) => a.gen - b.gen),
    pauses: pauseStats(analysis.pauses),
  };
}

/**
 * Seconds as text with a unit a person reads easily (`1.25 ms`).
 * @public
 */
export function formatSeconds(s: number): string {
  if (s === 0) return "0 s";
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(3)} s`;
}

/**
 * Bytes as text with a binary unit (`1.5 MiB`), exact below 1 KiB.
 * @public
 */
export function formatBytes(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let x = n / 1024;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(1)} ${units[i]}`;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "-";
}

/**
 * The summary as text: one block per subject, for people.
 * @public
 */
export function summaryText(log: ToolLog, s: Summary = summarise(log)): string {
  const out: string[] = [];
  out.push(`log ${log.source}: ${log.byteLength} bytes, ${s.events} events over ${formatSeconds(s.duration)}${log.version ? `, format ${log.version}` : ""}`);
  const err = logErrorMessage(log);
  if (err !== undefined) out.push(`warning: ${err}`);
  out.push("");
  out.push(`collections: ${s.collections} (${s.finished} finished)`);
  for (const [w, n] of [...s.byWhy].sort((a, b) => b[1] - a[1])) out.push(`  ${w.padEnd(24)} ${n}`);
  out.push(`  condemned ${s.condemned} bytes (${formatBytes(s.condemned)}), survived ${s.survived} bytes (${formatBytes(s.survived)}, ${pct(s.survived, s.condemned)})`);
  out.push("");
  out.push("allocation:");
  out.push(`  arena to pools (ArenaAlloc)        ${s.arenaAllocated} bytes (${formatBytes(s.arenaAllocated)})`);
  out.push(`  pools to allocation points (BufferFill) ${s.bufferFilled > 0 ? `${s.bufferFilled} bytes (${formatBytes(s.bufferFilled)})` : "- (Seg events off)"}`);
  out.push(`  alloc (PoolAlloc)                  ${s.poolAllocated > 0 ? `${s.poolAllocated} bytes (${formatBytes(s.poolAllocated)})` : "- (Object events off)"}`);
  out.push("");
  out.push("generations:");
  out.push(`  ${"gen".padEnd(5)}${"collections".padStart(12)}${"condemned".padStart(16)}${"survived".padStart(16)}${"forwarded".padStart(16)}${"survival".padStart(10)}`);
  for (const g of s.gens) {
    out.push(`  ${String(g.gen).padEnd(5)}${String(g.collections).padStart(12)}${String(g.condemned).padStart(16)}${String(g.survived).padStart(16)}${String(g.forwarded).padStart(16)}${pct(g.survived, g.condemned).padStart(10)}`);
  }
  if (s.gens.length === 0) out.push("  (none: no TraceEndGen events)");
  out.push("");
  const p = s.pauses;
  out.push(`pauses: ${p.count}, total ${formatSeconds(p.total)}`);
  if (p.count > 0) {
    out.push(`  min ${formatSeconds(p.min)}, median ${formatSeconds(p.median)}, p90 ${formatSeconds(p.p90)}, p99 ${formatSeconds(p.p99)}, max ${formatSeconds(p.max)}`);
    let lo = 0;
    p.histogram.bounds.forEach((hi, i) => {
      const n = p.histogram.counts[i]!;
      const range = hi === Infinity ? `>= ${formatSeconds(lo)}` : `< ${formatSeconds(hi)}`;
      out.push(`  ${range.padStart(12)} ${String(n).padStart(8)} ${"#".repeat(Math.ceil((40 * n) / p.count))}`);
      lo = hi;
    });
  }
  return out.join("\n") + "\n";
}
