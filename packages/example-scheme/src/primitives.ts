/**
 * The primitives: procedures written in TypeScript. Each receives its
 * arguments as slots of the shadow stack (so they survive any allocation
 * it makes) and returns its value. See docs/design/example-scheme.md `.impl.prims`.
 * .critical: the arithmetic and list primitives (called on most steps of a program).
 */

import type { Addr } from "@mps/mps";
import { SchemeError } from "./errors.js";
import type { Interp } from "./interp.js";
import { G_CONSOLE } from "./globals.js";
import { formatFloat, toText } from "./printer.js";
import { build, parse, parseNumber } from "./reader.js";
import {
  EOF, FALSE, FIX_MAX, FIX_MIN, NIL, TRUE, UNSPEC, T_CLOSURE, T_FLOAT, T_PORT, T_PRIM, T_STRING,
  T_TABLE, T_VECTOR, TABLE_EQ, TABLE_EQUAL, TABLE_EQV, charCode, fix, isChar, isFix, mkChar, unfix,
} from "./values.js";

/**
 * A primitive: its name, arity, and the function that runs it.
 * @public
 */
export interface PrimEntry {
  /** The name it is bound to. */
  name: string;
  /** The fewest arguments. */
  min: number;
  /** The most arguments (Infinity for any number). */
  max: number;
  /** Run it: `argc` arguments in the shadow stack's slots from `argv`. */
  fn: (argc: number, argv: Addr) => number;
}

/**
 * A port's state, kept outside the heap; the port object holds its number.
 * @public
 */
export interface PortState {
  /** Input text, or null for an output port. */
  input: string | null;
  /** Position in the input. */
  pos: number;
  /** Output written so far (for string and file ports). */
  output: string[] | null;
  /** The file an output port writes when closed, if any. */
  file: string | null;
  /** Whether the port is open. */
  open: boolean;
  /** Whether it is the console. */
  console: boolean;
  /** How it was closed: "explicitly", "by finalization" or "" while open. */
  closedHow: string;
}


/**
 * Install every primitive of the interpreter as a global.
 * @public
 */
