/**
 * Segments (design.mps.seg): the page table maps every grain to its
 * segment; split and merge keep it so and move buffers and trace state;
 * GC segments keep the grey rings and their summary; hooks a class does not
 * implement are UNIMPL; freeing returns the grains.
 */
import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError, RANK_SET_EMPTY, SIG_INVALID, Rank, ZONE_SET_UNIV, describeToString, rankSetSingle } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { GCSeg, LocusPref, PlainSeg, type Seg, segAlloc } from "../src/index.js";
import { TinyPool, TinySeg, mockArena } from "./tiny-pool.js";

const G = 4096;
const trace = { ti: 0, white: 0, mayMove: 0, emergency: false, enterEmergency(): void {}, condemned: 0, forwardedSize: 0, preservedInPlaceSize: 0, reclaimSize: 0 };

function pageTableHolds(seg: Seg): void {
  const arena = seg.pool.arena;
  for (let a = seg.base; a < seg.limit; a += G) {
    expect(arena.segOfAddr(a)).toBe(seg);
    expect(arena.segOfAddr(a + G - 1)).toBe(seg);
  }
}

describe("segments", () => {
  it(".seg.lookup: segOfAddr finds the segment of every byte, and nothing elsewhere", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const s = segAlloc(PlainSeg, new LocusPref(), 3 * G, pool, {});
    pageTableHolds(s);
    expect(a.segOfAddr(s.base - 1)).toBeUndefined();
    expect(a.segOfAddr(s.limit)).toBeUndefined();
    expect(a.segOfAddr(2 ** 32 - 1)).toBeUndefined();
    expect(s.summary).toBe(ZONE_SET_UNIV);
    s.check();
    s.free();
    expect(a.segOfAddr(s.base)).toBeUndefined();
    expect(codeOf(() => s.free())).toBe("PARAM");
    pool.destroy();
    a.destroy();
  });

  it(".seg.split-merge: split at each grain and merge back; the page table follows", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const s = segAlloc(GCSeg, new LocusPref(), 4 * G, pool, {});
    s.setRankSummary(rankSetSingle(Rank.EXACT), 0x0f);
    for (let k = 1; k < 4; k++) {
      const hi = s.split(s.base + k * G);
      expect(hi).toBeInstanceOf(GCSeg);
      expect(s.limit).toBe(s.base + k * G);
      expect(hi.base).toBe(s.limit);
      expect(hi.rankSet).toBe(s.rankSet);
      expect(hi.summary).toBe(0x0f);
      pageTableHolds(s);
      pageTableHolds(hi);
      expect(pool.segs().length).toBe(2);
      hi.setSummary(0xf0);
      expect(s.merge(hi)).toBe(s);
      expect(s.summary).toBe(0xff);
      s.setSummary(0x0f);
      pageTableHolds(s);
      expect(pool.segs()).toEqual([s]);
      expect(hi.sig).toBe(SIG_INVALID);
      expect(() => hi.check()).toThrow(MpsAssertionError);
    }
    a.check();
    pool.destroy();
    a.destroy();
  });

  it(".seg.split-merge: bad split points and mismatched merges are PARAM and change nothing", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const other = a.createPool(TinyPool, {});
    const s = segAlloc(GCSeg, new LocusPref(), 4 * G, pool, {});
    for (const at of [s.base, s.limit, s.base + 100, s.limit + G, 1.5]) expect(codeOf(() => s.split(at))).toBe("PARAM");
    const t = segAlloc(PlainSeg, new LocusPref(), G, pool, {}); // adjacent, another class
    expect(t.base).toBe(s.limit);
    expect(codeOf(() => s.merge(t))).toBe("PARAM");
    const u = segAlloc(GCSeg, new LocusPref(), G, other, {});
    expect(codeOf(() => s.merge(u))).toBe("PARAM");
    const hi = s.split(s.base + 2 * G);
    hi.setWhite(1);
    expect(codeOf(() => s.merge(hi))).toBe("PARAM");
    hi.setWhite(0);
    expect(codeOf(() => hi.merge(s))).toBe("PARAM"); // not in address order
    s.merge(hi);
    expect(s.size()).toBe(4 * G);
    a.check();
    other.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".seg.split.buffer: a buffer above the split moves to the new segment; one across it is PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, { extendBy: 4 * G });
    const ap = pool.createAp();
    const p = ap.reserve(16);
    ap.commit(p, 16);
    const seg = ap.buffer.seg() as TinySeg;
    expect(codeOf(() => seg.split(seg.base + G))).toBe("PARAM"); // the buffer spans the segment
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".seg.grey: a grey GC segment is on its rank's grey ring; a plain segment cannot be grey", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const g = segAlloc(GCSeg, new LocusPref(), G, pool, {});
    g.setRankSet(rankSetSingle(Rank.WEAK));
    g.setGrey(1);
    expect(a.greyRings[Rank.WEAK]!.next.owner).toBe(g);
    g.check();
    const hi = (() => {
      g.setGrey(0);
      return g;
    })();
    expect(a.greyRings[Rank.WEAK]!.isSingle()).toBe(true);
    void hi;
    g.greyen(trace);
    expect(g.grey).toBe(1);
    g.setGrey(0);
    g.whiten(trace);
    expect(g.white).toBe(1);
    g.greyen(trace);
    expect(g.grey).toBe(0);
    g.blacken(1);
    g.setWhite(0);
    g.setRankSet(RANK_SET_EMPTY);
    expect(g.summary).toBe(0);
    let asserted = false;
    try {
      g.setSummary(5);
    } catch (e) {
      asserted = e instanceof MpsAssertionError;
    }
    expect(asserted).toBe(CHECKING); // an internal assertion: off at rash
    const p = segAlloc(PlainSeg, new LocusPref(), G, pool, {});
    for (const f of [() => p.setGrey(1), () => p.setWhite(1), () => p.setRankSet(1), () => p.setSummary(0), () => p.whiten(trace), () => p.greyen(trace), () => p.fix({} as never, p.base), () => p.reclaim(trace), () => p.access(p.base, 1), () => p.blacken(1)]) {
      expect(codeOf(f)).toBe("UNIMPL");
    }
    if (COOL) expect(() => g.scan({} as never)).toThrow(MpsAssertionError); // no ranks: nothing to scan
    g.setRankSet(rankSetSingle(Rank.EXACT));
    expect(codeOf(() => g.scan({} as never))).toBe("UNIMPL"); // the pool class's job
    p.flip(trace); // trivial
    expect(describeToString(g)).toContain("summary");
    pool.destroy();
    a.destroy();
  });

  it(".seg.free: a segment with a buffer attached cannot be freed; pool.destroy frees every segment", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    ap.commit(p, 16);
    const seg = ap.buffer.seg()!;
    if (CHECKING) {
      // An internal assertion; at rash the misuse would go unnoticed and corrupt the pool.
      let asserted = false;
      try {
        seg.free();
      } catch (e) {
        asserted = e instanceof MpsAssertionError;
      }
      expect(asserted).toBe(true);
    }
    ap.destroy();
    for (let i = 0; i < 5; i++) segAlloc(GCSeg, new LocusPref(), G, pool, {});
    expect(pool.segs().length).toBe(6);
    const committed = a.committed();
    pool.destroy();
    expect(a.committed()).toBeLessThanOrEqual(committed);
    expect(a.spareCommitted()).toBe(a.committed());
    expect(a.segNext(0)).toBeUndefined();
    a.check();
    a.destroy();
  });
});
