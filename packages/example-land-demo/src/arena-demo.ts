/**
 * The arena part of the demo: an MFS pool in a VM arena, through the
 * umbrella `@mps/mps`, with the arena's accounting printed as it goes, and
 * the commit limit refusing memory and then relenting.
 * See docs/guide/land-demo.md.
 */

import { Arena, ArenaClass, MpsError, PoolClass } from "@mps/mps";
import type { Print } from "./demo.js";

const KiB = 1024;

/** Run the arena demo. Returns the figures it printed, for tests. */
export function runArenaDemo(print: Print): { blocks: number; refused: string; afterRaise: boolean } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20 });
  const figures = (what: string): void =>
    print(`  ${what.padEnd(34)} reserved ${(arena.reserved() / KiB).toLocaleString("en-US").padStart(6)} KiB, committed ${(arena.committed() / KiB).toLocaleString("en-US").padStart(5)} KiB`);

  print("");
  print("8. The arena: an MFS pool in a VM arena, through @mps/mps.");
  print("  An arena reserves address space in one buffer and commits it as pools need it.");
  print("  MFS hands out blocks of one size from 64 KiB extents, keeping its free list");
  print("  in the free blocks themselves.");
  figures("a new 32 MiB arena:");
  const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 48 });
  const blocks: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const p = pool.alloc(48);
    arena.mem.u32[p >>> 2] = i; // every block remembers its number
    blocks.push(p);
  }
  figures("after 10,000 blocks of 48 bytes:");
  print(`  the pool holds ${pool.totalSize() / KiB} KiB in extents, ${Math.round(pool.freeSize() / KiB)} KiB of them free`);
  for (let i = 0; i < blocks.length; i += 2) pool.free(blocks[i]!, 48);
  let intact = 0;
  for (let i = 1; i < blocks.length; i += 2) if (arena.mem.u32[blocks[i]! >>> 2] === i) intact++;
  print(`  freed every other block; the other ${intact.toLocaleString("en-US")} still hold their numbers`);
  for (let i = 0; i < 5_000; i++) pool.alloc(48);
  figures("5,000 more blocks reuse the holes:");

  arena.setCommitLimit(arena.committed());
  let refused = "";
  let n = 0;
  try {
    for (;;) {
      pool.alloc(48);
      n++;
    }
  } catch (e) {
    if (!(e instanceof MpsError)) throw e;
    refused = e.code;
  }
  print(`  with the commit limit set to what is committed, ${n} more blocks fit, then: ${refused}`);
  arena.setCommitLimit(arena.committed() + 64 * KiB);
  const afterRaise = arena.addrPool(pool.alloc(48)) === pool;
  print(`  raising the limit by 64 KiB lets the pool extend again: ${afterRaise ? "it did" : "it did not"}`);
  figures("at the end:");
  pool.destroy();
  arena.destroy();
  return { blocks: blocks.length, refused, afterRaise };
}
