/**
 * A small tracer for the tests of the segment protocol, written against
 * docs/design/trace.md `.contract.*`: one trace, condemn whole generations,
 * fix roots (ambiguous, then exact, then weak), flip the mutator buffers,
 * scan grey segments until none is left, reclaim. It stands in for
 * `@mps/trace` where a test wants to drive the steps itself.
 */
import { type Arena, type GCSeg, type GenDesc, type Pool, type Seg, scanAreaMasked, scanAreaTagged, scanAreaTaggedOrZero } from "@mps/arena";
import { type Addr, type Rank, type ScanState, type Trace, RANK_LIMIT, ZONE_SET_UNIV, zoneSetOfRange } from "@mps/mpm";

export class MiniTrace implements Trace {
  readonly ti = 0;
  white = 0;
  mayMove = 0;
  emergency = false;
  /** `TraceSetEmergency`. */
  enterEmergency(): void {
    this.emergency = true;
  }
  condemned = 0;
  forwardedSize = 0;
  preservedInPlaceSize = 0;
  reclaimSize = 0;
}

export class MiniSS implements ScanState {
  readonly sig = 0;
  readonly traces = 1;
  readonly zoneShift: number;
  unfixedSummary = 0;
  fixedSummary = 0;
  wasMarked = true;
  fixes = 0;
  constructor(readonly arena: Arena, readonly trace: MiniTrace, public rank: Rank) {
    this.zoneShift = arena.zoneShift;
  }
  get white(): number {
    return this.trace.white;
  }
  fix1(ref: Addr): boolean {
    this.unfixedSummary |= 1 << ((ref >>> this.zoneShift) & 31);
    return ((this.trace.white >>> ((ref >>> this.zoneShift) & 31)) & 1) !== 0;
  }
  fix2(ref: Addr): Addr {
    const seg = this.arena.segOfAddr(ref);
    let r = ref;
    if (seg !== undefined && (seg.white & this.traces) !== 0) {
      this.wasMarked = true;
      this.fixes++;
      r = seg.fix(this, ref);
    }
    if (r !== 0) this.fixedSummary |= 1 << ((r >>> this.zoneShift) & 31);
    return r;
  }
  fix(ref: Addr): Addr {
    return this.fix1(ref) ? this.fix2(ref) : ref;
  }
  scanArea(base: Addr, limit: Addr): void {
    const u32 = this.arena.mem.u32;
    for (let p = base; p < limit; p += 4) u32[p >>> 2] = this.fix(u32[p >>> 2]!);
  }
  scanAreaMasked(base: Addr, limit: Addr, mask: number): void {
    scanAreaMasked(this, base, limit, { mask, pattern: 0 });
  }
  scanAreaTagged(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTagged(this, base, limit, { mask, pattern });
  }
  scanAreaTaggedOrZero(base: Addr, limit: Addr, mask: number, pattern: number): void {
    scanAreaTaggedOrZero(this, base, limit, { mask, pattern });
  }
}

/** Roots: arrays of addresses the test keeps; exact ones are updated. */
export interface MiniRoots {
  ambig?: number[];
  exact?: number[];
  weak?: number[];
}

/** Step by step, so that tests can look between the steps. */
export class MiniCollection {
  readonly trace = new MiniTrace();
  readonly gens: GenDesc[];
  constructor(readonly arena: Arena, readonly pools: Pool[], gens: GenDesc[]) {
    this.gens = gens;
  }
  segs(): GCSeg[] {
    const out: GCSeg[] = [];
    for (const p of this.pools) for (const s of p.segs()) out.push(s as GCSeg);
    return out;
  }
  condemn(): void {
    for (const g of this.gens) g.startTrace(0);
    for (const s of this.segs()) {
      if (s.pgen !== undefined && this.gens.includes(s.pgen.gen)) {
        s.whiten(this.trace);
        if ((s.white & 1) !== 0) this.trace.white |= zoneSetOfRange(s.base, s.limit, this.arena.zoneShift);
      }
    }
    this.trace.mayMove = this.trace.white;
    for (const s of this.segs()) if (s.rankSet !== 0 && (s.white & 1) === 0) s.greyen(this.trace);
  }
  roots(roots: MiniRoots): void {
    const t = this.trace;
    const amb = new MiniSS(this.arena, t, 0);
    for (const r of roots.ambig ?? []) amb.fix(r);
    const ex = new MiniSS(this.arena, t, 1);
    const exact = roots.exact ?? [];
    for (let i = 0; i < exact.length; i++) if (exact[i] !== 0) exact[i] = ex.fix(exact[i]!);
  }
  flip(): void {
    for (const p of this.pools) for (const b of p.buffers()) if (b.isMutator) b.flip();
  }
  scanAll(): number {
    let scans = 0;
    for (;;) {
      let seg: Seg | undefined;
      let rank = 0;
      for (let r = 0; r < RANK_LIMIT && seg === undefined; r++) {
        const ring = this.arena.greyRings[r]!;
        if (!ring.isSingle()) {
          seg = ring.next.owner as Seg;
          rank = r;
        }
      }
      if (seg === undefined) return scans;
      const ss = new MiniSS(this.arena, this.trace, rank as Rank);
      seg.scan(ss);
      scans++;
      seg.setGrey(seg.grey & ~1);
      seg.setSummary(ZONE_SET_UNIV);
    }
  }
  weak(roots: MiniRoots): void {
    const w = new MiniSS(this.arena, this.trace, 3);
    const weak = roots.weak ?? [];
    for (let i = 0; i < weak.length; i++) if (weak[i] !== 0) weak[i] = w.fix(weak[i]!);
  }
  reclaim(): void {
    for (const s of this.segs()) if ((s.white & 1) !== 0) s.reclaim(this.trace);
    for (const g of this.gens) g.endTrace(0);
  }
  run(roots: MiniRoots): MiniTrace {
    this.condemn();
    this.roots(roots);
    this.flip();
    this.scanAll();
    this.weak(roots);
    this.reclaim();
    return this.trace;
  }
}

/** Collect `gens` of `pools` once with `roots`. */
export function miniCollect(arena: Arena, pools: Pool[], gens: GenDesc[], roots: MiniRoots): MiniTrace {
  return new MiniCollection(arena, pools, gens).run(roots);
}
