import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, MpsAssertionError, Rank, SIG_INVALID, ZONE_SET_UNIV, describeToString, type ScanState } from "@mps/mpm";
import { ACCESS_NONE, ACCESS_READ, ACCESS_WRITE } from "@mps/shield";
import { mpsErrorOf } from "@mps/mpm/test-util";
import {
  Root, RootList, RootMode, RootVar, SIG_ROOT, SIG_ROOT_LIST, createRoot, createRootArea, createRootFmt, createRootThread,
  rootModeCheck, scanArea, scanAreaMasked, scanAreaTagged, scanAreaTaggedOrZero,
  type AreaScanMethod, type RootAreaOpts, type RootArena, type RootFmtOpts, type RootOpts, type RootThreadOpts, type ShadowStack,
} from "../src/root.js";
import { ThreadList, registerThread, type Thread } from "../src/thread.js";

const GRAIN = 4096;

type FakeArena = RootArena & { threads: ThreadList };
function fakeArena(): FakeArena {
  return { roots: new RootList(), threads: new ThreadList(), grainSize: GRAIN };
}

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

const noScan = (): void => {};
const fmtScan = (_ss: ScanState, _base: number, _limit: number): void => {};

/** A scan state over a word array, recording what it was asked, for the root scanners. */
function fakeSS(words: Uint32Array, white: (ref: number) => boolean, move: (ref: number) => number) {
  const calls: unknown[][] = [];
  const arena = { mem: { u32: words } };
  const ss = {
    arena,
    calls,
    fix1: (ref: number) => white(ref),
    fix2: (ref: number) => move(ref),
    fix: (ref: number) => (white(ref) ? move(ref) : ref),
    scanArea: (base: number, limit: number) => calls.push(["scanArea", base, limit]),
  };
  return ss as unknown as ScanState & { calls: unknown[][]; arena: { mem: { u32: Uint32Array } } };
}

const BAD_RANKS: unknown[] = [-1, 4, Rank.FINAL, 1.5, "1", 0x80000000, undefined];
const BAD_MODES: unknown[] = [-1, 8, 0x80000000, RootMode.PROT_INNER, RootMode.CONST | RootMode.PROT_INNER, 1.5, "2"];

describe("createRoot (a scanning function)", () => {
  it(".req.root.rank: a function root of each client rank registers, and checks", () => {
    const arena = fakeArena();
    for (const rank of [Rank.AMBIG, Rank.EXACT, Rank.WEAK]) {
      const r = createRoot(arena, { rank, scan: noScan });
      expect(r.sig).toBe(SIG_ROOT);
      expect(r.rank).toBe(rank);
      expect(r.variant).toBe(RootVar.FUN);
      expect(r.grey).toBe(0);
      expect(r.summary).toBe(ZONE_SET_UNIV);
      expect(r.protectable).toBe(false);
      expect(r.check()).toBe(true);
    }
    expect(arena.roots.size).toBe(3);
    expect(arena.roots.check()).toBe(true);
  });

  it(".req.root.rank .req.root.mode: bad ranks, a non-zero mode, a missing scan and unknown options are PARAM (argerr 94-99)", () => {
    const arena = fakeArena();
    for (const rank of BAD_RANKS) expectParam(() => createRoot(arena, { rank, scan: noScan } as RootOpts), /rank/);
    for (const mode of [...BAD_MODES, RootMode.CONST, RootMode.PROT]) expectParam(() => createRoot(arena, { rank: Rank.EXACT, mode, scan: noScan } as RootOpts), /mode/);
    expectParam(() => createRoot(arena, { rank: Rank.EXACT } as RootOpts), /scan must be a function/);
    expectParam(() => createRoot(arena, { rank: Rank.EXACT, scan: noScan, closure: 1 } as RootOpts), /unknown option "closure"/);
    expectParam(() => createRoot(arena, null as unknown as RootOpts), /options/);
    expectParam(() => createRoot({} as RootArena, { rank: Rank.EXACT, scan: noScan }), /RootList/);
    expect(arena.roots.size).toBe(0);
  });
});

