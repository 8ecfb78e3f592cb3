export const id = 803;
export const ids = [803];
export const modules = {

/***/ 7158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vq: () => (/* binding */ decodeAdminKey),
/* harmony export */   Xi: () => (/* binding */ parseAdminKeyOutput),
/* harmony export */   fj: () => (/* binding */ generateInstanceSecret),
/* harmony export */   i6: () => (/* binding */ deriveAdminKey),
/* harmony export */   kA: () => (/* binding */ isInstanceSecret)
/* harmony export */ });
/* unused harmony export ADMIN_KEY_LINE_RE */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _noble_ciphers_aes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5479);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
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

/***/ 3178:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HL: () => (/* binding */ renderJwtPrivateKeyValue),
/* harmony export */   KR: () => (/* binding */ generateJwtKey),
/* harmony export */   OJ: () => (/* binding */ deriveJwtKeyPair)
/* harmony export */ });
/* unused harmony export deriveJwks */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
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

/***/ 7606:
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


/***/ }),

/***/ 7035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FO: () => (/* binding */ parseEnvFile),
/* harmony export */   HM: () => (/* binding */ splitUserSection),
/* harmony export */   Mv: () => (/* binding */ mergeEnvFile),
/* harmony export */   Qo: () => (/* binding */ envValues)
/* harmony export */ });
/* unused harmony exports isEnvKey, renderEnvValue, renderEnvEntry, renderEnvFile */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
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

/***/ 6585:
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
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1591);
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
    };
}


/***/ }),

/***/ 8412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iC: () => (/* binding */ deriveDatabaseName),
/* harmony export */   iy: () => (/* binding */ describePostgresPlan),
/* harmony export */   jA: () => (/* binding */ selectPostgresUrl),
/* harmony export */   lM: () => (/* binding */ planContainerDatabaseUrl),
/* harmony export */   mq: () => (/* binding */ normalizePostgresUrl),
/* harmony export */   yj: () => (/* binding */ SSL_MODES)
/* harmony export */ });
/* unused harmony exports POSTGRES_ENV_VARS, redactPostgresUrl, DOCKER_HOST_ALIAS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${what} in the Postgres URL has a malformed percent-escape.`, "Percent-encode special characters in the user name and password (e.g. @ as %40, % as %25).");
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source} is not a Postgres URL: it must start with postgres:// or postgresql://.`, source === "postgres-url"
            ? "Use the form postgres://USER:PASSWORD@HOST:5432 (the database name is derived from instance-name)."
            : `Use the form postgres://USER:PASSWORD@HOST:5432, or, when ${source} is for another tool, set postgres-url: none (--postgres-url none) to use the backend's embedded SQLite.`);
    }
    // Split authority / path / query by hand so that percent-encoding stays exactly as given.
    const afterScheme = text.slice(scheme[0].length);
    const hashAt = afterScheme.indexOf("#");
    if (hashAt >= 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the Postgres URL contains an unencoded "#".`, "Percent-encode # in the password as %23.");
    }
    const queryAt = afterScheme.indexOf("?");
    const beforeQuery = queryAt >= 0 ? afterScheme.slice(0, queryAt) : afterScheme;
    const query = queryAt >= 0 ? afterScheme.slice(queryAt + 1) : "";
    const slashAt = beforeQuery.indexOf("/");
    const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery;
    const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : "";
    const atAt = authority.lastIndexOf("@");
    if (atAt < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the Postgres URL has no user name.`, "The backend requires one: postgres://USER:PASSWORD@HOST:5432.");
    }
    const userinfo = authority.slice(0, atAt);
    const hostport = authority.slice(atAt + 1);
    const colon = userinfo.indexOf(":");
    const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    const rawPassword = colon >= 0 ? userinfo.slice(colon + 1) : "";
    if (!rawUser) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the Postgres URL has an empty user name.`, "Give one: postgres://USER:PASSWORD@HOST.");
    }
    if (/[\s@/]/.test(userinfo.replace(/%[0-9a-fA-F]{2}/g, ""))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the user name or password in the Postgres URL has unencoded special characters.`, "Percent-encode them (space as %20, @ as %40, / as %2F, : in the user name as %3A).");
    }
    // Valid in a URL, but no env-file quoting reads ' together with $ ` " \ back the same
    // everywhere: percent-encoded they mean the same to the backend and are safe in the file.
    const unsafe = userinfo.includes("'") ? [...new Set(userinfo.match(/['"$`\\]/g) ?? [])] : [];
    if (unsafe.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the user name or password in the Postgres URL has ${unsafe.map((c) => `"${c}"`).join(" ")} unencoded.`, `Percent-encode ${unsafe.length === 1 ? "it" : "them"}: ${unsafe.map((c) => `${c} as %${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join(", ")}.`);
    }
    const user = decode(rawUser, "user name", source);
    const password = decode(rawPassword, "password", source);
    const hostMatch = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostport);
    if (!hostMatch) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the host part of the Postgres URL is missing or malformed.`, "Use HOST, HOST:PORT or [IPv6]:PORT after the @.");
    }
    const host = hostMatch[1];
    const port = hostMatch[2] ? Number(hostMatch[2]) : 5432;
    if (port < 1 || port > 65535) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the Postgres port must be between 1 and 65535.`);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: sslmode=${ownSslmode} is not understood by the backend's Postgres client (it accepts disable, prefer and require).`, "Set postgres-sslmode: require (the backend then verifies the certificate and host name itself), prefer or disable.");
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


/***/ }),

