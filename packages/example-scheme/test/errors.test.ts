// Bad input at the REPL: syntax errors, running out of memory, too deep a
// recursion. Each is reported as a Scheme error, the heap stays intact, and
// the next form runs.
import { describe, expect, it } from "vitest";
import { Interp } from "../src/index.js";

function session(protection: "none" | "software", arenaSize = 8 << 20): { interp: Interp; run: (text: string) => string } {
  let out = "";
  const interp = new Interp({ write: (s) => { out += s; }, protection, arenaSize });
  return {
    interp,
    run(text) {
      out = "";
      interp.evalText(text, { print: true, stopOnError: false });
      return out;
    },
  };
}

for (const protection of ["none", "software"] as const) {
  describe(`.req.errors (protection ${protection})`, () => {
    it(".req.errors: syntax errors are reported and nothing is evaluated; the REPL goes on", () => {
      const { interp, run } = session(protection);
      expect(run("(define kept (list 1 2 3))")).toBe("");
      const cases: [string, RegExp][] = [
        ["(+ 1 2", /syntax error on line 1: missing \)/],
        [")", /syntax error on line 1: unexpected \)/],
        ["(1 . 2 3)", /more than one datum after \./],
        ["( . 1)", /nothing before \./],
        ["#\\nosuchchar", /unknown character name/],
        ["#q", /unknown syntax #q/],
        ["\"open string", /unterminated string/],
        ["(a]", /\] closes a list opened with \(/],
        ["\n\n(oops", /line 3/],
      ];
      for (const [text, re] of cases) expect(run(text)).toMatch(re);
      expect(run("(define y 5) (list y kept)")).toBe("(5 (1 2 3))\n");
      interp.destroy();
    });

    it(".req.errors: running out of arena memory is a Scheme error; what was live survives and the REPL works", () => {
      const { interp, run } = session(protection, 2 << 20);
      expect(run("(define kept (iota 100))")).toBe("");
      // Hold on to everything: a list of ever more vectors, until the arena is full.
      const out = run("(define (grow l) (grow (cons (make-vector 1000 0) l))) (grow '())");
      expect(out).toMatch(/^Error: out of memory: /);
      expect(run("(apply + kept)")).toBe("4950\n");
      // The dropped list is garbage now: allocating a lot again works.
      expect(run("(length (map (lambda (i) (make-vector 100 i)) (iota 1000)))")).toBe("1000\n");
      expect(run("(grow '())")).toMatch(/out of memory/);
      expect(run("(+ 1 2)")).toBe("3\n");
      interp.destroy();
    });

    it(".req.errors: recursion too deep for the shadow stack is an error, not a crash", () => {
      const { interp, run } = session(protection);
      expect(run("(define (deep n) (+ 1 (deep (+ n 1)))) (deep 0)")).toMatch(/^Error: stack overflow: recursion too deep/);
      expect(run("(define (ok n) (if (= n 0) 0 (+ 1 (ok (- n 1))))) (ok 1000)")).toBe("1000\n");
      interp.destroy();
    });

    it(".req.errors: wrong argument types and counts name the procedure and the expression", () => {
      const { interp, run } = session(protection);
      expect(run("(vector-ref '(1) 0)")).toBe("Error: vector-ref: not a vector: (1)\n  in: (vector-ref '(1) 0)\n");
      expect(run("(cons 1)")).toBe("Error: cons: wrong number of arguments: expected 2, got 1\n  in: (cons 1)\n");
      expect(run("(define (f a b . c) a) (f 1)")).toBe("Error: f: wrong number of arguments: expected at least 2, got 1\n  in: (f 1)\n");
      expect(run("(f 1 2 3 4)")).toBe("1\n");
      interp.destroy();
    });
  });
}
