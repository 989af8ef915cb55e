// zmess: GC messages, after the GC-message parts of the MPS's code/zmess.c.
// A clamped arena (collections happen only when the script asks) with an
// AMC pool of objects held by an exact root; scripts of actions and
// expected messages:
//   C  collect (mps_arena_collect)       I  start an incremental collection and step it to the end
//   b  expect a GC_START message          e  expect a GC message
//   .  get the messages, checking them in order, and discard them
//   !  get the messages without discarding them
// A script that ends without "." leaves messages on the queue for
// arena.destroy. The sizes in each GC message are checked against the
// objects the test keeps alive.
import { afterEach, describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, MessageType, PoolClass, Rank, selectPlatform, type Message, type VMArena } from "../src/index.js";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";

const BLOCK_WHY = "The client asked for a full collection, to be done at once.";
const INCREMENTAL_WHY = "The client asked for a full collection, to be done incrementally.";
const COUNT = 3000;
const SLOTS = 2;
const SIZE = testObjectSize(SLOTS);

interface Env {
  arena: VMArena;
  keep: Uint32Array;
  held: Message[];
  destroy(): void;
}

const envs: Env[] = [];
afterEach(() => {
  for (const e of envs.splice(0)) e.destroy();
});

/** testscriptA/B: the arena, pool, root and COUNT objects, all kept alive. */
function setup(protection: "none" | "software" = "none"): Env {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection }) });
  arena.clamp();
  const fmt = arena.createFormat(testFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 150, mortality: 0.85 }, { capacity: 170, mortality: 0.45 }]);
  const pool = arena.createPool(PoolClass.AMC, { format: fmt, chain });
  const keep = new Uint32Array(COUNT);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
    for (let i = 0; i < keep.length; i++) {
      const v = keep[i]!;
      if (v !== 0 && ss.fix1(v)) keep[i] = ss.fix2(v);
    }
  } });
  const ap = pool.createAp({ rank: Rank.EXACT });
  for (let i = 0; i < COUNT; i++) {
    let p: number;
    do {
      p = ap.reserve(SIZE);
      initTestObject(arena.mem, p, 0, i, SLOTS);
    } while (!ap.commit(p, SIZE));
    keep[i] = p;
  }
  // Objects 1 and 2 refer to each other (zmess's .keep-alive pairs).
  arena.mem.u32[(keep[1]! + 8) >>> 2] = keep[2]!;
  arena.mem.u32[(keep[2]! + 8) >>> 2] = keep[1]!;
  for (const t of [MessageType.GC_START, MessageType.GC]) arena.messageTypeEnable(t);
  const held: Message[] = [];
  const env: Env = {
    arena, keep, held,
    destroy() {
      arena.park();
      ap.destroy();
      root.destroy();
      pool.destroy();
      chain.destroy();
      fmt.destroy();
      arena.destroy(); // copes with messages still queued, got or not
    },
  };
  envs.push(env);
  return env;
}

/** The bytes of the objects `keep` holds now. */
function liveBytes(env: Env): number {
  let n = 0;
  for (const v of env.keep) if (v !== 0) n += SIZE;
  return n;
}

/** report: get every message, in queue order, and check they are the expected ones. */
function report(env: Env, expected: string, discard: boolean, whys: string[], lives: number[]): void {
  const { arena } = env;
  let got = "";
  let lastClock = -Infinity;
  for (;;) {
    const type = arena.messageQueueType();
    if (type === undefined) break;
    expect(arena.messagePoll()).toBe(true);
    const m = arena.messageGet(type)!;
    expect(m.clock).toBeGreaterThanOrEqual(lastClock);
    lastClock = m.clock;
    if (type === MessageType.GC_START) {
      got += "b";
      expect(m.gcStartWhy).toBe(whys.shift());
    } else if (type === MessageType.GC) {
      got += "e";
      expect(m.gcLiveSize).toBeLessThanOrEqual(m.gcCondemnedSize);
      expect(m.gcLiveSize).toBe(lives.shift());
      expect(m.gcNotCondemnedSize).toBe(0); // a full collection of the only collected pool
    } else throw new Error(`unexpected message type ${type}`);
    if (discard) arena.messageDiscard(m);
    else env.held.push(m);
  }
  expect(arena.messagePoll()).toBe(false);
  expect(got).toBe(expected);
}

