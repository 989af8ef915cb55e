import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, MpsAssertionError, SIG_INVALID, TRACE_LIMIT, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import {
  GCMessage, GCStartMessage, MESSAGE_TYPE_LIMIT, Message, MessageQueue, MessageType, SIG_MESSAGE, SIG_MESSAGE_QUEUE,
  TRACE_START_WHY_LIMIT, TraceStartWhy, isMessageType, messageTypeName, traceStartWhyToString,
} from "../src/message.js";

/** A fake arena whose clock ticks by 10 at each reading. */
function fakeArena(): { clock(): number; now: number } {
  return {
    now: 100,
    clock() {
      this.now += 10;
      return this.now;
    },
  };
}

/** A finalization message class, as the finalization pool will write one. */
class FinalMessage extends Message {
  deleted = 0;
  constructor(queue: MessageQueue, readonly ref: number) {
    super(queue, MessageType.FINALIZATION);
  }
  protected override finalizationRefMethod(): number {
    return this.ref;
  }
  protected override deleteMethod(): void {
    this.deleted += 1;
  }
}

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

describe("message types", () => {
  it(".def.message.type: three types in the MPS's order, with names", () => {
    expect(MessageType).toEqual({ FINALIZATION: 0, GC: 1, GC_START: 2 });
    expect(MESSAGE_TYPE_LIMIT).toBe(3);
    expect([0, 1, 2].map((t) => messageTypeName(t as MessageType))).toEqual(["FINALIZATION", "GC", "GC_START"]);
    for (const t of [0, 1, 2]) expect(isMessageType(t)).toBe(true);
    for (const t of [-1, 3, 1.5, "1", null, undefined]) expect(isMessageType(t)).toBe(false);
  });

  it(".def.message.why: every start reason has an English description", () => {
    const texts = new Set<string>();
    for (let w = 0; w < TRACE_START_WHY_LIMIT; w++) {
      const s = traceStartWhyToString(w as TraceStartWhy);
      expect(s.length).toBeGreaterThan(10);
      texts.add(s);
    }
    expect(texts.size).toBe(TRACE_START_WHY_LIMIT);
    expect(Object.keys(TraceStartWhy)).toHaveLength(TRACE_START_WHY_LIMIT);
    expect(codeOf(() => traceStartWhyToString(7 as TraceStartWhy))).toBe("PARAM");
  });
});

