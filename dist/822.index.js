export const id = 822;
export const ids = [822];
export const modules = {

/***/ 77158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vq: () => (/* binding */ decodeAdminKey),
/* harmony export */   Xi: () => (/* binding */ parseAdminKeyOutput),
/* harmony export */   fj: () => (/* binding */ generateInstanceSecret),
/* harmony export */   i6: () => (/* binding */ deriveAdminKey),
/* harmony export */   kA: () => (/* binding */ isInstanceSecret)
/* harmony export */ });
/* unused harmony export ADMIN_KEY_LINE_RE */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _noble_ciphers_aes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(35479);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
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
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString("hex");
}
function isInstanceSecret(value) {
    return INSTANCE_SECRET_RE.test(value);
}
function subkey(instanceSecret) {
    if (!isInstanceSecret(instanceSecret)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The instance secret must be exactly 64 hexadecimal characters (32 bytes).", "Leave instance-secret empty to have one generated, or generate one with `openssl rand -hex 32`.");
    }
    const secret = Buffer.from(instanceSecret, "hex");
    const label = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from("admin key", "utf8")]);
    return new Uint8Array((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)("sha256", secret).update(label).digest().subarray(0, 16));
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The admin key's payload is truncated.");
            const b = bytes[i++];
            result += (b & 0x7f) * scale;
            if ((b & 0x80) === 0)
                return result;
            scale *= 0x80;
            if (scale > 2 ** 63)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The admin key's payload has an oversized number.");
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The admin key's payload has an unexpected field type ${wireType}.`);
    }
    return fields;
}
/** Computes an admin key exactly as the backend's generate_admin_key.sh would. */
function deriveAdminKey(options) {
    const { instanceName } = options;
    if (!instanceName || /[|\s]/.test(instanceName)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`Instance name ${JSON.stringify(instanceName)} cannot prefix an admin key.`);
    }
    const key = subkey(options.instanceSecret);
    const nonce = options.nonce ?? new Uint8Array((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(NONCE_BYTES));
    if (nonce.length !== NONCE_BYTES)
        throw new RangeError("nonce must be 12 bytes");
    const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const plaintext = Uint8Array.from([0x10, ...encodeVarint(issuedAt), 0x18, 0x00]);
    const sealed = (0,_noble_ciphers_aes_js__WEBPACK_IMPORTED_MODULE_2__/* .gcmsiv */ .GM)(key, nonce, Uint8Array.of(VERSION)).encrypt(plaintext);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The admin key is not of the form NAME|HEX.");
    }
    const instanceName = adminKey.slice(0, bar);
    const hex = adminKey.slice(bar + 1);
    if (expectedName !== undefined && instanceName !== expectedName) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The admin key belongs to instance "${instanceName}", not "${expectedName}".`, "Use a key made for this instance name, or let the setup compute one.");
    }
    const body = hex.length % 2 === 0 ? Buffer.from(hex, "hex") : Buffer.alloc(0);
    if (body.length < 1 + NONCE_BYTES + TAG_BYTES || body[0] !== VERSION) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The admin key has an unknown version or is too short.");
    }
    const nonce = new Uint8Array(body.subarray(1, 1 + NONCE_BYTES));
    const sealed = new Uint8Array(body.subarray(1 + NONCE_BYTES));
    let plaintext;
    try {
        plaintext = (0,_noble_ciphers_aes_js__WEBPACK_IMPORTED_MODULE_2__/* .gcmsiv */ .GM)(subkey(instanceSecret), nonce, Uint8Array.of(VERSION)).decrypt(sealed);
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3)
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("The admin key was not made with this instance secret (decryption failed).");
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


/***/ }),

/***/ 52162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KA: () => (/* binding */ usesConvexAuth),
/* harmony export */   NP: () => (/* binding */ checkAppVariables),
/* harmony export */   PB: () => (/* binding */ usesBetterAuth),
/* harmony export */   Q8: () => (/* binding */ frontendExtras),
/* harmony export */   SD: () => (/* binding */ deriveSiteUrl),
/* harmony export */   x7: () => (/* binding */ siteUrlNeed)
/* harmony export */ });
/* harmony import */ var _better_auth_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83688);
/* harmony import */ var _deployment_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(52350);


/** Whether the app gets @convex-dev/auth's JWT key, JWKS and variables. */
function usesConvexAuth(input, facts) {
    if (input === "convex-auth")
        return true;
    if (input === "auto")
        return facts.auth === "convex-auth";
    return false;
}
/** Whether the app gets Better Auth's BETTER_AUTH_SECRET and SITE_URL. */
function usesBetterAuth(input, facts) {
    if (input === "better-auth")
        return true;
    if (input === "auto")
        return facts.auth === "better-auth";
    return false;
}
/**
 * The variables a frontend gets beyond its framework's two, from what its own code reads
 * (core/app/frontend-env.ts): a name ending in CONVEX_SITE_URL gets the site proxy's URL, one
 * ending in CONVEX_URL the API's; `<prefix>SITE_URL` with the framework's public prefix
 * (`VITE_SITE_URL`, `NEXT_PUBLIC_SITE_URL`; plain `SITE_URL` without one) is the frontend's own
 * URL, written only when that is known.
 */
function frontendExtras(framework, reads, frontendUrlKnown) {
    const out = [];
    for (const { name, files } of reads) {
        if (name === framework.urlVar || name === framework.siteUrlVar)
            continue;
        if (name.endsWith("CONVEX_SITE_URL"))
            out.push({ name, holds: "site", files });
        else if (name.endsWith("CONVEX_URL"))
            out.push({ name, holds: "api", files });
        else if (name === `${framework.publicPrefix}SITE_URL` && frontendUrlKnown)
            out.push({ name, holds: "frontend-url", files });
    }
    return out;
}
/** SITE_URL is set for @convex-dev/auth and Better Auth, and for any app whose functions read it. */
function siteUrlNeed(facts, auth) {
    const readers = facts.envVarsRead.find((r) => r.name === "SITE_URL")?.files ?? [];
    const why = auth.convexAuth
        ? "@convex-dev/auth's OAuth and magic-link redirects"
        : auth.betterAuth
            ? "Better Auth's trusted origin"
            : readers.length > 0
                ? `read by ${readers.join(", ")}`
                : undefined;
    return { deployment: why !== undefined, why, readers: [...readers] };
}
/**
 * The frontend's URL (SITE_URL): the frontend-url input; else the dev server of the first
 * frontend (frontend-port, else the framework's dev port) as the browser reaches it; none for a
 * framework without a dev port (Expo, none) unless given.
 */
function deriveSiteUrl(options) {
    if (options.frontendUrl)
        return options.frontendUrl;
    const port = options.frontendPort ?? options.framework?.devPort;
    return port === undefined ? undefined : options.urlForPort(port);
}
/**
 * Compares what the app reads with what is given: auth.config variables given nowhere are
 * problems (the backend refuses such a push, but only after everything started), and so are
 * Better Auth's secret and a SITE_URL its functions read; provider secrets not given are one
 * warning, with each OAuth provider's callback URL; other variables read under the functions
 * folder (SITE_URL naming frontend-url) are notices.
 */
function checkAppVariables(facts, given, siteUrl, auth) {
    const { convexAuth, betterAuth = false } = typeof auth === "boolean" ? { convexAuth: auth } : auth;
    const has = (name) => given.has(name) || _deployment_env_js__WEBPACK_IMPORTED_MODULE_1__/* .BUILTIN_NAMES */ .VP.has(name);
    const problems = [];
    const warnings = [];
    const notices = [];
    if (betterAuth && !_better_auth_js__WEBPACK_IMPORTED_MODULE_0__/* .BETTER_AUTH_SECRET_NAMES */ .gb.some(has)) {
        problems.push("Better Auth needs BETTER_AUTH_SECRET, which is set nowhere: give better-auth-secret (or leave it out to have one generated and kept).");
    }
    const siteReaders = facts.envVarsRead.find((r) => r.name === "SITE_URL")?.files ?? [];
    if (siteReaders.length > 0 && !has("SITE_URL")) {
        const what = `${siteReaders.join(", ")} ${siteReaders.length === 1 ? "reads" : "read"} SITE_URL, the frontend's URL`;
        const fix = "give frontend-url (there is no default for this frontend: Expo, or no framework), or SITE_URL in env-vars";
        if (betterAuth)
            problems.push(`${what} (Better Auth's trusted origin), which is set nowhere: ${fix}. Sign-in fails without it.`);
        else
            notices.push(`${what}, which is not set on this deployment: ${fix}, unless it is optional.`);
    }
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
    const others = facts.envVarsRead
        .map((r) => r.name)
        .filter((name) => name !== "SITE_URL" && !known.has(name) && !has(name));
    if (others.length > 0) {
        notices.push(`The functions in ${facts.functionsDir}/ read ${others.join(", ")}, not set on this deployment (fine if they are optional).`);
    }
    return { problems, warnings, notices };
}


/***/ }),

/***/ 53178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HL: () => (/* binding */ renderJwtPrivateKeyValue),
/* harmony export */   KR: () => (/* binding */ generateJwtKey),
/* harmony export */   OJ: () => (/* binding */ deriveJwtKeyPair)
/* harmony export */ });
/* unused harmony export deriveJwks */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(74296);
/**
 * The RS256 key pair of @convex-dev/auth: JWT_PRIVATE_KEY (PKCS#8 PEM) and JWKS (docs/backend-facts.md#convex-auth).
 * Existing keys are read and converted, never replaced.
 */



const generateKeyPairAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPair);
/** Generates a fresh RSA-2048 key pair (asynchronous: ~200 ms of prime search off the main loop). */
async function generateJwtKey() {
    const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
    return fromKeyObject(privateKey);
}
function fromKeyObject(key) {
    if (key.asymmetricKeyType !== "rsa") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`The JWT private key is a ${key.asymmetricKeyType ?? "unknown"} key; @convex-dev/auth signs with RS256 and needs an RSA key.`, "Remove it to have an RSA-2048 key generated, or give an RSA key in PKCS#8 or PKCS#1 PEM.");
    }
    const privateKeyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
    const jwk = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key).export({ format: "jwk" });
    return { privateKeyPem, jwks: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }) };
}
const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
/** Turns the accepted textual forms into a PEM with proper line breaks. */
function toPem(input, source) {
    let text = input.trim();
    if (text.includes("\\n")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: the private key contains a literal "\\n"; @convex-dev/auth cannot read that form.`, "Give the PEM with real newlines, with newlines replaced by spaces, or base64-encoded.");
    }
    if (!text.includes("-----BEGIN")) {
        const compact = text.replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: the private key is neither a PEM nor base64.`, "Give a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----).");
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: the PEM has no matching BEGIN/END lines.`);
    const label = match[1];
    if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(match[2])) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: the private key is encrypted with a passphrase; the backend cannot use it.`, "Decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem -out jwt_private_key.pem");
    }
    if (label !== "PRIVATE KEY" && label !== "RSA PRIVATE KEY") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: expected a private key, found "${label}".`, "Give an RSA private key in PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY) PEM.");
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
        key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: pem, format: "pem" });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${source}: the private key could not be read (${error.message.split("\n")[0]}).`, "Give an unencrypted RSA private key in PEM.");
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


/***/ }),

/***/ 83688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KJ: () => (/* binding */ generateBetterAuthSecret),
/* harmony export */   gb: () => (/* binding */ BETTER_AUTH_SECRET_NAMES),
/* harmony export */   tz: () => (/* binding */ BETTER_AUTH_SECRET)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Better Auth on Convex (`@convex-dev/better-auth`): what its deployment needs. Better Auth reads
 * its secret from `BETTER_AUTH_SECRET`, then `AUTH_SECRET` (Better Auth's security guide); the
 * Convex integration's guides generate it as 32 random bytes in base64 and set `SITE_URL`, the
 * frontend's URL, which the examples' `convex/auth.ts` passes to `trustedOrigins` (sources:
 * the Better Auth Convex integration guide; get-convex/better-auth, examples/react).
 */

const BETTER_AUTH_SECRET = "BETTER_AUTH_SECRET";
/** The names Better Auth takes its secret from, in its order. */
const BETTER_AUTH_SECRET_NAMES = [BETTER_AUTH_SECRET, "AUTH_SECRET"];
/** 32 random bytes, base64 (44 characters), as the guides generate it. */
function generateBetterAuthSecret() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString("base64");
}


/***/ }),

/***/ 67606:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ct: () => (/* binding */ deriveExportedEnv),
/* harmony export */   p_: () => (/* binding */ deriveHostApiUrl),
/* harmony export */   rY: () => (/* binding */ deriveCliEnv),
/* harmony export */   t8: () => (/* binding */ deriveFrontendEnv)
/* harmony export */ });
/* unused harmony export SECRET_CLIENT_ENV */
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
 * A frontend's variables: under its framework's names (the convex CLI's own table),
 * `<prefix>CONVEX_URL` is the API and `<prefix>CONVEX_SITE_URL` the site proxy; then the names its
 * own code reads (`CONVEX_URL` in a Remix loader on Vite, `VITE_SITE_URL` for the frontend's own
 * URL). Nothing of other frameworks (no VITE_ in a Next.js app).
 */
function deriveFrontendEnv(frontend, endpoints) {
    const names = "framework" in frontend ? frontend : { framework: frontend };
    const out = [
        [names.framework.urlVar, endpoints.apiUrl],
        [names.framework.siteUrlVar, endpoints.siteUrl],
    ];
    for (const v of names.extra ?? []) {
        const value = v.holds === "api" ? endpoints.apiUrl : v.holds === "site" ? endpoints.siteUrl : names.frontendUrl;
        if (value !== undefined && !out.some(([n]) => n === v.name))
            out.push([v.name, value]);
    }
    return out;
}
/**
 * What the action exports to later steps (export-env) and the CLI's `env` prints (minus
 * secrets): the fixed names, then each frontend's names (its framework's, and those its code reads).
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


/***/ }),

/***/ 58283:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ describeSharing)
/* harmony export */ });
/* unused harmony export coderShareOf */
/**
 * What a Coder URL needs to be reachable without a Coder login, said in the terms of its style:
 * a subdomain app (`convex-api--main--ws--alice.apps.example.com`) needs a `coder_app` block in
 * the workspace's template with `share = "public"`; a forwarded port (`3210--main--ws--alice...`)
 * needs the port shared with level Public. Pure: read from the URLs themselves.
 */
/** The app slug or the port a Coder URL's host starts with (undefined: not a Coder-style host). */
function coderShareOf(url) {
    let host;
    try {
        host = new URL(url).hostname;
    }
    catch {
        return undefined;
    }
    const first = /^([a-z0-9]+(?:-[a-z0-9]+)*?)--/i.exec(host)?.[1];
    if (!first)
        return undefined;
    // A forwarded port: 4-5 digits, `s` when the proxy talks HTTPS upstream.
    const port = /^(\d{4,5})s?$/.exec(first)?.[1];
    return port ? { kind: "port", port: Number(port) } : { kind: "app", slug: first };
}
/**
 * What to do so that the API and the site URL answer without a Coder login, in the words of the
 * URL style in use; one sentence, for a hint.
 */
function describeSharing(apiUrl, siteUrl) {
    const api = coderShareOf(apiUrl);
    const site = coderShareOf(siteUrl);
    const consequence = "otherwise they answer with the Coder login, which breaks the backend's own auth discovery and every client outside Coder";
    if (api?.kind === "app" && site?.kind === "app")
        return `${apiUrl} and ${siteUrl} are Coder apps: the workspace's template needs a coder_app for each (slug "${api.slug}" and "${site.slug}", subdomain = true, share = "public"); ${consequence}.`;
    if (api?.kind === "port" && site?.kind === "port")
        return `${apiUrl} and ${siteUrl} are forwarded ports: share ports ${api.port} and ${site.port} with level Public (the workspace's Ports panel; the template's maximum port sharing level must allow Public); ${consequence}.`;
    return `${apiUrl} and ${siteUrl} must answer without a Coder login (a coder_app with share = "public", or the port shared with level Public); ${consequence}.`;
}


/***/ }),

/***/ 52350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ae: () => (/* binding */ isMaskableValue),
/* harmony export */   NG: () => (/* binding */ buildDeploymentChanges),
/* harmony export */   VP: () => (/* binding */ BUILTIN_NAMES),
/* harmony export */   X3: () => (/* binding */ managedDeploymentFileEntries),
/* harmony export */   eh: () => (/* binding */ isSecretName),
/* harmony export */   hp: () => (/* binding */ MANAGED_DEPLOYMENT_NAMES),
/* harmony export */   rQ: () => (/* binding */ parseEnvVarsInput)
/* harmony export */ });
/* unused harmony exports MAX_NAME_LENGTH, MAX_VALUE_BYTES, MAX_VARIABLES, findDeploymentEnvProblems */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/** Deployment environment variables: parsing the `env-vars` input and the backend's limits (docs/backend-facts.md#admin-api). */

/** 256 since the backend of 2026-05 (the pinned release); 40 before. */
const MAX_NAME_LENGTH = 256;
const MAX_VALUE_BYTES = 8 * 1024;
const MAX_VARIABLES = 512;
const NAME_RE = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;
/** Names the backend refuses (EnvVarNameForbidden): it sets them itself. */
const BUILTIN_NAMES = new Set(["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"]);
/** Names setup-coder-convex sets itself for @convex-dev/auth (refused in env-vars). */
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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: line ${index + 1} is not KEY=VALUE.`, 
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
    }
    if (input.betterAuthSecret)
        changes.push({ name: "BETTER_AUTH_SECRET", value: input.betterAuthSecret, source: own });
    const userSets = (name) => [...input.envVars, ...input.userVars].some(([n]) => n === name);
    const frontendUrl = input.frontendUrl ?? input.auth?.frontendUrl;
    if (frontendUrl && !userSets("SITE_URL"))
        changes.push({ name: "SITE_URL", value: frontendUrl, source: `${own} (frontend-url)` });
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


/***/ }),

/***/ 67035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FO: () => (/* binding */ parseEnvFile),
/* harmony export */   HM: () => (/* binding */ splitUserSection),
/* harmony export */   Mv: () => (/* binding */ mergeEnvFile),
/* harmony export */   Qo: () => (/* binding */ envValues)
/* harmony export */ });
/* unused harmony exports isEnvKey, renderEnvValue, renderEnvEntry, renderEnvFile */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${key}: the value contains a newline, carriage return or NUL, which an env file cannot hold portably.`, "Put multi-line values in a file of their own, or encode them (e.g. base64).");
    }
    if (value.endsWith("\\")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${key}: the value ends with a backslash, which docker compose reads as escaping the closing quote.`, "Remove the trailing backslash.");
    }
    if (!value.includes("'"))
        return `'${value}'`;
    if (/[$`"\\]/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${key}: the value contains a single quote together with one of $ \` " \\, which no quoting reads back the same in dotenv, bash and docker compose.`, "Remove one of those characters from the value.");
    }
    return `"${value}"`;
}
function renderEnvEntry(key, value) {
    if (!isEnvKey(key)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`"${key}" is not a valid variable name.`, "Use letters, digits and underscores, not starting with a digit.");
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${file}: ${clash.join(", ")} ${one ? "is" : "are"} managed by setup-coder-convex but also defined in the user section.`, `Remove ${one ? "it" : "them"} from below the line "${marker}"; the setup sets ${one ? "it" : "them"} itself.`);
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


/***/ }),

/***/ 16585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HT: () => (/* binding */ USER_MARKER),
/* harmony export */   Ps: () => (/* binding */ composeTargetOf),
/* harmony export */   QE: () => (/* binding */ PUBLIC_MODE),
/* harmony export */   cn: () => (/* binding */ FILES),
/* harmony export */   eV: () => (/* binding */ isKubernetesInstance),
/* harmony export */   n8: () => (/* binding */ parseComposeFacts),
/* harmony export */   nj: () => (/* binding */ SECRET_MODE),
/* harmony export */   x5: () => (/* binding */ locate),
/* harmony export */   zi: () => (/* binding */ teardownStateOf)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41591);
/**
 * Where an app's files live: the file names, the user-section marker, the paths and compose
 * target of a working directory, and reading a compose file back. Pure (path arithmetic and
 * parsing only); the orchestrator and the shells read and write through a FileStore.
 */



