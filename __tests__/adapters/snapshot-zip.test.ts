/**
 * Reading a snapshot ZIP (src/adapters/snapshot-zip.ts) against ZIPs it did not write: the stand-in
 * backend's writer (__tests__/doubles/zip-double.mjs) and a ZIP64 archive (helpers/zip64.ts: what
 * the backend's async_zip writes past 4 GiB or 65535 entries).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSnapshot } from "../../src/adapters/snapshot-zip.js";
import { SetupError } from "../../src/core/errors.js";
import { writeZip } from "../doubles/zip-double.mjs";
import { zip64 } from "../helpers/zip64.js";

const dir = mkdtempSync(join(tmpdir(), "snapshot-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string) => {
  const path = join(dir, `${n++}.zip`);
  writeFileSync(path, bytes);
  return path;
};
const lines = (count: number) =>
  Array.from({ length: count }, (_, i) => `{"_id":"${i}","n":${i}}\n`).join("");

describe("readSnapshot", () => {
  it("counts each table's documents, file storage apart, components not counted", async () => {
    const zip = writeZip([
      ["README.md", "# snapshot\n"],
      ["_tables/documents.jsonl", '{"name":"messages","id":10001}\n{"name":"empty","id":10002}\n'],
      ["messages/documents.jsonl", lines(10_000)],
      ["messages/generated_schema.jsonl", '"uniform"\n'],
      ["empty/documents.jsonl", ""],
      ["users/documents.jsonl", '{"a":1}\n{"a":2}'], // no newline after the last document
      ["_storage/documents.jsonl", lines(2)],
      ["_storage/kg2abc", "file bytes"],
      ["_components/ratelimiter/limits/documents.jsonl", lines(4)],
    ]);
    expect(await readSnapshot(file(zip))).toEqual({
      tables: { messages: 10_000, empty: 0, users: 2 },
      storageFiles: 2,
      componentEntries: 1,
    });
  });

  it("a file that is not a ZIP is refused, naming it", async () => {
    const path = file("PK but not really a zip");
    await expect(readSnapshot(path)).rejects.toThrow(SetupError);
    await expect(readSnapshot(path)).rejects.toThrow(
      `${path} is not a snapshot ZIP (no end of central directory record)`,
    );
  });

  it.each([
    [
      "a FIFO (restore's backup-file: the read would wait for a writer forever)",
      (p: string) => execFileSync("mkfifo", [p]),
      "a named pipe (FIFO)",
    ],
    ["a folder", (p: string) => mkdirSync(p), "a folder"],
  ])("%s is refused at once, naming it", async (_, make, kind) => {
    const path = join(dir, `${n++}.zip`);
    make(path);
    await expect(readSnapshot(path)).rejects.toThrow(
      `${path} is ${kind}, not a regular file; refusing to read it.`,
    );
  });

  it("a ZIP that is not a Convex snapshot is refused", async () => {
    const path = file(writeZip([["photo.jpg", "x"]]));
    await expect(readSnapshot(path)).rejects.toThrow("a ZIP, but not a Convex snapshot export");
  });

  it("a ZIP cut short is refused", async () => {
    const whole = writeZip([
      ["README.md", "x"],
      ["t/documents.jsonl", lines(100)],
    ]);
    await expect(readSnapshot(file(whole.subarray(0, whole.length - 30)))).rejects.toThrow(
      /is not a snapshot ZIP/,
    );
  });

  it("reads ZIP64 records (as the backend's writer makes them past 4 GiB or 65535 entries)", async () => {
    const path = file(
      zip64([
        ["README.md", "x"],
        ["big/documents.jsonl", lines(3000)],
      ]),
    );
    // Info-ZIP's unzip accepts the same archive: integration/day-two.test.ts.
    expect(await readSnapshot(path)).toEqual({
      tables: { big: 3000 },
      storageFiles: undefined,
      componentEntries: 0,
    });
  });
});
