// Writes docs/inputs.md from the inputs, outputs and exported variables declared in
// src/core/inputs.ts, the command line's flags (src/cli/context.ts) and the frameworks
// (src/core/app.ts), and the release table of docs/convex-cli-versions.md from
// src/core/releases.ts: `npm run docs`. __tests__/docs.test.ts fails when a page differs.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CONFIG_FLAGS } from "../src/cli/context.js";
import { FRAMEWORKS } from "../src/core/app.js";
import { EXPORTED_ENV, INPUTS, type InputSpec, OUTPUTS } from "../src/core/inputs.js";
import { RELEASES } from "../src/core/releases.js";

export const INPUTS_PAGE = "docs/inputs.md";

/** Where each input is explained further (pages of docs/); an input missing here gets no link. */
const MORE: Record<string, string> = {
  command: "action.md#the-post-step-and-command-down",
  target: "targets.md",
  "admin-key": "targets.md#a-backend-that-already-runs-target-connect",
  namespace: "targets.md#kubernetes-target-kubernetes",
  "ingress-host": "targets.md#kubernetes-target-kubernetes",
  "ingress-class": "targets.md#kubernetes-target-kubernetes",
  "ingress-tls-secret": "targets.md#kubernetes-target-kubernetes",
  "volume-size": "targets.md#kubernetes-target-kubernetes",
  "render-only": "targets.md#rendering-the-manifests-for-your-own-tools",
  "convex-url": "coder.md#how-the-urls-are-derived",
  "site-url": "coder.md#how-the-urls-are-derived",
  "dashboard-url": "coder.md#how-the-urls-are-derived",
  "url-style": "coder.md#url-styles-and-sharing",
  "coder-wildcard-domain": "coder.md#how-the-urls-are-derived",
  "api-slug": "coder.md#url-styles-and-sharing",
  "site-slug": "coder.md#url-styles-and-sharing",
  "dashboard-slug": "coder.md#url-styles-and-sharing",
  "frontend-directories": "frameworks-and-auth.md#frontends",
  "frontend-url": "frameworks-and-auth.md#site_url-the-frontends-url",
  "frontend-port": "frameworks-and-auth.md#site_url-the-frontends-url",
  auth: "frameworks-and-auth.md#auth-kinds",
  "postgres-url": "targets.md#the-database-sqlite-or-postgres",
  "postgres-sslmode": "targets.md#the-database-sqlite-or-postgres",
  "postgres-preflight": "targets.md#the-database-sqlite-or-postgres",
  "create-database": "targets.md#the-database-sqlite-or-postgres",
  "drop-database": "previews.md#removing-a-preview-and-its-database",
  "preview-prefix": "previews.md#removing-a-preview-and-its-database",
  "instance-secret": "files.md",
  "better-auth-secret": "frameworks-and-auth.md#better-auth",
  "backend-image": "troubleshooting.md#version-skew",
  "dashboard-image": "troubleshooting.md#version-skew",
  "s3-exports-bucket": "storage.md#the-inputs",
  "s3-files-bucket": "storage.md#the-inputs",
  "s3-modules-bucket": "storage.md#the-inputs",
  "s3-search-bucket": "storage.md#the-inputs",
  "s3-snapshot-imports-bucket": "storage.md#the-inputs",
  "s3-endpoint": "storage.md#the-inputs",
  "s3-region": "storage.md#the-inputs",
  "s3-force-path-style": "storage.md#the-inputs",
  "s3-disable-sse": "storage.md#the-inputs",
  "s3-disable-checksums": "storage.md#the-inputs",
  "s3-access-key-id": "storage.md#credentials",
  "s3-secret-access-key": "storage.md#credentials",
  "s3-session-token": "storage.md#credentials",
  "s3-preflight": "storage.md#before-anything-starts",
  "jwt-private-key": "frameworks-and-auth.md#convex-devauth",
  "env-vars": "frameworks-and-auth.md#deployment-variables",
  "deploy-args": "troubleshooting.md",
  "seed-function": "seed.md",
  "seed-args": "seed.md",
  "seed-import": "seed.md",
  "seed-always": "seed.md",
  "export-env": "#exported-environment",
  cleanup: "action.md#the-post-step-and-command-down",
  "cache-images": "action.md#image-caching",
  "project-name": "action.md#several-instances-on-one-runner",
};

/** What each exported variable holds (src/core/client-env.ts computes the values). */
const EXPORTED_VALUES: Record<string, string> = {
  CONVEX_SELF_HOSTED_URL:
    "the API on this host, `http://127.0.0.1:<api-port>`: later `npx convex ...` steps target this backend without Coder sharing or login (the same value as in `.env.local` and the CLI's `env`)",
  CONVEX_SELF_HOSTED_ADMIN_KEY: "the admin key (masked)",
  CONVEX_CLOUD_ORIGIN: "the public API URL",
  CONVEX_SITE_ORIGIN: "the public site proxy URL (HTTP actions, auth issuer)",
};

/** Input names with a hyphen (never plain words), shown as code where descriptions name them. */
const NAMES = new Set(INPUTS.map((i) => i.name as string).filter((n) => n.includes("-")));

/**
 * A description as a table cell: outside `code spans`, input names become code and Markdown's
 * special characters are escaped (an underscore only where it could start emphasis); `|` is
 * escaped everywhere.
 */
export function escapeCell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return part.replaceAll("|", "\\|");
      return part
        .replace(/[\\*<>[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
        .replace(/(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])/g, (w) => (NAMES.has(w) ? `\`${w}\`` : w));
    })
    .join("");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function values(input: InputSpec): string {
  switch (input.kind) {
    case "boolean":
      return "`true`, `false`";
    case "enum":
      return (input.choices ?? []).map((c) => `\`${c}\``).join(", ");
    case "port":
      return "a port (1-65535)";
    case "integer":
      return "a whole number";
    case "multiline":
      // Kept as given, line breaks included: a list of entries, or one value over several lines (a PEM).
      return input.name === "jwt-private-key" ? "text (several lines)" : "one entry per line";
    default:
      return "text";
  }
}

