import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";
import {
  type AppFiles,
  authConfigEnvVars,
  authProviders,
  componentsUsed,
  describeApp,
  detectAuth,
  detectFramework,
  envVarsRead,
  FRAMEWORKS,
  findWorkspaceRoot,
  functionsDir,
  isWorkspaceMember,
  matchesWorkspacePattern,
  oauthCallbackUrl,
  type PackageJson,
  packageManagerOf,
  providerEnvPrefix,
} from "../../src/core/app.js";
import { SetupError } from "../../src/core/errors.js";
import { LOCKFILES } from "../../src/core/project.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "apps");
const CONVEX_ENVVARS = join(
  import.meta.dirname,
  "..",
  "..",
  "node_modules",
  "convex",
  "dist",
  "esm",
  "cli",
  "lib",
  "envvars.js",
);

const deps = (...names: string[]): PackageJson => ({
  dependencies: Object.fromEntries(names.map((n) => [n, "1"])),
});

describe("detectFramework", () => {
  it.each([
    [{}, "none"],
    [deps("react-scripts"), "create-react-app"],
    [deps("react-scripts", "next"), "create-react-app"],
    [deps("next", "vite"), "nextjs"],
    [deps("next", "expo"), "nextjs"],
    [deps("expo", "@sveltejs/kit"), "expo"],
    [deps("@sveltejs/kit", "vite"), "sveltekit"],
    [deps("@tanstack/react-start", "vite"), "tanstack-start"],
    [deps("@tanstack/start"), "tanstack-start"],
    [deps("vite", "@remix-run/dev"), "vite"],
    [deps("@remix-run/dev"), "remix"],
    [deps("@remix-run/react", "@remix-run/node"), "none"],
    [{ devDependencies: { next: "1" } }, "nextjs"],
    [{ peerDependencies: { next: "1" } }, "none"],
    [{ dependencies: ["next"] as unknown as Record<string, string> }, "none"],
  ] as Array<[PackageJson, string]>)("%j -> %s", (pkg, id) => {
    expect(detectFramework(pkg).id).toBe(id);
  });
  it("without a package.json: none, CONVEX_URL", () => {
    expect(detectFramework(undefined)).toMatchObject({
      id: "none",
      urlVar: "CONVEX_URL",
      devPort: undefined,
    });
  });

  it.each([
    ["create-react-app", "REACT_APP_CONVEX_URL", "REACT_APP_CONVEX_SITE_URL", 3000],
    ["nextjs", "NEXT_PUBLIC_CONVEX_URL", "NEXT_PUBLIC_CONVEX_SITE_URL", 3000],
    ["expo", "EXPO_PUBLIC_CONVEX_URL", "EXPO_PUBLIC_CONVEX_SITE_URL", undefined],
    ["sveltekit", "PUBLIC_CONVEX_URL", "PUBLIC_CONVEX_SITE_URL", 5173],
    ["tanstack-start", "VITE_CONVEX_URL", "VITE_CONVEX_SITE_URL", 3000],
    ["vite", "VITE_CONVEX_URL", "VITE_CONVEX_SITE_URL", 5173],
    ["remix", "CONVEX_URL", "CONVEX_SITE_URL", 3000],
    ["none", "CONVEX_URL", "CONVEX_SITE_URL", undefined],
  ] as const)("FRAMEWORKS %s: %s, %s, port %s", (id, url, site, port) => {
    expect(FRAMEWORKS.find((f) => f.id === id)).toMatchObject({
      urlVar: url,
      siteUrlVar: site,
      devPort: port,
    });
  });

  /** Reads the rules out of the installed convex CLI's own source, so that an upgrade that changes
   * them fails here. (The module itself cannot be imported: it needs `chalk`, which the CLI bundles.) */
  it("FRAMEWORKS is what convex@1.48.0 suggestedEnvVarNames does, in its order", () => {
    const ast = parse(readFileSync(CONVEX_ENVVARS, "utf8"), { sourceType: "module" });
    const fn = ast.program.body
      .map((s) => (s.type === "ExportNamedDeclaration" ? s.declaration : s))
      .find((s) => s?.type === "FunctionDeclaration" && s.id?.name === "suggestedEnvVarNames");
    if (fn?.type !== "FunctionDeclaration") throw new Error("suggestedEnvVarNames not found");
    const depsOf = (e: any): string[] =>
      e.type === "LogicalExpression" ? [...depsOf(e.left), ...depsOf(e.right)] : [e.left.value];
    const props = (o: any) =>
      Object.fromEntries(o.properties.map((p: any) => [p.key.name, p.value.value])) as Record<string, string>;
    const conditions = new Map<string, string[]>();
    const rows: Array<{ deps: string[]; r: Record<string, string> }> = [];
    for (const stmt of fn.body.body as any[]) {
      if (stmt.type === "VariableDeclaration" && stmt.declarations[0].init.type !== "AwaitExpression") {
        conditions.set(stmt.declarations[0].id.name, depsOf(stmt.declarations[0].init));
      } else if (stmt.type === "IfStatement" && stmt.test.type === "Identifier") {
        const ret = stmt.consequent.body.find((s: any) => s.type === "ReturnStatement");
        rows.push({ deps: conditions.get(stmt.test.name)!, r: props(ret.argument) });
      } else if (stmt.type === "ReturnStatement") rows.push({ deps: [], r: props(stmt.argument) });
    }
    expect(rows).toHaveLength(FRAMEWORKS.length);
    rows.forEach(({ deps: d, r }, i) => {
      const f = FRAMEWORKS[i]!;
      expect([f.id, f.dependencies]).toEqual([f.id, d]);
      expect(f.cliName).toBe(r.detectedFramework);
      expect(f.urlVar).toBe(r.convexUrlEnvVar);
      expect(f.siteUrlVar).toBe(r.convexSiteEnvVar);
      expect(f.publicPrefix).toBe(r.publicPrefix ?? "");
      expect(f.devPort).toBe(
        r.frontendDevUrl === undefined ? undefined : Number(new URL(r.frontendDevUrl).port),
      );
    });
  });
});

