/** The job summary: URLs as links, what was reused or generated, and the time of each phase. */
import type { SetupResult } from "../phases/types.js";

const html = (s: string) => s.replace(/[|<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Better Auth's secret: where it came from, for a Better Auth app only. */
function betterAuthRow(result: SetupResult): Array<[string, string]> {
  const source = result.keySources.betterAuthSecret;
  return source && source !== "none" ? [["Better Auth secret", `${source} (masked)`]] : [];
}

export function renderSummary(result: SetupResult): string {
  const rows = [
    ["API (convex-url)", `<a href="${html(result.apiUrl)}">${html(result.apiUrl)}</a>`],
    ["Site proxy (site-url)", `<a href="${html(result.siteUrl)}">${html(result.siteUrl)}</a>`],
    ["Dashboard", `<a href="${html(result.dashboardUrl)}">${html(result.dashboardUrl)}</a>`],
    ["URLs from", result.urlSource],
    ["Instance name", html(result.instanceName)],
    [
      "Database",
      result.postgresDatabase
        ? `Postgres, database <code>${html(result.postgresDatabase)}</code>`
        : result.mysqlDatabase
          ? `MySQL, database <code>${html(result.mysqlDatabase)}</code>`
          : "embedded SQLite",
    ],
    ["Instance secret", result.keySources.instanceSecret],
    ["JWT key", result.keySources.jwtKey],
    ...betterAuthRow(result),
    ["Admin key", `${result.adminKeySource} (masked)`],
    ["Deployment variables", result.deploymentVariables.map((n) => `<code>${n}</code>`).join(" ")],
    ["Deployed", result.deployed ? "yes" : "no"],
    ["Seeded", result.seeded ? "yes" : "no"],
  ];
  if (result.namespace)
    rows.splice(4, 0, [
      "Kubernetes",
      `namespace <code>${html(result.namespace)}</code>${result.manifestFile ? `, manifests written to <code>${html(result.manifestFile)}</code> (render-only: nothing applied)` : ""}${result.urlSource === "ingress" ? "" : ", reached through kubectl port-forward during the run (no ingress-host)"}`,
    ]);
  const table = rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n");
  const total = result.timings.reduce((sum, [, ms]) => sum + ms, 0);
  const timings = result.timings
    .map(([phase, ms]) => `| ${html(phase)} | ${(ms / 1000).toFixed(2)} s |`)
    .join("\n");
  const warnings = result.warnings.length
    ? `\n\n**Warnings**\n\n${result.warnings.map((w) => `- ${html(w)}`).join("\n")}`
    : "";
  const title = result.manifestFile ? "Kubernetes manifests rendered" : "Self-hosted Convex is up";
  return `## ${title}\n\n| | |\n|---|---|\n${table}\n\n| Phase | Time |\n|---|---|\n${timings}\n| **Total** | **${(total / 1000).toFixed(2)} s** |${warnings}\n`;
}
