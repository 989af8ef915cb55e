// The example of docs/reference/roots.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, Rank, RootMode, type Addr, type Root } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/roots.md", () => {
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
    const pool = arena.createPool(PoolClass.AMC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    function cons(car: Addr, cdr: Addr): Addr {
      let p: Addr;
      do {
        p = ap.reserve(16);
        m.u32.set([PAIR, car, cdr, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    }
    const mvff = arena.createPool(PoolClass.MVFF, {});

    // 1. A JavaScript array, fixed by a function.
    const globals = [0];
    const arrayRoot = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        globals[0] = ss.fix(globals[0]!);
      },
    });

    // 2. Two tagged words of manual memory (low bit 1: a small integer), protectable.
    const table = mvff.alloc(8);
    m.u32.fill(0, table >>> 2, (table + 8) >>> 2);
    const tableRoot = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base: table, limit: table + 8, mask: 1, pattern: 0 });

    // 3. A pair in manual memory, scanned by the format's scan method.
    const constant = mvff.alloc(16);
    m.u32.set([PAIR, 0, 0, 0], constant >>> 2);
    const fmtRoot = arena.createRootFmt({ rank: Rank.EXACT, scan: format.scan, base: constant, limit: constant + 16 });

    // 4. A shadow stack of 64 words, exact.
    const thread = arena.registerThread();
    const stackBase = mvff.alloc(256);
    let sp = stackBase;
    const stackRoot = arena.createRootThread(thread, { base: stackBase, limit: stackBase + 256, top: () => sp }, { rank: Rank.EXACT });

    // Each root gets a reference to its own pair (pushed at once, so that no allocation happens while a
    // pair is held only by a JavaScript variable).
    globals[0] = cons(0, 0);
    const t = cons(0, 0); // (not m.u32[...] = cons(...): the view would be read before cons runs)
    m.u32[table >>> 2] = t;
    m.u32[(table + 4) >>> 2] = (7 << 1) | 1;
    const c = cons(0, 0);
    m.u32[(constant + 4) >>> 2] = c;
    const s = cons(0, 0);
    m.u32[sp >>> 2] = s;
    sp += 4;

    const names = new Map<Root, string>([[arrayRoot, "array"], [tableRoot, "table"], [fmtRoot, "fmt"], [stackRoot, "stack"]]);
    const seen: string[] = [];
    arena.rootsWalk((ref, root) => seen.push(names.get(root)!));
    expect(seen).toEqual(["array", "table", "fmt", "stack"]);
    arena.release();

    const before = [globals[0]!, m.u32[table >>> 2]!, m.u32[(constant + 4) >>> 2]!, m.u32[stackBase >>> 2]!];
    arena.collect(); // every pair is copied, and every root updated
    const after = [globals[0]!, m.u32[table >>> 2]!, m.u32[(constant + 4) >>> 2]!, m.u32[stackBase >>> 2]!];
    expect(after.map((p, i) => p !== before[i] && m.u32[p >>> 2] === PAIR)).toEqual([true, true, true, true]);
    expect([m.u32[(table + 4) >>> 2]! >> 1, tableRoot.protectable]).toEqual([7, true]);
    arena.release();

    arena.park();
    sp = stackBase;
    stackRoot.destroy();
    thread.deregister();
    fmtRoot.destroy();
    tableRoot.destroy();
    arrayRoot.destroy();
    ap.destroy();
    pool.destroy();
    mvff.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const area = mvff.alloc(2 * arena.grainSize);
    const scan = (): void => {};
    expect(codeOf(() => arena.createRoot({ rank: 2 as never, scan }))).toBe("PARAM"); // FINAL is not for programs
    expect(codeOf(() => arena.createRoot({ rank: Rank.EXACT, mode: RootMode.PROT, scan }))).toBe("PARAM");
    expect(codeOf(() => arena.createRoot({ rank: Rank.EXACT, scan: 0 as never }))).toBe("PARAM");
    expect(codeOf(() => arena.createRoot({ rank: Rank.EXACT, scan, extra: 1 } as never))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: 0, limit: 16 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area + 2, limit: area + 16 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area + 16, limit: area }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area, limit: area + 16, mask: 1, pattern: 2 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area, limit: area + 16, mask: -1 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area, limit: area + 16, mask: 1, closure: 0 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, base: area, limit: area + 16, mode: RootMode.PROT_INNER }))).toBe("PARAM");
    // Protectable roots may not share a grain; PROT_INNER with no whole grain protects nothing.
    const g = arena.grainSize;
    const base = (area + g - 1) & ~(g - 1);
    const r1 = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base, limit: base + 16 });
    expect(codeOf(() => arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base: base + 16, limit: base + 32 }))).toBe("PARAM");
    const r2 = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT | RootMode.PROT_INNER, base: base + 16, limit: base + 32 });
    expect([r1.protectable, r2.protectable]).toEqual([true, false]);
    const r3 = arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.CONST, base: base + 32, limit: base + 48 });
    expect(codeOf(() => arena.createRootFmt({ rank: Rank.EXACT, scan, base: 0, limit: 16 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootFmt({ rank: Rank.EXACT, scan, base: 16, limit: 16 }))).toBe("PARAM");
    // Thread roots.
    const thread = arena.registerThread();
    const stack = { base: area, limit: area + 64, top: () => area };
    expect(codeOf(() => arena.createRootThread(thread, stack, { rank: Rank.WEAK }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootThread(thread, stack, { mode: RootMode.PROT }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootThread(thread, { base: 0, limit: 64, top: () => 0 }))).toBe("PARAM");
    expect(codeOf(() => arena.createRootThread(thread, { base: area, limit: area + 64 } as never))).toBe("PARAM");
    const other = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
    const foreign = other.registerThread();
    expect(codeOf(() => arena.createRootThread(foreign, stack))).toBe("PARAM");
    foreign.deregister();
    other.destroy();
    const tr = arena.createRootThread(thread, stack);
    expect(codeOf(() => thread.deregister())).toBe("PARAM");
    expect(codeOf(() => arena.rootsWalk(0 as never))).toBe("PARAM");
    tr.destroy();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => tr.destroy())).toBe("PARAM");
    thread.deregister();
    for (const r of [r1, r2, r3]) r.destroy();
    mvff.destroy();
    arena.destroy();
    expect(codeOf(() => arena.createRoot({ rank: Rank.EXACT, scan }))).toBe("PARAM");
  });
});