const FILES = {
    backendEnv: ".env.convex.local",
    deploymentEnv: ".env.convex.deployment",
    frontendEnv: ".env.local",
    privateKey: "jwt_private_key.pem",
    compose: "docker-compose.convex.yml",
    /** target kubernetes, render / render-only: the manifests (with the Secret). */
    manifests: "convex-kubernetes.yaml",
    gitignore: ".gitignore",
    /** What the last `up` here did (no secret in it): read by `status` and `verify`. */
    lastUp: ".convex-last-up.json",
};
/** Files holding secrets: written with mode 0600. */
const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;
const USER_MARKER = "# ---- user variables: setup-coder-convex never changes anything below this line ----";
function isKubernetesInstance(ref) {
    return "kind" in ref && ref.kind === "kubernetes";
}
/** Paths and the compose target of a working directory (relative to `cwd`). */
function locate(options, cwd) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(cwd, options.workingDirectory);
    const path = (name) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, FILES[name]);
    return {
        dir,
        path,
        target: {
            file: path("compose"),
            project: options.projectName ?? (0,_compose_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveProjectName */ .Ke)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(dir)),
            cwd: dir,
        },
    };
}
function composeTargetOf(state) {
    return { file: state.composeFile, project: state.composeProject, cwd: state.workingDirectory };
}
function teardownStateOf(target) {
    return { workingDirectory: target.cwd, composeFile: target.file, composeProject: target.project };
}
/** The host port published for a container port, from compose's short or long port syntax. */
function publishedPort(ports, containerPort) {
    if (!Array.isArray(ports))
        return undefined;
    for (const entry of ports) {
        if (typeof entry === "string" || typeof entry === "number") {
            // [ip:]host:container[/proto]; an IPv6 ip is in brackets.
            const m = /^(?:.*:)?(\d+):(\d+)(?:\/\w+)?$/.exec(String(entry));
            if (m && Number(m[2]) === containerPort)
                return Number(m[1]);
        }
        else if (entry && typeof entry === "object") {
            const e = entry;
            if (Number(e.target) === containerPort && e.published !== undefined)
                return Number(e.published);
        }
    }
    return undefined;
}
/**
 * Reads a compose file with the YAML parser. Throws a plain Error on text that is not YAML
 * (callers say which file).
 */
function parseComposeFacts(text) {
    const doc = ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(text) ?? {});
    const backend = doc.services?.backend;
    const env = backend?.environment;
    const envValue = (name) => {
        if (Array.isArray(env)) {
            const line = env.find((l) => typeof l === "string" && l.startsWith(`${name}=`));
            return line?.slice(name.length + 1);
        }
        if (env && typeof env === "object") {
            const v = env[name];
            return v === undefined || v === null ? undefined : String(v);
        }
        return undefined;
    };
    // renderCompose doubles `$` (compose interpolates it); undo that.
    const origin = (name) => envValue(name)?.replaceAll("$$", "$");
    return {
        project: typeof doc.name === "string" ? doc.name : undefined,
        apiPort: publishedPort(backend?.ports, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.api),
        sitePort: publishedPort(backend?.ports, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.site),
        cloudOrigin: origin("CONVEX_CLOUD_ORIGIN"),
        siteOrigin: origin("CONVEX_SITE_ORIGIN"),
        instanceName: origin("INSTANCE_NAME"),
    };
}


/***/ }),

/***/ 16581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LM: () => (/* binding */ normalizeMysqlUrl),
/* harmony export */   Pj: () => (/* binding */ describeMysqlPlan),
/* harmony export */   iZ: () => (/* binding */ selectMysqlUrl),
/* harmony export */   jb: () => (/* binding */ conflictingDatabases),
/* harmony export */   l9: () => (/* binding */ MYSQL_SSL_MODES)
/* harmony export */ });
/* unused harmony exports MYSQL_ENV_VARS, MYSQL_KIND */
/* harmony import */ var _database_url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64266);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92607);
/**
 * Finding and normalising the MySQL URL for the backend (docs/mysql.md#the-backends-rules): the
 * scheme mysql://, a user name, no database path, only the query parameters the backend's
 * client (mysql_async) knows, and the TLS parameters the chosen mysql-ssl-mode asks for.
 */



const MYSQL_SSL_MODES = ["disable", "require", "keep"];
/** Where a MySQL URL may come from after the explicit input (the backend's own variable). */
const MYSQL_ENV_VARS = ["MYSQL_URL"];
const MYSQL_KIND = {
    label: "MySQL",
    schemes: ["mysql"],
    defaultPort: 3306,
    form: "mysql://USER:PASSWORD@HOST:3306",
};
/** The explicit input, else MYSQL_URL; `none` means no MySQL, whatever the environment says. */
function selectMysqlUrl(explicit, env) {
    return (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .selectDatabaseUrl */ .T5)(explicit, env, "mysql-url", MYSQL_ENV_VARS);
}
/** Parameters of mysql_async's URL parser taking true or false (nothing else: "1" stops the backend). */
const BOOLEAN_PARAMS = new Set([
    "enable_cleartext_plugin",
    "reset_connection",
    "tcp_nodelay",
    "prefer_socket",
    "secure_auth",
    "client_found_rows",
    "require_ssl",
    "verify_ca",
    "verify_identity",
    "built_in_roots",
]);
/** Parameters taking a whole number. */
const NUMBER_PARAMS = new Set([
    "pool_min",
    "pool_max",
    "inactive_connection_ttl",
    "ttl_check_interval",
    "conn_ttl",
    "abs_conn_ttl",
    "abs_conn_ttl_jitter",
    "tcp_keepalive",
    "max_allowed_packet",
    "wait_timeout",
    "stmt_cache_size",
]);
/** The TLS parameters mysql-ssl-mode decides (disable: none of them; require: the backend's own). */
const TLS_PARAMS = new Set(["require_ssl", "verify_ca", "verify_identity", "built_in_roots"]);
const OTHER_PARAMS = new Set(["socket", "compression"]);
function checkValue(key, value, source) {
    const ok = BOOLEAN_PARAMS.has(key)
        ? value === "true" || value === "false"
        : NUMBER_PARAMS.has(key)
            ? /^\d+$/.test(value)
            : key !== "compression" || /^(fast|best|on|true|\d)$/.test(value);
    if (!ok) {
        const expected = BOOLEAN_PARAMS.has(key)
            ? "true or false"
            : NUMBER_PARAMS.has(key)
                ? "a whole number"
                : "fast, best, on, true or a digit";
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${source}: ${key}=${value} in the MySQL URL would stop the backend: its client takes ${expected} there.`, `Write ${key}=${BOOLEAN_PARAMS.has(key) ? "true" : NUMBER_PARAMS.has(key) ? "10" : "fast"} (or remove it).`);
    }
}
/** TLS as mysql_async reads it from the final query: on with require_ssl=true, both checks on by default. */
function tlsOf(params) {
    if (params.get("require_ssl") !== "true")
        return undefined;
    return {
        verifyCa: params.get("verify_ca") !== "false",
        verifyIdentity: params.get("verify_identity") !== "false",
    };
}
/**
 * Normalises a MySQL URL for the backend. mysql-ssl-mode:
 * - disable: no TLS; the URL's TLS parameters are removed, DO_NOT_REQUIRE_SSL is set;
 * - require: the backend appends require_ssl=true&verify_ca=true itself (the URL's own are
 *   removed so that nothing is said twice), the host name is checked unless verify_identity=false;
 * - keep: the URL's own require_ssl, verify_ca, verify_identity, built_in_roots; DO_NOT_REQUIRE_SSL.
 */
function normalizeMysqlUrl(raw, sslMode = "disable", source = "mysql-url") {
    const parts = (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDatabaseUrl */ .mx)(raw, source, MYSQL_KIND, source === "mysql-url"
        ? "Use the form mysql://USER:PASSWORD@HOST:3306 (the database name is derived from instance-name)."
        : `Use the form mysql://USER:PASSWORD@HOST:3306, or, when ${source} is for another tool, set mysql-url: none (--mysql-url none).`);
    const removedDatabase = (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .pathDatabase */ .XG)(parts, source, MYSQL_KIND);
    const kept = [];
    const droppedParams = [];
    const replacedTlsParams = [];
    const final = new Map();
    for (const [key, value, param] of (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .queryParams */ .fX)(parts.query)) {
        // mysql_async matches names exactly (lower case) and refuses any other: the backend would exit.
        if (!BOOLEAN_PARAMS.has(key) && !NUMBER_PARAMS.has(key) && !OTHER_PARAMS.has(key)) {
            droppedParams.push(key);
            continue;
        }
        checkValue(key, value, source);
        const replaced = (sslMode === "disable" && TLS_PARAMS.has(key)) ||
            (sslMode === "require" && (key === "require_ssl" || key === "verify_ca"));
        if (replaced) {
            replacedTlsParams.push(key);
            continue;
        }
        kept.push(param);
        final.set(key, value);
    }
    // What the backend will add (and the preflight must use): require_ssl=true&verify_ca=true.
    if (sslMode === "require") {
        final.set("require_ssl", "true");
        final.set("verify_ca", "true");
    }
    const url = `mysql://${parts.userinfo}@${parts.hostport}${kept.length ? `?${kept.join("&")}` : ""}`;
    return {
        url,
        source,
        removedDatabase,
        droppedParams,
        replacedTlsParams,
        host: parts.host,
        port: parts.port,
        user: parts.user,
        password: parts.password,
        tls: tlsOf(final),
        doNotRequireSsl: sslMode !== "require",
    };
}
/** Both kinds found: the backend would take only one (POSTGRES_URL first), so the user chooses. */
function conflictingDatabases(postgresSource, mysqlSource) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`both a Postgres URL (${postgresSource}) and a MySQL URL (${mysqlSource}) are set; the backend uses one database.`, `Keep one: remove the other, or set ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .option */ .uK)("postgres-url", "none")} or ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .option */ .uK)("mysql-url", "none")} to ignore it.`);
}
/** What is said about a MySQL URL before the backend starts: the same words in `up` and `doctor`. */
function describeMysqlPlan(db) {
    const warnings = [];
    const infos = [];
    if (db.droppedParams.length > 0) {
        warnings.push(`Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's MySQL client refuses options it does not know (your ${db.source} itself is unchanged; TLS is set with mysql-ssl-mode).`);
    }
    if (db.replacedTlsParams.length > 0) {
        infos.push(`Replaced ${db.replacedTlsParams.join(", ")} from ${db.source} by what mysql-ssl-mode says.`);
    }
    if (db.removedDatabase) {
        infos.push(`Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`);
    }
    return { warnings, infos };
}


/***/ }),

/***/ 31837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dv: () => (/* binding */ findRelease),
/* harmony export */   xz: () => (/* binding */ checkCliAgainstRelease)
/* harmony export */ });
/* unused harmony exports EVALUATE_PUSH, CHANGED_MODULES, CHECKED_THROUGH, RELEASES, upgradeToRelease */
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41591);
/* harmony import */ var _convex_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22785);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92607);
/**
 * Known self-hosted backend releases and the `convex` npm CLI versions each one's deploy routes
 * serve, and the check `doctor` and `up` make with them: is the app's CLI newer than the backend
 * release understands? Evidence (the backend's router and push body at each release, the CLI's
 * calls in each published package): docs/convex-cli-versions.md, whose release table is
 * generated from RELEASES (`npm run docs`).
 */



/** `convex deploy` calls POST /api/deploy2/evaluate_push on every deploy (the large-index check). */
const EVALUATE_PUSH = {
    from: "1.29.2",
    last: "1.29.1",
    what: "calls POST /api/deploy2/evaluate_push on every deploy",
    symptom: "404 Not Found on /api/deploy2/evaluate_push",
    backendCommit: "ef9b6644c14012425503c9d66b50effdfc16a950",
    backendDate: "2025-11-04",
};
/** The push body's `appDefinition` carries `changedModules` (and unchanged module hashes) instead of `functions`. */
const CHANGED_MODULES = {
    from: "1.31.7",
    last: "1.31.6",
    what: "sends appDefinition.changedModules instead of appDefinition.functions in the push body",
    symptom: "400 BadJsonBody, missing field `functions` (the first call carrying the body)",
    backendCommit: "e3c49f8835faea8c14df1b82c51ce92c4d92c31f",
    backendDate: "2026-01-22",
};
/** The newest published CLI whose deploy calls were read (newer ones are not checked). */
const CHECKED_THROUGH = "1.51.0";
const until = (change) => ({
    min: _convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_SELF_HOSTED_CONVEX */ .Q2,
    max: change.last,
    breaks: change,
});
const allChecked = { min: _convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_SELF_HOSTED_CONVEX */ .Q2, max: CHECKED_THROUGH };
/**
 * Releases whose router (crates/local_backend/src/router.rs) and push body
 * (crates/application/src/deploy_config.rs) were read at their commit, oldest first. All are on
 * the backend's `release` branch after e1cff0b14 (2025-09-09), from which every push to it
 * builds the images as it builds the precompiled binaries.
 */
const RELEASES = [
    {
        tag: "precompiled-2025-09-10-6ca3cf5",
        commit: "6ca3cf59d82fc097a7bdbb943eede7a43152ef40",
        date: "2025-09-10",
        convex: "1.27.0",
        cli: until(EVALUATE_PUSH),
        note: "first release after images were built on every push to `release`",
    },
    {
        tag: "precompiled-2025-10-02-0b97784",
        commit: "0b97784d9965e44f48b7a4b6ccd2c326259a50d8",
        date: "2025-10-02",
        convex: "1.27.3",
        cli: until(EVALUATE_PUSH),
        note: "no `/api/deploy2/evaluate_push`",
    },
    {
        tag: "precompiled-2025-11-03-f50e8a5",
        commit: "f50e8a5cba652a8bf629fcf47045b068282fc80a",
        date: "2025-11-03",
        convex: "1.28.1",
        cli: until(EVALUATE_PUSH),
        note: "last release without `/api/deploy2/evaluate_push`",
    },
    {
        tag: "precompiled-2025-11-04-ef9b664",
        commit: "ef9b6644c14012425503c9d66b50effdfc16a950",
        date: "2025-11-04",
        convex: "1.28.1",
        cli: until(CHANGED_MODULES),
        note: "first release with `/api/deploy2/evaluate_push`; push body still needs `functions`",
    },
    {
        tag: "precompiled-2025-12-01-ccd1008",
        commit: "ccd1008d02611f0e74e4211184b5bf32a0ab28f8",
        date: "2025-12-01",
        convex: "1.29.3",
        cli: until(CHANGED_MODULES),
        note: "push body still needs `functions`",
    },
    {
        tag: "precompiled-2026-01-22-83d54d5",
        commit: "83d54d5dac8c8b140479096f49a4bd2f1a7aa94d",
        date: "2026-01-22",
        convex: "1.31.6",
        cli: until(CHANGED_MODULES),
        note: "last release whose push body needs `functions`",
    },
    {
        tag: "precompiled-2026-01-23-c6be6fe",
        commit: "c6be6fe6ee83fbf9a9357efa52b35902bd27b2af",
        date: "2026-01-22",
        convex: "1.31.6",
        cli: allChecked,
        note: "first release accepting `changedModules` (`functions` kept as an alias)",
    },
    {
        tag: "precompiled-2026-02-03-84c2cb2",
        commit: "84c2cb2ce1a8538b319fee5ddf7c64525907986a",
        date: "2026-02-02",
        convex: "1.31.7",
        cli: allChecked,
        note: "its git tag points at a later commit; the images carry the SHA in the tag's name",
    },
    {
        tag: "precompiled-2026-03-02-46bcfa0",
        commit: "46bcfa00ef626afe31cc2701636bba31fe0be5bd",
        date: "2026-02-28",
        convex: "1.32.0",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-04-01-b9fa364",
        commit: "b9fa3640dc92a6954306a36b6cc52d2ff0228a50",
        date: "2026-04-01",
        convex: "1.34.1",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-05-06-8bc6aa4",
        commit: "8bc6aa4645adfd66584034b175dbef96536938b8",
        date: "2026-05-06",
        convex: "1.37.0",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-06-01-be1b926",
        commit: "be1b92660f78cf0d139e59d3a9b19ec21f29d80e",
        date: "2026-06-01",
        convex: "1.40.0",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-07-01-1072931",
        commit: "1072931106e819e24ed3f7084bc6cf0f17494ec9",
        date: "2026-07-01",
        convex: "1.42.1",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-08-03-60fd6ea",
        commit: "60fd6ea1d637e49abfbd0c57e80d8fea929916b4",
        date: "2026-08-02",
        convex: "1.43.0",
        cli: allChecked,
        note: "",
    },
    {
        tag: "precompiled-2026-08-21-b460b2c",
        commit: "b460b2c85eee4accd05b249e064037d9786173d4",
        date: "2026-08-21",
        convex: "1.45.0",
        cli: allChecked,
        note: "the release before the pinned one",
    },
    {
        tag: "precompiled-2026-08-22-652b828",
        alsoTagged: ["precompiled-2026-08-21-652b828"],
        commit: _compose_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RELEASE */ .WW,
        date: "2026-08-21",
        convex: "1.45.0",
        cli: allChecked,
        note: "the pinned release (the default images); no `/api/deploy2/evaluate_schema`, which CLIs from 1.46.0 try and skip",
    },
];
const HEX_SHA = /^[0-9a-f]{7,40}$/;
/**
 * The release a reference names: a tag (`precompiled-2026-08-22-652b828`), a commit SHA (7 to 40
 * hex digits, as long as it names one release), or an image (`ghcr.io/get-convex/convex-backend:<sha>`,
 * from any registry: the tag decides). Undefined for anything else, `latest` included.
 */
function findRelease(ref) {
    const text = ref.trim();
    const byTag = RELEASES.find((r) => r.tag === text || r.alsoTagged?.includes(text));
    if (byTag)
        return byTag;
    // An image reference (a digest after '@' dropped): the part after the last ':' that follows the
    // last '/' (a ':' before it is a registry's port).
    const name = text.split("@")[0];
    const slash = name.lastIndexOf("/");
    const colon = name.lastIndexOf(":");
    const tag = (colon > slash ? name.slice(colon + 1) : name).toLowerCase();
    if (!HEX_SHA.test(tag))
        return undefined;
    const matches = RELEASES.filter((r) => r.commit.startsWith(tag));
    return matches.length === 1 ? matches[0] : undefined;
}
const short = (r) => `${r.tag} (${r.date})`;
/** The newest known release that serves `version`: the pinned one when it does. */
function releaseServing(version) {
    const serves = (r) => (0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .compareVersions */ .Zy)(version, r.cli.min) >= 0 && (0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .compareVersions */ .Zy)(version, r.cli.max) <= 0;
    const pinned = RELEASES.find((r) => r.commit === _compose_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RELEASE */ .WW);
    if (pinned && serves(pinned))
        return pinned;
    return [...RELEASES].reverse().find(serves);
}
/** The upgrade verb's command, as the interface in use says it. */
function upgradeToRelease(release) {
    return (0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .currentSurface */ .dC)() === "cli"
        ? `\`npx setup-coder-convex upgrade --release ${release.commit}\``
        : `\`command: upgrade\` with \`release: ${release.commit}\``;
}
/**
 * Whether the app's convex CLI (`cliVersion`, as node_modules/convex/package.json says) can
 * deploy to the backend that `image` runs. A release missing from RELEASES, a version that is
 * not semver, a version newer than the ones read, and a prerelease between a release's last
 * good version and its first failing one give a note, never a warning.
 */
