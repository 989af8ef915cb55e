/**
 * Client messages (design.mps.message, design.mps.message-gc): the arena's
 * queue of messages, enabling per type, and the collection start and end
 * messages that are allocated before each trace so that posting never fails.
 * See docs/design/arena-services.md `.message`.
 * .critical: none (messages are posted at most a few times per collection).
 */

import {
  type Addr, type Inst, type Size, type TraceId, type WriteStream,
  CHECKING, SIG_INVALID, TRACE_LIMIT, aver, checkL, checkS, checkU, defineSig, describeLine, paramError, unimpl,
} from "@mps/mpm";

/**
 * The signature of a live {@link Message} (the MPS's `MessageSig`).
 * @public
 */
export const SIG_MESSAGE = defineSig("Message", 0x5193e559);

/**
 * The signature of a live {@link MessageQueue}.
 * @public
 */
export const SIG_MESSAGE_QUEUE = defineSig("MessageQueue", 0x5193e55e);

/**
 * The message types (`mps_message_type_*`), in the MPS's order.
 * @public
 */
export const MessageType = Object.freeze({
  /** An object registered for finalization was found unreachable (`mps_message_type_finalization`). */
  FINALIZATION: 0,
  /** A collection finished (`mps_message_type_gc`, "trace end"). */
  GC: 1,
  /** A collection started (`mps_message_type_gc_start`). */
  GC_START: 2,
} as const);

/**
 * One of the {@link (MessageType:variable)} values.
 * @public
 */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * The number of message types (`MessageTypeLIMIT`).
 * @public
 */
export const MESSAGE_TYPE_LIMIT = 3;

/**
 * Is `t` a message type?
 * @public
 */
export function isMessageType(t: unknown): t is MessageType {
  return t === 0 || t === 1 || t === 2;
}

/**
 * The name of a message type (`"FINALIZATION"`, `"GC"`, `"GC_START"`).
 * @public
 */
export function messageTypeName(t: MessageType): string {
  return (["FINALIZATION", "GC", "GC_START"] as const)[t];
}

/**
 * Why a collection started (the MPS's `TraceStartWhy`): the collector passes
 * one of these when it posts a `MessageType.GC_START` message.
 * @public
 */
export const TraceStartWhy = Object.freeze({
  /** The nursery generation of a chain went over its capacity. */
  CHAIN_GEN0CAP: 0,
  /** A full collection must start now to finish before memory runs out. */
  DYNAMICCRITERION: 1,
  /** The client said it has idle time, so a full collection starts. */
  OPPORTUNISM: 2,
  /** The client asked for an incremental full collection. */
  CLIENTFULL_INCREMENTAL: 3,
  /** The client asked for a full collection to run to completion now. */
  CLIENTFULL_BLOCK: 4,
  /** The collector is walking every live object. */
  WALK: 5,
  /** An extension of the MPS started the collection. */
  EXTENSION: 6,
} as const);

/**
 * One of the {@link (TraceStartWhy:variable)} values.
 * @public
 */
export type TraceStartWhy = (typeof TraceStartWhy)[keyof typeof TraceStartWhy];

/**
 * The number of start reasons (`TraceStartWhyLIMIT`).
 * @public
 */
export const TRACE_START_WHY_LIMIT = 7;

const WHY_TEXT: readonly string[] = [
  "The nursery generation of a chain has exceeded its capacity: starting a minor collection.",
  "A full collection must start now, or there will not be enough memory left to finish it.",
  "The client expects idle time, so a full collection is starting opportunistically.",
  "The client asked for a full collection, to be done incrementally.",
  "The client asked for a full collection, to be done at once.",
  "Walking every live object.",
  "An extension of the MPS started this collection.",
];

/**
 * The English description of why a collection started, as
 * `m.gcStartWhy` reports it (`TraceStartWhyToString`).
 * @public
 */
export function traceStartWhyToString(why: TraceStartWhy): string {
  const s = WHY_TEXT[why];
  if (s === undefined) paramError(`traceStartWhyToString: not a TraceStartWhy: ${String(why)}`);
  return s;
}

/**
 * What the message queue needs from its arena: the plinth's clock, to
 * stamp collection messages when they are posted.
 * @public
 */
