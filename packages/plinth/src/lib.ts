/**
 * The library module of the plinth (`mpslib.h`, design.mps.lib): copy, fill and
 * compare blocks of arena memory, read the environment, and the standard output
 * streams. See docs/design/plinth.md `.if.lib.memcpy`.
 * .critical: libMemcpy, libMemset, libMemcmp (pools copy and fill objects with them).
 */

import { CHECKING, paramError, type Addr, type Size, type WriteStream } from "@mps/mpm";

/**
 * Blocks of at most this many bytes are copied, filled and compared with a
 * loop; larger ones with `copyWithin`, `set` and `fill`, whose fixed cost pays
 * off only above it (measured by this package's bench, `.impl.crossover`).
 * @public
 */
export const LIB_LOOP_MAX = 8;

function checkBlock(fn: string, what: string, mem: Uint8Array, base: Addr, size: Size): void {
  if (!(mem instanceof Uint8Array)) paramError(`${fn}: ${what} memory must be a Uint8Array`);
  if (!(Number.isInteger(base) && base >= 0 && base + size <= mem.length)) {
    paramError(`${fn}: ${what} block [${base}, ${base} + ${size}) is not inside memory of ${mem.length} bytes`);
  }
}

function checkSize(fn: string, size: Size): void {
  if (!(Number.isInteger(size) && size >= 0)) paramError(`${fn}: size must be a non-negative integer, not ${size}`);
}

/** Do two blocks in different views overlap in their buffer? */
function overlapping(destMem: Uint8Array, dest: Addr, srcMem: Uint8Array, src: Addr, size: Size): boolean {
  if (destMem.buffer !== srcMem.buffer) return false;
  const d = destMem.byteOffset + dest;
  const s = srcMem.byteOffset + src;
  return d < s + size && s < d + size;
}

/**
 * Copy `size` bytes from `src` in `srcMem` to `dest` in `destMem` (`mps_lib_memcpy`).
 *
 * @remarks
 * The two memories may be the same array (copying within the arena) or
 * different ones (copying a template into the arena). The blocks must not
 * overlap, as in the MPS. Unless the checking level is `rash`, throws
 * `MpsError` `PARAM`, copying nothing, if a block is not inside its memory, the
 * size is not a non-negative integer, or the blocks overlap.
 * Critical path: allocates nothing for blocks up to {@link LIB_LOOP_MAX} bytes.
 * @public
 */
export function libMemcpy(destMem: Uint8Array, dest: Addr, srcMem: Uint8Array, src: Addr, size: Size): void {
  if (CHECKING) {
    checkSize("libMemcpy", size);
    checkBlock("libMemcpy", "destination", destMem, dest, size);
    checkBlock("libMemcpy", "source", srcMem, src, size);
    if (size > 0 && (destMem === srcMem ? dest < src + size && src < dest + size : overlapping(destMem, dest, srcMem, src, size))) {
      paramError(`libMemcpy: the blocks at ${dest} and ${src} of ${size} bytes overlap`);
    }
  }
  if (size <= LIB_LOOP_MAX) {
    for (let i = 0; i < size; i++) destMem[dest + i] = srcMem[src + i]!;
  } else if (destMem === srcMem) {
    destMem.copyWithin(dest, src, src + size);
  } else {
    destMem.set(srcMem.subarray(src, src + size), dest);
  }
}

/**
 * Fill `size` bytes at `dest` in `mem` with `byte` (`mps_lib_memset`).
 *
 * @remarks
 * Unless the checking level is `rash`, throws `MpsError` `PARAM`, writing
 * nothing, if `byte` is not an integer in [0, 255], the size is not a
 * non-negative integer, or the block is not inside `mem`.
 * Critical path: allocates nothing.
 * @public
 */
export function libMemset(mem: Uint8Array, dest: Addr, byte: number, size: Size): void {
  if (CHECKING) {
    if (!(Number.isInteger(byte) && byte >= 0 && byte <= 255)) paramError(`libMemset: byte must be an integer in [0, 255], not ${byte}`);
    checkSize("libMemset", size);
    checkBlock("libMemset", "destination", mem, dest, size);
  }
  if (size <= LIB_LOOP_MAX) {
    for (let i = 0; i < size; i++) mem[dest + i] = byte;
  } else {
    mem.fill(byte, dest, dest + size);
  }
}

/**
 * Compare `size` bytes at `p1` in `mem1` with those at `p2` in `mem2`
 * (`mps_lib_memcmp`): the result is negative, zero or positive as the first
 * block is less than, equal to or greater than the second, comparing bytes as
 * unsigned numbers from the lowest address.
 *
 * @remarks
 * Returns the difference of the first pair of bytes that differ, or 0. The
 * blocks may overlap. Unless the checking level is `rash`, throws `MpsError`
 * `PARAM` if a block is not inside its memory or the size is not a
 * non-negative integer. Critical path: allocates nothing.
 * @public
 */
export function libMemcmp(mem1: Uint8Array, p1: Addr, mem2: Uint8Array, p2: Addr, size: Size): number {
  if (CHECKING) {
    checkSize("libMemcmp", size);
    checkBlock("libMemcmp", "first", mem1, p1, size);
    checkBlock("libMemcmp", "second", mem2, p2, size);
  }
  for (let i = 0; i < size; i++) {
    const d = mem1[p1 + i]! - mem2[p2 + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Read an environment variable (`getenv`, which the ANSI plinth uses for
 * `MPS_TELEMETRY_CONTROL` and `MPS_TELEMETRY_FILENAME`): `process.env[name]`
 * where there is a `process`, otherwise a string property `name` of
 * `globalThis` (so a page can set `globalThis.MPS_TELEMETRY_CONTROL`), otherwise
 * `undefined`.
 * @public
 */
export function libGetenv(name: string): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } } & Record<string, unknown>;
  const v = g.process?.env?.[name];
  if (v !== undefined) return v;
  const w = g[name];
  return typeof w === "string" ? w : undefined;
}

/**
 * A {@link @mps/mpm#WriteStream} that sends text to the console one line at a
 * time: what `stdout` and `stderr` are where there is no `process`.
 * @public
 */
export class ConsoleStream implements WriteStream {
  private pending = "";
  /**
   * @param log - where each complete line goes, such as `console.log`.
   */
  constructor(private readonly log: (line: string) => void) {}

  /** Append `text`; each complete line is passed to the log function. */
  write(text: string): void {
    let s = this.pending + text;
    let nl = s.indexOf("\n");
    while (nl >= 0) {
      this.log(s.slice(0, nl));
      s = s.slice(nl + 1);
      nl = s.indexOf("\n");
    }
    this.pending = s;
  }
}

type HostOut = { write(text: string): unknown };

function hostStream(which: "stdout" | "stderr"): WriteStream {
  const proc = (globalThis as unknown as { process?: Record<string, HostOut | undefined> }).process;
  const out = proc?.[which];
  if (out !== undefined && typeof out.write === "function") return { write: (text: string) => out.write(text) };
  const con = (globalThis as { console?: { log(s: string): void; error(s: string): void } }).console;
  return new ConsoleStream(which === "stdout" ? (s) => con?.log(s) : (s) => con?.error(s));
}

/**
 * The stream for informative output (`mps_lib_get_stdout`): the process's
 * standard output in Node, the console elsewhere.
 * @public
 */
export function libStdout(): WriteStream {
  return hostStream("stdout");
}

/**
 * The stream for reporting errors (`mps_lib_get_stderr`): the process's
 * standard error in Node, the console elsewhere.
 * @public
 */
export function libStderr(): WriteStream {
  return hostStream("stderr");
}
