// Builds dist/ (the action's committed bundle) with @vercel/ncc. One bundle serves main and post.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    require.resolve("@vercel/ncc/dist/ncc/cli.js"),
    "build",
    "src/action/index.ts",
    "-o",
    "dist",
    "--license",
    "licenses.txt",
    "--quiet",
  ],
  { stdio: "inherit" },
);
// A bundle without its entry is a failure, whatever ncc's exit code.
if (!existsSync("dist/index.js")) {
  console.error("npm run bundle: ncc wrote no dist/index.js; run it again (without --quiet to see why).");
  process.exit(1);
}
