// Property test of allocation frames against a stack model: after every pop
// exactly the objects allocated on that allocation point since the push are
// gone, and every object below (and on other allocation points) is intact:
// its id, its slots and its references to other live objects.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AP } from "@mps/arena";
import { type Addr, MpsError } from "@mps/mpm";
import { testObjectId, testObjectSlotAddr } from "@mps/trace/test-util";
import { finish, make, popIndex, sncWorld, walkObjects } from "./helpers.js";

type Cmd =
  | { kind: "alloc"; ap: number; nslots: number; link: number }
  | { kind: "push"; ap: number }
  | { kind: "pop"; ap: number; depth: number }
  | { kind: "badPop"; ap: number; which: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("alloc" as const), ap: fc.nat(1), nslots: fc.oneof(fc.nat(12), fc.integer({ min: 900, max: 2100 })), link: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("push" as const), ap: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pop" as const), ap: fc.nat(1), depth: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("badPop" as const), ap: fc.nat(1), which: fc.nat() }) },
);

interface Obj {
  addr: Addr;
  id: number;
  /** The value of slot 0: the address of an older live object on the same AP, or 0. */
  ref: Addr;
}

describe("allocation frames", () => {
  // .req.frames
  it(".test.model: pops free exactly the objects allocated since the push; the rest stay intact", () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 120 }), (cmds) => {
        const { arena, pool } = sncWorld();
        const aps: AP[] = [pool.createAp(), pool.createAp()];
        // Per AP: the frames and, per level, the objects.
        const frames: Addr[][] = [[], []];
        const levels: Obj[][][] = [[[]], [[]]];
        // Frames popped, per AP, to try again.
        const popped: Addr[][] = [[], []];
        let id = 1;
        for (const c of cmds) {
          const k = c.ap;
          if (c.kind === "alloc") {
            const all = levels[k]!.flat();
            const target = all.length === 0 ? 0 : all[c.link % all.length]!.addr;
            const addr = make(arena, aps[k]!, id, Math.max(1, c.nslots));
            arena.mem.u32[testObjectSlotAddr(addr, 0, 0) >>> 2] = target;
            levels[k]![levels[k]!.length - 1]!.push({ addr, id, ref: target });
            id++;
          } else if (c.kind === "push") {
            frames[k]!.push(aps[k]!.framePush());
            levels[k]!.push([]);
          } else if (c.kind === "pop") {
            if (frames[k]!.length === 0) continue;
            const j = popIndex(frames[k]!, c.depth % frames[k]!.length);
            const f = frames[k]![j]!;
            aps[k]!.framePop(f);
            // Only frames that no live frame shares can be told apart as popped.
            for (const g of frames[k]!.slice(j)) if (!frames[k]!.slice(0, j).includes(g)) popped[k]!.push(g);
            frames[k]!.length = j;
            levels[k]!.length = j + 1;
          } else {
            // A frame popped already, or one of the other AP's: refused, nothing changes.
            const cands = [...popped[k]!.filter((g) => !frames[k]!.includes(g)), ...frames[1 - k]!.filter((g) => !frames[k]!.includes(g))];
            if (cands.length === 0) continue;
            const before = walkObjects(arena, pool);
            expect(() => aps[k]!.framePop(cands[c.which % cands.length]!)).toThrow(MpsError);
            expect(walkObjects(arena, pool)).toEqual(before);
          }
          // The heap is the model.
          const live = new Map<Addr, number>();
          for (const o of [...levels[0]!.flat(), ...levels[1]!.flat()]) live.set(o.addr, o.id);
          expect(walkObjects(arena, pool).objs).toEqual(live);
          for (const o of [...levels[0]!.flat(), ...levels[1]!.flat()]) {
            expect(testObjectId(arena.mem, o.addr, 0)).toBe(o.id);
            expect(arena.mem.u32[testObjectSlotAddr(o.addr, 0, 0) >>> 2]).toBe(o.ref);
            if (o.ref !== 0) expect(live.has(o.ref)).toBe(true);
          }
        }
        pool.check();
        expect(pool.freeSize()).toBeLessThanOrEqual(pool.totalSize());
        finish(arena);
      }),
      { numRuns: 60 },
    );
  });
});
