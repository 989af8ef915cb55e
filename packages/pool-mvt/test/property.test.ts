// A fast-check property test of MVT against a model of the live blocks.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type AP } from "@mps/arena";
import { MVTPool } from "../src/index.js";
import { apAlloc, holds, makeArena } from "./helpers.js";

type Op = { kind: "alloc"; ap: number; size: number } | { kind: "free"; pick: number } | { kind: "flush"; ap: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("alloc" as const), ap: fc.integer({ min: 0, max: 2 }), size: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 40000 })) }),
  fc.record({ kind: fc.constant("free" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("flush" as const), ap: fc.integer({ min: 0, max: 2 }) }),
);

describe("MVT against a model", () => {
  it(".test.model: live blocks never overlap, are aligned and in the pool; sizes are consistent", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150 }), fc.constantFrom(8, 16), fc.double({ min: 0, max: 1, noNaN: true }), (ops, align, frag) => {
        const arena = makeArena(16 << 20);
        const pool = arena.createPool(MVTPool, { align, minSize: 8, meanSize: 64, maxSize: 2048, mvtReserveDepth: 20, mvtFragLimit: frag });
        const aps: AP[] = [pool.createAp(), pool.createAp(), pool.createAp()];
        const live: Array<{ p: number; size: number; tag: number }> = [];
        let tag = 1;
        for (const op of ops) {
          if (op.kind === "alloc") {
            const size = Math.ceil(op.size / align) * align;
            const p = apAlloc(arena, aps[op.ap]!, size, tag);
            expect(p % align).toBe(0);
            expect(pool.hasAddr(p) && pool.hasAddr(p + size - 1)).toBe(true);
            for (const b of live) expect(p + size <= b.p || b.p + b.size <= p).toBe(true);
            live.push({ p, size, tag: tag++ });
          } else if (op.kind === "free") {
            if (live.length === 0) continue;
            const k = op.pick % live.length;
            const b = live[k]!;
            expect(holds(arena, b.p, b.size, b.tag)).toBe(true);
            pool.free(b.p, b.size);
            live.splice(k, 1);
          } else {
            aps[op.ap]!.destroy();
            aps[op.ap] = pool.createAp();
          }
          const liveSize = live.reduce((s, b) => s + b.size, 0);
          expect(pool.totalSize() - pool.freeSize()).toBeGreaterThanOrEqual(liveSize);
        }
        for (const ap of aps) ap.destroy();
        const liveSize = live.reduce((s, b) => s + b.size, 0);
        expect(pool.totalSize() - pool.freeSize()).toBe(liveSize);
        expect(pool.check()).toBe(true);
        for (const b of live) expect(holds(arena, b.p, b.size, b.tag)).toBe(true);
        let walked = 0;
        pool.freeWalk((base, limit) => {
          walked += limit - base;
          for (const b of live) expect(limit <= b.p || b.p + b.size <= base).toBe(true);
        });
        expect(walked).toBe(pool.freeSize());
        pool.destroy();
        arena.destroy();
      }),
      { numRuns: 60 },
    );
  });
});