export interface MessageArena {
  /** The current time in the plinth's clock units (`mps_clock`). */
  clock(): number;
}

/** Where a message is in its life cycle (design.mps.message .life). */
const MessageState = {
  /** Made (or preallocated) and not yet posted. */
  UNPOSTED: 0,
  /** On the arena's queue. */
  QUEUED: 1,
  /** Taken from the queue by the client, not yet discarded. */
  GOT: 2,
} as const;

/**
 * A message from the MPS to the client (`mps_message_t`).
 *
 * @remarks
 * Every message has a {@link Message."type"} and a {@link Message.clock}
 * (the plinth's clock when a collection message was posted; 0 for
 * finalization messages, which may be numerous). The fields of one type
 * (`gcLiveSize`, `gcCondemnedSize`, `gcNotCondemnedSize` for `GC`,
 * `gcStartWhy` for `GC_START`, `finalizationRef()` for `FINALIZATION`)
 * throw `PARAM` when read on a message of another type, and every field
 * throws `PARAM` once the message has been discarded.
 *
 * Message classes extend this one (the MPS's message classes): they
 * override the protected `*Method` hooks of the fields of their type, and
 * `deleteMethod` to release what they hold when the message is discarded.
 * A hook a class does not override throws `UNIMPL`; the public accessors
 * check the type first, so it is reached only by a class that declares a
 * type and forgets its field.
 * @public
 */
export class Message implements Inst {
  /** The signature: {@link SIG_MESSAGE} until the message is discarded. */
  sig: number;
  /** The message's type. */
  readonly type: MessageType;
  /** The queue (and so the arena) the message belongs to. */
  readonly queue: MessageQueue;
  /** @internal The plinth's clock when posted, for clocked types; else 0. */
  postedClock: number;
  /** @internal Where the message is in its life cycle. */
  state: number;

  /**
   * Make a message of `type` for `queue` (`MessageInit`). Called by the
   * module that will post it, at a time when it may still fail
   * (design.mps.message .sol.reliable).
   */
  constructor(queue: MessageQueue, type: MessageType) {
    if (CHECKING) {
      if (!(queue instanceof MessageQueue) || queue.sig !== SIG_MESSAGE_QUEUE) paramError("Message: queue must be a live MessageQueue");
      if (!isMessageType(type)) paramError(`Message: not a message type: ${String(type)}`);
    }
    this.queue = queue;
    this.type = type;
    this.postedClock = 0;
    this.state = MessageState.UNPOSTED;
    this.sig = SIG_MESSAGE;
  }

  /**
   * Does the message record the clock when it is posted? All types but
   * finalization do (message.c's `MessageIsClocked`).
   */
  get isClocked(): boolean {
    return this.type !== MessageType.FINALIZATION;
  }

  /** The plinth's clock when the message was posted; 0 for finalization messages (`mps_message_clock`). */
  get clock(): number {
    this.assertGot("clock");
    return this.postedClock;
  }

  /** GC messages: the size of the condemned objects that survived (`mps_message_gc_live_size`). */
  get gcLiveSize(): Size {
    this.assertType(MessageType.GC, "gcLiveSize");
    return this.gcLiveSizeMethod();
  }

  /** GC messages: the size of the condemned set (`mps_message_gc_condemned_size`). */
  get gcCondemnedSize(): Size {
    this.assertType(MessageType.GC, "gcCondemnedSize");
    return this.gcCondemnedSizeMethod();
  }

  /** GC messages: the size of what was collectable but not condemned (`mps_message_gc_not_condemned_size`). */
  get gcNotCondemnedSize(): Size {
    this.assertType(MessageType.GC, "gcNotCondemnedSize");
    return this.gcNotCondemnedSizeMethod();
  }

  /** GC_START messages: why the collection started, in English (`mps_message_gc_start_why`). */
  get gcStartWhy(): string {
    this.assertType(MessageType.GC_START, "gcStartWhy");
    return this.gcStartWhyMethod();
  }

  /**
   * FINALIZATION messages: the reference to the finalizable object
   * (`mps_message_finalization_ref`). It is a method because the collector
   * keeps the reference up to date until the message is discarded: store
   * it only in scanned memory.
   */
  finalizationRef(): Addr {
    this.assertType(MessageType.FINALIZATION, "finalizationRef");
    return this.finalizationRefMethod();
  }

