// The example protection against a model (an array of access sets), its
// sync loop, its barrier, and its bad input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { ACCESS_NONE, ACCESS_READ, ACCESS_RW, ACCESS_WRITE, type AccessSet } from "@mps/shield";
import { ExampleProtection, SIG_EXAMPLE_PROTECTION, exampleProtectionBackend } from "../src/index.js";

const GRAIN = 4096;
const opts = (grains = 32, base = 0) => ({ base, limit: grains * GRAIN, granularity: GRAIN });

describe.each([false, true])("example protection, barrier %s", (barrier) => {
  const make = (o = opts()) => exampleProtectionBackend(barrier).create(o) as ExampleProtection;

  it(".req.prot.create: covers [base, limit), nothing protected", () => {
    const p = make(opts(32, 4 * GRAIN));
    expect(p.sig).toBe(SIG_EXAMPLE_PROTECTION);
    expect(p.backend).toBe(barrier ? "example" : "example-none");
    expect(p.hasBarrier).toBe(barrier);
    expect(exampleProtectionBackend(barrier).hasBarrier).toBe(barrier);
    expect([p.base, p.limit, p.granularity, p.shift]).toEqual([4 * GRAIN, 32 * GRAIN, GRAIN, 12]);
    expect(p.protectedCount()).toBe(0);
    expect(p.check()).toBe(true);
    p.finish();
  });

  it(".req.prot.set: set records the mode of every grain in the range and only there; forbidden shows it only with a barrier (model)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ i: fc.nat(31), n: fc.integer({ min: 1, max: 8 }), mode: fc.nat(3) }), { maxLength: 30 }), (sets) => {
        const p = make();
        const model = new Array<number>(32).fill(0);
        for (const { i, n, mode } of sets) {
          const j = Math.min(i + n, 32);
          p.set(i * GRAIN, j * GRAIN, mode);
          for (let k = i; k < j; k++) model[k] = mode;
        }
        for (let k = 0; k < 32; k++) {
          expect(p.recorded(k * GRAIN + 100)).toBe(model[k]);
          expect(p.forbidden(k * GRAIN + GRAIN - 1)).toBe(barrier ? model[k] : ACCESS_NONE);
        }
        expect(p.protectedCount()).toBe(model.filter((m) => m !== 0).length);
        if (COOL) expect(p.check()).toBe(true);
      }),
    );
  });

  it(".req.prot.sync: sync hands every protected grain to the sync handler (none) or does nothing (barrier)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(31), { maxLength: 12 }), fc.nat(3), (grains, extra) => {
        const p = make();
        for (const g of grains) p.set(g * GRAIN, (g + 1) * GRAIN, ACCESS_READ | (extra & ACCESS_WRITE));
        const seen: number[] = [];
        p.setHandlers(
          () => {
            throw new Error("no access expected");
          },
          (addr, mode) => {
            expect(mode).toBe(p.recorded(addr));
            seen.push(addr / GRAIN);
            p.set(addr, addr + GRAIN, ACCESS_NONE);
            p.sync(); // nested: returns at once
          },
        );
        p.sync();
        if (barrier) {
          expect(seen).toEqual([]);
          expect(p.protectedCount()).toBe(grains.length);
        } else {
          expect([...seen].sort((a, b) => a - b)).toEqual([...grains].sort((a, b) => a - b));
          expect(p.protectedCount()).toBe(0);
        }
      }),
    );
  });

  it.skipIf(!CHECKING)(".req.prot.sync: a sync handler that changes nothing is an assertion, not a loop", () => {
    const p = make();
    p.set(GRAIN, 2 * GRAIN, ACCESS_RW);
    p.setHandlers(() => {}, () => {});
    if (barrier) p.sync();
    else expect(() => p.sync()).toThrow(MpsAssertionError);
  });

  it.skipIf(!CHECKING)(".req.prot.check: bad options, ranges, modes and handlers are PARAM and change nothing", () => {
    const backend = exampleProtectionBackend(barrier);
    expect(codeOf(() => backend.create(null as never))).toBe("PARAM");
    expect(codeOf(() => backend.create({ base: 0, limit: GRAIN, granularity: 4 }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ base: 0, limit: GRAIN, granularity: 3000 }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ base: GRAIN, limit: GRAIN, granularity: GRAIN }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ base: 8, limit: GRAIN, granularity: GRAIN }))).toBe("PARAM");
    expect(codeOf(() => backend.create({ base: 0, limit: 2 ** 32 + GRAIN, granularity: GRAIN }))).toBe("PARAM");
    expect(codeOf(() => exampleProtectionBackend("yes" as never))).toBe("PARAM");
    const p = make(opts(16, 2 * GRAIN));
    p.set(4 * GRAIN, 6 * GRAIN, ACCESS_READ);
    const before = describeToString(p);
    for (const [b, l, m] of [
      [4 * GRAIN, 4 * GRAIN, ACCESS_READ],
      [4 * GRAIN + 8, 6 * GRAIN, ACCESS_READ],
      [0, 3 * GRAIN, ACCESS_READ],
      [15 * GRAIN, 17 * GRAIN, ACCESS_READ],
      [4 * GRAIN, 6 * GRAIN, 4],
      [4 * GRAIN, 6 * GRAIN, -1],
      [NaN, 6 * GRAIN, 1],
    ] as Array<[number, number, AccessSet]>) {
      expect(codeOf(() => p.set(b, l, m))).toBe("PARAM");
    }
    expect(describeToString(p)).toBe(before);
    expect(before).toContain("[0x00004000, 0x00006000) READ");
    expect(p.protectedCount()).toBe(2);
    expect(codeOf(() => p.setHandlers(3 as never, () => {}))).toBe("PARAM");
    expect(codeOf(() => p.recorded(GRAIN))).toBe("PARAM");
    p.finish();
    expect(codeOf(() => p.set(4 * GRAIN, 6 * GRAIN, ACCESS_NONE))).toBe("PARAM");
    expect(codeOf(() => p.sync())).toBe("PARAM");
    expect(codeOf(() => p.finish())).toBe("PARAM");
  });
});

