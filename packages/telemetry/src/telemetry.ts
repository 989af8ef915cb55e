/**
 * The telemetry writer (design.mps.telemetry, `event.c`): a control mask, a
 * small buffer of binary event records written through a DataView, and the
 * plinth stream it is written to, opened lazily and flushed on request.
 * See docs/design/telemetry.md `.if.telemetry`, `.impl.buffer`.
 * .critical: Telemetry._begin (once per event written, only when its kind is on).
 */

import {
  COOL, MpsError, SIG_INVALID, averCritical, checkL, checkS, defineSig, describeLine, paramError, type Addr,
  type Inst, type WriteStream,
} from "@mps/mpm";
import { defaultPlinth, type IOStream, type Plinth } from "@mps/plinth";
import { EVENT_CODE_MAX, EVENT_NAME_MAX, EVENT_VERSION_MAJOR, EVENT_VERSION_MEDIAN, EVENT_VERSION_MINOR, EVENTS } from "./events.js";
import { EVENT_HEADER_SIZE, EVENT_STRING_MAX, eventFixedSize } from "./format.js";
import { eventIntern, eventLabel, eventLabelPointer } from "./emit.js";
import { EVENT_KIND_ALL, eventKindNames, parseTelemetryControl } from "./kinds.js";

/**
 * The signature of a {@link Telemetry} (design.mps.sig).
 * @public
 */
export const SIG_TELEMETRY: number = defineSig("Telemetry", 0x519e7e1e);

/**
 * The default size of a telemetry buffer, in bytes.
 * @public
 */
export const TELEMETRY_BUFFER_DEFAULT = 16 * 1024;

/**
 * The smallest buffer a telemetry accepts, in bytes: room for the largest
 * record (an `Intern` of the longest string) and the clock-sync record.
 * @public
 */
export const TELEMETRY_BUFFER_MIN = 512;

/**
 * The largest buffer a telemetry accepts, in bytes (16 MiB).
 * @public
 */
export const TELEMETRY_BUFFER_MAX = 1 << 24;

const CLOCK_SYNC_CODE = EVENTS.EventClockSync.code;
const CLOCK_SYNC_SIZE = eventFixedSize(EVENTS.EventClockSync);
const INIT_CODE = EVENTS.EventInit.code;
const INIT_SIZE = eventFixedSize(EVENTS.EventInit);
const TWO_32 = 4294967296;

/**
 * What a {@link Telemetry} is made with. Every field is optional.
 * @public
 */
export interface TelemetryOpts {
  /**
   * The plinth: its clock stamps the events, its `io` is the stream (unless
   * `stream` is given), and its `getEnv` supplies `MPS_TELEMETRY_CONTROL`.
   * @defaultValue `defaultPlinth()` from `@mps/plinth`
   */
  plinth: Plinth;
  /**
   * The stream to write the log to. It is opened when the first bytes are
   * written, never before.
   * @defaultValue the plinth's `io`, read when first needed
   */
  stream: IOStream;
  /**
   * The buffer's size in bytes: an integer in [{@link TELEMETRY_BUFFER_MIN},
   * {@link TELEMETRY_BUFFER_MAX}]. The buffer is written out when the next
   * record would not fit.
   * @defaultValue {@link TELEMETRY_BUFFER_DEFAULT} (16 KiB)
   */
  bufferSize: number;
  /**
   * The initial control mask: a number (bits of {@link EVENT_KIND_ALL}) or a
   * string in the syntax of `MPS_TELEMETRY_CONTROL`.
   * @defaultValue the plinth's `MPS_TELEMETRY_CONTROL`, parsed by {@link parseTelemetryControl}; 0 if unset
   */
  control: number | string;
}

function isU32(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}

/** The host's UTF-8 encoder (every JavaScript host has one; the library types here do not). */
const encoder = new (globalThis as unknown as {
  TextEncoder: new () => { encodeInto(s: string, into: Uint8Array): { read: number; written: number } };
}).TextEncoder();

