// The README's example, run as a test: the code is the README's, with its
// console.log lines turned into expectations.
import { expect, it } from "vitest";
import { MemoryStream } from "@mps/plinth";
import {
  EVENT_KIND_ARENA, EVENT_KIND_OBJECT, EVENT_KIND_USER, Telemetry, eventArenaAlloc, eventPoolAlloc, parseTelemetryControl,
  readTelemetry,
} from "../src/index.js";

it("the README example runs", () => {
  // A telemetry that keeps its log in memory, with Arena and User events on.
  const stream = new MemoryStream();
  const tel = new Telemetry({ stream, control: "arena user" });
  expect(tel.get() === (EVENT_KIND_ARENA | EVENT_KIND_USER)).toBe(true);
  expect([parseTelemetryControl("pool seg"), parseTelemetryControl("0x41")]).toEqual([10, 65]);

  // MPS code writes each event with its writer; structures are named by ids.
  const arena = tel.newId();
  const pool = tel.newId();
  eventArenaAlloc(tel, arena, 0, 0x10000, 0x4000, pool);
  // On a hot path, guard the call: Object events are off, so this costs one load and one test.
  if (tel.control & EVENT_KIND_OBJECT) eventPoolAlloc(tel, pool, 0x10000, 16);

  // Label the pool in the log.
  tel.labelPointer(pool, tel.intern("symbol pool"));

  tel.flush();
  const log = readTelemetry(stream.bytes());
  expect(log.error).toBeUndefined();
  expect(log.events.map((e) => e.name)).toEqual(["EventInit", "ArenaAlloc", "Intern", "LabelPointer", "EventClockSync"]);
  const seen: unknown[] = [];
  for (const e of log.events) {
    if (e.name === "ArenaAlloc") seen.push(e.params.base.toString(16), e.params.size);
  }
  expect(seen).toEqual(["10000", 16384]);

  // A log cut short keeps the events before the cut, and says where it stopped.
  const cut = readTelemetry(stream.bytes().subarray(0, 60));
  expect([cut.events.length, cut.error?.kind, cut.error?.offset]).toEqual([1, "truncated", 44]);
});
