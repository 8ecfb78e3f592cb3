/**
 * The commands, their one-line descriptions, and how each is loaded: only the command that runs is
 * imported (its module graph, e.g. the app parser, costs hundreds of milliseconds), so that
 * `--version`, `--help` and the light commands start fast.
 */
import type { Command } from "../context.js";

export interface CommandEntry {
  name: string;
  description: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "init",
    description:
      "Scaffold @convex-dev/auth (schema, auth, auth.config, http, tsconfig) and convex:* scripts; never overwrites (exit 0, advice for existing files).",
    load: async () => (await import("./init.js")).init,
  },
  {
    name: "up",
    description: "Start, configure and deploy the self-hosted backend (the action's main step).",
    load: async () => (await import("./up.js")).up,
  },
  {
    name: "down",
    description:
      "Stop and remove the containers (data is kept unless --volumes), or a kubernetes instance; --drop-database for a preview's database.",
    load: async () => (await import("./down.js")).down,
  },
  {
    name: "prune",
    description:
      "Remove this repository's pull request previews (GITHUB_REPOSITORY) whose pull request is closed or, with --max-age, that are older; --dry-run lists them.",
    load: async () => (await import("./prune.js")).prune,
  },
  {
    name: "render",
    description:
      "Write the kubernetes manifests (convex-kubernetes.yaml, mode 0600) for Argo CD, Flux or Helm; nothing is applied.",
    load: async () => (await import("./render.js")).render,
  },
  {
    name: "status",
    description:
      "Containers, health and admin key of this app's backend (with --target kubernetes: its objects and pods).",
    load: async () => (await import("./status.js")).status,
  },
  {
    name: "verify",
    description:
      "Check the running backend as a client would: API, admin key, variables, auth discovery (and the public URLs in Coder). Exit 1 on a failure.",
    load: async () => (await import("./verify.js")).verify,
  },
  {
    name: "logs",
    description: "The backend's logs (docker compose logs; kubectl logs with --target kubernetes).",
    load: async () => (await import("./logs.js")).logs,
  },
  {
    name: "doctor",
    description: "Check this machine and project without changing anything.",
    load: async () => (await import("./doctor.js")).doctor,
  },
  {
    name: "env",
    description:
      "Print the public variables for a frontend or shell (no secrets): from the app's compose file when it was set up, else from the flags.",
    load: async () => (await import("./env.js")).env,
  },
  {
    name: "backup",
    description:
      "A snapshot ZIP of the running deployment (the app's `convex export`) and its variables' names, to .convex-backups/ or --backup-file.",
    load: async () => (await import("./backup.js")).backup,
  },
  {
    name: "restore",
    description:
      "Import a backup (`convex import --replace-all`) and its saved variables, then verify; --yes to replace a deployment that holds data.",
    load: async () => (await import("./backup.js")).restore,
  },
  {
    name: "upgrade",
    description:
      "Move the backend and dashboard to another release (--release, or both images with one tag): backup, swap, wait for the migrations, verify, deploy; rolls back on a failure. --dry-run prints the plan.",
    load: async () => (await import("./upgrade.js")).upgrade,
  },
  {
    name: "keys",
    description: "Print the JWKS (public) of the app's jwt_private_key.pem.",
    load: async () => (await import("./keys.js")).keys,
  },
];
