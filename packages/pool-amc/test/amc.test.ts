import { describe, expect, it } from "vitest";
import { Rank } from "@mps/mpm";
import { testObjectId, testObjectSlotAddr, testObjectType, TF_FWD, TF_OBJ, TF_PAD } from "@mps/trace/test-util";
import { AMCPool, AMCZPool, type AMCSeg } from "../src/index.js";
import { MiniCollection, miniCollect } from "./mini-trace.js";
import { alloc, makeFormat, vmArena } from "./helpers.js";

function setup(h: 0 | 8 = 0, opts: Record<string, unknown> = {}) {
  const arena = vmArena();
  const format = makeFormat(arena, h);
  const chain = arena.createChain([{ capacity: 64, mortality: 0.5 }, { capacity: 128, mortality: 0.5 }]);
  const pool = arena.createPool(AMCPool, { format, chain, ...opts });
  const ap = pool.createAp();
  const done = () => {
    for (const b of pool.buffers()) if (b.isMutator) b.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, format, chain, pool, ap, done };
}

describe("AMC segment protocol (mini tracer)", () => {
  it(".fix.copy: exact roots copy their objects into the next generation and forward them", () => {
    const { arena, pool, ap, done } = setup();
    const a = alloc(arena, ap, 0, 1, 2);
    const b = alloc(arena, ap, 0, 2, 2);
    const dead = alloc(arena, ap, 0, 3, 6);
    arena.mem.u32[testObjectSlotAddr(a, 0, 0) >>> 2] = b;
    ap.destroy();
    const ap2 = pool.createAp();
    const roots = { exact: [a] };
    const trace = miniCollect(arena, [pool], [pool.gens[0]!.pgen.gen], roots);
    const na = roots.exact[0]!;
    expect(na).not.toBe(a);
    expect(testObjectId(arena.mem, na, 0)).toBe(1);
    const nb = arena.mem.u32[testObjectSlotAddr(na, 0, 0) >>> 2]!;
    expect(nb).not.toBe(b);
    expect(testObjectId(arena.mem, nb, 0)).toBe(2);
    expect((arena.segOfAddr(na) as AMCSeg).gen).toBe(pool.gens[1]);
    expect(trace.forwardedSize).toBe(32);
    expect(trace.condemned).toBe(4096);
    expect(trace.reclaimSize).toBe(4096);
    expect(arena.segOfAddr(dead)).toBeUndefined();
    expect(pool.gens[0]!.pgen.totalSize).toBe(0);
    expect(pool.gens[1]!.pgen.totalSize).toBe(4096);
    pool.check();
    done();
  });
});