describe("MessageQueue", () => {
  it(".req.message.enable: a new queue is empty with every type disabled, and checks", () => {
    const q = new MessageQueue(fakeArena());
    expect(q.sig).toBe(SIG_MESSAGE_QUEUE);
    expect(q.poll()).toBe(false);
    expect(q.queueType()).toBeUndefined();
    expect(q.count()).toBe(0);
    for (const t of [0, 1, 2] as MessageType[]) {
      expect(q.isEnabled(t)).toBe(false);
      expect(q.get(t)).toBeUndefined();
    }
    expect(q.check()).toBe(true);
  });

  it(".req.message.enable: a message of a disabled type is deleted when posted, never queued", () => {
    const q = new MessageQueue(fakeArena());
    const m = new FinalMessage(q, 0x1000);
    q.post(m);
    expect(q.poll()).toBe(false);
    expect(m.deleted).toBe(1);
    expect(m.sig).toBe(SIG_INVALID);
    q.enable(MessageType.GC);
    const m2 = new FinalMessage(q, 0x1000);
    q.post(m2);
    expect(q.poll()).toBe(false);
    expect(m2.deleted).toBe(1);
  });

  it(".req.message.enable: enabling and disabling twice is allowed", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.GC);
    q.enable(MessageType.GC);
    expect(q.isEnabled(MessageType.GC)).toBe(true);
    q.disable(MessageType.GC);
    q.disable(MessageType.GC);
    expect(q.isEnabled(MessageType.GC)).toBe(false);
  });

  it(".req.message.get-by-type: get takes the oldest message of the type, wherever it is", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.FINALIZATION);
    q.enable(MessageType.GC);
    const a = new FinalMessage(q, 8);
    const b = new FinalMessage(q, 16);
    q.post(a);
    q.postTraceEnd(0, 1, 2, 3);
    q.post(b);
    expect(q.count()).toBe(3);
    expect(q.queueType()).toBe(MessageType.FINALIZATION);
    const gc = q.get(MessageType.GC)!;
    expect(gc.type).toBe(MessageType.GC);
    expect(q.get(MessageType.GC)).toBeUndefined();
    expect(q.get(MessageType.FINALIZATION)).toBe(a);
    expect(q.get(MessageType.FINALIZATION)).toBe(b);
    expect(q.poll()).toBe(false);
    q.discard(gc);
    q.discard(a);
    q.discard(b);
    expect(a.deleted + b.deleted).toBe(2);
  });

  it(".req.message.disable: disabling a type deletes its queued messages and leaves the others", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.FINALIZATION);
    q.enable(MessageType.GC);
    const fs = [new FinalMessage(q, 8), new FinalMessage(q, 16)];
    q.post(fs[0]!);
    q.postTraceStart(0, TraceStartWhy.WALK);
    q.postTraceEnd(0, 1, 2, 3);
    q.post(fs[1]!);
    q.disable(MessageType.FINALIZATION);
    expect(fs.map((m) => m.deleted)).toEqual([1, 1]);
    expect(q.count()).toBe(1);
    expect(q.queueType()).toBe(MessageType.GC);
    expect(q.check()).toBe(true);
  });

  it(".req.message.fields: a GC message carries the sizes the collector posted, and a clock", () => {
    const arena = fakeArena();
    const q = new MessageQueue(arena);
    q.enable(MessageType.GC);
    q.postTraceEnd(0, 1000, 4096, 512);
    const m = q.get(MessageType.GC)!;
    expect(m).toBeInstanceOf(GCMessage);
    expect(m.gcLiveSize).toBe(1000);
    expect(m.gcCondemnedSize).toBe(4096);
    expect(m.gcNotCondemnedSize).toBe(512);
    expect(m.clock).toBe(110);
    expect(m.check()).toBe(true);
    q.discard(m);
  });

  it(".req.message.fields: a GC_START message says why the collection started", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.GC_START);
    q.postTraceStart(0, TraceStartWhy.CLIENTFULL_BLOCK);
    const m = q.get(MessageType.GC_START)!;
    expect(m).toBeInstanceOf(GCStartMessage);
    expect(m.gcStartWhy).toBe(traceStartWhyToString(TraceStartWhy.CLIENTFULL_BLOCK));
    expect(m.clock).toBe(110);
    q.discard(m);
  });

  it(".req.message.clock: collection messages are stamped when posted, finalization messages are not", () => {
    const arena = fakeArena();
    const q = new MessageQueue(arena);
    q.enable(MessageType.FINALIZATION);
    q.enable(MessageType.GC_START);
    q.enable(MessageType.GC);
    q.post(new FinalMessage(q, 8));
    q.postTraceStart(0, TraceStartWhy.CHAIN_GEN0CAP);
    q.postTraceEnd(0, 0, 0, 0);
    const f = q.get(MessageType.FINALIZATION)!;
    const s = q.get(MessageType.GC_START)!;
    const e = q.get(MessageType.GC)!;
    expect(f.clock).toBe(0);
    expect(f.finalizationRef()).toBe(8);
    expect(s.clock).toBe(110);
    expect(e.clock).toBe(120);
    expect(e.clock - s.clock).toBe(10);
  });

  it(".req.message.reliable: each trace id has its start and end messages prepared from the start", () => {
    const q = new MessageQueue(fakeArena());
    for (let ti = 0; ti < TRACE_LIMIT; ti++) expect(q.hasTraceMessages(ti)).toBe(true);
    q.enable(MessageType.GC);
    q.enable(MessageType.GC_START);
    q.postTraceStart(0, TraceStartWhy.WALK);
    expect(q.hasTraceMessages(0)).toBe(false);
    q.postTraceEnd(0, 1, 2, 3);
    // Not prepared again: the next trace's messages are dropped and counted.
    q.postTraceStart(0, TraceStartWhy.WALK);
    q.postTraceEnd(0, 1, 2, 3);
    expect(q.droppedMessages).toBe(2);
    expect(q.count()).toBe(2);
    q.prepareTraceMessages(0);
    expect(q.hasTraceMessages(0)).toBe(true);
    q.postTraceStart(0, TraceStartWhy.OPPORTUNISM);
    q.postTraceEnd(0, 4, 5, 6);
    expect(q.count()).toBe(4);
    expect(q.check()).toBe(true);
  });

  it(".req.message.reliable: the queue keeps collection messages the client has not taken (design.mps.message-gc .req.queue)", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.GC);
    for (let i = 0; i < 50; i++) {
      q.postTraceStart(0, TraceStartWhy.CHAIN_GEN0CAP);
      q.postTraceEnd(0, i, i * 2, 0);
      q.prepareTraceMessages(0);
    }
    expect(q.count()).toBe(50);
    for (let i = 0; i < 50; i++) {
      const m = q.get(MessageType.GC)!;
      expect(m.gcLiveSize).toBe(i);
      q.discard(m);
    }
  });

  it(".req.message.reliable: a prepared message posted while its type is disabled is deleted", () => {
    const q = new MessageQueue(fakeArena());
    q.postTraceStart(0, TraceStartWhy.WALK);
    q.postTraceEnd(0, 1, 2, 3);
    expect(q.poll()).toBe(false);
    expect(q.droppedMessages).toBe(0);
    q.prepareTraceMessages(0);
  });

  it(".req.message.match: posting the end message before the start one fails the check", () => {
    const q = new MessageQueue(fakeArena());
    q.postTraceEnd(0, 1, 2, 3);
    expect(() => q.check()).toThrow(MpsAssertionError);
  });

  it.skipIf(!CHECKING)(".req.message.match: preparing twice without posting is an assertion", () => {
    const q = new MessageQueue(fakeArena());
    expect(() => q.prepareTraceMessages(0)).toThrow(MpsAssertionError);
    expect(() => q.prepareTraceMessages(TRACE_LIMIT)).toThrow(MpsAssertionError);
  });

  it(".message.finish: finishing deletes queued and prepared messages; got ones become unusable", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.FINALIZATION);
    const queued = new FinalMessage(q, 8);
    const got = new FinalMessage(q, 16);
    q.post(got);
    q.post(queued);
    expect(q.get(MessageType.FINALIZATION)).toBe(got);
    q.finish();
    expect(q.sig).toBe(SIG_INVALID);
    expect(queued.deleted).toBe(1);
    expect(queued.sig).toBe(SIG_INVALID);
    expect(got.deleted).toBe(0);
    if (CHECKING) {
      expectParam(() => got.finalizationRef(), /arena was destroyed/);
      expectParam(() => q.poll(), /finished/);
      expectParam(() => q.finish());
      expectParam(() => new FinalMessage(q, 8));
    }
  });

  it(".message.describe: describe names the enabled types and the queued messages", () => {
    const q = new MessageQueue(fakeArena());
    expect(describeToString(q)).toMatch(/enabled none/);
    q.enable(MessageType.GC);
    q.postTraceEnd(0, 1, 2, 3);
    const text = describeToString(q);
    expect(text).toMatch(/enabled GC/);
    expect(text).toMatch(/GCMessage \{ type GC clock 110 queued \}/);
    const m = q.get(MessageType.GC)!;
    q.discard(m);
    expect(describeToString(m)).toMatch(/discarded/);
    q.finish();
    expect(describeToString(q)).toMatch(/finished/);
  });

  it(".message.class: a message class that declares a type but not its field reaches UNIMPL", () => {
    class Lazy extends Message {}
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.GC);
    q.post(new Lazy(q, MessageType.GC));
    const m = q.get(MessageType.GC)!;
    expect(codeOf(() => m.gcLiveSize)).toBe("UNIMPL");
    expect(codeOf(() => m.gcCondemnedSize)).toBe("UNIMPL");
    expect(codeOf(() => m.gcNotCondemnedSize)).toBe("UNIMPL");
    q.discard(m);
    q.enable(MessageType.GC_START);
    q.enable(MessageType.FINALIZATION);
    q.post(new Lazy(q, MessageType.GC_START));
    q.post(new Lazy(q, MessageType.FINALIZATION));
    expect(codeOf(() => q.get(MessageType.GC_START)!.gcStartWhy)).toBe("UNIMPL");
    expect(codeOf(() => q.get(MessageType.FINALIZATION)!.finalizationRef())).toBe("UNIMPL");
  });
});