describe("createRootArea", () => {
  it(".req.root.range: an untagged area root scans its words with scanArea by default", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, base: 0x100, limit: 0x180 });
    expect(r.variant).toBe(RootVar.AREA);
    expect([r.base, r.limit]).toEqual([0x100, 0x180]);
    expect(r.areaScan).toBe(scanArea);
    expect(r.closure).toBeUndefined();
    const closure = { tableOf: "symbols" };
    const custom: AreaScanMethod = () => {};
    const r2 = createRootArea(arena, { rank: Rank.AMBIG, base: 0x200, limit: 0x204, scan: custom, closure });
    expect(r2.areaScan).toBe(custom);
    expect(r2.closure).toBe(closure);
    expect(createRootArea(arena, { rank: Rank.WEAK, base: 2 ** 32 - 4, limit: 2 ** 32 }).limit).toBe(2 ** 32);
    expect(arena.roots.check()).toBe(true);
  });

  it(".req.root.range: a mask or pattern makes a tagged root whose scanner receives the tag", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, base: 0x100, limit: 0x180, mask: 3, pattern: 1 });
    expect(r.variant).toBe(RootVar.AREA_TAGGED);
    expect(r.areaScan).toBe(scanAreaTagged);
    expect(r.closure).toEqual({ mask: 3, pattern: 1 });
    const p = createRootArea(arena, { rank: Rank.EXACT, base: 0x200, limit: 0x280, pattern: 0 });
    expect(p.closure).toEqual({ mask: 0, pattern: 0 });
    const m = createRootArea(arena, { rank: Rank.EXACT, base: 0x300, limit: 0x380, mask: 7, scan: scanAreaTaggedOrZero });
    expect(m.closure).toEqual({ mask: 7, pattern: 0 });
    expect(m.areaScan).toBe(scanAreaTaggedOrZero);
  });

  it(".req.root.mode: every valid mode is accepted (argerr 107-109 for the bad ones)", () => {
    const arena = fakeArena();
    const good = [0, RootMode.CONST, RootMode.PROT, RootMode.PROT | RootMode.PROT_INNER, RootMode.CONST | RootMode.PROT | RootMode.PROT_INNER];
    good.forEach((mode, i) => {
      expect(rootModeCheck(mode)).toBe(true);
      const base = (i + 1) * 4 * GRAIN;
      expect(createRootArea(arena, { rank: Rank.EXACT, mode, base, limit: base + 2 * GRAIN }).mode).toBe(mode);
    });
    for (const mode of BAD_MODES) {
      expect(rootModeCheck(mode)).toBe(false);
      expectParam(() => createRootArea(arena, { rank: Rank.EXACT, mode, base: 0x100, limit: 0x200 } as RootAreaOpts), /mode/);
    }
  });

  it(".req.root.range: bad ranges, ranks, scanners, tags and options are PARAM and register nothing (argerr 104-114)", () => {
    const arena = fakeArena();
    const base = { rank: Rank.EXACT, base: 0x100, limit: 0x200 };
    const bad: [object, RegExp][] = [
      [{ ...base, base: 0 }, /base must be a non-zero address/],
      [{ ...base, base: 0x102 }, /word aligned/],
      [{ ...base, limit: 0x1fe }, /word aligned/],
      [{ ...base, limit: 0x100 }, /must be below limit/],
      [{ ...base, limit: 0x80 }, /must be below limit/],
      [{ ...base, limit: 2 ** 32 + 4 }, /limit must be an address/],
      [{ ...base, base: -4 }, /base must be/],
      [{ ...base, base: 1.5 }, /base must be/],
      [{ ...base, limit: "0x200" }, /limit must be/],
      [{ ...base, scan: 7 }, /scan must be a function/],
      [{ ...base, mask: -1 }, /mask must be a u32/],
      [{ ...base, mask: 3, pattern: 2 ** 32 }, /pattern must be a u32/],
      [{ ...base, mask: 3, pattern: 4 }, /outside mask/],
      [{ ...base, mask: 3, closure: {} }, /takes no closure/],
      [{ ...base, size: 4 }, /unknown option "size"/],
    ];
    for (const [opts, message] of bad) expectParam(() => createRootArea(arena, opts as RootAreaOpts), message);
    for (const rank of BAD_RANKS) expectParam(() => createRootArea(arena, { ...base, rank } as RootAreaOpts), /rank/);
    expect(arena.roots.size).toBe(0);
  });
});

