import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type ComposeOptions,
  DEFAULT_BACKEND_IMAGE,
  DEFAULT_DASHBOARD_IMAGE,
  deriveOriginForwards,
  deriveProjectName,
  renderCompose,
  renderForwarderScript,
} from "../../src/core/compose.js";

const require = createRequire(import.meta.url);
// The current compose-spec JSON schema, as shipped by the dclint package.
const dclintDir = require.resolve("dclint").replace(/dist\/.*$|\/[^/]*$/, "");
const schema = JSON.parse(readFileSync(join(dclintDir, "schemas/compose.schema.json"), "utf8"));
// The schema names draft-07 by its https address, which Ajv knows by the http one.
const validate = new Ajv({ strict: false, allErrors: true }).compile({ ...schema, $schema: undefined });

const base: ComposeOptions = {
  projectName: "convex-app",
  dashboard: true,
  ports: { api: 3210, site: 3211, dashboard: 6791 },
  instanceName: "app",
  cloudOrigin: "https://convex-api--main--ws--alice.apps.example.com",
  siteOrigin: "https://convex-site--main--ws--alice.apps.example.com",
  dashboardDeploymentUrl: "https://convex-api--main--ws--alice.apps.example.com",
  envFile: ".env.convex.local",
  doNotRequireSsl: true,
};

type Doc = { name: string; services: Record<string, Record<string, any>>; volumes: Record<string, unknown> };
const render = (o: Partial<ComposeOptions> = {}) => parse(renderCompose({ ...base, ...o })) as Doc;

