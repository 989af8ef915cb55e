// The example of README.md, run as a test: keep the two in step.
import { expect, it, vi } from "vitest";
import { ACCESS_READ, ACCESS_RW, Shield, type Protection, type ShieldedSeg } from "../src/index.js";

it(".test.readme: the README example runs and prints what it says", () => {
  // Copy what is printed: the example prints `log` itself, and then changes it.
  const printed: unknown[][] = [];
  const out = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(structuredClone(args)));
  try {
    // A protection that just logs what the shield asks of it. (The real ones are
    // in @mps/platform: "software" keeps a table the mutator's accessors consult.)
    const log: string[] = [];
    const prot: Protection = {
      backend: "log", hasBarrier: true, granularity: 4096, base: 0, limit: 1 << 20,
      set: (base, limit, mode) => void log.push(`set [${base.toString(16)}, ${limit.toString(16)}) ${mode}`),
      forbidden: () => 0,
      sync: () => void log.push("sync"),
      setHandlers: () => {},
      finish: () => {},
    };
    const seg = (base: number): ShieldedSeg => ({ base, limit: base + 0x1000, sm: 0, pm: 0, depth: 0, queued: false });
    const [a, b] = [seg(0x1000), seg(0x2000)];

    const shield = new Shield(prot);
    shield.enter(); // control enters the MPS
    shield.hold(); // suspend the mutator (to scan roots, say)
    shield.raise(b, ACCESS_READ); // a read barrier on two grey segments: queued, not set yet
    shield.raise(a, ACCESS_READ);
    shield.expose(a); // the MPS scans a: it must be able to read it
    shield.cover(a);
    shield.release();
    console.log(log); // []: nothing has touched the protection yet
    shield.leave(); // one set for both adjacent segments, then sync
    console.log(log); // ["set [1000, 3000) 1", "sync"]
    console.log(a.pm === ACCESS_READ && b.pm === ACCESS_READ); // true

    shield.enter();
    shield.expose(b); // exposing a protected segment lowers its protection at once
    console.log(log.at(-1)); // "set [2000, 3000) 0"
    shield.cover(b);
    shield.raise(a, ACCESS_RW); // the mutator is suspended: queued
    shield.leave();
    console.log(log.slice(-3)); // ["set [1000, 2000) 3", "set [2000, 3000) 1", "sync"]
    shield.checkSegs([a, b]);

    expect(printed).toEqual([
      [[]],
      [["set [1000, 3000) 1", "sync"]],
      [true],
      ["set [2000, 3000) 0"],
      [["set [1000, 2000) 3", "set [2000, 3000) 1", "sync"]],
    ]);
  } finally {
    out.mockRestore();
  }
});
