// Single access (design.mps.poolawl, awlSegCanTrySingleAccess): with the
// software barrier, a read of one weak reference from a grey weak segment
// during a collection fixes only that word, so the other objects the
// segment refers to weakly are still judged at weak rank and splatted if
// nothing else holds them. Past the per-segment limit the segment is scanned
// whole at exact rank, which keeps them all (a bad scan, as the MPS counts it).
import { describe, expect, it } from "vitest";
import { Rank } from "@mps/mpm";
import { AWLPool } from "../src/index.js";
import { allocObj, arrayRoot, gcArena, getSlot, setSlot, slotAddr } from "./helpers.js";
import { testFormat, testObjectId } from "@mps/trace/test-util";

const N = 8;

/** A weak object W of N slots referring to N exact objects that only W refers to; W rooted. Reads slots `reads` of W during a collection. */
function scenario(segSALimit: number | undefined, reads: number[], totalSALimit?: number) {
  const arena = gcArena("software");
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const pool = arena.createPool(AWLPool, { format });
  pool.segSALimit = segSALimit;
  pool.totalSALimit = totalSALimit;
  const exactAp = pool.createAp({ rank: Rank.EXACT });
  const weakAp = pool.createAp({ rank: Rank.WEAK });
  const w = allocObj(arena, weakAp, 0, 100, N);
  const targets: number[] = [];
  for (let i = 0; i < N; i++) {
    targets.push(allocObj(arena, exactAp, 0, i, 2));
    setSlot(arena, w, 0, i, targets[i]!);
  }
  exactAp.destroy();
  weakAp.destroy();
  const refs = new Uint32Array([w]);
  const root = arrayRoot(arena, refs);
  arena.startCollect(); // flips: W is grey and read-protected
  const wseg = arena.segOfAddr(w)!;
  expect(wseg.grey, "W's segment is grey after the flip").not.toBe(0);
  const got = reads.map((i) => arena.loadRef(slotAddr(w, 0, i)));
  arena.park(); // finish the collection
  const survivors = targets.map((_, i) => getSlot(arena, w, 0, i) !== 0);
  const ids: number[] = [];
  pool.walk((p) => ids.push(testObjectId(arena.mem, p, 0)));
  const stats = { ...pool.stats };
  const result = { got, targets, survivors, ids: ids.sort((a, b) => a - b), stats, segStats: wseg };
  root.destroy();
  pool.destroy();
  format.destroy();
  arena.destroy();
  return result;
}

describe("AWL single access", () => {
  // .req.single-access
  it(".single-access: reading one weak reference keeps only its referent", () => {
    const r = scenario(undefined, [3, 5]);
    expect(r.got).toEqual([r.targets[3], r.targets[5]]);
    expect(r.survivors).toEqual([false, false, false, true, false, true, false, false]);
    expect(r.ids).toEqual([3, 5, 100]);
    expect(r.stats.savedScans).toBe(1);
    expect(r.stats.savedAccesses).toBe(2);
    expect(r.stats.badScans).toBe(0);
    expect(r.stats.goodScans).toBe(1);
  });
  // .req.single-access
  it(".single-access.limit.seg: past the segment's limit the segment is scanned whole as exact, keeping everything", () => {
    const r = scenario(1, [3, 5]);
    expect(r.got).toEqual([r.targets[3], r.targets[5]]);
    expect(r.survivors).toEqual(new Array<boolean>(N).fill(true));
    expect(r.stats.declined).toBe(1);
    expect(r.stats.badScans).toBe(1);
    expect(r.stats.savedScans).toBe(0);
  });
  it(".single-access.limit.total: the pool's limit on successive single accesses", () => {
    const r = scenario(undefined, [1, 2, 6], 2);
    expect(r.survivors).toEqual(new Array<boolean>(N).fill(true));
    expect(r.stats.declined).toBe(1);
    expect(r.stats.badScans).toBe(1);
  });
  it(".single-access.same: repeated reads of one word are counted", () => {
    const r = scenario(undefined, [4, 4, 4]);
    expect(r.survivors.filter((x) => x).length).toBe(1);
    expect(r.stats.savedAccesses).toBe(3);
  });
  it(".single-access.none: with no barrier the trace runs atomically and nothing is read mid-trace", () => {
    const arena = gcArena("none");
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const pool = arena.createPool(AWLPool, { format });
    const exactAp = pool.createAp({ rank: Rank.EXACT });
    const weakAp = pool.createAp({ rank: Rank.WEAK });
    const w = allocObj(arena, weakAp, 0, 100, 2);
    const a = allocObj(arena, exactAp, 0, 1, 2);
    setSlot(arena, w, 0, 0, a);
    exactAp.destroy();
    weakAp.destroy();
    const root = arrayRoot(arena, new Uint32Array([w]));
    arena.startCollect();
    expect(arena.loadRef(slotAddr(w, 0, 0)), "the collection finished before the mutator ran: the slot was splatted").toBe(0);
    expect(pool.stats.savedAccesses).toBe(0);
    arena.park();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
