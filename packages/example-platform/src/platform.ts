/**
 * `examplePlatform`: the example VM and protection backends as one
 * platform, which an arena takes as its `platform` option.
 * See docs/design/example-platform.md `.platform`.
 * .critical: none.
 */

import { paramError } from "@mps/mpm";
import type { Platform } from "@mps/platform";
import { exampleProtectionBackend } from "./protection.js";
import { type ExampleVMOpts, exampleVMBackend } from "./vm.js";

/**
 * What {@link examplePlatform} takes: the VM's options and the kind of protection.
 * @public
 */
export interface ExamplePlatformOpts extends ExampleVMOpts {
  /** A barrier the mutator honours (`true`), or none, with `sync` doing the barrier's work (`false`). @defaultValue false */
  barrier?: boolean;
}

/**
 * A platform of the example backends, for `Arena.create(ArenaClass.VM, { platform })`
 * or `setDefaultArenaPlatform`. Throws `PARAM` for bad options.
 * @public
 */
export function examplePlatform(opts: ExamplePlatformOpts = {}): Platform {
  if (opts === null || typeof opts !== "object") paramError("examplePlatform: options must be an object");
  const { barrier = false, ...vmOpts } = opts;
  return Object.freeze({ vm: exampleVMBackend(vmOpts), protection: exampleProtectionBackend(barrier), notes: Object.freeze([]) });
}
