import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, COOL, MpsAssertionError, describeToString } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import {
  ACCESS_NONE, ACCESS_READ, ACCESS_RW, ACCESS_WRITE, SHIELD_QUEUE_LENGTH, SHIELD_QUEUE_LENGTH_MAX, SIG_SHIELD, Shield,
  segIsExposed, segIsSynced, shieldSegCheck,
} from "../src/index.js";
import { FakeSeg, GRAIN, RecordingProtection, segsOf } from "./fakes.js";

function setup(opts: ConstructorParameters<typeof Shield>[1] = {}): { prot: RecordingProtection; shield: Shield } {
  const prot = new RecordingProtection();
  return { prot, shield: new Shield(prot, opts) };
}

describe("Shield", () => {
  it(".if.new: a new shield is outside, running, with no queue, and checks", () => {
    const { shield } = setup();
    expect(shield.sig).toBe(SIG_SHIELD);
    expect(shield.inside).toBe(false);
    expect(shield.suspended).toBe(false);
    expect(shield.depth).toBe(0);
    expect(shield.unsynced).toBe(0);
    expect(shield.holds).toBe(0);
    expect(shield.queued).toBe(0);
    expect(shield.queueLength).toBe(0);
    expect(shield.check()).toBe(true);
    expect(SHIELD_QUEUE_LENGTH).toBe(512);
    expect(SHIELD_QUEUE_LENGTH_MAX).toBeGreaterThanOrEqual(SHIELD_QUEUE_LENGTH);
  });

  // .req.consistent
  it(".if.leave: leaving the shield syncs the protection", () => {
    const { prot, shield } = setup();
    shield.enter();
    expect(shield.inside).toBe(true);
    expect(prot.syncs).toBe(0);
    shield.leave();
    expect(shield.inside).toBe(false);
    expect(prot.syncs).toBe(1);
  });

  it(".if.raise: raising while the mutator runs protects at once, rather than suspend it", () => {
    const { prot, shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    shield.enter();
    shield.raise(seg, ACCESS_READ);
    expect(seg.sm).toBe(ACCESS_READ);
    expect(seg.pm).toBe(ACCESS_READ);
    expect(seg.queued).toBe(false);
    expect(shield.suspended).toBe(false);
    expect(prot.sets).toEqual([[seg.base, seg.limit, ACCESS_READ]]);
    shield.raise(seg, ACCESS_WRITE);
    expect(seg.sm).toBe(ACCESS_RW);
    expect(prot.modeOf(seg)).toBe(ACCESS_RW);
    shield.leave();
    expect(shield.checkSegs([seg])).toBe(true);
  });

  it(".if.raise: raising outside the shield protects at once", () => {
    const { prot, shield } = setup();
    const [seg] = segsOf(1, 3) as [FakeSeg];
    shield.raise(seg, ACCESS_WRITE);
    expect(prot.modeOf(seg)).toBe(ACCESS_WRITE);
    expect(seg.pm).toBe(ACCESS_WRITE);
    expect(shield.checkSegs([seg])).toBe(true);
  });

  // .req.lazy
  it(".impl.queue: while the mutator is suspended, raises are queued and made on leave", () => {
    const events: string[] = [];
    const { prot, shield } = setup({ suspend: () => events.push("suspend"), resume: () => events.push("resume") });
    const segs = segsOf(3);
    shield.enter();
    shield.hold();
    expect(shield.suspended).toBe(true);
    expect(events).toEqual(["suspend"]);
    for (const seg of segs) shield.raise(seg, ACCESS_READ);
    expect(prot.sets).toEqual([]);
    expect(segs.every((s) => s.queued && s.pm === ACCESS_NONE && s.sm === ACCESS_READ)).toBe(true);
    expect(shield.unsynced).toBe(3);
    expect(shield.queued).toBe(3);
    expect(shield.checkSegs(segs)).toBe(true);
    shield.release();
    expect(shield.suspended).toBe(true); // resumed only on leave
    shield.leave();
    expect(events).toEqual(["suspend", "resume"]);
    expect(shield.suspended).toBe(false);
    // One set for the three adjacent segments.
    expect(prot.sets).toEqual([[segs[0]!.base, segs[2]!.limit, ACCESS_READ]]);
    expect(segs.every((s) => !s.queued && s.pm === ACCESS_READ)).toBe(true);
    expect(shield.checkSegs(segs)).toBe(true);
  });

  // .req.lazy
  it(".impl.flush: the flush sorts by address and merges adjacent segments with the same mode", () => {
    const { prot, shield } = setup();
    const segs = segsOf(8);
    shield.enter();
    shield.hold();
    // Out of order; 0-2 READ, 3 RW, 4 READ, 6-7 READ (5 left alone: a gap).
    for (const i of [7, 2, 0, 4, 6, 1]) shield.raise(segs[i]!, ACCESS_READ);
    shield.raise(segs[3]!, ACCESS_RW);
    shield.release();
    shield.leave();
    const s = (i: number) => segs[i]!;
    expect(prot.sets).toEqual([
      [s(0).base, s(2).limit, ACCESS_READ],
      [s(3).base, s(3).limit, ACCESS_RW],
      [s(4).base, s(4).limit, ACCESS_READ],
      [s(6).base, s(7).limit, ACCESS_READ],
    ]);
    expect(shield.checkSegs(segs)).toBe(true);
  });

  it(".impl.flush: a queued segment that is synced again by the flush is skipped", () => {
    const { prot, shield } = setup();
    const segs = segsOf(3);
    shield.enter();
    shield.hold();
    shield.raise(segs[0]!, ACCESS_READ);
    shield.raise(segs[1]!, ACCESS_READ);
    shield.raise(segs[2]!, ACCESS_READ);
    shield.lower(segs[1]!, ACCESS_READ); // back in sync, still queued
    expect(segs[1]!.queued).toBe(true);
    expect(shield.unsynced).toBe(2);
    shield.release();
    shield.leave();
    expect(prot.sets).toEqual([
      [segs[0]!.base, segs[0]!.limit, ACCESS_READ],
      [segs[2]!.base, segs[2]!.limit, ACCESS_READ],
    ]);
  });

  // .req.separate
  it(".if.expose: expose lowers the protection and suspends; cover queues; leave restores", () => {
    const { prot, shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    shield.raise(seg, ACCESS_RW);
    prot.clear();
    shield.enter();
    shield.expose(seg);
    expect(shield.suspended).toBe(true);
    expect(seg.depth).toBe(1);
    expect(seg.pm).toBe(ACCESS_NONE);
    expect(segIsExposed(seg)).toBe(true);
    expect(segIsSynced(seg)).toBe(false);
    expect(prot.modeOf(seg)).toBe(ACCESS_NONE); // the MPS can read and write it
    shield.expose(seg); // nests
    expect(seg.depth).toBe(2);
    expect(shield.depth).toBe(2);
    expect(prot.sets.length).toBe(1);
    shield.cover(seg);
    expect(seg.queued).toBe(false);
    shield.cover(seg);
    expect(seg.depth).toBe(0);
    expect(seg.queued).toBe(true);
    expect(prot.modeOf(seg)).toBe(ACCESS_NONE);
    expect(shield.checkSegs([seg])).toBe(true);
    shield.leave();
    expect(prot.modeOf(seg)).toBe(ACCESS_RW);
    expect(seg.pm).toBe(ACCESS_RW);
    expect(shield.checkSegs([seg])).toBe(true);
  });

  it(".if.expose: exposing an unprotected segment does not suspend the mutator", () => {
    const { prot, shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    shield.enter();
    shield.expose(seg);
    expect(shield.suspended).toBe(false);
    // Raised while exposed: the mutator is suspended, the segment is queued only on cover.
    shield.raise(seg, ACCESS_READ);
    expect(shield.suspended).toBe(true);
    expect(seg.queued).toBe(false);
    expect(seg.pm).toBe(ACCESS_NONE);
    expect(shield.checkSegs([seg])).toBe(true);
    shield.cover(seg);
    expect(seg.queued).toBe(true);
    shield.leave();
    expect(prot.modeOf(seg)).toBe(ACCESS_READ);
  });

  it(".if.lower: lowering takes effect at once", () => {
    const { prot, shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    shield.raise(seg, ACCESS_RW);
    shield.enter();
    shield.lower(seg, ACCESS_WRITE);
    expect(seg.sm).toBe(ACCESS_READ);
    expect(seg.pm).toBe(ACCESS_READ);
    expect(prot.modeOf(seg)).toBe(ACCESS_READ);
    shield.lower(seg, ACCESS_RW);
    expect(prot.modeOf(seg)).toBe(ACCESS_NONE);
    shield.lower(seg, ACCESS_RW); // nothing to do
    expect(prot.sets.length).toBe(3);
    shield.leave();
  });

  it(".impl.queue: the queue doubles from its initial length up to its maximum", () => {
    const { prot, shield } = setup({ queueLength: 2, queueLengthMax: 8 });
    const segs = segsOf(7, 2);
    shield.enter();
    shield.hold();
    for (const seg of segs) shield.raise(seg, ACCESS_WRITE);
    expect(shield.queueLength).toBe(8);
    expect(shield.queued).toBe(7);
    expect(prot.sets).toEqual([]);
    shield.release();
    shield.leave();
    expect(prot.sets).toEqual([[segs[0]!.base, segs[6]!.limit, ACCESS_WRITE]]);
  });

  it(".impl.queue: a full queue that cannot grow syncs its oldest entry to make room", () => {
    const { prot, shield } = setup({ queueLength: 2, queueLengthMax: 2 });
    const segs = segsOf(5);
    shield.enter();
    shield.hold();
    for (const seg of segs) shield.raise(seg, ACCESS_READ);
    expect(shield.queueLength).toBe(2);
    expect(prot.sets).toEqual([0, 1, 2].map((i) => [segs[i]!.base, segs[i]!.limit, ACCESS_READ]));
    expect(segs.map((s) => s.queued)).toEqual([false, false, false, true, true]);
    expect(shield.checkSegs(segs)).toBe(true);
    shield.release();
    shield.leave();
    expect(prot.sets.at(-1)).toEqual([segs[3]!.base, segs[4]!.limit, ACCESS_READ]);
    expect(shield.checkSegs(segs)).toBe(true);
  });

  it(".impl.queue: with no queue every segment is synced at once", () => {
    const { prot, shield } = setup({ queueLengthMax: 0 });
    const segs = segsOf(2);
    shield.enter();
    shield.hold();
    shield.raise(segs[0]!, ACCESS_READ);
    shield.raise(segs[1]!, ACCESS_READ);
    expect(prot.sets.length).toBe(2);
    expect(shield.queueLength).toBe(0);
    shield.release();
    shield.leave();
    expect(shield.checkSegs(segs)).toBe(true);
  });

  it(".if.flush: flush empties the queue (before a queued segment is finished)", () => {
    const { prot, shield } = setup();
    const segs = segsOf(2);
    shield.enter();
    shield.hold();
    shield.raise(segs[0]!, ACCESS_READ);
    shield.raise(segs[1]!, ACCESS_WRITE);
    shield.flush();
    expect(prot.sets.length).toBe(2);
    expect(segs.every((s) => !s.queued && segIsSynced(s))).toBe(true);
    expect(shield.queued).toBe(0);
    expect(shield.checkSegs(segs)).toBe(true);
    // The arena then lowers the shield of a segment it finishes.
    shield.lower(segs[0]!, segs[0]!.sm);
    shield.release();
    shield.leave();
  });

  // .req.invariants
  it(".inv: shieldSegCheck states the segment invariants", () => {
    const seg = new FakeSeg(GRAIN, 2 * GRAIN);
    expect(shieldSegCheck(seg)).toBe(true);
    const bad: Array<Partial<FakeSeg>> = [
      { pm: ACCESS_READ }, // pm more than sm
      { sm: ACCESS_READ }, // unsynced, neither exposed nor queued
      { depth: -1 },
      { depth: 0.5 },
      { sm: 4 },
    ];
    for (const b of bad) {
      const s = Object.assign(new FakeSeg(GRAIN, 2 * GRAIN), b);
      expect(() => shieldSegCheck(s)).toThrow(MpsAssertionError);
    }
    expect(shieldSegCheck(Object.assign(new FakeSeg(GRAIN, 2 * GRAIN), { sm: ACCESS_READ, queued: true }))).toBe(true);
    expect(shieldSegCheck(Object.assign(new FakeSeg(GRAIN, 2 * GRAIN), { sm: ACCESS_READ, depth: 1 }))).toBe(true);
  });

  it(".if.check: shows the state and the queue", () => {
    const { shield } = setup();
    const segs = segsOf(2);
    shield.enter();
    shield.hold();
    shield.raise(segs[1]!, ACCESS_READ);
    const text = describeToString(shield);
    expect(text).toContain("inside shield, mutator suspended");
    expect(text).toContain("depth 0 unsynced 1 holds 1");
    expect(text).toContain("[0x00002000, 0x00003000) sm READ pm EMPTY depth 0");
    expect(text).toContain("protection recording");
    shield.release();
    shield.leave();
  });

  it(".if.check: a finished shield refuses every call", () => {
    const { shield } = setup();
    shield.enter();
    shield.leave();
    shield.finish();
    expect(shield.sig).not.toBe(SIG_SHIELD);
    expect(() => shield.check()).toThrow(MpsAssertionError);
    if (CHECKING) {
      expect(codeOf(() => shield.enter())).toBe("PARAM");
      expect(codeOf(() => shield.raise(new FakeSeg(0, GRAIN), ACCESS_READ))).toBe("PARAM");
      expect(codeOf(() => shield.finish())).toBe("PARAM");
    }
  });

  it(".if.new: bad options and a missing protection are PARAM", () => {
    const prot = new RecordingProtection();
    expect(codeOf(() => new Shield(null as unknown as RecordingProtection))).toBe("PARAM");
    expect(codeOf(() => new Shield({} as RecordingProtection))).toBe("PARAM");
    expect(codeOf(() => new Shield(prot, { queueLength: 0 }))).toBe("PARAM");
    expect(codeOf(() => new Shield(prot, { queueLength: 1.5 }))).toBe("PARAM");
    expect(codeOf(() => new Shield(prot, { queueLengthMax: -1 }))).toBe("PARAM");
  });
});

describe.skipIf(!CHECKING)("Shield protocol assertions", () => {
  const assertion = (f: () => unknown) => expect(f).toThrow(MpsAssertionError);

  it(".if.errors: entering twice, or leaving from outside, is an assertion", () => {
    const { shield } = setup();
    assertion(() => shield.leave());
    shield.enter();
    assertion(() => shield.enter());
  });

  it(".if.errors: leaving or flushing while a segment is exposed is an assertion", () => {
    const { shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    shield.enter();
    shield.expose(seg);
    assertion(() => shield.leave());
    assertion(() => shield.flush());
    expect(shield.inside).toBe(true);
    shield.cover(seg);
    shield.leave();
  });

  it(".if.hold: leaving while held, or releasing without a hold, is an assertion", () => {
    const { shield } = setup();
    shield.enter();
    assertion(() => shield.release());
    shield.hold();
    assertion(() => shield.leave());
    shield.release();
    shield.leave();
    assertion(() => shield.hold()); // only inside
  });

  it(".if.errors: a mode that is not an access set is an assertion", () => {
    const { shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    assertion(() => shield.raise(seg, 4));
    assertion(() => shield.lower(seg, -1));
    expect(seg.sm).toBe(ACCESS_NONE);
  });

  it(".if.errors: finishing inside the shield is an assertion", () => {
    const { shield } = setup();
    shield.enter();
    assertion(() => shield.finish());
  });

  it.skipIf(!COOL)(".if.errors: cover without expose, or expose outside, is an assertion (critical path: cool only)", () => {
    const { shield } = setup();
    const [seg] = segsOf(1) as [FakeSeg];
    assertion(() => shield.expose(seg));
    shield.enter();
    assertion(() => shield.cover(seg));
  });
});

describe("Shield invariants under random use", () => {
  type Op =
    | { k: "enter" }
    | { k: "leave" }
    | { k: "flush" }
    | { k: "hold" }
    | { k: "release" }
    | { k: "raise"; i: number; mode: number }
    | { k: "lower"; i: number; mode: number }
    | { k: "expose"; i: number }
    | { k: "cover"; i: number };
  const N = 6;
  const seg = fc.nat(N - 1);
  const mode = fc.integer({ min: 1, max: 3 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constant({ k: "enter" as const }),
    fc.constant({ k: "leave" as const }),
    fc.constant({ k: "flush" as const }),
    fc.constant({ k: "hold" as const }),
    fc.constant({ k: "release" as const }),
    fc.record({ k: fc.constant("raise" as const), i: seg, mode }),
    fc.record({ k: fc.constant("raise" as const), i: seg, mode }),
    fc.record({ k: fc.constant("lower" as const), i: seg, mode }),
    fc.record({ k: fc.constant("expose" as const), i: seg }),
    fc.record({ k: fc.constant("cover" as const), i: seg }),
  );

  // .req.invariants
  it(".inv: the invariants of design.mps.shield hold after every step, and the protection is what pm says", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80, size: "max" }), fc.integer({ min: 0, max: 4 }), (ops, queueLengthMax) => {
        const prot = new RecordingProtection();
        const shield = new Shield(prot, { queueLength: 1, queueLengthMax });
        // Segments of different sizes, some adjacent, one apart.
        const segs = [1, 1, 2, 1, 3, 1].map((g, i, a) => {
          const base = GRAIN * (1 + a.slice(0, i).reduce((x, y) => x + y, 0) + (i === 5 ? 1 : 0));
          return new FakeSeg(base, base + g * GRAIN);
        });
        const sm = new Array<number>(N).fill(0); // the model: what raise and lower asked for
        for (const o of ops) {
          switch (o.k) {
            case "enter":
              if (shield.inside) continue;
              shield.enter();
              break;
            case "leave":
              if (!shield.inside || shield.depth > 0 || shield.holds > 0) continue;
              shield.leave();
              break;
            case "flush":
              if (shield.depth > 0) continue;
              shield.flush();
              break;
            case "hold":
              if (!shield.inside) continue;
              shield.hold();
              break;
            case "release":
              if (shield.holds === 0) continue;
              shield.release();
              break;
            case "raise":
              shield.raise(segs[o.i]!, o.mode);
              sm[o.i]! |= o.mode;
              break;
            case "lower":
              shield.lower(segs[o.i]!, o.mode);
              sm[o.i]! &= ~o.mode;
              break;
            case "expose":
              if (!shield.inside) continue;
              shield.expose(segs[o.i]!);
              break;
            case "cover":
              if (segs[o.i]!.depth === 0) continue;
              shield.cover(segs[o.i]!);
              break;
          }
          expect(shield.checkSegs(segs)).toBe(true);
          for (let i = 0; i < N; i++) {
            const s = segs[i]!;
            expect(s.sm).toBe(sm[i]);
            // The protection is exactly the protection mode (nothing else calls set).
            expect(prot.modeOf(s)).toBe(s.pm);
            // .inv.expose.prot / .prop.inside.access: the MPS can access an exposed segment.
            if (s.depth > 0) expect(s.pm).toBe(ACCESS_NONE);
            // .proof.access: while the mutator runs, every shielded segment is protected.
            if (!shield.suspended) expect(s.pm).toBe(s.sm);
          }
          // .inv.outside.running
          if (!shield.inside) expect(shield.suspended).toBe(false);
        }
        // Unwind: cover, release, leave; everything is synced afterwards.
        for (const s of segs) while (s.depth > 0) shield.cover(s);
        while (shield.holds > 0) shield.release();
        if (shield.inside) shield.leave();
        for (const s of segs) expect(prot.modeOf(s)).toBe(s.sm);
        expect(shield.checkSegs(segs)).toBe(true);
        expect(shield.unsynced).toBe(0);
      }),
    );
  });
});
