import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, MpsAssertionError, SIG_INVALID, ZONE_SET_UNIV, describeToString, zoneSetSingle } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { History, LD, LD_HISTORY_LENGTH, SIG_HISTORY, SIG_LD, type LDArena } from "../src/ld.js";

const SHIFT = 20; // zones are 1 MiB stripes

function fakeArena(zoneShift = SHIFT): LDArena {
  return { history: new History(), zoneShift };
}

/** An address in zone `z` (stripe `z`, or `z + 32k`). */
function inZone(z: number, stripe = 0): number {
  return ((stripe * 32 + z) << SHIFT) >>> 0;
}

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

describe("History", () => {
  it(".def.history: a new history is at epoch 0 with nothing moved, and checks", () => {
    const h = new History();
    expect(h.sig).toBe(SIG_HISTORY);
    expect(h.epoch).toBe(0);
    expect(h.prehistory).toBe(0);
    expect([...h.history]).toEqual(new Array(LD_HISTORY_LENGTH).fill(0));
    expect(h.movedSince(0)).toBe(0);
    expect(h.check()).toBe(true);
  });

  it(".req.history.subset: each age adds the moved zones to every remembered set and the prehistory", () => {
    const h = new History();
    h.age(zoneSetSingle(3));
    expect(h.epoch).toBe(1);
    expect(h.movedSince(0)).toBe(zoneSetSingle(3));
    expect(h.movedSince(1)).toBe(0);
    h.age(zoneSetSingle(5));
    expect(h.movedSince(0)).toBe(zoneSetSingle(3) | zoneSetSingle(5));
    expect(h.movedSince(1)).toBe(zoneSetSingle(5));
    expect(h.prehistory).toBe(zoneSetSingle(3) | zoneSetSingle(5));
    expect(h.check()).toBe(true);
  });

  it(".req.history.subset: an epoch older than the ring is judged by the prehistory", () => {
    const h = new History();
    h.age(zoneSetSingle(1));
    for (let i = 0; i < LD_HISTORY_LENGTH; i++) h.age(zoneSetSingle(7));
    // Epoch 1 is exactly LD_HISTORY_LENGTH old: still remembered exactly.
    expect(h.epoch - 1).toBe(LD_HISTORY_LENGTH);
    expect(h.movedSince(1)).toBe(zoneSetSingle(7));
    // Epoch 0 is older: the prehistory, which includes zone 1.
    expect(h.movedSince(0)).toBe(zoneSetSingle(1) | zoneSetSingle(7));
    expect(h.check()).toBe(true);
  });

  it.skipIf(!CHECKING)(".history.age: an empty moved set is an assertion", () => {
    const h = new History();
    expect(() => h.age(0)).toThrow(MpsAssertionError);
    expect(h.epoch).toBe(0);
  });

  it(".history.check: a remembered set that is not within the next older one fails the check", () => {
    const h = new History();
    h.age(zoneSetSingle(1));
    h.age(zoneSetSingle(2));
    h.history[(h.epoch - 1) % LD_HISTORY_LENGTH] = zoneSetSingle(9);
    expect(() => h.check()).toThrow(MpsAssertionError);
  });

  it(".history.describe: describe shows the epoch, prehistory and slots; finish invalidates", () => {
    const h = new History();
    h.age(ZONE_SET_UNIV);
    const text = describeToString(h);
    expect(text).toMatch(/epoch 1/);
    expect(text).toMatch(/prehistory 1{32}/);
    h.finish();
    expect(h.sig).toBe(SIG_INVALID);
    expect(describeToString(h)).toMatch(/finished/);
    if (CHECKING) expectParam(() => h.age(1), /finished/);
  });
});

