// The example of docs/reference/threads.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, Rank, RootMode, selectPlatform, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/threads.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection: "software" }) });
    const m = arena.mem;

    // Pairs: PAIR, car, cdr, n (a number, not scanned). FWD and the new address; PAD and its size.
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
    const pool = arena.createPool(PoolClass.AMC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });

    // The thread and its shadow stack, in manual memory.
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const thread = arena.registerThread();
    const stackBase = mvff.alloc(1024);
    m.u32.fill(0, stackBase >>> 2, (stackBase + 1024) >>> 2);
    let sp = stackBase;
    const stackRoot = arena.createRootThread(thread, { base: stackBase, limit: stackBase + 1024, top: () => sp }, { rank: Rank.EXACT });
    function push(ref: Addr): Addr {
      m.u32[sp >>> 2] = ref;
      sp += 4;
      return sp - 4; // the slot
    }

    // Build (1 2 ... 1000): each new pair's cdr is read from the stack after reserve.
    const list = push(0);
    for (let n = 1000; n >= 1; n--) {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([PAIR, 0, m.u32[list >>> 2]!, n], p >>> 2);
      } while (!ap.commit(p, 16));
      m.u32[list >>> 2] = p;
    }

    function reverse(): void {
      let prev = 0;
      let cur = m.u32[list >>> 2]!; // the shadow stack is not protected: a plain read
      while (cur !== 0) {
        const next = arena.loadRef(cur + 8);
        arena.storeRef(cur + 8, prev);
        prev = cur;
        cur = next;
      }
      m.u32[list >>> 2] = prev; // back on the stack before the collector runs again
    }

    arena.startCollect();
    let steps = 0;
    do {
      reverse();
      steps++;
    } while (arena.step(0, 0));
    if (steps % 2 === 1) reverse();

    let length = 0, sum = 0, first = 0;
    for (let p = m.u32[list >>> 2]!; p !== 0; p = arena.loadRef(p + 8)) {
      if (length === 0) first = m.u32[(p + 12) >>> 2]!;
      length++;
      sum += m.u32[(p + 12) >>> 2]!;
    }
    expect([steps > 1, arena.collections()]).toEqual([true, 1]);
    expect([length, sum, first]).toEqual([1000, 500500, 1]);

    arena.park();
    sp = stackBase;
    stackRoot.destroy();
    thread.deregister();
    ap.destroy();
    pool.destroy();
    mvff.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const a = arena.registerThread();
    const b = arena.registerThread(); // the same agent again: another Thread
    expect(a).not.toBe(b);
    expect(codeOf(() => arena.destroy())).toBe("PARAM");
    a.deregister();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => a.deregister())).toBe("PARAM");
    b.deregister();
    // With no barrier, loadRef and storeRef are plain accesses.
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const p = mvff.alloc(8);
    arena.storeRef(p, 1234);
    expect([arena.loadRef(p), arena.mem.u32[p >>> 2]]).toEqual([1234, 1234]);
    mvff.destroy();
    arena.destroy();
    expect(codeOf(() => arena.registerThread())).toBe("PARAM");
  });

  it("with the software barrier, a protectable root is written through storeRef", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection: "software" }) });
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const g = arena.grainSize;
    const area = mvff.alloc(3 * g);
    const base = (area + g - 1) & ~(g - 1);
    arena.mem.u32.fill(0, base >>> 2, (base + g) >>> 2);
    const root = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base, limit: base + g });
    // Something to condemn, so that the collection scans the root: one leaf object in AMCZ.
    const m = arena.mem;
    const format = arena.createFormat({
      fmtSkip: (q) => q + 8,
      fmtFwd: (old, nu) => m.u32.set([1, nu], old >>> 2),
      fmtIsfwd: (q) => (m.u32[q >>> 2] === 1 ? m.u32[(q + 4) >>> 2]! : 0),
      fmtPad: () => {},
    });
    const leaves = arena.createPool(PoolClass.AMCZ, { format });
    const ap = leaves.createAp();
    let q: Addr;
    do {
      q = ap.reserve(8);
      m.u32.set([0, 0], q >>> 2);
    } while (!ap.commit(q, 8));
    arena.collect();
    expect(root.pm).not.toBe(0); // a write barrier after the scan found no references
    arena.storeRef(base, 0);
    expect(root.pm).toBe(0); // the store hit it: the summary is forgotten, the barrier lowered
    arena.release();
    arena.park();
    ap.destroy();
    leaves.destroy();
    format.destroy();
    root.destroy();
    mvff.destroy();
    arena.destroy();
  });
});
