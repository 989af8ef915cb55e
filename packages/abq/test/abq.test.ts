import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError, StringStream, describeToString } from "@mps/mpm";
import { ABQ, ABQ_CAPACITY_MAX, ABQ_VISIT_DELETE, ABQ_VISIT_STOP, ABQMeter, SIG_ABQ, type ABQVisitor } from "../src/index.js";
import { mpsErrorOf } from "@mps/mpm/test-util";

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

/** A queue of the given capacity holding `items`, pushed after `skew` push/pop pairs so that the contents wrap round the end of the slots. */
function queueOf(capacity: number, items: number[], skew = 0): ABQ<number> {
  const q = new ABQ<number>(capacity);
  for (let i = 0; i < skew; i++) {
    q.push(-1);
    q.pop();
  }
  for (const x of items) expect(q.push(x)).toBe(true);
  return q;
}

/** Everything observable about a queue's contents, to show that a failed call changed nothing. */
function snapshot<T extends {} | null>(q: ABQ<T>): unknown {
  return { items: q.toArray(), count: q.count(), empty: q.isEmpty(), full: q.isFull() };
}

describe("ABQ", () => {
  it(".init: a new queue is empty, not full, and checks", () => {
    const q = new ABQ<string>(3, { owner: "test" });
    expect(q.sig).toBe(SIG_ABQ);
    expect(q.capacity).toBe(3);
    expect(q.owner).toBe("test");
    expect(q.isEmpty()).toBe(true);
    expect(q.isFull()).toBe(false);
    expect(q.count()).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.check()).toBe(true);
  });

  it(".req.push .req.pop: first in, first out", () => {
    const q = new ABQ<string>(4);
    expect(q.push("a")).toBe(true);
    expect(q.push("b")).toBe(true);
    expect(q.peek()).toBe("a");
    expect(q.count()).toBe(2);
    expect(q.pop()).toBe("a");
    expect(q.push("c")).toBe(true);
    expect(q.toArray()).toEqual(["b", "c"]);
    expect(q.pop()).toBe("b");
    expect(q.pop()).toBe("c");
    expect(q.pop()).toBeUndefined();
    expect(q.isEmpty()).toBe(true);
  });

  // .req.fixed
  it(".push.full: a push onto a full queue returns false and changes nothing", () => {
    const q = queueOf(3, [1, 2, 3]);
    expect(q.isFull()).toBe(true);
    const before = snapshot(q);
    expect(q.push(4)).toBe(false);
    expect(snapshot(q)).toEqual(before);
    expect(q.pop()).toBe(1);
    expect(q.isFull()).toBe(false);
    expect(q.push(4)).toBe(true);
    expect(q.toArray()).toEqual([2, 3, 4]);
    expect(q.check()).toBe(true);
  });

  it(".capacity: a queue of capacity 1 holds one element", () => {
    const q = new ABQ<number>(1);
    expect(q.push(7)).toBe(true);
    expect(q.isFull()).toBe(true);
    expect(q.push(8)).toBe(false);
    expect(q.pop()).toBe(7);
    expect(q.isEmpty()).toBe(true);
    for (let i = 0; i < 5; i++) {
      expect(q.push(i)).toBe(true);
      expect(q.pop()).toBe(i);
    }
  });

  it(".wrap: the contents may wrap round the end of the slots at every offset", () => {
    for (let skew = 0; skew <= 5; skew++) {
      const q = queueOf(5, [10, 11, 12, 13, 14], skew);
      expect(q.isFull()).toBe(true);
      expect(q.count()).toBe(5);
      expect(q.toArray()).toEqual([10, 11, 12, 13, 14]);
      expect(q.check()).toBe(true);
      for (let i = 10; i < 15; i++) expect(q.pop()).toBe(i);
      expect(q.isEmpty()).toBe(true);
    }
  });

  // .req.abstract
  it(".elements: null, objects, 0 and false are elements; the queue holds references", () => {
    const o = { x: 1 };
    const q = new ABQ<object | number | boolean | null>(5);
    for (const e of [null, o, 0, false]) q.push(e);
    expect(q.toArray()).toEqual([null, o, 0, false]);
    expect(q.pop()).toBeNull();
    expect(q.pop()).toBe(o);
    expect(q.pop()).toBe(0);
    expect(q.pop()).toBe(false);
    expect(q.pop()).toBeUndefined();
  });

  it(".req.delete: delete at the head, in the middle, at the tail, across the wrap; absent is false", () => {
    for (let skew = 0; skew <= 6; skew++) {
      const q = queueOf(6, [1, 2, 3, 4, 5], skew);
      expect(q.delete(3)).toBe(true);
      expect(q.toArray()).toEqual([1, 2, 4, 5]);
      expect(q.delete(1)).toBe(true);
      expect(q.delete(5)).toBe(true);
      expect(q.toArray()).toEqual([2, 4]);
      const before = snapshot(q);
      expect(q.delete(99)).toBe(false);
      expect(snapshot(q)).toEqual(before);
      expect(q.check()).toBe(true);
      expect(q.push(6)).toBe(true);
      expect(q.toArray()).toEqual([2, 4, 6]);
    }
  });

  it(".req.delete: only the first equal element (from the head) goes", () => {
    const q = queueOf(5, [7, 8, 7, 9]);
    expect(q.delete(7)).toBe(true);
    expect(q.toArray()).toEqual([8, 7, 9]);
    const emptyQ = new ABQ<number>(2);
    expect(emptyQ.delete(1)).toBe(false);
  });

  it(".req.iterate: the visitor sees the elements head first, deletes some, keeps the rest in order", () => {
    for (let skew = 0; skew <= 7; skew++) {
      const q = queueOf(7, [1, 2, 3, 4, 5, 6], skew);
      const seen: number[] = [];
      expect(q.iterate((e) => {
        seen.push(e);
        return e % 2 === 0 ? ABQ_VISIT_DELETE : 0;
      })).toBe(true);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
      expect(q.toArray()).toEqual([1, 3, 5]);
      expect(q.count()).toBe(3);
      expect(q.check()).toBe(true);
      expect(q.push(7)).toBe(true);
      expect(q.toArray()).toEqual([1, 3, 5, 7]);
    }
  });

  it(".req.iterate: STOP ends the walk after the element, with or without DELETE", () => {
    const q = queueOf(6, [1, 2, 3, 4, 5]);
    const seen: number[] = [];
    expect(q.iterate((e) => {
      seen.push(e);
      if (e === 1) return ABQ_VISIT_DELETE;
      if (e === 3) return ABQ_VISIT_DELETE | ABQ_VISIT_STOP;
      return undefined;
    })).toBe(false);
    expect(seen).toEqual([1, 2, 3]);
    expect(q.toArray()).toEqual([2, 4, 5]);
    const seen2: number[] = [];
    expect(q.iterate((e) => { seen2.push(e); return ABQ_VISIT_STOP; })).toBe(false);
    expect(seen2).toEqual([2]);
    expect(q.toArray()).toEqual([2, 4, 5]);
  });

  it(".req.iterate: deleting everything empties the queue; an empty queue visits nothing", () => {
    const q = queueOf(4, [1, 2, 3, 4], 2);
    expect(q.iterate(() => ABQ_VISIT_DELETE)).toBe(true);
    expect(q.isEmpty()).toBe(true);
    expect(q.check()).toBe(true);
    expect(q.iterate(() => { throw new Error("nothing to visit"); })).toBe(true);
  });

  it(".req.iterate: a closure reaches the visitor, so a module-level visitor needs no capture", () => {
    const deleteAbove: ABQVisitor<number, number> = (e, limit) => (e > limit ? ABQ_VISIT_DELETE : 0);
    const q = queueOf(5, [5, 1, 6, 2]);
    q.iterate(deleteAbove, 4);
    expect(q.toArray()).toEqual([1, 2]);
  });

  it(".iterate.throw: if the visitor throws, earlier deletions stand and the current element is kept", () => {
    const q = queueOf(6, [1, 2, 3, 4, 5], 4);
    expect(() => q.iterate((e) => {
      if (e === 4) throw new Error("boom");
      return e === 2 ? ABQ_VISIT_DELETE : 0;
    })).toThrow("boom");
    expect(q.toArray()).toEqual([1, 3, 4, 5]);
    expect(q.check()).toBe(true);
    expect(q.push(6)).toBe(true); // not stuck in the iterating state
  });

  it(".stats: each operation counts its calls; at cool its meter records the depth it saw", () => {
    const q = new ABQ<number>(2);
    q.push(1); // depth 0
    q.push(2); // depth 1
    q.push(3); // depth 2, refused but counted
    q.peek(); // depth 2
    q.pop(); // depth 2
    q.pop(); // depth 1
    q.pop(); // depth 0, empty but counted
    expect([q.pushMeter.count, q.popMeter.count, q.peekMeter.count]).toEqual([3, 3, 1]);
    if (COOL) {
      expect([q.pushMeter.total, q.pushMeter.min, q.pushMeter.max]).toEqual([3, 0, 2]);
      expect([q.popMeter.total, q.popMeter.min, q.popMeter.max]).toEqual([3, 0, 2]);
      expect(q.peekMeter.total).toBe(2);
      expect(q.pushMeter.mean()).toBe(1);
    } else {
      expect([q.pushMeter.total, q.pushMeter.max, q.pushMeter.mean()]).toEqual([0, 0, 0]);
    }
    q.push(1);
    q.push(2);
    q.delete(1); // depth 2
    q.delete(9); // absent: not counted
    q.push(3);
    q.iterate(() => ABQ_VISIT_DELETE); // depths 2, 1
    expect(q.deleteMeter.count).toBe(3);
    if (COOL) expect([q.deleteMeter.total, q.deleteMeter.min, q.deleteMeter.max]).toEqual([5, 1, 2]);
  });

  it(".stats: a meter accumulates count, total, min, max and mean", () => {
    const m = new ABQMeter("x");
    expect(m.mean()).toBe(0);
    for (const v of [4, 1, 7]) m.accumulate(v);
    expect([m.name, m.count, m.total, m.min, m.max, m.mean()]).toEqual(["x", 3, 12, 1, 7, 4]);
    expect(describeToString(m)).toBe(COOL ? 'meter "x" { count: 3, total 12, max 7, min 1, mean 4 }\n' : 'meter "x" { count: 3 }\n');
  });

  it(".describe: capacity, indices, elements head first, and the meters", () => {
    const q = queueOf(3, [1, 2], 2);
    q.pop();
    const text = describeToString(q);
    expect(text).toBe([
      "ABQ {",
      "  capacity 3, count 1, in 0, out 3",
      "  queue:",
      "    2",
      COOL ? "  meter \"push\" { count: 4, total 1, max 1, min 0, mean 0.25 }" : "  meter \"push\" { count: 4 }",
      COOL ? "  meter \"pop\" { count: 3, total 4, max 2, min 1, mean 1.333 }" : "  meter \"pop\" { count: 3 }",
      "  meter \"peek\" { count: 0 }",
      "  meter \"delete\" { count: 0 }",
      "}",
      "",
    ].join("\n"));
    const s = new StringStream();
    new ABQ<{ id: number }>(2, { owner: "MVT" }).describe(s, 2, (e) => `#${e.id}`);
    expect(s.toString()).toMatch(/^ {2}ABQ of MVT \{\n/);
    const withElts = new ABQ<{ id: number }>(2);
    withElts.push({ id: 4 });
    const s2 = new StringStream();
    withElts.describe(s2, 0, (e) => `#${e.id}`);
    expect(s2.toString()).toContain("    #4\n");
    withElts.finish();
    expect(describeToString(withElts)).toBe("ABQ (finished)\n");
  });

  it(".finish: the signature becomes invalid and every later use throws PARAM", () => {
    const q = queueOf(3, [1, 2]);
    q.finish();
    expect(q.sig).not.toBe(SIG_ABQ);
    expect(() => q.check()).toThrow(MpsAssertionError);
    expectParam(() => q.finish(), /finished/);
    if (!CHECKING) return;
    for (const f of [
      () => q.push(1), () => q.pop(), () => q.peek(), () => q.delete(1), () => q.iterate(() => 0),
      () => q.isEmpty(), () => q.isFull(), () => q.count(), () => q.toArray(),
    ]) {
      expectParam(f, /finished/);
    }
  });
});

