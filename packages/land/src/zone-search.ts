/**
 * Searching a range for a sub-range that lies in a zone set (the MPS's
 * `RangeInZoneSetFirst` / `RangeInZoneSetLast` in ref.c), shared by every
 * land's `findInZones`. See docs/design/land.md `.impl.zones`.
 * .critical: rangeInZoneSetFirst, rangeInZoneSetLast (called per block by findInZones).
 */

import { type Addr, type Align, type Size, type ZoneSet, ZONE_COUNT, ZONE_SET_UNIV, zoneSetOfRange } from "@mps/mpm";

// Alignment by division: exact for every address up to 2^53, unlike the
// 32-bit helpers of @mps/mpm, which wrap when rounding up near 2^32.
function alignDownExact(x: number, a: number): number {
  return x - (x % a);
}

function alignUpExact(x: number, a: number): number {
  const r = x % a;
  return r === 0 ? x : x - r + a;
}

// The stripe as a small integer: `2 ** k` is a boxed number until the caller
// is optimised, and the boxes spread through every address computed from it
// into the fields of blocks, segments and allocation points
// (docs/design/speed-facts.md `.fact.smi-fields`). zoneShift is at most 27.
function stripeOf(zoneShift: number): number {
  return zoneShift < 30 ? 1 << zoneShift : 2 ** zoneShift;
}

/**
 * Find the lowest `b` such that [b, b + size) lies inside [base, limit), is
 * aligned to `alignment`, and touches only zones of `zoneSet` (zones of
 * `2^zoneShift`-byte stripes). Returns -1 if there is none.
 *
 * @remarks
 * The answer is `base` or a stripe boundary rounded up to the alignment, and
 * since the zone pattern repeats every 32 stripes it lies within one period
 * of `base`, so at most 33 candidates are tried. `base` and `limit` must be
 * aligned; `size` must be a positive multiple of `alignment`. Critical path:
 * allocates nothing.
 * @public
 */
export function rangeInZoneSetFirst(base: Addr, limit: Addr, zoneSet: ZoneSet, size: Size, zoneShift: number, alignment: Align): Addr {
  if (limit - base < size) return -1;
  const zs = zoneSet >>> 0;
  if (zs === ZONE_SET_UNIV) return base;
  if (zs === 0) return -1;
  const stripe = stripeOf(zoneShift);
  const zebra = stripe * ZONE_COUNT;
  if (size >= zebra) return -1; // such a range touches every zone
  const period = zebra > alignment ? zebra : alignment;
  const searchEnd = alignUpExact(base, stripe) + period;
  let b = base;
  while (b + size <= limit && b < searchEnd) {
    const zones = zoneSetOfRange(b, b + size, zoneShift);
    if ((zones & ~zs) === 0) return b;
    b = alignUpExact(alignDownExact(b, stripe) + stripe, alignment);
  }
  return -1;
}

/**
 * Find the highest `b` such that [b, b + size) lies inside [base, limit), is
 * aligned to `alignment`, and touches only zones of `zoneSet`. Returns -1 if
 * there is none. The mirror image of {@link rangeInZoneSetFirst}, with the
 * same conditions. Critical path: allocates nothing.
 * @public
 */
export function rangeInZoneSetLast(base: Addr, limit: Addr, zoneSet: ZoneSet, size: Size, zoneShift: number, alignment: Align): Addr {
  if (limit - base < size) return -1;
  const zs = zoneSet >>> 0;
  if (zs === ZONE_SET_UNIV) return limit - size;
  if (zs === 0) return -1;
  const stripe = stripeOf(zoneShift);
  const zebra = stripe * ZONE_COUNT;
  if (size >= zebra) return -1;
  const period = zebra > alignment ? zebra : alignment;
  const searchStart = alignDownExact(limit, stripe) - period;
  let l = limit;
  while (l - size >= base && l > searchStart) {
    const zones = zoneSetOfRange(l - size, l, zoneShift);
    if ((zones & ~zs) === 0) return l - size;
    l = alignDownExact(alignUpExact(l, stripe) - stripe, alignment);
  }
  return -1;
}
