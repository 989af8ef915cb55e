/**
 * The conerr and argerr cases of the MPS test suite that apply to the
 * arena, pools, formats, roots, threads, location dependencies and
 * allocation points: each misuse throws MpsError PARAM (or UNIMPL for an
 * operation the class does not support), or at cool an MpsAssertionError
 * where the MPS's check is an assertion on the allocation fast path, and
 * leaves everything as it was (checked by check() and by using it again).
 */
import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError, Rank } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { LocusPref, definePoolAttrs } from "../src/index.js";
import { AllocOnlyPool, NoPool, TinyPool, mockArena } from "./tiny-pool.js";

/** A tiny pool that takes a format. */
class FormattedPool extends TinyPool {
  static override readonly className: string = "Formatted";
  static override readonly attrs = definePoolAttrs({ ...TinyPool.attrs, format: true });
}

function asserts(fn: () => unknown): boolean {
  try {
    fn();
  } catch (e) {
    if (e instanceof MpsAssertionError) return true;
    throw e;
  }
  return false;
}

const shadow = { base: 64, limit: 128, top: () => 64 };

describe("conerr: arenas", () => {
  it(".conerr.0: destroying an arena twice is PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    a.destroy();
    expect(codeOf(() => a.destroy())).toBe("PARAM");
  });

  // .req.errors
  it(".conerr.4-7: destroying an arena with a pool, format, root, thread or chain is PARAM, and it stays usable", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    expect(codeOf(() => a.destroy())).toBe("PARAM");
    a.check();
    expect(pool.alloc(8)).toBeGreaterThan(0);
    pool.destroy();
    const fmt = a.createFormat({});
    expect(codeOf(() => a.destroy())).toBe("PARAM");
    fmt.destroy();
    const root = a.createRootArea({ rank: Rank.EXACT, base: 64, limit: 128 });
    expect(codeOf(() => a.destroy())).toBe("PARAM");
    root.destroy();
    const thr = a.registerThread();
    expect(codeOf(() => a.destroy())).toBe("PARAM");
    thr.deregister();
    const chain = a.createChain([{ capacity: 100, mortality: 0.5 }]);
    expect(codeOf(() => a.destroy())).toBe("PARAM");
    chain.destroy();
    a.check();
    a.destroy();
  });

  it.runIf(CHECKING)(".conerr.8-9,13-14,41-42,45-46: creating things in a destroyed arena is PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    a.destroy();
    expect(codeOf(() => a.createFormat({}))).toBe("PARAM");
    expect(codeOf(() => a.createPool(TinyPool, {}))).toBe("PARAM");
    expect(codeOf(() => a.createRootArea({ rank: Rank.EXACT, base: 64, limit: 128 }))).toBe("PARAM");
    expect(codeOf(() => a.registerThread())).toBe("PARAM");
    expect(codeOf(() => a.createLd())).toBe("PARAM");
    expect(codeOf(() => a.createChain([{ capacity: 1, mortality: 0.5 }]))).toBe("PARAM");
    for (const f of [() => a.committed(), () => a.collect(), () => a.step(0, 1), () => a.setSpare(0.5), () => a.describe({ write() {} })]) expect(codeOf(f)).toBe("PARAM");
  });

  it(".argerr.159,161: negative and large spare to setSpare are PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    expect(codeOf(() => a.setSpare(-1))).toBe("PARAM");
    expect(codeOf(() => a.setSpare(2))).toBe("PARAM");
    expect(a.spare()).toBe(0.75);
    expect(codeOf(() => a.step(-1, 1))).toBe("PARAM");
    a.destroy();
  });
});

