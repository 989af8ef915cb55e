// The Plinth object: the host plinth delegates to the module functions; the
// default plinth is one object; a client can supply its own.
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultAssertionHandler, setAssertionHandler, StringStream } from "@mps/mpm";
import { HostPlinth, clocksPerSec, defaultPlinth, type Plinth } from "../src/index.js";
import { MockPlinth } from "../src/test-util.js";

describe("Plinth", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setAssertionHandler(defaultAssertionHandler);
  });

  // .req.env
  it(".if.default: the default plinth is one HostPlinth", () => {
    const p = defaultPlinth();
    expect(p).toBeInstanceOf(HostPlinth);
    expect(defaultPlinth()).toBe(p);
    expect(p.name).toBe("default");
  });

  // .req.env
  it(".if.host: the host plinth's methods are the module's functions", () => {
    const p = new HostPlinth();
    const t0 = p.clock();
    expect(Number.isInteger(t0)).toBe(true);
    expect(p.clock()).toBeGreaterThanOrEqual(t0);
    expect(p.clocksPerSec()).toBe(clocksPerSec());
    vi.stubEnv("MPS_PLINTH_HOST_TEST", "yes");
    expect(p.getEnv("MPS_PLINTH_HOST_TEST")).toBe("yes");
    const mem = new Uint8Array(16);
    p.memset(mem, 0, 7, 4);
    p.memcpy(mem, 8, mem, 0, 4);
    expect(Array.from(mem.subarray(8, 12))).toEqual([7, 7, 7, 7]);
    expect(p.memcmp(mem, 0, mem, 8, 4)).toBe(0);
    expect(p.stdout).toBe(p.stdout);
    expect(p.stderr).toBe(p.stderr);
  });

  it(".req.replace: any object with the Plinth methods is a plinth", () => {
    // A client's plinth that logs to a string and counts in milliseconds.
    const out = new StringStream();
    const mock = new MockPlinth();
    const mine: Plinth = {
      name: "client",
      clock: () => 42,
      clocksPerSec: () => 1000,
      io: mock.io,
      getEnv: () => undefined,
      assertFail: (c, l) => out.write(`${l}: ${c}\n`),
      installAssertFail: (h) => h,
      memcpy: mock.memcpy,
      memset: mock.memset,
      memcmp: mock.memcmp,
      stdout: out,
      stderr: out,
    };
    mine.assertFail("x", "y");
    expect(out.toString()).toBe("y: x\n");
    expect(mine.clock() / mine.clocksPerSec()).toBe(0.042);
  });
});
