import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deriveDatabaseName,
  normalizePostgresUrl,
  planContainerDatabaseUrl,
  redactPostgresUrl,
  type SslMode,
  selectPostgresUrl,
} from "../../src/core/postgres-url.js";

const PASSWORD = "p@ss:/ word?#%";
const ENCODED = encodeURIComponent(PASSWORD);

describe("selectPostgresUrl", () => {
  it.each([
    ["explicit first", "postgres://a@h", { DATABASE_URL: "postgres://b@h" }, "postgres-url"],
    [
      "DATABASE_URL",
      undefined,
      { DATABASE_URL: "postgres://b@h", POSTGRES_URI: "x", POSTGRES_URL: "y" },
      "DATABASE_URL",
    ],
    [
      "POSTGRES_URI",
      "  ",
      { DATABASE_URL: " ", POSTGRES_URI: "postgres://c@h", POSTGRES_URL: "y" },
      "POSTGRES_URI",
    ],
    ["POSTGRES_URL", undefined, { POSTGRES_URL: "postgres://d@h" }, "POSTGRES_URL"],
  ])("%s", (_n, explicit, env, source) => {
    expect(selectPostgresUrl(explicit, env)?.source).toBe(source);
  });
  it("none means the embedded SQLite, not a made-up default", () => {
    expect(selectPostgresUrl(undefined, {})).toBeUndefined();
  });
});

