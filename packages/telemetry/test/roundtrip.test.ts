// Every event type goes through its writer and comes back from the reader
// with the same parameters, clock and order (design .req.roundtrip).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MockPlinth } from "@mps/plinth/test-util";
import { EVENT_KIND_ALL, EVENT_LIST, Telemetry, readTelemetry } from "../src/index.js";
import { arbArgs, arbEvent, clientEvents, expectedParams, sameParams, write } from "./support.js";

// The writer adds EventInit and EventClockSync records of its own; a sequence
// without them can be compared with the log's other records one for one.
const arbClientEvent = arbEvent.filter(({ def }) => def.name !== "EventInit" && def.name !== "EventClockSync");

describe("round trip", () => {
  it.each(EVENT_LIST.map((d) => [d.name, d] as const))(".req.roundtrip: %s", (_name, def) => {
    fc.assert(
      fc.property(arbArgs(def), fc.integer({ min: 0, max: 2 ** 40 }), (args0, start) => {
        // The reader takes every EventInit for a header, whose version it must know.
        const args = def.name === "EventInit" ? [1, 0, ...args0.slice(2)] : args0;
        const plinth = new MockPlinth({ clock: start, autoStep: 3 });
        const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL });
        write(tel, def.name, args);
        tel.flush();
        const log = readTelemetry(plinth.io.bytes());
        expect(log.error).toBeUndefined();
        // The log is the header, the event, then the writer's clock sync.
        expect(log.events.map((e) => e.name)).toEqual(["EventInit", def.name, "EventClockSync"]);
        const e = log.events[1]!;
        expect(e.name).toBe(def.name);
        expect(e.code).toBe(def.code);
        expect(e.kind).toBe(def.kind);
        expect(e.clock).toBe(start);
        expect(sameParams(e.params as Record<string, number>, expectedParams(def, args))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it(".req.roundtrip: any sequence of events, across many buffer-fulls, reads back in order", () => {
    fc.assert(
      fc.property(fc.array(arbClientEvent, { maxLength: 300 }), fc.integer({ min: 512, max: 2048 }), (evs, bufferSize) => {
        const plinth = new MockPlinth({ clock: 1000, autoStep: 1 });
        const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL, bufferSize });
        for (const { def, args } of evs) write(tel, def.name, args);
        tel.flush();
        const log = readTelemetry(plinth.io.bytes());
        expect(log.error).toBeUndefined();
        expect(log.skipped).toBe(0);
        if (evs.length === 0) {
          // Nothing was written: no stream was opened, not even for a header.
          expect(log.events).toEqual([]);
          expect(plinth.io.count("open")).toBe(0);
          return;
        }
        expect(log.version).toEqual({ major: 1, median: 0, minor: 0 });
        expect(log.clocksPerSec).toBe(1_000_000);
        expect(log.events[0]?.name).toBe("EventInit");
        const got = clientEvents(log.events);
        expect(got.map((e) => e.name)).toEqual(evs.map((x) => x.def.name));
        got.forEach((e, i) => {
          expect(sameParams(e.params as Record<string, number>, expectedParams(evs[i]!.def, evs[i]!.args))).toBe(true);
        });
        // Clocks never decrease through the log.
        for (let i = 1; i < log.events.length; i++) expect(log.events[i]!.clock).toBeGreaterThanOrEqual(log.events[i - 1]!.clock);
        expect(tel.writtenEvents).toBe(evs.length);
        expect(tel.droppedEvents).toBe(0);
        tel.check();
      }),
      { numRuns: 60 },
    );
  });
});
