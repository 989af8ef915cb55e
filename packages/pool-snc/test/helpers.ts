// Helpers of the SNC tests: a VM arena with the tracer, an SNC pool in the
// test format of @mps/trace/test-util, object allocation on an allocation
// point, and a walk that returns the objects (pads left out).
import { type AP, Arena, ArenaClass, type ArenaOpts } from "@mps/arena";
import type { Addr } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { TF_PAD, initTestObject, testFormat, testObjectId, testObjectSize, testObjectType } from "@mps/trace/test-util";
import { SNCPool } from "../src/index.js";

export { rng, SEED } from "@mps/trace/mini-trace";

/** An arena with the tracer and an SNC pool in the test format (no header). */
export function sncWorld(protection: "none" | "software" = "none", opts: ArenaOpts = {}): { arena: Arena; pool: SNCPool } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, collector: traceCollector, platform: selectPlatform({ protection }), ...opts });
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const pool = arena.createPool(SNCPool, { format });
  return { arena, pool };
}

/** Allocate an object with `nslots` null slots and id `id` on `ap`; returns its address. */
export function make(arena: Arena, ap: AP, id: number, nslots: number, leaf = false): Addr {
  const size = testObjectSize(nslots);
  let p: Addr;
  do {
    p = ap.reserve(size);
    initTestObject(arena.mem, p, 0, id, nslots, leaf);
  } while (!ap.commit(p, size));
  return p;
}

/** The objects a walk of `pool` visits, as [address, id] pairs in walk order (pads left out), and the pad bytes. */
export function walkObjects(arena: Arena, pool: SNCPool): { objs: Map<Addr, number>; padBytes: number; objBytes: number } {
  const objs = new Map<Addr, number>();
  let padBytes = 0;
  let objBytes = 0;
  pool.walk((p) => {
    const size = arena.mem.u32[p >>> 2]! & ~7;
    if (testObjectType(arena.mem, p, 0) === TF_PAD) padBytes += size;
    else {
      objs.set(p, testObjectId(arena.mem, p, 0));
      objBytes += size;
    }
  });
  return { objs, padBytes, objBytes };
}

/** Destroy what is left in `arena` (allocation points, pools, formats), then the arena. */
export function finish(arena: Arena): void {
  for (const pool of arena.pools()) {
    for (const b of pool.buffers()) b.ap.destroy();
    pool.destroy();
  }
  const formats: Array<{ destroy(): void }> = [];
  arena.formats.forEach((f) => formats.push(f));
  for (const f of formats) f.destroy();
  arena.destroy();
}

/**
 * The index a pop of `frames[j]` really pops to: frames pushed with nothing
 * allocated between them are the same address, and a pop takes the most
 * recent of them (docs/design/pool-snc.md, `framePop`), leaving the older
 * ones (with nothing allocated above them) on the stack.
 */
export function popIndex(frames: readonly number[], j: number): number {
  let k = j;
  while (k + 1 < frames.length && frames[k + 1] === frames[j]) k++;
  return k;
}