describe("normalizePostgresUrl", () => {
  const rows: Array<[string, string, SslMode, string, string | undefined]> = [
    [
      "database removed, sslmode added",
      "postgres://u:pw@db:5432/app",
      "disable",
      "postgres://u:pw@db:5432?sslmode=disable",
      "app",
    ],
    [
      "postgresql scheme, no port; require: none in the URL, the backend appends it",
      "postgresql://u:pw@db/app?sslmode=disable",
      "require",
      "postgresql://u:pw@db",
      "app",
    ],
    [
      "no database, trailing slash",
      "postgres://u:pw@db:6543/",
      "prefer",
      "postgres://u:pw@db:6543?sslmode=prefer",
      undefined,
    ],
    [
      "query kept, sslmode not duplicated",
      "postgres://u:pw@db/app?application_name=x&sslmode=verify-full&connect_timeout=5",
      "disable",
      "postgres://u:pw@db?application_name=x&connect_timeout=5&sslmode=disable",
      "app",
    ],
    [
      "query without database",
      "postgres://u:pw@db?connect_timeout=5",
      "disable",
      "postgres://u:pw@db?connect_timeout=5&sslmode=disable",
      undefined,
    ],
    [
      "keep leaves the URL's sslmode",
      "postgres://u:pw@db/app?sslmode=require",
      "keep",
      "postgres://u:pw@db?sslmode=require",
      "app",
    ],
    ["keep without sslmode adds none", "postgres://u:pw@db/app", "keep", "postgres://u:pw@db", "app"],
    [
      "IPv6 host with port",
      "postgres://u:pw@[::1]:5433/app",
      "disable",
      "postgres://u:pw@[::1]:5433?sslmode=disable",
      "app",
    ],
    [
      "percent-encoded credentials intact",
      `postgres://us%40er:${ENCODED}@db/app`,
      "disable",
      `postgres://us%40er:${ENCODED}@db?sslmode=disable`,
      "app",
    ],
    ["no password", "postgres://u@db/app", "disable", "postgres://u@db?sslmode=disable", "app"],
    [
      "encoded database name reported decoded",
      "postgres://u:pw@db/my%20db",
      "disable",
      "postgres://u:pw@db?sslmode=disable",
      "my db",
    ],
  ];
  it.each(rows)("%s", (_n, input, sslmode, url, removed) => {
    const result = normalizePostgresUrl(input, sslmode, "DATABASE_URL");
    expect(result.url).toBe(url);
    expect(result.removedDatabase).toBe(removed);
    expect(result.doNotRequireSsl).toBe(sslmode !== "require");
  });

  it("drops options the backend's client would refuse (Prisma's), and reports them", () => {
    const r = normalizePostgresUrl(
      "postgres://u:pw@db/app?schema=public&connection_limit=5&pgbouncer=true&dbname=x&application_name=convex",
      "disable",
    );
    expect(r.url).toBe("postgres://u:pw@db?application_name=convex&sslmode=disable");
    expect(r.droppedParams).toEqual(["schema", "connection_limit", "pgbouncer", "dbname"]);
  });

  it.each(["verify-full", "verify-ca", "allow"])(
    "keep refuses sslmode=%s, which the backend's client does not know",
    (mode) => {
      expect(() =>
        normalizePostgresUrl(`postgres://u:pw@db?sslmode=${mode}`, "keep", "DATABASE_URL"),
      ).toThrow(
        new RegExp(`DATABASE_URL: sslmode=${mode} is not understood[\\s\\S]*postgres-sslmode: require`),
      );
      expect(normalizePostgresUrl(`postgres://u:pw@db?sslmode=${mode}`, "disable").url).toBe(
        "postgres://u:pw@db?sslmode=disable",
      );
    },
  );

  it("decodes the password p@ss:/ word?#% for the client", () => {
    const result = normalizePostgresUrl(`postgres://u:${ENCODED}@[::1]/x`);
    expect(result).toMatchObject({ user: "u", password: PASSWORD, host: "::1", port: 5432 });
  });

  const errors: Array<[string, string, RegExp]> = [
    ["mysql scheme", "mysql://u:p@h/db", /start with postgres:\/\//],
    ["garbage", "not a url at all", /not a Postgres URL/],
    ["no user", "postgres://db:5432/app", /no user name/],
    ["empty user", "postgres://:pw@db/app", /empty user name/],
    ["raw space in password", "postgres://u:p w@db/app", /unencoded special characters/],
    ["raw # in password", "postgres://u:p#w@db/app", /unencoded "#"/],
    ["bad port", "postgres://u:pw@db:99999/app", /between 1 and 65535/],
    ["bad escape", "postgres://u:p%zzw@db/app", /malformed percent-escape/],
    ["no host", "postgres://u:pw@/app", /host part/],
  ];
  it.each(errors)("error: %s names the source and never echoes the password", (_n, input, message) => {
    let error: Error | undefined;
    try {
      normalizePostgresUrl(input, "disable", "POSTGRES_URL");
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/POSTGRES_URL/);
    expect(error?.message).not.toMatch(/pw|p w|p#w|p%zzw/);
  });

  it("property: any password survives encoding, normalisation and decoding", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: "grapheme" }),
        fc.constantFrom<SslMode>("disable", "require", "prefer"),
        (password, mode) => {
          const url = `postgres://user:${encodeURIComponent(password)}@db.example.com:5432/app?connect_timeout=5`;
          const result = normalizePostgresUrl(url, mode);
          expect(result.password).toBe(password);
          const reparsed = new URL(result.url.replace(/^postgres/, "http"));
          expect(decodeURIComponent(reparsed.password)).toBe(password);
          expect(reparsed.pathname).toBe("/");
          expect(reparsed.searchParams.getAll("sslmode")).toEqual(mode === "require" ? [] : [mode]);
          expect(reparsed.searchParams.get("connect_timeout")).toBe("5");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("database name for an instance: - becomes _", () => {
    expect(deriveDatabaseName("convex-self-hosted")).toBe("convex_self_hosted");
    expect(deriveDatabaseName("app")).toBe("app");
  });

  it("redacts the password", () => {
    expect(redactPostgresUrl(`postgres://u:${ENCODED}@db/x`)).toBe("postgres://u:***@db/x");
  });
});

describe("planContainerDatabaseUrl (the host as the backend's container sees it)", () => {
  it.each([
    [
      "localhost",
      "postgres://u:pw@localhost:5432?sslmode=disable",
      "postgres://u:pw@host.docker.internal:5432?sslmode=disable",
      true,
    ],
    [
      "127.0.0.1 without port",
      "postgres://u:pw@127.0.0.1?sslmode=disable",
      "postgres://u:pw@host.docker.internal?sslmode=disable",
      true,
    ],
    [
      "::1",
      "postgres://u:pw@[::1]:6543?sslmode=disable",
      "postgres://u:pw@host.docker.internal:6543?sslmode=disable",
      true,
    ],
    [
      "host.docker.internal already",
      "postgres://u:pw@host.docker.internal:5432",
      "postgres://u:pw@host.docker.internal:5432",
      false,
    ],
    [
      "a service name",
      "postgres://u:pw@db:5432?sslmode=disable",
      "postgres://u:pw@db:5432?sslmode=disable",
      false,
    ],
    [
      "a password containing @localhost",
      `postgres://u:${encodeURIComponent("x@localhost")}@db.example.com`,
      `postgres://u:${encodeURIComponent("x@localhost")}@db.example.com`,
      false,
    ],
  ])("%s", (_n, url, expected, noted) => {
    const db = normalizePostgresUrl(url, "keep");
    const plan = planContainerDatabaseUrl(db);
    expect(plan.url).toBe(expected);
    expect(plan.extraHosts).toEqual(
      db.host === "db" || db.host === "db.example.com" ? [] : ["host.docker.internal:host-gateway"],
    );
    expect(Boolean(plan.note)).toBe(noted);
  });
});

describe("postgres-url: none", () => {
  it("means the embedded SQLite whatever the environment says; a foreign DATABASE_URL's error says so", () => {
    expect(selectPostgresUrl("none", { DATABASE_URL: "file:./dev.db" })).toBeUndefined();
    expect(selectPostgresUrl("NONE", {})).toBeUndefined();
    expect(() => normalizePostgresUrl("file:./dev.db", "disable", "DATABASE_URL")).toThrow(
      /set postgres-url: none \(--postgres-url none\)/,
    );
  });
});
