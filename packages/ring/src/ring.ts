/**
 * Rings (design.mps.ring): circular, intrusive, doubly-linked lists. A node
 * lives in a field of the structure it links, and `owner` leads back from the
 * node to that structure (JavaScript has no `container_of`). A parent keeps an
 * ownerless node as the head of the ring of its children. See docs/design/ring.md.
 * .critical: Ring.append, Ring.insert, Ring.remove, Ring.isSingle, ringElt.
 */

import { CHECKING, COOL, checkL, paramError } from "@mps/mpm";

/**
 * A ring node (design.mps.ring `.def.ring`): a field of the structure it
 * links, or the head of a ring kept by a parent structure.
 *
 * @remarks
 * A new node is a singleton ring: `next` and `prev` are the node itself.
 * Walk a ring with the MPS's `RING_FOR` idiom, which tolerates removal of the
 * current node because it reads the next node before the body runs:
 *
 * ```ts
 * for (let node = head.next, next = node.next; node !== head; node = next, next = node.next) {
 *   const child = ringElt(node); // the structure the node lives in
 *   if (isDead(child)) node.remove();
 * }
 * ```
 *
 * or with {@link ringForEach}. The body may remove the current node, but no
 * other node of the ring (in particular not the next one). There is no
 * signature field: as in the MPS, a node is kept small (two links and the
 * owner) because it is embedded many times in other structures (design.mps.check
 * `.partial-type`).
 *
 * Misuse that costs O(1) to detect (appending a node that is already on a
 * ring, removing one that is not, using a finished node) throws `MpsError`
 * `PARAM` unless the checking level is `rash`, and leaves every ring as it was.
 * A corrupted link is an internal error, reported by {@link Ring.check} as an
 * assertion; every operation runs that check at the `cool` level.
 *
 * @typeParam T - the type of the structures the ring's nodes live in.
 * @public
 */
export class Ring<T = unknown> {
  /** The next node: the first element when read from a head. */
  next: Ring<T>;
  /** The previous node: the last element when read from a head. */
  prev: Ring<T>;
  /**
   * The structure this node is a field of, or null for a head (a parent's
   * ring of children). Read it with {@link ringElt}, the MPS's `RING_ELT`.
   */
  owner: T | null;

  /**
   * `RingInit`: make a singleton ring (design.mps.ring `.init`).
   * @param owner - the structure the node is a field of; omit it for a head.
   */
  constructor(owner: T | null = null) {
    this.next = this;
    this.prev = this;
    this.owner = owner;
  }

  /**
   * `RingInit`: make this node a singleton ring again. Use it to reuse a node
   * after {@link Ring.finish}. Throws `PARAM`, changing nothing, if the node is
   * on a ring with other nodes (re-initialising it would break that ring).
   */
  init(): void {
    if (CHECKING && this.next !== this && this.next !== RING_FINISHED) {
      paramError("Ring.init: the node is on a ring; remove it first");
    }
    this.next = this;
    this.prev = this;
  }

  /**
   * `RingFinish`: finish a singleton node (design.mps.ring `.finish`). Any
   * later use except {@link Ring.init} throws `PARAM`. Throws `PARAM`, changing
   * nothing, if the node is still on a ring or was already finished.
   */
  finish(): void {
    if (CHECKING) {
      if (this.next === RING_FINISHED) paramError("Ring.finish: the node is already finished");
      if (this.next !== this) paramError("Ring.finish: the node is still on a ring; remove it first");
    }
    this.next = RING_FINISHED as Ring<T>;
    this.prev = RING_FINISHED as Ring<T>;
  }

  /**
   * `RingIsSingle`: is this node a singleton (design.mps.ring `.def.singleton`)?
   * For a head, that means the ring has no elements; for an element, that it
   * is on no ring.
   */
  isSingle(): boolean {
    if (COOL) this.check();
    return this.next === this;
  }

  /**
   * `RingLength`: the number of nodes on the ring other than this one
   * (design.mps.ring `.length`): for a head, the number of its elements. O(n).
   */
  length(): number {
    if (COOL) this.check();
    let n = 0;
    for (let node = this.next; node !== this; node = node.next) n++;
    return n;
  }

  /**
   * `RingAppend`: add the singleton `node` to the ring so that it comes last
   * in iteration from this node, i.e. just before this node (design.mps.ring
   * `.append`). Throws `PARAM`, changing nothing, if `node` is this node, is
   * already on a ring, or either node is finished.
   */
  append(node: Ring<T>): void {
    if (CHECKING) checkLink(this, node, "append");
    if (COOL) this.check();
    const last = this.prev;
    node.prev = last;
    node.next = this;
    last.next = node;
    this.prev = node;
  }

  /**
   * `RingInsert`: add the singleton `node` to the ring so that it comes first
   * in iteration from this node, i.e. just after this node (design.mps.ring
   * `.insert`). Throws `PARAM` in the same cases as {@link Ring.append}.
   */
  insert(node: Ring<T>): void {
    if (CHECKING) checkLink(this, node, "insert");
    if (COOL) this.check();
    const first = this.next;
    node.prev = this;
    node.next = first;
    first.prev = node;
    this.next = node;
  }

