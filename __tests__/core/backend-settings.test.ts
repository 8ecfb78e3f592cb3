/**
 * The backend's settings (document-retention, disable-beacon, redact-logs-to-client, log-level,
 * backend-env): read by parseConfig, rendered the same into the compose file and the kubernetes
 * manifests, and checked against the names the pinned backend reads (did-you-mean on a typo).
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BACKEND_ENV_NAMES, BACKEND_ENV_SOURCE_COMMIT } from "../../src/core/backend-env-names.js";
import { checkLogLevel, suggestBackendEnvName } from "../../src/core/backend-settings.js";
import { DEFAULT_RELEASE, renderCompose } from "../../src/core/compose.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { buildManifests } from "../../src/core/kubernetes.js";
import { composeOptions } from "../helpers/compose-options.js";
import { configProblems as problems } from "../helpers/config-problems.js";
import { manifestInput } from "../helpers/manifest-input.js";

/** The backend's environment as the compose file gives it (name -> value, compose's $$ undone). */
function composeEnv(env: Array<[string, string]>): Record<string, string> {
  const doc = parse(
    renderCompose(
      composeOptions({ projectName: "convex-app", envFile: ".env.convex.local", backendEnv: env }),
    ),
  );
  return Object.fromEntries(
    Object.entries(doc.services.backend.environment as Record<string, string>).map(([k, v]) => [
      k,
      v.replaceAll("$$", "$"),
    ]),
  );
}

/** The backend container's environment in the StatefulSet (name -> value, the kubelet's $$ undone). */
function kubernetesEnv(env: Array<[string, string]>): Record<string, string> {
  const objects = buildManifests(
    manifestInput({
      instanceName: "pr-1",
      images: { backend: "b:1", dashboard: "d:1" },
      dashboard: false,
      cloudOrigin: "http://127.0.0.1:3210",
      siteOrigin: "http://127.0.0.1:3211",
      dashboardDeploymentUrl: "http://127.0.0.1:3210",
      owner: undefined,
      backendEnv: env,
    }),
  );
  const sts = objects.find((o) => o.kind === "StatefulSet") as {
    spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } };
  };
  return Object.fromEntries(
    sts.spec.template.spec.containers[0]!.env.map((e) => [
      e.name,
      (e.value ?? "<from secret>").replaceAll("$$(", "$("),
    ]),
  );
}

const SETTINGS = ["DOCUMENT_RETENTION_DELAY", "DISABLE_BEACON", "REDACT_LOGS_TO_CLIENT", "RUST_LOG"];
const only = (env: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => names.includes(k)));

describe("backend settings, rendered into compose and kubernetes", () => {
  const cases: Array<[string, RawInputs, Record<string, string>]> = [
    ["defaults: nothing set, the backend's own defaults apply", {}, {}],
    ["document-retention", { "document-retention": "172800" }, { DOCUMENT_RETENTION_DELAY: "172800" }],
    ["disable-beacon on", { "disable-beacon": "true" }, { DISABLE_BEACON: "1" }],
    // ANY non-empty value turns these on in run_backend.sh: off means the variable is absent.
    ["disable-beacon off: the variable is left out", { "disable-beacon": "false" }, {}],
    ["redact-logs-to-client on", { "redact-logs-to-client": "true" }, { REDACT_LOGS_TO_CLIENT: "1" }],
    ["redact-logs-to-client off: left out", { "redact-logs-to-client": "false" }, {}],
    ["log-level", { "log-level": "info,database=debug" }, { RUST_LOG: "info,database=debug" }],
    [
      "backend-env",
      { "backend-env": "HTTP_SERVER_TIMEOUT_SECONDS=300\n# a comment\n\nLOG_FORMAT=json\n" },
      { HTTP_SERVER_TIMEOUT_SECONDS: "300", LOG_FORMAT: "json" },
    ],
    [
      "a value with $ and $(...) reaches the backend as written",
      { "backend-env": "ISOLATE_V8_FLAGS=--a=$HOME $(x)" },
      { ISOLATE_V8_FLAGS: "--a=$HOME $(x)" },
    ],
    [
      "all together",
      {
        "document-retention": "3600",
        "disable-beacon": "true",
        "redact-logs-to-client": "true",
        "log-level": "warn",
        "backend-env": "DISABLE_METRICS_ENDPOINT=true",
      },
      {
        DOCUMENT_RETENTION_DELAY: "3600",
        DISABLE_BEACON: "1",
        REDACT_LOGS_TO_CLIENT: "1",
        RUST_LOG: "warn",
        DISABLE_METRICS_ENDPOINT: "true",
      },
    ],
  ];
  it.each(cases)("%s", (_name, raw, expected) => {
    for (const target of ["compose", "kubernetes"] as const) {
      const config = parseConfig({ ...raw, target }, {});
      const names = [...SETTINGS, ...Object.keys(expected)];
      expect(only(composeEnv(config.backend.env), names), `compose (${target})`).toEqual(expected);
      expect(only(kubernetesEnv(config.backend.env), names), `kubernetes (${target})`).toEqual(expected);
    }
  });

  it("a setting replaces the value the tool would set otherwise (set last), once", () => {
    const env = kubernetesEnv([["DO_NOT_REQUIRE_SSL", "x"]]);
    expect(env.DO_NOT_REQUIRE_SSL).toBe("x");
    expect(composeEnv([["INSTANCE_NAME", "other"]]).INSTANCE_NAME).toBe("other");
  });
});

