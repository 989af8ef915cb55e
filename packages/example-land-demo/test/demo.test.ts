import { describe, expect, it } from "vitest";
import { REGION_BASE, REGION_LIMIT, freeRanges, regionMap, runDemo, runFailoverDemo } from "../src/demo.js";

describe(".req.readable .req.true: the land demo", () => {
  const lines: string[] = [];
  const cbs = runDemo((l) => lines.push(l));

  it("ends with the whole region free again, in one range", () => {
    expect(freeRanges(cbs)).toEqual([[REGION_BASE, REGION_LIMIT]]);
    expect(regionMap(cbs)).toBe(".".repeat(64));
  });

  it("allocates first fit from the bottom of the region", () => {
    expect(lines.find((l) => l.startsWith("  A "))).toContain("[0x00100000, 0x00110000)");
    expect(lines.find((l) => l.startsWith("  H "))).toContain("[0x001cc000, 0x001f8000)");
  });

  it("shows three holes, then their coalescing when C is freed", () => {
    const i = lines.findIndex((l) => l.startsWith("3."));
    expect(lines.slice(i).find((l) => l.includes("free  "))).toBe("  free  4 ranges, 304 KiB in all");
    const c = lines.find((l) => l.startsWith("  free C"))!;
    expect(c).toContain("coalesced into [0x00110000, 0x00158000)");
  });

  it("answers first fit, last fit and largest", () => {
    expect(lines.find((l) => l.includes("first fit  "))).toContain("[0x00110000, 0x00128000)");
    expect(lines.find((l) => l.includes("last fit"))).toContain("[0x00180000, 0x0019c000)");
    expect(lines.find((l) => l.includes("largest"))).toContain("[0x00180000, 0x0019c000)");
    expect(lines.find((l) => l.includes("does not fit anywhere: 304 KiB are free"))).toBeDefined();
    expect(lines).toContain("  now 200 KiB fits, first fit at 0x00110000");
  });
});

describe("the failover part of the demo", () => {
  const lines: string[] = [];
  const { failover, cbs, freelist, store } = runFailoverDemo((l) => lines.push(l));

  it("puts the ranges the CBS cannot afford in the Freelist, and shows them all in order", () => {
    const cbsLine = lines.find((l) => l.startsWith("  the CBS holds"))!;
    const flLine = lines.find((l) => l.startsWith("  the Freelist holds"))!;
    expect(cbsLine.match(/\[/g)).toHaveLength(2);
    expect(flLine.match(/\[/g)).toHaveLength(3);
    expect(lines).toContain("  the Failover shows  5 ranges, 704 KiB, in address order; its nodes in use: 2 of 2");
  });

  it("ends with everything back in the CBS", () => {
    expect(store.limit).toBe(Infinity);
    expect(freeRanges(cbs)).toEqual([[REGION_BASE, REGION_LIMIT]]);
    expect(freeRanges(freelist)).toEqual([]);
    expect(freeRanges(failover)).toEqual([[REGION_BASE, REGION_LIMIT]]);
  });
});
