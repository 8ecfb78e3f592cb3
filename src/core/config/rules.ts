/**
 * Rules between inputs (X needs Y, A and B exclude each other, an input that does nothing with
 * the chosen target), each a small function returning its problems. parseConfig runs them all
 * after reading the inputs, so that every problem is reported at once.
 */
import type { ConfigProblem } from "../errors.js";
import { INPUTS, type InputName, type InputSpec, type InputValues } from "../inputs.js";
import { MAX_KUBE_INSTANCE_NAME } from "../kubernetes.js";
import { deriveUpgradeImages } from "../upgrade.js";
import { isForTarget } from "./read-inputs.js";
import type { MysqlTarget, PostgresTarget } from "./types.js";

export interface RuleContext {
  values: InputValues;
  /** Inputs given a value that is not blank. */
  given: ReadonlySet<InputName>;
  /** Inputs whose value was refused already (their rules would only repeat it). */
  invalid: ReadonlySet<InputName>;
  /** The Postgres URL the backend will use, when one was found and is valid, and its source. */
  postgres: { url: PostgresTarget; source: string } | undefined;
  /** The MySQL URL instead (never both), and its source. */
  mysql?: { url: MysqlTarget; source: string } | undefined;
}

export type Rule = (ctx: RuleContext) => ConfigProblem[];

const problem = (field: string, message: string): ConfigProblem[] => [{ field, message }];
const none: ConfigProblem[] = [];

/** A boolean asks for something when on; another input when given. */
const asksFor = ({ values, given }: RuleContext, name: InputName): boolean => {
  const value = values[name];
  return typeof value === "boolean" ? value : given.has(name);
};

/** Inputs of other targets (InputSpec.targets) are refused: they would do nothing. */
const inputsOfOtherTargets: Rule = (ctx) =>
  (INPUTS as readonly (InputSpec & { name: InputName })[])
    .filter((s) => !isForTarget(s, ctx.values.target) && !s.ignoredOffTarget && asksFor(ctx, s.name))
    .map((s) => ({
      field: s.name,
      message: `is for target: ${s.targets!.join(" or ")} only${s.offTargetNote ? `; ${s.offTargetNote}` : ` (target is ${ctx.values.target})`}.`,
    }));

const portsDiffer: Rule = ({ values }) => {
  const ports = [values["api-port"], values["site-port"]];
  if (values.dashboard) ports.push(values["dashboard-port"]);
  return new Set(ports).size === ports.length
    ? none
    : problem("api-port", "api-port, site-port and dashboard-port must all differ.");
};

const connectNeedsUrls: Rule = ({ values }) =>
  values.target === "connect" && !(values["convex-url"] && values["site-url"])
    ? problem(
        "target",
        "connect needs convex-url and site-url: the URLs of the running backend's API and site proxy.",
      )
    : none;

const connectNeedsKey: Rule = ({ values }) =>
  values.target === "connect" && !values["instance-secret"] && !values["admin-key"]
    ? problem(
        "target",
        "connect needs instance-secret (or admin-key) of the running backend to configure it.",
      )
    : none;

const adminKeyOfThisInstance: Rule = ({ values, invalid }) => {
  const key = values["admin-key"];
  const name = values["instance-name"];
  if (values.target !== "connect" || key === undefined || invalid.has("admin-key")) return none;
  return key.startsWith(`${name}|`)
    ? none
    : problem("admin-key", `belongs to another instance: its prefix must be instance-name (${name}).`);
};

/** The seed input given (seed-function first), if any. */
const seedGiven = (values: InputValues) =>
  values["seed-function"]
    ? "seed-function"
    : values["seed-import"]
      ? "seed-import"
      : values["seed-artifact"]
        ? "seed-artifact"
        : undefined;

const seedImportOrArtifact: Rule = ({ values }) =>
  values["seed-import"] && values["seed-artifact"]
    ? problem("seed-artifact", "and seed-import both give the data to import: give one of them.")
    : none;

const scrubNeedsImport: Rule = ({ values }) =>
  values["seed-scrub"] && !values["seed-import"] && !values["seed-artifact"]
    ? problem("seed-scrub", "scrubs imported data: it needs seed-import or seed-artifact.")
    : none;

const runIdNeedsArtifact: Rule = ({ values }) => {
  const id = values["seed-artifact-run-id"];
  if (!id) return none;
  if (!values["seed-artifact"])
    return problem("seed-artifact-run-id", "says which run's artifact to take: it needs seed-artifact.");
  return /^[1-9]\d{0,18}$/.test(id)
    ? none
    : problem(
        "seed-artifact-run-id",
        `"${id}" is not a workflow run id (a number, as in \${{ github.run_id }}).`,
      );
};

