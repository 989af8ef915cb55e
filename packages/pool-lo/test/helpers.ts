// Helpers of the LO tests: the shared mini tracer and object-graph helpers
// of @mps/trace/mini-trace, and a VM arena on the default platform.
import { Arena, ArenaClass, type ArenaOpts } from "@mps/arena";
import { selectPlatform } from "@mps/platform";

export * from "@mps/trace/mini-trace";

/** A VM arena. */
export function vmArena(size = 32 << 20, opts: ArenaOpts = {}): Arena {
  return Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform() });
}
