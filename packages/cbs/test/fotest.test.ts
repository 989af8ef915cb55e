// A port of the MPS's fotest.c (design/cbs .test.fotest): a first-fit
// allocator on a Failover of a CBSFast over a Freelist, whose CBS block pool
// is made to fail (returning null or throwing RESOURCE) exactly once while
// each object is freed, on the first round and on half the later ones, so
// that freed ranges spill into the Freelist. Expected: every allocation and
// every free gives the same answer as an ArrayLand doing the same work, and
// the failures happened.
import { expect, it } from "vitest";
import fc from "fast-check";
import { MpsError } from "@mps/mpm";
import { Failover, FindDelete, Freelist, Range } from "@mps/land";
import { ArrayLand } from "@mps/land/test-util";
import { type CBSBlock, type CBSBlockPool, CBSBlockStore, CBSFast } from "../src/index.js";
import { rangesOf } from "./harness.js";

const SET_SIZE = 200;
const LOOPS = 10;
const HEAP_BASE = 0x1000;
const HEAP_SIZE = 1 << 20;

/** A block pool that fails its next allocation once when told to. */
class FlakyPool implements CBSBlockPool {
  failNext = false;
  failures = 0;
  private readonly store = new CBSBlockStore();
  constructor(private readonly rnd: () => number) {}
  alloc(): CBSBlock | null {
    if (this.failNext) {
      this.failNext = false;
      this.failures++;
      if (this.rnd() < 0.5) return null;
      throw new MpsError("RESOURCE", "simulated failure");
    }
    return this.store.alloc();
  }
  free(block: CBSBlock): void {
    this.store.free(block);
  }
  get inUse(): number {
    return this.store.inUse;
  }
}

it(".test.fotest: a first-fit heap on Failover(CBSFast, Freelist) survives block pool failures", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.constantFrom(8, 16, 32, 64), (seed, align) => {
      let s = seed;
      const rnd = (): number => {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return (s >>> 0) / 2 ** 32;
      };
      const pool = new FlakyPool(rnd);
      const cbs = new CBSFast({ alignment: align, blockPool: pool });
      const fl = new Freelist({ u32: new Uint32Array((HEAP_BASE + HEAP_SIZE) / 4) }, { alignment: align });
      const fo = new Failover(cbs, fl);
      const model = new ArrayLand({ alignment: align });
      const r = new Range();
      const o = new Range();
      const rm = new Range();
      const om = new Range();
      fo.insert(r, HEAP_BASE, HEAP_BASE + HEAP_SIZE);
      model.insert(rm, HEAP_BASE, HEAP_BASE + HEAP_SIZE);

      const randomSize = (i: number): number => {
        const max = Math.max((2 * 0x2000) >> Math.floor(i / 10), 2);
        return Math.ceil((Math.floor(rnd() * max) + 1) / align) * align;
      };
      const addr: number[] = new Array<number>(SET_SIZE).fill(0);
      const size: number[] = new Array<number>(SET_SIZE).fill(0);
      let spilled = false;
      const make = (i: number): void => {
        size[i] = randomSize(i);
        const found = fo.findFirst(r, o, size[i] as number, FindDelete.LOW);
        expect(model.findFirst(rm, om, size[i] as number, FindDelete.LOW)).toBe(found);
        if (!found) {
          size[i] = 0;
          return;
        }
        expect([r.base, r.limit, o.base, o.limit]).toEqual([rm.base, rm.limit, om.base, om.limit]);
        addr[i] = r.base;
      };
      const free = (i: number, failing: boolean): void => {
        if (size[i] === 0) return;
        pool.failNext = failing; // fotest's simulate_allocation_failure
        fo.insert(r, addr[i] as number, (addr[i] as number) + (size[i] as number));
        pool.failNext = false;
        model.insert(rm, addr[i] as number, (addr[i] as number) + (size[i] as number));
        expect([r.base, r.limit]).toEqual([rm.base, rm.limit]);
        if (fl.size() > 0) spilled = true;
      };

      for (let i = 0; i < SET_SIZE; i++) make(i);
      for (let k = 0; k < LOOPS; k++) {
        const failing = k === 0 || rnd() < 0.5;
        for (let i = 0; i < SET_SIZE; i++) {
          const j = i + Math.floor(rnd() * (SET_SIZE - i));
          [addr[i], addr[j]] = [addr[j] as number, addr[i] as number];
          [size[i], size[j]] = [size[j] as number, size[i] as number];
        }
        for (let i = SET_SIZE / 2; i < SET_SIZE; i++) free(i, failing);
        for (let i = SET_SIZE / 2; i < SET_SIZE; i++) make(i);
        expect(rangesOf(fo)).toEqual(rangesOf(model));
        expect(fo.size()).toBe(model.size());
        expect(fo.check()).toBe(true);
      }
      expect(pool.failures).toBeGreaterThan(0);
      expect(spilled).toBe(true);
      fo.finish();
      fl.finish();
      cbs.finish();
      expect(pool.inUse).toBe(0);
    }),
    { numRuns: 10 },
  );
});
