import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseConfig } from "../../src/core/config.js";
import {
  buildManifests,
  deriveIngressHosts,
  deriveKubeNames,
  instanceSelector,
  type ManifestInput,
  parseInstanceSecret,
  parsePodStates,
  renderManifests,
  SECRET_DIGEST_ANNOTATION,
} from "../../src/core/kubernetes.js";
import { validate } from "../helpers/kubernetes-schema.js";
import { manifestInput } from "../helpers/manifest-input.js";

const SECRET = "ab".repeat(32);
const base: ManifestInput = manifestInput();
const kinds = (objects: Array<{ kind: string }>) => objects.map((o) => o.kind);
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
/** The StatefulSet of buildManifests' objects (the second), as far as these tests read it. */
type StatefulSetView = {
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: { containers: Array<{ env: Array<Record<string, unknown>> }> };
    };
  };
};
const statefulSetOf = (objects: unknown[]) => objects[1] as StatefulSetView;

describe("buildManifests", () => {
  it("objects, names, labels and namespace", () => {
    const objects = buildManifests(base);
    expect(kinds(objects)).toEqual(["Secret", "StatefulSet", "Service", "Deployment", "Service"]);
    expect(kinds(buildManifests({ ...base, dashboard: false }))).toEqual([
      "Secret",
      "StatefulSet",
      "Service",
    ]);
    for (const o of objects) {
      expect(o.metadata?.namespace).toBe("previews");
      expect(o.metadata?.labels).toMatchObject({
        "app.kubernetes.io/instance": "pr-42",
        "app.kubernetes.io/managed-by": "setup-coder-convex",
      });
    }
    expect(objects.map((o) => o.metadata?.name)).toEqual([
      "convex-pr-42",
      "convex-pr-42",
      "convex-pr-42",
      "convex-pr-42-dashboard",
      "convex-pr-42-dashboard",
    ]);
  });

  it("the Secret holds the keys as data (base64), never as stringData; the pod reads them by reference", () => {
    const objects = buildManifests({
      ...base,
      postgresUrl: "postgres://u:p@db:5432",
      jwtPrivateKeyPem: "PEM",
    });
    const secret = objects[0] as { data: Record<string, string>; stringData?: unknown };
    expect(secret.stringData).toBeUndefined();
    expect(Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, decode(v)]))).toEqual({
      "instance-secret": SECRET,
      "postgres-url": "postgres://u:p@db:5432",
      "jwt-private-key": "PEM",
    });
    const text = renderManifests(objects);
    expect(text).not.toContain(SECRET);
    const sts = statefulSetOf(objects);
    const env = sts.spec.template.spec.containers[0]!.env;
    expect(env).toContainEqual({
      name: "INSTANCE_SECRET",
      valueFrom: { secretKeyRef: { name: "convex-pr-42", key: "instance-secret" } },
    });
    expect(env).toContainEqual({
      name: "POSTGRES_URL",
      valueFrom: { secretKeyRef: { name: "convex-pr-42", key: "postgres-url" } },
    });
    // The JWT key is kept for reruns, never given to the backend's process.
    expect(JSON.stringify(env)).not.toContain("jwt-private-key");
    expect(env).toContainEqual({ name: "CONVEX_CLOUD_ORIGIN", value: base.cloudOrigin });
    // A changed Postgres URL changes the pod template (so the pod restarts and reads it).
    const digest = (url: string | undefined) =>
      statefulSetOf(buildManifests({ ...base, postgresUrl: url })).spec.template.metadata.annotations[
        SECRET_DIGEST_ANNOTATION
      ];
    expect(digest("postgres://a@db:5432")).not.toBe(digest("postgres://b@db:5432"));
    expect(digest(undefined)).toBe(digest(undefined));
    expect(digest(undefined)).not.toContain(SECRET.slice(0, 8));
  });

  it("a MySQL URL goes in the Secret and reaches the pod as MYSQL_URL, by reference; it rolls the pod", () => {
    const objects = buildManifests({ ...base, mysqlUrl: "mysql://u:p@db:3306" });
    const secret = objects[0] as { data: Record<string, string> };
    expect(decode(secret.data["mysql-url"]!)).toBe("mysql://u:p@db:3306");
    expect(secret.data).not.toHaveProperty("postgres-url");
    const sts = statefulSetOf(objects);
    const env = sts.spec.template.spec.containers[0]!.env;
    expect(env).toContainEqual({
      name: "MYSQL_URL",
      valueFrom: { secretKeyRef: { name: "convex-pr-42", key: "mysql-url" } },
    });
    expect(env.map((e) => e.name)).not.toContain("POSTGRES_URL");
    expect(renderManifests(objects)).not.toContain("mysql://u:p@db");
    const digest = (mysqlUrl: string | undefined) =>
      statefulSetOf(buildManifests({ ...base, mysqlUrl })).spec.template.metadata.annotations[
        SECRET_DIGEST_ANNOTATION
      ];
    expect(digest("mysql://a@db")).not.toBe(digest("mysql://b@db"));
    expect(digest(undefined)).not.toBe(digest("mysql://a@db"));
  });

  it("readiness on /version, a volume for /convex/data, the Service's two ports", () => {
    const [, sts, svc] = buildManifests(base) as never as [
      unknown,
      {
        spec: {
          replicas: number;
          volumeClaimTemplates: Array<{ spec: { resources: { requests: { storage: string } } } }>;
          template: { spec: { containers: Array<Record<string, unknown>> } };
        };
      },
      { spec: { ports: Array<{ port: number }> } },
    ];
    const container = sts.spec.template.spec.containers[0]!;
    expect(sts.spec.replicas).toBe(1);
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: "/version", port: "api" } });
    expect(container.volumeMounts).toEqual([
      { name: "data", mountPath: "/convex/data" },
      { name: "tmp", mountPath: "/tmp" },
    ]);
    expect(sts.spec.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe("1Gi");
    expect(svc.spec.ports.map((p) => p.port)).toEqual([3210, 3211]);
  });

  it("pods: no service account token, the tightest securityContext the images allow, /metrics off", () => {
    type Pod = {
      automountServiceAccountToken?: boolean;
      enableServiceLinks?: boolean;
      securityContext?: Record<string, unknown>;
      containers: Array<{
        name: string;
        env?: Array<{ name: string; value?: string }>;
        securityContext?: Record<string, unknown>;
        volumeMounts?: Array<{ mountPath: string }>;
      }>;
    };
    const objects = buildManifests(base) as never as Array<{
      kind: string;
      spec: { template: { spec: Pod } };
    }>;
    const pod = (kind: string) => objects.find((o) => o.kind === kind)!.spec.template.spec;
    for (const kind of ["StatefulSet", "Deployment"]) {
      const spec = pod(kind);
      expect(spec.automountServiceAccountToken, kind).toBe(false);
      expect(spec.enableServiceLinks, kind).toBe(false);
      expect(spec.securityContext, kind).toMatchObject({ seccompProfile: { type: "RuntimeDefault" } });
      expect(spec.containers[0]!.securityContext, kind).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
      });
      expect(
        spec.containers[0]!.volumeMounts?.map((m) => m.mountPath),
        kind,
      ).toContain("/tmp");
    }
    // The dashboard's image runs as nextjs (1001); the backend's as root (its scripts are 0744, root's).
    expect(pod("Deployment").securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
    });
    expect(pod("StatefulSet").securityContext).not.toHaveProperty("runAsNonRoot");
    const env = (o: Partial<ManifestInput>) =>
      (
        buildManifests({ ...base, ...o }) as never as Array<{
          kind: string;
          spec: { template: { spec: Pod } };
        }>
      ).find((x) => x.kind === "StatefulSet")!.spec.template.spec.containers[0]!.env!;
    expect(env({})).toContainEqual({ name: "DISABLE_METRICS_ENDPOINT", value: "true" });
    expect(env({ metricsEndpoint: true })).toContainEqual({
      name: "DISABLE_METRICS_ENDPOINT",
      value: "false",
    });
  });

  it("a NetworkPolicy only when asked: the service ports in, no link-local address (metadata services) out", async () => {
    expect(kinds(buildManifests(base))).not.toContain("NetworkPolicy");
    const objects = buildManifests({ ...base, networkPolicy: true });
    for (const o of objects) validate(o);
    const policy = objects.find((o) => o.kind === "NetworkPolicy") as never as {
      metadata: { name: string; labels: Record<string, string> };
      spec: {
        podSelector: { matchLabels: Record<string, string> };
        policyTypes: string[];
        ingress: Array<{ ports: Array<{ port: number }> }>;
        egress: Array<{ to: Array<{ ipBlock: { cidr: string; except: string[] } }> }>;
      };
    };
    expect(policy.metadata.name).toBe("convex-pr-42");
    expect(policy.spec.podSelector.matchLabels).toEqual({
      "app.kubernetes.io/name": "convex",
      "app.kubernetes.io/instance": "pr-42",
      "app.kubernetes.io/managed-by": "setup-coder-convex",
    });
    expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policy.spec.ingress[0]!.ports.map((p) => p.port)).toEqual([3210, 3211, 6791]);
    expect(policy.spec.egress[0]!.to[0]!.ipBlock).toEqual({ cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] });
  });

  it("an Ingress only with hosts: class, TLS and the dashboard's host when it runs", () => {
    const hosts = deriveIngressHosts("{instance}.preview.example.com", "pr-42");
    const withIngress = buildManifests({ ...base, ingress: { hosts, className: "nginx", tlsSecret: "tls" } });
    const ingress = withIngress.at(-1) as never as {
      kind: string;
      spec: {
        ingressClassName: string;
        tls: Array<{ hosts: string[]; secretName: string }>;
        rules: unknown[];
      };
    };
    expect(ingress.kind).toBe("Ingress");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.tls).toEqual([
      {
        hosts: [
          "pr-42.preview.example.com",
          "pr-42-site.preview.example.com",
          "pr-42-dashboard.preview.example.com",
        ],
        secretName: "tls",
      },
    ]);
    const noDash = buildManifests({
      ...base,
      dashboard: false,
      ingress: { hosts, className: undefined, tlsSecret: undefined },
    }).at(-1) as never as { spec: Record<string, unknown> & { rules: unknown[] } };
    expect(noDash.spec.rules).toHaveLength(2);
    expect(noDash.spec.ingressClassName).toBeUndefined();
    expect(noDash.spec.tls).toBeUndefined();
  });

  it("renders parseable multi-document YAML with the same objects", () => {
    const objects = buildManifests(base);
    const docs = parseAllDocuments(renderManifests(objects)).map((d) => d.toJS());
    expect(docs).toEqual(JSON.parse(JSON.stringify(objects)));
  });
});

