// The free-space hooks of AMS (docs/design/pool-ams.md `.impl.debug-hooks`): a
// subclass sees the four points the MPS's AMSDebug acts at (segment made,
// buffer filled, buffer emptied, reclaim), in order and with the right
// ranges; plain AMS does nothing at them and leaves memory as it was.
import { describe, expect, it } from "vitest";
import type { Arena } from "@mps/arena";
import type { Addr } from "@mps/mpm";
import { testObjectSize } from "@mps/trace/test-util";
import { AMSPool, AMSSeg } from "../src/index.js";
import { allocObj, collect, makeFormat, vmArena } from "./helpers.js";

type Event = [kind: "splat" | "check", base: Addr, limit: Addr];

/** AMS with hooks that only record their calls. */
class HookedAMS extends AMSPool {
  static override readonly className: string = "HookedAMS";
  readonly events: Event[] = [];
  override get splatsFreeSpace(): boolean {
    return true;
  }
  override freeSplatHook(base: Addr, limit: Addr): void {
    this.events.push(["splat", base, limit]);
  }
  override freeCheckHook(base: Addr, limit: Addr): void {
    this.events.push(["check", base, limit]);
  }
}

function setup<P extends AMSPool>(klass: typeof AMSPool & (new (...a: never[]) => P)) {
  const arena: Arena = vmArena();
  const format = makeFormat(arena, 0);
  const chain = arena.createChain([{ capacity: 1024, mortality: 0.5 }]);
  const pool = arena.createPool(klass as typeof AMSPool, { format, chain }) as unknown as P;
  const done = (): void => {
    for (const b of pool.buffers()) b.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
  };
  return { arena, pool, done };
}

describe("AMS free-space hooks", () => {
  it(".impl.debug-hooks: a subclass sees segment made, fill, empty and reclaim, with their ranges", () => {
    const { arena, pool, done } = setup(HookedAMS);
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 3);
    const seg = [...pool.segs()][0] as AMSSeg;
    // the segment was made (splat of all of it), then the buffer took all of it (check)
    expect(pool.events).toEqual([
      ["splat", seg.base, seg.limit],
      ["check", seg.base, seg.limit],
    ]);
    const b = allocObj(arena, ap, 0, 2, 5);
    const end = b + testObjectSize(5);
    pool.events.length = 0;
    ap.destroy(); // empties the buffer: the unused tail [end, limit) is splatted
    expect(pool.events).toEqual([["splat", end, seg.limit]]);
    pool.events.length = 0;
    // keep a, let b die: reclaim splats the white runs (b, and the free tail)
    collect(arena, [pool], { exact: [a] });
    expect(pool.events).toEqual([["splat", b, seg.limit]]);
    pool.events.length = 0;
    // the next fill takes the first free run and checks it first
    const ap2 = pool.createAp();
    allocObj(arena, ap2, 0, 3, 1);
    expect(pool.events).toEqual([["check", b, seg.limit]]);
    done();
  });

  it(".impl.debug-hooks: plain AMS does nothing at the hooks: free memory keeps what was there", () => {
    const { arena, pool, done } = setup(AMSPool);
    expect(pool.splatsFreeSpace).toBe(false);
    const ap = pool.createAp();
    const a = allocObj(arena, ap, 0, 1, 3);
    const b = allocObj(arena, ap, 0, 2, 5);
    const end = b + testObjectSize(5);
    const seg = [...pool.segs()][0] as AMSSeg;
    const u8 = arena.mem.u8;
    // a fresh segment is not written by AMS (the VM gives zeros)
    expect(u8.subarray(end, end + 64).every((x) => x === 0)).toBe(true);
    u8.fill(0xab, end, end + 64); // a "tripped" write into the unused tail
    ap.destroy();
    expect(u8.subarray(end, end + 64).every((x) => x === 0xab)).toBe(true);
    const before = u8.slice(b, end);
    collect(arena, [pool], { exact: [a] });
    expect(u8.slice(b, end)).toEqual(before); // dead object left as it was
    pool.freeSplatHook(seg.base, seg.limit); // the hooks do nothing
    pool.freeCheckHook(seg.base, seg.limit);
    expect(u8.slice(b, end)).toEqual(before);
    expect(pool.check()).toBe(true);
    done();
  });

  it(".impl.debug-hooks: a check hook that throws leaves the segment and the accounts unchanged", () => {
    class Refusing extends HookedAMS {
      refuse = false;
      override freeCheckHook(base: Addr, limit: Addr): void {
        if (this.refuse) throw new Error("refused");
        super.freeCheckHook(base, limit);
      }
    }
    const { arena, pool, done } = setup(Refusing);
    const ap = pool.createAp();
    allocObj(arena, ap, 0, 1, 3);
    ap.destroy();
    const seg = [...pool.segs()][0] as AMSSeg;
    const free = seg.freeGrains, total = pool.totalSize(), freeSize = pool.freeSize();
    pool.refuse = true;
    const ap2 = pool.createAp();
    expect(() => ap2.reserve(testObjectSize(2))).toThrow("refused");
    expect([seg.freeGrains, seg.bufferedGrains, pool.totalSize(), pool.freeSize()]).toEqual([free, 0, total, freeSize]);
    expect(pool.check()).toBe(true);
    pool.refuse = false;
    allocObj(arena, ap2, 0, 2, 2);
    expect(pool.check()).toBe(true);
    done();
  });
});
