// SNC pool: creation, allocation points, frames, scanning, walking, sizes and
// every bad-input case (design docs/design/pool-snc.md).
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { type Addr, type ScanState, MpsError, Rank, describeToString } from "@mps/mpm";
import { codeOf, mpsErrorOf } from "@mps/mpm/test-util";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { initTestObject, testFormat, testObjectSize, testObjectSlotAddr } from "@mps/trace/test-util";
import { SNCPool, SNCSeg } from "../src/index.js";
import { Telemetry, readTelemetry } from "@mps/telemetry";
import { finish, make, sncWorld, walkObjects } from "./helpers.js";

/** A scan state that records the references it is asked to fix and changes nothing. */
function recordingSS(seen: Addr[]): ScanState {
  return { fix1: () => true, fix2: (r: Addr) => (seen.push(r), r), rank: Rank.EXACT } as unknown as ScanState;
}

describe("SNC pool", () => {
  it(".req.format: the pool needs a format with scan, skip and pad, no header, and the format's alignment", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform() });
    const fmt = testFormat(arena.mem, 0);
    expect(codeOf(() => arena.createPool(SNCPool, {} as never))).toBe("PARAM");
    const noPad = arena.createFormat({ fmtAlign: 8, fmtScan: fmt.fmtScan, fmtSkip: fmt.fmtSkip });
    expect(mpsErrorOf(() => arena.createPool(SNCPool, { format: noPad }))?.message).toMatch(/pad/i);
    const withHeader = arena.createFormat(testFormat(arena.mem, 8));
    expect(mpsErrorOf(() => arena.createPool(SNCPool, { format: withHeader }))?.message).toMatch(/header/);
    const good = arena.createFormat(fmt);
    expect(codeOf(() => arena.createPool(SNCPool, { format: good, align: 16 }))).toBe("PARAM");
    expect(arena.pools().length).toBe(0);
    const pool = arena.createPool(SNCPool, { format: good });
    expect(pool.className).toBe("SNC");
    expect(pool.attrs.gc).toBe(false);
    expect(pool.attrs.scannable && pool.attrs.frames && pool.attrs.buffer && pool.attrs.format).toBe(true);
    expect(pool.alignment).toBe(8);
    finish(arena);
  });

  it(".req.rank .req.manual: allocation points take rank EXACT only; alloc and free are UNIMPL", () => {
    const { arena, pool } = sncWorld();
    for (const rank of [Rank.AMBIG, Rank.FINAL, Rank.WEAK]) {
      const e = mpsErrorOf(() => pool.createAp({ rank }));
      expect(e?.code).toBe("PARAM");
      expect(e?.message).toMatch(/EXACT/);
    }
    expect(pool.buffers().length).toBe(0);
    const ap = pool.createAp({ rank: Rank.EXACT });
    const ap2 = pool.createAp();
    expect(codeOf(() => pool.alloc(16))).toBe("UNIMPL");
    const p = make(arena, ap, 1, 2);
    expect(codeOf(() => pool.free(p, 16))).toBe("UNIMPL");
    ap.destroy();
    ap2.destroy();
    finish(arena);
  });

  // .req.frames
  it(".frame.push: the first frame is 0, later frames are where the next object starts", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    const f0 = ap.framePush();
    expect(f0).toBe(0);
    const a = make(arena, ap, 1, 2);
    const f1 = ap.framePush();
    expect(f1).toBe(a + testObjectSize(2));
    const b = make(arena, ap, 2, 2);
    expect(b).toBe(f1);
    ap.framePop(f1);
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1]);
    // The next object takes the popped one's place.
    expect(make(arena, ap, 3, 2)).toBe(f1);
    ap.framePop(f0);
    expect(walkObjects(arena, pool).objs.size).toBe(0);
    expect(pool.freeSize()).toBe(pool.totalSize());
    expect(pool.totalSize()).toBeGreaterThan(0);
    pool.check();
    ap.destroy();
    finish(arena);
  });

  it(".frame.push.full: a push when the segment is full starts a fresh segment, and a pop returns to it", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    const grain = arena.grainSize;
    const nslots = (grain - 8) / 4; // one object fills a grain exactly
    expect(testObjectSize(nslots)).toBe(grain);
    const a = make(arena, ap, 1, nslots);
    expect(ap.init).toBe(a + grain);
    const f = ap.framePush();
    const s = arena.segOfAddr(f) as SNCSeg;
    expect(s).toBeInstanceOf(SNCSeg);
    expect(f).toBe(s.base);
    expect(s).not.toBe(arena.segOfAddr(a));
    make(arena, ap, 2, 4);
    make(arena, ap, 3, nslots); // needs another segment
    expect(pool.segs().length).toBe(3);
    ap.framePop(f);
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1]);
    expect(pool.freeSize()).toBe(grain); // the third segment; the frame's own stays attached
    expect(ap.init).toBe(f);
    pool.check();
    ap.destroy();
    finish(arena);
  });

  // .req.frames.check
  it(".frame.pop.bad: a frame not on the stack (popped, foreign, another AP's, not a number) is PARAM and changes nothing", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    const ap2 = pool.createAp();
    make(arena, ap, 1, 3);
    const f1 = ap.framePush();
    make(arena, ap, 2, 3);
    const f2 = ap.framePush();
    make(arena, ap, 3, 3);
    make(arena, ap2, 10, 3);
    const g1 = ap2.framePush();
    make(arena, ap2, 11, 3);
    ap.framePop(f2);
    const before = walkObjects(arena, pool);
    const total = pool.totalSize();
    const init = ap.init;
    const bad: Array<[unknown, RegExp]> = [
      [f2, /not on the allocation point's stack/], // already popped
      [g1, /not on the allocation point's stack/], // another AP's
      [f1 + 8, /not on the allocation point's stack/], // never pushed
      [0, /not on the allocation point's stack/], // no frame 0 was pushed on ap
      [-8, /not a frame/],
      [1.5, /not a frame/],
      ["x", /not a frame/],
    ];
    for (const [frame, msg] of bad) {
      const e = mpsErrorOf(() => ap.framePop(frame as number));
      expect(e).toBeInstanceOf(MpsError);
      expect(e?.code).toBe("PARAM");
      expect(e?.message).toMatch(msg);
      expect(walkObjects(arena, pool)).toEqual(before);
      expect(pool.totalSize()).toBe(total);
      expect(ap.init).toBe(init);
    }
    // Popping out of order: f1 then f2 (f2 is gone with f1).
    const f3 = ap.framePush();
    ap.framePop(f1);
    expect(codeOf(() => ap.framePop(f3))).toBe("PARAM");
    expect([...walkObjects(arena, pool).objs.values()].sort((x, y) => x - y)).toEqual([1, 10, 11]);
    ap2.framePop(g1);
    expect([...walkObjects(arena, pool).objs.values()].sort((x, y) => x - y)).toEqual([1, 10]);
    expect(codeOf(() => ap2.framePop(g1))).toBe("PARAM");
    pool.check();
    ap.destroy();
    ap2.destroy();
    expect(codeOf(() => ap.framePush())).toBe("PARAM");
    finish(arena);
  });

  // .req.scan
  it(".scan: a segment scans its objects up to the buffer's init, and nothing past it", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    const a = make(arena, ap, 1, 2);
    const b = make(arena, ap, 2, 2);
    arena.mem.u32[testObjectSlotAddr(a, 0, 0) >>> 2] = b;
    arena.mem.u32[testObjectSlotAddr(b, 0, 1) >>> 2] = a;
    const f = ap.framePush();
    const c = make(arena, ap, 3, 1);
    arena.mem.u32[testObjectSlotAddr(c, 0, 0) >>> 2] = a;
    const seg = arena.segOfAddr(a) as SNCSeg;
    let seen: Addr[] = [];
    expect(seg.scan(recordingSS(seen))).toBe(true);
    expect(seen).toEqual([b, a, a]);
    ap.framePop(f);
    seen = [];
    seg.scan(recordingSS(seen));
    expect(seen).toEqual([b, a]); // c is gone, though its memory is untouched
    // A reserved, uncommitted object is not scanned either.
    const p = ap.reserve(testObjectSize(1));
    arena.mem.u32[p >>> 2] = 0xdead0; // garbage: scanning it would go wrong
    seen = [];
    seg.scan(recordingSS(seen));
    expect(seen).toEqual([b, a]);
    initTestObject(arena.mem, p, 0, 4, 1);
    arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = b;
    expect(ap.commit(p, testObjectSize(1))).toBe(true);
    seen = [];
    seg.scan(recordingSS(seen));
    expect(seen).toEqual([b, a, b]);
    ap.destroy();
    finish(arena);
  });

  it(".free-list: segments above a popped frame are reused by later fills, and an AP's destroy frees its chain", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    const grain = arena.grainSize;
    const big = (grain - 8) / 4;
    const f = ap.framePush();
    for (let i = 0; i < 5; i++) make(arena, ap, i, big);
    expect(pool.segs().length).toBe(5);
    ap.framePop(f);
    expect(pool.freeSize()).toBe(5 * grain);
    for (let i = 0; i < 5; i++) make(arena, ap, i, big);
    expect(pool.segs().length).toBe(5); // no new segment
    expect(pool.freeSize()).toBe(0);
    const frees: Array<[Addr, Addr]> = [];
    ap.destroy();
    pool.freeWalk((b, l) => frees.push([b, l]));
    expect(frees.length).toBe(5);
    expect(pool.freeSize()).toBe(pool.totalSize());
    expect(walkObjects(arena, pool).objs.size).toBe(0);
    pool.check();
    expect(describeToString(pool)).toMatch(/SNC freeSegs/);
    finish(arena);
  });

  it(".seg: SNC segments are neither split nor merged", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    make(arena, ap, 1, 2000);
    const seg = pool.segs()[0] as SNCSeg;
    ap.destroy();
    expect(seg.size()).toBeGreaterThan(arena.grainSize);
    expect(codeOf(() => seg.split(seg.base + arena.grainSize))).toBe("UNIMPL");
    finish(arena);
  });

  // .req.walk
  it(".walk: the walk visits the objects and pads, and skips a grey segment", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    make(arena, ap, 1, 2);
    const f = ap.framePush();
    make(arena, ap, 2, (arena.grainSize - 8) / 4);
    const w = walkObjects(arena, pool);
    expect([...w.objs.values()]).toEqual([1, 2]);
    expect(w.padBytes).toBe(arena.grainSize - testObjectSize(2)); // the first segment's tail
    ap.framePop(f);
    const seg = arena.segOfAddr(ap.init) as SNCSeg;
    seg.setGrey(1);
    expect(walkObjects(arena, pool).objs.size).toBe(0);
    seg.setGrey(0);
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1]);
    ap.destroy();
    finish(arena);
  });

  it(".trace.scanned-only: a collection greys SNC segments and never condemns them", () => {
    const { arena, pool } = sncWorld("software", { collector: traceCollector });
    const ap = pool.createAp();
    const a = make(arena, ap, 1, 2);
    make(arena, ap, 2, 2);
    arena.collect();
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1, 2]);
    expect(arena.mem.u32[a >>> 2]! & ~7).toBe(testObjectSize(2));
    for (const s of pool.segs()) expect(s.white).toBe(0);
    ap.destroy();
    finish(arena);
  });
});