  /** @internal The hook behind {@link Message.gcLiveSize}. */
  protected gcLiveSizeMethod(): Size {
    return unimpl(`${this.constructor.name}.gcLiveSize`);
  }

  /** @internal The hook behind {@link Message.gcCondemnedSize}. */
  protected gcCondemnedSizeMethod(): Size {
    return unimpl(`${this.constructor.name}.gcCondemnedSize`);
  }

  /** @internal The hook behind {@link Message.gcNotCondemnedSize}. */
  protected gcNotCondemnedSizeMethod(): Size {
    return unimpl(`${this.constructor.name}.gcNotCondemnedSize`);
  }

  /** @internal The hook behind {@link Message.gcStartWhy}. */
  protected gcStartWhyMethod(): string {
    return unimpl(`${this.constructor.name}.gcStartWhy`);
  }

  /** @internal The hook behind {@link Message.finalizationRef}. */
  protected finalizationRefMethod(): Addr {
    return unimpl(`${this.constructor.name}.finalizationRef`);
  }

  /**
   * @internal Called once when the message is deleted: discarded by the
   * client, posted while its type is disabled, flushed by disabling its
   * type, or dropped when the queue is finished. The base does nothing
   * (deliberately): classes that hold something (a finalization guardian)
   * override it.
   */
  protected deleteMethod(): void {
    // Nothing to release for a plain message.
  }

  /** @internal Delete the message: run its class's hook, then invalidate it (`MessageDelete`). */
  delete(): void {
    aver(this.sig === SIG_MESSAGE, "Message.delete: message is live");
    aver(this.state !== MessageState.QUEUED, "Message.delete: message is not on the queue");
    this.deleteMethod();
    this.state = MessageState.UNPOSTED;
    this.sig = SIG_INVALID;
  }

  /** Check the message (`MessageCheck`). */
  check(): boolean {
    checkS(this, SIG_MESSAGE, "Message");
    checkL(isMessageType(this.type), "Message: type");
    checkU(this.queue, SIG_MESSAGE_QUEUE, "Message: queue");
    checkL(this.isClocked || this.postedClock === 0, "Message: unclocked types have clock 0");
    checkL(this.state === MessageState.UNPOSTED || this.state === MessageState.QUEUED || this.state === MessageState.GOT, "Message: state");
    return true;
  }

  /** Describe the message: type, clock and state. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_MESSAGE) {
      describeLine(stream, depth, "Message (discarded)");
      return;
    }
    const state = ["unposted", "queued", "got"][this.state] ?? "?";
    describeLine(stream, depth, `Message ${this.constructor.name} { type ${messageTypeName(this.type)} clock ${this.postedClock} ${state} }`);
  }

  private assertGot(field: string): void {
    if (!CHECKING) return;
    if (this.sig !== SIG_MESSAGE) paramError(`Message.${field}: the message has been discarded`);
    if (this.queue.sig !== SIG_MESSAGE_QUEUE) paramError(`Message.${field}: the message's arena was destroyed`);
  }

  private assertType(type: MessageType, field: string): void {
    this.assertGot(field);
    if (CHECKING && this.type !== type) {
      paramError(`Message.${field}: the message is of type ${messageTypeName(this.type)}, not ${messageTypeName(type)}`);
    }
  }
}

/**
 * The message posted when a collection starts (`TraceStartMessage`); made
 * ahead of time by {@link MessageQueue.prepareTraceMessages}.
 * @public
 */
export class GCStartMessage extends Message {
  /** Why the collection started; filled in when posted. */
  why: TraceStartWhy;

  /** A GC_START message for `queue`, not yet filled in. */
  constructor(queue: MessageQueue) {
    super(queue, MessageType.GC_START);
    this.why = TraceStartWhy.CHAIN_GEN0CAP;
  }

  /** @internal The sentence for {@link GCStartMessage.why}. */
  protected override gcStartWhyMethod(): string {
    return traceStartWhyToString(this.why);
  }
}

/**
 * The message posted when a collection ends (`TraceMessage`); made ahead of
 * time by {@link MessageQueue.prepareTraceMessages}.
 * @public
 */
export class GCMessage extends Message {
  /** The size of the condemned objects that survived. */
  liveSize: Size;
  /** The size of the condemned set. */
  condemnedSize: Size;
  /** The size of what was collectable but not condemned. */
  notCondemnedSize: Size;

