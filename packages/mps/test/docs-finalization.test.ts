// The example of docs/reference/finalization.md, and the errors and promises its
// entries state, checked against the code.
import { describe, expect, it } from "vitest";
import { type AP, Arena, ArenaClass, CHECK_LEVEL, FinalizationMessage, MessageType, PoolClass, Rank, type Addr } from "../src/index.js";
import { codeOf } from "@mps/mpm/test-util";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";

describe("docs/reference/finalization.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const m = arena.mem;

    // A port is PORT and its handle; a forwarded port is FWD and the new address; padding is PAD and its size.
    const PORT = 1, FWD = 2, PAD = 3;
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

    // The program's ports, held by an exact root.
    const ports: Addr[] = [];
    const root = arena.createRoot({
      rank: Rank.EXACT,
      scan(ss) {
        for (let i = 0; i < ports.length; i++) ports[i] = ss.fix(ports[i]!);
      },
    });

    // The external resources: open handles, by number.
    const open = new Map<number, string>();
    let nextHandle = 1;

    function openPort(name: string): Addr {
      const handle = nextHandle++;
      open.set(handle, name);
      let p: Addr;
      do {
        p = ap.reserve(8);
        m.u32[p >>> 2] = PORT;
        m.u32[(p + 4) >>> 2] = handle;
      } while (!ap.commit(p, 8));
      arena.finalize(p);
      return p;
    }

    arena.messageTypeEnable(MessageType.FINALIZATION);
    for (const name of ["a", "b", "c", "d"]) ports.push(openPort(name));
    ports.splice(1, 2); // the program drops ports b and c

    // Once per turn of its loop, the program closes what died.
    function closeDeadPorts(): string[] {
      const closed: string[] = [];
      for (let msg = arena.messageGet(MessageType.FINALIZATION); msg !== undefined; msg = arena.messageGet(MessageType.FINALIZATION)) {
        const port = msg.finalizationRef();
        const handle = m.u32[(port + 4) >>> 2]!;
        closed.push(open.get(handle)!);
        open.delete(handle);
        arena.messageDiscard(msg); // the port is reclaimed by a later collection
      }
      return closed.sort();
    }

    arena.collect();
    expect(closeDeadPorts()).toEqual(["b", "c"]);
    expect([...open.values()].sort()).toEqual(["a", "d"]);

    ap.destroy();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy(); // destroys the finalization pool too
  });

  it("the errors and promises the entries state", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const fmt = arena.createFormat(testFormat(arena.mem));
    const pool = arena.createPool(PoolClass.AMS, { format: fmt });
    const ap = pool.createAp({ rank: Rank.EXACT });
    const mvff = arena.createPool(PoolClass.MVFF, {});
    const size = testObjectSize(1);
    const obj = (id: number): Addr => {
      let p: Addr;
      do {
        p = ap.reserve(size);
        initTestObject(arena.mem, p, 0, id, 1);
      } while (!ap.commit(p, size));
      return p;
    };
    const held = new Uint32Array(2);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
      for (let i = 0; i < held.length; i++) if (held[i] !== 0 && ss.fix1(held[i]!)) held[i] = ss.fix2(held[i]!);
    } });
    // finalize: PARAM for what is not an object of an automatic pool, nothing registered.
    for (const bad of [0, -4, 1.5, 2 ** 32]) expect(codeOf(() => arena.finalize(bad))).toBe("PARAM");
    expect(codeOf(() => arena.finalize(mvff.alloc(16)))).toBe("PARAM");
    expect(arena.finalPool).toBeUndefined();
    // definalize: FAIL with no registration; PARAM outside the arena.
    const a = obj(1);
    expect(codeOf(() => arena.definalize(a))).toBe("FAIL");
    expect(codeOf(() => arena.definalize(0))).toBe("PARAM");
    // Registered twice, definalized once: finalized once.
    arena.finalize(a);
    arena.finalize(a);
    arena.definalize(a);
    // Not enabled: a message posted now would be dropped; so enable first.
    arena.messageTypeEnable(MessageType.FINALIZATION);
    held[0] = obj(2);
    arena.finalize(held[0]);
    arena.collect();
    const msg = arena.messageGet(MessageType.FINALIZATION)!;
    expect(msg).toBeInstanceOf(FinalizationMessage);
    expect(msg.clock).toBe(0);
    expect(arena.mem.u32[(msg.finalizationRef() + 4) >>> 2]).toBe(1); // a, not the held object 2
    expect(arena.messageGet(MessageType.FINALIZATION)).toBeUndefined();
    expect(codeOf(() => arena.definalize(a))).toBe("FAIL"); // already finalized
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => msg.gcLiveSize)).toBe("PARAM");
    // Resurrect it and register it again: finalized again when dropped again.
    held[1] = msg.finalizationRef();
    arena.finalize(held[1]);
    arena.messageDiscard(msg);
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => msg.finalizationRef())).toBe("PARAM");
    arena.collect();
    expect(arena.messagePoll()).toBe(false);
    held[1] = 0;
    arena.collect();
    const again = arena.messageGet(MessageType.FINALIZATION)!;
    expect(arena.mem.u32[(again.finalizationRef() + 4) >>> 2]).toBe(1);
    // Arena destroy refuses while client pools live, not counting the finalization pool.
    expect(() => arena.destroy()).toThrow(/2 pool/);
    ap.destroy();
    root.destroy();
    pool.destroy();
    mvff.destroy();
    fmt.destroy();
    arena.destroy();
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => again.finalizationRef())).toBe("PARAM");
  });

  it("weak references to a finalizable object are not splatted while its message is held", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
    const mem = arena.mem;
    // Objects: word 0 the size in bytes, word 1 data, then references.
    const format = arena.createFormat({
      fmtAlign: 8,
      fmtScan(ss, base, limit) {
        for (let p = base; p < limit; p += mem.u32[p >>> 2]!) {
          for (let q = p + 8; q < p + mem.u32[p >>> 2]!; q += 4) {
            const ref = mem.u32[q >>> 2]!;
            if (ref !== 0 && ss.fix1(ref)) mem.u32[q >>> 2] = ss.fix2(ref);
          }
        }
      },
      fmtSkip: (p) => p + mem.u32[p >>> 2]!,
    });
    const pool = arena.createPool(PoolClass.AWL, { format });
    const exact = pool.createAp({ rank: Rank.EXACT });
    const weak = pool.createAp({ rank: Rank.WEAK });
    const make = (ap: AP, data: number, ref: number): Addr => {
      let p: Addr;
      do {
        p = ap.reserve(16);
        mem.u32.set([16, data, ref, 0], p >>> 2);
      } while (!ap.commit(p, 16));
      return p;
    };
    const obj = make(exact, 42, 0);
    const cell = make(weak, 0, obj); // a weak reference to obj
    const held = new Uint32Array([cell]);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
      if (held[0] !== 0 && ss.fix1(held[0]!)) held[0] = ss.fix2(held[0]!);
    } });
    arena.messageTypeEnable(MessageType.FINALIZATION);
    arena.finalize(obj);
    arena.collect();
    const msg = arena.messageGet(MessageType.FINALIZATION)!;
    expect(msg.finalizationRef()).toBe(obj);
    expect(mem.u32[(cell + 8) >>> 2]).toBe(obj); // not splatted: the guardian kept obj
    arena.collect();
    expect(mem.u32[(cell + 8) >>> 2]).toBe(obj); // the held message keeps it
    expect(mem.u32[(obj + 4) >>> 2]).toBe(42);
    arena.messageDiscard(msg);
    arena.collect();
    expect(mem.u32[(cell + 8) >>> 2]).toBe(0); // now nothing keeps it: splatted
    exact.destroy();
    weak.destroy();
    root.destroy();
    pool.destroy();
    format.destroy();
    arena.destroy();
  });
});