describe("SNC pool and flipped buffers", () => {
  it(".impl.flipped: a pop below a flipped buffer's init at the flip re-attaches the buffer at the frame", () => {
    const { arena, pool } = sncWorld();
    const ap = pool.createAp();
    make(arena, ap, 1, 2);
    const f = ap.framePush();
    make(arena, ap, 2, 2);
    make(arena, ap, 3, 2);
    ap.buffer.flip(); // as a tracer that flips every buffer would (the MPS's traceFlipBuffers)
    expect(ap.buffer.isTrapped()).toBe(true);
    expect(ap.buffer.scanLimit()).toBe(ap.init);
    ap.framePop(f); // below the init at the flip
    expect(ap.buffer.isTrapped()).toBe(false);
    expect(ap.init).toBe(f);
    expect(ap.buffer.scanLimit()).toBe(f);
    ap.buffer.check();
    pool.check();
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1]);
    expect(make(arena, ap, 5, 2)).toBe(f);
    expect([...walkObjects(arena, pool).objs.values()]).toEqual([1, 5]);
    finish(arena);
  });
});

describe("SNC telemetry", () => {
  it(".impl.telemetry: creating an SNC pool writes PoolInit and PoolInitSNC with the format's serial", () => {
    const chunks: Uint8Array[] = [];
    const stream = {
      name: "memory",
      isOpen: false,
      open(): void {
        this.isOpen = true;
      },
      write(bytes: Uint8Array): void {
        chunks.push(bytes.slice());
      },
      flush(): void {},
      close(): void {
        this.isOpen = false;
      },
    };
    const telemetry = new Telemetry({ stream, control: "pool" });
    const { arena, pool } = sncWorld("none", { telemetry });
    finish(arena);
    telemetry.flush();
    const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const log = readTelemetry(bytes);
    expect(log.error).toBeUndefined();
    const init = log.events.find((e) => e.name === "PoolInitSNC");
    expect(init).toBeDefined();
    expect(init!.params["pool"]).toBe(pool.telId);
    expect(log.events.findIndex((e) => e.name === "PoolInit")).toBeLessThan(log.events.indexOf(init!));
  });
});