const seedNeedsDeploy: Rule = ({ values }) => {
  const seed = seedGiven(values);
  return seed && !values.deploy
    ? problem(seed, "seeds a deployment after its first deploy; it needs deploy: true.")
    : none;
};

const seedNotWithRenderOnly: Rule = ({ values }) => {
  const seed = seedGiven(values);
  return seed && values["render-only"]
    ? problem(
        seed,
        "does nothing with render-only (nothing is deployed): seed when you deploy (up --target connect after applying).",
      )
    : none;
};

const seedArgsNeedFunction: Rule = ({ values }) =>
  values["seed-args"] !== undefined && values["seed-function"] === undefined
    ? problem(
        "seed-args",
        "holds arguments for seed-function, which is not set: set seed-function or remove seed-args.",
      )
    : none;

const seedAlwaysNeedsSeed: Rule = ({ values }) =>
  values["seed-always"] && !seedGiven(values)
    ? problem(
        "seed-always",
        "is true but there is nothing to seed: set seed-function, seed-import or seed-artifact, or remove seed-always.",
      )
    : none;

/** The commands that remove previews: down (one, named by the inputs) and prune (those left). */
const REMOVING = new Set(["down", "prune"]);

const dropDatabaseOnlyWithDown: Rule = ({ values }) =>
  values["drop-database"] && !REMOVING.has(values.command)
    ? problem("drop-database", "is for command: down or prune (removing previews); remove it from this step.")
    : none;

/**
 * With command down or prune, each step assumes the ones before it hold: one problem at most.
 * prune checks each preview's own instance name against the prefix as it removes it.
 */
const dropDatabaseOnlyPreviews: Rule = ({ values, postgres, mysql }) => {
  if (!values["drop-database"] || !REMOVING.has(values.command)) return none;
  const prefix = values["preview-prefix"];
  const name = values["instance-name"];
  const database = postgres ?? mysql;
  if (!database)
    return problem(
      "drop-database",
      "has no database to drop: the backend uses SQLite unless postgres-url (or DATABASE_URL) or mysql-url (or MYSQL_URL) is set.",
    );
  if (!/^[a-z0-9][a-z0-9_-]*[-_]$/.test(prefix))
    return problem(
      "preview-prefix",
      `"${prefix}" must be lowercase letters, digits, - and _, ending in - or _ (as pr-): it is what keeps drop-database away from other databases, and without the separator "pr" would match "prod".`,
    );
  if (values.command === "down" && !name.startsWith(prefix))
    return problem(
      "drop-database",
      `refused: instance-name "${name}" does not start with preview-prefix "${prefix}", so its database (${database.url.name}) is not a preview's.`,
    );
  return none;
};

/** Not for down and prune: they may reach the same server through a tunnel (drop-database). */
const kubernetesPostgresReachable: Rule = ({ values, postgres, mysql }) => {
  const database = postgres ?? mysql;
  const kind = postgres ? "postgres" : "mysql";
  return values.target === "kubernetes" &&
    !REMOVING.has(values.command) &&
    database &&
    /^(localhost\.?$|127\.|::1$|\[::1\])/.test(database.url.host)
    ? problem(
        database.source,
        `points at ${database.url.host}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. ${kind}.db.svc.cluster.local; with postgres-preflight: false when this runner cannot reach it), or no ${postgres ? "Postgres" : "MySQL"} URL for the embedded SQLite.`,
      )
    : none;
};

const kubernetesInstanceNameLength: Rule = ({ values }) => {
  const name = values["instance-name"];
  return values.target === "kubernetes" && name.length > MAX_KUBE_INSTANCE_NAME
    ? problem(
        "instance-name",
        `"${name}" is longer than ${MAX_KUBE_INSTANCE_NAME} characters, too long for target kubernetes (its StatefulSet's pods carry a label of at most 63 characters built from it).`,
      )
    : none;
};

/** Object names cannot hold _: a_b and a-b would be the same objects, so _ is refused. */
const kubernetesInstanceNameNoUnderscore: Rule = ({ values }) => {
  const name = values["instance-name"];
  return values.target === "kubernetes" && name.includes("_")
    ? problem(
        "instance-name",
        `"${name}" holds _, which Kubernetes object names and host names cannot: use - (e.g. ${name.replaceAll("_", "-")}).`,
      )
    : none;
};

const ingressNeedsHost: Rule = ({ values }) => {
  const given = values["ingress-class"]
    ? "ingress-class"
    : values["ingress-tls-secret"]
      ? "ingress-tls-secret"
      : undefined;
  return values.target === "kubernetes" && given && !values["ingress-host"]
    ? problem(given, "needs ingress-host: without it no Ingress is made.")
    : none;
};

const ingressHostOrUrls: Rule = ({ values }) =>
  values.target === "kubernetes" && values["ingress-host"] && (values["convex-url"] || values["site-url"])
    ? problem(
        "ingress-host",
        "and convex-url/site-url both say where the backend is public: give one of them.",
      )
    : none;

