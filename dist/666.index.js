export const id = 666;
export const ids = [666];
export const modules = {

/***/ 5666:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// UNUSED EXPORTS: STATE, errorMessage

// EXTERNAL MODULE: ./src/adapters/files.ts
var files = __webpack_require__(9771);
// EXTERNAL MODULE: ./src/adapters/index.ts + 8 modules
var adapters = __webpack_require__(371);
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __webpack_require__(6591);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@noble/ciphers/aes.js + 2 modules
var aes = __webpack_require__(5479);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/admin-key.ts
/**
 * The self-hosted backend's admin key, computed from the instance name and secret with the
 * algorithm of the backend's keybroker (docs/backend-facts.md#admin-key), and its inverse.
 *
 *   subkey     = HMAC-SHA256(secret, 00000001 || "admin key")[0..16]
 *   plaintext  = protobuf AdminKey { issued_s (field 2), member_id (field 3) = 0 }
 *   key        = NAME "|" hex(0x01 || nonce(12) || AES-128-GCM-SIV(subkey, nonce, aad=0x01))
 */



const VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const INSTANCE_SECRET_RE = /^[0-9a-fA-F]{64}$/;
/** What an admin key looks like, e.g. in the output of generate_admin_key.sh. */
const ADMIN_KEY_LINE_RE = /^[^\s|]+\|[0-9a-f]+$/;
/** A fresh instance secret: 32 random bytes as 64 lowercase hex characters. */
function generateInstanceSecret() {
    return (0,external_node_crypto_.randomBytes)(32).toString("hex");
}
function isInstanceSecret(value) {
    return INSTANCE_SECRET_RE.test(value);
}
function subkey(instanceSecret) {
    if (!isInstanceSecret(instanceSecret)) {
        throw new errors/* SetupError */.w3("The instance secret must be exactly 64 hexadecimal characters (32 bytes).", "Leave instance-secret empty to have one generated, or generate one with `openssl rand -hex 32`.");
    }
    const secret = Buffer.from(instanceSecret, "hex");
    const label = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from("admin key", "utf8")]);
    return new Uint8Array((0,external_node_crypto_.createHmac)("sha256", secret).update(label).digest().subarray(0, 16));
}
function encodeVarint(value) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw new RangeError(`varint out of range: ${value}`);
    const out = [];
    let v = value;
    while (v >= 0x80) {
        out.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
    }
    out.push(v);
    return out;
}
function decodeProtobufVarints(bytes) {
    const fields = new Map();
    let i = 0;
    const readVarint = () => {
        let result = 0;
        let scale = 1;
        for (;;) {
            if (i >= bytes.length)
                throw new errors/* SetupError */.w3("The admin key's payload is truncated.");
            const b = bytes[i++];
            result += (b & 0x7f) * scale;
            if ((b & 0x80) === 0)
                return result;
            scale *= 0x80;
            if (scale > 2 ** 63)
                throw new errors/* SetupError */.w3("The admin key's payload has an oversized number.");
        }
    };
    while (i < bytes.length) {
        const tag = readVarint();
        const field = Math.floor(tag / 8);
        const wireType = tag & 7;
        if (wireType === 0)
            fields.set(field, readVarint());
        else if (wireType === 2)
            i += readVarint();
        else
            throw new errors/* SetupError */.w3(`The admin key's payload has an unexpected field type ${wireType}.`);
    }
    return fields;
}
/** Computes an admin key exactly as the backend's generate_admin_key.sh would. */
function deriveAdminKey(options) {
    const { instanceName } = options;
    if (!instanceName || /[|\s]/.test(instanceName)) {
        throw new errors/* SetupError */.w3(`Instance name ${JSON.stringify(instanceName)} cannot prefix an admin key.`);
    }
    const key = subkey(options.instanceSecret);
    const nonce = options.nonce ?? new Uint8Array((0,external_node_crypto_.randomBytes)(NONCE_BYTES));
    if (nonce.length !== NONCE_BYTES)
        throw new RangeError("nonce must be 12 bytes");
    const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const plaintext = Uint8Array.from([0x10, ...encodeVarint(issuedAt), 0x18, 0x00]);
    const sealed = (0,aes/* gcmsiv */.GM)(key, nonce, Uint8Array.of(VERSION)).encrypt(plaintext);
    const body = Buffer.concat([Buffer.of(VERSION), nonce, sealed]);
    return `${instanceName}|${body.toString("hex")}`;
}
/**
 * Verifies an admin key against the instance secret (and name, when given) and returns what it
 * holds. Throws a SetupError when the key was not made with this secret or is malformed.
 */
function decodeAdminKey(adminKey, instanceSecret, expectedName) {
    const bar = adminKey.lastIndexOf("|");
    if (bar <= 0 || !ADMIN_KEY_LINE_RE.test(adminKey)) {
        throw new errors/* SetupError */.w3("The admin key is not of the form NAME|HEX.");
    }
    const instanceName = adminKey.slice(0, bar);
    const hex = adminKey.slice(bar + 1);
    if (expectedName !== undefined && instanceName !== expectedName) {
        throw new errors/* SetupError */.w3(`The admin key belongs to instance "${instanceName}", not "${expectedName}".`, "Use a key made for this instance name, or let the setup compute one.");
    }
    const body = hex.length % 2 === 0 ? Buffer.from(hex, "hex") : Buffer.alloc(0);
    if (body.length < 1 + NONCE_BYTES + TAG_BYTES || body[0] !== VERSION) {
        throw new errors/* SetupError */.w3("The admin key has an unknown version or is too short.");
    }
    const nonce = new Uint8Array(body.subarray(1, 1 + NONCE_BYTES));
    const sealed = new Uint8Array(body.subarray(1 + NONCE_BYTES));
    let plaintext;
    try {
        plaintext = (0,aes/* gcmsiv */.GM)(subkey(instanceSecret), nonce, Uint8Array.of(VERSION)).decrypt(sealed);
    }
    catch (error) {
        if (error instanceof errors/* SetupError */.w3)
            throw error;
        throw new errors/* SetupError */.w3("The admin key was not made with this instance secret (decryption failed).");
    }
    const fields = decodeProtobufVarints(plaintext);
    return { instanceName, issuedAt: fields.get(2) ?? 0, memberId: fields.get(3) ?? 0 };
}
/** Finds the admin key in the (possibly mixed) output of generate_admin_key.sh. */
function parseAdminKeyOutput(output) {
    return output
        .split(/\r?\n/)
        .map((line) => line.trim())
        .find((line) => ADMIN_KEY_LINE_RE.test(line));
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/core/auth-keys.ts
/**
 * The RS256 key pair of @convex-dev/auth: JWT_PRIVATE_KEY (PKCS#8 PEM) and JWKS (docs/backend-facts.md#convex-auth).
 * Existing keys are read and converted, never replaced.
 */



const generateKeyPairAsync = (0,external_node_util_.promisify)(external_node_crypto_.generateKeyPair);
/** Generates a fresh RSA-2048 key pair (asynchronous: ~200 ms of prime search off the main loop). */
async function generateJwtKey() {
    const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
    return fromKeyObject(privateKey);
}
function fromKeyObject(key) {
    if (key.asymmetricKeyType !== "rsa") {
        throw new errors/* SetupError */.w3(`The JWT private key is a ${key.asymmetricKeyType ?? "unknown"} key; @convex-dev/auth signs with RS256 and needs an RSA key.`, "Remove it to have an RSA-2048 key generated, or give an RSA key in PKCS#8 or PKCS#1 PEM.");
    }
    const privateKeyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
    const jwk = (0,external_node_crypto_.createPublicKey)(key).export({ format: "jwk" });
    return { privateKeyPem, jwks: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }) };
}
const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
/** Turns the accepted textual forms into a PEM with proper line breaks. */
function toPem(input, source) {
    let text = input.trim();
    if (text.includes("\\n")) {
        throw new errors/* SetupError */.w3(`${source}: the private key contains a literal "\\n"; @convex-dev/auth cannot read that form.`, "Give the PEM with real newlines, with newlines replaced by spaces, or base64-encoded.");
    }
    if (!text.includes("-----BEGIN")) {
        const compact = text.replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) {
            throw new errors/* SetupError */.w3(`${source}: the private key is neither a PEM nor base64.`, "Give a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----).");
        }
        const decoded = Buffer.from(compact, "base64");
        const asText = decoded.toString("utf8");
        if (asText.includes("-----BEGIN"))
            text = asText.trim();
        else
            return `-----BEGIN PRIVATE KEY-----\n${decoded
                .toString("base64")
                .replace(/(.{64})/g, "$1\n")
                .trim()}\n-----END PRIVATE KEY-----\n`;
    }
    const match = PEM_RE.exec(text);
    if (!match)
        throw new errors/* SetupError */.w3(`${source}: the PEM has no matching BEGIN/END lines.`);
    const label = match[1];
    if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(match[2])) {
        throw new errors/* SetupError */.w3(`${source}: the private key is encrypted with a passphrase; the backend cannot use it.`, "Decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem -out jwt_private_key.pem");
    }
    if (label !== "PRIVATE KEY" && label !== "RSA PRIVATE KEY") {
        throw new errors/* SetupError */.w3(`${source}: expected a private key, found "${label}".`, "Give an RSA private key in PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY) PEM.");
    }
    // Newlines-as-spaces form: the body's base64 may be separated by spaces.
    const body = match[2].replace(/\s+/g, "");
    return `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, "$1\n").trim()}\n-----END ${label}-----\n`;
}
/**
 * Reads an existing private key in any accepted form (PKCS#8 or PKCS#1 PEM, with newlines or
 * spaces, or base64 of either) and returns the canonical PKCS#8 PEM and its JWKS.
 */
function deriveJwtKeyPair(input, source = "jwt-private-key") {
    const pem = toPem(input, source);
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: pem, format: "pem" });
    }
    catch (error) {
        throw new errors/* SetupError */.w3(`${source}: the private key could not be read (${error.message.split("\n")[0]}).`, "Give an unencrypted RSA private key in PEM.");
    }
    return fromKeyObject(key);
}
/** JWKS of a private key (shortcut of deriveJwtKeyPair). */
function deriveJwks(privateKey, source) {
    return deriveJwtKeyPair(privateKey, source).jwks;
}
/**
 * JWT_PRIVATE_KEY as the official generator stores it: the PEM's lines joined by spaces.
 * @convex-dev/auth reads it with jose's importPKCS8, which ignores whitespace.
 */
function renderJwtPrivateKeyValue(privateKeyPem) {
    return privateKeyPem.trim().split(/\r?\n/).join(" ");
}

;// CONCATENATED MODULE: ./src/core/boolean.ts
/** Boolean inputs and flags, parsed one way everywhere (a module of its own: the CLI loads it first). */
const TRUE = new Set(["true", "yes", "1", "on"]);
const FALSE = new Set(["false", "no", "0", "off"]);
/** The one rule for boolean inputs: true/yes/1/on or false/no/0/off, any case; else undefined. */
function parseBoolean(text) {
    const value = text.trim().toLowerCase();
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/deployment-env.ts
/** Deployment environment variables: parsing the `env-vars` input and the backend's limits (docs/backend-facts.md#admin-api). */

/** 256 since the backend of 2026-05 (the pinned release); 40 before. */
const MAX_NAME_LENGTH = 256;
const MAX_VALUE_BYTES = 8 * 1024;
const MAX_VARIABLES = 512;
const NAME_RE = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;
/** Names the backend refuses (EnvVarNameForbidden): it sets them itself. */
const BUILTIN_NAMES = new Set(["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"]);
/** Names setup-coder-convex sets itself for @convex-dev/auth. */
const MANAGED_DEPLOYMENT_NAMES = [
    "JWT_PRIVATE_KEY",
    "JWKS",
    "JWT_ISSUER",
    "CONVEX_SITE_ORIGIN",
];
/** Parses KEY=VALUE lines (blank lines and # comments skipped). */
function parseEnvVarsInput(text, field = "env-vars") {
    const out = [];
    text.split(/\r?\n/).forEach((line, index) => {
        const trimmed = line.trim();
        if (!trimmed || trimmed.startsWith("#"))
            return;
        const eq = trimmed.indexOf("=");
        if (eq <= 0) {
            throw new errors/* SetupError */.w3(`${field}: line ${index + 1} is not KEY=VALUE.`, 
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression shown to the user
            "Write one variable per line, e.g. OPENAI_API_KEY=${{ secrets.OPENAI_API_KEY }}.");
        }
        out.push([trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1)]);
    });
    return out;
}
/**
 * Checks names and sizes the way the backend will, so one bad variable does not fail the whole
 * transaction after the backend is up. Returns the problems (empty = fine); never echoes values.
 */
function findDeploymentEnvProblems(changes) {
    const problems = [];
    const seen = new Map();
    for (const { name, value, source } of changes) {
        if (!NAME_RE.test(name))
            problems.push(`${source}: "${name}" is not a valid name (letters, digits, _; not starting with a digit).`);
        else if (name.length > MAX_NAME_LENGTH)
            problems.push(`${source}: "${name}" is longer than ${MAX_NAME_LENGTH} characters.`);
        if (BUILTIN_NAMES.has(name))
            problems.push(`${source}: ${name} is set by the backend itself and cannot be a deployment variable.`);
        if (value !== null && Buffer.byteLength(value, "utf8") > MAX_VALUE_BYTES) {
            problems.push(`${source}: the value of ${name} is ${Buffer.byteLength(value, "utf8")} bytes; the backend allows ${MAX_VALUE_BYTES}.`);
        }
        const previous = seen.get(name);
        if (previous !== undefined)
            problems.push(`${source}: ${name} is already set by ${previous}; set it in one place only.`);
        seen.set(name, source);
    }
    if (changes.length > MAX_VARIABLES) {
        problems.push(`${changes.length} deployment variables; the backend accepts at most ${MAX_VARIABLES} in one deployment.`);
    }
    return problems;
}
/** The variables written to the deployment env file's managed part (JWT_PRIVATE_KEY has its own file). */
function managedDeploymentFileEntries(input) {
    // Without @convex-dev/auth the keys' lines are left out (undefined: removed when present).
    return [
        ["CONVEX_SITE_ORIGIN", input.jwks === undefined ? undefined : input.siteUrl],
        ["JWT_ISSUER", input.jwks === undefined ? undefined : input.siteUrl],
        ["JWKS", input.jwks],
    ];
}
/**
 * Every deployment variable, in one list for one transaction: the auth variables first, then the
 * env-vars input, then the user section. Empty values are skipped (reported), not sent.
 */
function buildDeploymentChanges(input) {
    const own = "setup-coder-convex";
    const changes = [];
    if (input.auth) {
        changes.push({ name: "JWT_PRIVATE_KEY", value: input.auth.privateKeyValue, source: own });
        for (const [name, value] of managedDeploymentFileEntries({
            siteUrl: input.siteUrl,
            jwks: input.auth.jwks,
        }))
            if (value !== undefined)
                changes.push({ name, value, source: own });
        const userSets = (name) => [...input.envVars, ...input.userVars].some(([n]) => n === name);
        if (input.auth.frontendUrl && !userSets("SITE_URL"))
            changes.push({ name: "SITE_URL", value: input.auth.frontendUrl, source: `${own} (frontend-url)` });
    }
    const skipped = [];
    for (const [list, source] of [
        [input.envVars, "env-vars"],
        [input.userVars, input.userSource],
    ]) {
        for (const [name, value] of list) {
            if (value === "")
                skipped.push(name);
            else
                changes.push({ name, value, source });
        }
    }
    return { changes, skipped, problems: findDeploymentEnvProblems(changes) };
}
/** Names that hold secrets by convention (masked as soon as they are read). */
function isSecretName(name) {
    // The name's last part: STRIPE_SECRET, RESEND_API_KEY, DB_PASSWORD; not MAX_TOKENS or PRIVATE_BETA.
    return /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|SECRET_KEY|CREDENTIALS?|DSN|KEY)$/i.test(name);
}
/**
 * Whether a value of such a name is worth masking: a short value, a boolean or a number would
 * hide every occurrence of "1" or "true" in the job's log (and drop job outputs holding it).
 */
function isMaskableValue(value) {
    return value.length >= 8 && !/^(true|false|yes|no|on|off|-?\d+(\.\d+)?)$/i.test(value);
}

