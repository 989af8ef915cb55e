/**
 * The interpreter: an explicit-control evaluator whose registers and
 * continuation frames live on the shadow stack, the expander of the
 * derived forms (rewritten in place the first time they run), and the
 * top-level driver (load, the REPL's evaluation, errors).
 * See docs/design/example-scheme.md `.impl.eval`, `.impl.tail`, `.impl.expand`.
 * .critical: Interp.run (every evaluation step), lookup.
 */

import { Heap, R_ENV, R_EXP, R_FUN, R_T1, R_T2, R_T3, R_UNEV, R_VAL, type HeapOptions } from "./heap.js";
import { SchemeError } from "./errors.js";
import { build, parse, type Datum } from "./reader.js";
import { toText } from "./printer.js";
import { ExitRequest, installPrimitives, type PortState, type PrimEntry } from "./primitives.js";
import { PRELUDE } from "./prelude.js";
import {
  G_APPEND, G_ARROW, G_BEGIN, G_CONS, G_DEFINE, G_ELSE, G_ENV, G_IF, G_LAMBDA, G_LAMBDA2, G_LET, G_LETREC, G_LETSTAR,
  G_CONSOLE, G_LIST, G_LIST2VEC, G_LOOP, G_MEMV, G_OR, G_QQ, G_QUOTE, G_SET, G_SPLICING, G_TMP, G_UNQUOTE,
} from "./globals.js";
import {
  FALSE, NIL, TRUE, UNDEF, UNSPEC, T_CLOSURE, T_PAIR, T_PORT, T_PRIM, T_SYMBOL, T_VECTOR, TABLE_EQ, fix, isRef, unfix,
} from "./values.js";

// Special forms: the number in a symbol's form word.
const F_QUOTE = 1, F_IF = 2, F_DEFINE = 3, F_SET = 4, F_LAMBDA = 5, F_LAMBDA2 = 6, F_BEGIN = 7, F_LET = 8,
  F_LETSTAR = 9, F_LETREC = 10, F_COND = 11, F_CASE = 12, F_AND = 13, F_OR = 14, F_WHEN = 15, F_UNLESS = 16,
  F_DO = 17, F_QQ = 18;
const FORMS: [string, number][] = [
  ["quote", F_QUOTE], ["if", F_IF], ["define", F_DEFINE], ["set!", F_SET], ["lambda", F_LAMBDA], ["begin", F_BEGIN],
  ["let", F_LET], ["let*", F_LETSTAR], ["letrec", F_LETREC], ["letrec*", F_LETREC], ["cond", F_COND], ["case", F_CASE],
  ["and", F_AND], ["or", F_OR], ["when", F_WHEN], ["unless", F_UNLESS], ["do", F_DO], ["quasiquote", F_QQ],
];

// Program counters. The continuation labels (K_*) are pushed on the stack as small integers.
const P_EVAL = 0, P_RET = 1, P_APPLY = 2, P_SEQ = 3, P_AND = 4, P_OR = 5;
const K_HALT = 10, K_EVARG = 11, K_IF = 12, K_SEQ = 13, K_DEFINE = 14, K_SET = 15, K_AND = 16, K_OR = 17;

/**
 * Options of an interpreter.
 * @public
 */
export interface InterpOptions extends HeapOptions {
  /** Where output goes (default: process.stdout). */
  write?: (s: string) => void;
  /** Run a full collection after every top-level form (for tests). */
  collectEveryForm?: boolean;
  /** Where `load` and `open-input-file` read files (default: none; the command line gives node's fs). */
  readFile?: (path: string) => string;
  /** Where output file ports write when they are closed (default: none). */
  writeFile?: (path: string, text: string) => void;
}

/**
 * A Scheme interpreter whose objects live in MPS pools.
 * @public
 */
export class Interp {
  /** The heap. */
  readonly heap: Heap;
  /** The primitives, by index. */
  readonly prims: PrimEntry[] = [];
  /** Output. */
  readonly write: (s: string) => void;
  /** Collect after every top-level form. */
  collectEveryForm: boolean;
  /** How files are read. */
  readonly readFile: (path: string) => string;
  /** How output files are written. */
  readonly writeFile: (path: string, text: string) => void;
  /** Ports that finalization closed (they were open when they died). */
  portsFinalized = 0;
  /** The ports' states, by number (the port object holds the number). */
  readonly ports: PortState[] = [];
  /** The frame pointer of the application being evaluated (0 when none). */
  fp = 0;
  /** The index of `apply` among the primitives, which the evaluator runs itself. */
  applyIndex = -1;
  /** The bottom of the evaluator's part of the stack. */
  private readonly bottom: number;
  /** The slot holding the top-level form being evaluated, or 0. */
  private formSlot = 0;

