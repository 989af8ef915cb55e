/**
 * The reader: Scheme text to data. Parsing makes plain JavaScript values
 * (no heap references, so a syntax error leaves the heap untouched); `build`
 * then makes the heap objects, holding every part on the shadow stack.
 * See docs/design/example-scheme.md `.impl.reader`.
 * .critical: none (reading is not on the evaluator's path).
 */

import { SchemeError } from "./errors.js";
import type { Heap } from "./heap.js";
import { FALSE, FIX_MAX, FIX_MIN, TRUE, fix, mkChar } from "./values.js";

/**
 * A datum as read, before it is in the heap.
 * @public
 */
export type Datum =
  | { k: "int"; v: number }
  | { k: "float"; v: number }
  | { k: "str"; v: string }
  | { k: "sym"; v: string }
  | { k: "char"; v: number }
  | { k: "bool"; v: boolean }
  | { k: "list"; items: Datum[]; tail: Datum | null }
  | { k: "vec"; items: Datum[] };

const CHAR_NAMES: Record<string, number> = { space: 32, newline: 10, tab: 9, nul: 0, null: 0, return: 13, linefeed: 10, altmode: 27, escape: 27, backspace: 8, delete: 127, rubout: 127, alarm: 7 };
const DELIM = /[\s()[\]";']/;

/**
 * Parse every datum of `text`. Throws SchemeError on bad syntax; with
 * `partial`, an incomplete last datum throws an error whose `incomplete` is true
 * (the REPL then reads another line).
 * @public
 */
export function parse(text: string, ends?: number[]): Datum[] {
  let pos = 0;
  let line = 1;
  const fail = (msg: string, incomplete = false): never => {
    const e = new SchemeError(`syntax error on line ${line}: ${msg}`) as SchemeError & { incomplete?: boolean };
    e.incomplete = incomplete;
    throw e;
  };
  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === "\n") { line++; pos++; }
      else if (c === " " || c === "\t" || c === "\r" || c === "\f") pos++;
      else if (c === ";") { while (pos < text.length && text[pos] !== "\n") pos++; }
      else if (c === "#" && text[pos + 1] === "|") {
        const end = text.indexOf("|#", pos + 2);
        if (end < 0) fail("unterminated block comment", true);
        for (let k = pos; k < end; k++) if (text[k] === "\n") line++;
        pos = end + 2;
      } else if (c === "#" && text[pos + 1] === ";") {
        pos += 2;
        read(); // datum comment: read and drop
      } else break;
    }
  };
  const atom = (): string => {
    const start = pos;
    while (pos < text.length && !DELIM.test(text[pos]!)) pos++;
    return text.slice(start, pos);
  };
  const read = (): Datum => {
    skipSpace();
    if (pos >= text.length) fail("unexpected end of input", true);
    const c = text[pos]!;
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      pos++;
      const items: Datum[] = [];
      let tail: Datum | null = null;
      for (;;) {
        skipSpace();
        if (pos >= text.length) fail(`missing ${close}`, true);
        const d = text[pos]!;
        if (d === ")" || d === "]") {
          if (d !== close) fail(`${d} closes a list opened with ${c}`);
          pos++;
          break;
        }
        if (d === "." && (pos + 1 >= text.length || DELIM.test(text[pos + 1]!))) {
          if (items.length === 0) fail("nothing before . in a list");
          pos++;
          tail = read();
          skipSpace();
          if (pos >= text.length) fail(`missing ${close}`, true);
          if (text[pos] !== close) fail("more than one datum after . in a list");
          pos++;
          break;
        }
        items.push(read());
      }
      return { k: "list", items, tail };
    }
    if (c === ")" || c === "]") {
      pos++;
      fail(`unexpected ${c}`);
    }
    if (c === "'" || c === "`" || c === ",") {
      pos++;
      let name = c === "'" ? "quote" : c === "`" ? "quasiquote" : "unquote";
      if (c === "," && text[pos] === "@") { pos++; name = "unquote-splicing"; }
      return { k: "list", items: [{ k: "sym", v: name }, read()], tail: null };
    }
    if (c === '"') {
      pos++;
      let s = "";
      for (;;) {
        if (pos >= text.length) fail("unterminated string", true);
        const d = text[pos++]!;
        if (d === '"') break;
        if (d === "\n") line++;
        if (d === "\\") {
          const e = text[pos++];
          if (e === undefined) fail("unterminated string", true);
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "a" ? "\x07" : e === "0" ? "\0" : e!;
        } else s += d;
      }
      return { k: "str", v: s };
    }
    if (c === "#") {
      if (text[pos + 1] === "(") {
        pos++;
        const l = read() as { k: "list"; items: Datum[]; tail: Datum | null };
        if (l.tail !== null) fail("a vector cannot have a dotted tail");
        return { k: "vec", items: l.items };
      }
      if (text[pos + 1] === "\\") {
        pos += 2;
        const start = pos;
        pos++; // at least one character, even a delimiter
        while (pos < text.length && !DELIM.test(text[pos]!)) pos++;
        const name = text.slice(start, pos);
        if (name.length === 1) return { k: "char", v: name.charCodeAt(0) };
        const named = CHAR_NAMES[name.toLowerCase()];
        if (named !== undefined) return { k: "char", v: named };
        if (/^x[0-9a-f]+$/i.test(name)) return { k: "char", v: parseInt(name.slice(1), 16) };
        if ([...name].length === 1) return { k: "char", v: name.codePointAt(0)! };
        return fail(`unknown character name #\\${name}`);
      }
      const a = atom();
      if (a === "#t" || a === "#true") return { k: "bool", v: true };
      if (a === "#f" || a === "#false") return { k: "bool", v: false };
      const n = parseNumber(a);
      if (n !== null) return n;
      return fail(`unknown syntax ${a}`);
    }
    const a = atom();
    if (a === "") fail(`unexpected ${c}`);
    const n = parseNumber(a);
    if (n !== null) return n;
    if (a.includes("|")) fail(`bad symbol ${a}`);
    return { k: "sym", v: a.toLowerCase() };
  };
  const out: Datum[] = [];
  for (;;) {
    skipSpace();
    if (pos >= text.length) return out;
    out.push(read());
    ends?.push(pos);
  }
}