describe("createRootFmt", () => {
  it(".req.root.range: a format root keeps its scan method and range; like the MPS it does not check alignment (argerr 126, 128)", () => {
    const arena = fakeArena();
    const r = createRootFmt(arena, { rank: Rank.EXACT, scan: fmtScan, base: 0x101, limit: 0x103 });
    expect(r.variant).toBe(RootVar.FMT);
    expect(r.fmtScan).toBe(fmtScan);
    expect([r.base, r.limit]).toEqual([0x101, 0x103]);
    expect(r.check()).toBe(true);
  });

  it(".req.root.range: bad format roots are PARAM (argerr 119-129)", () => {
    const arena = fakeArena();
    const base = { rank: Rank.AMBIG, scan: fmtScan, base: 0x100, limit: 0x200 };
    expectParam(() => createRootFmt(arena, { ...base, base: 0 }), /base must be a non-zero/);
    expectParam(() => createRootFmt(arena, { ...base, limit: 0 }), /below limit/);
    expectParam(() => createRootFmt(arena, { ...base, limit: 0x80 }), /below limit/);
    expectParam(() => createRootFmt(arena, { ...base, scan: undefined } as unknown as RootFmtOpts), /scan must be a function/);
    for (const rank of BAD_RANKS) expectParam(() => createRootFmt(arena, { ...base, rank } as RootFmtOpts), /rank/);
    for (const mode of BAD_MODES) expectParam(() => createRootFmt(arena, { ...base, mode } as RootFmtOpts), /mode/);
    expectParam(() => createRootFmt(arena, { ...base, closure: 1 } as RootFmtOpts), /unknown option/);
    expect(arena.roots.size).toBe(0);
  });
});

describe("createRootThread", () => {
  const stack: ShadowStack = { base: 0x1000, limit: 0x2000, top: () => 0x1010 };

  it(".req.root.thread: by default a thread root is ambiguous and tagged like mps_root_create_thread", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    const r = createRootThread(arena, t, stack);
    expect(r.variant).toBe(RootVar.THREAD_TAGGED);
    expect(r.rank).toBe(Rank.AMBIG);
    expect(r.closure).toEqual({ mask: 3, pattern: 0 });
    expect(r.areaScan).toBe(scanAreaTagged);
    expect(r.thread).toBe(t);
    expect(r.stack).toBe(stack);
    expect(t.rootCount).toBe(1);
    expect(r.check()).toBe(true);
  });

  it(".req.root.thread: an exact thread root, and a scanned one with a closure", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    const exact = createRootThread(arena, t, stack, { rank: Rank.EXACT, mask: 7, pattern: 1 });
    expect(exact.rank).toBe(Rank.EXACT);
    expect(exact.closure).toEqual({ mask: 7, pattern: 1 });
    const closure = { frames: 3 };
    const scanned = createRootThread(arena, t, stack, { scan: scanArea, closure });
    expect(scanned.variant).toBe(RootVar.THREAD);
    expect(scanned.closure).toBe(closure);
    expect(t.rootCount).toBe(2);
    scanned.destroy();
    exact.destroy();
    expect(t.rootCount).toBe(0);
  });

  it(".req.root.thread: bad thread roots are PARAM and register nothing (argerr 134-143, conerr 44a)", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    for (const rank of [Rank.WEAK, ...BAD_RANKS.filter((r) => r !== undefined)]) {
      expectParam(() => createRootThread(arena, t, stack, { rank } as RootThreadOpts), /rank must be Rank.AMBIG or Rank.EXACT/);
    }
    for (const mode of [...BAD_MODES, RootMode.CONST, RootMode.PROT]) expectParam(() => createRootThread(arena, t, stack, { mode } as RootThreadOpts), /mode/);
    expectParam(() => createRootThread(arena, t, null as unknown as ShadowStack), /ShadowStack/);
    expectParam(() => createRootThread(arena, t, { ...stack, base: 0 }), /base must be a non-zero/);
    expectParam(() => createRootThread(arena, t, { ...stack, base: 0x1002 }), /word aligned/);
    expectParam(() => createRootThread(arena, t, { ...stack, limit: 0x1000 }), /below limit/);
    expectParam(() => createRootThread(arena, t, { base: 0x1000, limit: 0x2000 } as ShadowStack), /top must be a function/);
    expectParam(() => createRootThread(arena, t, stack, { scan: 3 } as unknown as RootThreadOpts), /scan must be a function/);
    expectParam(() => createRootThread(arena, t, stack, { closure: 1 }), /takes no closure/);
    expectParam(() => createRootThread(arena, t, stack, { pattern: 4 }), /outside mask/);
    expectParam(() => createRootThread(arena, t, stack, { cold: 1 } as RootThreadOpts), /unknown option/);
    expectParam(() => createRootThread(arena, {} as Thread, stack), /registered Thread/);
    const other = fakeArena();
    expectParam(() => createRootThread(arena, registerThread(other), stack), /another arena/);
    const gone = registerThread(arena);
    gone.deregister();
    expectParam(() => createRootThread(arena, gone, stack), /registered Thread/);
    expect(arena.roots.size).toBe(0);
    expect(t.rootCount).toBe(0);
  });
});