;// CONCATENATED MODULE: ./src/core/inputs.ts
const INPUTS = [
    {
        name: "command",
        kind: "enum",
        choices: ["up", "down"],
        default: "up",
        description: "up (set up, configure, deploy) or down (remove the instance set up before: with compose its containers and data volume in working-directory, with kubernetes its labelled objects and volume; with drop-database its database too), e.g. on pull_request: closed.",
    },
    {
        name: "target",
        kind: "enum",
        choices: ["compose", "connect", "kubernetes"],
        default: "compose",
        description: "Where the backend runs: compose (started here with docker compose), connect (already running elsewhere: a Coder sidecar, a Helm release; give convex-url, site-url and instance-secret or admin-key), or kubernetes (one instance per instance-name in namespace, applied with kubectl and the runner's kubeconfig).",
    },
    {
        name: "admin-key",
        kind: "string",
        description: "target: connect only: the backend's admin key (instead of instance-secret).",
    },
    {
        name: "namespace",
        kind: "string",
        default: "convex-previews",
        description: "target: kubernetes: the namespace of the instance's objects (created when missing).",
    },
    {
        name: "ingress-host",
        kind: "string",
        description: "target: kubernetes: host name template with {instance}, e.g. {instance}.preview.example.com: the API at that host, the site proxy at {instance}-site..., the dashboard at {instance}-dashboard.... Without it the API is reached through kubectl port-forward during the run.",
    },
    {
        name: "ingress-class",
        kind: "string",
        description: "target: kubernetes: the Ingress's ingressClassName (default: the cluster's default class).",
    },
    {
        name: "ingress-tls-secret",
        kind: "string",
        description: "target: kubernetes: a TLS Secret in namespace for the Ingress hosts; the URLs are https when given, http otherwise.",
    },
    {
        name: "volume-size",
        kind: "string",
        default: "1Gi",
        description: "target: kubernetes: size of the backend's data volume (a PersistentVolumeClaim of the cluster's default storage class).",
    },
    {
        name: "render-only",
        kind: "boolean",
        default: "false",
        description: "target: kubernetes: write the manifests to convex-kubernetes.yaml (mode 0600: it holds the Secret) for your own tools (Argo CD, Flux, Helm) and stop; nothing is applied.",
    },
    {
        name: "working-directory",
        kind: "string",
        default: ".",
        description: "Directory of the Convex app (holds package.json and convex/). Files are written here.",
    },
    {
        name: "convex-url",
        kind: "string",
        description: "Public URL of the backend API (port 3210). Set together with site-url to skip derivation.",
    },
    {
        name: "site-url",
        kind: "string",
        description: "Public URL of the site proxy (port 3211: HTTP actions and auth). Set together with convex-url.",
    },
    { name: "dashboard-url", kind: "string", description: "Public URL of the dashboard (port 6791)." },
    {
        name: "url-style",
        kind: "enum",
        choices: ["app", "port"],
        default: "app",
        description: "Coder URL style: `app` (subdomain apps by slug) or `port` (forwarded ports, 3210--agent--workspace--owner).",
    },
    {
        name: "coder-wildcard-domain",
        kind: "string",
        description: "Coder wildcard access domain (*.apps.example.com or *-apps.example.com), used when VSCODE_PROXY_URI is absent or path-style.",
    },
    { name: "api-slug", kind: "string", default: "convex-api", description: "Coder app slug of the API." },
    {
        name: "site-slug",
        kind: "string",
        default: "convex-site",
        description: "Coder app slug of the site proxy.",
    },
    {
        name: "dashboard-slug",
        kind: "string",
        default: "convex-dashboard",
        description: "Coder app slug of the dashboard.",
    },
    {
        name: "frontend-directories",
        kind: "multiline",
        description: "Frontend folders (one per line, relative like working-directory) whose .env.local gets the backend's URL under its framework's names. Default: the working directory when its package.json has a framework.",
    },
    {
        name: "frontend-url",
        kind: "string",
        description: "URL of the frontend, set as the deployment's SITE_URL for @convex-dev/auth (OAuth and magic-link redirects). Default: the framework's dev port, in Coder through its port URL; none for Expo.",
    },
    {
        name: "frontend-port",
        kind: "port",
        description: "Port of the frontend's dev server for the default frontend-url. Default: the framework's (5173 Vite/SvelteKit, 3000 Next.js and others).",
    },
    {
        name: "auth",
        kind: "enum",
        choices: ["auto", "convex-auth", "none"],
        default: "auto",
        description: "Keys and variables for @convex-dev/auth: auto (when the package holding convex/ depends on it), convex-auth, or none (e.g. Clerk).",
    },
    {
        name: "postgres-url",
        kind: "string",
        description: "Postgres URL for the backend. Defaults to DATABASE_URL, POSTGRES_URI, then POSTGRES_URL; none of them (or the word none) means the backend's embedded SQLite.",
    },
    {
        name: "postgres-sslmode",
        kind: "enum",
        choices: ["disable", "require", "prefer", "keep"],
        default: "disable",
        description: "sslmode put on the Postgres URL: disable, require (certificate verified by the backend), prefer, or keep the URL's own.",
    },
    {
        name: "postgres-preflight",
        kind: "boolean",
        default: "true",
        description: "Connect to Postgres before starting the backend and report problems clearly.",
    },
    {
        name: "create-database",
        kind: "boolean",
        default: "true",
        description: "Create the backend's database (instance name with - as _) when it is missing.",
    },
    {
        name: "drop-database",
        kind: "boolean",
        default: "false",
        description: "command: down: also drop the instance's Postgres database; refused unless instance-name starts with preview-prefix.",
    },
    {
        name: "preview-prefix",
        kind: "string",
        default: "pr-",
        description: "The prefix an instance-name must carry for drop-database to drop its database, so a production database is never dropped.",
    },
    {
        name: "instance-name",
        kind: "string",
        default: "app",
        description: "Backend instance name: prefix of the admin key and (with - as _) the Postgres database name.",
    },
    {
        name: "instance-secret",
        kind: "string",
        description: "64 hex characters. Default: reuse the one in .env.convex.local, else generate one.",
    },
    {
        name: "backend-image",
        kind: "string",
        description: "Backend image. Default: ghcr.io/get-convex/convex-backend pinned to a tested release.",
    },
    {
        name: "dashboard-image",
        kind: "string",
        description: "Dashboard image. Default: ghcr.io/get-convex/convex-dashboard at the same release.",
    },
    { name: "dashboard", kind: "boolean", default: "true", description: "Run the dashboard container." },
    { name: "api-port", kind: "port", default: "3210", description: "Host port of the API." },
    { name: "site-port", kind: "port", default: "3211", description: "Host port of the site proxy." },
    { name: "dashboard-port", kind: "port", default: "6791", description: "Host port of the dashboard." },
    {
        name: "jwt-private-key",
        kind: "string",
        description: "RSA private key for @convex-dev/auth (PEM, PKCS#8 or PKCS#1, or base64). Default: reuse jwt_private_key.pem, else generate.",
    },
    {
        name: "env-vars",
        kind: "multiline",
        description: "Deployment environment variables, one KEY=VALUE per line, set before deploying.",
    },
    {
        name: "deploy",
        kind: "boolean",
        default: "true",
        description: "Run `convex deploy` with the project's own convex CLI.",
    },
    {
        name: "deploy-args",
        kind: "string",
        description: "Extra arguments for `convex deploy`, split like a shell would (no shell runs).",
    },
    {
        name: "seed-function",
        kind: "string",
        description: "A Convex function run with `convex run` after the first deploy of a new deployment (e.g. seed:init), to give a preview data.",
    },
    {
        name: "seed-args",
        kind: "string",
        description: "Arguments of seed-function, as a JSON object (default {}).",
    },
    {
        name: "seed-import",
        kind: "string",
        description: "A snapshot ZIP (all tables) or a .jsonl/.json/.csv file (the table named after the file) in the repository, imported with `convex import` after the first deploy of a new deployment.",
    },
    {
        name: "seed-always",
        kind: "boolean",
        default: "false",
        description: "Seed on every run, not only when the deployment is new (an import then replaces the tables it holds).",
    },
    {
        name: "verify",
        kind: "boolean",
        default: "true",
        description: "Last phase: check the API, the admin key, the deployment's variables and (for @convex-dev/auth) the site proxy's auth discovery from this host, and in Coder the public URLs.",
    },
    {
        name: "wait-timeout",
        kind: "integer",
        default: "120",
        description: "Seconds to wait for the backend to answer /version.",
    },
    {
        name: "export-env",
        kind: "boolean",
        default: "true",
        description: "Export CONVEX_SELF_HOSTED_URL (the API on this host), CONVEX_SELF_HOSTED_ADMIN_KEY, CONVEX_CLOUD_ORIGIN, CONVEX_SITE_ORIGIN and each frontend's <prefix>CONVEX_URL / <prefix>CONVEX_SITE_URL to later steps.",
    },
    {
        name: "cleanup",
        kind: "boolean",
        description: "Post step: print the backend's logs (collapsed), then remove the instance (compose: `docker compose down --volumes`; kubernetes: its objects and volume). Default: true with compose, false with kubernetes (a preview outlives the job); never with connect.",
    },
    {
        name: "cache-images",
        kind: "boolean",
        default: "false",
        description: "Save and restore the images with the Actions cache (measure before turning on: pulling is often faster).",
    },
    {
        name: "project-name",
        kind: "string",
        description: "Compose project name. Default: convex-<directory name>. Give each instance on one host its own.",
    },
];
const OUTPUTS = [
    { name: "convex-url", description: "Public URL of the backend API." },
    { name: "site-url", description: "Public URL of the site proxy (HTTP actions, auth issuer)." },
    { name: "dashboard-url", description: "Public URL of the dashboard." },
    {
        name: "admin-key",
        description: "Admin key (masked). Job outputs holding masked values are dropped between jobs.",
    },
    { name: "instance-name", description: "Backend instance name." },
    { name: "postgres-database", description: "Postgres database the backend uses (empty with SQLite)." },
    {
        name: "env-file",
        description: "Path of .env.convex.local (empty with target kubernetes, which keeps the instance secret in its Secret, and with connect).",
    },
    { name: "compose-file", description: "Path of docker-compose.convex.yml." },
    { name: "compose-project", description: "Compose project name." },
    { name: "deployed", description: "`true` when `convex deploy` ran and succeeded." },
    { name: "seeded", description: "`true` when seed-function or seed-import ran in this run." },
    {
        name: "manifest-file",
        description: "target: kubernetes: path of the manifests written (convex-kubernetes.yaml).",
    },
    { name: "namespace", description: "target: kubernetes: the namespace of the instance." },
];
/**
 * Variables exported to later steps when export-env is on (values: core/client-env.ts), besides
 * each frontend's `<prefix>CONVEX_URL` and `<prefix>CONVEX_SITE_URL`.
 */
const EXPORTED_ENV = (/* unused pure expression or super */ null && ([
    "CONVEX_SELF_HOSTED_URL",
    "CONVEX_SELF_HOSTED_ADMIN_KEY",
    "CONVEX_CLOUD_ORIGIN",
    "CONVEX_SITE_ORIGIN",
]));

// EXTERNAL MODULE: ./src/core/kubernetes.ts
var core_kubernetes = __webpack_require__(4215);
;// CONCATENATED MODULE: ./src/core/postgres-url.ts
/**
 * Finding and normalising the Postgres URL for the backend (docs/backend-facts.md#postgres-rules):
 * no database path, a username, one sslmode, percent-encoded credentials kept byte for byte.
 */

const SSL_MODES = ["disable", "require", "prefer", "keep"];
/** Where a Postgres URL may come from, in priority order after the explicit input. */
const POSTGRES_ENV_VARS = ["DATABASE_URL", "POSTGRES_URI", "POSTGRES_URL"];
/** Picks the first non-empty URL: explicit, then DATABASE_URL, POSTGRES_URI, POSTGRES_URL. */
function selectPostgresUrl(explicit, env) {
    // "none": the embedded SQLite, whatever DATABASE_URL & co. say (e.g. a Prisma file: URL in CI).
    if (explicit?.trim().toLowerCase() === "none")
        return undefined;
    if (explicit?.trim())
        return { url: explicit.trim(), source: "postgres-url" };
    for (const name of POSTGRES_ENV_VARS) {
        const value = env[name]?.trim();
        if (value)
            return { url: value, source: name };
    }
    return undefined;
}
/** Connection parameters tokio-postgres (the backend's client) accepts; `dbname` is left out on purpose. */
const TOKIO_POSTGRES_PARAMS = new Set([
    "user",
    "password",
    "options",
    "application_name",
    "sslnegotiation",
    "host",
    "hostaddr",
    "port",
    "connect_timeout",
    "tcp_user_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "target_session_attrs",
    "channel_binding",
    "load_balance_hosts",
]);
const TOKIO_SSLMODES = new Set(["disable", "prefer", "require"]);
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** The database the backend uses for an instance name: every `-` becomes `_`. */
function deriveDatabaseName(instanceName) {
    return instanceName.replaceAll("-", "_");
}
function decode(component, what, source) {
    try {
        return decodeURIComponent(component);
    }
    catch {
        throw new errors/* SetupError */.w3(`${source}: the ${what} in the Postgres URL has a malformed percent-escape.`, "Percent-encode special characters in the user name and password (e.g. @ as %40, % as %25).");
    }
}
/**
 * Normalises a Postgres URL for the backend. Errors name the source and never echo the URL,
 * which may hold a password.
 */
