import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_READ_BYTES } from "../../src/adapters/confine.js";
import { createFileStore } from "../../src/adapters/files.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "files-"));
  dirs.push(d);
  return d;
};

describe("file store", () => {
  it("writes atomically with the requested mode, whatever the umask and the old mode", async () => {
    const d = tmp();
    const file = join(d, "secret.env");
    writeFileSync(file, "OLD=1\n", { mode: 0o644 });
    const old = process.umask(0o000);
    try {
      await createFileStore().write(file, "NEW=1\n", 0o600);
    } finally {
      process.umask(old);
    }
    expect(readFileSync(file, "utf8")).toBe("NEW=1\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(["secret.env"]); // no temporary file left behind
  });

  it("never writes through a link, even one inside the repository: refused naming it, both left as they were", async () => {
    const d = tmp();
    writeFileSync(join(d, "shared.env"), "A=1\n", { mode: 0o644 });
    symlinkSync(join(d, "shared.env"), join(d, ".env.local"));
    for (const store of [createFileStore(), createFileStore().within(d)]) {
      await expect(store.write(join(d, ".env.local"), "A=2\n", 0o600)).rejects.toThrow(
        /\.env\.local is a link to .*shared\.env; refusing to write through it\.\n {2}-> .*Replace the link with a regular file/,
      );
    }
    expect(lstatSync(join(d, ".env.local")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "shared.env"), "utf8")).toBe("A=1\n");
    expect(statSync(join(d, "shared.env")).mode & 0o777).toBe(0o644);
  });

  it("a link to a secret (a .gitignore linked to the key) is refused: the secret keeps its content and mode", async () => {
    const d = tmp();
    writeFileSync(join(d, "jwt_private_key.pem"), "KEY\n", { mode: 0o600 });
    symlinkSync("jwt_private_key.pem", join(d, ".gitignore"));
    await expect(createFileStore().within(d).write(join(d, ".gitignore"), "x\n", 0o644)).rejects.toThrow(
      /\.gitignore is a link to .*jwt_private_key\.pem; refusing to write through it/,
    );
    expect(readFileSync(join(d, "jwt_private_key.pem"), "utf8")).toBe("KEY\n");
    expect(statSync(join(d, "jwt_private_key.pem")).mode & 0o777).toBe(0o600);
  });

  it("a file in a linked folder inside the repository is written (the file itself is no link)", async () => {
    const d = tmp();
    mkdirSync(join(d, "packages/web"), { recursive: true });
    symlinkSync(join(d, "packages/web"), join(d, "web"));
    await createFileStore().within(d).write(join(d, "web/.env.local"), "A=1\n", 0o600);
    expect(readFileSync(join(d, "packages/web/.env.local"), "utf8")).toBe("A=1\n");
  });

  it("reads a missing file as undefined, and creates missing folders", async () => {
    const d = tmp();
    const store = createFileStore();
    expect(await store.read(join(d, "nope"))).toBeUndefined();
    await store.write(join(d, "a/b/c.txt"), "x", 0o644);
    expect(await store.read(join(d, "a/b/c.txt"))).toBe("x");
    expect(await store.isDirectory(join(d, "a"))).toBe(true);
    expect(await store.exists(join(d, "a/b/c.txt"))).toBe(true);
  });
});

describe("file store: what is never read", () => {
  it.each([
    [
      "a FIFO (it would wait for a writer forever)",
      (d: string) => execFileSync("mkfifo", [join(d, "f")]),
      /f is a named pipe \(FIFO\), not a regular file; refusing to read it\./,
    ],
    [
      "a folder",
      (d: string) => mkdirSync(join(d, "f")),
      /f is a folder, not a regular file; refusing to read it\./,
    ],
    [
      "a link to a device",
      (d: string) => symlinkSync("/dev/zero", join(d, "f")),
      /f is a device, not a regular file/,
    ],
    [
      "a file over the size cap",
      (d: string) => {
        writeFileSync(join(d, "f"), "");
        truncateSync(join(d, "f"), MAX_READ_BYTES + 1);
      },
      /f is \d+ bytes, over the \d+ read at most; refusing to read it\./,
    ],
    [
      "a 2 MiB package.json (every file read is a small manifest, env file or key: parsing more would block the run)",
      (d: string) => writeFileSync(join(d, "f"), `{"name":"${"x".repeat(2 * 1024 * 1024)}"}`),
      /f is \d+ bytes, over the 1048576 read at most; refusing to read it\./,
    ],
  ])("%s: refused, naming the file", async (_n, make, message) => {
    const d = tmp();
    make(d);
    await expect(createFileStore().read(join(d, "f"))).rejects.toThrow(message);
  });
});

describe("file store: what is never written", () => {
  it.each([
    [".git/hooks/post-checkout", "a file under .git"],
    [".GIT/config", "any case of it"],
  ])("%s (%s): refused, nothing written", async (rel) => {
    const d = tmp();
    await expect(createFileStore().within(d).write(join(d, rel), "x", 0o600)).rejects.toThrow(
      /inside a \.git folder; refusing to write it\./,
    );
    expect(existsSync(join(d, rel))).toBe(false);
  });

  it("folders named .git above the repository root are not the repository's", async () => {
    const root = join(tmp(), ".git", "repo");
    await createFileStore().within(root).write(join(root, ".env.local"), "A=1\n", 0o600);
    expect(readFileSync(join(root, ".env.local"), "utf8")).toBe("A=1\n");
  });

  it("a link inside the repository into .git is not written through", async () => {
    const d = tmp();
    mkdirSync(join(d, ".git/hooks"), { recursive: true });
    symlinkSync(join(d, ".git/hooks/pre-commit"), join(d, ".env.local"));
    await expect(createFileStore().within(d).write(join(d, ".env.local"), "KEY=1\n", 0o600)).rejects.toThrow(
      /\.env\.local \(.*\.git\/hooks\/pre-commit\) is inside a \.git folder/,
    );
    expect(readdirSync(join(d, ".git/hooks"))).toEqual([]);
  });

  it.each([
    ["a secret file (0600) stays so when written as public", 0o600, 0o644, 0o600],
    ["a secret file (0400) gets the owner's bits asked for, nothing more", 0o400, 0o644, 0o600],
    ["a file readable by the group is not a secret: the mode asked for", 0o640, 0o644, 0o644],
    ["a public file written as a secret is narrowed", 0o644, 0o600, 0o600],
  ])("%s", async (_n, before, asked, after) => {
    const d = tmp();
    const file = join(d, "f");
    writeFileSync(file, "old", { mode: before });
    chmodSync(file, before);
    await createFileStore().write(file, "new", asked);
    expect(statSync(file).mode & 0o777).toBe(after);
    expect(readFileSync(file, "utf8")).toBe("new");
  });
});