describe.runIf(CHECKING)("message misuse", () => {
  function queueWithOneOfEach(): { q: MessageQueue; gc: Message; start: Message; fin: Message } {
    const q = new MessageQueue(fakeArena());
    for (const t of [0, 1, 2] as MessageType[]) q.enable(t);
    q.postTraceStart(0, TraceStartWhy.WALK);
    q.postTraceEnd(0, 1, 2, 3);
    q.post(new FinalMessage(q, 8));
    return { q, gc: q.get(MessageType.GC)!, start: q.get(MessageType.GC_START)!, fin: q.get(MessageType.FINALIZATION)! };
  }

  it(".req.message.fields: reading a field of another type is PARAM", () => {
    const { gc, start, fin } = queueWithOneOfEach();
    expectParam(() => gc.gcStartWhy, /type GC, not GC_START/);
    expectParam(() => gc.finalizationRef(), /not FINALIZATION/);
    for (const m of [start, fin]) {
      expectParam(() => m.gcLiveSize);
      expectParam(() => m.gcCondemnedSize);
      expectParam(() => m.gcNotCondemnedSize);
    }
    expectParam(() => fin.gcStartWhy);
    expectParam(() => start.finalizationRef());
  });

  it(".req.message.discard: discarding twice, then using the message, is PARAM", () => {
    const { q, gc } = queueWithOneOfEach();
    q.discard(gc);
    expect(gc.sig).toBe(SIG_INVALID);
    expectParam(() => q.discard(gc), /already discarded/);
    expectParam(() => gc.gcLiveSize, /discarded/);
    expectParam(() => gc.clock, /discarded/);
    expect(q.check()).toBe(true);
  });

  it(".req.message.discard: discarding a message not got from the queue is PARAM and changes nothing", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.FINALIZATION);
    const queued = new FinalMessage(q, 8);
    q.post(queued);
    expectParam(() => q.discard(queued), /not got/);
    expect(q.count()).toBe(1);
    expect(queued.sig).toBe(SIG_MESSAGE);
    const fresh = new FinalMessage(q, 8);
    expectParam(() => q.discard(fresh), /not got/);
    expectParam(() => q.discard({} as Message), /not a message/);
    expect(q.get(MessageType.FINALIZATION)).toBe(queued);
  });

  it(".req.message.discard: discarding a message of another arena is PARAM", () => {
    const { gc } = queueWithOneOfEach();
    const other = new MessageQueue(fakeArena());
    expectParam(() => other.discard(gc), /another arena/);
    expect(gc.gcLiveSize).toBe(1);
  });

  it(".message.type.check: a value that is not a message type is PARAM", () => {
    const q = new MessageQueue(fakeArena());
    for (const bad of [-1, 3, 0.5, NaN, "0", undefined]) {
      expectParam(() => q.enable(bad as MessageType), /not a message type/);
      expectParam(() => q.disable(bad as MessageType));
      expectParam(() => q.get(bad as MessageType));
      expectParam(() => q.isEnabled(bad as MessageType));
      expectParam(() => new Message(q, bad as MessageType));
    }
    expectParam(() => new MessageQueue({} as { clock(): number }), /clock/);
    expect(q.check()).toBe(true);
  });

  it(".message.post: posting twice, or a message of another queue, is an assertion", () => {
    const q = new MessageQueue(fakeArena());
    q.enable(MessageType.FINALIZATION);
    const m = new FinalMessage(q, 8);
    q.post(m);
    expect(() => q.post(m)).toThrow(MpsAssertionError);
    const other = new MessageQueue(fakeArena());
    expect(() => other.post(new FinalMessage(q, 8))).toThrow(MpsAssertionError);
    expect(q.count()).toBe(1);
  });
});

