import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SetupError } from "../../src/core/errors.js";
import type { PackageManager } from "../../src/core/project.js";
import {
  addScripts,
  candidatePaths,
  installArgv,
  planScaffold,
  SCRIPTS,
  type ScaffoldInput,
  TEMPLATES,
} from "../../src/core/scaffold.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");
const example = (rel: string) => readFileSync(join(EXAMPLES, rel), "utf8");

function input(files: Record<string, string>, more: Partial<ScaffoldInput> = {}): ScaffoldInput {
  return {
    functionsDir: "convex",
    existing: new Map(Object.entries(files)),
    packageJson: '{\n  "name": "app"\n}\n',
    packageManager: "npm",
    ...more,
  };
}

const summary = (plan: Awaited<ReturnType<typeof planScaffold>>) =>
  plan.files.map((f) => `${f.action} ${f.path}`);

// What the convex-auth CLI (get-convex/convex-auth 0.0.95 src/cli/index.ts) and the
// get-convex/templates template-react-vite-convexauth app write: existing apps look like these.
const CLI_AUTH = `import { convexAuth } from "@convex-dev/auth/server";

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [],
});
`;
const TEMPLATE_AUTH_CONFIG = `import { AuthConfig } from "convex/server";
import { env } from "./_generated/server";

export default {
  providers: [
    {
      domain: env.CONVEX_SITE_URL,
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
`;
const CONVEX_TSCONFIG = readFileSync(
  join(import.meta.dirname, "..", "..", "node_modules/convex/dist/esm/cli/codegen_templates/tsconfig.js"),
  "utf8",
).match(/return `([\s\S]*?)`;/)![1]!;

