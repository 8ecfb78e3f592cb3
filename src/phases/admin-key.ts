/** The admin key: the computed one, confirmed by the backend; the container's script as fallback. */
import { type ConvexAdmin, quoteAnswer } from "../adapters/convex-admin.js";
import type { Docker } from "../adapters/docker.js";
import { maskAll } from "../adapters/runtime.js";
import { decodeAdminKey, parseAdminKeyOutput } from "../core/admin-key.js";
import { BACKEND_SERVICE } from "../core/compose.js";
import { SetupError } from "../core/errors.js";
import type { ComposeTarget } from "../core/layout.js";
import { option } from "../core/naming.js";
import type { Reporter } from "./types.js";

export interface ConfirmedAdminKey {
  key: string;
  source: "computed" | "container";
}

export async function confirmAdminKey(
  admin: ConvexAdmin,
  docker: Pick<Docker, "exec">,
  target: ComposeTarget,
  computed: { key: string; instanceSecret: string },
  report: Reporter,
): Promise<ConfirmedAdminKey> {
  const { logger } = report;
  if (await admin.checkAdminKey(computed.key)) {
    logger.info("Computed the admin key from the instance secret; the backend accepted it.");
    return { key: computed.key, source: "computed" };
  }
  logger.info("The backend refused the computed admin key; asking the container's generate_admin_key.sh.");
  const result = await docker.exec(target, BACKEND_SERVICE, ["./generate_admin_key.sh"]);
  const key = parseAdminKeyOutput(result.stdout) ?? parseAdminKeyOutput(result.stderr);
  if (key) maskAll(logger, key);
  if (!key || !(await admin.checkAdminKey(key))) {
    throw new SetupError(
      "No working admin key: the backend refused the key computed from INSTANCE_SECRET, and generate_admin_key.sh gave none it accepts.",
      `Is another backend answering at ${admin.baseUrl}? Check \`docker ps\`, or choose other ports and a distinct ${option("project-name")}.`,
    );
  }
  try {
    decodeAdminKey(key, computed.instanceSecret);
  } catch {
    report.warn(
      "The container's admin key was not made with INSTANCE_SECRET from .env.convex.local: the backend runs with another secret.",
    );
  }
  return { key, source: "container" };
}

/**
 * Before the key is sent to a backend this run did not start on this host (connect, kubernetes):
 * GET /instance_name (no key) must answer the key's instance name, as only that Convex backend
 * does. A server that answers anything else (another app behind the URL, a login page) never
 * sees the key nor any variable.
 */
export async function confirmConvexBackend(admin: ConvexAdmin, key: string): Promise<void> {
  const expected = key.slice(0, key.indexOf("|"));
  let answered: string;
  try {
    answered = await admin.instanceName();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    throw new SetupError(
      `${admin.baseUrl} is not the Convex backend expected: ${error.message} Nothing was sent to it.`,
      error.hint,
    );
  }
  if (answered === expected) return;
  throw new SetupError(
    `${admin.baseUrl} is not the Convex backend expected: GET /instance_name answered 200 ${quoteAnswer(answered)} (a Convex backend answers its instance name, here ${JSON.stringify(expected)}). Nothing was sent to it.`,
    "Check convex-url (the backend's API, container port 3210) and instance-name (the backend's INSTANCE_NAME; with admin-key, the part before |).",
  );
}

/** Why a backend refused a given admin key, and what to do. */
export type KeyRefusal = (baseUrl: string) => { message: string; hint: string };

/** target connect: the admin key given, or computed from the instance-secret input. */
const refusedConnectKey: KeyRefusal = (baseUrl) => ({
  message: `The backend at ${baseUrl} refused the admin key (made from instance-secret, or the admin-key input). Nothing was set.`,
  hint: "Give the instance secret the backend runs with (its INSTANCE_SECRET) and its instance-name, or an admin key it generated (generate_admin_key.sh).",
});

/**
 * target connect (and kubernetes): the key must be accepted as it is; there is no container to
 * ask. `refused` says why it was not, as the target knows where the key came from.
 */
export async function confirmConnectAdminKey(
  admin: ConvexAdmin,
  key: string,
  refused: KeyRefusal = refusedConnectKey,
): Promise<ConfirmedAdminKey> {
  await confirmConvexBackend(admin, key);
  if (await admin.checkAdminKey(key)) return { key, source: "computed" };
  const { message, hint } = refused(admin.baseUrl);
  throw new SetupError(message, hint);
}