/***/ 7732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ deriveTargetPlan)
/* harmony export */ });
/* harmony import */ var _client_env_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7606);
/* harmony import */ var _kubernetes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4215);
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
        ? (0,_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveIngressHosts */ .e)(config.kubernetes.ingressHost, config.instanceName)
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
        hostApiUrl: viaPublicUrls ? urls.apiUrl : (0,_client_env_js__WEBPACK_IMPORTED_MODULE_0__/* .deriveHostApiUrl */ .p_)(config.ports.api),
        hostSiteUrl: viaPublicUrls ? urls.siteUrl : (0,_client_env_js__WEBPACK_IMPORTED_MODULE_0__/* .deriveHostApiUrl */ .p_)(config.ports.site),
        warnings,
    };
}


/***/ }),

/***/ 4469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ confirmAdminKey),
/* harmony export */   v: () => (/* binding */ confirmConnectAdminKey)
/* harmony export */ });
/* harmony import */ var _adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3252);
/* harmony import */ var _core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7158);
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);




async function confirmAdminKey(admin, docker, target, computed, report) {
    const { logger } = report;
    if (await admin.checkAdminKey(computed.key)) {
        logger.info("Computed the admin key from the instance secret; the backend accepted it.");
        return { key: computed.key, source: "computed" };
    }
    logger.info("The backend refused the computed admin key; asking the container's generate_admin_key.sh.");
    const result = await docker.exec(target, _core_compose_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKEND_SERVICE */ .Lw, ["./generate_admin_key.sh"]);
    const key = (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .parseAdminKeyOutput */ .Xi)(result.stdout) ?? (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .parseAdminKeyOutput */ .Xi)(result.stderr);
    if (key)
        (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, key);
    if (!key || !(await admin.checkAdminKey(key))) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3("No working admin key: the backend refused the key computed from INSTANCE_SECRET, and generate_admin_key.sh gave none it accepts.", `Is another backend answering at ${admin.baseUrl}? Check \`docker ps\`, or choose other ports and a distinct project-name.`);
    }
    try {
        (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeAdminKey */ .Vq)(key, computed.instanceSecret);
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
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`The backend at ${admin.baseUrl} refused the admin key made from its Secret's instance secret. Nothing was set.`, "Its pod runs with another secret (a Secret changed by hand, or another instance answering at this URL): check that ingress-host's hosts reach this instance, or remove it (command: down) and set it up again.");
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`The backend at ${admin.baseUrl} refused the admin key (made from instance-secret, or the admin-key input). Nothing was set.`, "Give the instance secret the backend runs with (its INSTANCE_SECRET) and its instance-name, or an admin key it generated (generate_admin_key.sh).");
}


/***/ }),

