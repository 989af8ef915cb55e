/**
 * Benchmarks of @mps/pool-mrg: each prints its workload and its ratio to a
 * baseline measured in the same run (docs/contributing/benchmarks.md). The
 * critical path is MRGRefSeg's scan, run once per collection that greys a
 * guardian segment.
 */
import { Arena, ArenaClass } from "@mps/arena";
import { Rank, type ScanState } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { MRGPool, type MRGRefSeg } from "../src/index.js";

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform() });
const mrg = arena.createPool(MRGPool);
const n = mrg.guardiansPerSeg;
// A full segment of registered guardians, references spread over the zones.
for (let i = 0; i < n; i++) mrg.register(0x100000 + i * 0x1000);
const seg = mrg.segs()[0] as MRGRefSeg;
const zoneShift = arena.zoneShift;

/** A scan state whose white zones hold none of the references: the zone test alone (no fix2), as in a minor collection. */
class ZoneTestOnly {
  readonly rank = Rank.FINAL;
  readonly white = 0;
  readonly zoneShift = zoneShift;
  unfixedSummary = 0;
  fixedSummary = 0;
  wasMarked = true;
  fix1(ref: number): boolean {
    const zone = (ref >>> this.zoneShift) & 31;
    this.unfixedSummary |= 1 << zone;
    return ((this.white >>> zone) & 1) !== 0;
  }
  fix2(ref: number): number {
    return ref;
  }
}
const ss = new ZoneTestOnly() as unknown as ScanState;

// The baseline: the same loop over the same words, with the state array and the zone test inline.
const u32 = arena.mem.u32;
const state = seg.link.state;
function baseline(): number {
  let summary = 0;
  const w0 = seg.base >>> 2;
  for (let i = 0; i < n; i++) {
    if (state[i] === 1) continue;
    const ref = u32[w0 + i]!;
    if (ref === 0) continue;
    summary |= 1 << ((ref >>> zoneShift) & 31);
  }
  return summary;
}

await runBenchPairs("@mps/pool-mrg", [
  {
    workload: `scan one guardian segment of ${n} registered guardians, no reference white (zone test only), 10^3 times`,
    ops: n * 1000,
    baseline: { name: "inline loop over the words", fn: () => { let s = 0; for (let k = 0; k < 1000; k++) s |= baseline(); return s; } },
    subject: { name: "MRGRefSeg.scan", fn: () => { let t = 0; for (let k = 0; k < 1000; k++) t += seg.scan(ss) ? 1 : 0; return t; } },
  },
]);
