// A port of the MPS's landtest.c: each land against a bit table, with
// random allocations (deletes), deallocations (inserts) and finds, valid
// and invalid, checked against the table after every operation and by a
// full iteration every 1000 operations. The seed comes from fast-check, so
// MPS_SEED replays a run.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MpsError } from "@mps/mpm";
import { Failover, FindDelete, Freelist, type Land, Range } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";
import { BitModel, landRanges } from "./model.js";
import { realMemory } from "./subjects.js";

/** mulberry32: a small seeded generator. */
function rng(seed: number): (limit: number) => number {
  let a = seed >>> 0;
  return (limit) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % limit) >>> 0;
  };
}

const TABLE_SIZE = 4096;

interface Counts {
  allocTried: number;
  allocOk: number;
  freeTried: number;
  freeOk: number;
  finds: number;
}

function landtest(land: Land, base: number, align: number, n: number, operations: number, rnd: (l: number) => number): Counts {
  // Bits are "in the land" (free); initially everything is allocated.
  const m = new BitModel(base, TABLE_SIZE, align);
  const counts: Counts = { allocTried: 0, allocOk: 0, freeTried: 0, freeOk: 0, finds: 0 };
  const r = new Range();
  const o = new Range();
  const A = (i: number): number => m.addr(i);
  const code = (fn: () => void): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof MpsError) return e.code;
      throw e;
    }
    return undefined;
  };
  // randomRange: a base, then a limit up to an exponentially distributed number
  // of edges away. (landtest.c recomputes the first edge each time round its
  // loop, so its ranges never cross an edge; we take the further edges as meant.)
  const randomRange = (): [number, number] => {
    const i = rnd(TABLE_SIZE);
    let end = m.nextEdge(i);
    while (end < TABLE_SIZE && rnd(2) === 0) end = m.nextEdge(end);
    return [i, i + 1 + rnd(end - i)];
  };
  const check = (): void => {
    expect(landRanges(land)).toEqual(m.runs());
  };
  check();
  for (let k = 0; k < n; k++) {
    switch (rnd(operations)) {
      case 0: {
        // allocate: delete from the land
        const [i, j] = randomRange();
        counts.allocTried++;
        const isFree = m.all(i, j, true);
        const c = code(() => land.delete(r, A(i), A(j)));
        if (!isFree) expect(c).toBe("PARAM");
        else {
          expect(c).toBeUndefined();
          const [a, b] = m.runAround(i);
          expect([r.base, r.limit]).toEqual([A(a), A(b)]);
          m.set(i, j, false);
          counts.allocOk++;
        }
        break;
      }
      case 1: {
        // deallocate: insert into the land
        const [i, j] = randomRange();
        counts.freeTried++;
        const isAllocated = m.all(i, j, false);
        const c = code(() => land.insert(r, A(i), A(j)));
        if (!isAllocated) expect(c).toBe("PARAM");
        else {
          expect(c).toBeUndefined();
          m.set(i, j, true);
          const [a, b] = m.runAround(i);
          expect([r.base, r.limit]).toEqual([A(a), A(b)]);
          counts.freeOk++;
        }
        break;
      }
      default: {
        const size = rnd(TABLE_SIZE / 10) + 1;
        const high = rnd(2) === 1;
        const fdChoice = rnd(6);
        const fd = fdChoice === 3 ? FindDelete.LOW : fdChoice === 4 ? FindDelete.HIGH : fdChoice === 5 ? FindDelete.ENTIRE : FindDelete.NONE;
        const runs = m.runIndices().filter(([a, b]) => b - a >= size);
        const want = high ? runs[runs.length - 1] : runs[0];
        const found = high ? land.findLast(r, o, size * align, fd) : land.findFirst(r, o, size * align, fd);
        counts.finds++;
        expect(found).toBe(want !== undefined);
        if (want) {
          let [eb, el] = want;
          if (fd === FindDelete.LOW) el = eb + size;
          if (fd === FindDelete.HIGH) eb = el - size;
          expect([r.base, r.limit]).toEqual([A(eb), A(el)]);
          expect([o.base, o.limit]).toEqual([A(want[0]), A(want[1])]);
          if (fd !== FindDelete.NONE) m.set(eb, el, false);
        }
      }
    }
    if ((k + 1) % 1000 === 0) {
      check();
      land.check();
    }
  }
  check();
  expect(land.size()).toBe(m.size());
  return counts;
}

describe("landtest", () => {
  const seedArb = fc.integer({ min: 0, max: 0xffffffff });
  const alignOf = (rnd: (l: number) => number): number => (1 << rnd(4)) * 8;

  it(".test: ArrayLand against a bit table", () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rnd = rng(seed);
        const align = alignOf(rnd);
        const counts = landtest(new ArrayLand({ alignment: align }), 0x100000, align, 20000, 3, rnd);
        expect(counts.allocOk).toBeGreaterThan(0);
        expect(counts.freeOk).toBeGreaterThan(0);
        expect(counts.allocOk).toBeLessThan(counts.allocTried);
        expect(counts.freeOk).toBeLessThan(counts.freeTried);
      }),
      { numRuns: 2 },
    );
  });

  it(".test: Freelist against a bit table", () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rnd = rng(seed);
        const align = alignOf(rnd);
        const base = 0x1000;
        landtest(new Freelist(realMemory(base + TABLE_SIZE * align), { alignment: align }), base, align, 5000, 3, rnd);
      }),
      { numRuns: 2 },
    );
  });

  it(".test: Failover, always failing over (a primary with no memory) and never failing over", () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rnd = rng(seed);
        const align = alignOf(rnd);
        const base = 0x1000;
        for (const maxRanges of [0, Infinity]) {
          const primary = new ArrayLand({ alignment: align, maxRanges });
          const secondary = new Freelist(realMemory(base + TABLE_SIZE * align), { alignment: align });
          const fo = new Failover(primary, secondary);
          landtest(fo, base, align, 5000, 3, rnd);
          if (maxRanges === 0) expect(primary.size()).toBe(0);
          else expect(secondary.size()).toBe(0);
          fo.finish();
          secondary.finish();
          primary.finish();
        }
      }),
      { numRuns: 2 },
    );
  });
});
