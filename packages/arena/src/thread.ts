/**
 * Threads (design.mps.thread-manager, `than.c`): the registration of the
 * mutator's threads with the arena. JavaScript runs one thread per agent, so
 * this is the MPS's single-threaded manager: suspension is a no-op.
 * See docs/design/arena-services.md `.thread`.
 * .critical: none.
 */

import {
  type Inst, type WriteStream,
  CHECKING, SIG_INVALID, aver, checkL, checkS, checkU, defineSig, describeLine, paramError,
} from "@mps/mpm";

/**
 * The signature of a live {@link Thread} (the MPS's `ThreadSig`).
 * @public
 */
export const SIG_THREAD = defineSig("Thread", 0x519286ed);

/**
 * The signature of a live {@link ThreadList}.
 * @public
 */
export const SIG_THREAD_LIST = defineSig("ThreadList", 0x519286ee);

/**
 * What a thread needs from its arena: the arena's list of threads. The
 * Arena implements this.
 * @public
 */
export interface ThreadArena {
  /** The arena's registered threads. */
  readonly threads: ThreadList;
}

/**
 * A registered thread (`mps_thr_t`). Made by {@link registerThread}.
 *
 * @remarks
 * A Thread stands for the JavaScript agent (main thread or worker) that
 * registered it. The same agent may register several times (design.mps.
 * thread-manager .req.register.multi); each registration is a separate
 * Thread to deregister. A thread root (made by `createRootThread` in
 * `root.ts`) names a Thread, and the Thread counts its roots: it cannot be
 * deregistered while it has any.
 * @public
 */
export class Thread implements Inst {
  /** The signature: {@link SIG_THREAD} until deregistered. */
  sig: number;
  /** A serial number, unique among the arena's threads. */
  readonly serial: number;
  /** The arena the thread is registered with. */
  readonly arena: ThreadArena;
  /** The number of live roots that scan this thread's stack. */
  rootCount: number;

  /** @internal Use {@link registerThread}. */
  constructor(arena: ThreadArena, serial: number) {
    this.arena = arena;
    this.serial = serial;
    this.rootCount = 0;
    this.sig = SIG_THREAD;
  }

  /**
   * Deregister the thread (`mps_thread_dereg`). Throws `PARAM`, changing
   * nothing, if it was already deregistered or a root still scans it
   * (destroy the thread's roots first).
   */
  deregister(): void {
    if (CHECKING && this.sig !== SIG_THREAD) paramError("Thread.deregister: the thread is not registered (deregistered twice?)");
    if (this.rootCount !== 0) paramError(`Thread.deregister: ${this.rootCount} root(s) still scan this thread; destroy them first`);
    const list = this.arena.threads;
    if (CHECKING && list.sig !== SIG_THREAD_LIST) paramError("Thread.deregister: the thread's arena was destroyed");
    list.remove(this);
    this.sig = SIG_INVALID;
  }

  /** @internal A root that scans this thread was made (called by `createRootThread`). */
  addRoot(): void {
    aver(this.sig === SIG_THREAD, "Thread.addRoot: thread is registered");
    this.rootCount += 1;
  }

  /** @internal A root that scans this thread was destroyed. */
  removeRoot(): void {
    aver(this.rootCount > 0, "Thread.removeRoot: the thread has a root");
    this.rootCount -= 1;
  }

  /** Check the thread (`ThreadCheck`). */
  check(): boolean {
    checkS(this, SIG_THREAD, "Thread");
    checkU(this.arena.threads, SIG_THREAD_LIST, "Thread: arena's thread list");
    checkL(this.arena.threads.has(this), "Thread: on its arena's list");
    checkL(Number.isSafeInteger(this.rootCount) && this.rootCount >= 0, "Thread: rootCount");
    return true;
  }

  /** Describe the thread. */
  describe(stream: WriteStream, depth = 0): void {
    const state = this.sig === SIG_THREAD ? `roots ${this.rootCount}` : "deregistered";
    describeLine(stream, depth, `Thread ${this.serial} { ${state} }`);
  }
}

/**
 * The arena's registered threads (the MPS's `threadRing` and
 * `threadSerial`). The Arena makes one when it is made and finishes it when
 * it is destroyed.
 * @public
 */
export class ThreadList implements Inst {
  /** The signature: {@link SIG_THREAD_LIST} while live. */
  sig: number;
  private readonly threads: Set<Thread>;
  private serial: number;

  /** No threads. */
  constructor() {
    this.threads = new Set();
    this.serial = 0;
    this.sig = SIG_THREAD_LIST;
  }

  /** The number of registered threads. */
  get size(): number {
    return this.threads.size;
  }

  /** Is `thread` registered with this arena? */
  has(thread: Thread): boolean {
    return this.threads.has(thread);
  }

  /** Visit each registered thread, oldest first. */
  forEach(visit: (thread: Thread) => void): void {
    for (const t of this.threads) visit(t);
  }

  /** @internal The next serial number. */
  nextSerial(): number {
    return this.serial++;
  }

  /** @internal Add a newly registered thread. */
  add(thread: Thread): void {
    this.threads.add(thread);
  }

  /** @internal Remove a deregistered thread. */
  remove(thread: Thread): void {
    aver(this.threads.delete(thread), "ThreadList.remove: thread was registered");
  }

  /**
   * Suspend every thread but the current one (`ThreadRingSuspend`). There is
   * only one thread in a JavaScript agent, so this does nothing
   * (deliberately), as in the MPS's single-threaded manager.
   */
  suspendAll(): void {
    // One agent, one thread: nothing else can run while the MPS does.
  }

  /** Resume the suspended threads (`ThreadRingResume`): nothing to do (see {@link ThreadList.suspendAll}). */
  resumeAll(): void {
    // Nothing was suspended.
  }

  /**
   * Finish the list as the arena is destroyed. Throws `PARAM`, changing
   * nothing, if a thread is still registered.
   */
  finish(): void {
    if (CHECKING && this.sig !== SIG_THREAD_LIST) paramError("ThreadList.finish: already finished");
    if (this.threads.size > 0) paramError(`ThreadList.finish: ${this.threads.size} thread(s) still registered`);
    this.sig = SIG_INVALID;
  }

  /** Check the list and every thread's membership. */
  check(): boolean {
    checkS(this, SIG_THREAD_LIST, "ThreadList");
    checkL(Number.isSafeInteger(this.serial) && this.serial >= this.threads.size, "ThreadList: serial");
    for (const t of this.threads) checkL(t.sig === SIG_THREAD && t.arena.threads === this, "ThreadList: thread is registered here");
    return true;
  }

  /** Describe every thread. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `ThreadList (${this.threads.size} threads) {`);
    for (const t of this.threads) t.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}

/**
 * Register the current thread with `arena` (`mps_thread_reg`) and return
 * its description. Registering the same agent again is allowed and gives
 * another Thread. Throws `PARAM` if the arena was destroyed. The arena's
 * `registerThread` calls this.
 * @public
 */
export function registerThread(arena: ThreadArena): Thread {
  if (arena == null || !(arena.threads instanceof ThreadList)) paramError("registerThread: arena must have a ThreadList");
  const list = arena.threads;
  if (list.sig !== SIG_THREAD_LIST) paramError("registerThread: the arena was destroyed");
  const thread = new Thread(arena, list.nextSerial());
  list.add(thread);
  return thread;
}
