/**
 * Benchmarks of @mps/ring: each pair prints its workload and the ratio of the
 * ring's rate to a JavaScript array doing the same work, measured in the same
 * run (docs/design/repository.md `.impl.bench`).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";
import { Ring, ringElt } from "../src/index.js";

/** An element: a structure with a ring node in it, as a pool has a node on its arena's ring. */
class Elt {
  readonly value: number;
  readonly ring: Ring<Elt>;
  constructor(value: number) {
    this.value = value;
    this.ring = new Ring<Elt>(this);
  }
}

const N = 1000;
const ROUNDS = 333;
const elts = Array.from({ length: N }, (_, i) => new Elt(i));

// A fixed shuffled removal order (a small LCG, so every run removes in the same order).
const order = Array.from({ length: N }, (_, i) => i);
let seed = 12345;
for (let i = N - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const j = seed % (i + 1);
  const t = order[i] as number;
  order[i] = order[j] as number;
  order[j] = t;
}

const head = new Ring<Elt>();
const array: Elt[] = [];

function check(sum: number, expected: number, what: string): number {
  if (sum !== expected) throw new Error(`${what}: checksum ${sum}, expected ${expected}`);
  return sum;
}
const SUM = (N * (N - 1)) / 2;

await runBenchPairs("@mps/ring", [
  {
    workload: `append ${N} elements, iterate over them, remove them one by one in a shuffled order; ${ROUNDS} rounds (${3 * N * ROUNDS} ops). The array removes with indexOf + splice.`,
    ops: 3 * N * ROUNDS,
    iterations: 20,
    baseline: {
      name: "Array push / for / splice(indexOf)",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) array.push(elts[i] as Elt);
          let sum = 0;
          for (let i = 0; i < array.length; i++) sum += (array[i] as Elt).value;
          total += check(sum, SUM, "array");
          for (let i = 0; i < N; i++) array.splice(array.indexOf(elts[order[i] as number] as Elt), 1);
        }
        return total;
      },
    },
    subject: {
      name: "Ring append / RING_FOR / remove",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) head.append((elts[i] as Elt).ring);
          let sum = 0;
          for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) sum += ringElt(n).value;
          total += check(sum, SUM, "ring");
          for (let i = 0; i < N; i++) (elts[order[i] as number] as Elt).ring.remove();
        }
        return total;
      },
    },
  },
  {
    workload: `append ${N} elements, iterate over them, remove them all from the front; ${ROUNDS} rounds (${3 * N * ROUNDS} ops). The array removes with shift.`,
    ops: 3 * N * ROUNDS,
    iterations: 20,
    baseline: {
      name: "Array push / for / shift",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) array.push(elts[i] as Elt);
          let sum = 0;
          for (let i = 0; i < array.length; i++) sum += (array[i] as Elt).value;
          total += check(sum, SUM, "array");
          while (array.length > 0) array.shift();
        }
        return total;
      },
    },
    subject: {
      name: "Ring append / RING_FOR / remove first",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) head.append((elts[i] as Elt).ring);
          let sum = 0;
          for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) sum += ringElt(n).value;
          total += check(sum, SUM, "ring");
          while (head.next !== head) head.next.remove();
        }
        return total;
      },
    },
  },
  {
    workload: `append ${N} elements, iterate over them removing the odd ones in the same pass, then remove the rest; ${ROUNDS} rounds (${3 * N * ROUNDS} ops). The array compacts in place and pops.`,
    ops: 3 * N * ROUNDS,
    iterations: 20,
    baseline: {
      name: "Array push / in-place filter / clear",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) array.push(elts[i] as Elt);
          let sum = 0;
          let w = 0;
          for (let i = 0; i < array.length; i++) {
            const e = array[i] as Elt;
            sum += e.value;
            if ((e.value & 1) === 0) array[w++] = e;
          }
          array.length = w;
          total += check(sum, SUM, "array");
          while (array.length > 0) array.pop();
        }
        return total;
      },
    },
    subject: {
      name: "Ring append / RING_FOR with remove / remove",
      fn: () => {
        let total = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < N; i++) head.append((elts[i] as Elt).ring);
          let sum = 0;
          for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) {
            const e = ringElt(n);
            sum += e.value;
            if ((e.value & 1) === 1) n.remove();
          }
          total += check(sum, SUM, "ring");
          while (head.prev !== head) head.prev.remove();
        }
        return total;
      },
    },
  },
  {
    workload: `iterate only: sum ${N} elements, ${N} times (${N * N} node visits)`,
    ops: N * N,
    iterations: 20,
    baseline: {
      name: "Array for loop",
      beforeEach: () => {
        array.length = 0;
        for (let i = 0; i < N; i++) array.push(elts[i] as Elt);
      },
      fn: () => {
        let total = 0;
        for (let r = 0; r < N; r++) {
          let sum = 0;
          for (let i = 0; i < array.length; i++) sum += (array[i] as Elt).value;
          total += sum;
        }
        return check(total, SUM * N, "array");
      },
    },
    subject: {
      name: "Ring RING_FOR loop",
      beforeEach: () => {
        while (head.next !== head) head.next.remove();
        for (let i = 0; i < N; i++) head.append((elts[i] as Elt).ring);
      },
      fn: () => {
        let total = 0;
        for (let r = 0; r < N; r++) {
          let sum = 0;
          for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) sum += ringElt(n).value;
          total += sum;
        }
        return check(total, SUM * N, "ring");
      },
    },
  },
]);
