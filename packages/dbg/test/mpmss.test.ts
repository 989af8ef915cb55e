// Port of the MVFF-debug part of the MPS's mpmss.c: a debug MVFF pool with
// random alignment, the MPS's two option sets ("post"/"DEAD", and a 15-byte
// fencepost with no splatting), 200 blocks of sizes from large to small,
// then ten rounds of shuffling, freeing half and allocating again.
// Expected: the pool's in-use size is always the sum of the aligned sizes
// plus two aligned fenceposts per block (as mpmss checks), every live block
// keeps its contents, and the fenceposts and free space check clean.
import { describe, expect, it } from "vitest";
import { alignUp } from "@mps/mpm";
import { MVFFDebugPool, type PoolDebugOptions } from "../src/index.js";
import { ARENA_KINDS, SEED, ascii, rng, stamp, stamped } from "./helpers.js";

const TEST_SET_SIZE = 200;
const TEST_LOOPS = 10;

const OPTION_SETS: Array<[string, PoolDebugOptions]> = [
  ["both: fence 'post', free 'DEAD'", { fenceTemplate: ascii("post"), freeTemplate: ascii("DEAD") }],
  ["fence only: 15 bytes", { fenceTemplate: ascii("123456789abcdef"), freeTemplate: new Uint8Array(0) }],
];

describe.each(ARENA_KINDS)("mpmss (MVFF debug) on %s", (_name, makeArena) => {
  it.each(OPTION_SETS)(".test.mpmss: stress keeps sizes, contents, fenceposts and free space (%s)", (_o, options) => {
    const random = rng(SEED);
    const arena = makeArena(32 << 20);
    // rnd_align(sizeof(void *), grain), within what MVFF accepts (a multiple of 4).
    const align = 4 << Math.floor(random() * 6);
    const pool = arena.createPool(MVFFDebugPool, {
      align, mvffArenaHigh: true, mvffSlotHigh: true, mvffFirstFit: true, spare: random(), poolDebugOptions: options,
    });
    const overhead = 2 * alignUp(options.fenceTemplate!.length, align);
    // randomSizeAligned, scaled down by 16 from the MPS's (about 2.5 MB of allocation, not 40).
    const size = (i: number): number => alignUp(Math.floor(random() * Math.max((2 * 160 * 0x200) >> Math.floor(i / 10), 2)) + 1, align);
    const ps: number[] = [];
    const ss: number[] = [];
    const tags: number[] = [];
    let allocated = 0;
    let stampSerial = 0;
    const inUse = (): number => pool.totalSize() - pool.freeSize();
    for (let i = 0; i < TEST_SET_SIZE; i++) {
      ss[i] = size(i);
      ps[i] = pool.alloc(ss[i]!);
      tags[i] = ++stampSerial;
      stamp(arena, ps[i]!, ss[i]!, tags[i]!);
      allocated += alignUp(ss[i]!, align) + overhead;
      expect(inUse()).toBe(allocated);
    }
    pool.checkFenceposts();
    for (let k = 0; k < TEST_LOOPS; k++) {
      for (let i = 0; i < TEST_SET_SIZE; i++) {
        const j = i + Math.floor(random() * (TEST_SET_SIZE - i));
        [ps[i], ps[j]] = [ps[j]!, ps[i]!];
        [ss[i], ss[j]] = [ss[j]!, ss[i]!];
        [tags[i], tags[j]] = [tags[j]!, tags[i]!];
      }
      for (let i = TEST_SET_SIZE / 2; i < TEST_SET_SIZE; i++) {
        expect(stamped(arena, ps[i]!, ss[i]!, tags[i]!)).toBe(true);
        pool.free(ps[i]!, ss[i]!);
        allocated -= alignUp(ss[i]!, align) + overhead;
      }
      for (let i = TEST_SET_SIZE / 2; i < TEST_SET_SIZE; i++) {
        ss[i] = size(i);
        ps[i] = pool.alloc(ss[i]!);
        tags[i] = ++stampSerial;
        stamp(arena, ps[i]!, ss[i]!, tags[i]!);
        allocated += alignUp(ss[i]!, align) + overhead;
      }
      expect(inUse()).toBe(allocated);
      for (let i = 0; i < TEST_SET_SIZE; i++) expect(stamped(arena, ps[i]!, ss[i]!, tags[i]!)).toBe(true);
      pool.checkFenceposts();
      pool.checkFreeSpace();
      expect(pool.check()).toBe(true);
    }
    // Every block's tag is the serial number of its allocation (allocation order is stamp order here).
    for (let i = 0; i < TEST_SET_SIZE; i++) expect(pool.tagOf(ps[i]!)).toBe(tags[i]);
    pool.destroy();
    // Manual allocation causes no collections.
    expect(arena.collections()).toBe(0);
    arena.destroy();
  });
});
