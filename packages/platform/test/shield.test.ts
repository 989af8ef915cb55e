// The shield over the real protection backends, with a fake arena: segments
// that are plain objects, and handlers that do what the arena's would
// (enter the shield, "scan" the segment, lower its barrier, leave).
import { describe, expect, it } from "vitest";
import { ACCESS_NONE, ACCESS_READ, ACCESS_RW, ACCESS_WRITE, type AccessSet, Shield, type ShieldedSeg } from "@mps/shield";
import { NoneProtection, SoftwareProtection } from "../src/index.js";

const GRAIN = 4096;

class Seg implements ShieldedSeg {
  sm: AccessSet = 0;
  pm: AccessSet = 0;
  depth = 0;
  queued = false;
  constructor(
    readonly base: number,
    readonly limit: number,
  ) {}
}

/** A fake arena: `n` segments of two grains from address GRAIN, a shield, and the access work. */
function arena<P extends NoneProtection | SoftwareProtection>(prot: P, n = 6) {
  const segs: Seg[] = [];
  for (let i = 0; i < n; i++) segs.push(new Seg(GRAIN + 2 * i * GRAIN, GRAIN + 2 * (i + 1) * GRAIN));
  const shield = new Shield(prot);
  const scanned: number[] = [];
  /** Extra work a scan does, by segment index (for example, greying another segment). */
  const onScan = new Map<number, () => void>();
  const segOf = (addr: number) => segs.find((s) => s.base <= addr && addr < s.limit)!;
  /** What TraceSegAccess does with the segment: scan it if read-protected, then drop the barrier it hit. */
  const access = (addr: number, mode: AccessSet) => {
    shield.enter();
    const seg = segOf(addr);
    const i = segs.indexOf(seg);
    if (mode & ACCESS_READ) {
      shield.expose(seg);
      scanned.push(i);
      onScan.get(i)?.();
      shield.cover(seg);
      shield.lower(seg, ACCESS_RW); // scanned: black, no barrier left
    } else {
      shield.lower(seg, ACCESS_WRITE); // the remembered set is given up
    }
    shield.leave();
  };
  prot.setHandlers(access, access);
  return { prot, shield, segs, scanned, onScan };
}

describe("Shield over the none protection", () => {
  // design/shield.req.consistent
  // .req.prot
  it(".prot.none: leaving the shield resolves every barrier before the mutator runs again", () => {
    const { prot, shield, segs, scanned } = arena(new NoneProtection({ base: 0, limit: 16 * GRAIN, granularity: GRAIN }));
    shield.enter();
    shield.hold(); // the flip: the mutator is stopped
    shield.raise(segs[0]!, ACCESS_READ); // grey after the flip: a read barrier
    shield.raise(segs[3]!, ACCESS_READ);
    shield.raise(segs[4]!, ACCESS_WRITE); // a write barrier for the remembered set
    shield.release();
    shield.leave();
    expect(scanned).toEqual([0, 3]);
    expect(prot.protectedCount()).toBe(0);
    expect(segs.every((s) => s.sm === ACCESS_NONE && s.pm === ACCESS_NONE)).toBe(true);
    expect(shield.inside).toBe(false);
    expect(shield.checkSegs(segs)).toBe(true);
  });

  it(".prot.none: a scan that greys another segment is followed by that segment's scan", () => {
    const { prot, shield, segs, scanned, onScan } = arena(new NoneProtection({ base: 0, limit: 16 * GRAIN, granularity: GRAIN }));
    onScan.set(4, () => shield.raise(segs[1]!, ACCESS_READ)); // scanning 4 greys 1
    onScan.set(1, () => shield.raise(segs[5]!, ACCESS_READ)); // and 1 greys 5
    shield.enter();
    shield.hold();
    shield.raise(segs[4]!, ACCESS_READ);
    shield.release();
    shield.leave();
    expect(scanned).toEqual([4, 1, 5]);
    expect(prot.protectedCount()).toBe(0);
    expect(shield.checkSegs(segs)).toBe(true);
  });
});

describe("Shield over the software protection", () => {
  // .req.prot
  it(".prot.software: the barrier holds while the mutator runs, and a hit is handled where a fault would be", () => {
    const { prot, shield, segs, scanned } = arena(new SoftwareProtection({ base: 0, limit: 16 * GRAIN, granularity: GRAIN }));
    shield.enter();
    shield.hold();
    shield.raise(segs[1]!, ACCESS_READ);
    shield.raise(segs[2]!, ACCESS_WRITE);
    shield.release();
    shield.leave();
    // Outside the shield: the protection is real.
    expect(prot.forbidden(segs[1]!.base)).toBe(ACCESS_READ);
    expect(prot.forbidden(segs[2]!.limit - 4)).toBe(ACCESS_WRITE);
    expect(scanned).toEqual([]);
    // The mutator reads from segment 2 (write-protected only): no hit.
    prot.checkAccess(segs[2]!.base + 8, ACCESS_READ);
    expect(scanned).toEqual([]);
    // It reads segment 1: a hit; the arena scans it and lowers the barrier.
    prot.checkAccess(segs[1]!.base + 8, ACCESS_READ);
    expect(scanned).toEqual([1]);
    expect(prot.forbidden(segs[1]!.base)).toBe(ACCESS_NONE);
    // It writes segment 2: the write barrier goes.
    prot.checkAccess(segs[2]!.base + 8, ACCESS_WRITE);
    expect(prot.forbidden(segs[2]!.base)).toBe(ACCESS_NONE);
    expect(segs.every((s) => s.sm === 0 && s.pm === 0)).toBe(true);
    expect(shield.checkSegs(segs)).toBe(true);
  });

  it(".prot.software: inside the shield an exposed segment is open to the MPS and closed again on leave", () => {
    const { prot, shield, segs } = arena(new SoftwareProtection({ base: 0, limit: 16 * GRAIN, granularity: GRAIN }));
    shield.raise(segs[0]!, ACCESS_RW);
    expect(prot.forbidden(segs[0]!.base)).toBe(ACCESS_RW);
    shield.enter();
    shield.expose(segs[0]!);
    expect(prot.forbidden(segs[0]!.base)).toBe(ACCESS_NONE);
    shield.cover(segs[0]!);
    shield.leave();
    expect(prot.forbidden(segs[0]!.base)).toBe(ACCESS_RW);
  });
});
