// A port of the MPS's messtest.c: dummy finalization and GC messages on an
// arena's queue. Expected result: getting from an empty queue returns
// nothing without an assertion; a message can be got when a message of
// another type is at the head (request.dylan.160204); disabling a type
// flushes its messages and drops those posted afterwards.
import { describe, expect, it } from "vitest";
import { Message, MessageQueue, MessageType } from "../src/message.js";

/** The dummy message classes of messtest.c: no fields, nothing to release. */
class DummyFinalMessage extends Message {
  constructor(queue: MessageQueue) {
    super(queue, MessageType.FINALIZATION);
  }
}
class DummyGCMessage extends Message {
  constructor(queue: MessageQueue) {
    super(queue, MessageType.GC);
  }
}

function postFinalization(q: MessageQueue): void {
  q.post(new DummyFinalMessage(q));
}
function postGC(q: MessageQueue): void {
  q.post(new DummyGCMessage(q));
}
function postInterleaved(q: MessageQueue): void {
  postFinalization(q);
  postGC(q);
  postFinalization(q);
  postGC(q);
}

function checkNoMessages(q: MessageQueue): void {
  expect(q.poll()).toBe(false);
}

function topMessageType(q: MessageQueue): MessageType {
  const t = q.queueType();
  expect(t).toBeDefined();
  return t!;
}

function eatMessageOfType(q: MessageQueue, type: MessageType): void {
  const m = q.get(type);
  expect(m).toBeDefined();
  expect(m!.type).toBe(type);
  q.discard(m!);
}

/** Eat a message that is not at the head: the other type than the head's. */
function eatHiddenMessage(q: MessageQueue): void {
  const top = topMessageType(q);
  eatMessageOfType(q, top !== MessageType.GC ? MessageType.GC : MessageType.FINALIZATION);
}

function eatTopMessageOfType(q: MessageQueue, type: MessageType): void {
  expect(topMessageType(q)).toBe(type);
  eatMessageOfType(q, type);
}

function eatTopMessage(q: MessageQueue): void {
  eatMessageOfType(q, topMessageType(q));
}

describe("messtest", () => {
  // One queue for the whole run, as messtest.c uses one arena.
  const q = new MessageQueue({ clock: () => 0 });

  it(".test.messtest: getting from an empty queue returns nothing, with no assertion (testGetEmpty)", () => {
    q.empty();
    checkNoMessages(q);
    expect(q.get(MessageType.GC)).toBeUndefined();
  });

  it(".test.messtest .req.message.get-by-type: messages not at the head can be got (testInterleaving)", () => {
    q.empty();
    q.enable(MessageType.GC);
    q.enable(MessageType.FINALIZATION);
    postInterleaved(q);
    eatHiddenMessage(q);
    eatHiddenMessage(q);
    eatTopMessage(q);
    eatTopMessage(q);
    checkNoMessages(q);
    expect(q.check()).toBe(true);
  });

  it(".test.messtest .req.message.disable: disabling a type flushes it and drops later posts (testDisabling)", () => {
    q.empty();
    q.enable(MessageType.GC);
    q.enable(MessageType.FINALIZATION);
    postInterleaved(q);
    q.disable(MessageType.FINALIZATION);
    eatTopMessageOfType(q, MessageType.GC);
    eatTopMessageOfType(q, MessageType.GC);
    checkNoMessages(q);
    postFinalization(q);
    checkNoMessages(q);
    expect(q.check()).toBe(true);
  });
});
