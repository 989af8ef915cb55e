#!/usr/bin/env node
/** `pnpm demo`: run the demo and print it. */
import { runDemo, runFailoverDemo } from "./demo.js";
import { runArenaDemo } from "./arena-demo.js";
import { runGcDemo } from "./gc-demo.js";

const print = (line: string): void => console.log(line);
runDemo(print);
runFailoverDemo(print);
runArenaDemo(print);
runGcDemo(print);
