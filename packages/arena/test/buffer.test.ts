/**
 * The buffer protocol (design.mps.buffer) with the tiny pool: reserve and
 * commit on the fast path, fill when the buffer is exhausted, empty on
 * detach, the flip and the trip (a commit after a flip fails and the retry
 * loop allocates again), allocation patterns and frames, and a fill that
 * fails for want of memory. Expected: the buffer's fields obey
 * base <= init <= alloc <= poolLimit and check() holds at every step.
 */
import { describe, expect, it } from "vitest";
import { Rank } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { AllocPattern, BUFFER_MODE_FLIPPED, type AP, type BufferClass, SegBuf } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

function alloc(ap: AP, size: number, fill: number): number {
  let p: number;
  do {
    p = ap.reserve(size);
    ap.buffer.pool.arena.mem.u32[p >>> 2] = fill;
  } while (!ap.commit(p, size));
  return p;
}

describe("buffers and allocation points", () => {
  // .req.ap
  it(".buffer.reserve: the fast path bumps alloc; fill attaches a new region when it is full", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const b = ap.buffer;
    expect(b.isReset()).toBe(true);
    const p = alloc(ap, 16, 1);
    expect(pool.calls).toEqual(["fill 16"]);
    expect(b.isReset()).toBe(false);
    expect(b.base).toBe(p);
    expect(ap.init).toBe(p + 16);
    expect(ap.limit).toBe(b.poolLimit);
    const seg = b.seg()!;
    expect(seg.buffer()).toBe(b);
    expect(seg.rankSet).toBe(1 << Rank.EXACT);
    let last = p;
    for (let i = 0; i < 255; i++) {
      const q = alloc(ap, 16, i);
      expect(q).toBe(last + 16);
      last = q;
    }
    expect(pool.calls).toEqual(["fill 16"]); // 4096 bytes, one fill
    const q = alloc(ap, 16, 7);
    expect(pool.calls).toEqual(["fill 16", "empty", "fill 16"]);
    expect(seg.buffer()).toBeUndefined();
    expect(a.segOfAddr(q)).toBe(b.seg());
    b.check();
    ap.destroy();
    expect(pool.calls.at(-1)).toBe("empty");
    pool.destroy();
    a.destroy();
  });

  it(".buffer.fill.large: a request bigger than the rest of the buffer gets a new region, the rest is emptied", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    alloc(ap, 8, 0);
    const big = alloc(ap, 3 * 4096, 0);
    expect(big % 4096).toBe(0);
    expect(ap.buffer.poolLimit - big).toBeGreaterThanOrEqual(3 * 4096);
    expect(ap.buffer.fillSize).toBeGreaterThanOrEqual(4096 + 3 * 4096);
    expect(ap.buffer.emptySize).toBe(4096 - 8);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  // .req.ap
  it(".buffer.trip: a flip between reserve and commit makes the commit fail; the retry succeeds", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const b = ap.buffer;
    alloc(ap, 16, 0);
    const p = ap.reserve(16);
    b.flip(); // the tracer flips: .commit.before
    expect(ap.limit).toBe(0);
    expect(b.mode & BUFFER_MODE_FLIPPED).toBeTruthy();
    expect(b.scanLimit()).toBe(p);
    b.check();
    expect(ap.commit(p, 16)).toBe(false);
    expect(ap.init).toBe(p);
    expect(ap.alloc).toBe(p);
    // the retry: reserve goes out of line, unflips, and gets the same address
    const q = ap.reserve(16);
    expect(q).toBe(p);
    expect(b.mode & BUFFER_MODE_FLIPPED).toBe(0);
    expect(ap.limit).toBe(b.poolLimit);
    expect(ap.commit(q, 16)).toBe(true);
    b.check();
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".buffer.trip.after: a flip after the commit leaves the object valid; the next reserve unflips", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    // commit in two halves around the flip: init is updated, then the flip, then the trip
    ap.init = ap.alloc;
    ap.buffer.flip();
    expect(ap.trip(p, 16)).toBe(true);
    const q = alloc(ap, 16, 0);
    expect(q).toBe(p + 16);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".buffer.flip.no-rank: a buffer without references is not trapped by a flip", () => {
    class NoRankPool extends TinyPool {
      protected override bufferClassMethod(): BufferClass {
        return SegBuf;
      }
    }
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(NoRankPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    ap.buffer.flip();
    expect(ap.limit).not.toBe(0);
    expect(ap.commit(p, 16)).toBe(true);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".buffer.fill.fail: a fill that cannot get memory throws, leaving the buffer reset and usable", () => {
    const a = mockArena({ arenaSize: 1 << 20, commitLimit: 4096 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    alloc(ap, 4096, 0);
    expect(codeOf(() => ap.reserve(16))).toBe("COMMIT_LIMIT");
    expect(ap.buffer.isReset()).toBe(true);
    ap.buffer.check();
    a.setCommitLimit(8192);
    expect(alloc(ap, 16, 0)).toBeGreaterThan(0);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".buffer.pattern: ramps nest; ending one that is not open is FAIL (MPS_RES_FAIL); frames are UNIMPL in the tiny pool", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    ap.allocPatternBegin(AllocPattern.RAMP);
    ap.allocPatternBegin(AllocPattern.RAMP_COLLECT_ALL);
    expect(ap.buffer.rampCount).toBe(2);
    ap.allocPatternEnd(AllocPattern.RAMP);
    ap.allocPatternReset();
    expect(ap.buffer.rampCount).toBe(0);
    expect(codeOf(() => ap.allocPatternEnd(AllocPattern.RAMP))).toBe("FAIL");
    expect(a.collectWorldRequested).toBe(false); // the tiny pool is not collected
    expect(codeOf(() => ap.allocPatternBegin(7 as never))).toBe("PARAM");
    expect(codeOf(() => ap.framePush())).toBe("UNIMPL");
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".buffer.describe: the buffer, its pool and its segment describe themselves", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    alloc(ap, 16, 0);
    let text = "";
    a.describe({ write: (s: string) => (text += s) });
    expect(text).toContain("Pool 0 (class Tiny");
    expect(text).toContain("Buffer 0 (class RankBuf)");
    expect(text).toContain("Segment");
    expect(text).toContain("attrs {alloc, free, buffer, scannable}");
    ap.destroy();
    pool.destroy();
    a.destroy();
  });
});
