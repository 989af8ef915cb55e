// The README's example, verbatim but for the import of the package itself.
import { Arena, ArenaClass, PoolClass } from "@mps/mps";
import { MemoryStream } from "@mps/plinth";
import { Telemetry } from "@mps/telemetry";
import { decodeLog, eventText, summarise } from "../src/index.js";

const stream = new MemoryStream();
const tel = new Telemetry({ stream, control: "arena pool user" });
const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20, telemetry: tel });
const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 16 });
pool.alloc(16);
pool.destroy();
arena.destroy();
tel.flush();

const log = decodeLog(stream.bytes(), "example.log");
console.log(log.error); // undefined: read to the end
for (const e of log.events) if (e.name === "PoolInit") console.log(eventText(log, e).slice(13));
// PoolInit            pool:2[MFS] arena:1[VM] poolClass:2="MFS" serial:0
console.log(summarise(log).arenaAllocated); // 65536: the bytes the arena gave to pools
