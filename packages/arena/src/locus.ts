/**
 * The locus manager's client side (design.mps.locus): preferences that say
 * where in the address space a pool would like its memory (high or low
 * addresses, which zones to prefer, which to avoid), the zone blacklist,
 * and the per-generation zone sets that keep a generation's segments in
 * few zones. The placement policy itself is `Arena.alloc` (the MPS's
 * `PolicyAlloc`). See docs/design/arena.md `.locus`.
 * .critical: none (segment allocation is a slow path).
 */

import {
  type WriteStream, type ZoneSet, ZONE_SET_EMPTY, ZONE_SET_UNIV, SIG_INVALID, checkL, checkS, describeLine, paramError, zoneSetAddAddr, zoneSetDescribe,
} from "@mps/mpm";
import { SIG_LOCUS_PREF } from "./api.js";

/**
 * The kinds of preference a {@link LocusPref} can express (the MPS's `LocusPrefKind`).
 * @public
 */
export const LocusPrefKind = Object.freeze({
  /** Prefer high addresses. */
  HIGH: 0,
  /** Prefer low addresses (the default). */
  LOW: 1,
  /** Prefer the zones of a zone set. */
  ZONESET: 2,
} as const);

/**
 * One of the {@link (LocusPrefKind:variable)} values.
 * @public
 */
export type LocusPrefKind = (typeof LocusPrefKind)[keyof typeof LocusPrefKind];

/**
 * A locus preference (the MPS's `LocusPrefStruct`): where a pool would like
 * the arena to place the grains it asks for.
 * @remarks
 * The default is low addresses, any zone, avoiding none. The arena tries the
 * preferred zones less the avoided ones first, then adds free zones, then
 * every zone not avoided, then anywhere (design.mps.locus `.alloc`).
 * @public
 */
export class LocusPref {
  /** {@link SIG_LOCUS_PREF} while live. */
  sig: number = SIG_INVALID;
  /** Prefer high addresses (search from the top of the free space). */
  high = false;
  /** The zones to prefer. */
  zones: ZoneSet = ZONE_SET_UNIV;
  /** The zones to avoid (where possible). */
  avoid: ZoneSet = ZONE_SET_EMPTY;

  /** A default preference: low addresses, every zone, avoiding none (`LocusPrefInit`). */
  constructor() {
    this.sig = SIG_LOCUS_PREF;
  }

  /**
   * `LocusPrefExpress`: record a preference. `HIGH` and `LOW` take no value;
   * `ZONESET` takes a zone set. Throws `PARAM` on an unknown kind or a bad zone set.
   */
  express(kind: LocusPrefKind, zones?: ZoneSet): this {
    switch (kind) {
      case LocusPrefKind.HIGH:
        this.high = true;
        break;
      case LocusPrefKind.LOW:
        this.high = false;
        break;
      case LocusPrefKind.ZONESET:
        if (typeof zones !== "number" || !Number.isInteger(zones) || zones < -(2 ** 31) || zones > 0xffffffff) {
          paramError(`LocusPref.express: ZONESET needs a zone set (a u32), not ${String(zones)}`);
        }
        this.zones = zones >>> 0;
        break;
      default:
        paramError(`LocusPref.express: unknown kind ${String(kind)}`);
    }
    return this;
  }

  /** Set the zones to avoid. */
  setAvoid(zones: ZoneSet): this {
    this.avoid = zones >>> 0;
    return this;
  }

  /** `LocusPrefCheck`. */
  check(): boolean {
    checkS(this, SIG_LOCUS_PREF, "LocusPref");
    checkL(typeof this.high === "boolean", "LocusPref: high is a boolean");
    return true;
  }

  /** `LocusPrefDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `LocusPref {`);
    describeLine(stream, depth + 2, `high ${this.high}`);
    describeLine(stream, depth + 2, `zones ${zoneSetDescribe(this.zones)}`);
    describeLine(stream, depth + 2, `avoid ${zoneSetDescribe(this.avoid)}`);
    describeLine(stream, depth, `}`);
  }
}

/**
 * The default preference, shared and frozen (`LocusPrefDefault`).
 * @public
 */
export const LOCUS_PREF_DEFAULT: LocusPref = Object.freeze(new LocusPref()) as LocusPref;

/**
 * `ZoneSetBlacklist`: the zones that values common in ambiguous roots (1,
 * -1 as a u32) fall in, which pools of collected objects should avoid so
 * that such values do not pin their objects.
 * @public
 */
export function zoneSetBlacklist(zoneShift: number): ZoneSet {
  let zs = ZONE_SET_EMPTY;
  zs = zoneSetAddAddr(zs, 1, zoneShift);
  zs = zoneSetAddAddr(zs, 0xffffffff, zoneShift);
  return zs;
}

/**
 * Something that keeps a zone set for a group of segments: a generation
 * (design.mps.locus `.gen`), or any group a pool wants kept together.
 * `Arena.segAllocInZones` prefers these zones and adds the zones of each new
 * segment to them.
 * @public
 */
export interface ZoneGroup {
  /** The zones the group's segments occupy so far. */
  zones: ZoneSet;
  /** The group's id in the telemetry, if it has one (a generation's). */
  readonly telId?: number;
}
