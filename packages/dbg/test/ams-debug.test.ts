// AMSDebug (docs/design/dbg.md `.impl.ams`): free space splatted when a segment
// is made, when a buffer is emptied and when a collection reclaims dead
// objects; checked by a buffer fill and by checkFreeSpace, which name the
// damaged byte; on the real tracer with both protection backends.
import { describe, expect, it } from "vitest";
import { type AP, Arena, ArenaClass, type Root } from "@mps/arena";
import { type Addr, Rank, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots } from "@mps/trace/test-util";
import { AMSPool, AMS_FILL_TARGET, type AMSSeg } from "@mps/pool-ams";
import { AMSDebugPool, type AMSDebugOpts, DebugDamageError, POOL_DEBUG_DEFAULTS, patternByte, patternMismatch } from "../src/index.js";
import { rng } from "./helpers.js";

const PROTECTIONS = ["none", "software"] as const;

/** An arena with the tracer, an AMSDebug pool, one exact root table of `n` words and an allocation point. */
function world(protection: "none" | "software", debug: AMSDebugOpts["poolDebugOptions"] = {}, n = 16) {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const chain = arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]);
  const pool = arena.createPool(AMSDebugPool, { format, chain, poolDebugOptions: debug });
  const roots = new Uint32Array(n);
  const root: Root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
    },
  });
  let ap: AP = pool.createAp();
  const alloc = (id: number, nslots: number): Addr => {
    const size = testObjectSize(nslots);
    let p: Addr;
    do {
      p = ap.reserve(size);
      initTestObject(arena.mem, p, 0, id, nslots);
    } while (!ap.commit(p, size));
    return p;
  };
  const done = (): void => {
    arena.park();
    for (const b of pool.buffers()) b.destroy();
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  };
  return {
    arena, pool, roots, alloc, done,
    newAp: (): AP => (ap = pool.createAp()),
    get ap(): AP {
      return ap;
    },
  };
}

const FREE = POOL_DEBUG_DEFAULTS.freeTemplate;

/** Does [base, limit) hold the free template? */
function splatted(u8: Uint8Array, base: Addr, limit: Addr, t: Uint8Array = FREE): boolean {
  return patternMismatch(u8, t, base, limit) < 0;
}

for (const protection of PROTECTIONS) {
  describe(`AMSDebug, ${protection} protection`, () => {
    // .req.ams
    it(".impl.ams: a new segment is splatted; the unused tail of an emptied buffer is splatted again", () => {
      const w = world(protection);
      const u8 = w.arena.mem.u8;
      const a = w.alloc(1, 3);
      const end = a + testObjectSize(3);
      const seg = w.pool.segs()[0] as AMSSeg;
      expect(splatted(u8, end, seg.limit)).toBe(true);
      u8.fill(0, end, end + 40); // a reservation that tripped wrote there
      w.ap.destroy();
      expect(splatted(u8, end, seg.limit)).toBe(true);
      w.pool.checkFreeSpace();
      w.done();
    });

    // .req.ams
    it(".impl.ams: a collection splats the dead objects it reclaims (the bytes read back as the template)", () => {
      const w = world(protection);
      const u8 = w.arena.mem.u8;
      const a = w.alloc(1, 4);
      const b = w.alloc(2, 6);
      const c = w.alloc(3, 2);
      w.ap.destroy();
      const bLimit = b + testObjectSize(6);
      expect(splatted(u8, b, bLimit)).toBe(false); // b holds its object
      w.roots[0] = a;
      w.roots[1] = c;
      w.arena.collect();
      expect(splatted(u8, b, bLimit)).toBe(true);
      for (let x = b; x < bLimit; x++) expect(u8[x]).toBe(patternByte(FREE, x));
      expect(u8.slice(a, a + 4)).not.toEqual(u8.slice(b, b + 4)); // the live ones are not splatted
      expect(splatted(u8, a, a + testObjectSize(4))).toBe(false);
      expect(splatted(u8, c, c + testObjectSize(2))).toBe(false);
      w.pool.checkFreeSpace();
      w.arena.release();
      w.done();
    });

    // .req.ams
    it(".impl.ams: a write into a dead object's space is caught by checkFreeSpace and by the next fill over it, naming the address", () => {
      const w = world(protection);
      const u8 = w.arena.mem.u8;
      const a = w.alloc(1, 4);
      // b is long enough (over AMS_FILL_TARGET) that a fill takes its run before the free space after c (pool-ams .impl.fill)
      const b = w.alloc(2, AMS_FILL_TARGET / 4);
      const c = w.alloc(3, 2);
      w.ap.destroy();
      w.roots[0] = a;
      w.roots[1] = c;
      w.arena.collect();
      const at = b + 9;
      u8[at] = 0x00; // through a stale reference to the dead object b
      const want = patternByte(FREE, at);
      // checkFreeSpace: the free block [b, c), the byte, the offset from the block
      const e1 = catchDamage(() => w.pool.checkFreeSpace());
      expect(e1.report).toMatchObject({
        kind: "free-space", operation: "checkFreeSpace", className: "AMSDebug", address: b, size: c - b, tag: 0, base: b, limit: c, at, offset: 9, expected: want, actual: 0,
      });
      expect(e1.message).toContain(`offset 9`);
      // the next fill takes the first free run of AMS_FILL_TARGET bytes or more, [b, c), and refuses it, changing nothing
      const freeSize = w.pool.freeSize(), total = w.pool.totalSize();
      const ap = w.newAp();
      const e2 = catchDamage(() => ap.reserve(testObjectSize(1)));
      expect(e2.report).toMatchObject({ kind: "free-space", operation: "bufferFill", address: b, base: b, limit: c, at, expected: want, actual: 0 });
      expect([w.pool.freeSize(), w.pool.totalSize()]).toEqual([freeSize, total]);
      expect(w.pool.check()).toBe(true);
      // again, until mended
      expect(catchDamage(() => ap.reserve(testObjectSize(1))).report.at).toBe(at);
      u8[at] = want;
      w.pool.checkFreeSpace();
      const d = w.alloc(4, 1);
      expect(d).toBe(b);
      w.arena.release();
      w.done();
    });

    it(".test.amsss: AMSDebug on the tracer: random graphs, many collections, every live object's contents verified, free space intact", () => {
      stress(protection, protection === "none" ? SEED_BASE : SEED_BASE + 1, 12000);
    });
  });
}

