#!/usr/bin/env node
import { watchInterrupts } from "../adapters/signals.js";
import { main } from "./main.js";

const interrupts = watchInterrupts();
const code = await main(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  stop: interrupts.signal,
});
interrupts.dispose();
process.exitCode = interrupts.exitCode() ?? code;
