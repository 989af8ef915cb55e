/**
 * Benchmarks of @mps/telemetry (docs/design/telemetry.md `.req.perf`): the same
 * allocation workload with no event calls at all (the baseline), with its
 * PoolAlloc event guarded and telemetry off (target: no measurable
 * difference), with the writer called unguarded and telemetry off, and with
 * telemetry on. Each prints its workload and its ratio to the baseline.
 */
import type { IOStream } from "@mps/plinth";
import { defaultPlinth } from "@mps/plinth";
import { MockPlinth } from "@mps/plinth/test-util";
import { runBenchPairs, type BenchFn } from "../../../tools/src/bench.js";
import { EVENT_KIND_OBJECT, Telemetry, eventPoolAlloc } from "../src/index.js";

const N = 1_000_000;
const OBJ = 16;
const HEAP = 1 << 20; // bytes: the bump pointer wraps round

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
    sum += p;
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
    sum += p;
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
    sum += p;
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
    sum += p;
  }
  return sum;
}

function run(name: string, loop: (pool: BumpPool) => number, pool: BumpPool): BenchFn {
  return { name, fn: () => loop(pool) };
}

const off = () => new Telemetry({ plinth: new MockPlinth(), stream: new NullStream(), control: 0 });
const workload = `allocate ${N.toLocaleString("en-US")} objects of ${OBJ} bytes with a bump pointer and initialise two words of each`;

await runBenchPairs("@mps/telemetry", [
  {
    workload: `${workload}; PoolAlloc guarded by \`if (tel.control & EVENT_KIND_OBJECT)\`, telemetry off (target ratio 1.0)`,
    ops: N,
    iterations: 30,
    minRatio: 0.9,
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