describe("LD", () => {
  it(".req.ld.reset: a new LD is reset: not stale, even after adding, until the next flip", () => {
    const arena = fakeArena();
    const ld = new LD(arena);
    expect(ld.sig).toBe(SIG_LD);
    expect(ld.isStaleAny()).toBe(false);
    ld.add(inZone(4));
    expect(ld.isStale(inZone(4))).toBe(false);
    expect(ld.check()).toBe(true);
  });

  it(".req.ld.no-false-negative: movement in an added zone makes the LD stale; elsewhere does not", () => {
    const arena = fakeArena();
    const ld = new LD(arena);
    ld.add(inZone(4));
    ld.add(inZone(9, 3)); // zone 9, another stripe
    arena.history.age(zoneSetSingle(5));
    expect(ld.isStaleAny()).toBe(false);
    arena.history.age(zoneSetSingle(9));
    expect(ld.isStaleAny()).toBe(true);
    ld.reset();
    expect(ld.isStaleAny()).toBe(false);
    ld.add(inZone(9));
    expect(ld.isStaleAny()).toBe(false);
  });

  it(".req.ld.no-false-negative: isStale ignores its address, since the block's new address may be in a zone that did not move", () => {
    const arena = fakeArena();
    const ld = new LD(arena);
    const oldAddr = inZone(2);
    ld.add(oldAddr);
    // The collector moves the block from zone 2 to zone 30: only zone 2 is in the moved set.
    arena.history.age(zoneSetSingle(2));
    const newAddr = inZone(30);
    expect(ld.isStale(newAddr)).toBe(true);
    expect(ld.isStale(oldAddr)).toBe(true);
  });

  it(".req.ld.no-false-negative: an LD older than the ring is judged by everything that ever moved", () => {
    const arena = fakeArena();
    arena.history.age(zoneSetSingle(6)); // before the LD: still in the prehistory
    const ld = new LD(arena);
    ld.add(inZone(6));
    for (let i = 0; i < LD_HISTORY_LENGTH; i++) arena.history.age(zoneSetSingle(0));
    expect(ld.isStaleAny()).toBe(false); // exactly LD_HISTORY_LENGTH flips: still exact
    arena.history.age(zoneSetSingle(0));
    expect(ld.isStaleAny()).toBe(true); // older: the prehistory includes zone 6 (a false positive)
  });

  it(".req.ld.merge: the merged LD is stale when either was, and takes the older epoch", () => {
    const arena = fakeArena();
    const a = new LD(arena);
    a.add(inZone(1));
    arena.history.age(zoneSetSingle(7));
    const b = new LD(arena);
    b.add(inZone(7));
    expect(a.isStaleAny()).toBe(false);
    expect(b.isStaleAny()).toBe(false);
    b.merge(a);
    expect(b.epoch).toBe(0);
    expect(b.isStaleAny()).toBe(true); // zone 7 moved since epoch 0
    const c = new LD(arena);
    c.merge(a);
    expect(c.rs).toBe(zoneSetSingle(1));
    expect(c.isStaleAny()).toBe(false);
  });

  it(".req.ld.merge: merging an LD with itself changes nothing", () => {
    const arena = fakeArena();
    const a = new LD(arena);
    a.add(inZone(3));
    a.merge(a);
    expect(a.rs).toBe(zoneSetSingle(3));
  });

  it(".test.mpsicv: reset, add, and a stale LD is stale for any address (mpsicv's use)", () => {
    const arena = fakeArena();
    const ld = new LD(arena);
    const obj = inZone(12);
    ld.reset();
    ld.add(obj);
    for (let i = 0; i < 10; i++) {
      if (ld.isStale(obj)) {
        expect(ld.isStaleAny()).toBe(true);
        ld.reset();
        ld.add(obj);
      }
      arena.history.age(zoneSetSingle(i % 2 === 0 ? 12 : 13));
    }
    expect(ld.check()).toBe(true);
  });

  it(".ld.describe: describe shows the epoch and zones", () => {
    const ld = new LD(fakeArena());
    ld.add(inZone(0));
    expect(describeToString(ld)).toBe(`LD { epoch 0 rs ${"0".repeat(31)}1 }\n`);
  });
});

