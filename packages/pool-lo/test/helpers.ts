// Object graphs in the test format (@mps/trace/test-util) for the AMS tests.
import type { AP, Arena, Format } from "@mps/arena";
import type { Addr } from "@mps/mpm";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots } from "@mps/trace/test-util";

export { rng, SEED, vmArena, collect, TestTrace, TestScanState } from "./mini-trace.js";

/** The test format over the arena's memory. */
export function makeFormat(arena: Arena, h: 0 | 8 = 0): Format {
  return arena.createFormat(testFormat(arena.mem, h));
}

/** Allocate and initialise an object of `nslots` slots through `ap` (the reserve/commit loop). */
export function allocObj(arena: Arena, ap: AP, h: 0 | 8, id: number, nslots: number, leaf = false): Addr {
  const size = testObjectSize(nslots);
  let p: Addr;
  let obj: Addr;
  do {
    p = ap.reserve(size);
    obj = initTestObject(arena.mem, p, h, id, nslots, leaf);
  } while (!ap.commit(p, size));
  return obj;
}

/** Store `ref` in slot `i` of `obj`. */
export function setSlot(arena: Arena, obj: Addr, h: 0 | 8, i: number, ref: Addr): void {
  arena.mem.u32[testObjectSlotAddr(obj, h, i) >>> 2] = ref;
}

/** Slot `i` of `obj`. */
export function getSlot(arena: Arena, obj: Addr, h: 0 | 8, i: number): Addr {
  return arena.mem.u32[testObjectSlotAddr(obj, h, i) >>> 2]!;
}

/** A model object: its address, id and slots (ids, or -1 for null). */
export interface ModelObj {
  addr: Addr;
  id: number;
  slots: number[];
  size: number;
}

/** The ids reachable from `roots` in the model. */
export function reachable(model: Map<number, ModelObj>, roots: number[]): Set<number> {
  const seen = new Set<number>();
  const stack = roots.filter((r) => r >= 0);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const s of model.get(id)!.slots) if (s >= 0 && !seen.has(s)) stack.push(s);
  }
  return seen;
}

/** Check that every object in `ids` has its id and slots in memory. Returns the first mismatch, or "". */
export function verify(arena: Arena, model: Map<number, ModelObj>, ids: Iterable<number>, h: 0 | 8): string {
  for (const id of ids) {
    const o = model.get(id)!;
    if (testObjectId(arena.mem, o.addr, h) !== id) return `object ${id} at ${o.addr} has id ${testObjectId(arena.mem, o.addr, h)}`;
    if (testObjectSlots(arena.mem, o.addr, h) !== (testObjectSize(o.slots.length) - 8) / 4) return `object ${id} has ${testObjectSlots(arena.mem, o.addr, h)} slots`;
    for (let i = 0; i < o.slots.length; i++) {
      const want = o.slots[i]! < 0 ? 0 : model.get(o.slots[i]!)!.addr;
      if (getSlot(arena, o.addr, h, i) !== want) return `object ${id} slot ${i} is ${getSlot(arena, o.addr, h, i)}, not ${want}`;
    }
  }
  return "";
}
