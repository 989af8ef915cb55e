// A port of the MPS's landtest.c (design.mps.land.test, design/cbs .test.landtest):
// random deletes ("allocate"), inserts ("deallocate") and finds on a land,
// each checked against a table of one flag per alignment unit, with valid and
// invalid requests; every 100 operations the land's ranges are compared with
// the table. Run on CBS, CBSFast and CBSZoned, and on a Failover of a CBSFast
// with a block budget (none, a small one, unlimited) over a Freelist.
// Expected: every answer agrees with the table.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Failover, FindDelete, Freelist, type Land, Range } from "@mps/land";
import { CBS, CBSBlockStore, CBSFast, CBSZoned } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

const UNITS = 2000; // alignment units in the test block
const MEMORY_BYTES = 1 << 18; // backs the Freelist: covers every test block

/** xorshift32, so that one fast-check seed replays a whole run. */
function makeRnd(seed: number): (limit: number) => number {
  let s = seed | 0 || 0x2545f491;
  return (limit) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % limit;
  };
}

interface State {
  align: number;
  block: number; // address of unit 0
  alloc: Uint8Array; // 1: allocated (not in the land), 0: free (in the land)
  land: Land;
  rnd: (limit: number) => number;
  tally: { allocOk: number; allocTried: number; freeOk: number; freeTried: number; found: number };
}

const addrOf = (st: State, i: number): number => st.block + i * st.align;
const indexOf = (st: State, a: number): number => (a - st.block) / st.align;

/** The first index after `base` whose flag differs from that at `base` (or UNITS). */
function nextEdge(t: Uint8Array, base: number): number {
  let end = base + 1;
  while (end < UNITS && t[end] === t[base]) end++;
  return end;
}

/** The first index of the run of equal flags that ends at `base`. */
function lastEdge(t: Uint8Array, base: number): number {
  let end = base;
  while (end > 0 && t[end - 1] === t[base]) end--;
  return end;
}

const allSet = (t: Uint8Array, b: number, l: number, v: number): boolean => {
  for (let i = b; i < l; i++) if (t[i] !== v) return false;
  return true;
};

/** A random range: uniform base, then up to an exponentially chosen later edge (landtest's randomRange). */
function randomRange(st: State): [number, number] {
  const base = st.rnd(UNITS);
  let end: number;
  do end = nextEdge(st.alloc, base);
  while (end < UNITS && st.rnd(2) === 0);
  const limit = base + 1 + st.rnd(end - base);
  return [base, limit];
}

const range = new Range();
const oldRange = new Range();


function allocate(st: State, ib: number, il: number): void {
  const isFree = allSet(st.alloc, ib, il, 0);
  st.tally.allocTried++;
  const code = codeOf(() => st.land.delete(range, addrOf(st, ib), addrOf(st, il)));
  if (!isFree) {
    expect(code).toBe("PARAM");
    return;
  }
  expect(code).toBeUndefined();
  expect(indexOf(st, range.base)).toBe(lastEdge(st.alloc, ib));
  expect(indexOf(st, range.limit)).toBe(nextEdge(st.alloc, il - 1));
  st.alloc.fill(1, ib, il);
  st.tally.allocOk++;
}

function deallocate(st: State, ib: number, il: number): void {
  const isAllocated = allSet(st.alloc, ib, il, 1);
  st.tally.freeTried++;
  const code = codeOf(() => st.land.insert(range, addrOf(st, ib), addrOf(st, il)));
  if (!isAllocated) {
    expect(code).toBe("PARAM");
    return;
  }
  expect(code).toBeUndefined();
  const outerBase = ib > 0 && st.alloc[ib - 1] === 0 ? lastEdge(st.alloc, ib - 1) : ib;
  const outerLimit = il < UNITS && st.alloc[il] === 0 ? nextEdge(st.alloc, il) : il;
  expect([indexOf(st, range.base), indexOf(st, range.limit)]).toEqual([outerBase, outerLimit]);
  st.alloc.fill(0, ib, il);
  st.tally.freeOk++;
}

/** The first (or last) run of at least `size` free units, as the BT's FindLongResRange. */
function expectedRun(t: Uint8Array, size: number, high: boolean): [number, number] | null {
  const runs: [number, number][] = [];
  for (let i = 0; i < UNITS; ) {
    if (t[i] === 0) {
      const e = nextEdge(t, i);
      if (e - i >= size) runs.push([i, e]);
      i = e;
    } else i++;
  }
  return (high ? runs[runs.length - 1] : runs[0]) ?? null;
}

