// A port of the MPS's sacss.c: objects of random sizes allocated through a
// SAC, shuffled, half freed and reallocated each loop, with a flush halfway;
// each block's contents are written when allocated and checked before it is freed.
import { describe, expect, it } from "vitest";
import type { Arena, Pool } from "@mps/arena";
import { MFSPool } from "@mps/pool-mfs";
import { MVFFPool } from "@mps/pool-mvff";
import { SAC, type SACClass } from "../src/index.js";
import { ARENA_KINDS, BucketPool, rng } from "./helpers.js";

const SET_SIZE = 200;
const LOOPS = 10;
const ALIGN = 8;
const CLASSES: SACClass[] = [
  { blockSize: 1 * ALIGN, cachedCount: 1, frequency: 1 },
  { blockSize: 2 * ALIGN, cachedCount: 1, frequency: 2 },
  { blockSize: 16 * ALIGN, cachedCount: 9, frequency: 5 },
  { blockSize: 100 * ALIGN, cachedCount: 9, frequency: 4 },
];

/** Write a pattern tied to `tag` through the block (every word up to 64, then a stride). */
function stamp(arena: Arena, p: number, size: number, tag: number, check: boolean): void {
  const u32 = arena.mem.u32;
  const words = Math.floor(size / 4);
  const step = Math.max(1, Math.floor(words / 64));
  for (let w = 0; w < words; w += step) {
    const v = (tag * 2654435761 + w) >>> 0;
    if (check) {
      if (u32[(p >>> 2) + w] !== v) throw new Error(`block ${p} (size ${size}) word ${w} was overwritten`);
    } else u32[(p >>> 2) + w] = v;
  }
}

function stress(arena: Arena, pool: Pool, size: (i: number) => number, seed: number): void {
  const rnd = rng(seed);
  const sac = SAC.create(pool, CLASSES);
  const ps = new Array<number>(SET_SIZE);
  const ss = new Array<number>(SET_SIZE);
  const tags = new Array<number>(SET_SIZE);
  let tag = 1;
  const make = (i: number) => {
    ss[i] = size(i);
    ps[i] = sac.alloc(ss[i]!);
    tags[i] = tag++;
    stamp(arena, ps[i]!, ss[i]!, tags[i]!, false);
  };
  for (let i = 0; i < SET_SIZE; i++) make(i);
  for (let k = 0; k < LOOPS; k++) {
    for (let i = 0; i < SET_SIZE; i++) {
      const j = i + Math.floor(rnd() * (SET_SIZE - i));
      [ps[i], ps[j]] = [ps[j]!, ps[i]!];
      [ss[i], ss[j]] = [ss[j]!, ss[i]!];
      [tags[i], tags[j]] = [tags[j]!, tags[i]!];
    }
    if (k === LOOPS / 2) sac.flush();
    for (let i = SET_SIZE / 2; i < SET_SIZE; i++) {
      stamp(arena, ps[i]!, ss[i]!, tags[i]!, true);
      if (k % 2 === 0) sac.free(ps[i]!, ss[i]!);
      else sac.empty(ps[i]!, ss[i]!); // the slow path, as sacss alternates macro and function
    }
    for (let i = SET_SIZE / 2; i < SET_SIZE; i++) {
      if (k % 2 === 0) make(i);
      else {
        ss[i] = size(i);
        ps[i] = sac.fill(ss[i]!);
        tags[i] = tag++;
        stamp(arena, ps[i]!, ss[i]!, tags[i]!, false);
      }
    }
    expect(sac.check()).toBe(true);
  }
  for (let i = 0; i < SET_SIZE; i++) stamp(arena, ps[i]!, ss[i]!, tags[i]!, true);
  // Live blocks never overlap.
  const spans = ps.map((p, i) => [p, ss[i]!] as const).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![0] + spans[i - 1]![1]);
  for (let i = 0; i < SET_SIZE; i++) sac.free(ps[i]!, ss[i]!);
  sac.destroy();
  // Everything is free in the pool again (an MFS extent's tail that holds no unit is never free).
  const usable = pool instanceof MFSPool ? (pool.totalSize() / pool.extendBy) * pool.unitsPerExtent * pool.unitSize : pool.totalSize();
  expect(pool.freeSize()).toBe(usable);
  pool.destroy();
}

/** sacss's randomSize, scaled down to the test pool's largest block: halves every 10 objects. */
function randomSize(rnd: () => number, max: number): (i: number) => number {
  return (i) => Math.floor(rnd() * Math.max(max >> Math.floor(i / 10), 2)) + 1;
}

describe.each(ARENA_KINDS)(".test.sacss: %s", (_name, makeArena) => {
  it(".test.sacss: random sizes through the SAC over a pool of many unit sizes", () => {
    const arena = makeArena(32 << 20);
    const pool = arena.createPool(BucketPool, { maxSize: 8192 });
    stress(arena, pool, randomSize(rng(7), 8192), 11);
    arena.destroy();
  });

  it(".test.sacss: random sizes (sacss's own, up to 2.5 MiB) through the SAC over MVFF", () => {
    const arena = makeArena(128 << 20);
    const pool = arena.createPool(MVFFPool, {});
    stress(arena, pool, randomSize(rng(5), 2 * 160 * 0x2000), 13);
    const fixed = arena.createPool(MVFFPool, {});
    stress(arena, fixed, () => 16 * ALIGN, 17);
    arena.destroy();
  });

  it(".test.sacss: fixed sizes through the SAC over MFS", () => {
    const arena = makeArena(32 << 20);
    for (const unit of [16 * ALIGN, 100 * ALIGN]) {
      const pool = arena.createPool(MFSPool, { mfsUnitSize: unit });
      stress(arena, pool, () => unit, 3);
    }
    arena.destroy();
  });
});
