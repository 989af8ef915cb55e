/**
 * `@mps/plinth/test-util`: a plinth for tests. {@link MockPlinth} has a clock
 * that moves only when told to, an environment of its own, and a telemetry
 * stream ({@link MockIOStream}) that records every call and the bytes written,
 * and can be told to fail on the Nth call of any operation.
 * See docs/design/plinth.md `.mock`.
 * .critical: none (test doubles).
 * @packageDocumentation
 */

import { MpsError, paramError, StringStream, type Addr, type AssertionHandler, type Size } from "@mps/mpm";
import { assertFail, installAssertFail } from "./assert.js";
import type { IOStream } from "./io.js";
import { libMemcmp, libMemcpy, libMemset } from "./lib.js";
import type { Plinth } from "./plinth.js";

/**
 * The operations of an {@link IOStream}.
 * @public
 */
export type IOOp = "open" | "write" | "flush" | "close";

/**
 * One call of a {@link MockIOStream}, as recorded.
 * @public
 */
export interface IOCall {
  /** The operation. */
  op: IOOp;
  /** Its number among the calls of the same operation, from 1. */
  n: number;
  /** For `write`, how many bytes were offered. */
  size: number;
  /** Whether the call failed (was made to fail). */
  failed: boolean;
}

/**
 * An {@link IOStream} that keeps what is written, records every call, and fails
 * on request: `failOn("write", 3)` makes the third write throw `MpsError` `IO`
 * and write nothing; `failFrom("write", 3)` makes every write from the third on
 * fail (a full disk).
 * @public
 */
export class MockIOStream implements IOStream {
  /** Always `"mock"`. */
  readonly name = "mock";
  /** Every call, in order. */
  readonly calls: IOCall[] = [];
  private open_ = false;
  private readonly counts: Record<IOOp, number> = { open: 0, write: 0, flush: 0, close: 0 };
  private readonly failAt: Record<IOOp, Set<number>> = { open: new Set(), write: new Set(), flush: new Set(), close: new Set() };
  private readonly failAfter: Record<IOOp, number> = { open: Infinity, write: Infinity, flush: Infinity, close: Infinity };
  private readonly chunks: Uint8Array[] = [];
  private flushedLength = 0;
  private length = 0;

  /** Whether the stream is open. */
  get isOpen(): boolean {
    return this.open_;
  }

  /** Make the `nth` call (counting from 1, over the stream's life) of `op` fail. */
  failOn(op: IOOp, nth: number): this {
    if (!(Number.isInteger(nth) && nth >= 1)) paramError(`MockIOStream.failOn: nth must be an integer >= 1, not ${nth}`);
    this.failAt[op].add(nth);
    return this;
  }

  /** Make every call of `op` from the `nth` on fail. */
  failFrom(op: IOOp, nth: number): this {
    if (!(Number.isInteger(nth) && nth >= 1)) paramError(`MockIOStream.failFrom: nth must be an integer >= 1, not ${nth}`);
    this.failAfter[op] = nth;
    return this;
  }

  /** Stop failing: forget every `failOn` and `failFrom`. */
  heal(): this {
    for (const op of ["open", "write", "flush", "close"] as const) {
      this.failAt[op].clear();
      this.failAfter[op] = Infinity;
    }
    return this;
  }

  /** How many times `op` has been called. */
  count(op: IOOp): number {
    return this.counts[op];
  }

  private call(op: IOOp, size: number): void {
    const n = ++this.counts[op];
    const failed = this.failAt[op].has(n) || n >= this.failAfter[op];
    this.calls.push({ op, n, size, failed });
    if (failed) throw new MpsError("IO", `MockIOStream: ${op} call ${n} fails, as the test asked`);
  }

  /** Open; fails if told to. Throws `PARAM` if already open. */
  open(): void {
    if (this.open_) paramError("MockIOStream.open: already open");
    this.call("open", 0);
    this.open_ = true;
  }

  /** Keep a copy of `bytes`; fails, keeping nothing, if told to. Throws `PARAM` if not open. */
  write(bytes: Uint8Array): void {
    if (!this.open_) paramError("MockIOStream.write: not open");
    this.call("write", bytes.length);
    this.chunks.push(bytes.slice());
    this.length += bytes.length;
  }

  /** Mark everything written so far as flushed; fails if told to. Throws `PARAM` if not open. */
  flush(): void {
    if (!this.open_) paramError("MockIOStream.flush: not open");
    this.call("flush", 0);
    this.flushedLength = this.length;
  }

  /** Close (also when told to fail, as the contract says). Throws `PARAM` if not open. */
  close(): void {
    if (!this.open_) paramError("MockIOStream.close: not open");
    this.open_ = false;
    this.call("close", 0);
    this.flushedLength = this.length;
  }

