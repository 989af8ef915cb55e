// The Telemetry structure: options, signature, check and describe, the
// default telemetry, and the cool-level checks of the writers' arguments.
import { afterEach, describe, expect, it, vi } from "vitest";
import { COOL, MpsAssertionError, SIG_INVALID, describeToString, sigName } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MemoryStream } from "@mps/plinth";
import { MockPlinth } from "@mps/plinth/test-util";
import {
  EVENT_KIND_ALL, SIG_TELEMETRY, TELEMETRY_BUFFER_DEFAULT, TELEMETRY_BUFFER_MAX, TELEMETRY_BUFFER_MIN, Telemetry, defaultTelemetry,
  eventArenaAlloc, eventArenaPollEnd, eventArenaSetSpare, readTelemetry,
} from "../src/index.js";

describe("Telemetry", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it(".if.telemetry: the buffer size is checked; a bad one is PARAM", () => {
    const plinth = new MockPlinth();
    expect(new Telemetry({ plinth }).bytes.length).toBe(TELEMETRY_BUFFER_DEFAULT);
    expect(new Telemetry({ plinth, bufferSize: TELEMETRY_BUFFER_MIN }).bytes.length).toBe(512);
    for (const bad of [TELEMETRY_BUFFER_MIN - 1, TELEMETRY_BUFFER_MAX + 1, 1000.5, Number.NaN]) {
      expect(codeOf(() => new Telemetry({ plinth, bufferSize: bad }))).toBe("PARAM");
    }
  });

  it(".if.telemetry: the stream option replaces the plinth's", () => {
    const plinth = new MockPlinth();
    const stream = new MemoryStream();
    const tel = new Telemetry({ plinth, stream, control: EVENT_KIND_ALL });
    eventArenaAlloc(tel, 1, 1, 0, 8, 1);
    tel.flush();
    expect(plinth.io.count("open")).toBe(0);
    expect(readTelemetry(stream.bytes()).events.length).toBe(3);
    expect(tel.stream).toBe(stream);
  });

  it(".check: the signature is set last and SIG_INVALID after finish; check and describe work throughout", () => {
    const tel = new Telemetry({ plinth: new MockPlinth(), control: "pool object" });
    expect(tel.sig).toBe(SIG_TELEMETRY);
    expect(sigName(SIG_TELEMETRY)).toBe("Telemetry");
    expect(tel.check()).toBe(true);
    eventArenaAlloc(tel, 1, 1, 0, 8, 1); // Arena is off
    const text = describeToString(tel);
    expect(text).toContain("control 0x22 (Pool Object)");
    expect(text).toContain("plinth mock, stream not yet made");
    expect(text).toContain("buffer 0 of 16384 bytes, 0 events");
    tel.finish();
    expect(tel.sig).toBe(SIG_INVALID);
    expect(describeToString(tel)).toContain("Telemetry (finished) {");
    expect(() => tel.check()).toThrow(MpsAssertionError);
  });

  it(".if.telemetry: describe reports the last failure", () => {
    const plinth = new MockPlinth();
    plinth.io.failOn("open", 1);
    const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL });
    eventArenaAlloc(tel, 1, 1, 0, 8, 1);
    expect(codeOf(() => tel.flush())).toBe("IO");
    expect(describeToString(tel)).toContain("last error: IO: MockIOStream: open call 1 fails");
  });

  it(".if.default: the default telemetry is one object, with its mask from the environment", async () => {
    vi.stubEnv("MPS_TELEMETRY_CONTROL", "trace");
    const fresh = await import("../src/telemetry.js");
    const t = fresh.defaultTelemetry();
    expect(fresh.defaultTelemetry()).toBe(t);
    expect(t.get()).toBe(4);
    expect(t.plinth.name).toBe("default");
    expect(defaultTelemetry()).toBe(defaultTelemetry());
  });

  it.skipIf(!COOL)(".if.emit: at cool, a writer's arguments are checked by sort", () => {
    const tel = new Telemetry({ plinth: new MockPlinth(), control: EVENT_KIND_ALL });
    expect(() => eventArenaAlloc(tel, -1, 1, 0, 8, 1)).toThrow(MpsAssertionError); // P
    expect(() => eventArenaAlloc(tel, 1, 1, 2 ** 32 + 1, 8, 1)).toThrow(MpsAssertionError); // A
    expect(() => eventArenaAlloc(tel, 1, 1, 0, 2 ** 53, 1)).toThrow(MpsAssertionError); // W
    expect(() => eventArenaSetSpare(tel, 1, "x" as unknown as number)).toThrow(MpsAssertionError); // D
    expect(() => eventArenaPollEnd(tel, 1, 1 as unknown as boolean)).toThrow(MpsAssertionError); // B
    expect(tel.pending).toBe(0);
  });
});
