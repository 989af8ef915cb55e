import { expect, it } from "vitest";
import { FindDelete, Range } from "@mps/land";
import { CBSBlockStore, CBSFast } from "../src/index.js";

it("the README example runs", () => {
  const blocks = new CBSBlockStore({ limit: 2 }); // at most two isolated ranges
  const free = new CBSFast({ alignment: 8, blockPool: blocks });
  const r = new Range();
  const old = new Range();

  free.insert(r, 0x1000, 0x2000);
  free.insert(r, 0x3000, 0x4000);
  free.insert(r, 0x2000, 0x3000); // coalesces with both neighbours
  expect(r.toString()).toBe("[0x00001000, 0x00004000) 12288");

  // First fit: take 0x100 bytes from the low end of the first block big enough.
  free.findFirst(r, old, 0x100, FindDelete.LOW);
  expect([r.toString(), old.toString()]).toEqual(["[0x00001000, 0x00001100) 256", "[0x00001000, 0x00004000) 12288"]);

  free.delete(r, 0x2000, 0x2800); // splits the block in two: uses the second block
  let code = "";
  try {
    free.delete(r, 0x3000, 0x3100); // a third block is over budget
  } catch (e) {
    code = (e as { code: string }).code;
  }
  expect([code, r.toString()]).toEqual(["RESOURCE", "[0x00002800, 0x00004000) 6144"]);
  expect([free.size(), free.blockCount]).toEqual([9984, 2]);
});
