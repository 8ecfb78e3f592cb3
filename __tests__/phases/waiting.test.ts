/**
 * Long waits say what they wait for (a virtual clock, no real time): a plain line every 10 s in
 * logs, a status line rewritten in place on a terminal, nothing when the wait is short.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConvexCli, ConvexProject } from "../../src/adapters/convex-cli.js";
import { createFileStore } from "../../src/adapters/files.js";
import type { Logger } from "../../src/adapters/runtime.js";
import { createCliLogger } from "../../src/cli/logger.js";
import { seedDeployment } from "../../src/phases/seed.js";
import { whileWaiting } from "../../src/phases/waiting.js";
import { virtualClock } from "../helpers/memory-world.js";

function logger(tty: boolean) {
  const lines: string[] = [];
  const statuses: string[] = [];
  const log: Logger = {
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(`warn ${m}`),
    debug: () => {},
    group: (_t, fn) => fn(),
    mask: () => {},
    ...(tty ? { status: (text: string) => void statuses.push(text) } : {}),
  };
  return { log, lines, statuses };
}

describe("whileWaiting", () => {
  it("in a log: nothing for a short wait, then one plain line every 10 s", async () => {
    const { clock } = virtualClock();
    const short = logger(false);
    await whileWaiting("the thing", () => clock.sleep(9_000), { logger: short.log, clock });
    expect(short.lines).toEqual([]);
    const long = logger(false);
    await whileWaiting("the thing", () => clock.sleep(25_000), { logger: long.log, clock });
    expect(long.lines).toEqual([
      "Still waiting for the thing (10 s so far).",
      "Still waiting for the thing (20 s so far).",
    ]);
    // Nothing more once the wait is over.
    await clock.sleep(30_000);
    expect(long.lines).toHaveLength(2);
  });

  it("on a terminal: a status line from 2 s on, every second, cleared at the end; no line in the log", async () => {
    const { clock } = virtualClock();
    const quick = logger(true);
    await whileWaiting("the thing", () => clock.sleep(1_500), { logger: quick.log, clock });
    expect(quick.statuses).toEqual([]);
    const slow = logger(true);
    await whileWaiting("the backend", () => clock.sleep(4_500), { logger: slow.log, clock });
    expect(slow.statuses).toEqual([
      "… waiting for the backend: 2 s",
      "… waiting for the backend: 3 s",
      "… waiting for the backend: 4 s",
      "",
    ]);
    expect(slow.lines).toEqual([]);
  });

  it("a failure ends the wait the same way", async () => {
    const { clock } = virtualClock();
    const slow = logger(true);
    const failing = async () => {
      await clock.sleep(3_000);
      throw new Error("boom");
    };
    await expect(whileWaiting("x", failing, { logger: slow.log, clock })).rejects.toThrow("boom");
    expect(slow.statuses.at(-1)).toBe("");
  });
});

describe("the CLI logger's status line (a terminal)", () => {
  it("is rewritten in place and cleared before the next line", () => {
    const parts: string[] = [];
    const log = createCliLogger({ write: (t) => void parts.push(t) }, { tty: true });
    log.status?.("… waiting for x: 2 s");
    log.status?.("… waiting for x: 3 s");
    log.info("done");
    expect(parts.join("")).toBe("  … waiting for x: 2 s\r\u001b[2K  … waiting for x: 3 s\r\u001b[2K  done\n");
    expect(createCliLogger({ write: () => {} }, {}).status).toBeUndefined();
  });
});

describe("a slow seed import says what it waits for", () => {
  it("one line per 10 s of convex import", async () => {
    const { clock } = virtualClock();
    const { log, lines } = logger(false);
    const cli: Pick<ConvexCli, "run" | "import"> = {
      run: async () => ({ code: 0, stdout: "", stderr: "" }),
      import: async () => {
        await clock.sleep(12_000);
        return { code: 0, stdout: "", stderr: "" };
      },
    };
    const project: ConvexProject = {
      packageManager: "npm",
      convexVersion: "1.48.0",
      command: "convex",
      args: [],
    };
    const dir = mkdtempSync(join(tmpdir(), "wait-"));
    writeFileSync(join(dir, "users.jsonl"), '{"name":"a"}\n');
    try {
      await seedDeployment(
        cli,
        dir,
        project,
        { function: undefined, args: "{}", import: "users.jsonl", always: false },
        {
          url: "http://127.0.0.1:3210",
          adminKey: "app|01",
          env: {},
          isNew: true,
          files: createFileStore(dir),
        },
        log,
        clock,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines).toContain("Still waiting for convex import of users.jsonl (10 s so far).");
  });
});