/**
 * A telemetry system: the control mask that says which kinds of event are
 * written, a buffer of encoded events, and the stream they go to
 * (`mps_telemetry_*`, design.mps.telemetry).
 *
 * @remarks
 * Events are written by the functions of `emit.ts`, one per event type, such
 * as `eventArenaAlloc(tel, arena, baseTract, base, size, pool)`. Each writes
 * nothing unless its kind's bit is set in {@link Telemetry.control}; on a hot
 * path guard the call with the same test, `if (tel.control & EVENT_KIND_OBJECT)`,
 * so that a disabled event costs one load and one test and evaluates no
 * arguments. Records go into a fixed buffer; when it is full it is written to
 * the stream. A failure to write then does not stop the MPS: the buffered
 * events are dropped and counted ({@link Telemetry.droppedEvents}). An
 * explicit {@link Telemetry.flush} reports failure by throwing `IO` and keeps
 * the events for the next try.
 * @public
 */
export class Telemetry implements Inst {
  /** The signature: {@link SIG_TELEMETRY}, or `SIG_INVALID` after `finish`. */
  sig: number = SIG_INVALID;
  /**
   * The control mask: bit `i` on means events of kind `EVENT_KINDS[i]` are
   * written. Read it at call sites; change it with `set` and `reset`.
   */
  readonly control: number = 0;
  /** The plinth. */
  readonly plinth: Plinth;
  /** The buffer's bytes. */
  readonly bytes: Uint8Array;
  /** The buffer, for the emitters. */
  readonly view: DataView;
  private pending_ = 0;
  private written_ = 0;
  private dropped_ = 0;
  private failures_ = 0;
  private lastError_: MpsError | undefined = undefined;
  private cursor = 0;
  private readonly limit: number;
  private stream_: IOStream | undefined;
  private headerPending = true;
  private internSerial = 1;
  private idSerial = 1;
  private readonly stringBytes = new Uint8Array(EVENT_STRING_MAX * 3 + 3);
  private readonly scratch = new DataView(new ArrayBuffer(INIT_SIZE));

  /** @param opts - the plinth, the stream, the buffer size and the initial mask. */
  constructor(opts: Partial<TelemetryOpts> = {}) {
    const plinth = opts.plinth ?? defaultPlinth();
    const size = opts.bufferSize ?? TELEMETRY_BUFFER_DEFAULT;
    if (!(Number.isInteger(size) && size >= TELEMETRY_BUFFER_MIN && size <= TELEMETRY_BUFFER_MAX)) {
      paramError(`Telemetry: bufferSize must be an integer in [${TELEMETRY_BUFFER_MIN}, ${TELEMETRY_BUFFER_MAX}], not ${size}`);
    }
    let control: number;
    if (opts.control === undefined) control = parseTelemetryControl(plinth.getEnv("MPS_TELEMETRY_CONTROL"));
    else if (typeof opts.control === "string") control = parseTelemetryControl(opts.control);
    else control = checkMask("Telemetry: control", opts.control);
    this.plinth = plinth;
    this.stream_ = opts.stream;
    const buffer = new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.limit = size - CLOCK_SYNC_SIZE;
    (this as { control: number }).control = control;
    this.sig = SIG_TELEMETRY;
  }

  /** Events in the buffer, not yet written to the stream. */
  get pending(): number {
    return this.pending_;
  }

  /** Events written to the stream so far (not counting the writer's headers and clock syncs). */
  get writtenEvents(): number {
    return this.written_;
  }

  /** Events thrown away because the stream failed when the buffer was full. */
  get droppedEvents(): number {
    return this.dropped_;
  }

  /** Times the stream failed (to open, write, flush or close). */
  get failures(): number {
    return this.failures_;
  }

  /** The latest failure of the stream, as an `IO` error, if there has been one. */
  get lastError(): MpsError | undefined {
    return this.lastError_;
  }

  /** The stream, made on first use. */
  get stream(): IOStream {
    this.stream_ ??= this.plinth.io;
    return this.stream_;
  }

  /** The control mask (`mps_telemetry_get`). */
  get(): number {
    this.checkLive("get");
    return this.control;
  }

  /**
   * Turn on the kinds whose bits are set in `mask` (`mps_telemetry_set`).
   * Bits above {@link EVENT_KIND_ALL} are ignored. Throws `PARAM`, changing
   * nothing, unless `mask` is an integer in [0, 2^32).
   */
  set(mask: number): void {
    this.checkLive("set");
    (this as { control: number }).control = this.control | checkMask("Telemetry.set: mask", mask);
  }