describe("protectable roots", () => {
  it(".req.root.protect: PROT covers every grain the root touches; PROT_INNER only the grains wholly inside", () => {
    const arena = fakeArena();
    const outer = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN + 8, limit: 3 * GRAIN - 8 });
    expect(outer.protectable).toBe(true);
    expect([outer.protBase, outer.protLimit]).toEqual([GRAIN, 3 * GRAIN]);
    const inner = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT | RootMode.PROT_INNER, base: 10 * GRAIN + 8, limit: 13 * GRAIN - 8 });
    expect([inner.protBase, inner.protLimit]).toEqual([11 * GRAIN, 12 * GRAIN]);
    expect(arena.roots.rootOfAddr(11 * GRAIN + 100)).toBe(inner);
    expect(arena.roots.rootOfAddr(10 * GRAIN + 100)).toBeUndefined();
    expect(arena.roots.rootOfAddr(GRAIN)).toBe(outer);
    expect(arena.roots.rootOfAddr(3 * GRAIN)).toBeUndefined();
  });

  it(".req.root.protect: a PROT_INNER root with no whole grain is not protectable, and loses its protection bits", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.CONST | RootMode.PROT | RootMode.PROT_INNER, base: GRAIN + 8, limit: 2 * GRAIN + 8 });
    expect(r.protectable).toBe(false);
    expect(r.mode).toBe(RootMode.CONST);
    expect([r.protBase, r.protLimit]).toEqual([0, 0]);
    expect(r.check()).toBe(true);
  });

  it(".req.root.protect: roots at the top of the address space get the right grains", () => {
    const arena = fakeArena();
    const top = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: 2 ** 32 - GRAIN + 8, limit: 2 ** 32 });
    expect([top.protBase, top.protLimit]).toEqual([2 ** 32 - GRAIN, 2 ** 32]);
    top.destroy();
    const inner = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT | RootMode.PROT_INNER, base: 2 ** 32 - 2 * GRAIN, limit: 2 ** 32 });
    expect([inner.protBase, inner.protLimit]).toEqual([2 ** 32 - 2 * GRAIN, 2 ** 32]);
    inner.destroy();
    const none = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT | RootMode.PROT_INNER, base: 2 ** 32 - GRAIN + 8, limit: 2 ** 32 });
    expect(none.protectable).toBe(false);
    const fmtTop = createRootFmt(arena, { rank: Rank.EXACT, mode: RootMode.PROT, scan: fmtScan, base: 2 ** 32 - 100, limit: 2 ** 32 - 10 });
    expect([fmtTop.protBase, fmtTop.protLimit]).toEqual([2 ** 32 - GRAIN, 2 ** 32]);
  });

  it(".req.root.protect: protectable roots may not share a grain; the second is PARAM and not registered", () => {
    const arena = fakeArena();
    const a = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN, limit: GRAIN + 64 });
    expectParam(() => createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN + 64, limit: GRAIN + 128 }), /overlap root/);
    expectParam(() => createRootFmt(arena, { rank: Rank.EXACT, mode: RootMode.PROT, scan: fmtScan, base: 8, limit: GRAIN + 8 }), /overlap/);
    expect(arena.roots.size).toBe(1);
    // Unprotectable roots may share the grain, and inner protection leaves the edge grains free.
    createRootArea(arena, { rank: Rank.EXACT, base: GRAIN + 64, limit: GRAIN + 128 });
    createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT | RootMode.PROT_INNER, base: GRAIN + 128, limit: 3 * GRAIN });
    createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: 3 * GRAIN, limit: 4 * GRAIN });
    expect(arena.roots.size).toBe(4);
    expect(arena.roots.check()).toBe(true);
    a.destroy();
    createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN + 64, limit: GRAIN + 128 });
  });
});

