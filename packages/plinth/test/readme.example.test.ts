// The README's example, run as a test: the code is the README's, with its
// console.log lines turned into expectations.
import { afterEach, expect, it } from "vitest";
import { defaultAssertionHandler, setAssertionHandler } from "@mps/mpm";
import { MpsAssertionError, defaultPlinth, installAssertFail, libMemcmp, type Plinth } from "../src/index.js";
import { MockPlinth } from "../src/test-util.js";

afterEach(() => {
  setAssertionHandler(defaultAssertionHandler);
});

it("the README example runs", () => {
  // The default plinth: microseconds since the program started.
  const plinth: Plinth = defaultPlinth();
  const t0 = plinth.clock();
  expect([Number.isInteger(t0), plinth.clocksPerSec()]).toEqual([true, 1000000]);

  // Library calls work on blocks of an arena's memory (here, a plain Uint8Array).
  const mem = new Uint8Array(64);
  plinth.memset(mem, 8, 0xab, 4);
  plinth.memcpy(mem, 16, mem, 8, 4);
  expect(libMemcmp(mem, 8, mem, 16, 4)).toBe(0);

  // Assertions throw MpsAssertionError until another handler is installed.
  const seen: string[] = [];
  const previous = installAssertFail((condition, location) => {
    seen.push(`${location}: ${condition}`);
    throw new MpsAssertionError(condition, location);
  });
  let caught: unknown;
  try {
    plinth.assertFail("base < limit", "example.check");
  } catch (e) {
    caught = e;
  }
  expect(caught instanceof MpsAssertionError).toBe(true);
  installAssertFail(previous);
  expect(seen).toEqual(["example.check: base < limit"]);

  // A mock plinth for tests: the clock moves when stepped, the stream fails on request.
  const mock = new MockPlinth({ clock: 1000, env: { MPS_TELEMETRY_CONTROL: "arena" } });
  mock.step(250);
  expect([mock.clock(), mock.getEnv("MPS_TELEMETRY_CONTROL")]).toEqual([1250, "arena"]);
  mock.io.failOn("write", 2);
  mock.io.open();
  mock.io.write(new Uint8Array([1, 2, 3]));
  let code: string | undefined;
  try {
    mock.io.write(new Uint8Array([4]));
  } catch (e) {
    code = (e as { code?: string }).code;
  }
  expect(code).toBe("IO");
  expect(mock.io.bytes()).toEqual(new Uint8Array([1, 2, 3]));
});
