/**
 * The I/O module of the plinth (`mpsio.h`, design.mps.io): the stream the
 * telemetry writes its binary log to, a file where the host has a file system
 * and a buffer in memory where it has none. See docs/design/plinth.md `.if.io`.
 * .critical: none (the telemetry writes whole buffers, rarely).
 */

import { MpsError, paramError } from "@mps/mpm";

/**
 * The name of the telemetry log when `MPS_TELEMETRY_FILENAME` is not set, as in
 * the MPS.
 * @public
 */
export const TELEMETRY_FILENAME_DEFAULT = "mpsio.log";

/**
 * A stream of bytes that the telemetry writes to (`mps_io_t` and the
 * `mps_io_*` functions).
 *
 * @remarks
 * Contract, for every implementation:
 * - `open()` (`mps_io_create`) makes the stream ready; the telemetry calls it
 *   lazily, just before the first bytes it writes, so no stream is created while
 *   every event kind is off. It throws `MpsError` `IO` if the stream cannot be
 *   opened, leaving it closed, and `PARAM` if it is already open. A stream may be
 *   opened again after `close()`; whether it then starts afresh or appends is the
 *   stream's choice (the file stream appends).
 * - `write(bytes)` (`mps_io_write`) hands over all of `bytes`, or throws
 *   `MpsError` `IO`. It must not keep a reference to `bytes`, which the caller
 *   reuses. It throws `PARAM` if the stream is not open.
 * - `flush()` (`mps_io_flush`) makes what was written so far safe from the
 *   program's abnormal end (handed to the operating system, or kept in memory
 *   that outlives the writer). It throws `IO` on failure, `PARAM` if not open.
 * - `close()` (`mps_io_destroy`) flushes and releases the stream. It throws `IO`
 *   if releasing fails (the stream is closed all the same) and `PARAM` if the
 *   stream is not open.
 * Who calls it: the telemetry, when its buffer fills or on an explicit flush;
 * never on an allocation fast path. Calls must not reenter the MPS.
 * @public
 */
export interface IOStream {
  /** What the stream is, for messages: a file name, or `"memory"`. */
  readonly name: string;
  /** Whether the stream is open. */
  readonly isOpen: boolean;
  /** Open the stream (`mps_io_create`). */
  open(): void;
  /** Write all of `bytes` (`mps_io_write`). */
  write(bytes: Uint8Array): void;
  /** Make the bytes written so far safe (`mps_io_flush`). */
  flush(): void;
  /** Close the stream (`mps_io_destroy`). */
  close(): void;
}

/**
 * An {@link IOStream} that keeps what is written in memory: the default where
 * there is no file system (in a browser), and a convenient stream for tests.
 * @public
 */
export class MemoryStream implements IOStream {
  /** Always `"memory"`. */
  readonly name = "memory";
  private open_ = false;
  private chunks: Uint8Array[] = [];
  private length = 0;

  /** Whether the stream is open. */
  get isOpen(): boolean {
    return this.open_;
  }

  /** Open the stream; what was written before stays (a reopened stream appends). */
  open(): void {
    if (this.open_) paramError("MemoryStream.open: the stream is already open");
    this.open_ = true;
  }

  /** Append a copy of `bytes`. */
  write(bytes: Uint8Array): void {
    if (!this.open_) paramError("MemoryStream.write: the stream is not open");
    if (bytes.length === 0) return;
    this.chunks.push(bytes.slice());
    this.length += bytes.length;
  }

  /** Nothing to do: the bytes are already in memory. */
  flush(): void {
    if (!this.open_) paramError("MemoryStream.flush: the stream is not open");
  }

  /** Close the stream. The bytes stay readable with {@link MemoryStream.bytes}. */
  close(): void {
    if (!this.open_) paramError("MemoryStream.close: the stream is not open");
    this.open_ = false;
  }

  /** Everything written so far, in one new array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** The number of bytes written so far. */
  size(): number {
    return this.length;
  }

  /** Forget what was written (the stream stays open or closed as it was). */
  clear(): void {
    this.chunks = [];
    this.length = 0;
  }
}

/**
 * The part of Node's `node:fs` module that {@link FileStream} uses. Any object
 * with these synchronous functions will do (a test double, or another
 * runtime's compatible module).
 * @public
 */
export interface FileSystemHost {
  /** Open `path` with `flags` (`"w"` or `"a"`); returns a file descriptor. */
  openSync(path: string, flags: string): number;
  /** Write `length` bytes of `buffer` from `offset`; returns how many were written. */
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  /** Close a file descriptor. */
  closeSync(fd: number): void;
}