describe("workspaces", () => {
  it.each([
    ["apps/web", "apps/*", true],
    ["apps/web", "./apps/*/", true],
    ["apps/web/sub", "apps/*", false],
    ["apps/web/sub", "apps/**", true],
    ["apps", "apps/**", true],
    ["packages/backend", "apps/*", false],
    ["packages/backend", "packages/backend", true],
    ["packages/app-web", "packages/app-*", true],
    ["packages/lib", "packages/app-*", false],
    ["x", "../x", false],
  ] as const)("%s ~ %s -> %s", (dir, pattern, expected) => {
    expect(matchesWorkspacePattern(dir, pattern)).toBe(expected);
  });
  it("a `!` pattern excludes", () => {
    expect(isWorkspaceMember("apps/web", ["apps/*", "!apps/web"])).toBe(false);
    expect(isWorkspaceMember("apps/api", ["apps/*", "!apps/web"])).toBe(true);
  });

  const ws = (o: object) => JSON.stringify(o);
  it.each([
    ["single package", ".", { ".": ws({}) }, {}, "."],
    ["npm workspaces array", "packages/backend", { ".": ws({ workspaces: ["packages/*"] }) }, {}, "."],
    [
      "yarn { packages }",
      "packages/backend",
      { ".": ws({ workspaces: { packages: ["packages/*"] } }), "packages/backend": ws({}) },
      {},
      ".",
    ],
    ["pnpm-workspace.yaml", "apps/backend", { ".": ws({}) }, { ".": "packages:\n  - 'apps/*'\n" }, "."],
    [
      "not a member: the working directory",
      "tools/x",
      { ".": ws({ workspaces: ["packages/*"] }) },
      {},
      "tools/x",
    ],
    [
      "nearest that includes it",
      "a/b/c",
      { ".": ws({ workspaces: ["a/**"] }), a: ws({ workspaces: ["other/*"] }) },
      {},
      ".",
    ],
    ["the working directory is the root", "a", { a: ws({ workspaces: ["x/*"] }) }, {}, "a"],
    ["invalid package.json: ignored", "p/q", { ".": "{oops" }, {}, "p/q"],
  ] as Array<[string, string, Record<string, string>, Record<string, string>, string]>)(
    "%s",
    (_name, wd, pkgs, pnpm, expected) => {
      expect(findWorkspaceRoot(wd, new Map(Object.entries(pkgs)), new Map(Object.entries(pnpm)))).toBe(
        expected,
      );
    },
  );
});

