// The generic functions of Land (protocol checks, re-entry, UNIMPL, flush),
// Range, and the zone search helpers.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, type Size, type WriteStream, describeToString, zoneSetOfRange } from "@mps/mpm";
import {
  Failover, FindDelete, Freelist, Land, type LandDeleteVisitor, type LandVisitor, Range, VISIT_DELETE,
  landFlush, rangeInZoneSetFirst, rangeInZoneSetLast,
} from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";
import { landRanges } from "./model.js";
import { SparseMemory, realMemory } from "./subjects.js";
import { codeOf } from "@mps/mpm/test-util";

const makers: [string, () => Land][] = [
  ["ArrayLand", () => new ArrayLand()],
  ["Freelist", () => new Freelist(realMemory(0x10000))],
  ["Failover", () => new Failover(new ArrayLand({ maxRanges: 1 }), new Freelist(realMemory(0x10000)))],
];

describe.each(makers)("generic functions on %s", (_name, make) => {
  // Use after finish is misuse: rash removes the signature checks that catch it.
  it.runIf(CHECKING)(".req.protocol: every generic function fails with PARAM after finish", () => {
    const land = make();
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    land.finish();
    const calls: (() => unknown)[] = [
      () => land.insert(r, 0x300, 0x400),
      () => land.delete(r, 0x100, 0x108),
      () => land.iterate(() => true),
      () => land.iterateAndDelete(() => 0),
      () => land.findFirst(r, r, 8, FindDelete.NONE),
      () => land.findLast(r, r, 8, FindDelete.NONE),
      () => land.findLargest(r, r, 0, FindDelete.NONE),
      () => land.findInZones(r, r, 8, 0xffffffff, false),
      () => land.size(),
      () => land.finish(),
      () => land.flushFrom(new ArrayLand()),
    ];
    for (const call of calls) expect(codeOf(call)).toBe("PARAM");
    expect(() => land.check()).toThrow(MpsAssertionError);
  });

  it(".type.visitor: calling the land from inside its own visitor is a PARAM error, and the land stays usable", () => {
    const land = make();
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    land.insert(r, 0x300, 0x400);
    const codes: (string | undefined)[] = [];
    land.iterate((b) => {
      codes.push(codeOf(() => land.insert(r, b + 0x800, b + 0x808)));
      codes.push(codeOf(() => land.findFirst(r, r, 8, FindDelete.NONE)));
      codes.push(codeOf(() => land.iterate(() => true)));
      return true;
    });
    land.iterateAndDelete((b, l) => {
      codes.push(codeOf(() => land.delete(r, b, l)));
      return 0;
    });
    expect(codes).toEqual(Array(8).fill("PARAM"));
    expect(landRanges(land)).toEqual([[0x100, 0x200], [0x300, 0x400]]);
    land.insert(r, 0x200, 0x300);
    expect([r.base, r.limit]).toEqual([0x100, 0x400]);
    // size() is a query and may be called from a visitor.
    land.iterate(() => {
      expect(land.size()).toBe(0x300);
      return true;
    });
    land.check();
  });

  it(".type.visitor: a visitor that throws leaves the land consistent", () => {
    const land = make();
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    land.insert(r, 0x300, 0x400);
    land.insert(r, 0x500, 0x600);
    let n = 0;
    expect(() =>
      land.iterateAndDelete(() => {
        if (++n === 2) throw new Error("visitor failed");
        return VISIT_DELETE;
      }),
    ).toThrow("visitor failed");
    expect(landRanges(land)).toEqual([[0x300, 0x400], [0x500, 0x600]]);
    expect(land.size()).toBe(0x200);
    land.check();
    land.insert(r, 0x400, 0x500);
    expect(landRanges(land)).toEqual([[0x300, 0x600]]);
  });

  it(".function.describe: describe names the class and lists the ranges", () => {
    const land = make();
    const r = new Range();
    land.insert(r, 0x100, 0x200);
    const text = describeToString(land);
    expect(text).toContain(land.className);
    expect(text).toContain("[0x00000100, 0x00000200) 256");
  });
});

/** A land class that implements only what Land requires: every optional hook is UNIMPL. */
class BareLand extends Land {
  get className(): string {
    return "BareLand";
  }
  protected sizeMethod(): Size {
    return 0;
  }
  protected iterateMethod(_visitor: LandVisitor): boolean {
    return true;
  }
  protected iterateAndDeleteMethod(_visitor: LandDeleteVisitor): boolean {
    return true;
  }
  protected checkMethod(): boolean {
    return true;
  }
  protected describeMethod(_stream: WriteStream, _depth: number): void {}
}

