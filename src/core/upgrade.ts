/**
 * command upgrade, the pure parts: which images a release means (the same tag for the backend and
 * the dashboard), the compose file with only its image lines changed, what the backend's migration
 * worker logs (docs/day-two.md#upgrade), and the plan as it is printed. No I/O.
 */

import { isMap, isScalar, parseDocument } from "yaml";
import { BACKEND_SERVICE, DASHBOARD_SERVICE, FORWARDER_SERVICE, releaseImages } from "./compose.js";
import { SetupError } from "./errors.js";
import { findRelease } from "./releases.js";

export interface ReleaseImages {
  backend: string;
  /** undefined: this instance runs no dashboard. */
  dashboard: string | undefined;
}

/** The tag of an image reference (`repo:tag`); undefined without one (or pinned by a digest only). */
export function imageTag(image: string): string | undefined {
  if (image.includes("@")) return undefined;
  const name = image.slice(image.lastIndexOf("/") + 1);
  const colon = name.lastIndexOf(":");
  return colon > 0 ? name.slice(colon + 1) : undefined;
}

/**
 * The images to upgrade to: release's official pair, or backend-image and dashboard-image given
 * together with the same tag (a backend and a dashboard of two releases are refused).
 * Returns the problems as messages per input, for the configuration's rules and for the command.
 */
export function deriveUpgradeImages(input: {
  release: string | undefined;
  backendImage: string | undefined;
  dashboardImage: string | undefined;
}):
  | { images: { backend: string; dashboard: string }; release: string }
  | { problems: Array<[string, string]> } {
  const { release, backendImage, dashboardImage } = input;
  if (release) {
    if (backendImage || dashboardImage)
      return {
        problems: [
          [
            "release",
            "and backend-image/dashboard-image both say what to upgrade to: give release alone, or both images without it.",
          ],
        ],
      };
    // A git tag of the table (precompiled-<date>-<sha7>) names its images by the full commit.
    const known = findRelease(release);
    const tag = known && !/^[0-9a-f]{7,40}$/.test(release) ? known.commit : release;
    return { images: releaseImages(tag), release: tag };
  }
  if (!backendImage || !dashboardImage)
    return {
      problems: [
        [
          backendImage ? "dashboard-image" : dashboardImage ? "backend-image" : "release",
          "command: upgrade needs the release to upgrade to: give release (a tag or commit SHA of get-convex/convex-backend), or backend-image and dashboard-image together.",
        ],
      ],
    };
  const backendTag = imageTag(backendImage);
  const dashboardTag = imageTag(dashboardImage);
  if (!backendTag || !dashboardTag)
    return {
      problems: [
        [
          backendTag ? "dashboard-image" : "backend-image",
          `${backendTag ? dashboardImage : backendImage} has no tag: command: upgrade compares the backend's and the dashboard's tags to know they are one release. Give images with their release's tag (e.g. ghcr.io/get-convex/convex-backend:<sha>).`,
        ],
      ],
    };
  if (backendTag !== dashboardTag)
    return {
      problems: [
        [
          "backend-image",
          `(tag ${backendTag}) and dashboard-image (tag ${dashboardTag}) are not the same release: the backend and the dashboard are upgraded together, to one release. Give both images with the same tag, or release alone.`,
        ],
      ],
    };
  return { images: { backend: backendImage, dashboard: dashboardImage }, release: backendTag };
}

/** The images a compose file runs (its backend and dashboard services). */
export function readComposeImages(text: string, file: string): ReleaseImages {
  const data = parseDocument(text).toJS() as { services?: Record<string, { image?: unknown }> } | null;
  const backend = data?.services?.[BACKEND_SERVICE]?.image;
  if (typeof backend !== "string")
    throw new SetupError(
      `${file} has no ${BACKEND_SERVICE} service with an image: it is not the compose file up wrote.`,
      "Run `setup-coder-convex up` in this folder first.",
    );
  const dashboard = data?.services?.[DASHBOARD_SERVICE]?.image;
  return { backend, dashboard: typeof dashboard === "string" ? dashboard : undefined };
}

/**
 * The compose file with only the image lines changed: the backend's (and the origin forwarder's,
 * which runs the backend image) and the dashboard's. Everything else, comments included, is kept.
 */
