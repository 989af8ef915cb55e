/**
 * Benchmarks of @mps/abq: each pair prints its workload and the ratio of the
 * ABQ's rate to a JavaScript array doing the same work, measured in the same
 * run (docs/design/repository.md `.impl.bench`).
 */
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { ABQ } from "../src/index.js";

const CYCLES = 1_000_000;

/** Push/pop cycles on a queue held at `length` elements: ABQ against Array push/shift. */
function cyclePair(length: number): BenchPair {
  const abq = new ABQ<number>(length);
  const array: number[] = [];
  return {
    workload: `${CYCLES.toLocaleString("en-US")} push/pop cycles on a queue held at ${length} elements (${(2 * CYCLES).toLocaleString("en-US")} ops); the ABQ's capacity is ${length}`,
    ops: 2 * CYCLES,
    iterations: 10,
    baseline: {
      name: "Array push / shift",
      beforeEach: () => {
        array.length = 0;
        for (let i = 0; i < length - 1; i++) array.push(i);
      },
      fn: () => {
        let sum = 0;
        for (let i = 0; i < CYCLES; i++) {
          array.push(i & 0xffff);
          sum += array.shift() as number;
        }
        return sum;
      },
    },
    subject: {
      name: "ABQ push / pop",
      beforeEach: () => {
        while (!abq.isEmpty()) abq.pop();
        for (let i = 0; i < length - 1; i++) abq.push(i);
      },
      fn: () => {
        let sum = 0;
        for (let i = 0; i < CYCLES; i++) {
          if (!abq.push(i & 0xffff)) throw new Error("ABQ full");
          sum += abq.pop() as number;
        }
        return sum;
      },
    },
  };
}

/** Delete an element from the middle and push it back, on a queue of `length`: ABQ.delete against indexOf + splice. */
function deletePair(length: number, rounds: number): BenchPair {
  const abq = new ABQ<number>(length);
  const array: number[] = [];
  const half = length >> 1;
  return {
    workload: `${rounds.toLocaleString("en-US")} rounds of deleting the element in the middle of a queue of ${length} and pushing it back (${(2 * rounds).toLocaleString("en-US")} ops); the array deletes with indexOf + splice`,
    ops: 2 * rounds,
    iterations: 10,
    baseline: {
      name: "Array splice(indexOf) / push",
      beforeEach: () => {
        array.length = 0;
        for (let i = 0; i < length; i++) array.push(i);
      },
      fn: () => {
        let found = 0;
        for (let r = 0; r < rounds; r++) {
          const victim = half + (r % half); // the element in the middle, as the queue rotates
          const i = array.indexOf(victim);
          if (i !== half) throw new Error("array: the victim is not in the middle");
          array.splice(i, 1);
          array.push(victim);
          found++;
        }
        return found;
      },
    },
    subject: {
      name: "ABQ delete / push",
      beforeEach: () => {
        while (!abq.isEmpty()) abq.pop();
        for (let i = 0; i < length; i++) abq.push(i);
      },
      fn: () => {
        let found = 0;
        for (let r = 0; r < rounds; r++) {
          const victim = half + (r % half); // the element in the middle, as the queue rotates
          if (abq.delete(victim)) found++;
          abq.push(victim);
        }
        if (found !== rounds) throw new Error("ABQ.delete missed");
        return found;
      },
    },
  };
}

await runBenchPairs("@mps/abq", [cyclePair(16), cyclePair(1024), deletePair(64, 200_000)]);
