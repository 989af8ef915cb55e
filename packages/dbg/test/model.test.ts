// Property tests. The pool against a model of live blocks (an array of
// address, size, stamp): after any sequence of allocations, frees and
// writes inside blocks, every live block keeps its contents, the pool's
// in-use size is the model's, and checkFenceposts, checkFreeSpace and
// check() pass. The free record against a model of bytes (an array that
// says, for each byte, which range it belongs to).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignUp } from "@mps/mpm";
import { FreeRecord, MVFFDebugPool, patternCopy, patternMismatch } from "../src/index.js";
import { SEED, ascii, recordList, rng, stamp, stamped, vmArena } from "./helpers.js";

type Cmd =
  | { op: "alloc"; size: number }
  | { op: "free"; k: number }
  | { op: "write"; k: number; v: number }
  | { op: "ap"; size: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant("alloc" as const), size: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5000 })) }),
  fc.record({ op: fc.constant("free" as const), k: fc.nat() }),
  fc.record({ op: fc.constant("write" as const), k: fc.nat(), v: fc.nat(255) }),
  fc.record({ op: fc.constant("ap" as const), size: fc.integer({ min: 1, max: 200 }) }),
);

const opts = fc.record({
  align: fc.constantFrom(4, 8, 16, 64),
  fence: fc.constantFrom("POST", "", "123456789abcdef", "x"),
  free: fc.constantFrom("FREE", "", "DEADBEEF!"),
  spare: fc.constantFrom(0, 0.5, 1),
  mvffFirstFit: fc.boolean(),
  mvffSlotHigh: fc.boolean(),
});

