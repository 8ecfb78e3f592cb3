/**
 * Known self-hosted backend releases and the `convex` npm CLI versions each one's deploy routes
 * serve, and the check `doctor` and `up` make with them: is the app's CLI newer than the backend
 * release understands? Evidence (the backend's router and push body at each release, the CLI's
 * calls in each published package): docs/convex-cli-versions.md, whose release table is
 * generated from RELEASES (`npm run docs`).
 */
import { DEFAULT_RELEASE } from "./compose.js";
import { compareVersions, MIN_SELF_HOSTED_CONVEX, parseVersion } from "./convex-version.js";
import { currentSurface } from "./naming.js";

/** A change of the CLI's `convex deploy` that backend releases before a given commit do not understand. */
export interface CliChange {
  /** The first published CLI version with the change. */
  from: string;
  /** The last published CLI version without it (the one to pin on a release that lacks it). */
  last: string;
  /** What the CLI started to do. */
  what: string;
  /** What `convex deploy` then gets from a release without the backend's side. */
  symptom: string;
  /** The backend commit that added its side, and that commit's date. */
  backendCommit: string;
  backendDate: string;
}

/** `convex deploy` calls POST /api/deploy2/evaluate_push on every deploy (the large-index check). */
export const EVALUATE_PUSH: CliChange = {
  from: "1.29.2",
  last: "1.29.1",
  what: "calls POST /api/deploy2/evaluate_push on every deploy",
  symptom: "404 Not Found on /api/deploy2/evaluate_push",
  backendCommit: "ef9b6644c14012425503c9d66b50effdfc16a950",
  backendDate: "2025-11-04",
};

/** The push body's `appDefinition` carries `changedModules` (and unchanged module hashes) instead of `functions`. */
export const CHANGED_MODULES: CliChange = {
  from: "1.31.7",
  last: "1.31.6",
  what: "sends appDefinition.changedModules instead of appDefinition.functions in the push body",
  symptom: "400 BadJsonBody, missing field `functions` (the first call carrying the body)",
  backendCommit: "e3c49f8835faea8c14df1b82c51ce92c4d92c31f",
  backendDate: "2026-01-22",
};

/** The newest published CLI whose deploy calls were read (newer ones are not checked). */
export const CHECKED_THROUGH = "1.51.0";

/** The CLI versions a release's deploy routes serve. */
export interface CliRange {
  /** The oldest CLI that deploys to it: the self-hosted floor (older CLIs ignore CONVEX_SELF_HOSTED_URL). */
  min: string;
  /** The newest published CLI it serves (the one to pin); with `breaks` unset, the newest checked. */
  max: string;
  /** The first CLI change the release lacks: every version from `breaks.from` on fails to deploy. */
  breaks?: CliChange;
}

export interface Release {
  /** The backend repository's git tag for the push to its `release` branch (`precompiled-<build date>-<sha7>`). */
  tag: string;
  /** Other tags naming the same commit (the push was built twice). */
  alsoTagged?: readonly string[];
  /** The pushed commit: the images' tag (ghcr.io/get-convex/convex-backend:<commit>). */
  commit: string;
  /** The commit's date (UTC). */
  date: string;
  /** `npm-packages/convex/package.json` in that tree: the CLI the release was built with. */
  convex: string;
  cli: CliRange;
  note: string;
}

const until = (change: CliChange): CliRange => ({
  min: MIN_SELF_HOSTED_CONVEX,
  max: change.last,
  breaks: change,
});
const allChecked: CliRange = { min: MIN_SELF_HOSTED_CONVEX, max: CHECKED_THROUGH };

/**
 * Releases whose router (crates/local_backend/src/router.rs) and push body
 * (crates/application/src/deploy_config.rs) were read at their commit, oldest first. All are on
 * the backend's `release` branch after e1cff0b14 (2025-09-09), from which every push to it
 * builds the images as it builds the precompiled binaries.
 */