describe("AMSDebug options and checks", () => {
  it(".if.ams: bad poolDebugOptions and bad AMS options are PARAM and make no pool", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const format = arena.createFormat(testFormat(arena.mem, 0));
    const n = arena.pools().length;
    expect(codeOf(() => arena.createPool(AMSDebugPool, { format, poolDebugOptions: { freeTemplate: [1, 2] as unknown as Uint8Array } }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSDebugPool, { format, poolDebugOptions: 7 as never }))).toBe("PARAM");
    expect(codeOf(() => arena.createPool(AMSDebugPool, {} as never))).toBe("PARAM");
    expect(arena.pools().length).toBe(n);
    const pool = arena.createPool(AMSDebugPool, { format });
    expect(pool).toBeInstanceOf(AMSPool);
    expect(AMSDebugPool.className).toBe("AMSDebug");
    expect(pool.splatsFreeSpace).toBe(true);
    pool.checkFenceposts(); // nothing to check
    expect(describeToString(pool)).toContain("PoolDebugMixin");
    pool.destroy();
    expect(codeOf(() => pool.checkFreeSpace())).toBe("PARAM");
    expect(codeOf(() => pool.checkFenceposts())).toBe("PARAM");
    format.destroy();
    arena.destroy();
  });

  it(".if.options: an empty free template turns splatting off: free space is left as AMS leaves it and checks pass", () => {
    const w = world("none", { freeTemplate: new Uint8Array(0) });
    const u8 = w.arena.mem.u8;
    expect(w.pool.splatsFreeSpace).toBe(false);
    const a = w.alloc(1, 3);
    const end = a + testObjectSize(3);
    expect(u8.subarray(end, end + 64).every((x) => x === 0)).toBe(true);
    u8[end + 3] = 9;
    w.ap.destroy();
    w.pool.checkFreeSpace();
    w.done();
  });

  it(".if.options: a custom template of odd length tiles by address", () => {
    const t = new TextEncoder().encode("dead!");
    const w = world("none", { freeTemplate: t });
    const u8 = w.arena.mem.u8;
    const a = w.alloc(1, 3);
    const seg = w.pool.segs()[0] as AMSSeg;
    expect(splatted(u8, a + testObjectSize(3), seg.limit, t)).toBe(true);
    w.done();
  });
});

function catchDamage(fn: () => unknown): DebugDamageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DebugDamageError) return e;
    throw e;
  }
  throw new Error("no DebugDamageError thrown");
}

const SEED_BASE = Number(process.env["MPS_SEED"] ?? 0x5eed);


