import { describe, expect, it } from "vitest";
import { CHECKING, COOL, MpsAssertionError, MpsError, SIG_INVALID, describeToString } from "@mps/mpm";
import { FindDelete, type Land, Range, VISIT_DELETE, VISIT_STOP } from "@mps/land";
import { ArrayLand } from "@mps/land/test-util";
import { CBS, CBSBlock, type CBSBlockPool, CBSBlockStore, CBSFast, CBSZoned, SIG_CBS } from "../src/index.js";
import { rangesOf } from "./harness.js";

const TOP = 2 ** 32;

function expectCode(code: string, f: () => unknown): void {
  expect(f).toThrow(expect.objectContaining({ code }));
}

/** Run `f`, which must throw `code`, and show that the land's contents did not change. */
function expectUnchanged(land: Land, code: string, f: () => unknown): void {
  const before = rangesOf(land);
  const size = land.size();
  expectCode(code, f);
  expect(rangesOf(land)).toEqual(before);
  expect(land.size()).toBe(size);
  expect(land.check()).toBe(true);
}

function filled(land: CBS, ...ranges: [number, number][]): CBS {
  const r = new Range();
  for (const [b, l] of ranges) land.insert(r, b, l);
  return land;
}

describe.each([
  ["CBS", (o = {}) => new CBS(o)],
  ["CBSFast", (o = {}) => new CBSFast(o)],
  ["CBSZoned", (o = {}) => new CBSZoned(o)],
] as const)("%s", (name, make) => {
  it(".req.coalesce: a range touching a neighbour merges with it", () => {
    const cbs = make();
    const r = new Range();
    cbs.insert(r, 64, 128);
    expect([r.base, r.limit]).toEqual([64, 128]);
    cbs.insert(r, 128, 192); // touches on the left
    expect([r.base, r.limit]).toEqual([64, 192]);
    cbs.insert(r, 0, 64); // touches on the right
    expect([r.base, r.limit]).toEqual([0, 192]);
    cbs.insert(r, 256, 320);
    cbs.insert(r, 192, 256); // bridges two blocks
    expect([r.base, r.limit]).toEqual([0, 320]);
    expect(rangesOf(cbs)).toEqual([[0, 320]]);
    expect(cbs.blockCount).toBe(1);
    expect(cbs.size()).toBe(320);
    expect(cbs.className).toBe(name);
    expect(cbs.check()).toBe(true);
  });

  it(".req.coalesce: ranges with a gap between them stay apart", () => {
    const cbs = filled(make(), [0, 8], [16, 24], [32, 40]);
    expect(rangesOf(cbs)).toEqual([[0, 8], [16, 24], [32, 40]]);
    expect(cbs.blockCount).toBe(3);
  });

  it(".req.split: deleting shrinks or splits the block and returns it", () => {
    const cbs = filled(make(), [0, 256]);
    const r = new Range();
    cbs.delete(r, 0, 64); // low end
    expect([r.base, r.limit]).toEqual([0, 256]);
    cbs.delete(r, 192, 256); // high end
    expect([r.base, r.limit]).toEqual([64, 256]);
    cbs.delete(r, 96, 128); // middle: split
    expect([r.base, r.limit]).toEqual([64, 192]);
    expect(rangesOf(cbs)).toEqual([[64, 96], [128, 192]]);
    cbs.delete(r, 64, 96); // a whole block
    expect([r.base, r.limit]).toEqual([64, 96]);
    expect(rangesOf(cbs)).toEqual([[128, 192]]);
    expect(cbs.size()).toBe(64);
    expect(cbs.check()).toBe(true);
  });

  it(".req.empty: an empty CBS has nothing to delete or iterate", () => {
    const cbs = make();
    expect(cbs.size()).toBe(0);
    expect(rangesOf(cbs)).toEqual([]);
    expect(cbs.iterateAndDelete(() => VISIT_DELETE)).toBe(true);
    expectUnchanged(cbs, "PARAM", () => cbs.delete(new Range(), 0, 8));
  });

  it(".req.edges: address 0 and the top of the address space, up to the whole space", () => {
    const cbs = make();
    const r = new Range();
    cbs.insert(r, 0, 8);
    cbs.insert(r, TOP - 8, TOP);
    expect(rangesOf(cbs)).toEqual([[0, 8], [TOP - 8, TOP]]);
    cbs.insert(r, 8, TOP - 8);
    expect([r.base, r.limit]).toEqual([0, TOP]);
    expect(cbs.size()).toBe(TOP);
    expect(cbs.check()).toBe(true);
    cbs.delete(r, TOP - 16, TOP - 8);
    expect(rangesOf(cbs)).toEqual([[0, TOP - 16], [TOP - 8, TOP]]);
    cbs.delete(r, TOP - 8, TOP);
    cbs.delete(r, 0, TOP - 16);
    expect(cbs.size()).toBe(0);
    expect(cbs.check()).toBe(true);
  });

  it(".req.overlap: inserting any part of a present range throws PARAM and changes nothing", () => {
    const cbs = filled(make(), [64, 128], [256, 320]);
    const r = new Range(1, 2);
    for (const [b, l] of [
      [64, 128], // exactly present
      [80, 96], // inside
      [32, 72], // runs into a block from below
      [120, 136], // runs out of a block
      [32, 160], // covers a block
      [0, TOP], // covers everything
      [200, 264], // from a gap into the next block
      [318 - 6, 400], // from inside the last block out
    ] as const) {
      expectUnchanged(cbs, "PARAM", () => cbs.insert(r, b, l));
    }
    expect([r.base, r.limit]).toEqual([1, 2]);
  });

  it(".req.absent: deleting a range not wholly present throws PARAM and changes nothing", () => {
    const cbs = filled(make(), [64, 128], [136, 200]);
    const r = new Range(1, 2);
    for (const [b, l] of [
      [0, 8], // before everything
      [128, 136], // in the gap
      [120, 144], // across the gap
      [56, 72], // starts before a block
      [192, 208], // runs off the end
      [64, 200], // spans two blocks
      [TOP - 8, TOP], // far away
    ] as const) {
      expectUnchanged(cbs, "PARAM", () => cbs.delete(r, b, l));
    }
    expect([r.base, r.limit]).toEqual([1, 2]);
  });

  it.skipIf(!CHECKING)(".req.param: bad ranges and sizes throw PARAM and change nothing", () => {
    const cbs = filled(make(), [64, 128]);
    const r = new Range();
    for (const [b, l] of [
      [8, 8], // empty
      [16, 8], // reversed
      [4, 8], // unaligned base
      [8, 12], // unaligned limit
      [-8, 8], // negative
      [TOP - 8, TOP + 8], // beyond 2^32
      [0.5, 8], // not an integer
      [Number.NaN, 8],
    ] as const) {
      expectUnchanged(cbs, "PARAM", () => cbs.insert(r, b, l));
      expectUnchanged(cbs, "PARAM", () => cbs.delete(r, b, l));
    }
    if (cbs instanceof CBSFast) {
      for (const size of [0, 4, -8, 12, TOP + 8]) {
        expectUnchanged(cbs, "PARAM", () => cbs.findFirst(r, r, size, FindDelete.NONE));
        expectUnchanged(cbs, "PARAM", () => cbs.findLast(r, r, size, FindDelete.LOW));
      }
      expectUnchanged(cbs, "PARAM", () => cbs.findFirst(r, r, 8, 7 as FindDelete));
      expectUnchanged(cbs, "PARAM", () => cbs.findLargest(r, r, 4, FindDelete.NONE));
    }
    expectCode("PARAM", () => make({ alignment: 12 }));
    expectCode("PARAM", () => make({ zoneShift: 40 }));
    expectCode("PARAM", () => make({ blockPool: {} as CBSBlockPool }));
    expectCode("PARAM", () => make({ blockPool: null as unknown as CBSBlockPool }));
  });

  it(".req.iterate: iterate visits in address order and can stop; iterateAndDelete deletes what it is told", () => {
    const cbs = filled(make(), [0, 8], [16, 24], [32, 40], [48, 56]);
    const seen: number[] = [];
    expect(cbs.iterate((b) => (seen.push(b), b < 16))).toBe(false);
    expect(seen).toEqual([0, 16]);
    const visited: number[] = [];
    expect(
      cbs.iterateAndDelete((b) => {
        visited.push(b);
        return (b === 16 || b === 32 ? VISIT_DELETE : 0) | (b === 32 ? VISIT_STOP : 0);
      }),
    ).toBe(false);
    expect(visited).toEqual([0, 16, 32]);
    expect(rangesOf(cbs)).toEqual([[0, 8], [48, 56]]);
    expect(cbs.size()).toBe(16);
    expect(cbs.blockCount).toBe(2);
    expect(cbs.check()).toBe(true);
  });

  it(".req.iterate: a visitor that throws or calls back into the CBS leaves it whole", () => {
    const cbs = filled(make(), [0, 8], [16, 24], [32, 40]);
    expect(() => cbs.iterate(() => { throw new Error("stop"); })).toThrow("stop");
    expect(() =>
      cbs.iterateAndDelete((b) => {
        if (b === 16) throw new Error("stop");
        return VISIT_DELETE;
      }),
    ).toThrow("stop");
    expect(rangesOf(cbs)).toEqual([[16, 24], [32, 40]]);
    expect(cbs.size()).toBe(16);
    expect(cbs.check()).toBe(true);
    expectCode("PARAM", () => cbs.iterate(() => (cbs.insert(new Range(), 100, 108), true)));
    expect(rangesOf(cbs)).toEqual([[16, 24], [32, 40]]);
    expect(cbs.check()).toBe(true);
  });

  it(".req.flush: ranges flush from a CBS into another land and back", () => {
    const cbs = filled(make(), [0, 8], [16, 24]);
    const other = new ArrayLand();
    expect(other.flushFrom(cbs)).toBe(true);
    expect(rangesOf(other)).toEqual([[0, 8], [16, 24]]);
    expect(cbs.size()).toBe(0);
    // A CBS whose pool has one block left takes what it can.
    const small = make({ blockPool: new CBSBlockStore({ limit: 1 }) });
    expect(small.flushFrom(other)).toBe(false);
    expect(rangesOf(small)).toEqual([[0, 8]]);
    expect(rangesOf(other)).toEqual([[16, 24]]);
  });

  it(".req.protocol: finish returns the blocks to the pool; a finished CBS refuses every operation", () => {
    const pool = new CBSBlockStore();
    const cbs = filled(make({ blockPool: pool }), [0, 8], [16, 24], [32, 40]);
    expect(pool.inUse).toBe(3);
    cbs.finish();
    expect(pool.inUse).toBe(0);
    expect(pool.spareCount).toBe(3);
    expect(cbs.cbsSig).toBe(SIG_INVALID);
    // Use after finish is misuse: rash removes the signature checks that catch it.
    if (CHECKING) {
      expectCode("PARAM", () => cbs.insert(new Range(), 0, 8));
      expectCode("PARAM", () => cbs.size());
      expect(() => cbs.check()).toThrow(MpsAssertionError);
    }
  });

  it(".req.debug: describe lists the blocks", () => {
    const cbs = filled(make({ owner: "test" }), [0, 8], [4096, 8192]);
    const text = describeToString(cbs);
    expect(text).toContain(`${name} of test {`);
    expect(text).toContain("[0x00000000, 0x00000008) 8");
    expect(text).toContain("[0x00001000, 0x00002000) 4096");
    expect(text).toContain("blocks 2, own block pool");
  });
});