describe("conerr: formats, roots, threads, location dependencies", () => {
  it.runIf(CHECKING)(".conerr.10-12,18: formats: destroy twice, destroy while a pool uses it, a format of another arena", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const b = mockArena({ arenaSize: 1 << 20 });
    const fa = a.createFormat({ fmtAlign: 8 });
    const fb = b.createFormat({});
    expect(codeOf(() => a.createPool(FormattedPool, { format: fb }))).toBe("PARAM");
    expect(codeOf(() => a.createPool(TinyPool, { format: fa }))).toBe("PARAM"); // the class takes no format
    const pool = a.createPool(FormattedPool, { format: fa });
    expect(pool.format).toBe(fa);
    expect(a.addrFmt(pool.alloc(8))).toBe(fa);
    expect(codeOf(() => fa.destroy())).toBe("PARAM");
    pool.destroy();
    fa.destroy();
    expect(codeOf(() => fa.destroy())).toBe("PARAM");
    expect(codeOf(() => a.createPool(FormattedPool, { format: fa }))).toBe("PARAM");
    fb.destroy();
    a.destroy();
    b.destroy();
  });

  it.runIf(CHECKING)(".conerr.43-44,47-49: roots and threads destroyed twice, thread roots without a thread", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const r = a.createRootArea({ rank: Rank.EXACT, base: 64, limit: 128 });
    r.destroy();
    expect(codeOf(() => r.destroy())).toBe("PARAM");
    const t = a.registerThread();
    t.deregister();
    expect(codeOf(() => t.deregister())).toBe("PARAM");
    expect(codeOf(() => a.createRootThread(t, shadow))).toBe("PARAM");
    a.destroy();
  });

  it.runIf(CHECKING)(".conerr.53-58: location dependencies of another arena", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const ld = a.createLd();
    ld.add(4096);
    expect(ld.isStale(4096)).toBe(false);
    expect(codeOf(() => ld.add(1.5))).toBe("PARAM");
    a.destroy();
  });
});

describe("conerr: pools", () => {
  it.runIf(CHECKING)(".conerr.15-16,19-21: a destroyed pool: destroy, alloc, free are PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const p = pool.alloc(16);
    pool.destroy();
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    expect(codeOf(() => pool.alloc(16))).toBe("PARAM");
    expect(codeOf(() => pool.free(p, 16))).toBe("PARAM");
    expect(codeOf(() => pool.createAp())).toBe("PARAM");
    expect(a.hasAddr(p)).toBe(false);
    a.check();
    a.destroy();
  });

  it(".conerr.17: destroying a pool that has an allocation point is PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    expect(codeOf(() => pool.destroy())).toBe("PARAM");
    pool.check();
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".conerr.22-23,26-27,59: free of unallocated, twice, in the wrong pool, with the wrong size", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const other = a.createPool(TinyPool, {});
    const p = pool.alloc(32);
    const q = other.alloc(32);
    expect(codeOf(() => pool.free(p + 8, 32))).toBe("PARAM");
    expect(codeOf(() => pool.free(p, 16))).toBe("PARAM");
    expect(codeOf(() => pool.free(q, 32))).toBe("PARAM");
    expect(pool.live.get(p)).toBe(32);
    pool.free(p, 32);
    expect(codeOf(() => pool.free(p, 32))).toBe("PARAM");
    other.destroy();
    expect(codeOf(() => pool.free(q, 32))).toBe("PARAM");
    pool.destroy();
    a.destroy();
  });

  // .req.protocol
  it(".conerr.24-25,32: alloc, free and allocation points in a class without them are UNIMPL", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const no = a.createPool(NoPool, {});
    expect(codeOf(() => no.alloc(8))).toBe("UNIMPL");
    const base = a.alloc(new LocusPref(), a.grainSize, no);
    expect(codeOf(() => no.free(base, 8))).toBe("UNIMPL");
    expect(codeOf(() => no.createAp())).toBe("UNIMPL");
    expect(codeOf(() => no.totalSize())).toBe("UNIMPL");
    expect(codeOf(() => no.freeSize())).toBe("UNIMPL");
    expect(codeOf(() => a.addrObject(base))).toBe("UNIMPL");
    expect(codeOf(() => no.walk(() => {}))).toBe("UNIMPL");
    const ao = a.createPool(AllocOnlyPool, {});
    expect(codeOf(() => ao.createAp())).toBe("UNIMPL");
    no.destroy(); // frees the grain it still holds
    expect(a.hasAddr(base)).toBe(false);
    ao.destroy();
    a.check();
    a.destroy();
  });

  it.runIf(CHECKING)(".argerr.10-17,24-33: bad sizes, addresses, options and classes are PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    expect(codeOf(() => a.createPool(null as never))).toBe("PARAM");
    expect(codeOf(() => a.createPool({} as never))).toBe("PARAM");
    expect(codeOf(() => a.createPool(TinyPool, 3 as never))).toBe("PARAM");
    expect(codeOf(() => a.createPool(TinyPool, { align: 3 }))).toBe("PARAM");
    expect(codeOf(() => a.createPool(TinyPool, { align: 8192 }))).toBe("PARAM");
    expect(a.pools()).toEqual([]);
    const pool = a.createPool(TinyPool, {});
    for (const bad of [0, -8, 2 ** 32 + 8, 1.5, NaN]) expect(codeOf(() => pool.alloc(bad))).toBe("PARAM");
    const p = pool.alloc(8);
    for (const [q, s] of [[0, 8], [p, 0], [p, -8], [1.5, 8], [p, 2 ** 33]] as const) expect(codeOf(() => pool.free(q, s))).toBe("PARAM");
    expect(codeOf(() => a.alloc(new LocusPref(), 100, pool))).toBe("PARAM");
    expect(codeOf(() => a.alloc({} as never, 4096, pool))).toBe("PARAM");
    expect(codeOf(() => a.free(p, 4096, pool))).toBe("PARAM"); // the grain is in a segment
    expect(codeOf(() => a.free(4096 * 100, 4096, pool))).toBe("PARAM"); // not allocated
    pool.destroy();
    a.destroy();
  });
});

