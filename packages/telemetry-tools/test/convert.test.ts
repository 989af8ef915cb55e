// The converters on logs of real runs (the churn of support.ts through
// @mps/mps): text, JSON lines, the analysis and the summary, checked against
// the events themselves and against the GC messages of the same run.
import { describe, expect, it } from "vitest";
import { eventByCode } from "@mps/telemetry";
import { analyseLog, decodeLog, eventJson, eventText, pauseStats, summarise, summaryText, writeJsonLines, writeText } from "../src/index.js";
import { churnLog, type RunLog } from "./support.js";

const runs: [string, () => RunLog][] = [
  ["AMC, no barrier", () => churnLog({ pool: "amc", protection: "none" })],
  ["AMS, software barrier", () => churnLog({ pool: "ams", protection: "software", lists: 4000 })],
];

describe.each(runs)("a real run: %s", (_, make) => {
  const run = make();
  const log = decodeLog(run.bytes, "run.log");

  it(".test.real: the run collected and its log reads to the end", () => {
    expect(log.error).toBeUndefined();
    expect(run.messages.length).toBeGreaterThan(1);
    expect(log.events.some((e) => e.name === "TraceCreatePoolGen")).toBe(true);
  });

  // .req.text
  it(".if.text: one line per event, times from 0 not decreasing, labels and class names resolved", () => {
    let out = "";
    const n = writeText(log, (s) => (out += s));
    const lines = out.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.length).toBe(n);
    expect(n).toBe(log.events.length);
    const times = lines.map((l) => Number(l.slice(0, 12)));
    expect(times[0]).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    lines.forEach((l, i) => expect(l.slice(13).startsWith(log.events[i]!.name)).toBe(true));
    const poolInit = lines.find((l) => l.includes(" PoolInit "))!;
    expect(poolInit).toMatch(/pool:\d+\[cons cells\] arena:\d+\[VM\] poolClass:\d+="/);
    expect(poolInit).toContain(`="${run.pool}"`);
    expect(lines.find((l) => l.includes(" ArenaAlloc "))).toMatch(/base:0x[0-9A-F]{8} size:\d+ pool:\d+\[cons cells\]$/);
  });

  // .req.json
  it(".if.json: one object per line with the event's parameters, time and labels", () => {
    let out = "";
    writeJsonLines(log, (s) => (out += s));
    const objs = out.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.length).toBe(log.events.length);
    objs.forEach((o, i) => {
      const e = log.events[i]!;
      expect([o["name"], o["code"], o["kind"], o["clock"], o["offset"]]).toEqual([e.name, e.code, e.kind, e.clock, e.offset]);
      expect(o["params"]).toEqual(e.params);
      expect(Object.keys(o["params"] as object)).toEqual(eventByCode(e.code)!.params.map((p) => p[0]));
    });
    const pi = objs.find((o) => o["name"] === "PoolInit")!;
    expect(pi["labels"]).toEqual({ pool: "cons cells", arena: "VM", poolClass: run.pool });
    expect(eventJson(log, log.events[0]!)["t"]).toBe(0);
  });

  // .req.events
  it(".if.analysis: collections match the GC messages one for one", () => {
    const a = analyseLog(log);
    expect(a.collections.length).toBe(run.messages.length);
    a.collections.forEach((c, i) => {
      const m = run.messages[i]!;
      expect([c.condemned, c.notCondemned, c.survived]).toEqual([m.condemned, m.notCondemned, m.live]);
      expect(c.end).toBeDefined();
      expect(c.begin).toBeLessThanOrEqual(c.flip!);
      expect(c.flip!).toBeLessThanOrEqual(c.reclaim!);
      expect(c.reclaim!).toBeLessThanOrEqual(c.end!);
      expect(c.gens.reduce((s, g) => s + g.condemned, 0)).toBe(c.condemned);
    });
    // Committed memory (VMMap less VMUnmap) covers what the pools hold at every step, and reserved covers committed.
    expect(a.committed.t.length).toBeGreaterThan(0);
    const at = (s: { t: number[]; v: number[] }, t: number): number => {
      let v = 0;
      for (let i = 0; i < s.t.length && s.t[i]! <= t; i++) v = s.v[i]!;
      return v;
    };
    for (let i = 0; i < a.inUse.t.length; i++) {
      const t = a.inUse.t[i]!;
      expect(at(a.committed, t)).toBeGreaterThanOrEqual(a.inUse.v[i]!);
      expect(at(a.reserved, t)).toBeGreaterThanOrEqual(at(a.committed, t));
    }
    expect(a.inUse.v[a.inUse.v.length - 1]).toBe(0); // everything was given back
    expect(a.genSize.size).toBeGreaterThan(0);
    expect(a.pauses.length).toBeGreaterThanOrEqual(a.collections.length > 0 ? 1 : 0);
    for (const p of a.pauses) expect(p.end).toBeGreaterThanOrEqual(p.begin);
  });

  // .req.summary
  it(".if.summary: collections, bytes condemned and surviving per generation, pauses", () => {
    const s = summarise(log);
    expect(s.collections).toBe(run.messages.length);
    expect(s.finished).toBe(run.messages.length);
    expect(s.condemned).toBe(run.messages.reduce((x, m) => x + m.condemned, 0));
    expect(s.survived).toBe(run.messages.reduce((x, m) => x + m.live, 0));
    expect(s.gens.reduce((x, g) => x + g.condemned, 0)).toBe(s.condemned);
    expect(s.gens.reduce((x, g) => x + g.survived, 0)).toBe(s.survived);
    expect(s.bufferFilled).toBeGreaterThan(0);
    expect(s.arenaAllocated).toBeGreaterThan(0);
    expect(s.pauses.histogram.counts.reduce((x, n) => x + n, 0)).toBe(s.pauses.count);
    const text = summaryText(log, s);
    expect(text).toContain(`collections: ${run.messages.length} (${run.messages.length} finished)`);
    expect(text).toContain(`condemned ${s.condemned} bytes`);
    expect(text).toContain(`pauses: ${s.pauses.count}`);
  });

  it(".if.text: eventText agrees with writeText", () => {
    let out = "";
    writeText(log, (s) => (out += s));
    expect(out.split("\n")[5]).toBe(eventText(log, log.events[5]!));
  });
});

describe("pauseStats", () => {
  it(".if.summary.pauses: nearest-rank percentiles and a histogram by powers of ten", () => {
    const ps = [1e-6, 5e-5, 2e-3, 3e-3, 0.5, 2].map((d, i) => ({ kind: "poll" as const, begin: i, end: i + d, traces: [] }));
    const s = pauseStats(ps);
    expect(s.count).toBe(6);
    expect(s.min).toBeCloseTo(1e-6, 9);
    expect(s.max).toBeCloseTo(2, 9);
    expect(s.median).toBeCloseTo(2e-3, 9);
    expect(s.histogram.counts).toEqual([1, 1, 0, 2, 0, 1, 1]);
    expect(pauseStats([])).toMatchObject({ count: 0, total: 0, median: 0, max: 0 });
  });
});
