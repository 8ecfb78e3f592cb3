#!/usr/bin/env node
// TEST DOUBLE: a fake `docker` CLI (see README.md in this folder). State lives in
// $FAKE_DOCKER_STATE; every call is appended to $FAKE_DOCKER_STATE/calls.jsonl.
import { spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseDotenv } from "dotenv";
import { parse as parseYaml } from "yaml";
import { issueAdminKey } from "./admin-key-double.mjs";
import { alive, sleep, stopProcess } from "./processes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const stateDir = process.env.FAKE_DOCKER_STATE;
if (!stateDir) {
  console.error("fake docker: FAKE_DOCKER_STATE is not set");
  process.exit(2);
}
mkdirSync(stateDir, { recursive: true });
const argv = process.argv.slice(2);
// DOCKER_HOST is recorded: a test checks that a line of the env file never changes it.
appendFileSync(
  join(stateDir, "calls.jsonl"),
  `${JSON.stringify({ t: Date.now(), argv, env: { DOCKER_HOST: process.env.DOCKER_HOST ?? null } })}\n`,
);
const fail = (message, code = 1) => {
  console.error(message);
  process.exit(code);
};
const portFree = (port) =>
  new Promise((res) => {
    const s = createServer();
    s.once("error", () => res(false));
    s.listen(port, "127.0.0.1", () => s.close(() => res(true)));
  });

