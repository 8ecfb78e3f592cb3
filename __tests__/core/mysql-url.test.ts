import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainMysqlError, parseServerVersion, quoteMysqlIdentifier } from "../../src/adapters/mysql.js";
import { parseConfig } from "../../src/core/config.js";
import {
  describeMysqlPlan,
  type MysqlSslMode,
  normalizeMysqlUrl,
  selectMysqlUrl,
} from "../../src/core/mysql-url.js";
import { planContainerDatabaseUrl } from "../../src/core/postgres-url.js";
import { findRedirectingLines } from "../../src/core/trust.js";
import { configProblems as problemsOf } from "../helpers/config-problems.js";

const PASSWORD = "p@ss:/ word?#%";
const ENCODED = encodeURIComponent(PASSWORD);

describe("selectMysqlUrl", () => {
  it.each([
    ["the input first", "mysql://a@h", { MYSQL_URL: "mysql://b@h" }, "mysql-url"],
    ["MYSQL_URL when the input is blank", "  ", { MYSQL_URL: "mysql://b@h" }, "MYSQL_URL"],
    ["none ignores MYSQL_URL", "none", { MYSQL_URL: "mysql://b@h" }, undefined],
    ["nothing: no MySQL", undefined, {}, undefined],
  ])("%s", (_n, explicit, env, source) => {
    expect(selectMysqlUrl(explicit, env)?.source).toBe(source);
  });
});

