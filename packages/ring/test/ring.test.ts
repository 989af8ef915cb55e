import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError } from "@mps/mpm";
import { Ring, ringElt, ringForEach } from "../src/index.js";
import { mpsErrorOf } from "@mps/mpm/test-util";

/** The owners of the ring's elements, walking `next` from the head (bounded, so a broken ring cannot hang a test). */
function forward<T>(head: Ring<T>): T[] {
  const out: T[] = [];
  for (let n = head.next; n !== head && out.length < 1000; n = n.next) out.push(n.owner as T);
  return out;
}

/** The owners walking `prev` from the head, reversed back into iteration order. */
function backward<T>(head: Ring<T>): T[] {
  const out: T[] = [];
  for (let n = head.prev; n !== head && out.length < 1000; n = n.prev) out.push(n.owner as T);
  return out.reverse();
}

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

/** A head and `n` element nodes owned by 0..n-1, all appended in order. */
function ringOf(n: number): { head: Ring<number>; nodes: Ring<number>[] } {
  const head = new Ring<number>();
  const nodes: Ring<number>[] = [];
  for (let i = 0; i < n; i++) {
    const node = new Ring(i);
    nodes.push(node);
    head.append(node);
  }
  return { head, nodes };
}

describe("Ring", () => {
  // .req.intrusive
  it(".init: a new node is a singleton ring, with or without an owner", () => {
    const head = new Ring<string>();
    expect(head.next).toBe(head);
    expect(head.prev).toBe(head);
    expect(head.owner).toBeNull();
    expect(head.isSingle()).toBe(true);
    expect(head.length()).toBe(0);
    expect(head.checkSingle()).toBe(true);
    const elt = new Ring("x");
    expect(elt.owner).toBe("x");
    expect(elt.isSingle()).toBe(true);
  });

  // .req.constant
  it(".append: the appended node comes last, .insert: the inserted node comes first", () => {
    const head = new Ring<string>();
    const a = new Ring("a"), b = new Ring("b"), c = new Ring("c");
    head.append(a);
    head.append(b);
    head.insert(c);
    expect(forward(head)).toEqual(["c", "a", "b"]);
    expect(backward(head)).toEqual(["c", "a", "b"]);
    expect(head.length()).toBe(3);
    expect(head.isSingle()).toBe(false);
    expect(a.isSingle()).toBe(false);
    expect(head.checkAll()).toBe(true);
    expect(a.checkAll()).toBe(true);
  });

  it(".next, .prev: the head's next is the first element and its prev the last", () => {
    const { head, nodes } = ringOf(3);
    expect(head.next).toBe(nodes[0]);
    expect(head.prev).toBe(nodes[2]);
    expect(nodes[0]?.prev).toBe(head);
    expect(nodes[2]?.next).toBe(head);
    expect(nodes[1]?.next).toBe(nodes[2]);
  });

  // .req.remove-anywhere
  it(".remove: a removed node becomes a singleton and the rest stay in order", () => {
    const { head, nodes } = ringOf(4);
    nodes[1]?.remove();
    expect(forward(head)).toEqual([0, 2, 3]);
    expect(backward(head)).toEqual([0, 2, 3]);
    expect(nodes[1]?.isSingle()).toBe(true);
    nodes[0]?.remove();
    nodes[3]?.remove();
    nodes[2]?.remove();
    expect(head.isSingle()).toBe(true);
    expect(head.length()).toBe(0);
  });

  it(".length: counts the nodes other than the one it is asked of, from any node", () => {
    const { head, nodes } = ringOf(5);
    expect(head.length()).toBe(5);
    expect(nodes[2]?.length()).toBe(5); // the other four elements and the head
  });

  // .req.owner
  it(".elt: ringElt returns the owner; a head has none", () => {
    class Child {
      readonly parentRing: Ring<Child> = new Ring<Child>(this);
      constructor(readonly id: number) {}
    }
    const head = new Ring<Child>();
    const c = new Child(7);
    head.append(c.parentRing);
    expect(ringElt(head.next)).toBe(c);
    expect(ringElt(head.next).id).toBe(7);
    if (CHECKING) expectParam(() => ringElt(head), /no owner/);
  });

  // .req.iterate-remove
  it(".for.safe: the for-loop idiom tolerates removal of the current node", () => {
    const { head, nodes } = ringOf(10);
    const seen: number[] = [];
    for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) {
      seen.push(ringElt(n));
      if (ringElt(n) % 3 !== 0) n.remove();
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(forward(head)).toEqual([0, 3, 6, 9]);
    expect(nodes[1]?.isSingle()).toBe(true);
    // Removing every node empties the ring.
    for (let n = head.next, nx = n.next; n !== head; n = nx, nx = n.next) n.remove();
    expect(head.isSingle()).toBe(true);
  });

  // .req.iterate-remove
  it(".for: ringForEach visits first to last, may remove the current node, and may stop", () => {
    const { head } = ringOf(6);
    const seen: number[] = [];
    expect(ringForEach(head, (n) => {
      seen.push(ringElt(n));
      if (ringElt(n) % 2 === 1) n.remove();
    })).toBe(true);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(forward(head)).toEqual([0, 2, 4]);
    const upTo: number[] = [];
    expect(ringForEach(head, (n, limit) => { upTo.push(ringElt(n)); return ringElt(n) < limit; }, 2)).toBe(false);
    expect(upTo).toEqual([0, 2]);
    expect(ringForEach(new Ring<number>(), () => { throw new Error("an empty ring has no elements to visit"); })).toBe(true);
  });

  it(".for: nodes appended by the visitor are visited too", () => {
    const { head } = ringOf(2);
    const seen: number[] = [];
    ringForEach(head, (n) => {
      const v = ringElt(n);
      seen.push(v);
      if (v < 2) head.append(new Ring(v + 10));
    });
    expect(seen).toEqual([0, 1, 10, 11]);
  });

  it(".finish: a finished singleton can be initialised again and reused", () => {
    const head = new Ring<number>();
    const n = new Ring(1);
    n.finish();
    n.init();
    head.append(n);
    expect(forward(head)).toEqual([1]);
    n.remove();
    n.finish();
    head.finish();
    head.init();
    expect(head.isSingle()).toBe(true);
  });
});