// `docker info`: the engine answers, unless FAKE_DOCKER_NO_ENGINE (the daemon is down).
if (argv[0] === "info") {
  if (process.env.FAKE_DOCKER_NO_ENGINE)
    fail("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
  console.log("28.2.2");
  process.exit(0);
}
if (argv[0] === "--version") {
  console.log("Docker version 28.2.2, build fake");
  process.exit(0);
}
if (argv[0] === "pull") {
  process.on("SIGTERM", () => {
    appendFileSync(
      join(stateDir, "calls.jsonl"),
      `${JSON.stringify({ t: Date.now(), argv, event: "killed" })}\n`,
    );
    process.exit(143);
  });
  await sleep(Number(process.env.FAKE_DOCKER_PULL_MS || 0));
  if (process.env.FAKE_DOCKER_PULL_FAIL) fail(`Error response from daemon: manifest unknown: ${argv.at(-1)}`);
  appendFileSync(
    join(stateDir, "calls.jsonl"),
    `${JSON.stringify({ t: Date.now(), argv, event: "done" })}\n`,
  );
  console.log(argv.at(-1));
  process.exit(0);
}
if (argv[0] === "image" && argv[1] === "inspect") {
  process.exit(process.env.FAKE_DOCKER_PULL_FAIL ? 1 : 0);
}
// A project's named volume (compose calls it NAME_data) exists while projects/NAME/volume-data
// does; its labels (volume-labels.json) are set when `compose up` creates it, never changed after.
const projectsDir = join(stateDir, "projects");
const volumeLabels = (p) => {
  const file = join(projectsDir, p, "volume-labels.json");
  const own = { "com.docker.compose.project": p, "com.docker.compose.volume": "data" };
  return existsSync(file) ? { ...JSON.parse(readFileSync(file, "utf8")), ...own } : own;
};
const volumeProjects = () =>
  (existsSync(projectsDir) ? readdirSync(projectsDir) : []).filter((p) =>
    existsSync(join(projectsDir, p, "volume-data")),
  );
// `docker volume ls --filter label=K=V (--quiet | --format TEMPLATE)`: TEMPLATE of {{.Name}} and
// {{.Label "k"}} fields, one line per volume.
if (argv[0] === "volume" && argv[1] === "ls") {
  const filter = argv[argv.indexOf("--filter") + 1] ?? "";
  const m = /^label=([^=]+)(?:=(.*))?$/.exec(filter);
  if (!m) fail(`fake docker: unsupported volume ls filter ${filter}`);
  const format = argv.includes("--quiet") ? "{{.Name}}" : argv[argv.indexOf("--format") + 1];
  if (!format) fail("fake docker: volume ls needs --quiet or --format");
  for (const p of volumeProjects()) {
    const labels = volumeLabels(p);
    if (!(m[1] in labels) || (m[2] !== undefined && labels[m[1]] !== m[2])) continue;
    console.log(
      format
        .replaceAll("{{.Name}}", `${p}_data`)
        .replace(/\{\{\.Label "([^"]+)"\}\}/g, (_, k) => labels[k] ?? ""),
    );
  }
  process.exit(0);
}
// `docker volume rm NAME...`: docker's own errors for a volume that is not there, or that a
// container (running or stopped) still uses.
if (argv[0] === "volume" && argv[1] === "rm") {
  let failed = false;
  for (const name of argv.slice(2)) {
    const p = volumeProjects().find((q) => `${q}_data` === name);
    if (!p) {
      console.error(`Error response from daemon: get ${name}: no such volume`);
      failed = true;
    } else if (existsSync(join(projectsDir, p, "labels.json"))) {
      console.error(`Error response from daemon: remove ${name}: volume is in use - [${p}-backend-1]`);
      failed = true;
    } else {
      rmSync(join(projectsDir, p, "volume-data"), { recursive: true, force: true });
      rmSync(join(projectsDir, p, "volume-labels.json"), { force: true });
      console.log(name);
    }
  }
  process.exit(failed ? 1 : 0);
}
// `docker ps --all --no-trunc --filter label=K=V --format '{{.Label "a"}}<tab>{{.Label "b"}}'`: one
// line per project whose backend container exists (running or not), with the labels its compose
// file gave it at `up` and compose's own project label.
if (argv[0] === "ps") {
  const filter = argv[argv.indexOf("--filter") + 1] ?? "";
  const format = argv[argv.indexOf("--format") + 1] ?? "";
  const m = /^label=([^=]+)=(.*)$/.exec(filter);
  if (!m) fail(`fake docker: unsupported ps filter ${filter}`);
  const projects = join(stateDir, "projects");
  for (const p of existsSync(projects) ? readdirSync(projects) : []) {
    const file = join(projects, p, "labels.json");
    if (!existsSync(file)) continue;
    const labels = JSON.parse(readFileSync(file, "utf8"));
    if (labels[m[1]] !== m[2]) continue;
    console.log(format.replace(/\{\{\.Label "([^"]+)"\}\}/g, (_, k) => labels[k] ?? ""));
  }
  process.exit(0);
}
if (argv[0] !== "compose") fail(`fake docker: unsupported command: ${argv.join(" ")}`);
if (process.env.FAKE_DOCKER_NO_COMPOSE)
  fail("docker: 'compose' is not a docker command.\nSee 'docker --help'");
if (argv[1] === "version") {
  console.log("Docker Compose version v2.29.7");
  process.exit(0);
}

// docker compose -f FILE -p PROJECT <sub> ...
let file;
let project;
let i = 1;
for (; i < argv.length; i++) {
  if (argv[i] === "-f") file = resolve(argv[++i]);
  else if (argv[i] === "-p") project = argv[++i];
  else break;
}
const [sub, ...rest] = argv.slice(i);
// As real compose: with -p alone, down, ps and logs find the project by its labels (no file is
// read); up needs the file.
if (!project) fail("fake docker: expected -p PROJECT");
if (!file && sub === "up") fail("fake docker: expected -f FILE for up");
const projectDir = join(stateDir, "projects", project);
mkdirSync(projectDir, { recursive: true });
const pidFile = join(projectDir, "backend.pid");
const logFile = join(projectDir, "backend.log");
const readPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : undefined);
const stopBackend = async () => {
  // The backend stops on SIGINT (as the real one does); gone before its ports are used again.
  await stopProcess(readPid(), "SIGINT");
  rmSync(pidFile, { force: true });
};

if (sub === "up") {
  const compose = parseYaml(readFileSync(file, "utf8"));
  if (compose.name !== project) fail(`fake docker: compose name ${compose.name} != -p ${project}`);
  const backend = compose.services?.backend;
  if (!backend) fail("fake docker: no backend service");
  const env = {};
  // As compose-go's dotenv reader does: a variable of compose's own environment overrides an
  // env_file value of the same name.
  for (const f of backend.env_file ?? []) {
    for (const [k, v] of Object.entries(parseDotenv(readFileSync(resolve(dirname(file), f)))))
      env[k] = process.env[k] ?? v;
  }
  for (const [k, v] of Object.entries(backend.environment ?? {})) env[k] = String(v).replaceAll("$$", "$");
  const hostPorts = (backend.ports ?? []).map((p) => {
    const parts = String(p).split(":");
    return {
      host: Number(parts.at(-2)),
      container: Number(parts.at(-1)),
      bind: parts.length > 2 ? parts[0] : "0.0.0.0",
    };
  });
  const api = hostPorts.find((p) => p.container === 3210);
  const site = hostPorts.find((p) => p.container === 3211);
  await stopBackend();
  // A changed image recreates the container: its logs start afresh (as `docker compose logs` shows).
  const imageFile = join(projectDir, "backend.image");
  if (existsSync(imageFile) && readFileSync(imageFile, "utf8") !== backend.image)
    rmSync(logFile, { force: true });
  writeFileSync(imageFile, String(backend.image));
  for (const p of hostPorts) {
    if (!(await portFree(p.host))) {
      fail(
        `Error response from daemon: driver failed programming external connectivity on endpoint ${project}-backend-1: Bind for ${p.bind}:${p.host} failed: port is already allocated`,
      );
    }
  }
  // The data volume: created with the compose file's labels when missing (compose interpolates `$$`).
  if (!existsSync(join(projectDir, "volume-data"))) {
    mkdirSync(join(projectDir, "volume-data"));
    const volume = Object.fromEntries(
      Object.entries(compose.volumes?.data?.labels ?? {}).map(([k, v]) => [
        k,
        String(v).replaceAll("$$", "$"),
      ]),
    );
    writeFileSync(join(projectDir, "volume-labels.json"), JSON.stringify(volume));
  }
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [join(here, "stand-in-backend.mjs")], {
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      PATH: process.env.PATH,
      ...env,
      STANDIN_API_PORT: String(api.host),
      STANDIN_SITE_PORT: String(site.host),
      STANDIN_DATA: join(projectDir, "volume-data"),
      STANDIN_MODE: process.env.FAKE_DOCKER_BACKEND || "healthy",
      STANDIN_IMAGE: String(backend.image),
    },
  });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  writeFileSync(join(projectDir, "backend.env.json"), JSON.stringify(env));
  // The container's labels: the service's `labels:` (compose interpolates `$$`) and compose's own.
  const labels = Object.fromEntries(
    Object.entries(backend.labels ?? {}).map(([k, v]) => [k, String(v).replaceAll("$$", "$")]),
  );
  writeFileSync(
    join(projectDir, "labels.json"),
    JSON.stringify({ ...labels, "com.docker.compose.project": project }),
  );
  if (process.env.FAKE_DOCKER_UP_UNHEALTHY) {
    await sleep(300);
    fail(`dependency failed to start: container ${project}-backend-1 is unhealthy`);
  }
  console.error(` Container ${project}-backend-1  Started`);
  process.exit(0);
}
if (sub === "down") {
  await stopBackend();
  rmSync(join(projectDir, "labels.json"), { force: true }); // the containers are removed
  if (rest.includes("--volumes")) {
    rmSync(join(projectDir, "volume-data"), { recursive: true, force: true });
    rmSync(join(projectDir, "volume-labels.json"), { force: true });
  }
  console.error(` Container ${project}-backend-1  Removed`);
  process.exit(0);
}
if (sub === "ps") {
  const pid = readPid();
  if (pid) {
    const running = alive(pid);
    console.log(
      JSON.stringify({
        Service: "backend",
        State: running ? "running" : "exited",
        ExitCode: running ? 0 : 1,
      }),
    );
  }
  process.exit(0);
}
if (sub === "logs") {
  if (existsSync(logFile)) process.stdout.write(readFileSync(logFile, "utf8"));
  process.exit(0);
}
if (sub === "exec") {
  const args = rest.filter((a) => a !== "-T");
  if (args[0] !== "backend" || args[1] !== "./generate_admin_key.sh")
    fail(`fake docker: unsupported exec ${args.join(" ")}`);
  const pid = readPid();
  if (!pid || !alive(pid)) fail(`service "backend" is not running`);
  const env = JSON.parse(readFileSync(join(projectDir, "backend.env.json"), "utf8"));
  const secret = readFileSync(join(projectDir, "volume-data", "effective-secret"), "utf8");
  console.error("Admin key:");
  console.log(issueAdminKey(env.INSTANCE_NAME || "convex-self-hosted", secret));
  process.exit(0);
}
fail(`fake docker: unsupported compose subcommand ${sub}`);
