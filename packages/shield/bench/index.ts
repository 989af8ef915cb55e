/**
 * Benchmarks of @mps/shield: the scan path's expose/cover pair, and a
 * barrier cycle (raise while suspended, flush on leave), each against the
 * least work that could do the same job, measured in the same run
 * (docs/design/repository.md `.impl.bench`).
 */
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { ACCESS_READ, Shield, type AccessSet, type Protection, type ShieldedSeg } from "../src/index.js";

const GRAIN = 4096;

/** A protection that keeps one byte per grain, as the software backend does. */
class TableProtection implements Protection {
  readonly backend = "table";
  readonly hasBarrier = true;
  readonly granularity = GRAIN;
  readonly base = 0;
  readonly limit: number;
  readonly table: Uint8Array;
  constructor(limit: number) {
    this.limit = limit;
    this.table = new Uint8Array(limit / GRAIN);
  }
  set(base: number, limit: number, mode: AccessSet): void {
    this.table.fill(mode, base >>> 12, limit >>> 12);
  }
  forbidden(addr: number): AccessSet {
    return this.table[addr >>> 12]!;
  }
  sync(): void {}
  setHandlers(): void {}
  finish(): void {}
}

function segs(n: number): ShieldedSeg[] {
  const out: ShieldedSeg[] = [];
  for (let i = 0; i < n; i++) out.push({ base: (i + 1) * GRAIN, limit: (i + 2) * GRAIN, sm: 0, pm: 0, depth: 0, queued: false });
  return out;
}

const SEGS = 1000;
const ROUNDS = 1000;

function exposePair(): BenchPair {
  const prot = new TableProtection((SEGS + 2) * GRAIN);
  const shield = new Shield(prot);
  const a = segs(SEGS);
  const b = segs(SEGS);
  return {
    workload: `expose + cover of each of ${SEGS} unprotected segments, ${ROUNDS} times (${(SEGS * ROUNDS).toLocaleString("en-US")} pairs), inside the shield: the scan path's overhead`,
    ops: SEGS * ROUNDS,
    baseline: {
      name: "depth++ / depth-- on the segment",
      fn: () => {
        let s = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < SEGS; i++) {
            const seg = b[i]!;
            seg.depth++;
            s += seg.depth;
            seg.depth--;
          }
        }
        return s;
      },
    },
    subject: {
      name: "Shield.expose / Shield.cover",
      beforeEach: () => shield.enter(),
      fn: () => {
        let s = 0;
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < SEGS; i++) {
            const seg = a[i]!;
            shield.expose(seg);
            s += seg.depth;
            shield.cover(seg);
          }
        }
        shield.leave();
        return s;
      },
    },
  };
}

function barrierPair(): BenchPair {
  const CYCLES = 200;
  const prot = new TableProtection((SEGS + 2) * GRAIN);
  const shield = new Shield(prot);
  const a = segs(SEGS);
  const base = new TableProtection((SEGS + 2) * GRAIN);
  return {
    workload: `${CYCLES} cycles of: enter, hold, raise a read barrier on ${SEGS} adjacent segments in reverse order, leave (flush), enter, lower all, leave (${(2 * SEGS * CYCLES).toLocaleString("en-US")} raise/lower ops)`,
    ops: 2 * SEGS * CYCLES,
    baseline: {
      name: "Protection.set per segment, no shield",
      fn: () => {
        for (let c = 0; c < CYCLES; c++) {
          for (let i = SEGS - 1; i >= 0; i--) base.set((i + 1) * GRAIN, (i + 2) * GRAIN, ACCESS_READ);
          for (let i = 0; i < SEGS; i++) base.set((i + 1) * GRAIN, (i + 2) * GRAIN, 0);
        }
        return base.table[1];
      },
    },
    subject: {
      name: "Shield raise (queued, coalesced) / lower",
      fn: () => {
        for (let c = 0; c < CYCLES; c++) {
          shield.enter();
          shield.hold();
          for (let i = SEGS - 1; i >= 0; i--) shield.raise(a[i]!, ACCESS_READ);
          shield.release();
          shield.leave();
          shield.enter();
          for (let i = 0; i < SEGS; i++) shield.lower(a[i]!, ACCESS_READ);
          shield.leave();
        }
        return prot.table[1];
      },
    },
  };
}

await runBenchPairs("@mps/shield", [exposePair(), barrierPair()]);