describe("example protection, the barrier", () => {
  it(".req.prot.barrier: checkAccess calls the access handler with what is both attempted and forbidden, and only then", () => {
    const p = exampleProtectionBackend(true).create(opts()) as ExampleProtection;
    const hits: Array<[number, number]> = [];
    p.setHandlers((addr, mode) => {
      hits.push([addr, mode]);
      const g = addr & ~(GRAIN - 1);
      p.set(g, g + GRAIN, p.recorded(addr) & ~mode);
    }, () => {});
    p.set(2 * GRAIN, 4 * GRAIN, ACCESS_RW);
    p.set(8 * GRAIN, 9 * GRAIN, ACCESS_WRITE);
    p.checkAccess(GRAIN + 4, ACCESS_RW); // nothing forbidden
    p.checkAccess(8 * GRAIN + 4, ACCESS_READ); // reading is allowed there
    expect(hits).toEqual([]);
    p.checkAccess(2 * GRAIN + 12, ACCESS_READ);
    expect(hits).toEqual([[2 * GRAIN + 12, ACCESS_READ]]);
    expect(p.forbidden(2 * GRAIN)).toBe(ACCESS_WRITE);
    p.checkAccess(8 * GRAIN, ACCESS_RW);
    expect(hits.at(-1)).toEqual([8 * GRAIN, ACCESS_WRITE]);
    expect(p.forbidden(3 * GRAIN)).toBe(ACCESS_RW); // the other grain is untouched
  });

  it.skipIf(!CHECKING)(".req.prot.barrier: a handler that leaves the access forbidden is an assertion", () => {
    const p = exampleProtectionBackend(true).create(opts()) as ExampleProtection;
    p.setHandlers(() => {}, () => {});
    p.set(0, GRAIN, ACCESS_READ);
    expect(() => p.checkAccess(8, ACCESS_READ)).toThrow(MpsAssertionError);
  });

  it("without a barrier checkAccess never calls the handler", () => {
    const p = exampleProtectionBackend(false).create(opts()) as ExampleProtection;
    p.setHandlers(() => {
      throw new Error("no barrier");
    }, () => {});
    p.set(0, GRAIN, ACCESS_RW);
    p.checkAccess(8, ACCESS_RW);
    expect(p.recorded(8)).toBe(ACCESS_RW);
  });
});