  constructor(opts: InterpOptions = {}) {
    this.heap = new Heap(opts);
    this.write = opts.write ?? ((s) => process.stdout.write(s));
    this.collectEveryForm = opts.collectEveryForm ?? false;
    this.readFile = opts.readFile ?? ((p) => { throw new SchemeError(`cannot read ${p}: no file system`); });
    this.writeFile = opts.writeFile ?? ((p) => { throw new SchemeError(`cannot write ${p}: no file system`); });
    const h = this.heap;
    this.bottom = h.sp;
    for (let i = 0; i <= G_CONSOLE; i++) h.globals.push(UNSPEC);
    h.globals[G_ENV] = h.makeTable(TABLE_EQ, 512);
    // The special forms' symbols carry their form numbers: keep them, though the symbol table is weak.
    for (const [name, form] of FORMS) h.globals.push(h.intern(name, form));
    const names: [number, string][] = [
      [G_LAMBDA, "lambda"], [G_BEGIN, "begin"], [G_IF, "if"], [G_LET, "let"], [G_LETSTAR, "let*"], [G_LETREC, "letrec"],
      [G_SET, "set!"], [G_QUOTE, "quote"], [G_ELSE, "else"], [G_ARROW, "=>"], [G_UNQUOTE, "unquote"],
      [G_SPLICING, "unquote-splicing"], [G_QQ, "quasiquote"], [G_OR, "or"], [G_DEFINE, "define"],
    ];
    for (const [g, name] of names) h.globals[g] = h.intern(name);
    // Names the expander makes up: not interned, so no program can refer to them.
    h.globals[G_LAMBDA2] = h.makeSymbol("lambda", F_LAMBDA2);
    h.globals[G_TMP] = h.makeSymbol("tmp");
    h.globals[G_LOOP] = h.makeSymbol("loop");
    installPrimitives(this);
    h.onFinalize = (ref) => {
      if (h.typeOf(ref) !== T_PORT) return;
      const p = this.ports[h.u32[(ref + 8) >>> 2]!]!;
      if (p.open) this.portsFinalized++;
      this.closePort(p, "by finalization");
    };
    h.globals[G_CONS] = this.globalValue("cons");
    h.globals[G_APPEND] = this.globalValue("append");
    h.globals[G_LIST2VEC] = this.globalValue("list->vector");
    h.globals[G_MEMV] = this.globalValue("memv");
    h.globals[G_LIST] = this.globalValue("list");
    this.evalText(PRELUDE, { print: false, stopOnError: true, name: "prelude" });
  }

  /** Tear down the heap and the arena. */
  destroy(): void {
    this.heap.destroy();
  }

  /** Called with each new port object: register it for finalization, so that it is closed when it dies. */
  portMade(port: number): void {
    this.heap.arena.finalize(port);
  }

  /** Close a port: an output file port writes its text. `how` is recorded for `port-closed-how`. */
  closePort(p: PortState, how: string): void {
    if (!p.open || p.console) return;
    p.open = false;
    p.closedHow = how;
    if (p.file !== null && p.output !== null) this.writeFile(p.file, p.output.join(""));
  }

  /** Define a global: the symbol named `name` gets the value in `valSlot`. */
  defineGlobal(name: string, valSlot: number): void {
    const h = this.heap;
    const s = h.push(h.intern(name));
    const t = h.push(h.globals[G_ENV]!);
    h.tableSet(t, s, valSlot);
    h.sp -= 8;
  }
  /** The value of a global, or throws. */
  globalValue(name: string): number {
    const h = this.heap;
    const slot = h.tableFind(h.globals[G_ENV]!, h.intern(name));
    if (slot === 0) throw new SchemeError(`unbound variable: ${name}`);
    return h.tableValue(slot);
  }

  // --- the top level ----------------------------------------------------

  /**
   * Evaluate every form of `text`. With `print`, the value of each form is
   * written (as the REPL does) unless it is unspecified. An error is
   * reported with the expression; with `stopOnError` the rest is skipped.
   * Returns whether every form ran without error.
   */
  evalText(text: string, opts: { print: boolean; stopOnError: boolean; name?: string }): boolean {
    let forms: Datum[];
    try {
      forms = parse(text);
    } catch (e) {
      this.report(e);
      return false;
    }
    let ok = true;
    for (const d of forms) {
      if (!this.evalDatum(d, opts.print)) {
        ok = false;
        if (opts.stopOnError) break;
      }
    }
    return ok;
  }

  /** Evaluate one datum at top level; report any error. Returns whether it ran without error. */
  evalDatum(d: Datum, print: boolean): boolean {
    const h = this.heap;
    const sp = h.sp;
    const fp = this.fp;
    try {
      build(h, d);
      this.formSlot = h.sp - 4; // kept on the stack, for error reports
      h.set(R_EXP, h.top());
      h.set(R_ENV, NIL);
      const v = this.run();
      h.sp = sp;
      this.formSlot = 0;
      if (print && v !== UNSPEC) {
        this.write(`${toText(h, v, false)}\n`);
      }
      // Clear the registers: a frame left in R_ENV would keep the last call's arguments alive.
      for (const r of [R_EXP, R_ENV, R_VAL, R_FUN, R_UNEV, R_T1, R_T2, R_T3]) h.set(r, UNSPEC);
      if (this.collectEveryForm) h.collect();
      h.drainMessages();
      return true;
    } catch (e) {
      if (!(e instanceof ExitRequest)) this.report(e);
      // Drop whatever the failed evaluation left on the stack and in the registers.
      h.sp = sp;
      this.fp = fp;
      this.formSlot = 0;
      for (const r of [R_EXP, R_ENV, R_VAL, R_FUN, R_UNEV, R_T1, R_T2, R_T3]) h.set(r, UNSPEC);
      h.drainMessages();
      if (e instanceof ExitRequest) throw e;
      return false;
    }
  }

  /** Print an error as the REPL shows it. */
  report(e: unknown): void {
    if (e instanceof SchemeError) {
      let where = e.expression;
      // The application being evaluated, if its frame is complete; else the top-level form.
      const h = this.heap;
      const slot = this.fp !== 0 && this.fp > this.bottom && this.fp + 12 <= h.sp ? this.fp + 8 : this.formSlot;
      if (where === undefined && slot !== 0 && slot < h.sp) {
        try {
          where = toText(h, h.at(slot), false);
        } catch {
          where = undefined;
        }
      }
      this.write(`Error: ${e.message}${where !== undefined ? `\n  in: ${where.length > 200 ? `${where.slice(0, 200)}...` : where}` : ""}\n`);
    } else {
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.write(`Internal error: ${msg}\n`);
    }
  }

