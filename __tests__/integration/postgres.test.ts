/** The Postgres preflight against a real PostgreSQL server (no mocks). */
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgres } from "../../src/adapters/postgres.js";
import { deriveDatabaseName, normalizePostgresUrl, type SslMode } from "../../src/core/postgres-url.js";
import { cli, disposeSandboxes, plainSandbox } from "../helpers/day-two-sandbox.js";
import { failure } from "../helpers/failure.js";
import { HARD_PASSWORD, PostgresCluster } from "../helpers/postgres-cluster.js";
import { freePort } from "../helpers/sandbox.js";

disposeSandboxes();

let pg: PostgresCluster;
beforeAll(async () => {
  pg = await PostgresCluster.start();
});
afterAll(() => pg?.stop());

const postgres = createPostgres();
function target(url: string, instance: string, sslmode: SslMode = "disable") {
  return { ...normalizePostgresUrl(url, sslmode, "postgres-url"), name: deriveDatabaseName(instance) };
}

describe("Postgres preflight (real server)", () => {
  it("the normalised URL with password p@ss:/ word?#% connects, and the missing database is created", async () => {
    const db = target(pg.url("app_user", HARD_PASSWORD, "/ignored_db?connect_timeout=5"), "my-app");
    expect(db.removedDatabase).toBe("ignored_db");
    const result = await postgres.preflight(db, { createDatabase: true });
    expect(result).toMatchObject({ database: "my_app", created: true, ssl: false });
    expect(result.serverVersion).toMatch(/^\d+/);
    expect(pg.sql("SELECT datname FROM pg_database WHERE datname = 'my_app'")).toBe("my_app");
    // Idempotent: the second run finds it.
    expect((await postgres.preflight(db, { createDatabase: true })).created).toBe(false);
  });

  it("an existing database is used as is, its data intact", async () => {
    pg.sql('CREATE DATABASE "keep-me"');
    pg.sql("CREATE TABLE t (v text); INSERT INTO t VALUES ('precious');", "keep-me");
    const db = { ...target(pg.url("app_user", HARD_PASSWORD), "x"), name: "keep-me" };
    expect((await postgres.preflight(db, { createDatabase: true })).created).toBe(false);
    expect(pg.sql("SELECT v FROM t", "keep-me")).toBe("precious");
  });

  it("quotes the identifier safely (a name with a double quote)", async () => {
    const db = { ...target(pg.url("app_user", HARD_PASSWORD), "x"), name: 'we"ird' };
    expect((await postgres.preflight(db, { createDatabase: true })).created).toBe(true);
    expect(pg.sql(`SELECT datname FROM pg_database WHERE datname = 'we"ird'`)).toBe('we"ird');
  });

  it("a role without CREATEDB: clear error with what to run instead", async () => {
    const message = await failure(
      postgres.preflight(target(pg.url("no_create", "plain-pw-1"), "needs-db"), { createDatabase: true }),
    );
    expect(message).toMatch(/User "no_create" may not create databases .*"needs_db" does not exist/);
    expect(message).toMatch(/CREATE DATABASE "needs_db" OWNER "no_create"/);
  });

  it("create-database: false and a missing database: says to create it", async () => {
    const message = await failure(
      postgres.preflight(target(pg.url("app_user", HARD_PASSWORD), "absent"), { createDatabase: false }),
    );
    expect(message).toMatch(/has no database "absent".*never creates itself/s);
  });

  it("wrong password: authentication failed, without the password", async () => {
    const message = await failure(
      postgres.preflight(target(pg.url("app_user", "wrong-pw-123"), "x"), { createDatabase: true }),
    );
    expect(message).toMatch(
      new RegExp(
        `Postgres at 127\\.0\\.0\\.1:${pg.port} \\(from postgres-url\\): password authentication failed for user "app_user"`,
      ),
    );
    expect(message).not.toContain("wrong-pw-123");
  });

  it("no password in the URL while the server asks for one: said plainly (not SASL internals)", async () => {
    const url = pg.url("app_user", "x").replace(/:x@/, "@");
    const message = await failure(postgres.preflight(target(url, "x"), { createDatabase: true }));
    expect(message).toMatch(/the server asks user "app_user" for a password, and the URL has none/);
    expect(message).not.toMatch(/SASL/);
  });

  it("a closed port: connection refused", async () => {
    const port = await freePort();
    const message = await failure(
      postgres.preflight(target(`postgres://u:pw@127.0.0.1:${port}`, "x"), { createDatabase: true }),
    );
    expect(message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} .*connection refused`));
  });

  it("a server that never answers: timeout", async () => {
    const port = await freePort();
    const silent: Server = createServer(() => {}).listen(port, "127.0.0.1");
    try {
      const message = await failure(
        postgres.preflight(target(`postgres://u:pw@127.0.0.1:${port}`, "x"), {
          createDatabase: true,
          timeoutMs: 500,
        }),
      );
      expect(message).toMatch(/no answer before the timeout/);
    } finally {
      silent.close();
    }
  });

  it("an unknown host: DNS failure", async () => {
    const message = await failure(
      postgres.preflight(target("postgres://u:pw@no-such-host.invalid:5432", "x"), { createDatabase: true }),
    );
    expect(message).toMatch(/no-such-host\.invalid:5432.*does not resolve/);
  });

  it("a server requiring SSL when disable is asked: suggests require", async () => {
    const message = await failure(
      postgres.preflight(target(pg.url("tls_only", "plain-pw-2"), "x", "disable"), { createDatabase: true }),
    );
    expect(message).toMatch(/refuses connections without SSL.*\n.*postgres-sslmode: require/);
  });

  it("prefer uses TLS when the server offers it", async () => {
    const result = await postgres.preflight(target(pg.url("tls_only", "plain-pw-2"), "tls-db", "prefer"), {
      createDatabase: true,
    });
    expect(result).toMatchObject({ ssl: true, created: true });
  });

  it("require verifies the certificate, as the backend does: a self-signed one is explained", async () => {
    const message = await failure(
      postgres.preflight(target(pg.url("tls_only", "plain-pw-2"), "x", "require"), { createDatabase: true }),
    );
    expect(message).toMatch(/certificate could not be verified.*\n.*PG_CA_FILE/);
  });

  it("a server without SSL when require is asked: suggests disable", async () => {
    pg.sql("ALTER SYSTEM SET ssl = off; SELECT pg_reload_conf();");
    try {
      const message = await failure(
        postgres.preflight(target(pg.url("app_user", HARD_PASSWORD), "x", "require"), {
          createDatabase: true,
        }),
      );
      expect(message).toMatch(
        new RegExp(`127\\.0\\.0\\.1:${pg.port} .*does not support SSL.*\\n.*postgres-sslmode: disable`),
      );
    } finally {
      pg.sql("ALTER SYSTEM RESET ssl; SELECT pg_reload_conf();");
    }
  });

  it("a server older than required: clear error", async () => {
    const message = await failure(
      createPostgres({ minServerVersionNum: 990000 }).preflight(
        target(pg.url("app_user", HARD_PASSWORD), "x"),
        { createDatabase: true },
      ),
    );
    expect(message).toMatch(/runs version \d+.*needs 99 or newer/);
  });
});