function find(st: State, size: number, high: boolean, fd: FindDelete): void {
  const run = expectedRun(st.alloc, size, high);
  const found = high
    ? st.land.findLast(range, oldRange, size * st.align, fd)
    : st.land.findFirst(range, oldRange, size * st.align, fd);
  expect(found).toBe(run !== null);
  if (run === null) return;
  st.tally.found++;
  let [eb, el] = run;
  if (fd === FindDelete.LOW) el = eb + size;
  if (fd === FindDelete.HIGH) eb = el - size;
  expect([indexOf(st, range.base), indexOf(st, range.limit)]).toEqual([eb, el]);
  expect([indexOf(st, oldRange.base), indexOf(st, oldRange.limit)]).toEqual(run);
  if (fd !== FindDelete.NONE) st.alloc.fill(1, eb, el);
}

/** Compare the land's ranges with the table (landtest's check). */
function check(st: State): void {
  let next = 0; // index up to which the table has been matched
  st.land.iterate((b, l) => {
    const ib = indexOf(st, b);
    const il = indexOf(st, l);
    expect(ib >= next && allSet(st.alloc, next, ib, 1)).toBe(true);
    expect(il > ib && allSet(st.alloc, ib, il, 0)).toBe(true);
    expect(il === UNITS || st.alloc[il] === 1).toBe(true); // isolated
    next = il;
    return true;
  });
  expect(allSet(st.alloc, next, UNITS, 1)).toBe(true);
  expect(st.land.check()).toBe(true);
}

function run(st: State, n: number, operations: number): void {
  st.alloc.fill(1);
  check(st);
  for (let i = 0; i < n; i++) {
    switch (st.rnd(operations)) {
      case 0: {
        const [b, l] = randomRange(st);
        allocate(st, b, l);
        break;
      }
      case 1: {
        const [b, l] = randomRange(st);
        deallocate(st, b, l);
        break;
      }
      default: {
        const size = st.rnd(UNITS / 10) + 1;
        const high = st.rnd(2) === 1;
        const k = st.rnd(6);
        const fd = k === 3 ? FindDelete.LOW : k === 4 ? FindDelete.HIGH : k === 5 ? FindDelete.ENTIRE : FindDelete.NONE;
        find(st, size, high, fd);
      }
    }
    if ((i + 1) % 100 === 0) check(st);
  }
  check(st);
}

function newState(seed: number, makeLand: (align: number) => Land): State {
  const rnd = makeRnd(seed);
  const align = 8 << rnd(4);
  return {
    align,
    block: align * (1 + rnd(16)),
    alloc: new Uint8Array(UNITS),
    land: makeLand(align),
    rnd,
    tally: { allocOk: 0, allocTried: 0, freeOk: 0, freeTried: 0, found: 0 },
  };
}

describe("landtest", () => {
  it.each([
    { name: "CBS", make: (a: number) => new CBS({ alignment: a }), ops: 2 },
    { name: "CBSFast", make: (a: number) => new CBSFast({ alignment: a }), ops: 3 },
    { name: "CBSZoned", make: (a: number) => new CBSZoned({ alignment: a, zoneShift: 10 }), ops: 3 },
  ])(".test.landtest: $name agrees with the bit table", ({ make, ops }) => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const st = newState(seed, make);
        run(st, 5000, ops);
        expect(st.tally.allocOk).toBeGreaterThan(100);
        expect(st.tally.freeOk).toBeGreaterThan(100);
        expect(st.tally.allocTried - st.tally.allocOk).toBeGreaterThan(100);
        if (ops === 3) expect(st.tally.found).toBeGreaterThan(100);
        st.land.finish();
      }),
      { numRuns: 2 },
    );
  });

  it.each([
    { name: "no blocks (always fails over)", budget: 0 },
    { name: "a budget of 8 blocks", budget: 8 },
    { name: "no limit (never fails over)", budget: Infinity },
  ])(".test.landtest: Failover(CBSFast with $name, Freelist) agrees with the bit table", ({ budget }) => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const pool = new CBSBlockStore({ limit: budget });
        let cbs: CBSFast | undefined;
        let fl: Freelist | undefined;
        const st = newState(seed, (align) => {
          cbs = new CBSFast({ alignment: align, blockPool: pool });
          fl = new Freelist({ u32: new Uint32Array(MEMORY_BYTES / 4) }, { alignment: align });
          return new Failover(cbs, fl);
        });
        run(st, 2000, 3);
        expect(pool.inUse).toBeLessThanOrEqual(budget);
        expect(st.tally.allocOk).toBeGreaterThan(20);
        expect(st.tally.freeOk).toBeGreaterThan(20);
        st.land.finish();
        fl?.finish();
        cbs?.finish();
        expect(pool.inUse).toBe(0);
      }),
      { numRuns: 2 },
    );
  });
});