/***/ 2690:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ resolveKeys),
/* harmony export */   l: () => (/* binding */ resolveConnectKeys)
/* harmony export */ });
/* harmony import */ var _adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3252);
/* harmony import */ var _core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7158);
/* harmony import */ var _core_auth_keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3178);
/* harmony import */ var _core_env_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7035);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6585);






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
    let reset = `delete the INSTANCE_SECRET line from ${_core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn.backendEnv} to switch`;
    if (stored) {
        existing = stored.instanceSecret;
        where = `the instance secret in ${stored.where}`;
        reset = stored.reset;
    }
    else {
        const text = await files.read(layout.path("backendEnv"));
        existing = text === undefined ? undefined : (0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_3__/* .envValues */ .Qo)((0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEnvFile */ .FO)(text)).INSTANCE_SECRET?.toLowerCase();
    }
    if (config.instanceSecret) {
        if (existing && existing !== config.instanceSecret) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`instance-secret differs from ${where}; refusing to replace it (keys made with it would stop working).`, `Remove the instance-secret input to keep the existing secret, or ${reset}.`);
        }
        return { instanceSecret: config.instanceSecret, secretSource: "input" };
    }
    if (existing) {
        if (!(0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .isInstanceSecret */ .kA)(existing)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${where} is not 64 hex characters.`, `Fix it, or ${reset} and have a new secret generated.`);
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
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${what} differs from the JWT key in ${stored.where}; refusing to replace it (signed-in users would be logged out).`, `Use the key kept there (remove ${what}), or ${stored.reset}.`);
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
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`jwt-private-key differs from the key in ${layout.path("privateKey")}; refusing to replace it (signed-in users would be logged out).`, `Remove the jwt-private-key input to keep the existing key, or delete ${_core_layout_js__WEBPACK_IMPORTED_MODULE_5__/* .FILES */ .cn.privateKey} to switch.`);
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
/** Reuses or creates every key; never replaces one silently. Each secret is masked as it appears. */
async function resolveKeys(config, files, layout, logger, options) {
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, options.stored?.instanceSecret);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, options.stored?.jwtPrivateKeyPem);
    const { instanceSecret, secretSource } = await resolveInstanceSecret(config, files, layout, options.stored);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, instanceSecret);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    // Admin keys never expire: the one already in .env.local is kept when it belongs to this name
    // and secret, so reruns change nothing there; otherwise a new one is computed.
    const previousKey = (0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_3__/* .envValues */ .Qo)((0,_core_env_file_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEnvFile */ .FO)((await files.read(layout.path("frontendEnv"))) ?? "")).CONVEX_SELF_HOSTED_ADMIN_KEY;
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, previousKey);
    const adminKey = previousKey && isAdminKeyFor(previousKey, instanceSecret, config.instanceName)
        ? previousKey
        : (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveAdminKey */ .i6)({ instanceName: config.instanceName, instanceSecret });
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, adminKey);
    logger.info(`instance secret: ${secretSource}; JWT key: ${jwtSource}`);
    return { instanceSecret, secretSource, jwt, jwtSource, adminKey, pemOnDisk };
}
/**
 * target connect: the backend runs elsewhere with its own secret, so nothing is generated or
 * stored for it: the admin key is the admin-key input, or computed from the instance-secret
 * input. The JWT key pair is reused or generated as with compose.
 */
async function resolveConnectKeys(config, files, layout, logger, options) {
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, config.instanceSecret);
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, config.adminKey);
    const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
    const adminKey = config.adminKey ??
        (0,_core_admin_key_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveAdminKey */ .i6)({ instanceName: config.instanceName, instanceSecret: config.instanceSecret ?? "" });
    (0,_adapters_runtime_js__WEBPACK_IMPORTED_MODULE_0__/* .maskAll */ .gh)(logger, adminKey);
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


/***/ }),

/***/ 4155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vv: () => (/* binding */ describePreflight),
/* harmony export */   Yt: () => (/* binding */ checkPostgres),
/* harmony export */   ad: () => (/* binding */ checkConvexCli),
/* harmony export */   dN: () => (/* binding */ checkDocker),
/* harmony export */   df: () => (/* binding */ postgresNotes),
/* harmony export */   wB: () => (/* binding */ NO_POSTGRES_MESSAGE)
/* harmony export */ });
/* harmony import */ var _core_postgres_url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8412);

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
const postgresNotes = _core_postgres_url_js__WEBPACK_IMPORTED_MODULE_0__/* .describePostgresPlan */ .iy;
/** Connects, checks the version, and creates the database when asked. */
async function checkPostgres(postgres, db, createDatabase) {
    return postgres.preflight(db, { createDatabase });
}
function describePreflight(db, result) {
    return `Postgres ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}.`;
}