describe("the action with a real Postgres", () => {
  it("preflights and creates the database before starting containers; the backend gets the container's URL", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { parse } = await import("dotenv");
    const s = await plainSandbox();
    const url = pg.url("app_user", HARD_PASSWORD, "/whatever");
    const run = await s.runAction(
      s.actionEnv({
        "postgres-url": url,
        "instance-name": "pipeline-pg",
        cleanup: "false",
        deploy: "false",
      }),
    );
    expect(run.code, run.stdout).toBe(0);
    expect(pg.sql("SELECT datname FROM pg_database WHERE datname = 'pipeline_pg'")).toBe("pipeline_pg");
    expect(s.outputs()["postgres-database"]).toBe("pipeline_pg");
    const backendEnv = parse(readFileSync(join(s.app, ".env.convex.local")));
    expect(backendEnv.POSTGRES_URL).toBe(
      `postgres://app_user:${encodeURIComponent(HARD_PASSWORD)}@host.docker.internal:${pg.port}?sslmode=disable`,
    );
    const compose = readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8");
    expect(compose).toContain("host.docker.internal:host-gateway");
    expect(compose).toContain("DO_NOT_REQUIRE_SSL");
    expect(run.stdout).toMatch(/database "pipeline_pg" created/);
    const printed =
      run.stdout
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n") + run.stderr;
    expect(printed).not.toContain(HARD_PASSWORD);
    expect(printed).not.toContain(encodeURIComponent(HARD_PASSWORD));

    // A wrong password stops everything before docker compose up.
    const bad = await plainSandbox();
    const failed = await bad.runAction(
      bad.actionEnv({ "postgres-url": pg.url("app_user", "nope-nope"), cleanup: "false" }),
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::Postgres at 127\.0\.0\.1:\d+ \(from postgres-url\): password authentication failed/,
    );
    expect(bad.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });
});