function normalizePostgresUrl(raw, sslmode = "disable", source = "postgres-url") {
    const text = raw.trim();
    const scheme = /^(postgres|postgresql):\/\//i.exec(text);
    if (!scheme) {
        throw new errors/* SetupError */.w3(`${source} is not a Postgres URL: it must start with postgres:// or postgresql://.`, source === "postgres-url"
            ? "Use the form postgres://USER:PASSWORD@HOST:5432 (the database name is derived from instance-name)."
            : `Use the form postgres://USER:PASSWORD@HOST:5432, or, when ${source} is for another tool, set postgres-url: none (--postgres-url none) to use the backend's embedded SQLite.`);
    }
    // Split authority / path / query by hand so that percent-encoding stays exactly as given.
    const afterScheme = text.slice(scheme[0].length);
    const hashAt = afterScheme.indexOf("#");
    if (hashAt >= 0) {
        throw new errors/* SetupError */.w3(`${source}: the Postgres URL contains an unencoded "#".`, "Percent-encode # in the password as %23.");
    }
    const queryAt = afterScheme.indexOf("?");
    const beforeQuery = queryAt >= 0 ? afterScheme.slice(0, queryAt) : afterScheme;
    const query = queryAt >= 0 ? afterScheme.slice(queryAt + 1) : "";
    const slashAt = beforeQuery.indexOf("/");
    const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery;
    const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : "";
    const atAt = authority.lastIndexOf("@");
    if (atAt < 0) {
        throw new errors/* SetupError */.w3(`${source}: the Postgres URL has no user name.`, "The backend requires one: postgres://USER:PASSWORD@HOST:5432.");
    }
    const userinfo = authority.slice(0, atAt);
    const hostport = authority.slice(atAt + 1);
    const colon = userinfo.indexOf(":");
    const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    const rawPassword = colon >= 0 ? userinfo.slice(colon + 1) : "";
    if (!rawUser) {
        throw new errors/* SetupError */.w3(`${source}: the Postgres URL has an empty user name.`, "Give one: postgres://USER:PASSWORD@HOST.");
    }
    if (/[\s@/]/.test(userinfo.replace(/%[0-9a-fA-F]{2}/g, ""))) {
        throw new errors/* SetupError */.w3(`${source}: the user name or password in the Postgres URL has unencoded special characters.`, "Percent-encode them (space as %20, @ as %40, / as %2F, : in the user name as %3A).");
    }
    // Valid in a URL, but no env-file quoting reads ' together with $ ` " \ back the same
    // everywhere: percent-encoded they mean the same to the backend and are safe in the file.
    const unsafe = userinfo.includes("'") ? [...new Set(userinfo.match(/['"$`\\]/g) ?? [])] : [];
    if (unsafe.length > 1) {
        throw new errors/* SetupError */.w3(`${source}: the user name or password in the Postgres URL has ${unsafe.map((c) => `"${c}"`).join(" ")} unencoded.`, `Percent-encode ${unsafe.length === 1 ? "it" : "them"}: ${unsafe.map((c) => `${c} as %${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join(", ")}.`);
    }
    const user = decode(rawUser, "user name", source);
    const password = decode(rawPassword, "password", source);
    const hostMatch = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostport);
    if (!hostMatch) {
        throw new errors/* SetupError */.w3(`${source}: the host part of the Postgres URL is missing or malformed.`, "Use HOST, HOST:PORT or [IPv6]:PORT after the @.");
    }
    const host = hostMatch[1];
    const port = hostMatch[2] ? Number(hostMatch[2]) : 5432;
    if (port < 1 || port > 65535) {
        throw new errors/* SetupError */.w3(`${source}: the Postgres port must be between 1 and 65535.`);
    }
    const removedDatabase = path && path !== "/" ? decode(path.replace(/\/+$/, ""), "database name", source) : undefined;
    // The backend hands the query to tokio-postgres, which refuses unknown keys and sslmodes other
    // than disable/prefer/require, and exits. Options of other tools (Prisma's schema=,
    // connection_limit=, ...) are dropped and reported; the user's own variable is untouched.
    const kept = [];
    const droppedParams = [];
    let ownSslmode;
    for (const param of query.split("&").filter((p) => p.length > 0)) {
        const key = safeDecode(param.split("=")[0] ?? "").toLowerCase();
        if (key === "sslmode")
            ownSslmode = safeDecode(param.slice(param.indexOf("=") + 1));
        else if (TOKIO_POSTGRES_PARAMS.has(key))
            kept.push(param);
        else
            droppedParams.push(key);
    }
    if (sslmode === "keep" && ownSslmode !== undefined && !TOKIO_SSLMODES.has(ownSslmode)) {
        throw new errors/* SetupError */.w3(`${source}: sslmode=${ownSslmode} is not understood by the backend's Postgres client (it accepts disable, prefer and require).`, "Set postgres-sslmode: require (the backend then verifies the certificate and host name itself), prefer or disable.");
    }
    // With require the backend appends sslmode=require itself: the URL carries none, so no duplicate.
    const finalSsl = sslmode === "keep" ? ownSslmode : sslmode;
    if (finalSsl !== undefined && sslmode !== "require")
        kept.push(`sslmode=${finalSsl}`);
    const url = `${scheme[1]}://${userinfo}@${hostport}${kept.length ? `?${kept.join("&")}` : ""}`;
    return {
        url,
        source,
        removedDatabase,
        host: host.startsWith("[") ? host.slice(1, -1) : host,
        port,
        user,
        password,
        sslmode: finalSsl,
        droppedParams,
        doNotRequireSsl: sslmode !== "require",
    };
}
/** The URL with its password replaced, for messages. */
function redactPostgresUrl(url) {
    return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@]*@/i, "$1***@");
}
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0"]);
const DOCKER_HOST_ALIAS = "host.docker.internal";
/**
 * Inside the backend's container, localhost is the container itself. Decision table:
 * - loopback host (localhost, 127.x, ::1) -> host.docker.internal, mapped to the docker host's
 *   gateway with extra_hosts (Postgres must listen on the docker bridge, not only on 127.0.0.1);
 * - host.docker.internal already -> kept, with the same extra_hosts (Linux engines lack it);
 * - any other host -> unchanged.
 */
function planContainerDatabaseUrl(db) {
    const isLoopback = LOOPBACK_HOSTS.has(db.host) || db.host.startsWith("127.");
    if (isLoopback) {
        const url = db.url.replace(/@(\[[^\]]+\]|[^:/?]+)(?=[:/?]|$)/, `@${DOCKER_HOST_ALIAS}`);
        return {
            url,
            extraHosts: [`${DOCKER_HOST_ALIAS}:host-gateway`],
            note: `Postgres at ${db.host} is this host, not the backend's container: the backend reaches it as ${DOCKER_HOST_ALIAS}. Postgres must listen on the docker bridge (listen_addresses = '*' or the bridge address) and pg_hba.conf must allow 172.16.0.0/12.`,
        };
    }
    if (db.host === DOCKER_HOST_ALIAS)
        return { url: db.url, extraHosts: [`${DOCKER_HOST_ALIAS}:host-gateway`], note: undefined };
    return { url: db.url, extraHosts: [], note: undefined };
}
function describePostgresPlan(db) {
    const warnings = [];
    const infos = [];
    if (db.droppedParams.length > 0) {
        warnings.push(`Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's Postgres client refuses options it does not know (your ${db.source} itself is unchanged).`);
    }
    if (db.removedDatabase) {
        infos.push(`Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`);
    }
    const note = planContainerDatabaseUrl(db).note;
    if (note)
        warnings.push(note);
    return { warnings, infos };
}

// EXTERNAL MODULE: ./src/core/urls.ts
var urls = __webpack_require__(1221);
;// CONCATENATED MODULE: ./src/core/config.ts
/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do.
 */










const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;
/** Throws when a quote is left open (shell-quote would silently close it). */
function checkQuotes(text) {
    let open;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (open === "'") {
            if (c === "'")
                open = undefined;
        }
        else if (c === "\\")
            i++;
        else if (open === '"') {
            if (c === '"')
                open = undefined;
        }
        else if (c === "'" || c === '"')
            open = c;
    }
    if (open) {
        throw new errors/* SetupError */.w3(`the ${open} quote opened in "${text}" is never closed.`, `Close it, or escape it (\\${open}) if it is meant literally.`);
    }
}
/**
 * A docker image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker's reference
 * grammar allows; nothing that docker could take as an option (a leading -) or that compose
 * would interpolate ($).
 */
const IMAGE_REF_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
function isImageReference(text) {
    return IMAGE_REF_RE.test(text);
}
/** Splits a command line like a POSIX shell would, without running one. */
function splitArgs(text) {
    checkQuotes(text);
    return (0,shell_quote.parse)(text, (key) => `$${key}`).map((token) => {
        if (typeof token === "string")
            return token;
        const shown = "op" in token ? token.op : "comment" in token ? `#${token.comment}` : "?";
        throw new errors/* SetupError */.w3(`"${shown}" is shell syntax; the arguments are passed to convex deploy without a shell. Quote it if it is meant literally.`);
    });
}

/** Builds the configuration or throws a ConfigError listing every problem. */
function parseConfig(raw, env = {}) {
    const problems = new errors/* ProblemList */.Ku();
    const spec = new Map(INPUTS.map((i) => [i.name, i]));
    const get = (name) => {
        const value = raw[name]?.trim();
        if (value)
            return value;
        const def = spec.get(name);
        return def && "default" in def ? def.default : undefined;
    };
    const bool = (name) => {
        const value = parseBoolean(get(name) ?? "false");
        if (value === undefined)
            problems.add(name, `"${raw[name]}" is not a boolean; use true or false.`);
        return value ?? false;
    };
    const integer = (name, min, max) => {
        const text = get(name) ?? "";
        const value = Number(text);
        if (!/^\d+$/.test(text) || value < min || value > max) {
            problems.add(name, `"${text}" must be a whole number from ${min} to ${max}.`);
            return min;
        }
        return value;
    };
    const choice = (name, choices) => {
        const value = (get(name) ?? "");
        if (!choices.includes(value)) {
            problems.add(name, `"${value}" is not one of ${choices.join(", ")}.`);
            return choices[0];
        }
        return value;
    };
    const instanceName = get("instance-name") ?? "app";
    if (!INSTANCE_NAME_RE.test(instanceName) || instanceName.length > 63) {
        problems.add("instance-name", `"${instanceName}" must be lowercase letters and digits separated by single - or _ (at most 63 characters); it becomes the admin key prefix and the database name.`);
    }
    const instanceSecret = get("instance-secret");
    if (instanceSecret !== undefined && !isInstanceSecret(instanceSecret)) {
        problems.add("instance-secret", "must be exactly 64 hexadecimal characters; leave it empty to reuse or generate one.");
    }
    const ports = {
        api: integer("api-port", 1, 65535),
        site: integer("site-port", 1, 65535),
        dashboard: integer("dashboard-port", 1, 65535),
    };
    const dashboard = bool("dashboard");
    const portList = dashboard ? [ports.api, ports.site, ports.dashboard] : [ports.api, ports.site];
    if (new Set(portList).size !== portList.length) {
        problems.add("api-port", "api-port, site-port and dashboard-port must all differ.");
    }
    const projectName = get("project-name");
    if (projectName !== undefined && !PROJECT_RE.test(projectName)) {
        problems.add("project-name", `"${projectName}" must be lowercase letters, digits, - and _, starting with a letter or digit.`);
    }
    const envVars = problems.try("env-vars", () => parseEnvVarsInput(raw["env-vars"] ?? "", "env-vars")) ??
        [];
    for (const [name] of envVars) {
        if (MANAGED_DEPLOYMENT_NAMES.includes(name)) {
            problems.add("env-vars", `${name} is set by setup-coder-convex itself; remove it (use jwt-private-key or site-url instead).`);
        }
    }
    const deployArgs = problems.try("deploy-args", () => splitArgs(get("deploy-args") ?? "")) ?? [];
    if (deployArgs.some((a) => a === "--preview-create" || a.startsWith("--preview-create="))) {
        problems.add("deploy-args", "--preview-create makes convex deploy crash against a self-hosted backend (it has no preview deployments); run one instance per preview with its own project-name instead.");
    }
    const waitSeconds = integer("wait-timeout", 1, 3600);
    const sslmode = choice("postgres-sslmode", SSL_MODES);
    const explicitUrls = Boolean(get("convex-url") || get("site-url"));
    const wildcardDomain = get("coder-wildcard-domain");
    const target = choice("target", ["compose", "connect", "kubernetes"]);
    const kubernetes = parseKubernetesInputs(raw, get, bool, problems, target, instanceName, explicitUrls);
    const ingressHosts = kubernetes.ingressHost
        ? problems.try("ingress-host", () => (0,core_kubernetes/* deriveIngressHosts */.e)(kubernetes.ingressHost, instanceName))
        : undefined;
    const publicUrls = ingressHosts
        ? (0,core_kubernetes/* deriveIngressUrls */.ll)(ingressHosts, kubernetes.tlsSecret !== undefined, (0,urls/* isCoderWorkspace */.L2)(env))
        : problems.try(!explicitUrls && (wildcardDomain || (0,urls/* isCoderWorkspace */.L2)(env)) ? "coder-wildcard-domain" : "convex-url", () => (0,urls/* deriveUrls */.Cm)(env, {
            convexUrl: get("convex-url"),
            siteUrl: get("site-url"),
            dashboardUrl: get("dashboard-url"),
            style: choice("url-style", ["app", "port"]),
            wildcardDomain,
            slugs: { api: get("api-slug"), site: get("site-slug"), dashboard: get("dashboard-slug") },
            ports,
        }));
    const selected = selectPostgresUrl(get("postgres-url"), env);
    const postgresUrl = selected
        ? problems.try(selected.source, () => ({
            ...normalizePostgresUrl(selected.url, sslmode, selected.source),
            name: deriveDatabaseName(instanceName),
        }))
        : undefined;
    // Only for up: down may reach the same server through a tunnel (drop-database).
    if (target === "kubernetes" &&
        raw.command?.trim() !== "down" &&
        selected &&
        postgresUrl &&
        /^(localhost\.?$|127\.|::1$|\[::1\])/.test(postgresUrl.host))
        problems.add(selected.source, `points at ${postgresUrl.host}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. postgres.db.svc.cluster.local; with postgres-preflight: false when this runner cannot reach it), or no Postgres URL for the embedded SQLite.`);
    const jwtKeyPair = get("jwt-private-key")
        ? problems.try("jwt-private-key", () => deriveJwtKeyPair(raw["jwt-private-key"], "jwt-private-key"))
        : undefined;
    for (const name of ["backend-image", "dashboard-image"]) {
        const image = get(name);
        if (image !== undefined && !isImageReference(image)) {
            problems.add(name, `"${image}" is not a docker image reference (registry/name:tag or name@sha256:digest, lowercase, no leading - or $).`);
        }
    }
    const frontendUrl = get("frontend-url")
        ? problems.try("frontend-url", () => (0,urls/* normalizePublicUrl */.ws)(get("frontend-url"), "frontend-url"))
        : undefined;
    const frontendPort = get("frontend-port") ? integer("frontend-port", 1, 65535) : undefined;
    const frontendDirectories = (raw["frontend-directories"] ?? "")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith("#"));
    const auth = choice("auth", ["auto", "convex-auth", "none"]);
    const command = choice("command", ["up", "down"]);
    const seed = parseSeedInputs(get, bool, problems);
    if ((seed.function || seed.import) && !bool("deploy"))
        problems.add(seed.function ? "seed-function" : "seed-import", "seeds a deployment after its first deploy; it needs deploy: true.");
    if ((seed.function || seed.import) && kubernetes.renderOnly)
        problems.add(seed.function ? "seed-function" : "seed-import", "does nothing with render-only (nothing is deployed): seed when you deploy (up --target connect after applying).");
    const dropDatabase = bool("drop-database");
    const previewPrefix = get("preview-prefix") ?? "";
    if (dropDatabase) {
        if (command !== "down")
            problems.add("drop-database", "is for command: down (removing a preview); remove it from this step.");
        else if (!postgresUrl)
            problems.add("drop-database", "has no database to drop: the backend uses SQLite unless postgres-url (or DATABASE_URL) is set.");
        else if (!/^[a-z0-9][a-z0-9_-]*[-_]$/.test(previewPrefix))
            problems.add("preview-prefix", `"${previewPrefix}" must be lowercase letters, digits, - and _, ending in - or _ (as pr-): it is what keeps drop-database away from other databases, and without the separator "pr" would match "prod".`);
        else if (!instanceName.startsWith(previewPrefix))
            problems.add("drop-database", `refused: instance-name "${instanceName}" does not start with preview-prefix "${previewPrefix}", so its database (${postgresUrl.name}) is not a preview's.`);
    }
    const adminKey = get("admin-key");
    if (adminKey !== undefined) {
        if (target !== "connect")
            problems.add("admin-key", "is for target: connect only; with compose the key is computed from the instance secret.");
        else if (!/^[^\s|]+\|[0-9a-f]+$/.test(adminKey))
            problems.add("admin-key", "is not an admin key (instance-name|hex, as generate_admin_key.sh prints it).");
        else if (!adminKey.startsWith(`${instanceName}|`))
            problems.add("admin-key", `belongs to another instance: its prefix must be instance-name (${instanceName}).`);
    }
    if (target === "connect") {
        if (!(get("convex-url") && get("site-url")))
            problems.add("target", "connect needs convex-url and site-url: the URLs of the running backend's API and site proxy.");
        if (!instanceSecret && !adminKey)
            problems.add("target", "connect needs instance-secret (or admin-key) of the running backend to configure it.");
    }
    const config = {
        workingDirectory: get("working-directory") ?? ".",
        publicUrls: publicUrls,
        postgres: {
            url: postgresUrl,
            sslmode,
            preflight: bool("postgres-preflight"),
            createDatabase: bool("create-database"),
            dropDatabase,
            previewPrefix,
        },
        instanceName,
        ...(instanceSecret ? { instanceSecret: instanceSecret.toLowerCase() } : {}),
        ...(jwtKeyPair ? { jwtKeyPair } : {}),
        images: {
            ...(get("backend-image") ? { backend: get("backend-image") } : {}),
            ...(get("dashboard-image") ? { dashboard: get("dashboard-image") } : {}),
        },
        dashboard,
        ports,
        envVars,
        deploy: bool("deploy"),
        verify: bool("verify"),
        deployArgs,
        waitTimeoutMs: waitSeconds * 1000,
        exportEnv: bool("export-env"),
        // A compose stack lives as long as the job; a kubernetes preview outlives it.
        cleanup: target === "connect" ? false : get("cleanup") ? bool("cleanup") : target === "compose",
        cacheImages: bool("cache-images"),
        frontend: {
            directories: frontendDirectories,
            url: frontendUrl,
            port: frontendPort,
            urlForPort: (port) => (0,urls/* deriveFrontendUrl */.$W)(env, port, wildcardDomain),
        },
        auth,
        target,
        kubernetes,
        seed,
        command,
        ...(adminKey ? { adminKey } : {}),
        ...(projectName ? { projectName } : {}),
    };
    problems.throwIfAny();
    return config;
}
/** target kubernetes's inputs; given with another target they are an error (they would do nothing). */
function parseKubernetesInputs(raw, get, bool, problems, target, instanceName, explicitUrls) {
    const input = {
        namespace: get("namespace") ?? "convex-previews",
        ingressHost: get("ingress-host"),
        ingressClass: get("ingress-class"),
        tlsSecret: get("ingress-tls-secret"),
        volumeSize: get("volume-size") ?? "1Gi",
        renderOnly: bool("render-only"),
    };
    if (target !== "kubernetes") {
        for (const [name, given] of [
            ["ingress-host", input.ingressHost],
            ["ingress-class", input.ingressClass],
            ["ingress-tls-secret", input.tlsSecret],
            ["render-only", input.renderOnly ? "true" : undefined],
        ]) {
            if (given !== undefined)
                problems.add(name, `is for target: kubernetes only (target is ${target}).`);
        }
        return input;
    }
    if (!(0,core_kubernetes/* isDnsLabel */.Cd)(input.namespace))
        problems.add("namespace", `"${input.namespace}" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.`);
    if (instanceName.length > core_kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ)
        problems.add("instance-name", `"${instanceName}" is longer than ${core_kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ} characters, too long for target kubernetes (its StatefulSet's pods carry a label of at most 63 characters built from it).`);
    // Object names cannot hold _: a_b and a-b would be the same objects, so _ is refused here.
    if (instanceName.includes("_"))
        problems.add("instance-name", `"${instanceName}" holds _, which Kubernetes object names and host names cannot: use - (e.g. ${instanceName.replaceAll("_", "-")}).`);
    for (const [name, value] of [
        ["ingress-class", input.ingressClass],
        ["ingress-tls-secret", input.tlsSecret],
    ]) {
        if (value !== undefined && !(0,core_kubernetes/* isDnsSubdomain */.sg)(value))
            problems.add(name, `"${value}" is not a Kubernetes object name (lowercase letters, digits, - and .).`);
    }
    if ((input.ingressClass || input.tlsSecret) && !input.ingressHost)
        problems.add(input.ingressClass ? "ingress-class" : "ingress-tls-secret", "needs ingress-host: without it no Ingress is made.");
    if (input.ingressHost && explicitUrls)
        problems.add("ingress-host", "and convex-url/site-url both say where the backend is public: give one of them.");
    if (!(0,core_kubernetes/* isQuantity */.Ep)(input.volumeSize) || !/[1-9]/.test(input.volumeSize))
        problems.add("volume-size", `"${input.volumeSize}" is not a storage size such as 1Gi or 500Mi.`);
    // Inputs that would be silently ignored: an error instead.
    const ignored = [
        ["cache-images", "the cluster pulls the images itself"],
        ["project-name", "kubernetes objects are named after instance-name"],
    ];
    if (input.ingressHost)
        for (const name of ["dashboard-url", "url-style", "coder-wildcard-domain"])
            ignored.push([name, "ingress-host gives the public URLs"]);
    for (const [name, why] of ignored) {
        const given = raw[name]?.trim();
        if (given && !(name === "cache-images" && parseBoolean(given) === false))
            problems.add(name, `does nothing with target kubernetes (${why}): remove it.`);
    }
    return input;
}
/** A module path component as the backend takes it: letters, digits, _ and ., one letter or digit at least. */
const MODULE_COMPONENT_RE = /^(?=[\w.]*[A-Za-z0-9])[\w.]{1,64}$/;
/** An export name or table name: a letter or _ first, then letters, digits and _ (at most 64). */
const IDENTIFIER_RE = /^(?=\w*[A-Za-z0-9])[A-Za-z_]\w{0,63}$/;
/** A user table: like an identifier, but never starting with _ (those are system tables). */
const TABLE_NAME_RE = /^[A-Za-z]\w{0,63}$/;
/** What `convex import` reads, picked by the extension: a snapshot ZIP, or one table. */
const SEED_IMPORT_EXTENSIONS = [".zip", ".jsonl", ".json", ".csv"];
/**
 * A function name as `convex run` takes it: `module`, `dir/module:export` (a file extension
 * and the functions folder's name are allowed: the CLI strips them), or `api.dir.module.export`
 * / `internal....`. Module path components and export names follow the backend's rules
 * (docs/backend-facts.md#convex-cli).
 */
