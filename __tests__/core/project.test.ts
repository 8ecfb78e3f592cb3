import { describe, expect, it } from "vitest";
import {
  deriveConvexCliEnv,
  detectPackageManager,
  execCommand,
  installCommand,
  pinCommand,
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

  it("withholds from the project's CLI (repository code) the credentials this tool reads from the environment", () => {
    const credentials = {
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "s3-secret",
      AWS_SESSION_TOKEN: "s3-session",
      DATABASE_URL: "postgres://u:pw@db:5432",
      POSTGRES_URL: "postgres://u:pw@db:5432",
      POSTGRES_URI: "postgres://u:pw@db:5432",
      MYSQL_URL: "mysql://u:pw@db:3306",
      KUBECONFIG: "/home/runner/.kube/config",
    };
    const env = deriveConvexCliEnv({ PATH: "/bin", ...credentials }, "http://127.0.0.1:3210", "app|01");
    for (const name of Object.keys(credentials)) expect(env, name).not.toHaveProperty(name);
    expect(env.PATH).toBe("/bin");
  });
});
