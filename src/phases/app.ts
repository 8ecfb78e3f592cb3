/**
 * What the app is (read with a parser, confined to the repository), and what it needs: which
 * keys, which frontends get which variables, SITE_URL.
 */
import { join, relative, resolve } from "node:path";
import type { FileStore } from "../adapters/files.js";
import {
  type AppFacts,
  detectFramework,
  FRAMEWORKS,
  type Framework,
  tryParsePackageJson,
} from "../core/app.js";
import { deriveSiteUrl, type FrontendTarget, usesConvexAuth } from "../core/app-plan.js";
import type { Config } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import type { Layout } from "../core/layout.js";
import { describeAppFacts } from "./checks.js";
import type { Reporter, SetupDeps } from "./types.js";

export interface AppPlan {
  facts: AppFacts;
  convexAuth: boolean;
  /** The frontends whose .env.local gets the backend's URL under their framework's names. */
  frontends: FrontendTarget[];
  /** SITE_URL for @convex-dev/auth (undefined: none, e.g. Expo without frontend-url). */
  frontendUrl: string | undefined;
}

const frameworkById = (id: string): Framework =>
  FRAMEWORKS.find((f) => f.id === id) ?? detectFramework(undefined);

export async function planApp(
  config: Pick<Config, "auth" | "frontend">,
  layout: Layout,
  root: string,
  deps: { cwd: string; files: FileStore; readApp: SetupDeps["readApp"] },
  report: Reporter,
): Promise<AppPlan> {
  const { cwd, files } = deps;
  const facts = await deps.readApp(layout.dir, root, files);
  for (const w of facts.warnings) report.logger.info(w);
  const convexAuth = usesConvexAuth(config.auth, facts);
  report.logger.info(`App: ${describeAppFacts(facts, convexAuth)}.`);
  let frontends: FrontendTarget[];
  if (config.frontend.directories.length > 0) {
    frontends = [];
    for (const entry of config.frontend.directories) {
      const dir = resolve(cwd, entry);
      const text = await files.read(join(dir, "package.json"));
      if (text === undefined) {
        throw new SetupError(
          `frontend-directories: ${entry} (${dir}) has no package.json.`,
          "List the folders of the frontends (each with its package.json), one per line, relative like working-directory.",
        );
      }
      frontends.push({ dir, framework: detectFramework(tryParsePackageJson(text)) });
    }
  } else {
    const own = facts.frontends.find((f) => f.dir === facts.workingDirectory && f.framework !== "none");
    frontends = own ? [{ dir: layout.dir, framework: frameworkById(own.framework) }] : [];
    const others = facts.frontends.filter((f) => f.dir !== facts.workingDirectory && f.framework !== "none");
    if (others.length > 0) {
      report.logger.info(
        `Other frontends use this backend: ${others.map((f) => `${f.dir} (${frameworkById(f.framework).label})`).join(", ")}. List them in frontend-directories to give each its .env.local.`,
      );
    }
  }
  for (const f of frontends)
    report.logger.info(
      `Frontend ${relative(root, f.dir) || "."}: ${f.framework.label} (${f.framework.urlVar}, ${f.framework.siteUrlVar})`,
    );
  const frontendUrl = convexAuth
    ? deriveSiteUrl({
        frontendUrl: config.frontend.url,
        frontendPort: config.frontend.port,
        framework: frontends[0]?.framework,
        urlForPort: config.frontend.urlForPort,
      })
    : undefined;
  return { facts, convexAuth, frontends, frontendUrl };
}
