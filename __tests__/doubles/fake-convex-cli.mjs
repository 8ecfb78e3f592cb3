#!/usr/bin/env node
// TEST DOUBLE: a project's `convex` binary for `convex deploy`, `run` and `import` (see
// README.md in this folder).
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";

const args = process.argv.slice(2);
const env = process.env;
appendFileSync(
  env.FAKE_CONVEX_LOG,
  `${JSON.stringify({
    t: Date.now(),
    args,
    cwd: process.cwd(),
    url: env.CONVEX_SELF_HOSTED_URL,
    hasAdminKey: Boolean(env.CONVEX_SELF_HOSTED_ADMIN_KEY),
    blanked: Object.fromEntries(
      ["CONVEX_DEPLOY_KEY", "CONVEX_DEPLOYMENT_TOKEN", "CONVEX_DEPLOYMENT"].map((n) => [n, env[n]]),
    ),
  })}\n`,
);
const adminHeaders = {
  Authorization: `Convex ${env.CONVEX_SELF_HOSTED_ADMIN_KEY}`,
  "Content-Type": "application/json",
};
// `convex run <function> [args]`: like the real CLI, one POST /api/function with the admin key;
// a function that fails is reported as the CLI reports it (a ✖ heading, then the message).
if (args[0] === "run") {
  const [, functionName, argsText = "{}"] = args;
  // The CLI's name rules (lib/run.js parseFunctionName): api.a.b, a file extension, :default.
  const path = /^(?:api|internal)\./.test(functionName)
    ? `${functionName.split(".").slice(1, -1).join("/")}:${functionName.split(".").at(-1)}`
    : `${functionName.split(":")[0].replace(/\.[cm]?[jt]sx?$/, "")}:${functionName.split(":")[1] ?? "default"}`;
  const response = await fetch(`${env.CONVEX_SELF_HOSTED_URL}/api/function`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ path, args: JSON.parse(argsText), format: "convex_encoded_json" }),
  });
  const result = response.ok
    ? await response.json()
    : { status: "error", errorMessage: await response.text() };
  if (result.status !== "success") {
    console.error(`✖ Failed to run function "${functionName}":`);
    console.error(result.errorMessage);
    process.exit(1);
  }
  if (result.value !== null) console.log(JSON.stringify(result.value, null, 2));
  process.exit(0);
}
// `convex import [--yes] [--table T] [--replace|--append] <path>`: the format from the extension
// as the real CLI picks it; sent whole to the stand-in's one-request POST /api/import.
if (args[0] === "import") {
  const table = args.includes("--table") ? args[args.indexOf("--table") + 1] : undefined;
  const file = args.filter((a, i) => i > 0 && !a.startsWith("-") && args[i - 1] !== "--table").at(-1);
  const format = { ".csv": "csv", ".jsonl": "jsonLines", ".json": "jsonArray", ".zip": "zip" }[extname(file)];
  const importMode = args.includes("--replace")
    ? "replace"
    : args.includes("--append")
      ? "append"
      : "requireEmpty";
  const query = new URLSearchParams({ format, mode: importMode, ...(table ? { tableName: table } : {}) });
  const response = await fetch(`${env.CONVEX_SELF_HOSTED_URL}/api/import?${query}`, {
    method: "POST",
    headers: { ...adminHeaders, "Content-Type": "application/octet-stream" },
    body: readFileSync(file),
  });
  const tableNotice = table ? ` to table "${table}"` : "";
  if (!response.ok) {
    const { message } = await response.json().catch(() => ({ message: response.statusText }));
    console.error(`✖ Importing data from "${file}"${tableNotice} failed`);
    console.error("");
    console.error(message);
    process.exit(1);
  }
  const { numWritten } = await response.json();
  console.error(`✔ Added ${numWritten} documents${tableNotice}.`);
  process.exit(0);
}
if (args[0] !== "deploy") {
  console.error(`fake convex: unsupported command ${args[0]}`);
  process.exit(2);
}
/** The app's function modules as a push carries them: convex/**\/*.ts as path.js, with the source. */
const modules = (() => {
  try {
    return readdirSync("convex", { recursive: true })
      .filter((f) => /\.[jt]sx?$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("_generated"))
      .map((f) => ({
        path: f.replace(/\.[jt]sx?$/, ".js"),
        source: readFileSync(join("convex", f), "utf8"),
      }));
  } catch {
    return [];
  }
})();
// FAKE_CONVEX_SLEEP_MS: a slow deploy (to interrupt it); it writes its PID first so a test can
// check it was stopped.
if (env.FAKE_CONVEX_SLEEP_MS) {
  if (env.FAKE_CONVEX_PID_FILE) appendFileSync(env.FAKE_CONVEX_PID_FILE, `${process.pid}\n`);
  await new Promise((r) => setTimeout(r, Number(env.FAKE_CONVEX_SLEEP_MS)));
}
// FAKE_CONVEX_LEAK_KEY: a CLI whose last error line holds the admin key (as some tools print).
if (env.FAKE_CONVEX_LEAK_KEY) {
  console.error(`Error: the deployment refused admin key ${env.CONVEX_SELF_HOSTED_ADMIN_KEY}`);
  process.exit(1);
}
const response = await fetch(`${env.CONVEX_SELF_HOSTED_URL}/api/deploy2/start_push`, {
  method: "POST",
  headers: adminHeaders,
  // Like a real push, it carries the app's modules and http routes: whether convex/http.ts adds
  // the auth routes.
  body: JSON.stringify({
    modules,
    authRoutes: (() => {
      try {
        return readFileSync("convex/http.ts", "utf8").includes("addHttpRoutes");
      } catch {
        return false;
      }
    })(),
  }),
});
if (!response.ok || env.FAKE_CONVEX_FAIL) {
  console.error(`✖ Error: Unable to start push to ${env.CONVEX_SELF_HOSTED_URL}`);
  console.error(
    `✖ Error fetching POST ${env.CONVEX_SELF_HOSTED_URL}/api/deploy2/start_push 400 Bad Request: InvalidModules: Hit an error while pushing: auth.config.ts: Environment variable JWT_ISSUER is used in auth config file but its value was not set`,
  );
  process.exit(1);
}
console.log("- Preparing Convex functions...");
console.log(`✔ Deployed Convex functions to ${env.CONVEX_SELF_HOSTED_URL}`);
