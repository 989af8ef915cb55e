/**
 * A port of the MPS's qs.c: quicksort on lists of cons cells in an AMC
 * pool, with the integers boxed in leaf objects of an AMCZ pool. The
 * "registers" are an ambiguous root (so cells they hold are nailed) and the
 * activation stack an exact root; every value is read back from a root after
 * each allocation, since any allocation may collect and move objects.
 */
import { describe, expect, it } from "vitest";
import { type AP, Arena, ArenaClass, type Root } from "@mps/arena";
import { Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { testObjectId, testObjectSlotAddr, testObjectType, TF_LEAF, TF_OBJ } from "@mps/trace/test-util";
import { AMCPool, AMCZPool } from "../src/index.js";
import { alloc, makeFormat, SEED } from "./helpers.js";
import { rnd } from "./heap.js";

class QS {
  readonly reg = new Uint32Array(3);
  readonly tmp = new Uint32Array(2);
  readonly act = new Uint32Array(1);
  private id = 1;
  readonly roots: Root[] = [];
  constructor(readonly arena: Arena, readonly cells: AP, readonly boxes: AP) {
    const { reg, tmp, act } = this;
    this.roots.push(arena.createRoot({ rank: Rank.AMBIG, scan: (ss) => { for (const a of [reg, tmp]) for (let i = 0; i < a.length; i++) if (a[i] !== 0 && ss.fix1(a[i]!)) ss.fix2(a[i]!); } }));
    this.roots.push(arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { if (act[0] !== 0 && ss.fix1(act[0]!)) act[0] = ss.fix2(act[0]!); } }));
  }
  private slot(p: number, i: number): number {
    return this.arena.mem.u32[testObjectSlotAddr(p, 0, i) >>> 2]!;
  }
  car(p: number): number {
    expect(testObjectType(this.arena.mem, p, 0)).toBe(TF_OBJ);
    return this.slot(p, 0);
  }
  cdr(p: number): number {
    return this.slot(p, 1);
  }
  int(box: number): number {
    expect(testObjectType(this.arena.mem, box, 0)).toBe(TF_LEAF);
    return this.slot(box, 0);
  }
  /** A new cell (car, cdr) in reg[0]; car and cdr are held in an ambiguous root while it is allocated. */
  cons(car: number, cdr: number): void {
    this.tmp[0] = car;
    this.tmp[1] = cdr;
    const p = alloc(this.arena, this.cells, 0, this.id++, 2);
    const u32 = this.arena.mem.u32;
    u32[testObjectSlotAddr(p, 0, 0) >>> 2] = this.tmp[0]!;
    u32[testObjectSlotAddr(p, 0, 1) >>> 2] = this.tmp[1]!;
    this.tmp.fill(0);
    this.reg[0] = p;
  }
  box(n: number): number {
    const p = alloc(this.arena, this.boxes, 0, this.id++, 1, true);
    this.arena.mem.u32[testObjectSlotAddr(p, 0, 0) >>> 2] = n;
    return p;
  }
  makeList(values: number[]): void {
    const { reg } = this;
    reg[0] = 0;
    for (const v of values) {
      this.tmp[1] = reg[0]!; // keep the list while the box is made
      const b = this.box(v);
      this.cons(b, this.tmp[1]!);
    }
  }
  part(pivot: number): void {
    const { reg, act } = this;
    reg[2] = reg[0]!;
    reg[0] = 0;
    reg[1] = 0;
    while (reg[2] !== 0) {
      if (this.int(this.car(reg[2]!)) < pivot) {
        this.cons(this.car(reg[2]!), reg[0]!);
      } else {
        this.cons(reg[0]!, act[0]!); // save reg[0]
        act[0] = reg[0]!;
        this.cons(this.car(reg[2]!), reg[1]!);
        reg[1] = reg[0]!;
        reg[0] = this.car(act[0]!);
        act[0] = this.cdr(act[0]!);
      }
      reg[2] = this.cdr(reg[2]!);
    }
  }
  qs(): void {
    const { reg, act } = this;
    if (reg[0] === 0) return;
    const pivot = this.int(this.car(reg[0]!));
    reg[0] = this.cdr(reg[0]!);
    this.part(pivot);
    this.cons(reg[0]!, act[0]!);
    act[0] = reg[0]!;
    this.cons(reg[1]!, act[0]!);
    act[0] = reg[0]!;
    reg[0] = reg[1]!;
    this.qs();
    const b = this.box(pivot);
    this.cons(b, reg[0]!);
    act[0] = this.cdr(act[0]!);
    this.cons(reg[0]!, act[0]!);
    act[0] = reg[0]!;
    reg[0] = this.car(this.cdr(act[0]!));
    this.qs();
    reg[1] = this.car(act[0]!);
    act[0] = this.cdr(this.cdr(act[0]!));
    this.append();
  }
  append(): void {
    const { reg, act } = this;
    if (reg[0] === 0) {
      reg[0] = reg[1]!;
      reg[1] = 0;
      return;
    }
    this.cons(reg[0]!, act[0]!);
    act[0] = reg[0]!;
    this.cons(reg[1]!, act[0]!);
    act[0] = reg[0]!;
    reg[0] = this.cdr(this.car(this.cdr(act[0]!)));
    this.append();
    reg[1] = reg[0]!;
    reg[0] = this.car(this.car(this.cdr(act[0]!)));
    this.cons(reg[0]!, reg[1]!);
    act[0] = this.cdr(this.cdr(act[0]!));
    reg[1] = 0;
  }
  listValues(): number[] {
    const out: number[] = [];
    for (let p = this.reg[0]!; p !== 0; p = this.cdr(p)) out.push(this.int(this.car(p)));
    return out;
  }
}

