import { run } from "./main.js";
import { createPlatform } from "./platform.js";

await run(createPlatform());
