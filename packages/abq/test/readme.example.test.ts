// The README's example, run as a test: the code is the README's, with its
// console.log lines turned into expectations.
import { expect, it } from "vitest";
import { ABQ, ABQ_VISIT_DELETE } from "../src/index.js";

it("the README example runs", () => {
  interface Block {
    base: number;
    limit: number;
  }

  // MVT keeps a few of its free blocks in a queue of fixed length.
  const available = new ABQ<Block>(3, { owner: "MVT" });
  available.push({ base: 0x1000, limit: 0x3000 });
  available.push({ base: 0x8000, limit: 0x9000 });
  available.push({ base: 0xa000, limit: 0xf000 });
  expect(available.isFull()).toBe(true);
  expect(available.push({ base: 0x20000, limit: 0x21000 })).toBe(false); // full, nothing changed

  const oldest = available.pop(); // first in, first out
  expect(oldest?.base.toString(16)).toBe("1000");
  available.push({ base: 0x20000, limit: 0x21000 });

  // Delete the blocks that overlap a range that has just been allocated. The
  // visitor gets the range as its closure, so it need not capture anything.
  const overlaps = (b: Block, r: Block) => (b.base < r.limit && r.base < b.limit ? ABQ_VISIT_DELETE : 0);
  available.iterate(overlaps, { base: 0x8800, limit: 0x9800 });
  expect(available.toArray().map((b) => b.base.toString(16))).toEqual(["a000", "20000"]);
  expect([available.count(), available.pushMeter.count]).toEqual([2, 5]); // the refused push counts
});
