/**
 * Zones and zone sets (design.mps.arena.zone, design.mps.refset).
 *
 * The address space is striped into 32 zones by a zone shift: the zone of an
 * address is bits [shift, shift+5) of it. A zone set (and a ref set, which is
 * a zone set describing where references point) is a u32 with one bit per
 * zone. The caller supplies the shift, since it belongs to the arena.
 * See docs/design/mpm.md `.zone`.
 * .critical: zoneOf, zoneSetHasAddr (used by the MPS_FIX1 test).
 */

import type { Addr } from "./addr.js";

/**
 * A set of zones: bit `z` is set when zone `z` is a member. Always held as an
 * unsigned 32-bit value.
 * @public
 */
export type ZoneSet = number;

/**
 * A reference set: the zones that some references point into.
 * @public
 */
export type RefSet = ZoneSet;

/**
 * The number of zones.
 * @public
 */
export const ZONE_COUNT = 32;

/**
 * The empty zone set.
 * @public
 */
export const ZONE_SET_EMPTY: ZoneSet = 0;

/**
 * The zone set of every zone.
 * @public
 */
export const ZONE_SET_UNIV: ZoneSet = 0xffffffff;

/**
 * The zone (0–31) of an address, given the arena's zone shift.
 * @public
 */
export function zoneOf(addr: Addr, zoneShift: number): number {
  return (addr >>> zoneShift) & 31;
}

/**
 * The zone set containing just `zone`.
 * @public
 */
export function zoneSetSingle(zone: number): ZoneSet {
  return (1 << (zone & 31)) >>> 0;
}

/**
 * Add the zone of `addr` to `zs`.
 * @public
 */
export function zoneSetAddAddr(zs: ZoneSet, addr: Addr, zoneShift: number): ZoneSet {
  return (zs | (1 << ((addr >>> zoneShift) & 31))) >>> 0;
}

/**
 * Is the zone of `addr` in `zs`? (The MPS_FIX1 test.)
 * @public
 */
export function zoneSetHasAddr(zs: ZoneSet, addr: Addr, zoneShift: number): boolean {
  return ((zs >>> ((addr >>> zoneShift) & 31)) & 1) !== 0;
}

/**
 * Is `zone` a member of `zs`?
 * @public
 */
export function zoneSetIsMember(zs: ZoneSet, zone: number): boolean {
  return ((zs >>> (zone & 31)) & 1) !== 0;
}

/**
 * The union of two zone sets.
 * @public
 */
export function zoneSetUnion(a: ZoneSet, b: ZoneSet): ZoneSet {
  return (a | b) >>> 0;
}

/**
 * The intersection of two zone sets.
 * @public
 */
export function zoneSetInter(a: ZoneSet, b: ZoneSet): ZoneSet {
  return (a & b) >>> 0;
}

/**
 * The zones of `a` that are not in `b`.
 * @public
 */
export function zoneSetDiff(a: ZoneSet, b: ZoneSet): ZoneSet {
  return (a & ~b) >>> 0;
}

/**
 * The complement of `a`.
 * @public
 */
export function zoneSetComp(a: ZoneSet): ZoneSet {
  return ~a >>> 0;
}

/**
 * Is `a` a subset of `b`?
 * @public
 */
export function zoneSetSub(a: ZoneSet, b: ZoneSet): boolean {
  return (a & ~b) === 0;
}

/**
 * Do `a` and `b` share a zone?
 * @public
 */
export function zoneSetInters(a: ZoneSet, b: ZoneSet): boolean {
  return (a & b) !== 0;
}

/**
 * The number of zones in `zs`.
 * @public
 */
export function zoneSetCount(zs: ZoneSet): number {
  let v = zs >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * The set of zones that the range [base, limit) touches. An empty range has
 * no zones; a range that touches 32 stripes or more has every zone.
 * @public
 */
export function zoneSetOfRange(base: Addr, limit: Addr, zoneShift: number): ZoneSet {
  if (limit <= base) return ZONE_SET_EMPTY;
  // Count stripes, not bytes: a range shorter than 32 stripes can still touch
  // 33 of them, and so every zone, when it starts and ends part-way through one.
  const first = base >>> zoneShift;
  const last = (limit - 1) >>> zoneShift;
  if (last - first >= ZONE_COUNT - 1) return ZONE_SET_UNIV;
  const zb = first & 31;
  const zl = last & 31;
  // Zones zb..zl inclusive, wrapping around 31 -> 0 when zl < zb.
  if (zb <= zl) {
    const n = zl - zb + 1;
    return n === 32 ? ZONE_SET_UNIV : (((1 << n) - 1) << zb) >>> 0;
  }
  return ((ZONE_SET_UNIV << zb) | ((1 << (zl + 1)) - 1)) >>> 0;
}

/**
 * Is every address of [base, limit) in a zone of `zs`?
 * @public
 */
export function rangeInZoneSet(base: Addr, limit: Addr, zs: ZoneSet, zoneShift: number): boolean {
  return zoneSetSub(zoneSetOfRange(base, limit, zoneShift), zs);
}

/**
 * Describe a zone set as 32 binary digits, zone 31 first.
 * @public
 */
export function zoneSetDescribe(zs: ZoneSet): string {
  return (zs >>> 0).toString(2).padStart(32, "0");
}