describe("names and hosts", () => {
  it.each([
    ["pr-1", "convex-pr-1", "data-convex-pr-1-0"],
    ["my_app", "convex-my-app", "data-convex-my-app-0"],
  ])("%s -> %s", (instance, backend, claim) => {
    expect(deriveKubeNames(instance)).toMatchObject({ backend, claim, dashboard: `${backend}-dashboard` });
  });

  it("selects the instance's objects only", () => {
    expect(instanceSelector("pr-1")).toBe(
      "app.kubernetes.io/name=convex,app.kubernetes.io/instance=pr-1,app.kubernetes.io/managed-by=setup-coder-convex",
    );
  });

  it.each([
    ["{instance}.preview.example.com", "pr-7", "pr-7.preview.example.com", "pr-7-site.preview.example.com"],
    [
      "preview-{instance}.apps.example.com",
      "pr-7",
      "preview-pr-7.apps.example.com",
      "preview-pr-7-site.apps.example.com",
    ],
  ])("%s", (template, instance, api, site) => {
    expect(deriveIngressHosts(template, instance)).toMatchObject({ api, site });
  });

  it.each([
    ["preview.example.com", "pr-1", /\{instance\} exactly once/],
    ["{instance}.{instance}.example.com", "pr-1", /exactly once/],
    ["{instance}.preview.example.com", "my_app", /holds _/],
    ["{instance}.preview_example.com", "pr-1", /not a host name/],
    [`{instance}.${"a".repeat(64)}.com`, "pr-1", /not a host name/],
  ])("refuses %s for %s", (template, instance, message) => {
    expect(() => deriveIngressHosts(template, instance)).toThrow(message);
  });
});