function isFunctionPath(text) {
    if (/^(?:api|internal)\./.test(text)) {
        const parts = text.split(".").slice(1);
        return (parts.length >= 2 &&
            parts.slice(0, -1).every((p) => MODULE_COMPONENT_RE.test(p)) &&
            IDENTIFIER_RE.test(parts.at(-1)));
    }
    const colon = text.lastIndexOf(":");
    const module = colon === -1 ? text : text.slice(0, colon);
    const name = colon === -1 ? undefined : text.slice(colon + 1);
    if (name !== undefined && !IDENTIFIER_RE.test(name))
        return false;
    return module.split("/").every((p) => MODULE_COMPONENT_RE.test(p));
}
/** The table a one-table seed file goes to: its name without the extension. */
function seedImportTable(file) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    const ext = SEED_IMPORT_EXTENSIONS.find((e) => name.endsWith(e));
    return ext && ext !== ".zip" ? name.slice(0, -ext.length) : undefined;
}
/** Whether a relative path climbs above its base (`a/../../b`), lexically. */
function climbsOut(path) {
    let depth = 0;
    for (const part of path.split("/")) {
        if (part === "..")
            depth--;
        else if (part !== "" && part !== ".")
            depth++;
        if (depth < 0)
            return true;
    }
    return false;
}
/** seed-function, seed-args, seed-import, seed-always. */
function parseSeedInputs(get, bool, problems) {
    const fn = get("seed-function");
    const argsText = get("seed-args");
    const file = get("seed-import");
    const always = bool("seed-always");
    if (fn !== undefined && !isFunctionPath(fn))
        problems.add("seed-function", `"${fn}" is not a Convex function name: give it as convex run takes it, module:export relative to the functions folder (e.g. seed:init for the export init of convex/seed.ts, or admin/seed:run).`);
    let args = "{}";
    if (argsText !== undefined) {
        if (fn === undefined)
            problems.add("seed-args", "holds arguments for seed-function, which is not set: set seed-function or remove seed-args.");
        let parsed;
        try {
            parsed = JSON.parse(argsText);
        }
        catch (error) {
            problems.add("seed-args", `is not valid JSON (${error.message}): give a JSON object, e.g. {"users": 10}.`);
        }
        if (parsed !== undefined) {
            if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
                problems.add("seed-args", `must be a JSON object (the function's named arguments), not ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`}: e.g. {"users": 10}.`);
            else
                args = argsText;
        }
    }
    if (file !== undefined) {
        const base = get("working-directory") ?? ".";
        const ext = SEED_IMPORT_EXTENSIONS.find((e) => file.endsWith(e));
        const table = seedImportTable(file);
        if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith("\\"))
            problems.add("seed-import", `"${file}" is an absolute path: give the file's path in the repository, relative to working-directory (e.g. seed/users.jsonl).`);
        else if (climbsOut(base.startsWith("/") ? file : `${base}/${file}`))
            problems.add("seed-import", `"${file}" climbs out of the repository with ..: the file must be inside it; give its path relative to working-directory.`);
        else if (ext === undefined)
            problems.add("seed-import", `"${file}" must end in .zip (a snapshot export: all its tables), or .jsonl, .json or .csv (one table, named after the file): convex import picks the format from the extension (lowercase). Rename the file.`);
        else if (table !== undefined && !TABLE_NAME_RE.test(table))
            problems.add("seed-import", `imports "${file}" into the table named after the file, and "${table}" is not a valid Convex table name (a letter first, then letters, digits or _, at most 64 characters): rename the file, e.g. to ${suggestTableName(table)}${ext}.`);
    }
    if (always && fn === undefined && file === undefined)
        problems.add("seed-always", "is true but there is nothing to seed: set seed-function or seed-import, or remove seed-always.");
    return { function: fn, args, import: file, always };
}
function suggestTableName(name) {
    const cleaned = name.replace(/\W+/g, "_").replace(/^_+/, "").slice(0, 64);
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `t_${cleaned}`.slice(0, 64);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/adapters/runtime.ts
var runtime = __webpack_require__(3252);
;// CONCATENATED MODULE: ./src/core/app-plan.ts

/** Whether the app gets @convex-dev/auth's JWT key, JWKS and variables. */
function usesConvexAuth(input, facts) {
    if (input === "convex-auth")
        return true;
    if (input === "none")
        return false;
    return facts.auth === "convex-auth";
}
/**
 * SITE_URL for @convex-dev/auth: the frontend-url input; else the dev server of the first
 * frontend (frontend-port, else the framework's dev port) as the browser reaches it; none for a
 * framework without a dev port (Expo) unless given.
 */
function deriveSiteUrl(options) {
    if (options.frontendUrl)
        return options.frontendUrl;
    const port = options.frontendPort ?? options.framework?.devPort;
    return port === undefined ? undefined : options.urlForPort(port);
}
/**
 * Compares what the app reads with what is given: auth.config variables given nowhere are
 * problems (the backend refuses such a push, but only after everything started); provider
 * secrets not given are one warning, with each OAuth provider's callback URL; other variables
 * read under the functions folder are one notice.
 */
function checkAppVariables(facts, given, siteUrl, convexAuth) {
    const has = (name) => given.has(name) || BUILTIN_NAMES.has(name);
    const problems = [];
    const warnings = [];
    const notices = [];
    const missingConfig = facts.authConfigEnv.filter((name) => !has(name));
    if (missingConfig.length > 0) {
        problems.push(`${facts.authConfigFile ?? "convex/auth.config.ts"} reads ${missingConfig.join(", ")}, which ${missingConfig.length === 1 ? "is" : "are"} set nowhere (env-vars, the user section of .env.convex.deployment). The backend refuses to deploy an auth config whose variables are missing: set ${missingConfig.length === 1 ? "it" : "them"} in env-vars.`);
    }
    if (convexAuth) {
        const unset = (p) => p.envVars.filter((name) => !has(name));
        const lacking = facts.providers.filter((p) => p.used && unset(p).length > 0);
        if (lacking.length > 0) {
            const parts = lacking.map((p) => {
                const callback = p.callbackPath ? ` (register the callback URL ${siteUrl}${p.callbackPath})` : "";
                return `${p.name}: ${unset(p).join(", ")}${callback}`;
            });
            warnings.push(`Sign-in providers in convex/auth.ts have no secrets set, so they fail at sign-in: ${parts.join("; ")}. Give them in env-vars (from your secret store).`);
        }
    }
    const known = new Set([
        ...facts.authConfigEnv,
        ...facts.providers.flatMap((p) => [...p.envVars, ...p.optionalEnvVars]),
    ]);
    const others = facts.envVarsRead.map((r) => r.name).filter((name) => !known.has(name) && !has(name));
    if (others.length > 0) {
        notices.push(`The functions in ${facts.functionsDir}/ read ${others.join(", ")}, not set on this deployment (fine if they are optional).`);
    }
    return { problems, warnings, notices };
}

// EXTERNAL MODULE: ./src/core/compose.ts
var core_compose = __webpack_require__(1591);
// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(6585);
;// CONCATENATED MODULE: ./src/core/client-env.ts
/** The API as this host reaches it when the backend's port is published on loopback. */
function deriveHostApiUrl(apiPort) {
    return `http://127.0.0.1:${apiPort}`;
}
/** Names whose values are secrets: never printed by `env`, masked by the action. */
const SECRET_CLIENT_ENV = new Set(["CONVEX_SELF_HOSTED_ADMIN_KEY"]);
/** The convex CLI's target and its admin key (the working directory's .env.local). */
function deriveCliEnv(endpoints, adminKey) {
    return [
        ["CONVEX_SELF_HOSTED_URL", endpoints.hostApiUrl],
        ["CONVEX_SELF_HOSTED_ADMIN_KEY", adminKey],
    ];
}
/**
 * A frontend's variables under its framework's names (the convex CLI's own table):
 * `<prefix>CONVEX_URL` is the API, `<prefix>CONVEX_SITE_URL` the site proxy. Nothing of other
 * frameworks (no VITE_ in a Next.js app).
 */
function deriveFrontendEnv(framework, endpoints) {
    return [
        [framework.urlVar, endpoints.apiUrl],
        [framework.siteUrlVar, endpoints.siteUrl],
    ];
}
/**
 * What the action exports to later steps (export-env) and the CLI's `env` prints (minus
 * secrets): the fixed names, then each frontend framework's names.
 */
function deriveExportedEnv(endpoints, adminKey, frameworks = []) {
    const fixed = {
        CONVEX_SELF_HOSTED_URL: endpoints.hostApiUrl,
        CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
        CONVEX_CLOUD_ORIGIN: endpoints.apiUrl,
        CONVEX_SITE_ORIGIN: endpoints.siteUrl,
    };
    return { ...fixed, ...Object.fromEntries(frameworks.flatMap((f) => deriveFrontendEnv(f, endpoints))) };
}

;// CONCATENATED MODULE: ./src/core/target-plan.ts
/**
 * Where the backend runs and how this host reaches it, decided once from the configuration:
 * compose starts containers here; connect talks to a backend that runs elsewhere; kubernetes
 * applies manifests (or only renders them) and reaches the backend through an Ingress with TLS or
 * through kubectl port-forward for the length of the run. Pure.
 */


function deriveTargetPlan(config) {
    const kubernetes = config.target === "kubernetes";
    const connect = config.target === "connect";
    const renderOnly = kubernetes && config.kubernetes.renderOnly;
    const ingressHosts = kubernetes && config.kubernetes.ingressHost
        ? (0,core_kubernetes/* deriveIngressHosts */.e)(config.kubernetes.ingressHost, config.instanceName)
        : undefined;
    const tls = config.kubernetes.tlsSecret !== undefined;
    const viaPublicUrls = connect || (ingressHosts !== undefined && tls);
    const urls = config.publicUrls;
    const warnings = [];
    if (ingressHosts && !tls)
        warnings.push(renderOnly
            ? `ingress-host without ingress-tls-secret: the rendered Ingress serves plain http (${urls.apiUrl}); give ingress-tls-secret for https.`
            : `ingress-host without ingress-tls-secret: the public URLs are plain http (${urls.apiUrl}). This run reaches the backend through kubectl port-forward so that its keys never cross the network in clear; give ingress-tls-secret for https.`);
    return {
        compose: config.target === "compose",
        connect,
        kubernetes,
        renderOnly,
        applies: kubernetes && !renderOnly,
        ingressHosts,
        viaPublicUrls,
        portForward: kubernetes && !renderOnly && !viaPublicUrls,
        hostApiUrl: viaPublicUrls ? urls.apiUrl : deriveHostApiUrl(config.ports.api),
        hostSiteUrl: viaPublicUrls ? urls.siteUrl : deriveHostApiUrl(config.ports.site),
        warnings,
    };
}

;// CONCATENATED MODULE: ./src/phases/admin-key.ts




async function confirmAdminKey(admin, docker, target, computed, report) {
    const { logger } = report;
    if (await admin.checkAdminKey(computed.key)) {
        logger.info("Computed the admin key from the instance secret; the backend accepted it.");
        return { key: computed.key, source: "computed" };
    }
    logger.info("The backend refused the computed admin key; asking the container's generate_admin_key.sh.");
    const result = await docker.exec(target, core_compose/* BACKEND_SERVICE */.Lw, ["./generate_admin_key.sh"]);
    const key = parseAdminKeyOutput(result.stdout) ?? parseAdminKeyOutput(result.stderr);
    if (key)
        (0,runtime/* maskAll */.gh)(logger, key);
    if (!key || !(await admin.checkAdminKey(key))) {
        throw new errors/* SetupError */.w3("No working admin key: the backend refused the key computed from INSTANCE_SECRET, and generate_admin_key.sh gave none it accepts.", `Is another backend answering at ${admin.baseUrl}? Check \`docker ps\`, or choose other ports and a distinct project-name.`);
    }
    try {
        decodeAdminKey(key, computed.instanceSecret);
    }
    catch {
        report.warn("The container's admin key was not made with INSTANCE_SECRET from .env.convex.local: the backend runs with another secret.");
    }
    return { key, source: "container" };
}
/** target connect: the key must be accepted as it is; there is no container to ask. */
async function confirmConnectAdminKey(admin, key, target = "connect") {
    if (await admin.checkAdminKey(key))
        return { key, source: "computed" };
    if (target === "kubernetes")
        throw new errors/* SetupError */.w3(`The backend at ${admin.baseUrl} refused the admin key made from its Secret's instance secret. Nothing was set.`, "Its pod runs with another secret (a Secret changed by hand, or another instance answering at this URL): check that ingress-host's hosts reach this instance, or remove it (command: down) and set it up again.");
    throw new errors/* SetupError */.w3(`The backend at ${admin.baseUrl} refused the admin key (made from instance-secret, or the admin-key input). Nothing was set.`, "Give the instance secret the backend runs with (its INSTANCE_SECRET) and its instance-name, or an admin key it generated (generate_admin_key.sh).");
}

// EXTERNAL MODULE: ./src/core/app.ts + 1 modules
var app = __webpack_require__(4773);
;// CONCATENATED MODULE: ./src/phases/app.ts
/**
 * What the app is (read with a parser, confined to the repository), and what it needs: which
 * keys, which frontends get which variables, SITE_URL.
 */




const frameworkById = (id) => app/* FRAMEWORKS */.i.find((f) => f.id === id) ?? (0,app/* detectFramework */.yl)(undefined);
async function planApp(config, layout, root, deps, report) {
    const { cwd, files } = deps;
    const facts = await deps.readApp(layout.dir, root, files);
    for (const w of facts.warnings)
        report.logger.info(w);
    const convexAuth = usesConvexAuth(config.auth, facts);
    report.logger.info(`App: ${facts.auth === "none" ? "no auth library" : facts.auth}${convexAuth ? " (keys for @convex-dev/auth)" : ""}; functions in ${facts.functionsDir}/; ${facts.packageManager} workspace at ${facts.workspaceRoot}.`);
    let frontends;
    if (config.frontend.directories.length > 0) {
        frontends = [];
        for (const entry of config.frontend.directories) {
            const dir = (0,external_node_path_.resolve)(cwd, entry);
            const text = await files.read((0,external_node_path_.join)(dir, "package.json"));
            if (text === undefined) {
                throw new errors/* SetupError */.w3(`frontend-directories: ${entry} (${dir}) has no package.json.`, "List the folders of the frontends (each with its package.json), one per line, relative like working-directory.");
            }
            frontends.push({ dir, framework: (0,app/* detectFramework */.yl)((0,app/* tryParsePackageJson */.hW)(text)) });
        }
    }
    else {
        const own = facts.frontends.find((f) => f.dir === facts.workingDirectory && f.framework !== "none");
        frontends = own ? [{ dir: layout.dir, framework: frameworkById(own.framework) }] : [];
        const others = facts.frontends.filter((f) => f.dir !== facts.workingDirectory && f.framework !== "none");
        if (others.length > 0) {
            report.logger.info(`Other frontends use this backend: ${others.map((f) => `${f.dir} (${frameworkById(f.framework).label})`).join(", ")}. List them in frontend-directories to give each its .env.local.`);
        }
    }
    for (const f of frontends)
        report.logger.info(`Frontend ${(0,external_node_path_.relative)(root, f.dir) || "."}: ${f.framework.label} (${f.framework.urlVar}, ${f.framework.siteUrlVar})`);
    const frontendUrl = convexAuth
        ? deriveSiteUrl({
            frontendUrl: config.frontend.url,
            frontendPort: config.frontend.port,
            framework: frontends[0]?.framework,
            urlForPort: config.frontend.urlForPort,
        })
        : undefined;
    return { facts, convexAuth, frontends, frontendUrl };
}

;// CONCATENATED MODULE: ./src/core/env-file.ts
/**
 * dotenv files: parse, render and merge. Rendered values read back identically with the `dotenv`
 * package, with `set -a; . file` in bash and with docker compose's env_file: single quotes (no
 * expansion anywhere), double quotes only for values with a `'` and nothing that bash or compose
 * would expand. Newlines, carriage returns, NUL and a trailing backslash cannot be represented
 * and are refused.
 */

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENTRY_RE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*/;
function isEnvKey(key) {
    return KEY_RE.test(key);
}
/** The quoted form of a value; throws when no form reads back identically everywhere. */
function renderEnvValue(value, key = "value") {
    if (/[\n\r\0]/.test(value)) {
        throw new errors/* SetupError */.w3(`${key}: the value contains a newline, carriage return or NUL, which an env file cannot hold portably.`, "Put multi-line values in a file of their own, or encode them (e.g. base64).");
    }
    if (value.endsWith("\\")) {
        throw new errors/* SetupError */.w3(`${key}: the value ends with a backslash, which docker compose reads as escaping the closing quote.`, "Remove the trailing backslash.");
    }
    if (!value.includes("'"))
        return `'${value}'`;
    if (/[$`"\\]/.test(value)) {
        throw new errors/* SetupError */.w3(`${key}: the value contains a single quote together with one of $ \` " \\, which no quoting reads back the same in dotenv, bash and docker compose.`, "Remove one of those characters from the value.");
    }
    return `"${value}"`;
}
function renderEnvEntry(key, value) {
    if (!isEnvKey(key)) {
        throw new errors/* SetupError */.w3(`"${key}" is not a valid variable name.`, "Use letters, digits and underscores, not starting with a digit.");
    }
    return `${key}=${renderEnvValue(value, key)}`;
}
/** Renders a whole file from entries (and optional comment lines at the top). */
function renderEnvFile(entries, header = []) {
    const lines = [...header.map((h) => (h.startsWith("#") ? h : `# ${h}`))];
    for (const [key, value] of entries)
        lines.push(renderEnvEntry(key, value));
    return `${lines.join("\n")}\n`;
}
function findClosingQuote(text, from, quote) {
    for (let i = from; i < text.length; i++) {
        if (quote === '"' && text[i] === "\\") {
            i++;
            continue;
        }
        if (text[i] === quote)
            return i;
    }
    return -1;
}
/**
 * Parses a dotenv file into lines, keeping every byte of the original text. Values follow
 * dotenv's rules: quoted values may span lines; in double quotes \n and \r are expanded;
 * unquoted values end at `#` and are trimmed.
 */
function parseEnvFile(text) {
    const src = text.replace(/\r\n?/g, "\n");
    const out = [];
    let pos = 0;
    while (pos < src.length) {
        let end = src.indexOf("\n", pos);
        if (end < 0)
            end = src.length;
        const line = src.slice(pos, end);
        const match = ENTRY_RE.exec(line);
        if (!match) {
            out.push({ type: "other", text: line });
            pos = end + 1;
            continue;
        }
        const key = match[1];
        const valueStart = pos + match[0].length;
        const quote = src[valueStart];
        if (quote === "'" || quote === '"' || quote === "`") {
            const close = findClosingQuote(src, valueStart + 1, quote);
            if (close >= 0) {
                let value = src.slice(valueStart + 1, close);
                if (quote === '"')
                    value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
                let lineEnd = src.indexOf("\n", close);
                if (lineEnd < 0)
                    lineEnd = src.length;
                out.push({ type: "entry", key, value, text: src.slice(pos, lineEnd) });
                pos = lineEnd + 1;
                continue;
            }
        }
        const raw = src.slice(valueStart, end);
        const hash = raw.indexOf("#");
        out.push({ type: "entry", key, value: (hash >= 0 ? raw.slice(0, hash) : raw).trim(), text: line });
        pos = end + 1;
    }
    return out;
}
/** The variables of a parsed file; a later definition wins, as in dotenv and bash. */
function envValues(lines) {
    const values = {};
    for (const line of lines)
        if (line.type === "entry")
            values[line.key] = line.value;
    return values;
}
function markerIndex(lines, marker) {
    if (!marker)
        return -1;
    return lines.findIndex((l) => l.type === "other" && l.text.trim() === marker.trim());
}
/** Splits a file at its user marker: the managed part and the user's part (values). */
function splitUserSection(text, marker) {
    const lines = parseEnvFile(text);
    const at = markerIndex(lines, marker);
    return at < 0 ? { managed: lines, user: [] } : { managed: lines.slice(0, at), user: lines.slice(at + 1) };
}
/**
 * Sets managed keys in an existing file (or a new one). Keys are updated in place; missing ones
 * are added after the last managed line; an undefined value removes the key. Comments, order,
 * other keys and everything after the user marker stay untouched. Merging twice changes nothing.
 */
function mergeEnvFile(existing, managed, options = {}) {
    const result = { text: "", added: [], updated: [], removed: [] };
    const file = options.file ?? "the env file";
    if (existing === undefined || existing.trim() === "") {
        const entries = managed.filter((e) => e[1] !== undefined);
        result.added = entries.map(([k]) => k);
        let text = renderEnvFile(entries, options.header ?? []);
        if (options.userMarker)
            text += `\n${options.userMarker}\n`;
        result.text = text;
        return result;
    }
    const lines = parseEnvFile(existing);
    const marker = options.userMarker;
    if (marker && markerIndex(lines, marker) < 0) {
        lines.push({ type: "other", text: "" }, { type: "other", text: marker });
    }
    /** End of the managed part: the marker line, or the end of the file. */
    const managedEnd = () => {
        const at = markerIndex(lines, marker);
        return at < 0 ? lines.length : at;
    };
    const userKeys = new Set(lines.slice(managedEnd() + 1).flatMap((l) => (l.type === "entry" ? [l.key] : [])));
    // A managed key being removed (undefined) may live on in the user section: that is the user's.
    const clash = managed.filter(([k, v]) => v !== undefined && userKeys.has(k)).map(([k]) => k);
    if (clash.length > 0) {
        const one = clash.length === 1;
        throw new errors/* SetupError */.w3(`${file}: ${clash.join(", ")} ${one ? "is" : "are"} managed by setup-coder-convex but also defined in the user section.`, `Remove ${one ? "it" : "them"} from below the line "${marker}"; the setup sets ${one ? "it" : "them"} itself.`);
    }
    const positionsOf = (key) => {
        const found = [];
        for (let i = 0; i < managedEnd(); i++) {
            const l = lines[i];
            if (l.type === "entry" && l.key === key)
                found.push(i);
        }
        return found;
    };
    /** The managed key placed last: new keys go right after it. */
    let anchor;
    for (const [key, value] of managed) {
        const positions = positionsOf(key);
        if (value === undefined) {
            if (positions.length > 0)
                result.removed.push(key);
            for (const i of positions.reverse())
                lines.splice(i, 1);
            continue;
        }
        const text = renderEnvEntry(key, value);
        const last = positions.at(-1);
        if (last !== undefined) {
            const line = lines[last];
            if (line.type === "entry" && (line.value !== value || positions.length > 1)) {
                result.updated.push(key);
                lines[last] = { type: "entry", key, value, text };
                for (const i of positions.slice(0, -1).reverse())
                    lines.splice(i, 1);
            }
            anchor = key;
            continue;
        }
        let at;
        const anchorAt = anchor === undefined ? undefined : positionsOf(anchor).at(-1);
        if (anchorAt !== undefined)
            at = anchorAt + 1;
        else {
            at = managedEnd();
            while (at > 0 && lines[at - 1].type === "other" && lines[at - 1].text.trim() === "")
                at--;
        }
        lines.splice(at, 0, { type: "entry", key, value, text });
        anchor = key;
        result.added.push(key);
    }
    // Keep the file's own line ends (a Windows editor's CRLF stays CRLF).
    const eol = existing.includes("\r\n") ? "\r\n" : "\n";
    const joined = lines.map((l) => l.text.replaceAll("\n", eol)).join(eol);
    result.text = joined.endsWith(eol) ? joined : `${joined}${eol}`;
    return result;
}

// EXTERNAL MODULE: ./src/core/project.ts
var project = __webpack_require__(870);
;// CONCATENATED MODULE: ./src/phases/configure.ts
/** The deployment variables (one transaction, before deploying) and the apps' .env.local files. */





async function setDeploymentVariables(admin, adminKey, changes, report) {
    await admin.updateEnvironmentVariables(adminKey, changes);
    report.logger.info(`Set ${changes.length} deployment variables in one transaction: ${changes.map((c) => c.name).join(", ")}`);
}
/** The host of a URL value, for saying what was replaced without printing anything else. */
function hostOf(value) {
    try {
        return value ? new URL(value).host : undefined;
    }
    catch {
        return undefined;
    }
}
/** Merges `entries` into one .env.local; a value for another deployment is replaced out loud. */
async function mergeEnvLocal(path, entries, files, report) {
    const before = await files.read(path);
    const values = before ? envValues(parseEnvFile(before)) : {};
    for (const name of project/* CONFLICTING_CLI_VARS */.Xe) {
        if (values[name])
            report.warn(`${path} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`);
    }
    const merged = mergeEnvFile(before, entries);
    await files.write(path, merged.text, core_layout/* SECRET_MODE */.nj);
    if (merged.updated.length) {
        // A value for another deployment (a *.convex.cloud URL left by `convex dev`, other ports):
        // said out loud with the old host, never silently; a secret's old value is never shown.
        const said = merged.updated.map((name) => {
            const host = hostOf(values[name]);
            return host ? `${name} (was ${host})` : name;
        });
        report.warn(`${path}: replaced ${said.join(", ")} with this backend's values; keep values for other deployments in another file (e.g. .env.production).`);
    }
    return merged.text !== before;
}
/**
 * Writes .env.local: in the working directory the convex CLI's target and admin key (and its
 * framework's variables when it is a frontend), in each other frontend its framework's variables.
 * Returns the files that changed.
 */
async function writeClientEnvFiles(endpoints, adminKey, frontends, files, layout, report) {
    const byDir = new Map([[layout.dir, deriveCliEnv(endpoints, adminKey)]]);
    for (const f of frontends) {
        const list = byDir.get(f.dir) ?? [];
        list.push(...deriveFrontendEnv(f.framework, endpoints));
        byDir.set(f.dir, list);
    }
    const changed = [];
    for (const [dir, entries] of byDir) {
        const path = (0,external_node_path_.join)(dir, core_layout/* FILES */.cn.frontendEnv);
        if (await mergeEnvLocal(path, entries, files, report))
            changed.push(path);
    }
    return changed;
}

;// CONCATENATED MODULE: ./src/phases/deploy.ts
/** Turns output chunks into whole lines (a chunk may end mid-line). */
function lineSplitter(onLine) {
    let rest = "";
    return {
        push: (chunk) => {
            const parts = (rest + chunk).split(/\r?\n/);
            rest = parts.pop() ?? "";
            for (const line of parts)
                if (line.trim())
                    onLine(line);
        },
        flush: () => {
            if (rest.trim())
                onLine(rest);
            rest = "";
        },
    };
}
async function deployFunctions(convexCli, dir, project, options, logger) {
    logger.info(`convex ${project.convexVersion} via ${project.packageManager}: convex deploy ${options.args.join(" ")}`.trim());
    const lines = lineSplitter((line) => logger.info(line));
    await convexCli.deploy(dir, project, { ...options, onOutput: lines.push }).finally(lines.flush);
}

;// CONCATENATED MODULE: ./src/phases/deployment-vars.ts





async function planDeploymentVariables(config, keys, siteUrl, frontendUrl, files, layout, report) {
    const text = await files.read(layout.path("deploymentEnv"));
    const plan = buildDeploymentChanges({
        ...(keys.jwt
            ? {
                auth: {
                    privateKeyValue: renderJwtPrivateKeyValue(keys.jwt.privateKeyPem),
                    jwks: keys.jwt.jwks,
                    frontendUrl,
                },
            }
            : {}),
        siteUrl,
        envVars: config.envVars,
        userVars: Object.entries(envValues(text ? splitUserSection(text, core_layout/* USER_MARKER */.HT).user : [])),
        userSource: `${core_layout/* FILES */.cn.deploymentEnv} (user section)`,
    });
    if (plan.problems.length > 0) {
        throw new errors/* SetupError */.w3(`Deployment environment variables are invalid:\n  - ${plan.problems.join("\n  - ")}`, "Nothing was started. Fix them and rerun.");
    }
    if (plan.skipped.length > 0) {
        report.warn(`Not set (empty value): ${plan.skipped.join(", ")}. Give a value, or remove the line.`);
    }
    return plan.changes.map(({ name, value }) => ({ name, value }));
}

// EXTERNAL MODULE: ./src/phases/images.ts
var phases_images = __webpack_require__(424);
;// CONCATENATED MODULE: ./src/phases/keys.ts






function isAdminKeyFor(key, instanceSecret, instanceName) {
    try {
        decodeAdminKey(key, instanceSecret, instanceName);
        return true;
    }
    catch {
        return false;
    }
}
async function resolveInstanceSecret(config, files, layout, stored) {
    let existing;
    let where = `INSTANCE_SECRET in ${layout.path("backendEnv")}`;
    let reset = `delete the INSTANCE_SECRET line from ${core_layout/* FILES */.cn.backendEnv} to switch`;
    if (stored) {
        existing = stored.instanceSecret;
        where = `the instance secret in ${stored.where}`;
        reset = stored.reset;
    }
    else {
        const text = await files.read(layout.path("backendEnv"));
        existing = text === undefined ? undefined : envValues(parseEnvFile(text)).INSTANCE_SECRET?.toLowerCase();
    }
    if (config.instanceSecret) {
        if (existing && existing !== config.instanceSecret) {
            throw new errors/* SetupError */.w3(`instance-secret differs from ${where}; refusing to replace it (keys made with it would stop working).`, `Remove the instance-secret input to keep the existing secret, or ${reset}.`);
        }
        return { instanceSecret: config.instanceSecret, secretSource: "input" };
    }
    if (existing) {
        if (!isInstanceSecret(existing)) {
            throw new errors/* SetupError */.w3(`${where} is not 64 hex characters.`, `Fix it, or ${reset} and have a new secret generated.`);
        }
        return { instanceSecret: existing, secretSource: "reused" };
    }
    return { instanceSecret: generateInstanceSecret(), secretSource: "generated" };
}
async function resolveJwtKey(config, files, layout, generate = generateJwtKey, stored) {
    const pemText = await files.read(layout.path("privateKey"));
    if (stored?.jwtPrivateKeyPem) {
        const kept = deriveJwtKeyPair(stored.jwtPrivateKeyPem, stored.where);
        for (const [other, what] of [
            [config.jwtKeyPair, "jwt-private-key"],
            [
                pemText === undefined ? undefined : deriveJwtKeyPair(pemText, layout.path("privateKey")),
                layout.path("privateKey"),
            ],
        ]) {
            if (other && other.privateKeyPem !== kept.privateKeyPem)
                throw new errors/* SetupError */.w3(`${what} differs from the JWT key in ${stored.where}; refusing to replace it (signed-in users would be logged out).`, `Use the key kept there (remove ${what}), or ${stored.reset}.`);
        }
        return {
            jwt: kept,
            jwtSource: config.jwtKeyPair ? "input" : "reused",
            pemOnDisk: pemText !== undefined,
        };
    }
    if (pemText !== undefined) {
        const onDisk = deriveJwtKeyPair(pemText, layout.path("privateKey"));
        if (config.jwtKeyPair && config.jwtKeyPair.privateKeyPem !== onDisk.privateKeyPem) {
            throw new errors/* SetupError */.w3(`jwt-private-key differs from the key in ${layout.path("privateKey")}; refusing to replace it (signed-in users would be logged out).`, `Remove the jwt-private-key input to keep the existing key, or delete ${core_layout/* FILES */.cn.privateKey} to switch.`);
        }
        return { jwt: onDisk, jwtSource: config.jwtKeyPair ? "input" : "reused", pemOnDisk: true };
    }
    if (config.jwtKeyPair)
        return { jwt: config.jwtKeyPair, jwtSource: "input", pemOnDisk: false };
    return { jwt: await generate(), jwtSource: "generated", pemOnDisk: false };
}
/** The JWT key pair, only for apps that use @convex-dev/auth (a Clerk or auth-less app gets none); masked. */
async function resolveAuthKey(config, files, layout, logger, options) {
    if (!options.convexAuth)
        return { jwt: undefined, jwtSource: "none", pemOnDisk: false };
    const found = await resolveJwtKey(config, files, layout, options.generate, options.stored);
    (0,runtime/* maskAll */.gh)(logger, found.jwt.privateKeyPem);
    (0,runtime/* maskAll */.gh)(logger, renderJwtPrivateKeyValue(found.jwt.privateKeyPem));
    return found;
}
/** Reuses or creates every key; never replaces one silently. Each secret is masked as it appears. */
async function resolveKeys(config, files, layout, logger, options) {
    (0,runtime/* maskAll */.gh)(logger, options.stored?.instanceSecret);
    (0,runtime/* maskAll */.gh)(logger, options.stored?.jwtPrivateKeyPem);
    const { instanceSecret, secretSource } = await resolveInstanceSecret(config, files, layout, options.stored);
    (0,runtime/* maskAll */.gh)(logger, instanceSecret);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    // Admin keys never expire: the one already in .env.local is kept when it belongs to this name
    // and secret, so reruns change nothing there; otherwise a new one is computed.
    const previousKey = envValues(parseEnvFile((await files.read(layout.path("frontendEnv"))) ?? "")).CONVEX_SELF_HOSTED_ADMIN_KEY;
    (0,runtime/* maskAll */.gh)(logger, previousKey);
    const adminKey = previousKey && isAdminKeyFor(previousKey, instanceSecret, config.instanceName)
        ? previousKey
        : deriveAdminKey({ instanceName: config.instanceName, instanceSecret });
    (0,runtime/* maskAll */.gh)(logger, adminKey);
    logger.info(`instance secret: ${secretSource}; JWT key: ${jwtSource}`);
    return { instanceSecret, secretSource, jwt, jwtSource, adminKey, pemOnDisk };
}
/**
 * target connect: the backend runs elsewhere with its own secret, so nothing is generated or
 * stored for it: the admin key is the admin-key input, or computed from the instance-secret
 * input. The JWT key pair is reused or generated as with compose.
 */
async function resolveConnectKeys(config, files, layout, logger, options) {
    (0,runtime/* maskAll */.gh)(logger, config.instanceSecret);
    (0,runtime/* maskAll */.gh)(logger, config.adminKey);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    const adminKey = config.adminKey ??
        deriveAdminKey({ instanceName: config.instanceName, instanceSecret: config.instanceSecret ?? "" });
    (0,runtime/* maskAll */.gh)(logger, adminKey);
    logger.info(`admin key: ${config.adminKey ? "input" : "computed from instance-secret"}; JWT key: ${jwtSource}`);
    return {
        instanceSecret: config.instanceSecret ?? "",
        secretSource: "input",
        jwt,
        jwtSource,
        adminKey,
        pemOnDisk,
    };
}

// EXTERNAL MODULE: ./src/phases/kubernetes.ts
var kubernetes = __webpack_require__(2110);
;// CONCATENATED MODULE: ./src/phases/preflight.ts

/** docker, the compose plugin and a reachable engine; says what it found. */
async function checkDocker(docker) {
    // Both at once; when both fail, the client's problem (no compose plugin) is said first.
    const [compose, engine] = await Promise.allSettled([docker.checkCompose(), docker.checkEngine()]);
    if (compose.status === "rejected")
        throw compose.reason;
    if (engine.status === "rejected")
        throw engine.reason;
    return `docker compose ${compose.value}, engine ${engine.value}`;
}
/** The project's own convex CLI (throws with the install command when it is missing). */
async function checkConvexCli(convexCli, dir, options) {
    return convexCli.locate(dir, options);
}
const NO_POSTGRES_MESSAGE = "No Postgres URL (postgres-url, DATABASE_URL, POSTGRES_URI, POSTGRES_URL): the backend uses its embedded SQLite.";
/** What the Postgres URL becomes for the backend, said the same way everywhere. */
const postgresNotes = describePostgresPlan;
/** Connects, checks the version, and creates the database when asked. */
async function checkPostgres(postgres, db, createDatabase) {
    return postgres.preflight(db, { createDatabase });
}
function describePreflight(db, result) {
    return `Postgres ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}.`;
}

;// CONCATENATED MODULE: ./src/phases/postgres.ts



async function preparePostgres(config, postgres, report) {
    const { logger } = report;
    const db = config.postgres.url;
    if (!db) {
        logger.info(NO_POSTGRES_MESSAGE);
        return { preflight: undefined, container: undefined };
    }
    const notes = postgresNotes(db);
    for (const w of notes.warnings)
        report.warn(w);
    for (const i of notes.infos)
        logger.info(i);
    const container = planContainerDatabaseUrl(db);
    (0,runtime/* maskAll */.gh)(logger, container.url);
    if (!config.postgres.preflight || !postgres) {
        logger.info("Preflight skipped (postgres-preflight: false).");
        return { preflight: undefined, container };
    }
    const preflight = await checkPostgres(postgres, db, config.postgres.createDatabase);
    logger.info(describePreflight(db, preflight));
    return { preflight, container };
}

;// CONCATENATED MODULE: ./src/core/trust.ts
/**
 * What the tool trusts in a checkout. A file of the repository may come from a pull request: a
 * secret committed to git is public, so it is never reused (anyone could derive the admin key
 * from a committed INSTANCE_SECRET and read every deployment variable).
 */


/** The files that may hold secrets, and when a tracked copy does. */
const SECRET_FILES = [
    ["backendEnv", (t) => (envValues(parseEnvFile(t)).INSTANCE_SECRET ? "INSTANCE_SECRET" : undefined)],
    ["privateKey", (t) => (t.trim() ? "the JWT private key" : undefined)],
    [
        "frontendEnv",
        (t) => envValues(parseEnvFile(t)).CONVEX_SELF_HOSTED_ADMIN_KEY ? "CONVEX_SELF_HOSTED_ADMIN_KEY" : undefined,
    ],
    [
        "deploymentEnv",
        (t) => {
            // Empty values count too: a planted name can still clash with a managed one.
            const names = Object.keys(envValues(splitUserSection(t, core_layout/* USER_MARKER */.HT).user));
            return names.length ? `user variables ${names.join(", ")}` : undefined;
        },
    ],
];
/**
 * Files the backend or the keys are made from: in CI a tracked copy is refused whatever it holds
 * (a planted MYSQL_URL in .env.convex.local would send everything to another database).
 */
const NEVER_TRACKED = new Set(["backendEnv", "privateKey"]);
/**
 * Of the tracked secret files (name -> text), those that hold a secret; with `strict` (CI), also
 * those the backend's settings or keys are read from, whatever they hold.
 */
function findTrackedSecrets(tracked, strict = false) {
    const found = [];
    for (const [name, holds] of SECRET_FILES) {
        const text = tracked.get(name);
        if (text === undefined)
            continue;
        const what = holds(text) ?? (strict && NEVER_TRACKED.has(name) ? "the backend's settings" : undefined);
        if (what)
            found.push({ file: core_layout/* FILES */.cn[name], what });
    }
    return found;
}
function describeTrackedSecrets(found) {
    const list = found.map((f) => `${f.file} (${f.what})`).join(", ");
    return {
        message: `Secrets committed to git are public, and are never reused: ${list}.`,
        hint: `Remove them from git (git rm --cached ${found.map((f) => f.file).join(" ")}), let setup-coder-convex generate new ones, and rotate anything that was in them; in CI pass instance-secret and jwt-private-key from the secret store instead.`,
    };
}

;// CONCATENATED MODULE: ./src/phases/repository.ts
/**
 * The repository the app lives in, taken as untrusted input: its boundary (no file is read or
 * written through a link out of it), and secrets committed to it (never reused).
 */




async function checkRepository(layout, deps, report) {
    const top = deps.git ? await deps.git.topLevel(layout.dir) : undefined;
    const root = deps.workspace ?? top ?? layout.dir;
    const files = deps.files.within(root);
    // A working directory that is (or passes through) a link out of the repository is refused here.
    if (!(await files.isDirectory(layout.dir))) {
        throw new errors/* SetupError */.w3(`working-directory: ${layout.dir} does not exist or is not a folder.`, "Point it at the Convex app's folder (the one with package.json).");
    }
    if (!deps.git)
        return { root, files };
    const found = await findCommittedSecrets(deps.git, files, layout, deps.ci ?? false);
    if (found === undefined) {
        report.logger.info(NO_GIT_MESSAGE);
        return { root, files };
    }
    if (found.length > 0) {
        const { message, hint } = describeTrackedSecrets(found);
        if (deps.ci)
            throw new errors/* SetupError */.w3(message, hint);
        report.warn(`${message} ${hint}`);
    }
    return { root, files };
}
const NO_GIT_MESSAGE = "Not a git checkout (or no git): committed secrets cannot be told apart from local ones; going on.";
/** The secret files git tracks that hold a secret; undefined without git or outside a repository. */
async function findCommittedSecrets(git, files, layout, strict = false) {
    const tracked = await git.tracked(layout.dir, SECRET_FILES.map(([name]) => core_layout/* FILES */.cn[name]));
    if (tracked === undefined)
        return undefined;
    const texts = new Map();
    for (const [name] of SECRET_FILES) {
        const variants = [...tracked].filter((p) => p.toLowerCase() === core_layout/* FILES */.cn[name].toLowerCase());
        if (variants.length === 0)
            continue;
        const text = await files.read(layout.path(name));
        if (text === undefined)
            continue;
        // Tracked under this very name; or under another case (.ENV.convex.local), which is this
        // file when the file system ignores case: the same content read through both names.
        const same = variants.includes(core_layout/* FILES */.cn[name]) ||
            (await Promise.all(variants.map((v) => files.read((0,external_node_path_.join)(layout.dir, v))))).includes(text);
        if (same)
            texts.set(name, text);
    }
    return findTrackedSecrets(texts, strict);
}

;// CONCATENATED MODULE: ./src/phases/seed.ts
/**
 * Seed data for previews: after the deploy, import a file (seed-import), then run a function
 * (seed-function), only when the deployment is new or with seed-always. "New" is decided before
 * the deploy: the deployment has no functions yet (docs/backend-facts.md#admin-api,
 * `get_config_hashes`), i.e. this run's deploy is its first.
 */




function isSeedConfigured(seed) {
    return seed.function !== undefined || seed.import !== undefined;
}
/** Before the deploy: true when no functions were ever deployed to this deployment. */
async function checkNewDeployment(admin, adminKey) {
    return !(await admin.hasDeployedFunctions(adminKey));
}
/** A SetupError's message without its hint (the constructor appends the hint to the message). */
function messageOf(error) {
    const suffix = error.hint ? `\n  -> ${error.hint}` : "";
    return suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
}
/**
 * The seed file's absolute path, checked through the repository-confined file store: a path
 * that is, or passes through, a link out of the repository is refused (a pull request controls
 * the checkout and could point it at any file of the runner), as are a missing file and a folder.
 */
async function checkSeedFile(files, dir, file) {
    const path = (0,external_node_path_.resolve)(dir, file);
    let exists;
    try {
        exists = (await files.exists(path)) && !(await files.isDirectory(path));
    }
    catch (error) {
        if (error instanceof errors/* SetupError */.w3)
            throw new errors/* SetupError */.w3(`seed-import: ${messageOf(error)}`, error.hint, { cause: error });
        throw error;
    }
    if (!exists)
        throw new errors/* SetupError */.w3(`seed-import: ${file} is not a file (looked for ${path}).`, "Commit the seed file to the repository, or give its path relative to working-directory.");
    return path;
}
/** After the deploy: imports, then runs; returns whether it seeded. */
async function seedDeployment(convexCli, dir, project, seed, options, logger) {
    if (!isSeedConfigured(seed))
        return false;
    if (!options.isNew && !seed.always) {
        logger.info("Not a new deployment (its functions were deployed before this run): seed skipped; seed-always: true forces it.");
        return false;
    }
    logger.info(options.isNew
        ? "New deployment (no functions before this run's deploy): seeding it."
        : "seed-always: true: seeding a deployment that is not new (the import replaces the tables it holds).");
    const target = { url: options.url, adminKey: options.adminKey, env: options.env };
    if (seed.import !== undefined) {
        // Checked again right before the import: the file must still be inside the repository.
        const file = await checkSeedFile(options.files, dir, seed.import);
        const table = seedImportTable(seed.import);
        // A new deployment's tables are empty; seed-always replaces what an earlier seed wrote.
        const replace = seed.always;
        logger.info(`convex import --yes${table ? ` --table ${table}` : ""}${replace ? " --replace" : ""} ${seed.import}`);
        const lines = lineSplitter((line) => logger.info(line));
        await convexCli
            .import(dir, project, { ...target, file, ...(table ? { table } : {}), replace, onOutput: lines.push })
            .finally(lines.flush);
    }
    if (seed.function !== undefined) {
        logger.info(`convex run ${seed.function} ${seed.args}`);
        const lines = lineSplitter((line) => logger.info(line));
        await convexCli
            .run(dir, project, { ...target, functionName: seed.function, args: seed.args, onOutput: lines.push })
            .finally(lines.flush);
    }
    return true;
}

// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(7304);
;// CONCATENATED MODULE: ./src/phases/verify.ts

async function getJson(fetchImpl, url) {
    const response = await fetchImpl(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        body = text;
    }
    const location = response.headers.get("location") ?? undefined;
    return { status: response.status, body, ...(location ? { location } : {}) };
}
/** The RSA keys of a JWKS as comparable strings (n and e: other fields may be added). */
function keyIds(jwks) {
    const keys = jwks?.keys ?? [];
    return keys.map((k) => `${k.n}.${k.e}`).sort();
}
const redirectFix = (ports) => `Share ports ${ports.api} and ${ports.site} (the apps behind the API and site URLs) publicly in Coder: \`share = "public"\` in the template's coder_app, or \`coder port-forward\`/the Ports panel with public sharing. Without it the browser outside, CI and the backend's own auth discovery get the login page.`;
async function verifyDeployment(deps, input) {
    const checks = [];
    const admin = deps.admin(input.hostApiUrl);
    const up = await admin.isUp(5000);
    checks.push({
        name: "api",
        ok: up,
        detail: `GET ${input.hostApiUrl}/version ${up ? "answers" : "does not answer"}`,
        ...(up ? {} : { fix: "Check the containers: `setup-coder-convex status` and `logs`." }),
    });
    if (!up)
        return checks;
    const keyOk = await admin.checkAdminKey(input.adminKey);
    checks.push({
        name: "admin-key",
        ok: keyOk,
        detail: `the admin key is ${keyOk ? "accepted" : "refused"}`,
        ...(keyOk
            ? {}
            : { fix: "Another backend answers on that port, or it runs with another INSTANCE_SECRET." }),
    });
    let deploymentJwks;
    if (keyOk) {
        const vars = await admin.listEnvironmentVariables(input.adminKey);
        deploymentJwks = vars.JWKS;
        const missing = input.expectedVariables.filter((n) => !(n in vars));
        checks.push({
            name: "variables",
            ok: missing.length === 0,
            detail: missing.length === 0
                ? `the deployment has the ${input.expectedVariables.length} variables set`
                : `the deployment lacks ${missing.join(", ")}`,
            ...(missing.length
                ? { fix: "Rerun; if it persists, the admin API refused them (see the log above)." }
                : {}),
        });
    }
    if (input.authDiscovery) {
        const config = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/openid-configuration`).catch((e) => ({ status: 0, body: e.message }));
        const issuer = config.body?.issuer;
        const issuerOk = config.status === 200 && issuer === input.siteUrl;
        checks.push({
            name: "auth-discovery",
            ok: issuerOk,
            detail: config.status === 200
                ? `the site proxy's OpenID configuration has issuer ${issuer}${issuerOk ? "" : ` (expected ${input.siteUrl})`}`
                : `GET ${input.hostSiteUrl}/.well-known/openid-configuration answered ${config.status || "nothing"}`,
            ...(issuerOk
                ? {}
                : {
                    fix: config.status === 404
                        ? "convex/http.ts must call auth.addHttpRoutes(http) (setup-coder-convex init scaffolds it), then deploy."
                        : "The backend's CONVEX_SITE_ORIGIN must be the site URL: rerun up so the compose file and the deployment agree.",
                }),
        });
        // Compared only when the deployment's JWKS could be read (the admin key was accepted).
        if (config.status === 200 && deploymentJwks !== undefined) {
            const jwks = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/jwks.json`).catch((e) => ({ status: 0, body: e.message }));
            let expected = [];
            try {
                expected = deploymentJwks ? keyIds(JSON.parse(deploymentJwks)) : [];
            }
            catch { }
            const served = jwks.status === 200 ? keyIds(jwks.body) : [];
            const same = served.length > 0 && served.join() === expected.join();
            checks.push({
                name: "jwks",
                ok: same,
                detail: same
                    ? "the site proxy serves the deployment's JWKS"
                    : `the JWKS served (${jwks.status}) differs from the deployment's JWKS variable`,
                ...(same
                    ? {}
                    : { fix: "Rerun up: JWKS and JWT_PRIVATE_KEY are set together from jwt_private_key.pem." }),
            });
        }
    }
    if (input.publicUrls) {
        for (const [name, url] of [
            ["public-api", `${input.apiUrl}/version`],
            ["public-site", `${input.siteUrl}/.well-known/openid-configuration`],
        ]) {
            const r = await getJson(deps.fetch, url).catch((e) => ({ status: 0, body: e.message }));
            const redirected = r.status >= 300 && r.status < 400;
            const ok = r.status > 0 && !redirected && (name === "public-api" ? r.status === 200 : r.status !== 502);
            checks.push({
                name,
                ok,
                detail: redirected
                    ? `${url} redirects to ${r.location ?? "a login page"} (not shared publicly)`
                    : r.status === 0
                        ? `${url} is not reachable from here (${String(r.body)})`
                        : `${url} answers ${r.status}`,
                ...(ok ? {} : { fix: redirectFix(input.ports) }),
            });
        }
    }
    return checks;
}
/** Throws one error listing every failed check with its fix. */
function assertVerified(checks) {
    const failed = checks.filter((c) => !c.ok);
    if (failed.length === 0)
        return;
    throw new errors/* SetupError */.w3(`Verification failed:\n${failed.map((c) => `  - ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ""}`).join("\n")}`, "The backend runs; the checks above say what a client would hit. Rerun with verify: false to skip them.");
}

