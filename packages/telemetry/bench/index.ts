/**
 * Benchmarks of @mps/telemetry (docs/design/telemetry.md `.req.perf`): the same
 * allocation workload with no event calls at all (the baseline), with its
 * PoolAlloc event guarded and telemetry off (target: no measurable
 * difference), with the writer called unguarded and telemetry off, and with
 * telemetry on. Each prints its workload and its ratio to the baseline. The
 * first comparison is also made, before the others and before any event has
 * been written, over several compiled copies of each loop run alternately,
 * which is robust against load from other processes and against code
 * placement; the target is checked there.
 */
import type { IOStream } from "@mps/plinth";
import { defaultPlinth } from "@mps/plinth";
import { MockPlinth } from "@mps/plinth/test-util";
import { runBenchPairs, type BenchFn } from "../../../tools/src/bench.js";
import { EVENT_KIND_OBJECT, Telemetry, eventPoolAlloc } from "../src/index.js";

const N = 1_000_000;
const OBJ = 16;
const HEAP = 1 << 16; // bytes: the bump pointer wraps round, and the heap stays in cache

/** A stream that throws its bytes away: the bench measures the writer, not the disk. */
class NullStream implements IOStream {
  readonly name = "null";
  isOpen = false;
  bytes = 0;
  open(): void {
    this.isOpen = true;
  }
  write(b: Uint8Array): void {
    this.bytes += b.length;
  }
  flush(): void {}
  close(): void {
    this.isOpen = false;
  }
}

/** A pool with a bump pointer, as an allocation point's fast path keeps one. */
interface BumpPool {
  readonly id: number;
  readonly tel: Telemetry;
  readonly mem: Uint32Array;
  next: number;
}

function makePool(tel: Telemetry): BumpPool {
  return { id: 7, tel, mem: new Uint32Array(HEAP >>> 2), next: 8 };
}

// One loop per case, each its own function literal, so that each has its own
// type feedback (closures made from one literal share theirs): the workload is
// the loop of the baseline, plus the event call of the case.

/** The baseline: allocate and initialise, no event call at all. */
function loopPlain(pool: BumpPool): number {
  const mem = pool.mem;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let p = pool.next;
    if (p + OBJ > HEAP) p = 8;
    pool.next = p + OBJ;
    mem[p >>> 2] = 0x2a;
    mem[(p + 4) >>> 2] = i;
    sum = (sum + p) | 0;
  }
  return sum;
}

/** The event guarded at the call site, as the MPS's code will write it. */
function loopGuarded(pool: BumpPool): number {
  const mem = pool.mem;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let p = pool.next;
    if (p + OBJ > HEAP) p = 8;
    pool.next = p + OBJ;
    if (pool.tel.control & EVENT_KIND_OBJECT) eventPoolAlloc(pool.tel, pool.id, p, OBJ);
    mem[p >>> 2] = 0x2a;
    mem[(p + 4) >>> 2] = i;
    sum = (sum + p) | 0;
  }
  return sum;
}

/** The writer called with no guard: its own test of the mask returns at once. */
function loopUnguarded(pool: BumpPool): number {
  const mem = pool.mem;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let p = pool.next;
    if (p + OBJ > HEAP) p = 8;
    pool.next = p + OBJ;
    eventPoolAlloc(pool.tel, pool.id, p, OBJ);
    mem[p >>> 2] = 0x2a;
    mem[(p + 4) >>> 2] = i;
    sum = (sum + p) | 0;
  }
  return sum;
}

/** The guarded event with telemetry on (a separate literal: its branch is taken). */
function loopOn(pool: BumpPool): number {
  const mem = pool.mem;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let p = pool.next;
    if (p + OBJ > HEAP) p = 8;
    pool.next = p + OBJ;
    if (pool.tel.control & EVENT_KIND_OBJECT) eventPoolAlloc(pool.tel, pool.id, p, OBJ);
    mem[p >>> 2] = 0x2a;
    mem[(p + 4) >>> 2] = i;
    sum = (sum + p) | 0;
  }
  return sum;
}

function run(name: string, loop: (pool: BumpPool) => number, pool: BumpPool): BenchFn {
  return { name, fn: () => loop(pool) };
}

const off = () => new Telemetry({ plinth: new MockPlinth(), stream: new NullStream(), control: 0 });
const workload = `allocate ${N.toLocaleString("en-US")} objects of ${OBJ} bytes with a bump pointer and initialise two words of each`;

/**
 * The off/no-call comparison again, measured so that neither the machine's load
 * nor code placement can decide it. A tight loop on this machine runs at one
 * of two speeds depending on where V8 happens to place its machine code (one
 * branch more or less moves the loop across an alignment boundary), so the
 * pairs above, which each compile one copy of each loop, may show either mode.
 * Here each loop is compiled `COPIES` times (a new function each time, so new
 * machine code at a new address), the copies of both loops run alternately for
 * `ROUNDS` rounds, and each loop keeps its fastest copy and round. The copies
 * take the kind bit and the writer as closure variables, as an imported
 * binding is a variable of the module's context too. The target applies here.
 */