describe("Land", () => {
  it(".generic-functions: a hook the class does not supply throws UNIMPL, and the land stays usable", () => {
    const land = new BareLand();
    const r = new Range();
    expect(codeOf(() => land.insert(r, 0, 8))).toBe("UNIMPL");
    expect(codeOf(() => land.delete(r, 0, 8))).toBe("UNIMPL");
    expect(codeOf(() => land.findFirst(r, r, 8, FindDelete.NONE))).toBe("UNIMPL");
    expect(codeOf(() => land.findLast(r, r, 8, FindDelete.NONE))).toBe("UNIMPL");
    expect(codeOf(() => land.findLargest(r, r, 8, FindDelete.NONE))).toBe("UNIMPL");
    expect(codeOf(() => land.findInZones(r, r, 8, 1, true))).toBe("UNIMPL");
    expect(land.iterate(() => true)).toBe(true);
    expect(land.size()).toBe(0);
    land.finish();
  });

  it(".function.init: bad alignment or zone shift throws PARAM", () => {
    for (const alignment of [0, 3, 12, -8, 2 ** 31, 0.5]) {
      expect(codeOf(() => new ArrayLand({ alignment }))).toBe("PARAM");
    }
    for (const zoneShift of [-1, 28, 1.5, Number.NaN]) {
      expect(codeOf(() => new ArrayLand({ zoneShift }))).toBe("PARAM");
    }
    expect(new ArrayLand({ alignment: 1 }).alignment).toBe(1);
  });

  it(".function.flush: landFlush moves ranges until the destination refuses one", () => {
    const src = new ArrayLand();
    const dest = new ArrayLand({ maxRanges: 2 });
    const r = new Range();
    for (const b of [0x100, 0x300, 0x500, 0x700]) src.insert(r, b, b + 0x80);
    expect(landFlush(dest, src)).toBe(false);
    expect(landRanges(dest)).toEqual([[0x100, 0x180], [0x300, 0x380]]);
    expect(landRanges(src)).toEqual([[0x500, 0x580], [0x700, 0x780]]);
    dest.maxRanges = 3;
    dest.failWith = "MEMORY"; // any allocation failure stops the flush
    expect(dest.flushFrom(src)).toBe(false);
    expect(landRanges(src)).toEqual([[0x700, 0x780]]);
    dest.maxRanges = 10;
    expect(dest.flushFrom(src)).toBe(true);
    expect(src.size()).toBe(0);
    expect(dest.size()).toBe(0x200);
    // Flushing a land into itself is misuse, caught by an assertion, which rash removes.
    if (CHECKING) expect(() => dest.flushFrom(dest)).toThrow(MpsAssertionError);
  });

  it(".function.flush: a PARAM from the destination propagates, leaving every range in one land or the other", () => {
    const src = new ArrayLand();
    const dest = new ArrayLand();
    const r = new Range();
    src.insert(r, 0x100, 0x200);
    src.insert(r, 0x300, 0x400);
    dest.insert(r, 0x380, 0x388);
    expect(codeOf(() => dest.flushFrom(src))).toBe("PARAM");
    expect(landRanges(dest)).toEqual([[0x100, 0x200], [0x380, 0x388]]);
    expect(landRanges(src)).toEqual([[0x300, 0x400]]);
  });

  // .req.no-alloc: results come back in the caller's Range objects
  it(".function.find.largest: size 0 finds the largest block; LOW and HIGH take the whole block", () => {
    const land = new ArrayLand();
    const r = new Range();
    const o = new Range();
    expect(land.findLargest(r, o, 0, FindDelete.NONE)).toBe(false);
    land.insert(r, 0x100, 0x140);
    land.insert(r, 0x200, 0x240);
    land.insert(r, 0x300, 0x310);
    expect(land.findLargest(r, o, 0, FindDelete.HIGH)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([0x100, 0x140, 0x100, 0x140]);
    expect(land.findLargest(r, o, 0x48, FindDelete.NONE)).toBe(false);
  });
});

describe("Range", () => {
  it(".range: the operations of design.mps.range", () => {
    const a = new Range(0x100, 0x200);
    const b = new Range().setSize(0x200, 0x100);
    expect(a.size()).toBe(0x100);
    expect(a.overlaps(b)).toBe(false);
    expect(a.overlaps(new Range(0x1f8, 0x208))).toBe(true);
    expect(a.nests(new Range(0x100, 0x200))).toBe(true);
    expect(a.nests(new Range(0x0f8, 0x200))).toBe(false);
    expect(a.contains(0x1ff)).toBe(true);
    expect(a.contains(0x200)).toBe(false);
    expect(new Range(8, 8).isEmpty()).toBe(true);
    expect(a.isAligned(0x100)).toBe(true);
    expect(a.isAligned(0x200)).toBe(false);
    expect(new Range().copy(a).equals(a)).toBe(true);
    expect(a.check()).toBe(true);
    expect(new Range(0x200, 0x100).check()).toBe(false);
    expect(new Range(0, 2 ** 32 + 1).check()).toBe(false);
  });

  it(".range.top: the limit 2^32 prints as 0x100000000, not as zero", () => {
    const top = new Range(2 ** 32 - 0x100, 2 ** 32);
    expect(top.toString()).toBe("[0xffffff00, 0x100000000) 256");
    expect(describeToString(top)).toBe("Range [0xffffff00, 0x100000000) 256\n");
    expect(top.check()).toBe(true);
  });
});

/** The brute-force answer: every aligned start in the block, lowest (or highest) first. */
function bruteZones(base: number, limit: number, zs: number, size: number, shift: number, align: number, high: boolean): number {
  const starts: number[] = [];
  for (let b = base; b + size <= limit; b += align) starts.push(b);
  if (high) starts.reverse();
  for (const b of starts) {
    if ((zoneSetOfRange(b, b + size, shift) & ~zs) === 0) return b;
  }
  return -1;
}

describe("zone search", () => {
  it(".impl.zones: rangeInZoneSetFirst and rangeInZoneSetLast agree with a brute-force search", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }), // log2 alignment
        fc.integer({ min: -2, max: 3 }), // zone shift relative to it
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.boolean(),
        fc.boolean(),
        (la, dz, i, n, k, zs, top, runOfZones) => {
          const align = 2 ** la;
          const shift = Math.max(0, la + dz);
          const zones = runOfZones ? ((2 ** (zs % 31 + 1) - 1) * 2 ** ((zs >>> 8) % 32)) % 2 ** 32 >>> 0 : zs;
          const units = top ? 2 ** 32 / align : 1000;
          const bi = top ? units - i - n : i;
          const base = bi * align;
          const limit = base + n * align;
          if (base < 0) return;
          const size = k * align;
          expect(rangeInZoneSetFirst(base, limit, zones, size, shift, align)).toBe(bruteZones(base, limit, zones, size, shift, align, false));
          expect(rangeInZoneSetLast(base, limit, zones, size, shift, align)).toBe(bruteZones(base, limit, zones, size, shift, align, true));
        },
      ),
    );
  });

  it(".impl.zones: a run of zones that straddles the end of the first period is found (unlike the MPS's truncated search)", () => {
    // Stripes of 16 bytes; every zone but 0. The block starts half-way into zone 1,
    // so the first run (zones 1..31) is short of 31 stripes, and the only
    // 31-stripe run starts at zone 1 of the next period and crosses alignUp(base) + one period.
    const shift = 4;
    const zones = 0xfffffffe;
    const base = 0x18;
    const limit = 0x10000;
    const size = 31 * 16;
    expect(rangeInZoneSetFirst(base, limit, zones, size, shift, 8)).toBe(0x210);
    expect(bruteZones(base, limit, zones, size, shift, 8, false)).toBe(0x210);
  });

  it(".function.find.zones: findInZones with a small zone shift takes the range from the right end", () => {
    for (const land of [new ArrayLand({ alignment: 8, zoneShift: 4 }), new Freelist(new SparseMemory(), { alignment: 8, zoneShift: 4 })]) {
      const r = new Range();
      const o = new Range();
      land.insert(r, 0x000, 0x100); // zones 0..15, 16-byte stripes
      land.insert(r, 0x200, 0x300); // zones 0..15 again
      // zones 3..5 hold 48 bytes: [0x30, 0x60) in the first block, [0x230, 0x260) in the second
      expect(land.findInZones(r, o, 0x20, 0b111000, false)).toBe(true);
      expect([r.base, r.limit, o.base, o.limit]).toEqual([0x30, 0x50, 0x000, 0x100]);
      expect(land.findInZones(r, o, 0x20, 0b111000, true)).toBe(true);
      expect([r.base, r.limit, o.base, o.limit]).toEqual([0x240, 0x260, 0x200, 0x300]);
      expect(land.findInZones(r, o, 0x40, 0b111000, false)).toBe(false);
      expect(land.findInZones(r, o, 0x8, 0, false)).toBe(false);
      expect(landRanges(land)).toEqual([[0x000, 0x30], [0x50, 0x100], [0x200, 0x240], [0x260, 0x300]]);
      if (COOL) land.check();
    }
  });
});