  /** A GC message for `queue`, not yet filled in. */
  constructor(queue: MessageQueue) {
    super(queue, MessageType.GC);
    this.liveSize = 0;
    this.condemnedSize = 0;
    this.notCondemnedSize = 0;
  }

  /** @internal Returns {@link GCMessage.liveSize}. */
  protected override gcLiveSizeMethod(): Size {
    return this.liveSize;
  }

  /** @internal Returns {@link GCMessage.condemnedSize}. */
  protected override gcCondemnedSizeMethod(): Size {
    return this.condemnedSize;
  }

  /** @internal Returns {@link GCMessage.notCondemnedSize}. */
  protected override gcNotCondemnedSizeMethod(): Size {
    return this.notCondemnedSize;
  }
}

/**
 * The arena's message queue (design.mps.message): the ring of pending
 * messages, the set of enabled types, and the collection messages
 * prepared for each trace id (design.mps.message-gc).
 *
 * @remarks
 * All types start disabled. A message posted while its type is disabled is
 * deleted at once and never queued; disabling a type deletes the messages
 * of that type on the queue. `get(type)` takes the oldest message of that
 * type even when another type is at the head.
 *
 * The Arena owns one queue, made with the arena (which then calls
 * {@link MessageQueue.prepareTraceMessages} for each trace id) and
 * finished when it is destroyed.
 * @public
 */
export class MessageQueue implements Inst {
  /** The signature: {@link SIG_MESSAGE_QUEUE} while live. */
  sig: number;
  /** The arena's clock. */
  readonly arena: MessageArena;
  /** Collection messages that could not be posted because none was prepared (`droppedMessages`). */
  droppedMessages: number;
  private readonly pending: Message[];
  private readonly enabled: boolean[];
  private readonly startMessages: (GCStartMessage | undefined)[];
  private readonly endMessages: (GCMessage | undefined)[];

  /**
   * An empty queue with every type disabled, and a pair of collection
   * messages prepared for each trace id.
   */
  constructor(arena: MessageArena) {
    if (CHECKING && (arena == null || typeof arena.clock !== "function")) paramError("MessageQueue: arena must have a clock() method");
    this.arena = arena;
    this.droppedMessages = 0;
    this.pending = [];
    this.enabled = [false, false, false];
    this.startMessages = [];
    this.endMessages = [];
    for (let ti = 0; ti < TRACE_LIMIT; ti++) {
      this.startMessages.push(undefined);
      this.endMessages.push(undefined);
    }
    this.sig = SIG_MESSAGE_QUEUE;
    for (let ti = 0; ti < TRACE_LIMIT; ti++) this.prepareTraceMessages(ti);
  }

  /** Let messages of `type` be posted (`mps_message_type_enable`). Enabling twice is allowed. */
  enable(type: MessageType): void {
    this.assertLive("enable");
    this.checkType(type, "enable");
    this.enabled[type] = true;
  }

  /**
   * Stop messages of `type` being posted and delete those on the queue
   * (`mps_message_type_disable`). Disabling a disabled type does nothing.
   */
  disable(type: MessageType): void {
    this.assertLive("disable");
    this.checkType(type, "disable");
    for (let m = this.take(type); m !== undefined; m = this.take(type)) m.delete();
    this.enabled[type] = false;
  }

  /** Is `type` enabled? */
  isEnabled(type: MessageType): boolean {
    this.assertLive("isEnabled");
    this.checkType(type, "isEnabled");
    return this.enabled[type]!;
  }

  /**
   * Post `message` (`MessagePost`): queue it, stamped with the clock if its
   * type is clocked, if its type is enabled; otherwise delete it at once.
   * The message must belong to this queue and not have been posted.
   */
  post(message: Message): void {
    this.assertLive("post");
    aver(message instanceof Message && message.sig === SIG_MESSAGE, "MessageQueue.post: message is live");
    aver(message.queue === this, "MessageQueue.post: message belongs to this queue");
    aver(message.state === MessageState.UNPOSTED, "MessageQueue.post: message not already posted");
    if (this.enabled[message.type]) {
      if (message.isClocked) message.postedClock = this.arena.clock();
      message.state = MessageState.QUEUED;
      this.pending.push(message);
    } else {
      message.delete();
    }
  }

