import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { ACCESS_NONE, ACCESS_READ, ACCESS_RW, ACCESS_WRITE, type AccessSet } from "@mps/shield";
import { NONE_PROTECTION, NoneProtection, PROTECTION_GRANULARITY_MIN, SIG_PROTECTION, SOFTWARE_PROTECTION, SoftwareProtection } from "../src/index.js";

const GRAIN = 4096;
const opts = (grains = 64, base = 0) => ({ base, limit: grains * GRAIN, granularity: GRAIN });

describe.each([
  { name: "none", make: (o = opts()) => new NoneProtection(o) },
  { name: "software", make: (o = opts()) => new SoftwareProtection(o) },
])("$name protection", ({ name, make }) => {
  it(".prot.table: covers [base, limit) at its granularity, nothing protected", () => {
    const p = make(opts(64, 4 * GRAIN));
    expect(p.sig).toBe(SIG_PROTECTION);
    expect(p.backend).toBe(name);
    expect(p.hasBarrier).toBe(name === "software");
    expect([p.base, p.limit, p.granularity, p.shift]).toEqual([4 * GRAIN, 64 * GRAIN, GRAIN, 12]);
    expect(p.table.length).toBe(64);
    expect(p.table.every((m) => m === 0)).toBe(true);
    expect(p.check()).toBe(true);
  });

  it(".prot.table: set records the mode of every grain in the range, and only there", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ i: fc.nat(31), n: fc.integer({ min: 1, max: 8 }), mode: fc.nat(3) }), { maxLength: 30 }), (sets) => {
        const p = make(opts(32));
        const model = new Array<number>(32).fill(0);
        for (const { i, n, mode } of sets) {
          const j = Math.min(i + n, 32);
          p.set(i * GRAIN, j * GRAIN, mode);
          for (let k = i; k < j; k++) model[k] = mode;
        }
        for (let k = 0; k < 32; k++) {
          expect(p.recorded(k * GRAIN + 100)).toBe(model[k]);
          expect(p.forbidden(k * GRAIN + 4095)).toBe(name === "software" ? model[k] : ACCESS_NONE);
        }
        if (COOL) expect(p.check()).toBe(true);
      }),
    );
  });

  it.skipIf(!CHECKING)(".prot.table: a bad range or mode is PARAM and changes nothing", () => {
    const p = make(opts(16, 2 * GRAIN));
    p.set(4 * GRAIN, 6 * GRAIN, ACCESS_READ);
    const before = p.table.slice();
    for (const [b, l, m] of [
      [4 * GRAIN, 4 * GRAIN, ACCESS_READ], // empty
      [4 * GRAIN + 8, 6 * GRAIN, ACCESS_READ], // unaligned
      [0, GRAIN * 3, ACCESS_READ], // below base
      [15 * GRAIN, 17 * GRAIN, ACCESS_READ], // past limit
      [4 * GRAIN, 6 * GRAIN, 4], // not an access set
      [4 * GRAIN, 6 * GRAIN, -1],
      [NaN, 6 * GRAIN, 1],
    ] as Array<[number, number, AccessSet]>) {
      expect(codeOf(() => p.set(b, l, m))).toBe("PARAM");
    }
    expect(p.table).toEqual(before);
    expect(codeOf(() => p.recorded(GRAIN))).toBe("PARAM");
    expect(codeOf(() => p.setHandlers(null as unknown as () => void, () => {}))).toBe("PARAM");
    p.finish();
    expect(codeOf(() => p.set(4 * GRAIN, 5 * GRAIN, 0))).toBe("PARAM");
    expect(codeOf(() => p.sync())).toBe("PARAM");
    expect(() => p.check()).toThrow(MpsAssertionError);
  });

  it(".prot.table: bad options are PARAM", () => {
    for (const o of [
      { base: 0, limit: 0, granularity: GRAIN },
      { base: GRAIN, limit: GRAIN, granularity: GRAIN },
      { base: 8, limit: GRAIN * 2, granularity: GRAIN },
      { base: 0, limit: 2 ** 32 + GRAIN, granularity: GRAIN },
      { base: 0, limit: GRAIN, granularity: 3 },
      { base: 0, limit: GRAIN, granularity: 4 },
    ]) {
      expect(codeOf(() => make(o))).toBe("PARAM");
    }
    expect(make({ base: 0, limit: 64, granularity: PROTECTION_GRANULARITY_MIN }).table.length).toBe(8);
    expect(make({ base: 0, limit: 2 ** 32, granularity: 2 ** 20 }).table.length).toBe(4096);
  });

  it(".prot.table: lists the protected ranges", () => {
    const p = make(opts(16));
    p.set(2 * GRAIN, 4 * GRAIN, ACCESS_READ);
    p.set(4 * GRAIN, 5 * GRAIN, ACCESS_RW);
    const text = describeToString(p);
    expect(text).toContain(`Protection ${name} {`);
    expect(text).toContain("[0x00002000, 0x00004000) READ");
    expect(text).toContain("[0x00004000, 0x00005000) READ WRITE");
  });
});

