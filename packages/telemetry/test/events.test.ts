// The event table: one row per event type, codes and kinds as in the MPS,
// parameters that the writer and reader can lay out.
import { describe, expect, it } from "vitest";
import {
  EVENTS, EVENT_CODE_MAX, EVENT_KINDS, EVENT_LIST, EVENT_NAME_MAX, EVENT_STRING_MAX, TELEMETRY_BUFFER_MIN, eventByCode,
  eventCode, eventFixedSize, eventHasString, eventResCode, type EventName,
} from "../src/index.js";

describe("event table", () => {
  it(".req.table: codes are unique 16-bit numbers and names are unique", () => {
    const codes = EVENT_LIST.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c > 0 && c <= 0xffff).toBe(true);
    expect(new Set(EVENT_LIST.map((d) => d.name)).size).toBe(EVENT_LIST.length);
    expect(EVENT_LIST.map((d) => d.code)).toEqual([...codes].sort((a, b) => a - b));
  });

  it(".req.table .req.mps-names: codes and kinds are the MPS's (eventdef.h)", () => {
    const mps: [EventName, number, string][] = [
      ["AMCScanNailed", 0x0001, "Seg"], ["ArenaAlloc", 0x0006, "Arena"], ["ArenaCreateCL", 0x0008, "Arena"],
      ["ArenaCreateVM", 0x0009, "Arena"], ["ArenaDestroy", 0x000a, "Arena"], ["ArenaExtend", 0x000b, "Arena"],
      ["ArenaFree", 0x000c, "Arena"], ["BufferCommit", 0x0012, "Object"], ["BufferEmpty", 0x0013, "Seg"],
      ["BufferFill", 0x0014, "Seg"], ["BufferFinish", 0x0015, "Pool"], ["BufferInit", 0x0016, "Pool"],
      ["CommitLimitSet", 0x001b, "Arena"], ["EventClockSync", 0x001c, "Arena"], ["EventInit", 0x001d, "Arena"],
      ["Intern", 0x0021, "User"], ["Label", 0x0022, "User"], ["MessagesDropped", 0x0025, "Arena"],
      ["MessagesExist", 0x0026, "Arena"], ["PoolAlloc", 0x002a, "Object"], ["PoolFinish", 0x002b, "Pool"],
      ["PoolFree", 0x002c, "Object"], ["PoolInit", 0x002d, "Pool"], ["SegAlloc", 0x0038, "Seg"],
      ["SegFree", 0x003a, "Seg"], ["SegMerge", 0x003b, "Seg"], ["SegSplit", 0x0040, "Seg"],
      ["TraceCondemnAll", 0x0043, "Trace"], ["TraceCreate", 0x0044, "Trace"], ["TraceDestroy", 0x0046, "Trace"],
      ["TraceFix", 0x0049, "Ref"], ["TraceFlipBegin", 0x004b, "Trace"], ["TraceFlipEnd", 0x004c, "Trace"],
      ["TraceReclaim", 0x004d, "Trace"], ["TraceStart", 0x0051, "Trace"], ["VMUnmap", 0x005c, "Seg"],
    ];
    for (const [name, code, kind] of mps) {
      expect([name, EVENTS[name].code, EVENTS[name].kind]).toEqual([name, code, kind]);
      expect(eventCode(name)).toBe(code);
      expect(eventByCode(code)?.name).toBe(name);
    }
    expect(EVENT_LIST.length).toBe(0x5c); // every code from 1 to 0x5c
    expect(EVENT_CODE_MAX).toBe(0x5c);
    expect(EVENT_NAME_MAX).toBe(19);
    expect(eventByCode(0)).toBeUndefined();
    expect(eventByCode(0x5d)).toBeUndefined();
  });

  it(".req.table: every event is documented, has a known kind, and names its parameters once", () => {
    const kinds = EVENT_KINDS.map((k) => k.name);
    for (const d of EVENT_LIST) {
      expect(kinds).toContain(d.kind);
      expect(d.doc.length).toBeGreaterThan(10);
      const names = d.params.map((p) => p[0]);
      expect(new Set(names).size).toBe(names.length);
      for (const [name, sort, doc] of d.params) {
        expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect("PAWUBDS").toContain(sort);
        expect(doc.length).toBeGreaterThan(2);
      }
    }
  });

  it(".impl.format: strings come last, and every record fits in the smallest buffer", () => {
    for (const d of EVENT_LIST) {
      d.params.forEach(([, sort], i) => {
        if (sort === "S") expect(i).toBe(d.params.length - 1);
      });
      const largest = eventFixedSize(d) + (eventHasString(d) ? EVENT_STRING_MAX : 0);
      expect(largest + eventFixedSize(EVENTS.EventClockSync)).toBeLessThanOrEqual(TELEMETRY_BUFFER_MIN);
    }
    expect(EVENT_LIST.filter(eventHasString).map((d) => d.name)).toEqual(["Intern"]);
    expect(eventFixedSize(EVENTS.ArenaAlloc)).toBe(12 + 4 + 4 + 8 + 8 + 4);
    expect(eventFixedSize(EVENTS.MessagesExist)).toBe(12);
  });

  it(".if.table: result codes number as mps.h numbers them", () => {
    expect(eventResCode(undefined)).toBe(0);
    expect(eventResCode("FAIL")).toBe(1);
    expect(eventResCode("COMMIT_LIMIT")).toBe(7);
    expect(eventResCode("PARAM")).toBe(8);
  });
});
