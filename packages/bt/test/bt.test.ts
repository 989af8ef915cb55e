// Property tests of the table, bit and range operations against the boolean
// array model (test/model.ts), and their edge cases.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StringStream, MpsAssertionError } from "@mps/mpm";
import {
  BT_MAX_LENGTH,
  btCapacity,
  btCheck,
  btCopyInvertRange,
  btCopyOffsetRange,
  btCopyRange,
  btCountResRange,
  btCountSetRange,
  btCreate,
  btDescribe,
  btGet,
  btIsResRange,
  btIsSetRange,
  btRangesSame,
  btRes,
  btResRange,
  btSet,
  btSetRange,
  btWords,
} from "../src/index.js";
import { fromBits, indexArb, rangeArb, tableArb, toBits } from "./model.js";

describe("table", () => {
  it(".req.bit: a table of n bits takes ceil(n/32) words", () => {
    for (const [n, w] of [[0, 0], [1, 1], [31, 1], [32, 1], [33, 2], [64, 2], [65, 3], [138, 5], [BT_MAX_LENGTH, 2 ** 26]] as const) {
      expect(btWords(n)).toBe(w);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => {
        const bt = btCreate(n);
        expect(bt).toBeInstanceOf(Uint32Array);
        expect(bt.length).toBe(Math.ceil(n / 32));
        expect(btCapacity(bt)).toBe(bt.length * 32);
        expect(btCapacity(bt) - n).toBeLessThan(32);
      }),
    );
  });

  it(".if.create: a new table is all reset", () => {
    for (const n of [1, 31, 32, 33, 1000]) {
      const bt = btCreate(n);
      expect(btIsResRange(bt, 0, n)).toBe(true);
      expect(btCountResRange(bt, 0, n)).toBe(n);
    }
  });

  it(".if.check: btCheck accepts tables and reports the wrong length", () => {
    expect(btCheck(btCreate(33))).toBe(true);
    expect(btCheck(btCreate(33), 33)).toBe(true);
    expect(btCheck(btCreate(33), 64)).toBe(true);
    expect(() => btCheck(btCreate(33), 32)).toThrow(MpsAssertionError);
    expect(() => btCheck([0] as unknown as Uint32Array)).toThrow(MpsAssertionError);
  });

  it(".if.describe: btDescribe draws the bits", () => {
    const bt = btCreate(70);
    btSet(bt, 0);
    btSetRange(bt, 62, 66);
    const s = new StringStream();
    btDescribe(bt, s, 70, 2);
    expect(s.toString()).toBe(
      "  BT 70 bits, 3 words {\n" +
        "     0 O.............................................................OO\n" +
        "    64 OO....\n" +
        "  } BT\n",
    );
    const all = new StringStream();
    btDescribe(bt, all);
    expect(all.toString()).toContain("BT 96 bits, 3 words");
  });
});

describe("single bits", () => {
  it(".req.ops.get .req.ops.set .req.ops.reset: get, set and reset agree with the model", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.tuple(fc.constantFrom("set", "res", "get"), indexArb(t.n - 1)), { maxLength: 40 }))),
        ([t, ops]) => {
          for (const [op, i] of ops) {
            if (op === "set") {
              btSet(t.bt, i);
              t.bits[i] = true;
            } else if (op === "res") {
              btRes(t.bt, i);
              t.bits[i] = false;
            } else {
              expect(btGet(t.bt, i)).toBe(t.bits[i]);
            }
          }
          expect(toBits(t.bt)).toEqual(t.bits);
        },
      ),
    );
  });

  it(".req.ops.get: the first and last bit of every word, and bit 31 (the sign bit)", () => {
    const bt = btCreate(96);
    for (const i of [0, 31, 32, 63, 64, 95]) {
      btSet(bt, i);
      expect(btGet(bt, i)).toBe(true);
      expect(btCountSetRange(bt, 0, 96)).toBe(1);
      btRes(bt, i);
      expect(btGet(bt, i)).toBe(false);
      expect(bt.every((w) => w === 0)).toBe(true);
    }
  });
});

