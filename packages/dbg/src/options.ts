/**
 * The debug options of a debugging pool (`MPS_KEY_POOL_DEBUG_OPTIONS`,
 * `mps_pool_debug_option_s`): the fencepost and free-space templates, their
 * defaults, and their validation. See docs/design/dbg.md `.opt`.
 * .critical: none.
 */

import { paramError } from "@mps/mpm";

/**
 * The value of the `poolDebugOptions` option of a debugging pool class
 * (`MPS_KEY_POOL_DEBUG_OPTIONS`; the MPS's `mps_pool_debug_option_s`, whose
 * `fence_size` and `free_size` are the templates' lengths here).
 * @public
 */
export interface PoolDebugOptions {
  /**
   * The fencepost template: copied, repeating, over the fenceposts before and
   * after every block allocated with `alloc`. Its length is the fencepost
   * size (any length: the pool rounds each fencepost up to its alignment and
   * fills the whole of it); an empty array turns fenceposting off. MUST be a
   * `Uint8Array`. The pool copies it when it is created.
   * @defaultValue the four bytes of `"POST"` (50 4F 53 54)
   */
  fenceTemplate?: Uint8Array;
  /**
   * The free-space template: copied, repeating, over every block when it is
   * freed (fenceposts included); an empty array turns splatting off. MUST be
   * a `Uint8Array`. The pool copies it when it is created.
   * @defaultValue the four bytes of `"FREE"` (46 52 45 45)
   */
  freeTemplate?: Uint8Array;
}

/**
 * Options of a debugging pool class: those of the pool class it debugs,
 * plus `poolDebugOptions`.
 * @public
 */
export interface PoolDebugOpts {
  /** `MPS_KEY_POOL_DEBUG_OPTIONS`: the templates. @defaultValue `{}` (both templates at their defaults) */
  poolDebugOptions?: PoolDebugOptions;
}

/**
 * The default templates, as the MPS manual gives them: fenceposts `"POST"`,
 * free space `"FREE"`.
 * @public
 */
export const POOL_DEBUG_DEFAULTS: Readonly<{ fenceTemplate: Uint8Array; freeTemplate: Uint8Array }> = Object.freeze({
  fenceTemplate: new Uint8Array([0x50, 0x4f, 0x53, 0x54]),
  freeTemplate: new Uint8Array([0x46, 0x52, 0x45, 0x45]),
});

/** The largest template accepted (bytes): far more than any useful fencepost. */
export const POOL_DEBUG_TEMPLATE_MAX = 1 << 20;

/**
 * Validate `poolDebugOptions` and return private copies of the two templates
 * (empty for a feature turned off). Throws `PARAM`, naming the field and its
 * value, for options that are not an object or a template that is not a
 * `Uint8Array` or is longer than {@link POOL_DEBUG_TEMPLATE_MAX}.
 * @public
 */
export function parsePoolDebugOptions(className: string, options: unknown): { fenceTemplate: Uint8Array; freeTemplate: Uint8Array } {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    paramError(`${className}: poolDebugOptions must be an object, not ${String(options)}`);
  }
  const o = options as Record<string, unknown>;
  return {
    fenceTemplate: template(className, "fenceTemplate", o["fenceTemplate"], POOL_DEBUG_DEFAULTS.fenceTemplate),
    freeTemplate: template(className, "freeTemplate", o["freeTemplate"], POOL_DEBUG_DEFAULTS.freeTemplate),
  };
}

function template(className: string, name: string, v: unknown, dflt: Uint8Array): Uint8Array {
  if (v === undefined) return dflt.slice();
  if (!(v instanceof Uint8Array)) {
    const what = v === null ? "null" : typeof v === "object" ? (v.constructor?.name ?? "an object") : `${typeof v} ${String(v)}`;
    paramError(`${className}: poolDebugOptions.${name} must be a Uint8Array, not ${what}`);
  }
  if (v.length > POOL_DEBUG_TEMPLATE_MAX) paramError(`${className}: poolDebugOptions.${name} is ${v.length} bytes, more than ${POOL_DEBUG_TEMPLATE_MAX}`);
  return Uint8Array.from(v);
}
