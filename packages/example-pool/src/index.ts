/**
 * `example-pool`: MSF (Mark-Sweep Fixed), a small automatic pool class
 * written as the worked example of docs/pool/writing.md, on the pool and
 * segment protocol of `@mps/arena`. See docs/design/example-pool.md.
 * @packageDocumentation
 */

export { MSFPool, type MSFOpts, SIG_MSF, MSF_EXTEND_BY_DEFAULT } from "./msf.js";
export { MSFSeg, type MSFSegPool, Colour, SIG_MSF_SEG } from "./msf-seg.js";
