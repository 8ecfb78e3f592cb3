/**
 * Reading a snapshot ZIP as `convex export` downloads it (the backend's crates/exports at the
 * pinned release: README.md, `_tables/documents.jsonl`, `<table>/documents.jsonl` per table of the
 * app, one JSON document per line, `_storage/documents.jsonl` and the files with
 * --include-file-storage, a component's tables under `_components/<path>/`). Only the central
 * directory and the entries counted are read, streamed: a backup may be larger than memory.
 * ZIP64 (more than 65535 entries or 4 GiB) is read too.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { SetupError } from "../core/errors.js";
import { openRegular } from "./confine.js";

export interface Entry {
  name: string;
  method: number;
  packedSize: number;
  /** The uncompressed size its central directory declares (checked again while inflating). */
  size: number;
  localOffset: number;
}

export interface SnapshotSummary {
  /** Documents per table of the app (the root component), from `<table>/documents.jsonl`. */
  tables: Record<string, number>;
  /** Files in file storage (`_storage/documents.jsonl`), undefined when the ZIP has none. */
  storageFiles: number | undefined;
  /** Tables of components (under _components/), by path: not counted. */
  componentEntries: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function notAZip(path: string, why: string): SetupError {
  return new SetupError(
    `${path} is not a snapshot ZIP (${why}).`,
    "Give a file that `convex export` (or command: backup) wrote; it may have been cut short by a failed download.",
  );
}

export async function readCentralDirectory(path: string): Promise<Entry[]> {
  // A FIFO (a backup-file made one) would block the read forever: only a regular file is opened.
  const file = await openRegular(path);
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 65535 + 20);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0) throw notAZip(path, "no end of central directory record");
    let count = tail.readUInt16LE(at + 10);
    let dirSize = tail.readUInt32LE(at + 12);
    let dirOffset = tail.readUInt32LE(at + 16);
    if (at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
      const end64Offset = Number(tail.readBigUInt64LE(at - 20 + 8));
      const end64 = Buffer.alloc(56);
      await file.read(end64, 0, 56, end64Offset);
      count = Number(end64.readBigUInt64LE(32));
      dirSize = Number(end64.readBigUInt64LE(40));
      dirOffset = Number(end64.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size) throw notAZip(path, "its central directory lies past its end");
    const dir = Buffer.alloc(dirSize);
    await file.read(dir, 0, dirSize, dirOffset);
    const entries: Entry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
        throw notAZip(path, "a damaged central directory");
      const method = dir.readUInt16LE(p + 10);
      const sizeField = dir.readUInt32LE(p + 24);
      let size = sizeField;
      let packedSize = dir.readUInt32LE(p + 20);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      let localOffset = dir.readUInt32LE(p + 42);
      const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
      // ZIP64 extended information: the 64-bit values of the fields that read 0xFFFFFFFF, in order.
      for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
        const id = dir.readUInt16LE(e);
        const length = dir.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (sizeField === 0xffffffff) {
            size = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (packedSize === 0xffffffff) {
            packedSize = Number(dir.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(dir.readBigUInt64LE(q));
        }
        e += 4 + length;
      }
      entries.push({ name, method, packedSize, size, localOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    // Where each entry's data starts: after its local header, whose name and extra may differ.
    for (const entry of entries) {
      const header = Buffer.alloc(30);
      await file.read(header, 0, 30, entry.localOffset);
      if (header.readUInt32LE(0) !== LOCAL) throw notAZip(path, `a damaged entry ${entry.name}`);
      entry.localOffset += 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** The lines of one entry (one JSON document each), counted as it is inflated. */
async function countLines(path: string, entry: Entry): Promise<number> {
  if (entry.packedSize === 0) return 0;
  const raw = createReadStream(path, {
    start: entry.localOffset,
    end: entry.localOffset + entry.packedSize - 1,
  });
  const stream = entry.method === 0 ? raw : raw.pipe(createInflateRaw());
  if (entry.method !== 0 && entry.method !== 8)
    throw new SetupError(
      `${path}: entry ${entry.name} uses compression method ${entry.method}, not deflate.`,
    );
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 0x0a) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 0x0a ? lines : lines + 1;
}

/** What a snapshot ZIP holds: the documents per table of the app, and its stored files. */
export async function readSnapshot(path: string): Promise<SnapshotSummary> {
  let entries: Entry[];
  try {
    entries = await readCentralDirectory(path);
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(`Could not read ${path}: ${(error as Error).message}`);
  }
  const tables: Record<string, number> = {};
  let storageFiles: number | undefined;
  let componentEntries = 0;
  const named = new Set(entries.map((e) => e.name));
  if (!named.has("_tables/documents.jsonl") && !named.has("README.md"))
    throw notAZip(path, "no README.md or _tables/documents.jsonl: a ZIP, but not a Convex snapshot export");
  for (const entry of entries) {
    if (entry.name.startsWith("_components/")) {
      componentEntries++;
      continue;
    }
    const m = /^([^/]+)\/documents\.jsonl$/.exec(entry.name);
    if (!m) continue;
    try {
      if (m[1] === "_storage") storageFiles = await countLines(path, entry);
      else if (!m[1]!.startsWith("_")) tables[m[1]!] = await countLines(path, entry);
    } catch (error) {
      if (error instanceof SetupError) throw error;
      throw notAZip(path, `entry ${entry.name} does not inflate: ${(error as Error).message}`);
    }
  }
  return { tables, storageFiles, componentEntries };
}

/**
 * Writes one entry's bytes to `dest` (created new, mode 0600), stopping with an error as soon as
 * more than `maxBytes` (or more than the entry declares) come out: a ZIP bomb never fills the disk.
 */
export async function extractEntry(
  path: string,
  entry: Entry,
  dest: string,
  maxBytes: number,
): Promise<void> {
  if (entry.method !== 0 && entry.method !== 8)
    throw new SetupError(
      `${path}: entry ${entry.name} uses compression method ${entry.method}, not deflate.`,
    );
  const limit = Math.min(maxBytes, entry.size);
  const out = await open(dest, "wx", 0o600);
  try {
    if (entry.packedSize === 0) return;
    const raw = createReadStream(path, {
      start: entry.localOffset,
      end: entry.localOffset + entry.packedSize - 1,
    });
    const stream = entry.method === 0 ? raw : raw.pipe(createInflateRaw());
    let written = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > limit) {
        raw.destroy();
        throw new SetupError(
          `${path}: entry ${entry.name} inflates to more than ${written > entry.size ? `the ${entry.size} bytes it declares` : `${maxBytes} bytes`}: refused.`,
        );
      }
      await out.write(chunk);
    }
  } finally {
    await out.close();
  }
}
