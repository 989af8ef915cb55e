// The clock: microseconds, integral, never decreasing; the Date fallback.
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLOCKS_PER_SEC, clock, clocksPerSec } from "../src/index.js";

describe("clock", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it(".req.clock.integer: every reading is a non-negative integer", () => {
    for (let i = 0; i < 1000; i++) {
      const t = clock();
      expect(Number.isInteger(t)).toBe(true);
      expect(t).toBeGreaterThanOrEqual(0);
    }
  });

  it(".req.clock.monotonic: successive readings never decrease", () => {
    let last = clock();
    for (let i = 0; i < 100_000; i++) {
      const t = clock();
      expect(t >= last).toBe(true);
      last = t;
    }
  });

  it(".if.clocks-per-sec: the clock counts microseconds of performance.now()", () => {
    expect(clocksPerSec()).toBe(1_000_000);
    expect(CLOCKS_PER_SEC).toBe(1_000_000);
    const before = Math.floor(performance.now() * 1000);
    const t = clock();
    const after = Math.floor(performance.now() * 1000);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
  });

  it(".impl.clock.fallback: with no performance object the clock uses Date.now, clamped", async () => {
    vi.stubGlobal("performance", undefined);
    let now = 5_000;
    const spy = vi.spyOn(Date, "now").mockImplementation(() => now);
    try {
      const fresh = (vi.resetModules(), await import("../src/clock.js"));
      expect(fresh.clock()).toBe(5_000_000);
      now = 4_000; // the system clock is set back
      expect(fresh.clock()).toBe(5_000_000);
      now = 5_002;
      expect(fresh.clock()).toBe(5_002_000);
    } finally {
      spy.mockRestore();
    }
  });
});