function checkCliAgainstRelease(image, cliVersion, options = {}) {
    const pin = options.pinCommand ?? ((v) => `npm install --save-exact convex@${v}`);
    const release = findRelease(image);
    if (!release)
        return {
            kind: "note",
            message: `Backend image ${image} is not a release this tool knows (docs/convex-cli-versions.md lists them), so whether convex ${cliVersion} can deploy to it was not checked.`,
        };
    if (!(0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .parseVersion */ .ot)(cliVersion))
        return {
            kind: "note",
            message: `The app's convex CLI version (${cliVersion}) is not a semver version: whether it can deploy to backend release ${short(release)} was not checked.`,
        };
    const { min, max, breaks } = release.cli;
    const range = breaks ? `${min} to ${max}` : `${min} to ${max}, newer not checked`;
    if ((0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .compareVersions */ .Zy)(cliVersion, min) < 0)
        return {
            kind: "warn",
            release,
            message: `The app's convex CLI ${cliVersion} is older than backend release ${short(release)} serves (${range}): CLIs before ${_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_SELF_HOSTED_CONVEX */ .Q2} ignore CONVEX_SELF_HOSTED_URL.`,
            hint: `Pin the CLI to the version the release was built with: \`${pin(release.convex)}\`.`,
        };
    if ((0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .compareVersions */ .Zy)(cliVersion, max) <= 0)
        return {
            kind: "ok",
            release,
            message: `convex ${cliVersion} can deploy to backend release ${short(release)} (it serves ${range}).`,
        };
    if (!breaks)
        return {
            kind: "note",
            message: `convex ${cliVersion} is newer than the CLIs checked against backend release ${short(release)} (${range}): not checked.`,
        };
    if ((0,_convex_version_js__WEBPACK_IMPORTED_MODULE_1__/* .compareVersions */ .Zy)(cliVersion, breaks.from) < 0)
        return {
            kind: "note",
            message: `convex ${cliVersion} sits between ${breaks.last}, which deploys to backend release ${short(release)}, and ${breaks.from}, which does not (it ${breaks.what}): not checked.`,
        };
    const newer = releaseServing(cliVersion);
    const upgrade = newer
        ? `Upgrade the backend to release ${newer.tag}: ${upgradeToRelease(newer)}; or pin`
        : "Pin";
    return {
        kind: "warn",
        release,
        message: `The app's convex CLI ${cliVersion} is newer than backend release ${short(release)} understands (it serves ${range}): from convex ${breaks.from} on, the CLI ${breaks.what}, which this release predates (the backend added it on ${breaks.backendDate}), so \`convex deploy\` fails with ${breaks.symptom}.`,
        hint: `${upgrade} the app's CLI to what the release serves: \`${pin(max)}\`.`,
    };
}


/***/ }),

/***/ 97732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ deriveTargetPlan)
/* harmony export */ });
/* harmony import */ var _client_env_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67606);
/* harmony import */ var _kubernetes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34215);
/**
 * Where the backend runs and how this host reaches it, decided once from the configuration:
 * compose starts containers here; connect talks to a backend that runs elsewhere; kubernetes
 * applies manifests (or only renders them) and reaches the backend through an Ingress with TLS or
 * through kubectl port-forward for the length of the run. Pure.
 */


function deriveTargetPlan(config) {
    const k8s = config.target === "kubernetes" ? config.kubernetes : undefined;
    const kubernetes = k8s !== undefined;
    const connect = config.target === "connect";
    const renderOnly = k8s?.renderOnly === true;
    const ingressHosts = k8s?.ingressHost
        ? (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveIngressHosts */ .e)(k8s.ingressHost, config.instanceName)
        : undefined;
    const tls = k8s?.tlsSecret !== undefined;
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
        hostApiUrl: viaPublicUrls ? urls.apiUrl : (0,_client_env_js__WEBPACK_IMPORTED_MODULE_0__/* .deriveHostApiUrl */ .p_)(config.ports.api),
        hostSiteUrl: viaPublicUrls ? urls.siteUrl : (0,_client_env_js__WEBPACK_IMPORTED_MODULE_0__/* .deriveHostApiUrl */ .p_)(config.ports.site),
        warnings,
    };
}


/***/ }),

/***/ 39597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I3: () => (/* binding */ KEY_MATERIAL),
/* harmony export */   VK: () => (/* binding */ SECRET_FILES),
/* harmony export */   Vn: () => (/* binding */ describeTrackedSecrets),
/* harmony export */   Zo: () => (/* binding */ findTrackedSecrets)
/* harmony export */ });
/* unused harmony export findRedirectingLines */
/* harmony import */ var _env_file_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67035);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16585);
/**
 * What the tool trusts in a checkout. A file of the repository may come from a pull request: a
 * secret committed to git is public, so it is never reused (anyone could derive the admin key
 * from a committed INSTANCE_SECRET and read every deployment variable).
 */


/** The files that may hold secrets, and when a tracked copy does. */
const SECRET_FILES = [
    ["backendEnv", (t) => ((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(t)).INSTANCE_SECRET ? "INSTANCE_SECRET" : undefined)],
    ["privateKey", (t) => (t.trim() ? "the JWT private key" : undefined)],
    [
        "frontendEnv",
        (t) => (0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(t)).CONVEX_SELF_HOSTED_ADMIN_KEY ? "CONVEX_SELF_HOSTED_ADMIN_KEY" : undefined,
    ],
    [
        "deploymentEnv",
        (t) => {
            // Empty values count too: a planted name can still clash with a managed one.
            const names = Object.keys((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .splitUserSection */ .HM)(t, _layout_js__WEBPACK_IMPORTED_MODULE_1__/* .USER_MARKER */ .HT).user));
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
 * Settings of the backend (read from .env.convex.local) that send its data, or the trust of its
 * connections, elsewhere: the database (run_backend.sh takes POSTGRES_URL, MYSQL_URL, then
 * DATABASE_URL), S3 storage and its credentials, an extra CA for Postgres or MySQL, an outgoing proxy.
 */
const REDIRECTING = /^(?:POSTGRES_URL|MYSQL_URL|DATABASE_URL|PG_CA_FILE|MYSQL_CA_FILE|S3_\w*|AWS_\w*|(?:HTTPS?|ALL)_PROXY)$/i;
/** The lines of an env file that send the backend's data elsewhere, as `NAME (line N)`. */
function findRedirectingLines(text) {
    const found = [];
    let line = 1;
    for (const entry of (0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(text)) {
        if (entry.type === "entry" && entry.value !== "" && REDIRECTING.test(entry.key))
            found.push(`${entry.key} (line ${line})`);
        line += entry.text.split("\n").length;
    }
    return found;
}
/**
 * Of the tracked secret files (name -> text), those that hold a secret, and a tracked
 * .env.convex.local whatever it holds (the backend's settings then come from the repository);
 * with `strict` (CI), also a tracked key file, whatever it holds.
 */
function findTrackedSecrets(tracked, strict = false) {
    const found = [];
    for (const [name, holds] of SECRET_FILES) {
        const text = tracked.get(name);
        if (text === undefined)
            continue;
        const secret = holds(text);
        const settings = name === "backendEnv" || (strict && NEVER_TRACKED.has(name));
        if (!secret && !settings)
            continue;
        found.push({
            file: _layout_js__WEBPACK_IMPORTED_MODULE_1__/* .FILES */ .cn[name],
            what: secret ?? "the backend's settings",
            secret: secret !== undefined,
            redirects: name === "backendEnv" ? findRedirectingLines(text) : [],
        });
    }
    return found;
}
function describeTrackedSecrets(found) {
    const secrets = found.filter((f) => f.secret);
    const settings = found.filter((f) => !f.secret);
    const parts = [];
    if (secrets.length > 0)
        parts.push(`Secrets committed to git are public, and are never reused: ${secrets.map((f) => `${f.file} (${f.what})`).join(", ")}.`);
    for (const f of settings)
        parts.push(`${f.file} is committed to git: the backend's settings come from the repository (a clone or a pull request decides them).`);
    const redirects = found.flatMap((f) => f.redirects);
    if (redirects.length > 0)
        parts.push(`Lines that send the backend's data elsewhere: ${redirects.join(", ")}.`);
    const files = found.map((f) => f.file).join(" ");
    return {
        message: parts.join(" "),
        hint: secrets.length > 0
            ? `Remove them from git (git rm --cached ${files}), let setup-coder-convex generate new ones, and rotate anything that was in them; in CI pass instance-secret and jwt-private-key from the secret store instead.`
            : `Read every line of it before using this clone; keep it out of git (git rm --cached ${files}) and give such settings on each machine instead.`,
    };
}
const KEY_MATERIAL = [
    {
        name: "backendEnv",
        what: "INSTANCE_SECRET",
        value: (t) => (0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(t)).INSTANCE_SECRET?.toLowerCase() || undefined,
        always: "the backend's settings",
    },
    {
        name: "privateKey",
        what: "the JWT private key",
        value: (t) => (t.trim() ? t : undefined),
        always: "the JWT private key",
    },
    {
        // Better Auth's secret, kept beside the instance secret (target connect: alone there).
        name: "backendEnv",
        what: "BETTER_AUTH_SECRET",
        value: (t) => (0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(t)).BETTER_AUTH_SECRET || undefined,
        always: undefined,
    },
    {
        name: "frontendEnv",
        what: "CONVEX_SELF_HOSTED_ADMIN_KEY",
        value: (t) => (0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .envValues */ .Qo)((0,_env_file_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEnvFile */ .FO)(t)).CONVEX_SELF_HOSTED_ADMIN_KEY || undefined,
        always: undefined,
    },
];


/***/ }),

/***/ 80919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J_: () => (/* binding */ movedForward),
/* harmony export */   PX: () => (/* binding */ databaseVersionOf),
/* harmony export */   Px: () => (/* binding */ readComposeImages),
/* harmony export */   TG: () => (/* binding */ rewriteComposeImages),
/* harmony export */   "in": () => (/* binding */ parseMigrationLog),
/* harmony export */   kT: () => (/* binding */ deriveUpgradeImages),
/* harmony export */   ox: () => (/* binding */ renderUpgradePlan)
/* harmony export */ });
/* unused harmony export imageTag */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(41591);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(74296);
/* harmony import */ var _releases_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31837);
/**
 * command upgrade, the pure parts: which images a release means (the same tag for the backend and
 * the dashboard), the compose file with only its image lines changed, what the backend's migration
 * worker logs (docs/day-two.md#upgrade), and the plan as it is printed. No I/O.
 */




/** The tag of an image reference (`repo:tag`); undefined without one (or pinned by a digest only). */
function imageTag(image) {
    if (image.includes("@"))
        return undefined;
    const name = image.slice(image.lastIndexOf("/") + 1);
    const colon = name.lastIndexOf(":");
    return colon > 0 ? name.slice(colon + 1) : undefined;
}
/**
 * The images to upgrade to: release's official pair, or backend-image and dashboard-image given
 * together with the same tag (a backend and a dashboard of two releases are refused).
 * Returns the problems as messages per input, for the configuration's rules and for the command.
 */
function deriveUpgradeImages(input) {
    const { release, backendImage, dashboardImage } = input;
    if (release) {
        if (backendImage || dashboardImage)
            return {
                problems: [
                    [
                        "release",
                        "and backend-image/dashboard-image both say what to upgrade to: give release alone, or both images without it.",
                    ],
                ],
            };
        // A git tag of the table (precompiled-<date>-<sha7>) names its images by the full commit.
        const known = (0,_releases_js__WEBPACK_IMPORTED_MODULE_3__/* .findRelease */ .dv)(release);
        const tag = known && !/^[0-9a-f]{7,40}$/.test(release) ? known.commit : release;
        return { images: (0,_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseImages */ ._6)(tag), release: tag };
    }
    if (!backendImage || !dashboardImage)
        return {
            problems: [
                [
                    backendImage ? "dashboard-image" : dashboardImage ? "backend-image" : "release",
                    "command: upgrade needs the release to upgrade to: give release (a tag or commit SHA of get-convex/convex-backend), or backend-image and dashboard-image together.",
                ],
            ],
        };
    const backendTag = imageTag(backendImage);
    const dashboardTag = imageTag(dashboardImage);
    if (!backendTag || !dashboardTag)
        return {
            problems: [
                [
                    backendTag ? "dashboard-image" : "backend-image",
                    `${backendTag ? dashboardImage : backendImage} has no tag: command: upgrade compares the backend's and the dashboard's tags to know they are one release. Give images with their release's tag (e.g. ghcr.io/get-convex/convex-backend:<sha>).`,
                ],
            ],
        };
    if (backendTag !== dashboardTag)
        return {
            problems: [
                [
                    "backend-image",
                    `(tag ${backendTag}) and dashboard-image (tag ${dashboardTag}) are not the same release: the backend and the dashboard are upgraded together, to one release. Give both images with the same tag, or release alone.`,
                ],
            ],
        };
    return { images: { backend: backendImage, dashboard: dashboardImage }, release: backendTag };
}
/** The images a compose file runs (its backend and dashboard services). */
function readComposeImages(text, file) {
    const data = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text).toJS();
    const backend = data?.services?.[_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKEND_SERVICE */ .Lw]?.image;
    if (typeof backend !== "string")
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${file} has no ${_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKEND_SERVICE */ .Lw} service with an image: it is not the compose file up wrote.`, "Run `setup-coder-convex up` in this folder first.");
    const dashboard = data?.services?.[_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .DASHBOARD_SERVICE */ .jo]?.image;
    return { backend, dashboard: typeof dashboard === "string" ? dashboard : undefined };
}
/**
 * The compose file with only the image lines changed: the backend's (and the origin forwarder's,
 * which runs the backend image) and the dashboard's. Everything else, comments included, is kept.
 */
function rewriteComposeImages(text, file, images) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text);
    const services = doc.get("services");
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(services) || !services.has(_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKEND_SERVICE */ .Lw))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3(`${file} has no ${_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKEND_SERVICE */ .Lw} service: it is not the compose file up wrote.`);
    const wanted = [
        [_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKEND_SERVICE */ .Lw, images.backend],
        [_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .FORWARDER_SERVICE */ .RQ, images.backend],
        [_compose_js__WEBPACK_IMPORTED_MODULE_1__/* .DASHBOARD_SERVICE */ .jo, images.dashboard],
    ];
    // Each image value replaced where it stands in the text (the rest is not re-rendered), last first.
    const edits = [];
    for (const [service, image] of wanted) {
        const node = image ? doc.getIn(["services", service, "image"], true) : undefined;
        if (!image || !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) || !node.range)
            continue;
        const value = /^[\w./:@-]+$/.test(image) ? image : JSON.stringify(image);
        edits.push([node.range[0], node.range[1], value]);
    }
    let out = text;
    for (const [from, to, value] of edits.sort((a, b) => b[0] - a[0]))
        out = out.slice(0, from) + value + out.slice(to);
    return out;
}
function parseMigrationLog(text) {
    const log = { upToDate: undefined, migrated: [], ahead: undefined, failed: false };
    for (const line of text.split(/\r?\n/)) {
        const upToDate = /db metadata version up to date at (\d+)/.exec(line);
        if (upToDate)
            log.upToDate = Number(upToDate[1]);
        // The line itself, not the quote of it in "Wait for log line 'Migrated N'" (text or JSON logs).
        const migrated = /(?<!')\bMigrated (\d+)(?=\s*$|")/.exec(line);
        if (migrated)
            log.migrated.push(Number(migrated[1]));
        const ahead = /persisted db metadata version is ahead at (\d+), this binary is at (\d+)/.exec(line);
        if (ahead)
            log.ahead = { database: Number(ahead[1]), binary: Number(ahead[2]) };
        if (/Migration worker failed/.test(line))
            log.failed = true;
    }
    return log;
}
/** The database version a running backend's log shows (up to date, or ahead of its binary). */
function databaseVersionOf(log) {
    return log.ahead?.database ?? log.upToDate ?? log.migrated.at(-1);
}
/**
 * Whether the database moved forward since `before`: a step ran, or the version is higher.
 * undefined: the log does not tell (then a rollback restores the backup).
 */
function movedForward(after, before) {
    if (after.migrated.length > 0)
        return true;
    const now = databaseVersionOf(after);
    if (now === undefined)
        return undefined;
    if (before === undefined)
        return after.upToDate !== undefined && !after.failed ? false : undefined;
    return now > before;
}
/** The plan as printed (dry-run prints only this). */
function renderUpgradePlan(plan) {
    const arrow = (from, to) => `${from ?? "(none)"} → ${to ?? "(none)"}`;
    return [
        `Upgrade ${plan.instance}:`,
        `  backend    ${arrow(plan.current.backend, plan.next.backend)}`,
        ...(plan.current.dashboard || plan.next.dashboard
            ? [`  dashboard  ${arrow(plan.current.dashboard, plan.next.dashboard)}`]
            : []),
        `  database   ${plan.databaseVersion !== undefined ? `version ${plan.databaseVersion} (from the backend's log)` : "version not in the backend's recent log"}`,
        `  backup     ${plan.backupFile}`,
        "Steps:",
        `  1. back up the deployment to ${plan.backupFile}`,
        `  2. change the images in ${plan.where}, together, and start them`,
        "  3. wait for the backend to answer and for its migration worker's line `db metadata version up to date at N`",
        `  4. ${plan.verify ? "verify (API, admin key, the variables it had)" : "no verify (verify: false)"}, then ${plan.deploy ? "deploy the app's functions" : "no deploy (deploy: false)"}`,
        "  On a failure after step 2: the old images back, the backup restored if the database moved forward (or it cannot be told), verified again.",
    ];
}


/***/ }),

/***/ 44469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pj: () => (/* binding */ confirmAdminKey),
/* harmony export */   vP: () => (/* binding */ confirmConnectAdminKey)
/* harmony export */ });
/* unused harmony export confirmConvexBackend */
/* harmony import */ var _adapters_convex_admin_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29591);
/* harmony import */ var _adapters_runtime_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33252);
/* harmony import */ var _core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77158);
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(92607);
/** The admin key: the computed one, confirmed by the backend; the container's script as fallback. */






async function confirmAdminKey(admin, docker, target, computed, report) {
    const { logger } = report;
    if (await admin.checkAdminKey(computed.key)) {
        logger.info("Computed the admin key from the instance secret; the backend accepted it.");
        return { key: computed.key, source: "computed" };
    }
    logger.info("The backend refused the computed admin key; asking the container's generate_admin_key.sh.");
    const result = await docker.exec(target, _core_compose_js__WEBPACK_IMPORTED_MODULE_3__/* .BACKEND_SERVICE */ .Lw, ["./generate_admin_key.sh"]);
    const key = (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__/* .parseAdminKeyOutput */ .Xi)(result.stdout) ?? (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__/* .parseAdminKeyOutput */ .Xi)(result.stderr);
    if (key)
        (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_1__/* .maskAll */ .gh)(logger, key);
    if (!key || !(await admin.checkAdminKey(key))) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3("No working admin key: the backend refused the key computed from INSTANCE_SECRET, and generate_admin_key.sh gave none it accepts.", `Is another backend answering at ${admin.baseUrl}? Check \`docker ps\`, or choose other ports and a distinct ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_5__/* .option */ .uK)("project-name")}.`);
    }
    try {
        (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeAdminKey */ .Vq)(key, computed.instanceSecret);
    }
    catch {
        report.warn("The container's admin key was not made with INSTANCE_SECRET from .env.convex.local: the backend runs with another secret.");
    }
    return { key, source: "container" };
}
/**
 * Before the key is sent to a backend this run did not start on this host (connect, kubernetes):
 * GET /instance_name (no key) must answer the key's instance name, as only that Convex backend
 * does. A server that answers anything else (another app behind the URL, a login page) never
 * sees the key nor any variable.
 */
async function confirmConvexBackend(admin, key) {
    const expected = key.slice(0, key.indexOf("|"));
    let answered;
    try {
        answered = await admin.instanceName();
    }
    catch (error) {
        if (!(error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3))
            throw error;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${admin.baseUrl} is not the Convex backend expected: ${error.message} Nothing was sent to it.`, error.hint);
    }
    if (answered === expected)
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${admin.baseUrl} is not the Convex backend expected: GET /instance_name answered 200 ${(0,_adapters_convex_admin_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteAnswer */ .bB)(answered)} (a Convex backend answers its instance name, here ${JSON.stringify(expected)}). Nothing was sent to it.`, "Check convex-url (the backend's API, container port 3210) and instance-name (the backend's INSTANCE_NAME; with admin-key, the part before |).");
}
/** target connect: the admin key given, or computed from the instance-secret input. */
const refusedConnectKey = (baseUrl) => ({
    message: `The backend at ${baseUrl} refused the admin key (made from instance-secret, or the admin-key input). Nothing was set.`,
    hint: "Give the instance secret the backend runs with (its INSTANCE_SECRET) and its instance-name, or an admin key it generated (generate_admin_key.sh).",
});
/**
 * target connect (and kubernetes): the key must be accepted as it is; there is no container to
 * ask. `refused` says why it was not, as the target knows where the key came from.
 */
