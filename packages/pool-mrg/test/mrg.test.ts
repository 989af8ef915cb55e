// Unit tests of the MRG pool through arena.finalize / definalize and the real
// tracer: guardian states, messages, definalize, errors, n registrations,
// moving referents, and a model-based property test of the guarantees
// (docs/design/pool-mrg.md `.req.*`). Expected: every check holds on both
// protection backends.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MessageType } from "@mps/arena";
import { type Addr, CHECK_LEVEL, Rank, rankSetSingle, zoneOf } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { FinalizationMessage, GuardianState, MRGPool, MRGRefSeg } from "../src/index.js";
import { GrainPool, World } from "./helpers.js";

const backends = ["none", "software"] as const;

function segOf(w: World): MRGRefSeg {
  return w.mrg!.segs()[0] as MRGRefSeg;
}

describe.each(backends)("MRG (protection %s)", (protection) => {
  it(".req.lazy: the finalization pool is made by the first finalize, scannable at FINAL and not collected", () => {
    const w = new World({ protection });
    expect(w.arena.finalPool).toBeUndefined();
    const [p] = w.alloc();
    w.roots[0] = p;
    w.arena.finalize(p);
    const mrg = w.mrg!;
    expect(mrg).toBeInstanceOf(MRGPool);
    expect(mrg.className).toBe("MRG");
    expect(mrg.attrs.gc).toBe(false);
    expect(mrg.attrs.scannable).toBe(true);
    expect(mrg.attrs.ranks).toBe(rankSetSingle(Rank.FINAL));
    expect(w.arena.pools()).toContain(mrg);
    const seg = segOf(w);
    expect(seg.rankSet).toBe(rankSetSingle(Rank.FINAL));
    expect(seg.guardians).toBe(w.arena.grainSize / 4);
    expect(mrg.totalSize()).toBe(w.arena.grainSize);
    expect(mrg.freeSize()).toBe(w.arena.grainSize - 4);
    w.arena.finalize(p);
    expect(w.mrg).toBe(mrg);
    expect(mrg.check()).toBe(true);
    w.destroy();
  });

  it(".impl.register: a registered guardian is PREFINAL, holds the reference and adds its zone to the summary", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    w.roots[0] = p;
    w.arena.finalize(p);
    const seg = segOf(w);
    const i = seg.link.state.indexOf(GuardianState.PREFINAL);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(w.arena.mem.u32[seg.refAddr(i) >>> 2]).toBe(p);
    expect((seg.summary >>> zoneOf(p, w.arena.zoneShift)) & 1).toBe(1);
    expect(w.mrg!.prefinalCount()).toBe(1);
    expect(w.mrg!.finalCount()).toBe(0);
    expect(seg.link.messages[i]).toBeInstanceOf(FinalizationMessage);
    w.destroy();
  });

  it(".req.reachable: nothing reachable is finalized, however many collections", () => {
    const w = new World({ protection });
    const [a] = w.alloc();
    const [b] = w.alloc();
    w.roots[0] = a;
    w.setSlot(a, 0, b); // b is reachable only through a
    w.arena.finalize(a);
    w.arena.finalize(b);
    for (let k = 0; k < 4; k++) w.arena.collect();
    expect(w.arena.messagePoll()).toBe(false);
    expect(w.mrg!.prefinalCount()).toBe(2);
    w.destroy();
  });

  it(".req.final .req.message: an object reachable only through its guardian is finalized, kept alive while its message lives, then reclaimed", () => {
    const w = new World({ protection });
    const [p, id] = w.alloc();
    const [q, qid] = w.alloc();
    w.setSlot(p, 0, q); // q is reachable only from the finalizable p
    w.arena.finalize(p);
    w.arena.collect();
    expect(w.arena.messageQueueType()).toBe(MessageType.FINALIZATION);
    const m = w.arena.messageGet(MessageType.FINALIZATION)!;
    expect(m).toBeInstanceOf(FinalizationMessage);
    expect(m.clock).toBe(0);
    expect(w.id(m.finalizationRef())).toBe(id);
    expect(w.mrg!.finalCount()).toBe(1);
    // The message keeps p, and so q, alive through further collections.
    w.arena.collect();
    w.arena.collect();
    expect(w.hasId(id)).toBe(true);
    expect(w.hasId(qid)).toBe(true);
    expect(w.arena.mem.u32[(m.finalizationRef() + 8) >>> 2]).toBe(q);
    expect(w.arena.messagePoll()).toBe(false); // finalized once only
    w.arena.messageDiscard(m);
    expect(w.mrg!.finalCount()).toBe(0);
    expect(w.mrg!.prefinalCount()).toBe(0);
    expect(w.mrg!.freeSize()).toBe(w.arena.grainSize);
    // A discarded message's fields are refused except at rash, which checks nothing.
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => m.finalizationRef())).toBe("PARAM");
    w.arena.collect();
    expect(w.hasId(id)).toBe(false);
    expect(w.hasId(qid)).toBe(false);
    expect(w.mrg!.check()).toBe(true);
    w.destroy();
  });

  it(".req.moving .req.message: the message's reference follows an object that moves", () => {
    const w = new World({ protection, copying: true });
    const [p, id] = w.alloc();
    w.arena.finalize(p);
    w.arena.collect();
    const m = w.arena.messageGet(MessageType.FINALIZATION)!;
    const r1 = m.finalizationRef();
    expect(r1).not.toBe(p);
    expect(w.id(r1)).toBe(id);
    w.arena.collect();
    const r2 = m.finalizationRef();
    expect(r2).not.toBe(r1);
    expect(w.id(r2)).toBe(id);
    w.arena.messageDiscard(m);
    w.arena.collect();
    expect(w.hasId(id)).toBe(false);
    w.destroy();
  });

  it(".req.moving: a registered object that moves while reachable is finalized at its new address", () => {
    const w = new World({ protection, copying: true });
    const [p, id] = w.alloc();
    w.roots[0] = p;
    w.arena.finalize(p);
    w.arena.collect();
    expect(w.roots[0]).not.toBe(p);
    w.arena.definalize(w.roots[0]!); // the guardian was updated to the new address
    w.arena.finalize(w.roots[0]!);
    w.roots[0] = 0;
    w.arena.collect();
    const { ids } = w.drain();
    expect(ids).toEqual([id]);
    w.destroy();
  });

  it(".req.n-times: a block registered n times is finalized at most n times, and n times once its messages are discarded", () => {
    const w = new World({ protection });
    const [p, id] = w.alloc();
    for (let k = 0; k < 3; k++) w.arena.finalize(p);
    let total = 0;
    for (let k = 0; k < 10; k++) {
      w.arena.collect();
      const { ids } = w.drain();
      for (const x of ids) expect(x).toBe(id);
      total += ids.length;
    }
    expect(total).toBe(3);
    w.arena.collect();
    expect(w.hasId(id)).toBe(false);
    w.destroy();
  });

  it(".req.definalize: definalize removes one registration; with none left it throws FAIL", () => {
    const w = new World({ protection });
    const [p, id] = w.alloc();
    w.arena.finalize(p);
    w.arena.finalize(p);
    w.arena.definalize(p);
    expect(w.mrg!.prefinalCount()).toBe(1);
    w.arena.definalize(p);
    expect(w.mrg!.prefinalCount()).toBe(0);
    expect(codeOf(() => w.arena.definalize(p))).toBe("FAIL");
    w.arena.collect();
    expect(w.arena.messagePoll()).toBe(false);
    expect(w.hasId(id)).toBe(false);
    w.destroy();
  });

  it(".req.definalize: a registration already finalized cannot be removed", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    w.arena.finalize(p);
    w.arena.collect();
    const m = w.arena.messageGet(MessageType.FINALIZATION)!;
    expect(codeOf(() => w.arena.definalize(m.finalizationRef()))).toBe("FAIL");
    expect(codeOf(() => w.arena.definalize(p))).toBe("FAIL");
    w.arena.messageDiscard(m);
    w.destroy();
  });

  it(".req.disabled: with finalization messages disabled the object is finalized silently, once, and reclaimed", () => {
    const w = new World({ protection });
    w.arena.messageTypeDisable(MessageType.FINALIZATION);
    const [p, id] = w.alloc();
    w.arena.finalize(p);
    w.arena.collect();
    expect(w.arena.messagePoll()).toBe(false);
    expect(w.mrg!.prefinalCount()).toBe(0);
    expect(w.mrg!.finalCount()).toBe(0);
    w.arena.messageTypeEnable(MessageType.FINALIZATION);
    w.arena.collect();
    expect(w.arena.messagePoll()).toBe(false);
    expect(w.hasId(id)).toBe(false);
    w.destroy();
  });

  it(".req.disabled: disabling the type deletes queued finalization messages and frees their guardians", () => {
    const w = new World({ protection });
    const [p, id] = w.alloc();
    w.arena.finalize(p);
    w.arena.collect();
    expect(w.arena.messagePoll()).toBe(true);
    w.arena.messageTypeDisable(MessageType.FINALIZATION);
    expect(w.mrg!.finalCount()).toBe(0);
    w.arena.collect();
    expect(w.hasId(id)).toBe(false);
    w.destroy();
  });

  it(".req.resurrect: an object re-registered after its message is finalized again when dropped again", () => {
    const w = new World({ protection });
    const [p, id] = w.alloc();
    w.arena.finalize(p);
    w.arena.collect();
    const m = w.arena.messageGet(MessageType.FINALIZATION)!;
    const r = m.finalizationRef();
    w.roots[0] = r; // resurrected
    w.arena.finalize(r);
    w.arena.messageDiscard(m);
    w.arena.collect();
    expect(w.arena.messagePoll()).toBe(false);
    w.roots[0] = 0;
    w.arena.collect();
    expect(w.drain().ids).toEqual([id]);
    w.destroy();
  });

  it(".impl.grow: guardians beyond one segment take a new segment; freed ones are reused", () => {
    const w = new World({ protection, nRoots: 8 });
    const per = w.arena.grainSize / 4;
    const [p] = w.alloc();
    w.roots[0] = p;
    for (let k = 0; k < per + 1; k++) w.arena.finalize(p);
    expect(w.mrg!.segs().length).toBe(2);
    expect(w.mrg!.prefinalCount()).toBe(per + 1);
    for (let k = 0; k < per + 1; k++) w.arena.definalize(p);
    for (let k = 0; k < per; k++) w.arena.finalize(p);
    expect(w.mrg!.segs().length).toBe(2);
    expect(w.mrg!.check()).toBe(true);
    w.destroy();
  });

  it(".req.errors: bad references throw PARAM and register nothing", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    w.roots[0] = p;
    for (const bad of [0, -8, 1.5, Number.NaN, 2 ** 33]) expect(codeOf(() => w.arena.finalize(bad))).toBe("PARAM");
    // Not in any pool's memory: the arena's base, and beyond the arena.
    expect(codeOf(() => w.arena.finalize(w.arena.chunks[0]!.base))).toBe("PARAM");
    expect(codeOf(() => w.arena.finalize(0x7ffffff8))).toBe("PARAM");
    expect(w.arena.finalPool).toBeUndefined();
    // In a manual pool.
    const g = w.arena.createPool(GrainPool, {});
    const gp = g.alloc(64);
    expect(codeOf(() => w.arena.finalize(gp))).toBe("PARAM");
    expect(w.arena.finalPool).toBeUndefined();
    w.arena.finalize(p);
    // In the finalization pool itself, which is not automatic either.
    expect(codeOf(() => w.arena.finalize(segOf(w).base))).toBe("PARAM");
    expect(w.mrg!.prefinalCount()).toBe(1);
    for (const bad of [0, -8, 1.5, 0x7ffffff8]) expect(codeOf(() => w.arena.definalize(bad))).toBe("PARAM");
    expect(codeOf(() => w.arena.definalize(gp))).toBe("FAIL");
    expect(w.mrg!.prefinalCount()).toBe(1);
    g.destroy();
    w.destroy();
  });

  it(".req.destroy: the arena destroys its finalization pool; it does not count as a client pool", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    const [q] = w.alloc();
    w.roots[0] = q;
    w.arena.finalize(p);
    w.arena.finalize(q);
    w.arena.collect();
    const held = w.arena.messageGet(MessageType.FINALIZATION)!;
    expect(held).toBeDefined();
    w.arena.collect();
    const mrg = w.mrg!;
    // A client pool alive: destroy refuses and names one pool, not two.
    let msg = "";
    try {
      w.arena.destroy();
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/still has 1 pool/);
    expect(w.arena.finalPool).toBe(mrg);
    w.destroy();
    expect(mrg.sig).not.toBe(0x519b0011);
    if (CHECK_LEVEL !== "rash") expect(codeOf(() => held.finalizationRef())).toBe("PARAM");
  });

  it(".req.destroy: a finalization pool the client destroys is replaced by the next finalize", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    w.roots[0] = p;
    w.arena.finalize(p);
    const first = w.mrg!;
    first.destroy();
    expect(codeOf(() => w.arena.definalize(p))).toBe("FAIL");
    w.arena.finalize(p);
    expect(w.mrg).not.toBe(first);
    expect(w.mrg!.prefinalCount()).toBe(1);
    expect(w.arena.check()).toBe(true);
    w.destroy();
  });

  it(".impl.describe: describe lists the guardians", () => {
    const w = new World({ protection });
    const [p] = w.alloc();
    w.roots[0] = p;
    w.arena.finalize(p);
    const lines: string[] = [];
    w.mrg!.describe({ write: (s: string) => void lines.push(s) } as never);
    const text = lines.join("");
    expect(text).toMatch(/class MRG/);
    expect(text).toMatch(/prefinal 1 final 0/);
    expect(text).toMatch(new RegExp(`prefinal ref 0x${p.toString(16)}`));
    w.destroy();
  });
});

