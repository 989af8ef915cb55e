import { expect, it } from "vitest";
import { runGcDemo } from "../src/gc-demo.js";

it("the GC demo collects as it allocates and keeps every list still held intact", () => {
  const lines: string[] = [];
  const r = runGcDemo((l) => lines.push(l));
  expect(r.collections).toBeGreaterThan(3);
  expect(r.checked).toBeGreaterThan(200); // most of the 256 slots hold a list
  expect(r.liveCells).toBe(r.checked * 16);
  expect(lines.some((l) => l.startsWith("  collection 1: condemned"))).toBe(true);
  expect(lines.at(-1)).toBe(`  every one of the ${r.checked} lists still held has its 16 cells, in order, after being moved`);
});