describe("the collector's state of a root", () => {
  it(".req.root.tracer-state: grey until scanned; a protectable root takes the scan's summary behind a write barrier", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN, limit: 2 * GRAIN });
    r.markGrey(0);
    expect(r.grey).toBe(1);
    r.scanned(1, 0b1010);
    expect(r.grey).toBe(0);
    expect(r.summary).toBe(0b1010);
    expect(r.pm).toBe(ACCESS_WRITE);
    // The mutator writes: the barrier comes down and the summary is everything again.
    expect(r.access(ACCESS_WRITE)).toBe(ACCESS_NONE);
    expect(r.summary).toBe(ZONE_SET_UNIV);
    expect(r.pm).toBe(ACCESS_NONE);
    r.scanned(1, ZONE_SET_UNIV);
    expect(r.pm).toBe(ACCESS_NONE);
    expect(r.check()).toBe(true);
  });

  it(".req.root.tracer-state: an unprotectable root keeps the universal summary", () => {
    const arena = fakeArena();
    const r = createRoot(arena, { rank: Rank.EXACT, scan: noScan });
    r.markGrey(0);
    r.scanned(1, 0b1);
    expect(r.grey).toBe(0);
    expect(r.summary).toBe(ZONE_SET_UNIV);
    expect(r.pm).toBe(ACCESS_NONE);
  });

  it.skipIf(!CHECKING)(".req.root.tracer-state: barrier and trace protocol errors are assertions", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, mode: RootMode.PROT, base: GRAIN, limit: 2 * GRAIN });
    expect(() => r.access(ACCESS_WRITE)).toThrow(MpsAssertionError); // nothing forbidden yet
    r.scanned(0, 0b1);
    expect(() => r.access(ACCESS_READ)).toThrow(MpsAssertionError);
    expect(() => r.markGrey(1)).toThrow(MpsAssertionError);
    r.summary = 0b1;
    const u = createRoot(arena, { rank: Rank.EXACT, scan: noScan });
    u.summary = 0b1; // corrupt: an unprotectable root's summary must stay universal
    expect(() => u.scanned(1, 0b1)).toThrow(MpsAssertionError);
  });

  it(".req.root.scan: scan calls each variant's scanner with the arguments it takes", () => {
    const arena = fakeArena();
    const ss = fakeSS(new Uint32Array(16), () => false, (r) => r);
    const calls: unknown[][] = [];
    const rec: AreaScanMethod = (s, base, limit, closure) => calls.push([s === ss, base, limit, closure]);
    createRoot(arena, { rank: Rank.EXACT, scan: (s) => calls.push(["fun", s === ss]) }).scan(ss);
    createRootArea(arena, { rank: Rank.EXACT, base: 8, limit: 24, scan: rec, closure: "c" }).scan(ss);
    createRootArea(arena, { rank: Rank.EXACT, base: 32, limit: 40, scan: rec, mask: 1, pattern: 1 }).scan(ss);
    createRootFmt(arena, { rank: Rank.EXACT, base: 41, limit: 47, scan: (s, b, l) => calls.push(["fmt", s === ss, b, l]) }).scan(ss);
    const t = registerThread(arena);
    let top = 0x1008;
    const stack: ShadowStack = { base: 0x1000, limit: 0x2000, top: () => top };
    const tr = createRootThread(arena, t, stack, { scan: rec, mask: 3 });
    tr.scan(ss);
    top = 0x1000; // empty stack: nothing to scan
    tr.scan(ss);
    expect(calls).toEqual([
      ["fun", true],
      [true, 8, 24, "c"],
      [true, 32, 40, { mask: 1, pattern: 1 }],
      ["fmt", true, 41, 47],
      [true, 0x1000, 0x1008, { mask: 3, pattern: 0 }],
    ]);
    if (CHECKING) {
      for (const bad of [0x0ffc, 0x2004, 0x1002]) {
        top = bad;
        expect(() => tr.scan(ss)).toThrow(MpsAssertionError);
      }
    }
  });
});