;// CONCATENATED MODULE: ./src/core/gitignore.ts
/**
 * Adds entries to a .gitignore (pure: text in, text out). An entry already ignored by an existing
 * rule (`.env.local`, `/.env.local`, `*.local`, `.env*`, ...) is not added again; existing lines are
 * never changed. Rules are read the way git reads simple patterns: the last matching rule wins and
 * `!` re-includes; leading spaces are part of the pattern and trailing ones are not (unless
 * escaped as `\ `), `\#` and `\!` are literal, and a leading double star and slash matches at the
 * top level too.
 */
/**
 * A rule's matcher. Errors must only ever lean to "not ignored" (then the entry is added, at
 * worst twice): an ignoring rule is read strictly (a character class `[...]` matches nothing here),
 * a re-including `!` rule generously (a class matches any character, and case is ignored, as git
 * does with core.ignorecase).
 */
function ruleMatcher(rule, generous) {
    if (rule.endsWith("/"))
        return undefined; // a folder rule never matches our files
    // A leading `**/` matches in every folder, the top level included.
    const pattern = rule.replace(/^\//, "").replace(/^(\*\*\/)+/, "");
    if (!pattern)
        return undefined;
    return new RegExp(`^${globToRegex(pattern, generous)}$`, generous ? "i" : "");
}
function globToRegex(glob, generous) {
    let out = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        const close = c === "[" ? glob.indexOf("]", i + 2) : -1;
        if (generous && close !== -1) {
            out += "[^/]";
            i = close;
            continue;
        }
        if (c === "\\" && i + 1 < glob.length)
            out += glob[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        else if (c === "*")
            out += "[^/]*";
        else if (c === "?")
            out += "[^/]";
        else
            out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return out;
}
/** A line as git reads it: trailing spaces dropped unless escaped (`\ `), leading ones kept. */
function gitRule(raw) {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === " " && raw[end - 2] !== "\\")
        end--;
    return raw.slice(0, end);
}
/** Whether a file at the repository's top level is ignored by these rules. */
function isIgnored(text, file) {
    let ignored = false;
    for (const raw of text.split(/\r?\n/)) {
        const line = gitRule(raw);
        if (!line || line.startsWith("#"))
            continue;
        const negated = line.startsWith("!");
        const matcher = ruleMatcher(negated ? line.slice(1) : line, negated);
        if (matcher?.test(file))
            ignored = !negated;
    }
    return ignored;
}
function mergeGitignore(existing, entries) {
    const text = existing ?? "";
    const added = entries.filter((e) => !isIgnored(text, e));
    if (added.length === 0)
        return { text, added };
    const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
    const block = ["# setup-coder-convex: files holding secrets", ...added].join("\n");
    return { text: `${prefix}${prefix ? "\n" : ""}${block}\n`, added };
}

;// CONCATENATED MODULE: ./src/phases/write-files.ts





async function writeAppFiles(config, input, files, layout, report) {
    const written = [];
    const unchanged = [];
    const put = async (name, before, text, mode) => {
        await files.write(layout.path(name), text, mode);
        (before === text ? unchanged : written).push(name);
    };
    const writeEnv = input.backend !== "none";
    const backendBefore = writeEnv ? await files.read(layout.path("backendEnv")) : undefined;
    const backendEnv = mergeEnvFile(backendBefore, [
        ["INSTANCE_SECRET", input.instanceSecret],
        ["POSTGRES_URL", input.containerDb?.url],
    ], {
        header: [
            "# The backend's secrets, read by docker-compose.convex.yml (env_file). Written by setup-coder-convex.",
            "# Other variables you add here (RUST_LOG, S3 settings, ...) are passed to the backend and kept.",
        ],
        file: core_layout/* FILES */.cn.backendEnv,
    });
    if (writeEnv)
        await put("backendEnv", backendBefore, backendEnv.text, core_layout/* SECRET_MODE */.nj);
    const deploymentBefore = await files.read(layout.path("deploymentEnv"));
    const deploymentEnv = mergeEnvFile(deploymentBefore, managedDeploymentFileEntries({ siteUrl: input.siteUrl, jwks: input.jwt?.jwks }), {
        header: [
            "# Deployment environment variables of the self-hosted backend (set through its admin API before",
            `# every deploy). JWT_PRIVATE_KEY comes from ${core_layout/* FILES */.cn.privateKey}. Add your own below the last line.`,
        ],
        userMarker: core_layout/* USER_MARKER */.HT,
        file: core_layout/* FILES */.cn.deploymentEnv,
    });
    await put("deploymentEnv", deploymentBefore, deploymentEnv.text, core_layout/* SECRET_MODE */.nj);
    if (input.writePem && input.jwt)
        await put("privateKey", undefined, input.jwt.privateKeyPem, core_layout/* SECRET_MODE */.nj);
    const compose = (0,core_compose/* renderCompose */.J1)({
        projectName: layout.target.project,
        backendImage: input.images.backend,
        dashboardImage: input.images.dashboard,
        dashboard: config.dashboard,
        ports: config.ports,
        instanceName: config.instanceName,
        cloudOrigin: input.apiUrl,
        siteOrigin: input.siteUrl,
        dashboardDeploymentUrl: input.apiUrl,
        envFile: `./${core_layout/* FILES */.cn.backendEnv}`,
        doNotRequireSsl: input.doNotRequireSsl,
        originForwards: input.originForwards,
        extraHosts: input.containerDb?.extraHosts ?? [],
    });
    if (input.backend === "compose")
        await put("compose", await files.read(layout.path("compose")), compose, core_layout/* PUBLIC_MODE */.QE);
    const gitignore = mergeGitignore(await files.read(layout.path("gitignore")), [
        core_layout/* FILES */.cn.backendEnv,
        core_layout/* FILES */.cn.deploymentEnv,
        core_layout/* FILES */.cn.frontendEnv,
        core_layout/* FILES */.cn.privateKey,
        ...(input.backend === "env-only" ? [core_layout/* FILES */.cn.manifests] : []),
    ]);
    if (gitignore.added.length > 0) {
        await files.write(layout.path("gitignore"), gitignore.text, core_layout/* PUBLIC_MODE */.QE);
        written.push("gitignore");
    }
    for (const [file, r] of [
        [core_layout/* FILES */.cn.backendEnv, backendEnv],
        [core_layout/* FILES */.cn.deploymentEnv, deploymentEnv],
    ]) {
        if (r.updated.length)
            report.logger.info(`${file}: updated ${r.updated.join(", ")}`);
    }
    const names = (list) => list.map((n) => core_layout/* FILES */.cn[n]).join(", ");
    report.logger.info([
        written.length ? `Wrote ${names(written)} in ${layout.dir}` : `Nothing changed in ${layout.dir}`,
        unchanged.length ? ` (unchanged: ${names(unchanged)})` : "",
        input.originForwards.length
            ? "; the compose file has an origin forwarder for the non-default ports"
            : "",
        ".",
    ].join(""));
    return {
        written,
        envFileKeys: input.backend === "compose"
            ? (0,core_compose/* deriveDroppedEnv */.LO)(Object.keys(envValues(parseEnvFile(backendEnv.text))))
            : [],
    };
}

;// CONCATENATED MODULE: ./src/setup.ts
/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */

























/** target connect: no containers here; the wait polls the URL only, and there are no logs to show. */
const elsewhere = {
    ps: async () => [],
    logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
};
async function setup(config, deps) {
    const { logger, clock, docker } = deps;
    const timings = [];
    const warnings = [];
    const report = {
        logger,
        warn: (message) => {
            warnings.push(message);
            logger.warn(message);
        },
    };
    /** Runs one phase in its log group, timed; a signal stops the run between (or inside) phases. */
    const phase = async (title, fn) => {
        const interrupted = () => new errors/* InterruptedError */.p4(String(deps.stop?.reason ?? "a signal"), timings.map(([t]) => t), title);
        if (deps.stop?.aborted)
            throw interrupted();
        const start = clock.now();
        try {
            return await logger.group(title, fn);
        }
        catch (error) {
            throw deps.stop?.aborted ? interrupted() : error;
        }
        finally {
            timings.push([title, Math.round(clock.now() - start)]);
        }
    };
    const layout = (0,core_layout/* locate */.x5)(config, deps.cwd);
    let lock;
    // target kubernetes without an Ingress: kubectl port-forward, for the length of the run.
    let forward;
    try {
        return await run();
    }
    finally {
        await forward?.stop();
        await lock?.release();
    }
    async function run() {
        const urls = config.publicUrls;
        // Where the backend runs and how this host reaches it (core/target-plan.ts).
        const plan = deriveTargetPlan(config);
        const { connect, renderOnly, ingressHosts, viaPublicUrls } = plan;
        const kube = plan.kubernetes;
        const composed = plan.compose;
        const kubectl = plan.applies ? (0,kubernetes/* requireKubectl */.qh)(deps.kubectl) : undefined;
        const owner = deps.env.GITHUB_REPOSITORY || undefined;
        const endpoints = {
            apiUrl: urls.apiUrl,
            siteUrl: urls.siteUrl,
            dashboardUrl: urls.dashboardUrl,
            hostApiUrl: plan.hostApiUrl,
        };
        const hostSiteUrl = plan.hostSiteUrl;
        const kubeInstance = {
            kind: "kubernetes",
            namespace: config.kubernetes.namespace,
            instanceName: config.instanceName,
            ...(owner ? { owner } : {}),
        };
        for (const w of plan.warnings)
            report.warn(w);
        const images = {
            backend: config.images.backend ?? core_compose/* DEFAULT_BACKEND_IMAGE */.f0,
            dashboard: config.images.dashboard ?? core_compose/* DEFAULT_DASHBOARD_IMAGE */.BX,
        };
        const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
        (0,runtime/* maskAll */.gh)(logger, config.postgres.url?.password);
        // env-vars whose names say they are secret (AUTH_GITHUB_SECRET, RESEND_API_KEY, ...): masked
        // now, so that no later line (a CLI error quoting a value) shows them. In the action the
        // runner also masks whatever came from `secrets.*`.
        for (const [name, value] of config.envVars)
            if (isSecretName(name) && isMaskableValue(value))
                (0,runtime/* maskAll */.gh)(logger, value);
        // The pull starts first and runs in the background while docker, keys, Postgres and files are
        // checked and prepared; a failure there stops it.
        // Only compose pulls here; a cluster pulls for itself.
        const ensure = !composed
            ? async () => { }
            : (deps.ensureImages ?? ((list, signal, warn) => (0,phases_images/* pullAll */.T)(docker, list, signal, warn)));
        const pull = (0,phases_images/* startImages */.z)(ensure, composed ? imageList : [], clock, report.warn);
        deps.stop?.addEventListener("abort", () => pull.abort(), { once: true });
        // RSA-2048 generation takes 100-300 ms (a random prime search): started now on libuv's
        // thread pool, used by the Keys phase only if a key has to be generated.
        let pregenerated;
        // An unused key is never printed; the Keys phase masks the one it uses.
        const generate = () => (pregenerated ??= generateJwtKey());
        if (!config.jwtKeyPair && config.auth !== "none")
            void generate().catch(() => { });
        const prepare = async () => {
            const { files, root } = await phase("Repository", () => checkRepository(layout, deps, report));
            lock = deps.lock ? await deps.lock(layout.dir, (m) => logger.info(m)) : undefined;
            if (composed)
                await phase("Check docker", async () => logger.info(await checkDocker(docker)));
            if (kubectl)
                await phase("Check kubectl", async () => logger.info(`kubectl ${await kubectl.check()}`));
            const app = await phase("App", () => planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report));
            // The project's own convex CLI (new enough) must be there before anything starts.
            const project = config.deploy && !renderOnly
                ? await checkConvexCli(deps.convexCli, layout.dir, {
                    root,
                    packageManager: app.facts.packageManager,
                    workspaceRoot: (0,external_node_path_.resolve)(root, app.facts.workspaceRoot),
                })
                : undefined;
            // A seed file outside the repository (a link out) stops the run before anything starts.
            if (project && isSeedConfigured(config.seed) && config.seed.import !== undefined)
                await checkSeedFile(files, layout.dir, config.seed.import);
            const keys = await phase("Keys", async () => {
                const options = { convexAuth: app.convexAuth, generate };
                if (connect)
                    return resolveConnectKeys(config, files, layout, logger, options);
                // kubernetes: the instance's Secret in the cluster holds the keys of earlier runs.
                const stored = kubectl
                    ? await (0,kubernetes/* readStoredKeys */.E0)(kubectl, config.kubernetes.namespace, config.instanceName, owner)
                    : undefined;
                return resolveKeys(config, files, layout, logger, { ...options, ...(stored ? { stored } : {}) });
            });
            // Validated now, before any container starts: the variables, and what the app reads.
            const changes = await planDeploymentVariables(config, keys, urls.siteUrl, app.frontendUrl, files, layout, report);
            const check = checkAppVariables(app.facts, new Set(changes.map((c) => c.name)), urls.siteUrl, app.convexAuth);
            if (check.problems.length > 0) {
                throw new errors/* SetupError */.w3(check.problems.join("\n"), "Nothing was started.");
            }
            for (const w of check.warnings)
                report.warn(w);
            for (const n of check.notices)
                logger.info(n);
            const postgres = connect
                ? { preflight: undefined, container: undefined }
                : await phase("Postgres", () => preparePostgres(config, deps.postgres, report));
            if (connect && config.postgres.url)
                logger.info("target connect: the running backend has its own database; the Postgres URL is not used.");
            const stale = await files.removeStaleTemp(layout.dir);
            if (stale.length)
                logger.info(`Removed temporary files an interrupted run left: ${stale.join(", ")}`);
            const written = await phase("Write files", () => writeAppFiles(config, {
                instanceSecret: keys.instanceSecret,
                jwt: keys.jwt,
                writePem: !keys.pemOnDisk,
                apiUrl: urls.apiUrl,
                siteUrl: urls.siteUrl,
                images,
                originForwards: (0,core_compose/* deriveOriginForwards */.GT)(urls.apiUrl, urls.siteUrl),
                containerDb: postgres.container,
                doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
                backend: composed ? "compose" : renderOnly ? "env-only" : "none",
            }, files, layout, report));
            // Only now is the compose file ours (or the instance about to be applied): from here on the
            // post step has something to stop.
            if (composed)
                deps.onTeardownState?.((0,core_layout/* teardownStateOf */.zi)(layout.target));
            if (kubectl)
                deps.onTeardownState?.(kubeInstance);
            return { files, app, project, keys, changes, postgres, written };
        };
        const { files, app, project, keys, changes, postgres, written } = await prepare().catch((error) => {
            pull.abort(); // nothing will use the images now
            throw error;
        });
        /** render-only: the manifests are written, nothing runs; the result says what was made. */
        /** What every result says, whatever ran (timings and warnings fill as the run goes). */
        const known = {
            apiUrl: endpoints.apiUrl,
            siteUrl: endpoints.siteUrl,
            dashboardUrl: endpoints.dashboardUrl,
            hostApiUrl: endpoints.hostApiUrl,
            urlSource: urls.source,
            instanceName: config.instanceName,
            postgresDatabase: config.postgres.url?.name,
            workingDirectory: layout.dir,
            timings,
            warnings,
        };
        const renderedResult = (keys, manifestFile, postgres, writtenFiles) => ({
            ...known,
            adminKey: keys.adminKey,
            adminKeySource: "computed",
            postgres: postgres.preflight,
            envFile: layout.path("backendEnv"),
            composeFile: "",
            composeProject: "",
            namespace: config.kubernetes.namespace,
            manifestFile,
            deployed: false,
            seeded: false,
            verified: [],
            keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
            deploymentVariables: [],
            written: writtenFiles,
            frontends: [],
        });
        const target = layout.target;
        if (kube) {
            const yaml = await phase("Kubernetes manifests", async () => {
                const text = await (0,kubernetes/* renderValidated */.PH)((0,core_kubernetes/* buildManifests */.lt)({
                    instanceName: config.instanceName,
                    namespace: config.kubernetes.namespace,
                    images,
                    dashboard: config.dashboard,
                    cloudOrigin: urls.apiUrl,
                    siteOrigin: urls.siteUrl,
                    dashboardDeploymentUrl: urls.apiUrl,
                    instanceSecret: keys.instanceSecret,
                    postgresUrl: postgres.container?.url,
                    doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
                    jwtPrivateKeyPem: keys.jwt?.privateKeyPem,
                    volumeSize: config.kubernetes.volumeSize,
                    owner,
                    ingress: ingressHosts
                        ? {
                            hosts: ingressHosts,
                            className: config.kubernetes.ingressClass,
                            tlsSecret: config.kubernetes.tlsSecret,
                        }
                        : undefined,
                }));
                if (renderOnly) {
                    await files.write(layout.path("manifests"), text, core_layout/* SECRET_MODE */.nj);
                    logger.info(`Wrote ${layout.path("manifests")} (mode 0600: it holds the instance's Secret). render-only: nothing was applied.`);
                }
                return text;
            });
            if (renderOnly)
                return renderedResult(keys, layout.path("manifests"), postgres, [
                    ...written.written.map((n) => layout.path(n)),
                    layout.path("manifests"),
                ]);
            await phase("Apply manifests", () => (0,kubernetes/* applyManifests */.ZJ)(kubectl, {
                namespace: config.kubernetes.namespace,
                instanceName: config.instanceName,
                ingress: ingressHosts !== undefined,
                dashboard: config.dashboard,
            }, yaml, logger));
        }
        if (composed) {
            await phase("Start containers", () => (0,start/* startContainers */.fQ)(deps, target, pull, imageList, written.envFileKeys));
        }
        const admin = deps.admin(endpoints.hostApiUrl);
        // With connect there are no containers to inspect: the wait only polls the URL. With
        // kubernetes the pods are (kubectl get pods, kubectl logs).
        const waitDeps = connect
            ? { ...deps, docker: elsewhere }
            : kubectl
                ? {
                    ...deps,
                    docker: (0,kubernetes/* kubernetesBackendView */.et)(kubectl, config.kubernetes.namespace, config.instanceName),
                }
                : deps;
        await phase("Wait for the backend", async () => {
            if (kubectl) {
                await (0,kubernetes/* waitForRollout */.gj)(kubectl, {
                    namespace: config.kubernetes.namespace,
                    instanceName: config.instanceName,
                    dashboard: config.dashboard,
                    timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
                }, logger);
                if (plan.portForward) {
                    forward = await (0,kubernetes/* forwardPorts */.gq)(kubectl, {
                        namespace: config.kubernetes.namespace,
                        instanceName: config.instanceName,
                        ports: config.ports,
                    }, logger, report.warn);
                }
            }
            await (0,start/* waitForBackend */.nN)(admin, target, config.waitTimeoutMs, waitDeps);
        });
        const adminKey = await phase("Admin key", () => connect || kube
            ? confirmConnectAdminKey(admin, keys.adminKey, connect ? "connect" : "kubernetes")
            : confirmAdminKey(admin, docker, target, { key: keys.adminKey, instanceSecret: keys.instanceSecret }, report));
        const envFilesChanged = await phase("Deployment environment", async () => {
            await setDeploymentVariables(admin, adminKey.key, changes, report);
            return writeClientEnvFiles(endpoints, adminKey.key, app.frontends, files, layout, report);
        });
        let seeded = false;
        if (project) {
            // Seeding needs to know, before the deploy, whether it is the deployment's first; nothing
            // is asked (and the seed file is not looked at) when there is nothing to seed.
            const seeding = isSeedConfigured(config.seed);
            const isNew = await phase("Deploy functions", async () => {
                // The seed file was checked before anything started; checked again now (it may have moved).
                if (seeding && config.seed.import !== undefined)
                    await checkSeedFile(files, layout.dir, config.seed.import);
                const fresh = seeding && (await checkNewDeployment(admin, adminKey.key));
                await deployFunctions(deps.convexCli, layout.dir, project, { url: endpoints.hostApiUrl, adminKey: adminKey.key, args: config.deployArgs, env: deps.env }, logger);
                return fresh;
            });
            if (seeding) {
                seeded = await phase("Seed", () => seedDeployment(deps.convexCli, layout.dir, project, config.seed, { url: endpoints.hostApiUrl, adminKey: adminKey.key, env: deps.env, isNew, files }, logger));
            }
        }
        const verified = config.verify
            ? await phase("Verify", async () => {
                const checks = await verifyDeployment({ admin: deps.admin, fetch: deps.fetch ?? fetch }, {
                    hostApiUrl: endpoints.hostApiUrl,
                    hostSiteUrl,
                    apiUrl: endpoints.apiUrl,
                    siteUrl: endpoints.siteUrl,
                    adminKey: adminKey.key,
                    expectedVariables: changes.map((c) => c.name),
                    // Auth discovery is served by the deployed http.ts (auth.addHttpRoutes).
                    authDiscovery: app.convexAuth && project !== undefined,
                    // connect: the host checks already go through the public URLs.
                    publicUrls: !viaPublicUrls && urls.coder && !urls.local,
                    ports: { api: config.ports.api, site: config.ports.site },
                });
                for (const c of checks)
                    logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
                assertVerified(checks);
                return checks;
            })
            : [];
        return {
            ...known,
            adminKey: adminKey.key,
            adminKeySource: adminKey.source,
            postgres: postgres.preflight,
            // Written with compose only (kubernetes keeps the keys in its Secret).
            envFile: composed ? layout.path("backendEnv") : "",
            composeFile: composed ? target.file : "",
            composeProject: composed ? target.project : "",
            namespace: kube ? config.kubernetes.namespace : undefined,
            manifestFile: undefined,
            deployed: project !== undefined,
            seeded,
            verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
            keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
            deploymentVariables: changes.map((c) => c.name),
            written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
            frontends: app.frontends.map((f) => ({ dir: f.dir, framework: f.framework })),
        };
    }
}