/**
 * The host's file system, if it has one: Node's `node:fs`, reached through
 * `process.getBuiltinModule` (Node 20.16 and later, Deno, Bun), so that this
 * module has no `import "node:fs"` that a browser or a bundler would trip on.
 * Returns `null` where there is none.
 * @public
 */
export function hostFileSystem(): FileSystemHost | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== "function") return null;
  try {
    const fs = get.call(proc, "node:fs") as Partial<FileSystemHost> | undefined;
    if (fs && typeof fs.openSync === "function" && typeof fs.writeSync === "function" && typeof fs.closeSync === "function") {
      return fs as FileSystemHost;
    }
  } catch {
    // A runtime that refuses the module has no file system for us.
  }
  return null;
}

function ioError(what: string, e: unknown): MpsError {
  return new MpsError("IO", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * An {@link IOStream} that writes a file, opened lazily (the ANSI plinth's
 * `mpsioan.c`). The first `open` truncates the file, as `fopen(name, "wb")`
 * does; an open after a `close` appends.
 *
 * @remarks
 * Writes go straight to the operating system (`writeSync`), with no buffer of
 * the stream's own: the telemetry buffers already. So `flush` has nothing to
 * do, and what was written survives the program's abnormal end.
 * @public
 */
export class FileStream implements IOStream {
  /** The file's path. */
  readonly name: string;
  private readonly fs: FileSystemHost | null;
  private fd = -1;
  private opened = false;

  /**
   * @param path - the file to write.
   * @param fs - the file system, or `null` for none (then `open` fails with
   *   `IO`); by default the host's ({@link hostFileSystem}).
   */
  constructor(path: string, fs: FileSystemHost | null = hostFileSystem()) {
    if (typeof path !== "string" || path === "") paramError(`FileStream: path must be a non-empty string, not ${JSON.stringify(path)}`);
    this.name = path;
    this.fs = fs;
  }

  /** Whether the file is open. */
  get isOpen(): boolean {
    return this.fd >= 0;
  }

  /** Open the file: truncate it the first time, append after that. Throws `IO` if it cannot. */
  open(): void {
    if (this.fd >= 0) paramError(`FileStream.open: ${this.name} is already open`);
    if (this.fs === null) throw new MpsError("IO", `FileStream.open: no file system here to write ${this.name}`);
    try {
      this.fd = this.fs.openSync(this.name, this.opened ? "a" : "w");
    } catch (e) {
      throw ioError(`FileStream.open ${this.name}`, e);
    }
    this.opened = true;
  }

  /** Write all of `bytes`. Throws `IO` if the system refuses. */
  write(bytes: Uint8Array): void {
    const fs = this.fs;
    if (this.fd < 0 || fs === null) paramError(`FileStream.write: ${this.name} is not open`);
    let at = 0;
    try {
      while (at < bytes.length) {
        const n = fs.writeSync(this.fd, bytes, at, bytes.length - at);
        if (!(n > 0)) throw new Error(`wrote ${n} bytes`);
        at += n;
      }
    } catch (e) {
      throw ioError(`FileStream.write ${this.name} (${at} of ${bytes.length} bytes written)`, e);
    }
  }

  /** Nothing to do: every write has already been handed to the system. */
  flush(): void {
    if (this.fd < 0) paramError(`FileStream.flush: ${this.name} is not open`);
  }

  /** Close the file. Throws `IO` if the system reports an error; the stream is closed regardless. */
  close(): void {
    const fs = this.fs;
    if (this.fd < 0 || fs === null) paramError(`FileStream.close: ${this.name} is not open`);
    const fd = this.fd;
    this.fd = -1;
    try {
      fs.closeSync(fd);
    } catch (e) {
      throw ioError(`FileStream.close ${this.name}`, e);
    }
  }
}

/**
 * The default telemetry stream for this host: a {@link FileStream} on `path`
 * where there is a file system, otherwise a {@link MemoryStream}.
 * @param path - the file name; by default {@link TELEMETRY_FILENAME_DEFAULT}.
 * @param fs - the file system, or `null` for none; by default the host's
 *   ({@link hostFileSystem}).
 * @public
 */
export function createIOStream(path: string = TELEMETRY_FILENAME_DEFAULT, fs: FileSystemHost | null = hostFileSystem()): IOStream {
  return fs === null ? new MemoryStream() : new FileStream(path, fs);
}
