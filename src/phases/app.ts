/**
 * What the app is (read with a parser, confined to the repository), and what it needs: which
 * keys, which frontends get which variables (their framework's, and those their own code reads),
 * SITE_URL.
 */
import { join, relative, resolve } from "node:path";
import type { FileStore } from "../adapters/files.js";
import {
  type AppFacts,
  detectFramework,
  type EnvRead,
  FRAMEWORKS,
  type Framework,
  tryParsePackageJson,
} from "../core/app.js";
import {
  deriveSiteUrl,
  type FrontendTarget,
  frontendExtras,
  type SiteUrlNeed,
  siteUrlNeed,
  usesBetterAuth,
  usesConvexAuth,
} from "../core/app-plan.js";
import type { Config } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import type { Layout } from "../core/layout.js";
import { describeAppFacts } from "./checks.js";
import type { Reporter, SetupDeps } from "./types.js";

export interface AppPlan {
  facts: AppFacts;
  convexAuth: boolean;
  /** Better Auth: BETTER_AUTH_SECRET and SITE_URL. */
  betterAuth: boolean;
  /** The frontends whose .env.local gets the backend's URL under their framework's names. */
  frontends: FrontendTarget[];
  /**
   * The frontend's URL: SITE_URL on the deployment when `siteUrl.deployment`, and the value of a
   * frontend's `<prefix>SITE_URL` its code reads (undefined: none, e.g. Expo without frontend-url).
   */
  frontendUrl: string | undefined;
  siteUrl: SiteUrlNeed;
}

const frameworkById = (id: string): Framework =>
  FRAMEWORKS.find((f) => f.id === id) ?? detectFramework(undefined);

/** `path` relative to `root`, POSIX ("." for the root): the keys of AppFacts.frontendEnvReads. */
function relPosix(root: string, path: string): string {
  return relative(root, path).split("\\").join("/") || ".";
}

/** Says which names a frontend gets and why: the convex CLI's table, or the files reading them. */
function describeFrontend(root: string, f: FrontendTarget, reads: readonly EnvRead[]): string {
  const readBy = (name: string) => {
    const files = reads.find((r) => r.name === name)?.files;
    return files ? `read by ${files.join(", ")}` : undefined;
  };
  const table = f.framework.id === "none" ? "the convex CLI's plain name" : "the convex CLI's table";
  const names = [
    ...[f.framework.urlVar, f.framework.siteUrlVar].map((name) =>
      [name, table, readBy(name)].filter(Boolean),
    ),
    ...(f.extra ?? []).map((v) => [
      v.name,
      `read by ${v.files.join(", ")}`,
      v.holds === "frontend-url" ? "the frontend's URL" : undefined,
    ]),
  ].map(([name, ...why]) => `${name} (${why.filter(Boolean).join(", ")})`);
  const framework = f.framework.id === "none" ? "no framework in its package.json" : f.framework.label;
  return `Frontend ${relPosix(root, f.dir)} (${framework}): ${names.join(", ")}`;
}