describe("MessageQueue against a model", () => {
  type Op = { kind: "enable" | "disable" | "get"; type: MessageType } | { kind: "post"; type: MessageType } | { kind: "discard"; index: number };
  const typeArb = fc.constantFrom<MessageType>(0, 1, 2);
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("enable" as const), type: typeArb }),
    fc.record({ kind: fc.constant("disable" as const), type: typeArb }),
    { arbitrary: fc.record({ kind: fc.constant("post" as const), type: typeArb }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant("get" as const), type: typeArb }), weight: 2 },
    fc.record({ kind: fc.constant("discard" as const), index: fc.nat(5) }),
  );

  it(".req.message.enable .req.message.disable .req.message.get-by-type: random operations agree with an array model", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const q = new MessageQueue(fakeArena());
        const enabled = [false, false, false];
        let model: { type: MessageType; id: number }[] = [];
        const got: { m: Message; id: number }[] = [];
        const ids = new Map<Message, number>();
        let nextId = 0;
        for (const op of ops) {
          switch (op.kind) {
            case "enable":
              q.enable(op.type);
              enabled[op.type] = true;
              break;
            case "disable":
              q.disable(op.type);
              enabled[op.type] = false;
              model = model.filter((e) => e.type !== op.type);
              break;
            case "post": {
              const id = nextId++;
              let m: Message;
              if (op.type === MessageType.FINALIZATION) m = new FinalMessage(q, id * 8);
              else if (op.type === MessageType.GC) m = new GCMessage(q);
              else m = new GCStartMessage(q);
              ids.set(m, id);
              q.post(m);
              if (enabled[op.type]) model.push({ type: op.type, id });
              else expect(m.sig).toBe(SIG_INVALID);
              break;
            }
            case "get": {
              const m = q.get(op.type);
              const i = model.findIndex((e) => e.type === op.type);
              if (i < 0) expect(m).toBeUndefined();
              else {
                expect(ids.get(m!)).toBe(model[i]!.id);
                got.push({ m: m!, id: model[i]!.id });
                model.splice(i, 1);
              }
              break;
            }
            case "discard": {
              const g = got.splice(op.index % Math.max(1, got.length), 1)[0];
              if (g) q.discard(g.m);
              break;
            }
          }
          expect(q.count()).toBe(model.length);
          expect(q.poll()).toBe(model.length > 0);
          expect(q.queueType()).toBe(model[0]?.type);
          expect(q.check()).toBe(true);
        }
      }),
    );
  });
});