describe("ranges", () => {
  it(".req.ops.set.range .req.ops.reset.range: setRange and resRange change exactly the range", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) => fc.tuple(fc.constant(t), rangeArb(t.n), fc.boolean())),
        ([t, [b, l], set]) => {
          if (set) btSetRange(t.bt, b, l);
          else btResRange(t.bt, b, l);
          for (let i = b; i < l; i++) t.bits[i] = set;
          expect(toBits(t.bt)).toEqual(t.bits);
        },
      ),
    );
  });

  it(".req.ops.test.range: isSetRange and isResRange agree with the model, true when empty", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) => fc.tuple(fc.constant(t), rangeArb(t.n))),
        ([t, [b, l]]) => {
          const before = t.bt.slice();
          expect(btIsSetRange(t.bt, b, l)).toBe(t.bits.slice(b, l).every((x) => x));
          expect(btIsResRange(t.bt, b, l)).toBe(t.bits.slice(b, l).every((x) => !x));
          expect(t.bt).toEqual(before);
        },
      ),
    );
  });

  it(".req.ops.test.range: a single bit just inside or outside the range decides the answer", () => {
    const n = 138;
    const bt = btCreate(n);
    for (const [b, l] of [[0, 1], [0, 32], [1, 31], [31, 33], [32, 64], [5, 133], [0, 138]] as const) {
      for (const i of [b - 1, b, l - 1, l]) {
        if (i < 0 || i >= n) continue;
        btResRange(bt, 0, n);
        btSet(bt, i);
        const inside = i >= b && i < l;
        expect(btIsResRange(bt, b, l)).toBe(!inside);
        btSetRange(bt, 0, n);
        btRes(bt, i);
        expect(btIsSetRange(bt, b, l)).toBe(!inside);
      }
    }
  });

  it(".req.ops.test.range.same: rangesSame agrees with the model", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) =>
          fc.tuple(fc.constant(t), rangeArb(t.n), fc.array(indexArb(t.n - 1), { maxLength: 3 })),
        ),
        ([t, [b, l], flips]) => {
          const other = fromBits(t.n, t.bits);
          for (const i of flips) {
            other.bits[i] = !other.bits[i];
            if (other.bits[i]) btSet(other.bt, i);
            else btRes(other.bt, i);
          }
          const same = t.bits.slice(b, l).every((x, k) => x === other.bits[b + k]);
          expect(btRangesSame(t.bt, other.bt, b, l)).toBe(same);
          expect(btRangesSame(other.bt, t.bt, b, l)).toBe(same);
          expect(btRangesSame(t.bt, t.bt, b, l)).toBe(true);
        },
      ),
    );
  });

  it(".req.ops.count: countResRange and countSetRange agree with the model", () => {
    fc.assert(
      fc.property(
        tableArb.chain((t) => fc.tuple(fc.constant(t), rangeArb(t.n))),
        ([t, [b, l]]) => {
          const set = t.bits.slice(b, l).filter((x) => x).length;
          expect(btCountSetRange(t.bt, b, l)).toBe(set);
          expect(btCountResRange(t.bt, b, l)).toBe(l - b - set);
        },
      ),
    );
  });
});

describe("copies", () => {
  const twoTables = tableArb.chain((a) =>
    fc.tuple(
      fc.constant(a),
      // The destination has the same length, or another one at least as long.
      fc.oneof(fc.constant(a.n), fc.integer({ min: a.n, max: a.n + 100 })).chain((m) =>
        fc.array(fc.boolean(), { minLength: btWords(m) * 32, maxLength: btWords(m) * 32 }).map((bits) => fromBits(m, bits)),
      ),
      rangeArb(a.n),
    ),
  );

  it(".req.ops.copy.simple: copyRange copies exactly the range", () => {
    fc.assert(
      fc.property(twoTables, ([from, to, [b, l]]) => {
        const fromBefore = from.bt.slice();
        btCopyRange(from.bt, to.bt, b, l);
        for (let i = b; i < l; i++) to.bits[i] = from.bits[i]!;
        expect(toBits(to.bt)).toEqual(to.bits);
        expect(from.bt).toEqual(fromBefore);
        expect(btRangesSame(from.bt, to.bt, b, l)).toBe(true);
      }),
    );
  });

  it(".req.ops.copy.invert: copyInvertRange copies the inverse of exactly the range", () => {
    fc.assert(
      fc.property(twoTables, ([from, to, [b, l]]) => {
        const fromBefore = from.bt.slice();
        btCopyInvertRange(from.bt, to.bt, b, l);
        for (let i = b; i < l; i++) to.bits[i] = !from.bits[i];
        expect(toBits(to.bt)).toEqual(to.bits);
        expect(from.bt).toEqual(fromBefore);
      }),
    );
  });

  it(".req.ops.copy.offset: copyOffsetRange copies a range to any other position", () => {
    fc.assert(
      fc.property(
        fc.tuple(tableArb, tableArb).chain(([from, to]) =>
          fc
            .tuple(rangeArb(from.n), indexArb(to.n))
            .map(([[b, l], tb]): [number, number, number] => {
              const size = Math.min(l - b, to.n - tb);
              return [b, b + size, tb];
            })
            .map((r) => [from, to, r] as const),
        ),
        ([from, to, [fb, fl, tb]]) => {
          const fromBefore = from.bt.slice();
          const tl = tb + (fl - fb);
          btCopyOffsetRange(from.bt, to.bt, fb, fl, tb, tl);
          for (let k = 0; k < fl - fb; k++) to.bits[tb + k] = from.bits[fb + k]!;
          expect(toBits(to.bt)).toEqual(to.bits);
          expect(from.bt).toEqual(fromBefore);
        },
      ),
    );
  });

  it(".req.ops.copy.offset: every shift between source and destination, across words", () => {
    const from = btCreate(200);
    for (let i = 0; i < 200; i++) if ((i * 7) % 5 < 2) btSet(from, i);
    const fromBits = toBits(from);
    for (let fb = 0; fb < 40; fb += 3) {
      for (let tb = 0; tb < 40; tb++) {
        const size = 150;
        const to = btCreate(200);
        btSetRange(to, 0, 200);
        btCopyOffsetRange(from, to, fb, fb + size, tb, tb + size);
        const bits = toBits(to);
        for (let i = 0; i < 224; i++) {
          const want = i >= tb && i < tb + size ? fromBits[fb + i - tb] : i < 200;
          expect(bits[i]).toBe(want);
        }
      }
    }
  });

  it(".req.ops.copy: views on different parts of one buffer may be copied between", () => {
    const buf = new Uint32Array(4);
    const a = buf.subarray(0, 2);
    const b = buf.subarray(2, 4);
    btSetRange(a, 3, 50);
    btCopyRange(a, b, 0, 64);
    btCopyOffsetRange(a, b, 3, 50, 0, 47);
    expect(btIsSetRange(b, 0, 47)).toBe(true);
    btCopyInvertRange(a, b, 0, 64);
    expect(btCountSetRange(b, 0, 64)).toBe(64 - 47);
  });
});