export const RELEASES: readonly Release[] = [
  {
    tag: "precompiled-2025-09-10-6ca3cf5",
    commit: "6ca3cf59d82fc097a7bdbb943eede7a43152ef40",
    date: "2025-09-10",
    convex: "1.27.0",
    cli: until(EVALUATE_PUSH),
    note: "first release after images were built on every push to `release`",
  },
  {
    tag: "precompiled-2025-10-02-0b97784",
    commit: "0b97784d9965e44f48b7a4b6ccd2c326259a50d8",
    date: "2025-10-02",
    convex: "1.27.3",
    cli: until(EVALUATE_PUSH),
    note: "no `/api/deploy2/evaluate_push`",
  },
  {
    tag: "precompiled-2025-11-03-f50e8a5",
    commit: "f50e8a5cba652a8bf629fcf47045b068282fc80a",
    date: "2025-11-03",
    convex: "1.28.1",
    cli: until(EVALUATE_PUSH),
    note: "last release without `/api/deploy2/evaluate_push`",
  },
  {
    tag: "precompiled-2025-11-04-ef9b664",
    commit: "ef9b6644c14012425503c9d66b50effdfc16a950",
    date: "2025-11-04",
    convex: "1.28.1",
    cli: until(CHANGED_MODULES),
    note: "first release with `/api/deploy2/evaluate_push`; push body still needs `functions`",
  },
  {
    tag: "precompiled-2025-12-01-ccd1008",
    commit: "ccd1008d02611f0e74e4211184b5bf32a0ab28f8",
    date: "2025-12-01",
    convex: "1.29.3",
    cli: until(CHANGED_MODULES),
    note: "push body still needs `functions`",
  },
  {
    tag: "precompiled-2026-01-22-83d54d5",
    commit: "83d54d5dac8c8b140479096f49a4bd2f1a7aa94d",
    date: "2026-01-22",
    convex: "1.31.6",
    cli: until(CHANGED_MODULES),
    note: "last release whose push body needs `functions`",
  },
  {
    tag: "precompiled-2026-01-23-c6be6fe",
    commit: "c6be6fe6ee83fbf9a9357efa52b35902bd27b2af",
    date: "2026-01-22",
    convex: "1.31.6",
    cli: allChecked,
    note: "first release accepting `changedModules` (`functions` kept as an alias)",
  },
  {
    tag: "precompiled-2026-02-03-84c2cb2",
    commit: "84c2cb2ce1a8538b319fee5ddf7c64525907986a",
    date: "2026-02-02",
    convex: "1.31.7",
    cli: allChecked,
    note: "its git tag points at a later commit; the images carry the SHA in the tag's name",
  },
  {
    tag: "precompiled-2026-03-02-46bcfa0",
    commit: "46bcfa00ef626afe31cc2701636bba31fe0be5bd",
    date: "2026-02-28",
    convex: "1.32.0",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-04-01-b9fa364",
    commit: "b9fa3640dc92a6954306a36b6cc52d2ff0228a50",
    date: "2026-04-01",
    convex: "1.34.1",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-05-06-8bc6aa4",
    commit: "8bc6aa4645adfd66584034b175dbef96536938b8",
    date: "2026-05-06",
    convex: "1.37.0",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-06-01-be1b926",
    commit: "be1b92660f78cf0d139e59d3a9b19ec21f29d80e",
    date: "2026-06-01",
    convex: "1.40.0",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-07-01-1072931",
    commit: "1072931106e819e24ed3f7084bc6cf0f17494ec9",
    date: "2026-07-01",
    convex: "1.42.1",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-08-03-60fd6ea",
    commit: "60fd6ea1d637e49abfbd0c57e80d8fea929916b4",
    date: "2026-08-02",
    convex: "1.43.0",
    cli: allChecked,
    note: "",
  },
  {
    tag: "precompiled-2026-08-21-b460b2c",
    commit: "b460b2c85eee4accd05b249e064037d9786173d4",
    date: "2026-08-21",
    convex: "1.45.0",
    cli: allChecked,
    note: "the release before the pinned one",
  },
  {
    tag: "precompiled-2026-08-22-652b828",
    alsoTagged: ["precompiled-2026-08-21-652b828"],
    commit: DEFAULT_RELEASE,
    date: "2026-08-21",
    convex: "1.45.0",
    cli: allChecked,
    note: "the pinned release (the default images); no `/api/deploy2/evaluate_schema`, which CLIs from 1.46.0 try and skip",
  },
];

const HEX_SHA = /^[0-9a-f]{7,40}$/;

/**
 * The release a reference names: a tag (`precompiled-2026-08-22-652b828`), a commit SHA (7 to 40
 * hex digits, as long as it names one release), or an image (`ghcr.io/get-convex/convex-backend:<sha>`,
 * from any registry: the tag decides). Undefined for anything else, `latest` included.
 */
export function findRelease(ref: string): Release | undefined {
  const text = ref.trim();
  const byTag = RELEASES.find((r) => r.tag === text || r.alsoTagged?.includes(text));
  if (byTag) return byTag;
  // An image reference (a digest after '@' dropped): the part after the last ':' that follows the
  // last '/' (a ':' before it is a registry's port).
  const name = text.split("@")[0]!;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const tag = (colon > slash ? name.slice(colon + 1) : name).toLowerCase();
  if (!HEX_SHA.test(tag)) return undefined;
  const matches = RELEASES.filter((r) => r.commit.startsWith(tag));
  return matches.length === 1 ? matches[0] : undefined;
}

