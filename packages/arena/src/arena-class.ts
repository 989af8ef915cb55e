/**
 * The arena classes, as `Arena.create` takes them (the MPS's
 * `mps_arena_class_vm()` and `mps_arena_class_cl()`).
 * See docs/design/arena.md `.class`.
 * .critical: none.
 */

import { CL_ARENA_CLASS } from "./arena-cl.js";
import { VM_ARENA_CLASS } from "./arena-vm.js";

/**
 * The arena classes: `ArenaClass.VM` (address space reserved from a VM
 * backend) and `ArenaClass.CL` (a region of a buffer the client owns).
 * @public
 */
export const ArenaClass = Object.freeze({
  /** A VM arena: `Arena.create(ArenaClass.VM, { arenaSize, arenaGrainSize, ... })`. */
  VM: VM_ARENA_CLASS,
  /** A client arena: `Arena.create(ArenaClass.CL, { buffer, arenaClBase, arenaSize, ... })`. */
  CL: CL_ARENA_CLASS,
});