async function confirmConnectAdminKey(admin, key, refused = refusedConnectKey) {
    await confirmConvexBackend(admin, key);
    if (await admin.checkAdminKey(key))
        return { key, source: "computed" };
    const { message, hint } = refused(admin.baseUrl);
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(message, hint);
}


/***/ }),

/***/ 63822:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ui: () => (/* binding */ CHECKS),
  kL: () => (/* binding */ checkCliRelease),
  M_: () => (/* binding */ checkContext),
  Gf: () => (/* binding */ describeAppFacts),
  Mz: () => (/* binding */ checks_preflight),
  JT: () => (/* binding */ runChecks),
  Ds: () => (/* binding */ stopOnFailures)
});

// UNUSED EXPORTS: appRootCheck, functionsCheck, nodeCheck

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/adapters/postgres.ts
var postgres = __webpack_require__(84225);
// EXTERNAL MODULE: ./src/core/admin-key.ts
var admin_key = __webpack_require__(77158);
// EXTERNAL MODULE: ./src/core/app-plan.ts
var app_plan = __webpack_require__(52162);
// EXTERNAL MODULE: ./src/core/auth-keys.ts
var auth_keys = __webpack_require__(53178);
// EXTERNAL MODULE: ./src/core/coder-sharing.ts
var coder_sharing = __webpack_require__(58283);
// EXTERNAL MODULE: ./src/core/deployment-env.ts
var deployment_env = __webpack_require__(52350);
// EXTERNAL MODULE: ./src/core/env-file.ts
var env_file = __webpack_require__(67035);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/layout.ts
var layout = __webpack_require__(16585);
// EXTERNAL MODULE: ./src/core/naming.ts
var naming = __webpack_require__(92607);
// EXTERNAL MODULE: ./src/core/project.ts
var core_project = __webpack_require__(50870);
// EXTERNAL MODULE: ./src/core/releases.ts
var releases = __webpack_require__(31837);
// EXTERNAL MODULE: ./src/core/trust.ts
var trust = __webpack_require__(39597);
// EXTERNAL MODULE: ./src/targets/index.ts + 3 modules
var targets = __webpack_require__(74803);
// EXTERNAL MODULE: ./src/phases/mysql.ts
var phases_mysql = __webpack_require__(63626);
// EXTERNAL MODULE: ./src/phases/preflight.ts
var preflight = __webpack_require__(64155);
// EXTERNAL MODULE: ./src/phases/repository.ts
var repository = __webpack_require__(71022);
// EXTERNAL MODULE: ./src/core/postgres-url.ts
var postgres_url = __webpack_require__(58412);
// EXTERNAL MODULE: ./src/core/s3-storage.ts
var s3_storage = __webpack_require__(83921);
;// CONCATENATED MODULE: ./src/phases/s3.ts




/** How long one bucket's answer is waited for. */
const S3_PREFLIGHT_TIMEOUT_MS = 10_000;
const named = (buckets, storage) => buckets.map((b) => `"${storage.buckets[b.key]}" (${(0,naming/* option */.uK)(b.input)})`).join(", ");
/** Where the credentials were given, in the reader's words. */
function credentialSource(storage) {
    return storage.credentials.source === "inputs"
        ? `${(0,naming/* option */.uK)("s3-access-key-id")} / ${(0,naming/* option */.uK)("s3-secret-access-key")}`
        : `the environment's ${s3_storage/* S3_CREDENTIAL_ENV */.Fg.accessKeyId} / ${s3_storage/* S3_CREDENTIAL_ENV */.Fg.secretAccessKey}`;
}
/** Why access was refused, from the error code of a GET on the bucket (a HEAD's answer has no body). */
function refused(storage, code) {
    const where = (0,s3_storage/* describeS3Endpoint */.rW)(storage);
    const creds = credentialSource(storage);
    const reasons = {
        InvalidAccessKeyId: `${where} does not know the access key id from ${creds}`,
        SignatureDoesNotMatch: `the secret access key from ${creds} does not match its access key id`,
        ExpiredToken: "the session token has expired",
        InvalidToken: "the session token is not valid",
        TokenRefreshRequired: "the session token has expired",
    };
    const reason = (code && reasons[code]) ??
        `access denied (${code ?? "HTTP 403"}): the credentials from ${creds} are wrong, or may not read the bucket (HeadBucket needs s3:ListBucket)`;
    return {
        ok: false,
        group: `403 ${code}`,
        say: (buckets) => [
            `S3 storage: ${named(buckets, storage)}: ${reason}.`,
            code && reasons[code]
                ? `Give working credentials (${creds}); temporary ones must still be valid when the backend uses them.`
                : "Check the keys, and the bucket's or the user's policy.",
        ],
    };
}
async function judge(probe, storage, bucket) {
    const request = {
        url: (0,s3_storage/* deriveBucketUrl */.NA)(storage, bucket),
        region: storage.region,
        credentials: storage.credentials,
        timeoutMs: S3_PREFLIGHT_TIMEOUT_MS,
    };
    const answer = await probe.headBucket(request);
    const where = (0,s3_storage/* describeS3Endpoint */.rW)(storage);
    if (answer.kind === "unreachable") {
        const cause = answer.cause === "timeout" ? `no answer within ${S3_PREFLIGHT_TIMEOUT_MS / 1000} s` : answer.cause;
        return {
            ok: false,
            group: `unreachable ${cause}`,
            say: (buckets) => [
                `S3 storage: ${where} cannot be reached from this machine (${cause}) to ask for ${named(buckets, storage)}.`,
                `Check ${(0,naming/* option */.uK)("s3-endpoint")} (a URL this machine and the backend both reach) and the network; when only the backend can reach it, rerun with ${(0,naming/* option */.uK)("s3-preflight", false)}.`,
            ],
        };
    }
    const { status, bucketRegion } = answer;
    if (status >= 200 && status < 300)
        return { ok: true };
    if (bucketRegion && bucketRegion !== storage.region)
        return {
            ok: false,
            group: `region ${bucketRegion}`,
            say: (buckets) => [
                `S3 storage: ${named(buckets, storage)} ${buckets.length > 1 ? "are" : "is"} in region ${bucketRegion}, not ${storage.region} (from ${storage.regionSource}).`,
                `Set ${(0,naming/* option */.uK)("s3-region", bucketRegion)}.`,
            ],
        };
    if (status === 404)
        return {
            ok: false,
            group: `404 ${bucket}`,
            say: (buckets) => [
                `S3 storage: bucket ${named(buckets, storage)} does not exist at ${where}.`,
                `Create it (e.g. \`aws s3 mb s3://${bucket} --region ${storage.region}${storage.endpoint ? ` --endpoint-url ${storage.endpoint}` : ""}\`), or correct ${(0,naming/* option */.uK)(buckets[0].input)}.`,
            ],
        };
    if (status === 403)
        return refused(storage, codeOf(await probe.errorCode(request)));
    return {
        ok: false,
        group: `${status}`,
        say: (buckets) => [
            `S3 storage: ${where} answered HTTP ${status} when asked for ${named(buckets, storage)}${answer.code ? ` (${answer.code})` : ""}.`,
            `Check ${(0,naming/* option */.uK)("s3-endpoint")}, ${(0,naming/* option */.uK)("s3-region")} and ${(0,naming/* option */.uK)("s3-force-path-style")} (MinIO usually needs path style).`,
        ],
    };
}
const codeOf = (answer) => (answer.kind === "answer" ? answer.code : undefined);
/** The S3 storage's findings: a PASS naming the buckets, or one FAIL per cause (buckets sharing one are named together). */
async function checkS3Storage(storage, probe, target) {
    const notes = [];
    if (target === "compose" && (0,s3_storage/* isLoopbackEndpoint */.f$)(storage.endpoint))
        notes.push({
            status: "warn",
            message: `S3 endpoint ${(0,s3_storage/* describeS3Endpoint */.rW)(storage)} is this machine: the backend's container reaches it as ${postgres_url/* DOCKER_HOST_ALIAS */.zo}, so it must listen on the docker bridge too (not only on 127.0.0.1).`,
        });
    if (target === "kubernetes" && storage.credentials.sessionToken)
        notes.push({
            status: "warn",
            message: "S3 storage: the credentials are temporary (a session token): the backend in the cluster outlives this job and stops reaching its storage when they expire. Give long-lived keys of a user limited to the five buckets.",
        });
    if (!storage.preflight)
        return [
            {
                status: "pass",
                message: `S3 storage at ${(0,s3_storage/* describeS3Endpoint */.rW)(storage)}: not checked (${(0,naming/* option */.uK)("s3-preflight", false)})`,
            },
            ...notes,
        ];
    const verdicts = await Promise.all(s3_storage/* S3_BUCKETS */.H.map((b) => judge(probe, storage, storage.buckets[b.key])));
    const groups = new Map();
    verdicts.forEach((v, i) => {
        if (v.ok)
            return;
        const group = groups.get(v.group) ?? { buckets: [], say: v.say };
        group.buckets.push(s3_storage/* S3_BUCKETS */.H[i]);
        groups.set(v.group, group);
    });
    if (groups.size === 0)
        return [
            {
                status: "pass",
                message: `S3 storage at ${(0,s3_storage/* describeS3Endpoint */.rW)(storage)}: the five buckets answer to the credentials from ${credentialSource(storage)}`,
            },
            ...notes,
        ];
    const failures = [...groups.values()].map(({ buckets, say }) => {
        const [message, hint] = say(buckets);
        return {
            status: "fail",
            message: `${message}\n  -> ${hint}`,
            error: new errors/* SetupError */.w3(`${message} Nothing was started.`, hint),
        };
    });
    return [...failures, ...notes];
}

;// CONCATENATED MODULE: ./src/phases/checks.ts
/**
 * The checks made before anything starts, as one list for `doctor` and `up`. `doctor` runs every
 * check and prints what each found; `up` (setup()) runs the same list: those marked
 * `up: "preflight"` before anything starts, stopping on a FAIL; the others are made by the phase
 * named in `up`, with the same function, also before anything starts. A FAIL in doctor is what
 * stops `up`; what `up` repairs by itself (a JWKS that no longer matches the key) is a WARN.
 * The target's own checks (its tools, its ports, its cluster) come from `Target.checks()`.
 */



















/** The context of the checks from a run's seams: the clients, and the image the target starts. */
function checkContext(base, deps) {
    return {
        ...base,
        convexCli: deps.convexCli,
        backendImage: (0,targets/* startedImage */.ji)(base.config, base.target),
        git: deps.git,
        postgres: deps.postgres,
        s3: deps.s3,
        mysql: deps.mysql,
    };
}
const pass = (message) => ({ status: "pass", message });
const warn = (message) => ({ status: "warn", message });
const fail = (message, error) => ({
    status: "fail",
    message,
    ...(error !== undefined ? { error } : {}),
});
/**
 * The database check of doctor (and up's list): the preflight without creating anything; a
 * missing database is what `up` would create when create-database is on.
 */
async function databaseCheck(ctx, label, db, notes, preflight) {
    if (!preflight)
        return notes;
    try {
        return [pass(await preflight()), ...notes];
    }
    catch (error) {
        if (error instanceof postgres/* MissingDatabaseError */.QJ && ctx.config.postgres.createDatabase)
            return [
                pass(`${label} at ${db.host}:${db.port} (from ${db.source}): database "${db.name}" is missing; up will create it.`),
                ...notes,
            ];
        return [fail(error.message, error), ...notes];
    }
}
/** The app's facts; a check that needs them says nothing when the App check already failed. */
const factsOf = (ctx) => ("facts" in ctx.app ? ctx.app.facts : undefined);
/** Deploying is asked for and something runs to deploy to (not --no-deploy, not render-only). */
const deploys = (ctx) => ctx.config.deploy && ctx.target.runs;
/**
 * The app the working directory is inside of (the nearest folder above whose package.json lists
 * convex), when the working directory is not an app of its own (it lists convex, or has its
 * functions folder); relative to the repository.
 */
function appAbove(facts) {
    if (facts.convexDependency !== undefined || facts.functionsDirExists)
        return undefined;
    const wd = facts.workingDirectory;
    return facts.convexDependents
        .filter((dir) => dir === "." || wd.startsWith(`${dir}/`))
        .sort((a, b) => b.length - a.length)[0];
}
/**
 * The working directory must be the app's folder (the one whose package.json lists convex), not
 * a folder inside it: the env files, the key and the compose file would land there (in the
 * functions folder, the convex CLI would even try to deploy them).
 */
const appRootCheck = {
    name: "app folder",
    up: "preflight",
    async run(ctx) {
        const facts = factsOf(ctx);
        const above = facts && appAbove(facts);
        if (!facts || above === undefined)
            return undefined;
        const wd = facts.workingDirectory;
        // The app's functions folder, when it is the default one (convex/ next to its package.json).
        const functions = above === "." ? "convex" : `${above}/convex`;
        const inFunctions = wd === functions || wd.startsWith(`${functions}/`) ? " (its functions folder)" : "";
        const error = new errors/* SetupError */.w3(`${(0,naming/* option */.uK)("working-directory")}: ${wd} is inside the app at ${above}${inFunctions}, whose package.json lists convex: the app's files would be written in the wrong folder. Nothing was written.`, `Run it from ${above} (\`cd ${external_node_path_.posix.relative(wd, above) || "."}\`), or set ${(0,naming/* option */.uK)("working-directory")} to it.`);
        return fail(error.message, error);
    },
};
/**
 * What the App line says about the app (auth, functions, package manager and, in a monorepo, the
 * workspace root), the same in doctor and up; `keys`: @convex-dev/auth's keys are made.
 */
function describeAppFacts(facts, keys = false) {
    const auth = facts.auth === "none" ? "no auth library" : facts.auth;
    // A package of a workspace: where the workspace's root is (its lockfile, its node_modules).
    const root = facts.workspaceRoot === "." ? "the repository's top level" : `${facts.workspaceRoot}/`;
    const workspace = facts.workspaceRoot === facts.workingDirectory ? "" : ` workspace rooted at ${root}`;
    return `${auth}${keys ? " (keys for @convex-dev/auth)" : ""}; functions in ${facts.functionsDir}/; ${facts.packageManager}${workspace}`;
}
/** The functions folder must exist when something is to be deployed. */
const functionsCheck = {
    name: "functions folder",
    up: "preflight",
    async run(ctx) {
        if ("error" in ctx.app)
            return fail(ctx.app.error.message, ctx.app.error);
        const facts = ctx.app.facts;
        if (facts.functionsDirExists)
            return pass(`App: ${describeAppFacts(facts)}.`);
        // The app is above: the app folder check says so.
        if (appAbove(facts) !== undefined)
            return undefined;
        const line = `App: ${describeAppFacts(facts)}: ${facts.functionsDir}/ is missing, so convex deploy has nothing to deploy.`;
        if (!deploys(ctx))
            return warn(line);
        return fail(line, new errors/* SetupError */.w3(`The functions folder ${facts.functionsDir}/ is missing: convex deploy would have nothing to deploy. Nothing was started.`, `Create it (\`setup-coder-convex init\` scaffolds one), point convex.json's "functions" at it, or rerun with ${(0,naming/* option */.uK)("deploy", false)} to start the backend without deploying.`));
    },
};
/** The Node.js running this (the one `up` would run on). */
const nodeCheck = {
    name: "node",
    up: "doctor only",
    async run() {
        const major = Number(process.versions.node.split(".")[0]);
        return {
            status: major >= 20 ? "pass" : "fail",
            message: `Node.js ${process.versions.node} (needs 20 or newer)`,
        };
    },
};
const CHECKS = [
    nodeCheck,
    {
        name: "urls",
        up: "doctor only",
        async run(ctx) {
            const u = ctx.config.publicUrls;
            const found = pass(`URLs from ${u.source}: API ${u.apiUrl}, site ${u.siteUrl}`);
            if (!u.coder || u.local)
                return found;
            return [found, warn(`Coder workspace: ${(0,coder_sharing/* describeSharing */.q)(u.apiUrl, u.siteUrl)}`)];
        },
    },
    {
        name: "target",
        up: "phase Check docker / Check kubectl",
        async run(ctx) {
            return runChecks(ctx.target.checks(), ctx);
        },
    },
    {
        name: "postgres",
        up: "phase Postgres",
        async run(ctx) {
            if (!ctx.target.usesDatabase)
                return undefined;
            const mysqlDb = ctx.config.mysql.url;
            const { mysql, postgres } = ctx;
            if (mysqlDb)
                return databaseCheck(ctx, "MySQL", mysqlDb, (0,phases_mysql/* mysqlNotes */.Iw)(mysqlDb).warnings.map(warn), mysql &&
                    (async () => (0,phases_mysql/* describeMysqlPreflight */.pK)(mysqlDb, await mysql.preflight(mysqlDb, { createDatabase: false }))));
            const db = ctx.config.postgres.url;
            if (!db)
                return pass(preflight/* NO_POSTGRES_MESSAGE */.wB);
            return databaseCheck(ctx, "Postgres", db, (0,preflight/* postgresNotes */.df)(db).warnings.map(warn), postgres && (async () => (0,preflight/* describePreflight */.Vv)(db, await (0,preflight/* checkPostgres */.Yt)(postgres, db, false))));
        },
    },
    {
        name: "s3 storage",
        up: "preflight",
        async run(ctx) {
            const storage = ctx.config.storage;
            if (!storage || !ctx.s3)
                return undefined;
            return checkS3Storage(storage, ctx.s3, ctx.config.target);
        },
    },
    appRootCheck,
    functionsCheck,
    {
        name: "convex CLI",
        up: "phase App",
        async run(ctx) {
            const facts = factsOf(ctx);
            if (!facts)
                return undefined;
            try {
                const p = await (0,preflight/* checkConvexCli */.ad)(ctx.convexCli, ctx.layout.dir, {
                    root: ctx.root,
                    packageManager: facts.packageManager,
                    workspaceRoot: (0,external_node_path_.resolve)(ctx.root, facts.workspaceRoot),
                });
                const release = checkCliRelease(ctx.backendImage, p);
                return [
                    pass(`convex ${p.convexVersion} installed (${p.packageManager})`),
                    ...(release ? [release] : []),
                ];
            }
            catch (error) {
                const message = error.message;
                return deploys(ctx) ? fail(message, error) : warn(message);
            }
        },
    },
    {
        name: "committed secrets",
        // up warns (in CI: stops); doctor FAILs, since they are public.
        up: "phase Repository",
        async run(ctx) {
            if (!ctx.git)
                return undefined;
            const found = await (0,repository/* findCommittedSecrets */.Hb)(ctx.git, ctx.files, ctx.layout);
            if (found === undefined)
                return warn(repository/* NO_GIT_MESSAGE */.RQ);
            if (found.length === 0)
                return pass("No secret file is committed to git");
            const { message, hint } = (0,trust/* describeTrackedSecrets */.Vn)(found);
            return fail(`${message}\n  -> ${hint}`);
        },
    },
    {
        name: "auth.config variables",
        up: "phase Keys",
        async run(ctx) {
            const facts = factsOf(ctx);
            if (!facts)
                return undefined;
            const convexAuth = (0,app_plan/* usesConvexAuth */.KA)(ctx.config.auth, facts);
            const deploymentText = (await ctx.files.read(ctx.layout.path("deploymentEnv"))) ?? "";
            const given = new Set([
                ...ctx.config.envVars.map(([n]) => n),
                ...Object.keys((0,env_file/* envValues */.Qo)((0,env_file/* splitUserSection */.HM)(deploymentText, layout/* USER_MARKER */.HT).user)),
                ...(convexAuth ? [...deployment_env/* MANAGED_DEPLOYMENT_NAMES */.hp, "SITE_URL"] : []),
            ]);
            const check = (0,app_plan/* checkAppVariables */.NP)(facts, given, ctx.config.publicUrls.siteUrl, convexAuth);
            if (check.problems.length > 0)
                return fail(check.problems.join("\n"));
            if (check.warnings.length > 0)
                return warn(check.warnings.join("\n"));
            return pass(`Variables read by ${facts.authConfigFile ?? "auth.config"}: ${facts.authConfigEnv.join(", ") || "none"}, all given`);
        },
    },
    {
        name: "key files",
        // up rewrites JWKS from the key: a WARN, not a FAIL.
        up: "doctor only",
        async run(ctx) {
            const pem = await ctx.files.read(ctx.layout.path("privateKey"));
            if (pem === undefined)
                return pass(`${layout/* FILES */.cn.privateKey} absent: a key will be generated`);
            const pair = (0,auth_keys/* deriveJwtKeyPair */.OJ)(pem, layout/* FILES */.cn.privateKey);
            const jwks = (0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)((await ctx.files.read(ctx.layout.path("deploymentEnv"))) ?? "")).JWKS;
            if (jwks !== undefined && jwks !== pair.jwks)
                return warn(`JWKS in ${layout/* FILES */.cn.deploymentEnv} is not the public key of ${layout/* FILES */.cn.privateKey}: up rewrites JWKS from the key, and tokens signed with the old key stop verifying (signed-in users sign in again).\n  -> If the key was replaced by mistake, put the old ${layout/* FILES */.cn.privateKey} back before running up.`);
            return pass(`${layout/* FILES */.cn.privateKey} is a usable RSA key${jwks ? " and matches JWKS" : ""} (it will be reused)`);
        },
    },
    {
        name: "admin key",
        // up replaces a key that does not belong to the instance: a WARN.
        up: "doctor only",
        async run(ctx) {
            const read = async (name) => (0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)((await ctx.files.read(ctx.layout.path(name))) ?? ""));
            const secret = (await read("backendEnv")).INSTANCE_SECRET;
            const key = (await read("frontendEnv")).CONVEX_SELF_HOSTED_ADMIN_KEY;
            if (!secret || !key)
                return pass("No admin key yet: up computes one from the instance secret");
            const name = ctx.config.instanceName;
            try {
                (0,admin_key/* decodeAdminKey */.Vq)(key, secret.toLowerCase(), name);
                return pass(`The admin key in ${layout/* FILES */.cn.frontendEnv} belongs to this instance (${name}) and secret`);
            }
            catch {
                return warn(`The admin key in ${layout/* FILES */.cn.frontendEnv} was not made from INSTANCE_SECRET in ${layout/* FILES */.cn.backendEnv} for instance ${name}: up replaces it.`);
            }
        },
    },
];
/**
 * Whether the app's convex CLI is newer than the backend's release understands
 * (core/releases.ts): a WARN naming both fixes, never a FAIL (the table may lag behind a
 * release that works). A release or version that cannot be checked is said as a PASS line.
 * Nothing when the image is not known here (connect).
 */