/**
 * The number a token denotes, or null.
 * @public
 */
export function parseNumber(a: string): Datum | null {
  let radix = 10;
  let exactness = "";
  while (a.length >= 2 && a[0] === "#") {
    const p = a[1]!.toLowerCase();
    if (p === "x") radix = 16;
    else if (p === "b") radix = 2;
    else if (p === "o") radix = 8;
    else if (p === "d") radix = 10;
    else if (p === "e" || p === "i") exactness = p;
    else return null;
    a = a.slice(2);
  }
  let d: Datum | null = null;
  if (radix === 10 && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(a)) {
    const x = Number(a);
    d = /[.e]/i.test(a) ? { k: "float", v: x } : { k: "int", v: x };
  } else if (radix !== 10) {
    const digits = radix === 16 ? /^[+-]?[0-9a-f]+$/i : radix === 8 ? /^[+-]?[0-7]+$/ : /^[+-]?[01]+$/;
    if (digits.test(a)) d = { k: "int", v: parseInt(a, radix) };
  }
  if (d === null) return null;
  if (exactness === "i" && d.k === "int") return { k: "float", v: d.v };
  if (exactness === "e" && d.k === "float" && Number.isInteger(d.v)) return { k: "int", v: d.v };
  return d;
}

/**
 * Make the heap objects of a datum and push the result on the shadow stack.
 * @public
 */
export function build(h: Heap, d: Datum): void {
  switch (d.k) {
    case "int":
      h.push(d.v >= FIX_MIN && d.v <= FIX_MAX ? fix(d.v) : h.makeFloat(d.v));
      return;
    case "float":
      h.push(h.makeFloat(d.v));
      return;
    case "str":
      h.push(h.makeString(d.v, d.v.length));
      return;
    case "sym":
      h.push(h.intern(d.v));
      return;
    case "char":
      h.push(mkChar(d.v));
      return;
    case "bool":
      h.push(d.v ? TRUE : FALSE);
      return;
    case "vec":
      for (const x of d.items) build(h, x);
      h.push(h.vectorTop(d.items.length));
      return;
    case "list":
      for (const x of d.items) build(h, x);
      if (d.tail !== null) {
        build(h, d.tail);
        h.listTop(d.items.length + 1, true);
      } else h.listTop(d.items.length);
      return;
  }
}
