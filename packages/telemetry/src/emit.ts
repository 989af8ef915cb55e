/**
 * The event writers: one function per event type, generated from the event
 * table (src/events.ts) by scripts/generate.ts — do not edit; run
 * `pnpm run generate`. See docs/design/telemetry.md `.if.emit`.
 * .critical: every function here (each is called wherever its event happens;
 * a disabled one returns after one load and one test).
 */

import { COOL, averCritical, type Addr } from "@mps/mpm";
import type { Telemetry } from "./telemetry.js";

function checkU32(x: number, what: string): void {
  averCritical(Number.isInteger(x) && x >= 0 && x <= 0xffffffff, `${what}: ${x} is not a u32`);
}

function checkAddr(x: number, what: string): void {
  averCritical(Number.isInteger(x) && x >= 0 && x <= 4294967296, `${what}: ${x} is not an address`);
}

function checkWord(x: number, what: string): void {
  averCritical(Number.isSafeInteger(x) && x >= 0, `${what}: ${x} is not a word`);
}

function checkDouble(x: number, what: string): void {
  averCritical(typeof x === "number", `${what}: ${x} is not a number`);
}

function checkBool(x: boolean, what: string): void {
  averCritical(typeof x === "boolean", `${what}: ${String(x)} is not a boolean`);
}

/**
 * Write the event `AMCScanNailed` (code 0x0001, kind `Seg`): AMC scanned a nailed segment, going round until no new object was marked.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param loops - how many times the scan went round (W).
 * @param summary - the segment's summary before the scan (W).
 * @param white - the scan state's white set (W).
 * @param unfixed - the scan state's summary of references not yet fixed (W).
 * @param fixed - the scan state's summary of fixed references (W).
 * @param refset - the scan state's reference set (W).
 * @public
 */
export function eventAMCScanNailed(tel: Telemetry, loops: number, summary: number, white: number, unfixed: number, fixed: number, refset: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkWord(loops, "AMCScanNailed.loops");
    checkWord(summary, "AMCScanNailed.summary");
    checkWord(white, "AMCScanNailed.white");
    checkWord(unfixed, "AMCScanNailed.unfixed");
    checkWord(fixed, "AMCScanNailed.fixed");
    checkWord(refset, "AMCScanNailed.refset");
  }
  const _p = tel._begin(0x0001, 60);
  const _v = tel.view;
  _v.setUint32(_p, loops >>> 0, true);
  _v.setUint32(_p + 4, (loops / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, summary >>> 0, true);
  _v.setUint32(_p + 12, (summary / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, white >>> 0, true);
  _v.setUint32(_p + 20, (white / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, unfixed >>> 0, true);
  _v.setUint32(_p + 28, (unfixed / 4294967296) >>> 0, true);
  _v.setUint32(_p + 32, fixed >>> 0, true);
  _v.setUint32(_p + 36, (fixed / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, refset >>> 0, true);
  _v.setUint32(_p + 44, (refset / 4294967296) >>> 0, true);
}

/**
 * Write the event `AWLDeclineSeg` (code 0x0002, kind `Seg`): AWL refused to scan a single reference of a segment and will scan the whole segment.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment (P).
 * @param singleAccesses - single-reference accesses so far in this cycle (W).
 * @public
 */
export function eventAWLDeclineSeg(tel: Telemetry, seg: number, singleAccesses: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(seg, "AWLDeclineSeg.seg");
    checkWord(singleAccesses, "AWLDeclineSeg.singleAccesses");
  }
  const _p = tel._begin(0x0002, 24);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
  _v.setUint32(_p + 4, singleAccesses >>> 0, true);
  _v.setUint32(_p + 8, (singleAccesses / 4294967296) >>> 0, true);
}

/**
 * Write the event `AWLDeclineTotal` (code 0x0003, kind `Seg`): AWL refused single-reference scanning because of too many successive accesses.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment (P).
 * @param succAccesses - successive single accesses in total (W).
 * @public
 */
export function eventAWLDeclineTotal(tel: Telemetry, seg: number, succAccesses: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(seg, "AWLDeclineTotal.seg");
    checkWord(succAccesses, "AWLDeclineTotal.succAccesses");
  }
  const _p = tel._begin(0x0003, 24);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
  _v.setUint32(_p + 4, succAccesses >>> 0, true);
  _v.setUint32(_p + 8, (succAccesses / 4294967296) >>> 0, true);
}

/**
 * Write the event `ArenaAccessBegin` (code 0x0004, kind `Arena`): The mutator hit a barrier and the arena begins to handle the access.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param addr - the address the mutator touched (A).
 * @param mode - the access modes (read, write) (U).
 * @public
 */
export function eventArenaAccessBegin(tel: Telemetry, arena: number, addr: Addr, mode: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaAccessBegin.arena");
    checkAddr(addr, "ArenaAccessBegin.addr");
    checkU32(mode, "ArenaAccessBegin.mode");
  }
  const _p = tel._begin(0x0004, 28);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, addr >>> 0, true);
  _v.setUint32(_p + 8, (addr / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, mode, true);
}

/**
 * Write the event `ArenaAccessEnd` (code 0x0005, kind `Arena`): The arena has finished handling a barrier hit.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @public
 */
export function eventArenaAccessEnd(tel: Telemetry, arena: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaAccessEnd.arena");
  }
  const _p = tel._begin(0x0005, 16);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
}

/**
 * Write the event `ArenaAlloc` (code 0x0006, kind `Arena`): The arena gave a block of grains to a pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param baseTract - the first tract of the block (P).
 * @param base - the block's base (A).
 * @param size - the block's size in bytes (W).
 * @param pool - the pool that asked (P).
 * @public
 */
export function eventArenaAlloc(tel: Telemetry, arena: number, baseTract: number, base: Addr, size: number, pool: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaAlloc.arena");
    checkU32(baseTract, "ArenaAlloc.baseTract");
    checkAddr(base, "ArenaAlloc.base");
    checkWord(size, "ArenaAlloc.size");
    checkU32(pool, "ArenaAlloc.pool");
  }
  const _p = tel._begin(0x0006, 40);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, baseTract, true);
  _v.setUint32(_p + 8, base >>> 0, true);
  _v.setUint32(_p + 12, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, size >>> 0, true);
  _v.setUint32(_p + 20, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, pool, true);
}

/**
 * Write the event `ArenaAllocFail` (code 0x0007, kind `Arena`): The arena could not give a pool the block it asked for.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param size - the size asked for (W).
 * @param pool - the pool that asked (P).
 * @param res - the result code (its index in RES_CODES, plus 1) (U).
 * @public
 */
export function eventArenaAllocFail(tel: Telemetry, arena: number, size: number, pool: number, res: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaAllocFail.arena");
    checkWord(size, "ArenaAllocFail.size");
    checkU32(pool, "ArenaAllocFail.pool");
    checkU32(res, "ArenaAllocFail.res");
  }
  const _p = tel._begin(0x0007, 32);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, size >>> 0, true);
  _v.setUint32(_p + 8, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, pool, true);
  _v.setUint32(_p + 16, res, true);
}

/**
 * Write the event `ArenaCreateCL` (code 0x0008, kind `Arena`): A client arena was made over memory the client gave it.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param size - bytes of memory given to the arena (W).
 * @param base - the base of that memory (A).
 * @param grainSize - the arena's grain size in bytes (W).
 * @param arenaClass - the arena's class: the identifier of its interned name (Telemetry.intern) (P).
 * @param systemPools - how many pools the arena made for itself (W).
 * @param serial - the arena's serial number (U).
 * @public
 */
export function eventArenaCreateCL(tel: Telemetry, arena: number, size: number, base: Addr, grainSize: number, arenaClass: number, systemPools: number, serial: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaCreateCL.arena");
    checkWord(size, "ArenaCreateCL.size");
    checkAddr(base, "ArenaCreateCL.base");
    checkWord(grainSize, "ArenaCreateCL.grainSize");
    checkU32(arenaClass, "ArenaCreateCL.arenaClass");
    checkWord(systemPools, "ArenaCreateCL.systemPools");
    checkU32(serial, "ArenaCreateCL.serial");
  }
  const _p = tel._begin(0x0008, 56);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, size >>> 0, true);
  _v.setUint32(_p + 8, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, base >>> 0, true);
  _v.setUint32(_p + 16, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, grainSize >>> 0, true);
  _v.setUint32(_p + 24, (grainSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, arenaClass, true);
  _v.setUint32(_p + 32, systemPools >>> 0, true);
  _v.setUint32(_p + 36, (systemPools / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, serial, true);
}

/**
 * Write the event `ArenaCreateVM` (code 0x0009, kind `Arena`): A virtual-memory arena was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param userSize - the address space asked for, in bytes (W).
 * @param chunkSize - the size of the first chunk in bytes (W).
 * @param grainSize - the arena's grain size in bytes (W).
 * @param arenaClass - the arena's class: the identifier of its interned name (Telemetry.intern) (P).
 * @param systemPools - how many pools the arena made for itself (W).
 * @param serial - the arena's serial number (U).
 * @public
 */
export function eventArenaCreateVM(tel: Telemetry, arena: number, userSize: number, chunkSize: number, grainSize: number, arenaClass: number, systemPools: number, serial: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaCreateVM.arena");
    checkWord(userSize, "ArenaCreateVM.userSize");
    checkWord(chunkSize, "ArenaCreateVM.chunkSize");
    checkWord(grainSize, "ArenaCreateVM.grainSize");
    checkU32(arenaClass, "ArenaCreateVM.arenaClass");
    checkWord(systemPools, "ArenaCreateVM.systemPools");
    checkU32(serial, "ArenaCreateVM.serial");
  }
  const _p = tel._begin(0x0009, 56);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, userSize >>> 0, true);
  _v.setUint32(_p + 8, (userSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, chunkSize >>> 0, true);
  _v.setUint32(_p + 16, (chunkSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, grainSize >>> 0, true);
  _v.setUint32(_p + 24, (grainSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, arenaClass, true);
  _v.setUint32(_p + 32, systemPools >>> 0, true);
  _v.setUint32(_p + 36, (systemPools / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, serial, true);
}

/**
 * Write the event `ArenaDestroy` (code 0x000a, kind `Arena`): An arena is being destroyed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @public
 */
export function eventArenaDestroy(tel: Telemetry, arena: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaDestroy.arena");
  }
  const _p = tel._begin(0x000a, 16);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
}

/**
 * Write the event `ArenaExtend` (code 0x000b, kind `Arena`): The arena gained a chunk of address space.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param base - the new chunk's base (A).
 * @param size - the new chunk's size in bytes (W).
 * @public
 */
export function eventArenaExtend(tel: Telemetry, arena: number, base: Addr, size: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaExtend.arena");
    checkAddr(base, "ArenaExtend.base");
    checkWord(size, "ArenaExtend.size");
  }
  const _p = tel._begin(0x000b, 32);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
}

/**
 * Write the event `ArenaFree` (code 0x000c, kind `Arena`): A pool gave a block of grains back to the arena.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param base - the block's base (A).
 * @param size - the block's size in bytes (W).
 * @param pool - the pool that freed it (P).
 * @public
 */
export function eventArenaFree(tel: Telemetry, arena: number, base: Addr, size: number, pool: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaFree.arena");
    checkAddr(base, "ArenaFree.base");
    checkWord(size, "ArenaFree.size");
    checkU32(pool, "ArenaFree.pool");
  }
  const _p = tel._begin(0x000c, 36);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, pool, true);
}

