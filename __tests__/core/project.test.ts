import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import {
  credentialSources,
  deriveConvexCliEnv,
  detectPackageManager,
  execCommand,
  installCommand,
  pinCommand,
  withoutCredentials,
} from "../../src/core/project.js";

describe("package manager", () => {
  it.each([
    [[], undefined, "npm"],
    [["package-lock.json"], undefined, "npm"],
    [["pnpm-lock.yaml"], undefined, "pnpm"],
    [["yarn.lock"], undefined, "yarn"],
    [["bun.lock"], undefined, "bun"],
    [["bun.lockb", "package-lock.json"], undefined, "bun"],
    [["package-lock.json"], "pnpm@9.12.0", "pnpm"],
  ] as Array<[string[], string | undefined, string]>)("%j %s -> %s", (files, field, pm) => {
    expect(detectPackageManager(new Set(files), field)).toBe(pm);
  });
  it.each([
    [
      "npm",
      "npm install convex",
      "npm install --save-exact convex@1.29.1",
      ["npm", ["exec", "--no", "--", "convex"]],
    ],
    ["pnpm", "pnpm add convex", "pnpm add --save-exact convex@1.29.1", ["pnpm", ["exec", "convex"]]],
    ["yarn", "yarn add convex", "yarn add --exact convex@1.29.1", ["yarn", ["convex"]]],
    ["bun", "bun add convex", "bun add --exact convex@1.29.1", ["bun", ["x", "convex"]]],
  ] as const)("%s", (pm, install, pin, exec) => {
    expect(installCommand(pm, "convex")).toBe(install);
    expect(pinCommand(pm, "convex", "1.29.1")).toBe(pin);
    expect(execCommand(pm)).toEqual(exec);
  });
});

describe("deriveConvexCliEnv", () => {
  it("targets the self-hosted backend and blanks what would beat it", () => {
    const env = deriveConvexCliEnv(
      { PATH: "/bin", CONVEX_DEPLOY_KEY: "prod:x", CONVEX_DEPLOYMENT: "dev:y" },
      "http://127.0.0.1:3210",
      "app|01",
    );
    expect(env).toEqual({
      PATH: "/bin",
      CONVEX_SELF_HOSTED_URL: "http://127.0.0.1:3210",
      CONVEX_SELF_HOSTED_ADMIN_KEY: "app|01",
      CONVEX_DEPLOY_KEY: "",
      CONVEX_DEPLOYMENT_TOKEN: "",
      CONVEX_DEPLOYMENT: "",
    });
  });

  it("withholds from the project's CLI (repository code) the cluster named in the environment", () => {
    const env = deriveConvexCliEnv(
      { PATH: "/bin", KUBECONFIG: "/home/runner/.kube/config" },
      "http://127.0.0.1:3210",
      "app|01",
    );
    expect(env).not.toHaveProperty("KUBECONFIG");
    expect(env.PATH).toBe("/bin");
  });
});

describe("credentialSources: what repository code never gets, because this tool read a credential from it", () => {
  const BUCKETS = Object.fromEntries(
    ["exports", "files", "modules", "search", "snapshot-imports"].map((b) => [`s3-${b}-bucket`, `app-${b}`]),
  );
  const S3 = { ...BUCKETS, "s3-region": "eu-west-1", "s3-preflight": "false" };
  const KEYS = { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s3-secret" };
  const AWS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
  it.each<[string, Record<string, string>, Record<string, string>, string[]]>([
    ["DATABASE_URL read for the backend", {}, { DATABASE_URL: "postgres://u:p@db:5432" }, ["DATABASE_URL"]],
    [
      "POSTGRES_URL read (the first set wins)",
      {},
      { POSTGRES_URL: "postgres://u:p@db:5432" },
      ["POSTGRES_URL"],
    ],
    ["MYSQL_URL read", {}, { MYSQL_URL: "mysql://u:p@db:3306" }, ["MYSQL_URL"]],
    [
      "postgres-url: none beside a Prisma DATABASE_URL: the project's own",
      { "postgres-url": "none" },
      { DATABASE_URL: "file:./dev.db" },
      [],
    ],
    [
      "postgres-url given: DATABASE_URL is the project's own",
      { "postgres-url": "postgres://u:p@db:5432" },
      { DATABASE_URL: "postgres://app@db/app" },
      [],
    ],
    ["S3 storage with the environment's keys", S3, KEYS, AWS],
    [
      "S3 storage with key inputs: AWS_* are the project's own",
      { ...S3, "s3-access-key-id": "AKIAINPUT", "s3-secret-access-key": "in" },
      KEYS,
      [],
    ],
    ["no S3 storage: AWS_* are the project's own", {}, KEYS, []],
  ])("%s", (_, raw, env, expected) => {
    const config = parseConfig(raw, env);
    expect(credentialSources(config).sort()).toEqual(expected.sort());
    const passed = withoutCredentials({ PATH: "/bin", ...env }, config);
    expect(Object.keys(passed).sort()).toEqual(
      ["PATH", ...Object.keys(env).filter((n) => !expected.includes(n))].sort(),
    );
  });
});
