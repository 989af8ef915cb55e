// MockPlinth and MockIOStream: a clock that is stepped, an environment of its
// own, a stream that records calls and fails on the Nth call.
import { afterEach, describe, expect, it } from "vitest";
import { defaultAssertionHandler, MpsAssertionError, setAssertionHandler } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { MockIOStream, MockPlinth } from "../src/test-util.js";

describe("MockPlinth", () => {
  afterEach(() => {
    setAssertionHandler(defaultAssertionHandler);
  });

  // .req.mock
  it(".mock: the clock moves only when stepped, or by autoStep per reading", () => {
    const p = new MockPlinth({ clock: 100 });
    expect([p.clock(), p.clock()]).toEqual([100, 100]);
    expect(p.step(5)).toBe(105);
    expect(p.clock()).toBe(105);
    p.setClock(200);
    expect(p.clock()).toBe(200);
    p.autoStep = 3;
    expect([p.clock(), p.clock(), p.clock()]).toEqual([200, 203, 206]);
    expect(p.clockReads).toBe(7);
    expect(new MockPlinth({ clocksPerSec: 1000 }).clocksPerSec()).toBe(1000);
    expect(new MockPlinth().clocksPerSec()).toBe(1_000_000);
  });

  it(".mock: the clock cannot go back, and bad settings are PARAM", () => {
    const p = new MockPlinth({ clock: 10 });
    expect(codeOf(() => p.setClock(9))).toBe("PARAM");
    expect(codeOf(() => p.step(-1))).toBe("PARAM");
    expect(codeOf(() => p.step(0.5))).toBe("PARAM");
    expect(p.clock()).toBe(10);
    expect(codeOf(() => new MockPlinth({ clock: -1 }))).toBe("PARAM");
    expect(codeOf(() => new MockPlinth({ clocksPerSec: 0 }))).toBe("PARAM");
    expect(codeOf(() => new MockPlinth({ autoStep: 1.5 }))).toBe("PARAM");
  });

  // .req.mock
  it(".mock: the environment is the mock's own, copied at construction", () => {
    const env = { MPS_TELEMETRY_CONTROL: "pool" };
    const p = new MockPlinth({ env });
    env.MPS_TELEMETRY_CONTROL = "all";
    expect(p.getEnv("MPS_TELEMETRY_CONTROL")).toBe("pool");
    expect(p.getEnv("PATH")).toBeUndefined();
    expect(p.getEnv("toString")).toBeUndefined();
    p.env["X"] = "1";
    expect(p.getEnv("X")).toBe("1");
  });

  it(".mock: assertions are recorded, then reported through the hook", () => {
    const p = new MockPlinth();
    expect(() => p.assertFail("c", "l")).toThrow(MpsAssertionError);
    const old = p.installAssertFail(() => undefined);
    p.assertFail("d", "m");
    p.installAssertFail(old);
    expect(p.assertions).toEqual([
      { condition: "c", location: "l" },
      { condition: "d", location: "m" },
    ]);
  });

  it(".mock: output goes to strings; memory calls are the real ones", () => {
    const p = new MockPlinth();
    p.stdout.write("out");
    p.stderr.write("err");
    expect([p.stdout.toString(), p.stderr.toString()]).toEqual(["out", "err"]);
    const mem = new Uint8Array(8);
    p.memset(mem, 0, 1, 4);
    p.memcpy(mem, 4, mem, 0, 4);
    expect(p.memcmp(mem, 0, mem, 4, 4)).toBe(0);
  });
});

describe("MockIOStream", () => {
  it(".mock: records every call and the bytes written", () => {
    const s = new MockIOStream();
    s.open();
    s.write(new Uint8Array([1, 2]));
    s.flush();
    s.write(new Uint8Array([3]));
    expect(s.flushed()).toBe(2);
    s.close();
    expect(s.flushed()).toBe(3);
    expect(Array.from(s.bytes())).toEqual([1, 2, 3]);
    expect(s.calls.map((c) => `${c.op}#${c.n}:${c.size}`)).toEqual(["open#1:0", "write#1:2", "flush#1:0", "write#2:1", "close#1:0"]);
    expect(s.count("write")).toBe(2);
  });

  // .req.mock
  it(".mock: failOn makes exactly the Nth call fail with IO, writing nothing", () => {
    const s = new MockIOStream().failOn("write", 2);
    s.open();
    s.write(new Uint8Array([1]));
    const e = mpsErrorOf(() => s.write(new Uint8Array([2])));
    expect(e?.code).toBe("IO");
    s.write(new Uint8Array([3]));
    expect(Array.from(s.bytes())).toEqual([1, 3]);
    expect(s.calls.filter((c) => c.failed).map((c) => c.n)).toEqual([2]);
  });

  it(".mock: failFrom makes every call from the Nth on fail, until heal", () => {
    const s = new MockIOStream().failFrom("flush", 1).failOn("open", 1);
    expect(codeOf(() => s.open())).toBe("IO");
    expect(s.isOpen).toBe(false);
    s.open();
    expect(codeOf(() => s.flush())).toBe("IO");
    expect(codeOf(() => s.flush())).toBe("IO");
    s.heal();
    s.flush();
    expect(s.count("flush")).toBe(3);
  });

  it(".mock: a close that fails still closes; calls out of protocol are PARAM", () => {
    const s = new MockIOStream().failOn("close", 1);
    expect(codeOf(() => s.write(new Uint8Array(1)))).toBe("PARAM");
    s.open();
    expect(codeOf(() => s.open())).toBe("PARAM");
    expect(codeOf(() => s.close())).toBe("IO");
    expect(s.isOpen).toBe(false);
    expect(codeOf(() => s.close())).toBe("PARAM");
    expect(codeOf(() => s.failOn("write", 0))).toBe("PARAM");
    expect(codeOf(() => s.failFrom("write", 1.5))).toBe("PARAM");
  });
});
