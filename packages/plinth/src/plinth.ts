/**
 * The Plinth interface: everything the MPS needs from its environment, in one
 * object that an arena is given, and the host's default plinth.
 * See docs/design/plinth.md `.if.plinth`.
 * .critical: none here (the methods delegate to clock.ts and lib.ts).
 */

import type { Addr, AssertionHandler, Size, WriteStream } from "@mps/mpm";
import { assertFail, installAssertFail } from "./assert.js";
import { clock, clocksPerSec } from "./clock.js";
import { createIOStream, TELEMETRY_FILENAME_DEFAULT, type IOStream } from "./io.js";
import { libGetenv, libMemcmp, libMemcpy, libMemset, libStderr, libStdout } from "./lib.js";

/**
 * The MPS's environment: the clock, the telemetry stream, the environment
 * variables, the assertion handler, the library calls on memory and the output
 * streams (the MPS's plinth: `mpsio.h` and `mpslib.h`).
 *
 * @remarks
 * An arena is given a plinth when it is created ({@link defaultPlinth} unless
 * the client passes another); the telemetry is given one too. Tests pass a
 * `MockPlinth` from `@mps/plinth/test-util`. No method may call the MPS or read
 * or write memory the MPS manages other than the blocks it is given.
 * @public
 */
export interface Plinth {
  /** What this plinth is, for messages: `"default"`, `"mock"`, ... */
  readonly name: string;
  /**
   * The time since some fixed point in the past, in units of
   * {@link Plinth.clocksPerSec} per second (`mps_clock`): a non-negative integer
   * that never decreases. Cheap (no system call where the host allows);
   * called once per telemetry event written and for scheduling decisions.
   */
  clock(): number;
  /** The clock's ticks per second (`mps_clocks_per_sec`); constant. */
  clocksPerSec(): number;
  /**
   * The telemetry stream (`mps_io_create` and friends). The plinth makes it
   * when this property is first read, and the telemetry opens it only when it
   * first has bytes to write; see {@link IOStream} for the contract.
   */
  readonly io: IOStream;
  /**
   * The value of the environment variable `name`, or `undefined`
   * (`getenv`, as the ANSI plinth's `mps_lib_telemetry_control` reads it).
   */
  getEnv(name: string): string | undefined;
  /** Report a failed assertion through the installed handler (`mps_lib_assert_fail`). */
  assertFail(condition: string, location: string): void;
  /** Install an assertion handler, returning the previous one (`mps_lib_assert_fail_install`). */
  installAssertFail(handler: AssertionHandler): AssertionHandler;
  /** Copy a block (`mps_lib_memcpy`): see {@link libMemcpy}. */
  memcpy(destMem: Uint8Array, dest: Addr, srcMem: Uint8Array, src: Addr, size: Size): void;
  /** Fill a block with a byte (`mps_lib_memset`): see {@link libMemset}. */
  memset(mem: Uint8Array, dest: Addr, byte: number, size: Size): void;
  /** Compare two blocks (`mps_lib_memcmp`): see {@link libMemcmp}. */
  memcmp(mem1: Uint8Array, p1: Addr, mem2: Uint8Array, p2: Addr, size: Size): number;
  /** Where informative text goes (`mps_lib_get_stdout`). */
  readonly stdout: WriteStream;
  /** Where error reports go (`mps_lib_get_stderr`). */
  readonly stderr: WriteStream;
}

/**
 * The plinth of the host the program runs on (the MPS's ANSI plinth,
 * `mpsioan.c` and `mpsliban.c`): {@link clock} in microseconds, the process
 * environment, the assertion hook of `@mps/mpm`, and a telemetry stream that
 * writes the file named by `MPS_TELEMETRY_FILENAME` (default `mpsio.log`) where
 * there is a file system and keeps the bytes in memory where there is none.
 * @public
 */
export class HostPlinth implements Plinth {
  /** Always `"default"`. */
  readonly name = "default";
  private io_: IOStream | undefined;
  private stdout_: WriteStream | undefined;
  private stderr_: WriteStream | undefined;

  /** Microseconds since the program started: {@link clock}. */
  clock(): number {
    return clock();
  }

  /** 1 000 000: {@link clocksPerSec}. */
  clocksPerSec(): number {
    return clocksPerSec();
  }

  /**
   * The telemetry stream, made when first read: a file named by
   * `MPS_TELEMETRY_FILENAME` (read then), or a memory stream with no file system.
   */
  get io(): IOStream {
    this.io_ ??= createIOStream(this.getEnv("MPS_TELEMETRY_FILENAME") || TELEMETRY_FILENAME_DEFAULT);
    return this.io_;
  }

  /** Read an environment variable, with {@link libGetenv}. */
  getEnv(name: string): string | undefined {
    return libGetenv(name);
  }

  /** Report a failed assertion through the global hook, with {@link assertFail}. */
  assertFail(condition: string, location: string): void {
    assertFail(condition, location);
  }

  /** Install an assertion handler in the global hook, with {@link installAssertFail}. */
  installAssertFail(handler: AssertionHandler): AssertionHandler {
    return installAssertFail(handler);
  }

  /** Copy a block, with {@link libMemcpy}. */
  memcpy(destMem: Uint8Array, dest: Addr, srcMem: Uint8Array, src: Addr, size: Size): void {
    libMemcpy(destMem, dest, srcMem, src, size);
  }

  /** Fill a block, with {@link libMemset}. */
  memset(mem: Uint8Array, dest: Addr, byte: number, size: Size): void {
    libMemset(mem, dest, byte, size);
  }

  /** Compare two blocks, with {@link libMemcmp}. */
  memcmp(mem1: Uint8Array, p1: Addr, mem2: Uint8Array, p2: Addr, size: Size): number {
    return libMemcmp(mem1, p1, mem2, p2, size);
  }

  /** The host's standard output ({@link libStdout}), made when first read. */
  get stdout(): WriteStream {
    this.stdout_ ??= libStdout();
    return this.stdout_;
  }

  /** The host's standard error ({@link libStderr}), made when first read. */
  get stderr(): WriteStream {
    this.stderr_ ??= libStderr();
    return this.stderr_;
  }
}

let host: HostPlinth | undefined;

/**
 * The host's plinth, one for the program, made on first use.
 * @public
 */
export function defaultPlinth(): Plinth {
  host ??= new HostPlinth();
  return host;
}
