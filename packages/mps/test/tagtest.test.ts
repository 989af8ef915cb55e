// tagtest: tagged references (the MPS's tagtest.c). A thousand conses in
// an AMC pool, each registered for finalization, are held only by tagged
// words in an ambiguous area root scanned with a tag mask and pattern.
// The four tags of a 4-byte word (cons, forwarding, immediate, invalid)
// are shuffled by a seeded generator. Scanning the words tagged "cons"
// keeps every cons (none finalized); scanning the words tagged "invalid"
// (there are none) keeps nothing, so a full collection finalizes all of
// them. The format's scanner fixes only words tagged "cons", and checks
// that it runs inside the collector (`arena.busy()`).
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform, type Addr } from "../src/index.js";

const OBJCOUNT = 1000;
const TAG_BITS = 2;
const TAG_COUNT = 1 << TAG_BITS;
const TAG_MASK = TAG_COUNT - 1;

function shuffledTags(seed: number): number[] {
  const tags = [0, 1, 2, 3];
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 8);
  for (let i = 0; i < TAG_COUNT; i++) {
    const j = i + (rnd() % (TAG_COUNT - i));
    [tags[i], tags[j]] = [tags[j]!, tags[i]!];
  }
  return tags;
}

function run(mode: "cons" | "invalid", protection: "none" | "software", seed: number): { finalized: number; scansOutside: number; untaggedRefs: boolean } {
  const [tagCons, tagFwd, tagImm, tagInvalid] = shuffledTags(seed) as [number, number, number, number];
  const tag = (w: number) => w & TAG_MASK;
  const tagged = (v: number, t: number) => ((v & ~TAG_MASK) + t) >>> 0;
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, platform: selectPlatform({ protection }) });
  const m = arena.mem;
  let scansOutside = 0;
  const format = arena.createFormat({
    fmtAlign: 8,
    fmtScan(ss, base, limit) {
      if (!arena.busy()) scansOutside++;
      for (let p = base; p < limit; p += 4) {
        const w = m.u32[p >>> 2]!;
        if (tag(w) !== tagCons) continue;
        const ref = w & ~TAG_MASK;
        if (ss.fix1(ref)) m.u32[p >>> 2] = tagged(ss.fix2(ref), tagCons);
      }
    },
    fmtSkip: (p: Addr) => p + 8,
    fmtFwd(old, nu) {
      m.u32[old >>> 2] = tagged(0, tagFwd);
      m.u32[(old + 4) >>> 2] = nu;
    },
    fmtIsfwd: (p) => (tag(m.u32[p >>> 2]!) === tagFwd ? m.u32[(p + 4) >>> 2]! : 0),
    fmtPad(p, size) {
      for (let q = p; q < p + size; q += 4) m.u32[q >>> 2] = tagged(0, tagImm);
    },
  });
  const pool = arena.createPool(PoolClass.AMC, { format });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const manual = arena.createPool(PoolClass.MVFF, {});
  const refs = manual.alloc(4 * OBJCOUNT);
  m.u32.fill(0, refs >>> 2, (refs >>> 2) + OBJCOUNT);
  const thread = arena.registerThread();
  const root = arena.createRootArea({ rank: Rank.AMBIG, base: refs, limit: refs + 4 * OBJCOUNT, mask: TAG_MASK, pattern: mode === "cons" ? tagCons : tagInvalid });
  arena.messageTypeEnable(MessageType.FINALIZATION);
  for (let i = 0; i < OBJCOUNT; i++) {
    const q = tagged(i << TAG_BITS, tagImm);
    let p: Addr;
    do {
      p = ap.reserve(8);
      m.u32[p >>> 2] = q;
      m.u32[(p + 4) >>> 2] = q;
    } while (!ap.commit(p, 8));
    const t = tagged(p, tagCons);
    expect(tag(t)).toBe(tagCons);
    m.u32[(p + 4) >>> 2] = tagged(t, tagImm); // the cdr: the cons's own address, tagged immediate, so not a reference
    m.u32[(refs >>> 2) + i] = t;
    arena.finalize(p);
  }
  arena.collect();
  let finalized = 0;
  let untaggedRefs = true;
  for (let msg = arena.messageGet(MessageType.FINALIZATION); msg !== undefined; msg = arena.messageGet(MessageType.FINALIZATION)) {
    if (tag(msg.finalizationRef()) !== 0) untaggedRefs = false;
    arena.messageDiscard(msg);
    finalized++;
  }
  arena.park();
  ap.destroy();
  pool.destroy();
  format.destroy();
  root.destroy();
  thread.deregister();
  manual.free(refs, 4 * OBJCOUNT);
  manual.destroy();
  arena.destroy();
  return { finalized, scansOutside, untaggedRefs };
}

describe("tagtest: tagged references", () => {
  for (const protection of ["none", "software"] as const) {
    for (const seed of [1, 2, 3]) {
      it(`.test.tagtest: scanning the words tagged "cons" keeps every cons; none is finalized (seed ${seed}, ${protection})`, () => {
        const r = run("cons", protection, seed);
        expect(r.finalized).toBe(0);
        expect(r.scansOutside).toBe(0);
      });
      it(`.test.tagtest: scanning the words tagged "invalid" keeps none; all ${OBJCOUNT} are finalized, with untagged references (seed ${seed}, ${protection})`, () => {
        const r = run("invalid", protection, seed);
        expect(r.finalized).toBe(OBJCOUNT);
        expect(r.untaggedRefs).toBe(true);
        expect(r.scansOutside).toBe(0);
      });
    }
  }
});
