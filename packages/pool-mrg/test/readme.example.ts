// The README's example, verbatim but for the import of the package itself.
import { Arena, ArenaClass, poolClassRegister } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { GuardianState, MRGPool, type MRGRefSeg } from "../src/index.js";

// The umbrella @mps/mps does this; an arena then makes its MRG pool on the first finalize.
poolClassRegister(MRGPool);

const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
// The guardians themselves, without the arena's checks (arena.finalize checks that the
// reference is an object of an automatic pool before it registers it).
const mrg = arena.createPool(MRGPool);
mrg.register(0x10000);
mrg.register(0x10000);
mrg.register(0x20000);
console.log(mrg.prefinalCount(), mrg.segs().length); // 3 guardians, in one segment
console.log(mrg.deregister(0x10000), mrg.deregister(0x30000)); // one registration removed; none to remove
const seg = mrg.segs()[0] as MRGRefSeg;
console.log(seg.guardians, [...seg.link.state.slice(0, 3)].map((s) => (s === GuardianState.PREFINAL ? "prefinal" : "free")));
mrg.destroy();
arena.destroy();