/**
 * Write the event `ArenaPollBegin` (code 0x000d, kind `Arena`): The arena begins a poll: a chance to do collection work.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @public
 */
export function eventArenaPollBegin(tel: Telemetry, arena: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaPollBegin.arena");
  }
  const _p = tel._begin(0x000d, 16);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
}

/**
 * Write the event `ArenaPollEnd` (code 0x000e, kind `Arena`): The arena's poll is over.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param workWasDone - whether the poll did any collection work (B).
 * @public
 */
export function eventArenaPollEnd(tel: Telemetry, arena: number, workWasDone: boolean): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaPollEnd.arena");
    checkBool(workWasDone, "ArenaPollEnd.workWasDone");
  }
  const _p = tel._begin(0x000e, 17);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint8(_p + 4, workWasDone ? 1 : 0);
}

/**
 * Write the event `ArenaSetEmergency` (code 0x000f, kind `Arena`): The arena entered or left emergency mode, in which the collector avoids allocating.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param emergency - whether the arena is now in emergency mode (B).
 * @public
 */
export function eventArenaSetEmergency(tel: Telemetry, arena: number, emergency: boolean): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaSetEmergency.arena");
    checkBool(emergency, "ArenaSetEmergency.emergency");
  }
  const _p = tel._begin(0x000f, 17);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint8(_p + 4, emergency ? 1 : 0);
}

/**
 * Write the event `ArenaSetSpare` (code 0x0010, kind `Arena`): The client changed the fraction of committed memory the arena may keep spare.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param spare - the new spare fraction (D).
 * @public
 */
export function eventArenaSetSpare(tel: Telemetry, arena: number, spare: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaSetSpare.arena");
    checkDouble(spare, "ArenaSetSpare.spare");
  }
  const _p = tel._begin(0x0010, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setFloat64(_p + 4, spare, true);
}

/**
 * Write the event `ArenaUseFreeZone` (code 0x0011, kind `Arena`): The arena began to allocate in zones that were free until now.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param zoneSet - the zones that are no longer free (W).
 * @public
 */
export function eventArenaUseFreeZone(tel: Telemetry, arena: number, zoneSet: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "ArenaUseFreeZone.arena");
    checkWord(zoneSet, "ArenaUseFreeZone.zoneSet");
  }
  const _p = tel._begin(0x0011, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, zoneSet >>> 0, true);
  _v.setUint32(_p + 8, (zoneSet / 4294967296) >>> 0, true);
}

/**
 * Write the event `BufferCommit` (code 0x0012, kind `Object`): An object was committed in an allocation point.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_OBJECT`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param p - the object's address (A).
 * @param size - the object's size in bytes (W).
 * @param clientClass - the object's class according to its format, or 0 (A).
 * @public
 */
export function eventBufferCommit(tel: Telemetry, buffer: number, p: Addr, size: number, clientClass: Addr): void {
  if ((tel.control & 32) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferCommit.buffer");
    checkAddr(p, "BufferCommit.p");
    checkWord(size, "BufferCommit.size");
    checkAddr(clientClass, "BufferCommit.clientClass");
  }
  const _p = tel._begin(0x0012, 40);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, p >>> 0, true);
  _v.setUint32(_p + 8, (p / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, clientClass >>> 0, true);
  _v.setUint32(_p + 24, (clientClass / 4294967296) >>> 0, true);
}

/**
 * Write the event `BufferEmpty` (code 0x0013, kind `Seg`): A buffer gave its unused memory back to its pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param spare - bytes that were left unused (W).
 * @public
 */
export function eventBufferEmpty(tel: Telemetry, buffer: number, spare: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferEmpty.buffer");
    checkWord(spare, "BufferEmpty.spare");
  }
  const _p = tel._begin(0x0013, 24);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, spare >>> 0, true);
  _v.setUint32(_p + 8, (spare / 4294967296) >>> 0, true);
}

/**
 * Write the event `BufferFill` (code 0x0014, kind `Seg`): A buffer was refilled by its pool (the allocation point's slow path).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param size - the size of the client's request (W).
 * @param base - the base of the memory the pool gave (A).
 * @param filled - bytes the pool gave (W).
 * @public
 */
export function eventBufferFill(tel: Telemetry, buffer: number, size: number, base: Addr, filled: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferFill.buffer");
    checkWord(size, "BufferFill.size");
    checkAddr(base, "BufferFill.base");
    checkWord(filled, "BufferFill.filled");
  }
  const _p = tel._begin(0x0014, 40);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, size >>> 0, true);
  _v.setUint32(_p + 8, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, base >>> 0, true);
  _v.setUint32(_p + 16, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, filled >>> 0, true);
  _v.setUint32(_p + 24, (filled / 4294967296) >>> 0, true);
}

/**
 * Write the event `BufferFinish` (code 0x0015, kind `Pool`): A buffer was finished.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @public
 */
export function eventBufferFinish(tel: Telemetry, buffer: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferFinish.buffer");
  }
  const _p = tel._begin(0x0015, 16);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
}

/**
 * Write the event `BufferInit` (code 0x0016, kind `Pool`): A buffer was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param pool - its pool (P).
 * @param isMutator - whether it belongs to the client (an allocation point) (B).
 * @public
 */
export function eventBufferInit(tel: Telemetry, buffer: number, pool: number, isMutator: boolean): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferInit.buffer");
    checkU32(pool, "BufferInit.pool");
    checkBool(isMutator, "BufferInit.isMutator");
  }
  const _p = tel._begin(0x0016, 21);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, pool, true);
  _v.setUint8(_p + 8, isMutator ? 1 : 0);
}

/**
 * Write the event `BufferInitRank` (code 0x0017, kind `Pool`): A buffer of references of one rank was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param pool - its pool (P).
 * @param isMutator - whether it belongs to the client (B).
 * @param rank - the rank of the references in it (U).
 * @public
 */
export function eventBufferInitRank(tel: Telemetry, buffer: number, pool: number, isMutator: boolean, rank: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferInitRank.buffer");
    checkU32(pool, "BufferInitRank.pool");
    checkBool(isMutator, "BufferInitRank.isMutator");
    checkU32(rank, "BufferInitRank.rank");
  }
  const _p = tel._begin(0x0017, 25);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, pool, true);
  _v.setUint8(_p + 8, isMutator ? 1 : 0);
  _v.setUint32(_p + 9, rank, true);
}

/**
 * Write the event `BufferInitSeg` (code 0x0018, kind `Pool`): A buffer that allocates in segments was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param pool - its pool (P).
 * @param isMutator - whether it belongs to the client (B).
 * @public
 */
export function eventBufferInitSeg(tel: Telemetry, buffer: number, pool: number, isMutator: boolean): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferInitSeg.buffer");
    checkU32(pool, "BufferInitSeg.pool");
    checkBool(isMutator, "BufferInitSeg.isMutator");
  }
  const _p = tel._begin(0x0018, 21);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, pool, true);
  _v.setUint8(_p + 8, isMutator ? 1 : 0);
}

/**
 * Write the event `BufferReserve` (code 0x0019, kind `Object`): Memory was reserved in an allocation point.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_OBJECT`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param buffer - the buffer (P).
 * @param init - the buffer's init pointer (A).
 * @param size - the size reserved (W).
 * @public
 */
