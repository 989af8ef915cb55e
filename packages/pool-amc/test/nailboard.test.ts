import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Nailboard } from "../src/index.js";

describe("Nailboard", () => {
  it(".nailboard.model: set, get, setRange, isResRange and isSetRange agree with a bit array", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 8, 16),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat()), { maxLength: 60 }),
        (align, grains, ops) => {
          const base = 0x10000;
          const limit = base + grains * align;
          const board = new Nailboard(align, base, limit);
          const model = new Array<boolean>(grains).fill(false);
          for (const [isRange, x, y] of ops) {
            const a = base + (x % (grains * align));
            if (!isRange) {
              const g = (a - base) / align | 0;
              const was = board.set(a);
              expect(was).toBe(model[g]);
              model[g] = true;
              expect(board.get(a)).toBe(true);
            } else {
              const lo = Math.min(x % grains, y % grains);
              const hi = Math.max(x % grains, y % grains) + 1;
              const r0 = base + lo * align;
              const r1 = base + hi * align;
              const res = model.slice(lo, hi).every((b) => !b);
              expect(board.isResRange(r0, r1)).toBe(res);
              expect(board.isSetRange(r0, r1)).toBe(model.slice(lo, hi).every((b) => b));
              if (res) {
                board.setRange(r0, r1);
                for (let g = lo; g < hi; g++) model[g] = true;
              }
            }
          }
          expect(board.count()).toBe(model.filter((b) => b).length);
          expect(board.check()).toBe(true);
        },
      ),
    );
  });

  it(".nailboard.new-nails: the flag records a nail added since it was cleared", () => {
    const board = new Nailboard(8, 0x1000, 0x2000);
    expect(board.newNails).toBe(false);
    board.set(0x1008);
    expect(board.newNails).toBe(true);
    board.clearNewNails();
    board.set(0x100c); // the same grain: not new
    expect(board.newNails).toBe(false);
    board.set(0x1ff8);
    expect(board.newNails).toBe(true);
  });

  it(".nailboard.clip: a range starting before the board or ending at or past its limit is clipped", () => {
    const board = new Nailboard(8, 0x1000, 0x1100);
    expect(board.isResRange(0xff8, 0x1008)).toBe(true);
    board.set(0x1000);
    expect(board.isResRange(0xff8, 0x1008)).toBe(false);
    expect(board.isResRange(0x1100, 0x1110)).toBe(true);
    expect(board.isResRange(0x10f8, 0x2000)).toBe(true);
    board.set(0x10ff);
    expect(board.isResRange(0x10f8, 0x2000)).toBe(false);
    // A range whose limit falls inside a grain covers that grain.
    expect(board.isResRange(0x10f0, 0x10f9)).toBe(false);
  });
});
