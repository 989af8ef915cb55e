// The examples of docs/reference/telemetry.md. The first writes the default
// telemetry's log to a file named by MPS_TELEMETRY_FILENAME, which the host
// plinth reads when the log is first written, so it is set to a temporary
// file before anything in this file writes an event.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "@mps/plinth";
import {
  EVENT_KIND_ALL, EVENT_KIND_ARENA, EVENT_KIND_POOL, EVENT_KIND_USER, Telemetry, defaultTelemetry, formatEvent, parseTelemetryControl, readTelemetry,
} from "@mps/telemetry";
import { codeOf } from "@mps/mpm/test-util";
import { Arena, ArenaClass, PoolClass, telemetry } from "../src/index.js";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mps-docs-telemetry-"));
  process.env["MPS_TELEMETRY_FILENAME"] = join(dir, "run.log");
});

afterAll(() => {
  telemetry.reset(EVENT_KIND_ALL);
  defaultTelemetry().close();
  delete process.env["MPS_TELEMETRY_FILENAME"];
  rmSync(dir, { recursive: true, force: true });
});

describe("docs/reference/telemetry.md", () => {
  it("the first example runs: the default telemetry, written to MPS_TELEMETRY_FILENAME", () => {
    telemetry.reset(EVENT_KIND_ALL); // whatever MPS_TELEMETRY_CONTROL says
    expect(telemetry.get()).toBe(0);
    telemetry.set(EVENT_KIND_ARENA | EVENT_KIND_POOL | EVENT_KIND_USER);
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
    const p = pool.alloc(16);
    telemetry.label(p, telemetry.intern("first block"));
    pool.destroy();
    arena.destroy();
    telemetry.flush();

    const log = readTelemetry(readFileSync(process.env["MPS_TELEMETRY_FILENAME"] ?? "mpsio.log"));
    expect(log.error).toBeUndefined();
    const lines = log.events.map((e) => formatEvent(e).slice(22)); // without the clock and code
    expect(lines).toEqual([
      "EventInit           major:1 median:0 minor:0 maxCode:92 maxNameLen:19 wordWidth:32 clocksPerSec:1000000",
      'Intern              stringId:1 string:"VM"',
      "ArenaCreateVM       arena:1 userSize:1048576 chunkSize:1048576 grainSize:4096 arenaClass:1 systemPools:0 serial:0",
      'Intern              stringId:2 string:"MFS"',
      "PoolInit            pool:2 arena:1 poolClass:2 serial:0",
      "ArenaAlloc          arena:1 baseTract:1 base:0x00001000 size:65536 pool:2",
      'Intern              stringId:3 string:"first block"',
      "Label               address:0x00001000 stringId:3",
      "ArenaFree           arena:1 base:0x00001000 size:65536 pool:2",
      "PoolFinish          pool:2 arena:1",
      "ArenaDestroy        arena:1",
      expect.stringMatching(/^EventClockSync      clock:\d+$/),
    ]);
    telemetry.reset(EVENT_KIND_ALL);
    expect(telemetry.get()).toBe(0);
  });

  it("the second example runs: an arena whose events go to memory", () => {
    const stream = new MemoryStream();
    const tel = new Telemetry({ stream, control: "pool object" });
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, telemetry: tel });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
    const p = pool.alloc(16);
    pool.free(p, 16);
    pool.destroy();
    arena.destroy();
    tel.flush();

    const log = readTelemetry(stream.bytes());
    expect(log.events.map((e) => e.name)).toEqual(["EventInit", "PoolInit", "PoolAlloc", "PoolFree", "PoolFinish", "EventClockSync"]);
    let seen = false;
    for (const e of log.events) {
      if (e.name === "PoolAlloc") {
        expect([e.params.pReturn === p, e.params.size]).toEqual([true, 16]);
        seen = true;
      }
    }
    expect(seen).toBe(true);
    const cut = readTelemetry(stream.bytes().subarray(0, 60));
    expect([cut.events.length, cut.error?.kind]).toEqual([1, "truncated"]);
  });

  it("MPS_TELEMETRY_CONTROL's syntax and the errors the entries state", () => {
    expect(parseTelemetryControl("6")).toBe(EVENT_KIND_POOL | 4);
    expect(parseTelemetryControl("-1")).toBe(EVENT_KIND_ALL);
    expect(parseTelemetryControl("arena pool seg")).toBe(1 | 2 | 8);
    expect(parseTelemetryControl("ARENA,user")).toBe(1 | 64);
    expect(parseTelemetryControl("all")).toBe(EVENT_KIND_ALL);
    expect(codeOf(() => telemetry.set(-1))).toBe("PARAM");
    expect(codeOf(() => telemetry.reset(1.5))).toBe("PARAM");
    expect(codeOf(() => telemetry.intern("x".repeat(256)))).toBe("PARAM");
    expect(codeOf(() => telemetry.label(2 ** 33, 1))).toBe("PARAM");
    expect(codeOf(() => telemetry.label(0, 1e9))).toBe("PARAM");
  });
});