describe("normalizeMysqlUrl", () => {
  // [name, given, ssl mode, the backend's URL, TLS as the backend uses it]
  const rows: Array<[string, string, MysqlSslMode, string, object | undefined]> = [
    ["plain", "mysql://u:p@db:3306", "disable", "mysql://u:p@db:3306", undefined],
    ["no port: 3306", "mysql://u:p@db", "disable", "mysql://u:p@db", undefined],
    ["no password", "mysql://u@db:3307", "disable", "mysql://u@db:3307", undefined],
    ["database removed", "mysql://u:p@db:3306/app", "disable", "mysql://u:p@db:3306", undefined],
    ["trailing slash removed", "mysql://u:p@db/", "disable", "mysql://u:p@db", undefined],
    ["IPv6 host", "mysql://u:p@[::1]:3306", "disable", "mysql://u:p@[::1]:3306", undefined],
    ["upper-case scheme", "MYSQL://u:p@db", "disable", "mysql://u:p@db", undefined],
    [
      `password ${PASSWORD} kept encoded`,
      `mysql://u:${ENCODED}@db`,
      "disable",
      `mysql://u:${ENCODED}@db`,
      undefined,
    ],
    [
      "known options kept",
      "mysql://u:p@db?tcp_nodelay=true&pool_max=5",
      "disable",
      "mysql://u:p@db?tcp_nodelay=true&pool_max=5",
      undefined,
    ],
    [
      "Prisma's options dropped",
      "mysql://u:p@db/app?connection_limit=5&sslaccept=strict",
      "disable",
      "mysql://u:p@db",
      undefined,
    ],
    [
      "disable removes TLS options",
      "mysql://u:p@db?require_ssl=true&verify_ca=false",
      "disable",
      "mysql://u:p@db",
      undefined,
    ],
    [
      "require: the backend adds require_ssl and verify_ca",
      "mysql://u:p@db?require_ssl=false",
      "require",
      "mysql://u:p@db",
      { verifyCa: true, verifyIdentity: true },
    ],
    [
      "require keeps verify_identity=false",
      "mysql://u:p@db?verify_identity=false",
      "require",
      "mysql://u:p@db?verify_identity=false",
      { verifyCa: true, verifyIdentity: false },
    ],
    [
      "keep: the URL's own TLS",
      "mysql://u:p@db?require_ssl=true&verify_ca=false",
      "keep",
      "mysql://u:p@db?require_ssl=true&verify_ca=false",
      { verifyCa: false, verifyIdentity: true },
    ],
    [
      "keep without require_ssl: plain",
      "mysql://u:p@db?verify_ca=false",
      "keep",
      "mysql://u:p@db?verify_ca=false",
      undefined,
    ],
  ];
  it.each(rows)("%s", (_name, given, mode, url, tls) => {
    const db = normalizeMysqlUrl(given, mode);
    expect(db.url).toBe(url);
    expect(db.tls).toEqual(tls);
    expect(db.doNotRequireSsl).toBe(mode !== "require");
  });

  it("reports what it removed and decodes the credentials", () => {
    const db = normalizeMysqlUrl(
      `mysql://app%20user:${ENCODED}@db:3310/shop?sslaccept=strict&ssl-mode=REQUIRED`,
    );
    expect(db).toMatchObject({
      user: "app user",
      password: PASSWORD,
      host: "db",
      port: 3310,
      removedDatabase: "shop",
      droppedParams: ["sslaccept", "ssl-mode"],
    });
    const notes = describeMysqlPlan({ ...db, name: "pr_1" });
    expect(notes.warnings.join()).toMatch(/Dropped sslaccept, ssl-mode from mysql-url/);
    expect(notes.infos.join()).toMatch(/Removed database "shop" from mysql-url: the backend uses "pr_1"/);
    expect(JSON.stringify(notes)).not.toContain(PASSWORD);
  });

  it.each([
    ["postgres://u:p@db", /is not a MySQL URL: it must start with mysql:\/\//],
    ["mariadb://u:p@db", /is not a MySQL URL/],
    ["mysql://db:3306", /has no user name/],
    ["mysql://:p@db", /has an empty user name/],
    ["mysql://u:p@", /host part .* is missing or malformed/],
    ["mysql://u:p@db:99999", /host part|port must be between/],
    ["mysql://u:p@db:0", /port must be between 1 and 65535/],
    ["mysql://u:p#x@db", /unencoded "#"/],
    ["mysql://u:p w@db", /unencoded special characters/],
    ["mysql://u:%zz@db", /malformed percent-escape/],
    [
      "mysql://u:p@db?require_ssl=1",
      /require_ssl=1 in the MySQL URL would stop the backend: its client takes true or false/,
    ],
    ["mysql://u:p@db?pool_max=ten", /pool_max=ten .* a whole number/],
    ["mysql://u:p@db?compression=max", /compression=max/],
  ])("refuses %s", (given, message) => {
    expect(() => normalizeMysqlUrl(given, "keep")).toThrow(message);
  });

  it("never puts the password in an error", () => {
    for (const bad of [
      `mysql://u:${ENCODED}@`,
      `mysql://u:${ENCODED}@db?require_ssl=yes`,
      `mysql://u:${ENCODED}`,
    ]) {
      try {
        normalizeMysqlUrl(bad, "keep");
        throw new Error("expected a failure");
      } catch (error) {
        expect((error as Error).message).not.toContain(ENCODED);
        expect((error as Error).message).not.toContain(PASSWORD);
      }
    }
  });

  it("property: any user and password survive, encoded as given and decoded for the preflight", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: "grapheme" }),
        fc.string({ unit: "grapheme" }),
        fc.constantFrom<MysqlSslMode>("disable", "require", "keep"),
        (user, password, mode) => {
          const given = `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@db.example:3306/x`;
          const db = normalizeMysqlUrl(given, mode);
          expect(db.user).toBe(user);
          expect(db.password).toBe(password);
          expect(db.url).toBe(
            `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@db.example:3306`,
          );
          // The URL's own parser reads the same credentials back.
          const parsed = new URL(db.url);
          expect(decodeURIComponent(parsed.username)).toBe(user);
          expect(decodeURIComponent(parsed.password)).toBe(password);
        },
      ),
    );
  });

  it("a loopback host becomes host.docker.internal in the container, with a MySQL hint", () => {
    const plan = planContainerDatabaseUrl(normalizeMysqlUrl("mysql://u:p@127.0.0.1:3306"), "MySQL");
    expect(plan.url).toBe("mysql://u:p@host.docker.internal:3306");
    expect(plan.extraHosts).toEqual(["host.docker.internal:host-gateway"]);
    expect(plan.note).toMatch(/MySQL at 127\.0\.0\.1 .*\(bind-address/);
  });
});