describe("doctor with a real Postgres (CLI process)", () => {
  it("connects without changing anything, and says what the backend will get", async () => {
    const s = await plainSandbox();
    const url = pg.url("app_user", HARD_PASSWORD, "/mydb?schema=public");
    const run = await cli(s, ["doctor", "--instance-name", "doctor-db"], { DATABASE_URL: url });
    // create-database is on by default: the missing database is what `up` creates, not a problem.
    expect(run.stdout).toMatch(
      /✓ Postgres at 127\.0\.0\.1:\d+ \(from DATABASE_URL\): database "doctor_db" is missing; up will create it\./,
    );
    expect(run.stdout).toMatch(/! Postgres at 127\.0\.0\.1 is this host, not the backend's container/);
    // The same words `up` uses (one preflight for both).
    expect(run.stdout).toMatch(
      /! Dropped schema from DATABASE_URL: the backend's Postgres client refuses options it does not know/,
    );
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'doctor_db'")).toBe("0");
    expect(run.stdout + run.stderr).not.toContain(HARD_PASSWORD);
  });

  it("with create-database off, the missing database FAILs with how to create it", async () => {
    const s = await plainSandbox();
    const run = await cli(s, ["doctor", "--instance-name", "doctor-db2", "--no-create-database"], {
      DATABASE_URL: pg.url("app_user", HARD_PASSWORD, ""),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /✗ Postgres at 127\.0\.0\.1:\d+ \(from DATABASE_URL\) has no database "doctor_db2"/,
    );
    expect(run.stdout).toMatch(/CREATE DATABASE "doctor_db2"/);
  });
});

describe("drop-database (real server)", () => {
  it("drops the preview's database, ending its open sessions; a second time finds none", async () => {
    const db = target(pg.url("app_user", HARD_PASSWORD), "pr-drop-1");
    expect((await postgres.preflight(db, { createDatabase: true })).created).toBe(true);
    // A session still open on it (the backend going away): WITH (FORCE) ends it.
    const { default: pgModule } = await import("pg");
    const session = new pgModule.Client({ ...pgClientOptions(db), database: "pr_drop_1" });
    session.on("error", () => {});
    await session.connect();
    expect(await postgres.dropDatabase(db)).toBe("dropped");
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'pr_drop_1'")).toBe("0");
    await expect(session.query("SELECT 1")).rejects.toThrow();
    await session.end().catch(() => {});
    expect(await postgres.dropDatabase(db)).toBe("absent");
  });

  it("a user who does not own it gets a clear error, and the database stays", async () => {
    const owner = target(pg.url("app_user", HARD_PASSWORD), "pr-drop-2");
    await postgres.preflight(owner, { createDatabase: true });
    const message = await failure(
      postgres.dropDatabase(target(pg.url("no_create", "plain-pw-1"), "pr-drop-2")),
    );
    expect(message).toMatch(
      /User "no_create" may not drop database "pr_drop_2" .*only its owner or a superuser/,
    );
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'pr_drop_2'")).toBe("1");
  });

  it("the CLI: down --drop-database drops a preview's database and refuses another's", async () => {
    const owner = target(pg.url("app_user", HARD_PASSWORD), "pr-cli-3");
    await postgres.preflight(owner, { createDatabase: true });
    await postgres.preflight(target(pg.url("app_user", HARD_PASSWORD), "production"), {
      createDatabase: true,
    });
    const s = await plainSandbox();
    const down = (...args: string[]) =>
      cli(s, ["down", ...args], { DATABASE_URL: pg.url("app_user", HARD_PASSWORD, "") });
    const refused = await down("--instance-name", "production", "--drop-database");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /drop-database: refused: instance-name "production" does not start with preview-prefix "pr-"/,
    );
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'production'")).toBe("1");

    const dropped = await down("--instance-name", "pr-cli-3", "--drop-database");
    expect(dropped.stderr + dropped.stdout).toMatch(
      /Nothing to remove: no container and no volume of compose project convex-app/,
    );
    expect(dropped.stderr + dropped.stdout).toMatch(/Dropped database pr_cli_3 on 127\.0\.0\.1:\d+\./);
    expect(dropped.code).toBe(0);
    expect(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'pr_cli_3'")).toBe("0");
  });
});

function pgClientOptions(db: ReturnType<typeof target>) {
  return { host: db.host, port: db.port, user: db.user, password: db.password };
}
