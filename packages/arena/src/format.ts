/**
 * Object formats (`format.c`, manual topic/format): the client's functions
 * that scan, skip, forward and pad its objects, with their alignment and
 * header size, and the count of pools using each format.
 * See docs/design/arena-services.md `.format`.
 * .critical: none here; the format methods themselves are called on the
 * critical path by pools and the collector, which read them from the fields.
 */

import {
  type Addr, type Align, type Inst, type ObjectFormat, type ScanState, type Size, type WriteStream,
  ALIGN_DEFAULT, CHECKING, SIG_INVALID, assertFail, aver, checkL, checkS, checkU, defineSig, describeLine, isPow2, paramError,
} from "@mps/mpm";

/**
 * The signature of a live {@link Format} (the MPS's `FormatSig`).
 * @public
 */
export const SIG_FORMAT = defineSig("Format", 0x519f63a2);

/**
 * The signature of a live {@link FormatList}.
 * @public
 */
export const SIG_FORMAT_LIST = defineSig("FormatList", 0x519f63a3);

/**
 * A scan method (`mps_fmt_scan_t`): fix every reference in the objects of
 * [base, limit), by calling the scan state's fix functions (`@mps/mpm`'s
 * `ScanState`: `fix1`, `fix2`, `fix`, or the inline zone test on
 * `zoneShift` and `white`), storing back the value `fix2` returns. It
 * reports failure by throwing what the fix functions throw.
 * @public
 */
export type FormatScanMethod = (ss: ScanState, base: Addr, limit: Addr) => void;

/**
 * A skip method (`mps_fmt_skip_t`): the address just past the object at
 * `addr` (past where the next object's header would end, with in-band
 * headers). It must handle padding and forwarding objects, and never fail.
 * @public
 */
export type FormatSkipMethod = (addr: Addr) => Addr;

/**
 * A forward method (`mps_fmt_fwd_t`): replace the object at `old` with a
 * forwarding object, of the same size, pointing to `newAddr`.
 * @public
 */
export type FormatFwdMethod = (old: Addr, newAddr: Addr) => void;

/**
 * An is-forwarded method (`mps_fmt_isfwd_t`): if `addr` is a forwarding
 * object, the address it forwards to; otherwise 0.
 * @public
 */
export type FormatIsfwdMethod = (addr: Addr) => Addr;

/**
 * A padding method (`mps_fmt_pad_t`): make a padding object of `size`
 * bytes (any multiple of the alignment) at `addr`, a base address.
 * @public
 */
export type FormatPadMethod = (addr: Addr, size: Size) => void;

/**
 * A class method (`mps_fmt_class_t`): an address that identifies the class
 * of the object at `addr`, for telemetry, or 0.
 * @public
 */
export type FormatClassMethod = (addr: Addr) => Addr;

/**
 * The options of {@link createFormat} (the MPS's `MPS_KEY_FMT_*` keyword
 * arguments). Each pool class needs some of the methods; a pool checks
 * for them with {@link Format.require} when it is made.
 * @public
 */
export interface FormatOpts {
  /**
   * The alignment of objects, in bytes. MUST be a power of two in
   * [1, 2^31]; it must also not exceed the alignment of the pools that use
   * the format (they check). @defaultValue 8 (`ALIGN_DEFAULT`)
   */
  fmtAlign?: Align;
  /**
   * The size of an in-band header: client pointers point this many bytes
   * after the base of the block. MUST be an integer in [0, 2^31).
   * @defaultValue 0
   */
  fmtHeaderSize?: Size;
  /** The scan method. */
  fmtScan?: FormatScanMethod;
  /** The skip method. */
  fmtSkip?: FormatSkipMethod;
  /** The forward method. */
  fmtFwd?: FormatFwdMethod;
  /** The is-forwarded method. */
  fmtIsfwd?: FormatIsfwdMethod;
  /** The padding method. */
  fmtPad?: FormatPadMethod;
  /** The class method. @defaultValue a method that returns 0 */
  fmtClass?: FormatClassMethod;
}