describe("software protection", () => {
  // .req.prot
  it(".prot.software: checkAccess calls the access handler only on a forbidden access", () => {
    const p = new SoftwareProtection(opts());
    const hits: Array<[number, AccessSet]> = [];
    p.setHandlers((addr, mode) => {
      hits.push([addr, mode]);
      p.set(Math.floor(addr / GRAIN) * GRAIN, Math.floor(addr / GRAIN) * GRAIN + GRAIN, ACCESS_NONE); // the arena lowers it
    }, () => {});
    p.set(8 * GRAIN, 10 * GRAIN, ACCESS_WRITE);
    p.checkAccess(8 * GRAIN + 16, ACCESS_READ); // reads are allowed
    expect(hits).toEqual([]);
    p.checkAccess(8 * GRAIN + 16, ACCESS_WRITE);
    expect(hits).toEqual([[8 * GRAIN + 16, ACCESS_WRITE]]);
    p.checkAccess(8 * GRAIN + 20, ACCESS_WRITE); // lowered: no second hit
    p.checkAccess(9 * GRAIN, ACCESS_RW); // the handler gets only the forbidden part
    expect(hits).toEqual([[8 * GRAIN + 16, ACCESS_WRITE], [9 * GRAIN, ACCESS_WRITE]]);
    p.sync(); // nothing to do
    expect(p.forbidden(9 * GRAIN)).toBe(ACCESS_NONE);
  });

  it.skipIf(!CHECKING)(".prot.software: a hit with no handler, or a handler that does not allow the access, is an assertion", () => {
    const p = new SoftwareProtection(opts());
    p.set(0, GRAIN, ACCESS_READ);
    expect(() => p.checkAccess(8, ACCESS_READ)).toThrow(MpsAssertionError);
    p.setHandlers(() => {}, () => {});
    expect(() => p.checkAccess(8, ACCESS_READ)).toThrow(/allowed the access/);
    expect(codeOf(() => p.barrierHit(64 * GRAIN, ACCESS_READ))).toBe("PARAM");
    p.barrierHit(GRAIN, ACCESS_READ); // not forbidden there: nothing happens
  });

  it(".prot.software: the backend makes software protections", () => {
    expect(SOFTWARE_PROTECTION.name).toBe("software");
    expect(SOFTWARE_PROTECTION.hasBarrier).toBe(true);
    expect(SOFTWARE_PROTECTION.available()).toBe(true);
    const p = SOFTWARE_PROTECTION.create(opts());
    expect(p).toBeInstanceOf(SoftwareProtection);
    expect(codeOf(() => SOFTWARE_PROTECTION.create(undefined as unknown as ReturnType<typeof opts>))).toBe("PARAM");
  });
});

describe("none protection", () => {
  // .req.prot
  it(".prot.none: sync calls the handler for each protected grain until nothing is protected", () => {
    const p = new NoneProtection(opts());
    const calls: Array<[number, AccessSet]> = [];
    // The arena's handler resolves the whole "segment" it is given; segments are 2 grains here.
    p.setHandlers(() => {}, (addr, mode) => {
      calls.push([addr, mode]);
      const base = Math.floor(addr / (2 * GRAIN)) * 2 * GRAIN;
      p.set(base, base + 2 * GRAIN, ACCESS_NONE);
    });
    p.set(4 * GRAIN, 6 * GRAIN, ACCESS_READ);
    p.set(10 * GRAIN, 12 * GRAIN, ACCESS_WRITE);
    expect(p.protectedCount()).toBe(4);
    expect(p.forbidden(4 * GRAIN)).toBe(ACCESS_NONE); // the mutator is never stopped
    p.sync();
    expect(calls).toEqual([[4 * GRAIN, ACCESS_READ], [10 * GRAIN, ACCESS_WRITE]]);
    expect(p.protectedCount()).toBe(0);
    p.sync(); // nothing left: the handler is not called
    expect(calls.length).toBe(2);
  });

  it(".prot.none: resolving one grain may protect others; sync goes on until none is left", () => {
    const p = new NoneProtection(opts());
    let budget = 5;
    p.setHandlers(() => {}, (addr) => {
      p.set(addr, addr + GRAIN, ACCESS_NONE);
      // "Scanning" it greys another segment, lower down, while the budget lasts.
      if (budget-- > 0) p.set(budget * GRAIN, budget * GRAIN + GRAIN, ACCESS_READ);
    });
    p.set(40 * GRAIN, 41 * GRAIN, ACCESS_READ);
    p.sync();
    expect(p.protectedCount()).toBe(0);
    expect(budget).toBeLessThan(0);
  });

  it(".prot.none: a sync called from inside the handler returns at once", () => {
    const p = new NoneProtection(opts());
    let depth = 0;
    let maxDepth = 0;
    p.setHandlers(() => {}, (addr) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      p.sync(); // as shield.leave() does from inside the handler
      p.set(addr, addr + GRAIN, ACCESS_NONE);
      depth--;
    });
    p.set(0, 3 * GRAIN, ACCESS_RW);
    p.sync();
    expect(maxDepth).toBe(1);
    expect(p.protectedCount()).toBe(0);
  });

  it.skipIf(!CHECKING)(".prot.none: a handler that changes nothing, or no handler, is an assertion, not a hang", () => {
    const p = new NoneProtection(opts());
    p.set(0, GRAIN, ACCESS_READ);
    expect(() => p.sync()).toThrow(/no sync handler/);
    p.setHandlers(() => {}, () => {});
    expect(() => p.sync()).toThrow(/changed no protection/);
    // The re-entry guard is reset after the throw.
    p.setHandlers(() => {}, (addr) => p.set(addr, addr + GRAIN, 0));
    p.sync();
    expect(p.protectedCount()).toBe(0);
  });

  it(".prot.none: the backend makes none protections", () => {
    expect(NONE_PROTECTION.name).toBe("none");
    expect(NONE_PROTECTION.hasBarrier).toBe(false);
    expect(NONE_PROTECTION.available()).toBe(true);
    expect(NONE_PROTECTION.create(opts())).toBeInstanceOf(NoneProtection);
  });
});
