/**
 * SIGINT/SIGTERM: the first one aborts the run (children are stopped, the run ends between
 * phases, one line says what was done); the exit code is then 128 + the signal's number.
 */
const NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

export interface Interrupts {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM; undefined when no signal came. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function watchInterrupts(target: Pick<NodeJS.Process, "on" | "off"> = process): Interrupts {
  const controller = new AbortController();
  let received: string | undefined;
  const handler = (name: NodeJS.Signals) => {
    if (received) return; // a second signal while stopping: still stopping
    received = name;
    controller.abort(name);
  };
  for (const name of Object.keys(NUMBERS)) target.on(name, handler);
  return {
    signal: controller.signal,
    exitCode: () => (received ? 128 + (NUMBERS[received] ?? 0) : undefined),
    dispose: () => {
      for (const name of Object.keys(NUMBERS)) target.off(name, handler);
    },
  };
}