  /** Evaluate the value in `exprSlot` in the global environment from inside a primitive (`eval`, `load`). */
  evalNested(exprSlot: number): number {
    const h = this.heap;
    const fp = this.fp;
    h.set(R_EXP, h.at(exprSlot));
    h.set(R_ENV, NIL);
    const v = this.run();
    this.fp = fp;
    return v;
  }

  /** Load a file: evaluate its forms in order; errors propagate. */
  load(path: string): void {
    const forms = parse(this.readFile(path));
    const h = this.heap;
    for (const d of forms) {
      build(h, d);
      const slot = h.sp - 4;
      this.evalNested(slot);
      h.sp -= 4;
    }
  }

  // --- the evaluator ----------------------------------------------------

  /** Evaluate R_EXP in R_ENV until it returns; the value is also left in R_VAL. */
  run(): number {
    const h = this.heap;
    const u32 = h.u32;
    const regs = h.stackBase >>> 2;
    h.push(fix(K_HALT));
    let pc = P_EVAL;
    for (;;) {
      switch (pc) {
        case P_EVAL: {
          const x = u32[regs + R_EXP]!;
          if (!isRef(x)) {
            u32[regs + R_VAL] = x;
            pc = P_RET;
            break;
          }
          const t = u32[x >>> 2]!;
          if (t === T_SYMBOL) {
            u32[regs + R_VAL] = this.lookup(x, u32[regs + R_ENV]!);
            pc = P_RET;
            break;
          }
          if (t !== T_PAIR) {
            u32[regs + R_VAL] = x;
            pc = P_RET;
            break;
          }
          const head = h.car(x);
          const form = h.isSymbol(head) ? h.formOf(head) : 0;
          if (form !== 0) {
            pc = this.special(form, x);
            break;
          }
          // An application: a frame of [saved fp | env, operands left, form, operator, args...].
          h.push(fix(this.fp));
          this.fp = h.sp;
          h.push(u32[regs + R_ENV]!);
          h.push(h.cdr(x));
          h.push(x);
          h.push(fix(K_EVARG));
          u32[regs + R_EXP] = head;
          pc = P_EVAL;
          break;
        }
        case P_RET:
          pc = unfix(h.pop());
          break;
        case K_EVARG: {
          h.push(u32[regs + R_VAL]!);
          const fp = this.fp;
          const unev = u32[(fp + 4) >>> 2]!;
          if (unev === NIL) {
            pc = P_APPLY;
            break;
          }
          if (!h.isPair(unev)) throw new SchemeError("bad syntax: an improper list of arguments");
          u32[(fp + 4) >>> 2] = h.cdr(unev);
          u32[regs + R_ENV] = u32[fp >>> 2]!;
          u32[regs + R_EXP] = h.car(unev);
          h.push(fix(K_EVARG));
          pc = P_EVAL;
          break;
        }
        case P_APPLY:
          pc = this.apply();
          break;
        case P_SEQ: {
          const u = u32[regs + R_UNEV]!;
          if (u === NIL) {
            u32[regs + R_VAL] = UNSPEC;
            pc = P_RET;
            break;
          }
          if (!h.isPair(u)) throw new SchemeError("bad syntax: a body is not a list");
          const rest = h.cdr(u);
          u32[regs + R_EXP] = h.car(u);
          if (rest !== NIL) {
            // Not the last expression: come back for the rest. The last one runs with nothing pushed (a tail call).
            h.push(u32[regs + R_ENV]!);
            h.push(rest);
            h.push(fix(K_SEQ));
          }
          pc = P_EVAL;
          break;
        }
        case K_SEQ:
          u32[regs + R_UNEV] = h.pop();
          u32[regs + R_ENV] = h.pop();
          pc = P_SEQ;
          break;
        case K_IF: {
          const x = h.pop();
          u32[regs + R_ENV] = h.pop();
          const branches = h.cdr(h.cdr(x));
          if (u32[regs + R_VAL] !== FALSE) u32[regs + R_EXP] = h.car(branches);
          else {
            const alt = h.cdr(branches);
            if (alt === NIL) {
              u32[regs + R_VAL] = UNSPEC;
              pc = P_RET;
              break;
            }
            u32[regs + R_EXP] = h.car(alt);
          }
          pc = P_EVAL;
          break;
        }
        case P_AND: case P_OR: {
          const u = u32[regs + R_UNEV]!;
          const rest = h.cdr(u);
          u32[regs + R_EXP] = h.car(u);
          if (rest !== NIL) {
            h.push(u32[regs + R_ENV]!);
            h.push(rest);
            h.push(fix(pc === P_AND ? K_AND : K_OR));
          }
          pc = P_EVAL;
          break;
        }
        case K_AND: case K_OR: {
          u32[regs + R_UNEV] = h.pop();
          u32[regs + R_ENV] = h.pop();
          const v = u32[regs + R_VAL]!;
          if (pc === K_AND ? v === FALSE : v !== FALSE) pc = P_RET;
          else pc = pc === K_AND ? P_AND : P_OR;
          break;
        }
        case K_DEFINE: {
          u32[regs + R_T1] = h.pop(); // the form
          u32[regs + R_ENV] = h.pop();
          const name = h.car(h.cdr(u32[regs + R_T1]!));
          const v = u32[regs + R_VAL]!;
          if (h.typeOf(v) === T_CLOSURE && h.ref(v + 16) === FALSE) h.setRef(v + 16, name);
          this.define(name);
          u32[regs + R_VAL] = UNSPEC;
          pc = P_RET;
          break;
        }
        case K_SET: {
          const x = h.pop();
          u32[regs + R_ENV] = h.pop();
          this.assign(h.car(h.cdr(x)), u32[regs + R_ENV]!, u32[regs + R_VAL]!);
          u32[regs + R_VAL] = UNSPEC;
          pc = P_RET;
          break;
        }
        case K_HALT:
          return u32[regs + R_VAL]!;
        default:
          throw new Error(`example-scheme: bad program counter ${pc}`);
      }
    }
  }

