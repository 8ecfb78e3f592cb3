/** Hints in the words of the interface in use: flags on the command line, inputs in the action. */
import { afterEach, describe, expect, it } from "vitest";
import { coderShareOf, describeSharing } from "../../src/core/coder-sharing.js";
import { ConfigError } from "../../src/core/errors.js";
import { fieldName, option, options, useSurface } from "../../src/core/naming.js";

afterEach(() => useSurface("action"));

describe("option names", () => {
  it("the action (and the library) name inputs", () => {
    expect(option("verify", false)).toBe("verify: false");
    expect(option("wait-timeout")).toBe("wait-timeout");
    expect(options("api-port", "site-port")).toBe("api-port / site-port");
    expect(new ConfigError([{ field: "api-port", message: "bad" }]).message).toContain("  - api-port: bad");
  });

  it("the CLI names flags, with -- and --no-", () => {
    useSurface("cli");
    expect(option("verify", false)).toBe("--no-verify");
    expect(option("deploy", true)).toBe("--deploy");
    expect(option("wait-timeout", 300)).toBe("--wait-timeout 300");
    expect(options("api-port", "site-port", "dashboard-port")).toBe(
      "--api-port / --site-port / --dashboard-port",
    );
    expect(new ConfigError([{ field: "api-port", message: "bad" }]).message).toContain("  - --api-port: bad");
    // An environment variable is named as it is.
    expect(fieldName("DATABASE_URL")).toBe("DATABASE_URL");
  });
});

describe("Coder sharing advice follows the URL style", () => {
  it("reads the slug or the port from the host", () => {
    expect(coderShareOf("https://convex-api--main--ws--me.apps.example.com")).toEqual({
      kind: "app",
      slug: "convex-api",
    });
    expect(coderShareOf("https://3210s--main--ws--me.apps.example.com")).toEqual({
      kind: "port",
      port: 3210,
    });
    expect(coderShareOf("https://api.example.com")).toBeUndefined();
  });

  it("apps need coder_app blocks; ports need sharing", () => {
    expect(
      describeSharing(
        "https://convex-api--ws--me.apps.example.com",
        "https://convex-site--ws--me.apps.example.com",
      ),
    ).toMatch(
      /needs a coder_app for each \(slug "convex-api" and "convex-site", subdomain = true, share = "public"\)/,
    );
    expect(
      describeSharing(
        "https://3210--main--ws--me.apps.example.com",
        "https://3211--main--ws--me.apps.example.com",
      ),
    ).toMatch(/share ports 3210 and 3211 with level Public/);
  });
});