function checkCliRelease(image, project) {
    if (image === undefined)
        return undefined;
    const check = (0,releases/* checkCliAgainstRelease */.xz)(image, project.convexVersion, {
        pinCommand: (version) => (0,core_project/* pinCommand */.F0)(project.packageManager, "convex", version),
    });
    return check.kind === "warn" ? warn(`${check.message}\n  -> ${check.hint}`) : pass(check.message);
}
/** Runs checks in order; a check that throws is a FAIL with its message. */
async function runChecks(checks, ctx) {
    const findings = [];
    for (const check of checks) {
        try {
            const found = await check.run(ctx);
            if (found)
                findings.push(...(Array.isArray(found) ? found : [found]));
        }
        catch (error) {
            findings.push(fail(error.message, error));
        }
    }
    return findings;
}
/**
 * The checks `up` makes from the list before anything starts: a FAIL stops the run (one failure
 * is thrown as it was; several are listed together); a WARN is reported.
 */
async function checks_preflight(checks, ctx, report) {
    const findings = await runChecks(checks.filter((c) => c.up === "preflight"), ctx);
    for (const f of findings)
        if (f.status === "warn")
            report.warn(f.message);
    stopOnFailures(findings);
}
/** Throws when any finding is a FAIL: the one error as it was, or all of them listed. */
function stopOnFailures(findings, which = "all") {
    const failed = findings.filter((f) => f.status === "fail");
    if (failed.length === 0)
        return;
    const first = failed[0];
    if ((failed.length === 1 || which === "first") && first.error !== undefined)
        throw first.error;
    throw new errors/* SetupError */.w3(`${failed.length === 1 ? "A check" : `${failed.length} checks`} failed before anything started:\n${failed.map((f) => `  ✗ ${f.message}`).join("\n")}`, "Nothing was started. `setup-coder-convex doctor` lists every check.");
}


/***/ }),

/***/ 20424:
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


/***/ }),

/***/ 52690:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LQ: () => (/* binding */ resolveKeys),
/* harmony export */   lV: () => (/* binding */ resolveConnectKeys)
/* harmony export */ });
/* unused harmony export resolveBetterAuthSecret */
/* harmony import */ var _adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33252);
/* harmony import */ var _core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77158);
/* harmony import */ var _core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53178);
/* harmony import */ var _core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83688);
/* harmony import */ var _core_env_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(67035);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(74296);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(16585);







function isAdminKeyFor(key, instanceSecret, instanceName) {
    try {
        (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeAdminKey */ .Vq)(key, instanceSecret, instanceName);
        return true;
    }
    catch {
        return false;
    }
}
async function resolveInstanceSecret(config, files, layout, stored) {
    let existing;
    let where = `INSTANCE_SECRET in ${layout.path("backendEnv")}`;
    let reset = `delete the INSTANCE_SECRET line from ${_core_layout_js__WEBPACK_IMPORTED_MODULE_6__/* .FILES */ .cn.backendEnv} to switch`;
    if (stored) {
        existing = stored.instanceSecret;
        where = `the instance secret in ${stored.where}`;
        reset = stored.reset;
    }
    else {
        const text = await files.read(layout.path("backendEnv"));
        existing = text === undefined ? undefined : (0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .envValues */ .Qo)((0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .parseEnvFile */ .FO)(text)).INSTANCE_SECRET?.toLowerCase();
    }
    if (config.instanceSecret) {
        if (existing && existing !== config.instanceSecret) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SetupError */ .w3(`instance-secret differs from ${where}; refusing to replace it (keys made with it would stop working).`, `Remove the instance-secret input to keep the existing secret, or ${reset}.`);
        }
        return { instanceSecret: config.instanceSecret, secretSource: "input" };
    }
    if (existing) {
        if (!(0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .isInstanceSecret */ .kA)(existing)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SetupError */ .w3(`${where} is not 64 hex characters.`, `Fix it, or ${reset} and have a new secret generated.`);
        }
        return { instanceSecret: existing, secretSource: "reused" };
    }
    return { instanceSecret: (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .generateInstanceSecret */ .fj)(), secretSource: "generated" };
}
async function resolveJwtKey(config, files, layout, generate = _core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .generateJwtKey */ .KR, stored) {
    const pemText = await files.read(layout.path("privateKey"));
    if (stored?.jwtPrivateKeyPem) {
        const kept = (0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveJwtKeyPair */ .OJ)(stored.jwtPrivateKeyPem, stored.where);
        for (const [other, what] of [
            [config.jwtKeyPair, "jwt-private-key"],
            [
                pemText === undefined ? undefined : (0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveJwtKeyPair */ .OJ)(pemText, layout.path("privateKey")),
                layout.path("privateKey"),
            ],
        ]) {
            if (other && other.privateKeyPem !== kept.privateKeyPem)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SetupError */ .w3(`${what} differs from the JWT key in ${stored.where}; refusing to replace it (signed-in users would be logged out).`, `Use the key kept there (remove ${what}), or ${stored.reset}.`);
        }
        return {
            jwt: kept,
            jwtSource: config.jwtKeyPair ? "input" : "reused",
            pemOnDisk: pemText !== undefined,
        };
    }
    if (pemText !== undefined) {
        const onDisk = (0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveJwtKeyPair */ .OJ)(pemText, layout.path("privateKey"));
        if (config.jwtKeyPair && config.jwtKeyPair.privateKeyPem !== onDisk.privateKeyPem) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SetupError */ .w3(`jwt-private-key differs from the key in ${layout.path("privateKey")}; refusing to replace it (signed-in users would be logged out).`, `Remove the jwt-private-key input to keep the existing key, or delete ${_core_layout_js__WEBPACK_IMPORTED_MODULE_6__/* .FILES */ .cn.privateKey} to switch.`);
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
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, found.jwt.privateKeyPem);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, (0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .renderJwtPrivateKeyValue */ .HL)(found.jwt.privateKeyPem));
    return found;
}
/**
 * BETTER_AUTH_SECRET: the better-auth-secret input, else the one kept (the target's store, else
 * BETTER_AUTH_SECRET in .env.convex.local), else 32 new random bytes. Never replaced: rotating it
 * logs every user out. Masked before anything else can print it.
 */
async function resolveBetterAuthSecret(config, files, layout, logger, stored) {
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, config.betterAuthSecret);
    let existing;
    let where = `${_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .BETTER_AUTH_SECRET */ .tz} in ${layout.path("backendEnv")}`;
    let reset = `delete the ${_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .BETTER_AUTH_SECRET */ .tz} line from ${_core_layout_js__WEBPACK_IMPORTED_MODULE_6__/* .FILES */ .cn.backendEnv} to switch`;
    if (stored) {
        existing = stored.betterAuthSecret;
        where = `the ${_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .BETTER_AUTH_SECRET */ .tz} kept in ${stored.where}`;
        reset = stored.reset;
    }
    else {
        const text = await files.read(layout.path("backendEnv"));
        existing = text === undefined ? undefined : (0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .envValues */ .Qo)((0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .parseEnvFile */ .FO)(text))[_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .BETTER_AUTH_SECRET */ .tz];
    }
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, existing);
    const keptIn = stored ? "stored" : "env-file";
    let found;
    if (config.betterAuthSecret) {
        if (existing && existing !== config.betterAuthSecret)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .SetupError */ .w3(`better-auth-secret differs from ${where}; refusing to replace it (every signed-in user would be logged out).`, `Remove the better-auth-secret input to keep the existing secret, or ${reset}.`);
        found = { value: config.betterAuthSecret, source: "input", keptIn };
    }
    else if (existing)
        found = { value: existing, source: "reused", keptIn };
    else
        found = { value: (0,_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .generateBetterAuthSecret */ .KJ)(), source: "generated", keptIn };
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, found.value);
    logger.info(`${_core_better_auth_js__WEBPACK_IMPORTED_MODULE_3__/* .BETTER_AUTH_SECRET */ .tz}: ${found.source}`);
    return found;
}
/** Reuses or creates every key; never replaces one silently. Each secret is masked as it appears. */
async function resolveKeys(config, files, layout, logger, options) {
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, options.stored?.instanceSecret);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, options.stored?.jwtPrivateKeyPem);
    const { instanceSecret, secretSource } = await resolveInstanceSecret(config, files, layout, options.stored);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, instanceSecret);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    // Admin keys never expire: the one already in .env.local is kept when it belongs to this name
    // and secret, so reruns change nothing there; otherwise a new one is computed.
    const previousKey = (0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .envValues */ .Qo)((0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_4__/* .parseEnvFile */ .FO)((await files.read(layout.path("frontendEnv"))) ?? "")).CONVEX_SELF_HOSTED_ADMIN_KEY;
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, previousKey);
    const adminKey = previousKey && isAdminKeyFor(previousKey, instanceSecret, config.instanceName)
        ? previousKey
        : (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveAdminKey */ .i6)({ instanceName: config.instanceName, instanceSecret });
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, adminKey);
    logger.info(`instance secret: ${secretSource}; JWT key: ${jwtSource}`);
    const betterAuth = options.betterAuth
        ? await resolveBetterAuthSecret(config, files, layout, logger, options.stored)
        : undefined;
    return { instanceSecret, secretSource, jwt, jwtSource, adminKey, pemOnDisk, betterAuth };
}
/**
 * target connect: the backend runs elsewhere with its own secret, so nothing is generated or
 * stored for it: the admin key is the admin-key input, or computed from the instance-secret
 * input. The JWT key pair is reused or generated as with compose; so is BETTER_AUTH_SECRET, kept
 * in the working directory's .env.convex.local.
 */
async function resolveConnectKeys(config, files, layout, logger, options) {
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, config.instanceSecret);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, config.adminKey);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    const adminKey = config.adminKey ??
        (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveAdminKey */ .i6)({ instanceName: config.instanceName, instanceSecret: config.instanceSecret ?? "" });
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, adminKey);
    logger.info(`admin key: ${config.adminKey ? "input" : "computed from instance-secret"}; JWT key: ${jwtSource}`);
    const betterAuth = options.betterAuth
        ? await resolveBetterAuthSecret(config, files, layout, logger)
        : undefined;
    return {
        instanceSecret: config.instanceSecret ?? "",
        secretSource: "input",
        jwt,
        jwtSource,
        adminKey,
        pemOnDisk,
        betterAuth,
    };
}


/***/ }),

/***/ 63626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iw: () => (/* binding */ mysqlNotes),
/* harmony export */   oW: () => (/* binding */ prepareMysql),
/* harmony export */   pK: () => (/* binding */ describeMysqlPreflight)
/* harmony export */ });
/* harmony import */ var _adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33252);
/* harmony import */ var _core_mysql_url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16581);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(92607);
/* harmony import */ var _core_postgres_url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(58412);




/** What the MySQL URL becomes for the backend, said the same way in `up` and `doctor`. */
function mysqlNotes(db) {
    const notes = (0,_core_mysql_url_js__WEBPACK_IMPORTED_MODULE_1__/* .describeMysqlPlan */ .Pj)(db);
    const note = (0,_core_postgres_url_js__WEBPACK_IMPORTED_MODULE_2__/* .planContainerDatabaseUrl */ .lM)(db, "MySQL").note;
    return note ? { ...notes, warnings: [...notes.warnings, note] } : notes;
}
function describeMysqlPreflight(db, result) {
    return `${result.flavor} ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}, privileges checked.`;
}
/** The database phase with MySQL: notes, the container's MYSQL_URL, and the preflight. */
async function prepareMysql(config, mysql, report) {
    const { logger } = report;
    const db = config.mysql.url;
    if (!db)
        return { preflight: undefined, container: undefined };
    const notes = mysqlNotes(db);
    for (const w of notes.warnings)
        report.warn(w);
    for (const i of notes.infos)
        logger.info(i);
    const container = {
        ...(0,_core_postgres_url_js__WEBPACK_IMPORTED_MODULE_2__/* .planContainerDatabaseUrl */ .lM)(db, "MySQL"),
        variable: "MYSQL_URL",
    };
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, container.url);
    if (!config.postgres.preflight || !mysql) {
        logger.info(`Preflight skipped (${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_3__/* .option */ .uK)("postgres-preflight", false)}).`);
        return { preflight: undefined, container };
    }
    const result = await mysql.preflight(db, { createDatabase: config.postgres.createDatabase });
    logger.info(describeMysqlPreflight(db, result));
    return { preflight: undefined, mysql: result, container };
}


/***/ }),

/***/ 64155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vv: () => (/* binding */ describePreflight),
/* harmony export */   Yt: () => (/* binding */ checkPostgres),
/* harmony export */   ad: () => (/* binding */ checkConvexCli),
/* harmony export */   df: () => (/* binding */ postgresNotes),
/* harmony export */   wB: () => (/* binding */ NO_POSTGRES_MESSAGE)
/* harmony export */ });
/* harmony import */ var _core_postgres_url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58412);

/** The project's own convex CLI (throws with the install command when it is missing). */
async function checkConvexCli(convexCli, dir, options) {
    return convexCli.locate(dir, options);
}
const NO_POSTGRES_MESSAGE = "No Postgres URL (postgres-url, DATABASE_URL, POSTGRES_URI, POSTGRES_URL) and no MySQL URL (mysql-url, MYSQL_URL): the backend uses its embedded SQLite.";
/** What the Postgres URL becomes for the backend, said the same way everywhere. */
const postgresNotes = _core_postgres_url_js__WEBPACK_IMPORTED_MODULE_0__/* .describePostgresPlan */ .iy;
/** Connects, checks the version, and creates the database when asked. */
async function checkPostgres(postgres, db, createDatabase) {
    return postgres.preflight(db, { createDatabase });
}
function describePreflight(db, result) {
    return `Postgres ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}.`;
}


/***/ }),

/***/ 71022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hb: () => (/* binding */ findCommittedSecrets),
/* harmony export */   RQ: () => (/* binding */ NO_GIT_MESSAGE),
/* harmony export */   h_: () => (/* binding */ openRepository),
/* harmony export */   mL: () => (/* binding */ findRepositoryRoot),
/* harmony export */   n_: () => (/* binding */ checkRepository)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _adapters_confine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(47256);
/* harmony import */ var _core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77158);
/* harmony import */ var _core_auth_keys_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53178);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(16585);
/* harmony import */ var _core_trust_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(39597);
/**
 * The repository the app lives in, taken as untrusted input: its boundary (no file is read or
 * written through a link out of it, nor written through any link), the folders the run works in
 * (inside it, not in a folder git ignores), secrets committed to it (never reused), and in CI
 * where each key on disk came from (an input, or this tool's own earlier run).
 */







async function checkRepository(layout, deps, report, options = {}) {
    const root = await findRepositoryRoot(layout.dir, deps);
    const files = deps.files.within(root);
    // A working directory that is (or passes through) a link out of the repository is refused here.
    if (!(await files.isDirectory(layout.dir))) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`working-directory: ${layout.dir} does not exist or is not a folder.`, "Point it at the Convex app's folder (the one with package.json).");
    }
    const frontendDirs = options.frontendDirs ?? [];
    const folders = [
        ["working-directory", layout.dir],
        ...frontendDirs.map((d) => ["frontend-directories", d]),
    ];
    for (const [label, dir] of folders)
        await checkFolder(label, dir, root, deps.git);
    // No file the run writes is a link, nor inside .git: said now, before anything starts (and
    // checked again right before each write).
    for (const name of Object.keys(_core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn))
        await files.checkWritable(layout.path(name));
    for (const dir of frontendDirs)
        await files.checkWritable((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, _core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn.frontendEnv));
    const found = deps.git ? await findCommittedSecrets(deps.git, files, layout, deps.ci ?? false) : undefined;
    if (deps.git && found === undefined)
        report.logger.info(NO_GIT_MESSAGE);
    if (found && found.length > 0) {
        const { message, hint } = (0,_core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .describeTrackedSecrets */ .Vn)(found);
        if (deps.ci)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(message, hint);
        report.warn(`${message} ${hint}`);
    }
    if (deps.ci)
        await checkKeyOrigin(files, layout, deps.keyRecord, options.given);
    return { root, files: deps.keyRecord ? recording(files, deps.keyRecord) : files };
}
/**
 * The repository holding `dir` and the file store confined to it: what the CLI's commands that
 * only look (status, doctor, env, keys, logs, verify) read through, as `up` does. A file that is
 * a link out of it, a FIFO or a device is refused naming it.
 */
async function openRepository(dir, deps) {
    const root = await findRepositoryRoot(dir, deps);
    return { root, files: deps.files.within(root) };
}
/**
 * The boundary: the workspace (CI); else the git repository holding where the user stands, when
 * the working directory is named inside it (a link in it leading out is then refused, not taken
 * as another repository); else the repository holding the working directory; else the folder.
 */
