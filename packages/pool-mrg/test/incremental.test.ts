// Finalization in incremental collections with the software barrier: the
// guardian segment stays grey (read-protected) while the mutator runs between
// steps; reading a message's reference, definalizing and registering then go
// through the barrier and must see current references. Expected: the objects
// keep their ids, only unreachable ones are finalized, and everything dropped
// is finalized in the end.
import { expect, it } from "vitest";
import { MessageType } from "@mps/arena";
import { World } from "./helpers.js";

// .req.barrier
it(".impl.barrier: mid-collection reads, definalize and finalize go through the read barrier", () => {
  const w = new World({ protection: "software", copying: true });
  const [a, aid] = w.alloc();
  const [b, bid] = w.alloc();
  const [c, cid] = w.alloc();
  w.roots[0] = b;
  w.roots[1] = c;
  w.arena.finalize(a);
  w.arena.finalize(b);
  w.arena.collect();
  const m = w.arena.messageGet(MessageType.FINALIZATION)!;
  expect(w.id(m.finalizationRef())).toBe(aid);
  w.arena.release();
  w.arena.startCollect();
  const seg = w.mrg!.segs()[0]!;
  // The trace has flipped and the guardian segment is still grey: the mutator runs with it protected.
  expect(seg.grey).not.toBe(0);
  const r = m.finalizationRef(); // a read barrier hit
  expect(w.id(r)).toBe(aid);
  w.arena.definalize(w.roots[0]!); // b, at its current address (the roots were fixed at the flip)
  w.arena.finalize(w.roots[1]!); // c, registered mid-collection
  w.roots[1] = 0;
  w.arena.collect();
  expect(w.id(m.finalizationRef())).toBe(aid);
  w.arena.messageDiscard(m);
  w.roots[0] = 0;
  let seen: number[] = [];
  for (let k = 0; k < 3; k++) {
    w.arena.collect();
    seen = seen.concat(w.drain().ids);
  }
  expect(seen).toEqual([cid]); // b was definalized; a was finalized once
  expect(w.hasId(aid) || w.hasId(bid) || w.hasId(cid)).toBe(false);
  expect(w.mrg!.check()).toBe(true);
  w.destroy();
});

// .req.barrier
it(".impl.barrier: a trace stepped to its end with the software barrier finalizes what was dropped", () => {
  const w = new World({ protection: "software" });
  const ids: number[] = [];
  for (let k = 0; k < 10; k++) {
    const [p, id] = w.alloc();
    ids.push(id);
    w.roots[k] = p;
    w.arena.finalize(p);
  }
  for (let k = 0; k < 10; k += 2) w.roots[k] = 0;
  w.arena.release();
  w.arena.startCollect();
  let steps = 0;
  while (w.arena.step(0, 1) && steps < 10000) {
    steps++;
    // The mutator reads its roots' objects between steps.
    for (let k = 1; k < 10; k += 2) expect(w.id(w.roots[k]!)).toBe(ids[k]);
  }
  w.arena.collect();
  const got = w.drain().ids.sort((x, y) => x - y);
  expect(got).toEqual(ids.filter((_, k) => k % 2 === 0));
  w.destroy();
});
