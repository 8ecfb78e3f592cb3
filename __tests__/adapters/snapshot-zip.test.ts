/**
 * Reading a snapshot ZIP (src/adapters/snapshot-zip.ts) against ZIPs it did not write: the stand-in
 * backend's writer (__tests__/doubles/zip-double.mjs) and a ZIP64 archive built here (what the
 * backend's async_zip writes past 4 GiB or 65535 entries), checked with Info-ZIP's unzip when present.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readSnapshot } from "../../src/adapters/snapshot-zip.js";
import { SetupError } from "../../src/core/errors.js";
import { writeZip } from "../doubles/zip-double.mjs";

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
    // The archive is valid for Info-ZIP's unzip too, when it is on this machine.
    const unzip = spawnSync("unzip", ["-tq", path], { encoding: "utf8" });
    if (!unzip.error) expect(unzip.status, unzip.stdout + unzip.stderr).toBe(0);
    expect(await readSnapshot(path)).toEqual({
      tables: { big: 3000 },
      storageFiles: undefined,
      componentEntries: 0,
    });
  });
});

/**
 * A ZIP whose every size, offset and count is in ZIP64 records: 0xFFFFFFFF in the 32-bit fields,
 * the values in each entry's ZIP64 extra field, and a ZIP64 end record with its locator.
 */
function zip64(entries: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const extra = Buffer.alloc(4 + 16);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(packed.length), 12);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extra.length, 28);
    parts.push(local, nameBytes, extra, packed);
    const centralExtra = Buffer.alloc(4 + 24);
    centralExtra.writeUInt16LE(1, 0);
    centralExtra.writeUInt16LE(24, 2);
    centralExtra.writeBigUInt64LE(BigInt(data.length), 4);
    centralExtra.writeBigUInt64LE(BigInt(packed.length), 12);
    centralExtra.writeBigUInt64LE(BigInt(offset), 20);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(45, 4);
    header.writeUInt16LE(45, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc32(data), 16);
    header.writeUInt32LE(0xffffffff, 20);
    header.writeUInt32LE(0xffffffff, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt16LE(centralExtra.length, 30);
    header.writeUInt32LE(0xffffffff, 42);
    central.push(header, nameBytes, centralExtra);
    offset += local.length + nameBytes.length + extra.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(entries.length), 24);
  end64.writeBigUInt64LE(BigInt(entries.length), 32);
  end64.writeBigUInt64LE(BigInt(directory.length), 40);
  end64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...parts, directory, end64, locator, end]);
}