describe("Better Auth's secret in the Secret", () => {
  it("is kept as data under better-auth-secret, read back, and never given to the pod", () => {
    const objects = buildManifests({ ...base, betterAuthSecret: "s3cr3t+/=".repeat(5) });
    const secret = objects[0] as { data: Record<string, string> };
    expect(decode(secret.data["better-auth-secret"]!)).toBe("s3cr3t+/=".repeat(5));
    expect(renderManifests(objects)).not.toContain("BETTER_AUTH_SECRET");
    expect(parseInstanceSecret(JSON.stringify(secret)).betterAuthSecret).toBe("s3cr3t+/=".repeat(5));
    const without = buildManifests(base)[0] as { data: Record<string, string> };
    expect(Object.keys(without.data)).toEqual(["instance-secret"]);
  });
});

describe("reading back from kubectl", () => {
  it("the Secret's keys", () => {
    const json = JSON.stringify({
      data: {
        "instance-secret": Buffer.from(SECRET.toUpperCase()).toString("base64"),
        "jwt-private-key": Buffer.from("PEM").toString("base64"),
      },
    });
    expect(parseInstanceSecret(json)).toEqual({
      instanceSecret: SECRET,
      jwtPrivateKeyPem: "PEM",
      managed: false,
      owner: undefined,
    });
    const ours = JSON.stringify({
      metadata: {
        labels: { "app.kubernetes.io/managed-by": "setup-coder-convex" },
        annotations: { "setup-coder-convex/owner": "acme/shop" },
      },
    });
    expect(parseInstanceSecret(ours)).toEqual({
      instanceSecret: undefined,
      jwtPrivateKeyPem: undefined,
      managed: true,
      owner: "acme/shop",
    });
  });

  it.each([
    [{ phase: "Running", containerStatuses: [{ state: { running: {} } }] }, { state: "running" }],
    [{ phase: "Pending" }, { state: "pending" }],
    [
      {
        phase: "Running",
        containerStatuses: [
          { state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1 } } },
        ],
      },
      { state: "exited", exitCode: 1 },
    ],
    [{ phase: "Failed" }, { state: "exited" }],
  ])("pod %j", (status, expected) => {
    const json = JSON.stringify({
      items: [{ metadata: { labels: { "app.kubernetes.io/component": "backend" } }, status }],
    });
    expect(parsePodStates(json)).toEqual([{ service: "backend", ...expected }]);
  });
});

