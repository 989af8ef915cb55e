// The examples of docs/reference/arenas.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, PoolClass, isMpsError } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/arenas.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, commitLimit: 1 << 20 });
    expect([arena.reserved(), arena.committed()]).toEqual([16777216, 0]);

    const small = arena.createPool(PoolClass.MFS, { mfsUnitSize: 64, extendBy: 256 << 10 });
    const big = arena.createPool(PoolClass.MFS, { mfsUnitSize: 64, extendBy: 256 << 10 });
    for (let i = 0; i < 3 * 4096; i++) big.alloc(64);

    let n = 0;
    let limited = false;
    try {
      for (;;) {
        small.alloc(64);
        n++;
      }
    } catch (e) {
      limited = isMpsError(e, "COMMIT_LIMIT");
    }
    expect([limited, n]).toEqual([true, 4096]);
    expect([arena.committed(), big.totalSize()]).toEqual([1048576, 786432]);

    big.destroy();
    expect([arena.committed(), arena.spareCommitted()]).toEqual([1048576, 786432]);
    small.alloc(64);
    expect([arena.committed(), arena.spareCommitted()]).toEqual([1048576, 524288]);

    arena.setSpare(0);
    expect([arena.committed(), arena.spareCommitted()]).toEqual([524288, 0]);
    let failed = false;
    try {
      arena.setCommitLimit(256 << 10);
    } catch (e) {
      failed = isMpsError(e, "FAIL");
    }
    expect(failed).toBe(true);
    expect(arena.commitLimit()).toBe(1 << 20);

    arena.park();
    arena.collect();
    expect([arena.step(0.01, 100), arena.collections(), arena.busy()]).toEqual([false, 1, false]);
    arena.release();

    small.destroy();
    arena.destroy();
  });

  it("the client arena example: extend and retract", () => {
    const buffer = new ArrayBuffer(4 << 20);
    const arena = Arena.create(ArenaClass.CL, { buffer, arenaClBase: 0, arenaSize: 1 << 20 });
    expect([arena.reserved(), arena.committed(), arena.spareCommitted()]).toEqual([1048576, 4096, 0]);
    arena.extend(2 << 20, 1 << 20);
    expect([arena.reserved(), arena.committed()]).toEqual([2097152, 8192]);
    arena.retract(2 << 20, 1 << 20);
    expect([arena.reserved(), arena.committed()]).toEqual([1048576, 4096]);
    expect(codeOf(() => arena.extend(4 << 20, 1 << 20))).toBe("PARAM"); // outside the buffer
    expect(codeOf(() => arena.extend(512 << 10, 1 << 20))).toBe("PARAM"); // overlaps the first chunk
    expect(codeOf(() => arena.retract(0, 1 << 20))).toBe("PARAM"); // the first chunk
    arena.extend(2 << 20, 1 << 20);
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 32, extendBy: 4096 });
    const blocks: number[] = [];
    for (let i = 0; i < 40000; i++) blocks.push(pool.alloc(32)); // more than the first chunk holds
    expect(codeOf(() => arena.retract(2 << 20, 1 << 20))).toBe("FAIL");
    pool.destroy();
    arena.retract(2 << 20, 1 << 20);
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    expect(codeOf(() => arena.extend(0, 1 << 20))).toBe("UNIMPL");
    expect(codeOf(() => arena.retract(0, 1 << 20))).toBe("UNIMPL");
    expect(codeOf(() => arena.vmGrowth(1, 2))).toBe("PARAM");
    arena.vmGrowth(2 << 20, 1 << 20);
    expect(codeOf(() => arena.step(-1, 0))).toBe("PARAM");
    expect(codeOf(() => arena.setSpare(2))).toBe("PARAM");
    expect(codeOf(() => arena.setPauseTime(-1))).toBe("PARAM");
    arena.setPauseTime(Infinity);
    expect(arena.pauseTime()).toBe(Infinity);
    const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
    const p = pool.alloc(16);
    expect(arena.hasAddr(p)).toBe(true);
    expect(codeOf(() => arena.addrObject(p))).toBe("UNIMPL");
    expect(codeOf(() => arena.addrObject(8))).toBe("FAIL");
    expect(codeOf(() => arena.destroy())).toBe("PARAM");
    pool.destroy();
    expect(arena.hasAddr(p)).toBe(false);
    arena.startCollect();
    arena.clamp();
    arena.postmortem();
    arena.destroy();
    expect(codeOf(() => arena.destroy())).toBe("PARAM");
    expect(codeOf(() => arena.collect())).toBe("PARAM");
    expect(codeOf(() => Arena.create({} as never))).toBe("PARAM");
  });
});
