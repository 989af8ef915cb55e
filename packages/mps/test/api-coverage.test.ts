// Every row of shared/API.md's table, checked against the umbrella: each
// TypeScript name it gives exists on the object it names, and is callable
// where it is a function. The differences that remain are listed, with
// their reasons, in docs/design/mps.md `.api.differences`; this test pins
// them too, so that closing one means updating that list.
import { describe, expect, it } from "vitest";
import * as mps from "../src/index.js";
import {
  AllocPattern, Arena, ArenaClass, MessageType, PoolClass, Rank, RootMode, SAC, plinth, telemetry,
  type AP, type Addr,
} from "../src/index.js";

/** The names of `obj` that must be functions. */
function expectMethods(what: string, obj: object, names: readonly string[]): void {
  const missing = names.filter((n) => typeof (obj as Record<string, unknown>)[n] !== "function");
  expect(missing, `${what} lacks ${missing.join(", ")}`).toEqual([]);
}

describe("shared/API.md, row by row", () => {
  // .req.one-to-one
  it(".api.coverage: every function the table names exists on its object", () => {
    expect(typeof Arena.create).toBe("function");
    expect(Object.keys(ArenaClass).sort()).toEqual(["CL", "VM"]);
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    expectMethods("arena", arena, [
      "destroy", "park", "release", "clamp", "postmortem", "collect", "startCollect", "step",
      "reserved", "committed", "spareCommitted", "commitLimit", "setCommitLimit", "spare", "setSpare", "pauseTime", "setPauseTime",
      "busy", "hasAddr", "addrPool", "addrFmt", "addrObject", "extend", "retract", "vmGrowth", "collections",
      "loadRef", "storeRef", "createFormat", "createChain", "createPool", "createRoot", "createRootArea", "createRootFmt",
      "registerThread", "createRootThread", "createLd",
      "messageTypeEnable", "messageTypeDisable", "messagePoll", "messageQueueType", "messageGet", "messageDiscard",
      "finalize", "definalize", "rootsWalk", "createTransform",
    ]);
    for (const view of ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "f64", "dv"]) expect(arena.mem).toHaveProperty(view);

    // Every pool class of the table.
    for (const name of ["AMC", "AMCZ", "AMS", "AMSDebug", "AWL", "LO", "MFS", "MVFF", "MVFFDebug", "MVT", "SNC"]) {
      expect(PoolClass, `PoolClass.${name}`).toHaveProperty(name);
    }
    const pool = arena.createPool(PoolClass.MVFF, {});
    expectMethods("pool", pool, ["destroy", "totalSize", "freeSize", "walk", "alloc", "free", "createAp"]);
    const ap: AP = pool.createAp({});
    expectMethods("ap", ap, [
      "destroy", "reserve", "commit", "fill", "trip", "framePush", "framePop", "allocPatternBegin", "allocPatternEnd", "allocPatternReset",
    ]);
    expect(Object.keys(AllocPattern).sort()).toEqual(["RAMP", "RAMP_COLLECT_ALL"]);
    const sac = SAC.create(pool, [{ blockSize: 16, cachedCount: 4, frequency: 1 }]);
    expectMethods("sac", sac, ["destroy", "alloc", "free", "flush", "fill", "empty"]);
    sac.destroy();
    ap.destroy();

    const debug = arena.createPool(PoolClass.MVFFDebug, {});
    expectMethods("debugging pool", debug, ["checkFenceposts", "checkFreeSpace"]);
    debug.destroy();

    const format = arena.createFormat({});
    expectMethods("format", format, ["destroy"]);
    const chain = arena.createChain([{ capacity: 64, mortality: 0.5 }]);
    expectMethods("chain", chain, ["destroy"]);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: () => undefined });
    expectMethods("root", root, ["destroy"]);
    const thread = arena.registerThread();
    expectMethods("thread", thread, ["deregister"]);
    const ld = arena.createLd();
    expectMethods("ld", ld, ["reset", "add", "merge", "isStale", "isStaleAny"]);
    const transform = arena.createTransform();
    expectMethods("transform", transform, ["addOldNew", "apply", "destroy"]);
    transform.destroy();

    // Scan states: what a scanner is given (a root is scanned when it may refer to
    // condemned objects, so there must be some: one LO object).
    let seen: Record<string, unknown> | undefined;
    const r2 = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { seen = ss as unknown as Record<string, unknown>; } });
    const loFormat = arena.createFormat({ fmtAlign: 8, fmtSkip: (p: Addr) => p + 8, fmtPad: () => undefined });
    const lo = arena.createPool(PoolClass.LO, { format: loFormat });
    const loAp = lo.createAp({});
    let q: Addr;
    do q = loAp.reserve(8);
    while (!loAp.commit(q, 8));
    arena.collect();
    expect(seen).toBeDefined();
    expectMethods("scan state", seen!, ["fix1", "fix2", "fix", "scanArea", "scanAreaMasked", "scanAreaTagged", "scanAreaTaggedOrZero"]);
    expect(typeof seen!.zoneShift).toBe("number");
    expect(typeof seen!.white).toBe("number");

    // Messages.
    expect(Object.keys(MessageType).sort()).toEqual(["FINALIZATION", "GC", "GC_START"]);
    arena.messageTypeEnable(MessageType.GC);
    arena.collect();
    const m = arena.messageGet(MessageType.GC)!;
    for (const p of ["type", "clock", "gcLiveSize", "gcCondemnedSize", "gcNotCondemnedSize"]) expect(typeof (m as unknown as Record<string, unknown>)[p]).toBe("number");
    expectMethods("message", m, ["finalizationRef"]);
    arena.messageDiscard(m);

    expect(Object.keys(Rank)).toEqual(expect.arrayContaining(["AMBIG", "EXACT", "FINAL", "WEAK"]));
    expect(Object.keys(RootMode)).toEqual(expect.arrayContaining(["CONST", "PROT", "PROT_INNER"]));
    expectMethods("telemetry", telemetry, ["set", "reset", "get", "intern", "label", "flush"]);
    expectMethods("plinth", plinth, ["clock", "clocksPerSec", "installAssertFail"]);
    expect(plinth).toHaveProperty("io");
    expect(typeof mps.MpsError).toBe("function");

    r2.destroy();
    loAp.destroy();
    lo.destroy();
    loFormat.destroy();
    thread.deregister();
    root.destroy();
    chain.destroy();
    format.destroy();
    pool.destroy();
    arena.destroy();
  });

  it(".api.differences: a frame is an address, as the MPS's mps_frame_t is a pointer", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const format = arena.createFormat({ fmtAlign: 8, fmtScan: () => undefined, fmtSkip: (p: Addr) => p + 8, fmtPad: () => undefined });
    const pool = arena.createPool(PoolClass.SNC, { format });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const frame = ap.framePush();
    expect(typeof frame).toBe("number");
    ap.framePop(frame);
    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