describe("renderCompose", () => {
  it.each([
    ["defaults", {}],
    ["no dashboard, SQLite, SSL required", { dashboard: false, doNotRequireSsl: false }],
    [
      "forwarder on other ports",
      {
        ports: { api: 13210, site: 13211, dashboard: 16791 },
        originForwards: [
          [13210, 3210],
          [13211, 3211],
        ],
      },
    ],
    [
      "extra hosts and custom images",
      {
        extraHosts: ["host.docker.internal:host-gateway"],
        backendImage: "my/backend:1",
        dashboardImage: "my/dash:1",
      },
    ],
  ] as Array<[string, Partial<ComposeOptions>]>)(
    "is valid against the compose-spec schema: %s",
    (_n, options) => {
      const doc = render(options);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it("the schema check bites: an unknown service key is refused", () => {
    expect(validate({ services: { backend: { image: "x", stop_sgnal: "SIGINT" } } })).toBe(false);
  });

  it("pins images, ports on loopback, SIGINT, healthcheck, named volume, origins, env_file", () => {
    const doc = render();
    const backend = doc.services.backend!;
    expect(doc.name).toBe("convex-app");
    expect(backend.image).toBe(DEFAULT_BACKEND_IMAGE);
    expect(DEFAULT_BACKEND_IMAGE).toMatch(/:[0-9a-f]{40}$/);
    expect(DEFAULT_DASHBOARD_IMAGE.split(":")[1]).toBe(DEFAULT_BACKEND_IMAGE.split(":")[1]);
    expect(backend.ports).toEqual(["127.0.0.1:3210:3210", "127.0.0.1:3211:3211"]);
    expect(backend.stop_signal).toBe("SIGINT");
    expect(backend.healthcheck.test).toEqual(["CMD", "curl", "-f", "http://localhost:3210/version"]);
    expect(backend.volumes).toEqual(["data:/convex/data"]);
    expect(doc.volumes).toHaveProperty("data");
    expect(backend.env_file).toEqual([".env.convex.local"]);
    expect(backend.environment).toEqual({
      INSTANCE_NAME: "app",
      CONVEX_CLOUD_ORIGIN: base.cloudOrigin,
      CONVEX_SITE_ORIGIN: base.siteOrigin,
      DO_NOT_REQUIRE_SSL: "1",
      DISABLE_METRICS_ENDPOINT: "true",
    });
    expect(doc.services.dashboard).toMatchObject({
      image: DEFAULT_DASHBOARD_IMAGE,
      ports: ["127.0.0.1:6791:6791"],
      environment: { NEXT_PUBLIC_DEPLOYMENT_URL: base.dashboardDeploymentUrl },
      depends_on: ["backend"],
    });
    expect(JSON.stringify(doc)).not.toMatch(/NEXT_PUBLIC_ADMIN_KEY|INSTANCE_SECRET|POSTGRES_URL/);
  });

  it("flag variables exist only when on (any non-empty value turns them on)", () => {
    const env = render({ doNotRequireSsl: false, disableBeacon: false }).services.backend!.environment;
    expect(env).not.toHaveProperty("DO_NOT_REQUIRE_SSL");
    expect(env).not.toHaveProperty("DISABLE_BEACON");
    expect(render({ disableBeacon: true }).services.backend!.environment.DISABLE_BEACON).toBe("1");
  });

  it("the Prometheus /metrics endpoint is off unless asked (the API port may be public)", () => {
    expect(render().services.backend!.environment.DISABLE_METRICS_ENDPOINT).toBe("true");
    expect(render({ metricsEndpoint: true }).services.backend!.environment.DISABLE_METRICS_ENDPOINT).toBe(
      "false",
    );
  });

  it("escapes $ so compose does not interpolate it", () => {
    const doc = renderCompose({ ...base, cloudOrigin: "http://a$b.example.com" });
    expect(parse(doc).services.backend.environment.CONVEX_CLOUD_ORIGIN).toBe("http://a$$b.example.com");
  });

  it("adds the forwarder in the backend's network namespace only when needed", () => {
    const doc = render({
      ports: { api: 13210, site: 13211, dashboard: 16791 },
      originForwards: deriveOriginForwards("http://localhost:13210", "http://localhost:13211"),
    });
    expect(doc.services.backend!.ports).toEqual(["127.0.0.1:13210:3210", "127.0.0.1:13211:3211"]);
    const fwd = doc.services["origin-forwarder"]!;
    expect(fwd.network_mode).toBe("service:backend");
    expect(fwd.image).toBe(doc.services.backend!.image);
    expect(fwd.entrypoint.slice(0, 2)).toEqual(["node", "-e"]);
    expect(render().services).not.toHaveProperty("origin-forwarder");
  });

  it.each([
    ["local, default ports", "http://localhost:3210", "http://localhost:3211", []],
    [
      "local, other ports",
      "http://localhost:13210",
      "http://127.0.0.1:13211",
      [
        [13210, 3210],
        [13211, 3211],
      ],
    ],
    ["only the site moved", "http://localhost:3210", "http://[::1]:4000", [[4000, 3211]]],
    [
      "explicit local URL without a port listens on 80",
      "http://localhost",
      "http://localhost:3211",
      [[80, 3210]],
    ],
    [
      "Coder (public) URLs never need one",
      "https://convex-api--main--ws--alice.apps.example.com",
      "https://convex-site--main--ws--alice.apps.example.com",
      [],
    ],
  ] as Array<[string, string, string, Array<[number, number]>]>)(
    "deriveOriginForwards: %s",
    (_n, api, site, pairs) => {
      expect(deriveOriginForwards(api, site)).toEqual(pairs);
    },
  );

  it("the forwarder script is valid JavaScript that listens on each host port", () => {
    const listened: Array<[number, number]> = [];
    const fakeNet = {
      createServer: () => ({ listen: (port: number) => listened.push([port, 0]) }),
      connect: () => ({}),
    };
    runInNewContext(
      renderForwarderScript([
        [13210, 3210],
        [13211, 3211],
      ]),
      { require: () => fakeNet },
    );
    expect(listened.map(([p]) => p)).toEqual([13210, 13211]);
  });
});

describe("deriveProjectName", () => {
  it.each([
    ["my-app", "convex-my-app"],
    ["My App!", "convex-my-app"],
    ["___", "convex-app"],
    ["x".repeat(100), `convex-${"x".repeat(56)}`],
  ])("%s -> %s", (input, expected) => {
    expect(deriveProjectName(input)).toBe(expected);
  });
});