  /** Every byte written so far, in one new array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** How many bytes were written before the latest successful flush or close. */
  flushed(): number {
    return this.flushedLength;
  }
}

/**
 * What a {@link MockPlinth} starts with.
 * @public
 */
export interface MockPlinthOpts {
  /**
   * The clock's first reading, in ticks.
   * @defaultValue 0
   */
  clock: number;
  /**
   * Ticks per second.
   * @defaultValue 1 000 000
   */
  clocksPerSec: number;
  /**
   * Ticks the clock advances after each reading, so that successive readings
   * differ; 0 keeps it still until {@link MockPlinth.step} is called.
   * @defaultValue 0
   */
  autoStep: number;
  /**
   * The environment variables `getEnv` sees (the host's are never read).
   * @defaultValue `{}`
   */
  env: Record<string, string>;
}

function nonNegInt(what: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 0)) paramError(`MockPlinth: ${what} must be a non-negative integer, not ${v}`);
  return v;
}

/**
 * A {@link Plinth} for tests: a clock that moves only when stepped (or by
 * `autoStep` per reading), an environment of its own, a {@link MockIOStream}
 * as its telemetry stream, text output kept in {@link @mps/mpm#StringStream}s,
 * and a record of every assertion reported through it. The memory functions
 * are the real ones; assertion handlers are installed in the global hook, as
 * with the default plinth.
 * @public
 */
export class MockPlinth implements Plinth {
  /** Always `"mock"`. */
  readonly name = "mock";
  /** The telemetry stream. */
  readonly io: MockIOStream = new MockIOStream();
  /** The environment `getEnv` reads; tests may change it. */
  readonly env: Record<string, string>;
  /** What was written to `stdout`. */
  readonly stdout: StringStream = new StringStream();
  /** What was written to `stderr`. */
  readonly stderr: StringStream = new StringStream();
  /** Every assertion reported through {@link MockPlinth.assertFail}. */
  readonly assertions: { condition: string; location: string }[] = [];
  /** How many times the clock was read. */
  clockReads = 0;
  /** Ticks added after each reading. */
  autoStep: number;
  private now: number;
  private readonly perSec: number;

  /** @param opts - the starting clock, its rate, its auto-step and the environment. */
  constructor(opts: Partial<MockPlinthOpts> = {}) {
    this.now = nonNegInt("clock", opts.clock ?? 0);
    this.perSec = opts.clocksPerSec ?? 1_000_000;
    if (!(Number.isInteger(this.perSec) && this.perSec >= 1)) paramError(`MockPlinth: clocksPerSec must be a positive integer, not ${this.perSec}`);
    this.autoStep = nonNegInt("autoStep", opts.autoStep ?? 0);
    this.env = { ...(opts.env ?? {}) };
  }

  /** The current reading; then the clock advances by `autoStep`. */
  clock(): number {
    this.clockReads++;
    const t = this.now;
    this.now += this.autoStep;
    return t;
  }

  /** The rate given at construction. */
  clocksPerSec(): number {
    return this.perSec;
  }

  /** Advance the clock by `ticks` (a non-negative integer); returns the new reading. */
  step(ticks: number): number {
    this.now += nonNegInt("step", ticks);
    return this.now;
  }

  /** Set the clock to `ticks`, which must not be earlier than the current reading. */
  setClock(ticks: number): void {
    nonNegInt("setClock", ticks);
    if (ticks < this.now) paramError(`MockPlinth.setClock: the clock cannot go back from ${this.now} to ${ticks}`);
    this.now = ticks;
  }

  /** `env[name]`. */
  getEnv(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.env, name) ? this.env[name] : undefined;
  }

  /** Record the failure, then report it through the installed handler. */
  assertFail(condition: string, location: string): void {
    this.assertions.push({ condition, location });
    assertFail(condition, location);
  }

  /** Install a handler in the global hook, as the default plinth does. */
  installAssertFail(handler: AssertionHandler): AssertionHandler {
    return installAssertFail(handler);
  }

  /** The real {@link libMemcpy}. */
  memcpy(destMem: Uint8Array, dest: Addr, srcMem: Uint8Array, src: Addr, size: Size): void {
    libMemcpy(destMem, dest, srcMem, src, size);
  }

  /** The real {@link libMemset}. */
  memset(mem: Uint8Array, dest: Addr, byte: number, size: Size): void {
    libMemset(mem, dest, byte, size);
  }

  /** The real {@link libMemcmp}. */
  memcmp(mem1: Uint8Array, p1: Addr, mem2: Uint8Array, p2: Addr, size: Size): number {
    return libMemcmp(mem1, p1, mem2, p2, size);
  }
}
