/**
 * The data-structure demo: a CBS keeping the free ranges of a 1 MiB region,
 * playing allocator — first fit from the low end, coalescing frees — and
 * printing each step as a person would want to read it.
 * See docs/guide/land-demo.md.
 */

import { addrHex } from "@mps/mpm";
import { Failover, FindDelete, Freelist, Range, type Land } from "@mps/land";
import { CBSBlockStore, CBSFast } from "@mps/cbs";

/** Where the demo writes its lines. */
export type Print = (line: string) => void;

const KiB = 1024;
/** The region the demo manages. */
export const REGION_BASE = 0x00100000;
export const REGION_LIMIT = 0x00200000;
const CELL = 16 * KiB; // one character of the map

function kib(n: number): string {
  return `${n / KiB} KiB`;
}

function rangeText(base: number, limit: number): string {
  return `[${addrHex(base)}, ${addrHex(limit)}) ${kib(limit - base).padStart(9)}`;
}

/** The free ranges of a land, in address order. */
export function freeRanges(land: Land): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  land.iterate((base, limit) => {
    out.push([base, limit]);
    return true;
  });
  return out;
}

/** A one-line map of the region: `.` where a cell is wholly free, `#` where any of it is allocated. */
export function regionMap(land: Land): string {
  const cells = (REGION_LIMIT - REGION_BASE) / CELL;
  const free = new Array<number>(cells).fill(0);
  for (const [b, l] of freeRanges(land)) {
    for (let c = 0; c < cells; c++) {
      const cb = REGION_BASE + c * CELL;
      const lo = Math.max(b, cb), hi = Math.min(l, cb + CELL);
      if (hi > lo) free[c]! += hi - lo;
    }
  }
  return free.map((f) => (f === CELL ? "." : "#")).join("");
}

function show(print: Print, land: Land): void {
  const ranges = freeRanges(land);
  print(`  map   |${regionMap(land)}|`);
  print(`  free  ${ranges.length} range${ranges.length === 1 ? "" : "s"}, ${kib(land.size())} in all`);
  for (const [b, l] of ranges) print(`          ${rangeText(b, l)}`);
}

/** Run the demo, writing lines to `print`. Returns the CBS, for tests to inspect. */
export function runDemo(print: Print): CBSFast {
  const cbs = new CBSFast({ alignment: 16, owner: "the demo" });
  const got = new Range();
  const old = new Range();

  print("MPS for TypeScript: the data structures and the arena at work");
  print("");
  print(`A CBS (coalescing block structure, @mps/cbs) keeps the free ranges of the 1 MiB`);
  print(`region ${rangeText(REGION_BASE, REGION_LIMIT).replace(/\s+\S+ KiB$/, "")}. Allocating takes the first free range that`);
  print(`fits (findFirst, deleting from its low end); freeing inserts the range back, and`);
  print(`the CBS merges it with any free neighbour. In the map each character is 16 KiB:`);
  print(`'#' is allocated (wholly or partly), '.' is free.`);

  print("");
  print("1. The whole region is free.");
  cbs.insert(got, REGION_BASE, REGION_LIMIT);
  show(print, cbs);

  const names = ["A", "B", "C", "D", "E", "F", "G", "H"];
  const sizes = [64, 96, 128, 64, 160, 112, 192, 176].map((k) => k * KiB);
  const blocks = new Map<string, [number, number]>();
  print("");
  print(`2. Allocate eight blocks, first fit: ${names.map((n, i) => `${n} ${sizes[i]! / KiB}`).join(", ")} KiB.`);
  names.forEach((name, i) => {
    const size = sizes[i]!;
    if (!cbs.findFirst(got, old, size, FindDelete.LOW)) throw new Error(`no room for ${name}`);
    blocks.set(name, [got.base, got.limit]);
    print(`  ${name}  ${rangeText(got.base, got.limit)}   taken from the low end of ${rangeText(old.base, old.limit).trim()}`);
  });
  show(print, cbs);

  const free = (name: string): void => {
    const [b, l] = blocks.get(name)!;
    cbs.insert(got, b, l);
    blocks.delete(name);
    const merged = got.base !== b || got.limit !== l;
    print(`  free ${name} ${rangeText(b, l)}  ${merged ? `-> coalesced into ${rangeText(got.base, got.limit).trim()}` : "-> a new isolated range"}`);
  };

  print("");
  print("3. Free B, D and F: each leaves a hole between allocated blocks.");
  for (const n of ["B", "D", "F"]) free(n);
  show(print, cbs);

  print("");
  print("4. Ask where 80 KiB would go, without taking it.");
  const want = 80 * KiB;
  if (cbs.findFirst(got, old, want, FindDelete.NONE)) print(`  first fit    ${rangeText(got.base, got.limit)}  (the lowest range that is large enough)`);
  if (cbs.findLast(got, old, want, FindDelete.NONE)) print(`  last fit     ${rangeText(got.base, got.limit)}  (the highest)`);
  if (cbs.findLargest(got, old, 0, FindDelete.NONE)) print(`  largest      ${rangeText(got.base, got.limit)}`);
  const big = 200 * KiB;
  print(`  200 KiB     ${cbs.findFirst(got, old, big, FindDelete.NONE) ? `fits at ${addrHex(got.base)}` : `does not fit anywhere: ${kib(cbs.size())} are free, but not in one piece`}`);

  print("");
  print("5. Free C, between the holes left by B and D: three ranges become one.");
  free("C");
  show(print, cbs);
  if (cbs.findFirst(got, old, big, FindDelete.NONE)) print(`  now 200 KiB fits, first fit at ${addrHex(got.base)}`);

  print("");
  print("6. Free the rest: everything coalesces back into the one range we started with.");
  for (const n of [...blocks.keys()]) free(n);
  show(print, cbs);
  return cbs;
}