describe("planScaffold", () => {
  it("an empty app: every file created, scripts and both installs", async () => {
    const plan = await planScaffold(input({}, { packageJson: undefined }));
    expect(summary(plan)).toEqual([
      "create convex/schema.ts",
      "create convex/auth.ts",
      "create convex/auth.config.ts",
      "create convex/http.ts",
      "create convex/tsconfig.json",
    ]);
    expect(plan.files.map((f) => f.content)).toEqual([
      TEMPLATES.schema,
      TEMPLATES.auth,
      TEMPLATES.authConfig,
      TEMPLATES.http,
      TEMPLATES.tsconfig,
    ]);
    expect(plan.packageJsonText).toBeUndefined();
    expect(plan.packageJsonAdvice).toMatch(/^No package\.json/);
    expect(plan.install.map((s) => s.command)).toEqual([
      "npm install convex @convex-dev/auth @auth/core@0.41.1",
      "npm install --save-dev @types/node",
    ]);
  });

  it("the templates pass their own checks", async () => {
    const files = Object.fromEntries(
      (await planScaffold(input({}))).files.map((f) => [f.path, f.content] as const),
    );
    const plan = await planScaffold(input(files));
    expect(plan.files.map((f) => [f.action, f.advice])).toEqual(Array(5).fill(["exists-ok", undefined]));
  });

  it("a complete app (examples/): nothing created, only the missing @auth/core installed", async () => {
    const files: Record<string, string> = {};
    for (const path of candidatePaths("convex")) {
      try {
        files[path] = example(path);
      } catch {}
    }
    const plan = await planScaffold(input(files, { packageJson: example("package.json") }));
    expect(summary(plan)).toEqual([
      "exists-ok convex/schema.ts",
      "exists-ok convex/auth.ts",
      "exists-ok convex/auth.config.ts",
      "exists-ok convex/http.ts",
      "exists-ok convex/tsconfig.json",
    ]);
    expect(plan.scriptsAdded).toEqual(Object.keys(SCRIPTS));
    expect(plan.install.map((s) => s.command)).toEqual(["npm install @auth/core@0.41.1"]);
  });

  it("convex.json's functions folder", async () => {
    const plan = await planScaffold(
      input({ "src/backend/http.js": CLI_AUTH.replace("convexAuth", "x") }, { functionsDir: "src/backend" }),
    );
    expect(summary(plan)).toEqual([
      "create src/backend/schema.ts",
      "create src/backend/auth.ts",
      "create src/backend/auth.config.ts",
      "exists-missing src/backend/http.js",
      "create src/backend/tsconfig.json",
    ]);
    expect(plan.files[3]!.advice).toMatch(/^src\/backend\/http\.js does not route auth/);
    expect(candidatePaths("src/backend")).toContain("src/backend/auth.config.mjs");
  });

  it("an existing module in another extension is checked, not doubled with a .ts", async () => {
    const plan = await planScaffold(
      input({ "convex/auth.js": CLI_AUTH, "convex/auth.ts": undefined as never }),
    );
    expect(plan.files[1]).toMatchObject({ path: "convex/auth.js", action: "exists-ok" });
  });

  it.each<[string, string, string, string | undefined]>([
    // [case, path, text, advice (undefined: complete)]
    ["schema: example", "convex/schema.ts", example("convex/schema.ts"), undefined],
    [
      "schema: no authTables, no import",
      "convex/schema.ts",
      `import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\nexport default defineSchema({ tasks: defineTable({ t: v.string() }) });\n`,
      'convex/schema.ts has no authTables: add `...authTables` to defineSchema({...}) (import { authTables } from "@convex-dev/auth/server").',
    ],
    [
      "schema: imported, not spread",
      "convex/schema.ts",
      `import { authTables } from "@convex-dev/auth/server";\nimport { defineSchema } from "convex/server";\nexport default defineSchema({ users: authTables.users });\n`,
      "convex/schema.ts has no authTables: add `...authTables` to defineSchema({...}).",
    ],
    [
      "schema: only in a comment",
      "convex/schema.ts",
      `import { defineSchema } from "convex/server";\n// ...authTables,\nexport default defineSchema({});\n`,
      'convex/schema.ts has no authTables: add `...authTables` to defineSchema({...}) (import { authTables } from "@convex-dev/auth/server").',
    ],
    [
      "schema: through a const, aliased",
      "convex/schema.ts",
      `import { authTables as at } from "@convex-dev/auth/server";\nimport { defineSchema as ds } from "convex/server";\nconst tables = { ...at };\nexport default ds(tables, { schemaValidation: true });\n`,
      undefined,
    ],
    [
      "schema: no defineSchema",
      "convex/schema.ts",
      "export default {};\n",
      'convex/schema.ts does not call defineSchema: export default defineSchema({ ...authTables }) (import { authTables } from "@convex-dev/auth/server").',
    ],
    ["auth: the convex-auth CLI's", "convex/auth.ts", CLI_AUTH, undefined],
    ["auth: example", "convex/auth.ts", example("convex/auth.ts"), undefined],
    [
      "auth: exported afterwards",
      "convex/auth.ts",
      `import { convexAuth } from "@convex-dev/auth/server";\nconst { auth, signIn, signOut, store } = convexAuth({ providers: [] });\nexport { auth, signIn, signOut, store };\n`,
      undefined,
    ],
    [
      "auth: signOut and store not exported (signIn through an alias is)",
      "convex/auth.ts",
      `import { convexAuth } from "@convex-dev/auth/server";\nconst { auth, signIn: s } = convexAuth({ providers: [] });\nexport { auth, s as signIn };\n`,
      "convex/auth.ts does not export signOut, store from convexAuth (@convex-dev/auth calls them by these names): export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({ providers: [...] }).",
    ],
    [
      "auth: no convexAuth",
      "convex/auth.ts",
      "export const auth = {};\n",
      'convex/auth.ts does not call convexAuth: export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({ providers: [...] }) (import { convexAuth } from "@convex-dev/auth/server").',
    ],
    ["auth.config: example", "convex/auth.config.ts", example("convex/auth.config.ts"), undefined],
    [
      "auth.config: the templates' (env, satisfies)",
      "convex/auth.config.ts",
      TEMPLATE_AUTH_CONFIG,
      undefined,
    ],
    [
      "auth.config: process.env[...]",
      "convex/auth.config.js",
      `export default { providers: [{ applicationID: "convex", domain: process.env["CONVEX_SITE_URL"] }] };\n`,
      undefined,
    ],
    // The env objects are core/ast.ts's, the same the app reader counts reads of.
    [
      "auth.config: env through a namespace import of _generated/server",
      "convex/auth.config.ts",
      `import * as server from "./_generated/server.js";\nexport default { providers: [{ domain: server.env.CONVEX_SITE_URL, applicationID: "convex" }] };\n`,
      undefined,
    ],
    [
      "auth.config: globalThis.process.env",
      "convex/auth.config.ts",
      `export default { providers: [{ domain: globalThis.process.env.CONVEX_SITE_URL, applicationID: "convex" }] };\n`,
      undefined,
    ],
    [
      "auth.config: env of another module is not process.env",
      "convex/auth.config.ts",
      `import { env } from "./env";\nexport default { providers: [{ domain: env.CONVEX_SITE_URL, applicationID: "convex" }] };\n`,
      'convex/auth.config.ts has no provider for @convex-dev/auth: add { domain: process.env.CONVEX_SITE_URL, applicationID: "convex" } to its providers.',
    ],
    [
      "auth.config: Clerk only",
      "convex/auth.config.ts",
      `export default { providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" }] };\n`,
      'convex/auth.config.ts has no provider for @convex-dev/auth: add { domain: process.env.CONVEX_SITE_URL, applicationID: "convex" } to its providers.',
    ],
    [
      "auth.config: another application",
      "convex/auth.config.ts",
      `export default { providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "web" }] };\n`,
      'convex/auth.config.ts has no provider for @convex-dev/auth: add { domain: process.env.CONVEX_SITE_URL, applicationID: "convex" } to its providers.',
    ],
    ["http: example", "convex/http.ts", example("convex/http.ts"), undefined],
    [
      "http: commented out",
      "convex/http.ts",
      `import { httpRouter } from "convex/server";\nconst http = httpRouter();\n// auth.addHttpRoutes(http);\nexport default http;\n`,
      'convex/http.ts does not route auth: add `import { auth } from "./auth";` and `auth.addHttpRoutes(http);` before `export default http`.',
    ],
    ["tsconfig: the convex CLI's", "convex/tsconfig.json", CONVEX_TSCONFIG, undefined],
    ["tsconfig: example", "convex/tsconfig.json", example("convex/tsconfig.json"), undefined],
    ["tsconfig: extends", "convex/tsconfig.json", `{ "extends": "../tsconfig.json" }`, undefined],
    [
      "tsconfig: Node10, no skipLibCheck",
      "convex/tsconfig.json",
      `{ "compilerOptions": { "moduleResolution": "node", /* old */ } }`,
      'convex/tsconfig.json: set "moduleResolution": "Bundler" and "skipLibCheck": true in compilerOptions (with another resolution tsc cannot find @convex-dev/auth/providers/*, and @auth/core\'s own declarations fail to check; npx @convex-dev/auth sets both).',
    ],
    [
      "tsconfig: skipLibCheck false",
      "convex/tsconfig.json",
      `{ "compilerOptions": { "moduleResolution": "NodeNext", "skipLibCheck": false } }`,
      'convex/tsconfig.json: set "skipLibCheck": true in compilerOptions (with another resolution tsc cannot find @convex-dev/auth/providers/*, and @auth/core\'s own declarations fail to check; npx @convex-dev/auth sets both).',
    ],
  ])("%s", async (_, path, text, advice) => {
    const plan = await planScaffold(input({ [path]: text }));
    const file = plan.files.find((f) => f.path === path)!;
    expect(file.action).toBe(advice === undefined ? "exists-ok" : "exists-missing");
    expect(file.advice).toBe(advice);
  });

  it("a file that does not parse is reported, not rewritten", async () => {
    const plan = await planScaffold(input({ "convex/http.ts": "export default {" }));
    expect(plan.files[3]).toMatchObject({ action: "exists-missing" });
    expect(plan.files[3]!.advice).toMatch(/^convex\/http\.ts could not be parsed \(.+\): fix it/);
  });

  it.each<[PackageManager, string[]]>([
    ["npm", ["npm install @auth/core@0.41.1", "npm install --save-dev @types/node"]],
    ["pnpm", ["pnpm add @auth/core@0.41.1", "pnpm add --save-dev @types/node"]],
    ["yarn", ["yarn add @auth/core@0.41.1", "yarn add --dev @types/node"]],
    ["bun", ["bun add @auth/core@0.41.1", "bun add --dev @types/node"]],
  ])("installs in the package manager: %s", async (packageManager, commands) => {
    const packageJson = JSON.stringify({ dependencies: { convex: "1", "@convex-dev/auth": "0.0.95" } });
    const plan = await planScaffold(input({}, { packageJson, packageManager }));
    expect(plan.install.map((s) => s.command)).toEqual(commands);
    expect(plan.install.map((s) => s.argv.join(" "))).toEqual(commands);
  });

  it("type packages from the workspace root count; runtime packages must be the app's own", async () => {
    const plan = await planScaffold(
      input(
        {},
        {
          packageJson: JSON.stringify({ dependencies: { convex: "1" } }),
          workspacePackageJsons: [
            JSON.stringify({ devDependencies: { "@types/node": "20", "@convex-dev/auth": "1" } }),
            "not json",
          ],
        },
      ),
    );
    expect(plan.install.map((s) => s.command)).toEqual(["npm install @convex-dev/auth @auth/core@0.41.1"]);
    const complete = await planScaffold(
      input(
        {},
        {
          packageJson: JSON.stringify({
            dependencies: { convex: "1", "@convex-dev/auth": "1", "@auth/core": "1" },
            devDependencies: { "@types/node": "1" },
          }),
        },
      ),
    );
    expect(complete.install).toEqual([]);
  });

  it("an invalid package.json is an error naming it", async () => {
    await expect(planScaffold(input({}, { packageJson: "{" }))).rejects.toThrow(SetupError);
    await expect(planScaffold(input({}, { packageJson: "[]" }))).rejects.toThrow(/package\.json/);
  });
});

