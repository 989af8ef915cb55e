/**
 * Fixed-length queues (design.mps.abq): a FIFO of at most `capacity`
 * elements in a circular buffer allocated once, with deletion anywhere, as
 * MVT keeps its queue of available blocks. See docs/design/abq.md.
 * .critical: ABQ.push, ABQ.pop, ABQ.peek, ABQ.isEmpty, ABQ.isFull, ABQ.count.
 */

import {
  type Inst, type WriteStream,
  CHECKING, COOL, SIG_INVALID, checkL, checkS, defineSig, describeLine, paramError, resourceError,
} from "@mps/mpm";
import { ABQMeter } from "./meter.js";

/**
 * The signature of a live ABQ (design.mps.sig); the MPS's `ABQSig`.
 * @public
 */
export const SIG_ABQ = defineSig("ABQ", 0x519ab099);

/**
 * The largest capacity an ABQ may be created with (2^24 elements).
 * @public
 */
export const ABQ_CAPACITY_MAX = 2 ** 24;

/**
 * A flag an {@link ABQVisitor} returns: delete the element just visited.
 * @public
 */
export const ABQ_VISIT_DELETE = 1;

/**
 * A flag an {@link ABQVisitor} returns: stop after the element just visited.
 * @public
 */
export const ABQ_VISIT_STOP = 2;

/**
 * Called by {@link ABQ.iterate} for each element, oldest first, with the
 * closure passed to `iterate`. Returns a combination of
 * {@link ABQ_VISIT_DELETE} and {@link ABQ_VISIT_STOP}; 0 or nothing keeps the
 * element and goes on. The MPS's `ABQVisitor` returns the "go on" flag and
 * sets `*deleteReturn`.
 * @public
 */
export type ABQVisitor<T, C> = (element: T, closure: C) => number | void;

/**
 * Formats one element for {@link ABQ.describe}; `String(element)` by default.
 * @public
 */
export type ABQDescribeElement<T> = (element: T) => string;

/**
 * Options of {@link ABQ}'s constructor.
 * @public
 */
export interface ABQOpts {
  /** Who owns the queue (for example `"MVT 3"`), for describe output. */
  owner?: string;
}

/**
 * A fixed-length first-in first-out queue (design.mps.abq).
 *
 * @remarks
 * The elements live in an array of `capacity + 1` slots allocated by the
 * constructor; `push`, `pop` and `peek` are O(1) and allocate nothing.
 * `delete` and deletion through `iterate` are O(n). A full queue refuses a
 * push by returning false, as `ABQPush` does. Elements may be any value
 * except `undefined`, which `pop` and `peek` return for "empty".
 *
 * Bad arguments, use after `finish`, and calls made from inside one of the
 * queue's own visitors throw `MpsError` `PARAM` and leave the queue as it was
 * (the use checks are skipped at `rash`). Each operation counts its calls in
 * its meter (`pushMeter`, `popMeter`, `peekMeter`, `deleteMeter`); at the
 * `cool` level the meter also records the queue's depth at each call (total,
 * min, max), as the MPS's meters do in its cool variety only.
 *
 * @typeParam T - the element type; it cannot include `undefined`.
 * @public
 */
export class ABQ<T extends {} | null> implements Inst {
  /** {@link SIG_ABQ} while live, SIG_INVALID once finished. */
  sig: number = SIG_INVALID;
  /** The most elements the queue holds at once. */
  readonly capacity: number;
  /** Who owns the queue, for describe output. */
  readonly owner: string;
  /** The depth of the queue at each call of `push`, including refused ones. */
  readonly pushMeter: ABQMeter;
  /** The depth of the queue at each call of `pop`, including ones on an empty queue. */
  readonly popMeter: ABQMeter;
  /** The depth of the queue at each call of `peek`, including ones on an empty queue. */
  readonly peekMeter: ABQMeter;
  /** The depth of the queue before each element was deleted, by `delete` or `iterate`. */
  readonly deleteMeter: ABQMeter;
  /** `capacity + 1`: one slot always stays empty, so that full and empty differ. */
  private readonly slots: number;
  /** The slots; those from `outIndex` up to (not including) `inIndex`, circularly, hold the elements. */
  private queue: Array<T | undefined>;
  /** Where the next pushed element goes. */
  private inIndex = 0;
  /** Where the oldest element is. */
  private outIndex = 0;
  /** True while `iterate` runs: every other call is refused. */
  private iterating = false;

