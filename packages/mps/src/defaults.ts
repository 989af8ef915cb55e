/**
 * The umbrella's defaults: arenas created through `@mps/mps` with no
 * `platform` option get the platform `@mps/platform` selects for this
 * environment, and with no `collector` option the tracer of `@mps/trace`.
 * See docs/design/mps.md `.defaults`.
 */

import { setDefaultArenaCollector, setDefaultArenaPlatform } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";

setDefaultArenaPlatform(selectPlatform());
setDefaultArenaCollector(traceCollector);