/** Inputs that target kubernetes would silently ignore: an error instead. */
const kubernetesIgnores: Rule = (ctx) => {
  if (ctx.values.target !== "kubernetes") return none;
  const ignored: Array<[InputName, string]> = [
    ["cache-images", "the cluster pulls the images itself"],
    ["project-name", "kubernetes objects are named after instance-name"],
  ];
  if (ctx.values["ingress-host"])
    for (const name of ["dashboard-url", "url-style", "coder-wildcard-domain"] as const)
      ignored.push([name, "ingress-host gives the public URLs"]);
  // A boolean that is not off (on, or not a boolean at all) asks for something.
  const asks = (name: InputName) =>
    ctx.given.has(name) &&
    (typeof ctx.values[name] !== "boolean" || ctx.values[name] || ctx.invalid.has(name));
  return ignored
    .filter(([name]) => asks(name))
    .map(([name, why]) => ({
      field: name,
      message: `does nothing with target kubernetes (${why}): remove it.`,
    }));
};

/** The inputs of one command only: given with another, they would do nothing. */
const commandInputs: Rule = ({ values, given }) => {
  const only: Array<[InputName, readonly string[]]> = [
    ["backup-file", ["backup", "restore", "upgrade"]],
    ["include-file-storage", ["backup", "upgrade"]],
    ["release", ["upgrade"]],
    ["dry-run", ["upgrade", "prune"]],
    ["include-env-values", ["backup"]],
    ["confirm-restore", ["restore"]],
    ["max-age", ["prune"]],
  ];
  return only
    .filter(([name, commands]) => {
      const v = values[name];
      const asks = typeof v === "boolean" ? v : given.has(name);
      return asks && !commands.includes(values.command);
    })
    .map(([name, commands]) => ({
      field: name,
      message: `is for command: ${commands.join(" or ")} (command is ${values.command}); remove it from this step.`,
    }));
};

const restoreNeedsFile: Rule = ({ values }) =>
  values.command === "restore" && !values["backup-file"]
    ? problem(
        "backup-file",
        "command: restore needs the snapshot ZIP to import: give its path (a file that command: backup wrote, e.g. .convex-backups/app-20260101-120000Z.zip).",
      )
    : none;

/** upgrade: the images of one release, on a backend this tool runs. */
const upgradeRelease: Rule = ({ values }) => {
  if (values.command !== "upgrade") return none;
  if (values.target === "connect")
    return problem(
      "target",
      "is connect: command upgrade changes the images of a backend this tool runs (target compose or kubernetes); a connect backend runs elsewhere: upgrade it there (its Helm release, the Coder template), then run up to deploy.",
    );
  const derived = deriveUpgradeImages({
    release: values.release,
    backendImage: values["backend-image"],
    dashboardImage: values["dashboard-image"],
  });
  return "problems" in derived ? derived.problems.map(([field, message]) => ({ field, message })) : none;
};

const dayTwoNeedsRunningBackend: Rule = ({ values }) =>
  (values.command === "backup" || values.command === "restore" || values.command === "upgrade") &&
  values["render-only"]
    ? problem(
        "render-only",
        `nothing runs with render-only, so there is nothing to ${values.command}: remove render-only (the instance must have been applied).`,
      )
    : none;

/** The backend's own settings mean something only where this tool runs the backend. */
const backendSettingsNeedOwnBackend: Rule = (ctx) =>
  ctx.values.target !== "connect"
    ? none
    : (["document-retention", "disable-beacon", "redact-logs-to-client", "log-level", "backend-env"] as const)
        .filter((name) => asksFor(ctx, name))
        .map((name) => ({
          field: name,
          message:
            "is a setting of a backend this tool runs (target compose or kubernetes); with target connect set it where the backend runs.",
        }));

/** Every rule, in the order their problems are reported. */
export const RULES: readonly Rule[] = [
  inputsOfOtherTargets,
  backendSettingsNeedOwnBackend,
  portsDiffer,
  kubernetesInstanceNameLength,
  kubernetesInstanceNameNoUnderscore,
  ingressNeedsHost,
  ingressHostOrUrls,
  kubernetesIgnores,
  kubernetesPostgresReachable,
  seedNeedsDeploy,
  seedNotWithRenderOnly,
  seedArgsNeedFunction,
  seedAlwaysNeedsSeed,
  seedImportOrArtifact,
  scrubNeedsImport,
  runIdNeedsArtifact,
  dropDatabaseOnlyWithDown,
  dropDatabaseOnlyPreviews,
  commandInputs,
  restoreNeedsFile,
  upgradeRelease,
  dayTwoNeedsRunningBackend,
  adminKeyOfThisInstance,
  connectNeedsUrls,
  connectNeedsKey,
];