export function installPrimitives(I: Interp): void {
  const h = I.heap;
  const u32 = h.u32;
  const arg = (argv: Addr, i: number): number => u32[(argv >>> 2) + i]!;
  const def = (name: string, min: number, max: number, fn: PrimEntry["fn"]): void => {
    const index = I.prims.length;
    I.prims.push({ name, min, max, fn });
    const s = h.push(h.intern(name));
    h.push(h.make4(T_PRIM, s, index, 0));
    I.defineGlobal(name, h.sp - 4);
    h.sp -= 8;
  };
  const err = (who: string, msg: string): never => {
    throw new SchemeError(`${who}: ${msg}`);
  };
  const show = (v: number): string => toText(h, v, false);
  const bool = (b: boolean): number => (b ? TRUE : FALSE);

  // --- numbers ------------------------------------------------------------
  const isNum = (w: number): boolean => isFix(w) || h.typeOf(w) === T_FLOAT;
  const num = (who: string, w: number): number => {
    if (isFix(w)) return unfix(w);
    if (h.typeOf(w) === T_FLOAT) return h.floatValue(w);
    return err(who, `not a number: ${show(w)}`);
  };
  const int = (who: string, w: number): number => {
    if (isFix(w)) return unfix(w);
    if (h.typeOf(w) === T_FLOAT && Number.isInteger(h.floatValue(w))) return h.floatValue(w);
    return err(who, `not an integer: ${show(w)}`);
  };
  const index = (who: string, w: number, limit: number): number => {
    if (!isFix(w) || unfix(w) < 0 || unfix(w) >= limit) return err(who, `index out of range: ${show(w)}`);
    return unfix(w);
  };
  /** A number as a value: exact integers in range are small integers, everything else a float. */
  const mkNum = (x: number, exact: boolean): number => (exact && Number.isInteger(x) && x >= FIX_MIN && x <= FIX_MAX ? fix(x) : h.makeFloat(x));
  const exactAll = (argc: number, argv: Addr): boolean => {
    for (let i = 0; i < argc; i++) if (!isFix(arg(argv, i))) return false;
    return true;
  };
  def("+", 0, Infinity, (argc, argv) => {
    let s = 0;
    for (let i = 0; i < argc; i++) s += num("+", arg(argv, i));
    return mkNum(s, exactAll(argc, argv));
  });
  def("*", 0, Infinity, (argc, argv) => {
    let s = 1;
    for (let i = 0; i < argc; i++) s *= num("*", arg(argv, i));
    return mkNum(s, exactAll(argc, argv));
  });
  def("-", 1, Infinity, (argc, argv) => {
    let s = num("-", arg(argv, 0));
    if (argc === 1) s = -s;
    for (let i = 1; i < argc; i++) s -= num("-", arg(argv, i));
    return mkNum(s, exactAll(argc, argv));
  });
  def("/", 1, Infinity, (argc, argv) => {
    let s = num("/", arg(argv, 0));
    if (argc === 1) {
      if (s === 0 && isFix(arg(argv, 0))) err("/", "division by zero");
      s = 1 / s;
    }
    for (let i = 1; i < argc; i++) {
      const d = num("/", arg(argv, i));
      if (d === 0 && exactAll(argc, argv)) err("/", "division by zero");
      s /= d;
    }
    return mkNum(s, exactAll(argc, argv));
  });
  const compare = (name: string, ok: (a: number, b: number) => boolean): void =>
    def(name, 1, Infinity, (argc, argv) => {
      for (let i = 0; i < argc; i++) num(name, arg(argv, i));
      for (let i = 0; i + 1 < argc; i++) if (!ok(num(name, arg(argv, i)), num(name, arg(argv, i + 1)))) return FALSE;
      return TRUE;
    });
  compare("=", (a, b) => a === b);
  compare("<", (a, b) => a < b);
  compare(">", (a, b) => a > b);
  compare("<=", (a, b) => a <= b);
  compare(">=", (a, b) => a >= b);
  const intOp = (name: string, f: (a: number, b: number) => number): void =>
    def(name, 2, 2, (_argc, argv) => {
      const a = int(name, arg(argv, 0));
      const b = int(name, arg(argv, 1));
      if (b === 0) err(name, "division by zero");
      return mkNum(f(a, b), isFix(arg(argv, 0)) && isFix(arg(argv, 1)));
    });
  intOp("quotient", (a, b) => Math.trunc(a / b));
  intOp("remainder", (a, b) => a % b);
  intOp("modulo", (a, b) => ((a % b) + b) % b);
  const unary = (name: string, f: (x: number) => number, keepExact: boolean): void =>
    def(name, 1, 1, (_argc, argv) => mkNum(f(num(name, arg(argv, 0))), keepExact && isFix(arg(argv, 0))));
  unary("abs", Math.abs, true);
  unary("floor", Math.floor, true);
  unary("ceiling", Math.ceil, true);
  unary("truncate", Math.trunc, true);
  unary("round", (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // halves to even
  }, true);
  unary("exp", Math.exp, false);
  unary("log", Math.log, false);
  unary("sin", Math.sin, false);
  unary("cos", Math.cos, false);
  unary("tan", Math.tan, false);
  unary("exact->inexact", (x) => x, false);
  unary("inexact", (x) => x, false);
  def("atan", 1, 2, (argc, argv) => h.makeFloat(argc === 1 ? Math.atan(num("atan", arg(argv, 0))) : Math.atan2(num("atan", arg(argv, 0)), num("atan", arg(argv, 1)))));
  def("sqrt", 1, 1, (_argc, argv) => {
    const x = num("sqrt", arg(argv, 0));
    const r = Math.sqrt(x);
    return mkNum(r, isFix(arg(argv, 0)) && Number.isInteger(r));
  });
  def("expt", 2, 2, (_argc, argv) => {
    const b = num("expt", arg(argv, 0));
    const e = num("expt", arg(argv, 1));
    return mkNum(b ** e, isFix(arg(argv, 0)) && isFix(arg(argv, 1)) && e >= 0);
  });
  const inexactToExact = (_argc: number, argv: Addr): number => {
    const x = num("inexact->exact", arg(argv, 0));
    if (!Number.isInteger(x)) return mkNum(Math.round(x), true);
    return mkNum(x, true);
  };
  def("inexact->exact", 1, 1, inexactToExact);
  def("exact", 1, 1, inexactToExact);
  def("max", 1, Infinity, (argc, argv) => {
    let m = -Infinity;
    for (let i = 0; i < argc; i++) m = Math.max(m, num("max", arg(argv, i)));
    return mkNum(m, exactAll(argc, argv));
  });
  def("min", 1, Infinity, (argc, argv) => {
    let m = Infinity;
    for (let i = 0; i < argc; i++) m = Math.min(m, num("min", arg(argv, i)));
    return mkNum(m, exactAll(argc, argv));
  });
  const gcd = (a: number, b: number): number => {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b !== 0) [a, b] = [b, a % b];
    return a;
  };
  def("gcd", 0, Infinity, (argc, argv) => {
    let g = 0;
    for (let i = 0; i < argc; i++) g = gcd(g, int("gcd", arg(argv, i)));
    return mkNum(g, true);
  });
  def("lcm", 0, Infinity, (argc, argv) => {
    let l = 1;
    for (let i = 0; i < argc; i++) {
      const x = Math.abs(int("lcm", arg(argv, i)));
      l = x === 0 ? 0 : (l / gcd(l, x)) * x;
    }
    return mkNum(l, true);
  });
  def("number?", 1, 1, (_argc, argv) => bool(isNum(arg(argv, 0))));
  def("real?", 1, 1, (_argc, argv) => bool(isNum(arg(argv, 0))));
  def("integer?", 1, 1, (_argc, argv) => bool(isFix(arg(argv, 0)) || (h.typeOf(arg(argv, 0)) === T_FLOAT && Number.isInteger(h.floatValue(arg(argv, 0))))));
  def("exact?", 1, 1, (_argc, argv) => (num("exact?", arg(argv, 0)), bool(isFix(arg(argv, 0)))));
  def("inexact?", 1, 1, (_argc, argv) => (num("inexact?", arg(argv, 0)), bool(!isFix(arg(argv, 0)))));
  def("zero?", 1, 1, (_argc, argv) => bool(num("zero?", arg(argv, 0)) === 0));
  def("positive?", 1, 1, (_argc, argv) => bool(num("positive?", arg(argv, 0)) > 0));
  def("negative?", 1, 1, (_argc, argv) => bool(num("negative?", arg(argv, 0)) < 0));
  def("odd?", 1, 1, (_argc, argv) => bool(Math.abs(int("odd?", arg(argv, 0)) % 2) === 1));
  def("even?", 1, 1, (_argc, argv) => bool(int("even?", arg(argv, 0)) % 2 === 0));
  def("number->string", 1, 2, (argc, argv) => {
    const w = arg(argv, 0);
    const x = num("number->string", w);
    const radix = argc === 2 ? int("number->string", arg(argv, 1)) : 10;
    const s = isFix(w) ? x.toString(radix) : formatFloat(x);
    return h.makeString(s, s.length);
  });
  def("string->number", 1, 2, (argc, argv) => {
    const s = str("string->number", arg(argv, 0));
    const radix = argc === 2 ? int("string->number", arg(argv, 1)) : 10;
    const d = parseNumber(radix === 10 ? s : `#${radix === 16 ? "x" : radix === 8 ? "o" : "b"}${s}`);
    if (d === null) return FALSE;
    return mkNum((d as { v: number }).v, d.k === "int");
  });
  let seed = 12345;
  def("random", 1, 1, (_argc, argv) => {
    const n = int("random", arg(argv, 0));
    if (n <= 0) err("random", "the range must be positive");
    seed = (seed * 48271) % 2147483647;
    return mkNum(seed % n, true);
  });

  // --- booleans and equivalence -------------------------------------------
  def("not", 1, 1, (_argc, argv) => bool(arg(argv, 0) === FALSE));
  def("boolean?", 1, 1, (_argc, argv) => bool(arg(argv, 0) === TRUE || arg(argv, 0) === FALSE));
  def("eq?", 2, 2, (_argc, argv) => bool(arg(argv, 0) === arg(argv, 1)));
  def("eqv?", 2, 2, (_argc, argv) => bool(h.eqv(arg(argv, 0), arg(argv, 1))));
  def("equal?", 2, 2, (_argc, argv) => bool(h.equal(arg(argv, 0), arg(argv, 1))));
  def("procedure?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_CLOSURE || h.typeOf(arg(argv, 0)) === T_PRIM));

  // --- pairs and lists -----------------------------------------------------
  const pair = (who: string, w: number): number => (h.isPair(w) ? w : err(who, `not a pair: ${show(w)}`));
  /** Push the elements of a proper list; returns how many. Allocates nothing. */
  const pushList = (who: string, l: number): number => {
    let n = 0;
    while (h.isPair(l)) {
      h.push(h.car(l));
      l = h.cdr(l);
      n++;
    }
    if (l !== NIL) err(who, `not a proper list`);
    return n;
  };
  def("cons", 2, 2, (_argc, argv) => h.cons(argv, argv + 4));
  def("car", 1, 1, (_argc, argv) => h.car(pair("car", arg(argv, 0))));
  def("cdr", 1, 1, (_argc, argv) => h.cdr(pair("cdr", arg(argv, 0))));
  for (const path of ["aa", "ad", "da", "dd", "add", "ddd", "adr", "dda", "aad", "dad", "ada", "daa", "addd", "dddd"]) {
    const name = `c${path}r`;
    def(name, 1, 1, (_argc, argv) => {
      let w = arg(argv, 0);
      for (let k = path.length - 1; k >= 0; k--) w = path[k] === "a" ? h.car(pair(name, w)) : h.cdr(pair(name, w));
      return w;
    });
  }
  def("set-car!", 2, 2, (_argc, argv) => (h.setRef(pair("set-car!", arg(argv, 0)) + 4, arg(argv, 1)), UNSPEC));
  def("set-cdr!", 2, 2, (_argc, argv) => (h.setRef(pair("set-cdr!", arg(argv, 0)) + 8, arg(argv, 1)), UNSPEC));
  def("pair?", 1, 1, (_argc, argv) => bool(h.isPair(arg(argv, 0))));
  def("null?", 1, 1, (_argc, argv) => bool(arg(argv, 0) === NIL));
  def("list?", 1, 1, (_argc, argv) => {
    let slow = arg(argv, 0);
    let fast = slow;
    for (;;) {
      if (fast === NIL) return TRUE;
      if (!h.isPair(fast)) return FALSE;
      fast = h.cdr(fast);
      if (fast === NIL) return TRUE;
      if (!h.isPair(fast)) return FALSE;
      fast = h.cdr(fast);
      slow = h.cdr(slow);
      if (fast === slow) return FALSE;
    }
  });
  def("list", 0, Infinity, (argc) => {
    h.listTop(argc);
    return h.pop();
  });
  def("length", 1, 1, (_argc, argv) => {
    let n = 0;
    let l = arg(argv, 0);
    while (h.isPair(l)) {
      n++;
      l = h.cdr(l);
    }
    if (l !== NIL) err("length", `not a proper list: ${show(arg(argv, 0))}`);
    return fix(n);
  });
  def("append", 0, Infinity, (argc, argv) => {
    if (argc === 0) return NIL;
    const acc = h.push(arg(argv, argc - 1));
    for (let i = argc - 2; i >= 0; i--) {
      const m = pushList("append", arg(argv, i));
      h.push(h.at(acc));
      h.listTop(m + 1, true);
      u32[acc >>> 2] = h.pop();
    }
    return h.pop();
  });
  def("reverse", 1, 1, (_argc, argv) => {
    const acc = h.push(NIL);
    const l = h.push(arg(argv, 0));
    while (h.isPair(h.at(l))) {
      const e = h.push(h.car(h.at(l)));
      u32[acc >>> 2] = h.cons(e, acc);
      h.pop();
      u32[l >>> 2] = h.cdr(h.at(l));
    }
    if (h.at(l) !== NIL) err("reverse", `not a proper list: ${show(arg(argv, 0))}`);
    h.pop();
    return h.pop();
  });
  def("list-tail", 2, 2, (_argc, argv) => {
    let l = arg(argv, 0);
    for (let k = int("list-tail", arg(argv, 1)); k > 0; k--) l = h.cdr(pair("list-tail", l));
    return l;
  });
  def("list-ref", 2, 2, (_argc, argv) => {
    let l = arg(argv, 0);
    for (let k = int("list-ref", arg(argv, 1)); k > 0; k--) l = h.cdr(pair("list-ref", l));
    return h.car(pair("list-ref", l));
  });
  const mem = (name: string, same: (a: number, b: number) => boolean): void =>
    def(name, 2, 2, (_argc, argv) => {
      for (let l = arg(argv, 1); h.isPair(l); l = h.cdr(l)) if (same(arg(argv, 0), h.car(l))) return l;
      return FALSE;
    });
  mem("memq", (a, b) => a === b);
  mem("memv", (a, b) => h.eqv(a, b));
  mem("member", (a, b) => h.equal(a, b));
  const ass = (name: string, same: (a: number, b: number) => boolean): void =>
    def(name, 2, 2, (_argc, argv) => {
      for (let l = arg(argv, 1); h.isPair(l); l = h.cdr(l)) {
        const e = h.car(l);
        if (h.isPair(e) && same(arg(argv, 0), h.car(e))) return e;
      }
      return FALSE;
    });
  ass("assq", (a, b) => a === b);
  ass("assv", (a, b) => h.eqv(a, b));
  ass("assoc", (a, b) => h.equal(a, b));

  // --- symbols -------------------------------------------------------------
  const str = (who: string, w: number): string => (h.typeOf(w) === T_STRING ? h.stringValue(w) : err(who, `not a string: ${show(w)}`));
  def("symbol?", 1, 1, (_argc, argv) => bool(h.isSymbol(arg(argv, 0))));
  def("symbol->string", 1, 1, (_argc, argv) => {
    const w = arg(argv, 0);
    if (!h.isSymbol(w)) err("symbol->string", `not a symbol: ${show(w)}`);
    const s = h.symbolName(w);
    return h.makeString(s, s.length);
  });
  def("string->symbol", 1, 1, (_argc, argv) => h.intern(str("string->symbol", arg(argv, 0))));
  let gensyms = 0;
  def("gensym", 0, 0, () => {
    gensyms++;
    return h.makeSymbol(`g${gensyms}`);
  });

  // --- characters ----------------------------------------------------------
  const chr = (who: string, w: number): number => (isChar(w) ? charCode(w) : err(who, `not a character: ${show(w)}`));
  def("char?", 1, 1, (_argc, argv) => bool(isChar(arg(argv, 0))));
  def("char->integer", 1, 1, (_argc, argv) => fix(chr("char->integer", arg(argv, 0))));
  def("integer->char", 1, 1, (_argc, argv) => {
    const n = int("integer->char", arg(argv, 0));
    if (n < 0 || n > 0x10ffff) err("integer->char", `not a code point: ${n}`);
    return mkChar(n);
  });
  const charCmp = (name: string, f: (a: number, b: number) => boolean, fold: boolean): void =>
    def(name, 1, Infinity, (argc, argv) => {
      const c = (i: number): number => {
        const x = chr(name, arg(argv, i));
        return fold ? String.fromCodePoint(x).toLowerCase().codePointAt(0)! : x;
      };
      for (let i = 0; i < argc; i++) c(i);
      for (let i = 0; i + 1 < argc; i++) if (!f(c(i), c(i + 1))) return FALSE;
      return TRUE;
    });
  charCmp("char=?", (a, b) => a === b, false);
  charCmp("char<?", (a, b) => a < b, false);
  charCmp("char>?", (a, b) => a > b, false);
  charCmp("char<=?", (a, b) => a <= b, false);
  charCmp("char>=?", (a, b) => a >= b, false);
  charCmp("char-ci=?", (a, b) => a === b, true);
  const charTest = (name: string, re: RegExp): void => def(name, 1, 1, (_argc, argv) => bool(re.test(String.fromCodePoint(chr(name, arg(argv, 0))))));
  charTest("char-alphabetic?", /^\p{L}$/u);
  charTest("char-numeric?", /^\p{Nd}$/u);
  charTest("char-whitespace?", /^\s$/u);
  charTest("char-upper-case?", /^\p{Lu}$/u);
  charTest("char-lower-case?", /^\p{Ll}$/u);
  def("char-upcase", 1, 1, (_argc, argv) => mkChar(String.fromCodePoint(chr("char-upcase", arg(argv, 0))).toUpperCase().codePointAt(0)!));
  def("char-downcase", 1, 1, (_argc, argv) => mkChar(String.fromCodePoint(chr("char-downcase", arg(argv, 0))).toLowerCase().codePointAt(0)!));

  // --- strings -------------------------------------------------------------
  const strObj = (who: string, w: number): number => (h.typeOf(w) === T_STRING ? w : err(who, `not a string: ${show(w)}`));
  const mkStr = (s: string): number => h.makeString(s, s.length);
  def("string?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_STRING));
  def("make-string", 1, 2, (argc, argv) => {
    const n = int("make-string", arg(argv, 0));
    return h.makeString(null, n, argc === 2 ? chr("make-string", arg(argv, 1)) : 32);
  });
  def("string", 0, Infinity, (argc, argv) => {
    let s = "";
    for (let i = 0; i < argc; i++) s += String.fromCharCode(chr("string", arg(argv, i)));
    return mkStr(s);
  });
  def("string-length", 1, 1, (_argc, argv) => fix(u32[(strObj("string-length", arg(argv, 0)) + 4) >>> 2]!));
  def("string-ref", 2, 2, (_argc, argv) => {
    const s = strObj("string-ref", arg(argv, 0));
    const k = index("string-ref", arg(argv, 1), u32[(s + 4) >>> 2]!);
    return mkChar(h.u16[((s + 8) >>> 1) + k]!);
  });
  def("string-set!", 3, 3, (_argc, argv) => {
    const s = strObj("string-set!", arg(argv, 0));
    const k = index("string-set!", arg(argv, 1), u32[(s + 4) >>> 2]!);
    h.u16[((s + 8) >>> 1) + k] = chr("string-set!", arg(argv, 2)); // characters are not references: no barrier
    return UNSPEC;
  });
  def("substring", 2, 3, (argc, argv) => {
    const s = str("substring", arg(argv, 0));
    const a = int("substring", arg(argv, 1));
    const b = argc === 3 ? int("substring", arg(argv, 2)) : s.length;
    if (!(0 <= a && a <= b && b <= s.length)) err("substring", `bad range ${a} to ${b} of a string of length ${s.length}`);
    return mkStr(s.slice(a, b));
  });
  def("string-append", 0, Infinity, (argc, argv) => {
    let s = "";
    for (let i = 0; i < argc; i++) s += str("string-append", arg(argv, i));
    return mkStr(s);
  });
  def("string-copy", 1, 1, (_argc, argv) => mkStr(str("string-copy", arg(argv, 0))));
  def("string->list", 1, 1, (_argc, argv) => {
    const s = str("string->list", arg(argv, 0));
    for (let k = 0; k < s.length; k++) h.push(mkChar(s.charCodeAt(k)));
    h.listTop(s.length);
    return h.pop();
  });
  def("list->string", 1, 1, (_argc, argv) => {
    let s = "";
    let l = arg(argv, 0);
    for (; h.isPair(l); l = h.cdr(l)) s += String.fromCharCode(chr("list->string", h.car(l)));
    if (l !== NIL) err("list->string", "not a proper list");
    return mkStr(s);
  });
  def("string-upcase", 1, 1, (_argc, argv) => mkStr(str("string-upcase", arg(argv, 0)).toUpperCase()));
  def("string-downcase", 1, 1, (_argc, argv) => mkStr(str("string-downcase", arg(argv, 0)).toLowerCase()));
  def("string-fill!", 2, 2, (_argc, argv) => {
    const s = strObj("string-fill!", arg(argv, 0));
    const i = (s + 8) >>> 1;
    h.u16.fill(chr("string-fill!", arg(argv, 1)), i, i + u32[(s + 4) >>> 2]!);
    return UNSPEC;
  });
  const strCmp = (name: string, f: (a: string, b: string) => boolean, fold: boolean): void =>
    def(name, 1, Infinity, (argc, argv) => {
      const s = (i: number): string => (fold ? str(name, arg(argv, i)).toLowerCase() : str(name, arg(argv, i)));
      for (let i = 0; i < argc; i++) s(i);
      for (let i = 0; i + 1 < argc; i++) if (!f(s(i), s(i + 1))) return FALSE;
      return TRUE;
    });
  strCmp("string=?", (a, b) => a === b, false);
  strCmp("string<?", (a, b) => a < b, false);
  strCmp("string>?", (a, b) => a > b, false);
  strCmp("string<=?", (a, b) => a <= b, false);
  strCmp("string>=?", (a, b) => a >= b, false);
  strCmp("string-ci=?", (a, b) => a === b, true);

  // --- vectors -------------------------------------------------------------
  const vec = (who: string, w: number): number => (h.typeOf(w) === T_VECTOR ? w : err(who, `not a vector: ${show(w)}`));
  def("vector?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_VECTOR));
  def("make-vector", 1, 2, (argc, argv) => {
    const n = int("make-vector", arg(argv, 0));
    if (n < 0) err("make-vector", `bad length ${n}`);
    return h.makeVector(n, argc === 2 ? argv + 4 : h.push(FALSE));
  });
  def("vector", 0, Infinity, (argc) => h.vectorTop(argc));
  def("vector-length", 1, 1, (_argc, argv) => fix(u32[(vec("vector-length", arg(argv, 0)) + 4) >>> 2]!));
  def("vector-ref", 2, 2, (_argc, argv) => {
    const v = vec("vector-ref", arg(argv, 0));
    return h.ref(v + 8 + 4 * index("vector-ref", arg(argv, 1), u32[(v + 4) >>> 2]!));
  });
  def("vector-set!", 3, 3, (_argc, argv) => {
    const v = vec("vector-set!", arg(argv, 0));
    h.setRef(v + 8 + 4 * index("vector-set!", arg(argv, 1), u32[(v + 4) >>> 2]!), arg(argv, 2));
    return UNSPEC;
  });
  def("vector->list", 1, 1, (_argc, argv) => {
    const v = vec("vector->list", arg(argv, 0));
    const n = u32[(v + 4) >>> 2]!;
    for (let k = 0; k < n; k++) h.push(h.ref(v + 8 + 4 * k));
    h.listTop(n);
    return h.pop();
  });
  def("list->vector", 1, 1, (_argc, argv) => h.vectorTop(pushList("list->vector", arg(argv, 0))));
  def("vector-fill!", 2, 2, (_argc, argv) => {
    const v = vec("vector-fill!", arg(argv, 0));
    const n = u32[(v + 4) >>> 2]!;
    for (let k = 0; k < n; k++) h.setRef(v + 8 + 4 * k, arg(argv, 1));
    return UNSPEC;
  });

  // --- hash tables ---------------------------------------------------------
  const table = (who: string, w: number): number => (h.typeOf(w) === T_TABLE ? w : err(who, `not a hash table: ${show(w)}`));
  const sizeArg = (who: string, argc: number, argv: Addr): number => (argc > 0 ? int(who, arg(argv, 0)) : 8);
  def("make-eq-hashtable", 0, 1, (argc, argv) => h.makeTable(TABLE_EQ, sizeArg("make-eq-hashtable", argc, argv)));
  def("make-eqv-hashtable", 0, 1, (argc, argv) => h.makeTable(TABLE_EQV, sizeArg("make-eqv-hashtable", argc, argv)));
  def("make-equal-hashtable", 0, 1, (argc, argv) => h.makeTable(TABLE_EQUAL, sizeArg("make-equal-hashtable", argc, argv)));
  def("make-weak-eq-hashtable", 0, 1, (argc, argv) => h.makeTable(TABLE_EQ, sizeArg("make-weak-eq-hashtable", argc, argv), true));
  def("make-weak-eqv-hashtable", 0, 1, (argc, argv) => h.makeTable(TABLE_EQV, sizeArg("make-weak-eqv-hashtable", argc, argv), true));
  def("hashtable-weak?", 1, 1, (_argc, argv) => bool(h.tableWeak(table("hashtable-weak?", arg(argv, 0)))));
  def("hashtable?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_TABLE));
  def("hashtable-set!", 3, 3, (_argc, argv) => {
    table("hashtable-set!", arg(argv, 0));
    h.tableSet(argv, argv + 4, argv + 8);
    return UNSPEC;
  });
  def("hashtable-ref", 2, 3, (argc, argv) => {
    const slot = h.tableFind(table("hashtable-ref", arg(argv, 0)), arg(argv, 1));
    return slot !== 0 ? h.tableValue(slot) : argc === 3 ? arg(argv, 2) : FALSE;
  });
  def("hashtable-contains?", 2, 2, (_argc, argv) => bool(h.tableFind(table("hashtable-contains?", arg(argv, 0)), arg(argv, 1)) !== 0));
  def("hashtable-delete!", 2, 2, (_argc, argv) => (h.tableDelete(table("hashtable-delete!", arg(argv, 0)), arg(argv, 1)), UNSPEC));
  def("hashtable-count", 1, 1, (_argc, argv) => fix(h.tableCount(table("hashtable-count", arg(argv, 0)))));
  def("hashtable-clear!", 1, 1, (_argc, argv) => (h.tableClear(table("hashtable-clear!", arg(argv, 0))), UNSPEC));
  def("hashtable-keys", 1, 1, (_argc, argv) => h.vectorTop(h.tablePush(table("hashtable-keys", arg(argv, 0)), "keys")));
  def("hashtable-values", 1, 1, (_argc, argv) => h.vectorTop(h.tablePush(table("hashtable-values", arg(argv, 0)), "values")));
  def("hashtable->alist", 1, 1, (_argc, argv) => {
    const n = h.tablePush(table("hashtable->alist", arg(argv, 0)), "entries");
    // The stack holds k1 v1 k2 v2 ...: pair each, from the top, into a list.
    const base = h.sp - 8 * n;
    const acc = h.push(NIL);
    for (let i = n - 1; i >= 0; i--) {
      const p = h.cons(base + 8 * i, base + 8 * i + 4);
      h.push(p);
      u32[acc >>> 2] = h.cons(h.sp - 4, acc);
      h.pop();
    }
    const result = h.pop();
    h.sp = base;
    return result;
  });

  // --- control ---------------------------------------------------------------
  def("apply", 2, Infinity, () => err("apply", "run by the evaluator"));
  I.applyIndex = I.prims.length - 1;
  def("eval", 1, 2, (_argc, argv) => I.evalNested(argv));
  def("error", 0, Infinity, (argc, argv) => {
    const parts: string[] = [];
    for (let i = 0; i < argc; i++) parts.push(toText(h, arg(argv, i), i === 0 && h.typeOf(arg(argv, 0)) === T_STRING));
    throw new SchemeError(parts.join(" ") || "error");
  });
  def("exit", 0, 1, (argc, argv) => {
    throw new ExitRequest(argc === 1 && isFix(arg(argv, 0)) ? unfix(arg(argv, 0)) : 0);
  });
  def("load", 1, 1, (_argc, argv) => {
    I.load(str("load", arg(argv, 0)));
    return UNSPEC;
  });

  // --- the collector -----------------------------------------------------------
  def("gc", 0, 0, () => {
    h.collect();
    return UNSPEC;
  });
  def("gc-stats", 0, 0, () => {
    h.drainMessages();
    const s = h.stats;
    const fields: [string, number][] = [
      ["collections", s.collections], ["condemned", s.condemned], ["live", s.live], ["not-condemned", s.notCondemned],
      ["allocated", s.allocated], ["committed", h.arena.committed()], ["rehashes", s.rehashes],
      ["symbols", h.symbolCount()], ["symbols-died", s.symbolsDied], ["ports-finalized", I.portsFinalized],
    ];
    for (const [name, value] of fields) {
      h.push(h.intern(name));
      h.push(mkNum(value, true));
      h.consTop();
    }
    h.listTop(fields.length);
    return h.pop();
  });

  // --- ports and output ----------------------------------------------------------
  const ports = I.ports;
  const makePort = (state: PortState, name: string): number => {
    const id = ports.length;
    ports.push(state);
    const s = h.push(mkStr(name));
    const p = h.make4(T_PORT, s, id, 0);
    h.pop();
    I.portMade(p);
    return p;
  };
  const portOf = (who: string, w: number): PortState => (h.typeOf(w) === T_PORT ? ports[u32[(w + 8) >>> 2]!]! : err(who, `not a port: ${show(w)}`));
  h.globals[G_CONSOLE] = makePort({ input: null, pos: 0, output: null, file: null, open: true, console: true, closedHow: "" }, "console");
  const outPort = (who: string, argc: number, argv: Addr, i: number): PortState => {
    const p = argc > i ? portOf(who, arg(argv, i)) : ports[0]!;
    if (p.output === null && !p.console) err(who, "not an output port");
    if (!p.open) err(who, "the port is closed");
    return p;
  };
  const emit = (p: PortState, s: string): void => {
    if (p.console) I.write(s);
    else p.output!.push(s);
  };
  def("display", 1, 2, (argc, argv) => (emit(outPort("display", argc, argv, 1), toText(h, arg(argv, 0), true)), UNSPEC));
  def("write", 1, 2, (argc, argv) => (emit(outPort("write", argc, argv, 1), toText(h, arg(argv, 0), false)), UNSPEC));
  def("newline", 0, 1, (argc, argv) => (emit(outPort("newline", argc, argv, 0), "\n"), UNSPEC));
  def("write-char", 1, 2, (argc, argv) => (emit(outPort("write-char", argc, argv, 1), String.fromCodePoint(chr("write-char", arg(argv, 0)))), UNSPEC));
  def("write-string", 1, 2, (argc, argv) => (emit(outPort("write-string", argc, argv, 1), str("write-string", arg(argv, 0))), UNSPEC));
  def("current-output-port", 0, 0, () => h.globals[G_CONSOLE]!);
  def("open-input-string", 1, 1, (_argc, argv) => makePort({ input: str("open-input-string", arg(argv, 0)), pos: 0, output: null, file: null, open: true, console: false, closedHow: "" }, "string"));
  def("open-output-string", 0, 0, () => makePort({ input: null, pos: 0, output: [], file: null, open: true, console: false, closedHow: "" }, "string"));
  def("get-output-string", 1, 1, (_argc, argv) => {
    const p = portOf("get-output-string", arg(argv, 0));
    if (p.output === null) err("get-output-string", "not an output port");
    return mkStr(p.output!.join(""));
  });
  def("open-input-file", 1, 1, (_argc, argv) => {
    const name = str("open-input-file", arg(argv, 0));
    return makePort({ input: I.readFile(name), pos: 0, output: null, file: null, open: true, console: false, closedHow: "" }, name);
  });
  def("open-output-file", 1, 1, (_argc, argv) => {
    const name = str("open-output-file", arg(argv, 0));
    return makePort({ input: null, pos: 0, output: [], file: name, open: true, console: false, closedHow: "" }, name);
  });
  const close = (_argc: number, argv: Addr): number => {
    I.closePort(portOf("close-port", arg(argv, 0)), "explicitly");
    return UNSPEC;
  };
  def("close-port", 1, 1, close);
  def("close-input-port", 1, 1, close);
  def("close-output-port", 1, 1, close);
  def("port?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_PORT));
  def("input-port?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_PORT && portOf("input-port?", arg(argv, 0)).input !== null));
  def("output-port?", 1, 1, (_argc, argv) => bool(h.typeOf(arg(argv, 0)) === T_PORT && portOf("output-port?", arg(argv, 0)).input === null));
  def("port-open?", 1, 1, (_argc, argv) => bool(portOf("port-open?", arg(argv, 0)).open));
  const inPort = (who: string, argc: number, argv: Addr): PortState => {
    if (argc === 0) return err(who, "the console has no input here: give a port");
    const p = portOf(who, arg(argv, 0));
    if (p.input === null) err(who, "not an input port");
    if (!p.open) err(who, "the port is closed");
    return p;
  };
  def("read-char", 0, 1, (argc, argv) => {
    const p = inPort("read-char", argc, argv);
    return p.pos < p.input!.length ? mkChar(p.input!.charCodeAt(p.pos++)) : EOF;
  });
  def("peek-char", 0, 1, (argc, argv) => {
    const p = inPort("peek-char", argc, argv);
    return p.pos < p.input!.length ? mkChar(p.input!.charCodeAt(p.pos)) : EOF;
  });
  def("read-line", 0, 1, (argc, argv) => {
    const p = inPort("read-line", argc, argv);
    const text = p.input!;
    if (p.pos >= text.length) return EOF;
    let end = text.indexOf("\n", p.pos);
    if (end < 0) end = text.length;
    const line = text.slice(p.pos, end);
    p.pos = end + 1;
    return mkStr(line);
  });
  def("read", 0, 1, (argc, argv) => {
    const p = inPort("read", argc, argv);
    const rest = p.input!.slice(p.pos);
    const ends: number[] = [];
    const data = parse(rest, ends);
    if (data.length === 0) {
      p.pos = p.input!.length;
      return EOF;
    }
    p.pos += ends[0]!;
    build(h, data[0]!);
    return h.pop();
  });
  def("eof-object", 0, 0, () => EOF);
  def("eof-object?", 1, 1, (_argc, argv) => bool(arg(argv, 0) === EOF));

}

/**
 * Thrown by `(exit)`: the driver ends the program with `code`.
 * @public
 */
export class ExitRequest extends Error {
  /** The exit code. */
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}
