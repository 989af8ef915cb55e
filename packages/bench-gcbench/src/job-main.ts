/**
 * A child process of the report: runs the job given as JSON in argv[2]
 * and prints what it measured as one line of JSON (src/job.ts).
 * See docs/design/bench-gcbench.md `.impl.isolate`.
 * .critical: none.
 */

import { decodeJob, encodeResult, runJob } from "./job.js";

const text = process.argv[2];
if (text === undefined) {
  console.error("usage: job-main.js <job as JSON>");
  process.exit(2);
}
console.log(encodeResult(runJob(decodeJob(text))));