describe.each(backends)(".req.model: finalization against a model (protection %s)", (protection) => {
  it(".req.model: only unreachable registered objects are finalized, each at most as often as registered, all in the end", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ rooted: fc.boolean(), regs: fc.integer({ min: 0, max: 3 }), child: fc.boolean() }), { minLength: 1, maxLength: 24 }),
        fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 8 }),
        (objs, drops) => {
          const w = new World({ protection, nRoots: 32 });
          const addr: Addr[] = [];
          const ids: number[] = [];
          objs.forEach((o, k) => {
            const [p, id] = w.alloc();
            addr.push(p);
            ids.push(id);
            if (o.rooted) w.roots[k] = p;
            for (let r = 0; r < o.regs; r++) w.arena.finalize(p);
          });
          // A child link from a rooted object keeps the next object reachable.
          objs.forEach((o, k) => {
            if (o.child && o.rooted && k + 1 < objs.length) w.setSlot(w.roots[k]!, 0, addr[k + 1]!);
          });
          const reachable = new Set<number>();
          const recompute = (): void => {
            reachable.clear();
            // Links go from k to k + 1 only, so one pass in order closes over chains of them.
            let prevReaches = false;
            objs.forEach((o, k) => {
              const r = w.roots[k] !== 0 || prevReaches;
              if (r) reachable.add(ids[k]!);
              prevReaches = r && o.child && o.rooted;
            });
          };
          recompute();
          const count = new Map<number, number>();
          const collectAndDrain = (): void => {
            w.arena.collect();
            for (const id of w.drain().ids) {
              expect(reachable.has(id)).toBe(false);
              count.set(id, (count.get(id) ?? 0) + 1);
            }
          };
          collectAndDrain();
          // Drop some roots: those objects (and their children) become unreachable.
          for (const d of drops) if (d < objs.length) w.roots[d] = 0;
          recompute();
          for (let k = 0; k < 4; k++) collectAndDrain();
          objs.forEach((o, k) => {
            const id = ids[k]!;
            const n = count.get(id) ?? 0;
            if (reachable.has(id)) expect(n).toBe(0);
            else expect(n).toBe(o.regs);
          });
          expect(w.mrg === undefined || w.mrg.check()).toBe(true);
          w.destroy();
        },
      ),
      { numRuns: 25 },
    );
  });
});
