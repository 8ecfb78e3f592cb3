// Prints the largest files and the longest functions of a source tree, to keep both in check
// (npx tsx scripts/measure.ts [dir=src] [--top N=15]). A function's length is its lines from
// the first to the last, nested functions included; each nested one is also counted by itself.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
const root = args.find((a, i) => !a.startsWith("--") && i !== topAt + 1) ?? "src";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(path);
    return /\.[cm]?tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The name a function is known by: its own, or the variable, property or method holding it. */
function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText();
  }
  return "(anonymous)";
}

interface Measured {
  file: string;
  name: string;
  line: number;
  lines: number;
}

const files: Array<{ file: string; lines: number }> = [];
const functions: Measured[] = [];
for (const path of sourceFiles(root)) {
  const text = readFileSync(path, "utf8");
  const file = relative(process.cwd(), path);
  files.push({ file, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) });
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const stack: ts.Node[] = [source];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const line = lineOf(node.getStart(source));
      functions.push({ file, name: nameOf(node), line, lines: lineOf(node.end) - line + 1 });
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
}

files.sort((a, b) => b.lines - a.lines);
functions.sort((a, b) => b.lines - a.lines);
console.log(`Largest files of ${root} (${files.length} files):`);
for (const f of files.slice(0, top)) console.log(`${String(f.lines).padStart(6)}  ${f.file}`);
console.log(`\nLongest functions (${functions.length} functions):`);
for (const f of functions.slice(0, top)) {
  console.log(`${String(f.lines).padStart(6)}  ${f.name}  ${f.file}:${f.line}`);
}
