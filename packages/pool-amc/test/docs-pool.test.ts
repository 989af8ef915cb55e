// The examples of docs/pool/amc.md and docs/pool/amcz.md, with the classes
// imported from this package rather than through the umbrella's PoolClass.
import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";
import { AMCPool, AMCZPool } from "../src/index.js";

it("docs/pool/amc.md: the example runs; the nailed head stays and the list is intact", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
  const format = arena.createFormat(testFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 256, mortality: 0.8 }, { capacity: 1024, mortality: 0.5 }]);
  const pool = arena.createPool(AMCPool, { format, chain });
  const ap = pool.createAp();
  const regs = new Uint32Array(4);
  const stack = arena.createRoot({ rank: Rank.AMBIG, scan: (ss) => { for (const r of regs) ss.fix(r); } });
  function cons(id: number, next: number): number {
    const size = testObjectSize(1);
    let p;
    do {
      p = ap.reserve(size);
      initTestObject(arena.mem, p, 0, id, 1);
      arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = next;
    } while (!ap.commit(p, size));
    return p;
  }
  regs[0] = 0;
  for (let i = 0; i < 10000; i++) regs[0] = cons(i, regs[0]!);
  const head = regs[0]!;
  arena.collect();
  expect(regs[0]).toBe(head);
  let n = 0;
  for (let p = regs[0]!; p !== 0; p = arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2]!) {
    expect(testObjectId(arena.mem, p, 0)).toBe(9999 - n);
    n++;
  }
  expect(n).toBe(10000);
  expect(arena.collections()).toBeGreaterThanOrEqual(1);
  ap.destroy();
  stack.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
});

it("docs/pool/amcz.md: the example runs", () => {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
  const format = arena.createFormat(testFormat(arena.mem));
  const pool = arena.createPool(AMCZPool, { format });
  const ap = pool.createAp();
  const keep = new Uint32Array(1);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { if (keep[0] !== 0) keep[0] = ss.fix(keep[0]!); } });
  const size = testObjectSize(4);
  let p;
  do {
    p = ap.reserve(size);
    initTestObject(arena.mem, p, 0, 1, 4, true);
    arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = 0xdeadbeef;
  } while (!ap.commit(p, size));
  keep[0] = p;
  arena.collect();
  expect(arena.mem.u32[testObjectSlotAddr(keep[0]!, 0, 0) >>> 2] === 0xdeadbeef).toBe(true);
  expect(keep[0]).not.toBe(p);
  ap.destroy();
  root.destroy();
  pool.destroy();
  format.destroy();
  arena.destroy();
});
