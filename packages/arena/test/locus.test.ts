/**
 * Zones and the locus manager (design.mps.locus, design.mps.arena `.zone`):
 * the zone shift comes from the arena's size; segments are placed in the
 * preferred zones, high or low, avoiding the blacklist, falling back to
 * free zones, then any zone; a generation (a zone group) keeps its segments
 * in few zones.
 */
import { describe, expect, it } from "vitest";
import { ZONE_SET_UNIV, zoneOf, zoneSetOfRange, zoneSetSingle, zoneSetUnion } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import { Arena, ArenaClass, GCSeg, LOCUS_PREF_DEFAULT, LocusPref, LocusPrefKind, PlainSeg, segAlloc, segAllocInZones, zoneSetBlacklist } from "../src/index.js";
import { TinyPool, mockArena } from "./tiny-pool.js";

const MiB = 1 << 20;

describe("zones", () => {
  it(".zone.shift: 32 stripes over the arena, each at least a grain", () => {
    for (const [size, shift] of [[32 * 4096, 12], [MiB, 15], [64 * MiB, 21], [256 * MiB, 23]] as const) {
      const a = mockArena({ arenaSize: size });
      expect(a.zoneShift).toBe(shift);
      a.destroy();
    }
    const cl = Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(4 * MiB), arenaClBase: 0, arenaSize: 4 * MiB });
    expect(cl.zoneShift).toBe(17);
    cl.destroy();
  });

  it(".locus.blacklist: the zones of 1 and -1", () => {
    expect(zoneSetBlacklist(20)).toBe(zoneSetUnion(zoneSetSingle(zoneOf(1, 20)), zoneSetSingle(zoneOf(0xffffffff, 20))));
  });
});

describe("locus preferences", () => {
  it(".locus.pref: express HIGH, LOW and ZONESET; bad kinds and zone sets are PARAM", () => {
    const p = new LocusPref();
    expect(p.high).toBe(false);
    expect(p.zones).toBe(ZONE_SET_UNIV);
    p.express(LocusPrefKind.HIGH);
    expect(p.high).toBe(true);
    p.express(LocusPrefKind.LOW);
    expect(p.high).toBe(false);
    p.express(LocusPrefKind.ZONESET, 6);
    expect(p.zones).toBe(6);
    expect(codeOf(() => p.express(9 as never))).toBe("PARAM");
    expect(codeOf(() => p.express(LocusPrefKind.ZONESET))).toBe("PARAM");
    expect(codeOf(() => p.express(LocusPrefKind.ZONESET, 1.5))).toBe("PARAM");
    expect(p.zones).toBe(6);
    expect(Object.isFrozen(LOCUS_PREF_DEFAULT)).toBe(true);
    p.check();
  });

  // .req.locus
  it(".locus.high: a high preference takes the top of the free space, a low one the bottom", () => {
    const a = mockArena({ arenaSize: MiB });
    const pool = a.createPool(TinyPool, {});
    const low = segAlloc(PlainSeg, new LocusPref(), 4096, pool, {});
    const high = segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.HIGH), 4096, pool, {});
    expect(low.base).toBe(4096);
    expect(high.limit).toBe(MiB);
    pool.destroy();
    a.destroy();
  });

  // .req.locus
  it(".locus.zones: a segment goes in the preferred zones when there is room", () => {
    const a = mockArena({ arenaSize: 4 * MiB }); // stripes of 128 KiB
    const pool = a.createPool(TinyPool, {});
    for (const z of [3, 17, 30]) {
      const seg = segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(z)), 8192, pool, {});
      expect(zoneSetOfRange(seg.base, seg.limit, a.zoneShift)).toBe(zoneSetSingle(z));
    }
    const hi = segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(5)).express(LocusPrefKind.HIGH), 8192, pool, {});
    expect(hi.limit).toBe(6 * (1 << a.zoneShift));
    pool.destroy();
    a.destroy();
  });

  it(".locus.avoid: avoided zones are used only when nothing else is free", () => {
    const a = mockArena({ arenaSize: 32 * 4096 }); // one grain per zone
    const pool = a.createPool(TinyPool, {});
    const pref = new LocusPref().setAvoid(zoneSetSingle(1) | zoneSetSingle(2));
    const got: number[] = [];
    for (let i = 0; i < 31; i++) got.push(zoneOf(segAlloc(PlainSeg, pref, 4096, pool, {}).base, a.zoneShift));
    // zone 0 holds address 0 and is never allocated; 1 and 2 come last
    expect(got.slice(0, 29)).not.toContain(1);
    expect(got.slice(0, 29)).not.toContain(2);
    expect(got.slice(29).sort()).toEqual([1, 2]);
    expect(codeOf(() => segAlloc(PlainSeg, pref, 4096, pool, {}))).toBe("RESOURCE");
    pool.destroy();
    a.destroy();
  });

  it(".locus.free-zones: with the preferred zones full, a free zone is used before one already in use", () => {
    const a = mockArena({ arenaSize: 32 * 2 * 4096 }); // two grains per zone
    const pool = a.createPool(TinyPool, {});
    segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(0)), 4096, pool, {}); // zone 0 (above address 0) in use
    const other = segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(1)), 4096, pool, {}); // zone 1 now in use
    expect(zoneOf(other.base, a.zoneShift)).toBe(1);
    const pref = new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(4));
    segAlloc(PlainSeg, pref, 8192, pool, {}); // fills zone 4
    const next = segAlloc(PlainSeg, pref, 4096, pool, {});
    // zone 1 still has a free grain, but it is no longer free: plan B takes a free zone (2)
    expect(zoneOf(next.base, a.zoneShift)).toBe(2);
    expect(a.freeZones & zoneSetSingle(1)).toBe(0);
    pool.destroy();
    a.destroy();
  });

  it(".locus.unzoned: an unzoned arena ignores zone preferences", () => {
    const a = mockArena({ arenaSize: 4 * MiB, arenaZoned: false });
    const pool = a.createPool(TinyPool, {});
    const seg = segAlloc(PlainSeg, new LocusPref().express(LocusPrefKind.ZONESET, zoneSetSingle(20)), 4096, pool, {});
    expect(seg.base).toBe(4096);
    pool.destroy();
    a.destroy();
  });

  it(".locus.gen: a zone group's segments share zones; each new segment's zones join the group", () => {
    const a = mockArena({ arenaSize: 4 * MiB });
    const pool = a.createPool(TinyPool, {});
    const gen1 = { zones: 0 };
    const gen2 = { zones: 0 };
    const s1 = segAllocInZones(GCSeg, gen1, 8192, pool, {});
    expect(gen1.zones).toBe(zoneSetOfRange(s1.base, s1.limit, a.zoneShift));
    const s2 = segAllocInZones(GCSeg, gen2, 8192, pool, {});
    // gen2 has no zones yet: it takes a free zone, not gen1's
    expect(zoneSetOfRange(s2.base, s2.limit, a.zoneShift) & gen1.zones).toBe(0);
    for (let i = 0; i < 10; i++) {
      const s = segAllocInZones(GCSeg, gen1, 8192, pool, {});
      expect(zoneSetOfRange(s.base, s.limit, a.zoneShift) & ~gen1.zones).toBe(0);
    }
    expect(gen1.zones & a.blacklist()).toBe(0);
    pool.destroy();
    a.destroy();
  });
});
