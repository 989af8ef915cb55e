// Shared test helpers: run one land operation on any land, capturing its
// result, the ranges it returned and the error code it threw, so that a CBS
// and the ArrayLand model can be compared step by step.
import { isMpsError } from "@mps/mpm";
import { type FindDelete, type Land, Range, VISIT_DELETE, VISIT_STOP } from "@mps/land";

export type Op =
  | { kind: "insert"; base: number; limit: number }
  | { kind: "delete"; base: number; limit: number }
  | { kind: "findFirst" | "findLast" | "findLargest"; size: number; fd: FindDelete }
  | { kind: "findInZones"; size: number; zones: number; high: boolean }
  | { kind: "iterateAndDelete"; mod: number; stopAt: number };

export interface Outcome {
  result: unknown;
  range: [number, number] | null;
  oldRange: [number, number] | null;
  error: string | null;
}

const r = new Range();
const o = new Range();

/** Run `op` on `land`; ranges not written by the operation come back null. */
export function runOp(land: Land, op: Op): Outcome {
  r.set(-1, -1);
  o.set(-1, -1);
  let result: unknown = undefined;
  let error: string | null = null;
  try {
    switch (op.kind) {
      case "insert":
        land.insert(r, op.base, op.limit);
        break;
      case "delete":
        land.delete(r, op.base, op.limit);
        break;
      case "findFirst":
        result = land.findFirst(r, o, op.size, op.fd);
        break;
      case "findLast":
        result = land.findLast(r, o, op.size, op.fd);
        break;
      case "findLargest":
        result = land.findLargest(r, o, op.size, op.fd);
        break;
      case "findInZones":
        result = land.findInZones(r, o, op.size, op.zones, op.high);
        break;
      case "iterateAndDelete": {
        let i = 0;
        const visited: number[] = [];
        result = [
          land.iterateAndDelete((b, l) => {
            visited.push(b, l);
            const k = i++;
            return (k % op.mod === 0 ? VISIT_DELETE : 0) | (k === op.stopAt ? VISIT_STOP : 0);
          }),
          visited,
        ];
        break;
      }
    }
  } catch (e) {
    if (!isMpsError(e)) throw e;
    error = e.code;
  }
  return {
    result,
    range: r.base === -1 ? null : [r.base, r.limit],
    oldRange: o.base === -1 ? null : [o.base, o.limit],
    error,
  };
}

/** The ranges of a land, in order, as [base, limit] pairs. */
export function rangesOf(land: Land): [number, number][] {
  const out: [number, number][] = [];
  land.iterate((b, l) => {
    out.push([b, l]);
    return true;
  });
  return out;
}
