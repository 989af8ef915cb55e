// The assertion handler: install returns the previous one; the default throws
// MpsAssertionError with the condition and location.
import { afterEach, describe, expect, it } from "vitest";
import { assertFail as mpmAssertFail, defaultAssertionHandler, setAssertionHandler } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { MpsAssertionError, assertFail, defaultPlinth, installAssertFail, type AssertionHandler } from "../src/index.js";

describe("assertion handler", () => {
  afterEach(() => {
    setAssertionHandler(defaultAssertionHandler);
  });

  it(".req.assert.default: the default handler throws MpsAssertionError carrying condition and location", () => {
    let caught: unknown;
    try {
      assertFail("base < limit", "arena.arenaAlloc");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MpsAssertionError);
    const e = caught as MpsAssertionError;
    expect(e.condition).toBe("base < limit");
    expect(e.location).toBe("arena.arenaAlloc");
    expect(e.message).toContain("base < limit");
    expect(e.message).toContain("arena.arenaAlloc");
  });

  it(".req.assert.install: installAssertFail replaces the handler and returns the previous one", () => {
    const seen: string[] = [];
    const mine: AssertionHandler = (c, l) => {
      seen.push(`${l}: ${c}`);
    };
    const old = installAssertFail(mine);
    expect(old).toBe(defaultAssertionHandler);
    // A handler that returns lets execution go on, through either entry point.
    assertFail("x", "here");
    mpmAssertFail("y", "there");
    expect(seen).toEqual(["here: x", "there: y"]);
    expect(installAssertFail(old)).toBe(mine);
    expect(() => assertFail("z", "again")).toThrow(MpsAssertionError);
  });

  it(".req.assert.install: the plinth object installs in the same hook", () => {
    const p = defaultPlinth();
    const calls: string[] = [];
    const old = p.installAssertFail((c) => {
      calls.push(c);
    });
    p.assertFail("cond", "loc");
    expect(calls).toEqual(["cond"]);
    expect(p.installAssertFail(old)).not.toBe(old);
  });

  it(".if.assert.install: a handler that is not a function is refused with PARAM, leaving the hook as it was", () => {
    expect(codeOf(() => installAssertFail(42 as unknown as AssertionHandler))).toBe("PARAM");
    expect(codeOf(() => installAssertFail(undefined as unknown as AssertionHandler))).toBe("PARAM");
    expect(() => assertFail("still default", "t")).toThrow(MpsAssertionError);
  });
});