/** testscriptC: run a script. */
function script(s: string, protection: "none" | "software" = "none"): Env {
  const env = setup(protection);
  const { arena } = env;
  let expected = "";
  const whys: string[] = [];
  const lives: number[] = [];
  for (const c of s) {
    switch (c) {
      case "C":
        arena.collect();
        whys.push(BLOCK_WHY);
        lives.push(liveBytes(env));
        break;
      case "I": {
        const before = arena.collections();
        arena.startCollect();
        // The collection has started: its GC_START is queued, its GC is not yet.
        expect(arena.messageQueueType()).toBeDefined();
        while (arena.collections() === before) arena.step(0, 0);
        arena.clamp();
        whys.push(INCREMENTAL_WHY);
        lives.push(liveBytes(env));
        break;
      }
      case "D": // drop every other object from the root
        for (let i = 0; i < env.keep.length; i += 2) if (i !== 2) env.keep[i] = 0;
        break;
      case "b":
      case "e":
        expected += c;
        break;
      case ".":
      case "!":
        report(env, expected, c === ".", whys, lives);
        expected = "";
        break;
      default:
        throw new Error(`bad script command ${c}`);
    }
  }
  return env;
}

describe("zmess: GC messages", () => {
  const scripts = [
    ".",
    "Cbe.",
    "Cbe.Cbe.",
    ".Cbe.CbeCbeCbe.", // get messages, but not promptly: several collections queue in order
    "Cbe", // messages never got: arena.destroy copes
    "Cbe.CbeCbeCbe",
    "Cbe!", // messages got but never discarded
    "Cbe!CbeCbeCbe!",
    "Ibe.CbeIbe.",
    "CbeDCbe.Cbe.", // the live size follows what the root keeps
  ];
  for (const s of scripts) {
    it(`design/trace.req.messages: script "${s}"`, () => {
      const env = script(s);
      expect(env.arena.collections()).toBe([...s].filter((c) => c === "C" || c === "I").length);
    });
  }

  it("design/trace.req.messages: with the software barrier too", () => {
    script("Cbe.IbeIbe.CbeDIbe.", "software");
  });

  it("design/trace.req.messages: GC_START is posted when a collection starts, GC when it ends", () => {
    const { arena } = setup();
    arena.startCollect();
    arena.clamp();
    expect(arena.messageQueueType()).toBe(MessageType.GC_START);
    const start = arena.messageGet(MessageType.GC_START)!;
    expect(start.gcStartWhy).toBe(INCREMENTAL_WHY);
    const startClock = start.clock;
    arena.messageDiscard(start);
    if (CHECK_LEVEL !== "rash") expect(() => start.clock).toThrow(/discarded/); // misuse: unchecked at rash
    expect(arena.messageGet(MessageType.GC)).toBeUndefined();
    arena.park();
    const gc = arena.messageGet(MessageType.GC)!;
    expect(gc.gcLiveSize).toBe(COUNT * SIZE);
    expect(gc.clock).toBeGreaterThanOrEqual(startClock);
    arena.messageDiscard(gc);
  });

  it("design/trace.req.messages: messageGet takes the oldest message of a type even when another type is at the head", () => {
    const { arena } = setup();
    arena.collect();
    arena.collect();
    expect(arena.messageQueueType()).toBe(MessageType.GC_START);
    const gc1 = arena.messageGet(MessageType.GC)!;
    const gc2 = arena.messageGet(MessageType.GC)!;
    expect(gc1).not.toBe(gc2);
    expect(gc2.clock).toBeGreaterThanOrEqual(gc1.clock);
    expect(arena.messageGet(MessageType.GC)).toBeUndefined();
    expect(arena.messageQueueType()).toBe(MessageType.GC_START);
    arena.messageDiscard(gc1);
    arena.messageDiscard(gc2);
  });

  it("design/trace.req.messages: a disabled type is not posted, and disabling drops the queued ones", () => {
    const { arena } = setup();
    arena.messageTypeDisable(MessageType.GC_START);
    arena.collect();
    expect(arena.messageQueueType()).toBe(MessageType.GC);
    expect(arena.messageGet(MessageType.GC_START)).toBeUndefined();
    arena.messageTypeEnable(MessageType.GC_START);
    arena.collect();
    arena.messageTypeDisable(MessageType.GC);
    expect(arena.messageGet(MessageType.GC)).toBeUndefined();
    const start = arena.messageGet(MessageType.GC_START)!;
    expect(start.gcStartWhy).toBe(BLOCK_WHY);
    arena.messageDiscard(start);
    expect(arena.messagePoll()).toBe(false);
  });

  it("design/trace.req.messages: no messages while the types are disabled (the default)", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 8 << 20 });
    try {
      arena.collect();
      arena.collect();
      expect(arena.collections()).toBe(2);
      expect(arena.messagePoll()).toBe(false);
    } finally {
      arena.destroy();
    }
  });
});

// ----- zmess: finalization ---------------------------------------------------------
// The finalization parts of zmess.c: every one of COUNT objects is registered
// for finalization (3000 guardians: three segments of them, the case of the
// MPS's job001658), and the script language gains
//   F  drop the root's reference to the next object, alternately from the low
//      and the high end of the table (it may still be kept alive: .keep-alive)
//   f  expect a FINALIZATION message (for an object that was dropped and is
//      unreachable; each at most once)
// .keep-alive: objects 1 and COUNT-2 refer to each other, and so do 2 and 3,
// so each pair is finalized only once both have been dropped.

