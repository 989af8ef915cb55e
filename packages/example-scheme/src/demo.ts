/**
 * The demo: a bundled Scheme program that builds and discards a lot of
 * structure, then a report of what the collector did (collections and
 * their reasons, bytes condemned, live and not condemned, pause times).
 * See docs/design/example-scheme.md `.impl.demo`.
 * .critical: none.
 */

import { Interp, type InterpOptions } from "./interp.js";
import { SchemeError } from "./errors.js";

/**
 * The demo's Scheme program.
 * @public
 */
export const DEMO_PROGRAM = `
; 1. Binary trees, built and thrown away: most objects die young.
(define (make-tree depth)
  (if (= depth 0) '() (cons (make-tree (- depth 1)) (make-tree (- depth 1)))))
(define (count-tree t)
  (if (null? t) 1 (+ (count-tree (car t)) (count-tree (cdr t)))))
(define long-lived (make-tree 14))          ; kept to the end: it moves up the generations
(define (trees n total)
  (if (= n 0) total (trees (- n 1) (+ total (count-tree (make-tree 10))))))
(display "trees: ") (display (trees 40 0)) (display " nodes built and dropped") (newline)

; 2. Lists: build, map, reverse, sum; floats are boxed leaves in AMCZ.
(define (sum l) (fold-left + 0 l))
(define (lists n acc)
  (if (= n 0) acc
      (lists (- n 1) (+ acc (sum (reverse (map (lambda (x) (* x 2)) (iota 2000))))))))
(display "lists: ") (display (lists 20 0)) (newline)
(define (float-sum n acc) (if (= n 0) acc (float-sum (- n 1) (+ acc 0.5))))
(display "floats: ") (display (float-sum 30000 0.0)) (newline)

; 3. Strings and symbols: names made, interned, and looked up.
(define (names n acc)
  (if (= n 0) acc
      (names (- n 1) (+ acc (string-length (symbol->string (string->symbol (string-append "name-" (number->string (modulo n 3000))))))))))
(display "symbols: ") (display (names 10000 0)) (display " characters of names") (newline)

; 4. An eq hash table keyed by pairs: the keys move, the table rehashes only when they may have.
(define keys (map (lambda (i) (cons i i)) (iota 500)))
(define table (make-eq-hashtable))
(for-each (lambda (k) (hashtable-set! table k (car k))) keys)
(define (check-table round)
  (for-each (lambda (k) (if (not (= (hashtable-ref table k -1) (car k))) (error "lost key" k))) keys)
  (make-tree 9)
  (if (> round 0) (check-table (- round 1))))
(check-table 60)
(display "hash table: ") (display (hashtable-count table)) (display " keys all found after 60 rounds of allocation") (newline)
(display "long-lived tree still has ") (display (count-tree long-lived)) (display " nodes") (newline)
`;

/**
 * What the demo found, for tests.
 * @public
 */
export interface DemoResult {
  /** Whether the program ran without error. */
  ok: boolean;
  /** Collections done. */
  collections: number;
  /** Bytes the program allocated. */
  allocated: number;
}

/**
 * Run the demo with the interpreter options, writing its output and the report.
 * @public
 */
export function runDemo(opts: InterpOptions, write: (s: string) => void): DemoResult {
  const arenaSize = opts.arenaSize ?? 8 << 20;
  const interp = new Interp({ ...opts, arenaSize, write });
  const h = interp.heap;
  try {
    write(`mps-scheme demo: a Scheme program whose objects live in MPS pools (${opts.pool === "ams" ? "AMS and LO" : "AMC and AMCZ"}, `);
    write(`protection ${opts.protection ?? "none"}, arena ${(arenaSize / 1048576).toFixed(0)} MiB)\n\n`);
    const t0 = performance.now();
    const ok = interp.evalText(DEMO_PROGRAM, { print: false, stopOnError: true });
    const elapsed = performance.now() - t0;
    h.drainMessages();
    const s = h.stats;
    const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
    write(`\nWhat the collector did (from the GC_START and GC messages):\n`);
    write(`  ${s.collections} collections; ${mib(s.allocated)} allocated in all, in an arena of ${mib(arenaSize)} (${mib(h.arena.committed())} committed at the end)\n`);
    write(`  why they started:\n`);
    for (const [why, n] of s.reasons) write(`    ${String(n).padStart(5)}  ${why}\n`);
    write(`  condemned ${mib(s.condemned)}; of that, ${mib(s.live)} survived (${((100 * s.live) / Math.max(1, s.condemned)).toFixed(1)}%)\n`);
    write(`  not condemned (older generations left alone): ${mib(s.notCondemned)} over all collections\n`);
    write(`  hash tables rehashed after their keys moved: ${s.rehashes} times\n`);
    const pauses = [...s.pauses].sort((a, b) => a - b);
    if (pauses.length > 0) {
      const total = pauses.reduce((a, b) => a + b, 0);
      const pct = (q: number): string => pauses[Math.min(pauses.length - 1, Math.floor(q * pauses.length))]!.toFixed(2);
      write(`Pauses (calls into the MPS that took the slow path, over 0.05 ms): ${pauses.length}, `);
      write(`median ${pct(0.5)} ms, 95th percentile ${pct(0.95)} ms, longest ${pauses[pauses.length - 1]!.toFixed(2)} ms, `);
      write(`total ${total.toFixed(0)} ms of ${elapsed.toFixed(0)} ms run time\n`);
    }
    return { ok, collections: s.collections, allocated: s.allocated };
  } catch (e) {
    if (e instanceof SchemeError) write(`Error: ${e.message}\n`);
    throw e;
  } finally {
    interp.destroy();
  }
}