export function eventBufferReserve(tel: Telemetry, buffer: number, init: Addr, size: number): void {
  if ((tel.control & 32) === 0) return;
  if (COOL) {
    checkU32(buffer, "BufferReserve.buffer");
    checkAddr(init, "BufferReserve.init");
    checkWord(size, "BufferReserve.size");
  }
  const _p = tel._begin(0x0019, 32);
  const _v = tel.view;
  _v.setUint32(_p, buffer, true);
  _v.setUint32(_p + 4, init >>> 0, true);
  _v.setUint32(_p + 8, (init / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
}

/**
 * Write the event `ChainCondemnAuto` (code 0x001a, kind `Trace`): The collector chose generations of a chain to condemn.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the chain's arena (P).
 * @param chain - the chain (P).
 * @param trace - the trace that condemns them (P).
 * @param topCondemnedGenIndex - generations 0 to this one are condemned (W).
 * @param genCount - how many generations the chain has (W).
 * @public
 */
export function eventChainCondemnAuto(tel: Telemetry, arena: number, chain: number, trace: number, topCondemnedGenIndex: number, genCount: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "ChainCondemnAuto.arena");
    checkU32(chain, "ChainCondemnAuto.chain");
    checkU32(trace, "ChainCondemnAuto.trace");
    checkWord(topCondemnedGenIndex, "ChainCondemnAuto.topCondemnedGenIndex");
    checkWord(genCount, "ChainCondemnAuto.genCount");
  }
  const _p = tel._begin(0x001a, 40);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, chain, true);
  _v.setUint32(_p + 8, trace, true);
  _v.setUint32(_p + 12, topCondemnedGenIndex >>> 0, true);
  _v.setUint32(_p + 16, (topCondemnedGenIndex / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, genCount >>> 0, true);
  _v.setUint32(_p + 24, (genCount / 4294967296) >>> 0, true);
}

/**
 * Write the event `CommitLimitSet` (code 0x001b, kind `Arena`): The client asked to change the arena's commit limit.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param limit - the limit asked for, in bytes (W).
 * @param res - 0 if it was set, else the result code (index in RES_CODES, plus 1) (U).
 * @public
 */
export function eventCommitLimitSet(tel: Telemetry, arena: number, limit: number, res: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "CommitLimitSet.arena");
    checkWord(limit, "CommitLimitSet.limit");
    checkU32(res, "CommitLimitSet.res");
  }
  const _p = tel._begin(0x001b, 28);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, limit >>> 0, true);
  _v.setUint32(_p + 8, (limit / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, res, true);
}

/**
 * Write the event `EventClockSync` (code 0x001c, kind `Arena`): The writer wrote its buffer out; written at the end of every block of events.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param clock - the plinth's clock when the block was written (W).
 * @public
 */
export function eventEventClockSync(tel: Telemetry, clock: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(clock, "EventClockSync.clock");
  }
  const _p = tel._begin(0x001c, 20);
  const _v = tel.view;
  _v.setUint32(_p, clock >>> 0, true);
  _v.setUint32(_p + 4, (clock / 4294967296) >>> 0, true);
}

/**
 * Write the event `EventInit` (code 0x001d, kind `Arena`): A log begins: the header of every telemetry stream, written whenever the stream is opened.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param major - EVENT_VERSION_MAJOR (U).
 * @param median - EVENT_VERSION_MEDIAN (U).
 * @param minor - EVENT_VERSION_MINOR (U).
 * @param maxCode - the largest event code the writer knows (U).
 * @param maxNameLen - the length of the longest event name (U).
 * @param wordWidth - bits in a word of the arena (32) (U).
 * @param clocksPerSec - the plinth's clock ticks per second (W).
 * @public
 */
export function eventEventInit(tel: Telemetry, major: number, median: number, minor: number, maxCode: number, maxNameLen: number, wordWidth: number, clocksPerSec: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(major, "EventInit.major");
    checkU32(median, "EventInit.median");
    checkU32(minor, "EventInit.minor");
    checkU32(maxCode, "EventInit.maxCode");
    checkU32(maxNameLen, "EventInit.maxNameLen");
    checkU32(wordWidth, "EventInit.wordWidth");
    checkWord(clocksPerSec, "EventInit.clocksPerSec");
  }
  const _p = tel._begin(0x001d, 44);
  const _v = tel.view;
  _v.setUint32(_p, major, true);
  _v.setUint32(_p + 4, median, true);
  _v.setUint32(_p + 8, minor, true);
  _v.setUint32(_p + 12, maxCode, true);
  _v.setUint32(_p + 16, maxNameLen, true);
  _v.setUint32(_p + 20, wordWidth, true);
  _v.setUint32(_p + 24, clocksPerSec >>> 0, true);
  _v.setUint32(_p + 28, (clocksPerSec / 4294967296) >>> 0, true);
}

/**
 * Write the event `GenFinish` (code 0x001e, kind `Arena`): A generation was finished.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the generation's arena (P).
 * @param gen - the generation (P).
 * @param serial - its serial number in the arena (U).
 * @public
 */
export function eventGenFinish(tel: Telemetry, arena: number, gen: number, serial: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "GenFinish.arena");
    checkU32(gen, "GenFinish.gen");
    checkU32(serial, "GenFinish.serial");
  }
  const _p = tel._begin(0x001e, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, gen, true);
  _v.setUint32(_p + 8, serial, true);
}

/**
 * Write the event `GenInit` (code 0x001f, kind `Arena`): A generation was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the generation's arena (P).
 * @param gen - the generation (P).
 * @param serial - its serial number in the arena (U).
 * @param capacity - its capacity in bytes (W).
 * @param mortality - its initial estimate of mortality (D).
 * @public
 */
export function eventGenInit(tel: Telemetry, arena: number, gen: number, serial: number, capacity: number, mortality: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "GenInit.arena");
    checkU32(gen, "GenInit.gen");
    checkU32(serial, "GenInit.serial");
    checkWord(capacity, "GenInit.capacity");
    checkDouble(mortality, "GenInit.mortality");
  }
  const _p = tel._begin(0x001f, 40);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, gen, true);
  _v.setUint32(_p + 8, serial, true);
  _v.setUint32(_p + 12, capacity >>> 0, true);
  _v.setUint32(_p + 16, (capacity / 4294967296) >>> 0, true);
  _v.setFloat64(_p + 20, mortality, true);
}

/**
 * Write the event `GenZoneSet` (code 0x0020, kind `Arena`): The zones a generation occupies changed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the generation's arena (P).
 * @param gen - the generation (P).
 * @param zoneSet - its new zone set (W).
 * @public
 */
export function eventGenZoneSet(tel: Telemetry, arena: number, gen: number, zoneSet: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "GenZoneSet.arena");
    checkU32(gen, "GenZoneSet.gen");
    checkWord(zoneSet, "GenZoneSet.zoneSet");
  }
  const _p = tel._begin(0x0020, 28);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, gen, true);
  _v.setUint32(_p + 8, zoneSet >>> 0, true);
  _v.setUint32(_p + 12, (zoneSet / 4294967296) >>> 0, true);
}

/**
 * Write the event `Intern` (code 0x0021, kind `User`): A string was given an identifier (Telemetry.intern).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_USER`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param stringId - the identifier (W).
 * @param string - the string (S).
 * @public
 */
export function eventIntern(tel: Telemetry, stringId: number, string: string): void {
  if ((tel.control & 64) === 0) return;
  if (COOL) {
    checkWord(stringId, "Intern.stringId");
  }
  const _n = tel._string(string);
  const _p = tel._begin(0x0021, 21 + _n);
  const _v = tel.view;
  _v.setUint32(_p, stringId >>> 0, true);
  _v.setUint32(_p + 4, (stringId / 4294967296) >>> 0, true);
  _v.setUint8(_p + 8, _n);
  tel._stringTo(_p + 9, _n);
}

/**
 * Write the event `Label` (code 0x0022, kind `User`): An address was labelled with an interned string (Telemetry.label).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_USER`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param address - the address (A).
 * @param stringId - the identifier of its label (W).
 * @public
 */
export function eventLabel(tel: Telemetry, address: Addr, stringId: number): void {
  if ((tel.control & 64) === 0) return;
  if (COOL) {
    checkAddr(address, "Label.address");
    checkWord(stringId, "Label.stringId");
  }
  const _p = tel._begin(0x0022, 28);
  const _v = tel.view;
  _v.setUint32(_p, address >>> 0, true);
  _v.setUint32(_p + 4, (address / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, stringId >>> 0, true);
  _v.setUint32(_p + 12, (stringId / 4294967296) >>> 0, true);
}

/**
 * Write the event `LabelPointer` (code 0x0023, kind `User`): An MPS structure was labelled with an interned string (Telemetry.labelPointer).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_USER`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pointer - the structure (P).
 * @param stringId - the identifier of its label (W).
 * @public
 */
export function eventLabelPointer(tel: Telemetry, pointer: number, stringId: number): void {
  if ((tel.control & 64) === 0) return;
  if (COOL) {
    checkU32(pointer, "LabelPointer.pointer");
    checkWord(stringId, "LabelPointer.stringId");
  }
  const _p = tel._begin(0x0023, 24);
  const _v = tel.view;
  _v.setUint32(_p, pointer, true);
  _v.setUint32(_p + 4, stringId >>> 0, true);
  _v.setUint32(_p + 8, (stringId / 4294967296) >>> 0, true);
}

/**
 * Write the event `LandInit` (code 0x0024, kind `Pool`): A land (a set of address ranges) was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param land - the land (P).
 * @param owner - the structure that owns it (P).
 * @public
 */
export function eventLandInit(tel: Telemetry, land: number, owner: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(land, "LandInit.land");
    checkU32(owner, "LandInit.owner");
  }
  const _p = tel._begin(0x0024, 20);
  const _v = tel.view;
  _v.setUint32(_p, land, true);
  _v.setUint32(_p + 4, owner, true);
}

/**
 * Write the event `MessagesDropped` (code 0x0025, kind `Arena`): Messages were thrown away because the client did not collect them.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param count - how many (W).
 * @public
 */
export function eventMessagesDropped(tel: Telemetry, count: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(count, "MessagesDropped.count");
  }
  const _p = tel._begin(0x0025, 20);
  const _v = tel.view;
  _v.setUint32(_p, count >>> 0, true);
  _v.setUint32(_p + 4, (count / 4294967296) >>> 0, true);
}

