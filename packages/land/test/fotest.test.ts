// A port of the MPS's fotest.c at the level of lands: a first-fit
// allocator whose free space is a Failover(ArrayLand with a budget,
// Freelist), the ArrayLand playing the CBS whose node pool runs out. As in
// fotest.c, 200 objects are allocated; then ten times over, half of them are
// freed with the primary's memory failing (always on the first round, then
// at random), and new ones are allocated. The free space must always be the
// arena less the live objects, and freeing everything must give back one range.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Failover, FindDelete, Freelist, Range } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";
import { type Pair, landRanges } from "./model.js";
import { realMemory } from "./subjects.js";

const SET_SIZE = 200;
const LOOPS = 10;
const ARENA_BASE = 0x10000;
const ARENA_SIZE = 4 << 20;

/** The free ranges of the arena, given the live objects. */
function freeRanges(objects: Pair[]): Pair[] {
  const sorted = [...objects].sort((a, b) => a[0] - b[0]);
  const out: Pair[] = [];
  let at = ARENA_BASE;
  for (const [b, l] of sorted) {
    expect(b).toBeGreaterThanOrEqual(at); // objects never overlap
    if (b > at) out.push([at, b]);
    at = l;
  }
  if (at < ARENA_BASE + ARENA_SIZE) out.push([at, ARENA_BASE + ARENA_SIZE]);
  return out;
}

describe("fotest", () => {
  it(".failover: allocation keeps working while the primary's memory fails, and nothing is lost", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { minLength: 4000, maxLength: 4000 }),
        (alignShift, high, rnds) => {
          let next = 0;
          const rnd = (limit: number): number => rnds[next++ % rnds.length]! % limit;
          const align = 8 << alignShift;
          const primary = new ArrayLand({ alignment: align, maxRanges: Infinity });
          const secondary = new Freelist(realMemory(ARENA_BASE + ARENA_SIZE), { alignment: align });
          const fo = new Failover(primary, secondary);
          const r = new Range();
          const o = new Range();
          fo.insert(r, ARENA_BASE, ARENA_BASE + ARENA_SIZE);

          // fotest's randomSizeAligned, scaled to our arena.
          const size = (i: number): number => {
            const max = Math.max(0x4000 >> Math.floor(i / 10), 2);
            return Math.ceil((rnd(max) + 1) / align) * align;
          };
          const alloc = (sz: number): Pair => {
            const found = high ? fo.findLast(r, o, sz, FindDelete.HIGH) : fo.findFirst(r, o, sz, FindDelete.LOW);
            expect(found).toBe(true);
            return [r.base, r.limit];
          };
          let failures = 0;
          const objects: Pair[] = [];
          for (let i = 0; i < SET_SIZE; i++) objects.push(alloc(size(i)));

          for (let k = 0; k < LOOPS; k++) {
            const failing = k === 0 || rnd(2) === 0;
            for (let i = 0; i < SET_SIZE; i++) {
              const j = i + rnd(SET_SIZE - i);
              [objects[i], objects[j]] = [objects[j]!, objects[i]!];
            }
            for (let i = SET_SIZE / 2; i < SET_SIZE; i++) {
              // oomAlloc: the primary cannot get a node during this free, and
              // says so with one of the three allocation failures.
              if (failing) {
                primary.maxRanges = primary.rangeCount;
                primary.failWith = (["RESOURCE", "MEMORY", "COMMIT_LIMIT"] as const)[rnd(3)]!;
              }
              const [b, l] = objects[i]!;
              fo.insert(r, b, l);
              primary.maxRanges = Infinity;
              if (secondary.size() > 0) failures++;
            }
            expect(landRanges(fo)).toEqual(freeRanges(objects.slice(0, SET_SIZE / 2)));
            for (let i = SET_SIZE / 2; i < SET_SIZE; i++) objects[i] = alloc(size(i));
            expect(landRanges(fo)).toEqual(freeRanges(objects));
            fo.check();
          }
          expect(failures).toBeGreaterThan(0);

          for (const [b, l] of objects) fo.insert(r, b, l);
          expect(landRanges(fo)).toEqual([[ARENA_BASE, ARENA_BASE + ARENA_SIZE]]);
          expect(secondary.size()).toBe(0);
        },
      ),
      { numRuns: 5 },
    );
  });
});
