/**
 * Checks of one input's text that its kind cannot express (a name's grammar, a file's place),
 * one per input, each returning what is wrong. The reader runs them on the inputs that mean
 * something with the chosen target.
 */

import { isInstanceSecret } from "../admin-key.js";
import { checkLogLevel } from "../backend-settings.js";
import type { InputName, InputValues } from "../inputs.js";
import { isDnsLabel, isDnsSubdomain, isQuantity } from "../kubernetes.js";
import { parseMaxAge } from "../preview.js";
import { checkSeedArgs, checkSeedFunction, checkSeedImport } from "./seed.js";

export type FieldCheck<N extends InputName> = (
  value: NonNullable<InputValues[N]>,
  values: InputValues,
) => string | undefined;

const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;
const ADMIN_KEY_RE = /^[^\s|]+\|[0-9a-f]+$/;

/**
 * A docker image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker's reference
 * grammar allows; nothing that docker could take as an option (a leading -) or that compose
 * would interpolate ($).
 */
const IMAGE_REF_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isImageReference(text: string): boolean {
  return IMAGE_REF_RE.test(text);
}

const image = (ref: string) =>
  isImageReference(ref)
    ? undefined
    : `"${ref}" is not a docker image reference (registry/name:tag or name@sha256:digest, lowercase, no leading - or $).`;

const kubeObjectName = (name: string) =>
  isDnsSubdomain(name)
    ? undefined
    : `"${name}" is not a Kubernetes object name (lowercase letters, digits, - and .).`;

export const FIELD_CHECKS: { [N in InputName]?: FieldCheck<N> } = {
  "instance-name": (name) =>
    INSTANCE_NAME_RE.test(name) && name.length <= 63
      ? undefined
      : `"${name}" must be lowercase letters and digits separated by single - or _ (at most 63 characters); it becomes the admin key prefix and the database name.`,
  // Never quoted: it is a secret.
  "instance-secret": (secret) =>
    isInstanceSecret(secret)
      ? undefined
      : "must be exactly 64 hexadecimal characters; leave it empty to reuse or generate one.",
  // Never quoted: it is a secret. Better Auth warns below 32 characters; a line break cannot be an env value.
  "better-auth-secret": (secret) =>
    secret.length < 32
      ? `is ${secret.length} characters; Better Auth wants at least 32 random ones: leave it empty to have 32 random bytes generated, or give e.g. the output of \`openssl rand -base64 32\`.`
      : /\s/.test(secret)
        ? "holds whitespace or a line break; give the secret on one line (e.g. the output of `openssl rand -base64 32`)."
        : undefined,
  "admin-key": (key) =>
    ADMIN_KEY_RE.test(key)
      ? undefined
      : "is not an admin key (instance-name|hex, as generate_admin_key.sh prints it).",
  "project-name": (name) =>
    PROJECT_RE.test(name)
      ? undefined
      : `"${name}" must be lowercase letters, digits, - and _, starting with a letter or digit.`,
  "backend-image": image,
  "dashboard-image": image,
  namespace: (ns) =>
    isDnsLabel(ns)
      ? undefined
      : `"${ns}" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.`,
  "ingress-class": kubeObjectName,
  "ingress-tls-secret": kubeObjectName,
  "volume-size": (size) =>
    isQuantity(size) && /[1-9]/.test(size)
      ? undefined
      : `"${size}" is not a storage size such as 1Gi or 500Mi.`,
  "log-level": checkLogLevel,
  "backup-file": (file) =>
    /\.zip$/i.test(file) && !/[\r\n]/.test(file)
      ? undefined
      : `"${file}" must be a .zip file's path (a snapshot ZIP, as \`convex export\` writes and \`convex import\` reads).`,
  "max-age": (text) => {
    const age = parseMaxAge(text);
    return "error" in age ? age.error : undefined;
  },
  "seed-function": checkSeedFunction,
  "seed-scrub": checkSeedFunction,
  "seed-artifact": (name) =>
    /^[^\\/":<>|*?\r\n]{1,255}$/.test(name)
      ? undefined
      : `"${name}" is not an artifact name (actions/upload-artifact refuses \\ / " : < > | * ? and line breaks).`,
  "seed-args": checkSeedArgs,
  "seed-import": (file, values) => checkSeedImport(file, values["working-directory"]),
};
