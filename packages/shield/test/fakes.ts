// Fakes for the shield's tests: segments that are plain objects, and a
// protection that records what it was asked to do, one entry per grain.
import type { AccessHandler, AccessSet, Protection, ShieldedSeg, SyncHandler } from "../src/index.js";

export const GRAIN = 4096;

/** A segment: just the fields the shield needs. */
export class FakeSeg implements ShieldedSeg {
  sm: AccessSet = 0;
  pm: AccessSet = 0;
  depth = 0;
  queued = false;
  constructor(
    readonly base: number,
    readonly limit: number,
  ) {}
}

/** `n` segments of `grains` grains each, side by side from address `GRAIN`. */
export function segsOf(n: number, grains = 1): FakeSeg[] {
  const segs: FakeSeg[] = [];
  for (let i = 0; i < n; i++) segs.push(new FakeSeg(GRAIN + i * grains * GRAIN, GRAIN + (i + 1) * grains * GRAIN));
  return segs;
}

/** A protection that keeps the mode of each grain and a log of its calls. */
export class RecordingProtection implements Protection {
  readonly backend = "recording";
  readonly hasBarrier = true;
  readonly granularity = GRAIN;
  readonly base = 0;
  readonly limit: number;
  readonly modes: Uint8Array;
  readonly sets: Array<[number, number, AccessSet]> = [];
  syncs = 0;
  constructor(limit = 1 << 24) {
    this.limit = limit;
    this.modes = new Uint8Array(limit / GRAIN);
  }
  set(base: number, limit: number, mode: AccessSet): void {
    if (base % GRAIN !== 0 || limit % GRAIN !== 0 || !(base < limit)) throw new Error(`bad set [${base}, ${limit})`);
    this.sets.push([base, limit, mode]);
    this.modes.fill(mode, base / GRAIN, limit / GRAIN);
  }
  forbidden(addr: number): AccessSet {
    return this.modes[Math.floor(addr / GRAIN)]!;
  }
  sync(): void {
    this.syncs++;
  }
  setHandlers(_access: AccessHandler, _sync: SyncHandler): void {}
  finish(): void {}
  /** The mode of every grain of `seg`, if they all agree, else -1. */
  modeOf(seg: ShieldedSeg): number {
    const m = this.modes[seg.base / GRAIN]!;
    for (let g = seg.base / GRAIN; g < seg.limit / GRAIN; g++) if (this.modes[g] !== m) return -1;
    return m;
  }
  /** Forget the log. */
  clear(): void {
    this.sets.length = 0;
    this.syncs = 0;
  }
}