describe("packageManagerOf", () => {
  it.each([
    [{}, [], "npm", [], []],
    [{}, ["package-lock.json"], "npm", ["package-lock.json"], []],
    [
      { packageManager: "yarn@1.22.22" },
      ["yarn.lock", "package-lock.json"],
      "yarn",
      ["packageManager: yarn@1.22.22", "yarn.lock"],
      ["package-lock.json"],
    ],
    [
      { packageManager: "pnpm@10.2.1+sha512.abc" },
      ["pnpm-lock.yaml"],
      "pnpm",
      ["packageManager: pnpm@10.2.1+sha512.abc", "pnpm-lock.yaml"],
      [],
    ],
    [{}, ["bun.lockb", "bun.lock"], "bun", ["bun.lockb", "bun.lock"], []],
    [{ packageManager: "deno@2" }, ["yarn.lock"], "yarn", ["yarn.lock"], []],
  ] as Array<[PackageJson, string[], string, string[], string[]]>)(
    "%j %j -> %s",
    (pkg, locks, pm, evidence, other) => {
      expect(packageManagerOf(pkg, new Set(locks))).toEqual({ name: pm, evidence, otherLockfiles: other });
    },
  );
});

describe("functionsDir", () => {
  it.each([
    [undefined, undefined, "convex"],
    [undefined, deps("react-scripts"), "src/convex"],
    ['{"functions":"src/convex/"}', undefined, "src/convex"],
    ['{"functions":"./backend/convex"}', undefined, "backend/convex"],
    ['{"functions":"a/../b"}', undefined, "b"],
    ['{"typescriptCompiler":"tsgo"}', deps("react-scripts"), "convex"],
    [{ functions: "fns" }, undefined, "fns"],
  ] as Array<[string | object | undefined, PackageJson | undefined, string]>)(
    "%j -> %s",
    (json, pkg, expected) => {
      expect(functionsDir(json as string, pkg)).toBe(expected);
    },
  );
  it.each([
    ['{"functions":"/etc"}', /absolute/],
    ['{"functions":"C:\\\\convex"}', /absolute/],
    ['{"functions":"../outside"}', /leads out/],
    ['{"functions":"a/../../b"}', /leads out/],
    ['{"functions":"."}', /inside the app/],
    ['{"functions":""}', /must be a folder/],
    ['{"functions":3}', /must be a folder/],
    ["{oops", /not valid JSON/],
    ["[]", /JSON object/],
  ])("%s is refused", (json, message) => {
    expect(() => functionsDir(json)).toThrow(SetupError);
    expect(() => functionsDir(json)).toThrow(message);
  });
});

describe("detectAuth", () => {
  const frontends = (o: Record<string, PackageJson>) => new Map(Object.entries(o));
  it.each([
    ["convex-auth", deps("convex", "@convex-dev/auth"), undefined, "convex-auth"],
    [
      "convex-auth in devDependencies",
      { devDependencies: { "@convex-dev/auth": "1" } },
      undefined,
      "convex-auth",
    ],
    ["convex-auth as a peer only", { peerDependencies: { "@convex-dev/auth": "1" } }, undefined, "none"],
    ["clerk", deps("convex", "@clerk/nextjs"), undefined, "clerk"],
    ["nothing", deps("convex"), undefined, "none"],
    ["better-auth without `more`", deps("@convex-dev/better-auth"), undefined, "better-auth"],
    ["better-auth", deps("@convex-dev/better-auth"), {}, "better-auth"],
    [
      "better-auth only in a frontend",
      deps("convex"),
      { frontends: frontends({ web: deps("@convex-dev/better-auth") }) },
      "better-auth",
    ],
    ["better-auth (the library) without the Convex component", deps("better-auth"), {}, "other"],
    [
      "Better Auth's code wins over @convex-dev/auth still listed",
      deps("@convex-dev/auth"),
      { betterAuthCode: "convex/auth.config.ts uses @convex-dev/better-auth" },
      "better-auth",
    ],
    [
      "clerk only in a frontend",
      deps("convex"),
      { frontends: frontends({ "apps/web": deps("@clerk/nextjs") }) },
      "clerk",
    ],
    ["an auth.config of another kind", deps("convex"), { hasAuthConfig: true }, "other"],
    ["no auth.config", deps("convex"), { hasAuthConfig: false }, "none"],
  ] as Array<[string, PackageJson, Parameters<typeof detectAuth>[1], string]>)(
    "%s -> %s",
    (_n, pkg, more, kind) => {
      expect(detectAuth(pkg, more)).toBe(kind);
    },
  );
});

