// The examples of docs/reference/allocation.md: manual allocation with MFS,
// and the allocation point protocol with a pool class made for the purpose
// on @mps/arena's pool protocol (no built pool class offers allocation
// points yet).
import { describe, expect, it } from "vitest";
import { type Buffer, type BufferClass, GCSeg, LocusPref, Pool, SegBuf, definePoolAttrs, segAlloc } from "@mps/arena";
import { codeOf } from "@mps/mpm/test-util";
import { type Addr, Arena, ArenaClass, PoolClass, isMpsError } from "../src/index.js";

// The page imports `type Range` from @mps/land, which @mps/mps does not depend on; this is the same type.
type Range = Parameters<Pool["bufferFill"]>[0];

class BumpPool extends Pool {
  static readonly className = "Bump";
  static readonly attrs = definePoolAttrs({ buffer: true });
  protected override bufferClassMethod(): BufferClass {
    return SegBuf;
  }
  protected override bufferFillMethod(range: Range, _buffer: Buffer, size: number): void {
    const grain = this.arena.grainSize;
    const seg = segAlloc(GCSeg, new LocusPref(), Math.ceil(size / grain) * grain, this, {});
    range.set(seg.base, seg.limit);
  }
  protected override bufferEmptyMethod(_buffer: Buffer): void {
    // the unused end of the segment is abandoned
  }
}

describe("docs/reference/allocation.md", () => {
  it("the manual allocation example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 4 << 20 });
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 12 });

    const p = pool.alloc(12);
    arena.mem.u32[p >>> 2] = 7;
    arena.mem.u32[(p + 4) >>> 2] = 8;
    arena.mem.u32[(p + 8) >>> 2] = 9;
    pool.free(p, 12);
    expect(pool.alloc(12) === p).toBe(true);

    let unimpl = false;
    try {
      pool.createAp();
    } catch (e) {
      unimpl = isMpsError(e, "UNIMPL");
    }
    expect(unimpl).toBe(true);
    pool.destroy();
    arena.destroy();
  });

  it("the allocation point example runs", () => {
    const PAIR_TAG = 0x50;
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    const pool = arena.createPool(BumpPool, {});
    const ap = pool.createAp();

    function makePair(car: number, cdr: number): Addr {
      let p: Addr;
      do {
        p = ap.reserve(16);
        const u32 = arena.mem.u32;
        u32[p >>> 2] = PAIR_TAG;
        u32[(p + 4) >>> 2] = car;
        u32[(p + 8) >>> 2] = cdr;
        u32[(p + 12) >>> 2] = 0;
      } while (!ap.commit(p, 16));
      return p;
    }

    const a = makePair(1, 2);
    const b = makePair(3, a);
    expect([b - a, ap.init - a, ap.limit - ap.init]).toEqual([16, 32, 4064]);
    expect(arena.mem.u32[(b + 8) >>> 2] === a).toBe(true);

    ap.destroy();
    pool.destroy();
    arena.destroy();
  });

  it("the fields, fill and trip behave as the page's inline sequence says", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    const pool = arena.createPool(BumpPool, {});
    const ap = pool.createAp();
    expect([ap.init, ap.alloc, ap.limit]).toEqual([0, 0, 0]);
    const size = 32;
    for (let i = 0; i < 300; i++) {
      const next = ap.alloc + size;
      let p: Addr;
      if (next > ap.alloc && next <= ap.limit) {
        ap.alloc = next;
        p = ap.init;
      } else {
        p = ap.fill(size);
      }
      arena.mem.u32[p >>> 2] = i;
      ap.init = ap.alloc;
      const ok = ap.limit !== 0 || ap.trip(p, size);
      expect(ok).toBe(true);
      expect(arena.addrPool(p)).toBe(pool);
    }
    expect(codeOf(() => ap.fill(3))).toBe("PARAM");
    expect(codeOf(() => pool.destroy())).toBe("PARAM"); // it still has an allocation point
    ap.destroy();
    expect(codeOf(() => ap.destroy())).toBe("PARAM");
    pool.destroy();
    arena.destroy();
  });
});
