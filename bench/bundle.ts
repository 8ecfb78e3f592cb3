/**
 * The bundle under test. By default a fresh ncc build of src/ (as `npm run bundle` makes it, but
 * without type checking and into a temporary folder), so that the numbers are those of the
 * sources as they are now; `--dist` measures the committed dist/ instead.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../__tests__/helpers/sandbox.js";

export interface Bundle {
  /** The folder holding index.js and its lazily loaded chunks. */
  dir: string;
  entry: string;
  label: string;
  /** Bytes of index.js (loaded at start) and of every chunk loaded on demand. */
  eagerBytes: number;
  lazyBytes: number;
  dispose(): void;
}

function measure(dir: string) {
  let eager = 0;
  let lazy = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".js")) continue;
    const size = statSync(join(dir, f)).size;
    if (f === "index.js") eager += size;
    else lazy += size;
  }
  return { eagerBytes: eager, lazyBytes: lazy };
}

export function prepareBundle(useDist: boolean): Bundle {
  if (useDist) {
    const dir = join(ROOT, "dist");
    if (!existsSync(join(dir, "index.js"))) throw new Error("dist/index.js is missing: npm run bundle");
    return {
      dir,
      entry: join(dir, "index.js"),
      label: "the committed dist/index.js",
      ...measure(dir),
      dispose: () => {},
    };
  }
  // ncc without type checking needs a module setting it can transpile one file at a time with
  // (src/ is built from a copy: another change in progress may not type-check yet).
  const work = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  cpSync(join(ROOT, "src"), join(work, "src"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(work, "package.json"));
  symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"));
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        esModuleInterop: true,
        resolveJsonModule: true,
        skipLibCheck: true,
      },
      include: ["src"],
    }),
  );
  const dir = join(work, "dist");
  const ncc = createRequire(import.meta.url).resolve("@vercel/ncc/dist/ncc/cli.js");
  execFileSync(
    process.execPath,
    [ncc, "build", "src/action/index.ts", "-o", dir, "--transpile-only", "--quiet"],
    {
      cwd: work,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return {
    dir,
    entry: join(dir, "index.js"),
    label: "a fresh ncc build of src/ (what `npm run bundle` would commit)",
    ...measure(dir),
    dispose: () => rmSync(work, { recursive: true, force: true }),
  };
}
