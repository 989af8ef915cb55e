// The trivially correct model of a land: one boolean per alignment unit of a
// window of addresses [origin, origin + units * align). `true` means the unit
// is in the land. Everything is computed by brute force from the bits.
import { zoneSetOfRange } from "@mps/mpm";
import type { Land } from "../src/index.js";

export type Pair = [number, number];

export class BitModel {
  readonly bits: boolean[];
  constructor(readonly origin: number, readonly units: number, readonly align: number) {
    this.bits = new Array<boolean>(units).fill(false);
  }
  addr(i: number): number {
    return this.origin + i * this.align;
  }
  index(a: number): number {
    return (a - this.origin) / this.align;
  }
  /** Are all the units of [i, j) equal to v? */
  all(i: number, j: number, v: boolean): boolean {
    for (let k = i; k < j; k++) if (this.bits[k] !== v) return false;
    return true;
  }
  set(i: number, j: number, v: boolean): void {
    for (let k = i; k < j; k++) this.bits[k] = v;
  }
  /** Maximal runs of set bits, as index pairs. */
  runIndices(): Pair[] {
    const out: Pair[] = [];
    let k = 0;
    while (k < this.units) {
      if (!this.bits[k]) {
        k++;
        continue;
      }
      const s = k;
      while (k < this.units && this.bits[k]) k++;
      out.push([s, k]);
    }
    return out;
  }
  /** Maximal runs as address pairs. */
  runs(): Pair[] {
    return this.runIndices().map(([i, j]) => [this.addr(i), this.addr(j)]);
  }
  /** The run (as indices) containing unit i, which must be set (or, if `either`, the run of i's value). */
  runAround(i: number, either = false): Pair {
    const v = either ? this.bits[i] : true;
    let s = i;
    let e = i;
    while (s > 0 && this.bits[s - 1] === v) s--;
    while (e < this.units && this.bits[e] === v) e++;
    return [s, e];
  }
  size(): number {
    return this.bits.filter((b) => b).length * this.align;
  }
  /** The lowest (or highest, if high) start index of `n` set units lying in zones of zs; -1 if none. */
  inZones(n: number, zs: number, zoneShift: number, high: boolean): number {
    const ok = (i: number): boolean =>
      i >= 0 && i + n <= this.units && this.all(i, i + n, true) &&
      (zoneSetOfRange(this.addr(i), this.addr(i + n), zoneShift) & ~zs) === 0;
    if (high) {
      for (let i = this.units - n; i >= 0; i--) if (ok(i)) return i;
    } else {
      for (let i = 0; i + n <= this.units; i++) if (ok(i)) return i;
    }
    return -1;
  }
  /** The index after `i` where the bits change value (landtest's nextEdge). */
  nextEdge(i: number): number {
    const v = this.bits[i];
    let e = i + 1;
    while (e < this.units && this.bits[e] === v) e++;
    return e;
  }
}

/** The ranges of a land, by iterate. */
export function landRanges(land: Land): Pair[] {
  const out: Pair[] = [];
  land.iterate((b, l) => {
    out.push([b, l]);
    return true;
  });
  return out;
}