describe("CBS block budget (design/cbs .req.resource)", () => {
  it(".req.resource: an insert that needs a block the pool refuses throws RESOURCE and changes nothing", () => {
    const pool = new CBSBlockStore({ limit: 2 });
    const cbs = filled(new CBSFast({ blockPool: pool }), [0, 64], [128, 192]);
    const r = new Range(1, 2);
    expectUnchanged(cbs, "RESOURCE", () => cbs.insert(r, 256, 320));
    expect([r.base, r.limit]).toEqual([1, 2]);
    // Coalescing needs no block, so it still works.
    cbs.insert(r, 64, 96);
    expect([r.base, r.limit]).toEqual([0, 96]);
    cbs.insert(r, 96, 128);
    expect([r.base, r.limit]).toEqual([0, 192]);
    expect(pool.inUse).toBe(1);
    cbs.insert(r, 256, 320); // the bridge freed a block
    expect(pool.inUse).toBe(2);
    expect(cbs.check()).toBe(true);
  });

  it(".req.resource: a delete that must split throws RESOURCE, changes nothing, and still returns the block", () => {
    const pool = new CBSBlockStore({ limit: 1 });
    const cbs = filled(new CBSFast({ blockPool: pool }), [0, 256]);
    const r = new Range();
    expectUnchanged(cbs, "RESOURCE", () => cbs.delete(r, 64, 128));
    expect([r.base, r.limit]).toEqual([0, 256]);
    // The caller can delete the whole block instead (design.mps.land.function.delete.return).
    cbs.delete(r, 0, 256);
    expect(cbs.size()).toBe(0);
    // Deleting from either end needs no block.
    cbs.insert(r, 0, 256);
    cbs.delete(r, 0, 64);
    cbs.delete(r, 192, 256);
    expect(rangesOf(cbs)).toEqual([[64, 192]]);
    pool.limit = 2;
    cbs.delete(r, 96, 128);
    expect(rangesOf(cbs)).toEqual([[64, 96], [128, 192]]);
  });

  it(".req.resource: findInZones that must split throws RESOURCE and changes nothing", () => {
    const pool = new CBSBlockStore({ limit: 1 });
    // 16-byte stripes: zone z covers [16z, 16z + 16) of each 512 bytes.
    const cbs = filled(new CBSZoned({ blockPool: pool, zoneShift: 4 }), [0, 128]);
    const r = new Range(1, 2);
    const o = new Range(1, 2);
    expectUnchanged(cbs, "RESOURCE", () => cbs.findInZones(r, o, 16, 1 << 3, false));
    expect([r.base, r.limit, o.base, o.limit]).toEqual([1, 2, 1, 2]);
    pool.limit = 2;
    expect(cbs.findInZones(r, o, 16, 1 << 3, false)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([48, 64, 0, 128]);
    expect(rangesOf(cbs)).toEqual([[0, 48], [64, 128]]);
  });

  it(".req.resource .req.alloc: finds that delete from an end need no block", () => {
    const pool = new CBSBlockStore({ limit: 2 });
    const cbs = filled(new CBSZoned({ blockPool: pool }), [0, 64], [128, 256]);
    const r = new Range();
    const o = new Range();
    expect(cbs.findFirst(r, o, 32, FindDelete.LOW)).toBe(true);
    expect(cbs.findLast(r, o, 32, FindDelete.HIGH)).toBe(true);
    expect(cbs.findLargest(r, o, 0, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit]).toEqual([128, 224]);
    expect(rangesOf(cbs)).toEqual([[32, 64]]);
    expect(cbs.findInZones(r, o, 16, 0xffffffff, true)).toBe(true);
    expect(rangesOf(cbs)).toEqual([[32, 48]]);
  });

  it(".req.resource: a pool that throws RESOURCE itself leaves the CBS unchanged", () => {
    let allow = true;
    const store = new CBSBlockStore();
    const pool: CBSBlockPool = {
      alloc: () => {
        if (!allow) throw new MpsError("RESOURCE", "no memory");
        return store.alloc();
      },
      free: (b) => store.free(b),
    };
    const cbs = filled(new CBSFast({ blockPool: pool }), [0, 64]);
    allow = false;
    expectUnchanged(cbs, "RESOURCE", () => cbs.insert(new Range(), 128, 192));
    expectUnchanged(cbs, "RESOURCE", () => cbs.delete(new Range(), 16, 32));
  });

  it(".req.shared .req.alloc: CBSs sharing a pool share its budget and recycle its blocks", () => {
    const pool = new CBSBlockStore({ limit: 3 });
    const a = filled(new CBSFast({ blockPool: pool }), [0, 8], [16, 24]);
    const b = filled(new CBSFast({ blockPool: pool }), [0, 8]);
    expect(a.ownPool).toBe(false);
    expectUnchanged(b, "RESOURCE", () => b.insert(new Range(), 32, 40));
    a.delete(new Range(), 16, 24);
    b.insert(new Range(), 32, 40);
    expect(pool.created).toBe(3);
    expect(pool.inUse).toBe(3);
    expect(pool.check()).toBe(true);
  });

  it(".req.param: the block store checks its limit and its frees", () => {
    expectCode("PARAM", () => new CBSBlockStore({ limit: -1 }));
    expectCode("PARAM", () => new CBSBlockStore({ limit: 1.5 }));
    const pool = new CBSBlockStore({ limit: 0 });
    expect(pool.alloc()).toBeNull();
    expectCode("PARAM", () => {
      pool.limit = Number.NaN;
    });
    expect(pool.limit).toBe(0);
    expectCode("PARAM", () => pool.free(new CBSBlock()));
    expect(describeToString(pool)).toContain("limit 0, inUse 0");
  });
});

describe("CBS finds", () => {
  it(".if.classes: plain CBS has no finds and CBSFast no findInZones (UNIMPL)", () => {
    const cbs = filled(new CBS(), [0, 64]);
    const r = new Range();
    expectUnchanged(cbs, "UNIMPL", () => cbs.findFirst(r, r, 8, FindDelete.NONE));
    expectUnchanged(cbs, "UNIMPL", () => cbs.findLast(r, r, 8, FindDelete.NONE));
    expectUnchanged(cbs, "UNIMPL", () => cbs.findLargest(r, r, 8, FindDelete.NONE));
    expectUnchanged(cbs, "UNIMPL", () => cbs.findInZones(r, r, 8, 1, false));
    const fast = filled(new CBSFast(), [0, 64]);
    expectUnchanged(fast, "UNIMPL", () => fast.findInZones(r, r, 8, 1, false));
  });

  it(".req.find: findFirst, findLast and findLargest pick the right block and delete what they are told", () => {
    const cbs = filled(new CBSFast(), [0, 16], [64, 128], [256, 384], [512, 576], [1024, 1152]);
    const r = new Range();
    const o = new Range();
    expect(cbs.findFirst(r, o, 64, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([64, 128, 64, 128]);
    expect(cbs.findLast(r, o, 64, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([1024, 1152]);
    expect(cbs.findFirst(r, o, 256, FindDelete.NONE)).toBe(false);
    // The first of the two largest blocks.
    expect(cbs.findLargest(r, o, 0, FindDelete.NONE)).toBe(true);
    expect([r.base, r.limit]).toEqual([256, 384]);
    expect(cbs.findLargest(r, o, 200, FindDelete.NONE)).toBe(false);
    expect(cbs.findFirst(r, o, 104, FindDelete.HIGH)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([280, 384, 256, 384]);
    expect(cbs.findLast(r, o, 64, FindDelete.LOW)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([1024, 1088, 1024, 1152]);
    expect(cbs.findFirst(r, o, 64, FindDelete.ENTIRE)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([64, 128, 64, 128]);
    expect(rangesOf(cbs)).toEqual([[0, 16], [256, 280], [512, 576], [1088, 1152]]);
    expect(cbs.check()).toBe(true);
  });

  it(".req.find: a failing find changes nothing", () => {
    const cbs = filled(new CBSFast(), [0, 16], [64, 128]);
    const r = new Range(1, 2);
    const o = new Range(3, 4);
    expect(cbs.findFirst(r, o, 128, FindDelete.ENTIRE)).toBe(false);
    expect(cbs.findLast(r, o, 128, FindDelete.ENTIRE)).toBe(false);
    expect(new CBSFast().findLargest(r, o, 0, FindDelete.ENTIRE)).toBe(false);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([1, 2, 3, 4]);
    expect(rangesOf(cbs)).toEqual([[0, 16], [64, 128]]);
  });

  it(".req.zones: findInZones finds the first or last aligned range in the zones", () => {
    // zoneShift 8: 256-byte stripes, zone z at [256z, 256z + 256) mod 8 KiB.
    const cbs = filled(new CBSZoned({ zoneShift: 8 }), [0, 1024], [8192, 8192 + 2048]);
    const r = new Range();
    const o = new Range();
    const z = (...zs: number[]) => zs.reduce((a, b) => (a | (1 << b)) >>> 0, 0);
    expect(cbs.findInZones(r, o, 256, z(2), false)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([512, 768, 0, 1024]);
    expect(cbs.findInZones(r, o, 256, z(2), true)).toBe(true);
    expect([r.base, r.limit, o.base, o.limit]).toEqual([8192 + 512, 8192 + 768, 8192, 8192 + 2048]);
    expect(cbs.findInZones(r, o, 512, z(5, 6), false)).toBe(true);
    expect([r.base, r.limit]).toEqual([8192 + 1280, 8192 + 1792]);
    expect(cbs.findInZones(r, o, 512, z(2), false)).toBe(false); // one zone holds at most 256 bytes
    expect(cbs.findInZones(r, o, 256, z(20), false)).toBe(false); // no block reaches zone 20
    expect(cbs.findInZones(r, o, 8, 0, false)).toBe(false);
    expect(cbs.check()).toBe(true);
  });
});

describe("CBS check", () => {
  it(".req.check: check catches wrong summaries and blocks out of order (at cool)", () => {
    const cbs = filled(new CBSFast(), [0, 8], [16, 24], [32, 40]);
    const root = (cbs as unknown as { splay: { root: CBSBlock } }).splay.root;
    root.maxSize = 999;
    if (COOL) expect(() => cbs.check()).toThrow(MpsAssertionError);
    root.maxSize = 8;
    expect(cbs.check()).toBe(true);
    root.limit = root.base + 16; // no longer coalesced, or overlapping, with its neighbour
    if (COOL) expect(() => cbs.check()).toThrow(MpsAssertionError);
    expect(SIG_CBS).toBe(0x519cb599);
  });
});
