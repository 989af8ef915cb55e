// Failover specifics: where ranges go when the primary runs out of memory,
// and how finds, deletes and iteration combine the two lands.
import { describe, expect, it } from "vitest";
import { describeToString } from "@mps/mpm";
import { Failover, FindDelete, Freelist, Range, VISIT_DELETE, VISIT_STOP } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";
import { type Pair, landRanges } from "./model.js";
import { realMemory } from "./subjects.js";
import { codeOf } from "@mps/mpm/test-util";

function setup(maxRanges: number) {
  const primary = new ArrayLand({ alignment: 8, zoneShift: 8, maxRanges });
  const secondary = new Freelist(realMemory(0x10000), { alignment: 8, zoneShift: 8 });
  const fo = new Failover(primary, secondary);
  const r = new Range();
  const o = new Range();
  const where = (): { p: Pair[]; s: Pair[] } => ({ p: landRanges(primary), s: landRanges(secondary) });
  return { primary, secondary, fo, r, o, where };
}

describe("Failover", () => {
  it(".failover.insert: insert falls back to the secondary when the primary is out of memory", () => {
    const { fo, r, where } = setup(1);
    fo.insert(r, 0x100, 0x200);
    fo.insert(r, 0x300, 0x400);
    expect([r.base, r.limit]).toEqual([0x300, 0x400]);
    expect(where()).toEqual({ p: [[0x100, 0x200]], s: [[0x300, 0x400]] });
    fo.insert(r, 0x200, 0x280); // coalesces in the primary, needing no memory
    expect(where()).toEqual({ p: [[0x100, 0x280]], s: [[0x300, 0x400]] });
    expect(fo.size()).toBe(0x280);
    fo.check();
  });

  // .req.resource
  it(".failover.insert: MEMORY and COMMIT_LIMIT from the primary count as running out of memory (ResIsAllocFailure)", () => {
    for (const failWith of ["MEMORY", "COMMIT_LIMIT"] as const) {
      const { primary, fo, r, where } = setup(1);
      primary.failWith = failWith;
      fo.insert(r, 0x100, 0x200);
      fo.insert(r, 0x300, 0x400);
      fo.delete(r, 0x140, 0x180);
      expect(where()).toEqual({ p: [[0x100, 0x140]], s: [[0x180, 0x200], [0x300, 0x400]] });
      primary.failWith = "RESOURCE";
      primary.maxRanges = 0;
      fo.insert(r, 0x600, 0x608);
      expect(where().s).toContainEqual([0x600, 0x608]);
      fo.check();
    }
  });

  it(".failover.apart: an insert joining a secondary block to a primary block leaves one range, in the primary", () => {
    const { fo, r, where } = setup(1);
    fo.insert(r, 0x300, 0x400); // primary
    fo.insert(r, 0x100, 0x200); // secondary
    fo.insert(r, 0x500, 0x600); // secondary
    expect(where()).toEqual({ p: [[0x300, 0x400]], s: [[0x100, 0x200], [0x500, 0x600]] });
    fo.insert(r, 0x200, 0x300); // secondary block on the left, primary on the right
    expect([r.base, r.limit]).toEqual([0x100, 0x400]);
    expect(where()).toEqual({ p: [[0x100, 0x400]], s: [[0x500, 0x600]] });
    fo.insert(r, 0x400, 0x500); // primary block on the left, secondary on the right
    expect([r.base, r.limit]).toEqual([0x100, 0x600]);
    expect(where()).toEqual({ p: [[0x100, 0x600]], s: [] });
    fo.check();
  });

  it(".failover.apart: an insert overlapping a range in the secondary is refused with PARAM", () => {
    const { fo, r, where } = setup(1);
    fo.insert(r, 0x300, 0x400);
    fo.insert(r, 0x100, 0x200);
    const before = where();
    r.set(1, 2);
    expect(codeOf(() => fo.insert(r, 0x1f8, 0x208))).toBe("PARAM");
    expect(codeOf(() => fo.insert(r, 0x0, 0x1000))).toBe("PARAM");
    expect(codeOf(() => fo.delete(r, 0x1f8, 0x308))).toBe("PARAM");
    expect([r.base, r.limit]).toEqual([1, 2]);
    expect(where()).toEqual(before);
  });

  it(".impl.assume.delete: a delete the primary cannot split takes the whole block out and re-inserts the fragments", () => {
    const { primary, fo, r, where } = setup(2);
    fo.insert(r, 0x100, 0x200);
    fo.insert(r, 0x300, 0x400);
    fo.delete(r, 0x140, 0x180); // the primary has no room for a third range
    expect([r.base, r.limit]).toEqual([0x100, 0x200]);
    // The left fragment went back to the primary (it had room once the block was gone), the right did not.
    expect(where()).toEqual({ p: [[0x100, 0x140], [0x300, 0x400]], s: [[0x180, 0x200]] });
    expect(primary.rangeCount).toBe(2);
    fo.delete(r, 0x188, 0x190); // in the secondary, which can always split
    expect([r.base, r.limit]).toEqual([0x180, 0x200]);
    expect(where()).toEqual({ p: [[0x100, 0x140], [0x300, 0x400]], s: [[0x180, 0x188], [0x190, 0x200]] });
    fo.check();
  });

  it(".impl.assume.flush: ranges move back to the primary when it has memory again", () => {
    const { primary, fo, r, o, where } = setup(0);
    fo.insert(r, 0x100, 0x200);
    fo.insert(r, 0x300, 0x400);
    expect(where()).toEqual({ p: [], s: [[0x100, 0x200], [0x300, 0x400]] });
    primary.maxRanges = 1;
    fo.findFirst(r, o, 8, FindDelete.NONE); // any operation flushes first
    expect(where()).toEqual({ p: [[0x100, 0x200]], s: [[0x300, 0x400]] });
    primary.maxRanges = 10;
    fo.delete(r, 0x300, 0x308);
    expect(where()).toEqual({ p: [[0x100, 0x200], [0x308, 0x400]], s: [] });
  });

  it(".failover.find: finds look in both lands and return the better answer", () => {
    const { fo, r, o, where } = setup(1);
    fo.insert(r, 0x400, 0x440); // primary
    fo.insert(r, 0x100, 0x120); // secondary
    fo.insert(r, 0x800, 0x840); // secondary, as large as the primary's
    expect(fo.findFirst(r, o, 0x20, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x100, 0x120]);
    expect(fo.findFirst(r, o, 0x40, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x400, 0x440]);
    expect(fo.findLast(r, o, 0x20, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x800, 0x840]);
    expect(fo.findLargest(r, o, 0, FindDelete.NONE)).toBe(true); // a tie: the lower address wins
    expect([r.base, r.limit]).toEqual([0x400, 0x440]);
    expect(fo.findLast(r, o, 0x10, FindDelete.HIGH)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x830, 0x840, 0x800, 0x840]);
    expect(fo.findFirst(r, o, 0x10, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x100, 0x110, 0x100, 0x120]);
    expect(fo.findLargest(r, o, 0, FindDelete.ENTIRE)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x400, 0x440]);
    expect(fo.findFirst(r, o, 0x100, FindDelete.LOW)).toBe(false);
    expect(where()).toEqual({ p: [[0x110, 0x120]], s: [[0x800, 0x830]] });
  });

  it(".failover.find.zones: findInZones returns the better of the two lands, giving back what the primary found", () => {
    // 256-byte stripes: zone z covers [z * 0x100, (z + 1) * 0x100) in each 8 KiB period.
    const { fo, r, o, where } = setup(1);
    fo.insert(r, 0x300, 0x500); // primary: zones 3, 4
    fo.insert(r, 0x100, 0x200); // secondary: zone 1
    expect(fo.findInZones(r, o, 0x80, 0b11010, false)).toBe(true); // zones 1, 3, 4: the secondary's is lower
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x100, 0x180, 0x100, 0x200]);
    expect(where()).toEqual({ p: [[0x300, 0x500]], s: [[0x180, 0x200]] });
    expect(fo.findInZones(r, o, 0x80, 0b10010, true)).toBe(true); // zones 1, 4, from the top: the primary's
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x480, 0x500, 0x300, 0x500]);
    expect(fo.findInZones(r, o, 0x80, 0b00001, true)).toBe(false); // zone 0: in neither land
    expect(where()).toEqual({ p: [[0x300, 0x480]], s: [[0x180, 0x200]] });
  });

  it(".failover.find.zones: when the primary cannot cut the range out of its block, the Failover does it the fail-over way", () => {
    const { fo, r, o, where } = setup(1);
    fo.insert(r, 0x000, 0x800); // zones 0..7, in the primary
    expect(fo.findInZones(r, o, 0x100, 0b100, false)).toBe(true); // zone 2, in the middle of the block
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x200, 0x300, 0x000, 0x800]);
    expect(where()).toEqual({ p: [[0x000, 0x200]], s: [[0x300, 0x800]] });
    fo.check();
  });

  it(".failover.iterate: iteration visits both lands in address order, and may delete from either", () => {
    const { fo, r, where } = setup(2);
    for (const b of [0x100, 0x300, 0x500, 0x700, 0x900]) fo.insert(r, b, b + 0x80);
    expect(where()).toEqual({ p: [[0x100, 0x180], [0x300, 0x380]], s: [[0x500, 0x580], [0x700, 0x780], [0x900, 0x980]] });
    fo.delete(r, 0x100, 0x180);
    fo.insert(r, 0x100, 0x180); // the flush moved 0x500 to the primary, which then had no room for 0x100
    const seen: number[] = [];
    expect(fo.iterate((b) => (seen.push(b), true))).toBe(true);
    expect(seen).toEqual([0x100, 0x300, 0x500, 0x700, 0x900]);
    const stopped: number[] = [];
    expect(fo.iterate((b) => (stopped.push(b), stopped.length < 3))).toBe(false);
    expect(stopped).toEqual([0x100, 0x300, 0x500]);
    const visited: number[] = [];
    const more = fo.iterateAndDelete((b) => {
      visited.push(b);
      return (b === 0x300 || b === 0x500 ? VISIT_DELETE : 0) | (b === 0x700 ? VISIT_STOP : 0);
    });
    expect(more).toBe(false);
    expect(visited).toEqual([0x100, 0x300, 0x500, 0x700]);
    expect(landRanges(fo)).toEqual([[0x100, 0x180], [0x700, 0x780], [0x900, 0x980]]);
    fo.iterateAndDelete(() => VISIT_DELETE);
    expect(fo.size()).toBe(0);
    fo.check();
  });

  it(".failover.init: the two lands must be different, live, and agree on alignment and zone shift", () => {
    const a = new ArrayLand({ alignment: 8 });
    const f = new Freelist(realMemory(0x100), { alignment: 8 });
    expect(codeOf(() => new Failover(a, a))).toBe("PARAM");
    expect(codeOf(() => new Failover(a, new Freelist(realMemory(0x100), { alignment: 16 })))).toBe("PARAM");
    expect(codeOf(() => new Failover(a, new Freelist(realMemory(0x100), { alignment: 8, zoneShift: 10 })))).toBe("PARAM");
    expect(codeOf(() => new Failover(a, f, { alignment: 16 }))).toBe("PARAM");
    expect(codeOf(() => new Failover(a, {} as unknown as Freelist))).toBe("PARAM");
    const dead = new ArrayLand({ alignment: 8 });
    dead.finish();
    expect(codeOf(() => new Failover(dead, f))).toBe("PARAM");
    const fo = new Failover(a, f, { owner: "test" });
    expect(fo.alignment).toBe(8);
    expect(describeToString(fo)).toContain("Failover of test");
  });

  it(".failover.finish: finishing the Failover leaves its lands alive", () => {
    const { primary, secondary, fo, r } = setup(1);
    fo.insert(r, 0x100, 0x200);
    fo.insert(r, 0x300, 0x400);
    fo.finish();
    expect(primary.check()).toBe(true);
    expect(secondary.check()).toBe(true);
    expect(landRanges(primary)).toEqual([[0x100, 0x200]]);
    expect(landRanges(secondary)).toEqual([[0x300, 0x400]]);
    expect(describeToString(fo)).toContain("Failover");
  });
});
