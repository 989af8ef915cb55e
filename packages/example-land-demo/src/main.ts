#!/usr/bin/env node
/** `pnpm demo`: run the data-structure demo and print it. */
import { runDemo, runFailoverDemo } from "./demo.js";

const print = (line: string): void => console.log(line);
runDemo(print);
runFailoverDemo(print);