function flag(input: InputSpec): string {
  const spec = CONFIG_FLAGS.find((f) => f.name === input.name);
  if (!spec) return "action only";
  return spec.kind === "boolean" ? `\`--${spec.name}\`, \`--no-${spec.name}\`` : `\`--${spec.name}\``;
}

export function renderInputsPage(): string {
  const inputs = (INPUTS as readonly InputSpec[]).map((i) => {
    const more = MORE[i.name];
    return [
      `\`${i.name}\``,
      i.default === undefined || i.default === "" ? "" : `\`${i.default}\``,
      values(i),
      flag(i),
      escapeCell(i.description) + (more ? ` ([more](${more}))` : ""),
    ];
  });
  const actionOnly = INPUTS.filter((i) => !CONFIG_FLAGS.some((f) => f.name === i.name)).length;
  const missing = EXPORTED_ENV.filter((e) => !(e in EXPORTED_VALUES));
  if (missing.length > 0) throw new Error(`gen-docs: no description for exported ${missing.join(", ")}`);
  const frontends = FRAMEWORKS.filter((f) => f.dependencies.length > 0).map((f) => [
    f.label,
    f.dependencies.map((d) => `\`${d}\``).join(", "),
    `\`${f.urlVar}\``,
    `\`${f.siteUrlVar}\``,
    f.devPort === undefined ? "none: give `frontend-url`" : String(f.devPort),
  ]);
  return `<!-- Generated by scripts/gen-docs.ts from src/core/inputs.ts, src/cli/context.ts and src/core/app.ts: run \`npm run docs\`, do not edit by hand. -->

# Inputs, outputs and exported variables

The action's inputs are also the command line's flags (but for the ${actionOnly} marked "action only", which
are about the Actions runner): \`with: { api-port: 13210 }\` in a workflow is
\`--api-port 13210\` on the command line ([cli.md](cli.md)), and \`parseConfig({ "api-port": "13210" })\`
in the library ([library.md](library.md)). All inputs are optional. Booleans take \`true\` or \`false\`
(also yes/no, 1/0, on/off, in any case); on the command line \`--flag\` / \`--no-flag\` too.

## Inputs

${table(["input", "default", "values", "command-line flag", "description"], inputs)}

## Outputs

${table(
  ["output", "description"],
  OUTPUTS.map((o) => [`\`${o.name}\``, escapeCell(o.description)]),
)}

## Exported environment

With \`export-env: true\` (the default) the action exports to later steps of the job:

${table(
  ["variable", "value"],
  [
    ...EXPORTED_ENV.map((e) => [`\`${e}\``, EXPORTED_VALUES[e]!]),
    [
      "`<prefix>CONVEX_URL`, `<prefix>CONVEX_SITE_URL`",
      "each frontend's names for the public API and site URLs ([below](#frontend-variables-by-framework)), and the names its own code reads",
    ],
  ],
)}

The command line prints the same variables, without the admin key, with \`setup-coder-convex env\`.

## Frontend variables by framework

Each frontend folder's \`.env.local\` gets the backend's public URLs under its framework's names,
and the action exports them too. The framework is detected from that folder's package.json
(dependencies and devDependencies), first match in this order, as the convex CLI does (a
package.json matching none gets the plain names, as with the convex CLI); the dev port gives the
default \`frontend-url\` (\`SITE_URL\`). Names the frontend's own code reads are written too
([frameworks-and-auth.md](frameworks-and-auth.md#frontends)):

${table(["framework", "detected by", "API URL variable", "site URL variable", "dev port"], frontends)}
`;
}

export const RELEASES_PAGE = "docs/convex-cli-versions.md";
const RELEASES_START = "<!-- release table: written by `npm run docs` from src/core/releases.ts -->";
const RELEASES_END = "<!-- end of the release table -->";

/**
 * The release table, its columns padded as the Markdown formatter (biome) pads them, so that
 * formatting the page leaves it as written. ASCII only: the padding counts characters.
 */
export function renderReleaseTable(): string {
  const rows = RELEASES.map((r) => [
    `\`${r.tag}\`${(r.alsoTagged ?? []).map((t) => `, \`${t}\``).join("")}`,
    `\`${r.commit}\``,
    r.date,
    r.convex,
    `${r.cli.min} to ${r.cli.max}${r.cli.breaks ? "" : " (newer not checked)"}`,
    r.cli.breaks ? `${r.cli.breaks.from}: ${r.cli.breaks.symptom}` : "none known",
    r.note,
  ]);
  const header = [
    "release (git tag)",
    "image tag (commit)",
    "date",
    "`convex` in its tree",
    "CLIs it serves",
    "first CLI that fails",
    "note",
  ];
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The page with its release table replaced by the one from the code (the text around it kept). */
export function renderReleasesPage(page: string): string {
  const start = page.indexOf(RELEASES_START);
  const end = page.indexOf(RELEASES_END);
  if (start === -1 || end < start) throw new Error(`${RELEASES_PAGE} lost its release table markers.`);
  return `${page.slice(0, start)}${RELEASES_START}\n\n${renderReleaseTable()}\n\n${page.slice(end)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(INPUTS_PAGE, renderInputsPage());
  console.log(`wrote ${INPUTS_PAGE}`);
  writeFileSync(RELEASES_PAGE, renderReleasesPage(readFileSync(RELEASES_PAGE, "utf8")));
  console.log(`wrote the release table of ${RELEASES_PAGE}`);
}