/** amsss on AMSDebug: allocate, link, re-root, drop at random; collections by the chain and by arena.collect. */
function stress(protection: "none" | "software", seed: number, steps: number): void {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform({ protection }) });
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const chain = arena.createChain([{ capacity: 48, mortality: 0.5 }]);
  const t = new TextEncoder().encode("freed");
  const pool = arena.createPool(AMSDebugPool, { format, chain, poolDebugOptions: { freeTemplate: t } });
  let splats = 0;
  const ap = pool.createAp();
  const r = rng(seed);
  const N = 50;
  const roots = new Uint32Array(N);
  const rootIds = new Int32Array(N).fill(-1);
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < N; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
    },
  });
  const model = new Map<number, { addr: Addr; slots: number[] }>();
  let nextId = 1;
  const mem = arena.mem;
  const alloc = (nslots: number): number => {
    const id = nextId++;
    const size = testObjectSize(nslots);
    let p: Addr;
    do {
      p = ap.reserve(size);
      initTestObject(mem, p, 0, id, nslots);
    } while (!ap.commit(p, size));
    model.set(id, { addr: p, slots: new Array<number>(nslots).fill(-1) });
    return id;
  };
  const link = (from: number, i: number, to: number): void => {
    const o = model.get(from)!;
    arena.storeRef(testObjectSlotAddr(o.addr, 0, i), to < 0 ? 0 : model.get(to)!.addr);
    o.slots[i] = to;
  };
  const reachable = (): Set<number> => {
    const seen = new Set<number>();
    const stack = [...rootIds].filter((x) => x >= 0);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const s of model.get(id)!.slots) if (s >= 0) stack.push(s);
    }
    return seen;
  };
  const verify = (): void => {
    for (const id of reachable()) {
      const o = model.get(id)!;
      if (testObjectId(mem, o.addr, 0) !== id) throw new Error(`object ${id} at ${o.addr} has id ${testObjectId(mem, o.addr, 0)}`);
      if (testObjectSlots(mem, o.addr, 0) !== (testObjectSize(o.slots.length) - 8) / 4) throw new Error(`object ${id} lost slots`);
      for (let s = 0; s < o.slots.length; s++) {
        const want = o.slots[s]!;
        const got = arena.loadRef(testObjectSlotAddr(o.addr, 0, s));
        if (got !== (want < 0 ? 0 : model.get(want)!.addr)) throw new Error(`object ${id} slot ${s} is ${got}, should refer to ${want}`);
      }
    }
  };
  const before = arena.collections();
  for (let n = 1; n <= steps; n++) {
    const k = r();
    const i = Math.floor(r() * N);
    if (k < 0.5) {
      const id = alloc(Math.floor(r() * (r() < 0.25 ? 96 : 12)));
      if (model.get(id)!.slots.length > 0 && rootIds[i]! >= 0) link(id, 0, rootIds[i]!);
      roots[i] = model.get(id)!.addr;
      rootIds[i] = id;
    } else if (k < 0.85) {
      const from = rootIds[i]!, to = rootIds[Math.floor(r() * N)]!;
      if (from >= 0 && to >= 0 && model.get(from)!.slots.length > 0) link(from, Math.floor(r() * model.get(from)!.slots.length), to);
    } else {
      roots[i] = 0;
      rootIds[i] = -1;
    }
    if (n % 500 === 0) verify();
    if (n % 3000 === 0) {
      arena.collect();
      verify();
      pool.checkFreeSpace();
      expect(pool.check()).toBe(true);
      // forget the dead, which the pool has splatted
      // (a dead object's space may since have been reused by an object that is live, or is in
      // the allocation point's current region: those are not free)
      const live = reachable();
      const used: Array<[Addr, Addr]> = [...live].map((id) => {
        const o = model.get(id)!;
        return [o.addr, o.addr + testObjectSize(o.slots.length)];
      });
      const bufs: Array<[Addr, Addr]> = [];
      for (const b of pool.buffers()) if (!b.isReset()) bufs.push([b.base, b.poolLimit]);
      used.sort((x, y) => x[0] - y[0]);
      const inUse = (base: Addr, limit: Addr): boolean => {
        let lo = 0, hi = used.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (used[mid]![1] <= base) lo = mid + 1;
          else hi = mid;
        }
        return (lo < used.length && used[lo]![0] < limit) || bufs.some(([b, l]) => b < limit && base < l);
      };
      for (const [id, o] of [...model]) {
        if (live.has(id)) continue;
        const limit = o.addr + testObjectSize(o.slots.length);
        if (!inUse(o.addr, limit) && patternMismatch(mem.u8, t, o.addr, limit) >= 0) throw new Error(`dead object ${id} at ${o.addr} is not splatted`);
        model.delete(id);
        splats++;
      }
      arena.release();
    }
  }
  expect(arena.collections() - before).toBeGreaterThanOrEqual(Math.floor(steps / 3000) + 1);
  expect(splats, "dead objects found splatted").toBeGreaterThan(100);
  arena.park();
  pool.checkFreeSpace();
  verify();
  ap.destroy();
  root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
}