/***/ }),

/***/ 7304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fQ: () => (/* binding */ startContainers),
/* harmony export */   nN: () => (/* binding */ waitForBackend),
/* harmony export */   n_: () => (/* binding */ printLogs)
/* harmony export */ });
/* unused harmony export READINESS_POLL */
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


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
    const pulled = await pull.done;
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
async function waitForBackend(admin, view, timeoutMs, deps) {
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

/***/ 1138:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZA: () => (/* binding */ backendImages),
/* harmony export */   aW: () => (/* binding */ composeInstance),
/* harmony export */   q$: () => (/* binding */ createComposeTarget)
/* harmony export */ });
/* unused harmony export composeView */
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1591);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6585);
/* harmony import */ var _core_target_plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7732);
/* harmony import */ var _phases_admin_key_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4469);
/* harmony import */ var _phases_keys_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2690);
/* harmony import */ var _phases_preflight_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4155);
/* harmony import */ var _phases_start_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7304);







/** The backend's images as configured (the pinned release by default). */
function backendImages(config) {
    return {
        backend: config.images.backend ?? _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_BACKEND_IMAGE */ .f0,
        dashboard: config.images.dashboard ?? _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_DASHBOARD_IMAGE */ .BX,
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
            timeout: "Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise wait-timeout.",
        },
    };
}
/** A compose project found again (the post step's state, `down`, `status`, `logs`). */
function composeInstance(state, deps) {
    const target = (0,_core_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .composeTargetOf */ .Ps)(state);
    return {
        ...composeView(deps.docker, target),
        ref: state,
        name: target.project,
        async remove(options) {
            if (options.dumpLogs)
                await (0,_phases_start_js__WEBPACK_IMPORTED_MODULE_6__/* .printLogs */ .n_)(deps.logger, () => deps.docker.logs(target, 200), "requested", { grouped: true });
            await deps.docker.down(target, options.volumes);
            deps.logger.info(`Stopped ${target.project}${options.volumes ? " and removed its data volume" : ""}.`);
        },
    };
}
function createComposeTarget(config, deps, layout) {
    const plan = (0,_core_target_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveTargetPlan */ .M)(config);
    const images = backendImages(config);
    const target = layout.target;
    const instance = composeInstance((0,_core_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .teardownStateOf */ .zi)(target), deps);
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
        async preflight(run) {
            await run.phase("Check docker", async () => run.report.logger.info(await (0,_phases_preflight_js__WEBPACK_IMPORTED_MODULE_5__/* .checkDocker */ .dN)(deps.docker)));
        },
        resolveKeys: (run, files, options) => (0,_phases_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveKeys */ .L)(run.config, files, run.layout, run.report.logger, options),
        async start(run, prepared) {
            await run.phase("Start containers", () => (0,_phases_start_js__WEBPACK_IMPORTED_MODULE_6__/* .startContainers */ .fQ)(deps, target, prepared.pull, imageList, prepared.written.envFileKeys));
            return undefined;
        },
        wait: (run, admin) => (0,_phases_start_js__WEBPACK_IMPORTED_MODULE_6__/* .waitForBackend */ .nN)(admin, instance, run.config.waitTimeoutMs, deps),
        confirmAdminKey: (run, admin, keys) => (0,_phases_admin_key_js__WEBPACK_IMPORTED_MODULE_3__/* .confirmAdminKey */ .P)(admin, deps.docker, target, { key: keys.adminKey, instanceSecret: keys.instanceSecret }, run.report),
        describe: () => ({
            envFile: layout.path("backendEnv"),
            composeFile: target.file,
            composeProject: target.project,
            namespace: undefined,
            manifestFile: undefined,
        }),
        close: async () => { },
        remove: (options) => instance.remove(options),
    };
}