describe("backend-env checks", () => {
  it("a typo gets a did-you-mean with the name the backend reads", () => {
    const [first, ...rest] = problems({ "backend-env": "HTTP_SERVER_TIMEOUT_SECOND=300" });
    expect(rest).toEqual([]);
    expect(first).toMatch(
      /^backend-env: HTTP_SERVER_TIMEOUT_SECOND is not a setting the backend reads: did you mean HTTP_SERVER_TIMEOUT_SECONDS\?\n/,
    );
    expect(problems({ "backend-env": "http_server_timeout_seconds=300" })[0]).toContain(
      "did you mean HTTP_SERVER_TIMEOUT_SECONDS?",
    );
  });
  it("a typo of a name another input sets says which input", () => {
    expect(problems({ "backend-env": "RUST_LOGS=debug" })[0]).toContain(
      "backend-env: RUST_LOGS is not a setting the backend reads: did you mean RUST_LOG? (RUST_LOG is set by the log-level input.)",
    );
  });
  it("a name nothing resembles is refused without a guess", () => {
    expect(problems({ "backend-env": "COMPLETELY_UNKNOWN_THING=1" })[0]).toMatch(
      /^backend-env: COMPLETELY_UNKNOWN_THING is not a setting the backend reads \(the names come from its source/,
    );
  });
  it.each([
    ["RUST_LOG=debug", "RUST_LOG is set by the log-level input"],
    ["DISABLE_BEACON=1", "DISABLE_BEACON is set by the disable-beacon input"],
    ["DOCUMENT_RETENTION_DELAY=60", "DOCUMENT_RETENTION_DELAY is set by the document-retention input"],
    ["INSTANCE_SECRET=abc", "INSTANCE_SECRET is set from instance-secret"],
    ["POSTGRES_URL=postgres://x", "POSTGRES_URL is set from postgres-url"],
    ["MYSQL_URL=mysql://x", "MYSQL_URL is set from mysql-url"],
    ["DATA_DIR=/tmp", "DATA_DIR is fixed: the data volume is mounted at /convex/data"],
    ["AWS_SECRET_ACCESS_KEY=x", "AWS_SECRET_ACCESS_KEY is a secret"],
    ["HTTP_SERVER_TIMEOUT_SECONDS=", "HTTP_SERVER_TIMEOUT_SECONDS has no value"],
    ["LOG_FORMAT=json\nLOG_FORMAT=pretty", "LOG_FORMAT is given twice"],
    ["not a line", "line 1 is not KEY=VALUE"],
  ])("%s is refused: %s", (text, message) => {
    const [first] = problems({ "backend-env": text });
    expect(first).toContain(message);
    expect(first).toMatch(/^backend-env: /);
  });
  it("every problem of backend-env is said at once", () => {
    const [first] = problems({ "backend-env": "RUST_LOGS=1\nDATA_DIR=/x" });
    expect(first).toContain("RUST_LOGS");
    expect(first).toContain("DATA_DIR");
  });
  it("the names are the pinned release's, generated from its source", () => {
    expect(BACKEND_ENV_SOURCE_COMMIT).toBe(DEFAULT_RELEASE);
    for (const name of ["DOCUMENT_RETENTION_DELAY", "RUST_LOG", "DISABLE_METRICS_ENDPOINT", "AWS_REGION"])
      expect(BACKEND_ENV_NAMES.has(name), name).toBe(true);
    // The entrypoint's own variables are not settings.
    for (const name of ["DB_FLAGS", "DB_SPEC", "MISSING_VARS", "PATH"])
      expect(BACKEND_ENV_NAMES.has(name), name).toBe(false);
    expect(suggestBackendEnvName("DOCUMENT_RETENTION_DELY")).toBe("DOCUMENT_RETENTION_DELAY");
  });
});

describe("the settings' own inputs", () => {
  it.each([
    ["info", undefined],
    ["warn,database=debug,common::errors=trace", undefined],
    ["DEBUG", undefined],
    ["verbose", "is not a log directive"],
    ["info,=debug", "is not a log directive"],
    ["info,database=loud", "is not a log directive"],
  ])("log-level %s", (text, message) => {
    const problem = checkLogLevel(text);
    if (message === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(message);
  });
  it("document-retention is whole seconds from 60 to a year", () => {
    expect(problems({ "document-retention": "30" })).toEqual([
      'document-retention: "30" must be a whole number from 60 to 31536000.',
    ]);
    expect(problems({ "document-retention": "2d" })[0]).toContain("must be a whole number");
  });
  it("with target connect (the backend runs elsewhere) they are refused", () => {
    const raw = {
      target: "connect",
      "convex-url": "https://a.example",
      "site-url": "https://s.example",
      "admin-key": "app|01ab",
    };
    const refused =
      "is a setting of a backend this tool runs (target compose or kubernetes); with target connect set it where the backend runs.";
    expect(problems({ ...raw, "log-level": "debug" })).toEqual([`log-level: ${refused}`]);
    expect(problems({ ...raw, "backend-env": "RUST_LOGS=1", "disable-beacon": "true" })).toEqual([
      `disable-beacon: ${refused}`,
      `backend-env: ${refused}`,
    ]);
    expect(problems({ ...raw, "disable-beacon": "false" })).toEqual([]);
    expect(parseConfig(raw, {}).backend.env).toEqual([]);
  });
});
