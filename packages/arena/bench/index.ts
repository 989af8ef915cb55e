/**
 * Benchmarks of @mps/arena: each prints its workload and its ratio to a
 * baseline measured in the same run (docs/contributing/benchmarks.md).
 * 1. Segment lookup by address through the page table (Arena.segOfAddr)
 *    against the least a lookup can do: one Int32Array read and one array read.
 * 2. The allocation point's reserve/commit fast path, in the retry-loop shape
 *    users write, initialising 16-byte objects, against a bare bump pointer
 *    into a Uint32Array (DESIGN.md §5: a good AP reaches about 0.9x).
 * 3. The same AP loop against a bump pointer writing through the arena's own
 *    `mem.u32` view, which separates the AP's cost from the cost of the view.
 */
import type { Range } from "@mps/land";
import { MockVMBackend } from "@mps/vm/test-util";
import { runBenchPairs } from "../../../tools/src/bench.js";
import {
  type AP, Arena, ArenaClass, type Buffer, type BufferClass, GCSeg, LocusPref, Pool, SegBuf, type Seg, type VMArena, definePoolAttrs, segAlloc,
} from "../src/index.js";

const MiB = 1 << 20;

/** A pool whose buffers are filled with 1 MiB segments, freed when the pool is destroyed. */
class BenchPool extends Pool {
  static readonly className = "Bench";
  static readonly attrs = definePoolAttrs({ buffer: true });
  protected override bufferClassMethod(): BufferClass {
    return SegBuf;
  }
  protected override bufferFillMethod(range: Range, _buffer: Buffer, size: number): void {
    const seg = segAlloc(GCSeg, new LocusPref(), Math.max(MiB, Math.ceil(size / 4096) * 4096), this, {});
    range.set(seg.base, seg.limit);
  }
  protected override bufferEmptyMethod(_buffer: Buffer): void {
    // the rest of the segment is abandoned until the pool is destroyed
  }
}

// ----- 1. segment lookup ---------------------------------------------------------
const LOOKUPS = 1_000_000;
const lookupArena: VMArena = Arena.create(ArenaClass.VM, { arenaSize: 64 * MiB, platform: { vm: new MockVMBackend() } });
const lookupPool = lookupArena.createPool(BenchPool, {});
const segs: Seg[] = [];
for (let i = 0; i < 500; i++) segs.push(segAlloc(GCSeg, new LocusPref(), 4096 * (1 + (i % 8)), lookupPool, {}));
const addrs = new Uint32Array(LOOKUPS);
let seed = 12345;
for (let i = 0; i < LOOKUPS; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const s = segs[seed % segs.length] as Seg;
  addrs[i] = s.base + (seed % (s.limit - s.base));
}
// The baseline: a flat table of ids per 4 KiB grain and an array of segments.
const flatIds = new Int32Array(64 * MiB / 4096);
const flatSegs: (Seg | undefined)[] = [undefined];
for (const s of segs) {
  flatSegs.push(s);
  flatIds.fill(flatSegs.length - 1, s.base >>> 12, s.limit >>> 12);
}

// ----- 2. allocation -------------------------------------------------------------
const OBJECTS = 1_000_000;
const allocArena: VMArena = Arena.create(ArenaClass.VM, { arenaSize: 64 * MiB, platform: { vm: new MockVMBackend() } });
let allocPool: Pool = allocArena.createPool(BenchPool, {});
let ap: AP = allocPool.createAp();
function freshAp(): void {
  ap.destroy();
  allocPool.destroy();
  allocPool = allocArena.createPool(BenchPool, {});
  ap = allocPool.createAp();
}
const bump = new Uint32Array(OBJECTS * 4 + 1024);

// The same on a client arena over a plain (not resizable) ArrayBuffer.
const clArena = Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(48 * MiB), arenaClBase: 0, arenaSize: 48 * MiB });
let clPool: Pool = clArena.createPool(BenchPool, {});
let clAp: AP = clPool.createAp();
function freshClAp(): void {
  clAp.destroy();
  clPool.destroy();
  clPool = clArena.createPool(BenchPool, {});
  clAp = clPool.createAp();
}
function clApLoop(): number {
  const a = clAp;
  const mem = clArena.mem;
  let p = 0;
  for (let i = 0; i < OBJECTS; i++) {
    do {
      p = a.reserve(16);
      const u32 = mem.u32;
      const w = p >>> 2;
      u32[w] = 1;
      u32[w + 1] = i;
      u32[w + 2] = 0;
      u32[w + 3] = 0;
    } while (!a.commit(p, 16));
  }
  return p;
}