describe("authConfigEnvVars", () => {
  it.each([
    [
      "process.env.X",
      "export default { providers: [{ domain: process.env.CLERK_ISSUER_URL }] };",
      ["CLERK_ISSUER_URL"],
    ],
    ['process.env["X"]', 'export default { d: process.env["A_B"], e: process.env[`C`] };', ["A_B", "C"]],
    ["non-null and optional chaining", "const a = process.env.A!; const b = process?.env?.B;", ["A", "B"]],
    ["destructuring", "const { A, B: renamed, ['C']: c } = process.env;", ["A", "B", "C"]],
    [
      "env from ./_generated/server",
      'import { env } from "./_generated/server";\nexport default { providers: [{ domain: env.CONVEX_SITE_URL }] };',
      ["CONVEX_SITE_URL"],
    ],
    ["aliased env import", 'import { env as e } from "./_generated/server.js";\nconst x = e.FOO;', ["FOO"]],
    ["namespace import", 'import * as s from "./_generated/server";\nconst x = s.env.BAR;', ["BAR"]],
    ["env of another module is not process.env", 'import { env } from "./env";\nconst x = env.siteUrl;', []],
    [
      "a comment is not a read",
      "// or with `process.env.CLERK_JWT_ISSUER_DOMAIN`\nexport default { providers: [{ domain: 'https://x' }] };",
      [],
    ],
    ["a string is not a read", "const s = 'process.env.NOPE';", []],
    [
      "better-auth's getAuthConfigProvider reads CONVEX_SITE_URL",
      "import { getAuthConfigProvider } from '@convex-dev/better-auth/auth-config';\nexport default { providers: [getAuthConfigProvider()] };",
      ["CONVEX_SITE_URL"],
    ],
    [
      "satisfies",
      "export default { providers: [{ domain: process.env.D, applicationID: 'convex' }] } satisfies AuthConfig;",
      ["D"],
    ],
  ])("%s", async (_name, source, expected) => {
    expect(await authConfigEnvVars(source)).toEqual(expected);
  });
  it("a syntax error is a SetupError naming the file", async () => {
    await expect(authConfigEnvVars("export default {", "convex/auth.config.ts")).rejects.toThrow(
      /convex\/auth\.config\.ts/,
    );
  });
});

describe("envVarsRead", () => {
  it("collects names per file, through accessor functions", async () => {
    const sources = new Map([
      ["convex/a.ts", "export const x = process.env.A; const { B } = process.env;"],
      [
        "convex/env.ts",
        "const required = (key: string) => { const v = process.env[key]; if (!v) throw new Error(key); return v; };\n" +
          "function optional(key: string, d: string) { return process.env[key] ?? d; }\n" +
          "export const env = { a: required('A'), c: optional('C', ''), d: required(`D`) };",
      ],
      ["convex/dyn.ts", "export const f = (name: string) => process.env['X_' + name];"],
    ]);
    expect(await envVarsRead(sources)).toEqual([
      { name: "A", files: ["convex/a.ts", "convex/env.ts"] },
      { name: "B", files: ["convex/a.ts"] },
      { name: "C", files: ["convex/env.ts"] },
      { name: "D", files: ["convex/env.ts"] },
    ]);
  });
});

