/**
 * A throwaway PostgreSQL cluster for tests: the machine's initdb/pg_ctl, run as the `postgres`
 * user when we are root (initdb refuses root), on a free port, scram-sha-256 password auth,
 * TLS on with a self-signed certificate, and one role that may only connect over TLS.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./sandbox.js";

export const SUPER_PASSWORD = "super-secret-pw";
/** The password every issue asks us to survive. */
export const HARD_PASSWORD = "p@ss:/ word?#%";

function findBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, "bin/initdb"))) return join(base, v, "bin");
  return undefined;
}

export const POSTGRES_BIN = findBin();

export class PostgresCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly asPostgres: boolean,
  ) {}

  private exec(cmd: string, args: string[], input?: string): string {
    const full = this.asPostgres ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    return execFileSync(full[0] as string, full[1] as string[], {
      encoding: "utf8",
      input,
      stdio: ["pipe", "pipe", "pipe"],
    });
  }

  static async start(): Promise<PostgresCluster> {
    if (!POSTGRES_BIN) throw new Error("PostgreSQL server binaries not found (apt-get install postgresql)");
    const dir = mkdtempSync(join(tmpdir(), "pg-"));
    const asPostgres = process.getuid?.() === 0;
    const cluster = new PostgresCluster(dir, await freePort(), POSTGRES_BIN, asPostgres);
    const data = join(dir, "data");
    const pwfile = join(dir, "pw");
    writeFileSync(pwfile, SUPER_PASSWORD);
    // Self-signed certificate for TLS.
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
    if (asPostgres) {
      const { uid, gid } = {
        uid: Number(execFileSync("id", ["-u", "postgres"]).toString()),
        gid: Number(execFileSync("id", ["-g", "postgres"]).toString()),
      };
      for (const f of [dir, pwfile, join(dir, "server.key"), join(dir, "server.crt")]) chownSync(f, uid, gid);
    }
    cluster.exec(join(cluster.bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=scram-sha-256",
      `--pwfile=${pwfile}`,
      "--no-sync",
      "-E",
      "UTF8",
    ]);
    appendFileSync(
      join(data, "postgresql.conf"),
      [
        `port = ${cluster.port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        "ssl = on",
        `ssl_cert_file = '${join(dir, "server.crt")}'`,
        `ssl_key_file = '${join(dir, "server.key")}'`,
        "fsync = off",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(data, "pg_hba.conf"),
      [
        "local all all scram-sha-256",
        "hostnossl all tls_only 127.0.0.1/32 reject",
        "host all all 127.0.0.1/32 scram-sha-256",
        "",
      ].join("\n"),
    );
    cluster.exec(join(cluster.bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      join(dir, "log"),
      "-w",
      "-t",
      "30",
      "start",
    ]);
    cluster.sql(`
      CREATE ROLE app_user LOGIN CREATEDB PASSWORD '${HARD_PASSWORD.replaceAll("'", "''")}';
      CREATE ROLE no_create LOGIN PASSWORD 'plain-pw-1';
      CREATE ROLE tls_only LOGIN CREATEDB PASSWORD 'plain-pw-2';
    `);
    return cluster;
  }

  /** Runs SQL as the superuser over the Unix socket. */
  sql(text: string, database = "postgres"): string {
    return execFileSync(
      join(this.bin, "psql"),
      [
        "-h",
        this.dir,
        "-p",
        String(this.port),
        "-U",
        "postgres",
        "-d",
        database,
        "-v",
        "ON_ERROR_STOP=1",
        "-tAq",
      ],
      {
        encoding: "utf8",
        input: text,
        env: { ...process.env, PGPASSWORD: SUPER_PASSWORD },
      },
    ).trim();
  }

  url(user: string, password: string, rest = ""): string {
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}${rest}`;
  }

  stop(): void {
    try {
      this.exec(join(this.bin, "pg_ctl"), ["-D", join(this.dir, "data"), "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