describe.runIf(CHECKING)("LD misuse", () => {
  it(".req.ld.arena: every use after the arena's history is finished is PARAM (conerr 51, 52, 55, 56)", () => {
    const arena = fakeArena();
    const ld = new LD(arena);
    ld.add(inZone(1));
    arena.history.finish();
    expectParam(() => ld.reset(), /destroyed/);
    expectParam(() => ld.add(inZone(1)), /destroyed/);
    expectParam(() => ld.isStale(inZone(1)), /destroyed/);
    expectParam(() => ld.isStaleAny(), /destroyed/);
    expectParam(() => new LD(arena).reset());
    expect(ld.rs).toBe(zoneSetSingle(1));
  });

  it(".req.ld.arena: merging LDs of two arenas is PARAM and changes nothing (conerr 57, 58)", () => {
    const a = new LD(fakeArena());
    const b = new LD(fakeArena());
    a.add(inZone(1));
    b.add(inZone(2));
    expectParam(() => a.merge(b), /another arena/);
    expect(a.rs).toBe(zoneSetSingle(1));
    expectParam(() => a.merge({} as LD), /live LD/);
  });

  it(".ld.epoch: an LD whose epoch is later than its arena's is PARAM (conerr 53, 54)", () => {
    const ld = new LD(fakeArena());
    ld.epoch = 0xffffffff;
    expectParam(() => ld.add(inZone(1)), /later/);
    expectParam(() => ld.isStale(inZone(1)), /later/);
    expect(() => ld.check()).toThrow(MpsAssertionError);
  });

  it(".ld.add: an address that is not a u32 is PARAM; null and unaligned addresses are accepted (argerr 82, 83)", () => {
    const ld = new LD(fakeArena());
    for (const bad of [-1, 2 ** 32, 1.5, NaN, "8"]) {
      expectParam(() => ld.add(bad as number), /integer/);
      expectParam(() => ld.isStale(bad as number), /integer/);
    }
    expect(ld.rs).toBe(0);
    ld.add(0);
    ld.add(3);
    expect(ld.rs).toBe(zoneSetSingle(0));
  });

  it(".ld.create: an arena without a History or with a bad zone shift is PARAM", () => {
    expectParam(() => new LD({} as LDArena), /History/);
    expectParam(() => new LD({ history: new History(), zoneShift: 28 }), /zoneShift/);
    expectParam(() => new LD({ history: new History(), zoneShift: 1.5 }), /zoneShift/);
  });
});

describe("LD against a model", () => {
  type Op =
    | { kind: "age"; zones: number[] }
    | { kind: "reset"; ld: number }
    | { kind: "add"; ld: number; addr: number }
    | { kind: "merge"; ld: number; from: number };
  const ldArb = fc.nat(2);
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("age" as const), zones: fc.array(fc.nat(31), { minLength: 1, maxLength: 3 }) }), weight: 3 },
    fc.record({ kind: fc.constant("reset" as const), ld: ldArb }),
    { arbitrary: fc.record({ kind: fc.constant("add" as const), ld: ldArb, addr: fc.nat({ max: 2 ** 32 - 1 }) }), weight: 3 },
    fc.record({ kind: fc.constant("merge" as const), ld: ldArb, from: ldArb }),
  );

  it(".req.ld.no-false-negative .req.ld.reset .req.ld.merge: isStale agrees with the exact answer within the ring and never misses outside it", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const arena = fakeArena();
        const lds = [new LD(arena), new LD(arena), new LD(arena)];
        // The model: the moved zones of each flip, and per LD its epoch and added zones.
        const moves: number[] = [];
        const model = lds.map(() => ({ epoch: 0, zones: 0 }));
        for (const op of ops) {
          switch (op.kind) {
            case "age": {
              const zs = op.zones.reduce((s, z) => (s | zoneSetSingle(z)) >>> 0, 0);
              arena.history.age(zs);
              moves.push(zs);
              break;
            }
            case "reset":
              lds[op.ld]!.reset();
              model[op.ld] = { epoch: moves.length, zones: 0 };
              break;
            case "add":
              lds[op.ld]!.add(op.addr);
              model[op.ld]!.zones = (model[op.ld]!.zones | zoneSetSingle(op.addr >>> SHIFT)) >>> 0;
              break;
            case "merge": {
              lds[op.ld]!.merge(lds[op.from]!);
              const to = model[op.ld]!;
              const from = model[op.from]!;
              model[op.ld] = { epoch: Math.min(to.epoch, from.epoch), zones: (to.zones | from.zones) >>> 0 };
              break;
            }
          }
          expect(arena.history.check()).toBe(true);
          for (let i = 0; i < lds.length; i++) {
            const m = model[i]!;
            let moved = 0;
            for (let e = m.epoch; e < moves.length; e++) moved |= moves[e]!;
            const exact = (m.zones & moved) !== 0;
            const got = lds[i]!.isStale(0);
            expect(lds[i]!.isStaleAny()).toBe(got);
            if (moves.length - m.epoch <= LD_HISTORY_LENGTH) expect(got).toBe(exact);
            else if (exact) expect(got).toBe(true);
            expect(lds[i]!.check()).toBe(true);
          }
        }
      }),
    );
  });
});