/**
 * Write the event `MessagesExist` (code 0x0026, kind `Arena`): Messages are waiting for the client.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @public
 */
export function eventMessagesExist(tel: Telemetry): void {
  if ((tel.control & 1) === 0) return;
  tel._begin(0x0026, 12);
}

/**
 * Write the event `MeterInit` (code 0x0027, kind `Pool`): A meter (a statistic of some operation) was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param meter - the meter (P).
 * @param owner - the structure that owns it (P).
 * @public
 */
export function eventMeterInit(tel: Telemetry, meter: number, owner: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(meter, "MeterInit.meter");
    checkU32(owner, "MeterInit.owner");
  }
  const _p = tel._begin(0x0027, 20);
  const _v = tel.view;
  _v.setUint32(_p, meter, true);
  _v.setUint32(_p + 4, owner, true);
}

/**
 * Write the event `MeterValues` (code 0x0028, kind `Pool`): A meter reported its values.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param meter - the meter (P).
 * @param total - the sum of the amounts metered (D).
 * @param meanSquared - the mean of their squares (D).
 * @param count - how many amounts were metered (W).
 * @param max - the largest (W).
 * @param min - the smallest (W).
 * @public
 */
export function eventMeterValues(tel: Telemetry, meter: number, total: number, meanSquared: number, count: number, max: number, min: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(meter, "MeterValues.meter");
    checkDouble(total, "MeterValues.total");
    checkDouble(meanSquared, "MeterValues.meanSquared");
    checkWord(count, "MeterValues.count");
    checkWord(max, "MeterValues.max");
    checkWord(min, "MeterValues.min");
  }
  const _p = tel._begin(0x0028, 56);
  const _v = tel.view;
  _v.setUint32(_p, meter, true);
  _v.setFloat64(_p + 4, total, true);
  _v.setFloat64(_p + 12, meanSquared, true);
  _v.setUint32(_p + 20, count >>> 0, true);
  _v.setUint32(_p + 24, (count / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, max >>> 0, true);
  _v.setUint32(_p + 32, (max / 4294967296) >>> 0, true);
  _v.setUint32(_p + 36, min >>> 0, true);
  _v.setUint32(_p + 40, (min / 4294967296) >>> 0, true);
}

/**
 * Write the event `PauseTimeSet` (code 0x0029, kind `Arena`): The client changed the arena's maximum pause time.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param pauseTime - the new maximum pause, in seconds (D).
 * @public
 */
export function eventPauseTimeSet(tel: Telemetry, arena: number, pauseTime: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(arena, "PauseTimeSet.arena");
    checkDouble(pauseTime, "PauseTimeSet.pauseTime");
  }
  const _p = tel._begin(0x0029, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setFloat64(_p + 4, pauseTime, true);
}

/**
 * Write the event `PoolAlloc` (code 0x002a, kind `Object`): A block was allocated from a pool (mps_alloc).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_OBJECT`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param pReturn - the block's address (A).
 * @param size - the size asked for (W).
 * @public
 */
export function eventPoolAlloc(tel: Telemetry, pool: number, pReturn: Addr, size: number): void {
  if ((tel.control & 32) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolAlloc.pool");
    checkAddr(pReturn, "PoolAlloc.pReturn");
    checkWord(size, "PoolAlloc.size");
  }
  const _p = tel._begin(0x002a, 32);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, pReturn >>> 0, true);
  _v.setUint32(_p + 8, (pReturn / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
}

/**
 * Write the event `PoolFinish` (code 0x002b, kind `Pool`): A pool is being destroyed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param arena - its arena (P).
 * @public
 */
export function eventPoolFinish(tel: Telemetry, pool: number, arena: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolFinish.pool");
    checkU32(arena, "PoolFinish.arena");
  }
  const _p = tel._begin(0x002b, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, arena, true);
}

/**
 * Write the event `PoolFree` (code 0x002c, kind `Object`): A block was freed to a pool (mps_free).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_OBJECT`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param old - the block's address (A).
 * @param size - the block's size (W).
 * @public
 */
export function eventPoolFree(tel: Telemetry, pool: number, old: Addr, size: number): void {
  if ((tel.control & 32) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolFree.pool");
    checkAddr(old, "PoolFree.old");
    checkWord(size, "PoolFree.size");
  }
  const _p = tel._begin(0x002c, 32);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, old >>> 0, true);
  _v.setUint32(_p + 8, (old / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, size >>> 0, true);
  _v.setUint32(_p + 16, (size / 4294967296) >>> 0, true);
}

/**
 * Write the event `PoolInit` (code 0x002d, kind `Pool`): A pool was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param arena - its arena (P).
 * @param poolClass - its class: the identifier of its interned name (Telemetry.intern) (P).
 * @param serial - its serial number in the arena (U).
 * @public
 */
export function eventPoolInit(tel: Telemetry, pool: number, arena: number, poolClass: number, serial: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInit.pool");
    checkU32(arena, "PoolInit.arena");
    checkU32(poolClass, "PoolInit.poolClass");
    checkU32(serial, "PoolInit.serial");
  }
  const _p = tel._begin(0x002d, 28);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, arena, true);
  _v.setUint32(_p + 8, poolClass, true);
  _v.setUint32(_p + 12, serial, true);
}

/**
 * Write the event `PoolInitAMC` (code 0x002e, kind `Pool`): The pool just made is an AMC pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitAMC(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitAMC.pool");
    checkU32(format, "PoolInitAMC.format");
  }
  const _p = tel._begin(0x002e, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `PoolInitAMCZ` (code 0x002f, kind `Pool`): The pool just made is an AMCZ pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitAMCZ(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitAMCZ.pool");
    checkU32(format, "PoolInitAMCZ.format");
  }
  const _p = tel._begin(0x002f, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `PoolInitAMS` (code 0x0030, kind `Pool`): The pool just made is an AMS pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitAMS(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitAMS.pool");
    checkU32(format, "PoolInitAMS.format");
  }
  const _p = tel._begin(0x0030, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `PoolInitAWL` (code 0x0031, kind `Pool`): The pool just made is an AWL pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitAWL(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitAWL.pool");
    checkU32(format, "PoolInitAWL.format");
  }
  const _p = tel._begin(0x0031, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `PoolInitLO` (code 0x0032, kind `Pool`): The pool just made is an LO pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitLO(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitLO.pool");
    checkU32(format, "PoolInitLO.format");
  }
  const _p = tel._begin(0x0032, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `PoolInitMFS` (code 0x0033, kind `Pool`): The pool just made is an MFS pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param extendBy - the size of its extents in bytes (W).
 * @param extendSelf - whether it grows by itself when empty (B).
 * @param unitSize - the size of its blocks in bytes (W).
 * @public
 */
export function eventPoolInitMFS(tel: Telemetry, pool: number, extendBy: number, extendSelf: boolean, unitSize: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitMFS.pool");
    checkWord(extendBy, "PoolInitMFS.extendBy");
    checkBool(extendSelf, "PoolInitMFS.extendSelf");
    checkWord(unitSize, "PoolInitMFS.unitSize");
  }
  const _p = tel._begin(0x0033, 33);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, extendBy >>> 0, true);
  _v.setUint32(_p + 8, (extendBy / 4294967296) >>> 0, true);
  _v.setUint8(_p + 12, extendSelf ? 1 : 0);
  _v.setUint32(_p + 13, unitSize >>> 0, true);
  _v.setUint32(_p + 17, (unitSize / 4294967296) >>> 0, true);
}

/**
 * Write the event `PoolInitMVFF` (code 0x0034, kind `Pool`): The pool just made is an MVFF pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param extendBy - the size of its extents in bytes (W).
 * @param avgSize - the expected mean size of its blocks (W).
 * @param align - the alignment of its blocks (W).
 * @param slotHigh - whether it allocates at the high end of a free block (B).
 * @param arenaHigh - whether it takes extents from high addresses (B).
 * @param firstFit - whether it allocates from the first free block that fits (B).
 * @public
 */
