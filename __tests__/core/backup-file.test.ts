/** A backup's files (names, the variables file), .gitignore's backups folder, and the inputs of backup/restore. */
import { describe, expect, it } from "vitest";
import {
  BACKUP_FORMAT,
  type BackupManifest,
  compareTables,
  defaultBackupName,
  describeTables,
  parseManifest,
  pickBackupEntry,
  renderManifest,
  variablesFileOf,
} from "../../src/core/backup-file.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { SetupError } from "../../src/core/errors.js";
import { mergeGitignoreFolder } from "../../src/core/gitignore.js";
import { configProblems as problems } from "../helpers/config-problems.js";

describe("backup file names", () => {
  it("the default name is the instance and the UTC time, sortable", () => {
    expect(defaultBackupName("pr-7", new Date("2026-08-21T09:05:03.123Z"))).toBe("pr-7-20260821-090503Z.zip");
  });
  it("the variables file sits next to the ZIP", () => {
    expect(variablesFileOf("/a/b/app-1.zip")).toBe("/a/b/app-1.env.json");
    expect(variablesFileOf("/a/B.ZIP")).toBe("/a/B.env.json");
  });
});

describe("the variables file", () => {
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: "2026-08-21T09:05:03.123Z",
    target: "compose",
    instanceName: "app",
    zip: "app.zip",
    convexVersion: "1.48.0",
    includesFileStorage: false,
    tables: { messages: 3 },
    storageFiles: undefined,
    variables: ["A", "B"],
  };
  it("reads back what it writes", () => {
    expect(parseManifest(renderManifest(manifest), "x.env.json")).toEqual(
      JSON.parse(JSON.stringify(manifest)),
    );
  });
  it.each([
    ["not json", "x.env.json is not JSON"],
    ["{}", `format is not "${BACKUP_FORMAT}"`],
    [JSON.stringify({ ...manifest, variables: "A" }), "variables is not a list of names"],
    [JSON.stringify({ ...manifest, values: { A: 1 } }), "values is not a name -> text map"],
  ])("%s is refused, naming the file", (text, message) => {
    let error: unknown;
    try {
      parseManifest(text, "x.env.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toContain("x.env.json");
    expect((error as Error).message).toContain(message);
  });
});

describe("tables", () => {
  it("are described by name, empty ones left out", () => {
    expect(describeTables({ users: 2, messages: 3, empty: 0 })).toBe("messages: 3, users: 2");
    expect(describeTables({})).toBe("no documents");
  });
  it("a restore is compared table by table, extra tables included", () => {
    expect(compareTables({ messages: 3, users: 0 }, { messages: 3 })).toEqual([]);
    expect(compareTables({ messages: 3 }, { messages: 2, extra: 1, gone: 0 })).toEqual([
      "messages has 2 documents, the backup 3",
      "extra (1 document) is not in the backup",
    ]);
  });
});

describe(".gitignore gets the backups folder once", () => {
  it.each([
    [undefined, true],
    ["node_modules/\n", true],
    ["/.convex-backups/\n", false],
    [".convex-backups\n", false],
    [".convex-backups/**\n", false],
    ["!.convex-backups/\n", false],
    ["# .convex-backups/\n", true],
  ])("%j -> added: %s", (existing, added) => {
    const r = mergeGitignoreFolder(existing, ".convex-backups", "backups");
    expect(r.added).toBe(added);
    if (added) {
      expect(r.text.endsWith("# backups\n/.convex-backups/\n")).toBe(true);
      expect(mergeGitignoreFolder(r.text, ".convex-backups", "backups").added).toBe(false);
    } else expect(r.text).toBe(existing);
  });
});

describe("the inputs of backup, restore and upgrade", () => {
  it.each([
    [
      { "include-file-storage": "true" },
      "include-file-storage: is for command: backup or upgrade (command is up); remove it from this step.",
    ],
    [
      { "include-env-values": "true", command: "restore", "backup-file": "a.zip" },
      "include-env-values: is for command: backup (command is restore); remove it from this step.",
    ],
    [
      { "confirm-restore": "true", command: "backup" },
      "confirm-restore: is for command: restore (command is backup); remove it from this step.",
    ],
    [
      { "backup-file": "a.zip", command: "down" },
      "backup-file: is for command: backup or restore or upgrade (command is down); remove it from this step.",
    ],
    [
      { release: "x", command: "backup" },
      "release: is for command: upgrade (command is backup); remove it from this step.",
    ],
    [{ command: "restore" }, "backup-file: command: restore needs the snapshot ZIP to import"],
    [{ command: "backup", "backup-file": "a.tar" }, 'backup-file: "a.tar" must be a .zip file\'s path'],
    [
      { command: "backup", target: "kubernetes", "render-only": "true" },
      "render-only: nothing runs with render-only, so there is nothing to backup",
    ],
  ])("%j", (raw, message) => {
    expect(problems(raw as RawInputs).join("\n")).toContain(message);
  });
  it("are read into the configuration", () => {
    const config = parseConfig(
      { command: "restore", "backup-file": "b/x.zip", "confirm-restore": "true" },
      {},
    );
    expect(config.backup).toEqual({
      file: "b/x.zip",
      includeFileStorage: false,
      includeEnvValues: false,
      confirmRestore: true,
    });
    expect(problems({ command: "backup" })).toEqual([]);
    expect(problems({ "include-file-storage": "false" })).toEqual([]);
  });
});

describe("pickBackupEntry", () => {
  const zip = (name: string, size = 10) => ({ name, size });
  it.each<[string, Array<{ name: string; size: number }>, { name: string } | RegExp]>([
    ["the one backup", [zip("app.zip"), zip("app.env.json")], { name: "app.zip" }],
    ["in a folder", [zip("backups/"), zip("backups/app.ZIP")], { name: "backups/app.ZIP" }],
    [
      "../ anywhere in the path",
      [zip("a/../../b.zip")],
      /path leaves its folder \("a\/\.\.\/\.\.\/b\.zip"\)/,
    ],
    ["an absolute path", [zip("/tmp/b.zip")], /path leaves its folder/],
    ["a drive letter", [zip("C:/b.zip")], /path leaves its folder/],
    ["a backslash", [zip("..\\b.zip")], /path leaves its folder/],
    ["two backups", [zip("a.zip"), zip("b.zip")], /holds 2 \.zip files \(a\.zip, b\.zip\)/],
    ["none", [zip("a.txt")], /holds no \.zip/],
    ["too large", [zip("a.zip", 101)], /a\.zip declares 101 bytes unpacked, more than the 100 bytes/],
  ])("%s", (_, entries, expected) => {
    const r = pickBackupEntry(entries, "prod-backup", 100);
    if (expected instanceof RegExp) expect((r as { error: string }).error).toMatch(expected);
    else expect(r).toEqual(expected);
  });
});
