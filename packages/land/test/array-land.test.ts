import { describe, expect, it } from "vitest";
import { ArrayLand } from "../src/test-util.js";
import { FindDelete, Range } from "../src/index.js";

function ranges(land: ArrayLand): [number, number][] {
  const out: [number, number][] = [];
  land.iterate((b, l) => {
    out.push([b, l]);
    return true;
  });
  return out;
}

describe("ArrayLand", () => {
  it(".arrayland.coalesce: adjacent inserts merge and deletes split", () => {
    const land = new ArrayLand({ alignment: 8 });
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    land.insert(r, 0x300, 0x400);
    land.insert(r, 0x200, 0x300);
    expect([r.base, r.limit]).toEqual([0x100, 0x400]);
    expect(ranges(land)).toEqual([[0x100, 0x400]]);
    land.delete(r, 0x180, 0x188);
    expect([r.base, r.limit]).toEqual([0x100, 0x400]);
    expect(ranges(land)).toEqual([[0x100, 0x180], [0x188, 0x400]]);
    expect(land.size()).toBe(0x300 - 8);
    expect(land.rangeCount).toBe(2);
    land.check();
  });

  // .req.resource
  it(".arrayland.budget: an insert or split beyond maxRanges throws RESOURCE and changes nothing", () => {
    const land = new ArrayLand({ alignment: 8, maxRanges: 1 });
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    expect(() => land.insert(r, 0x300, 0x400)).toThrow(expect.objectContaining({ code: "RESOURCE" }));
    land.insert(r, 0x200, 0x208); // coalesces: no new range
    const o = new Range(1, 2);
    expect(() => land.delete(o, 0x180, 0x188)).toThrow(expect.objectContaining({ code: "RESOURCE" }));
    expect([o.base, o.limit]).toEqual([0x100, 0x208]); // the containing block, for the caller's fallback
    expect(ranges(land)).toEqual([[0x100, 0x208]]);
    land.delete(o, 0x100, 0x108); // from one end: no new range
    land.maxRanges = 2;
    land.delete(o, 0x180, 0x188);
    expect(ranges(land)).toEqual([[0x108, 0x180], [0x188, 0x208]]);
  });

  it(".arrayland.budget: failWith chooses the allocation failure reported", () => {
    const land = new ArrayLand({ alignment: 8, maxRanges: 0, failWith: "COMMIT_LIMIT" });
    const r = new Range();
    expect(() => land.insert(r, 0x100, 0x200)).toThrow(expect.objectContaining({ code: "COMMIT_LIMIT" }));
    land.failWith = "MEMORY";
    expect(() => land.insert(r, 0x100, 0x200)).toThrow(expect.objectContaining({ code: "MEMORY" }));
    expect(() => new ArrayLand({ failWith: "PARAM" as "MEMORY" })).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(land.size()).toBe(0);
  });

  it(".arrayland.find: first, last and largest with each FindDelete", () => {
    const land = new ArrayLand({ alignment: 8 });
    const r = new Range();
    const o = new Range();
    land.insert(r, 0x000, 0x010);
    land.insert(r, 0x100, 0x140);
    land.insert(r, 0x200, 0x220);
    expect(land.findFirst(r, o, 0x20, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x100, 0x120, 0x100, 0x140]);
    expect(land.findLast(r, o, 0x18, FindDelete.HIGH)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x208, 0x220, 0x200, 0x220]);
    expect(land.findLargest(r, o, 0, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x120, 0x140]);
    expect(land.findFirst(r, o, 0x40, FindDelete.NONE)).toBe(false);
    expect(ranges(land)).toEqual([[0, 0x10], [0x200, 0x208]]);
  });

  it(".arrayland.bad: overlapping inserts and absent deletes throw PARAM", () => {
    const land = new ArrayLand();
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    expect(() => land.insert(r, 0x1f8, 0x208)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(() => land.insert(r, 0x000, 0x300)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(() => land.delete(r, 0x0f8, 0x108)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(() => land.delete(r, 0x200, 0x208)).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(() => new ArrayLand({ maxRanges: -1 })).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(ranges(land)).toEqual([[0x100, 0x200]]);
  });
});
