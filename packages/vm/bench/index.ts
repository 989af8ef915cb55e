/**
 * Benchmarks of @mps/vm: the cost of AbstractVM's checks and mapped-page
 * bookkeeping on map/unmap cycles, against the bare buffer work a backend
 * does anyway (docs/design/repository.md `.impl.bench`).
 */
import { runBenchPairs, type BenchPair } from "../../../tools/src/bench.js";
import { AbstractVM, MemoryViews } from "../src/index.js";

const PAGE = 4096;
const PAGES = 256;
const CYCLES = 100_000;

/** A VM over a fixed buffer whose only work is the zero-fill on unmap: what is left is AbstractVM's. */
class BenchVM extends AbstractVM {
  constructor(size: number) {
    super({ backend: "bench", pageSize: PAGE, base: 0, limit: size, reserved: size, mem: new MemoryViews(new ArrayBuffer(size)) });
  }
  protected mapMethod(): void {}
  protected unmapMethod(base: number, limit: number): void {
    this.mem.u8.fill(0, base, limit);
  }
  protected physicalMethod(): number {
    return this.limit;
  }
  protected finishMethod(): void {}
}

/** Map and unmap `run` pages at a time, moving through a 1 MiB reservation. */
function cyclePair(run: number): BenchPair {
  const vm = new BenchVM(PAGES * PAGE);
  const u8 = new Uint8Array(new ArrayBuffer(PAGES * PAGE));
  return {
    workload: `${CYCLES.toLocaleString("en-US")} map/unmap cycles of ${run} page(s) of 4 KiB, moving through 1 MiB (${(2 * CYCLES).toLocaleString("en-US")} ops); both sides zero-fill on unmap`,
    ops: 2 * CYCLES,
    baseline: {
      name: "bare buffer: zero-fill only",
      fn: () => {
        let s = 0;
        for (let i = 0; i < CYCLES; i++) {
          const base = ((i * run) % PAGES) * PAGE;
          const limit = base + run * PAGE;
          u8[base] = 1;
          u8.fill(0, base, limit);
          s += limit;
        }
        return s;
      },
    },
    subject: {
      name: "AbstractVM map + unmap",
      fn: () => {
        let s = 0;
        for (let i = 0; i < CYCLES; i++) {
          const base = ((i * run) % PAGES) * PAGE;
          const limit = base + run * PAGE;
          vm.map(base, limit);
          vm.mem.u8[base] = 1;
          vm.unmap(base, limit);
          s += limit;
        }
        return s;
      },
    },
  };
}

await runBenchPairs("@mps/vm", [cyclePair(1), cyclePair(16)]);