/**
 * Bits naming the methods of a format, for {@link Format.methods} and
 * {@link Format.require}.
 * @public
 */
export const FormatMethod = Object.freeze({
  /** `fmtScan`. */
  SCAN: 1,
  /** `fmtSkip`. */
  SKIP: 2,
  /** `fmtFwd`. */
  FWD: 4,
  /** `fmtIsfwd`. */
  ISFWD: 8,
  /** `fmtPad`. */
  PAD: 16,
  /** `fmtClass`. */
  CLASS: 32,
} as const);

const METHOD_KEYS = ["fmtScan", "fmtSkip", "fmtFwd", "fmtIsfwd", "fmtPad", "fmtClass"] as const;
const OPTION_KEYS: ReadonlySet<string> = new Set(["fmtAlign", "fmtHeaderSize", ...METHOD_KEYS]);

/**
 * What a format needs from its arena: the arena's list of formats. The
 * Arena implements this.
 * @public
 */
export interface FormatArena {
  /** The arena's formats. */
  readonly formats: FormatList;
}

// The methods a format has when the client supplies none (the MPS's
// FormatNo*): a pool that needs the method checks for it with `require`,
// so reaching one of these is a bug in a pool class.
function noScan(_ss: ScanState, _base: Addr, _limit: Addr): void {
  assertFail("format has no scan method", "format.noScan");
}
function noSkip(_addr: Addr): Addr {
  assertFail("format has no skip method", "format.noSkip");
  return 0;
}
function noFwd(_old: Addr, _newAddr: Addr): void {
  assertFail("format has no forward method", "format.noFwd");
}
function noIsfwd(_addr: Addr): Addr {
  assertFail("format has no is-forwarded method", "format.noIsfwd");
  return 0;
}
function noPad(_addr: Addr, _size: Size): void {
  assertFail("format has no padding method", "format.noPad");
}
function noClass(_addr: Addr): Addr {
  return 0;
}

/**
 * An object format (`mps_fmt_t`). Made by {@link createFormat}.
 *
 * @remarks
 * The method fields always hold functions: those the client supplied, or
 * stand-ins that report an assertion if called (the class stand-in returns
 * 0). {@link Format.methods} records which were supplied. A pool that uses
 * the format calls {@link Format.attach} when it is made and
 * {@link Format.detach} when it is destroyed; the format cannot be
 * destroyed while any pool uses it.
 * @public
 */
export class Format implements Inst, ObjectFormat {
  /** The signature: {@link SIG_FORMAT} while live. */
  sig: number;
  /** A serial number, unique among the arena's formats. */
  readonly serial: number;
  /** The arena the format belongs to. */
  readonly arena: FormatArena;
  /** The number of pools using the format (`poolCount`). */
  poolCount: number;
  /** The alignment of objects, in bytes. */
  readonly align: Align;
  /** The in-band header size, in bytes. */
  readonly headerSize: Size;
  /** The scan method. */
  readonly scan: FormatScanMethod;
  /** The skip method. */
  readonly skip: FormatSkipMethod;
  /** The forward method (the MPS's `move`). */
  readonly fwd: FormatFwdMethod;
  /** The is-forwarded method (the MPS's `isMoved`). */
  readonly isfwd: FormatIsfwdMethod;
  /** The padding method. */
  readonly pad: FormatPadMethod;
  /** The class method. */
  readonly klass: FormatClassMethod;
  /** Which methods the client supplied: a combination of {@link (FormatMethod:variable)} bits. */
  readonly methods: number;

  /** @internal Use {@link createFormat}. */
  constructor(arena: FormatArena, serial: number, opts: FormatOpts) {
    this.arena = arena;
    this.serial = serial;
    this.poolCount = 0;
    this.align = opts.fmtAlign ?? ALIGN_DEFAULT;
    this.headerSize = opts.fmtHeaderSize ?? 0;
    this.scan = opts.fmtScan ?? noScan;
    this.skip = opts.fmtSkip ?? noSkip;
    this.fwd = opts.fmtFwd ?? noFwd;
    this.isfwd = opts.fmtIsfwd ?? noIsfwd;
    this.pad = opts.fmtPad ?? noPad;
    this.klass = opts.fmtClass ?? noClass;
    let methods = 0;
    for (let i = 0; i < METHOD_KEYS.length; i++) if (opts[METHOD_KEYS[i]!] !== undefined) methods |= 1 << i;
    this.methods = methods;
    this.sig = SIG_FORMAT;
  }