export function rewriteComposeImages(text: string, file: string, images: ReleaseImages): string {
  const doc = parseDocument(text);
  const services = doc.get("services");
  if (!isMap(services) || !services.has(BACKEND_SERVICE))
    throw new SetupError(`${file} has no ${BACKEND_SERVICE} service: it is not the compose file up wrote.`);
  const wanted: Array<[string, string | undefined]> = [
    [BACKEND_SERVICE, images.backend],
    [FORWARDER_SERVICE, images.backend],
    [DASHBOARD_SERVICE, images.dashboard],
  ];
  // Each image value replaced where it stands in the text (the rest is not re-rendered), last first.
  const edits: Array<[number, number, string]> = [];
  for (const [service, image] of wanted) {
    const node = image ? doc.getIn(["services", service, "image"], true) : undefined;
    if (!image || !isScalar(node) || !node.range) continue;
    const value = /^[\w./:@-]+$/.test(image) ? image : JSON.stringify(image);
    edits.push([node.range[0], node.range[1], value]);
  }
  let out = text;
  for (const [from, to, value] of edits.sort((a, b) => b[0] - a[0]))
    out = out.slice(0, from) + value + out.slice(to);
  return out;
}

/**
 * What the migration worker logged (crates/model/src/migrations.rs at the pinned release): one
 * `Migrated N` per step it ran, then `db metadata version up to date at N` once the database is at
 * the binary's version; `persisted db metadata version is ahead at X, this binary is at Y` when the
 * database is newer than the binary; `Migration worker failed` when a step failed (it retries later).
 */
export interface MigrationLog {
  /** The database version the worker found up to date (the last such line). */
  upToDate: number | undefined;
  /** The versions migrated to, in order. */
  migrated: number[];
  /** The database is newer than the binary (a downgrade). */
  ahead: { database: number; binary: number } | undefined;
  /** A step failed. */
  failed: boolean;
}

export function parseMigrationLog(text: string): MigrationLog {
  const log: MigrationLog = { upToDate: undefined, migrated: [], ahead: undefined, failed: false };
  for (const line of text.split(/\r?\n/)) {
    const upToDate = /db metadata version up to date at (\d+)/.exec(line);
    if (upToDate) log.upToDate = Number(upToDate[1]);
    // The line itself, not the quote of it in "Wait for log line 'Migrated N'" (text or JSON logs).
    const migrated = /(?<!')\bMigrated (\d+)(?=\s*$|")/.exec(line);
    if (migrated) log.migrated.push(Number(migrated[1]));
    const ahead = /persisted db metadata version is ahead at (\d+), this binary is at (\d+)/.exec(line);
    if (ahead) log.ahead = { database: Number(ahead[1]), binary: Number(ahead[2]) };
    if (/Migration worker failed/.test(line)) log.failed = true;
  }
  return log;
}

/** The database version a running backend's log shows (up to date, or ahead of its binary). */
export function databaseVersionOf(log: MigrationLog): number | undefined {
  return log.ahead?.database ?? log.upToDate ?? log.migrated.at(-1);
}

/**
 * Whether the database moved forward since `before`: a step ran, or the version is higher.
 * undefined: the log does not tell (then a rollback restores the backup).
 */
export function movedForward(after: MigrationLog, before: number | undefined): boolean | undefined {
  if (after.migrated.length > 0) return true;
  const now = databaseVersionOf(after);
  if (now === undefined) return undefined;
  if (before === undefined) return after.upToDate !== undefined && !after.failed ? false : undefined;
  return now > before;
}

export interface UpgradePlan {
  instance: string;
  current: ReleaseImages;
  next: ReleaseImages;
  /** The database version the running backend logged, when its log still shows it. */
  databaseVersion: number | undefined;
  backupFile: string;
  /** Where the images are changed (the compose file, or the objects). */
  where: string;
  deploy: boolean;
  verify: boolean;
}

/** The plan as printed (dry-run prints only this). */
export function renderUpgradePlan(plan: UpgradePlan): string[] {
  const arrow = (from: string | undefined, to: string | undefined) =>
    `${from ?? "(none)"} → ${to ?? "(none)"}`;
  return [
    `Upgrade ${plan.instance}:`,
    `  backend    ${arrow(plan.current.backend, plan.next.backend)}`,
    ...(plan.current.dashboard || plan.next.dashboard
      ? [`  dashboard  ${arrow(plan.current.dashboard, plan.next.dashboard)}`]
      : []),
    `  database   ${plan.databaseVersion !== undefined ? `version ${plan.databaseVersion} (from the backend's log)` : "version not in the backend's recent log"}`,
    `  backup     ${plan.backupFile}`,
    "Steps:",
    `  1. back up the deployment to ${plan.backupFile}`,
    `  2. change the images in ${plan.where}, together, and start them`,
    "  3. wait for the backend to answer and for its migration worker's line `db metadata version up to date at N`",
    `  4. ${plan.verify ? "verify (API, admin key, the variables it had)" : "no verify (verify: false)"}, then ${plan.deploy ? "deploy the app's functions" : "no deploy (deploy: false)"}`,
    "  On a failure after step 2: the old images back, the backup restored if the database moved forward (or it cannot be told), verified again.",
  ];
}