/** The user's retry loop: reserve, initialise, commit until it sticks. */
function apLoop(): number {
  const a = ap;
  const mem = allocArena.mem;
  let p = 0;
  for (let i = 0; i < OBJECTS; i++) {
    do {
      p = a.reserve(16);
      const u32 = mem.u32; // read afresh: a fill may have grown the buffer (vm .views)
      const w = p >>> 2;
      u32[w] = 1;
      u32[w + 1] = i;
      u32[w + 2] = 0;
      u32[w + 3] = 0;
    } while (!a.commit(p, 16));
  }
  return p;
}
// Commit the arena's first 24 MiB once, so that the view baseline writes to mapped memory.
{
  const warm = allocArena.createPool(BenchPool, {});
  allocArena.setSpare(1);
  for (let i = 0; i < 24; i++) segAlloc(GCSeg, new LocusPref(), MiB, warm, {});
  warm.destroy();
}

await runBenchPairs("@mps/arena", [
  {
    workload: `segment lookup by address: ${LOOKUPS} random addresses in 500 segments of 1-8 grains, 64 MiB VM arena`,
    ops: LOOKUPS,
    baseline: {
      name: "flat Int32Array of ids + array",
      fn: () => {
        let n = 0;
        for (let i = 0; i < LOOKUPS; i++) if (flatSegs[flatIds[(addrs[i] as number) >>> 12] as number] !== undefined) n++;
        return n;
      },
    },
    subject: {
      name: "Arena.segOfAddr",
      fn: () => {
        let n = 0;
        for (let i = 0; i < LOOKUPS; i++) if (lookupArena.segOfAddr(addrs[i] as number) !== undefined) n++;
        return n;
      },
    },
  },
  {
    workload: `allocate and initialise ${OBJECTS} objects of 16 bytes (4 words) on a client arena over a plain ArrayBuffer: bump pointer vs AP`,
    ops: OBJECTS,
    baseline: {
      name: "bare bump pointer in a Uint32Array",
      fn: () => {
        let top = 8;
        const u32 = bump;
        for (let i = 0; i < OBJECTS; i++) {
          const p = top;
          top = p + 16;
          const w = p >>> 2;
          u32[w] = 1;
          u32[w + 1] = i;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return top;
      },
    },
    subject: {
      name: "AP reserve/commit (CL arena)",
      beforeEach: freshClAp,
      fn: () => clApLoop(),
    },
  },
  {
    workload: `allocate and initialise ${OBJECTS} objects of 16 bytes (4 words) through the arena's mem.u32 view: bump pointer vs AP`,
    ops: OBJECTS,
    baseline: {
      name: "bump pointer into arena.mem.u32",
      fn: () => {
        let top = 8 * MiB;
        const u32 = allocArena.mem.u32;
        for (let i = 0; i < OBJECTS; i++) {
          const p = top;
          top = p + 16;
          const w = p >>> 2;
          u32[w] = 1;
          u32[w + 1] = i;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return top;
      },
    },
    subject: {
      name: "AP reserve/commit",
      beforeEach: freshAp,
      fn: () => apLoop(),
    },
  },
  {
    workload: `allocate and initialise ${OBJECTS} objects of 16 bytes (4 words), retry loop of reserve/commit on a VM arena (mock VM, resizable buffer); buffers filled with 1 MiB segments`,
    ops: OBJECTS,
    baseline: {
      name: "bare bump pointer in a Uint32Array",
      fn: () => {
        let top = 8;
        const u32 = bump;
        for (let i = 0; i < OBJECTS; i++) {
          const p = top;
          top = p + 16;
          const w = p >>> 2;
          u32[w] = 1;
          u32[w + 1] = i;
          u32[w + 2] = 0;
          u32[w + 3] = 0;
        }
        return top;
      },
    },
    subject: {
      name: "AP reserve/commit",
      beforeEach: freshAp,
      fn: () => apLoop(),
    },
  },
]);