export function eventPoolInitMVFF(tel: Telemetry, pool: number, extendBy: number, avgSize: number, align: number, slotHigh: boolean, arenaHigh: boolean, firstFit: boolean): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitMVFF.pool");
    checkWord(extendBy, "PoolInitMVFF.extendBy");
    checkWord(avgSize, "PoolInitMVFF.avgSize");
    checkWord(align, "PoolInitMVFF.align");
    checkBool(slotHigh, "PoolInitMVFF.slotHigh");
    checkBool(arenaHigh, "PoolInitMVFF.arenaHigh");
    checkBool(firstFit, "PoolInitMVFF.firstFit");
  }
  const _p = tel._begin(0x0034, 43);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, extendBy >>> 0, true);
  _v.setUint32(_p + 8, (extendBy / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, avgSize >>> 0, true);
  _v.setUint32(_p + 16, (avgSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, align >>> 0, true);
  _v.setUint32(_p + 24, (align / 4294967296) >>> 0, true);
  _v.setUint8(_p + 28, slotHigh ? 1 : 0);
  _v.setUint8(_p + 29, arenaHigh ? 1 : 0);
  _v.setUint8(_p + 30, firstFit ? 1 : 0);
}

/**
 * Write the event `PoolInitMVT` (code 0x0035, kind `Pool`): The pool just made is an MVT pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param minSize - the expected smallest block size (W).
 * @param meanSize - the expected mean block size (W).
 * @param maxSize - the expected largest block size (W).
 * @param reserveDepth - how many blocks it keeps room for (W).
 * @param fragLimit - the fragmentation it tolerates, in percent (W).
 * @public
 */
export function eventPoolInitMVT(tel: Telemetry, pool: number, minSize: number, meanSize: number, maxSize: number, reserveDepth: number, fragLimit: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitMVT.pool");
    checkWord(minSize, "PoolInitMVT.minSize");
    checkWord(meanSize, "PoolInitMVT.meanSize");
    checkWord(maxSize, "PoolInitMVT.maxSize");
    checkWord(reserveDepth, "PoolInitMVT.reserveDepth");
    checkWord(fragLimit, "PoolInitMVT.fragLimit");
  }
  const _p = tel._begin(0x0035, 56);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, minSize >>> 0, true);
  _v.setUint32(_p + 8, (minSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, meanSize >>> 0, true);
  _v.setUint32(_p + 16, (meanSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, maxSize >>> 0, true);
  _v.setUint32(_p + 24, (maxSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, reserveDepth >>> 0, true);
  _v.setUint32(_p + 32, (reserveDepth / 4294967296) >>> 0, true);
  _v.setUint32(_p + 36, fragLimit >>> 0, true);
  _v.setUint32(_p + 40, (fragLimit / 4294967296) >>> 0, true);
}

/**
 * Write the event `PoolInitSNC` (code 0x0036, kind `Pool`): The pool just made is an SNC pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_POOL`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param pool - the pool (P).
 * @param format - its object format (P).
 * @public
 */
export function eventPoolInitSNC(tel: Telemetry, pool: number, format: number): void {
  if ((tel.control & 2) === 0) return;
  if (COOL) {
    checkU32(pool, "PoolInitSNC.pool");
    checkU32(format, "PoolInitSNC.format");
  }
  const _p = tel._begin(0x0036, 20);
  const _v = tel.view;
  _v.setUint32(_p, pool, true);
  _v.setUint32(_p + 4, format, true);
}

/**
 * Write the event `RootScan` (code 0x0037, kind `Seg`): A root was scanned.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param root - the root (P).
 * @param ts - the traces it was scanned for (W).
 * @param summary - the summary of its references after the scan (W).
 * @public
 */
export function eventRootScan(tel: Telemetry, root: number, ts: number, summary: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(root, "RootScan.root");
    checkWord(ts, "RootScan.ts");
    checkWord(summary, "RootScan.summary");
  }
  const _p = tel._begin(0x0037, 32);
  const _v = tel.view;
  _v.setUint32(_p, root, true);
  _v.setUint32(_p + 4, ts >>> 0, true);
  _v.setUint32(_p + 8, (ts / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, summary >>> 0, true);
  _v.setUint32(_p + 16, (summary / 4294967296) >>> 0, true);
}

/**
 * Write the event `SegAlloc` (code 0x0038, kind `Seg`): A segment was made for a pool.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param seg - the segment (P).
 * @param base - its base (A).
 * @param size - its size in bytes (W).
 * @param pool - the pool that asked (P).
 * @public
 */
export function eventSegAlloc(tel: Telemetry, arena: number, seg: number, base: Addr, size: number, pool: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "SegAlloc.arena");
    checkU32(seg, "SegAlloc.seg");
    checkAddr(base, "SegAlloc.base");
    checkWord(size, "SegAlloc.size");
    checkU32(pool, "SegAlloc.pool");
  }
  const _p = tel._begin(0x0038, 40);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, seg, true);
  _v.setUint32(_p + 8, base >>> 0, true);
  _v.setUint32(_p + 12, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, size >>> 0, true);
  _v.setUint32(_p + 20, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, pool, true);
}

/**
 * Write the event `SegAllocFail` (code 0x0039, kind `Seg`): A segment could not be made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param size - the size asked for (W).
 * @param pool - the pool that asked (P).
 * @param res - the result code (index in RES_CODES, plus 1) (U).
 * @public
 */
export function eventSegAllocFail(tel: Telemetry, arena: number, size: number, pool: number, res: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "SegAllocFail.arena");
    checkWord(size, "SegAllocFail.size");
    checkU32(pool, "SegAllocFail.pool");
    checkU32(res, "SegAllocFail.res");
  }
  const _p = tel._begin(0x0039, 32);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, size >>> 0, true);
  _v.setUint32(_p + 8, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, pool, true);
  _v.setUint32(_p + 16, res, true);
}

/**
 * Write the event `SegFree` (code 0x003a, kind `Seg`): A segment was freed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - its arena (P).
 * @param seg - the segment (P).
 * @public
 */
export function eventSegFree(tel: Telemetry, arena: number, seg: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "SegFree.arena");
    checkU32(seg, "SegFree.seg");
  }
  const _p = tel._begin(0x003a, 20);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, seg, true);
}

/**
 * Write the event `SegMerge` (code 0x003b, kind `Seg`): Two adjacent segments were merged into the low one.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param segLo - the low segment (P).
 * @param segHi - the high segment (P).
 * @public
 */
export function eventSegMerge(tel: Telemetry, segLo: number, segHi: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(segLo, "SegMerge.segLo");
    checkU32(segHi, "SegMerge.segHi");
  }
  const _p = tel._begin(0x003b, 20);
  const _v = tel.view;
  _v.setUint32(_p, segLo, true);
  _v.setUint32(_p + 4, segHi, true);
}

/**
 * Write the event `SegReclaim` (code 0x003c, kind `Seg`): A segment's dead objects were reclaimed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment (P).
 * @param pool - its pool (P).
 * @param arena - the pool's arena (P).
 * @param trace - the trace reclaiming (P).
 * @public
 */
export function eventSegReclaim(tel: Telemetry, seg: number, pool: number, arena: number, trace: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(seg, "SegReclaim.seg");
    checkU32(pool, "SegReclaim.pool");
    checkU32(arena, "SegReclaim.arena");
    checkU32(trace, "SegReclaim.trace");
  }
  const _p = tel._begin(0x003c, 28);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
  _v.setUint32(_p + 4, pool, true);
  _v.setUint32(_p + 8, arena, true);
  _v.setUint32(_p + 12, trace, true);
}

/**
 * Write the event `SegScan` (code 0x003d, kind `Seg`): A segment was scanned.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment (P).
 * @param pool - its pool (P).
 * @param arena - the pool's arena (P).
 * @param ts - the traces it was scanned for (U).
 * @param rank - the rank scanned at (U).
 * @public
 */
export function eventSegScan(tel: Telemetry, seg: number, pool: number, arena: number, ts: number, rank: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(seg, "SegScan.seg");
    checkU32(pool, "SegScan.pool");
    checkU32(arena, "SegScan.arena");
    checkU32(ts, "SegScan.ts");
    checkU32(rank, "SegScan.rank");
  }
  const _p = tel._begin(0x003d, 32);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
  _v.setUint32(_p + 4, pool, true);
  _v.setUint32(_p + 8, arena, true);
  _v.setUint32(_p + 12, ts, true);
  _v.setUint32(_p + 16, rank, true);
}

/**
 * Write the event `SegSetGrey` (code 0x003e, kind `Seg`): A segment's grey set changed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - its arena (P).
 * @param seg - the segment (P).
 * @param grey - the traces it is now grey for (U).
 * @public
 */
export function eventSegSetGrey(tel: Telemetry, arena: number, seg: number, grey: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "SegSetGrey.arena");
    checkU32(seg, "SegSetGrey.seg");
    checkU32(grey, "SegSetGrey.grey");
  }
  const _p = tel._begin(0x003e, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, seg, true);
  _v.setUint32(_p + 8, grey, true);
}

/**
 * Write the event `SegSetSummary` (code 0x003f, kind `Seg`): A segment's summary (the zones its references point to) changed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - its arena (P).
 * @param seg - the segment (P).
 * @param size - its size in bytes (W).
 * @param oldSummary - the summary before (W).
 * @param newSummary - the summary after (W).
 * @public
 */
export function eventSegSetSummary(tel: Telemetry, arena: number, seg: number, size: number, oldSummary: number, newSummary: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "SegSetSummary.arena");
    checkU32(seg, "SegSetSummary.seg");
    checkWord(size, "SegSetSummary.size");
    checkWord(oldSummary, "SegSetSummary.oldSummary");
    checkWord(newSummary, "SegSetSummary.newSummary");
  }
  const _p = tel._begin(0x003f, 44);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, seg, true);
  _v.setUint32(_p + 8, size >>> 0, true);
  _v.setUint32(_p + 12, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, oldSummary >>> 0, true);
  _v.setUint32(_p + 20, (oldSummary / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, newSummary >>> 0, true);
  _v.setUint32(_p + 28, (newSummary / 4294967296) >>> 0, true);
}

/**
 * Write the event `SegSplit` (code 0x0040, kind `Seg`): A segment was split in two.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment split (P).
 * @param segLo - the low part (P).
 * @param segHi - the high part (P).
 * @param at - the address of the split (A).
 * @public
 */