// EXTERNAL MODULE: ./src/teardown.ts + 1 modules
var teardown = __webpack_require__(4964);
;// CONCATENATED MODULE: ./src/action/outputs.ts
/** The action's outputs and exported variables, typed against the names declared in core/inputs.ts. */

function deriveOutputs(result) {
    return {
        "convex-url": result.apiUrl,
        "site-url": result.siteUrl,
        "dashboard-url": result.dashboardUrl,
        "admin-key": result.adminKey,
        "instance-name": result.instanceName,
        "postgres-database": result.postgresDatabase ?? "",
        "env-file": result.envFile,
        "compose-file": result.composeFile,
        "compose-project": result.composeProject,
        deployed: String(result.deployed),
        seeded: String(result.seeded),
        "manifest-file": result.manifestFile ?? "",
        namespace: result.namespace ?? "",
    };
}
/** The fixed names (EXPORTED_ENV) and each frontend's framework names. */
function deriveExportedVariables(result) {
    return deriveExportedEnv(result, result.adminKey, result.frontends.map((f) => f.framework));
}

// EXTERNAL MODULE: ./src/action/state.ts
var action_state = __webpack_require__(3175);
;// CONCATENATED MODULE: ./src/action/summary.ts
const html = (s) => s.replace(/[|<>]/g, (c) => `&#${c.charCodeAt(0)};`);
function renderSummary(result) {
    const rows = [
        ["API (convex-url)", `<a href="${html(result.apiUrl)}">${html(result.apiUrl)}</a>`],
        ["Site proxy (site-url)", `<a href="${html(result.siteUrl)}">${html(result.siteUrl)}</a>`],
        ["Dashboard", `<a href="${html(result.dashboardUrl)}">${html(result.dashboardUrl)}</a>`],
        ["URLs from", result.urlSource],
        ["Instance name", html(result.instanceName)],
        [
            "Database",
            result.postgresDatabase
                ? `Postgres, database <code>${html(result.postgresDatabase)}</code>`
                : "embedded SQLite",
        ],
        ["Instance secret", result.keySources.instanceSecret],
        ["JWT key", result.keySources.jwtKey],
        ["Admin key", `${result.adminKeySource} (masked)`],
        ["Deployment variables", result.deploymentVariables.map((n) => `<code>${n}</code>`).join(" ")],
        ["Deployed", result.deployed ? "yes" : "no"],
        ["Seeded", result.seeded ? "yes" : "no"],
    ];
    if (result.namespace)
        rows.splice(4, 0, [
            "Kubernetes",
            `namespace <code>${html(result.namespace)}</code>${result.manifestFile ? `, manifests written to <code>${html(result.manifestFile)}</code> (render-only: nothing applied)` : ""}${result.urlSource === "ingress" ? "" : ", reached through kubectl port-forward during the run (no ingress-host)"}`,
        ]);
    const table = rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n");
    const total = result.timings.reduce((sum, [, ms]) => sum + ms, 0);
    const timings = result.timings
        .map(([phase, ms]) => `| ${html(phase)} | ${(ms / 1000).toFixed(2)} s |`)
        .join("\n");
    const warnings = result.warnings.length
        ? `\n\n**Warnings**\n\n${result.warnings.map((w) => `- ${html(w)}`).join("\n")}`
        : "";
    const title = result.manifestFile ? "Kubernetes manifests rendered" : "Self-hosted Convex is up";
    return `## ${title}\n\n| | |\n|---|---|\n${table}\n\n| Phase | Time |\n|---|---|\n${timings}\n| **Total** | **${(total / 1000).toFixed(2)} s** |${warnings}\n`;
}

