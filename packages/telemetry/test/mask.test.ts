// The control mask: set, reset and get; events of a kind that is off are not
// written, whatever their arguments; the guard at the call site.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { codeOf } from "@mps/mpm/test-util";
import { MockPlinth } from "@mps/plinth/test-util";
import {
  EVENT_KINDS, EVENT_KIND_ALL, EVENT_KIND_ARENA, EVENT_KIND_OBJECT, EVENT_KIND_POOL, EVENT_KIND_REF, EVENT_KIND_SEG,
  EVENT_KIND_TRACE, EVENT_KIND_USER, EVENT_LIST, Telemetry, eventKindBit, eventKindNames, eventPoolAlloc, readTelemetry,
} from "../src/index.js";
import { arbArgs, clientEvents, write } from "./support.js";

describe("control mask", () => {
  it(".req.control: each kind is one bit, in the MPS's order", () => {
    expect([EVENT_KIND_ARENA, EVENT_KIND_POOL, EVENT_KIND_TRACE, EVENT_KIND_SEG, EVENT_KIND_REF, EVENT_KIND_OBJECT, EVENT_KIND_USER]).toEqual([
      1, 2, 4, 8, 16, 32, 64,
    ]);
    expect(EVENT_KINDS.map((k) => k.name)).toEqual(["Arena", "Pool", "Trace", "Seg", "Ref", "Object", "User"]);
    expect(EVENT_KINDS.map((k) => eventKindBit(k.name))).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(EVENT_KIND_ALL).toBe(0x7f);
    expect(eventKindNames(0x22)).toEqual(["Pool", "Object"]);
    expect(eventKindNames(0)).toEqual([]);
  });

  it(".req.control: set turns bits on, reset turns them off, get reads the mask", () => {
    const tel = new Telemetry({ plinth: new MockPlinth(), control: 0 });
    expect(tel.get()).toBe(0);
    tel.set(EVENT_KIND_POOL | EVENT_KIND_SEG);
    expect(tel.get()).toBe(0x0a);
    tel.set(EVENT_KIND_ARENA);
    expect(tel.get()).toBe(0x0b);
    tel.reset(EVENT_KIND_POOL | EVENT_KIND_USER);
    expect(tel.get()).toBe(0x09);
    tel.set(0xffffffff); // bits of no kind are ignored
    expect(tel.get()).toBe(EVENT_KIND_ALL);
    expect(tel.control).toBe(EVENT_KIND_ALL);
    tel.reset(0xffffffff);
    expect(tel.get()).toBe(0);
  });

  it(".if.telemetry: a mask that is not a u32 is PARAM and changes nothing", () => {
    const tel = new Telemetry({ plinth: new MockPlinth(), control: 5 });
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, "3" as unknown as number]) {
      expect(codeOf(() => tel.set(bad))).toBe("PARAM");
      expect(codeOf(() => tel.reset(bad))).toBe("PARAM");
    }
    expect(tel.get()).toBe(5);
    expect(codeOf(() => new Telemetry({ plinth: new MockPlinth(), control: -3 }))).toBe("PARAM");
  });

  it(".req.perf: an event whose kind is off writes nothing and never reads the clock", () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_LIST), fc.integer({ min: 0, max: EVENT_KIND_ALL }), (def, mask) => {
        const plinth = new MockPlinth();
        const tel = new Telemetry({ plinth, control: mask & ~eventKindBit(def.kind) });
        const args = fc.sample(arbArgs(def), { numRuns: 1, seed: def.code })[0]!;
        write(tel, def.name, args);
        expect(tel.buffered()).toBe(0);
        expect(tel.pending).toBe(0);
        expect(plinth.clockReads).toBe(0);
        tel.flush();
        expect(plinth.io.count("open")).toBe(0);
      }),
    );
  });

  it(".req.control: only the kinds that are on reach the log, and changes take effect at once", () => {
    const plinth = new MockPlinth({ autoStep: 1 });
    const tel = new Telemetry({ plinth, control: EVENT_KIND_OBJECT });
    eventPoolAlloc(tel, 1, 0x1000, 16);
    tel.reset(EVENT_KIND_OBJECT);
    eventPoolAlloc(tel, 1, 0x1010, 16);
    tel.set(EVENT_KIND_OBJECT);
    // The guard that hot paths use: one load and one test.
    if (tel.control & EVENT_KIND_OBJECT) eventPoolAlloc(tel, 1, 0x1020, 16);
    tel.flush();
    const got = clientEvents(readTelemetry(plinth.io.bytes()).events);
    expect(got.map((e) => (e.name === "PoolAlloc" ? e.params.pReturn : -1))).toEqual([0x1000, 0x1020]);
  });
});