describe("area scanners", () => {
  // White references are those in [0x10000, 0x20000); fixing one moves it up by 0x10000.
  const isWhite = (ref: number): boolean => ref >= 0x10000 && ref < 0x20000;
  const move = (ref: number): number => ref + 0x10000;

  it(".req.root.scan: scanArea hands the area to the scan state", () => {
    const ss = fakeSS(new Uint32Array(4), isWhite, move);
    scanArea(ss, 8, 16, "ignored");
    expect(ss.calls).toEqual([["scanArea", 8, 16]]);
  });

  it(".req.root.scan: the tagged scanners fix the words they select and keep the tags", () => {
    const words = Uint32Array.from([0x10001, 0x10002, 0x10000, 0x30001, 0x10003, 7]);
    const ss = fakeSS(words.slice(), isWhite, move);
    scanAreaTagged(ss, 0, 24, { mask: 3, pattern: 1 });
    expect([...ss.arena.mem.u32]).toEqual([0x20001, 0x10002, 0x10000, 0x30001, 0x10003, 7]);
    const ss2 = fakeSS(words.slice(), isWhite, move);
    scanAreaTaggedOrZero(ss2, 0, 24, { mask: 3, pattern: 1 });
    expect([...ss2.arena.mem.u32]).toEqual([0x20001, 0x10002, 0x20000, 0x30001, 0x10003, 7]);
    const ss3 = fakeSS(words.slice(), isWhite, move);
    scanAreaMasked(ss3, 0, 24, { mask: 3, pattern: 0 });
    expect([...ss3.arena.mem.u32]).toEqual([0x20001, 0x20002, 0x20000, 0x30001, 0x20003, 7]);
    // Only [base, limit) is touched.
    const ss4 = fakeSS(words.slice(), isWhite, move);
    scanAreaMasked(ss4, 4, 8, { mask: 3, pattern: 0 });
    expect([...ss4.arena.mem.u32]).toEqual([0x10001, 0x20002, 0x10000, 0x30001, 0x10003, 7]);
  });

  it(".req.root.scan: the tagged scanners write to the new memory when a fix replaces the arena's buffer", () => {
    const words = Uint32Array.from([0x10000, 0x10004]);
    const ss = fakeSS(words, isWhite, (ref) => {
      // Growing the arena replaces its buffer: copy the words to a new view.
      ss.arena.mem.u32 = Uint32Array.from(ss.arena.mem.u32);
      return move(ref);
    });
    scanAreaTagged(ss, 0, 8, { mask: 3, pattern: 0 });
    expect([...ss.arena.mem.u32]).toEqual([0x20000, 0x20004]);
  });

  it(".req.root.scan: the tagged scanners agree with a model on random words and tags", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 0x3ffff }), { maxLength: 24 }),
        fc.constantFrom(0, 1, 3, 7),
        fc.nat(7),
        fc.constantFrom("tagged", "orZero", "masked"),
        (ws, mask, p, kind) => {
          const pattern = p & mask;
          const ss = fakeSS(Uint32Array.from(ws), isWhite, move);
          const scanner = kind === "tagged" ? scanAreaTagged : kind === "orZero" ? scanAreaTaggedOrZero : scanAreaMasked;
          scanner(ss, 0, ws.length * 4, { mask, pattern });
          const expected = ws.map((w) => {
            const t = w & mask;
            const selected = kind === "masked" || t === pattern || (kind === "orZero" && t === 0);
            const ref = w - t;
            return selected && isWhite(ref) ? move(ref) + t : w;
          });
          expect([...ss.arena.mem.u32]).toEqual(expected);
        },
      ),
    );
  });
});