function tracedArena(): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, collector: traceCollector, platform: selectPlatform() });
}

describe("qs: quicksort on AMC lists", () => {
  it(".test.qs: sorted lists come out right through many collections, boxes in AMCZ", () => {
    const arena = tracedArena();
    const format = makeFormat(arena);
    const chain = arena.createChain([{ capacity: 16, mortality: 0.9 }, { capacity: 64, mortality: 0.5 }]);
    const amc = arena.createPool(AMCPool, { format, chain });
    const amcz = arena.createPool(AMCZPool, { format, chain });
    const cells = amc.createAp();
    const boxes = amcz.createAp();
    const q = new QS(arena, cells, boxes);
    const r = rnd(SEED);
    for (let round = 0; round < 6; round++) {
      const values = Array.from({ length: 300 }, () => r() % 100000);
      q.makeList(values);
      expect(q.listValues()).toEqual([...values].reverse());
      q.qs();
      expect(q.listValues()).toEqual([...values].sort((a, b) => a - b));
      amc.check();
      amcz.check();
    }
    expect(arena.collections()).toBeGreaterThan(5);
    q.reg.fill(0);
    cells.destroy();
    boxes.destroy();
    arena.collect();
    expect(amc.totalSize()).toBeLessThanOrEqual(3 * amc.extendBy);
    expect(amcz.totalSize()).toBeLessThanOrEqual(3 * amcz.extendBy);
    for (const root of q.roots) root.destroy();
    amc.destroy();
    amcz.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});

describe("AMCZ on the tracer", () => {
  it(".test.amcz: leaf objects with checksums survive collections; the dead are reclaimed", () => {
    const arena = tracedArena();
    const format = makeFormat(arena);
    const chain = arena.createChain([{ capacity: 16, mortality: 0.9 }]);
    const pool = arena.createPool(AMCZPool, { format, chain });
    const ap = pool.createAp();
    const roots = new Uint32Array(200);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!); } });
    const ids = new Int32Array(200);
    const r = rnd(SEED + 7);
    const sum = (id: number, i: number) => Math.imul(id, 0x9e3779b1) ^ i;
    for (let n = 1; n <= 20000; n++) {
      const slots = 1 + (r() % 12);
      const p = alloc(arena, ap, 0, n, slots, true);
      for (let i = 0; i < slots; i++) arena.mem.u32[testObjectSlotAddr(p, 0, i) >>> 2] = sum(n, i);
      const k = r() % roots.length;
      roots[k] = p;
      ids[k] = n;
    }
    expect(arena.collections()).toBeGreaterThan(5);
    ap.destroy();
    arena.collect();
    let bytes = 0;
    for (let k = 0; k < roots.length; k++) {
      if (roots[k] === 0) continue;
      const p = roots[k]!;
      expect(testObjectType(arena.mem, p, 0)).toBe(TF_LEAF);
      expect(testObjectId(arena.mem, p, 0)).toBe(ids[k]);
      const slots = ((arena.mem.u32[p >>> 2]! & ~7) - 8) >>> 2;
      bytes += 8 + slots * 4;
      for (let i = 0; i < slots; i++) {
        const v = arena.mem.u32[testObjectSlotAddr(p, 0, i) >>> 2]!;
        if (v !== 0) expect(v).toBe(sum(ids[k]!, i) >>> 0);
      }
    }
    expect(pool.totalSize() - bytes).toBeLessThanOrEqual(pool.gens.length * pool.extendBy + pool.segs().length * 56);
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  });
});
