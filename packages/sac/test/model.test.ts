// Property tests: random alloc/free/flush runs through a SAC against a model
// of the live blocks (an array).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alignUp } from "@mps/mpm";
import { SAC, type SACClass } from "../src/index.js";
import { ARENA_KINDS, BucketPool } from "./helpers.js";

const makeArena = ARENA_KINDS[0]![1];

type Cmd = { op: "alloc"; size: number } | { op: "free"; k: number; other: boolean } | { op: "flush" };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("alloc" as const), size: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 1500 })) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("free" as const), k: fc.nat(), other: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("flush" as const) }) },
);

const classList: fc.Arbitrary<SACClass[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 128 }), { minLength: 1, maxLength: 8 })
  .chain((ks) => fc.tuple(...ks.sort((a, b) => a - b).map((k) => fc.record({ blockSize: fc.constant(k * 8), cachedCount: fc.nat({ max: 12 }), frequency: fc.nat({ max: 10 }) }))));

describe("SAC against a model of live blocks", () => {
  it(".test.model: live blocks are disjoint, keep their contents, and the pool holds exactly the live and cached blocks", () => {
    fc.assert(
      fc.property(classList, fc.array(cmd, { maxLength: 200 }), (classes, cmds) => {
        const arena = makeArena(8 << 20);
        const pool = arena.createPool(BucketPool, { maxSize: 2048 });
        const sac = SAC.create(pool, classes);
        const live: Array<{ p: number; size: number; tag: number }> = [];
        const served = (size: number) => {
          const i = sac.classIndex(size);
          return i < sac.classCount ? sac.blockSize(i) : alignUp(size, 8);
        };
        let tag = 1;
        for (const c of cmds) {
          if (c.op === "alloc") {
            const p = sac.alloc(c.size);
            expect(pool.live.get(p)).toBeGreaterThanOrEqual(c.size);
            arena.mem.u32[p >>> 2] = tag;
            live.push({ p, size: c.size, tag: tag++ });
          } else if (c.op === "free") {
            if (live.length === 0) continue;
            const k = c.k % live.length;
            const b = live[k]!;
            expect(arena.mem.u32[b.p >>> 2]).toBe(b.tag);
            // Any size of the same class may be given back.
            let size = b.size;
            if (c.other) {
              const i = sac.classIndex(b.size);
              const lo = i === 0 ? 1 : i < sac.classCount ? sac.blockSize(i - 1) + 1 : b.size;
              size = i < sac.classCount ? lo : b.size;
            }
            sac.free(b.p, size);
            live.splice(k, 1);
          } else sac.flush();
          expect(sac.check()).toBe(true);
          let inUse = 0;
          for (const v of pool.live.values()) inUse += v;
          expect(inUse).toBe(live.reduce((s, b) => s + served(b.size), 0) + sac.cachedSize());
        }
        const spans = live.map((b) => [b.p, served(b.size)] as const).sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![0] + spans[i - 1]![1]);
        for (const b of live) expect(arena.mem.u32[b.p >>> 2]).toBe(b.tag);
        sac.destroy();
        expect(pool.live.size).toBe(live.length);
        pool.destroy();
        arena.destroy();
      }),
      { numRuns: 60 },
    );
  });
});