describe("authProviders", () => {
  const ids = (ps: Awaited<ReturnType<typeof authProviders>>) =>
    ps.map((p) => [p.id, p.kind, p.used, p.envVars, p.callbackPath]);
  it.each([
    [
      "OAuth and email from @auth/core",
      `import GitHub from "@auth/core/providers/github";
       import Resend from "@auth/core/providers/resend";
       import { convexAuth } from "@convex-dev/auth/server";
       export const { auth } = convexAuth({ providers: [GitHub, Resend] });`,
      [
        ["github", "oauth", true, ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"], "/api/auth/callback/github"],
        ["resend", "email", true, ["AUTH_RESEND_KEY"], undefined],
      ],
    ],
    [
      "convex-auth's own providers need no secret",
      `import { Password } from "@convex-dev/auth/providers/Password";
       import { Anonymous } from "@convex-dev/auth/providers/Anonymous";
       import { convexAuth } from "@convex-dev/auth/server";
       export const { auth } = convexAuth({ providers: [Password, Anonymous()] });`,
      [
        ["password", "credentials", true, [], undefined],
        ["anonymous", "credentials", true, [], undefined],
      ],
    ],
    [
      "an id with a dash; an unused import; options in code",
      `import MicrosoftEntraID from "@auth/core/providers/microsoft-entra-id";
       import Google from "@auth/core/providers/google";
       import Apple from "@auth/core/providers/apple";
       import { convexAuth as ca } from "@convex-dev/auth/server";
       const providers = [MicrosoftEntraID, Google({ clientId: process.env.G_ID, clientSecret: "literal" })];
       export const { auth } = ca({ providers });`,
      [
        [
          "microsoft-entra-id",
          "oauth",
          true,
          ["AUTH_MICROSOFT_ENTRA_ID_ID", "AUTH_MICROSOFT_ENTRA_ID_SECRET"],
          "/api/auth/callback/microsoft-entra-id",
        ],
        ["google", "oauth", true, ["G_ID"], "/api/auth/callback/google"],
        ["apple", "oauth", false, ["AUTH_APPLE_ID", "AUTH_APPLE_SECRET"], "/api/auth/callback/apple"],
      ],
    ],
    [
      "an id override; spreads and conditionals",
      `import GitHub from "@auth/core/providers/github";
       import Keycloak from "@auth/core/providers/keycloak";
       import { convexAuth } from "@convex-dev/auth/server";
       export const { auth } = convexAuth({
         providers: [GitHub({ id: "github-enterprise" }), ...(process.env.K ? [Keycloak] : []), { id: "mine", type: "oauth" } as any],
       });`,
      [
        [
          "github-enterprise",
          "oauth",
          true,
          ["AUTH_GITHUB_ENTERPRISE_ID", "AUTH_GITHUB_ENTERPRISE_SECRET"],
          "/api/auth/callback/github-enterprise",
        ],
        [
          "keycloak",
          "oauth",
          true,
          ["AUTH_KEYCLOAK_ID", "AUTH_KEYCLOAK_SECRET"],
          "/api/auth/callback/keycloak",
        ],
        ["provider", "custom", true, [], undefined],
      ],
    ],
    ["no convexAuth call", `import { betterAuth } from "better-auth";`, []],
  ] as Array<[string, string, unknown[]]>)("%s", async (_name, source, expected) => {
    expect(ids(await authProviders(source))).toEqual(expected);
  });

  it("follows a provider defined in a sibling module", async () => {
    const sources = new Map([
      [
        "convex/ResendOTP.ts",
        `import Resend from "@auth/core/providers/resend";
         export const ResendOTP = Resend({ id: "resend-otp", apiKey: process.env.AUTH_RESEND_KEY });`,
      ],
    ]);
    const auth = `import { convexAuth } from "@convex-dev/auth/server";
      import { Password } from "@convex-dev/auth/providers/Password";
      import { ResendOTP } from "./ResendOTP";
      export const { auth } = convexAuth({ providers: [Password({ verify: ResendOTP }), ResendOTP] });`;
    const ps = await authProviders(auth, { file: "convex/auth.ts", sources });
    expect(ids(ps)).toEqual([
      ["password", "credentials", true, [], undefined],
      ["resend-otp", "email", true, ["AUTH_RESEND_KEY"], undefined],
    ]);
  });

  // Options are read through the same env objects as everywhere else: a variable read by
  // `env.X` (env from ./_generated/server) is as needed as one read by `process.env.X`.
  it.each([
    ["process.env only", "clientId: process.env.MY_GH_ID, clientSecret: process.env.MY_GH_SECRET", ""],
    ["env only", "clientId: env.MY_GH_ID, clientSecret: env.MY_GH_SECRET", ""],
    ["mixed", "clientId: env.MY_GH_ID, clientSecret: process.env.MY_GH_SECRET", ""],
    ["mixed, computed", 'clientId: env["MY_GH_ID"], clientSecret: process.env["MY_GH_SECRET"]', ""],
    [
      "aliased env, globalThis.process.env",
      "clientId: e.MY_GH_ID, clientSecret: globalThis.process.env.MY_GH_SECRET",
      'import { env as e } from "./_generated/server.js";',
    ],
    [
      "namespace import",
      "clientId: server.env.MY_GH_ID, clientSecret: process.env.MY_GH_SECRET",
      'import * as server from "./_generated/server";',
    ],
  ])("provider options: %s", async (_name, options, importLine) => {
    const source = `${importLine || 'import { env } from "./_generated/server";'}
      import GitHub from "@auth/core/providers/github";
      import { convexAuth } from "@convex-dev/auth/server";
      export const { auth } = convexAuth({ providers: [GitHub({ ${options} })] });`;
    expect(ids(await authProviders(source, { file: "convex/auth.ts" }))).toEqual([
      ["github", "oauth", true, ["MY_GH_ID", "MY_GH_SECRET"], "/api/auth/callback/github"],
    ]);
  });
  it("provider options: env of another module is not process.env", async () => {
    const source = `import { env } from "./config";
      import GitHub from "@auth/core/providers/github";
      import { convexAuth } from "@convex-dev/auth/server";
      export const { auth } = convexAuth({ providers: [GitHub({ clientId: env.ghId, clientSecret: process.env.S })] });`;
    expect(ids(await authProviders(source, { file: "convex/auth.ts" }))).toEqual([
      ["github", "oauth", true, ["S"], "/api/auth/callback/github"],
    ]);
  });
  it("provider options in a sibling module: read through that module's env import", async () => {
    const sources = new Map([
      [
        "convex/providers/gh.ts",
        `import { env } from "../_generated/server";
         import GitHub from "@auth/core/providers/github";
         export default GitHub({ clientId: env.GH_ID, clientSecret: process.env.GH_SECRET });`,
      ],
    ]);
    const auth = `import { convexAuth } from "@convex-dev/auth/server";
      import gh from "./providers/gh";
      export const { auth } = convexAuth({ providers: [gh] });`;
    expect(ids(await authProviders(auth, { file: "convex/auth.ts", sources }))).toEqual([
      ["github", "oauth", true, ["GH_ID", "GH_SECRET"], "/api/auth/callback/github"],
    ]);
  });

  it.each([
    ["github", "AUTH_GITHUB"],
    ["42-school", "AUTH_42_SCHOOL"],
    ["azure-ad-b2c", "AUTH_AZURE_AD_B2C"],
  ])("providerEnvPrefix(%s) = %s", (id, prefix) => {
    expect(providerEnvPrefix(id)).toBe(prefix);
  });
  it("oauthCallbackUrl", () => {
    expect(oauthCallbackUrl("http://127.0.0.1:3211/", "github")).toBe(
      "http://127.0.0.1:3211/api/auth/callback/github",
    );
  });
});

describe("componentsUsed", () => {
  it("lists app.use() of imported convex.config modules, in order", async () => {
    const src = `import { defineApp } from "convex/server";
      import rl from "@convex-dev/rate-limiter/convex.config";
      import local from "./components/mine/convex.config.js";
      import unused from "@convex-dev/other/convex.config";
      const app = defineApp();
      app.use(local, { name: "mine" });
      app.use(rl);
      app.use(rl, { name: "second" });
      export default app;`;
    expect(await componentsUsed(src)).toEqual(["./components/mine", "@convex-dev/rate-limiter"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The real apps: one row per fixture, against expected.json.

interface Expected {
  workspaceRoot: string;
  packageManager: string;
  packageManagerEvidence: string[];
  convexPackageDir: string;
  convexDependencyKind?: string;
  alsoDependOnConvex?: string[];
  functionsDir: string;
  functionsDirExists?: boolean;
  convexJson: object | null;
  workspaces?: string[];
  frontends: Array<{
    dir: string;
    framework: string;
    urlVar: string;
    siteUrlVar: string;
    hasDirectConvexDependency?: boolean;
  }>;
  nonConvexApps?: Array<{ dir: string }>;
  auth: string;
  authConfigEnv: string[];
  authConfigFile?: string;
  providers: string[];
  components: string[];
}

/** Fields these functions cannot know: what upstream frontend code reads, and prose. */
const NOT_DERIVABLE = new Set([
  "componentsVia",
  "codeReads",
  "codeReadsVia",
  "authDetail",
  "authConfigEnvVia",
  "envFileUsedByRepo",
]);
/** Better Auth's providers are plugins in code (emailAndPassword, username(), emailOTP()), not convex-auth's. */
const PROVIDERS_NOT_DERIVABLE = new Set(["expo-better-auth-components"]);

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<
  string,
  Expected
>;
const fixtureNames = Object.keys(expected).filter((k) => !k.startsWith("$"));

/** The fixture's files as describeApp sees them (every package.json, lockfile and source file). */
function loadFixture(name: string, workingDirectory: string): AppFiles {
  const root = join(FIXTURES, name);
  const files: AppFiles = {
    workingDirectory,
    packageJsons: new Map(),
    pnpmWorkspaces: new Map(),
    lockfiles: new Set(),
    sources: new Map(),
  };
  const lockNames = new Set(LOCKFILES.map(([f]) => f));
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== "node_modules") visit(path);
        continue;
      }
      const rel = relative(root, path).split(sep).join("/");
      const folder = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : ".";
      const text = () => readFileSync(path, "utf8");
      if (entry === "package.json") (files.packageJsons as Map<string, string>).set(folder, text());
      else if (entry === "pnpm-workspace.yaml")
        (files.pnpmWorkspaces as Map<string, string>).set(folder, text());
      else if (lockNames.has(entry)) (files.lockfiles as Set<string>).add(rel);
      else if (entry === "convex.json" && folder === workingDirectory) files.convexJson = text();
      else if (/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(entry))
        (files.sources as Map<string, string>).set(rel, text());
    }
  };
  visit(root);
  return files;
}

describe("real apps (__tests__/fixtures/apps)", () => {
  it("has every fixture folder in expected.json", () => {
    const folders = readdirSync(FIXTURES).filter((f) => statSync(join(FIXTURES, f)).isDirectory());
    expect(folders.sort()).toEqual([...fixtureNames].sort());
  });

  it.each(fixtureNames)("%s", async (name) => {
    const exp = expected[name]!;
    const facts = await describeApp(loadFixture(name, exp.convexPackageDir));
    const checked = new Set<string>();
    const check = (field: string, actual: unknown, wanted: unknown) => {
      checked.add(field);
      expect({ field, value: actual }).toEqual({ field, value: wanted });
    };

    check("workspaceRoot", facts.workspaceRoot, exp.workspaceRoot);
    check("packageManager", facts.packageManager, exp.packageManager);
    checked.add("packageManagerEvidence");
    if (facts.packageManagerEvidence.length === 0)
      expect(exp.packageManagerEvidence[0]).toMatch(/^no lockfile/);
    for (const e of facts.packageManagerEvidence) expect(exp.packageManagerEvidence).toContain(e);
    for (const other of facts.otherLockfiles) {
      expect(exp.packageManagerEvidence.some((e) => e.includes(other))).toBe(true);
    }
    check("convexPackageDir", facts.workingDirectory, exp.convexPackageDir);
    if (exp.convexDependencyKind !== undefined) {
      checked.add("convexDependencyKind");
      expect(exp.convexDependencyKind.startsWith(facts.convexDependency ?? "?")).toBe(true);
    }
    if (exp.alsoDependOnConvex !== undefined) {
      check("alsoDependOnConvex", facts.convexDependents, [...exp.alsoDependOnConvex].sort());
    }
    check("functionsDir", facts.functionsDir, exp.functionsDir);
    if (exp.functionsDirExists !== undefined)
      check("functionsDirExists", facts.functionsDirExists, exp.functionsDirExists);
    check("convexJson", facts.convexJson ?? null, exp.convexJson);
    if (exp.workspaces !== undefined) check("workspaces", facts.workspacePatterns, exp.workspaces);
    check(
      "frontends",
      facts.frontends.map((f) => ({
        dir: f.dir,
        framework: f.framework,
        urlVar: f.urlVar,
        siteUrlVar: f.siteUrlVar,
      })),
      [...exp.frontends]
        .sort((a, b) => (a.dir < b.dir ? -1 : 1))
        .map((f) => ({ dir: f.dir, framework: f.framework, urlVar: f.urlVar, siteUrlVar: f.siteUrlVar })),
    );
    for (const f of exp.frontends) {
      if (f.hasDirectConvexDependency === undefined) continue;
      expect(facts.frontends.find((x) => x.dir === f.dir)?.dependsOnConvex).toBe(f.hasDirectConvexDependency);
    }
    if (exp.nonConvexApps !== undefined) {
      checked.add("nonConvexApps");
      for (const app of exp.nonConvexApps) expect(facts.frontends.map((f) => f.dir)).not.toContain(app.dir);
    }
    check("auth", facts.auth, exp.auth);
    check("authConfigEnv", facts.authConfigEnv, exp.authConfigEnv);
    if (exp.authConfigFile !== undefined) check("authConfigFile", facts.authConfigFile, exp.authConfigFile);
    if (PROVIDERS_NOT_DERIVABLE.has(name)) {
      checked.add("providers");
      expect(facts.providers).toEqual([]);
    } else {
      check(
        "providers",
        facts.providers.filter((p) => p.used).map((p) => p.id),
        exp.providers,
      );
    }
    // expected.json notes an alias after the name: "@convex-dev/polar (npm alias of ...)".
    check(
      "components",
      facts.components,
      exp.components.map((c) => c.split(" ")[0]),
    );
    expect(facts.warnings).toEqual([]);

    // Every field of expected.json was either checked or is listed as not derivable.
    const fields = new Set([...Object.keys(exp), ...exp.frontends.flatMap((f) => Object.keys(f))]);
    const frontendFields = new Set(["dir", "framework", "urlVar", "siteUrlVar", "hasDirectConvexDependency"]);
    const unchecked = [...fields].filter(
      (f) => !checked.has(f) && !NOT_DERIVABLE.has(f) && !frontendFields.has(f),
    );
    expect(unchecked).toEqual([]);
  });

  it("OAuth providers come with the variables and the callback path", async () => {
    const facts = await describeApp(loadFixture("nextjs14-convexauth-ratelimiter", "."));
    expect(facts.providers.map((p) => ({ id: p.id, env: p.envVars, callback: p.callbackPath }))).toEqual([
      { id: "github", env: ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"], callback: "/api/auth/callback/github" },
      { id: "resend", env: ["AUTH_RESEND_KEY"], callback: undefined },
      { id: "google", env: ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"], callback: "/api/auth/callback/google" },
    ]);
  });

  it("env vars read by the functions: through an accessor (expo-better-auth-components/convex/env.ts)", async () => {
    const facts = await describeApp(loadFixture("expo-better-auth-components", "."));
    expect(facts.envVarsRead.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "SITE_URL",
        "SUPPORT_EMAIL",
        "RESEND_FROM_EMAIL",
        "REVENUECAT_WEBHOOK_BEARER_TOKEN",
      ]),
    );
    expect(facts.dynamicEnvReads).toEqual([]);
  });
});
