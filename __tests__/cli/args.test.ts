/** Strict flags: a table of command lines and what they parse to, or the usage error they give. */
import { describe, expect, it } from "vitest";
import { closest, type FlagSpec, parseFlags, renderHelp, UsageError } from "../../src/cli/args.js";
import { checkInstanceTarget } from "../../src/cli/instance.js";

const specs: FlagSpec[] = [
  { name: "api-port", kind: "string", description: "API port.", default: "3210" },
  { name: "working-directory", kind: "string", description: "App folder.", default: "." },
  { name: "deploy", kind: "boolean", description: "Deploy.", default: "true" },
  { name: "follow", kind: "boolean", short: "f", description: "Follow." },
];

describe("parseFlags", () => {
  it.each([
    [["--api-port", "41210"], { "api-port": "41210" }],
    [["--api-port=41210"], { "api-port": "41210" }],
    [["--deploy"], { deploy: true }],
    [["--no-deploy"], { deploy: false }],
    [["--deploy=false"], { deploy: false }],
    [["--deploy=TRUE"], { deploy: true }],
    [["--deploy=no"], { deploy: false }],
    [["-f"], { follow: true }],
    [["--working-directory", "examples", "--no-deploy"], { "working-directory": "examples", deploy: false }],
    [[], {}],
  ] as Array<[string[], Record<string, unknown>]>)("%j", (argv, expected) => {
    expect(parseFlags(argv, specs, "up")).toEqual(expected);
  });

  it.each([
    [["--api_port", "41210"], /unknown flag --api_port\. Did you mean --api-port\?/],
    [["--workdir", "examples"], /unknown flag --workdir\. Did you mean --working-directory\?/],
    [["--apiport=41210"], /unknown flag --apiport\. Did you mean --api-port\?/],
    [["--bogus"], /unknown flag --bogus\.$/m],
    [["--no-deploi"], /unknown flag --no-deploi\. Did you mean --no-deploy\?/],
    [["--deploi"], /unknown flag --deploi\. Did you mean --deploy\?/],
    [["--deploy=flase"], /--deploy=flase is not a boolean/],
    [["--deploy", "false"], /unexpected argument "false"/],
    [["examples"], /unexpected argument "examples".*\n.*Did you mean --working-directory examples\?/],
    [["--api-port"], /--api-port needs a value/],
    [["--api-port", "--no-deploy"], /--api-port needs a value/],
  ] as Array<[string[], RegExp]>)("%j is a usage error", (argv, message) => {
    let error: unknown;
    try {
      parseFlags(argv, specs, "up");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});

describe("closest (did-you-mean)", () => {
  it.each([
    ["upp", ["up", "down", "status"], "up"],
    ["stauts", ["up", "down", "status"], "status"],
    ["frobnicate", ["up", "down", "status"], undefined],
    ["dashbord-port", ["dashboard-port", "api-port"], "dashboard-port"],
  ] as Array<[string, string[], string | undefined]>)("%s", (typed, choices, expected) => {
    expect(closest(typed, choices)).toBe(expected);
  });
});

describe("renderHelp", () => {
  it("lists booleans as --flag / --no-flag, with defaults, and no colour unless asked", () => {
    const text = renderHelp({ name: "up", description: "Start.", flags: specs }, { bold: (s) => s });
    expect(text).toContain("--deploy / --no-deploy");
    expect(text).toContain("--api-port <value>");
    expect(text).toContain("(default: 3210)");
    expect(text).not.toMatch(/\u001b\[/);
  });
});

describe("checkInstanceTarget (status, logs)", () => {
  it.each([
    [{}, undefined],
    [{ target: "kubernetes", namespace: "p", "instance-name": "pr-1" }, undefined],
    [{ namespace: "p" }, /status: --namespace is for --target kubernetes/],
    [{ "instance-name": "a", namespace: "p" }, /--namespace and --instance-name are for --target kubernetes/],
    [{ target: "connect" }, /--target connect has nothing to show here/],
  ])("%j", (flags, error) => {
    const check = () => checkInstanceTarget(flags, "status");
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });
});