interface FinEnv extends Env {
  dropped: boolean[];
  finalized: boolean[];
  next: { lo: number; hi: number; lo1: boolean };
}

function setupFinalization(protection: "none" | "software"): FinEnv {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection }) });
  arena.clamp();
  const fmt = arena.createFormat(testFormat(arena.mem));
  const chain = arena.createChain([{ capacity: 150, mortality: 0.85 }, { capacity: 170, mortality: 0.45 }]);
  const pool = arena.createPool(PoolClass.AMC, { format: fmt, chain });
  const keep = new Uint32Array(COUNT);
  const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
    for (let i = 0; i < keep.length; i++) {
      const v = keep[i]!;
      if (v !== 0 && ss.fix1(v)) keep[i] = ss.fix2(v);
    }
  } });
  const ap = pool.createAp({ rank: Rank.EXACT });
  for (let i = 0; i < COUNT; i++) {
    let p: number;
    do {
      p = ap.reserve(SIZE);
      initTestObject(arena.mem, p, 0, i, SLOTS);
    } while (!ap.commit(p, SIZE));
    keep[i] = p;
    arena.finalize(p);
  }
  const link = (a: number, b: number): void => {
    arena.storeRef(keep[a]! + 8, keep[b]!);
    arena.storeRef(keep[b]! + 8, keep[a]!);
  };
  link(1, COUNT - 2);
  link(2, 3);
  for (const t of [MessageType.GC_START, MessageType.GC, MessageType.FINALIZATION]) arena.messageTypeEnable(t);
  const env: FinEnv = {
    arena, keep, held: [],
    dropped: new Array<boolean>(COUNT).fill(false),
    finalized: new Array<boolean>(COUNT).fill(false),
    next: { lo: 0, hi: COUNT - 1, lo1: true },
    destroy() {
      arena.park();
      ap.destroy();
      root.destroy();
      pool.destroy();
      chain.destroy();
      fmt.destroy();
      arena.destroy(); // also destroys the finalization pool, with messages queued or held
    },
  };
  envs.push(env);
  return env;
}

/** report with finalization: every finalization message is for a dropped object not finalized before. */
function reportFinalization(env: FinEnv, expected: string, discard: boolean): void {
  const { arena } = env;
  let got = "";
  for (let type = arena.messageQueueType(); type !== undefined; type = arena.messageQueueType()) {
    const m = arena.messageGet(type)!;
    if (type === MessageType.FINALIZATION) {
      got += "f";
      expect(m.clock).toBe(0);
      const ref = m.finalizationRef();
      const i = arena.mem.u32[(ref + 4) >>> 2]!;
      expect(env.keep[i], `object ${i} finalized while its root holds it`).toBe(0);
      expect(env.dropped[i]).toBe(true);
      expect(env.finalized[i], `object ${i} finalized twice`).toBe(false);
      env.finalized[i] = true;
    } else got += type === MessageType.GC_START ? "b" : "e";
    if (discard) arena.messageDiscard(m);
    else env.held.push(m);
  }
  expect(got).toBe(expected);
}

function finalizationScript(s: string, protection: "none" | "software"): FinEnv {
  const env = setupFinalization(protection);
  let expected = "";
  for (const c of s) {
    switch (c) {
      case "C":
        env.arena.collect();
        break;
      case "F": {
        const n = env.next;
        expect(n.lo).toBeLessThanOrEqual(n.hi);
        const i = n.lo1 ? n.lo++ : n.hi--;
        n.lo1 = !n.lo1;
        env.keep[i] = 0;
        env.dropped[i] = true;
        break;
      }
      case "b":
      case "e":
      case "f":
        expected += c;
        break;
      case ".":
      case "!":
        reportFinalization(env, expected, c === ".");
        expected = "";
        break;
      default:
        throw new Error(`bad script command ${c}`);
    }
  }
  return env;
}

describe.each(["none", "software"] as const)("zmess: finalization messages (protection %s)", (protection) => {
  const scripts = [
    "FFCbffe.",
    "FFCbffe.FFCbffe.",
    "FFCbffe.FCbe.F.Cbffe.FFCbfe.FF.Cbfffe.",
    "Cbe.FFCbffe.Cbe", // the last messages are never got: arena.destroy copes
    "FFCbffe!Cbe.", // finalization messages got and held: their objects stay alive, not finalized again
  ];
  for (const s of scripts) {
    it(`design/pool-mrg.req.final: script "${s}"`, () => {
      const env = finalizationScript(s, protection);
      // What the held messages refer to is still intact.
      for (const m of env.held) {
        if (m.type !== MessageType.FINALIZATION) continue;
        const ref = m.finalizationRef();
        expect(env.dropped[env.arena.mem.u32[(ref + 4) >>> 2]!]).toBe(true);
      }
    });
  }
});