async function findRepositoryRoot(dir, deps) {
    if (deps.workspace)
        return deps.workspace;
    if (!deps.git)
        return dir;
    const here = deps.cwd ? await deps.git.topLevel(deps.cwd) : undefined;
    if (here && deps.cwd && ((0,_adapters_confine_js__WEBPACK_IMPORTED_MODULE_1__/* .isInside */ .FK)(deps.cwd, dir) || (0,_adapters_confine_js__WEBPACK_IMPORTED_MODULE_1__/* .isInside */ .FK)(here, dir)))
        return here;
    return (await deps.git.topLevel(dir)) ?? dir;
}
/**
 * A folder the run reads and writes in: inside the repository, and not in a folder git ignores
 * (one that installing packages or a build fills: a pull request decides what is there). One
 * that does not exist is left to the step that needs it.
 */
async function checkFolder(label, dir, root, git) {
    const confined = await _adapters_confine_js__WEBPACK_IMPORTED_MODULE_1__/* .Confinement */ .tF.of(root, "read or write");
    let real;
    try {
        real = await confined.real(dir);
    }
    catch (error) {
        if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${label}: ${error.message}`, error.hint);
        throw error;
    }
    if (real === undefined || !git || confined.root === undefined)
        return;
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(confined.root, real);
    if (rel === "")
        return;
    if (!(await git.isIgnored(confined.root, rel)))
        return;
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(real === dir
        ? `${label}: ${dir} is ignored by git (.gitignore).`
        : `${label}: ${dir} resolves to ${real}, which git ignores (.gitignore).`, "A folder git ignores is filled by installing packages or by a build, not committed: a pull request can put any file there (keys among them). Point it at a folder committed to the repository.");
}
const NO_GIT_MESSAGE = "Not a git checkout (or no git): committed secrets cannot be told apart from local ones; going on.";
/** The secret files git tracks that hold a secret; undefined without git or outside a repository. */
async function findCommittedSecrets(git, files, layout, strict = false) {
    const tracked = await git.tracked(layout.dir, _core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .SECRET_FILES */ .VK.map(([name]) => _core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn[name]));
    if (tracked === undefined)
        return undefined;
    const texts = new Map();
    for (const [name] of _core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .SECRET_FILES */ .VK) {
        const variants = [...tracked].filter((p) => p.toLowerCase() === _core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn[name].toLowerCase());
        if (variants.length === 0)
            continue;
        const text = await files.read(layout.path(name));
        if (text === undefined)
            continue;
        // Tracked under this very name; or under another case (.ENV.convex.local), which is this
        // file when the file system ignores case: the same content read through both names.
        const same = variants.includes(_core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn[name]) ||
            (await Promise.all(variants.map((v) => files.read((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(layout.dir, v))))).includes(text);
        if (same)
            texts.set(name, text);
    }
    return (0,_core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .findTrackedSecrets */ .Zo)(texts, strict);
}
/** Whether `value` (the key `key` holds in a file) is one the run was given. */
function isGiven(key, value, given) {
    if (!given)
        return false;
    if (key.what === "BETTER_AUTH_SECRET")
        return value === given.betterAuthSecret;
    switch (key.name) {
        case "backendEnv":
            return value === given.instanceSecret;
        case "privateKey":
            if (!given.jwtPrivateKeyPem)
                return false;
            try {
                return ((0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveJwtKeyPair */ .OJ)(value).privateKeyPem === (0,_core_auth_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveJwtKeyPair */ .OJ)(given.jwtPrivateKeyPem).privateKeyPem);
            }
            catch {
                return false;
            }
        case "frontendEnv":
            if (!given.instanceSecret)
                return false;
            try {
                (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeAdminKey */ .Vq)(value, given.instanceSecret, given.instanceName);
                return true;
            }
            catch {
                return false;
            }
        default:
            return false;
    }
}
/**
 * In CI, each key found on disk came from an input or from this tool's own earlier run (its
 * record); anything else is refused, naming the file. A pull request controls more than what git
 * tracks: a link to a folder that `npm ci` fills, a script run before this step.
 */
async function checkKeyOrigin(files, layout, record, given) {
    const accepted = async (key, path, value) => isGiven(key, value, given) || (await record?.has(path, key.name, value)) === true;
    for (const key of _core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .KEY_MATERIAL */ .I3) {
        const path = layout.path(key.name);
        const text = await files.read(path);
        if (text === undefined)
            continue;
        const value = key.value(text);
        if (value === undefined && key.always === undefined)
            continue;
        if (value !== undefined && (await accepted(key, path, value)))
            continue;
        if (value === undefined) {
            // A file holding another key of ours that came from us is ours (target connect keeps only
            // Better Auth's secret in .env.convex.local).
            let ours = false;
            for (const other of _core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .KEY_MATERIAL */ .I3.filter((k) => k !== key && k.name === key.name)) {
                const v = other.value(text);
                if (v !== undefined && (await accepted(other, path, v)))
                    ours = true;
            }
            if (ours)
                continue;
        }
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${path} holds ${value !== undefined ? key.what : key.always}, but setup-coder-convex did not write it (${record ? `no record of it in ${record.where}` : "nothing is recorded here"}) and no input gave it; in CI such a file is refused.`, `A pull request can plant files git does not track (through a linked folder that installing packages fills, or a script run before this step). Delete ${_core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn[key.name]} before this step, or pass instance-secret, jwt-private-key (and better-auth-secret) from the secret store; the files setup-coder-convex writes are recognised by its next run on this machine.`);
    }
}
/** The store, recording each key it writes into a key file (adapters/key-record.ts). */
function recording(files, record) {
    return {
        ...files,
        async write(path, content, mode) {
            await files.write(path, content, mode);
            for (const key of _core_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .KEY_MATERIAL */ .I3) {
                if ((0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(path) !== _core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn[key.name])
                    continue;
                const value = key.value(content);
                if (value !== undefined)
                    await record.add(path, key.name, value);
            }
        },
        within: (root) => recording(files.within(root), record),
    };
}


/***/ }),

/***/ 47304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fQ: () => (/* binding */ startContainers),
/* harmony export */   nN: () => (/* binding */ waitForBackend),
/* harmony export */   n_: () => (/* binding */ printLogs)
/* harmony export */ });
/* unused harmony export READINESS_POLL */
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _waiting_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(47663);



/** Prints logs read by `read` (a compose project's or a pod's), framed by header lines inside a phase
 * (already a log group, and groups do not nest on GitHub), else in a group of its own. */
async function printLogs(logger, read, why, options = { grouped: false }) {
    const logs = await read().catch((e) => `(could not read the logs: ${e.message})`);
    const print = async () => logger.info(logs.trimEnd() || "(no output)");
    if (options.grouped)
        await logger.group(`Backend logs (${why})`, print);
    else {
        logger.info(`---- backend logs (${why}) ----`);
        await print();
        logger.info("---- end of backend logs ----");
    }
}
/** Waits for the images, then `docker compose up`; the logs are printed when it fails. */
async function startContainers(deps, target, pull, images, envFileKeys) {
    const waitStart = deps.clock.now();
    const pulled = await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_2__/* .whileWaiting */ .F)(`the image pull (${images.join(", ")})`, pull.done, deps);
    if (!pulled.ok)
        throw pulled.error;
    const hidden = Math.max(0, pulled.ms - Math.round(deps.clock.now() - waitStart));
    deps.logger.info(`Images ready: ${images.join(", ")} (the pull took ${pulled.ms} ms, ${hidden} ms of it behind the steps above).`);
    try {
        await deps.docker.up(target, { dropEnv: envFileKeys });
    }
    catch (error) {
        // e.g. "dependency failed to start: container … is unhealthy": the logs say why.
        await printLogs(deps.logger, () => deps.docker.logs(target, 200), "docker compose up failed");
        throw error;
    }
}
/**
 * How GET /version is polled. One request at a time, every 25 ms for the first 10 s: a backend
 * usually answers within seconds, and readiness is then noticed within ~25 ms of it (a refused
 * connection costs well under a millisecond); then backing off, doubling up to every 250 ms. A
 * request that hangs is given up after 1 s. The container's state (`docker compose ps`) is read
 * every 2 s alongside, never between two polls, so that a slow docker never delays the notice.
 */
const READINESS_POLL = {
    intervalMs: 25,
    fastForMs: 10_000,
    maxIntervalMs: 250,
    requestTimeoutMs: 1000,
    firstStateCheckMs: 500,
    stateCheckEveryMs: 2000,
};
/**
 * Polls GET /version (READINESS_POLL); fails fast when the backend stops (its container or pod, as
 * `view` sees it); prints its logs and the target's advice on failure.
 */
function waitForBackend(admin, view, timeoutMs, deps) {
    return (0,_waiting_js__WEBPACK_IMPORTED_MODULE_2__/* .whileWaiting */ .F)(`the backend to answer GET ${admin.baseUrl}/version`, () => pollUntilUp(admin, view, timeoutMs, deps), deps);
}
async function pollUntilUp(admin, view, timeoutMs, deps) {
    const { clock } = deps;
    const poll = READINESS_POLL;
    const start = clock.now();
    const deadline = start + timeoutMs;
    let delay = poll.intervalMs;
    let nextStateCheck = start + poll.firstStateCheckMs;
    let stateCheck;
    let stopped;
    const logs = (why) => printLogs(deps.logger, () => view.logs(200), why);
    for (;;) {
        // A signal ends the wait at once (the caller says what was done).
        if (deps.stop?.aborted)
            throw new Error("stopped");
        if (await admin.isUp(poll.requestTimeoutMs))
            return;
        if (stopped) {
            await logs("the backend container stopped");
            const { message, hint } = view.advice.stopped(stopped);
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(message, hint);
        }
        if (!stateCheck && clock.now() >= nextStateCheck) {
            nextStateCheck = clock.now() + poll.stateCheckEveryMs;
            stateCheck = view
                .states()
                .then((states) => {
                const state = states.find((s) => s.service === _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKEND_SERVICE */ .Lw);
                if (state && (state.state === "exited" || state.state === "dead"))
                    stopped = state;
            }, () => { })
                .finally(() => {
                stateCheck = undefined;
            });
        }
        if (clock.now() >= deadline) {
            await logs("the backend did not become healthy");
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The backend did not answer GET ${admin.baseUrl}/version within ${timeoutMs / 1000} s.`, view.advice.timeout);
        }
        await clock.sleep(delay);
        if (clock.now() - start >= poll.fastForMs)
            delay = Math.min(delay * 2, poll.maxIntervalMs);
    }
}


/***/ }),

/***/ 47663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ whileWaiting)
/* harmony export */ });
/* unused harmony export WAIT_NOTICE */
const WAIT_NOTICE = {
    /** Terminal: the status line appears after this long, and is updated this often. */
    statusAfterMs: 2000,
    statusEveryMs: 1000,
    /** Elsewhere: one line this often. */
    lineEveryMs: 10_000,
};
/** Runs `work` (a promise already under way, or a function) while saying, if it is slow, that it is waited for. */
async function whileWaiting(what, work, deps) {
    const { logger, clock } = deps;
    const start = clock.now();
    const seconds = () => Math.round((clock.now() - start) / 1000);
    const status = logger.status?.bind(logger);
    let shown = false;
    const stop = status
        ? clock.every(WAIT_NOTICE.statusEveryMs, () => {
            if (clock.now() - start < WAIT_NOTICE.statusAfterMs)
                return;
            shown = true;
            status(`… waiting for ${what}: ${seconds()} s`);
        })
        : clock.every(WAIT_NOTICE.lineEveryMs, () => logger.info(`Still waiting for ${what} (${seconds()} s so far).`));
    try {
        return await (typeof work === "function" ? work() : work);
    }
    finally {
        stop();
        if (shown)
            status?.("");
    }
}


/***/ }),

/***/ 85524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ZA: () => (/* binding */ backendImages),
  aW: () => (/* binding */ composeInstance),
  q$: () => (/* binding */ createComposeTarget),
  Rc: () => (/* binding */ findComposeInstance),
  s: () => (/* binding */ listComposePreviews),
  s2: () => (/* binding */ reachComposeConfig)
});

// UNUSED EXPORTS: composeView

// EXTERNAL MODULE: ./src/adapters/docker.ts
var docker = __webpack_require__(8226);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./src/adapters/ports.ts
/** Whether a port on this host is free, as compose would publish it. */

/** Whether nothing listens on 127.0.0.1:port (where compose publishes the backend's ports). */
function isPortFree(port) {
    return new Promise((resolve) => {
        const server = (0,external_node_net_.createServer)();
        server.once("error", () => resolve(false));
        server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
}

// EXTERNAL MODULE: ./src/core/client-env.ts
var client_env = __webpack_require__(67606);
// EXTERNAL MODULE: ./src/core/compose.ts
var compose = __webpack_require__(41591);
// EXTERNAL MODULE: ./src/core/env-file.ts
var env_file = __webpack_require__(67035);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(16585);
// EXTERNAL MODULE: ./src/core/naming.ts
var naming = __webpack_require__(92607);
// EXTERNAL MODULE: ./src/core/preview.ts
var core_preview = __webpack_require__(53451);
// EXTERNAL MODULE: ./src/core/target-plan.ts
var target_plan = __webpack_require__(97732);
// EXTERNAL MODULE: ./src/core/upgrade.ts
var upgrade = __webpack_require__(80919);
// EXTERNAL MODULE: ./src/core/urls.ts
var urls = __webpack_require__(81221);
// EXTERNAL MODULE: ./src/adapters/git.ts
var adapters_git = __webpack_require__(76960);
// EXTERNAL MODULE: ./src/adapters/process.ts
var process = __webpack_require__(61169);
// EXTERNAL MODULE: ./src/phases/repository.ts
var repository = __webpack_require__(71022);
;// CONCATENATED MODULE: ./src/find-setup.ts





/**
 * The setup in `workingDirectory`: the compose file's own `name:` is the project unless one is
 * given. Undefined when there is no compose file.
 */
async function findSetup(options, cwd, store, git = (0,adapters_git/* createGit */.l)((0,process/* createProcessRunner */.Ej)())) {
    const layout = (0,core_layout/* locate */.x5)(options, cwd);
    const { files } = await (0,repository/* openRepository */.h_)(layout.dir, { files: store, git, cwd });
    const text = await files.read(layout.target.file);
    if (text === undefined)
        return undefined;
    let facts;
    try {
        facts = (0,core_layout/* parseComposeFacts */.n8)(text);
    }
    catch (error) {
        throw new errors/* SetupError */.w3(`${layout.target.file} is not valid YAML (${error.message.split("\n")[0]}).`, `It is written by setup-coder-convex: delete it and run \`setup-coder-convex up\` again.`);
    }
    return {
        layout,
        facts,
        files,
        state: {
            workingDirectory: layout.dir,
            composeFile: layout.target.file,
            // status, logs, backup: the project the compose file names (they only look, and the file is
            // never handed to docker); `down` never comes here (teardown.ts names it as `up` does).
            composeProject: options.projectName ?? facts.project ?? layout.target.project,
        },
    };
}
/** Like findSetup, but a clear error when nothing was set up there. */
async function requireSetup(options, cwd, files) {
    const found = await findSetup(options, cwd, files);
    if (found)
        return found;
    throw new errors/* SetupError */.w3(`No ${core_layout/* FILES */.cn.compose} in ${(0,core_layout/* locate */.x5)(options, cwd).dir}: nothing set up here.`, "Run it in the app's folder, or pass --working-directory (setup-coder-convex up sets an app up).");
}

// EXTERNAL MODULE: ./src/phases/admin-key.ts
var admin_key = __webpack_require__(44469);
// EXTERNAL MODULE: ./src/phases/checks.ts + 1 modules
var checks = __webpack_require__(63822);
// EXTERNAL MODULE: ./src/phases/images.ts
var phases_images = __webpack_require__(20424);
// EXTERNAL MODULE: ./src/phases/keys.ts
var keys = __webpack_require__(52690);
// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(47304);
;// CONCATENATED MODULE: ./src/targets/compose.ts
/**
 * target compose: the backend (and the dashboard) as a docker compose project started on this
 * host. The keys live in the working directory's env files (mode 0600); the images are pulled in
 * the background while the run prepares; the admin key falls back to the container's script.
 */



