  /** Apply the operator of the frame at fp to its arguments; returns the next program counter. */
  private apply(): number {
    const h = this.heap;
    const u32 = h.u32;
    const regs = h.stackBase >>> 2;
    for (;;) {
      const fp = this.fp;
      const fun = u32[(fp + 12) >>> 2]!;
      const argv = fp + 16;
      const argc = (h.sp - argv) >>> 2;
      const t = h.typeOf(fun);
      if (t === T_PRIM) {
        const index = u32[(fun + 8) >>> 2]!;
        const prim = this.prims[index]!;
        if (argc < prim.min || argc > prim.max) {
          throw new SchemeError(`${prim.name}: wrong number of arguments: expected ${arity(prim.min, prim.max)}, got ${argc}`);
        }
        if (index === this.applyIndex) {
          // (apply f a ... list): shift f into the operator slot, spread the list, and go round again.
          u32.copyWithin((fp + 12) >>> 2, argv >>> 2, h.sp >>> 2);
          h.sp -= 4;
          let list = h.pop();
          while (h.isPair(list)) {
            h.push(h.car(list));
            list = h.cdr(list);
          }
          if (list !== NIL) throw new SchemeError("apply: the last argument is not a list");
          continue;
        }
        u32[regs + R_VAL] = prim.fn(argc, argv);
        h.sp = fp;
        this.fp = unfix(h.pop());
        return P_RET;
      }
      if (t !== T_CLOSURE) throw new SchemeError(`not a procedure: ${toText(h, fun, false)}`);
      // Count the parameters; a dotted tail takes the rest of the arguments as a list.
      let params = h.ref(fun + 4);
      let n = 0;
      while (h.isPair(params)) {
        n++;
        params = h.cdr(params);
      }
      const rest = params !== NIL;
      if (rest ? argc < n : argc !== n) {
        const name = h.ref(fun + 16);
        throw new SchemeError(`${h.isSymbol(name) ? h.symbolName(name) : "#<procedure>"}: wrong number of arguments: expected ${rest ? `at least ${n}` : n}, got ${argc}`);
      }
      if (rest) {
        h.push(NIL);
        for (let k = argc - 1; k >= n; k--) {
          const p = h.cons(argv + 4 * k, h.sp - 4);
          u32[(h.sp - 4) >>> 2] = p;
        }
        const list = h.pop();
        h.sp = argv + 4 * n;
        h.push(list);
      }
      const fn = u32[(fp + 12) >>> 2]!; // re-read: consing may have moved it
      u32[regs + R_T1] = h.ref(fn + 12); // the closure's environment, the new frame's parent
      u32[regs + R_T2] = h.ref(fn + 4); // the parameters, the new frame's names
      const frame = h.makeFrame(n + (rest ? 1 : 0), argv, h.reg(R_T1), h.reg(R_T2));
      u32[regs + R_ENV] = frame;
      u32[regs + R_UNEV] = h.ref(u32[(fp + 12) >>> 2]! + 8);
      u32[regs + R_T1] = UNSPEC;
      u32[regs + R_T2] = UNSPEC;
      // Pop the application's frame before running the body: this is what makes tail calls proper.
      h.sp = fp;
      this.fp = unfix(h.pop());
      return P_SEQ;
    }
  }

  /** The value of variable `sym` in environment `env`. */
  lookup(sym: number, env: number): number {
    const h = this.heap;
    for (let e = env; e !== NIL; e = h.ref(e + 8)) {
      let names = h.ref(e + 12);
      let i = 0;
      while (h.isPair(names)) {
        if (h.car(names) === sym) return this.checkDefined(h.ref(e + 16 + 4 * i), sym);
        names = h.cdr(names);
        i++;
      }
      if (names === sym) return h.ref(e + 16 + 4 * i);
    }
    const slot = h.tableFind(h.globals[G_ENV]!, sym);
    if (slot === 0) throw new SchemeError(`unbound variable: ${h.symbolName(sym)}`);
    return this.checkDefined(h.tableValue(slot), sym);
  }
  private checkDefined(v: number, sym: number): number {
    if (v === UNDEF) throw new SchemeError(`variable used before its definition: ${this.heap.symbolName(sym)}`);
    return v;
  }

  /** `set!`: assign `v` to the variable `sym` in `env`. Allocates nothing. */
  private assign(sym: number, env: number, v: number): void {
    const h = this.heap;
    for (let e = env; e !== NIL; e = h.ref(e + 8)) {
      let names = h.ref(e + 12);
      let i = 0;
      while (h.isPair(names)) {
        if (h.car(names) === sym) return h.setRef(e + 16 + 4 * i, v);
        names = h.cdr(names);
        i++;
      }
      if (names === sym) return h.setRef(e + 16 + 4 * i, v);
    }
    const slot = h.tableFind(h.globals[G_ENV]!, sym);
    if (slot === 0) throw new SchemeError(`set!: unbound variable: ${h.symbolName(sym)}`);
    h.tableSetValue(slot, v);
  }

