/**
 * Benchmarks of @mps/land: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/helper-brief.md).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";
import { FindDelete, Freelist, type Land, Range } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";

const ALIGN = 8;
const SLOT = 32; // bytes per slot
const SLOTS = 8192;
const BASE = 0x1000;
const OPS = 10_000;

/** xorshift32, so that the workload is the same in every run. */
function rng(seed: number): (limit: number) => number {
  let x = seed >>> 0 || 1;
  return (limit) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % limit;
  };
}

// The operations, worked out once against a bit per slot so that every one
// of them is valid for any correct land: kind 0 insert, 1 delete, 2 findFirst.
const kinds = new Uint8Array(OPS);
const argA = new Float64Array(OPS);
const argB = new Float64Array(OPS);
let rangesMin = SLOTS;
let rangesMax = 0;
let rangesSum = 0;
{
  const rnd = rng(0x1a2b3c4d);
  const free = new Uint8Array(SLOTS);
  for (let s = 0; s < SLOTS; s += 2) free[s] = 1;
  const freeAt = (s: number): boolean => s >= 0 && s < SLOTS && free[s] === 1;
  let freeCount = SLOTS / 2;
  let ranges = SLOTS / 2;
  for (let k = 0; k < OPS; k++) {
    const roll = rnd(10);
    // Inserts and deletes lean towards keeping half the slots free, so that
    // the land holds about SLOTS / 4 isolated ranges throughout.
    const insert = roll >= 2 && (freeCount < SLOTS / 2 ? roll < 7 : roll < 5);
    if (insert) {
      // free an allocated slot
      let s = rnd(SLOTS);
      while (free[s] === 1) s = (s + 1) % SLOTS;
      free[s] = 1;
      freeCount++;
      ranges += 1 - (freeAt(s - 1) ? 1 : 0) - (freeAt(s + 1) ? 1 : 0);
      kinds[k] = 0;
      argA[k] = BASE + s * SLOT;
      argB[k] = BASE + (s + 1) * SLOT;
    } else if (roll >= 2) {
      // allocate a free slot by address
      let s = rnd(SLOTS);
      while (free[s] === 0) s = (s + 1) % SLOTS;
      free[s] = 0;
      freeCount--;
      ranges += (freeAt(s - 1) ? 1 : 0) + (freeAt(s + 1) ? 1 : 0) - 1;
      kinds[k] = 1;
      argA[k] = BASE + s * SLOT;
      argB[k] = BASE + (s + 1) * SLOT;
    } else {
      // first fit of 1 to 4 slots, from the low end of the block
      const n = 1 + rnd(4);
      kinds[k] = 2;
      argA[k] = n * SLOT;
      for (let s = 0; s < SLOTS; s++) {
        let run = 0;
        while (freeAt(s + run)) run++;
        if (run >= n) {
          for (let t = s; t < s + n; t++) free[t] = 0;
          freeCount -= n;
          if (run === n) ranges--;
          break;
        }
        s += run;
      }
    }
    rangesMin = Math.min(rangesMin, ranges);
    rangesMax = Math.max(rangesMax, ranges);
    rangesSum += ranges;
  }
}

const r = new Range();
const o = new Range();

function fill(land: Land): Land {
  for (let s = SLOTS - 2; s >= 0; s -= 2) land.insert(r, BASE + s * SLOT, BASE + (s + 1) * SLOT);
  return land;
}

function work(land: Land): number {
  let found = 0;
  for (let k = 0; k < OPS; k++) {
    const kind = kinds[k];
    if (kind === 0) land.insert(r, argA[k]!, argB[k]!);
    else if (kind === 1) land.delete(r, argA[k]!, argB[k]!);
    else if (land.findFirst(r, o, argA[k]!, FindDelete.LOW)) found++;
  }
  return found;
}

const memory = { u32: new Uint32Array((BASE + SLOTS * SLOT) / 4) };
let arrayLand: Land = new ArrayLand({ alignment: ALIGN });
let freelist: Land = new Freelist(memory, { alignment: ALIGN });

await runBenchPairs("@mps/land", [
  {
    workload:
      `Freelist vs ArrayLand: start with ${SLOTS / 2} isolated ${SLOT}-byte free ranges (every other slot of ${SLOTS}), ` +
      `then ${OPS} operations: 80% insert a random allocated slot or delete a random free slot (whichever keeps ` +
      `about half the slots free), 20% findFirst of 1-4 slots with FindDelete.LOW; the land holds ` +
      `${rangesMin}-${rangesMax} ranges, ${Math.round(rangesSum / OPS)} on average ` +
      `(alignment ${ALIGN}; the same seeded sequence for both)`,
    ops: OPS,
    iterations: 20,
    baseline: {
      name: "ArrayLand (sorted arrays)",
      beforeEach: () => {
        arrayLand = fill(new ArrayLand({ alignment: ALIGN }));
      },
      fn: () => work(arrayLand),
    },
    subject: {
      name: "Freelist (list in the free blocks)",
      beforeEach: () => {
        freelist = fill(new Freelist(memory, { alignment: ALIGN }));
      },
      fn: () => work(freelist),
    },
  },
]);
