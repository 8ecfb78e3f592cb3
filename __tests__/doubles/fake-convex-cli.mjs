#!/usr/bin/env node
// TEST DOUBLE: a project's `convex` binary for `convex deploy` (see README.md in this folder).
import { appendFileSync, readFileSync } from "node:fs";

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
if (args[0] !== "deploy") {
  console.error(`fake convex: unsupported command ${args[0]}`);
  process.exit(2);
}
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
  headers: {
    Authorization: `Convex ${env.CONVEX_SELF_HOSTED_ADMIN_KEY}`,
    "Content-Type": "application/json",
  },
  // Like a real push, it carries the app's http routes: whether convex/http.ts adds the auth routes.
  body: JSON.stringify({
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
