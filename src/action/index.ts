import { watchInterrupts } from "../adapters/signals.js";
import { run } from "./main.js";
import { createPlatform } from "./platform.js";

const interrupts = watchInterrupts();
await run(createPlatform(), process.env, interrupts.signal);
interrupts.dispose();
const code = interrupts.exitCode();
if (code !== undefined) process.exitCode = code;
