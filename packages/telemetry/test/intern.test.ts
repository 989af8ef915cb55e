// Interned strings and labels: identifiers from 1, returned even when User
// events are off, strings of up to 255 bytes of UTF-8; labels of addresses
// and structures; bad arguments are PARAM and write nothing.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { codeOf } from "@mps/mpm/test-util";
import { MockPlinth } from "@mps/plinth/test-util";
import { EVENT_KIND_ALL, EVENT_KIND_USER, EVENT_STRING_MAX, Telemetry, eventIntern, readTelemetry } from "../src/index.js";
import { clientEvents } from "./support.js";

function setup(control = EVENT_KIND_USER) {
  const plinth = new MockPlinth();
  return { plinth, tel: new Telemetry({ plinth, control }) };
}

describe("intern and label", () => {
  it(".req.intern: identifiers start at 1 and increase; the strings and labels reach the log", () => {
    const { plinth, tel } = setup();
    const a = tel.intern("symbol pool");
    const b = tel.intern("ñandú 🦤");
    expect([a, b]).toEqual([1, 2]);
    tel.label(0x4000, a);
    tel.label(2 ** 32, b);
    const pool = tel.newId();
    tel.labelPointer(pool, a);
    tel.flush();
    const got = clientEvents(readTelemetry(plinth.io.bytes()).events).map((e) => [e.name, e.params]);
    expect(got).toEqual([
      ["Intern", { stringId: 1, string: "symbol pool" }],
      ["Intern", { stringId: 2, string: "ñandú 🦤" }],
      ["Label", { address: 0x4000, stringId: 1 }],
      ["Label", { address: 2 ** 32, stringId: 2 }],
      ["LabelPointer", { pointer: pool, stringId: 1 }],
    ]);
  });

  it(".req.intern: with User events off, identifiers are still given and nothing is written", () => {
    const { plinth, tel } = setup(EVENT_KIND_ALL & ~EVENT_KIND_USER);
    expect(tel.intern("x")).toBe(1);
    expect(tel.intern("y")).toBe(2);
    tel.label(0x10, 2);
    tel.labelPointer(1, 1);
    expect(tel.buffered()).toBe(0);
    tel.flush();
    expect(plinth.io.count("open")).toBe(0);
  });

  it(".req.intern: any string of up to 255 bytes of UTF-8 round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 120 }), (s) => {
        fc.pre(new TextEncoder().encode(s).length <= EVENT_STRING_MAX);
        const { plinth, tel } = setup();
        const id = tel.intern(s);
        tel.flush();
        const ev = clientEvents(readTelemetry(plinth.io.bytes()).events)[0];
        expect(ev?.name === "Intern" && ev.params.string === s && ev.params.stringId === id).toBe(true);
      }),
    );
  });

  it(".if.telemetry.intern: a string too long, or not a string, is PARAM and uses no identifier", () => {
    const { tel } = setup();
    expect(tel.intern("x".repeat(255))).toBe(1);
    expect(codeOf(() => tel.intern("x".repeat(256)))).toBe("PARAM");
    expect(codeOf(() => tel.intern("é".repeat(128)))).toBe("PARAM"); // 256 bytes
    expect(codeOf(() => tel.intern("x".repeat(10_000)))).toBe("PARAM");
    expect(codeOf(() => tel.intern(42 as unknown as string))).toBe("PARAM");
    expect(codeOf(() => eventIntern(tel, 9, "y".repeat(300)))).toBe("PARAM");
    expect(tel.intern("ok")).toBe(2);
    expect(tel.pending).toBe(2);
  });

  it(".if.telemetry.label: a bad address, pointer or identifier is PARAM and writes nothing", () => {
    const { tel } = setup();
    const id = tel.intern("l");
    const before = tel.buffered();
    for (const call of [
      () => tel.label(-1, id), () => tel.label(2 ** 32 + 1, id), () => tel.label(0.5, id), () => tel.label(0, 0),
      () => tel.label(0, 2), () => tel.label(0, 1.5), () => tel.labelPointer(-1, id), () => tel.labelPointer(2 ** 32, id),
      () => tel.labelPointer(1, 7),
    ]) {
      expect(codeOf(call)).toBe("PARAM");
    }
    expect(tel.buffered()).toBe(before);
  });

  it(".if.telemetry.new-id: structure identifiers start at 1 and are never reused", () => {
    const { tel } = setup();
    expect([tel.newId(), tel.newId(), tel.newId()]).toEqual([1, 2, 3]);
  });
});
