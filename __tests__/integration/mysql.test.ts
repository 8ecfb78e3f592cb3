/** The MySQL preflight and drop-database against a real MariaDB server (no mocks). */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMysql } from "../../src/adapters/mysql.js";
import { type MysqlSslMode, normalizeMysqlUrl } from "../../src/core/mysql-url.js";
import { deriveDatabaseName } from "../../src/core/postgres-url.js";
import { cli, disposeSandboxes, plainSandbox } from "../helpers/day-two-sandbox.js";
import { failure } from "../helpers/failure.js";
import { HARD_PASSWORD, MariadbServer } from "../helpers/mariadb-server.js";
import { visible } from "../helpers/sandbox.js";

disposeSandboxes();

let server: MariadbServer;
beforeAll(async () => {
  server = await MariadbServer.start();
  await server.sql(
    "CREATE USER 'no_create'@'%' IDENTIFIED BY 'plain-pw-1'",
    "CREATE DATABASE only_read",
    "GRANT SELECT ON only_read.* TO 'no_create'@'%'",
    "CREATE USER 'tls_only'@'%' IDENTIFIED BY 'plain-pw-2' REQUIRE SSL",
    "GRANT ALL PRIVILEGES ON *.* TO 'tls_only'@'%'",
  );
});
afterAll(() => server?.stop());

// MariaDB lacks the collation the backend's tables need (REQUIRED_COLLATION, pinned below): these
// tests check everything else against a real server with one it has.
const mysql = createMysql({ requiredCollation: "utf8mb4_bin" });
function target(url: string, instance: string, sslMode: MysqlSslMode = "disable") {
  return { ...normalizeMysqlUrl(url, sslMode, "mysql-url"), name: deriveDatabaseName(instance) };
}

describe("MySQL preflight (real MariaDB server)", () => {
  it("a server without utf8mb4_0900_bin (MariaDB 10.11) is refused: the backend could not create its tables", async () => {
    const db = target(server.url("app_user", HARD_PASSWORD), "pr-8-app");
    const message = await failure(createMysql().preflight(db, { createDatabase: true }));
    expect(message).toMatch(
      new RegExp(
        `MariaDB at 127\\.0\\.0\\.1:${server.port} \\(from mysql-url\\) runs version 10\\.\\S+, which has no collation utf8mb4_0900_bin: the backend's own tables use it`,
      ),
    );
    expect(message).toMatch(/Use MySQL 8\.0\.17 or newer/);
    expect(await server.databases()).not.toContain("pr_8_app");
    // The server's own answer to a column with that collation, as the backend's table has one.
    const direct = await failure(
      server.sql(
        "CREATE DATABASE collation_probe",
        "CREATE TABLE collation_probe.t (k VARCHAR(8) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin)",
      ),
    );
    expect(direct).toMatch(/Unknown collation: 'utf8mb4_0900_bin'/);
  });

  it("the normalised URL with password p@ss:/ word?#% connects, and the missing database is created", async () => {
    const db = target(server.url("app_user", HARD_PASSWORD, "/ignored_db?tcp_nodelay=true"), "pr-7-app");
    expect(db.removedDatabase).toBe("ignored_db");
    const result = await mysql.preflight(db, { createDatabase: true });
    expect(result).toMatchObject({ database: "pr_7_app", created: true, ssl: false, flavor: "MariaDB" });
    expect(result.serverVersion).toMatch(/^\d+\.\d+/);
    expect(await server.databases()).toContain("pr_7_app");
    // The privilege check leaves nothing behind, and a second run finds the database.
    expect(
      await server.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'pr_7_app'"),
    ).toEqual([]);
    expect((await mysql.preflight(db, { createDatabase: true })).created).toBe(false);
  });

  it("an existing database is used as is, its data intact", async () => {
    await server.sql(
      "CREATE DATABASE keep_me",
      "CREATE TABLE keep_me.t (v TEXT)",
      "INSERT INTO keep_me.t VALUES ('precious')",
    );
    const db = target(server.url("app_user", HARD_PASSWORD), "keep-me");
    expect((await mysql.preflight(db, { createDatabase: true })).created).toBe(false);
    expect(await server.sql("SELECT v FROM keep_me.t")).toEqual([{ v: "precious" }]);
  });

  it("wrong password: names the input and the user, never prints the password", async () => {
    const message = await failure(
      mysql.preflight(target(server.url("app_user", "wrong-pw-123"), "x"), { createDatabase: true }),
    );
    expect(message).toMatch(
      new RegExp(
        `MySQL at 127\\.0\\.0\\.1:${server.port} \\(from mysql-url\\): access denied for user "app_user"`,
      ),
    );
    expect(message).not.toContain("wrong-pw-123");
  });

  it("a user that may not create databases: says what to run instead", async () => {
    const message = await failure(
      mysql.preflight(target(server.url("no_create", "plain-pw-1"), "needs-db"), { createDatabase: true }),
    );
    expect(message).toMatch(/User "no_create" may not create databases .*"needs_db" does not exist/);
    expect(message).toContain(
      "CREATE DATABASE `needs_db`; GRANT ALL PRIVILEGES ON `needs_db`.* TO 'no_create'@'%';",
    );
    expect(message).not.toContain("plain-pw-1");
  });

  it("a user that may only read the database: the privilege check fails with the GRANT to run", async () => {
    const message = await failure(
      mysql.preflight(target(server.url("no_create", "plain-pw-1"), "only-read"), { createDatabase: true }),
    );
    expect(message).toMatch(/User "no_create" may not CREATE in database "only_read"/);
    expect(message).toContain("GRANT ALL PRIVILEGES ON `only_read`.* TO 'no_create'@'%';");
  });

  it("create-database: false and a missing database: says to create it", async () => {
    const message = await failure(
      mysql.preflight(target(server.url("app_user", HARD_PASSWORD), "absent"), { createDatabase: false }),
    );
    expect(message).toMatch(/has no database "absent".*never creates itself/s);
  });

  it("nothing listening: connection refused, naming host, port and source", async () => {
    const db = { ...target(server.url("app_user", HARD_PASSWORD), "x"), port: 1 };
    expect(await failure(mysql.preflight(db, { createDatabase: true }))).toMatch(
      /MySQL at 127\.0\.0\.1:1 \(from mysql-url\): connection refused/,
    );
  });

  it("a user that must use TLS: refused without it, accepted with keep and verify_ca=false", async () => {
    const plain = await failure(
      mysql.preflight(target(server.url("tls_only", "plain-pw-2"), "tls-db"), { createDatabase: true }),
    );
    expect(plain).toMatch(/access denied for user "tls_only"/);
    expect(plain).toMatch(/an account created with REQUIRE SSL also needs mysql-ssl-mode/);
    const tls = target(
      server.url("tls_only", "plain-pw-2", "?require_ssl=true&verify_ca=false"),
      "tls-db",
      "keep",
    );
    expect(tls.doNotRequireSsl).toBe(true);
    expect(await mysql.preflight(tls, { createDatabase: true })).toMatchObject({ ssl: true, created: true });
  });

  it("require verifies the certificate, as the backend does: a self-signed one is refused", async () => {
    const db = target(server.url("app_user", HARD_PASSWORD), "tls-verify", "require");
    expect(db.doNotRequireSsl).toBe(false);
    const message = await failure(mysql.preflight(db, { createDatabase: true }));
    expect(message).toMatch(/TLS certificate could not be verified/);
    expect(message).not.toContain(HARD_PASSWORD);
  });
});

