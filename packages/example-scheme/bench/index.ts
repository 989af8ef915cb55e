/**
 * `pnpm bench`: a Scheme program that allocates heavily (trees and lists
 * built and thrown away, a symbol-heavy part) on the interpreter, with AMC
 * and with AMS, on each protection backend. The run times are measured as
 * pairs against AMC without a barrier (tools/src/bench.ts); then one run of
 * each configuration reports what the collector did.
 * The measured code is the compiled `dist` (built first), as in bench-gcbench:
 * under tsx every imported binding is read through a getter.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBenchPairs } from "../../../tools/src/bench.js";

const here = dirname(fileURLToPath(import.meta.url));
const built = spawnSync("pnpm", ["exec", "tsc", "-b"], { cwd: join(here, ".."), stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);
const { Interp } = (await import(join(here, "..", "dist", "index.js"))) as typeof import("../src/index.js");

const PROGRAM = `
(define (make-tree d) (if (= d 0) '() (cons (make-tree (- d 1)) (make-tree (- d 1)))))
(define (count t) (if (null? t) 1 (+ (count (car t)) (count (cdr t)))))
(define keep (make-tree 12))
(define (trees n acc) (if (= n 0) acc (trees (- n 1) (+ acc (count (make-tree 9))))))
(define (lists n acc) (if (= n 0) acc (lists (- n 1) (+ acc (length (reverse (map (lambda (x) (cons x x)) (iota 1000))))))))
(define (names n acc)
  (if (= n 0) acc
      (names (- n 1) (+ acc (string-length (symbol->string (string->symbol (string-append "sym-" (number->string (modulo n 500))))))))))
(trees 20 0)
(lists 20 0)
(names 5000 0)
(count keep)
`;
const WORKLOAD =
  "the Scheme program: 20 binary trees of depth 9 built, counted and dropped; 20 lists of 1000 pairs mapped, reversed and dropped; " +
  "5000 symbols interned from made-up names (500 distinct); a tree of depth 12 kept throughout; in an 8 MiB arena";

type Config = { pool: "amc" | "ams"; protection: "none" | "software" };
const configs: Config[] = [
  { pool: "amc", protection: "none" },
  { pool: "amc", protection: "software" },
  { pool: "ams", protection: "none" },
  { pool: "ams", protection: "software" },
];
const label = (c: Config): string => `${c.pool.toUpperCase()}, protection ${c.protection}`;

function run(c: Config): InstanceType<typeof Interp>["heap"]["stats"] & { ms: number } {
  const interp = new Interp({ ...c, arenaSize: 8 << 20, write: () => {} });
  const t0 = performance.now();
  const ok = interp.evalText(PROGRAM, { print: false, stopOnError: true });
  const ms = performance.now() - t0;
  interp.heap.drainMessages();
  const stats = { ...interp.heap.stats, pauses: [...interp.heap.stats.pauses], ms };
  interp.destroy();
  if (!ok) throw new Error(`the bench program failed with ${label(c)}`);
  return stats;
}

// An operation is a byte the program allocates (the same in every configuration).
const allocated = run(configs[0]!).allocated;
await runBenchPairs(
  "example-scheme",
  configs.slice(1).map((c) => ({
    workload: `${WORKLOAD}: ${label(c)} against AMC without a barrier (ops: the ${allocated.toLocaleString("en-US")} bytes the program allocates)`,
    ops: allocated,
    iterations: 3,
    baseline: { name: label(configs[0]!), fn: () => run(configs[0]!) },
    subject: { name: label(c), fn: () => run(c) },
  })),
);

console.log(`\nWhat the collector did, one run of each (${WORKLOAD}):`);
for (const c of configs) {
  const s = run(c);
  const pauses = [...s.pauses].sort((a, b) => a - b);
  const longest = pauses.length > 0 ? pauses[pauses.length - 1]!.toFixed(1) : "0";
  const total = pauses.reduce((a, b) => a + b, 0);
  console.log(
    `  ${label(c).padEnd(26)} ${s.ms.toFixed(0).padStart(6)} ms; ${String(s.collections).padStart(3)} collections; ` +
      `${(s.allocated / 1048576).toFixed(1)} MiB allocated, ${(s.condemned / 1048576).toFixed(1)} MiB condemned, ` +
      `${(s.live / 1048576).toFixed(1)} MiB survived; pauses: ${pauses.length}, longest ${longest} ms, ${total.toFixed(0)} ms in all`,
  );
}