;// CONCATENATED MODULE: ./src/action/main.ts










function readInputs(platform) {
    const raw = {};
    for (const input of INPUTS)
        raw[input.name] = platform.getInput(input.name);
    return raw;
}
/** cache-images: @actions/cache is large and slow to import, so it is loaded only when on. */
async function imageCache(deps, tmp) {
    const { restoreOrPull } = await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(356)]).then(__webpack_require__.bind(__webpack_require__, 2356));
    return (images, signal, warn) => restoreOrPull(images, signal, warn, { docker: deps.docker, logger: deps.logger, tmp });
}
async function runMain(platform, env = process.env, makeDeps = adapters.createSetupDeps, stop) {
    platform.saveState(action_state/* STATE */.c.isPost, "true");
    try {
        const config = parseConfig(readInputs(platform), env);
        if (config.command === "down") {
            await runDown(config, platform, env, makeDeps);
            return;
        }
        const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
        const deps = makeDeps({
            logger: platform.logger,
            env,
            cwd: workspace,
            // Nothing outside the checkout is read or written; a committed secret stops the run.
            workspace,
            ci: true,
            ...(stop ? { stop } : {}),
        });
        if (config.cacheImages)
            deps.ensureImages = await imageCache(deps, env.RUNNER_TEMP ?? "/tmp");
        // Recorded before the compose file is written: from then on post has something to stop.
        deps.onTeardownState = (state) => {
            const post = { ...state, cleanup: config.cleanup };
            platform.saveState(action_state/* STATE */.c.teardown, JSON.stringify(post));
        };
        const result = await setup(config, deps);
        platform.setSecret(result.adminKey);
        for (const [name, value] of Object.entries(deriveOutputs(result)))
            platform.setOutput(name, value);
        if (config.exportEnv) {
            for (const [name, value] of Object.entries(deriveExportedVariables(result)))
                platform.exportVariable(name, value);
        }
        await platform
            .writeSummary(renderSummary(result))
            .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
    }
    catch (error) {
        if (!(error instanceof errors/* SetupError */.w3) && error instanceof Error && error.stack)
            platform.logger.debug(error.stack);
        platform.setFailed((0,action_state/* errorMessage */.g)(error));
    }
}
/**
 * command: down: removes the instance an earlier `up` set up (a workflow on pull_request:
 * closed): the compose file found in working-directory, or the kubernetes instance by its
 * labels, and with drop-database its database. Main records no state, so post does nothing more.
 */
async function runDown(config, platform, env, makeDeps) {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const deps = makeDeps({ logger: platform.logger, env, cwd: workspace, workspace, ci: true });
    await (0,teardown/* removeInstance */.g)(config, { dumpLogs: false, volumes: true }, { ...deps, files: (0,files/* createFileStore */.IF)(workspace) });
}



/***/ }),

/***/ 424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ pullAll),
/* harmony export */   z: () => (/* binding */ startImages)
/* harmony export */ });
/** Pulls every image at once; a failed pull of an image already on the host is a warning. */
async function pullAll(docker, images, signal, warn) {
    const warnings = await Promise.all(images.map((image) => docker.pull(image, signal)));
    for (const w of warnings)
        if (w)
            warn(w);
}
function startImages(ensure, images, clock, warn) {
    const controller = new AbortController();
    const start = clock.now();
    const done = ensure(images, controller.signal, warn).then(() => ({ ok: true, ms: Math.round(clock.now() - start) }), (error) => ({ ok: false, error }));
    return { done, abort: () => controller.abort() };
}


/***/ })

};