/***/ }),

/***/ 4803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Yn: () => (/* binding */ createTarget),
  QS: () => (/* binding */ openInstance)
});

// UNUSED EXPORTS: TARGETS

// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(6585);
// EXTERNAL MODULE: ./src/core/compose.ts
var compose = __webpack_require__(1591);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kubernetes.ts
var kubernetes = __webpack_require__(4215);
// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(7304);
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
        throw new errors/* SetupError */.w3(`${where} exists and was not made by setup-coder-convex (no app.kubernetes.io/managed-by=setup-coder-convex label): refusing to take it over.`, "Use another instance-name or namespace.");
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
        where: `Secret ${name} in namespace ${namespace}`,
        reset: `remove the instance first (command: down, or kubectl delete secret ${name} -n ${namespace}) to start afresh`,
    };
}
/** Validates the objects against the schema, then the YAML text that is applied or written. */
async function renderValidated(objects) {
    await (0,kubernetes/* validateManifests */.Tu)(objects);
    return (0,kubernetes/* renderManifests */.hO)(objects);
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
    const backend = `${selector},${kubernetes/* LABELS */.kg.component}=backend`;
    if ((0,kubernetes/* parsePodStates */.NM)(await kubectl.pods(namespace, backend)).some((p) => p.state === "exited")) {
        await kubectl.deleteSelected(namespace, ["pod"], backend, false);
        logger.info("The backend's pod was crashing: deleted, so that it starts again from what was just applied.");
    }
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
    const deleted = await kubectl.deleteAll(options.namespace, (0,kubernetes/* instanceSelector */.P6)(options.instanceName));
    for (const line of deleted)
        logger.info(line);
    logger.info(deleted.length
        ? `Removed instance ${options.instanceName} from namespace ${options.namespace}.`
        : `Nothing to remove: no objects of instance ${options.instanceName} in namespace ${options.namespace}.`);
    return deleted;
}

// EXTERNAL MODULE: ./src/targets/compose.ts
var targets_compose = __webpack_require__(1138);
// EXTERNAL MODULE: ./src/core/target-plan.ts
var target_plan = __webpack_require__(7732);
// EXTERNAL MODULE: ./src/phases/admin-key.ts
var admin_key = __webpack_require__(4469);
// EXTERNAL MODULE: ./src/phases/keys.ts
var keys = __webpack_require__(2690);
;// CONCATENATED MODULE: ./src/targets/connect.ts