  /**
   * `RingRemove`: take this node off its ring, leaving it a singleton
   * (design.mps.ring `.remove`). Throws `PARAM`, changing nothing, if the node
   * is not on a ring (is a singleton) or is finished.
   */
  remove(): void {
    if (CHECKING) {
      if (this.next === this) paramError("Ring.remove: the node is not on a ring");
      if (this.next === RING_FINISHED) paramError("Ring.remove: the node is finished");
    }
    if (COOL) this.check();
    const next = this.next;
    const prev = this.prev;
    next.prev = prev;
    prev.next = next;
    this.next = this;
    this.prev = this;
  }

  /**
   * `RingCheck`: check this node's links: it is not finished, and its
   * neighbours point back at it. O(1). Returns true, or reports a failure
   * through the assertion handler.
   */
  check(): boolean {
    checkL(this.next !== RING_FINISHED && this.prev !== RING_FINISHED, "Ring: node is finished");
    checkL(this.next.prev === this, "Ring: next.prev is the node");
    checkL(this.prev.next === this, "Ring: prev.next is the node");
    return true;
  }

  /**
   * `RingCheckSingle`: {@link Ring.check}, and the node is a singleton
   * (design.mps.ring `.check.single`).
   */
  checkSingle(): boolean {
    this.check();
    checkL(this.next === this && this.prev === this, "Ring: node is a singleton");
    return true;
  }

  /**
   * Check every link of the ring this node is on, which the MPS cannot do
   * (design.mps.ring `.check.improve`). O(n); always terminates, even on a
   * corrupted ring. Returns true, or reports a failure through the assertion
   * handler.
   */
  checkAll(): boolean {
    // The walk steps from a node to its successor only after checking that
    // the successor's `prev` points back. If it ever reached a node twice
    // other than `this`, that node would have two different predecessors on
    // the walk, both pointed back at, which is impossible; so the walk
    // either fails a check or comes back to `this`.
    let node: Ring<T> = this;
    do {
      const next = node.next;
      if (next === RING_FINISHED || node.prev === RING_FINISHED) {
        checkL(false, "Ring: no node on the ring is finished");
        return true; // the handler returned: stop rather than walk a broken ring
      }
      if (next.prev !== node) {
        checkL(false, "Ring: every node's next.prev is the node");
        return true;
      }
      node = next;
    } while (node !== this);
    return true;
  }
}

/**
 * The node a finished node's links point to (the MPS stores NULL). It is a
 * singleton ring that no client holds, so nothing finished is ever single,
 * and the CHECKING tests can tell "finished" from "on a ring".
 */
const RING_FINISHED: Ring<never> = new Ring<never>(null);

/** The PARAM checks of append and insert: O(1), allocation-free unless they fail. */
function checkLink<T>(ring: Ring<T>, node: Ring<T>, what: string): void {
  if (ring.next === RING_FINISHED) paramError(`Ring.${what}: the ring is finished`);
  if (node === ring) paramError(`Ring.${what}: a node cannot be added to its own ring`);
  if (node.next !== node) {
    paramError(node.next === RING_FINISHED ? `Ring.${what}: the node is finished` : `Ring.${what}: the node is already on a ring; remove it first`);
  }
}

/**
 * `RING_ELT`: the structure a node is a field of (design.mps.ring `.elt`).
 * Throws `PARAM` if the node has no owner (it is a head, or was made without one).
 * @public
 */
export function ringElt<T>(node: Ring<T>): T {
  const owner = node.owner;
  if (CHECKING && owner === null) paramError("ringElt: the node has no owner (is it the head of the ring?)");
  return owner as T;
}

/**
 * Called by {@link ringForEach} for each node of a ring after the head, with
 * the closure passed to `ringForEach`. Return `false` to stop; any other
 * value (or none) goes on.
 * @public
 */
export type RingVisitor<T, C> = (node: Ring<T>, closure: C) => boolean | void;

/**
 * `RING_FOR` as a function: call `visitor` on every node of `ring` after
 * `ring` itself, first to last (design.mps.ring `.for`). Returns false if the
 * visitor stopped the walk, true otherwise.
 *
 * @remarks
 * The visitor may remove the node it is given (design.mps.ring `.for.safe`),
 * and may append nodes, which are then visited too. It must not remove any
 * other node of the ring, nor the head: doing so with the next node or the
 * head is detected and throws `PARAM` (unless the level is `rash`), with the
 * ring as the visitor left it. Pass per-call data as `closure` rather than
 * capturing it, and the walk allocates nothing.
 * @public
 */
export function ringForEach<T, C = undefined>(ring: Ring<T>, visitor: RingVisitor<T, C>, closure?: C): boolean {
  if (COOL) ring.check();
  for (let node = ring.next, next = node.next; node !== ring; node = next, next = node.next) {
    if (visitor(node, closure as C) === false) return false;
    if (CHECKING && next !== ring && (next.next === next || ring.next === ring)) {
      paramError("ringForEach: the visitor removed the next node or the head; it may remove only the node it was given");
    }
  }
  return true;
}
