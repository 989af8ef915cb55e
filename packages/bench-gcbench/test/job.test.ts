/**
 * The report's jobs (docs/design/bench-gcbench.md `.impl.isolate`): what
 * crosses the process boundary survives it, and a job measures the same
 * workload in this process and in a process of its own.
 */
import { describe, expect, it } from "vitest";
import { LIST_LENGTH } from "../src/churn.js";
import { bestOfCopies, decodeJob, decodeResult, encodeJob, encodeResult, runJob, runJobIsolated, type Job } from "../src/job.js";
import { defaultOptions } from "../src/options.js";
import type { MpsChurnResult, MpsTreeResult } from "../src/run.js";

const churnJob: Job = { kind: "churn-mps", o: { pool: "amc", protection: "none", seed: 3, telemetry: true, window: 20, cells: 16_000, gen: [{ capacity: 16, mortality: 0.9 }], arenaSize: 16 << 20 }, copies: 1, reps: 1, key: "job test" };

describe("jobs", () => {
  it("a job and a result keep Infinity and Float64Array across JSON", () => {
    const job: Job = { kind: "tree-mps", o: { ...defaultOptions(5), heapGrowth: Infinity }, test: "ams" };
    const back = decodeJob(encodeJob(job));
    expect(back).toEqual(job);
    const r = decodeResult(encodeResult({ cpu: 1, wall: 2, objects: 3, pauses: Float64Array.of(0.5, 0.25) } as unknown as MpsChurnResult)) as MpsChurnResult;
    expect(r.pauses).toBeInstanceOf(Float64Array);
    expect(Array.from(r.pauses)).toEqual([0.5, 0.25]);
  });
  it("bestOfCopies keeps the run of least CPU time, warming each copy up first", () => {
    const seen: string[] = [];
    let t = 5;
    const best = bestOfCopies(2, 2, "k", (copy, cells) => {
      seen.push(`${copy}${cells === undefined ? "" : " warm"}`);
      return { cpu: t--, copy };
    });
    expect(seen).toEqual(["k #0 warm", "k #0", "k #0", "k #1 warm", "k #1", "k #1"]);
    expect(best.cpu).toBe(0);
    expect(() => bestOfCopies(0, 1, "k", () => ({ cpu: 1 }))).toThrow(RangeError);
  });
  it("runJob measures churn here, and runJobIsolated the same lists in a child process", () => {
    const here = runJob(churnJob) as MpsChurnResult;
    expect(here.verified).toBe(20 * LIST_LENGTH);
    const there = runJobIsolated(churnJob) as MpsChurnResult;
    expect(there.cells).toBe(here.cells);
    expect(there.verified).toBe(here.verified);
    expect(there.collections).toBe(here.collections);
    expect(there.pauses).toBeInstanceOf(Float64Array);
  });
  it("runJobIsolated runs the churn's floor and counts its cells", () => {
    const r = runJobIsolated({ kind: "churn-floor", window: 20, cells: 16_000, seed: 3, copies: 1, reps: 1, key: "floor test" }) as { objects: number; cpu: number };
    expect(r.objects).toBe(16_000);
    expect(r.cpu).toBeGreaterThan(0);
  });
  it("runJobIsolated runs a tree job and reports its figures", () => {
    const o = { ...defaultOptions(9), depth: 8, niter: 1, npass: 2, gen: [{ capacity: 8, mortality: 0.8 }], arenaSize: 16 << 20 };
    const r = runJobIsolated({ kind: "tree-mps", o, test: "amc" }) as MpsTreeResult;
    expect(r.objects).toBeGreaterThan(255);
    expect(r.committedPeak).toBeGreaterThan(0);
  });
  it("a failing job is an error that says so", () => {
    const bad = { kind: "nope" } as unknown as Job;
    expect(() => runJob(bad)).toThrow(/unknown kind "nope"/);
    expect(() => runJobIsolated(bad)).toThrow(/gcbench job nope failed .*unknown kind/s);
  });
});

describe("tree jobs", () => {
  it("a tree job reports its measured run only, not its warm-up", () => {
    const o = { ...defaultOptions(2), width: 8, depth: 5, niter: 1, npass: 1 };
    const r = runJob({ kind: "tree-js", o }) as { objects: number };
    // One full tree of (8^5 - 1) / 7 vectors and one pass, however the warm-up went.
    expect(r.objects).toBeGreaterThanOrEqual((8 ** 5 - 1) / 7);
    expect(r.objects).toBeLessThan(2 * ((8 ** 5 - 1) / 7));
  });
});