describe("configuration of target kubernetes", () => {
  const k8s = (extra: Record<string, string>) => {
    const config = parseConfig({ target: "kubernetes", "instance-name": "pr-42", ...extra }, {});
    if (config.target !== "kubernetes") throw new Error(`target ${config.target}, not kubernetes`);
    return config;
  };

  it("defaults: namespace, no Ingress (local URLs through port-forward), cleanup off", () => {
    const config = k8s({});
    expect(config.kubernetes).toMatchObject({
      namespace: "convex-previews",
      ingressHost: undefined,
      volumeSize: "1Gi",
      renderOnly: false,
    });
    expect(config.publicUrls.apiUrl).toBe("http://localhost:3210");
    expect(config.cleanup).toBe(false);
    expect(parseConfig({}, {}).cleanup).toBe(true);
    expect(k8s({ cleanup: "true" }).cleanup).toBe(true);
  });

  it("ingress-host gives the public URLs (https with a TLS secret)", () => {
    const config = k8s({ "ingress-host": "{instance}.preview.example.com", "ingress-tls-secret": "tls" });
    expect(config.publicUrls).toMatchObject({
      apiUrl: "https://pr-42.preview.example.com",
      siteUrl: "https://pr-42-site.preview.example.com",
      source: "ingress",
    });
    expect(k8s({ "ingress-host": "{instance}.preview.example.com" }).publicUrls.apiUrl).toBe(
      "http://pr-42.preview.example.com",
    );
  });

  it.each([
    [{ namespace: "Previews" }, /namespace: "Previews" is not a namespace name/],
    [{ "instance-name": "a".repeat(36) }, /instance-name: .* longer than 35/],
    [{ "instance-name": "pr_1" }, /instance-name: "pr_1" holds _, .*use - \(e.g. pr-1\)/],
    [{ "ingress-host": "preview.example.com" }, /ingress-host: .*exactly once/],
    [{ "ingress-class": "nginx" }, /ingress-class: needs ingress-host/],
    [{ "volume-size": "lots" }, /volume-size: "lots" is not a storage size/],
    [
      { "ingress-host": "{instance}.x.com", "convex-url": "https://a.x.com", "site-url": "https://b.x.com" },
      /ingress-host: and convex-url\/site-url both/,
    ],
    [
      { "postgres-url": "postgres://u:p@localhost:5432/db" },
      /postgres-url: points at localhost, this machine/,
    ],
    [{ "volume-size": "0Gi" }, /volume-size: "0Gi" is not a storage size/],
    [{ "project-name": "x" }, /project-name: does nothing with target kubernetes/],
    [{ "cache-images": "true" }, /cache-images: does nothing with target kubernetes/],
    [
      { "ingress-host": "{instance}.x.com", "dashboard-url": "https://d.x.com" },
      /dashboard-url: does nothing/,
    ],
  ])("refuses %j", (extra, message) => {
    expect(() => k8s(extra)).toThrow(message);
  });

  it.each([
    [{ "ingress-host": "{instance}.x.com" }, /ingress-host: is for target: kubernetes only/],
    [{ "render-only": "true" }, /render-only: is for target: kubernetes only/],
  ])("kubernetes inputs with another target: %j", (extra, message) => {
    expect(() => parseConfig(extra, {})).toThrow(message);
  });
});

