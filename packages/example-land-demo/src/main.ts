#!/usr/bin/env node
/** `pnpm demo`: run the data-structure demo and print it. */
import { runDemo } from "./demo.js";

runDemo((line) => console.log(line));