/** The backend's images as configured (the pinned release by default). */
function backendImages(config) {
    return {
        backend: config.images.backend ?? compose/* DEFAULT_BACKEND_IMAGE */.f0,
        dashboard: config.images.dashboard ?? compose/* DEFAULT_DASHBOARD_IMAGE */.BX,
    };
}
/** A compose project's containers, as the wait and `status` see them. */
function composeView(docker, target) {
    return {
        states: () => docker.ps(target),
        logs: (tail) => docker.logs(target, tail),
        advice: {
            stopped: (s) => ({
                message: `The backend container ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
                hint: "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.",
            }),
            timeout: `Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise ${(0,naming/* option */.uK)("wait-timeout")}.`,
        },
    };
}
/** A compose project found again (the post step's state, `down`, `status`, `logs`). */
function composeInstance(state, deps, 
/** What its compose file says (ports, origins), when it was read. */
facts) {
    const target = (0,core_layout/* composeTargetOf */.Ps)(state);
    const project = target.project;
    return {
        ...composeView(deps.docker, target),
        ref: state,
        name: project,
        hostApiUrl: (0,client_env/* deriveHostApiUrl */.p_)(facts?.apiPort ?? urls/* DEFAULT_PORTS */.J2.api),
        publicUrls: facts?.cloudOrigin && facts.siteOrigin ? { api: facts.cloudOrigin, site: facts.siteOrigin } : undefined,
        async report() {
            const services = await deps.docker.ps(target);
            return {
                heading: `Project ${project} (${target.file})`,
                lines: services.length
                    ? services.map((s) => `  ${s.service.padEnd(18)} ${s.state}`)
                    : ["  no containers"],
                running: services.some((s) => s.service === compose/* BACKEND_SERVICE */.Lw && s.state === "running"),
                json: { project, composeFile: target.file, services },
            };
        },
        logsCommand: (tail, follow) => ({
            program: "docker",
            args: [...docker/* dockerArgs */.m4.logs(target, tail), ...(follow ? ["--follow"] : [])],
            cwd: target.cwd,
        }),
        // By the project's name: no compose file is read (it may be gone, or not ours any more).
        async remove(options) {
            if (options.dumpLogs)
                await (0,start/* printLogs */.n_)(deps.logger, () => deps.docker.logs(target, 200), "requested", { grouped: true });
            // Read first: `down` on a project with no containers succeeds and says nothing.
            const [containers, volumes] = await Promise.all([deps.docker.ps(target), deps.docker.volumes(project)]);
            await deps.docker.down(target, options.volumes);
            if (containers.length === 0 && volumes.length === 0) {
                deps.logger.warn(`Nothing to remove: no container and no volume of compose project ${project} on this host.${options.unmatchedHint ? ` ${options.unmatchedHint}` : ""}`);
                return;
            }
            const kept = volumes.length > 0 && !options.volumes ? ` Its data volume ${volumes.join(", ")} is kept.` : "";
            const removed = volumes.length > 0 && options.volumes;
            deps.logger.info(containers.length === 0
                ? `Nothing was running: project ${project} has no containers.${removed ? " Removed its data volume." : kept}`
                : `Stopped ${project}${removed ? " and removed its data volume" : ""}.${kept}`);
        },
    };
}
/** Ports taken on this host by something else than this app's own containers. */
function portsCheck(config, deps, target) {
    return {
        name: "ports",
        up: "preflight",
        async run() {
            const ports = [
                config.ports.api,
                config.ports.site,
                ...(config.dashboard ? [config.ports.dashboard] : []),
            ];
            const free = deps.portFree ?? isPortFree;
            const taken = [];
            for (const port of ports)
                if (!(await free(port)))
                    taken.push(port);
            if (taken.length === 0)
                return { status: "pass", message: `Ports ${ports.join(", ")} are free` };
            const own = (await deps.docker.ps(target).catch(() => [])).some((s) => s.state === "running");
            if (own)
                return {
                    status: "pass",
                    message: `Ports ${taken.join(", ")} are held by this app's own containers (${target.project})`,
                };
            const several = taken.length > 1;
            const error = new errors/* SetupError */.w3(`Port${several ? "s" : ""} ${taken.join(", ")} on this host ${several ? "are" : "is"} in use by something else. Nothing was started.`, `Stop it (another Convex backend? \`docker ps\`), or choose other ports with ${(0,naming/* options */.fF)("api-port", "site-port", "dashboard-port")} and a distinct ${(0,naming/* option */.uK)("project-name")}.`);
            return { status: "fail", message: error.message, error };
        },
    };
}
/** docker compose and the engine behind it (up needs both). */
function dockerChecks(docker) {
    return [
        {
            name: "docker compose",
            up: "preflight",
            run: async () => ({ status: "pass", message: `docker compose ${await docker.checkCompose()}` }),
        },
        {
            name: "docker engine",
            up: "preflight",
            run: async () => ({ status: "pass", message: `Docker engine ${await docker.checkEngine()} answers` }),
        },
    ];
}
/**
 * What `down` says when nothing matched: the project name it looked for and where that name came
 * from; a compose file left in the working directory is only mentioned, never acted on (the
 * checkout may have written it).
 */
async function unmatchedHint(config, layout, deps) {
    const project = layout.target.project;
    const how = config.projectName
        ? "the project-name input"
        : `convex-<folder> for working-directory ${layout.dir}, as up names it without project-name`;
    const hint = `It was looked for as ${project} (${how}): give the project-name up was given.`;
    const other = await composeFileProject(layout.path("compose"), layout.dir, deps);
    return other && other !== project
        ? `${hint} ${layout.path("compose")} names project ${other}: if that is this app's, give project-name ${other}.`
        : hint;
}
/** The `name:` of a compose file in the working directory (read inside the repository), if any. */
async function composeFileProject(file, dir, deps) {
    try {
        const root = await (0,repository/* findRepositoryRoot */.mL)(dir, deps);
        const text = await deps.files.within(root).read(file);
        return text === undefined ? undefined : (0,core_layout/* parseComposeFacts */.n8)(text).project;
    }
    catch {
        return undefined; // a link out, not YAML: nothing to mention
    }
}
/** command upgrade on compose: the image lines of the compose file `up` wrote, then `docker compose up`. */
function composeImageSwitch(deps, layout, target) {
    const read = async (files) => {
        const text = await files.read(target.file);
        if (text === undefined)
            throw new errors/* SetupError */.w3(`No ${target.file}: nothing was set up here.`, "Run `setup-coder-convex up` first.");
        return text;
    };
    return {
        where: target.file,
        current: async (files) => (0,upgrade/* readComposeImages */.Px)(await read(files), target.file),
        async prepare(images, warn) {
            const list = [images.backend, ...(images.dashboard ? [images.dashboard] : [])];
            await (0,phases_images/* pullAll */.T)(deps.docker, list, new AbortController().signal, warn);
        },
        async change(run, files, images) {
            // Only the image lines change; written atomically (a temporary file, then a rename).
            await files.write(target.file, (0,upgrade/* rewriteComposeImages */.TG)(await read(files), target.file, images), core_layout/* PUBLIC_MODE */.QE);
            run.report.logger.info(`Wrote ${target.file}: backend ${images.backend}${images.dashboard ? `, dashboard ${images.dashboard}` : ""}.`);
            // The same environment as up gives compose (the env file's names are not compose's own).
            const envFile = (await files.read(layout.path("backendEnv"))) ?? "";
            const dropEnv = (0,compose/* deriveDroppedEnv */.LO)(Object.keys((0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(envFile))));
            try {
                await deps.docker.up(target, { dropEnv });
            }
            catch (error) {
                await (0,start/* printLogs */.n_)(deps.logger, () => deps.docker.logs(target, 200), "docker compose up failed");
                throw error;
            }
        },
    };
}
function createComposeTarget(config, deps, layout) {
    const plan = (0,target_plan/* deriveTargetPlan */.M)(config);
    const images = backendImages(config);
    const target = layout.target;
    const instance = composeInstance((0,core_layout/* teardownStateOf */.zi)(target), deps);
    const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
    return {
        kind: "compose",
        hostApiUrl: plan.hostApiUrl,
        hostSiteUrl: plan.hostSiteUrl,
        viaPublicUrls: false,
        runs: true,
        warnings: plan.warnings,
        images: imageList,
        usesDatabase: true,
        backendFiles: "compose",
        instance,
        checks: () => [...dockerChecks(deps.docker), portsCheck(config, deps, target)],
        async preflight(run) {
            await run.phase("Check docker", async () => {
                // The client and the engine at once; the client's problem (no compose plugin) is said first.
                const [tools, ports] = await Promise.all([
                    (0,checks/* runChecks */.JT)(dockerChecks(deps.docker), undefined),
                    (0,checks/* runChecks */.JT)([portsCheck(config, deps, target)], undefined),
                ]);
                const findings = [...tools, ...ports];
                for (const f of findings)
                    if (f.status === "pass")
                        run.report.logger.info(f.message);
                    else if (f.status === "warn")
                        run.report.warn(f.message);
                (0,checks/* stopOnFailures */.Ds)(findings, "first");
            });
        },
        resolveKeys: (run, files, options) => (0,keys/* resolveKeys */.LQ)(run.config, files, run.layout, run.report.logger, options),
        async start(run, prepared) {
            await run.phase("Start containers", () => (0,start/* startContainers */.fQ)(deps, target, prepared.pull, imageList, prepared.written.envFileKeys));
            return undefined;
        },
        wait: (run, admin) => (0,start/* waitForBackend */.nN)(admin, instance, run.config.waitTimeoutMs, deps),
        confirmAdminKey: (run, admin, keys) => (0,admin_key/* confirmAdminKey */.Pj)(admin, deps.docker, target, { key: keys.adminKey, instanceSecret: keys.instanceSecret }, run.report),
        async requireRunning(keys, verb) {
            if (keys.secretSource === "generated")
                throw new errors/* SetupError */.w3(`No INSTANCE_SECRET in ${layout.path("backendEnv")}: nothing to ${verb} here.`, "Run `up` in this folder first, or give target connect with the backend's convex-url, site-url and admin-key.");
            // Containers that do not run are said at once (the wait would only time out).
            const backend = (await instance.states()).find((s) => s.service === compose/* BACKEND_SERVICE */.Lw);
            if (backend?.state !== "running")
                throw new errors/* SetupError */.w3(`The backend of ${instance.name} is not running (${backend ? backend.state : "no container"}): nothing to ${verb}.`, "Start it with `setup-coder-convex up` (its data volume is kept by `down` without --volumes).");
        },
        describe: () => ({
            envFile: layout.path("backendEnv"),
            composeFile: target.file,
            composeProject: target.project,
            namespace: undefined,
            manifestFile: undefined,
        }),
        close: async () => { },
        remove: async (options) => instance.remove({ ...options, unmatchedHint: await unmatchedHint(config, layout, deps) }),
        switchImages: composeImageSwitch(deps, layout, target),
        // Its containers' and its data volume's: the volume's labels must stay as they are, or compose
        // sees it changed and asks to recreate it (docs/previews.md#labels-and-pruning-previews-left-behind).
        async previewCreated() {
            const created = core_preview/* DOCKER_PREVIEW_LABELS */.QV.created;
            const [containers, volumes] = await Promise.all([
                deps.docker.labelled(docker/* PROJECT_LABEL */.NV, target.project, [created]),
                deps.docker.labelledVolumes(docker/* PROJECT_LABEL */.NV, target.project, [created]),
            ]);
            return (0,core_preview/* earliestTime */.rL)([...containers.map((r) => r[created]), ...volumes.map((v) => v.labels[created])]);
        },
    };
}
/** The compose project set up in a working directory (its compose file's own `name:` unless one is given). */
async function findComposeInstance(query, deps) {
    const found = await requireSetup({
        workingDirectory: query.workingDirectory,
        ...(query.projectName ? { projectName: query.projectName } : {}),
    }, query.workingDirectory, deps.files);
    return composeInstance(found.state, deps, found.facts);
}
/** backup and restore: the configuration of the instance `up` set up in the working directory. */
async function reachComposeConfig(config, deps) {
    const found = deps.git
        ? await findSetup(config, deps.cwd, deps.files, deps.git)
        : await findSetup(config, deps.cwd, deps.files);
    if (!found)
        throw new errors/* SetupError */.w3(`No ${core_layout/* FILES */.cn.compose} in ${(0,core_layout/* locate */.x5)(config, deps.cwd).dir}: nothing was set up here with target compose.`, "Run it in the app's folder (working-directory), after `up`; or give target kubernetes (with instance-name and namespace) or connect (with convex-url, site-url and admin-key).");
    const { facts } = found;
    return {
        ...config,
        // The origins up wrote (the backend's CONVEX_CLOUD_ORIGIN and CONVEX_SITE_ORIGIN).
        publicUrls: {
            ...config.publicUrls,
            apiUrl: facts.cloudOrigin ?? config.publicUrls.apiUrl,
            siteUrl: facts.siteOrigin ?? config.publicUrls.siteUrl,
        },
        projectName: found.state.composeProject,
        instanceName: facts.instanceName ?? config.instanceName,
        ports: {
            ...config.ports,
            api: facts.apiPort ?? config.ports.api,
            site: facts.sitePort ?? config.ports.site,
        },
    };
}
/**
 * The compose projects on this host labelled as previews of `query.repository` (prune): asked by
 * that label, and each container's and volume's label compared again exactly. A project with
 * containers is removed as `down` removes it, by its name, its data volume too; a project whose
 * containers are gone (removed by hand, `down` without --volumes, a host that crashed) but whose
 * labelled data volume is left is a preview too, removed by deleting just those volumes.
 */
async function listComposePreviews(_config, repository, deps) {
    return { where: "on this Docker host", previews: await composePreviews(repository, deps) };
}
async function composePreviews(repository, deps) {
    const L = core_preview/* DOCKER_PREVIEW_LABELS */.QV;
    const labels = [L.repository, L.pullRequest, L.created, L.instance];
    const [containers, volumes] = await Promise.all([
        deps.docker.labelled(L.repository, repository, [docker/* PROJECT_LABEL */.NV, ...labels]),
        deps.docker.labelledVolumes(L.repository, repository, [docker/* PROJECT_LABEL */.NV, ...labels]),
    ]);
    const byProject = (rows, labelsOf) => {
        const projects = new Map();
        for (const row of rows) {
            const project = labelsOf(row)[docker/* PROJECT_LABEL */.NV];
            const preview = (0,core_preview/* readDockerPreview */.Hk)(labelsOf(row), repository);
            if (project && preview)
                projects.set(project, [...(projects.get(project) ?? []), { row, preview }]);
        }
        return projects;
    };
    const found = (project, marks, remove) => ({
        name: `compose project ${project}`,
        repository: repository,
        pullRequest: marks[0].pullRequest,
        created: (0,core_preview/* earliestTime */.rL)(marks.map((m) => m.created)),
        instanceName: marks.find((m) => m.instanceName)?.instanceName,
        remove,
    });
    const withContainers = byProject(containers, (row) => row);
    const previews = [...withContainers].map(([project, rows]) => found(project, rows.map((r) => r.preview), () => composeInstance({ workingDirectory: "", composeFile: "", composeProject: project }, deps).remove({
        dumpLogs: false,
        volumes: true,
    })));
    for (const [project, rows] of byProject(volumes, (v) => v.labels)) {
        if (withContainers.has(project))
            continue;
        // A container of the project that is not labelled as this repository's preview: not ours to judge.
        if ((await deps.docker.ps({ project })).length > 0)
            continue;
        const names = rows.map((r) => r.row.name);
        previews.push(found(project, rows.map((r) => r.preview), async () => {
            await deps.docker.removeVolumes(names);
            deps.logger.info(`Removed the data volume ${names.join(", ")} of compose project ${project} (it had no containers left).`);
        }));
    }
    return previews;
}


/***/ }),

/***/ 74803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dW: () => (/* binding */ TARGETS),
  Yn: () => (/* binding */ createTarget),
  QS: () => (/* binding */ openInstance),
  WJ: () => (/* binding */ reachConfig),
  ji: () => (/* binding */ startedImage)
});

// UNUSED EXPORTS: findInstance

// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(16585);
// EXTERNAL MODULE: ./src/core/compose.ts
var compose = __webpack_require__(41591);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/kubernetes.ts
var kubernetes = __webpack_require__(34215);
// EXTERNAL MODULE: ./src/core/naming.ts
var naming = __webpack_require__(92607);
// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(47304);
;// CONCATENATED MODULE: ./src/phases/kubernetes.ts





function requireKubectl(kubectl) {
    if (!kubectl)
        throw new errors/* SetupError */.w3("target kubernetes needs kubectl, which this caller did not provide.");
    return kubectl;
}
/**
 * The instance's Secret as an earlier run left it, after checking that it is ours: made by this
 * tool (its managed-by label) and, when both are known, by the same owner (GITHUB_REPOSITORY).
 * Another repository's preview of the same name, or a foreign Secret, is never taken over.
 */
async function readOwnSecret(kubectl, namespace, instanceName, owner, 
/** refuse: a Secret of that name not made by this tool is an error; ignore: it is not ours. */
foreign = "refuse") {
    const name = (0,kubernetes/* deriveKubeNames */.PB)(instanceName).backend;
    const where = `Secret ${name} in namespace ${namespace}`;
    const text = await kubectl.readSecret(namespace, name);
    if (!text)
        return undefined;
    let kept;
    try {
        kept = (0,kubernetes/* parseInstanceSecret */.XA)(text);
    }
    catch (error) {
        if (foreign === "ignore")
            return undefined;
        throw new errors/* SetupError */.w3(`${where} could not be read: ${error.message}.`);
    }
    if (!kept.managed && foreign === "ignore")
        return undefined;
    if (!kept.managed)
        throw new errors/* SetupError */.w3(`${where} exists and was not made by setup-coder-convex (no app.kubernetes.io/managed-by=setup-coder-convex label): refusing to take it over.`, `Use another ${(0,naming/* option */.uK)("instance-name")} or ${(0,naming/* option */.uK)("namespace")}.`);
    if (owner && kept.owner && kept.owner !== owner)
        throw new errors/* SetupError */.w3(`${where} belongs to ${kept.owner}, not ${owner}: two repositories use the same instance-name in this namespace. Nothing was changed.`, "Give each repository its own namespace, or put the repository's name in instance-name.");
    return kept;
}
/** The keys an earlier run kept in the instance's Secret (none when it or its namespace is missing). */
async function readStoredKeys(kubectl, namespace, instanceName, owner) {
    const name = (0,kubernetes/* deriveKubeNames */.PB)(instanceName).backend;
    const kept = await readOwnSecret(kubectl, namespace, instanceName, owner);
    return {
        instanceSecret: kept?.instanceSecret,
        jwtPrivateKeyPem: kept?.jwtPrivateKeyPem,
        betterAuthSecret: kept?.betterAuthSecret,
        where: `Secret ${name} in namespace ${namespace}`,
        reset: `remove the instance first (command: down, or kubectl delete secret ${name} -n ${namespace}) to start afresh`,
    };
}
/**
 * Creates the namespace when missing, then `kubectl apply --server-side`; then removes what an
 * earlier run made and this one does not (an Ingress after ingress-host is dropped, the dashboard
 * after dashboard: false), and a crashing backend pod, which the StatefulSet controller would
 * never replace by itself (it waits for a pod to be ready before updating it), so that a rerun
 * with a fixed configuration recovers.
 */
async function applyManifests(kubectl, options, yaml, logger) {
    const { namespace } = options;
    if (await kubectl.ensureNamespace(namespace))
        logger.info(`Created namespace ${namespace}.`);
    for (const line of await kubectl.apply(namespace, yaml))
        logger.info(line);
    const selector = (0,kubernetes/* instanceSelector */.P6)(options.instanceName);
    const prune = async (kinds, extra = "") => {
        for (const line of await kubectl.deleteSelected(namespace, kinds, `${selector}${extra}`, true))
            logger.info(`${line} (no longer asked for)`);
    };
    if (!options.ingress)
        await prune(["ingress"]);
    if (!options.dashboard)
        await prune(["deployment", "service"], `,${kubernetes/* LABELS */.kg.component}=dashboard`);
    await replaceCrashingBackend(kubectl, namespace, options.instanceName, logger);
}
/**
 * Deletes the backend's pod when it crashes: the StatefulSet controller waits for a pod to be ready
 * before updating it, so a crashing one would never be replaced by what was just applied.
 */
async function replaceCrashingBackend(kubectl, namespace, instanceName, logger) {
    const backend = `${(0,kubernetes/* instanceSelector */.P6)(instanceName)},${kubernetes/* LABELS */.kg.component}=backend`;
    if ((0,kubernetes/* parsePodStates */.NM)(await kubectl.pods(namespace, backend)).some((p) => p.state === "exited")) {
        await kubectl.deleteSelected(namespace, ["pod"], backend, false);
        logger.info("The backend's pod was crashing: deleted, so that it starts again from what was just applied.");
    }
}
/** The images of an instance's workloads: the backend's StatefulSet and the dashboard's Deployment. */
async function readWorkloadImages(kubectl, namespace, instanceName) {
    const names = (0,kubernetes/* deriveKubeNames */.PB)(instanceName);
    const imageOf = (text, container) => {
        const containers = text
            ? JSON.parse(text).spec?.template
                ?.spec?.containers
            : undefined;
        return containers?.find((c) => c.name === container)?.image;
    };
    const backend = imageOf(await kubectl.getObject(namespace, `statefulset/${names.backend}`), "backend");
    if (!backend)
        throw new errors/* SetupError */.w3(`No statefulset/${names.backend} with a backend container in namespace ${namespace}: instance ${instanceName} is not there.`, "Check instance-name and namespace (the ones `up` used), and the kubeconfig's cluster.");
    const dashboard = imageOf(await kubectl.getObject(namespace, `deployment/${names.dashboard}`), "dashboard");
    return { backend, dashboard };
}
/** Waits for the StatefulSet (and the dashboard) to roll out; the logs are printed when it fails. */
async function waitForRollout(kubectl, options, logger) {
    const names = (0,kubernetes/* deriveKubeNames */.PB)(options.instanceName);
    try {
        await kubectl.rolloutStatus(options.namespace, `statefulset/${names.backend}`, options.timeoutSeconds);
    }
    catch (error) {
        await (0,start/* printLogs */.n_)(logger, () => kubectl.logs(options.namespace, `statefulset/${names.backend}`, 200), "the rollout did not finish");
        throw error;
    }
    logger.info(`statefulset/${names.backend} is ready.`);
    if (options.dashboard) {
        // The dashboard is not needed for the setup: a slow one is reported, not waited for.
        await kubectl
            .rolloutStatus(options.namespace, `deployment/${names.dashboard}`, 5)
            .then(() => logger.info(`deployment/${names.dashboard} is ready.`))
            .catch(() => logger.info(`deployment/${names.dashboard} is still starting.`));
    }
}
/** Forwards the API and the site proxy to this host's ports for the rest of the run. */
async function forwardPorts(kubectl, options, logger, warn) {
    const service = `service/${(0,kubernetes/* deriveKubeNames */.PB)(options.instanceName).backend}`;
    const forward = await kubectl.portForward(options.namespace, service, [
        [options.ports.api, compose/* CONTAINER_PORTS */.fm.api],
        [options.ports.site, compose/* CONTAINER_PORTS */.fm.site],
    ], (message) => warn(`kubectl port-forward ${service} ended (${message}): what follows cannot reach the backend. It ends when the pod restarts (kubectl get pods -n ${options.namespace}); rerun the step.`));
    logger.info(`kubectl port-forward ${service}: the API at 127.0.0.1:${options.ports.api}, the site proxy at 127.0.0.1:${options.ports.site} until this run ends.`);
    return forward;
}
/** Deletes every object of the instance (by its labels, nothing else); the PVC too. */
async function removeKubernetesInstance(kubectl, options, logger) {
    // Another owner's instance of the same name is refused. (A foreign Secret carries no label of
    // ours: the label selector below does not match it, so it is simply not ours to look at.)
    await readOwnSecret(kubectl, options.namespace, options.instanceName, options.owner, "ignore");
    const selector = (0,kubernetes/* instanceSelector */.P6)(options.instanceName);
    const deleted = await kubectl.deleteAll(options.namespace, selector);
    // Only when asked (network-policy): a Role limited to the instance's kinds may not cover it.
    if (options.networkPolicy)
        deleted.push(...(await kubectl.deleteSelected(options.namespace, ["networkpolicy"], selector, true)));
    for (const line of deleted)
        logger.info(line);
    // Said loudly when nothing matched: a preview left running under another name keeps its data.
    if (deleted.length)
        logger.info(`Removed instance ${options.instanceName} from namespace ${options.namespace}.`);
    else
        logger.warn(`Nothing to remove: no objects of instance ${options.instanceName} in namespace ${options.namespace}. It was looked for by its labels; give the instance-name and namespace up was given.`);
    return deleted;
}

