// TEST DOUBLE helper: a small ZIP writer and reader for the stand-in backend's snapshot export and
// import (independent of src/, which has its own reader). Deflated entries, no ZIP64 (a stand-in's
// snapshots are small), data descriptors and ZIP64 read only as far as a stand-in needs.
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

/** DOS date and time of a Date (the fields every ZIP entry carries). */
function dosTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

/** A ZIP of `entries` ([name, Buffer|string] pairs, in order), deflated, mode 0644 as the backend writes. */
export function writeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const { time, day } = dosTime(new Date());
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on unix: the mode is in the external attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a ZIP as a Map name -> Buffer; throws on what is not a ZIP. */
export function readZip(buffer) {
  let at = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error("not a ZIP file (no end of central directory record)");
  let count = buffer.readUInt16LE(at + 10);
  let dirOffset = buffer.readUInt32LE(at + 16);
  // ZIP64: the locator sits right before the end record.
  if (at >= 20 && buffer.readUInt32LE(at - 20) === 0x07064b50) {
    const end64 = Number(buffer.readBigUInt64LE(at - 20 + 8));
    count = Number(buffer.readBigUInt64LE(end64 + 32));
    dirOffset = Number(buffer.readBigUInt64LE(end64 + 48));
  }
  const out = new Map();
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = buffer.readUInt16LE(p + 10);
    let packedSize = buffer.readUInt32LE(p + 20);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    let localOffset = buffer.readUInt32LE(p + 42);
    const name = buffer.toString("utf8", p + 46, p + 46 + nameLength);
    // ZIP64 extra field: the 64-bit values of the fields that read 0xFFFFFFFF, in order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buffer.readUInt16LE(e);
      const size = buffer.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (buffer.readUInt32LE(p + 24) === 0xffffffff) q += 8;
        if (packedSize === 0xffffffff) {
          packedSize = Number(buffer.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(buffer.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    const dataStart =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const packed = buffer.subarray(dataStart, dataStart + packedSize);
    out.set(name, method === 0 ? Buffer.from(packed) : inflateRawSync(packed));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