  /** Is any message on the queue (`mps_message_poll`)? */
  poll(): boolean {
    this.assertLive("poll");
    return this.pending.length > 0;
  }

  /** The type of the message at the head of the queue, or undefined if it is empty (`mps_message_queue_type`). */
  queueType(): MessageType | undefined {
    this.assertLive("queueType");
    return this.pending[0]?.type;
  }

  /**
   * Take the oldest message of `type` off the queue and return it, or
   * return undefined if there is none (`mps_message_get`). A type that is
   * not enabled simply has none. The client must {@link MessageQueue.discard}
   * the message when done with it.
   */
  get(type: MessageType): Message | undefined {
    this.assertLive("get");
    this.checkType(type, "get");
    const m = this.take(type);
    if (m !== undefined) m.state = MessageState.GOT;
    return m;
  }

  /**
   * The client is done with `message` (`mps_message_discard`): it is
   * deleted and every later use throws `PARAM`. Throws `PARAM` if the
   * message was already discarded, belongs to another arena, or was not
   * got from the queue.
   */
  discard(message: Message): void {
    this.assertLive("discard");
    if (CHECKING) {
      if (!(message instanceof Message)) paramError("MessageQueue.discard: not a message");
      if (message.sig !== SIG_MESSAGE) paramError("MessageQueue.discard: the message was already discarded");
      if (message.queue !== this) paramError("MessageQueue.discard: the message belongs to another arena");
      if (message.state !== MessageState.GOT) paramError("MessageQueue.discard: the message was not got from the queue");
    }
    message.delete();
  }

  /** Delete every message on the queue (`MessageEmpty`). */
  empty(): void {
    this.assertLive("empty");
    for (let m = this.pending.shift(); m !== undefined; m = this.pending.shift()) {
      m.state = MessageState.UNPOSTED;
      m.delete();
    }
  }

  /** The number of messages on the queue. */
  count(): number {
    return this.pending.length;
  }

  /**
   * Prepare the start and end messages for the next trace with id `ti`
   * (`TraceIdMessagesCreate`): called when the arena is made and when each
   * trace finishes, so that posting them later needs no allocation. Both
   * must have been posted (or never made) before.
   */
  prepareTraceMessages(ti: TraceId): void {
    this.assertLive("prepareTraceMessages");
    this.checkTraceId(ti);
    aver(this.startMessages[ti] === undefined && this.endMessages[ti] === undefined, "MessageQueue.prepareTraceMessages: none prepared already");
    this.startMessages[ti] = new GCStartMessage(this);
    this.endMessages[ti] = new GCMessage(this);
  }

  /** Are the start and end messages of trace id `ti` prepared? */
  hasTraceMessages(ti: TraceId): boolean {
    this.checkTraceId(ti);
    return this.startMessages[ti] !== undefined && this.endMessages[ti] !== undefined;
  }

  /**
   * Fill in and post the prepared start message of trace `ti`
   * (`TracePostStartMessage`). If none is prepared, count it in
   * `droppedMessages` instead.
   */
  postTraceStart(ti: TraceId, why: TraceStartWhy): void {
    this.assertLive("postTraceStart");
    this.checkTraceId(ti);
    aver(WHY_TEXT[why] !== undefined, "MessageQueue.postTraceStart: why is a TraceStartWhy");
    const m = this.startMessages[ti];
    if (m === undefined) {
      this.droppedMessages += 1;
      return;
    }
    m.why = why;
    this.startMessages[ti] = undefined;
    this.post(m);
  }

  /**
   * Fill in and post the prepared end message of trace `ti`
   * (`TracePostMessage`): the live size (forwarded plus preserved in place),
   * the condemned size and the size not condemned. If none is prepared,
   * count it in `droppedMessages` instead.
   */
  postTraceEnd(ti: TraceId, liveSize: Size, condemnedSize: Size, notCondemnedSize: Size): void {
    this.assertLive("postTraceEnd");
    this.checkTraceId(ti);
    const m = this.endMessages[ti];
    if (m === undefined) {
      this.droppedMessages += 1;
      return;
    }
    m.liveSize = liveSize;
    m.condemnedSize = condemnedSize;
    m.notCondemnedSize = notCondemnedSize;
    this.endMessages[ti] = undefined;
    this.post(m);
  }

