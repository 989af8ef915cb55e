/**
 * Signatures, constants and option types shared by the arena's modules.
 * See docs/design/arena.md.
 * .critical: none.
 */

import { defineSig } from "@mps/mpm";

/** The signature of a live arena (design.mps.sig). @public */
export const SIG_ARENA: number = defineSig("Arena", 0x519a6e4a);
/** The signature of a live chunk. @public */
export const SIG_CHUNK: number = defineSig("Chunk", 0x519c804c);
/** The signature of a live pool. @public */
export const SIG_POOL: number = defineSig("Pool", 0x519b0011);
/** The signature of a live segment. @public */
export const SIG_SEG: number = defineSig("Seg", 0x5195e999);
/** The signature of a live GC segment (its `gcSig` field). @public */
export const SIG_GCSEG: number = defineSig("GCSeg", 0x5199c5e9);
/** The signature of a live buffer. @public */
export const SIG_BUFFER: number = defineSig("Buffer", 0x519b0ff3);
/** The signature of a live locus preference. @public */
export const SIG_LOCUS_PREF: number = defineSig("LocusPref", 0x51970c99);

/**
 * The default size of a VM arena's reservation: 256 MiB (the MPS's `VM_ARENA_SIZE_DEFAULT`).
 * @public
 */
export const ARENA_SIZE_DEFAULT = 2 ** 28;

/**
 * The default arena grain: 4 KiB (DESIGN.md §1).
 * @public
 */
export const ARENA_GRAIN_SIZE_DEFAULT = 4096;

/**
 * The default spare fraction: the arena keeps freed memory committed up to
 * this fraction of what it has committed (`ARENA_SPARE_DEFAULT`).
 * @public
 */
export const ARENA_SPARE_DEFAULT = 0.75;

/**
 * The default pause time, in seconds (`ARENA_DEFAULT_PAUSE_TIME`).
 * @public
 */
export const ARENA_PAUSE_TIME_DEFAULT = 0.1;

/**
 * The largest address plus one that an arena may cover: references are u32.
 * @public
 */
export const ARENA_ADDR_LIMIT = 2 ** 32;