describe("addScripts", () => {
  const two = { "convex:up": "setup-coder-convex up", "convex:down": "setup-coder-convex down" };

  it.each<[string, string, string | undefined]>([
    [
      "4-space indent, existing scripts, one of them ours: kept",
      '{\n    "name": "app",\n    "scripts": {\n        "dev": "vite",\n        "convex:up": "mine"\n    },\n    "private": true\n}\n',
      '{\n    "name": "app",\n    "scripts": {\n        "dev": "vite",\n        "convex:up": "mine",\n        "convex:down": "setup-coder-convex down"\n    },\n    "private": true\n}\n',
    ],
    [
      "no scripts: added last, in the file's indentation",
      '{\n\t"name": "app",\n\t"dependencies": {\n\t\t"convex": "1"\n\t}\n}',
      '{\n\t"name": "app",\n\t"dependencies": {\n\t\t"convex": "1"\n\t},\n\t"scripts": {\n\t\t"convex:up": "setup-coder-convex up",\n\t\t"convex:down": "setup-coder-convex down"\n\t}\n}',
    ],
    [
      "CRLF and an empty scripts object",
      '{\r\n  "name": "app",\r\n  "scripts": {}\r\n}\r\n',
      '{\r\n  "name": "app",\r\n  "scripts": {\r\n    "convex:up": "setup-coder-convex up",\r\n    "convex:down": "setup-coder-convex down"\r\n  }\r\n}\r\n',
    ],
    [
      "one line",
      '{"name":"app","scripts":{"dev":"vite"}}',
      '{"name":"app","scripts":{"dev":"vite", "convex:up": "setup-coder-convex up", "convex:down": "setup-coder-convex down"}}',
    ],
    [
      "empty object",
      "{}\n",
      '{\n  "scripts": {\n    "convex:up": "setup-coder-convex up",\n    "convex:down": "setup-coder-convex down"\n  }\n}\n',
    ],
    [
      "strings with braces, escapes and a nested scripts key stay as they are",
      '{\n  "x": {"scripts": "}"},\n  "d": "a \\" } b",\n  "scripts": {\n    "t": "echo \\"{\\""\n  }\n}\n',
      '{\n  "x": {"scripts": "}"},\n  "d": "a \\" } b",\n  "scripts": {\n    "t": "echo \\"{\\"",\n    "convex:up": "setup-coder-convex up",\n    "convex:down": "setup-coder-convex down"\n  }\n}\n',
    ],
    ["all present: unchanged", '{"scripts":{"convex:up":"a","convex:down":"b"}}', undefined],
  ])("%s", (_, before, after) => {
    expect(addScripts(before, two).text).toBe(after);
  });

  it("reports what was added and what was kept", () => {
    expect(addScripts('{"scripts":{"convex:up":"mine"}}', SCRIPTS)).toMatchObject({
      added: ["convex:down", "convex:status", "convex:logs"],
      skipped: ["convex:up"],
    });
  });

  it("scripts that are not an object: advice, nothing changed", () => {
    const r = addScripts('{"scripts": "x"}', two);
    expect(r.text).toBeUndefined();
    expect(r.advice).toMatch(/"scripts" is not an object/);
  });

  it("any package.json, any formatting: exactly the scripts added, key order kept", () => {
    const key = fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__" && !/^\d+$/.test(k));
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
        fc.option(fc.dictionary(key, fc.string(), { maxKeys: 3 }), { nil: undefined }),
        fc.constantFrom(0, 2, 4, "\t"),
        fc.boolean(),
        (base, scripts, indent, crlf) => {
          // What a package.json text can hold: JSON writes -0 as 0.
          const pkg: Record<string, unknown> = JSON.parse(JSON.stringify(base));
          if (scripts !== undefined) pkg.scripts = scripts;
          else delete pkg.scripts;
          let text = JSON.stringify(pkg, null, indent);
          if (crlf) text = text.replaceAll("\n", "\r\n");
          const r = addScripts(text, SCRIPTS);
          const added = Object.keys(SCRIPTS).filter((k) => !scripts || !Object.hasOwn(scripts, k));
          expect(r.added).toEqual(added);
          if (added.length === 0) return expect(r.text).toBeUndefined();
          const after = JSON.parse(r.text!);
          const expected = {
            ...pkg,
            scripts: { ...(scripts ?? {}), ...Object.fromEntries(added.map((k) => [k, SCRIPTS[k]])) },
          };
          expect(after).toEqual(expected);
          expect(Object.keys(after)).toEqual(Object.keys(expected));
          expect(Object.keys(after.scripts)).toEqual(Object.keys(expected.scripts));
          // An empty object shows no indentation to copy: two spaces then.
          if (indent !== 0 && Object.keys(pkg).length > 0)
            expect(r.text).toBe(JSON.stringify(after, null, indent).replaceAll("\n", crlf ? "\r\n" : "\n"));
        },
      ),
    );
  });
});

describe("installArgv", () => {
  it("never a shell string: one argument per package", () => {
    expect(installArgv("pnpm", ["@auth/core@0.41.1", "convex"], false)).toEqual([
      "pnpm",
      "add",
      "@auth/core@0.41.1",
      "convex",
    ]);
  });
});