describe("destroying roots", () => {
  it(".req.root.destroy: a destroyed root leaves the list and is invalid", () => {
    const arena = fakeArena();
    const r = createRoot(arena, { rank: Rank.EXACT, scan: noScan });
    r.destroy();
    expect(r.sig).toBe(SIG_INVALID);
    expect(arena.roots.size).toBe(0);
    expect(describeToString(r)).toMatch(/destroyed/);
  });

  it(".req.root.destroy: destroying twice is PARAM at every checking level, and the thread's count of roots stays right (mpm.md .check.rash)", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    const r = createRootThread(arena, t, { base: 8, limit: 16, top: () => 8 });
    r.destroy();
    expectParam(() => r.destroy(), /destroyed/);
    expect(t.rootCount).toBe(0);
  });

  it.skipIf(!CHECKING)(".req.root.destroy: destroying twice, or using a destroyed root, is PARAM (conerr 44)", () => {
    const arena = fakeArena();
    const t = registerThread(arena);
    const r = createRootThread(arena, t, { base: 8, limit: 16, top: () => 8 });
    r.destroy();
    expectParam(() => r.destroy(), /destroyed/);
    expectParam(() => r.markGrey(0), /destroyed/);
    expectParam(() => r.scanned(1, 0), /destroyed/);
    expectParam(() => r.access(ACCESS_WRITE), /destroyed/);
    expectParam(() => r.scan({} as ScanState), /destroyed/);
    expect(t.rootCount).toBe(0);
    expect(() => r.check()).toThrow(MpsAssertionError);
  });

  it(".req.root.iterate: forEach visits the roots in order of creation; a visitor may destroy the root it is given", () => {
    const arena = fakeArena();
    const made: Root[] = [];
    for (let i = 0; i < 4; i++) made.push(createRootArea(arena, { rank: Rank.EXACT, base: 8 + i * 8, limit: 16 + i * 8 }));
    const seen: Root[] = [];
    arena.roots.forEach((r) => {
      seen.push(r);
      if (r.serial % 2 === 0) r.destroy();
    });
    expect(seen).toEqual(made);
    expect(arena.roots.size).toBe(2);
  });

  it(".req.lists.finish: the root list refuses to finish while roots remain (conerr 6, 42)", () => {
    const arena = fakeArena();
    const r = createRoot(arena, { rank: Rank.EXACT, scan: noScan });
    expectParam(() => arena.roots.finish(), /1 root\(s\) not destroyed/);
    expect(arena.roots.sig).toBe(SIG_ROOT_LIST);
    r.destroy();
    arena.roots.finish();
    expectParam(() => createRoot(arena, { rank: Rank.EXACT, scan: noScan }), /destroyed/);
    expectParam(() => createRootArea(arena, { rank: Rank.EXACT, base: 8, limit: 16 }), /destroyed/);
    if (CHECKING) expectParam(() => arena.roots.finish(), /already finished/);
  });

  it(".root.describe: describe shows each root's variant, rank, mode and range", () => {
    const arena = fakeArena();
    createRootArea(arena, { rank: Rank.WEAK, mode: RootMode.PROT, base: GRAIN, limit: GRAIN + 64, mask: 1, pattern: 1 });
    createRootThread(arena, registerThread(arena), { base: 0x1000, limit: 0x2000, top: () => 0x1000 });
    const text = describeToString(arena.roots);
    expect(text).toMatch(/Root 0 AREA_TAGGED/);
    expect(text).toMatch(/rank WEAK/);
    expect(text).toMatch(/mode PROT/);
    expect(text).toMatch(/area 0x00001000\.\.0x00001040/);
    expect(text).toMatch(/mask 0x1 pattern 0x1/);
    expect(text).toMatch(/Root 1 THREAD_TAGGED/);
    expect(text).toMatch(/stack 0x00001000\.\.0x00002000/);
  });

  it(".root.check: a root with a corrupted range or rank fails its check", () => {
    const arena = fakeArena();
    const r = createRootArea(arena, { rank: Rank.EXACT, base: 8, limit: 16 });
    (r as { limit: number }).limit = 4;
    expect(() => r.check()).toThrow(MpsAssertionError);
    const s = createRoot(arena, { rank: Rank.EXACT, scan: noScan });
    (s as { rank: number }).rank = Rank.FINAL;
    expect(() => s.check()).toThrow(MpsAssertionError);
  });
});