export type ReleaseCheck =
  /** The CLI is in the release's range. */
  | { kind: "ok"; release: Release; message: string }
  /** The CLI is known not to deploy to this release. */
  | { kind: "warn"; release: Release; message: string; hint: string }
  /** Nothing can be told (unknown release, unreadable version, a version nobody checked). */
  | { kind: "note"; message: string };

export interface ReleaseCheckOptions {
  /** The exact-pin command for a version, in the app's package manager (default: npm's). */
  pinCommand?: (version: string) => string;
}

const short = (r: Release) => `${r.tag} (${r.date})`;

/** The newest known release that serves `version`: the pinned one when it does. */
function releaseServing(version: string): Release | undefined {
  const serves = (r: Release) =>
    compareVersions(version, r.cli.min) >= 0 && compareVersions(version, r.cli.max) <= 0;
  const pinned = RELEASES.find((r) => r.commit === DEFAULT_RELEASE);
  if (pinned && serves(pinned)) return pinned;
  return [...RELEASES].reverse().find(serves);
}

/** The upgrade verb's command, as the interface in use says it. */
export function upgradeToRelease(release: Release): string {
  return currentSurface() === "cli"
    ? `\`npx setup-coder-convex upgrade --release ${release.commit}\``
    : `\`command: upgrade\` with \`release: ${release.commit}\``;
}

/**
 * Whether the app's convex CLI (`cliVersion`, as node_modules/convex/package.json says) can
 * deploy to the backend that `image` runs. A release missing from RELEASES, a version that is
 * not semver, a version newer than the ones read, and a prerelease between a release's last
 * good version and its first failing one give a note, never a warning.
 */
export function checkCliAgainstRelease(
  image: string,
  cliVersion: string,
  options: ReleaseCheckOptions = {},
): ReleaseCheck {
  const pin = options.pinCommand ?? ((v: string) => `npm install --save-exact convex@${v}`);
  const release = findRelease(image);
  if (!release)
    return {
      kind: "note",
      message: `Backend image ${image} is not a release this tool knows (docs/convex-cli-versions.md lists them), so whether convex ${cliVersion} can deploy to it was not checked.`,
    };
  if (!parseVersion(cliVersion))
    return {
      kind: "note",
      message: `The app's convex CLI version (${cliVersion}) is not a semver version: whether it can deploy to backend release ${short(release)} was not checked.`,
    };
  const { min, max, breaks } = release.cli;
  const range = breaks ? `${min} to ${max}` : `${min} to ${max}, newer not checked`;
  if (compareVersions(cliVersion, min) < 0)
    return {
      kind: "warn",
      release,
      message: `The app's convex CLI ${cliVersion} is older than backend release ${short(release)} serves (${range}): CLIs before ${MIN_SELF_HOSTED_CONVEX} ignore CONVEX_SELF_HOSTED_URL.`,
      hint: `Pin the CLI to the version the release was built with: \`${pin(release.convex)}\`.`,
    };
  if (compareVersions(cliVersion, max) <= 0)
    return {
      kind: "ok",
      release,
      message: `convex ${cliVersion} can deploy to backend release ${short(release)} (it serves ${range}).`,
    };
  if (!breaks)
    return {
      kind: "note",
      message: `convex ${cliVersion} is newer than the CLIs checked against backend release ${short(release)} (${range}): not checked.`,
    };
  if (compareVersions(cliVersion, breaks.from) < 0)
    return {
      kind: "note",
      message: `convex ${cliVersion} sits between ${breaks.last}, which deploys to backend release ${short(release)}, and ${breaks.from}, which does not (it ${breaks.what}): not checked.`,
    };
  const newer = releaseServing(cliVersion);
  const upgrade = newer
    ? `Upgrade the backend to release ${newer.tag}: ${upgradeToRelease(newer)}; or pin`
    : "Pin";
  return {
    kind: "warn",
    release,
    message: `The app's convex CLI ${cliVersion} is newer than backend release ${short(release)} understands (it serves ${range}): from convex ${breaks.from} on, the CLI ${breaks.what}, which this release predates (the backend added it on ${breaks.backendDate}), so \`convex deploy\` fails with ${breaks.symptom}.`,
    hint: `${upgrade} the app's CLI to what the release serves: \`${pin(max)}\`.`,
  };
}