  /**
   * Finish the queue, as the arena does when destroyed: delete the prepared
   * collection messages (`TraceIdMessagesDestroy`) and every queued one
   * (`MessageEmpty`). Messages the client got and never discarded are not
   * deleted (as in the MPS, their class's delete hook does not run), but
   * every later use of them throws `PARAM`.
   */
  finish(): void {
    this.assertLive("finish");
    for (let ti = 0; ti < TRACE_LIMIT; ti++) {
      const s = this.startMessages[ti];
      if (s !== undefined) s.delete();
      const e = this.endMessages[ti];
      if (e !== undefined) e.delete();
      this.startMessages[ti] = undefined;
      this.endMessages[ti] = undefined;
    }
    this.empty();
    this.sig = SIG_INVALID;
  }

  /** Check the queue: every queued message is live, queued and of an enabled type; the prepared messages are live and unposted. */
  check(): boolean {
    checkS(this, SIG_MESSAGE_QUEUE, "MessageQueue");
    checkL(this.enabled.length === MESSAGE_TYPE_LIMIT, "MessageQueue: enabled");
    checkL(Number.isSafeInteger(this.droppedMessages) && this.droppedMessages >= 0, "MessageQueue: droppedMessages");
    for (const m of this.pending) {
      checkL(m.sig === SIG_MESSAGE && m.queue === this && m.state === MessageState.QUEUED, "MessageQueue: queued message is live and queued");
      checkL(this.enabled[m.type] === true, "MessageQueue: queued message's type is enabled");
    }
    for (let ti = 0; ti < TRACE_LIMIT; ti++) {
      const s = this.startMessages[ti];
      const e = this.endMessages[ti];
      // Prepared all or nothing: a start message without an end one is wrong.
      checkL(s === undefined || e !== undefined, "MessageQueue: start message prepared only with an end message");
      checkL(s === undefined || (s.sig === SIG_MESSAGE && s.state === MessageState.UNPOSTED), "MessageQueue: prepared start message");
      checkL(e === undefined || (e.sig === SIG_MESSAGE && e.state === MessageState.UNPOSTED), "MessageQueue: prepared end message");
    }
    return true;
  }

  /** Describe the queue: enabled types, prepared messages and the queued messages, head first. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_MESSAGE_QUEUE) {
      describeLine(stream, depth, "MessageQueue (finished)");
      return;
    }
    const on = [0, 1, 2].filter((t) => this.enabled[t]).map((t) => messageTypeName(t as MessageType));
    describeLine(stream, depth, "MessageQueue {");
    describeLine(stream, depth + 2, `enabled ${on.length > 0 ? on.join(" ") : "none"}`);
    describeLine(stream, depth + 2, `droppedMessages ${this.droppedMessages}`);
    for (let ti = 0; ti < TRACE_LIMIT; ti++) {
      describeLine(stream, depth + 2, `trace ${ti} messages ${this.hasTraceMessages(ti) ? "prepared" : "not prepared"}`);
    }
    for (const m of this.pending) m.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }

  /** Remove and return the oldest queued message of `type`, leaving its state to the caller. */
  private take(type: MessageType): Message | undefined {
    const q = this.pending;
    for (let i = 0; i < q.length; i++) {
      const m = q[i]!;
      if (m.type === type) {
        q.splice(i, 1);
        m.state = MessageState.UNPOSTED;
        return m;
      }
    }
    return undefined;
  }

  private assertLive(where: string): void {
    if (CHECKING && this.sig !== SIG_MESSAGE_QUEUE) paramError(`MessageQueue.${where}: the queue is finished (its arena was destroyed)`);
  }

  private checkType(type: unknown, where: string): void {
    if (CHECKING && !isMessageType(type)) paramError(`MessageQueue.${where}: not a message type: ${String(type)}`);
  }

  private checkTraceId(ti: TraceId): void {
    aver(Number.isInteger(ti) && ti >= 0 && ti < TRACE_LIMIT, () => `MessageQueue: not a trace id: ${String(ti)}`);
  }
}
