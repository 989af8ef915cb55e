/**
 * `@mps/mps`: the Memory Pool System for TypeScript. The public API of
 * `mps.h`, one to one (shared/API.md): arenas, pools and pool classes,
 * allocation, formats, roots, threads, chains, messages, location
 * dependency, telemetry and the plinth. Importing it sets the default arena
 * platform, so `Arena.create(ArenaClass.VM, {})` works with no configuration.
 * See docs/design/mps.md.
 * @packageDocumentation
 */

import "./defaults.js";

export { PoolClass } from "./pool-classes.js";
export { telemetry } from "./telemetry.js";
export { plinth } from "./plinth.js";

// Core types and errors (mps.h: mps_res_t, mps_addr_t, mps_rank_t).
export {
  type Addr, type Size, type Align, type ResCode, type ZoneSet, type RefSet, type RankSet,
  MpsError, MpsAssertionError, Rank, CHECK_LEVEL, isMpsError,
} from "@mps/mpm";

// Arenas, pools, allocation points, formats, roots, threads, chains, messages, LD.
export {
  Arena, ArenaClass, type ArenaOpts, type VMArena, type VMArenaOpts, type CLArena, type CLArenaOpts,
  Pool, type PoolOpts, type APOpts, type AP, AllocPattern,
  type Format, type FormatOpts, type Chain, type GenParam,
  type Root, type RootOpts, type RootAreaOpts, type RootFmtOpts, type RootThreadOpts, RootMode,
  type Thread, type ShadowStack, type LD, type Message, MessageType,
  LocusPref,
} from "@mps/arena";

// Pool classes' options, and the pools they make (the type `arena.createPool(PoolClass.X)` returns).
export type { MFSOpts, MFSPool } from "@mps/pool-mfs";
export type { MVFFOpts, MVFFPool } from "@mps/pool-mvff";
export type { MVTOpts, MVTPool } from "@mps/pool-mvt";
export type { AMCOpts, AMCPool, AMCZPool } from "@mps/pool-amc";
export type { AMSOpts, AMSPool } from "@mps/pool-ams";
export type { AWLOpts } from "@mps/pool-awl";
export type { LOOpts, LOPool } from "@mps/pool-lo";
export type { SNCOpts, SNCPool } from "@mps/pool-snc";
// Finalization (mps_finalize, mps_definalize): the message class of FINALIZATION messages.
export { FinalizationMessage } from "@mps/pool-mrg";

// The collector (installed in every arena by default).
export { TraceCollector, traceCollector } from "@mps/trace";
// The scan state (mps_ss_t) as scanners receive it: the interface a format's and a
// root's scan methods are typed with, so a scanner written against it can be passed.
export type { ScanState } from "@mps/mpm";

// Transforms (mps_transform_t): what arena.createTransform() returns.
export type { Transform } from "@mps/mpm";

// Debugging pools (mps_class_mvff_debug, mps_class_ams_debug, MPS_KEY_POOL_DEBUG_OPTIONS, mps_pool_check_*).
export {
  type MVFFDebugPool, type MVFFDebugOpts, type AMSDebugPool, type AMSDebugOpts, type PoolDebugOptions, type PoolDebugOpts,
  type DebugDamageReport, type DebugDamageKind, type DebugDamageOperation, DebugDamageError,
} from "@mps/dbg";

// Segregated allocation caches (mps_sac_*): SAC.create(pool, classes).
export { SAC, type SACClass } from "@mps/sac";

// The platform: backends, for arenas that choose their own.
export { platform, selectPlatform, type Platform } from "@mps/platform";

// The plinth: clock, assertion handler, I/O.
export { clock, clocksPerSec, installAssertFail } from "@mps/plinth";
