// finalcv: a port of the MPS's code/finalcv.c (finalization coverage) through
// @mps/mps, for every automatic pool class that takes objects from exact
// allocation points (AMC, AMCZ, AMS, AWL, LO) on both protection backends.
// Twenty objects are registered for finalization (definalize fails before
// each is registered) and held by an exact root; while garbage is allocated
// (collections come from the chain) and full collections run, objects are
// dropped at random, each either definalized first (it must never be
// finalized) or left to be finalized. Expected: every finalization message
// is for a dropped, finalizable object, once, with clock 0 and its contents
// intact; sometimes the client resurrects it; in the end every finalizable
// object has been finalized and nothing else.
import { describe, expect, it } from "vitest";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";
import { rng, SEED } from "@mps/trace/mini-trace";
import { type AP, Arena, ArenaClass, MessageType, type Pool, PoolClass, Rank, selectPlatform } from "../src/index.js";

const ROOT_COUNT = 20;
const FINALIZATION_RATE = 6;
const CHURN = 2000;
const ROUNDS = 60;
const CLASSES = ["AMC", "AMCZ", "AMS", "AWL", "LO"] as const;
const enum State { ROOT, DEAD, FINALIZABLE, FINALIZED }

function alloc(arena: Arena, ap: AP, id: number, slots: number): number {
  const size = testObjectSize(slots);
  let p: number;
  do {
    p = ap.reserve(size);
    initTestObject(arena.mem, p, 0, id, slots);
  } while (!ap.commit(p, size));
  return p;
}

function run(cls: (typeof CLASSES)[number], protection: "none" | "software", seed: number): void {
  const r = rng(seed);
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, platform: selectPlatform({ protection }) });
  const fmt = arena.createFormat(testFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 64, mortality: 0.8 }, { capacity: 256, mortality: 0.5 }]);
  const pool: Pool = arena.createPool(PoolClass[cls] as typeof PoolClass.AMC, { format: fmt, chain });
  const roots = new Uint32Array(ROOT_COUNT);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
    for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
  } });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const state: State[] = [];
  for (let i = 0; i < ROOT_COUNT; i++) {
    const p = alloc(arena, ap, i, 1);
    // mps_definalize fails for an address never registered.
    expect(() => arena.definalize(p)).toThrow(expect.objectContaining({ code: "FAIL" }));
    arena.finalize(p);
    roots[i] = p;
    state.push(State.ROOT);
  }
  arena.messageTypeEnable(MessageType.FINALIZATION);
  arena.messageTypeEnable(MessageType.GC);
  let finalizations = 0;
  let collections = 0;
  const drain = (): void => {
    for (let type = arena.messageQueueType(); type !== undefined; type = arena.messageQueueType()) {
      const m = arena.messageGet(type)!;
      if (type === MessageType.FINALIZATION) {
        expect(m.clock).toBe(0);
        const ref = m.finalizationRef();
        const i = arena.mem.u32[(ref + 4) >>> 2]!;
        expect(i).toBeLessThan(ROOT_COUNT);
        expect(roots[i], `${cls}: object ${i} finalized while live`).toBe(0);
        expect(state[i], `${cls}: object ${i} finalized though dead or finalized`).toBe(State.FINALIZABLE);
        state[i] = State.FINALIZED;
        if (r() < 0.5) roots[i] = ref; // resurrect
        finalizations++;
      } else collections++;
      arena.messageDiscard(m);
    }
  };
  for (let round = 0; round < ROUNDS && state.some((s) => s === State.ROOT || s === State.FINALIZABLE); round++) {
    for (let k = 0; k < CHURN; k++) alloc(arena, ap, 1000 + k, 2); // garbage: collections from the chain
    for (let i = 0; i < ROOT_COUNT; i++) {
      if (roots[i] !== 0 && state[i] === State.ROOT && Math.floor(r() * FINALIZATION_RATE) === 0) {
        if (r() < 0.5) {
          arena.definalize(roots[i]!);
          state[i] = State.DEAD;
        } else state[i] = State.FINALIZABLE;
        roots[i] = 0;
      }
    }
    if (round % 4 === 3) arena.collect();
    drain();
    if (round % 4 === 3) arena.release();
  }
  // Drop the rest and collect until nothing finalizable is left.
  for (let i = 0; i < ROOT_COUNT; i++) {
    if (state[i] === State.ROOT) {
      state[i] = State.FINALIZABLE;
      roots[i] = 0;
    }
  }
  for (let k = 0; k < 4; k++) {
    arena.collect();
    drain();
  }
  expect(state.filter((s) => s === State.FINALIZABLE)).toEqual([]);
  expect(finalizations).toBe(state.filter((s) => s === State.FINALIZED).length);
  expect(collections).toBeGreaterThan(0);
  expect(finalizations).toBeGreaterThan(0);
  arena.park();
  ap.destroy();
  root.destroy();
  pool.destroy();
  chain.destroy();
  fmt.destroy();
  arena.destroy();
}

describe.each(["none", "software"] as const)("finalcv (protection %s)", (protection) => {
  for (const cls of CLASSES) {
    it(`design/pool-mrg.req.final: finalization coverage with objects in ${cls}`, () => {
      expect(PoolClass[cls]).toBeDefined();
      run(cls, protection, SEED + cls.length);
    });
  }
});
