/**
 * The basics of the class protocol (design.mps.protocol): every long-lived
 * structure has a signature, a check method and a describe method, and is
 * initialised and finished in matching pairs, subclasses calling `super`
 * first on init and last on finish. See docs/design/mpm.md `.protocol`.
 */

import { SIG_INVALID, type Signed } from "./check.js";

/**
 * Where `describe` writes: a sink for text, such as the plinth's I/O stream,
 * `process.stdout`, or a {@link StringStream}.
 * @public
 */
export interface WriteStream {
  /** Append `text` to the stream. */
  write(text: string): unknown;
}

/**
 * A {@link WriteStream} that collects text in memory.
 * @public
 */
export class StringStream implements WriteStream {
  private parts: string[] = [];
  /** Append `text`. */
  write(text: string): void {
    this.parts.push(text);
  }
  /** Everything written so far. */
  toString(): string {
    return this.parts.join("");
  }
}

/**
 * What every protocol instance offers.
 * @public
 */
export interface Inst extends Signed {
  /**
   * Check the structure's consistency: every field, in declaration order, with
   * the check helpers. Returns true, or reports through the assertion handler.
   */
  check(): boolean;
  /**
   * Write a readable account of the structure to `stream`, indented by `depth` spaces.
   */
  describe(stream: WriteStream, depth?: number): void;
}

/**
 * Write one line of a description, indented by `depth` spaces.
 * @public
 */
export function describeLine(stream: WriteStream, depth: number, text: string): void {
  stream.write(`${" ".repeat(depth)}${text}\n`);
}

/**
 * Finish a structure's signature: the last step of every `finish`. After it,
 * any checked use fails its signature check.
 * @public
 */
export function sigFinish(obj: Signed): void {
  obj.sig = SIG_INVALID;
}

/**
 * Describe `inst` into a string (for debugging and tests).
 * @public
 */
export function describeToString(inst: Pick<Inst, "describe">): string {
  const s = new StringStream();
  inst.describe(s, 0);
  return s.toString();
}