/** No containers to inspect here: the wait polls the URL only. */
function elsewhere(apiUrl) {
    return {
        states: async () => [],
        logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
        advice: {
            stopped: () => ({ message: "The backend stopped.", hint: "Read its logs where it runs." }),
            timeout: `Check that the backend runs and that this host reaches ${apiUrl} (in Coder: the workspace is running and the app is shared), or raise wait-timeout.`,
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
        async preflight(run) {
            if (run.config.postgres.url)
                run.report.logger.info("target connect: the running backend has its own database; the Postgres URL is not used.");
        },
        resolveKeys: (run, files, options) => (0,keys/* resolveConnectKeys */.l)(run.config, files, run.layout, run.report.logger, options),
        start: async () => undefined,
        wait: (run, admin) => (0,start/* waitForBackend */.nN)(admin, elsewhere(plan.hostApiUrl), run.config.waitTimeoutMs, deps),
        confirmAdminKey: (_run, admin, keys) => (0,admin_key/* confirmConnectAdminKey */.v)(admin, keys.adminKey, "connect"),
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

;// CONCATENATED MODULE: ./src/targets/kubernetes.ts








/** An instance in a cluster, found again by its labels (the post step's state, `down`, `status`, `logs`). */
function kubernetesInstance(ref, kubectl, logger) {
    const { namespace, instanceName } = ref;
    const statefulSet = `statefulset/${(0,kubernetes/* deriveKubeNames */.PB)(instanceName).backend}`;
    const logs = (tail) => kubectl.logs(namespace, statefulSet, tail);
    return {
        ref,
        name: `instance ${instanceName} in namespace ${namespace}`,
        states: async () => (0,kubernetes/* parsePodStates */.NM)(await kubectl.pods(namespace, (0,kubernetes/* instanceSelector */.P6)(instanceName))),
        logs,
        advice: {
            stopped: (s) => ({
                message: `The backend's pod ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
                hint: `Read its logs above (kubectl logs -n ${namespace} ${statefulSet}). Common causes: Postgres unreachable from the pod (the backend exits), a missing database, or a wrong image tag.`,
            }),
            timeout: `Read its logs above. Check the pod (kubectl get pods -n ${namespace}), that Postgres is reachable from it, that the URL reaches this instance, or raise wait-timeout.`,
        },
        async remove(options) {
            if (options.dumpLogs)
                await (0,start/* printLogs */.n_)(logger, () => logs(200), "requested", { grouped: true });
            await removeKubernetesInstance(kubectl, ref, logger);
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
    };
    // render-only needs no cluster: kubectl is asked for only when something is applied.
    const kubectl = plan.applies ? requireKubectl(deps.kubectl) : undefined;
    const instance = kubectl ? kubernetesInstance(ref, kubectl, deps.logger) : undefined;
    const images = (0,targets_compose/* backendImages */.ZA)(config);
    let forward;
    const render = (run, prepared) => run.phase("Kubernetes manifests", async () => {
        const urls = config.publicUrls;
        const text = await renderValidated((0,kubernetes/* buildManifests */.lt)({
            instanceName: config.instanceName,
            namespace,
            images,
            dashboard: config.dashboard,
            cloudOrigin: urls.apiUrl,
            siteOrigin: urls.siteUrl,
            dashboardDeploymentUrl: urls.apiUrl,
            instanceSecret: prepared.keys.instanceSecret,
            postgresUrl: prepared.postgres.container?.url,
            doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
            jwtPrivateKeyPem: prepared.keys.jwt?.privateKeyPem,
            volumeSize: config.kubernetes.volumeSize,
            owner,
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
        async preflight(run) {
            if (kubectl)
                await run.phase("Check kubectl", async () => run.report.logger.info(`kubectl ${await kubectl.check()}`));
        },
        async resolveKeys(run, files, options) {
            // The instance's Secret in the cluster holds the keys of earlier runs.
            const stored = kubectl
                ? await readStoredKeys(kubectl, namespace, config.instanceName, owner)
                : undefined;
            return (0,keys/* resolveKeys */.L)(config, files, layout, run.report.logger, {
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
            await waitForRollout(cluster, {
                namespace,
                instanceName: config.instanceName,
                dashboard: config.dashboard,
                timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
            }, run.report.logger);
            if (plan.portForward)
                forward = await forwardPorts(cluster, { namespace, instanceName: config.instanceName, ports: config.ports }, run.report.logger, run.report.warn);
            await (0,start/* waitForBackend */.nN)(admin, kubernetesInstance(ref, cluster, deps.logger), config.waitTimeoutMs, deps);
        },
        confirmAdminKey: (_run, admin, keys) => (0,admin_key/* confirmConnectAdminKey */.v)(admin, keys.adminKey, "kubernetes"),
        describe: (rendered) => ({
            envFile: rendered ? layout.path("backendEnv") : "",
            composeFile: "",
            composeProject: "",
            namespace,
            manifestFile: rendered,
        }),
        async close() {
            const open = forward;
            forward = undefined;
            await open?.stop();
        },
        remove: (options) => (instance ?? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)).remove(options),
    };
}

;// CONCATENATED MODULE: ./src/targets/index.ts





const TARGETS = {
    compose: targets_compose/* createComposeTarget */.q$,
    connect: createConnectTarget,
    kubernetes: createKubernetesTarget,
};
/** The target the configuration names; `factories` lets a test add one. */
function createTarget(config, deps, layout, factories = TARGETS) {
    const factory = factories[config.target];
    if (!factory)
        throw new Error(`No target named ${config.target}.`);
    return factory(config, deps, layout);
}
/** An instance a run recorded (the post step's state), found again. */
function openInstance(ref, deps) {
    return (0,core_layout/* isKubernetesInstance */.eV)(ref)
        ? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)
        : (0,targets_compose/* composeInstance */.aW)(ref, deps);
}


/***/ })

};
