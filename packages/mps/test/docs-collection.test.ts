// The example of docs/reference/collection.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, MessageType, PoolClass, Rank, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/collection.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;

    // Pairs: PAIR, car, cdr, 0. A forwarded pair is FWD and the new address; padding is PAD and its size.
    const PAIR = 1, FWD = 2, PAD = 3;
    const skip = (p: Addr): Addr => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : 16);
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p = skip(p)) {
          if (m.u32[p >>> 2] !== PAIR) continue;
          for (let slot = p + 4; slot <= p + 8; slot += 4) {
            const ref = m.u32[slot >>> 2]!;
            if (ref === 0 || !ss.fix1(ref)) continue;
            const fixed = ss.fix2(ref);
            m.u32[slot >>> 2] = fixed;
          }
        }
      },
      fmtSkip: skip,
      fmtFwd(old, newAddr) {
        m.u32[old >>> 2] = FWD;
        m.u32[(old + 4) >>> 2] = newAddr;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    const chain = arena.createChain([
      { capacity: 64, mortality: 0.9 },
      { capacity: 256, mortality: 0.5 },
    ]);
    const pool = arena.createPool(PoolClass.AMC, { format, chain });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const keep = [0];
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        keep[0] = ss.fix(keep[0]!);
      },
    });
    function cons(car: Addr, cdr: Addr): Addr {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([PAIR, car, cdr, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    }

    arena.messageTypeEnable(MessageType.GC_START);
    arena.messageTypeEnable(MessageType.GC);

    // Kept: 1600 bytes. Each new pair reads the list from the root after reserve, which may
    // start a collection that moves it.
    for (let i = 0; i < 100; i++) {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([PAIR, 0, keep[0]!, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      keep[0] = p;
    }
    for (let i = 0; i < 20000; i++) cons(0, 0); // garbage: 320,000 bytes
    const minor = arena.collections();
    expect(minor >= 3).toBe(true);

    arena.collect();
    expect(arena.collections() - minor).toBe(1);

    const why = new Set<string>();
    for (let msg; (msg = arena.messageGet(MessageType.GC_START)); arena.messageDiscard(msg)) why.add(msg.gcStartWhy);
    expect([...why]).toEqual(["The nursery generation of a chain has exceeded its capacity: starting a minor collection.", "The client asked for a full collection, to be done at once."]);

    const sizes: number[][] = [];
    for (let msg; (msg = arena.messageGet(MessageType.GC)); arena.messageDiscard(msg)) {
      sizes.push([msg.gcLiveSize, msg.gcCondemnedSize, msg.gcNotCondemnedSize]);
    }
    expect([sizes.length === minor + 1, sizes.every(([live, condemned]) => live! <= condemned!)]).toEqual([true, true]);
    expect(sizes[sizes.length - 1]![0]).toBe(1600);

    let length = 0;
    for (let p = keep[0]!; p !== 0; p = m.u32[(p + 8) >>> 2]!) length++;
    expect(length).toBe(100);
    arena.release();

    arena.park();
    root.destroy();
    ap.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    expect(codeOf(() => arena.createChain([]))).toBe("PARAM");
    expect(codeOf(() => arena.createChain([{ capacity: 0, mortality: 0.5 }]))).toBe("PARAM");
    expect(codeOf(() => arena.createChain([{ capacity: 1.5, mortality: 0.5 }]))).toBe("PARAM");
    expect(codeOf(() => arena.createChain([{ capacity: 1, mortality: 1.5 }]))).toBe("PARAM");
    expect(codeOf(() => arena.createChain({} as never))).toBe("PARAM");
    const chain = arena.createChain([{ capacity: 1, mortality: 0 }, { capacity: 2 ** 40, mortality: 1 }]);
    const format = arena.createFormat({ fmtSkip: (p) => p + 8, fmtFwd: () => {}, fmtIsfwd: () => 0, fmtPad: () => {} });
    const pool = arena.createPool(PoolClass.AMCZ, { format, chain });
    expect(codeOf(() => chain.destroy())).toBe("PARAM"); // a pool uses it
    pool.destroy();
    chain.destroy();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => chain.destroy())).toBe("PARAM"); // destroyed already
    // A pool made without a chain makes its own and destroys it with itself.
    const own = arena.createPool(PoolClass.AMCZ, { format });
    own.destroy();
    format.destroy();
    expect(codeOf(() => arena.step(Number.NaN, 1))).toBe("PARAM");
    expect(codeOf(() => arena.step(1, -1))).toBe("PARAM");
    arena.destroy(); // nothing left: the pool's own chain went with it
    expect(codeOf(() => arena.collect())).toBe("PARAM");
    expect(codeOf(() => arena.startCollect())).toBe("PARAM");
    expect(codeOf(() => arena.collections())).toBe("PARAM");
    expect(codeOf(() => arena.createChain([{ capacity: 1, mortality: 0 }]))).toBe("PARAM");
  });
});