  /**
   * Turn off the kinds whose bits are set in `mask` (`mps_telemetry_reset`).
   * Throws `PARAM`, changing nothing, unless `mask` is an integer in [0, 2^32).
   */
  reset(mask: number): void {
    this.checkLive("reset");
    (this as { control: number }).control = this.control & ~checkMask("Telemetry.reset: mask", mask);
  }

  /**
   * A new identifier for an MPS structure, unique in this telemetry's log: what
   * emitters pass as a `P` parameter. Starts at 1.
   */
  newId(): number {
    return this.idSerial++;
  }

  /**
   * Give `s` an identifier for labels, and write an `Intern` event pairing
   * them if `User` events are on (`mps_telemetry_intern`, with
   * {@link eventIntern}). Identifiers start at
   * 1 and are never reused; one is returned even when `User` events are off,
   * though it then means nothing in the log. Throws `PARAM` unless `s` is a
   * string of at most {@link EVENT_STRING_MAX} bytes of UTF-8.
   */
  intern(s: string): number {
    this.checkLive("intern");
    this._string(s);
    const id = this.internSerial++;
    eventIntern(this, id, s);
    return id;
  }

  /**
   * Associate `address` with the interned string `id` in the log: writes a
   * `Label` event if `User` events are on (`mps_telemetry_label`). Throws
   * `PARAM` unless `address` is an integer in [0, 2^32] and `id` was returned
   * by {@link Telemetry.intern}.
   */
  label(address: Addr, id: number): void {
    this.checkLive("label");
    if (!(Number.isInteger(address) && address >= 0 && address <= TWO_32)) paramError(`Telemetry.label: address must be an integer in [0, 2^32], not ${address}`);
    this.checkId("label", id);
    eventLabel(this, address, id);
  }

  /**
   * Associate the MPS structure `pointer` (an identifier from
   * {@link Telemetry.newId}) with the interned string `id`: writes a
   * `LabelPointer` event if `User` events are on. Throws `PARAM` unless
   * `pointer` is an integer in [0, 2^32) and `id` came from `intern`.
   */
  labelPointer(pointer: number, id: number): void {
    this.checkLive("labelPointer");
    if (!isU32(pointer)) paramError(`Telemetry.labelPointer: pointer must be an integer in [0, 2^32), not ${pointer}`);
    this.checkId("labelPointer", id);
    eventLabelPointer(this, pointer, id);
  }

  /**
   * Write the buffered events to the stream and flush it
   * (`mps_telemetry_flush`). The stream is opened first if it is not open
   * (which writes the log's `EventInit` header). With no events buffered and
   * the stream never opened, does nothing: no file is made.
   *
   * @remarks
   * Throws `MpsError` `IO` if the stream cannot be opened or written; the
   * events stay in the buffer, so a later flush can write them. If the write
   * succeeded and only the stream's flush failed, the events are out of the
   * buffer and `IO` is thrown all the same.
   */
  flush(): void {
    this.checkLive("flush");
    this.writeOut();
    const s = this.stream_;
    if (s !== undefined && s.isOpen) {
      try {
        s.flush();
      } catch (e) {
        throw this.failed(e);
      }
    }
  }

  /**
   * Flush, then close the stream if it is open (the MPS's `EventFinish` and
   * `mps_io_destroy`). The telemetry stays usable: a later event reopens the
   * stream, with a new header. Throws `IO` as `flush` does; a stream that
   * fails to close is closed all the same.
   */
  close(): void {
    this.flush();
    const s = this.stream_;
    if (s !== undefined && s.isOpen) {
      try {
        s.close();
      } catch (e) {
        throw this.failed(e);
      }
    }
  }

  /**
   * Close, then retire the telemetry: the mask becomes 0, so the emitters
   * write nothing, and every method but `check` and `describe` throws
   * `PARAM`. If closing throws `IO`, the telemetry is retired all the same
   * and the error is rethrown.
   */
  finish(): void {
    this.checkLive("finish");
    try {
      this.close();
    } finally {
      (this as { control: number }).control = 0;
      this.sig = SIG_INVALID;
    }
  }