  /** `define` of `sym` to R_VAL in R_ENV: global at top level; in a frame only if the frame names it. */
  private define(sym: number): void {
    const h = this.heap;
    const env = h.get(R_ENV);
    if (env === NIL) {
      h.set(R_T1, sym);
      h.set(R_T2, h.globals[G_ENV]!);
      h.tableSet(h.reg(R_T2), h.reg(R_T1), h.reg(R_VAL));
      h.set(R_T1, UNSPEC);
      h.set(R_T2, UNSPEC);
      return;
    }
    throw new SchemeError(`define: ${h.symbolName(sym)} is defined inside an expression; definitions belong at the top level or at the start of a body`);
  }

  // --- special forms and the expander -----------------------------------

  /** Start evaluating the special form `x` (in R_EXP); returns the next program counter. */
  private special(form: number, x: number): number {
    const h = this.heap;
    const len = this.formLength(x);
    switch (form) {
      case F_QUOTE:
        if (len !== 2) this.bad(x, "quote takes one datum");
        h.set(R_VAL, h.car(h.cdr(x)));
        return P_RET;
      case F_IF:
        if (len !== 3 && len !== 4) this.bad(x, "if takes a test, a consequent and an optional alternative");
        h.push(h.get(R_ENV));
        h.push(x);
        h.push(fix(K_IF));
        h.set(R_EXP, h.car(h.cdr(x)));
        return P_EVAL;
      case F_DEFINE: {
        if (len < 2) this.bad(x, "define takes a name and a value");
        const target = h.car(h.cdr(x));
        if (h.isPair(target)) {
          // (define (f . params) body ...) is (define f (lambda params body ...)): rewrite it so.
          if (!h.isSymbol(h.car(target))) this.bad(x, "the name defined must be a symbol");
          if (len < 3) this.bad(x, "a procedure definition needs a body");
          h.push(h.globals[G_DEFINE]!);
          h.push(h.car(h.car(h.cdr(h.get(R_EXP)))));
          h.push(h.globals[G_LAMBDA]!);
          h.push(h.cdr(h.car(h.cdr(h.get(R_EXP)))));
          h.push(h.cdr(h.cdr(h.get(R_EXP))));
          h.listTop(3, true);
          h.listTop(3);
          this.replace();
          return P_EVAL;
        }
        if (!h.isSymbol(target)) this.bad(x, "the name defined must be a symbol");
        if (len > 3) this.bad(x, "define takes one value");
        if (h.get(R_ENV) !== NIL) this.define(target); // fails, with the message
        h.push(h.get(R_ENV));
        h.push(x);
        h.push(fix(K_DEFINE));
        h.set(R_EXP, len === 3 ? h.car(h.cdr(h.cdr(x))) : UNSPEC);
        return P_EVAL;
      }
      case F_SET: {
        if (len !== 3 || !h.isSymbol(h.car(h.cdr(x)))) this.bad(x, "set! takes a variable and a value");
        h.push(h.get(R_ENV));
        h.push(x);
        h.push(fix(K_SET));
        h.set(R_EXP, h.car(h.cdr(h.cdr(x))));
        return P_EVAL;
      }
      case F_LAMBDA:
        this.expandLambda(x, len);
        return P_EVAL;
      case F_LAMBDA2:
        h.set(R_T1, h.car(h.cdr(x)));
        h.set(R_T2, h.cdr(h.cdr(x)));
        h.set(R_T3, FALSE);
        h.set(R_VAL, h.makeClosure(h.reg(R_T1), h.reg(R_T2), h.reg(R_ENV), h.reg(R_T3)));
        h.set(R_T1, UNSPEC);
        h.set(R_T2, UNSPEC);
        return P_RET;
      case F_BEGIN:
        if (len < 0) this.bad(x, "begin takes a list of expressions");
        h.set(R_UNEV, h.cdr(x));
        return P_SEQ;
      case F_AND:
      case F_OR:
        if (len === 1) {
          h.set(R_VAL, form === F_AND ? TRUE : FALSE);
          return P_RET;
        }
        h.set(R_UNEV, h.cdr(x));
        return form === F_AND ? P_AND : P_OR;
      case F_LET:
        this.expandLet(x, len);
        return P_EVAL;
      case F_LETSTAR:
        this.expandLetStar(len);
        return P_EVAL;
      case F_LETREC:
        this.expandLetrec(len);
        return P_EVAL;
      case F_COND:
        this.expandCond();
        return P_EVAL;
      case F_CASE:
        this.expandCase(len);
        return P_EVAL;
      case F_WHEN:
      case F_UNLESS:
        if (len < 2) this.bad(x, "when and unless take a test and a body");
        // (when t e ...) is (if t (begin e ...)); (unless t e ...) is (if t #<unspecified> (begin e ...)).
        h.push(h.globals[G_IF]!);
        h.push(h.car(h.cdr(h.get(R_EXP))));
        if (form === F_UNLESS) h.push(UNSPEC);
        h.push(h.globals[G_BEGIN]!);
        h.push(h.cdr(h.cdr(h.get(R_EXP))));
        h.listTop(2, true);
        h.listTop(form === F_UNLESS ? 4 : 3);
        this.replace();
        return P_EVAL;
      case F_DO:
        this.expandDo(len);
        return P_EVAL;
      case F_QQ: {
        if (len !== 2) this.bad(x, "quasiquote takes one template");
        const slot = h.push(h.car(h.cdr(x)));
        this.quasi(slot, 1);
        h.u32[slot >>> 2] = h.pop();
        if (!h.isPair(h.at(slot))) {
          h.push(h.globals[G_BEGIN]!);
          h.push(h.at(slot));
          h.listTop(2);
          h.u32[slot >>> 2] = h.pop();
        }
        this.replace();
        return P_EVAL;
      }
      default:
        throw new Error(`example-scheme: unknown special form ${form}`);
    }
  }

