// MPS_TELEMETRY_CONTROL, parsed as the ANSI plinth parses it, and where the
// telemetry reads it; MPS_TELEMETRY_FILENAME through the default plinth.
import { afterEach, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostPlinth } from "@mps/plinth";
import { MockPlinth } from "@mps/plinth/test-util";
import { EVENT_KIND_ALL, Telemetry, eventArenaDestroy, parseTelemetryControl, readTelemetry } from "../src/index.js";

describe("parseTelemetryControl", () => {
  it(".req.env.control: a number is the mask", () => {
    const cases: [string, number][] = [
      ["6", 6], ["127", 127], ["0x41", 0x41], ["0X7f", 0x7f], ["010", 8], ["  3", 3], ["+5", 5],
      ["6 arena", 6], ["4junk", 4], ["255", 0x7f], ["-1", 0x7f], ["4294967295", 0x7f], ["99999999999999999999999", 0x7f],
    ];
    for (const [value, mask] of cases) expect([value, parseTelemetryControl(value)]).toEqual([value, mask]);
  });

  it(".req.env.control: otherwise, words name kinds, in any case; all means every kind", () => {
    const cases: [string, number][] = [
      ["arena", 1], ["Pool", 2], ["arena pool trace", 7], ["SEG ref", 0x18], ["object,user", 0x60], ["pool\tseg\n", 0x0a],
      ["all", EVENT_KIND_ALL], ["pool ALL", EVENT_KIND_ALL], ["pool nonsense", 2], ["nonsense", 0], ["0", 0],
      ["0 pool", 2], ["0x0 arena", 1], ["", 0], ["   ", 0],
    ];
    for (const [value, mask] of cases) expect([value, parseTelemetryControl(value)]).toEqual([value, mask]);
    expect(parseTelemetryControl(undefined)).toBe(0);
  });
});

describe("where the telemetry reads its settings", () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it(".req.env.control: the initial mask comes from the plinth's MPS_TELEMETRY_CONTROL, unless given", () => {
    expect(new Telemetry({ plinth: new MockPlinth({ env: { MPS_TELEMETRY_CONTROL: "pool seg" } }) }).get()).toBe(0x0a);
    expect(new Telemetry({ plinth: new MockPlinth({ env: { MPS_TELEMETRY_CONTROL: "0x20" } }) }).get()).toBe(0x20);
    expect(new Telemetry({ plinth: new MockPlinth() }).get()).toBe(0);
    const p = new MockPlinth({ env: { MPS_TELEMETRY_CONTROL: "all" } });
    expect(new Telemetry({ plinth: p, control: "trace" }).get()).toBe(4);
    expect(new Telemetry({ plinth: p, control: 3 }).get()).toBe(3);
  });

  it(".req.env.filename: with the host plinth, the log goes to MPS_TELEMETRY_FILENAME, made only when written", () => {
    const dir = mkdtempSync(join(tmpdir(), "mps-telemetry-"));
    dirs.push(dir);
    const file = join(dir, "events.log");
    vi.stubEnv("MPS_TELEMETRY_FILENAME", file);
    vi.stubEnv("MPS_TELEMETRY_CONTROL", "arena");
    const tel = new Telemetry({ plinth: new HostPlinth() });
    expect(tel.get()).toBe(1);
    tel.flush();
    expect(existsSync(file)).toBe(false); // nothing to write, no file
    eventArenaDestroy(tel, 7);
    tel.close();
    const log = readTelemetry(readFileSync(file));
    expect(log.error).toBeUndefined();
    expect(log.events.map((e) => e.name)).toEqual(["EventInit", "ArenaDestroy", "EventClockSync"]);
  });
});