/**
 * The second part of the demo: a CBS whose node budget runs out, inside a
 * Failover that falls back to a Freelist keeping its list in the free blocks.
 * Returns the three lands, for tests to inspect.
 */
export function runFailoverDemo(print: Print): { failover: Failover; cbs: CBSFast; freelist: Freelist; store: CBSBlockStore } {
  const store = new CBSBlockStore({ limit: 2 });
  const cbs = new CBSFast({ alignment: 16, blockPool: store, owner: "the failover demo" });
  // The Freelist writes its links into the free blocks themselves: give it the region's memory.
  const memory = { u32: new Uint32Array(REGION_LIMIT / 4) };
  const freelist = new Freelist(memory, { alignment: 16 });
  const failover = new Failover(cbs, freelist);
  const got = new Range();
  const old = new Range();

  print("");
  print("7. When the CBS runs out of memory for its nodes.");
  print("  The MPS's CBS takes its tree nodes from a pool that can run dry. Here its node");
  print("  budget is 2, and it sits inside a Failover whose secondary is a Freelist: a land");
  print("  that needs no memory of its own, because it threads its list through the free");
  print("  blocks. Allocate ten 64 KiB blocks, then free every other one.");
  failover.insert(got, REGION_BASE, REGION_LIMIT);
  const blocks: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    if (!failover.findFirst(got, old, 64 * KiB, FindDelete.LOW)) throw new Error("no room");
    blocks.push([got.base, got.limit]);
  }
  for (let i = 1; i < 10; i += 2) {
    const [b, l] = blocks[i]!;
    failover.insert(got, b, l);
  }
  const where = (land: Land): string => {
    const rs = freeRanges(land);
    return rs.length === 0 ? "nothing" : rs.map(([b, l]) => `[${addrHex(b)}, ${addrHex(l)})`).join(" ");
  };
  print(`  the CBS holds       ${where(cbs)}`);
  print(`  the Freelist holds  ${where(freelist)}`);
  print(`  the Failover shows  ${freeRanges(failover).length} ranges, ${kib(failover.size())}, in address order; its nodes in use: ${store.inUse} of ${store.limit}`);
  if (failover.findFirst(got, old, 64 * KiB, FindDelete.NONE)) print(`  first fit of 64 KiB searches both lands: ${rangeText(got.base, got.limit).trim()}`);
  print("  Free the rest and raise the budget: the Freelist's ranges move back into the CBS.");
  for (let i = 0; i < 10; i += 2) {
    const [b, l] = blocks[i]!;
    failover.insert(got, b, l);
  }
  store.limit = Infinity;
  failover.insert(got, REGION_LIMIT, REGION_LIMIT + 16 * KiB);
  failover.delete(got, REGION_LIMIT, REGION_LIMIT + 16 * KiB);
  print(`  the CBS holds       ${where(cbs)}`);
  print(`  the Freelist holds  ${where(freelist)}`);
  return { failover, cbs, freelist, store };
}