describe("MVFFDebug against a model of live blocks", () => {
  it(".req.contents: contents survive, fenceposts and free space stay intact, checks pass", () => {
    fc.assert(
      fc.property(opts, fc.array(cmd, { maxLength: 80 }), (o, cmds) => {
        const arena = vmArena(8 << 20);
        const pool = arena.createPool(MVFFDebugPool, {
          align: o.align, extendBy: 8192, spare: o.spare, mvffFirstFit: o.mvffFirstFit, mvffSlotHigh: o.mvffSlotHigh,
          poolDebugOptions: { fenceTemplate: ascii(o.fence), freeTemplate: ascii(o.free) },
        });
        const fence = alignUp(o.fence.length, o.align);
        const live: Array<{ p: number; size: number; stamp: number; tag: number }> = [];
        let serial = 0;
        let stamps = 0;
        let apBytes = 0;
        const ap = pool.createAp();
        for (const c of cmds) {
          if (c.op === "alloc") {
            const p = pool.alloc(c.size);
            expect(p % o.align).toBe(0);
            stamp(arena, p, c.size, ++stamps);
            live.push({ p, size: c.size, stamp: stamps, tag: ++serial });
          } else if (c.op === "free" && live.length > 0) {
            const k = c.k % live.length;
            const b = live[k]!;
            pool.free(b.p, b.size);
            live.splice(k, 1);
          } else if (c.op === "write" && live.length > 0) {
            const b = live[c.k % live.length]!;
            b.stamp = ++stamps;
            stamp(arena, b.p, b.size, b.stamp);
          } else if (c.op === "ap") {
            const size = alignUp(c.size, o.align);
            let p: number;
            do {
              p = ap.reserve(size);
            } while (!ap.commit(p, size));
            apBytes += size;
          }
        }
        for (const b of live) {
          expect(stamped(arena, b.p, b.size, b.stamp)).toBe(true);
          expect(pool.tagOf(b.p)).toBe(b.tag);
        }
        pool.checkFenceposts();
        pool.checkFreeSpace();
        expect(pool.check()).toBe(true);
        const inUse = live.reduce((s, b) => s + alignUp(b.size, o.align) + 2 * fence, 0);
        // The attached allocation point's region counts as in use until it is emptied.
        expect(pool.totalSize() - pool.freeSize()).toBeGreaterThanOrEqual(inUse + apBytes);
        ap.destroy();
        pool.checkFreeSpace();
        expect(pool.totalSize() - pool.freeSize()).toBe(inUse + apBytes);
        for (const b of live) pool.free(b.p, b.size);
        pool.checkFreeSpace();
        expect(pool.debug.liveCount).toBe(0);
        pool.destroy();
        arena.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe("the free record against a model of bytes", () => {
  const SPACE = 4096;
  type Op = { add: boolean; base: number; len: number };
  it(".impl.free-record: add and remove keep disjoint ordered ranges with their labels", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ add: fc.boolean(), base: fc.nat(SPACE - 1), len: fc.integer({ min: 1, max: 16 }) }), { maxLength: 700 }), (ops: Op[]) => {
        const rec = new FreeRecord();
        const model: number[] = new Array<number>(SPACE).fill(0); // 0: not recorded; else the label
        let label = 0;
        for (const { add, base, len } of ops) {
          const limit = Math.min(SPACE, base + len);
          if (add) {
            if (rec.overlaps(base, limit)) {
              expect(model.slice(base, limit).some((x) => x !== 0)).toBe(true);
              continue;
            }
            expect(model.slice(base, limit).every((x) => x === 0)).toBe(true);
            label++;
            rec.add(base, limit, label, label * 2, label);
            for (let a = base; a < limit; a++) model[a] = label;
          } else {
            rec.remove(base, limit);
            for (let a = base; a < limit; a++) model[a] = 0;
          }
          expect(rec.check()).toBe(true);
          const got = new Array<number>(SPACE).fill(0);
          const list = recordList(rec);
          expect(list.length).toBe(rec.count);
          for (const [b, l, addr, size, tag] of list) {
            expect(size).toBe(tag! * 2);
            expect(addr).toBe(tag);
            for (let a = b!; a < l!; a++) got[a] = tag!;
          }
          expect(got).toEqual(model);
        }
        // filterGrains keeps only the grains the predicate keeps.
        rec.filterGrains(16, (g) => (g / 16) % 2 === 0);
        for (let a = 0; a < SPACE; a++) if (Math.floor(a / 16) % 2 === 1) model[a] = 0;
        const got = new Array<number>(SPACE).fill(0);
        for (const [b, l, , , tag] of recordList(rec)) for (let a = b!; a < l!; a++) got[a] = tag!;
        expect(got).toEqual(model);
        expect(rec.check()).toBe(true);
      }),
    );
  });

  it(".impl.free-record: thousands of ranges, added and removed in random order, over many chunks", () => {
    const rec = new FreeRecord();
    const random = rng(SEED);
    const order = Array.from({ length: 3000 }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) rec.add(i * 16, i * 16 + 8, i + 1, 8, i + 1);
    expect(rec.check()).toBe(true);
    expect(recordList(rec).map((r) => r[4])).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    // Remove every other range, in random order, then cut the rest in the middle.
    for (const i of order) if (i % 2 === 0) rec.remove(i * 16, i * 16 + 8);
    for (let i = 1; i < 3000; i += 2) rec.remove(i * 16 + 2, i * 16 + 4);
    expect(rec.check()).toBe(true);
    expect(rec.count).toBe(3000);
    expect(rec.size()).toBe(1500 * 6);
    expect(rec.overlaps(16 + 2, 16 + 4)).toBe(false);
    expect(rec.overlaps(16 + 3, 16 + 5)).toBe(true);
    rec.remove(0, 3000 * 16);
    expect(rec.count).toBe(0);
    expect(rec.check()).toBe(true);
  });

  it(".impl.pattern: patternCopy tiles the template by address; patternMismatch finds the first wrong byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.nat(100), fc.nat(300), fc.nat(400), (tpl, base, len, hit) => {
        const u8 = new Uint8Array(512);
        patternCopy(u8, tpl, base, base + len);
        for (let a = 0; a < 512; a++) expect(u8[a]).toBe(a >= base && a < base + len ? tpl[a % tpl.length] : 0);
        expect(patternMismatch(u8, tpl, base, base + len)).toBe(-1);
        if (len > 0) {
          const at = base + (hit % len);
          u8[at] = u8[at]! ^ 1;
          expect(patternMismatch(u8, tpl, base, base + len)).toBe(at);
        }
      }),
    );
  });
});