  /** Did the client supply every method in `methods` (a combination of {@link (FormatMethod:variable)} bits)? */
  has(methods: number): boolean {
    return (this.methods & methods) === methods;
  }

  /**
   * Throw `PARAM` unless the client supplied every method in `methods`,
   * naming the missing ones and `who` needs them. A pool class calls this
   * when it is made (for example AMC needs scan, skip, fwd, isfwd and pad).
   */
  require(methods: number, who: string): void {
    this.assertLive("require");
    const missing = methods & ~this.methods;
    if (missing !== 0) {
      const names = METHOD_KEYS.filter((_, i) => (missing & (1 << i)) !== 0);
      paramError(`${who} needs a format with ${names.join(", ")}`);
    }
  }

  /** A pool started using the format (the pool's init increments `poolCount`). */
  attach(): void {
    this.assertLive("attach");
    this.poolCount += 1;
  }

  /** A pool stopped using the format (the pool's finish decrements `poolCount`). */
  detach(): void {
    this.assertLive("detach");
    aver(this.poolCount > 0, "Format.detach: a pool was attached");
    this.poolCount -= 1;
  }

  /**
   * Destroy the format (`mps_fmt_destroy`). Throws `PARAM`, changing
   * nothing, if a pool still uses it or it was already destroyed.
   */
  destroy(): void {
    this.assertLive("destroy");
    if (this.poolCount !== 0) paramError(`Format.destroy: the format is still used by ${this.poolCount} pool(s)`);
    const list = this.arena.formats;
    if (CHECKING && list.sig !== SIG_FORMAT_LIST) paramError("Format.destroy: the format's arena was destroyed");
    list.remove(this);
    this.sig = SIG_INVALID;
  }

  /** Check the format (`FormatCheck`). */
  check(): boolean {
    checkS(this, SIG_FORMAT, "Format");
    checkU(this.arena.formats, SIG_FORMAT_LIST, "Format: arena's format list");
    checkL(Number.isSafeInteger(this.poolCount) && this.poolCount >= 0, "Format: poolCount");
    checkL(isPow2(this.align), "Format: align is a power of two");
    checkL(Number.isInteger(this.headerSize) && this.headerSize >= 0, "Format: headerSize");
    checkL(typeof this.scan === "function" && typeof this.skip === "function" && typeof this.fwd === "function", "Format: methods");
    checkL(typeof this.isfwd === "function" && typeof this.pad === "function" && typeof this.klass === "function", "Format: methods");
    checkL(this.methods >= 0 && this.methods < 1 << METHOD_KEYS.length, "Format: methods supplied");
    return true;
  }

  /** Describe the format. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_FORMAT) {
      describeLine(stream, depth, "Format (destroyed)");
      return;
    }
    const supplied = METHOD_KEYS.filter((_, i) => (this.methods & (1 << i)) !== 0);
    describeLine(stream, depth, `Format ${this.serial} {`);
    describeLine(stream, depth + 2, `poolCount ${this.poolCount}`);
    describeLine(stream, depth + 2, `align ${this.align}`);
    describeLine(stream, depth + 2, `headerSize ${this.headerSize}`);
    describeLine(stream, depth + 2, `methods ${supplied.length > 0 ? supplied.join(" ") : "none"}`);
    describeLine(stream, depth, "}");
  }

  // At every level: a format is used when pools are made and destroyed, never on a critical path.
  private assertLive(where: string): void {
    if (this.sig !== SIG_FORMAT) paramError(`Format.${where}: the format was destroyed`);
  }
}

/**
 * The arena's formats (the MPS's `formatRing` and `formatSerial`). The
 * Arena makes one when it is made and finishes it when it is destroyed.
 * @public
 */
export class FormatList implements Inst {
  /** The signature: {@link SIG_FORMAT_LIST} while live. */
  sig: number;
  private readonly formats: Set<Format>;
  private serial: number;