export function eventSegSplit(tel: Telemetry, seg: number, segLo: number, segHi: number, at: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(seg, "SegSplit.seg");
    checkU32(segLo, "SegSplit.segLo");
    checkU32(segHi, "SegSplit.segHi");
    checkAddr(at, "SegSplit.at");
  }
  const _p = tel._begin(0x0040, 32);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
  _v.setUint32(_p + 4, segLo, true);
  _v.setUint32(_p + 8, segHi, true);
  _v.setUint32(_p + 12, at >>> 0, true);
  _v.setUint32(_p + 16, (at / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceAccess` (code 0x0041, kind `Seg`): The collector handled a barrier hit on a segment.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param seg - the segment touched (P).
 * @param mode - the access modes (U).
 * @public
 */
export function eventTraceAccess(tel: Telemetry, arena: number, seg: number, mode: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceAccess.arena");
    checkU32(seg, "TraceAccess.seg");
    checkU32(mode, "TraceAccess.mode");
  }
  const _p = tel._begin(0x0041, 24);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, seg, true);
  _v.setUint32(_p + 8, mode, true);
}

/**
 * Write the event `TraceBandAdvance` (code 0x0042, kind `Trace`): A trace moved on to the next rank.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param trace - the trace (P).
 * @param rank - the new rank (W).
 * @public
 */
export function eventTraceBandAdvance(tel: Telemetry, arena: number, trace: number, rank: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceBandAdvance.arena");
    checkU32(trace, "TraceBandAdvance.trace");
    checkWord(rank, "TraceBandAdvance.rank");
  }
  const _p = tel._begin(0x0042, 28);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
  _v.setUint32(_p + 8, rank >>> 0, true);
  _v.setUint32(_p + 12, (rank / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceCondemnAll` (code 0x0043, kind `Trace`): A trace condemned everything collectable (a full collection).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the trace's arena (P).
 * @param trace - the trace (P).
 * @public
 */
export function eventTraceCondemnAll(tel: Telemetry, arena: number, trace: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceCondemnAll.arena");
    checkU32(trace, "TraceCondemnAll.trace");
  }
  const _p = tel._begin(0x0043, 20);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
}

/**
 * Write the event `TraceCreate` (code 0x0044, kind `Trace`): A trace was made.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @param why - why the collection started (a TraceStartWhy code) (U).
 * @public
 */
export function eventTraceCreate(tel: Telemetry, trace: number, arena: number, why: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceCreate.trace");
    checkU32(arena, "TraceCreate.arena");
    checkU32(why, "TraceCreate.why");
  }
  const _p = tel._begin(0x0044, 24);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
  _v.setUint32(_p + 8, why, true);
}

/**
 * Write the event `TraceCreatePoolGen` (code 0x0045, kind `Trace`): The state of a pool's generation as a trace begins.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param gen - the generation (P).
 * @param capacity - its capacity in bytes (W).
 * @param mortality - its mortality (D).
 * @param zone - its zone set (W).
 * @param pool - the pool (P).
 * @param totalSize - bytes the pool holds in the generation (W).
 * @param freeSize - of which free (W).
 * @param newSize - of which new (allocated since the last collection) (W).
 * @param oldSize - of which old (W).
 * @param newDeferredSize - new bytes whose accounting is deferred (W).
 * @param oldDeferredSize - old bytes whose accounting is deferred (W).
 * @public
 */
