/**
 * The garbage-collection part of the demo: lists of cons cells in an AMC
 * pool with a chain of two generations, held by a table of roots; lists
 * are made and dropped, the collector runs as the program allocates, and
 * the GC messages say what each collection found. Every list still held is
 * checked cell by cell at the end. See docs/guide/land-demo.md.
 */

import { Arena, ArenaClass, type Message, MessageType, PoolClass, Rank } from "@mps/mps";
import type { Print } from "./demo.js";

/** A cell: two words, car and cdr; a forwarded cell has car `FWD` and the new address as cdr. */
const CELL = 8;
const FWD = 1; // cars are even (small integers shifted left) or FWD or PAD
const PAD = 3;
const LISTS = 256; // root slots
const LENGTH = 16; // cells per list
const MADE = 20_000; // lists made in all

/** Run the GC demo. Returns the figures it printed, for tests. */
export function runGcDemo(print: Print): { collections: number; checked: number; liveCells: number } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20 });
  const mem = arena.mem;
  // The format: how the collector scans, skips, forwards and pads cells.
  const format = arena.createFormat({
    fmtAlign: 8,
    fmtScan(ss, base, limit) {
      for (let p = base; p < limit; p += CELL) {
        if (mem.u32[p >>> 2] === PAD) continue;
        const cdr = mem.u32[(p + 4) >>> 2]!;
        if (cdr !== 0 && ss.fix1(cdr)) {
          const nu = ss.fix2(cdr);
          mem.u32[(p + 4) >>> 2] = nu;
        }
      }
    },
    fmtSkip: (p) => p + CELL,
    fmtFwd(old, nu) {
      mem.u32[old >>> 2] = FWD;
      mem.u32[(old + 4) >>> 2] = nu;
    },
    fmtIsfwd: (p) => (mem.u32[p >>> 2] === FWD ? mem.u32[(p + 4) >>> 2]! : 0),
    fmtPad(p, size) {
      for (let q = p; q < p + size; q += CELL) mem.u32[q >>> 2] = PAD;
    },
  });
  const chain = arena.createChain([
    { capacity: 256, mortality: 0.9 },
    { capacity: 1024, mortality: 0.5 },
  ]);
  const pool = arena.createPool(PoolClass.AMC, { format, chain });
  const ap = pool.createAp({ rank: Rank.EXACT });
  // The roots: a table of lists, and the list being built. JavaScript
  // variables are invisible to the collector, so every reference held
  // across an allocation lives in a root, which the collector updates.
  const lists = new Uint32Array(LISTS + 1);
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan(ss) {
      for (let i = 0; i < lists.length; i++) {
        const r = lists[i]!;
        if (r !== 0 && ss.fix1(r)) lists[i] = ss.fix2(r);
      }
    },
  });
  arena.messageTypeEnable(MessageType.GC);

  print("");
  print("9. Garbage collection: lists of cons cells in an AMC pool (mostly-copying, generational).");
  print(`  A table of ${LISTS} lists of ${LENGTH} cells; ${MADE.toLocaleString("en-US")} lists are made, each replacing a random one,`);
  print("  so the replaced list becomes garbage. Nobody frees anything: the collector finds");
  print("  the lists still in the table, moves them, and reclaims the rest, as the program allocates.");
  let seed = 1;
  const BUILDING = LISTS;
  let shown = 0;
  let live = 0;
  let condemned = 0;
  let collections = 0;
  for (let n = 0; n < MADE; n++) {
    lists[BUILDING] = 0;
    for (let k = LENGTH - 1; k >= 0; k--) {
      let p: number;
      do {
        p = ap.reserve(CELL);
        mem.u32[p >>> 2] = ((n * LENGTH + k) << 1) >>> 0; // car: the cell's number, as a small integer
        mem.u32[(p + 4) >>> 2] = lists[BUILDING]!; // cdr: read after reserve, which may have moved the list
      } while (!ap.commit(p, CELL));
      lists[BUILDING] = p;
    }
    seed = (seed * 48271) % 2147483647;
    lists[seed % LISTS] = lists[BUILDING]!;
    for (let m = arena.messageGet(MessageType.GC) as Message | undefined; m !== undefined; m = arena.messageGet(MessageType.GC) as Message | undefined) {
      collections++;
      live += m.gcLiveSize;
      condemned += m.gcCondemnedSize;
      if (shown < 3) {
        shown++;
        print(`  collection ${collections}: condemned ${(m.gcCondemnedSize / 1024).toFixed(0)} KiB, found ${(m.gcLiveSize / 1024).toFixed(0)} KiB alive, left ${(m.gcNotCondemnedSize / 1024).toFixed(0)} KiB alone`);
      }
      arena.messageDiscard(m);
    }
  }
  lists[BUILDING] = 0;
  print(`  ... ${collections} collections in all; of ${(condemned / 1048576).toFixed(1)} MiB condemned, ${((100 * live) / Math.max(condemned, 1)).toFixed(1)}% was alive`);
  print(`  ${((MADE * LENGTH * CELL) / 1048576).toFixed(1)} MiB allocated; the arena has ${(arena.committed() / 1048576).toFixed(1)} MiB committed`);
  // Check every list still held: each cell's number counts down the list.
  let checked = 0;
  let liveCells = 0;
  for (let i = 0; i < LISTS; i++) {
    let p = lists[i]!;
    if (p === 0) continue;
    const first = mem.u32[p >>> 2]! >>> 1;
    for (let k = 0; k < LENGTH; k++) {
      if (mem.u32[p >>> 2]! >>> 1 !== first + k) throw new Error(`list ${i} is damaged at cell ${k}`);
      p = mem.u32[(p + 4) >>> 2]!;
      liveCells++;
    }
    if (p !== 0) throw new Error(`list ${i} is too long`);
    checked++;
  }
  print(`  every one of the ${checked} lists still held has its ${LENGTH} cells, in order, after being moved`);
  ap.destroy();
  root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { collections, checked, liveCells };
}
