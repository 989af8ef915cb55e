// The README's example, run as a test: the code is the README's, with its
// console.log lines turned into expectations.
import { expect, it } from "vitest";
import { Failover, FindDelete, Freelist, Range } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";

it("the README example runs", () => {
  // The arena's memory: a Freelist writes its list into the free blocks.
  const memory = { u32: new Uint32Array(0x10000 / 4) };
  const free = new Freelist(memory, { alignment: 8 });
  const r = new Range();
  const old = new Range();
  free.insert(r, 0x1000, 0x2000);
  free.insert(r, 0x3000, 0x4000);
  free.insert(r, 0x2000, 0x3000); // joins both neighbours
  expect(r.toString()).toBe("[0x00001000, 0x00004000) 12288");

  free.findFirst(r, old, 0x100, FindDelete.LOW); // first fit: allocate 256 bytes
  expect([r.toString(), old.toString()]).toEqual(["[0x00001000, 0x00001100) 256", "[0x00001000, 0x00004000) 12288"]);

  // A primary with room for two ranges, falling back to a Freelist.
  const primary = new ArrayLand({ alignment: 8, maxRanges: 2 });
  const secondary = new Freelist({ u32: new Uint32Array(0x10000 / 4) }, { alignment: 8 });
  const land = new Failover(primary, secondary);
  for (const base of [0x1000, 0x3000, 0x5000]) land.insert(r, base, base + 0x800);
  expect([primary.size(), secondary.size(), land.size()]).toEqual([4096, 2048, 6144]);
  land.delete(r, 0x3000, 0x3800); // makes room in the primary
  const seen: string[] = [];
  land.iterate((base, limit) => {
    seen.push(`${base.toString(16)} ${limit.toString(16)}`); // 1000 1800, then 5000 5800: address order across both lands
    return true;
  });
  expect(seen).toEqual(["1000 1800", "5000 5800"]);
  land.findLast(r, old, 0x800, FindDelete.NONE); // every insert, delete and find first moves ranges back to the primary
  expect([r.toString(), primary.size(), secondary.size()]).toEqual(["[0x00005000, 0x00005800) 2048", 4096, 0]);
});
