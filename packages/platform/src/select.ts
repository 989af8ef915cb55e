/**
 * Choosing the platform: which VM backend and which protection backend an
 * arena uses, as the MPS's build chooses `vmix.c` and `protix.c` for its
 * platform, but at run time, from what the engine offers. The default is the
 * `WebAssembly.Memory` VM and the `none` protection; a backend that is
 * not available here is replaced by the next in the default order.
 * See docs/design/platform.md `.select`.
 * .critical: none.
 */

import { MpsError, paramError } from "@mps/mpm";
import type { VMBackend } from "@mps/vm";
import type { ProtectionBackend } from "@mps/shield";
import { RESIZABLE_VM } from "./resizable.js";
import { WASM_VM } from "./wasm.js";
import { SHARED_VM } from "./shared.js";
import { CLIENT_VM } from "./client.js";
import { NONE_PROTECTION } from "./none.js";
import { SOFTWARE_PROTECTION } from "./software.js";

/**
 * The names of the VM backends.
 * @public
 */
export type VMBackendName = "resizable" | "wasm" | "shared" | "client";

/**
 * The names of the protection backends.
 * @public
 */
export type ProtectionBackendName = "none" | "software";

/**
 * What {@link selectPlatform} is asked for.
 * @public
 */
export interface PlatformSelectOpts {
  /**
   * The VM backend, by name or as an object (a test's mock, say). The
   * default is the Wasm memory: on Node 20 the mutator reads and writes it
   * about twice as fast as a resizable ArrayBuffer (docs/design/platform.md
   * `.select.default`); ask for `"resizable"` when giving memory back to the
   * system matters more. @defaultValue "wasm"
   */
  vm?: VMBackendName | VMBackend;
  /** The protection backend, by name or as an object. @defaultValue "none" */
  protection?: ProtectionBackendName | ProtectionBackend;
  /**
   * If a backend asked for is not available here, use the next available one
   * in the default order ({@link VM_BACKENDS}, {@link PROTECTION_BACKENDS})
   * and say so in `notes`; if false, throw `UNIMPL` instead. @defaultValue true
   */
  fallback?: boolean;
}

/**
 * The backends chosen for one arena.
 * @public
 */
export interface Platform {
  /** Makes the arena's VM: `platform.vm.create({ size, pageSize })`. */
  readonly vm: VMBackend;
  /** Makes the arena's protection: `platform.protection.create({ base, limit, granularity })`. */
  readonly protection: ProtectionBackend;
  /** What was asked for and could not be had, in words; empty if nothing. */
  readonly notes: readonly string[];
}

/**
 * The VM backends, in the order of preference used for fallback: wasm,
 * resizable, shared, client. (`client` needs the client's buffer, so it is never
 * a fallback.)
 * @public
 */
export const VM_BACKENDS: readonly VMBackend[] = Object.freeze([WASM_VM, RESIZABLE_VM, SHARED_VM, CLIENT_VM]);

/**
 * The protection backends, in the order of preference used for fallback: none, software.
 * @public
 */
export const PROTECTION_BACKENDS: readonly ProtectionBackend[] = Object.freeze([NONE_PROTECTION, SOFTWARE_PROTECTION]);

/** The VM backends a fallback may go to: those that need nothing from the client. */
const VM_FALLBACKS: readonly VMBackend[] = [WASM_VM, RESIZABLE_VM];

function isBackend(x: unknown): x is { name: string; available(): boolean; create(o: unknown): unknown } {
  return typeof x === "object" && x !== null && typeof (x as { name?: unknown }).name === "string"
    && typeof (x as { available?: unknown }).available === "function" && typeof (x as { create?: unknown }).create === "function";
}

function choose<B extends { name: string; available(): boolean }>(
  kind: string, asked: string | B, all: readonly B[], fallbacks: readonly B[], fallback: boolean, notes: string[],
): B {
  let backend: B;
  if (typeof asked === "string") {
    const found = all.find((b) => b.name === asked);
    if (found === undefined) paramError(`platform: no ${kind} backend is called ${JSON.stringify(asked)} (there are ${all.map((b) => b.name).join(", ")})`);
    backend = found;
  } else {
    if (!isBackend(asked)) paramError(`platform: the ${kind} backend must be a name or a backend object`);
    backend = asked;
  }
  if (backend.available()) return backend;
  if (!fallback) throw new MpsError("UNIMPL", `platform: the ${kind} backend "${backend.name}" is not available here`);
  const next = fallbacks.find((b) => b !== backend && b.available());
  if (next === undefined) throw new MpsError("UNIMPL", `platform: the ${kind} backend "${backend.name}" is not available here, and no other is`);
  notes.push(`${kind} backend "${backend.name}" is not available here; using "${next.name}"`);
  return next;
}

/**
 * Choose the backends for an arena (`platform.select`). With no options:
 * the `WebAssembly.Memory` VM and the `none` protection. Throws `PARAM`
 * for an unknown name, `UNIMPL` if a backend is unavailable and
 * `fallback` is false (or nothing else is available).
 * @public
 */
export function selectPlatform(opts: PlatformSelectOpts = {}): Platform {
  if (opts === null || typeof opts !== "object") paramError("platform: options must be an object");
  const fallback = opts.fallback ?? true;
  const notes: string[] = [];
  const vm = choose("VM", opts.vm ?? "wasm", VM_BACKENDS, VM_FALLBACKS, fallback, notes);
  const protection = choose("protection", opts.protection ?? "none", PROTECTION_BACKENDS, PROTECTION_BACKENDS, fallback, notes);
  return Object.freeze({ vm, protection, notes: Object.freeze(notes) });
}

/**
 * The platform layer in one object: `platform.select(options)` and the lists
 * of backends, `platform.backends.vm` and `platform.backends.protection`.
 * @public
 */
export const platform: {
  /** See {@link selectPlatform}. */
  readonly select: (opts?: PlatformSelectOpts) => Platform;
  /** Every backend, in the order of preference. */
  readonly backends: { readonly vm: readonly VMBackend[]; readonly protection: readonly ProtectionBackend[] };
} = Object.freeze({
  select: selectPlatform,
  backends: Object.freeze({ vm: VM_BACKENDS, protection: PROTECTION_BACKENDS }),
});
