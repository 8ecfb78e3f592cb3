// TEST DOUBLE helpers: the processes the doubles start (the stand-in backend as a "container").
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a process and returns once it is gone: `signal` first, SIGKILL when it has not ended
 * after `graceMs`. Waiting for the end (not for a delay) matters: a caller that goes on while the
 * old process still holds its ports would fail on a busy machine.
 */
export async function stopProcess(pid, signal = "SIGTERM", graceMs = 10_000) {
  if (!pid || !alive(pid)) return;
  process.kill(pid, signal);
  for (const deadline = Date.now() + graceMs; alive(pid) && Date.now() < deadline; ) await sleep(20);
  if (!alive(pid)) return;
  process.kill(pid, "SIGKILL");
  while (alive(pid)) await sleep(20);
}

/** stopProcess for synchronous callers (a delete that returns once the pod's container is gone). */
export function stopProcessSync(pid, signal = "SIGTERM", graceMs = 10_000) {
  if (!pid || !alive(pid)) return;
  const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  process.kill(pid, signal);
  for (const deadline = Date.now() + graceMs; alive(pid) && Date.now() < deadline; ) pause();
  if (!alive(pid)) return;
  process.kill(pid, "SIGKILL");
  while (alive(pid)) pause();
}