const COPIES = 10;
const ROUNDS = 10;
const LOOP_HEAD = `
  const mem = pool.mem;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let p = pool.next;
    if (p + OBJ > HEAP) p = 8;
    pool.next = p + OBJ;`;
const LOOP_TAIL = `
    mem[p >>> 2] = 0x2a;
    mem[(p + 4) >>> 2] = i;
    sum = (sum + p) | 0;
  }
  return sum;`;
const PLAIN_SRC = `return function loopPlain(pool) {${LOOP_HEAD}${LOOP_TAIL}\n};`;
const GUARDED_SRC = `return function loopGuarded(pool) {${LOOP_HEAD}
    if (pool.tel.control & EVENT_KIND_OBJECT) eventPoolAlloc(pool.tel, pool.id, p, OBJ);${LOOP_TAIL}\n};`;

function compileCopy(src: string, copy: number): (pool: BumpPool) => number {
  // The copy's number makes its source text unique: V8 caches functions made
  // from the same text, and copies sharing one would share their feedback and
  // lose the specialisation to their own closure that a lone function gets.
  const make = new Function("N", "OBJ", "HEAP", "EVENT_KIND_OBJECT", "eventPoolAlloc", `// copy ${copy}\n${src}`) as (
    ...deps: unknown[]
  ) => (pool: BumpPool) => number;
  return make(N, OBJ, HEAP, EVENT_KIND_OBJECT, eventPoolAlloc);
}

function bestOfCopies(): void {
  // One pool for every copy: the same memory, so only the code differs.
  const pool = makePool(off());
  const plain = Array.from({ length: COPIES }, (_, c) => ({ fn: compileCopy(PLAIN_SRC, c), best: Infinity }));
  const guarded = Array.from({ length: COPIES }, (_, c) => ({ fn: compileCopy(GUARDED_SRC, c), best: Infinity }));
  for (let r = 0; r < ROUNDS; r++) {
    for (let c = 0; c < COPIES; c++) {
      for (const x of [plain[c]!, guarded[c]!]) {
        const t = performance.now();
        x.fn(pool);
        x.best = Math.min(x.best, performance.now() - t);
      }
    }
  }
  const ns = (ms: number) => ((ms * 1e6) / N).toFixed(2);
  const copies = (xs: { best: number }[]) => xs.map((x) => ns(x.best)).join(" ");
  const base = Math.min(...plain.map((x) => x.best));
  const subj = Math.min(...guarded.map((x) => x.best));
  const ratio = base / subj;
  console.log(`\n${workload}; guarded PoolAlloc with telemetry off against no event calls: ${COPIES} compiled copies of each loop, alternating, fastest of ${ROUNDS} rounds`);
  console.log(`  baseline  no event calls  ${ns(base)} ns/object  (copies: ${copies(plain)})`);
  console.log(`  subject   guarded, off    ${ns(subj)} ns/object  (copies: ${copies(guarded)})`);
  const ok = ratio >= 0.9;
  console.log(`  ratio     ${ratio.toFixed(2)}x  (target ≥ 0.9x: ${ok ? "met" : "MISSED"})`);
  if (!ok) process.exitCode = 1;
}

// First, before any event has been written in this process: a program with
// telemetry off never runs a writer, and the comparison should see what it sees.
console.log(`@mps/telemetry: the cost of a disabled event (Node ${process.version}, MPS_CHECK=${process.env["MPS_CHECK"] || "hot"})`);
bestOfCopies();

await runBenchPairs("@mps/telemetry", [
  {
    workload: `${workload}; PoolAlloc guarded by \`if (tel.control & EVENT_KIND_OBJECT)\`, telemetry off (target ratio 1.0)`,
    ops: N,
    iterations: 30,
    baseline: run("no event calls", loopPlain, makePool(off())),
    subject: run("guarded, off", loopGuarded, makePool(off())),
  },
  {
    workload: `${workload}; eventPoolAlloc called without a guard, telemetry off (the writer's own test)`,
    ops: N,
    iterations: 30,
    baseline: run("no event calls", loopPlain, makePool(off())),
    subject: run("unguarded, off", loopUnguarded, makePool(off())),
  },
  {
    workload: `${workload}; telemetry on for Object events, 16 KiB buffer, the host clock, a stream that discards`,
    ops: N,
    iterations: 10,
    baseline: run("no event calls", loopPlain, makePool(off())),
    subject: run("on, host clock", loopOn, makePool(new Telemetry({ plinth: defaultPlinth(), stream: new NullStream(), control: EVENT_KIND_OBJECT }))),
  },
  {
    workload: `${workload}; telemetry on for Object events, with a mock clock (the writer's cost without the host timer)`,
    ops: N,
    iterations: 10,
    baseline: run("no event calls", loopPlain, makePool(off())),
    subject: run("on, mock clock", loopOn, makePool(new Telemetry({ plinth: new MockPlinth({ autoStep: 1 }), stream: new NullStream(), control: EVENT_KIND_OBJECT }))),
  },
]);

