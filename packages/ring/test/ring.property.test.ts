import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, MpsError } from "@mps/mpm";
import { Ring, ringElt, ringForEach } from "../src/index.js";

// The model: two rings, each an array of node ids in iteration order, and a
// pool of NODES nodes, each on at most one ring. Every operation, including
// the ones that must fail, is applied to both, and after each the real rings
// must read the same forwards and backwards.

const NODES = 8;

type Op =
  | { kind: "append" | "insert"; ring: number; node: number }
  | { kind: "remove"; node: number }
  | { kind: "filter"; ring: number; keep: number } // ringForEach, removing the nodes whose bit in `keep` is clear
  | { kind: "loop"; ring: number; keep: number; stopAt: number }; // the for-loop idiom, with a break

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("append" as const, "insert" as const), ring: fc.nat(1), node: fc.nat(NODES - 1) }),
  fc.record({ kind: fc.constant("remove" as const), node: fc.nat(NODES - 1) }),
  fc.record({ kind: fc.constant("filter" as const), ring: fc.nat(1), keep: fc.nat(2 ** NODES - 1) }),
  fc.record({ kind: fc.constant("loop" as const), ring: fc.nat(1), keep: fc.nat(2 ** NODES - 1), stopAt: fc.nat(NODES) }),
);

function readForward(head: Ring<number>): number[] {
  const out: number[] = [];
  for (let n = head.next; n !== head && out.length <= NODES; n = n.next) out.push(ringElt(n));
  return out;
}

function readBackward(head: Ring<number>): number[] {
  const out: number[] = [];
  for (let n = head.prev; n !== head && out.length <= NODES; n = n.prev) out.push(ringElt(n));
  return out.reverse();
}

function isParam(f: () => void): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (e instanceof MpsError && e.code === "PARAM") return true;
    throw e;
  }
}

describe("Ring against an array model", () => {
  it(".append .insert .remove .for.safe: two rings and a pool of nodes behave as arrays", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const heads = [new Ring<number>(), new Ring<number>()];
        const nodes = Array.from({ length: NODES }, (_, i) => new Ring(i));
        const model: number[][] = [[], []];
        const where = (id: number): number => model.findIndex((m) => m.includes(id));

        for (const op of ops) {
          const head = heads[op.kind === "remove" ? 0 : op.ring] as Ring<number>;
          switch (op.kind) {
            case "append":
            case "insert": {
              const node = nodes[op.node] as Ring<number>;
              const m = model[op.ring] as number[];
              if (where(op.node) >= 0) {
                // .append / .insert of a node already on a ring: PARAM, nothing changes (not checked at rash).
                if (CHECKING) expect(isParam(() => (op.kind === "append" ? head.append(node) : head.insert(node)))).toBe(true);
              } else if (op.kind === "append") {
                head.append(node);
                m.push(op.node);
              } else {
                head.insert(node);
                m.unshift(op.node);
              }
              break;
            }
            case "remove": {
              const node = nodes[op.node] as Ring<number>;
              const r = where(op.node);
              if (r < 0) {
                if (CHECKING) expect(isParam(() => node.remove())).toBe(true);
              } else {
                node.remove();
                const m = model[r] as number[];
                m.splice(m.indexOf(op.node), 1);
              }
              break;
            }
            case "filter": {
              const seen: number[] = [];
              ringForEach(head, (n, keep) => {
                seen.push(ringElt(n));
                if (((keep >> ringElt(n)) & 1) === 0) n.remove();
              }, op.keep);
              expect(seen).toEqual(model[op.ring]);
              model[op.ring] = (model[op.ring] as number[]).filter((id) => ((op.keep >> id) & 1) === 1);
              break;
            }
            case "loop": {
              // The RING_FOR idiom: remove some nodes, stop after `stopAt` visits.
              const m = model[op.ring] as number[];
              let visits = 0;
              for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) {
                if (visits === op.stopAt) break;
                visits++;
                if (((op.keep >> ringElt(n)) & 1) === 0) n.remove();
              }
              const visited = m.slice(0, op.stopAt).filter((id) => ((op.keep >> id) & 1) === 1);
              model[op.ring] = [...visited, ...m.slice(op.stopAt)];
              break;
            }
          }
          for (let r = 0; r < 2; r++) {
            const h = heads[r] as Ring<number>;
            expect(readForward(h)).toEqual(model[r]);
            expect(readBackward(h)).toEqual(model[r]);
            expect(h.length()).toBe((model[r] as number[]).length);
            expect(h.isSingle()).toBe((model[r] as number[]).length === 0);
            expect(h.checkAll()).toBe(true);
          }
          for (let id = 0; id < NODES; id++) {
            expect((nodes[id] as Ring<number>).isSingle()).toBe(where(id) < 0);
          }
        }
      }),
    );
  });
});
