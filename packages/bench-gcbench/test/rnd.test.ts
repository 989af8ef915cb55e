import { describe, expect, it } from "vitest";
import { Rnd, RND_M, rndSeed } from "../src/rnd.js";

describe("rnd: the MPS test library's generator", () => {
  it(".req.rnd: from state 1 the first value is 48271 and the 10000th is 399268537 (testlib.c rnd_verify)", () => {
    const r = new Rnd(1);
    expect(r.next()).toBe(48271);
    let v = 0;
    for (let i = 2; i <= 10000; i++) v = r.next();
    expect(v).toBe(399268537);
  });
  it(".req.rnd: state 1899818559 wraps round to 1", () => {
    expect(new Rnd(1899818559).next()).toBe(1);
  });
  it(".req.rnd: the largest state steps exactly (the product needs 47 bits)", () => {
    const r = new Rnd(RND_M - 1);
    expect(r.next()).toBe(Number((BigInt(RND_M - 1) * 48271n) % BigInt(RND_M)));
  });
  it(".req.rnd: double is the next value over 2^31 - 1 and advances the same state", () => {
    const a = new Rnd(12345);
    const b = new Rnd(12345);
    for (let i = 0; i < 100; i++) expect(a.double()).toBe(b.next() / RND_M);
    expect(a.state).toBe(b.state);
  });
  it(".req.rnd: bad seeds are refused", () => {
    for (const s of [0, -1, RND_M, 1.5, Number.NaN]) expect(() => new Rnd(s)).toThrow(RangeError);
  });
  it(".req.rnd: a seed from the clock is a valid state", () => {
    const s = rndSeed();
    expect(s).toBeGreaterThanOrEqual(1);
    expect(s).toBeLessThan(RND_M);
    expect(() => new Rnd(s)).not.toThrow();
  });
});