export async function planApp(
  config: Pick<Config, "auth" | "frontend">,
  layout: Layout,
  root: string,
  deps: { cwd: string; files: FileStore; readApp: SetupDeps["readApp"] },
  report: Reporter,
): Promise<AppPlan> {
  const { cwd, files } = deps;
  // frontend-directories: each must be a package; its framework names the variables.
  const listed: Array<{ dir: string; framework: Framework }> = [];
  for (const entry of config.frontend.directories) {
    const dir = resolve(cwd, entry);
    const text = await files.read(join(dir, "package.json"));
    if (text === undefined) {
      throw new SetupError(
        `frontend-directories: ${entry} (${dir}) has no package.json.`,
        "List the folders of the frontends (each with its package.json), one per line, relative like working-directory.",
      );
    }
    listed.push({ dir, framework: detectFramework(tryParsePackageJson(text)) });
  }
  const frontendDirs = listed.length > 0 ? listed.map((f) => f.dir) : [layout.dir];
  const facts = await deps.readApp(layout.dir, root, files, { frontendDirs });
  for (const w of facts.warnings) report.logger.info(w);
  const convexAuth = usesConvexAuth(config.auth, facts);
  const betterAuth = usesBetterAuth(config.auth, facts);
  report.logger.info(`App: ${describeAppFacts(facts, convexAuth)}.`);
  if (betterAuth)
    report.logger.info(
      `Better Auth (${facts.authCode ?? facts.authDependency ?? "auth: better-auth"}): BETTER_AUTH_SECRET and SITE_URL are set for it, no JWT key.`,
    );
  const readsOf = (dir: string): EnvRead[] => facts.frontendEnvReads.get(relPosix(root, dir)) ?? [];

  let chosen: Array<{ dir: string; framework: Framework }>;
  if (listed.length > 0) chosen = listed;
  else {
    const own = facts.frontends.find((f) => f.dir === facts.workingDirectory);
    const others = facts.frontends.filter((f) => f.dir !== facts.workingDirectory && f.framework !== "none");
    // The working directory is a frontend when its package.json has a framework, when nothing
    // else uses the backend (the convex CLI's plain names then, as `convex dev` writes them), or
    // when its own code reads a CONVEX_URL.
    const ownReadsUrl = readsOf(layout.dir).some((r) => /CONVEX_(?:SITE_)?URL$/.test(r.name));
    const framework = frameworkById(own?.framework ?? "none");
    chosen =
      framework.id !== "none" || others.length === 0 || ownReadsUrl ? [{ dir: layout.dir, framework }] : [];
    if (others.length > 0) {
      report.logger.info(
        `Other frontends use this backend: ${others.map((f) => `${f.dir} (${frameworkById(f.framework).label})`).join(", ")}. List them in frontend-directories to give each its .env.local.`,
      );
    }
  }

  // SITE_URL: for @convex-dev/auth and Better Auth, and for any app whose functions read it; the
  // frontend's URL also goes to a frontend's `<prefix>SITE_URL` that its code reads.
  const siteUrl = siteUrlNeed(facts, { convexAuth, betterAuth });
  const first = chosen[0];
  const firstReadsSiteUrl =
    first !== undefined &&
    readsOf(first.dir).some((r) => r.name === `${first.framework.publicPrefix}SITE_URL`);
  const frontendUrl =
    siteUrl.deployment || firstReadsSiteUrl
      ? deriveSiteUrl({
          frontendUrl: config.frontend.url,
          frontendPort: config.frontend.port,
          framework: first?.framework,
          urlForPort: config.frontend.urlForPort,
        })
      : undefined;
  warnUnusedFrontendInputs(config, siteUrl.deployment || firstReadsSiteUrl, report);

  const frontends: FrontendTarget[] = chosen.map((f, i) => {
    const extra = frontendExtras(f.framework, readsOf(f.dir), i === 0 && frontendUrl !== undefined);
    return {
      dir: f.dir,
      framework: f.framework,
      ...(extra.length > 0 ? { extra } : {}),
      ...(i === 0 && frontendUrl !== undefined && extra.some((v) => v.holds === "frontend-url")
        ? { frontendUrl }
        : {}),
    };
  });
  for (const f of frontends) report.logger.info(describeFrontend(root, f, readsOf(f.dir)));
  if (siteUrl.deployment)
    report.logger.info(
      frontendUrl
        ? `SITE_URL: ${frontendUrl} (${config.frontend.url ? "frontend-url" : "the frontend's dev server"}; ${siteUrl.why}).`
        : `SITE_URL: no frontend URL to set (${siteUrl.why}); give frontend-url.`,
    );
  return { facts, convexAuth, betterAuth, frontends, frontendUrl, siteUrl };
}

/** frontend-url and frontend-port are never ignored silently: each unused one says why. */
function warnUnusedFrontendInputs(config: Pick<Config, "frontend">, wanted: boolean, report: Reporter): void {
  const why =
    "the app has neither @convex-dev/auth nor Better Auth, its functions read no SITE_URL and its frontend's code reads no site URL, so no SITE_URL is set";
  if (config.frontend.url && !wanted) report.warn(`frontend-url is not used: ${why}. Remove it.`);
  if (config.frontend.port !== undefined && !wanted)
    report.warn(`frontend-port is not used: ${why}. Remove it.`);
  else if (config.frontend.port !== undefined && config.frontend.url)
    report.warn("frontend-port is not used: frontend-url gives the frontend's URL. Remove one of them.");
}
