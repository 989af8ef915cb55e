// Flushing through a stream that fails: an explicit flush throws IO and keeps
// the events for the next try; a full buffer whose write fails drops its
// events and counts them, without disturbing the MPS; the stream is opened
// lazily, and reopened with a new header after close.
import { describe, expect, it } from "vitest";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { MockPlinth } from "@mps/plinth/test-util";
import { EVENT_KIND_ALL, EVENT_KIND_POOL, Telemetry, eventArenaAlloc, eventPoolInit, readTelemetry, type TelemetryEvent } from "../src/index.js";
import { clientEvents } from "./support.js";

function setup(bufferSize = 1024) {
  const plinth = new MockPlinth({ autoStep: 1 });
  const tel = new Telemetry({ plinth, control: EVENT_KIND_ALL, bufferSize });
  return { plinth, io: plinth.io, tel };
}

const allocs = (events: TelemetryEvent[]) => clientEvents(events).map((e) => (e.name === "ArenaAlloc" ? e.params.base : -1));

describe("flush", () => {
  it(".req.lazy: nothing is opened until there is something to write; flush then opens, writes and flushes", () => {
    const { io, tel } = setup();
    tel.flush();
    expect(io.calls).toEqual([]);
    eventArenaAlloc(tel, 1, 2, 0x1000, 0x1000, 3);
    expect(io.calls).toEqual([]); // still only in the buffer
    tel.flush();
    expect(io.calls.map((c) => c.op)).toEqual(["open", "write", "write", "flush"]); // header, events
    expect(io.flushed()).toBe(io.bytes().length);
    tel.flush(); // nothing new: only the stream's flush
    expect(io.calls.map((c) => c.op)).toEqual(["open", "write", "write", "flush", "flush"]);
  });

  it(".req.flush: a flush whose open fails throws IO and keeps the events; the next flush writes them", () => {
    const { io, tel } = setup();
    io.failOn("open", 1);
    eventArenaAlloc(tel, 1, 2, 0x1000, 0x1000, 3);
    const e = mpsErrorOf(() => tel.flush());
    expect(e?.code).toBe("IO");
    expect(tel.failures).toBe(1);
    expect(tel.lastError).toBe(e);
    expect(tel.pending).toBe(1);
    eventArenaAlloc(tel, 1, 2, 0x2000, 0x1000, 3);
    tel.flush();
    expect(allocs(readTelemetry(io.bytes()).events)).toEqual([0x1000, 0x2000]);
    expect(tel.pending).toBe(0);
    expect(tel.writtenEvents).toBe(2);
  });

  it(".req.flush: a flush whose write fails (the header's or the events') throws IO and loses nothing", () => {
    for (const nth of [1, 2]) {
      const { io, tel } = setup();
      io.failOn("write", nth);
      eventArenaAlloc(tel, 1, 2, 0x1000, 0x1000, 3);
      expect(mpsErrorOf(() => tel.flush())?.code).toBe("IO");
      tel.flush();
      const log = readTelemetry(io.bytes());
      expect(log.error).toBeUndefined();
      expect(log.events[0]?.name).toBe("EventInit");
      expect(log.events.filter((x) => x.name === "EventInit").length).toBe(1);
      expect(allocs(log.events)).toEqual([0x1000]);
    }
  });

  it(".req.flush: if only the stream's flush fails, the events are out and IO is thrown", () => {
    const { io, tel } = setup();
    io.failOn("flush", 1);
    eventArenaAlloc(tel, 1, 2, 0x1000, 0x1000, 3);
    expect(mpsErrorOf(() => tel.flush())?.code).toBe("IO");
    expect(tel.pending).toBe(0);
    expect(allocs(readTelemetry(io.bytes()).events)).toEqual([0x1000]);
  });

  it(".req.robust: when the buffer fills and the stream fails, the events are dropped and counted, and nothing throws", () => {
    const { io, tel } = setup(512);
    io.failFrom("write", 2); // the header goes out, then every write fails
    let n = 0;
    while (tel.droppedEvents === 0) eventArenaAlloc(tel, 1, 2, 0x1000 + 16 * n++, 16, 3);
    expect(tel.failures).toBe(1);
    expect(tel.lastError?.code).toBe("IO");
    expect(tel.droppedEvents).toBe(n - 1); // all but the one that did not fit
    expect(tel.pending).toBe(1);
    io.heal();
    tel.flush();
    expect(allocs(readTelemetry(io.bytes()).events)).toEqual([0x1000 + 16 * (n - 1)]);
    tel.check();
  });

  it(".req.robust: a stream that cannot even be opened when the buffer fills loses the events, and a later one is opened", () => {
    const { io, tel } = setup(512);
    io.failOn("open", 1);
    let n = 0;
    while (tel.droppedEvents === 0) eventArenaAlloc(tel, 1, 2, 16 * n++, 16, 3);
    expect(io.isOpen).toBe(false);
    tel.flush();
    expect(io.count("open")).toBe(2);
    expect(readTelemetry(io.bytes()).events[0]?.name).toBe("EventInit");
  });

  it(".req.buffer: a full buffer is written out whole, with a clock sync at its end, and the log reads back", () => {
    const { io, tel } = setup(512);
    for (let i = 0; i < 100; i++) eventArenaAlloc(tel, 1, 2, 16 * i, 16, 3);
    expect(io.count("write")).toBeGreaterThan(2);
    expect(io.count("flush")).toBe(0); // only an explicit flush flushes the stream
    for (const c of io.calls.filter((c) => c.op === "write").slice(1)) expect(c.size).toBeLessThanOrEqual(512);
    tel.flush();
    const log = readTelemetry(io.bytes());
    expect(allocs(log.events)).toEqual(Array.from({ length: 100 }, (_, i) => 16 * i));
    const syncs = log.events.filter((e) => e.name === "EventClockSync");
    expect(syncs.length).toBe(io.count("write") - 1);
  });

  it(".if.telemetry.close: close closes the stream; the next events reopen it with a new header", () => {
    const { io, tel } = setup();
    eventPoolInit(tel, 5, 1, 2, 0);
    tel.close();
    expect(io.isOpen).toBe(false);
    tel.close(); // nothing to do
    eventPoolInit(tel, 6, 1, 2, 1);
    tel.flush();
    expect(io.isOpen).toBe(true);
    const log = readTelemetry(io.bytes());
    expect(log.error).toBeUndefined();
    expect(log.events.map((e) => e.name)).toEqual(["EventInit", "PoolInit", "EventClockSync", "EventInit", "PoolInit", "EventClockSync"]);
  });

  it(".if.telemetry.close: a close that fails throws IO and leaves the stream closed", () => {
    const { io, tel } = setup();
    io.failOn("close", 1);
    eventPoolInit(tel, 5, 1, 2, 0);
    expect(mpsErrorOf(() => tel.close())?.code).toBe("IO");
    expect(io.isOpen).toBe(false);
  });

  it(".if.telemetry.finish: finish flushes and closes; afterwards the mask is 0 and every method is PARAM", () => {
    const { io, tel } = setup();
    eventPoolInit(tel, 5, 1, 2, 0);
    tel.finish();
    expect(io.isOpen).toBe(false);
    expect(tel.control).toBe(0);
    eventPoolInit(tel, 6, 1, 2, 0); // a writer after finish writes nothing
    expect(tel.buffered()).toBe(0);
    for (const call of [() => tel.get(), () => tel.set(1), () => tel.reset(1), () => tel.flush(), () => tel.close(), () => tel.finish(), () => tel.intern("x"), () => tel.label(0, 1)]) {
      expect(mpsErrorOf(call)?.code).toBe("PARAM");
    }
    expect(clientEvents(readTelemetry(io.bytes()).events).length).toBe(1);
  });

  it(".if.telemetry.finish: a finish whose flush fails retires the telemetry all the same", () => {
    const { io, tel } = setup();
    io.failFrom("open", 1);
    eventPoolInit(tel, 5, 1, 2, 0);
    expect(mpsErrorOf(() => tel.finish())?.code).toBe("IO");
    expect(tel.control).toBe(0);
    expect(mpsErrorOf(() => tel.flush())?.code).toBe("PARAM");
    expect(tel.control & EVENT_KIND_POOL).toBe(0);
  });
});