export function eventTraceCreatePoolGen(tel: Telemetry, gen: number, capacity: number, mortality: number, zone: number, pool: number, totalSize: number, freeSize: number, newSize: number, oldSize: number, newDeferredSize: number, oldDeferredSize: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(gen, "TraceCreatePoolGen.gen");
    checkWord(capacity, "TraceCreatePoolGen.capacity");
    checkDouble(mortality, "TraceCreatePoolGen.mortality");
    checkWord(zone, "TraceCreatePoolGen.zone");
    checkU32(pool, "TraceCreatePoolGen.pool");
    checkWord(totalSize, "TraceCreatePoolGen.totalSize");
    checkWord(freeSize, "TraceCreatePoolGen.freeSize");
    checkWord(newSize, "TraceCreatePoolGen.newSize");
    checkWord(oldSize, "TraceCreatePoolGen.oldSize");
    checkWord(newDeferredSize, "TraceCreatePoolGen.newDeferredSize");
    checkWord(oldDeferredSize, "TraceCreatePoolGen.oldDeferredSize");
  }
  const _p = tel._begin(0x0045, 92);
  const _v = tel.view;
  _v.setUint32(_p, gen, true);
  _v.setUint32(_p + 4, capacity >>> 0, true);
  _v.setUint32(_p + 8, (capacity / 4294967296) >>> 0, true);
  _v.setFloat64(_p + 12, mortality, true);
  _v.setUint32(_p + 20, zone >>> 0, true);
  _v.setUint32(_p + 24, (zone / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, pool, true);
  _v.setUint32(_p + 32, totalSize >>> 0, true);
  _v.setUint32(_p + 36, (totalSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, freeSize >>> 0, true);
  _v.setUint32(_p + 44, (freeSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 48, newSize >>> 0, true);
  _v.setUint32(_p + 52, (newSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 56, oldSize >>> 0, true);
  _v.setUint32(_p + 60, (oldSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 64, newDeferredSize >>> 0, true);
  _v.setUint32(_p + 68, (newDeferredSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 72, oldDeferredSize >>> 0, true);
  _v.setUint32(_p + 76, (oldDeferredSize / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceDestroy` (code 0x0046, kind `Trace`): A trace was destroyed: the collection is over.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the trace's arena (P).
 * @param trace - the trace (P).
 * @public
 */
export function eventTraceDestroy(tel: Telemetry, arena: number, trace: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceDestroy.arena");
    checkU32(trace, "TraceDestroy.trace");
  }
  const _p = tel._begin(0x0046, 20);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
}

/**
 * Write the event `TraceEndGen` (code 0x0047, kind `Trace`): What a trace found in one generation it condemned.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the arena (P).
 * @param trace - the trace (P).
 * @param gen - the generation (P).
 * @param condemned - bytes condemned in it (W).
 * @param forwarded - bytes moved out of it (W).
 * @param preservedInPlace - bytes kept in place (W).
 * @param mortalityTrace - the mortality this trace measured (D).
 * @param mortalityAverage - the moving average of mortality (D).
 * @public
 */
export function eventTraceEndGen(tel: Telemetry, arena: number, trace: number, gen: number, condemned: number, forwarded: number, preservedInPlace: number, mortalityTrace: number, mortalityAverage: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceEndGen.arena");
    checkU32(trace, "TraceEndGen.trace");
    checkU32(gen, "TraceEndGen.gen");
    checkWord(condemned, "TraceEndGen.condemned");
    checkWord(forwarded, "TraceEndGen.forwarded");
    checkWord(preservedInPlace, "TraceEndGen.preservedInPlace");
    checkDouble(mortalityTrace, "TraceEndGen.mortalityTrace");
    checkDouble(mortalityAverage, "TraceEndGen.mortalityAverage");
  }
  const _p = tel._begin(0x0047, 64);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
  _v.setUint32(_p + 8, gen, true);
  _v.setUint32(_p + 12, condemned >>> 0, true);
  _v.setUint32(_p + 16, (condemned / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, forwarded >>> 0, true);
  _v.setUint32(_p + 24, (forwarded / 4294967296) >>> 0, true);
  _v.setUint32(_p + 28, preservedInPlace >>> 0, true);
  _v.setUint32(_p + 32, (preservedInPlace / 4294967296) >>> 0, true);
  _v.setFloat64(_p + 36, mortalityTrace, true);
  _v.setFloat64(_p + 44, mortalityAverage, true);
}

/**
 * Write the event `TraceFindGrey` (code 0x0048, kind `Seg`): A trace found a grey segment to scan.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the trace's arena (P).
 * @param trace - the trace (P).
 * @param seg - the grey segment (P).
 * @param rank - the rank being scanned (W).
 * @public
 */
export function eventTraceFindGrey(tel: Telemetry, arena: number, trace: number, seg: number, rank: number): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceFindGrey.arena");
    checkU32(trace, "TraceFindGrey.trace");
    checkU32(seg, "TraceFindGrey.seg");
    checkWord(rank, "TraceFindGrey.rank");
  }
  const _p = tel._begin(0x0048, 32);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
  _v.setUint32(_p + 8, seg, true);
  _v.setUint32(_p + 12, rank >>> 0, true);
  _v.setUint32(_p + 16, (rank / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceFix` (code 0x0049, kind `Ref`): A reference was fixed.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_REF`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param ss - the scan state (P).
 * @param refIO - where the reference is stored (A).
 * @param ref - the reference (A).
 * @param rank - the rank being scanned (U).
 * @public
 */
export function eventTraceFix(tel: Telemetry, ss: number, refIO: Addr, ref: Addr, rank: number): void {
  if ((tel.control & 16) === 0) return;
  if (COOL) {
    checkU32(ss, "TraceFix.ss");
    checkAddr(refIO, "TraceFix.refIO");
    checkAddr(ref, "TraceFix.ref");
    checkU32(rank, "TraceFix.rank");
  }
  const _p = tel._begin(0x0049, 36);
  const _v = tel.view;
  _v.setUint32(_p, ss, true);
  _v.setUint32(_p + 4, refIO >>> 0, true);
  _v.setUint32(_p + 8, (refIO / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, ref >>> 0, true);
  _v.setUint32(_p + 16, (ref / 4294967296) >>> 0, true);
  _v.setUint32(_p + 20, rank, true);
}

/**
 * Write the event `TraceFixSeg` (code 0x004a, kind `Ref`): A reference being fixed points into a segment.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_REF`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param seg - the segment (P).
 * @public
 */
export function eventTraceFixSeg(tel: Telemetry, seg: number): void {
  if ((tel.control & 16) === 0) return;
  if (COOL) {
    checkU32(seg, "TraceFixSeg.seg");
  }
  const _p = tel._begin(0x004a, 16);
  const _v = tel.view;
  _v.setUint32(_p, seg, true);
}

/**
 * Write the event `TraceFlipBegin` (code 0x004b, kind `Trace`): A trace begins its flip: roots are scanned and the mutator sees only black.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @public
 */
export function eventTraceFlipBegin(tel: Telemetry, trace: number, arena: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceFlipBegin.trace");
    checkU32(arena, "TraceFlipBegin.arena");
  }
  const _p = tel._begin(0x004b, 20);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
}

/**
 * Write the event `TraceFlipEnd` (code 0x004c, kind `Trace`): A trace's flip is over.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @public
 */
export function eventTraceFlipEnd(tel: Telemetry, trace: number, arena: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceFlipEnd.trace");
    checkU32(arena, "TraceFlipEnd.arena");
  }
  const _p = tel._begin(0x004c, 20);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
}

/**
 * Write the event `TraceReclaim` (code 0x004d, kind `Trace`): A trace begins to reclaim its white segments.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @public
 */
export function eventTraceReclaim(tel: Telemetry, trace: number, arena: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceReclaim.trace");
    checkU32(arena, "TraceReclaim.arena");
  }
  const _p = tel._begin(0x004d, 20);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
}

/**
 * Write the event `TraceScanArea` (code 0x004e, kind `Seg`): An area of memory was scanned.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param ss - the scan state (P).
 * @param base - the base of the area (A).
 * @param limit - the limit of the area (A).
 * @public
 */
export function eventTraceScanArea(tel: Telemetry, ss: number, base: Addr, limit: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(ss, "TraceScanArea.ss");
    checkAddr(base, "TraceScanArea.base");
    checkAddr(limit, "TraceScanArea.limit");
  }
  const _p = tel._begin(0x004e, 32);
  const _v = tel.view;
  _v.setUint32(_p, ss, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, limit >>> 0, true);
  _v.setUint32(_p + 16, (limit / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceScanAreaTagged` (code 0x004f, kind `Seg`): An area of tagged references was scanned.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param ss - the scan state (P).
 * @param base - the base of the area (A).
 * @param limit - the limit of the area (A).
 * @public
 */
export function eventTraceScanAreaTagged(tel: Telemetry, ss: number, base: Addr, limit: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(ss, "TraceScanAreaTagged.ss");
    checkAddr(base, "TraceScanAreaTagged.base");
    checkAddr(limit, "TraceScanAreaTagged.limit");
  }
  const _p = tel._begin(0x004f, 32);
  const _v = tel.view;
  _v.setUint32(_p, ss, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, limit >>> 0, true);
  _v.setUint32(_p + 16, (limit / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceScanSingleRef` (code 0x0050, kind `Seg`): A single reference was scanned (a barrier hit on a weak segment).
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param ts - the traces (U).
 * @param rank - the rank (U).
 * @param arena - the traces' arena (P).
 * @param refIO - where the reference is stored (A).
 * @public
 */
export function eventTraceScanSingleRef(tel: Telemetry, ts: number, rank: number, arena: number, refIO: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(ts, "TraceScanSingleRef.ts");
    checkU32(rank, "TraceScanSingleRef.rank");
    checkU32(arena, "TraceScanSingleRef.arena");
    checkAddr(refIO, "TraceScanSingleRef.refIO");
  }
  const _p = tel._begin(0x0050, 32);
  const _v = tel.view;
  _v.setUint32(_p, ts, true);
  _v.setUint32(_p + 4, rank, true);
  _v.setUint32(_p + 8, arena, true);
  _v.setUint32(_p + 12, refIO >>> 0, true);
  _v.setUint32(_p + 16, (refIO / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceStart` (code 0x0051, kind `Trace`): A trace started.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param arena - the trace's arena (P).
 * @param trace - the trace (P).
 * @param mortality - the mortality it expects (D).
 * @param finishingTime - how soon it should finish, as a fraction of the time to fill memory (D).
 * @param condemned - bytes condemned (W).
 * @param notCondemned - collectable bytes not condemned (W).
 * @param foundation - bytes of roots and other foundation (W).
 * @param white - the white zone set (W).
 * @param quantumWork - the work to do in each poll (W).
 * @public
 */
export function eventTraceStart(tel: Telemetry, arena: number, trace: number, mortality: number, finishingTime: number, condemned: number, notCondemned: number, foundation: number, white: number, quantumWork: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(arena, "TraceStart.arena");
    checkU32(trace, "TraceStart.trace");
    checkDouble(mortality, "TraceStart.mortality");
    checkDouble(finishingTime, "TraceStart.finishingTime");
    checkWord(condemned, "TraceStart.condemned");
    checkWord(notCondemned, "TraceStart.notCondemned");
    checkWord(foundation, "TraceStart.foundation");
    checkWord(white, "TraceStart.white");
    checkWord(quantumWork, "TraceStart.quantumWork");
  }
  const _p = tel._begin(0x0051, 76);
  const _v = tel.view;
  _v.setUint32(_p, arena, true);
  _v.setUint32(_p + 4, trace, true);
  _v.setFloat64(_p + 8, mortality, true);
  _v.setFloat64(_p + 16, finishingTime, true);
  _v.setUint32(_p + 24, condemned >>> 0, true);
  _v.setUint32(_p + 28, (condemned / 4294967296) >>> 0, true);
  _v.setUint32(_p + 32, notCondemned >>> 0, true);
  _v.setUint32(_p + 36, (notCondemned / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, foundation >>> 0, true);
  _v.setUint32(_p + 44, (foundation / 4294967296) >>> 0, true);
  _v.setUint32(_p + 48, white >>> 0, true);
  _v.setUint32(_p + 52, (white / 4294967296) >>> 0, true);
  _v.setUint32(_p + 56, quantumWork >>> 0, true);
  _v.setUint32(_p + 60, (quantumWork / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceStatFix` (code 0x0052, kind `Trace`): Statistics of a trace's fixing.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @param fixRefCount - references that passed the zone test (W).
 * @param segRefCount - references into segments (W).
 * @param whiteSegRefCount - references into white segments (W).
 * @param nailCount - segments nailed by ambiguous references (W).
 * @param snapCount - references updated to a moved object (W).
 * @param forwardedCount - objects kept by moving them (W).
 * @param forwardedSize - bytes kept by moving them (W).
 * @param preservedInPlaceCount - objects kept where they were (W).
 * @param preservedInPlaceSize - bytes kept where they were (W).
 * @public
 */
export function eventTraceStatFix(tel: Telemetry, trace: number, arena: number, fixRefCount: number, segRefCount: number, whiteSegRefCount: number, nailCount: number, snapCount: number, forwardedCount: number, forwardedSize: number, preservedInPlaceCount: number, preservedInPlaceSize: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceStatFix.trace");
    checkU32(arena, "TraceStatFix.arena");
    checkWord(fixRefCount, "TraceStatFix.fixRefCount");
    checkWord(segRefCount, "TraceStatFix.segRefCount");
    checkWord(whiteSegRefCount, "TraceStatFix.whiteSegRefCount");
    checkWord(nailCount, "TraceStatFix.nailCount");
    checkWord(snapCount, "TraceStatFix.snapCount");
    checkWord(forwardedCount, "TraceStatFix.forwardedCount");
    checkWord(forwardedSize, "TraceStatFix.forwardedSize");
    checkWord(preservedInPlaceCount, "TraceStatFix.preservedInPlaceCount");
    checkWord(preservedInPlaceSize, "TraceStatFix.preservedInPlaceSize");
  }
  const _p = tel._begin(0x0052, 92);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
  _v.setUint32(_p + 8, fixRefCount >>> 0, true);
  _v.setUint32(_p + 12, (fixRefCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, segRefCount >>> 0, true);
  _v.setUint32(_p + 20, (segRefCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, whiteSegRefCount >>> 0, true);
  _v.setUint32(_p + 28, (whiteSegRefCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 32, nailCount >>> 0, true);
  _v.setUint32(_p + 36, (nailCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, snapCount >>> 0, true);
  _v.setUint32(_p + 44, (snapCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 48, forwardedCount >>> 0, true);
  _v.setUint32(_p + 52, (forwardedCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 56, forwardedSize >>> 0, true);
  _v.setUint32(_p + 60, (forwardedSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 64, preservedInPlaceCount >>> 0, true);
  _v.setUint32(_p + 68, (preservedInPlaceCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 72, preservedInPlaceSize >>> 0, true);
  _v.setUint32(_p + 76, (preservedInPlaceSize / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceStatReclaim` (code 0x0053, kind `Trace`): Statistics of a trace's reclaiming.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @param reclaimCount - segments reclaimed (W).
 * @param reclaimSize - bytes reclaimed (W).
 * @public
 */
export function eventTraceStatReclaim(tel: Telemetry, trace: number, arena: number, reclaimCount: number, reclaimSize: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceStatReclaim.trace");
    checkU32(arena, "TraceStatReclaim.arena");
    checkWord(reclaimCount, "TraceStatReclaim.reclaimCount");
    checkWord(reclaimSize, "TraceStatReclaim.reclaimSize");
  }
  const _p = tel._begin(0x0053, 36);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
  _v.setUint32(_p + 8, reclaimCount >>> 0, true);
  _v.setUint32(_p + 12, (reclaimCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, reclaimSize >>> 0, true);
  _v.setUint32(_p + 20, (reclaimSize / 4294967296) >>> 0, true);
}

/**
 * Write the event `TraceStatScan` (code 0x0054, kind `Trace`): Statistics of a trace's scanning.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_TRACE`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param trace - the trace (P).
 * @param arena - its arena (P).
 * @param rootScanCount - roots scanned (W).
 * @param rootScanSize - bytes of roots scanned (W).
 * @param rootCopiedSize - bytes copied while scanning roots (W).
 * @param segScanCount - segments scanned (W).
 * @param segScanSize - bytes of segments scanned (W).
 * @param segCopiedSize - bytes copied while scanning segments (W).
 * @param singleScanCount - single references scanned (W).
 * @param singleScanSize - bytes of single references scanned (W).
 * @param singleCopiedSize - bytes copied while scanning single references (W).
 * @param readBarrierHitCount - read barrier hits (W).
 * @param greySegMax - the most segments grey at once (W).
 * @param pointlessScanCount - segment scans that found nothing to fix (W).
 * @public
 */
export function eventTraceStatScan(tel: Telemetry, trace: number, arena: number, rootScanCount: number, rootScanSize: number, rootCopiedSize: number, segScanCount: number, segScanSize: number, segCopiedSize: number, singleScanCount: number, singleScanSize: number, singleCopiedSize: number, readBarrierHitCount: number, greySegMax: number, pointlessScanCount: number): void {
  if ((tel.control & 4) === 0) return;
  if (COOL) {
    checkU32(trace, "TraceStatScan.trace");
    checkU32(arena, "TraceStatScan.arena");
    checkWord(rootScanCount, "TraceStatScan.rootScanCount");
    checkWord(rootScanSize, "TraceStatScan.rootScanSize");
    checkWord(rootCopiedSize, "TraceStatScan.rootCopiedSize");
    checkWord(segScanCount, "TraceStatScan.segScanCount");
    checkWord(segScanSize, "TraceStatScan.segScanSize");
    checkWord(segCopiedSize, "TraceStatScan.segCopiedSize");
    checkWord(singleScanCount, "TraceStatScan.singleScanCount");
    checkWord(singleScanSize, "TraceStatScan.singleScanSize");
    checkWord(singleCopiedSize, "TraceStatScan.singleCopiedSize");
    checkWord(readBarrierHitCount, "TraceStatScan.readBarrierHitCount");
    checkWord(greySegMax, "TraceStatScan.greySegMax");
    checkWord(pointlessScanCount, "TraceStatScan.pointlessScanCount");
  }
  const _p = tel._begin(0x0054, 116);
  const _v = tel.view;
  _v.setUint32(_p, trace, true);
  _v.setUint32(_p + 4, arena, true);
  _v.setUint32(_p + 8, rootScanCount >>> 0, true);
  _v.setUint32(_p + 12, (rootScanCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, rootScanSize >>> 0, true);
  _v.setUint32(_p + 20, (rootScanSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 24, rootCopiedSize >>> 0, true);
  _v.setUint32(_p + 28, (rootCopiedSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 32, segScanCount >>> 0, true);
  _v.setUint32(_p + 36, (segScanCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 40, segScanSize >>> 0, true);
  _v.setUint32(_p + 44, (segScanSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 48, segCopiedSize >>> 0, true);
  _v.setUint32(_p + 52, (segCopiedSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 56, singleScanCount >>> 0, true);
  _v.setUint32(_p + 60, (singleScanCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 64, singleScanSize >>> 0, true);
  _v.setUint32(_p + 68, (singleScanSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 72, singleCopiedSize >>> 0, true);
  _v.setUint32(_p + 76, (singleCopiedSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 80, readBarrierHitCount >>> 0, true);
  _v.setUint32(_p + 84, (readBarrierHitCount / 4294967296) >>> 0, true);
  _v.setUint32(_p + 88, greySegMax >>> 0, true);
  _v.setUint32(_p + 92, (greySegMax / 4294967296) >>> 0, true);
  _v.setUint32(_p + 96, pointlessScanCount >>> 0, true);
  _v.setUint32(_p + 100, (pointlessScanCount / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMArenaExtendDone` (code 0x0055, kind `Arena`): A VM arena gained a chunk.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param chunkSize - the size of the chunk, in bytes (W).
 * @param reserved - the arena's reserved address space now (W).
 * @public
 */
export function eventVMArenaExtendDone(tel: Telemetry, chunkSize: number, reserved: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(chunkSize, "VMArenaExtendDone.chunkSize");
    checkWord(reserved, "VMArenaExtendDone.reserved");
  }
  const _p = tel._begin(0x0055, 28);
  const _v = tel.view;
  _v.setUint32(_p, chunkSize >>> 0, true);
  _v.setUint32(_p + 4, (chunkSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, reserved >>> 0, true);
  _v.setUint32(_p + 12, (reserved / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMArenaExtendFail` (code 0x0056, kind `Arena`): A VM arena could not gain a chunk.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param chunkMin - no chunk of at least this size could be had (W).
 * @param reserved - the arena's reserved address space (W).
 * @public
 */
export function eventVMArenaExtendFail(tel: Telemetry, chunkMin: number, reserved: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(chunkMin, "VMArenaExtendFail.chunkMin");
    checkWord(reserved, "VMArenaExtendFail.reserved");
  }
  const _p = tel._begin(0x0056, 28);
  const _v = tel.view;
  _v.setUint32(_p, chunkMin >>> 0, true);
  _v.setUint32(_p + 4, (chunkMin / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, reserved >>> 0, true);
  _v.setUint32(_p + 12, (reserved / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMArenaExtendStart` (code 0x0057, kind `Arena`): A VM arena tries to gain a chunk.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param size - the size that must fit (W).
 * @param chunkSize - the chunk size tried (W).
 * @param reserved - the arena's reserved address space (W).
 * @public
 */
export function eventVMArenaExtendStart(tel: Telemetry, size: number, chunkSize: number, reserved: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(size, "VMArenaExtendStart.size");
    checkWord(chunkSize, "VMArenaExtendStart.chunkSize");
    checkWord(reserved, "VMArenaExtendStart.reserved");
  }
  const _p = tel._begin(0x0057, 36);
  const _v = tel.view;
  _v.setUint32(_p, size >>> 0, true);
  _v.setUint32(_p + 4, (size / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, chunkSize >>> 0, true);
  _v.setUint32(_p + 12, (chunkSize / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, reserved >>> 0, true);
  _v.setUint32(_p + 20, (reserved / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMCompact` (code 0x0058, kind `Arena`): A VM arena gave back empty chunks after a collection.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param vmem0 - reserved bytes before the collection (W).
 * @param vmem1 - reserved bytes before compacting (W).
 * @param vmem2 - reserved bytes after compacting (W).
 * @public
 */
export function eventVMCompact(tel: Telemetry, vmem0: number, vmem1: number, vmem2: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkWord(vmem0, "VMCompact.vmem0");
    checkWord(vmem1, "VMCompact.vmem1");
    checkWord(vmem2, "VMCompact.vmem2");
  }
  const _p = tel._begin(0x0058, 36);
  const _v = tel.view;
  _v.setUint32(_p, vmem0 >>> 0, true);
  _v.setUint32(_p + 4, (vmem0 / 4294967296) >>> 0, true);
  _v.setUint32(_p + 8, vmem1 >>> 0, true);
  _v.setUint32(_p + 12, (vmem1 / 4294967296) >>> 0, true);
  _v.setUint32(_p + 16, vmem2 >>> 0, true);
  _v.setUint32(_p + 20, (vmem2 / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMFinish` (code 0x0059, kind `Arena`): A VM was finished.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param vm - the VM (P).
 * @public
 */
export function eventVMFinish(tel: Telemetry, vm: number): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(vm, "VMFinish.vm");
  }
  const _p = tel._begin(0x0059, 16);
  const _v = tel.view;
  _v.setUint32(_p, vm, true);
}

/**
 * Write the event `VMInit` (code 0x005a, kind `Arena`): A VM reserved address space.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_ARENA`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param vm - the VM (P).
 * @param base - the base of the reservation (A).
 * @param limit - its limit (A).
 * @public
 */
export function eventVMInit(tel: Telemetry, vm: number, base: Addr, limit: Addr): void {
  if ((tel.control & 1) === 0) return;
  if (COOL) {
    checkU32(vm, "VMInit.vm");
    checkAddr(base, "VMInit.base");
    checkAddr(limit, "VMInit.limit");
  }
  const _p = tel._begin(0x005a, 32);
  const _v = tel.view;
  _v.setUint32(_p, vm, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, limit >>> 0, true);
  _v.setUint32(_p + 16, (limit / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMMap` (code 0x005b, kind `Seg`): A VM mapped (committed) a range.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param vm - the VM (P).
 * @param base - the base of the range (A).
 * @param limit - its limit (A).
 * @public
 */
export function eventVMMap(tel: Telemetry, vm: number, base: Addr, limit: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(vm, "VMMap.vm");
    checkAddr(base, "VMMap.base");
    checkAddr(limit, "VMMap.limit");
  }
  const _p = tel._begin(0x005b, 32);
  const _v = tel.view;
  _v.setUint32(_p, vm, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, limit >>> 0, true);
  _v.setUint32(_p + 16, (limit / 4294967296) >>> 0, true);
}

/**
 * Write the event `VMUnmap` (code 0x005c, kind `Seg`): A VM unmapped (decommitted) a range.
 *
 * @remarks Writes nothing unless `tel.control & EVENT_KIND_SEG`; where the call
 * is on a hot path, guard it with that test so that a disabled event evaluates
 * no arguments.
 * @param tel - the telemetry to write to.
 * @param vm - the VM (P).
 * @param base - the base of the range (A).
 * @param limit - its limit (A).
 * @public
 */
export function eventVMUnmap(tel: Telemetry, vm: number, base: Addr, limit: Addr): void {
  if ((tel.control & 8) === 0) return;
  if (COOL) {
    checkU32(vm, "VMUnmap.vm");
    checkAddr(base, "VMUnmap.base");
    checkAddr(limit, "VMUnmap.limit");
  }
  const _p = tel._begin(0x005c, 32);
  const _v = tel.view;
  _v.setUint32(_p, vm, true);
  _v.setUint32(_p + 4, base >>> 0, true);
  _v.setUint32(_p + 8, (base / 4294967296) >>> 0, true);
  _v.setUint32(_p + 12, limit >>> 0, true);
  _v.setUint32(_p + 16, (limit / 4294967296) >>> 0, true);
}
