// The reader: a log cut anywhere keeps the events before the cut and says
// where; a file that is not a telemetry log is foreign at offset 0; other
// versions, corrupt sizes and unknown codes.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MockPlinth } from "@mps/plinth/test-util";
import {
  EVENTS, EVENT_HEADER_SIZE, EVENT_KIND_ALL, Telemetry, eventArenaAlloc, eventFixedSize, eventPoolFree, formatEvent, readTelemetry,
} from "../src/index.js";
import { arbEvent, write } from "./support.js";

function sampleLog(n = 20): Uint8Array {
  const plinth = new MockPlinth({ clock: 0x1000, autoStep: 7 });
  const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL, bufferSize: 512 });
  for (let i = 0; i < n; i++) {
    eventArenaAlloc(tel, 1, 2, 0x1000 * i, 0x1000, 3);
    if (i % 3 === 0) tel.intern(`label ${i} ✓`);
  }
  tel.flush();
  return plinth.io.bytes();
}

describe("readTelemetry", () => {
  it(".req.truncated: a log cut at any byte keeps every whole record before the cut and reports the cut record's offset", () => {
    const bytes = sampleLog();
    const whole = readTelemetry(bytes);
    expect(whole.error).toBeUndefined();
    const starts = whole.events.map((e) => e.offset);
    for (let cut = 1; cut < bytes.length; cut++) {
      const log = readTelemetry(bytes.subarray(0, cut));
      const complete = whole.events.filter((e) => e.offset + (starts[starts.indexOf(e.offset) + 1] ?? bytes.length) - e.offset <= cut);
      expect(log.events.map((e) => e.offset)).toEqual(complete.map((e) => e.offset));
      const boundary = starts.includes(cut);
      if (boundary) {
        expect(log.error).toBeUndefined();
      } else {
        expect(log.error?.kind).toBe("truncated");
        expect(log.error?.offset).toBe(Math.max(...starts.filter((s) => s < cut)));
      }
    }
  });

  it(".req.foreign: a file that is not a telemetry log is foreign at offset 0, with no events", () => {
    const enc = new TextEncoder();
    const foreign = [
      enc.encode("#!/bin/sh\necho hello\n"),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), // PNG
      new Uint8Array([0x1d, 0x00, 0x05, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]), // the EventInit code, a nonsense size
      new Uint8Array([0x1d, 0x00, 0x40, 0x00, ...new Array(60).fill(0)]), // the EventInit code, the wrong size
      new Uint8Array([0x06, 0x00]), // a record that is not a header
    ];
    for (const bytes of foreign) {
      const log = readTelemetry(bytes);
      expect(log.events).toEqual([]);
      expect(log.error?.kind).toBe("foreign");
      expect(log.error?.offset).toBe(0);
      expect(log.error?.message.length).toBeGreaterThan(10);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 200 }).filter((b) => b[0] !== 0x1d || b[1] !== 0), (bytes) => {
        const log = readTelemetry(bytes);
        expect(log.error?.kind).toBe("foreign");
        expect(log.events).toEqual([]);
      }),
    );
  });

  it(".req.truncated: a log of one byte is cut in its header; an empty log is empty", () => {
    expect(readTelemetry(new Uint8Array([0x1d])).error).toMatchObject({ kind: "truncated", offset: 0 });
    const empty = readTelemetry(new Uint8Array(0));
    expect([empty.events, empty.error, empty.version, empty.skipped]).toEqual([[], undefined, undefined, 0]);
  });

  it(".req.version: a header of another major or median version stops reading there", () => {
    const bytes = sampleLog(2);
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    const other = bytes.slice();
    new DataView(other.buffer).setUint32(EVENT_HEADER_SIZE + 4, 1, true); // median 1
    const log = readTelemetry(other);
    expect(log.error).toMatchObject({ kind: "version", offset: 0 });
    expect(log.error?.message).toContain("1.1.0");
    expect(log.events).toEqual([]);
    // A newer minor version is read.
    const minor = bytes.slice();
    new DataView(minor.buffer).setUint32(EVENT_HEADER_SIZE + 8, 9, true);
    expect(readTelemetry(minor).version).toEqual({ major: 1, median: 0, minor: 9 });
    expect(v.getUint16(0, true)).toBe(EVENTS.EventInit.code);
  });

  it(".req.back: records of codes the reader does not know are skipped by their size and counted", () => {
    const bytes = sampleLog(3);
    const init = eventFixedSize(EVENTS.EventInit);
    const unknown = new Uint8Array(20);
    new DataView(unknown.buffer).setUint16(0, 0x7abc, true);
    new DataView(unknown.buffer).setUint16(2, 20, true);
    const spliced = new Uint8Array(bytes.length + 20);
    spliced.set(bytes.subarray(0, init));
    spliced.set(unknown, init);
    spliced.set(bytes.subarray(init), init + 20);
    const log = readTelemetry(spliced);
    expect(log.error).toBeUndefined();
    expect(log.skipped).toBe(1);
    expect(log.events.length).toBe(readTelemetry(bytes).events.length);
  });

  it(".req.corrupt: a known record whose size does not fit its parameters stops reading there", () => {
    const bytes = sampleLog(3);
    const log0 = readTelemetry(bytes);
    const second = log0.events[2]!; // the second record after the header
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint16(second.offset + 2, 14, true);
    const log = readTelemetry(bad);
    expect(log.error).toMatchObject({ kind: "corrupt", offset: second.offset });
    expect(log.events.length).toBe(2);
    const tiny = bytes.slice();
    new DataView(tiny.buffer).setUint16(second.offset + 2, 4, true); // smaller than a header
    expect(readTelemetry(tiny).error).toMatchObject({ kind: "corrupt", offset: second.offset });
    // An Intern whose length byte disagrees with its size.
    const intern = log0.events.find((e) => e.name === "Intern")!;
    const badString = bytes.slice();
    badString[intern.offset + EVENT_HEADER_SIZE + 8] = 200;
    expect(readTelemetry(badString).error).toMatchObject({ kind: "corrupt", offset: intern.offset });
  });

  it(".req.truncated: a random log cut at a random place reads back as a prefix of the whole", () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 40 }), fc.nat(), (evs, cutSeed) => {
        const plinth = new MockPlinth({ autoStep: 1 });
        const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL });
        for (const { def, args } of evs) write(tel, def.name, def.name === "EventInit" ? [1, 0, ...args.slice(2)] : args);
        tel.flush();
        const bytes = plinth.io.bytes();
        const whole = readTelemetry(bytes).events;
        const cut = cutSeed % (bytes.length + 1);
        const part = readTelemetry(bytes.subarray(0, cut));
        expect(part.events).toEqual(whole.slice(0, part.events.length));
        if (part.error) expect(part.error.kind).toBe("truncated");
      }),
    );
  });

  it(".if.read: formatEvent writes one line per event, as mpseventtxt does", () => {
    const plinth = new MockPlinth({ clock: 0xabc });
    const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL });
    eventPoolFree(tel, 4, 0x10020, 32);
    const id = tel.intern('a "quoted" label');
    tel.label(0x10020, id);
    tel.flush();
    const lines = readTelemetry(plinth.io.bytes()).events.map(formatEvent);
    expect(lines[1]).toBe("0000000000000ABC 002C PoolFree            pool:4 old:0x00010020 size:32");
    expect(lines[2]).toBe('0000000000000ABC 0021 Intern              stringId:1 string:"a \\"quoted\\" label"');
    expect(lines[3]).toBe("0000000000000ABC 0022 Label               address:0x00010020 stringId:1");
    expect(lines[0]).toMatch(/^0000000000000ABC 001D EventInit +major:1 median:0 minor:0 maxCode:92 maxNameLen:19 wordWidth:32 clocksPerSec:1000000$/);
  });

  it(".if.read: the reader accepts a subarray of a larger buffer", () => {
    const bytes = sampleLog(2);
    const big = new Uint8Array(bytes.length + 100);
    big.set(bytes, 37);
    expect(readTelemetry(big.subarray(37, 37 + bytes.length)).events).toEqual(readTelemetry(bytes).events);
  });
});
