// TEST DOUBLE helper: what a stand-in backend "release" does at start, from its image's tag (see
// README.md in this folder). The real backend's migration worker (crates/model/src/migrations.rs
// at the pinned release) brings the database's version up to the binary's DATABASE_VERSION one
// step at a time and logs each step; these lines have the same words. Shared by the stand-in
// (fake docker, fake kubectl) and the in-process cluster (helpers/memory-cluster.ts).

/** DATABASE_VERSION of the pinned release (crates/migrations_model/src/lib.rs). */
export const PINNED_DATABASE_VERSION = 128;

/**
 * A tag's behaviour: `dbN` in it (between dashes) is the binary's database version (default: the
 * pinned release's); `exit`: the process exits 1 after migrating, and when a migration step ran the
 * tables are emptied first (a broken migration); `silent`: migrates without logging a line of it.
 */
export function releaseBehaviour(image) {
  const name =
    String(image ?? "")
      .split("/")
      .pop() ?? "";
  const tag = name.includes(":") ? name.slice(name.lastIndexOf(":") + 1) : "";
  const word = (w) => new RegExp(`(?:^|-)${w}(?:-|$)`).test(tag);
  const db = /(?:^|-)db(\d+)(?:-|$)/.exec(tag);
  return {
    version: db ? Number(db[1]) : PINNED_DATABASE_VERSION,
    exit: word("exit"),
    silent: word("silent"),
  };
}

/**
 * The migration worker's run: from the persisted version (undefined: a new database, created at
 * the binary's version) to the binary's. Returns the lines it logs, the version persisted after, and
 * whether a step ran.
 */
export function migrate(persisted, behaviour) {
  const v = behaviour.version;
  const lines = ["Attempting migration"];
  let version = persisted ?? v;
  if (version > v) lines.push(`persisted db metadata version is ahead at ${version}, this binary is at ${v}`);
  while (version < v) {
    const next = version + 1;
    lines.push(
      `Migrating to ${next}`,
      `Executing Migration ${next}/${v}. Wait for log line 'Migrated ${next}'`,
    );
    version = next;
    lines.push(`Migrated ${next}`);
  }
  if (version === v) lines.push(`db metadata version up to date at ${v}`);
  lines.push("Migration complete");
  return { lines: behaviour.silent ? [] : lines, version, stepped: version !== (persisted ?? v) };
}
