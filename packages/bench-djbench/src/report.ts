/**
 * Measuring and printing: each setting's table (seconds and cost per
 * operation above the harness), the ratio table against MVFF, the
 * reference figures from the issue and the issue's targets.
 * See docs/design/bench-djbench.md `.impl.report`.
 * .critical: none (runs between workloads).
 */
import { runDj, type DjResult } from "./dj.js";
import { describeWorkload, type AllocatorName, type DjOptions } from "./options.js";

/**
 * One setting of the workload, with a short label for the tables.
 * @public
 */
export interface DjSetting {
  /** A short name for the ratio table, e.g. `"64 slots"`. */
  label: string;
  /** The options of the run. */
  options: DjOptions;
  /** A note printed under the workload (e.g. why `niter` is smaller than djbench's). */
  note?: string;
  /** Allocators not run on this setting, with the reason printed in their row. */
  skip?: Partial<Record<AllocatorName, string>>;
}

/**
 * One allocator's outcome on one setting: its fastest run, or why it failed.
 * @public
 */
export type DjOutcome = { result: DjResult; error: null } | { result: null; error: string };

/**
 * The outcomes of a setting, by allocator.
 * @public
 */
export interface DjSettingResult {
  setting: DjSetting;
  outcomes: Map<AllocatorName, DjOutcome>;
}

/**
 * Run every allocator on `setting`: first a short untimed warm-up of each
 * (so the shared loop is compiled with every allocator's branch), then
 * `rounds` timed rounds, alternating the order of the allocators, keeping
 * each allocator's fastest run (least processor time). An allocator that
 * throws is recorded as failed and not run again.
 * @public
 */
export function measureSetting(setting: DjSetting, names: readonly AllocatorName[], tlsf: { module: WebAssembly.Module | null; error: string | null }, rounds: number): DjSettingResult {
  const o = setting.options;
  const outcomes = new Map<AllocatorName, DjOutcome>();
  const warm: DjOptions = { ...o, niter: 1, npass: Math.min(o.npass, 30), rmax: Math.min(o.rmax, 2), nblocks: Math.min(o.nblocks, 256) };
  for (const n of names) {
    const why = setting.skip?.[n];
    if (why !== undefined) {
      outcomes.set(n, { result: null, error: `skipped: ${why}` });
      continue;
    }
    if (n === "tlsf" && tlsf.module === null) {
      outcomes.set(n, { result: null, error: `not run: ${tlsf.error ?? "no TLSF module"}` });
      continue;
    }
    try {
      runDj(n, warm, tlsf.module);
    } catch (e) {
      outcomes.set(n, { result: null, error: (e as Error).message });
    }
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const prev = outcomes.get(n);
      if (prev && prev.error !== null) continue;
      try {
        const res = runDj(n, o, tlsf.module);
        if (!prev || res.cpuSeconds < prev.result.cpuSeconds) outcomes.set(n, { result: res, error: null });
      } catch (e) {
        outcomes.set(n, { result: null, error: (e as Error).message });
      }
    }
  }
  const ordered = new Map<AllocatorName, DjOutcome>();
  for (const n of names) {
    const oc = outcomes.get(n);
    if (oc) ordered.set(n, oc);
  }
  return { setting, outcomes: ordered };
}

/**
 * Operations (allocations plus frees) of a result.
 * @public
 */
export function opsOf(r: DjResult): number {
  return r.allocs + r.frees;
}

/**
 * Processor nanoseconds per operation above the harness's, or NaN if
 * either is missing.
 * @public
 */
export function nsPerOpAbove(sr: DjSettingResult, name: AllocatorName): number {
  const a = sr.outcomes.get(name);
  const h = sr.outcomes.get("harness");
  if (!a || a.error !== null || !h || h.error !== null) return NaN;
  return ((a.result.cpuSeconds - h.result.cpuSeconds) * 1e9) / opsOf(a.result);
}

function f(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "—";
}

/**
 * The setting's table: the workload, then per allocator its operations,
 * processor and elapsed seconds, nanoseconds per operation (all, and above
 * the harness) and its cost relative to MVFF's.
 * @public
 */
export function formatSetting(sr: DjSettingResult): string {
  const lines: string[] = [];
  lines.push(`${sr.setting.label}`);
  lines.push(`  ${describeWorkload(sr.setting.options)}`);
  if (sr.setting.note) lines.push(`  ${sr.setting.note}`);
  lines.push(`  ${"allocator".padEnd(9)} ${"ops".padStart(11)} ${"CPU s".padStart(8)} ${"wall s".padStart(8)} ${"ns/op".padStart(8)} ${"above harness".padStart(14)} ${"vs mvff".padStart(8)}`);
  const mvff = nsPerOpAbove(sr, "mvff");
  let ops = -1;
  for (const [name, oc] of sr.outcomes) {
    if (oc.error !== null) {
      lines.push(`  ${name.padEnd(9)} ${oc.error.startsWith("skipped:") ? "" : "FAILED: "}${oc.error}`);
      continue;
    }
    const r = oc.result;
    const n = opsOf(r);
    if (ops >= 0 && n !== ops) lines.push(`  !! ${name} did ${n} operations, not ${ops}: the workloads differ`);
    ops = n;
    const above = name === "harness" ? NaN : nsPerOpAbove(sr, name);
    lines.push(
      `  ${name.padEnd(9)} ${n.toLocaleString("en-US").padStart(11)} ${f(r.cpuSeconds, 3).padStart(8)} ${f(r.wallSeconds, 3).padStart(8)} ${f((r.cpuSeconds * 1e9) / n, 1).padStart(8)} ${(name === "harness" ? "(baseline)" : f(above, 1)).padStart(14)} ${(name === "harness" ? "" : ratioText(above / mvff)).padStart(8)}`,
    );
  }
  return lines.join("\n");
}

