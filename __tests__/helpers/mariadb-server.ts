/**
 * A throwaway MariaDB server for tests (MySQL's protocol), from the machine's `mariadb-server`
 * package (Debian: apt-get install -y mariadb-server; .ci/run installs it): a temporary data
 * directory made by mariadb-install-db, a free TCP port on 127.0.0.1, a socket in the data
 * directory, TLS with a self-signed certificate, run as the current user (root needs --user=root).
 * Missing binaries are an error, not a skip: CI installs them.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { Connection } from "mysql2/promise";
import mysql from "mysql2/promise";
import { freePort } from "./sandbox.js";

/** The password every issue asks us to survive (as the Postgres helper's). */
export const HARD_PASSWORD = "p@ss:/ word?#%";

/** Finds a program on PATH or in the sbin folders, where Debian puts mariadbd. */
function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

function programs(): { server: string; installDb: string } {
  const server = findProgram("mariadbd");
  const installDb = findProgram("mariadb-install-db");
  if (!server || !installDb)
    throw new Error(
      `MariaDB is not installed (${server ? "" : "mariadbd "}${installDb ? "" : "mariadb-install-db "}not found on PATH or in /usr/sbin): the MySQL tests need a real server. Install it with: apt-get install -y mariadb-server (.ci/run does this in CI).`,
    );
  return { server, installDb };
}

/** Polls `check` until it returns true, failing at the deadline with `what` and the log. */
async function waitFor(check: () => Promise<boolean>, deadlineMs: number, what: () => string): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(what());
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class MariadbServer {
  private exited: Promise<void>;
  private done = false;
  private constructor(
    /** The temporary folder: data directory, socket, certificate, log; removed by stop(). */
    readonly dir: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        this.done = true;
        resolve();
      }),
    );
  }

  get socket(): string {
    return join(this.dir, "mysqld.sock");
  }

  static async start(deadlineMs = 90_000): Promise<MariadbServer> {
    const { server, installDb } = programs();
    const dir = mkdtempSync(join(tmpdir(), "mariadb-"));
    const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];
    try {
      execFileSync(
        installDb,
        [
          "--no-defaults",
          `--datadir=${join(dir, "data")}`,
          "--auth-root-authentication-method=normal",
          "--skip-test-db",
          "--skip-name-resolve",
          ...asRoot,
        ],
        { stdio: "pipe" },
      );
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"].concat([
          "-keyout",
          join(dir, "server.key"),
          "-out",
          join(dir, "server.crt"),
        ]),
        { stdio: "ignore" },
      );
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mariadb-install-db failed: ${(error as { stderr?: Buffer }).stderr ?? error}`);
    }
    const port = await freePort();
    const child = spawn(
      server,
      [
        "--no-defaults",
        `--datadir=${join(dir, "data")}`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${join(dir, "mysqld.sock")}`,
        `--pid-file=${join(dir, "mysqld.pid")}`,
        `--log-error=${join(dir, "error.log")}`,
        `--ssl-cert=${join(dir, "server.crt")}`,
        `--ssl-key=${join(dir, "server.key")}`,
        "--skip-log-bin",
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=16M",
        "--innodb-flush-log-at-trx-commit=0",
        ...asRoot,
      ],
      { stdio: "ignore" },
    );
    const db = new MariadbServer(dir, port, child);
    try {
      await waitFor(
        async () => {
          if (db.done) throw new Error(`mariadbd exited at start:\n${db.log()}`);
          return db.root().then(
            (c) => c.end().then(() => true),
            () => false,
          );
        },
        deadlineMs,
        () => `mariadbd did not accept connections within ${deadlineMs} ms:\n${db.log()}`,
      );
      await db.sql(
        `CREATE USER 'app_user'@'%' IDENTIFIED BY ?`,
        [HARD_PASSWORD],
        `GRANT ALL PRIVILEGES ON *.* TO 'app_user'@'%'`,
      );
      return db;
    } catch (error) {
      await db.stop().catch(() => {});
      throw error;
    }
  }

  /** The server's error log (for failures). */
  log(): string {
    try {
      return readFileSync(join(this.dir, "error.log"), "utf8").slice(-4000);
    } catch {
      return "(no log)";
    }
  }

  /** A connection as root over the socket. */
  root(): Promise<Connection> {
    return mysql.createConnection({ socketPath: this.socket, user: "root", connectTimeout: 2000 });
  }

  /**
   * Runs statements as root: each a string, optionally followed by its parameters array. Returns
   * the rows of the last one.
   */
  async sql(...parts: Array<string | unknown[]>): Promise<Record<string, unknown>[]> {
    const conn = await this.root();
    try {
      let rows: unknown = [];
      for (let i = 0; i < parts.length; i++) {
        const text = parts[i] as string;
        const params = Array.isArray(parts[i + 1]) ? (parts[++i] as unknown[]) : [];
        [rows] = await conn.query(text, params);
      }
      return rows as Record<string, unknown>[];
    } finally {
      await conn.end();
    }
  }

  /** The names of the databases (schemas) on the server. */
  async databases(): Promise<string[]> {
    return (await this.sql("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA")).map((r) =>
      String(r.name),
    );
  }

  url(user: string, password: string, rest = ""): string {
    return `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}${rest}`;
  }

  /** Stops the server (SIGTERM: a clean shutdown), waits for it to exit, removes its folder. */
  async stop(deadlineMs = 60_000): Promise<void> {
    try {
      if (!this.done) {
        this.child.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          this.exited,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              this.child.kill("SIGKILL");
              reject(new Error(`mariadbd on port ${this.port} did not stop within ${deadlineMs} ms`));
            }, deadlineMs);
          }),
        ]).finally(() => clearTimeout(timer));
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