  /** The length of a proper list, or -1. */
  private formLength(x: number): number {
    const h = this.heap;
    let n = 0;
    while (h.isPair(x)) {
      n++;
      x = h.cdr(x);
    }
    return x === NIL ? n : -1;
  }

  private bad(x: number, why: string): never {
    throw new SchemeError(`bad syntax: ${why}`, toText(this.heap, x, false));
  }

  /** Overwrite the form in R_EXP with the pair on top of the stack (popped): later evaluations skip the expansion. */
  private replace(): void {
    const h = this.heap;
    const nu = h.pop();
    const x = h.get(R_EXP);
    h.setRef(x + 4, h.car(nu));
    h.setRef(x + 8, h.cdr(nu));
  }

  /** The i-th element of a list (a fresh read each time, since allocation may move things). */
  private nth(list: number, i: number): number {
    const h = this.heap;
    for (; i > 0; i--) list = h.cdr(list);
    return h.car(list);
  }
  private nthCdr(list: number, i: number): number {
    const h = this.heap;
    for (; i > 0; i--) list = h.cdr(list);
    return list;
  }
  /** The form's element at `i`, read from R_EXP afresh. */
  private part(i: number): number {
    return this.nth(this.heap.get(R_EXP), i);
  }

  /** Check a binding list ((name init) ...): returns its length. */
  private checkBindings(x: number, bindings: number, needInit: boolean): number {
    const h = this.heap;
    let n = 0;
    for (let b = bindings; b !== NIL; b = h.cdr(b)) {
      if (!h.isPair(b)) this.bad(x, "bindings must be a list");
      const one = h.car(b);
      const l = this.formLength(one);
      if (!(h.isPair(one) && h.isSymbol(h.car(one)) && (l === 2 || (!needInit && l === 1)))) this.bad(x, "each binding must be (name value)");
      n++;
    }
    return n;
  }
  /** Check a parameter list: symbols, perhaps with a dotted tail. */
  private checkParams(x: number, params: number): void {
    const h = this.heap;
    let p = params;
    while (h.isPair(p)) {
      if (!h.isSymbol(h.car(p))) this.bad(x, "parameters must be symbols");
      p = h.cdr(p);
    }
    if (p !== NIL && !h.isSymbol(p)) this.bad(x, "parameters must be symbols");
  }

  /**
   * (lambda params body ...): internal definitions at the start of the body
   * become a letrec around the rest; then the head becomes the expander's own
   * lambda symbol, so this is done once per lambda form.
   */
  private expandLambda(x: number, len: number): void {
    const h = this.heap;
    if (len < 3) this.bad(x, "lambda takes parameters and a body");
    this.checkParams(x, h.car(h.cdr(x)));
    const body = (): number => h.cdr(h.cdr(h.get(R_EXP)));
    let k = 0;
    for (let b = body(); h.isPair(b); b = h.cdr(b)) {
      const e = h.car(b);
      if (!(h.isPair(e) && h.car(e) === h.globals[G_DEFINE])) break;
      const l = this.formLength(e);
      const target = l >= 2 ? h.car(h.cdr(e)) : 0;
      if (!(l === 3 && h.isSymbol(target)) && !(l >= 3 && h.isPair(target) && h.isSymbol(h.car(target)))) this.bad(e, "a bad internal definition");
      k++;
    }
    if (k > 0) {
      if (this.nthCdr(body(), k) === NIL) this.bad(x, "a body needs an expression after its definitions");
      h.push(h.globals[G_LETREC]!);
      for (let i = 0; i < k; i++) {
        const target = h.car(h.cdr(this.nth(body(), i)));
        if (h.isPair(target)) {
          h.push(h.car(target));
          h.push(h.globals[G_LAMBDA]!);
          h.push(h.cdr(h.car(h.cdr(this.nth(body(), i)))));
          h.push(h.cdr(h.cdr(this.nth(body(), i))));
          h.listTop(3, true);
          h.listTop(2);
        } else {
          h.push(target);
          h.push(h.car(h.cdr(h.cdr(this.nth(body(), i)))));
          h.listTop(2);
        }
      }
      h.listTop(k);
      h.push(this.nthCdr(body(), k));
      h.listTop(3, true);
      h.listTop(1);
      h.setRef(h.cdr(h.get(R_EXP)) + 8, h.pop());
    }
    h.setRef(h.get(R_EXP) + 4, h.globals[G_LAMBDA2]!);
  }

  /** (let ((v i) ...) body ...) is ((lambda (v ...) body ...) i ...); a named let goes through letrec. */
  private expandLet(x: number, len: number): void {
    const h = this.heap;
    if (len < 3) this.bad(x, "let takes bindings and a body");
    const named = h.isSymbol(h.car(h.cdr(x)));
    if (named && len < 4) this.bad(x, "a named let takes a name, bindings and a body");
    const bi = named ? 2 : 1; // where the bindings are
    const n = this.checkBindings(x, this.part(bi), true);
    const pushNames = (): void => {
      for (let i = 0; i < n; i++) h.push(h.car(this.nth(this.part(bi), i)));
      h.listTop(n);
    };
    if (!named) {
      h.push(h.globals[G_LAMBDA]!);
      pushNames();
      h.push(this.nthCdr(h.get(R_EXP), 2));
      h.listTop(3, true);
    } else {
      // ((letrec ((name (lambda (v ...) body ...))) name) i ...)
      h.push(h.globals[G_LETREC]!);
      h.push(this.part(1));
      h.push(h.globals[G_LAMBDA]!);
      pushNames();
      h.push(this.nthCdr(h.get(R_EXP), 3));
      h.listTop(3, true);
      h.listTop(2);
      h.listTop(1);
      h.push(this.part(1));
      h.listTop(3);
    }
    for (let i = 0; i < n; i++) h.push(h.car(h.cdr(this.nth(this.part(bi), i))));
    h.listTop(n + 1);
    this.replace();
  }

