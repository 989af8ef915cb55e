/**
 * The pool classes the umbrella offers (`mps_class_*()`), registered with the
 * arena's pool class registry. A class appears here once it is built; see
 * docs/design/mps.md `.pool-classes`.
 */

import { poolClassRegister } from "@mps/arena";
import { MFSPool } from "@mps/pool-mfs";
import { MVFFPool } from "@mps/pool-mvff";
import { AMSDebugPool, MVFFDebugPool } from "@mps/dbg";
import { MVTPool } from "@mps/pool-mvt";
import { AMCPool, AMCZPool } from "@mps/pool-amc";
import { AMSPool } from "@mps/pool-ams";
import { AWLPool } from "@mps/pool-awl";
import { LOPool } from "@mps/pool-lo";
import { MRGPool } from "@mps/pool-mrg";
import { SNCPool } from "@mps/pool-snc";

/**
 * The pool classes, for `arena.createPool(PoolClass.X, options)`: the MPS's
 * `mps_class_mfs()` and so on. Only the classes built so far are present.
 * @public
 */
export const PoolClass = Object.freeze({
  /** `mps_class_mfs()`: Manual Fixed Small. Options: `mfsUnitSize` (required), `extendBy`. */
  MFS: MFSPool,
  /**
   * `mps_class_mvff()`: Manual Variable First Fit. Options: `extendBy`, `meanSize`, `align`,
   * `spare`, `mvffArenaHigh`, `mvffSlotHigh`, `mvffFirstFit`. Supports `alloc`/`free` and allocation points.
   */
  MVFF: MVFFPool,
  /**
   * `mps_class_mvff_debug()`: MVFF with fenceposts, free-space splatting and allocation tags.
   * Options: the MVFF options and `poolDebugOptions` (`{ fenceTemplate, freeTemplate }`).
   * Adds `checkFenceposts()`, `checkFreeSpace()` and `tagOf(p)`; see docs/reference/debugging.md.
   */
  MVFFDebug: MVFFDebugPool,
  /**
   * `mps_class_mvt()`: Manual Variable Temporal. Options: `minSize`, `meanSize`, `maxSize`,
   * `mvtReserveDepth`, `mvtFragLimit`, `align`. Allocation through allocation points only; `free` to free.
   */
  MVT: MVTPool,
  /**
   * `mps_class_amc()`: Automatic Mostly-Copying, generational, with nailing for ambiguous
   * references. Options: `format` (required), `chain`, `gen`, `extendBy`, `largeSize`, `interior`.
   */
  AMC: AMCPool,
  /** `mps_class_amcz()`: AMC for leaf objects (no references, never scanned). Options as AMC. */
  AMCZ: AMCZPool,
  /**
   * `mps_class_ams()`: Automatic Mark and Sweep, non-moving. Options: `format` (required), `chain`,
   * `gen`, `amsSupportAmbiguous`.
   */
  AMS: AMSPool,
  /**
   * `mps_class_ams_debug()`: AMS whose free space is splatted with a template when segments are made,
   * buffers emptied and dead objects reclaimed, and checked when handed out. Options: the AMS options
   * and `poolDebugOptions` (`{ freeTemplate, fenceTemplate }`; no fenceposts, as objects come from
   * allocation points). Adds `checkFreeSpace()` and `checkFenceposts()`; see docs/reference/debugging.md.
   */
  AMSDebug: AMSDebugPool,
  /**
   * `mps_class_awl()`: Automatic Weak Linked, non-moving mark-sweep for objects with exact or weak
   * references (allocation points of rank `EXACT` or `WEAK`; a weak reference to an object nothing
   * else keeps is splatted to 0). Options: `format` (required), `chain`, `gen`, `awlFindDependent`
   * (the dependent object the scanner may update, for weak hash tables); see docs/pool/awl.md.
   */
  AWL: AWLPool,
  /**
   * `mps_class_lo()`: Leaf Object, non-moving mark-sweep for objects with no references
   * (never scanned, never protected). Options: `format` (required), `chain`, `gen`.
   */
  LO: LOPool,
  /**
   * `mps_class_snc()`: Stack No Checking, manual, for objects allocated and freed in a stack
   * discipline through allocation frames (`ap.framePush()`, `ap.framePop(frame)`); scanned (its
   * objects keep their referents alive) but never collected. Options: `format` (required: scan,
   * skip, pad; no header). Allocation points of rank `EXACT` only; see docs/pool/snc.md.
   */
  SNC: SNCPool,
});

// Each class takes its own options type; the registry only needs the constructor and attrs.
for (const klass of Object.values(PoolClass)) poolClassRegister(klass as unknown as Parameters<typeof poolClassRegister>[0]);

// MRG (mps_class_mrg in the MPS's sources) is internal: not in PoolClass, but
// registered so that an arena can make its finalization pool on the first
// finalize (docs/design/pool-mrg.md `.impl.arena`).
poolClassRegister(MRGPool);
