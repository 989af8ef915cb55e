import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ABQ, ABQ_VISIT_DELETE, ABQ_VISIT_STOP } from "../src/index.js";

// The model is an array of at most `capacity` elements, head first. Every
// operation is applied to both, and after each the queue must read as the
// array and agree on count, empty and full.

type Op =
  | { kind: "push"; value: number }
  | { kind: "pop" }
  | { kind: "peek" }
  | { kind: "delete"; value: number }
  | { kind: "iterate"; deleteMask: number; stopAt: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("push" as const), value: fc.nat(9) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("pop" as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("peek" as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), value: fc.nat(9) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("iterate" as const), deleteMask: fc.nat(255), stopAt: fc.nat(9) }), weight: 1 },
);

describe("ABQ against an array model", () => {
  it(".req.push .req.pop .req.delete .req.iterate .req.empty: random operations on small queues, wrapping round", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(opArb, { maxLength: 120 }), (capacity, ops) => {
        const q = new ABQ<number>(capacity);
        let model: number[] = [];
        for (const op of ops) {
          switch (op.kind) {
            case "push": {
              const ok = q.push(op.value);
              expect(ok).toBe(model.length < capacity);
              if (ok) model.push(op.value);
              break;
            }
            case "pop":
              expect(q.pop()).toBe(model.shift());
              break;
            case "peek":
              expect(q.peek()).toBe(model[0]);
              break;
            case "delete": {
              const i = model.indexOf(op.value);
              expect(q.delete(op.value)).toBe(i >= 0);
              if (i >= 0) model.splice(i, 1);
              break;
            }
            case "iterate": {
              // Visit position k: delete it if bit k of the mask is set; stop after position stopAt.
              let k = 0;
              const seen: number[] = [];
              const completed = q.iterate((e) => {
                seen.push(e);
                const flags = ((op.deleteMask >> k) & 1 ? ABQ_VISIT_DELETE : 0) | (k === op.stopAt ? ABQ_VISIT_STOP : 0);
                k++;
                return flags;
              });
              const visited = Math.min(model.length, op.stopAt + 1);
              expect(completed).toBe(op.stopAt >= model.length);
              expect(seen).toEqual(model.slice(0, visited));
              model = model.filter((_, i) => i >= visited || ((op.deleteMask >> i) & 1) === 0);
              break;
            }
          }
          expect(q.toArray()).toEqual(model);
          expect(q.count()).toBe(model.length);
          expect(q.isEmpty()).toBe(model.length === 0);
          expect(q.isFull()).toBe(model.length === capacity);
          expect(q.check()).toBe(true);
        }
      }),
    );
  });

  it(".test.abqtest: pushes, pops and deletions by iteration keep FIFO order (the MPS's abqtest)", () => {
    // As in abqtest.c: a queue of 10, blocks numbered as they are pushed; a
    // push onto a full queue pops instead, a pop from an empty one pushes
    // instead, and now and then a random block still queued is deleted by
    // iterating. Every pop must return the oldest block not deleted.
    fc.assert(
      fc.property(fc.array(fc.nat(8), { minLength: 1000, maxLength: 3000 }), fc.infiniteStream(fc.nat()), (steps, rnd) => {
        const q = new ABQ<{ id: number }>(10);
        const queued = new Set<number>();
        let pushee = 1;
        let popee = 1;
        const push = (): boolean => {
          if (!q.push({ id: pushee })) return false;
          queued.add(pushee++);
          return true;
        };
        const pop = (): boolean => {
          const b = q.pop();
          if (b === undefined) return false;
          while (!queued.has(popee)) popee++; // skip deleted blocks
          expect(b.id).toBe(popee);
          queued.delete(popee++);
          return true;
        };
        const r = rnd[Symbol.iterator]();
        for (const step of steps) {
          if (step <= 3) {
            if (!push()) expect(pop()).toBe(true);
          } else if (step >= 5) {
            if (!pop()) expect(push()).toBe(true);
          } else if (queued.size > 0) {
            const ids = [...queued];
            const victim = ids[(r.next().value as number) % ids.length] as number;
            let found = 0;
            q.iterate((b, id) => {
              if (b.id !== id) return 0;
              found++;
              return ABQ_VISIT_DELETE;
            }, victim);
            expect(found).toBe(1);
            queued.delete(victim);
          }
          expect(q.count()).toBe(queued.size);
        }
      }),
      // Long runs: a fifth of the configured number (MPS_PROPERTY_RUNS still scales it).
      { numRuns: Math.max(1, Math.round((fc.readConfigureGlobal().numRuns ?? 100) / 5)) },
    );
  });
});