function ratioText(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : "—";
}

/**
 * The ratio table: each allocator's cost per operation above the harness
 * divided by MVFF's, one column per setting.
 * @public
 */
export function formatRatios(results: readonly DjSettingResult[], names: readonly AllocatorName[]): string {
  const w = Math.max(10, ...results.map((r) => r.setting.label.length));
  const lines = [`cost per operation above the harness, relative to mvff's (lower is faster)`];
  lines.push(`  ${"allocator".padEnd(9)} ${results.map((r) => r.setting.label.padStart(w)).join(" ")}`);
  for (const n of names) {
    if (n === "harness") continue;
    lines.push(`  ${n.padEnd(9)} ${results.map((r) => ratioText(nsPerOpAbove(r, n) / nsPerOpAbove(r, "mvff")).padStart(w)).join(" ")}`);
  }
  lines.push(`  ${"mvff ns".padEnd(9)} ${results.map((r) => f(nsPerOpAbove(r, "mvff"), 1).padStart(w)).join(" ")}`);
  return lines.join("\n");
}

/**
 * The C MPS's figures quoted in the issue, measured elsewhere (not on this
 * machine): processor seconds of the hot build for `djbench -i 10 -s 6`.
 * @public
 */
export const C_REFERENCE: Readonly<Record<string, number>> = Object.freeze({ mvff: 1.98, mvt: 5.56, mvffa: 2.61 });

/**
 * The reference lines for the small-block setting, next to this run's figures.
 * @public
 */
export function formatReference(sr: DjSettingResult | undefined): string {
  const lines = ["reference: the C MPS, hot build, djbench -i 10 -s 6 (measured elsewhere, quoted from the issue; another machine and an unknown seed)"];
  for (const [name, sec] of Object.entries(C_REFERENCE)) {
    const oc = sr?.outcomes.get(name as AllocatorName);
    const here = oc && oc.error === null ? `${oc.result.cpuSeconds.toFixed(3)} CPU s here (${(oc.result.cpuSeconds / sec).toFixed(2)}x the C figure)` : "not measured here";
    lines.push(`  ${name.padEnd(6)} C: ${sec.toFixed(2)} CPU s; ${here}`);
  }
  return lines.join("\n");
}

/**
 * One target of the issue and whether this run met it.
 * @public
 */
export interface DjTarget {
  /** What the target asks. */
  what: string;
  /** Met, missed, or not measurable (an allocator failed). */
  met: boolean | null;
  /** The figures behind the verdict. */
  detail: string;
}

const MPS: readonly AllocatorName[] = ["mvff", "mvt", "mvffa"];

/**
 * Judge the issue's targets: MVFF and MVT cost per operation flat within
 * 1.5x over the scaling settings; MVT, MVFF and MVFF-alloc at least 3x
 * faster than the skip-list allocator on the scaling settings of 1 024
 * slots and more; within 2x of TLSF on every setting.
 * @public
 */
export function judgeTargets(all: readonly DjSettingResult[], scaling: readonly DjSettingResult[]): DjTarget[] {
  const out: DjTarget[] = [];
  for (const n of ["mvff", "mvt"] as const) {
    const xs = scaling.map((r) => nsPerOpAbove(r, n));
    const ok = xs.every((x) => Number.isFinite(x) && x > 0);
    const spread = ok ? Math.max(...xs) / Math.min(...xs) : NaN;
    out.push({
      what: `${n}: cost per op flat within 1.5x from ${scaling[0]?.setting.label ?? "?"} to ${scaling[scaling.length - 1]?.setting.label ?? "?"}`,
      met: ok ? spread <= 1.5 : null,
      detail: `${xs.map((x) => f(x, 1)).join(", ")} ns/op: max/min ${f(spread, 2)}x`,
    });
  }
  const big = scaling.filter((r) => r.setting.options.nblocks >= 1024);
  for (const n of MPS) {
    const rs = big.map((r) => nsPerOpAbove(r, "skiplist") / nsPerOpAbove(r, n));
    const ok = rs.length > 0 && rs.every((x) => Number.isFinite(x));
    out.push({
      what: `${n}: at least 3x faster than the skip-list allocator from 1 024 slots up`,
      met: ok ? rs.every((x) => x >= 3) : null,
      detail: `skiplist/${n}: ${big.map((r, i) => `${r.setting.label} ${f(rs[i]!, 2)}x`).join(", ")}`,
    });
  }
  for (const n of MPS) {
    const rs = all.map((r) => nsPerOpAbove(r, n) / nsPerOpAbove(r, "tlsf"));
    const ok = rs.length > 0 && rs.every((x) => Number.isFinite(x));
    out.push({
      what: `${n}: within 2x of TLSF called from JS, on every setting`,
      met: ok ? rs.every((x) => x <= 2) : null,
      detail: `${n}/tlsf: ${all.map((r, i) => `${r.setting.label} ${f(rs[i]!, 2)}x`).join(", ")}`,
    });
  }
  return out;
}

/**
 * The targets as printed lines.
 * @public
 */
export function formatTargets(ts: readonly DjTarget[]): string {
  const lines = ["targets from the issue"];
  for (const t of ts) lines.push(`  [${t.met === null ? "NOT MEASURED" : t.met ? "met" : "MISSED"}] ${t.what}\n      ${t.detail}`);
  return lines.join("\n");
}