describe("the database inputs together", () => {
  it.each([
    [
      "both inputs",
      { "postgres-url": "postgres://a@h", "mysql-url": "mysql://b@h" },
      {},
      /^mysql-url: both a Postgres URL \(postgres-url\) and a MySQL URL \(mysql-url\)/,
    ],
    [
      "both in the environment",
      {},
      { DATABASE_URL: "postgres://a@h", MYSQL_URL: "mysql://b@h" },
      /^MYSQL_URL: both a Postgres URL \(DATABASE_URL\) and a MySQL URL \(MYSQL_URL\)/,
    ],
    [
      "MYSQL_URL not a MySQL URL",
      {},
      { MYSQL_URL: "postgres://a@h" },
      /^MYSQL_URL: MYSQL_URL is not a MySQL URL/,
    ],
  ])("%s: refused", (_n, raw, env, message) => {
    expect(problemsOf(raw, env).join("\n")).toMatch(message);
  });

  it.each([
    [
      "mysql-url beats DATABASE_URL",
      { "mysql-url": "mysql://b@h" },
      { DATABASE_URL: "postgres://a@h" },
      "mysql",
    ],
    [
      "postgres-url beats MYSQL_URL",
      { "postgres-url": "postgres://a@h" },
      { MYSQL_URL: "mysql://b@h" },
      "postgres",
    ],
    [
      "postgres-url none leaves MYSQL_URL",
      { "postgres-url": "none" },
      { DATABASE_URL: "postgres://a@h", MYSQL_URL: "mysql://b@h" },
      "mysql",
    ],
    [
      "mysql-url none leaves DATABASE_URL",
      { "mysql-url": "none" },
      { DATABASE_URL: "postgres://a@h", MYSQL_URL: "mysql://b@h" },
      "postgres",
    ],
    [
      "both none: SQLite",
      { "mysql-url": "none", "postgres-url": "none" },
      { DATABASE_URL: "postgres://a@h", MYSQL_URL: "mysql://b@h" },
      "sqlite",
    ],
  ])("%s", (_n, raw, env, kind) => {
    const config = parseConfig(raw, env);
    const found = config.postgres.url ? "postgres" : config.mysql.url ? "mysql" : "sqlite";
    expect(found).toBe(kind);
  });

  it("the database is named from instance-name, - as _", () => {
    expect(
      parseConfig({ "mysql-url": "mysql://b@h/other", "instance-name": "pr-12-shop" }).mysql.url,
    ).toMatchObject({
      name: "pr_12_shop",
      removedDatabase: "other",
    });
  });

  it("down --drop-database: only a preview's MySQL database", () => {
    const down = { command: "down", "drop-database": "true", "mysql-url": "mysql://b@h" };
    expect(problemsOf({ ...down, "instance-name": "pr-3" })).toEqual([]);
    expect(problemsOf({ ...down, "instance-name": "production" }).join()).toMatch(
      /drop-database: refused: instance-name "production" does not start with preview-prefix "pr-", so its database \(production\)/,
    );
  });

  it("kubernetes: a MySQL URL on this machine is refused (the pods cannot reach it)", () => {
    expect(problemsOf({ target: "kubernetes", "mysql-url": "mysql://b@localhost" }).join()).toMatch(
      /^mysql-url: points at localhost, this machine/,
    );
  });
});

describe("MySQL driver errors", () => {
  const db = {
    host: "db",
    port: 3306,
    user: "app",
    source: "MYSQL_URL",
    password: PASSWORD,
    url: `mysql://app:${ENCODED}@db:3306`,
  };
  it.each([
    [
      { code: "ECONNREFUSED", message: "connect ECONNREFUSED" },
      /MySQL at db:3306 \(from MYSQL_URL\): connection refused/,
    ],
    [{ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND db" }, /does not resolve/],
    [{ code: "ETIMEDOUT", message: "connect ETIMEDOUT" }, /no answer before the timeout/],
    [
      { code: "ER_ACCESS_DENIED_ERROR", errno: 1045, message: "Access denied" },
      /access denied for user "app"/,
    ],
    [
      { code: "HANDSHAKE_NO_SSL_SUPPORT", message: "Server does not support secure connection" },
      /does not offer TLS.*mysql-ssl-mode/s,
    ],
    [
      { code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" },
      /certificate could not be verified/,
    ],
  ])("%o", (error, message) => {
    expect(explainMysqlError(Object.assign(new Error(error.message), error), db, false).message).toMatch(
      message,
    );
  });

  it("a driver message holding the password or the URL is redacted", () => {
    const leaky = Object.assign(
      new Error(`bad handshake for ${db.url} with password ${PASSWORD} (also ${ENCODED})`),
      { code: "PROTOCOL_ERROR" },
    );
    const message = explainMysqlError(leaky, db, false).message;
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(ENCODED);
    expect(message).toContain("mysql://app:***@db:3306");
  });

  it.each([
    ["8.0.36", "MySQL", [8, 0, 36]],
    ["8.4.3-log", "MySQL", [8, 4, 3]],
    ["10.11.18-MariaDB-0+deb12u1", "MariaDB", [10, 11, 18]],
    ["5.5.5-10.6.16-MariaDB", "MariaDB", [10, 6, 16]],
  ])("server version %s", (text, flavor, numbers) => {
    expect(parseServerVersion(text)).toEqual({ flavor, numbers });
  });

  it.each([
    ["pr_1", "`pr_1`"],
    ["we`ird", "`we``ird`"],
  ])("quotes %s", (name, quoted) => {
    expect(quoteMysqlIdentifier(name)).toBe(quoted);
  });
});

describe("a committed backend env file", () => {
  it("names the lines that would send the data to another MySQL server or trust another CA", () => {
    expect(
      findRedirectingLines("RUST_LOG=info\nMYSQL_URL=mysql://x@evil\nMYSQL_CA_FILE=/tmp/ca.pem\n"),
    ).toEqual(["MYSQL_URL (line 2)", "MYSQL_CA_FILE (line 3)"]);
  });
});
