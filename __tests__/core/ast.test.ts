import type * as t from "@babel/types";
import { describe, expect, it } from "vitest";
import {
  eachNode,
  envNamesIn,
  envObjectTest,
  GENERATED_SERVER,
  importsOf,
  localsOf,
  ParseError,
  parseJsonc,
  parseModule,
  topLevelOf,
} from "../../src/core/ast.js";
import { SetupError } from "../../src/core/errors.js";

describe("parseModule", () => {
  it.each([
    ["a.ts", "let x: number = 1; const y = <string>x;"],
    ["a.mts", "let x: number = 1;"],
    ["a.cts", "let x: number = 1;"],
    ["a.tsx", "const x: JSX.Element = <div a={1 as number} />;"],
    ["a.js", "const x = <div />;"],
    ["a.jsx", "const x = <div />;"],
    ["a.mjs", "const x = <div />;"],
    ["a.cjs", "const x = <div />;"],
  ])("%s: %s", async (file, source) => {
    const ast = await parseModule(source, file);
    expect(ast.program.body.length).toBeGreaterThan(0);
  });

  it.each([
    ["types are TypeScript only", "a.js", "let x: number = 1;"],
    ["JSX is not TypeScript's (a.ts: `<T>x` is a cast)", "a.ts", "const x = <div />;"],
  ])("%s", async (_name, file, source) => {
    await expect(parseModule(source, file)).rejects.toThrow(ParseError);
  });

  it("a syntax error is a ParseError (a SetupError) naming the file, with the parser's reason", async () => {
    const error = await parseModule("export default {", "convex/auth.ts").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as ParseError).message).toBe(
      `Could not parse convex/auth.ts: ${(error as ParseError).reason}`,
    );
    expect((error as ParseError).reason).toMatch(/Unexpected token/);
  });

  it("a crafted deeply nested file is a ParseError, not a crash", async () => {
    const depth = 100_000;
    await expect(parseModule(`x = ${"[".repeat(depth)}${"]".repeat(depth)};`, "deep.ts")).rejects.toThrow(
      /Could not parse deep\.ts/,
    );
  });

  it("parseJsonc: comments and trailing commas; a broken file is a ParseError", async () => {
    const root = await parseJsonc('{ /* c */ "a": [1,], // d\n}', "tsconfig.json");
    expect(root?.type).toBe("ObjectExpression");
    await expect(parseJsonc("{", "tsconfig.json")).rejects.toThrow(ParseError);
  });
});

describe("eachNode", () => {
  it("parents first, siblings in source order; no comments", async () => {
    const ast = await parseModule("// note\nf(a, b);\ng(c);", "a.ts");
    const names = [...eachNode(ast)].flatMap((n) => (n.type === "Identifier" ? [n.name] : []));
    expect(names).toEqual(["f", "a", "b", "g", "c"]);
    expect([...eachNode(ast)].map((n) => n.type as string)).not.toContain("CommentLine");
  });

  it("is iterative: a tree far deeper than the call stack is walked", () => {
    // Built by hand: the parser itself gives up on such depths (see the ParseError test above).
    const depth = 200_000;
    let node: t.Node = { type: "Identifier", name: "x" } as t.Identifier;
    for (let i = 0; i < depth; i++) {
      node = { type: "UnaryExpression", operator: "!", prefix: true, argument: node } as t.UnaryExpression;
    }
    let count = 0;
    for (const _ of eachNode(node)) count++;
    expect(count).toBe(depth + 1);
  });
});

describe("imports and top-level declarations", () => {
  it("importsOf, localsOf", async () => {
    const ast = await parseModule(
      'import d, { a as b, "c" as c } from "m";\nimport * as ns from "n";\nimport { a } from "o";',
      "a.ts",
    );
    const imports = importsOf(ast);
    expect([...imports]).toEqual([
      ["d", { source: "m", imported: "default" }],
      ["b", { source: "m", imported: "a" }],
      ["c", { source: "m", imported: "c" }],
      ["ns", { source: "n", imported: "*" }],
      ["a", { source: "o", imported: "a" }],
    ]);
    expect([...localsOf(imports, /^[mo]$/, "a")]).toEqual(["b", "a"]);
  });

  it("topLevelOf: consts (exported or not, not nested) and the default export", async () => {
    const ast = await parseModule(
      "const a = 1; export const b = 2; let c; function f() { const d = 3; }\nexport default a;",
      "a.ts",
    );
    const top = topLevelOf(ast);
    expect([...top.consts.keys()]).toEqual(["a", "b"]);
    expect(top.defaultExport).toMatchObject({ type: "Identifier", name: "a" });
  });
});

describe("env reads", () => {
  it.each([
    ["./_generated/server", true],
    ["./_generated/server.js", true],
    ["../_generated/server", true],
    ["../../convex/_generated/server.ts", true],
    ["./_generated/api", false],
    ["convex/_generated/server", false],
    ["./my_generated/server", false],
  ])("GENERATED_SERVER %s: %s", (source, matches) => {
    expect(GENERATED_SERVER.test(source)).toBe(matches);
  });

  it.each([
    ["process.env.X", "", "process.env.X", ["X"]],
    ['process.env["X"]', "", 'process.env["X"]', ["X"]],
    ["optional chaining", "", "process?.env?.X", ["X"]],
    ["globalThis.process.env.X", "", "globalThis.process.env.X", ["X"]],
    ["env.X from _generated/server", 'import { env } from "./_generated/server";', "env.X", ["X"]],
    ["aliased", 'import { env as e } from "../_generated/server.js";', "e.X", ["X"]],
    ["namespace", 'import * as s from "./_generated/server";', "s.env.X", ["X"]],
    ["mixed", 'import { env } from "./_generated/server";', "[env.A, process.env.B]", ["A", "B"]],
    ["env of another module", 'import { env } from "./env";', "env.X", []],
    ["a local env", "", "env.X", []],
    ["a computed, unknown name", "", "process.env[k]", []],
  ])("%s", async (_name, importLine, expr, names) => {
    const ast = await parseModule(`${importLine}\nexport default ${expr};`, "convex/a.ts");
    const value = topLevelOf(ast).defaultExport!;
    expect(envNamesIn(value, envObjectTest(importsOf(ast)))).toEqual(names);
  });
});