  /** (let* (b1 b2 ...) body ...) is (let (b1) (let* (b2 ...) body ...)). */
  private expandLetStar(len: number): void {
    const h = this.heap;
    const x = h.get(R_EXP);
    if (len < 3) this.bad(x, "let* takes bindings and a body");
    const n = this.checkBindings(x, this.part(1), true);
    h.push(h.globals[G_LET]!);
    if (n <= 1) {
      h.push(this.part(1));
      h.push(this.nthCdr(h.get(R_EXP), 2));
      h.listTop(3, true);
    } else {
      h.push(h.car(this.part(1)));
      h.listTop(1);
      h.push(h.globals[G_LETSTAR]!);
      h.push(h.cdr(this.part(1)));
      h.push(this.nthCdr(h.get(R_EXP), 2));
      h.listTop(3, true);
      h.listTop(3);
    }
    this.replace();
  }

  /** (letrec ((v e) ...) body ...) is (let ((v <undefined>) ...) (set! v e) ... body ...). */
  private expandLetrec(len: number): void {
    const h = this.heap;
    const x = h.get(R_EXP);
    if (len < 3) this.bad(x, "letrec takes bindings and a body");
    const n = this.checkBindings(x, this.part(1), true);
    h.push(h.globals[G_LET]!);
    for (let i = 0; i < n; i++) {
      h.push(h.car(this.nth(this.part(1), i)));
      h.push(UNDEF);
      h.listTop(2);
    }
    h.listTop(n);
    for (let i = 0; i < n; i++) {
      h.push(h.globals[G_SET]!);
      h.push(h.car(this.nth(this.part(1), i)));
      h.push(h.car(h.cdr(this.nth(this.part(1), i))));
      h.listTop(3);
    }
    h.push(this.nthCdr(h.get(R_EXP), 2));
    h.listTop(n + 1, true);
    h.listTop(3, true);
    this.replace();
  }

  /** cond, one clause at a time: each rewrites to an if whose alternative is a cond of the rest. */
  private expandCond(): void {
    const h = this.heap;
    const x = h.get(R_EXP);
    if (this.formLength(x) < 0) this.bad(x, "cond takes clauses");
    const clauses = (): number => h.cdr(h.get(R_EXP));
    if (clauses() === NIL) {
      h.push(h.globals[G_BEGIN]!);
      h.listTop(1);
      this.replace();
      return;
    }
    const c = h.car(clauses());
    const cl = this.formLength(c);
    if (cl < 1) this.bad(x, "each cond clause is (test expression ...)");
    const clause = (): number => h.car(clauses());
    const restCond = (): void => {
      h.push(h.car(h.get(R_EXP))); // the cond symbol itself
      h.push(h.cdr(clauses()));
      h.listTop(2, true);
    };
    if (h.car(c) === h.globals[G_ELSE]) {
      if (h.cdr(clauses()) !== NIL) this.bad(x, "else must be the last clause");
      h.push(h.globals[G_BEGIN]!);
      h.push(h.cdr(clause()));
      h.listTop(2, true);
    } else if (cl === 1) {
      // (test) gives the test's value if true: (or test (cond rest ...))
      h.push(h.globals[G_OR]!);
      h.push(h.car(clause()));
      restCond();
      h.listTop(3);
    } else if (cl === 3 && h.car(h.cdr(c)) === h.globals[G_ARROW]) {
      // (test => f): (let ((tmp test)) (if tmp (f tmp) (cond rest ...)))
      h.push(h.globals[G_LET]!);
      h.push(h.globals[G_TMP]!);
      h.push(h.car(clause()));
      h.listTop(2);
      h.listTop(1);
      h.push(h.globals[G_IF]!);
      h.push(h.globals[G_TMP]!);
      h.push(h.car(h.cdr(h.cdr(clause()))));
      h.push(h.globals[G_TMP]!);
      h.listTop(2);
      restCond();
      h.listTop(4);
      h.listTop(3);
    } else {
      h.push(h.globals[G_IF]!);
      h.push(h.car(clause()));
      h.push(h.globals[G_BEGIN]!);
      h.push(h.cdr(clause()));
      h.listTop(2, true);
      restCond();
      h.listTop(4);
    }
    this.replace();
  }

