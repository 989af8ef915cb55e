import { describe, expect, it } from "vitest";
import { CHECKING, MpsAssertionError, SIG_INVALID, describeToString } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { RootList, createRootThread, type ShadowStack } from "../src/root.js";
import { SIG_THREAD, SIG_THREAD_LIST, Thread, ThreadList, registerThread, type ThreadArena } from "../src/thread.js";

function fakeArena(): ThreadArena & { roots: RootList; grainSize: number } {
  return { threads: new ThreadList(), roots: new RootList(), grainSize: 4096 };
}

const stack: ShadowStack = { base: 0x1000, limit: 0x2000, top: () => 0x1000 };

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

describe("threads", () => {
  it(".req.thread.register: registering gives a live thread on the arena's list, which checks", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    expect(t).toBeInstanceOf(Thread);
    expect(t.sig).toBe(SIG_THREAD);
    expect(t.arena).toBe(arena);
    expect(t.rootCount).toBe(0);
    expect(arena.threads.size).toBe(1);
    expect(arena.threads.has(t)).toBe(true);
    expect(t.check()).toBe(true);
    expect(arena.threads.check()).toBe(true);
  });

  it(".req.thread.register-multi: the same agent may register many times; each registration is its own Thread (conerr 49)", () => {
    const arena = fakeArena();
    const a = registerThread(arena);
    const b = registerThread(arena);
    expect(a).not.toBe(b);
    expect(a.serial).not.toBe(b.serial);
    const seen: Thread[] = [];
    arena.threads.forEach((t) => seen.push(t));
    expect(seen).toEqual([a, b]);
    a.deregister();
    b.deregister();
    expect(arena.threads.size).toBe(0);
  });

  it(".req.thread.dereg: deregistering removes the thread and invalidates it", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    t.deregister();
    expect(t.sig).toBe(SIG_INVALID);
    expect(arena.threads.has(t)).toBe(false);
    expect(describeToString(t)).toMatch(/deregistered/);
  });

  it.skipIf(!CHECKING)(".req.thread.dereg: deregistering twice is PARAM (conerr 48)", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    t.deregister();
    expectParam(() => t.deregister(), /not registered/);
    expect(() => t.check()).toThrow(MpsAssertionError);
  });

  it(".req.thread.roots: a thread cannot be deregistered while a root scans it", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    const root = createRootThread(arena, t, stack);
    expect(t.rootCount).toBe(1);
    expectParam(() => t.deregister(), /1 root\(s\) still scan this thread/);
    expect(t.sig).toBe(SIG_THREAD);
    expect(arena.threads.has(t)).toBe(true);
    root.destroy();
    expect(t.rootCount).toBe(0);
    t.deregister();
  });

  it(".req.thread.single: suspending and resuming are no-ops, as in the MPS's single-threaded manager", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    arena.threads.suspendAll();
    arena.threads.resumeAll();
    expect(t.check()).toBe(true);
  });

  it(".req.lists.finish: the thread list refuses to finish while a thread is registered (conerr 7, 46)", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    expectParam(() => arena.threads.finish(), /1 thread\(s\) still registered/);
    expect(arena.threads.sig).toBe(SIG_THREAD_LIST);
    t.deregister();
    arena.threads.finish();
    expect(arena.threads.sig).toBe(SIG_INVALID);
    expectParam(() => registerThread(arena), /destroyed/);
    expectParam(() => registerThread({} as ThreadArena), /ThreadList/);
    if (CHECKING) expectParam(() => arena.threads.finish(), /already finished/);
  });

  it.skipIf(!CHECKING)(".thread.register: removing a root the thread does not have is an assertion", () => {
    const t = registerThread(fakeArena());
    expect(() => t.removeRoot()).toThrow(MpsAssertionError);
  });

  it(".thread.describe: describe lists the threads and their roots", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    createRootThread(arena, t, stack);
    expect(describeToString(arena.threads)).toBe(`ThreadList (1 threads) {\n  Thread ${t.serial} { roots 1 }\n}\n`);
  });
});
