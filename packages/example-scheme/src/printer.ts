/**
 * The printer: `write` and `display` of any value. It allocates nothing in
 * the heap, so it may hold references in JavaScript variables while it walks.
 * See docs/design/example-scheme.md `.impl.printer`.
 * .critical: none.
 */

import type { Heap } from "./heap.js";
import {
  EOF, FALSE, NIL, TRUE, UNDEF, UNSPEC, T_BUCKETS, T_CLOSURE, T_FLOAT, T_FRAME, T_PAIR, T_PORT, T_PRIM, T_STRING,
  T_SYMBOL, T_TABLE, T_VECTOR, charCode, isChar, isFix, unfix,
} from "./values.js";

const CHAR_OUT: Record<number, string> = { 32: "space", 10: "newline", 9: "tab", 0: "nul", 13: "return", 127: "delete", 27: "escape", 7: "alarm", 8: "backspace" };
const LIMIT = 1 << 20; // characters: a cyclic structure prints as far as this

/**
 * A float as Scheme prints it: always with a point or an exponent.
 * @public
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return "+nan.0";
  if (x === Infinity) return "+inf.0";
  if (x === -Infinity) return "-inf.0";
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * The printed form of `v`: as `write` prints it, or as `display` does.
 * @public
 */
export function toText(h: Heap, v: number, display: boolean): string {
  const out: string[] = [];
  let len = 0;
  const emit = (s: string): void => {
    out.push(s);
    len += s.length;
  };
  const pr = (w: number, depth: number): void => {
    if (len > LIMIT) {
      return;
    }
    if (isFix(w)) return emit(String(unfix(w)));
    if (isChar(w)) {
      const c = charCode(w);
      if (display) return emit(String.fromCodePoint(c));
      return emit(`#\\${CHAR_OUT[c] ?? String.fromCodePoint(c)}`);
    }
    switch (w) {
      case NIL: return emit("()");
      case TRUE: return emit("#t");
      case FALSE: return emit("#f");
      case UNSPEC: return emit("#<unspecified>");
      case EOF: return emit("#<eof>");
      case UNDEF: return emit("#<undefined>");
    }
    if ((w & 7) !== 0) return emit(`#<immediate ${w}>`);
    switch (h.u32[w >>> 2]) {
      case T_FLOAT: return emit(formatFloat(h.floatValue(w)));
      case T_STRING: {
        const s = h.stringValue(w);
        if (display) return emit(s);
        return emit(`"${s.replace(/[\\"\n\t\r]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : c === "\r" ? "\\r" : `\\${c}`))}"`);
      }
      case T_SYMBOL: return emit(h.symbolName(w));
      case T_PAIR: {
        const head = h.car(w);
        const rest = h.cdr(w);
        if (h.isSymbol(head) && h.isPair(rest) && h.cdr(rest) === NIL) {
          const name = h.symbolName(head);
          const prefix = name === "quote" ? "'" : name === "quasiquote" ? "`" : name === "unquote" ? "," : name === "unquote-splicing" ? ",@" : "";
          if (prefix !== "") {
            emit(prefix);
            return pr(h.car(rest), depth + 1);
          }
        }
        emit("(");
        let p = w;
        let first = true;
        while (h.isPair(p) && len <= LIMIT) {
          if (!first) emit(" ");
          first = false;
          pr(h.car(p), depth + 1);
          p = h.cdr(p);
        }
        if (p !== NIL) {
          emit(" . ");
          pr(p, depth + 1);
        }
        return emit(")");
      }
      case T_VECTOR: {
        const n = h.u32[(w + 4) >>> 2]!;
        emit("#(");
        for (let k = 0; k < n && len <= LIMIT; k++) {
          if (k > 0) emit(" ");
          pr(h.ref(w + 8 + 4 * k), depth + 1);
        }
        return emit(")");
      }
      case T_CLOSURE: {
        const name = h.ref(w + 16);
        return emit(h.isSymbol(name) ? `#<procedure ${h.symbolName(name)}>` : "#<procedure>");
      }
      case T_PRIM: return emit(`#<primitive ${h.symbolName(h.ref(w + 4))}>`);
      case T_PORT: return emit(`#<port ${h.stringValue(h.ref(w + 4))}>`);
      case T_TABLE: return emit(`#<hashtable ${h.tableCount(w)}>`);
      case T_BUCKETS: return emit("#<buckets>");
      case T_FRAME: return emit("#<environment>");
      default: return emit(`#<object ${w.toString(16)}>`);
    }
  };
  pr(v, 0);
  const s = out.join("");
  return len > LIMIT ? `${s.slice(0, LIMIT)}...` : s;
}
