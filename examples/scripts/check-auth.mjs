// End-to-end check against a deployed backend (run by .github/workflows/e2e.yml):
// signs in anonymously through @convex-dev/auth, then calls queries as that user.
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";

const url = process.env.CONVEX_SELF_HOSTED_URL;
if (!url) throw new Error("CONVEX_SELF_HOSTED_URL is not set");
const client = new ConvexHttpClient(url);
const result = await client.action(anyApi.auth.signIn, { provider: "anonymous" });
const token = result?.tokens?.token;
if (!token) throw new Error(`signIn returned no token: ${JSON.stringify(result)}`);
client.setAuth(token);
const userId = await client.query(anyApi.tasks.whoami, {});
if (!userId) throw new Error("whoami returned null: the backend did not accept the token");
await client.mutation(anyApi.tasks.add, { title: "from e2e" });
const mine = await client.query(anyApi.tasks.mine, {});
if (mine.length !== 1) throw new Error(`expected 1 task, got ${mine.length}`);
console.log(`signed in anonymously as ${userId}; queries and mutations run as that user`);
