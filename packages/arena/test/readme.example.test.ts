import { expect, it } from "vitest";
import type { Range } from "@mps/land";
import { Arena, ArenaClass, type Buffer, type BufferClass, GCSeg, LocusPref, Pool, SegBuf, definePoolAttrs, segAlloc } from "../src/index.js";

it("the README example runs", () => {
  // A minimal pool class: each buffer fill gets a fresh segment.
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
      // the rest of the segment is simply abandoned
    }
  }

  const arena = Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(1 << 20), arenaClBase: 0, arenaSize: 1 << 20 });
  const pool = arena.createPool(BumpPool, {});
  const ap = pool.createAp();
  let p: number;
  do {
    p = ap.reserve(16);
    arena.mem.u32[p >>> 2] = 42; // initialise the object before commit
  } while (!ap.commit(p, 16));

  expect(arena.addrPool(p)).toBe(pool);
  expect(arena.segOfAddr(p)?.pool).toBe(pool);
  expect(arena.committed()).toBe(2 * 4096); // the chunk's header grain and one segment
  ap.destroy();
  pool.destroy();
  arena.destroy();
});
