/**
 * seed-artifact: a backup ZIP uploaded as a workflow artifact by another run (command: backup,
 * then actions/upload-artifact), fetched through GitHub's REST API: the repository's artifacts of
 * that name (`GET /repos/{owner}/{repo}/actions/artifacts?name=`, every page; with a run id, that
 * run's: `GET .../actions/runs/{run_id}/artifacts?name=`), then the artifact's archive
 * (`GET .../actions/artifacts/{id}/zip`, answered with a redirect to a storage URL). The archive
 * wraps the uploaded files: its entries are checked (core/backup-file.ts pickBackupEntry) and the
 * one backup ZIP is unpacked, bounded in size, into a private temporary folder. Nothing of it is
 * ever run: it is data for `convex import`. Only artifacts of runs of this repository's own
 * branches are taken: never one a pull request from a fork uploaded.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { extractEntry, readCentralDirectory, readSnapshot } from "../adapters/snapshot-zip.js";
import { pickBackupEntry } from "../core/backup-file.js";
import { SetupError } from "../core/errors.js";
import type { FetchedSeed, SeedArtifactOptions } from "../phases/github-seams.js";
import { openGitHubClient } from "./github-client.js";

/** The default bound on the artifact and on the backup unpacked from it. */
export const MAX_SEED_BYTES = 2 * 1024 ** 3;

const statusOf = (error: unknown) => (error as { status?: number }).status;

/**
 * Uploaded by a run of this repository's own code: a pull request from a fork runs in this
 * repository and uploads to its artifacts, under any name the fork's workflow gives, so an artifact
 * whose run's head is another repository (or unknown) is never a seed.
 */
function fromThisRepository(a: {
  workflow_run?: { repository_id?: number; head_repository_id?: number } | null;
}): boolean {
  const run = a.workflow_run;
  return run?.repository_id !== undefined && run.head_repository_id === run.repository_id;
}

export async function fetchSeedArtifact(
  artifact: { name: string; runId: number | undefined },
  options: SeedArtifactOptions,
): Promise<FetchedSeed> {
  const maxBytes = options.maxBytes ?? MAX_SEED_BYTES;
  const which = `seed-artifact ${artifact.name}${artifact.runId ? ` of run ${artifact.runId}` : ""}`;
  if (!options.token)
    throw new SetupError(
      `${which}: no github-token to download it with.`,
      "Give github-token (in a workflow it defaults to the job's token; the job needs permissions: actions: read).",
    );
  const client = await openGitHubClient({ ...options, token: options.token });
  const [owner, repo] = options.repository.split("/") as [string, string];
  const refused = (error: unknown, what: string) =>
    new SetupError(
      `${which}: ${what} failed (${statusOf(error) ? `HTTP ${statusOf(error)}: ` : ""}${(error as Error).message}).`,
      statusOf(error) === 403 || statusOf(error) === 401
        ? "The token may not read the repository's artifacts: give the job permissions: actions: read."
        : "Check the artifact's name and that it has not expired (artifacts are kept 90 days by default).",
      { cause: error },
    );
  // A run's own artifacts when it is named; else every page of the repository's of that name.
  const listing = { owner, repo, name: artifact.name, per_page: 100 };
  let listed: Awaited<ReturnType<typeof client.rest.actions.listArtifactsForRepo>>["data"]["artifacts"];
  try {
    listed =
      artifact.runId === undefined
        ? await client.paginate(client.rest.actions.listArtifactsForRepo, listing)
        : await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
            ...listing,
            run_id: artifact.runId,
          });
  } catch (error) {
    throw refused(
      error,
      `listing the artifacts of ${artifact.runId === undefined ? options.repository : `run ${artifact.runId}`}`,
    );
  }
  const named = listed
    .filter((a) => a.name === artifact.name && !a.expired)
    .filter((a) => artifact.runId === undefined || a.workflow_run?.id === artifact.runId);
  const own = named.filter(fromThisRepository);
  const found = own.sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0];
  if (!found) {
    const forks = named.length - own.length;
    throw new SetupError(
      `${which}: no unexpired artifact of that name in ${options.repository}${forks ? ` (${forks} uploaded by a pull request from a fork, never used)` : ""}.`,
      "Upload the backup with actions/upload-artifact under that name in the run that made it (command: backup), and check the run id.",
    );
  }
  if (found.size_in_bytes > maxBytes)
    throw new SetupError(
      `${which} is ${found.size_in_bytes} bytes, more than the ${maxBytes} a seed may be: refused.`,
    );
  let archive: ArrayBuffer;
  try {
    const response = await client.rest.actions.downloadArtifact({
      owner,
      repo,
      artifact_id: found.id,
      archive_format: "zip",
    });
    archive = response.data as ArrayBuffer;
  } catch (error) {
    throw refused(error, `downloading artifact ${found.id}`);
  }
  if (archive.byteLength > maxBytes)
    throw new SetupError(
      `${which}: the download is ${archive.byteLength} bytes, more than ${maxBytes}: refused.`,
    );
  const dir = await mkdtemp(join(options.tmp, "seed-artifact-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const outer = join(dir, "artifact.zip");
    await writeFile(outer, new Uint8Array(archive), { mode: 0o600 });
    const entries = await readCentralDirectory(outer);
    const picked = pickBackupEntry(entries, artifact.name, maxBytes);
    if ("error" in picked) throw new SetupError(`seed-artifact: ${picked.error}`);
    const file = join(dir, "backup.zip");
    await extractEntry(outer, entries.find((e) => e.name === picked.name)!, file, maxBytes);
    await rm(outer);
    const summary = await readSnapshot(file);
    const run = found.workflow_run?.id ? ` of run ${found.workflow_run.id}` : "";
    return {
      file,
      summary,
      description: `artifact ${artifact.name}${run} (${picked.name}, made ${found.created_at ?? "at an unknown time"})`,
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
