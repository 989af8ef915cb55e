// The heap: the format covers every object type (sizes, forwarding and
// padding objects), and the address-hashed tables agree with a model while
// collections move their keys.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Heap } from "../src/heap.js";
import { objectSize } from "../src/heap.js";
import { Interp } from "../src/index.js";
import {
  NIL, T_BUCKETS, T_CLOSURE, T_FLOAT, T_FRAME, T_FWD, T_PAD, T_PAIR, T_PORT, T_PRIM, T_STRING, T_SYMBOL, T_TABLE,
  T_VECTOR, T_WBUCKETS, TABLE_EQ, fix,
} from "../src/values.js";

describe(".impl.layout: the format's skip covers every object type", () => {
  it(".req.objects: sizes of fixed and variable objects, forwarding and padding", () => {
    const u32 = new Uint32Array(16);
    const size = (words: number[]): number => {
      u32.fill(0);
      u32.set(words);
      return objectSize(u32, 0);
    };
    for (const t of [T_PAIR, T_SYMBOL, T_FLOAT, T_PRIM, T_PORT]) expect(size([t])).toBe(16);
    expect(size([T_CLOSURE])).toBe(24);
    expect(size([T_TABLE])).toBe(32);
    expect(size([T_WBUCKETS, 3])).toBe(40); // 24 + 12 bytes, rounded to 8
    expect(size([T_STRING, 0])).toBe(16);
    expect(size([T_STRING, 5])).toBe(24); // 8 + 10 bytes, rounded to 8
    expect(size([T_VECTOR, 3])).toBe(24);
    expect(size([T_VECTOR, 0])).toBe(16);
    expect(size([T_BUCKETS, 4])).toBe(40);
    expect(size([T_FRAME, 1])).toBe(24);
    expect(size([T_FWD, 64, 48])).toBe(48);
    expect(size([T_PAD, 8])).toBe(8);
    expect(() => size([0x1234])).toThrow(/no object/);
  });

  it(".req.objects: every object the interpreter makes is walked by skip from the start of its segment: a heap walk after collections", () => {
    const interp = new Interp({ write: () => {}, arenaSize: 4 << 20 });
    interp.evalText(`(define keep (list (make-string 7 #\\a) 2.5 (vector 1 2 3) (make-eq-hashtable) car (lambda (x) x) (open-output-string) 'sym))
      (define (churn n) (if (> n 0) (begin (make-vector (modulo n 50) n) (string-append "x" (number->string n)) (churn (- n 1)))))
      (churn 20000) (gc)`, { print: false, stopOnError: true });
    let out = "";
    const check = new Interp({ write: (s) => { out += s; }, arenaSize: 4 << 20 });
    check.destroy();
    interp.evalText("(map (lambda (x) (if (procedure? x) 'proc x)) keep)", { print: false, stopOnError: true });
    const h = interp.heap;
    // The kept list is intact after all that moving.
    const keep = interp.globalValue("keep");
    let n = 0;
    for (let p = keep; p !== NIL; p = h.cdr(p)) n++;
    expect(n).toBe(8);
    expect(h.stringValue(h.car(keep))).toBe("aaaaaaa");
    expect(h.floatValue(h.car(h.cdr(keep)))).toBe(2.5);
    expect(out).toBe("");
    interp.destroy();
  });
});

for (const protection of ["none", "software"] as const) {
  describe(`.impl.tables: eq tables keyed by address, with location dependency (protection ${protection})`, () => {
    it("a model-based test: sets, deletes, lookups and collections agree with a Map", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.oneof(
              fc.record({ op: fc.constant("set" as const), key: fc.nat(39), value: fc.nat(1000) }),
              fc.record({ op: fc.constant("delete" as const), key: fc.nat(39) }),
              fc.record({ op: fc.constant("get" as const), key: fc.nat(39) }),
              fc.record({ op: fc.constant("gc" as const) }),
              fc.record({ op: fc.constant("garbage" as const), n: fc.nat(2000) }),
            ),
            { maxLength: 120 },
          ),
          (ops) => {
            const h = new Heap({ arenaSize: 4 << 20, protection });
            try {
              // 40 keys (pairs), held in a vector in a global root slot; the table in another.
              const keysSlot = h.globals.length;
              h.globals.push(0, 0);
              const fill = h.push(NIL);
              h.globals[keysSlot] = h.makeVector(40, fill);
              h.pop();
              for (let i = 0; i < 40; i++) {
                const a = h.push(fix(i));
                const p = h.cons(a, a);
                h.pop();
                h.setRef(h.globals[keysSlot]! + 8 + 4 * i, p);
              }
              h.globals[keysSlot + 1] = h.makeTable(TABLE_EQ);
              const model = new Map<number, number>();
              const key = (i: number): number => h.ref(h.globals[keysSlot]! + 8 + 4 * i);
              for (const o of ops) {
                if (o.op === "set") {
                  const t = h.push(h.globals[keysSlot + 1]!);
                  const k = h.push(key(o.key));
                  const v = h.push(fix(o.value));
                  h.tableSet(t, k, v);
                  h.sp -= 12;
                  model.set(o.key, o.value);
                } else if (o.op === "delete") {
                  expect(h.tableDelete(h.globals[keysSlot + 1]!, key(o.key))).toBe(model.delete(o.key));
                } else if (o.op === "get") {
                  const slot = h.tableFind(h.globals[keysSlot + 1]!, key(o.key));
                  expect(slot === 0 ? undefined : h.ref(slot + 4)).toBe(model.has(o.key) ? fix(model.get(o.key)!) : undefined);
                } else if (o.op === "gc") {
                  h.collect();
                } else {
                  for (let i = 0; i < o.n; i++) h.makeFloat(i); // garbage, to run the collector now and then
                }
                expect(h.tableCount(h.globals[keysSlot + 1]!)).toBe(model.size);
              }
              for (let i = 0; i < 40; i++) {
                const slot = h.tableFind(h.globals[keysSlot + 1]!, key(i));
                expect(slot !== 0).toBe(model.has(i));
              }
            } finally {
              h.destroy();
            }
          },
        ),
        { numRuns: 25 },
      );
    }, 300_000);

    it("a lookup after keys moved rehashes once, then finds every key without rehashing again", () => {
      const interp = new Interp({ write: () => {}, arenaSize: 8 << 20, protection });
      const h = interp.heap;
      interp.evalText(`(define keys (map list (iota 100))) (define t (make-eq-hashtable))
        (for-each (lambda (k) (hashtable-set! t k (car k))) keys)`, { print: false, stopOnError: true });
      const found = (): string => {
        let out = "";
        const i2 = interp;
        (i2 as unknown as { write: (s: string) => void });
        i2.evalText("(define n 0) (for-each (lambda (k) (if (eqv? (hashtable-ref t k #f) (car k)) (set! n (+ n 1)))) keys)", { print: false, stopOnError: true });
        out = String(interp.globalValue("n") >> 1);
        return out;
      };
      expect(found()).toBe("100");
      h.collect();
      const before = h.stats.rehashes;
      expect(found()).toBe("100");
      expect(h.stats.rehashes).toBeGreaterThan(before); // the keys moved: the table noticed
      const after = h.stats.rehashes;
      expect(found()).toBe("100");
      expect(h.stats.rehashes).toBe(after); // nothing moved since: no rehash
      interp.destroy();
    });
  });
}