  /**
   * `ABQInit`: an empty queue that holds at most `capacity` elements.
   * Throws `PARAM` unless `capacity` is an integer in [1, {@link ABQ_CAPACITY_MAX}],
   * and `RESOURCE` if the slots cannot be allocated.
   */
  constructor(capacity: number, opts: ABQOpts = {}) {
    if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= ABQ_CAPACITY_MAX)) {
      paramError(`ABQ: capacity must be an integer in [1, ${ABQ_CAPACITY_MAX}], not ${capacity}`);
    }
    this.capacity = capacity;
    this.slots = capacity + 1;
    this.owner = opts.owner ?? "";
    this.pushMeter = new ABQMeter("push");
    this.popMeter = new ABQMeter("pop");
    this.peekMeter = new ABQMeter("peek");
    this.deleteMeter = new ABQMeter("delete");
    const queue: Array<T | undefined> = [];
    try {
      // Pushing keeps the array packed (no holes), so reads need no hole check.
      for (let i = 0; i < this.slots; i++) queue.push(undefined);
    } catch (e) {
      if (e instanceof RangeError) resourceError(`ABQ: cannot allocate ${this.slots} slots`);
      throw e;
    }
    this.queue = queue;
    this.sig = SIG_ABQ;
    if (COOL) this.check();
  }

  /**
   * `ABQPush`: add `element` at the tail and return true, or return false,
   * changing nothing, if the queue is full. Throws `PARAM` if `element` is
   * `undefined`.
   */
  push(element: T): boolean {
    if (CHECKING) {
      this.checkUse("push");
      if (element === undefined) paramError("ABQ.push: an ABQ cannot hold undefined");
    }
    if (COOL) this.checkFields();
    const inIndex = this.inIndex;
    const outIndex = this.outIndex;
    const slots = this.slots;
    if (COOL) this.pushMeter.accumulate(inIndex >= outIndex ? inIndex - outIndex : inIndex + slots - outIndex);
    else this.pushMeter.count++;
    const next = inIndex + 1 === slots ? 0 : inIndex + 1;
    if (next === outIndex) return false;
    this.queue[inIndex] = element;
    this.inIndex = next;
    return true;
  }

  /**
   * `ABQPop`: remove and return the element at the head (the oldest), or
   * return `undefined` if the queue is empty.
   */
  pop(): T | undefined {
    if (CHECKING) this.checkUse("pop");
    if (COOL) this.checkFields();
    const inIndex = this.inIndex;
    const outIndex = this.outIndex;
    if (COOL) this.popMeter.accumulate(inIndex >= outIndex ? inIndex - outIndex : inIndex + this.slots - outIndex);
    else this.popMeter.count++;
    if (outIndex === inIndex) return undefined;
    const queue = this.queue;
    const element = queue[outIndex];
    queue[outIndex] = undefined; // let the element be collected once the caller drops it
    this.outIndex = outIndex + 1 === this.slots ? 0 : outIndex + 1;
    return element;
  }

  /**
   * `ABQPeek`: return the element at the head without removing it, or
   * `undefined` if the queue is empty.
   */
  peek(): T | undefined {
    if (CHECKING) this.checkUse("peek");
    if (COOL) this.checkFields();
    const inIndex = this.inIndex;
    const outIndex = this.outIndex;
    if (COOL) this.peekMeter.accumulate(inIndex >= outIndex ? inIndex - outIndex : inIndex + this.slots - outIndex);
    else this.peekMeter.count++;
    return outIndex === inIndex ? undefined : this.queue[outIndex];
  }

  /**
   * Delete the first element (from the head) that is `===` to `element`,
   * keeping the others in order, and return true; return false, changing
   * nothing, if there is none. O(n). Throws `PARAM` if `element` is `undefined`.
   * The MPS deletes only through `ABQIterate`; this is that with a visitor
   * that deletes one element and stops.
   */
  delete(element: T): boolean {
    if (CHECKING) {
      this.checkUse("delete");
      if (element === undefined) paramError("ABQ.delete: an ABQ cannot hold undefined");
    }
    if (COOL) this.checkFields();
    const queue = this.queue;
    const slots = this.slots;
    const inIndex = this.inIndex;
    let i = this.outIndex;
    while (i !== inIndex && queue[i] !== element) i = i + 1 === slots ? 0 : i + 1;
    if (i === inIndex) return false;
    if (COOL) this.deleteMeter.accumulate(this.depth());
    else this.deleteMeter.count++;
    // Close the gap: move each later element one slot towards the head.
    for (let j = i + 1 === slots ? 0 : i + 1; j !== inIndex; j = j + 1 === slots ? 0 : j + 1) {
      queue[i] = queue[j];
      i = j;
    }
    queue[i] = undefined;
    this.inIndex = i;
    return true;
  }

  /**
   * `ABQIterate`: call `visitor(element, closure)` on each element from the
   * head (oldest) to the tail, deleting each element for which it returns
   * {@link ABQ_VISIT_DELETE} and stopping after one for which it returns
   * {@link ABQ_VISIT_STOP}. The elements kept stay in order. Returns false if
   * the visitor stopped the iteration, true otherwise.
   *
   * @remarks
   * The visitor must not call the queue: any call from inside it throws
   * `PARAM`. If the visitor throws, the deletions it asked for before then
   * stand, the element it was visiting is kept, and the error propagates.
   * With a module-level visitor and its data passed as `closure`, an
   * iteration allocates nothing.
   */
  iterate<C = undefined>(visitor: ABQVisitor<T, C>, closure?: C): boolean {
    if (CHECKING) {
      this.checkUse("iterate");
      if (typeof visitor !== "function") paramError("ABQ.iterate: the visitor is not a function");
    }
    if (COOL) this.checkFields();
    const queue = this.queue;
    const slots = this.slots;
    const inIndex = this.inIndex;
    let copy = this.outIndex; // where the next kept element goes
    let index = copy; // the element being visited
    let depth = this.depth();
    let completed = true;
    this.iterating = true;
    try {
      while (index !== inIndex) {
        const element = queue[index] as T;
        const flags = visitor(element, closure as C) as number;
        if (CHECKING && flags !== undefined && !(typeof flags === "number" && (flags & ~3) === 0)) {
          paramError(`ABQ.iterate: the visitor returned ${String(flags)}, not a combination of ABQ_VISIT_DELETE and ABQ_VISIT_STOP`);
        }
        if ((flags & ABQ_VISIT_DELETE) !== 0) {
          if (COOL) this.deleteMeter.accumulate(depth);
          else this.deleteMeter.count++;
          depth--;
        } else {
          if (copy !== index) queue[copy] = element;
          copy = copy + 1 === slots ? 0 : copy + 1;
        }
        index = index + 1 === slots ? 0 : index + 1;
        if ((flags & ABQ_VISIT_STOP) !== 0) {
          completed = false;
          break;
        }
      }
    } finally {
      // If anything was deleted, move the rest of the queue up behind the kept
      // elements and clear the slots that fall free.
      if (copy !== index) {
        while (index !== inIndex) {
          queue[copy] = queue[index];
          copy = copy + 1 === slots ? 0 : copy + 1;
          index = index + 1 === slots ? 0 : index + 1;
        }
        for (let i = copy; i !== inIndex; i = i + 1 === slots ? 0 : i + 1) queue[i] = undefined;
        this.inIndex = copy;
      }
      this.iterating = false;
    }
    return completed;
  }

  /** `ABQIsEmpty`: does the queue hold no elements? */
  isEmpty(): boolean {
    if (CHECKING) this.checkUse("isEmpty");
    return this.inIndex === this.outIndex;
  }

  /** `ABQIsFull`: does the queue hold `capacity` elements, so that `push` would fail? */
  isFull(): boolean {
    if (CHECKING) this.checkUse("isFull");
    const next = this.inIndex + 1;
    return (next === this.slots ? 0 : next) === this.outIndex;
  }

  /** `ABQDepth`: the number of elements in the queue. */
  count(): number {
    if (CHECKING) this.checkUse("count");
    return this.depth();
  }

  /** The elements from head (oldest) to tail, in a new array. For tests and debugging: it allocates. */
  toArray(): T[] {
    if (CHECKING) this.checkUse("toArray");
    const out: T[] = [];
    for (let i = this.outIndex; i !== this.inIndex; i = i + 1 === this.slots ? 0 : i + 1) out.push(this.queue[i] as T);
    return out;
  }

  /**
   * `ABQFinish`: drop the elements and the slots; any later use throws
   * `PARAM` (and fails the signature check). Throws `PARAM` if already finished.
   */
  finish(): void {
    this.checkUse("finish");
    this.queue = [];
    this.inIndex = 0;
    this.outIndex = 0;
    this.sig = SIG_INVALID;
  }

  /**
   * `ABQCheck`: check the fields in order; at `cool` also that exactly the
   * slots between head and tail hold elements. Returns true, or reports a
   * failure through the assertion handler.
   */
  check(): boolean {
    this.checkFields();
    if (COOL && !this.iterating) {
      for (let i = 0; i < this.slots; i++) {
        const held = this.inIndex >= this.outIndex ? i >= this.outIndex && i < this.inIndex : i >= this.outIndex || i < this.inIndex;
        if (held !== (this.queue[i] !== undefined)) {
          checkL(false, "ABQ: exactly the slots from out to in hold elements");
          break;
        }
      }
    }
    return true;
  }

  /**
   * `ABQDescribe`: the queue's capacity, indices, elements (head first, each
   * formatted by `describeElement`) and meters.
   */
  describe(stream: WriteStream, depth = 0, describeElement: ABQDescribeElement<T> = String): void {
    if (this.sig !== SIG_ABQ) {
      describeLine(stream, depth, `ABQ ${this.owner ? `of ${this.owner} ` : ""}(finished)`);
      return;
    }
    describeLine(stream, depth, `ABQ ${this.owner ? `of ${this.owner} ` : ""}{`);
    describeLine(stream, depth + 2, `capacity ${this.capacity}, count ${this.depth()}, in ${this.inIndex}, out ${this.outIndex}`);
    describeLine(stream, depth + 2, "queue:");
    for (let i = this.outIndex; i !== this.inIndex; i = i + 1 === this.slots ? 0 : i + 1) {
      describeLine(stream, depth + 4, describeElement(this.queue[i] as T));
    }
    this.pushMeter.describe(stream, depth + 2);
    this.popMeter.describe(stream, depth + 2);
    this.peekMeter.describe(stream, depth + 2);
    this.deleteMeter.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }

  /** The number of elements, unchecked. */
  private depth(): number {
    const d = this.inIndex - this.outIndex;
    return d >= 0 ? d : d + this.slots;
  }

  /** The O(1) part of {@link ABQ.check}: run before every operation at `cool`. */
  private checkFields(): void {
    checkS(this, SIG_ABQ, "ABQ");
    checkL(Number.isInteger(this.capacity) && this.capacity >= 1 && this.capacity <= ABQ_CAPACITY_MAX, "ABQ.capacity is an integer in [1, ABQ_CAPACITY_MAX]");
    checkL(typeof this.owner === "string", "ABQ.owner is a string");
    checkL(this.pushMeter instanceof ABQMeter && this.popMeter instanceof ABQMeter, "ABQ.pushMeter, popMeter are meters");
    checkL(this.peekMeter instanceof ABQMeter && this.deleteMeter instanceof ABQMeter, "ABQ.peekMeter, deleteMeter are meters");
    checkL(this.slots === this.capacity + 1, "ABQ.slots is capacity + 1");
    checkL(this.queue.length === this.slots, "ABQ.queue has a slot for each element and one spare");
    checkL(Number.isInteger(this.inIndex) && this.inIndex >= 0 && this.inIndex < this.slots, "ABQ.inIndex is a slot");
    checkL(Number.isInteger(this.outIndex) && this.outIndex >= 0 && this.outIndex < this.slots, "ABQ.outIndex is a slot");
    checkL(typeof this.iterating === "boolean", "ABQ.iterating is boolean");
  }

  /** The use checks of every public operation: live, and not called from a visitor. */
  private checkUse(what: string): void {
    if (this.sig !== SIG_ABQ) paramError(`ABQ.${what}: the queue is finished (bad signature)`);
    if (this.iterating) paramError(`ABQ.${what}: called from inside the queue's own visitor`);
  }
}