  /**
   * Reserve a record of `size` bytes for event `code` and write its header;
   * returns the offset of its first parameter in {@link Telemetry.view}. If the
   * record does not fit, the buffer is written out first (and its events
   * dropped if that fails).
   * @internal
   */
  _begin(code: number, size: number): number {
    if (COOL) averCritical(size >= EVENT_HEADER_SIZE && size <= this.limit, "Telemetry._begin: record size");
    let at = this.cursor;
    if (at + size > this.limit) {
      this.sync();
      at = this.cursor;
    }
    const clock = this.plinth.clock();
    const v = this.view;
    v.setUint16(at, code, true);
    v.setUint16(at + 2, size, true);
    v.setUint32(at + 4, clock >>> 0, true);
    v.setUint32(at + 8, (clock / TWO_32) >>> 0, true);
    this.cursor = at + size;
    this.pending_++;
    return at + EVENT_HEADER_SIZE;
  }

  /**
   * Encode `s` as UTF-8 into the telemetry's string scratch and return its
   * length in bytes. Throws `PARAM` unless `s` is a string of at most
   * {@link EVENT_STRING_MAX} bytes.
   * @internal
   */
  _string(s: string): number {
    if (typeof s !== "string") paramError(`Telemetry: an event string must be a string, not ${typeof s}`);
    const { read, written } = encoder.encodeInto(s, this.stringBytes);
    if (read !== s.length || written > EVENT_STRING_MAX) paramError(`Telemetry: the string is longer than ${EVENT_STRING_MAX} bytes of UTF-8`);
    return written;
  }

  /**
   * Copy the first `n` bytes of the string scratch (see `_string`) into the
   * buffer at `at`.
   * @internal
   */
  _stringTo(at: number, n: number): void {
    this.bytes.set(this.stringBytes.subarray(0, n), at);
  }

  /** Bytes of events in the buffer, not yet written to the stream. */
  buffered(): number {
    return this.cursor;
  }

  /** Check the telemetry's consistency (design.mps.check). */
  check(): boolean {
    checkS(this, SIG_TELEMETRY, "Telemetry");
    checkL((this.control & ~EVENT_KIND_ALL) === 0, "Telemetry: control has bits of no kind");
    checkL(this.bytes.buffer === this.view.buffer, "Telemetry: bytes and view share the buffer");
    checkL(this.limit === this.bytes.length - CLOCK_SYNC_SIZE, "Telemetry: limit leaves room for a clock sync");
    checkL(this.cursor >= 0 && this.cursor <= this.limit, "Telemetry: cursor within the buffer");
    checkL(this.pending_ >= 0 && (this.pending_ === 0) === (this.cursor === 0), "Telemetry: pending counts the buffered events");
    checkL(this.written_ >= 0 && this.dropped_ >= 0 && this.failures_ >= 0, "Telemetry: counters are non-negative");
    checkL(this.internSerial >= 1 && this.idSerial >= 1, "Telemetry: serials start at 1");
    return true;
  }

  /** Describe the telemetry's state to `stream`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `Telemetry ${this.sig === SIG_TELEMETRY ? "" : "(finished) "}{`);
    describeLine(stream, depth + 2, `control 0x${this.control.toString(16)} (${eventKindNames(this.control).join(" ") || "none"})`);
    describeLine(stream, depth + 2, `plinth ${this.plinth.name}, stream ${this.stream_ === undefined ? "not yet made" : `${this.stream_.name} (${this.stream_.isOpen ? "open" : "closed"})`}`);
    describeLine(stream, depth + 2, `buffer ${this.cursor} of ${this.bytes.length} bytes, ${this.pending} events`);
    describeLine(stream, depth + 2, `written ${this.writtenEvents} events, dropped ${this.droppedEvents}, failures ${this.failures}`);
    if (this.lastError !== undefined) describeLine(stream, depth + 2, `last error: ${this.lastError.message}`);
    describeLine(stream, depth + 2, `next string id ${this.internSerial}, next structure id ${this.idSerial}`);
    describeLine(stream, depth, "}");
  }

  private checkLive(what: string): void {
    if (this.sig !== SIG_TELEMETRY) paramError(`Telemetry.${what}: the telemetry is finished`);
  }

  private checkId(what: string, id: number): void {
    if (!(Number.isInteger(id) && id >= 1 && id < this.internSerial)) paramError(`Telemetry.${what}: ${id} is not an interned string's identifier`);
  }

  private failed(e: unknown): MpsError {
    const err = e instanceof MpsError && e.code === "IO" ? e : new MpsError("IO", `telemetry stream: ${e instanceof Error ? e.message : String(e)}`);
    this.failures_++;
    this.lastError_ = err;
    return err;
  }

  /** The buffer is full: write it out, or drop its events if the stream fails. Never throws. */
  private sync(): void {
    try {
      this.writeOut();
    } catch {
      this.dropped_ += this.pending_;
      this.pending_ = 0;
      this.cursor = 0;
    }
  }