// At rash the PARAM checks are off (as the MPS compiles its AVERs out), and the
// misuse would corrupt the rings.
describe.runIf(CHECKING)("Ring: bad input throws PARAM and changes nothing", () => {
  // .req.misuse
  it(".append, .insert: a node already on a ring (this one or another)", () => {
    const { head, nodes } = ringOf(3);
    const other = ringOf(2);
    for (const add of [(n: Ring<number>) => head.append(n), (n: Ring<number>) => head.insert(n)]) {
      expectParam(() => add(nodes[1] as Ring<number>), /already on a ring/);
      expectParam(() => add(other.nodes[0] as Ring<number>), /already on a ring/);
      // A head of a non-empty ring is "on a ring" too.
      expectParam(() => add(other.head), /already on a ring/);
      expect(forward(head)).toEqual([0, 1, 2]);
      expect(backward(head)).toEqual([0, 1, 2]);
      expect(forward(other.head)).toEqual([0, 1]);
      expect(head.checkAll() && other.head.checkAll()).toBe(true);
    }
  });

  it(".append, .insert: a node onto its own ring", () => {
    const head = new Ring<number>();
    expectParam(() => head.append(head), /its own ring/);
    expectParam(() => head.insert(head), /its own ring/);
    expect(head.isSingle()).toBe(true);
  });

  // .req.misuse
  it(".remove: a node that is not on a ring", () => {
    const { head } = ringOf(2);
    const loose = new Ring(9);
    expectParam(() => loose.remove(), /not on a ring/);
    expect(loose.isSingle()).toBe(true);
    expectParam(() => new Ring<number>().remove(), /not on a ring/);
    expect(forward(head)).toEqual([0, 1]);
  });

  it(".finish: a node on a ring, or finished twice; any use after finish", () => {
    const { head, nodes } = ringOf(2);
    expectParam(() => nodes[0]?.finish(), /still on a ring/);
    expectParam(() => head.finish(), /still on a ring/);
    expect(forward(head)).toEqual([0, 1]);
    const n = new Ring(5);
    n.finish();
    expectParam(() => n.finish(), /already finished/);
    expectParam(() => head.append(n), /finished/);
    expectParam(() => head.insert(n), /finished/);
    expectParam(() => n.remove(), /finished/);
    const dead = new Ring<number>();
    dead.finish();
    expectParam(() => dead.append(new Ring(1)), /ring is finished/);
    expectParam(() => dead.insert(new Ring(1)), /ring is finished/);
    expect(forward(head)).toEqual([0, 1]);
    expect(head.checkAll()).toBe(true);
  });

  it(".init: a node on a ring", () => {
    const { head, nodes } = ringOf(3);
    expectParam(() => nodes[1]?.init(), /on a ring/);
    expectParam(() => head.init(), /on a ring/);
    expect(forward(head)).toEqual([0, 1, 2]);
    expect(head.checkAll()).toBe(true);
  });

  it(".for.error: a ringForEach visitor that removes the next node or the head", () => {
    const { head, nodes } = ringOf(4);
    expectParam(() => ringForEach(head, (n) => { if (n === nodes[0]) nodes[1]?.remove(); }), /removed the next node/);
    expect(forward(head)).toEqual([0, 2, 3]); // as the visitor left it
    const r2 = ringOf(3);
    expectParam(() => ringForEach(r2.head, (n) => { if (n === r2.nodes[0]) r2.head.remove(); }), /or the head/);
    // Removing the current node and then the last one is allowed only when nothing follows.
    const r3 = ringOf(2);
    expect(ringForEach(r3.head, (n) => { if (n === r3.nodes[1]) n.remove(); })).toBe(true);
    expect(forward(r3.head)).toEqual([0]);
  });
});

describe("Ring: consistency checks are assertions", () => {
  it(".check: a broken link fails check() and checkAll() through the assertion handler", () => {
    const { head, nodes } = ringOf(4);
    const n1 = nodes[1] as Ring<number>, n2 = nodes[2] as Ring<number>;
    n2.prev = n2; // corrupt: n1.next still points at n2
    expect(() => n1.check()).toThrow(MpsAssertionError);
    expect(() => head.checkAll()).toThrow(MpsAssertionError);
    expect(() => n1.checkSingle()).toThrow(MpsAssertionError);
    expect(() => new Ring(0).checkSingle()).not.toThrow();
    // A rho-shaped corruption (a cycle that does not return to the head) still terminates.
    n2.prev = n1;
    (nodes[3] as Ring<number>).next = n1;
    expect(() => head.checkAll()).toThrow(MpsAssertionError);
  });

  it.runIf(COOL)(".check: at cool every operation checks the links it works on", () => {
    const { head, nodes } = ringOf(3);
    const n1 = nodes[1] as Ring<number>;
    n1.prev = head; // corrupt
    expect(() => n1.remove()).toThrow(MpsAssertionError);
    expect(() => n1.isSingle()).toThrow(MpsAssertionError);
    expect(() => n1.length()).toThrow(MpsAssertionError);
    expect(() => n1.append(new Ring(9))).toThrow(MpsAssertionError);
  });
});
