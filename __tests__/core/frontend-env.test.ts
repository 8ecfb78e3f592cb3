/**
 * The URL variables a frontend's own code reads (core/app/frontend-env.ts), the names a frontend
 * gets from them (core/app-plan.ts frontendExtras), and the real apps' frontend files against
 * expected.json's `codeReads`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFramework, FRAMEWORKS, frontendEnvReads } from "../../src/core/app.js";
import { frontendExtras } from "../../src/core/app-plan.js";
import { deriveExportedEnv, deriveFrontendEnv } from "../../src/core/client-env.js";

const names = async (files: Record<string, string>) =>
  (await frontendEnvReads(new Map(Object.entries(files)))).map((r) => r.name);

describe("frontendEnvReads", () => {
  it.each([
    [
      "import.meta.env",
      "src/main.tsx",
      "new C(import.meta.env.VITE_CONVEX_URL as string);",
      ["VITE_CONVEX_URL"],
    ],
    [
      "(import.meta as any).env",
      "src/router.tsx",
      "const u = (import.meta as any).env.VITE_CONVEX_URL!;",
      ["VITE_CONVEX_URL"],
    ],
    [
      'process.env["X"] in a loader',
      "app/root.tsx",
      'export async function loader() { return process.env["CONVEX_URL"]!; }',
      ["CONVEX_URL"],
    ],
    [
      "destructuring",
      "a.ts",
      "const { NEXT_PUBLIC_CONVEX_URL, OTHER } = process.env;",
      ["NEXT_PUBLIC_CONVEX_URL"],
    ],
    ["astro:env", "src/lib/convex.tsx", 'import { CONVEX_URL } from "astro:env/client";', ["CONVEX_URL"]],
    [
      "$env/static/public",
      "src/lib/c.ts",
      "import { PUBLIC_CONVEX_URL } from '$env/static/public';",
      ["PUBLIC_CONVEX_URL"],
    ],
    [
      "$env/dynamic/public",
      "src/lib/c.ts",
      "import { env } from '$env/dynamic/public'; env.PUBLIC_CONVEX_SITE_URL;",
      ["PUBLIC_CONVEX_SITE_URL"],
    ],
    [
      "the frontend's own site URL",
      "src/SignIn.tsx",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source code of a template literal
      "const r = `${import.meta.env.VITE_SITE_URL}/reset`;",
      ["VITE_SITE_URL"],
    ],
    [
      "other variables are not URL variables",
      "a.ts",
      "import.meta.env.VITE_CONVEX_URL_X; process.env.CONVEX_DEPLOYMENT;",
      [],
    ],
    [
      "a comment or a string is no read",
      "a.ts",
      '// process.env.CONVEX_URL\nconst s = "import.meta.env.VITE_CONVEX_URL";',
      [],
    ],
    ["an unparseable file is skipped", "a.ts", "import.meta.env.VITE_CONVEX_URL; {{{", []],
  ])("%s", async (_n, path, code, expected) => {
    expect(await names({ [path]: code })).toEqual(expected);
  });

  it("reads the script parts of .svelte, .vue and .astro files, not their markup", async () => {
    expect(
      await names({
        "src/routes/+layout.svelte":
          '<script lang="ts">import { PUBLIC_CONVEX_URL } from "$env/static/public";</script>\n<p>{CONVEX_SITE_URL}</p>',
        "src/App.vue":
          "<script setup>\nconst u = import.meta.env.VITE_CONVEX_URL;\n</script>\n<template>{{ SITE_URL }}</template>",
        "src/pages/index.astro":
          '---\nimport { CONVEX_SITE_URL } from "astro:env/server";\n---\n<h1>CONVEX_URL</h1>\n<script>const x = import.meta.env.PUBLIC_SITE_URL;</script>',
      }),
    ).toEqual(["CONVEX_SITE_URL", "PUBLIC_CONVEX_URL", "PUBLIC_SITE_URL", "VITE_CONVEX_URL"]);
  });

  it("names every file reading a name, sorted", async () => {
    const reads = await frontendEnvReads(
      new Map([
        ["b.ts", "process.env.CONVEX_URL"],
        ["a.ts", "process.env.CONVEX_URL"],
      ]),
    );
    expect(reads).toEqual([{ name: "CONVEX_URL", files: ["a.ts", "b.ts"] }]);
  });
});

describe("frontendExtras: what a frontend gets beyond its framework's two names", () => {
  const vite = FRAMEWORKS.find((f) => f.id === "vite")!;
  const reads = [
    { name: "CONVEX_URL", files: ["app/root.tsx"] },
    { name: "VITE_CONVEX_URL", files: ["src/main.tsx"] },
    { name: "CONVEX_SITE_URL", files: ["app/auth.ts"] },
    { name: "VITE_SITE_URL", files: ["src/SignIn.tsx"] },
    { name: "NEXT_PUBLIC_SITE_URL", files: ["x.ts"] },
  ];
  it("the API, the site proxy, and the frontend's own URL under the framework's prefix only", () => {
    expect(frontendExtras(vite, reads, true)).toEqual([
      { name: "CONVEX_URL", holds: "api", files: ["app/root.tsx"] },
      { name: "CONVEX_SITE_URL", holds: "site", files: ["app/auth.ts"] },
      { name: "VITE_SITE_URL", holds: "frontend-url", files: ["src/SignIn.tsx"] },
    ]);
  });
  it("no frontend URL known: no site-URL variable", () => {
    expect(frontendExtras(vite, reads, false).map((v) => v.name)).toEqual(["CONVEX_URL", "CONVEX_SITE_URL"]);
  });
  it("written to .env.local and exported after the table's names", () => {
    const endpoints = {
      apiUrl: "https://api.example.com",
      siteUrl: "https://site.example.com",
      dashboardUrl: "https://dash.example.com",
      hostApiUrl: "http://127.0.0.1:3210",
    };
    const frontend = {
      framework: vite,
      extra: frontendExtras(vite, reads, true),
      frontendUrl: "https://app.example.com",
    };
    expect(deriveFrontendEnv(frontend, endpoints)).toEqual([
      ["VITE_CONVEX_URL", endpoints.apiUrl],
      ["VITE_CONVEX_SITE_URL", endpoints.siteUrl],
      ["CONVEX_URL", endpoints.apiUrl],
      ["CONVEX_SITE_URL", endpoints.siteUrl],
      ["VITE_SITE_URL", "https://app.example.com"],
    ]);
    // A Framework alone is still accepted (the library's API).
    expect(deriveFrontendEnv(vite, endpoints)).toHaveLength(2);
    expect(deriveExportedEnv(endpoints, "k", [frontend])).toMatchObject({ CONVEX_URL: endpoints.apiUrl });
  });
});

// The real apps whose frontend files were copied (issue 20's fixtures): what their code reads.
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "apps");
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<
  string,
  { frontends: Array<{ dir: string; framework: string; codeReads: string[] }> }
>;
const WITH_FRONTEND_FILES = [
  "vite-better-auth-react",
  "nextjs-better-auth-local-component",
  "tanstack-start-better-auth",
  "astro-convex-url",
  "remix-vite-quickstart",
  "nuxt-quickstart",
];

/** A fixture's files outside its functions folder (convex/), by path. */
function frontendFiles(name: string): Map<string, string> {
  const root = join(FIXTURES, name);
  const out = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const rel = relative(root, path).split(sep).join("/");
      if (statSync(path).isDirectory()) {
        if (rel !== "convex") visit(path);
      } else out.set(rel, readFileSync(path, "utf8"));
    }
  };
  visit(root);
  return out;
}

describe("the real apps' frontend code (expected.json codeReads)", () => {
  it.each(WITH_FRONTEND_FILES)("%s", async (name) => {
    const [frontend] = expected[name]!.frontends;
    const reads = await frontendEnvReads(frontendFiles(name));
    expect(reads.map((r) => r.name)).toEqual([...frontend!.codeReads].sort());
    const pkg = JSON.parse(readFileSync(join(FIXTURES, name, "package.json"), "utf8"));
    expect(detectFramework(pkg).id).toBe(frontend!.framework);
  });
});
