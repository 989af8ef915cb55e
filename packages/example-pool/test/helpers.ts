// Helpers of the MSF tests: a format of fixed-size cells, and arenas with
// the real tracer on either protection backend.
import { Arena, ArenaClass } from "@mps/arena";
import type { Addr, ArenaMemory, ScanState } from "@mps/mpm";
import { selectPlatform } from "@mps/mps";
import { traceCollector } from "@mps/trace";

export { rng, SEED } from "@mps/trace/mini-trace";

/**
 * A cell of `unitSize` bytes: word 0 is an id (data, never scanned), the
 * other words are references (0 is null). A zeroed cell is a cell with id 0
 * and null references, as MSF requires.
 */
export function cellFormat(mem: ArenaMemory, unitSize: number) {
  return {
    fmtAlign: 8,
    fmtScan(ss: ScanState, base: Addr, limit: Addr): void {
      for (let p = base; p < limit; p += unitSize) {
        for (let q = p + 4; q < p + unitSize; q += 4) {
          const ref = mem.u32[q >>> 2]!;
          if (ref !== 0 && ss.fix1(ref)) mem.u32[q >>> 2] = ss.fix2(ref);
        }
      }
    },
  };
}

/** An arena with the tracer, on the given protection backend. */
export function gcArena(protection: "none" | "software", size = 32 << 20): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: size, collector: traceCollector, platform: selectPlatform({ protection }) });
}