// At rash the use checks are off (as the MPS compiles its AVERs out).
describe.runIf(CHECKING)("ABQ: bad input throws PARAM and changes nothing", () => {
  it(".init: capacity must be an integer in [1, ABQ_CAPACITY_MAX]", () => {
    for (const c of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, ABQ_CAPACITY_MAX + 1]) {
      expectParam(() => new ABQ<number>(c), /capacity/);
    }
    expectParam(() => new ABQ<number>("4" as unknown as number), /capacity/);
  });

  it(".push, .delete: undefined is not an element", () => {
    const q = queueOf(3, [1]);
    const before = snapshot(q);
    expectParam(() => q.push(undefined as unknown as number), /undefined/);
    expectParam(() => q.delete(undefined as unknown as number), /undefined/);
    expect(snapshot(q)).toEqual(before);
    expect(q.pushMeter.count).toBe(1);
  });

  it(".iterate: the visitor must be a function and return flags", () => {
    const q = queueOf(4, [1, 2, 3]);
    const before = snapshot(q);
    expectParam(() => q.iterate(null as unknown as ABQVisitor<number, undefined>), /not a function/);
    expect(snapshot(q)).toEqual(before);
    // A visitor returning a boolean (as the MPS's returns "go on") is refused at the first element.
    expectParam(() => q.iterate((() => true) as unknown as ABQVisitor<number, undefined>), /returned true/);
    expectParam(() => q.iterate(() => 4), /returned 4/);
    expect(snapshot(q)).toEqual(before);
    expect(q.check()).toBe(true);
  });

  it(".iterate.reentry: the visitor may not call the queue", () => {
    const q = queueOf(6, [1, 2, 3], 5);
    const calls: Array<() => unknown> = [
      () => q.push(9), () => q.pop(), () => q.peek(), () => q.delete(2), () => q.iterate(() => 0),
      () => q.isEmpty(), () => q.isFull(), () => q.count(), () => q.toArray(), () => q.finish(),
    ];
    for (const call of calls) {
      const before = snapshot(q);
      expectParam(() => q.iterate(() => { call(); return 0; }), /own visitor/);
      expect(snapshot(q)).toEqual(before);
    }
    expect(q.check()).toBe(true);
  });
});

describe("ABQ: consistency checks are assertions", () => {
  it(".check: corrupted indices fail check()", () => {
    const q = queueOf(3, [1, 2]);
    (q as unknown as { inIndex: number }).inIndex = 7;
    expect(() => q.check()).toThrow(MpsAssertionError);
  });

  it.runIf(COOL)(".check: at cool, a slot outside the queue that holds a value fails check(), and operations check the fields", () => {
    const q = queueOf(3, [1]);
    (q as unknown as { queue: unknown[] }).queue[2] = 5;
    expect(() => q.check()).toThrow(MpsAssertionError);
    const r = queueOf(3, [1]);
    (r as unknown as { outIndex: number }).outIndex = -1;
    expect(() => r.pop()).toThrow(MpsAssertionError);
  });
});
