// Unit tests of MSF: allocation, options, what it refuses, the colours of a
// collection, accounting. The random-graph stress is in msfss.test.ts.
import { describe, expect, it } from "vitest";
import { type Arena, FormatMethod, type GCMessage, MessageType, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { COOL, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { Colour, MSFPool, MSFSeg, MSF_EXTEND_BY_DEFAULT } from "../src/index.js";
import { cellFormat, gcArena } from "./helpers.js";

const UNIT = 16;

function setup(protection: "none" | "software" = "none", extendBy?: number) {
  const arena = gcArena(protection);
  const format = arena.createFormat(cellFormat(arena.mem, UNIT));
  const pool = arena.createPool(MSFPool, { format, unitSize: UNIT, ...(extendBy === undefined ? {} : { extendBy }) });
  return { arena, format, pool };
}

function rootOf(arena: Arena, refs: Uint32Array, rank: 0 | 1 = Rank.EXACT): Root {
  return arena.createRoot({
    rank,
    scan: (ss) => {
      for (let i = 0; i < refs.length; i++) if (refs[i] !== 0 && ss.fix1(refs[i]!)) refs[i] = ss.fix2(refs[i]!);
    },
  });
}

describe("MSF", () => {
  it(".req.alloc, .req.zero: alloc returns distinct zeroed units, aligned, in the pool", () => {
    const { arena, format, pool } = setup();
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const p = pool.alloc(UNIT);
      expect(p % 8).toBe(0);
      expect(pool.hasAddr(p)).toBe(true);
      for (let w = 0; w < UNIT / 4; w++) expect(arena.mem.u32[(p >>> 2) + w]).toBe(0);
      arena.mem.u32.fill(0xffffffff, p >>> 2, (p + UNIT) >>> 2);
      expect(seen.has(p)).toBe(false);
      seen.add(p);
    }
    expect(pool.totalSize()).toBe(2 * MSF_EXTEND_BY_DEFAULT);
    expect(pool.freeSize()).toBe(2 * MSF_EXTEND_BY_DEFAULT - 5000 * UNIT);
    expect(pool.check()).toBe(true);
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.alloc: a zeroed unit is zeroed again when reused after a collection", () => {
    const { arena, format, pool } = setup();
    const p = pool.alloc(UNIT);
    arena.mem.u32.fill(0xdeadbeef, p >>> 2, (p + UNIT) >>> 2);
    const q = pool.alloc(UNIT); // keeps the segment alive
    const keep = new Uint32Array([q]);
    const root = rootOf(arena, keep);
    arena.collect();
    expect(pool.addrObject(q)).toBe(q);
    const r = pool.alloc(UNIT);
    expect(r).toBe(p); // the lowest free unit
    for (let w = 0; w < UNIT / 4; w++) expect(arena.mem.u32[(r >>> 2) + w]).toBe(0);
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.fixed: alloc of any other size is PARAM and changes nothing", () => {
    const { arena, format, pool } = setup();
    pool.alloc(UNIT);
    const total = pool.totalSize();
    const free = pool.freeSize();
    for (const bad of [8, 24, UNIT - 1, 0, -16, 1.5]) expect(codeOf(() => pool.alloc(bad))).toBe("PARAM");
    expect(pool.totalSize()).toBe(total);
    expect(pool.freeSize()).toBe(free);
    expect(pool.check()).toBe(true);
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.alloc: when the arena cannot give a segment, alloc throws and the pool is unchanged", () => {
    const { arena, format, pool } = setup("none", 4096);
    arena.setCommitLimit(arena.committed());
    expect(codeOf(() => pool.alloc(UNIT))).toBe("COMMIT_LIMIT");
    expect([pool.totalSize(), pool.segs().length]).toEqual([0, 0]);
    expect(pool.check()).toBe(true);
    arena.setCommitLimit(arena.committed() + (1 << 20));
    const p = pool.alloc(UNIT);
    expect(pool.hasAddr(p)).toBe(true);
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.automatic: free and allocation points are UNIMPL", () => {
    const { arena, format, pool } = setup();
    const p = pool.alloc(UNIT);
    expect(codeOf(() => pool.free(p, UNIT))).toBe("UNIMPL");
    expect(codeOf(() => pool.createAp())).toBe("UNIMPL");
    expect(pool.addrObject(p)).toBe(p);
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.options: bad options are PARAM and leave no pool behind", () => {
    const arena = gcArena("none");
    const format = arena.createFormat(cellFormat(arena.mem, UNIT));
    const noScan = arena.createFormat({ fmtAlign: 8 });
    const before = [...arena.pools()].length;
    const other = gcArena("none");
    const foreignChain = other.createChain([{ capacity: 100, mortality: 0.5 }]);
    const bad: unknown[] = [
      {},
      { format, unitSize: 0 },
      { format, unitSize: 12 },
      { format, unitSize: "16" },
      { format },
      { format, unitSize: UNIT, extendBy: 0 },
      { format, unitSize: UNIT, extendBy: 2 ** 32 },
      { format, unitSize: UNIT, align: 8 },
      { format, unitSize: UNIT, gen: -1 },
      { format, unitSize: UNIT, gen: 99 },
      { format, unitSize: UNIT, chain: foreignChain },
      { format: noScan, unitSize: UNIT },
    ];
    bad.forEach((opts, i) => expect(codeOf(() => arena.createPool(MSFPool, opts as never)), `case ${i}`).toBe("PARAM"));
    expect([...arena.pools()].length).toBe(before);
    expect(arena.chains.size).toBe(0);
    expect(noScan.methods & FormatMethod.SCAN).toBe(0);
    foreignChain.destroy();
    other.destroy();
    noScan.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.options: extendBy is rounded to the grain and to at least one unit", () => {
    const arena = gcArena("none");
    const format = arena.createFormat(cellFormat(arena.mem, 24));
    const pool = arena.createPool(MSFPool, { format, unitSize: 24, extendBy: 100 });
    expect(pool.extendBy).toBe(arena.grainSize);
    expect(pool.unitsPerSeg).toBe(Math.floor(arena.grainSize / 24));
    pool.alloc(24);
    expect(pool.totalSize()).toBe(arena.grainSize);
    // the tail too short for a unit counts as free
    expect(pool.freeSize()).toBe(arena.grainSize - 24);
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.reclaim: unreachable objects are freed and empty segments go back to the arena", () => {
    const { arena, format, pool } = setup("none", 4096);
    const keep = new Uint32Array(1);
    const root = rootOf(arena, keep);
    const objs: number[] = [];
    for (let i = 0; i < 1000; i++) objs.push(pool.alloc(UNIT));
    // a list through word 1 of each object: 0 -> 1 -> ... -> 99
    for (let i = 0; i < 99; i++) arena.mem.u32[(objs[i]! + 4) >>> 2] = objs[i + 1]!;
    keep[0] = objs[0]!;
    arena.collect();
    const walked: number[] = [];
    pool.walk((p) => walked.push(p));
    expect(walked.sort((a, b) => a - b)).toEqual(objs.slice(0, 100).sort((a, b) => a - b));
    expect(pool.totalSize() - pool.freeSize()).toBe(100 * UNIT);
    expect(pool.check()).toBe(true);
    keep[0] = 0;
    arena.collect();
    expect(pool.totalSize()).toBe(0);
    expect(pool.segs().length).toBe(0);
    // allocation goes on after every segment was freed
    const p = pool.alloc(UNIT);
    expect(pool.hasAddr(p)).toBe(true);
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.sizes: the GC message reports what was condemned and what survived", () => {
    const { arena, format, pool } = setup();
    const keep = new Uint32Array(1);
    const root = rootOf(arena, keep);
    const a = pool.alloc(UNIT);
    const b = pool.alloc(UNIT);
    for (let i = 0; i < 50; i++) pool.alloc(UNIT);
    arena.mem.u32[(a + 4) >>> 2] = b;
    keep[0] = a;
    arena.messageTypeEnable(MessageType.GC);
    arena.collect();
    const m = arena.messageGet(MessageType.GC) as GCMessage;
    expect(m.condemnedSize).toBe(52 * UNIT);
    expect(m.liveSize).toBe(2 * UNIT);
    m.delete();
    // a second collection condemns only the survivors
    arena.collect();
    const m2 = arena.messageGet(MessageType.GC) as GCMessage;
    expect([m2.condemnedSize, m2.liveSize]).toEqual([2 * UNIT, 2 * UNIT]);
    m2.delete();
    expect(pool.pgen.newSize + pool.pgen.oldSize).toBe(2 * UNIT);
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.exact: an ambiguous reference anywhere in an object keeps it", () => {
    const { arena, format, pool } = setup();
    const a = pool.alloc(UNIT);
    const b = pool.alloc(UNIT);
    arena.mem.u32[(a + 4) >>> 2] = b;
    const amb = new Uint32Array([a + 9]);
    const root = rootOf(arena, amb, Rank.AMBIG);
    arena.collect();
    const walked: number[] = [];
    pool.walk((p) => walked.push(p));
    expect(walked.sort()).toEqual([a, b].sort());
    expect(amb[0]).toBe(a + 9);
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it.runIf(COOL)(".req.exact: an exact reference inside an object is PARAM at cool", () => {
    const { arena, pool } = setup();
    const a = pool.alloc(UNIT);
    const refs = new Uint32Array([a + 4]);
    const root = rootOf(arena, refs);
    expect(codeOf(() => arena.collect())).toBe("PARAM");
    root.destroy();
    arena.postmortem?.();
  });

  it(".impl.colour: a collection left part-way shows white, grey and black units", () => {
    const { arena, format, pool } = setup("software");
    const chainObjs: number[] = [];
    for (let i = 0; i < 10; i++) chainObjs.push(pool.alloc(UNIT));
    for (let i = 0; i < 9; i++) arena.mem.u32[(chainObjs[i]! + 4) >>> 2] = chainObjs[i + 1]!;
    const keep = new Uint32Array([chainObjs[0]!]);
    const root = rootOf(arena, keep);
    // Start a collection but do only the flip.
    arena.startCollect();
    const seg = pool.segs()[0] as MSFSeg;
    if (seg.white !== 0) {
      // objects allocated now are black
      const n = pool.alloc(UNIT);
      const i = (n - seg.base) / UNIT;
      expect(seg.colour[i]).toBe(Colour.BLACK);
      expect(seg.colour.slice(0, 10).some((c) => c === Colour.GREY || c === Colour.BLACK)).toBe(true);
      expect(describeToString(seg)).toContain("units");
    }
    arena.park();
    for (let i = 0; i < 10; i++) expect(seg.colour[i]).toBe(Colour.BLACK);
    expect(pool.check()).toBe(true);
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it(".req.reclaim: destroy gives every segment back, and the own chain goes", () => {
    const { arena, format, pool } = setup();
    expect(pool.format).toBe(format);
    for (let i = 0; i < 10000; i++) pool.alloc(UNIT);
    expect(arena.chains.size).toBe(1);
    pool.destroy();
    expect(arena.chains.size).toBe(0);
    expect(codeOf(() => pool.alloc(UNIT))).toBe("PARAM");
    format.destroy();
    arena.destroy();
  });
});