  /**
   * Write the buffer, with a clock-sync record at its end, to the stream,
   * opening it (and writing the header) first if need be. Throws IO, leaving
   * the buffer as it was.
   */
  private writeOut(): void {
    if (this.cursor === 0) return;
    const s = this.stream;
    try {
      if (!s.isOpen) {
        s.open();
        this.headerPending = true;
      }
      if (this.headerPending) {
        s.write(this.header());
        this.headerPending = false;
      }
    } catch (e) {
      throw this.failed(e);
    }
    // The clock sync goes at the end of the block: the space is kept free for it.
    const end = this.cursor;
    const clock = this.plinth.clock();
    const v = this.view;
    v.setUint16(end, CLOCK_SYNC_CODE, true);
    v.setUint16(end + 2, CLOCK_SYNC_SIZE, true);
    v.setUint32(end + 4, clock >>> 0, true);
    v.setUint32(end + 8, (clock / TWO_32) >>> 0, true);
    v.setUint32(end + 12, clock >>> 0, true);
    v.setUint32(end + 16, (clock / TWO_32) >>> 0, true);
    try {
      s.write(this.bytes.subarray(0, end + CLOCK_SYNC_SIZE));
    } catch (e) {
      throw this.failed(e);
    }
    this.written_ += this.pending_;
    this.pending_ = 0;
    this.cursor = 0;
  }

  /**
   * The log's header: an EventInit record, stamped with the clock of the first
   * buffered event, so that the clocks in a log never decrease.
   */
  private header(): Uint8Array {
    const v = this.scratch;
    const clock = this.view.getUint32(4, true) + this.view.getUint32(8, true) * TWO_32;
    const perSec = this.plinth.clocksPerSec();
    v.setUint16(0, INIT_CODE, true);
    v.setUint16(2, INIT_SIZE, true);
    v.setUint32(4, clock >>> 0, true);
    v.setUint32(8, (clock / TWO_32) >>> 0, true);
    v.setUint32(12, EVENT_VERSION_MAJOR, true);
    v.setUint32(16, EVENT_VERSION_MEDIAN, true);
    v.setUint32(20, EVENT_VERSION_MINOR, true);
    v.setUint32(24, EVENT_CODE_MAX, true);
    v.setUint32(28, EVENT_NAME_MAX, true);
    v.setUint32(32, 32, true);
    v.setUint32(36, perSec >>> 0, true);
    v.setUint32(40, (perSec / TWO_32) >>> 0, true);
    return new Uint8Array(v.buffer, 0, INIT_SIZE);
  }
}

function checkMask(what: string, mask: number): number {
  if (!isU32(mask)) paramError(`${what} must be an integer in [0, 2^32), not ${mask}`);
  return mask & EVENT_KIND_ALL;
}

let defaultTel: Telemetry | undefined;

/**
 * The program's telemetry, made on first call with the default plinth: its
 * mask comes from `MPS_TELEMETRY_CONTROL` and its log goes to the file named by
 * `MPS_TELEMETRY_FILENAME` (default `mpsio.log`), or to memory where there is
 * no file system. Arenas use it unless given another.
 * @public
 */
export function defaultTelemetry(): Telemetry {
  defaultTel ??= new Telemetry();
  return defaultTel;
}