describe("MySQL drop-database (real MariaDB server)", () => {
  it("drops a preview's database with its tables, and says absent the second time", async () => {
    const db = target(server.url("app_user", HARD_PASSWORD), "pr-9-shop");
    await mysql.preflight(db, { createDatabase: true });
    await server.sql("CREATE TABLE pr_9_shop.documents (id INT)");
    expect(await mysql.dropDatabase(db)).toBe("dropped");
    expect(await server.databases()).not.toContain("pr_9_shop");
    expect(await mysql.dropDatabase(db)).toBe("absent");
  });

  it("a user without DROP: says who may", async () => {
    await server.sql("CREATE DATABASE pr_1_ro", "GRANT SELECT ON pr_1_ro.* TO 'no_create'@'%'");
    const message = await failure(
      mysql.dropDatabase(target(server.url("no_create", "plain-pw-1"), "pr-1-ro")),
    );
    expect(message).toMatch(/User "no_create" may not drop database "pr_1_ro"/);
    expect(await server.databases()).toContain("pr_1_ro");
  });

  it("the CLI: down --drop-database drops a preview's database and refuses another's", async () => {
    await server.sql("CREATE DATABASE production", "CREATE DATABASE pr_cli_3");
    const s = await plainSandbox();
    const down = (...args: string[]) =>
      cli(s, ["down", ...args], { MYSQL_URL: server.url("app_user", HARD_PASSWORD) });
    const refused = await down("--instance-name", "production", "--drop-database");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /drop-database: refused: instance-name "production" does not start with preview-prefix "pr-"/,
    );
    expect(await server.databases()).toContain("production");

    const dropped = await down("--instance-name", "pr-cli-3", "--drop-database");
    expect(dropped.stderr + dropped.stdout).toMatch(/Dropped database pr_cli_3 on 127\.0\.0\.1:\d+\./);
    expect(dropped.code).toBe(0);
    expect(await server.databases()).not.toContain("pr_cli_3");
    expect(dropped.stderr + dropped.stdout).not.toContain(HARD_PASSWORD);
  });
});

