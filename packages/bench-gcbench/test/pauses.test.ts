import { describe, expect, it } from "vitest";
import { pauseStats, pausesOf, pauseTelemetry } from "../src/pauses.js";
import { EVENT_KIND_ARENA, eventArenaAccessBegin, eventArenaAccessEnd, eventArenaPollBegin, eventArenaPollEnd } from "@mps/telemetry";

describe("pauses", () => {
  it(".impl.pauses: nearest-rank median, 99th percentile and maximum", () => {
    const xs = Float64Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(pauseStats(xs)).toEqual({ count: 200, total: 20100, median: 100, p99: 198, max: 200 });
    expect(pauseStats(new Float64Array(0))).toEqual({ count: 0, total: 0, median: 0, p99: 0, max: 0 });
  });
  it(".impl.pauses: outermost poll and access pairs are pauses; a poll inside an access is part of it", () => {
    const { telemetry, stream } = pauseTelemetry();
    expect(telemetry.control & EVENT_KIND_ARENA).not.toBe(0);
    eventArenaPollBegin(telemetry, 1);
    eventArenaPollEnd(telemetry, 1, true);
    eventArenaAccessBegin(telemetry, 1, 4096, 1);
    eventArenaPollBegin(telemetry, 1);
    eventArenaPollEnd(telemetry, 1, true);
    eventArenaAccessEnd(telemetry, 1);
    telemetry.flush();
    const p = pausesOf(stream.bytes());
    expect(p.length).toBe(2);
    for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
  });
});