describe("conerr: allocation points", () => {
  it(".conerr.28-31,34-35: allocation points of destroyed pools, destroyed twice, used after destroy", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    ap.destroy();
    expect(codeOf(() => ap.destroy())).toBe("PARAM");
    expect(codeOf(() => ap.reserve(8))).toBe("PARAM");
    pool.destroy();
    expect(codeOf(() => pool.createAp())).toBe("PARAM");
    a.destroy();
  });

  it(".conerr.33,argerr.49-51: ranks the pool does not support, or that are not ranks, are PARAM", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    for (const bad of [Rank.FINAL, -1, 4, 0x80000000, 1.5]) expect(codeOf(() => pool.createAp({ rank: bad as never }))).toBe("PARAM");
    expect(pool.buffers()).toEqual([]);
    const ap = pool.createAp({ rank: Rank.WEAK });
    expect(ap.buffer.rankSet()).toBe(1 << Rank.WEAK);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it.runIf(CHECKING)(".conerr.36: destroying an allocation point between reserve and commit asserts and changes nothing", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    expect(asserts(() => ap.destroy())).toBe(true);
    expect(ap.commit(p, 16)).toBe(true);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  // .req.errors
  it.runIf(COOL)(".conerr.37-40: commit of another address or size, commit without reserve, reserve twice: assertions at cool", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    expect(asserts(() => ap.commit(4096, 16))).toBe(true); // 39: without reserving
    const p = ap.reserve(16);
    expect(asserts(() => ap.commit(p + 8, 16))).toBe(true); // 37
    expect(asserts(() => ap.commit(p, 8))).toBe(true); // 38
    expect(asserts(() => ap.reserve(16))).toBe(true); // 40
    expect(asserts(() => ap.commit(p, 0))).toBe(true); // argerr 65
    expect(ap.commit(p, 16)).toBe(true);
    ap.buffer.check();
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it.runIf(COOL)(".argerr.54-60.fast: at cool, a bad size is PARAM on the fast path too (when the buffer has room)", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    const p = ap.reserve(16);
    expect(ap.commit(p, 16)).toBe(true);
    expect(ap.limit).toBeGreaterThan(ap.alloc); // the next reserve would take the fast path
    const alloc = ap.alloc;
    for (const bad of [12, 12.5, 0, -8, NaN]) expect(codeOf(() => ap.reserve(bad))).toBe("PARAM");
    expect(ap.alloc).toBe(alloc);
    const q = ap.reserve(24);
    expect(q).toBe(alloc);
    expect(ap.commit(q, 24)).toBe(true);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });

  it(".argerr.54-60,154: bad sizes to reserve are PARAM, and the AP stays usable", () => {
    const a = mockArena({ arenaSize: 1 << 20 });
    const pool = a.createPool(TinyPool, {});
    const ap = pool.createAp();
    for (const bad of [0, -8, 12, 2 ** 32 + 8, NaN]) expect(codeOf(() => ap.reserve(bad))).toBe("PARAM");
    const p = ap.reserve(24);
    expect(ap.commit(p, 24)).toBe(true);
    ap.destroy();
    pool.destroy();
    a.destroy();
  });
});
