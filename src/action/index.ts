import { watchInterrupts } from "../adapters/signals.js";
import { createPlatform } from "./platform.js";
import { errorMessage, STATE } from "./state.js";

const interrupts = watchInterrupts();
const platform = createPlatform();
// One bundle for both steps: the post run loads only what it needs (ncc splits the two).
if (platform.getState(STATE.isPost) === "true") {
  // The post step only ever warns: even a chunk that fails to load does not fail the job.
  try {
    const { runPost } = await import("./post.js");
    await runPost(platform, process.env);
  } catch (error) {
    platform.logger.warn(`Cleanup failed: ${errorMessage(error)}`);
  }
} else {
  const { runMain } = await import("./main.js");
  const { createSetupDeps } = await import("../adapters/index.js");
  await runMain(platform, process.env, createSetupDeps, interrupts.signal);
}
interrupts.dispose();
const code = interrupts.exitCode();
if (code !== undefined) process.exitCode = code;