describe("doctor with MYSQL_URL (real MariaDB)", () => {
  it("checks without creating anything, says what the backend will get, and FAILs on MariaDB's missing collation", async () => {
    const s = await plainSandbox();
    const run = await cli(s, ["doctor", "--instance-name", "doctor-db"], {
      MYSQL_URL: server.url("app_user", HARD_PASSWORD, "/mydb?sslaccept=strict"),
    });
    // Against MariaDB 10.11: the collation the backend's tables need is missing, a FAIL.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /✗ MariaDB at 127\.0\.0\.1:\d+ \(from MYSQL_URL\) runs version \S+, which has no collation utf8mb4_0900_bin/,
    );
    // The same notes as `up`, and nothing created.
    expect(run.stdout).toMatch(/! MySQL at 127\.0\.0\.1 is this host, not the backend's container/);
    expect(run.stdout).toMatch(/! Dropped sslaccept from MYSQL_URL: the backend's MySQL client refuses/);
    expect(await server.databases()).not.toContain("doctor_db");
    expect(run.stdout + run.stderr).not.toContain(HARD_PASSWORD);
  });
});

describe("the action with MYSQL_URL (real MariaDB, fake docker)", () => {
  it("gives the backend MYSQL_URL in a 0600 env file, DO_NOT_REQUIRE_SSL, and the mysql-database output", async () => {
    const s = await plainSandbox();
    const raw = server.url("app_user", HARD_PASSWORD, "/appdb?connection_limit=3");
    const run = await s.runAction(
      s.actionEnv(
        { cleanup: "false", deploy: "false", "instance-name": "pr-5-web", "postgres-preflight": "false" },
        { MYSQL_URL: raw },
      ),
    );
    const shown = visible(run);
    expect(run.code, shown).toBe(0);
    expect(shown).not.toContain(HARD_PASSWORD);
    expect(shown).not.toContain(encodeURIComponent(HARD_PASSWORD));
    // Masked for the runner before anything could print it.
    expect(run.stdout.split("\n").some((l) => l.startsWith("::add-mask::p@ss:/ word?#"))).toBe(true);
    expect(shown).toContain("Preflight skipped");
    expect(shown).toContain("::warning::Dropped connection_limit from MYSQL_URL");
    expect(shown).toMatch(/Removed database "appdb" from MYSQL_URL: the backend uses "pr_5_web"/);

    const envFile = join(s.app, ".env.convex.local");
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const env = dotenvParse(readFileSync(envFile));
    expect(env.MYSQL_URL).toBe(
      `mysql://app_user:${encodeURIComponent(HARD_PASSWORD)}@host.docker.internal:${server.port}`,
    );
    expect(env).not.toHaveProperty("POSTGRES_URL");
    const seen = JSON.parse(
      readFileSync(join(s.dockerState, "projects", `t${s.ports.api}`, "backend.env.json"), "utf8"),
    );
    expect(seen.MYSQL_URL).toBe(env.MYSQL_URL);
    expect(seen.DO_NOT_REQUIRE_SSL).toBe("1");
    expect(s.outputs()).toMatchObject({ "mysql-database": "pr_5_web", "postgres-database": "" });
    expect(s.dockerCalls().some((c) => c.argv.includes("compose") && c.argv.includes("up"))).toBe(true);
  });

  it("a wrong password stops the run before anything starts, naming the variable, never the password", async () => {
    const s = await plainSandbox();
    const run = await s.runAction(
      s.actionEnv({ deploy: "false" }, { MYSQL_URL: server.url("app_user", "Wr0ng-pw-4711") }),
    );
    const shown = visible(run);
    expect(run.code, shown).not.toBe(0);
    expect(shown).toMatch(/MySQL at 127\.0\.0\.1:\d+ \(from MYSQL_URL\): access denied for user "app_user"/);
    expect(shown).not.toContain("Wr0ng-pw-4711");
    // Nothing was started: docker compose was never asked to bring anything up.
    const ups = s.dockerCalls().filter((c) => c.argv.includes("compose") && c.argv.includes("up"));
    expect(ups).toEqual([]);
  });

  it("with the preflight on, MariaDB 10.11 is refused before compose up, naming MYSQL_URL and the collation", async () => {
    const s = await plainSandbox();
    const run = await s.runAction(
      s.actionEnv(
        { deploy: "false", "instance-name": "pr-6-web" },
        { MYSQL_URL: server.url("app_user", HARD_PASSWORD) },
      ),
    );
    const shown = visible(run);
    expect(run.code, shown).not.toBe(0);
    expect(shown).toMatch(
      /MariaDB at 127\.0\.0\.1:\d+ \(from MYSQL_URL\) runs version \S+, which has no collation utf8mb4_0900_bin/,
    );
    expect(shown).not.toContain(HARD_PASSWORD);
    expect(s.dockerCalls().filter((c) => c.argv.includes("compose") && c.argv.includes("up"))).toEqual([]);
  });
});
