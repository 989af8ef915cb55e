// The example of docs/pool/snc.md, and the errors the page states, checked
// against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, Rank } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/pool/snc.md", () => {
  it("the example runs", () => {
    const logs: unknown[][] = [];
    const log = (...xs: unknown[]): void => void logs.push(xs);

    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    // Word 0: the size in bytes (bit 0 set in a pad, bit 1 in a forwarded object);
    // word 1: a reference (0: none), or the new address of a forwarded object; word 2: a number.
    const size = (p: number): number => mem.u32[p >>> 2]! & ~3;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += size(p)) {
          const ref = mem.u32[(p >>> 2) + 1]!;
          if ((mem.u32[p >>> 2]! & 3) === 0 && ref !== 0 && ss.fix1(ref)) mem.u32[(p >>> 2) + 1] = ss.fix2(ref);
        }
      },
      fmtSkip: (p) => p + size(p),
      fmtFwd(old, nu) {
        mem.u32[old >>> 2] = size(old) | 2;
        mem.u32[(old >>> 2) + 1] = nu;
      },
      fmtIsfwd: (p) => ((mem.u32[p >>> 2]! & 2) !== 0 ? mem.u32[(p >>> 2) + 1]! : 0),
      fmtPad(p, n) {
        mem.u32[p >>> 2] = n | 1;
      },
    });
    const heap = arena.createPool(PoolClass.AMC, { format });
    const stack = arena.createPool(PoolClass.SNC, { format });
    const heapAp = heap.createAp();
    const stackAp = stack.createAp({ rank: Rank.EXACT });

    function make(ap: typeof heapAp, ref: number, n: number): number {
      let p: number;
      do {
        p = ap.reserve(16);
        mem.u32.set([16, ref, n, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    }

    // A stack frame holding a local variable that refers to a heap object.
    const frame = stackAp.framePush();
    const local = make(stackAp, 0, 0);
    mem.u32[(local >>> 2) + 1] = make(heapAp, 0, 42);
    const before = mem.u32[(local >>> 2) + 1]!;

    arena.collect(); // AMC moves the heap object; the SNC object keeps it and is updated
    const after = mem.u32[(local >>> 2) + 1]!;
    log(after !== before, mem.u32[(after >>> 2) + 2]); // true 42

    stackAp.framePop(frame); // the procedure returns: the local is gone
    arena.collect(); // and nothing keeps the heap object any more
    let live = 0;
    heap.walk((p) => {
      if ((mem.u32[p >>> 2]! & 3) === 0) live++;
    });
    log(live, stack.freeSize() === stack.totalSize()); // 0 true

    stackAp.destroy();
    heapAp.destroy();
    stack.destroy();
    heap.destroy();
    format.destroy();
    arena.destroy();
    expect(logs).toEqual([[true, 42], [0, true]]);
  });

  it("the errors: options, ranks, alloc and free", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    const skip = (p: number): number => p + (mem.u32[p >>> 2]! & ~1);
    const pad = (p: number, n: number): void => void (mem.u32[p >>> 2] = n | 1);
    const noPad = arena.createFormat({ fmtAlign: 8, fmtScan: () => {}, fmtSkip: skip });
    const header = arena.createFormat({ fmtAlign: 8, fmtHeaderSize: 8, fmtScan: () => {}, fmtSkip: skip, fmtPad: pad });
    const good = arena.createFormat({ fmtAlign: 8, fmtScan: () => {}, fmtSkip: skip, fmtPad: pad });
    expect(codeOf(() => arena.createPool(PoolClass.SNC, {} as never))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.SNC, { format: noPad }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.SNC, { format: header }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(PoolClass.SNC, { format: good, align: 16 }))).toBe("PARAM");
    const before = arena.committed();
    const pool = arena.createPool(PoolClass.SNC, { format: good });
    expect(arena.committed()).toBe(before);
    expect(codeOf(() => pool.createAp({ rank: Rank.AMBIG }))).toBe("PARAM");
    expect(codeOf(() => pool.createAp({ rank: Rank.WEAK }))).toBe("PARAM");
    expect(codeOf(() => pool.alloc(8))).toBe("UNIMPL");
    const ap = pool.createAp();
    expect(codeOf(() => pool.destroy())).toBe("PARAM"); // allocation points first
    const p = ap.reserve(8);
    mem.u32[p >>> 2] = 8;
    expect(ap.commit(p, 8)).toBe(true);
    expect(codeOf(() => pool.free(p, 8))).toBe("UNIMPL");
    ap.destroy();
    expect(pool.freeSize()).toBe(pool.totalSize());
    pool.destroy();
    for (const f of [noPad, header, good]) f.destroy();
    arena.destroy();
  });
});