describe("drop-database guard", () => {
  const down = (extra: Record<string, string>) =>
    parseConfig({ command: "down", "postgres-url": "postgres://u:p@db.example:5432/x", ...extra }, {});

  it("allowed for an instance with the preview prefix", () => {
    const config = down({ "drop-database": "true", "instance-name": "pr-12" });
    expect(config.postgres).toMatchObject({ dropDatabase: true, previewPrefix: "pr-" });
    expect(config.postgres.url?.name).toBe("pr_12");
    expect(
      down({ "drop-database": "true", "instance-name": "preview-3", "preview-prefix": "preview-" }).postgres
        .dropDatabase,
    ).toBe(true);
  });

  it.each([
    [
      { "instance-name": "app" },
      /drop-database: refused: instance-name "app" does not start with preview-prefix "pr-"/,
    ],
    [{ "instance-name": "production" }, /refused/],
  ])("refused: %j", (extra, message) => {
    expect(() => down({ "drop-database": "true", ...extra })).toThrow(message);
  });

  it("the prefix must end in a separator: pr would match prod", () => {
    expect(() => down({ "drop-database": "true", "instance-name": "prod", "preview-prefix": "pr" })).toThrow(
      /preview-prefix: "pr" must be .*ending in - or _/,
    );
  });

  it("down reaches a localhost Postgres (a tunnel); up with kubernetes does not", () => {
    const url = "postgres://u:p@localhost:5432/x";
    expect(
      parseConfig(
        {
          command: "down",
          target: "kubernetes",
          "instance-name": "pr-1",
          "drop-database": "true",
          "postgres-url": url,
        },
        {},
      ).postgres.dropDatabase,
    ).toBe(true);
    expect(() =>
      parseConfig({ target: "kubernetes", "instance-name": "pr-1", "postgres-url": url }, {}),
    ).toThrow(/points at localhost/);
  });

  it("an empty preview-prefix is the default one: the guard cannot be switched off", () => {
    expect(
      down({ "drop-database": "true", "instance-name": "pr-1", "preview-prefix": "" }).postgres.previewPrefix,
    ).toBe("pr-");
    expect(() => down({ "drop-database": "true", "instance-name": "app", "preview-prefix": " " })).toThrow(
      /refused/,
    );
    expect(() => down({ "drop-database": "true", "instance-name": "app", "preview-prefix": "A!" })).toThrow(
      /preview-prefix: "A!" must be lowercase/,
    );
  });

  it("prune: each preview's own instance name is checked as it goes, not instance-name; a database and a sound prefix are still needed", () => {
    const prune = (extra: Record<string, string>) => parseConfig({ command: "prune", ...extra }, {});
    const url = "postgres://u:p@localhost:5432/x"; // a tunnel from the runner, for kubernetes too
    for (const target of [{ target: "compose" }, { target: "kubernetes", namespace: "previews" }] as Array<
      Record<string, string>
    >)
      expect(prune({ ...target, "drop-database": "true", "postgres-url": url }).postgres).toMatchObject({
        dropDatabase: true,
        previewPrefix: "pr-",
      });
    expect(() => prune({ "drop-database": "true" })).toThrow(/drop-database: has no database to drop/);
    expect(() => prune({ "drop-database": "true", "postgres-url": url, "preview-prefix": "pr" })).toThrow(
      /preview-prefix: "pr" must be/,
    );
  });

  it("only with command down, and only with a database", () => {
    expect(() =>
      parseConfig(
        { "drop-database": "true", "postgres-url": "postgres://u@db:5432/x", "instance-name": "pr-1" },
        {},
      ),
    ).toThrow(/drop-database: is for command: down or prune/);
    expect(() =>
      parseConfig(
        { command: "down", "drop-database": "true", "instance-name": "pr-1", "postgres-url": "none" },
        {},
      ),
    ).toThrow(/drop-database: has no database to drop/);
  });
});
