// The example of docs/reference/messages.md, and the errors its entries
// state, checked against the code.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, MessageType, PoolClass, Rank, isMpsError, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";

describe("docs/reference/messages.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;

    // Boxed numbers, never scanned, in an AMCZ pool: BOX and a value. FWD and the new address; PAD and its size.
    const BOX = 1, FWD = 2, PAD = 3;
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtSkip: (p) => p + (m.u32[p >>> 2] === PAD ? m.u32[(p + 4) >>> 2]! : 8),
      fmtFwd(old, newAddr) {
        m.u32[old >>> 2] = FWD;
        m.u32[(old + 4) >>> 2] = newAddr;
      },
      fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, size) {
        m.u32[p >>> 2] = PAD;
        m.u32[(p + 4) >>> 2] = size;
      },
    });
    const pool = arena.createPool(PoolClass.AMCZ, { format });
    const ap = pool.createAp();
    const boxes: Addr[] = [];
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        for (let i = 0; i < boxes.length; i++) boxes[i] = ss.fix(boxes[i]!);
      },
    });
    function box(n: number): Addr {
      let p: Addr;
      do {
        p = ap.reserve(8);
        m.u32[p >>> 2] = BOX;
        m.u32[(p + 4) >>> 2] = n;
      } while (!ap.commit(p, 8));
      return p;
    }

    const log: string[] = [];
    function chatter(): void {
      for (let type = arena.messageQueueType(); type !== undefined; type = arena.messageQueueType()) {
        const msg = arena.messageGet(type)!;
        if (type === MessageType.GC_START) log.push(`start: ${msg.gcStartWhy}`);
        else if (type === MessageType.GC) log.push(`end: ${msg.gcLiveSize} live of ${msg.gcCondemnedSize} condemned`);
        arena.messageDiscard(msg);
      }
    }

    arena.collect(); // nothing is enabled yet: no messages
    expect(arena.messagePoll()).toBe(false);

    arena.messageTypeEnable(MessageType.GC_START);
    arena.messageTypeEnable(MessageType.GC);
    for (let i = 0; i < 10; i++) boxes.push(box(i)); // kept: 80 bytes
    for (let i = 0; i < 100; i++) box(i); // dropped
    arena.collect();
    arena.release();
    expect(arena.messageQueueType() === MessageType.GC_START).toBe(true);
    chatter();
    arena.startCollect();
    while (arena.step(0.01, 1)) chatter();
    chatter();
    expect(log).toEqual(["start: The client asked for a full collection, to be done at once.", "end: 80 live of 8192 condemned", "start: The client asked for a full collection, to be done incrementally.", "end: 80 live of 16384 condemned"]);

    // A message is gone once discarded; a field of another type is refused.
    arena.collect();
    const msg = arena.messageGet(MessageType.GC)!;
    let refused = false;
    try {
      void msg.gcStartWhy;
    } catch (e) {
      refused = isMpsError(e, "PARAM");
    }
    expect(refused).toBe(CHECK_LEVEL !== "rash");
    arena.messageDiscard(msg);
    arena.messageTypeDisable(MessageType.GC_START); // discards the GC_START message still queued
    expect(arena.messagePoll()).toBe(false);

    arena.park();
    root.destroy();
    ap.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });

  it("the errors the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    if (CHECK_LEVEL !== "rash") {
      expect(codeOf(() => arena.messageTypeEnable(7 as never))).toBe("PARAM");
      expect(codeOf(() => arena.messageTypeDisable(-1 as never))).toBe("PARAM");
      expect(codeOf(() => arena.messageGet("GC" as never))).toBe("PARAM");
    }
    expect(arena.messageQueueType()).toBeUndefined();
    arena.messageTypeEnable(MessageType.GC);
    arena.messageTypeEnable(MessageType.GC); // twice is allowed
    arena.messageTypeEnable(MessageType.FINALIZATION);
    expect(codeOf(() => arena.finalize(8))).toBe("PARAM"); // not an object of an automatic pool
    arena.collect();
    expect(arena.messageGet(MessageType.GC_START)).toBeUndefined(); // not enabled: none
    const m = arena.messageGet(MessageType.GC)!;
    expect(m.type).toBe(MessageType.GC);
    expect(m.clock).toBeGreaterThan(0);
    expect([m.gcLiveSize, m.gcCondemnedSize, m.gcNotCondemnedSize]).toEqual([0, 0, 0]); // nothing to condemn
    if (CHECK_LEVEL !== "rash") {
      expect(codeOf(() => m.finalizationRef())).toBe("PARAM");
      const other = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
      expect(codeOf(() => other.messageDiscard(m))).toBe("PARAM");
      other.destroy();
    }
    arena.messageDiscard(m);
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => arena.messageDiscard(m))).toBe("PARAM");
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => m.clock)).toBe("PARAM");
    arena.collect();
    arena.destroy(); // the queued message goes with the arena
    expect(codeOf(() => arena.messagePoll())).toBe("PARAM");
  });
});
