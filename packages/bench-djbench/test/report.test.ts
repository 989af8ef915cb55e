import { describe, expect, it } from "vitest";
import type { DjResult } from "../src/dj.js";
import { DJ_DEFAULTS, type AllocatorName } from "../src/options.js";
import {
  C_REFERENCE, formatRatios, formatReference, formatSetting, formatTargets, judgeTargets, nsPerOpAbove, opsOf,
  type DjOutcome, type DjSettingResult,
} from "../src/report.js";

// Made-up figures (no timing in tests): processor seconds per allocator for
// one million operations each, so 1 ms is 1 ns per operation.
function setting(label: string, nblocks: number, ms: Partial<Record<AllocatorName, number>>, errors: Partial<Record<AllocatorName, string>> = {}): DjSettingResult {
  const outcomes = new Map<AllocatorName, DjOutcome>();
  for (const [name, t] of Object.entries(ms) as [AllocatorName, number][]) {
    const result: DjResult = { name, allocs: 500_000, frees: 500_000, bytes: 8e6, cpuSeconds: t / 1000, wallSeconds: t / 1000 };
    outcomes.set(name, { result, error: null });
  }
  for (const [name, e] of Object.entries(errors) as [AllocatorName, string][]) outcomes.set(name, { result: null, error: e });
  return { setting: { label, options: { ...DJ_DEFAULTS, nblocks, seedGiven: true } }, outcomes };
}

const base = { harness: 100, mvt: 200, mvff: 180, mvffa: 190, thing: 300, skiplist: 500, tlsf: 150 };

describe("report", () => {
  it(".impl.report: cost per operation is processor time above the harness's, per alloc or free", () => {
    const s = setting("x", 64, base);
    expect(opsOf(s.outcomes.get("mvff")!.result!)).toBe(1_000_000);
    expect(nsPerOpAbove(s, "mvff")).toBeCloseTo(80, 6);
    expect(nsPerOpAbove(s, "tlsf")).toBeCloseTo(50, 6);
    expect(Number.isNaN(nsPerOpAbove(setting("y", 64, { mvff: 1 }), "mvff"))).toBe(true);
  });

  it(".req.workload.print .req.honest: a setting's table prints the workload, every allocator, failures and skips", () => {
    const s = setting("small", 64, base, { tlsf: "not run: asc failed: boom" });
    s.setting.skip = { thing: "too slow" };
    s.outcomes.set("thing", { result: null, error: "skipped: too slow" });
    const t = formatSetting(s);
    expect(t).toContain("workload: 50 iteration(s) of 100 passes over 64 slots");
    expect(t).toContain("(djbench -i 50 -p 100 -b 64 -s 18 -c 0.2 -r 75 -d 10 -x 1)");
    expect(t).toMatch(/mvt\s+1,000,000\s+0\.200\s+0\.200\s+200\.0\s+100\.0\s+1\.25x/);
    expect(t).toContain("tlsf      FAILED: not run: asc failed: boom");
    expect(t).toContain("thing     skipped: too slow");
  });

  it(".req.ratio: the ratio table divides each allocator's cost by mvff's, per setting", () => {
    const t = formatRatios([setting("a", 64, base), setting("b", 1024, { ...base, mvff: 140 })], ["harness", "mvff", "skiplist"]);
    expect(t).toMatch(/mvff\s+1\.00x\s+1\.00x/);
    expect(t).toMatch(/skiplist\s+5\.00x\s+10\.00x/);
    expect(t).not.toMatch(/^\s+harness/m);
  });

  it(".req.reference: the C figures are printed as measured elsewhere, next to this run's", () => {
    expect(C_REFERENCE).toEqual({ mvff: 1.98, mvt: 5.56, mvffa: 2.61 });
    const t = formatReference(setting("s", 64, { ...base, mvff: 1980 }));
    expect(t).toContain("measured elsewhere");
    expect(t).toContain("mvff   C: 1.98 CPU s; 1.980 CPU s here (1.00x the C figure)");
    expect(formatReference(undefined)).toContain("not measured here");
  });

  it(".req.targets: every target is judged met or missed from the figures", () => {
    const scaling = [setting("64 slots", 64, base), setting("1024 slots", 1024, base), setting("65536 slots", 65536, { ...base, mvt: 260 })];
    const ts = judgeTargets(scaling, scaling);
    const by = (what: string) => ts.find((t) => t.what.startsWith(what))!;
    // mvff: 80 ns everywhere (flat); mvt: 100 → 160 ns (1.6x, not flat).
    expect(by("mvff: cost per op flat").met).toBe(true);
    expect(by("mvt: cost per op flat").met).toBe(false);
    expect(by("mvt: cost per op flat").detail).toContain("max/min 1.60x");
    // skiplist 400 ns: mvff 5x faster (met), mvt 4x then 2.5x (missed).
    expect(by("mvff: at least 3x").met).toBe(true);
    expect(by("mvt: at least 3x").met).toBe(false);
    // tlsf 50 ns: mvff 1.6x (met), mvt up to 3.2x (missed).
    expect(by("mvff: within 2x").met).toBe(true);
    expect(by("mvt: within 2x").met).toBe(false);
    const printed = formatTargets(ts);
    expect(printed).toContain("[met] mvff: cost per op flat");
    expect(printed).toContain("[MISSED] mvt: within 2x of TLSF");
  });

  it(".req.targets .req.honest: a target that needs a failed allocator is not measured, not met", () => {
    const s = [setting("1024 slots", 1024, base, { tlsf: "asc failed" })];
    s[0]!.outcomes.delete("tlsf");
    s[0]!.outcomes.set("tlsf", { result: null, error: "asc failed" });
    const ts = judgeTargets(s, s);
    expect(ts.find((t) => t.what.startsWith("mvff: within 2x"))!.met).toBeNull();
    expect(formatTargets(ts)).toContain("[NOT MEASURED] mvff: within 2x");
  });
});
