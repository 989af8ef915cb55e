/**
 * The umbrella's defaults: arenas created through `@mps/mps` with no
 * `platform` option get the platform `@mps/platform` selects for this
 * environment. See docs/design/mps.md `.defaults`.
 */

import { setDefaultArenaPlatform } from "@mps/arena";
import { selectPlatform } from "@mps/platform";

setDefaultArenaPlatform(selectPlatform());