  /** (case key ((d ...) e ...) ... (else e ...)) is (let ((tmp key)) (cond ((memv tmp '(d ...)) e ...) ... (else e ...))). */
  private expandCase(len: number): void {
    const h = this.heap;
    const x = h.get(R_EXP);
    if (len < 2) this.bad(x, "case takes a key and clauses");
    for (let c = h.cdr(h.cdr(x)); c !== NIL; c = h.cdr(c)) {
      const one = h.car(c);
      if (this.formLength(one) < 2 || (h.car(one) !== h.globals[G_ELSE] && this.formLength(h.car(one)) < 0)) this.bad(x, "each case clause is ((datum ...) expression ...)");
    }
    const n = len - 2;
    h.push(h.globals[G_LET]!);
    h.push(h.globals[G_TMP]!);
    h.push(this.part(1));
    h.listTop(2);
    h.listTop(1);
    h.push(h.intern("cond"));
    for (let i = 0; i < n; i++) {
      const clause = (): number => this.nth(h.get(R_EXP), i + 2);
      if (h.car(clause()) === h.globals[G_ELSE]) {
        h.push(clause());
        continue;
      }
      h.push(h.globals[G_MEMV]!);
      h.push(h.globals[G_TMP]!);
      h.push(h.globals[G_QUOTE]!);
      h.push(h.car(clause()));
      h.listTop(2);
      h.listTop(3);
      h.push(h.cdr(clause()));
      h.listTop(2, true);
    }
    h.listTop(n + 1);
    h.listTop(3);
    this.replace();
  }

  /** (do ((v i s) ...) (test r ...) body ...) is a named let of a made-up name. */
  private expandDo(len: number): void {
    const h = this.heap;
    const x = h.get(R_EXP);
    if (len < 3) this.bad(x, "do takes bindings, a test clause and a body");
    let n = 0;
    for (let b = h.car(h.cdr(x)); b !== NIL; b = h.cdr(b)) {
      if (!h.isPair(b)) this.bad(x, "do bindings must be a list");
      const l = this.formLength(h.car(b));
      if (!(l === 2 || l === 3) || !h.isSymbol(h.car(h.car(b)))) this.bad(x, "each do binding is (name init [step])");
      n++;
    }
    if (this.formLength(h.car(h.cdr(h.cdr(x)))) < 1) this.bad(x, "the do test clause is (test expression ...)");
    const binding = (i: number): number => this.nth(this.part(1), i);
    // (let loop ((v i) ...) (if test (begin r ...) (begin body ... (loop s ...))))
    h.push(h.globals[G_LET]!);
    h.push(h.globals[G_LOOP]!);
    for (let i = 0; i < n; i++) {
      h.push(h.car(binding(i)));
      h.push(h.car(h.cdr(binding(i))));
      h.listTop(2);
    }
    h.listTop(n);
    h.push(h.globals[G_IF]!);
    h.push(h.car(this.part(2)));
    h.push(h.globals[G_BEGIN]!);
    h.push(h.cdr(this.part(2)));
    h.listTop(2, true);
    h.push(h.globals[G_BEGIN]!);
    const body = this.nthCdr(h.get(R_EXP), 3);
    const m = this.formLength(body);
    for (let i = 0; i < m; i++) h.push(this.nth(this.nthCdr(h.get(R_EXP), 3), i));
    h.push(h.globals[G_LOOP]!);
    for (let i = 0; i < n; i++) {
      const b = binding(i);
      h.push(h.cdr(h.cdr(b)) === NIL ? h.car(b) : h.car(h.cdr(h.cdr(b))));
    }
    h.listTop(n + 1);
    h.listTop(m + 2);
    h.listTop(4);
    h.listTop(4);
    this.replace();
  }

  /** Push the expression that builds the quasiquote template in `slot` at nesting `depth`. */
  private quasi(slot: number, depth: number): void {
    const h = this.heap;
    const t = h.at(slot);
    if (!h.isPair(t)) {
      if (h.typeOf(t) === T_VECTOR) {
        h.push(h.globals[G_LIST2VEC]!);
        const n = h.u32[(t + 4) >>> 2]!;
        for (let k = 0; k < n; k++) h.push(h.ref(h.at(slot) + 8 + 4 * k));
        h.listTop(n);
        const s = h.sp - 4;
        this.quasi(s, depth);
        h.u32[s >>> 2] = h.pop();
        h.listTop(2);
      } else if (h.isSymbol(t) || t === NIL) {
        h.push(h.globals[G_QUOTE]!);
        h.push(t);
        h.listTop(2);
      } else h.push(t);
      return;
    }
    const head = h.car(t);
    if (head === h.globals[G_UNQUOTE] || head === h.globals[G_QQ]) {
      if (this.formLength(t) !== 2) this.bad(t, "unquote and quasiquote take one expression");
      if (head === h.globals[G_UNQUOTE] && depth === 1) {
        h.push(h.car(h.cdr(t)));
        return;
      }
      // Nested: keep the form, with its inside at the depth it now has.
      h.push(h.globals[G_LIST]!);
      h.push(h.globals[G_QUOTE]!);
      h.push(head);
      h.listTop(2);
      const s = h.push(h.car(h.cdr(h.at(slot))));
      this.quasi(s, head === h.globals[G_QQ] ? depth + 1 : depth - 1);
      h.u32[s >>> 2] = h.pop();
      h.listTop(3);
      return;
    }
    if (h.isPair(head) && h.car(head) === h.globals[G_SPLICING] && depth === 1) {
      h.push(h.globals[G_APPEND]!);
      h.push(h.car(h.cdr(h.car(t))));
      const s = h.push(h.cdr(t));
      this.quasi(s, depth);
      h.u32[s >>> 2] = h.pop();
      h.listTop(3);
      return;
    }
    h.push(h.globals[G_CONS]!);
    const a = h.push(head);
    this.quasi(a, depth);
    h.u32[a >>> 2] = h.pop();
    const d = h.push(h.cdr(h.at(slot)));
    this.quasi(d, depth);
    h.u32[d >>> 2] = h.pop();
    h.listTop(3);
  }
}

function arity(min: number, max: number): string {
  if (min === max) return String(min);
  if (max === Infinity) return `at least ${min}`;
  return `${min} to ${max}`;
}
