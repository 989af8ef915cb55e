// The trivially correct model the property tests compare against: a bit table
// is an array of booleans, and every operation is a loop over it, one bit at a
// time. Also the fast-check arbitraries of tables, ranges and run lengths.
import fc from "fast-check";
import { type BT, btCreate, btWords } from "../src/index.js";

/** A bit table and its model: `bits` has one entry per bit of the table's capacity. */
export interface Table {
  /** The length the table was created with; operations use indices in [0, n]. */
  n: number;
  bt: BT;
  bits: boolean[];
}

/** Every bit of `bt`'s capacity, as booleans. */
export function toBits(bt: BT): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < bt.length * 32; i++) out.push(((bt[i >>> 5]! >>> (i & 31)) & 1) === 1);
  return out;
}

/** A table of length `n` whose capacity holds `bits` (which has 32 × btWords(n) entries). */
export function fromBits(n: number, bits: boolean[]): Table {
  const bt = btCreate(n);
  if (bits.length !== bt.length * 32) throw new Error("model: wrong number of bits");
  bits.forEach((b, i) => {
    if (b) bt[i >>> 5]! |= 1 << (i & 31);
  });
  return { n, bt, bits: bits.slice() };
}

/** The model's result of a run search: [base, limit), or null. */
export type Run = [number, number] | null;

function allAre(bits: boolean[], v: boolean, base: number, limit: number): boolean {
  for (let i = base; i < limit; i++) if (bits[i] !== v) return false;
  return true;
}

/** Lowest [i, i + len) of `v` bits inside [sb, sl). */
export function modelShortLow(bits: boolean[], v: boolean, sb: number, sl: number, len: number): Run {
  for (let i = sb; i + len <= sl; i++) if (allAre(bits, v, i, i + len)) return [i, i + len];
  return null;
}

/** Highest [i, i + len) of `v` bits inside [sb, sl). */
export function modelShortHigh(bits: boolean[], v: boolean, sb: number, sl: number, len: number): Run {
  for (let i = sl - len; i >= sb; i--) if (allAre(bits, v, i, i + len)) return [i, i + len];
  return null;
}

/** The least i with at least len `v` bits from it, and the greatest j for that i. */
export function modelLongLow(bits: boolean[], v: boolean, sb: number, sl: number, len: number): Run {
  const r = modelShortLow(bits, v, sb, sl, len);
  if (r === null) return null;
  let j = r[1];
  while (j < sl && bits[j] === v) j++;
  return [r[0], j];
}

/** The greatest j with at least len `v` bits below it, and the least i for that j. */
export function modelLongHigh(bits: boolean[], v: boolean, sb: number, sl: number, len: number): Run {
  const r = modelShortHigh(bits, v, sb, sl, len);
  if (r === null) return null;
  let i = r[0];
  while (i > sb && bits[i - 1] === v) i--;
  return [i, r[1]];
}

/** The first index in [base, limit) holding `v`, or -1. */
export function modelFirst(bits: boolean[], v: boolean, base: number, limit: number): number {
  for (let i = base; i < limit; i++) if (bits[i] === v) return i;
  return -1;
}

/** The last index in [base, limit) holding `v`, or -1. */
export function modelLast(bits: boolean[], v: boolean, base: number, limit: number): number {
  for (let i = limit - 1; i >= base; i--) if (bits[i] === v) return i;
  return -1;
}

// ---- arbitraries ----------------------------------------------------------

/** Table lengths: small ones, the word boundaries, and larger ones. */
export const lengthArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.constantFrom(1, 2, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129, 138, 160, 255, 256, 257),
  fc.integer({ min: 41, max: 400 }),
);

/** `count` bits with runs of both values of many lengths, some crossing words. */
function bitsArb(count: number): fc.Arbitrary<boolean[]> {
  const runs = fc
    .array(fc.record({ v: fc.boolean(), len: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 9, max: 100 })) }), {
      minLength: 1,
      maxLength: 20,
    })
    .map((rs) => {
      const out: boolean[] = [];
      for (let k = 0; out.length < count; k++) {
        const r = rs[k % rs.length]!;
        for (let j = 0; j < r.len && out.length < count; j++) out.push(r.v);
      }
      return out;
    });
  const random = fc.array(fc.boolean(), { minLength: count, maxLength: count });
  // Mostly one value, with a few of the other: long runs with short breaks.
  const sparse = fc
    .tuple(fc.boolean(), fc.array(fc.integer({ min: 0, max: count - 1 }), { maxLength: 6 }))
    .map(([v, flips]) => {
      const out = new Array<boolean>(count).fill(v);
      for (const i of flips) out[i] = !v;
      return out;
    });
  return fc.oneof(runs, random, sparse);
}

/** A table of a random length with random contents (its padding bits too). */
export const tableArb: fc.Arbitrary<Table> = lengthArb.chain((n) =>
  bitsArb(btWords(n) * 32).map((bits) => fromBits(n, bits)),
);

/** An index in [0, n], biased towards the ends and the word boundaries. */
export function indexArb(n: number): fc.Arbitrary<number> {
  const special = [0, 1, 2, 31, 32, 33, 63, 64, 65, 96, n - 33, n - 32, n - 31, n - 2, n - 1, n].filter((x) => x >= 0 && x <= n);
  return fc.oneof(fc.integer({ min: 0, max: n }), fc.constantFrom(...special));
}

/** A range [base, limit) with 0 <= base <= limit <= n, possibly empty. */
export function rangeArb(n: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(indexArb(n), indexArb(n)).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
}

/** A non-empty search range inside [0, n] and a run length that fits in it. */
export function searchArb(n: number): fc.Arbitrary<[number, number, number]> {
  return rangeArb(n)
    .filter(([a, b]) => a < b)
    .chain(([a, b]) => {
      const s = b - a;
      const special = [1, 2, 3, 8, 31, 32, 33, 64, s - 1, s].filter((x) => x >= 1 && x <= s);
      return fc
        .oneof(fc.integer({ min: 1, max: Math.min(s, 12) }), fc.integer({ min: 1, max: s }), fc.constantFrom(...special))
        .map((len): [number, number, number] => [a, b, len]);
    });
}