  /** No formats. */
  constructor() {
    this.formats = new Set();
    this.serial = 0;
    this.sig = SIG_FORMAT_LIST;
  }

  /** The number of live formats. */
  get size(): number {
    return this.formats.size;
  }

  /** Is `format` one of this arena's live formats? */
  has(format: Format): boolean {
    return this.formats.has(format);
  }

  /** Visit each live format, oldest first; the visitor may destroy the format it is given. */
  forEach(visit: (format: Format) => void): void {
    for (const f of this.formats) visit(f);
  }

  /** @internal The next serial number. */
  nextSerial(): number {
    return this.serial++;
  }

  /** @internal Add a new format (called by {@link createFormat}). */
  add(format: Format): void {
    this.formats.add(format);
  }

  /** @internal Remove a destroyed format (called by {@link Format.destroy}). */
  remove(format: Format): void {
    aver(this.formats.delete(format), "FormatList.remove: format was on the list");
  }

  /**
   * Finish the list as the arena is destroyed. Throws `PARAM`, changing
   * nothing, if a format has not been destroyed.
   */
  finish(): void {
    if (CHECKING && this.sig !== SIG_FORMAT_LIST) paramError("FormatList.finish: already finished");
    if (this.formats.size > 0) paramError(`FormatList.finish: ${this.formats.size} format(s) not destroyed`);
    this.sig = SIG_INVALID;
  }

  /** Check the list and every format's membership. */
  check(): boolean {
    checkS(this, SIG_FORMAT_LIST, "FormatList");
    checkL(Number.isSafeInteger(this.serial) && this.serial >= this.formats.size, "FormatList: serial");
    for (const f of this.formats) checkL(f.sig === SIG_FORMAT && f.arena.formats === this, "FormatList: format is live and ours");
    return true;
  }

  /** Describe every format. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `FormatList (${this.formats.size} formats) {`);
    for (const f of this.formats) f.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}

/**
 * Make an object format in `arena` (`mps_fmt_create_k`). Every option is
 * optional (see {@link FormatOpts}); each pool class checks that the
 * methods it needs are there. Throws `PARAM`, making nothing, for an
 * unknown option, an alignment that is not a power of two in [1, 2^31], a
 * header size that is not an integer in [0, 2^31), a method option that is
 * not a function, or a destroyed arena. The arena's `createFormat` calls
 * this.
 * @public
 */
export function createFormat(arena: FormatArena, opts: FormatOpts = {}): Format {
  if (arena == null || !(arena.formats instanceof FormatList)) paramError("createFormat: arena must have a FormatList");
  const list = arena.formats;
  if (list.sig !== SIG_FORMAT_LIST) paramError("createFormat: the arena was destroyed");
  if (opts === null || typeof opts !== "object") paramError("createFormat: options must be an object");
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.has(key)) paramError(`createFormat: unknown option ${JSON.stringify(key)}`);
  }
  const { fmtAlign, fmtHeaderSize } = opts;
  if (fmtAlign !== undefined && !(typeof fmtAlign === "number" && isPow2(fmtAlign) && fmtAlign <= 2 ** 31)) {
    paramError(`createFormat: fmtAlign must be a power of two in [1, 2^31], not ${String(fmtAlign)}`);
  }
  if (fmtHeaderSize !== undefined && !(typeof fmtHeaderSize === "number" && Number.isInteger(fmtHeaderSize) && fmtHeaderSize >= 0 && fmtHeaderSize < 2 ** 31)) {
    paramError(`createFormat: fmtHeaderSize must be an integer in [0, 2^31), not ${String(fmtHeaderSize)}`);
  }
  for (const key of METHOD_KEYS) {
    const f = opts[key];
    if (f !== undefined && typeof f !== "function") paramError(`createFormat: ${key} must be a function, not ${typeof f}`);
  }
  const format = new Format(arena, list.nextSerial(), opts);
  list.add(format);
  return format;
}
