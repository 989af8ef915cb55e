import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RND_MODULUS, RND_MULTIPLIER, Rnd, rndSeedFromClock, rndSeedValid } from "../src/rnd.js";

// The trivially correct model: x' = 48271 · x mod (2^31 − 1), in BigInt.
const model = (x: number) => Number((BigInt(x) * BigInt(RND_MULTIPLIER)) % BigInt(RND_MODULUS));

describe("rnd", () => {
  it(".req.rnd: seed 1 gives 48271 first (Park and Miller's minimal standard, revised multiplier)", () => {
    expect(new Rnd(1).next()).toBe(48271);
  });

  it(".req.rnd: the 10 000th value from seed 1 is 399268537 (the known check value of minstd with 48271)", () => {
    const r = new Rnd(1);
    let x = 0;
    for (let i = 0; i < 10000; i++) x = r.next();
    expect(x).toBe(399268537);
  });

  it(".req.rnd: every step equals 48271 · x mod (2^31 − 1)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: RND_MODULUS - 1 }), (seed) => {
        const r = new Rnd(seed);
        let x = seed;
        for (let i = 0; i < 20; i++) {
          x = model(x);
          expect(r.next()).toBe(x);
        }
      }),
    );
  });

  it(".req.rnd: the extremes of the state step correctly", () => {
    for (const s of [1, 2, 0x7fff, 0x8000, 0xffff, 2 ** 30, RND_MODULUS - 2, RND_MODULUS - 1]) {
      expect(new Rnd(s).next()).toBe(model(s));
    }
  });

  it(".req.rnd: seeds outside [1, 2^31 − 2] are refused", () => {
    for (const s of [0, -1, RND_MODULUS, 2 ** 31, 1.5, NaN]) {
      expect(rndSeedValid(s)).toBe(false);
      expect(() => new Rnd(s)).toThrow(RangeError);
    }
    expect(rndSeedValid(1)).toBe(true);
    expect(rndSeedValid(RND_MODULUS - 1)).toBe(true);
  });

  it(".req.rnd: a seed from the clock is a valid seed", () => {
    expect(rndSeedValid(rndSeedFromClock())).toBe(true);
  });
});