// EXTERNAL MODULE: ./src/targets/compose.ts + 2 modules
var targets_compose = __webpack_require__(85524);
// EXTERNAL MODULE: ./src/core/target-plan.ts
var target_plan = __webpack_require__(97732);
// EXTERNAL MODULE: ./src/phases/admin-key.ts
var admin_key = __webpack_require__(44469);
// EXTERNAL MODULE: ./src/phases/keys.ts
var keys = __webpack_require__(52690);
;// CONCATENATED MODULE: ./src/targets/connect.ts






/** No containers to inspect here: the wait polls the URL only. */
function elsewhere(apiUrl) {
    return {
        states: async () => [],
        logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
        advice: {
            stopped: () => ({ message: "The backend stopped.", hint: "Read its logs where it runs." }),
            timeout: `Check that the backend runs and that this host reaches ${apiUrl} (in Coder: the workspace is running and the app is shared), or raise ${(0,naming/* option */.uK)("wait-timeout")}.`,
        },
    };
}
function createConnectTarget(config, deps) {
    const plan = (0,target_plan/* deriveTargetPlan */.M)(config);
    return {
        kind: "connect",
        hostApiUrl: plan.hostApiUrl,
        hostSiteUrl: plan.hostSiteUrl,
        viaPublicUrls: true,
        runs: true,
        warnings: plan.warnings,
        images: [],
        usesDatabase: false,
        backendFiles: "none",
        instance: undefined,
        checks: () => [
            {
                name: "where it runs",
                up: "doctor only",
                run: async () => ({
                    status: "pass",
                    message: "target connect: the running backend has its own database and ports",
                }),
            },
        ],
        async preflight(run) {
            if (run.config.postgres.url || run.config.mysql.url)
                run.report.logger.info(`target connect: the running backend has its own database; the ${run.config.mysql.url ? "MySQL" : "Postgres"} URL is not used.`);
        },
        resolveKeys: (run, files, options) => (0,keys/* resolveConnectKeys */.lV)(config, files, run.layout, run.report.logger, options),
        start: async () => undefined,
        wait: (run, admin) => (0,start/* waitForBackend */.nN)(admin, elsewhere(plan.hostApiUrl), run.config.waitTimeoutMs, deps),
        confirmAdminKey: (_run, admin, keys) => (0,admin_key/* confirmConnectAdminKey */.vP)(admin, keys.adminKey),
        // The keys are inputs; whether the backend answers, the wait says.
        requireRunning: async () => { },
        describe: () => ({
            envFile: "",
            composeFile: "",
            composeProject: "",
            namespace: undefined,
            manifestFile: undefined,
        }),
        close: async () => { },
        async remove() {
            throw new errors/* SetupError */.w3("command down removes what up started; with target connect the backend runs elsewhere and is not removed from here.", "Remove it where it runs (its Helm release, the Coder template), or use target compose or kubernetes.");
        },
    };
}
/** Nothing of a connect backend is here to show, follow or remove. */
async function findConnectInstance() {
    throw new errors/* SetupError */.w3("target connect: the backend runs elsewhere; nothing of it is here to show or remove.", `Look where it runs (its Helm release, the Coder template), or use ${(0,naming/* option */.uK)("target")} compose or kubernetes.`);
}

// EXTERNAL MODULE: ./src/adapters/kubectl.ts
var adapters_kubectl = __webpack_require__(85342);
// EXTERNAL MODULE: ./src/core/preview.ts
var preview = __webpack_require__(53451);
// EXTERNAL MODULE: ./src/phases/checks.ts + 1 modules
var checks = __webpack_require__(63822);
// EXTERNAL MODULE: ./src/phases/waiting.ts
var waiting = __webpack_require__(47663);
;// CONCATENATED MODULE: ./src/targets/kubernetes.ts
/**
 * target kubernetes: one instance per instance-name in a namespace, applied with kubectl (or only
 * rendered with render-only). The keys live in the instance's Secret; the run reaches the backend
 * through an Ingress with TLS, else through kubectl port-forward for the length of the run.
 */














/** An instance in a cluster, found again by its labels (the post step's state, `down`, `status`, `logs`). */
function kubernetesInstance(ref, kubectl, logger) {
    const { namespace, instanceName } = ref;
    const statefulSet = `statefulset/${(0,kubernetes/* deriveKubeNames */.PB)(instanceName).backend}`;
    const logs = (tail) => kubectl.logs(namespace, statefulSet, tail);
    const selector = (0,kubernetes/* instanceSelector */.P6)(instanceName);
    const states = async () => (0,kubernetes/* parsePodStates */.NM)(await kubectl.pods(namespace, selector));
    return {
        ref,
        name: `instance ${instanceName} in namespace ${namespace}`,
        // The API is reached through a port-forward (or its Ingress), not from here as it is.
        hostApiUrl: undefined,
        publicUrls: undefined,
        states,
        logs,
        async report() {
            const objects = await kubectl.list(namespace, selector);
            const pods = await states();
            return {
                heading: `Instance ${instanceName} in namespace ${namespace}`,
                lines: [
                    ...(objects.length ? objects.map((o) => `  ${o}`) : ["  no objects"]),
                    ...(pods.length
                        ? pods.map((p) => `  pod ${p.service.padEnd(12)} ${p.state}${p.exitCode !== undefined ? ` (exit ${p.exitCode})` : ""}`)
                        : ["  no pods"]),
                ],
                running: pods.some((p) => p.service === "backend" && p.state === "running"),
                hint: `Reach the API: kubectl port-forward -n ${namespace} service/${(0,kubernetes/* deriveKubeNames */.PB)(instanceName).backend} 3210:3210 3211:3211`,
                json: { namespace, instance: instanceName, objects, pods },
            };
        },
        logsCommand: (tail, follow) => ({
            program: "kubectl",
            args: [...adapters_kubectl/* kubectlArgs */.yq.logs(namespace, statefulSet, tail), ...(follow ? ["--follow"] : [])],
        }),
        advice: {
            stopped: (s) => ({
                message: `The backend's pod ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
                hint: `Read its logs above (kubectl logs -n ${namespace} ${statefulSet}). Common causes: Postgres unreachable from the pod (the backend exits), a missing database, or a wrong image tag.`,
            }),
            timeout: `Read its logs above. Check the pod (kubectl get pods -n ${namespace}), that Postgres is reachable from it, that the URL reaches this instance, or raise ${(0,naming/* option */.uK)("wait-timeout")}.`,
        },
        async remove(options) {
            if (options.dumpLogs)
                await (0,start/* printLogs */.n_)(logger, () => logs(200), "requested", { grouped: true });
            await removeKubernetesInstance(kubectl, ref, logger);
        },
    };
}
/** kubectl, and the cluster answering in the namespace (read where the keys of earlier runs are kept). */
function clusterChecks(kubectl, ref) {
    const { namespace, instanceName, owner } = ref;
    return [
        {
            name: "kubectl",
            up: "preflight",
            run: async () => ({ status: "pass", message: `kubectl ${await kubectl.check()}` }),
        },
        {
            name: "cluster",
            // up reads the same Secret for the keys of earlier runs.
            up: "phase Keys",
            async run() {
                // Reads the instance's Secret: proves the cluster answers and the user may read there.
                const stored = await readStoredKeys(kubectl, namespace, instanceName, owner);
                return {
                    status: "pass",
                    message: stored.instanceSecret
                        ? `Cluster answers; ${stored.where} exists: up reuses its keys`
                        : `Cluster answers; instance ${instanceName} is not in namespace ${namespace} yet: up creates it`,
                };
            },
        },
    ];
}
/** An instance found from `status --target kubernetes --namespace N --instance-name I`. */
async function findKubernetesInstance(query, deps) {
    const ref = {
        kind: "kubernetes",
        namespace: query.namespace,
        instanceName: query.instanceName,
    };
    return kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger);
}
/** The instance's manifests, validated by type; with render-only written to the working directory (0600). */
function renderInstance(config, layout, owner, run, prepared) {
    const plan = (0,target_plan/* deriveTargetPlan */.M)(config);
    const { namespace, renderOnly } = config.kubernetes;
    const images = (0,targets_compose/* backendImages */.ZA)(config);
    return run.phase("Kubernetes manifests", async () => {
        const urls = config.publicUrls;
        const db = prepared.postgres.container;
        const text = (0,kubernetes/* renderManifests */.hO)((0,kubernetes/* buildManifests */.lt)({
            instanceName: config.instanceName,
            namespace,
            images,
            dashboard: config.dashboard,
            cloudOrigin: urls.apiUrl,
            siteOrigin: urls.siteUrl,
            dashboardDeploymentUrl: urls.apiUrl,
            instanceSecret: prepared.keys.instanceSecret,
            postgresUrl: db?.variable === "POSTGRES_URL" ? db.url : undefined,
            mysqlUrl: db?.variable === "MYSQL_URL" ? db.url : undefined,
            doNotRequireSsl: (config.postgres.url ?? config.mysql.url)?.doNotRequireSsl ?? false,
            jwtPrivateKeyPem: prepared.keys.jwt?.privateKeyPem,
            betterAuthSecret: prepared.keys.betterAuth?.value,
            volumeSize: config.kubernetes.volumeSize,
            owner,
            preview: prepared.preview,
            metricsEndpoint: config.metricsEndpoint,
            networkPolicy: config.kubernetes.networkPolicy,
            backendEnv: config.backend.env,
            storage: config.storage,
            ingress: plan.ingressHosts
                ? {
                    hosts: plan.ingressHosts,
                    className: config.kubernetes.ingressClass,
                    tlsSecret: config.kubernetes.tlsSecret,
                }
                : undefined,
        }));
        if (renderOnly) {
            await prepared.files.write(layout.path("manifests"), text, core_layout/* SECRET_MODE */.nj);
            run.report.logger.info(`Wrote ${layout.path("manifests")} (mode 0600: it holds the instance's Secret). render-only: nothing was applied.`);
        }
        return text;
    });
}
/** command upgrade on kubernetes: `kubectl set image` on the instance's workloads (a rollout each). */
function kubernetesImageSwitch(kubectl, ref, close) {
    const { namespace, instanceName } = ref;
    const names = (0,kubernetes/* deriveKubeNames */.PB)(instanceName);
    return {
        where: `statefulset/${names.backend} and deployment/${names.dashboard} in namespace ${namespace}`,
        current: () => readWorkloadImages(kubectl, namespace, instanceName),
        // The cluster pulls for itself: a tag it cannot pull shows as a rollout that does not finish.
        prepare: async () => { },
        async change(run, _files, images) {
            const log = run.report.logger;
            // The port-forward goes to the pod being replaced: the wait that follows opens a new one.
            await close();
            await kubectl.setImage(namespace, `statefulset/${names.backend}`, { backend: images.backend });
            log.info(`statefulset/${names.backend}: backend=${images.backend}`);
            if (images.dashboard) {
                await kubectl.setImage(namespace, `deployment/${names.dashboard}`, { dashboard: images.dashboard });
                log.info(`deployment/${names.dashboard}: dashboard=${images.dashboard}`);
            }
            await replaceCrashingBackend(kubectl, namespace, instanceName, log);
        },
    };
}
function createKubernetesTarget(config, deps, layout) {
    const plan = (0,target_plan/* deriveTargetPlan */.M)(config);
    const { namespace, renderOnly } = config.kubernetes;
    const owner = deps.env.GITHUB_REPOSITORY || undefined;
    const ref = {
        kind: "kubernetes",
        namespace,
        instanceName: config.instanceName,
        ...(owner ? { owner } : {}),
        ...(config.kubernetes.networkPolicy ? { networkPolicy: true } : {}),
    };
    // render-only needs no cluster: kubectl is asked for only when something is applied.
    const kubectl = plan.applies ? requireKubectl(deps.kubectl) : undefined;
    const instance = kubectl ? kubernetesInstance(ref, kubectl, deps.logger) : undefined;
    let forward;
    const render = (run, prepared) => renderInstance(config, layout, owner, run, prepared);
    const close = async () => {
        const open = forward;
        forward = undefined;
        await open?.stop();
    };
    return {
        kind: "kubernetes",
        hostApiUrl: plan.hostApiUrl,
        hostSiteUrl: plan.hostSiteUrl,
        viaPublicUrls: plan.viaPublicUrls,
        runs: !renderOnly,
        warnings: plan.warnings,
        // A cluster pulls for itself.
        images: [],
        usesDatabase: true,
        backendFiles: renderOnly ? "env-only" : "none",
        instance,
        checks: () => (kubectl ? clusterChecks(kubectl, ref) : []),
        async preflight(run) {
            if (!kubectl)
                return;
            await run.phase("Check kubectl", async () => {
                const findings = await (0,checks/* runChecks */.JT)(clusterChecks(kubectl, ref).filter((c) => c.up === "preflight"), undefined);
                for (const f of findings)
                    if (f.status === "pass")
                        run.report.logger.info(f.message);
                (0,checks/* stopOnFailures */.Ds)(findings, "first");
            });
        },
        async resolveKeys(run, files, options) {
            // The instance's Secret in the cluster holds the keys of earlier runs.
            const stored = kubectl
                ? await readStoredKeys(kubectl, namespace, config.instanceName, owner)
                : undefined;
            return (0,keys/* resolveKeys */.LQ)(config, files, layout, run.report.logger, {
                ...options,
                ...(stored ? { stored } : {}),
            });
        },
        async start(run, prepared) {
            const yaml = await render(run, prepared);
            if (!kubectl)
                return { rendered: layout.path("manifests") };
            await run.phase("Apply manifests", () => applyManifests(kubectl, {
                namespace,
                instanceName: config.instanceName,
                ingress: plan.ingressHosts !== undefined,
                dashboard: config.dashboard,
            }, yaml, run.report.logger));
            return undefined;
        },
        async wait(run, admin) {
            const cluster = requireKubectl(kubectl);
            await (0,waiting/* whileWaiting */.F)(`the rollout of instance ${config.instanceName} in namespace ${namespace}`, () => waitForRollout(cluster, {
                namespace,
                instanceName: config.instanceName,
                dashboard: config.dashboard,
                timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
            }, run.report.logger), { logger: run.report.logger, clock: deps.clock });
            if (plan.portForward)
                forward = await forwardPorts(cluster, { namespace, instanceName: config.instanceName, ports: config.ports }, run.report.logger, run.report.warn);
            await (0,start/* waitForBackend */.nN)(admin, kubernetesInstance(ref, cluster, deps.logger), config.waitTimeoutMs, deps);
        },
        confirmAdminKey: (_run, admin, keys) => (0,admin_key/* confirmConnectAdminKey */.vP)(admin, keys.adminKey, (baseUrl) => ({
            message: `The backend at ${baseUrl} refused the admin key made from its Secret's instance secret. Nothing was set.`,
            hint: "Its pod runs with another secret (a Secret changed by hand, or another instance answering at this URL): check that ingress-host's hosts reach this instance, or remove it (command: down) and set it up again.",
        })),
        async requireRunning(keys, verb) {
            if (keys.secretSource === "generated")
                throw new errors/* SetupError */.w3(`No instance ${config.instanceName} in namespace ${namespace} (its Secret holds no instance secret): nothing to ${verb}.`, "Check instance-name and namespace (the ones `up` used), and the kubeconfig's cluster.");
        },
        describe: (rendered) => ({
            envFile: rendered ? layout.path("backendEnv") : "",
            composeFile: "",
            composeProject: "",
            namespace,
            manifestFile: rendered,
        }),
        close,
        remove: (options) => (instance ?? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)).remove(options),
        ...(kubectl ? { switchImages: kubernetesImageSwitch(kubectl, ref, close) } : {}),
        async previewCreated() {
            if (!kubectl)
                return undefined;
            const text = await kubectl.readSecret(namespace, (0,kubernetes/* deriveKubeNames */.PB)(config.instanceName).backend);
            return text ? (0,preview/* kubeCreatedOf */.li)(JSON.parse(text).metadata ?? {}) : undefined;
        },
    };
}
/**
 * The instances in `query.namespace` labelled as previews of `query.repository` (prune): their
 * Secrets asked by the repository's hash label, each kept only when its owner annotation names the
 * repository exactly; one is removed as `down` removes it (its objects and volume claim).
 */
async function listKubernetesPreviews(config, repository, deps) {
    const { namespace, networkPolicy } = config.kubernetes;
    return {
        where: `in namespace ${namespace}`,
        previews: await kubernetesPreviews({ repository, namespace, networkPolicy }, deps),
    };
}
async function kubernetesPreviews(query, deps) {
    const kubectl = requireKubectl(deps.kubectl);
    const found = (0,kubernetes/* parseLabelledSecrets */.Gy)(await kubectl.secrets(query.namespace, (0,kubernetes/* previewSelector */.kO)(query.repository)));
    return found.flatMap((f) => {
        if (f.owner !== query.repository || f.pullRequest === undefined)
            return [];
        const ref = {
            kind: "kubernetes",
            namespace: query.namespace,
            instanceName: f.instanceName,
            owner: query.repository,
            ...(query.networkPolicy ? { networkPolicy: true } : {}),
        };
        return [
            {
                name: `instance ${f.instanceName} in namespace ${query.namespace}`,
                repository: query.repository,
                pullRequest: f.pullRequest,
                created: f.created,
                instanceName: f.instanceName,
                remove: () => kubernetesInstance(ref, kubectl, deps.logger).remove({ dumpLogs: false, volumes: true }),
            },
        ];
    });
}

;// CONCATENATED MODULE: ./src/targets/index.ts





const TARGETS = {
    compose: {
        create: targets_compose/* createComposeTarget */.q$,
        find: targets_compose/* findComposeInstance */.Rc,
        list: targets_compose/* listComposePreviews */.s,
        locatedBy: ["working-directory", "project-name"],
        reachConfig: targets_compose/* reachComposeConfig */.s2,
    },
    connect: { create: createConnectTarget, find: findConnectInstance, locatedBy: [] },
    kubernetes: {
        create: createKubernetesTarget,
        find: findKubernetesInstance,
        list: listKubernetesPreviews,
        locatedBy: ["namespace", "instance-name"],
    },
};
/** The target the configuration names; `modules` lets a test add one. */
function createTarget(config, deps, layout, modules = TARGETS) {
    const module = modules[config.target];
    if (!module)
        throw new Error(`No target named ${config.target}.`);
    return module.create(config, deps, layout);
}
/**
 * The backend image a run starts (compose, kubernetes); undefined with connect: that backend runs
 * elsewhere and its release is not known here.
 */
function startedImage(config, target) {
    return target.kind === "connect" ? undefined : (0,targets_compose/* backendImages */.ZA)(config).backend;
}
/** The instance an earlier `up` left for this target where `query` points (`status`, `logs`). */
function findInstance(kind, query, deps, modules = TARGETS) {
    const module = modules[kind];
    if (!module)
        throw new Error(`No target named ${kind}.`);
    return module.find(query, deps);
}
/** backup and restore: the configuration as the running instance has it (see TargetModule.reachConfig). */
function reachConfig(config, deps, modules = TARGETS) {
    return modules[config.target]?.reachConfig?.(config, deps) ?? Promise.resolve(config);
}
/** An instance a run recorded (the post step's state), found again. */
function openInstance(ref, deps) {
    return (0,core_layout/* isKubernetesInstance */.eV)(ref)
        ? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)
        : (0,targets_compose/* composeInstance */.aW)(ref, deps);
}


/***/ })

};
