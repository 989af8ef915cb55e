// Property tests of an MVFF pool against a model of live blocks: after any
// sequence of alloc, free, AP allocation and bad frees, the live blocks are
// aligned, inside the pool's grains, do not overlap, keep their contents, and
// totalSize - freeSize is the bytes of the live blocks. Bad frees are PARAM
// and change nothing.
import fc from "fast-check";
import { expect, it } from "vitest";
import { CHECKING } from "@mps/mpm";
import { MVFFPool } from "../src/index.js";
import { stamp, stamped, vmArena } from "./helpers.js";

type Op =
  | { kind: "alloc"; size: number }
  | { kind: "free"; pick: number }
  | { kind: "ap"; size: number }
  | { kind: "apFlush" }
  | { kind: "badFree"; pick: number; delta: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("alloc" as const), size: fc.integer({ min: 1, max: 9000 }) }),
  fc.record({ kind: fc.constant("free" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("ap" as const), size: fc.integer({ min: 1, max: 600 }).map((n) => n * 8) }),
  fc.record({ kind: fc.constant("apFlush" as const) }),
  fc.record({ kind: fc.constant("badFree" as const), pick: fc.nat(), delta: fc.integer({ min: 1, max: 64 }) }),
);

const optsArb = fc.record({
  extendBy: fc.constantFrom(4096, 8192, 65536),
  spare: fc.constantFrom(0, 0.25, 0.75, 1),
  mvffFirstFit: fc.boolean(),
  mvffSlotHigh: fc.boolean(),
  mvffArenaHigh: fc.boolean(),
  align: fc.constantFrom(4, 8, 16),
});

// .req.variable
it(".test.model: live blocks are aligned, in the pool, disjoint, intact; sizes are consistent", () => {
  fc.assert(
    fc.property(optsArb, fc.array(opArb, { maxLength: 120 }), (opts, ops) => {
      const arena = vmArena(8 << 20);
      const pool = arena.createPool(MVFFPool, opts);
      const al = opts.align;
      const round = (n: number) => Math.ceil(n / al) * al;
      const live: Array<{ p: number; size: number; tag: number }> = [];
      let ap = pool.createAp();
      let tag = 0;
      const verify = (): void => {
        const sorted = [...live].sort((x, y) => x.p - y.p);
        for (let i = 0; i < sorted.length; i++) {
          const b = sorted[i]!;
          expect(b.p % al).toBe(0);
          expect(pool.hasAddr(b.p) && pool.hasAddr(b.p + round(b.size) - 1)).toBe(true);
          if (i > 0) expect(sorted[i - 1]!.p + round(sorted[i - 1]!.size)).toBeLessThanOrEqual(b.p);
          expect(stamped(arena, b.p, b.size & ~3, b.tag)).toBe(true);
        }
        expect(pool.check()).toBe(true);
      };
      for (const op of ops) {
        if (op.kind === "alloc") {
          const p = pool.alloc(op.size);
          stamp(arena, p, op.size & ~3, ++tag);
          live.push({ p, size: op.size, tag });
        } else if (op.kind === "ap") {
          const size = round(op.size);
          let p: number;
          do {
            p = ap.reserve(size);
            stamp(arena, p, size, ++tag);
          } while (!ap.commit(p, size));
          live.push({ p, size, tag });
        } else if (op.kind === "apFlush") {
          ap.destroy();
          ap = pool.createAp();
        } else if (op.kind === "free") {
          if (live.length === 0) continue;
          const k = op.pick % live.length;
          const b = live[k]!;
          pool.free(b.p, b.size);
          live.splice(k, 1);
        } else {
          // A free that must be refused: a block just freed (double free), or a live block with a larger size reaching into free memory.
          if (live.length === 0) continue;
          const k = op.pick % live.length;
          const b = live[k]!;
          pool.free(b.p, b.size);
          live.splice(k, 1);
          const total = pool.totalSize();
          const free = pool.freeSize();
          if (CHECKING && pool.hasAddr(b.p)) {
            let code: string | undefined;
            try {
              pool.free(b.p, b.size + op.delta);
            } catch (e) {
              code = (e as { code?: string }).code;
            }
            expect(code).toBe("PARAM");
          }
          expect([pool.totalSize(), pool.freeSize()]).toEqual([total, free]);
        }
      }
      verify();
      // With the AP emptied, the pool's used bytes are exactly the live blocks'.
      ap.destroy();
      const used = live.reduce((s, b) => s + round(b.size), 0);
      expect(pool.totalSize() - pool.freeSize()).toBe(used);
      expect(pool.totalSize() % arena.grainSize).toBe(0);
      for (const b of live) pool.free(b.p, b.size);
      expect(pool.freeSize()).toBe(pool.totalSize());
      if (opts.spare < 1) expect(pool.totalSize()).toBeLessThanOrEqual(Math.max(opts.extendBy, arena.grainSize) * 2 + 16 * 4096);
      pool.destroy();
      arena.destroy();
    }),
    { numRuns: 60 },
  );
});
