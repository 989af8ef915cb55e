// Freelist specifics: the block layout in memory, address 0 and the top of
// the address space, memory bounds and replacement, corruption checks.
import { describe, expect, it } from "vitest";
import { COOL, MpsAssertionError } from "@mps/mpm";
import { FREELIST_MIN_ALIGN, FindDelete, Freelist, type MemoryView, Range } from "../src/index.js";
import { landRanges } from "./model.js";
import { SparseMemory } from "./subjects.js";
import { codeOf } from "@mps/mpm/test-util";

/** A memory view whose buffer can be replaced, as an arena's can when it grows. */
class GrowableMemory implements MemoryView {
  u32: Uint32Array;
  constructor(bytes: number) {
    this.u32 = new Uint32Array(bytes / 4);
  }
  grow(bytes: number): void {
    const bigger = new Uint32Array(bytes / 4);
    bigger.set(this.u32);
    this.u32.fill(0xdeadbeef); // the old buffer must not be used again
    this.u32 = bigger;
  }
}

describe("Freelist", () => {
  it(".freelist.layout: a one-unit block holds a tagged next pointer; a longer one holds next and limit", () => {
    const mem = new GrowableMemory(0x100);
    mem.u32.fill(0x77777777);
    const fl = new Freelist(mem, { alignment: 8 });
    const r = new Range();
    fl.insert(r, 0x40, 0x60);
    expect([mem.u32[0x40 / 4], mem.u32[0x44 / 4]]).toEqual([0, 0x60]); // next = end (0), limit
    fl.insert(r, 0x10, 0x18); // one unit: just the tagged next
    expect([mem.u32[0x10 / 4], mem.u32[0x14 / 4]]).toEqual([0x40 | 1, 0x77777777]);
    fl.insert(r, 0x80, 0x88);
    expect(mem.u32[0x44 / 4]).toBe(0x60); // limit unchanged
    expect(mem.u32[0x40 / 4]).toBe(0x80); // next of the long block, untagged
    expect(mem.u32[0x80 / 4]).toBe(1); // end of list, tagged
    fl.insert(r, 0x18, 0x20); // grows the one-unit block: now untagged with a limit
    expect([mem.u32[0x10 / 4], mem.u32[0x14 / 4]]).toEqual([0x40, 0x20]);
    // Nothing outside the free blocks was written.
    const touched = [0x10, 0x14, 0x40, 0x44, 0x80].map((a) => a / 4);
    mem.u32.forEach((w, i) => {
      if (!touched.includes(i)) expect(w).toBe(0x77777777);
    });
    expect(fl.blockCount).toBe(3);
    fl.check();
  });

  it(".freelist.align: the alignment must be at least one word", () => {
    expect(FREELIST_MIN_ALIGN).toBe(4);
    expect(codeOf(() => new Freelist(new GrowableMemory(64), { alignment: 2 }))).toBe("PARAM");
    expect(codeOf(() => new Freelist(new GrowableMemory(64), { alignment: 1 }))).toBe("PARAM");
    const fl = new Freelist(new GrowableMemory(64), { alignment: 4 });
    const r = new Range();
    for (let a = 0; a < 64; a += 8) fl.insert(r, a, a + 4); // 8 one-word blocks
    expect(fl.blockCount).toBe(8);
    fl.insert(r, 4, 8);
    expect(landRanges(fl).slice(0, 2)).toEqual([[0, 12], [16, 20]]);
    fl.check();
  });

  it(".freelist.bad-memory: the memory must be a view object", () => {
    expect(codeOf(() => new Freelist(null as unknown as MemoryView))).toBe("PARAM");
    expect(codeOf(() => new Freelist({} as unknown as MemoryView))).toBe("PARAM");
  });

  it(".freelist.zero: address 0 can be in the land (the list's null is a next pointer, which never points to 0)", () => {
    const fl = new Freelist(new GrowableMemory(0x100), { alignment: 8 });
    const r = new Range();
    const o = new Range();
    fl.insert(r, 0x10, 0x18);
    fl.insert(r, 0x0, 0x8);
    expect(landRanges(fl)).toEqual([[0, 8], [0x10, 0x18]]);
    fl.insert(r, 0x8, 0x10);
    expect([r.base, r.limit]).toEqual([0, 0x18]);
    expect(fl.findFirst(r, o, 8, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit]).toEqual([0, 8]);
    fl.delete(r, 0x10, 0x18);
    expect(landRanges(fl)).toEqual([[8, 0x10]]);
    fl.check();
  });

  it(".freelist.top: the top of the address space can be in the land (a limit of 2^32 is stored as 0)", () => {
    const top = 2 ** 32;
    for (const alignment of [4, 8, 4096]) {
      const mem = new SparseMemory();
      const fl = new Freelist(mem, { alignment });
      const r = new Range();
      const o = new Range();
      fl.insert(r, top - alignment, top); // one unit at the very top
      expect(landRanges(fl)).toEqual([[top - alignment, top]]);
      fl.insert(r, top - 4 * alignment, top - 2 * alignment);
      fl.insert(r, top - 2 * alignment, top - alignment);
      expect([r.base, r.limit]).toEqual([top - 4 * alignment, top]);
      expect(mem.words.get((top - 4 * alignment) / 4 + 1)).toBe(0); // the stored limit
      expect(fl.findLast(r, o, alignment, FindDelete.HIGH)).toBe(true);
      expect([r.base, r.limit, o.base, o.limit]).toEqual([top - alignment, top, top - 4 * alignment, top]);
      fl.insert(r, top - alignment, top);
      fl.delete(r, top - 3 * alignment, top - 2 * alignment);
      expect(landRanges(fl)).toEqual([[top - 4 * alignment, top - 3 * alignment], [top - 2 * alignment, top]]);
      expect(fl.size()).toBe(3 * alignment);
      expect(codeOf(() => fl.insert(r, top - alignment, top + alignment))).toBe("PARAM");
      fl.check();
    }
  });

  it(".freelist.whole: the whole address space is one range", () => {
    const fl = new Freelist(new SparseMemory(), { alignment: 8 });
    const r = new Range();
    const o = new Range();
    fl.insert(r, 0, 2 ** 32);
    expect(fl.size()).toBe(2 ** 32);
    expect(fl.findLargest(r, o, 0, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([0, 2 ** 32]);
    fl.delete(r, 8, 2 ** 32 - 8);
    expect(landRanges(fl)).toEqual([[0, 8], [2 ** 32 - 8, 2 ** 32]]);
    fl.check();
  });

  it(".freelist.bounds: a range outside the memory view is refused with PARAM", () => {
    const fl = new Freelist(new GrowableMemory(0x100), { alignment: 8 });
    const r = new Range(1, 2);
    fl.insert(r, 0x10, 0x20);
    expect(codeOf(() => fl.insert(r, 0xf8, 0x108))).toBe("PARAM");
    expect(codeOf(() => fl.insert(r, 0x200, 0x208))).toBe("PARAM");
    expect([r.base, r.limit]).toEqual([0x10, 0x20]);
    expect(landRanges(fl)).toEqual([[0x10, 0x20]]);
    fl.insert(r, 0xf8, 0x100); // the last unit is inside
  });

  it(".freelist.grow: the memory view is read afresh, so the owner may replace the buffer", () => {
    const mem = new GrowableMemory(0x100);
    const fl = new Freelist(mem, { alignment: 8 });
    const r = new Range();
    const o = new Range();
    fl.insert(r, 0x10, 0x20);
    fl.insert(r, 0x80, 0x100);
    mem.grow(0x200);
    fl.insert(r, 0x100, 0x180);
    expect([r.base, r.limit]).toEqual([0x80, 0x180]);
    expect(fl.findFirst(r, o, 0x20, FindDelete.HIGH)).toBe(true);
    expect([r.base, r.limit]).toEqual([0x160, 0x180]);
    // A visitor may grow the memory too.
    const seen: number[] = [];
    fl.iterate((b) => {
      seen.push(b);
      if (seen.length === 1) mem.grow(0x400);
      return true;
    });
    expect(seen).toEqual([0x10, 0x80]);
    fl.iterateAndDelete((b) => {
      if (b === 0x10) mem.grow(0x800);
      return b === 0x10 ? 1 : 0;
    });
    expect(landRanges(fl)).toEqual([[0x80, 0x160]]);
    fl.check();
  });

  // .req.zero-overhead
  it(".freelist.no-resource: thousands of isolated ranges need no memory beyond themselves", () => {
    const fl = new Freelist(new GrowableMemory(0x10000), { alignment: 4 });
    const r = new Range();
    for (let a = 0x10000 - 8; a >= 0; a -= 8) fl.insert(r, a, a + 4);
    expect(fl.blockCount).toBe(0x2000);
    expect(fl.size()).toBe(0x8000);
    if (COOL) fl.check();
  });

  it(".freelist.check: check finds a corrupted list (at cool)", () => {
    const mem = new GrowableMemory(0x100);
    const fl = new Freelist(mem, { alignment: 8 });
    const r = new Range();
    fl.insert(r, 0x10, 0x20);
    fl.insert(r, 0x40, 0x50);
    expect(fl.check()).toBe(true);
    mem.u32[0x40 / 4] = 0x10; // the second block points back to the first: a cycle
    if (COOL) expect(() => fl.check()).toThrow(MpsAssertionError);
    mem.u32[0x40 / 4] = 0;
    mem.u32[0x14 / 4] = 0x48; // the first block's limit runs into the second
    if (COOL) expect(() => fl.check()).toThrow(MpsAssertionError);
  });
});
