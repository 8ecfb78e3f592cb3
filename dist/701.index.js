export const id = 701;
export const ids = [701];
export const modules = {

/***/ 6591:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {



/* unused reexport */ __webpack_require__(5335);
exports.parse = __webpack_require__(2696);


/***/ }),

/***/ 2696:
/***/ ((module) => {



/**
 * @import {
 * 	ControlOperator,
 * 	Env,
 * 	GlobPattern,
 * 	ParseEntry,
 * } from './parse' */

// '<(' and '>(' are process substitution operators and
// can be parsed the same as control operator
var CONTROL = /** @type {const} */ ('(?:') + /** @type {const} */ ([
	'\\|\\|',
	'\\&(?:\\&|>>?)', // `&&`, `&>`, and `&>>`
	';;\\&?', // `;;` and `;;&`
	'[;|]\\&', // `;&` and `|&`
	'\\<\\(',
	'\\<\\<\\<',
	'\\<\\<-',
	'\\<\\<(?!\\()', // `<<(` stays `<` and `<(`, as zsh reads it; other shells reject it
	'>>',
	'>[&|(]', // `>&`, `>|`, and `>(`
	'<[&>]', // `<&` and `<>`
	'[&;()|<>]'
]).join(/** @type {const} */ ('|')) + /** @type {const} */ (')');
var controlRE = new RegExp('^' + CONTROL + '$');
var META = /** @type {const} */ ('|&;()<> \\t');
var SINGLE_QUOTE = /** @type {const} */ ('\'([^\']*?)\'');
// bash ANSI-C quoting, `$'...'`: a backslash escapes the next character, including `'`
var ANSI_C_BODY = '(?:\\\\[\\s\\S]|[^\\\\\'])*?';
var ANSI_C_QUOTE = '\\$\'' + ANSI_C_BODY + '\'';
var ansiCAt = new RegExp('\\$\'' + ANSI_C_BODY + '(?:(\')|\\\\?$)', 'g');
var ANSI_C_LETTERS = 'abeEfnrtv';
var ANSI_C_CHARS = '\x07\b\x1B\x1B\f\n\r\t\v';
var hash = /^#$/;

var SQ = /** @type {const} */ ("'");
var DQ = /** @type {const} */ ('"');
var DS = /** @type {const} */ ('$');

var TOKEN = '';
var mult = /** @type {const} */ (0x100000000); // Math.pow(16, 8);
for (var i = 0; i < 4; i++) {
	TOKEN += (mult * Math.random()).toString(16);
}
var startsWithToken = new RegExp('^' + TOKEN);

/**
 * @param {string} s
 * @param {RegExp} r
 */
function matchAll(s, r) {
	var origIndex = r.lastIndex;

	var matches = [];
	var matchObj;

	while ((matchObj = r.exec(s))) {
		matches[matches.length] = matchObj;
		if (r.lastIndex === matchObj.index) {
			r.lastIndex += 1;
		}
	}

	r.lastIndex = origIndex;

	return matches;
}

/**
 * @param {Env} env
 * @param {string} pre
 * @param {string} key
 */
function getVar(env, pre, key) {
	var r = typeof env === 'function' ? env(key) : env[key];
	if (typeof r === 'undefined' && key != '') {
		r = '';
	} else if (typeof r === 'undefined') {
		r = '$';
	}

	if (typeof r === 'object') {
		return pre + TOKEN + JSON.stringify(r) + TOKEN;
	}
	return pre + r;
}

var ansiCEscape = /\\([0-7]{1,3}|x[\dA-Fa-f]{1,2}|u[\dA-Fa-f]{1,4}|U[\dA-Fa-f]{1,8}|c(?:\\\\|[\s\S])|[abeEfnrtv\\'"?])/g;

/**
 * @param {string} m
 * @param {string} escape
 */
function expandAnsiCEscape(m, escape) {
	var kind = escape.charAt(0);
	if (kind === 'c') {
		var ctrl = escape.charAt(1);
		return ctrl === '?' ? '\x7F' : String.fromCharCode(ctrl.charCodeAt(0) & 0x1F);
	}
	if (kind === 'x' || kind === 'u' || kind === 'U') {
		var cp = parseInt(escape.slice(1), 16);
		if (cp > 0x10FFFF) {
			return m;
		}
		return String.fromCharCode.apply(null, cp > 0xFFFF ? [0xD7C0 + (cp >> 10), 0xDC00 + (cp & 0x3FF)] : [cp]);
	}
	if (kind >= '0' && kind <= '7') {
		return String.fromCharCode(parseInt(escape, 8) & 0xFF);
	}
	var letter = ANSI_C_LETTERS.indexOf(escape);
	return letter < 0 ? escape : ANSI_C_CHARS.charAt(letter);
}

/** @param {string} body */
function expandAnsiC(body) {
	return body.replace(ansiCEscape, expandAnsiCEscape).split('\0')[0]; // like bash, a NUL ends the string
}

/**
 * @param {string} s
 * @param {number} i
 */
function closesAnsiC(s, i) {
	ansiCAt.lastIndex = i;
	return !!(/** @type {RegExpExecArray} */ (ansiCAt.exec(s)))[1];
}

/**
 * @param {string} string
 * @param {Env} [env]
 * @param {{ escape?: string, splitUnquoted?: boolean | string }} [opts]
 * @returns {ParseEntry[]}
 */
function parseInternal(string, env, opts) {
	if (!opts) {
		opts = {};
	}
	var BS = opts.escape || '\\';
	var ifs = opts.splitUnquoted === true ? ' \t\n' : (typeof opts.splitUnquoted === 'string' ? opts.splitUnquoted : '');
	var BAREWORD = '(\\' + BS + '[\'"$\\' + BS + META + ']|\\$\\$|\\$(?!' + ANSI_C_QUOTE.slice(2) + ')|[^\\s\'"$' + META + '])+';
	var DOUBLE_QUOTE = '"(?:\\' + BS + '[\\s\\S]|[^"\\' + BS + '])*"';

	var chunker = new RegExp([
		'(' + CONTROL + ')', // control chars
		'(' + ANSI_C_QUOTE + '|' + BAREWORD + '|' + DOUBLE_QUOTE + '|' + SINGLE_QUOTE + ')+'
	].join('|'), 'g');

	var matches = matchAll(string, chunker);

	if (matches.length === 0) {
		return [];
	}
	if (!env) {
		env = {};
	}

	var commented = false;

	return matches.map(function (match) {
		var s = match[0];
		if (!s || commented) {
			return void undefined;
		}
		if (controlRE.test(s)) {
			return /** @type {ControlOperator} */ ({ op: s });
		}

		// Hand-written scanner/parser for Bash quoting rules:
		//
		// 1. inside single quotes, all characters are printed literally.
		// 2. inside double quotes, all characters are printed literally
		//    except variables prefixed by '$' and backslashes followed by
		//    either a double quote or another backslash.
		// 3. outside of any quotes, backslashes are treated as escape
		//    characters and not printed (unless they are themselves escaped)
		// 4. quote context can switch mid-token if there is no whitespace
		//     between the two quote contexts (e.g. all'one'"token" parses as
		//     "allonetoken")
		/** @type {string | boolean} */
		var quote = false;
		var esc = false;
		var out = '';
		/** @type {string[]} */
		var words = [];
		var sawQuote = false;
		/** @type {number | null} */
		var pendingNw = null;
		var isGlob = false;
		/** @type {number} */
		var i;

		function parseEnvVar() {
			i += 1;
			/** @type {number | RegExpMatchArray | null} */
			var varend;
			/** @type {string} */
			var varname;
			var char = s.charAt(i);

			if (char === '{') {
				i += 1;
				if (s.charAt(i) === '}') {
					throw new Error('Bad substitution: ' + s.slice(i - 2, i + 1));
				}
				// match braces by depth so a nested `${` keeps its inner `}` from ending the outer substitution
				var depth = 1;
				varend = i;
				while (depth > 0 && varend < s.length) {
					if (s.charAt(varend) === '{' && s.charAt(varend - 1) === '$') {
						depth += 1;
					} else if (s.charAt(varend) === '}') {
						depth -= 1;
					}
					varend += 1;
				}
				if (depth !== 0) {
					throw new Error('Bad substitution: ' + s.slice(i));
				}
				varend -= 1;
				varname = s.slice(i, varend);
				i = varend;
			} else if ((/[*@#?$!-]/).test(char)) {
				varname = char;
			} else {
				var slicedFromI = s.slice(i);
				varend = slicedFromI.match(/[^\w\d_]/);
				if (!varend) {
					varname = slicedFromI;
					i = s.length;
				} else {
					varname = slicedFromI.slice(0, varend.index);
					i += /** @type {number} */ (varend.index) - 1;
				}
			}
			return getVar(/** @type {NonNullable<typeof env>} */ (env), '', varname);
		}

		function flushRun() {
			if (pendingNw === null) {
				return;
			}
			if (pendingNw === 0) {
				if (out !== '') {
					words[words.length] = out;
					out = '';
				}
			} else {
				words[words.length] = out;
				out = '';
				for (var fe = 1; fe < pendingNw; fe += 1) {
					words[words.length] = '';
				}
			}
			pendingNw = null;
		}

		for (i = 0; i < s.length; i++) {
			var c = s.charAt(i);
			if (ifs && c !== DS) {
				flushRun();
			}
			isGlob = isGlob || (!quote && (c === '*' || c === '?'));
			if (esc) {
				out += c;
				esc = false;
			} else if (quote) {
				if (c === quote) {
					quote = false;
				} else if (quote == SQ) {
					out += c;
				} else { // Double quote
					if (c === BS) {
						i += 1;
						c = s.charAt(i);
						if (c === DQ || c === BS || c === DS) {
							out += c;
						} else {
							out += BS + c;
						}
					} else if (c === DS) {
						out += parseEnvVar();
					} else {
						out += c;
					}
				}
			} else if (c === DQ || c === SQ) {
				quote = c;
				sawQuote = true;
			} else if (controlRE.test(c)) {
				return /** @type {ControlOperator} */ ({ op: s });
			} else if (hash.test(c)) {
				commented = true;
				var commentObj = { comment: string.slice(match.index + i + 1) };
				if (out.length) {
					return /** @type {const} */ ([out, commentObj]);
				}
				return /** @type {const} */ ([commentObj]);
			} else if (c === BS) {
				esc = true;
			} else if (c === DS && s.charAt(i + 1) === SQ && closesAnsiC(s, i)) {
				flushRun();
				sawQuote = true;
				out += expandAnsiC(s.slice(i + 2, ansiCAt.lastIndex - 1));
				i = ansiCAt.lastIndex - 1;
			} else if (c === DS) {
				var value = parseEnvVar();
				if (!ifs) {
					out += value;
				} else {
					for (var vi = 0; vi < value.length; vi += 1) {
						var vc = value.charAt(vi);
						if (ifs.indexOf(vc) < 0) {
							flushRun();
							out += vc;
						} else if (pendingNw === null) {
							pendingNw = vc === ' ' || vc === '\t' || vc === '\n' ? 0 : 1;
						} else if (vc !== ' ' && vc !== '\t' && vc !== '\n') {
							pendingNw += 1;
						}
					}
				}
			} else {
				out += c;
			}
		}

		if (isGlob) {
			return /** @type {GlobPattern} */ ({ op: 'glob', pattern: out });
		}

		if (ifs) {
			if (pendingNw !== null && pendingNw > 0) {
				words[words.length] = out;
				out = '';
				for (var te = 1; te < pendingNw; te += 1) {
					words[words.length] = '';
				}
			}
			if (out !== '' || (sawQuote && words.length === 0)) {
				words[words.length] = out;
			}
			return words;
		}

		return out;
	}).reduce(function (prev, arg) { // finalize parsed arguments
		if (typeof arg === 'undefined') {
			return prev;
		}
		/** @type {ParseEntry[]} */ ([]).concat(arg).forEach(function (entry) {
			prev[prev.length] = entry;
		});
		return prev;
	}, /** @type {ParseEntry[]} */ ([]));
}

/** @type {typeof import('./parse')} */
module.exports = function parse(s, env, opts) {
	var mapped = parseInternal(s, env, opts);
	if (typeof env !== 'function') {
		return mapped;
	}
	return mapped.reduce(function (acc, s) {
		if (typeof s === 'object') {
			acc[acc.length] = s;
			return acc;
		}
		var xs = s.split(RegExp('(' + TOKEN + '.*?' + TOKEN + ')', 'g'));
		if (xs.length === 1) {
			acc[acc.length] = xs[0];
			return acc;
		}
		xs.filter(Boolean).forEach(function (x) {
			acc[acc.length] = startsWithToken.test(x)
				? JSON.parse(x.split(TOKEN)[1])
				: x;
		});
		return acc;
	}, /** @type {ParseEntry[]} */ ([]));
};


/***/ }),

/***/ 5335:
/***/ ((module) => {



/** @import { ControlOperator } from './parse' */

/** @type {ControlOperator['op'][]} */
var OPS = /** @type {const} */ ([
	'||',
	'&&',
	';;&',
	';;',
	';&',
	'|&',
	'<(',
	'>(',
	'<<<',
	'<<-',
	'<<',
	'>>',
	'>&',
	'>|',
	'&>>',
	'&>',
	'<&',
	'<>',
	'&',
	';',
	'(',
	')',
	'|',
	'<',
	'>'
]);
var LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
var GLOB_SHELL_SPECIAL = /[\s#!"$&'():;<=>@\\^`|~]/g;

/** @type {typeof import('./quote')} */
module.exports = function quote(xs) {
	var sawComment = false;
	return xs.map(function (s) {
		if (sawComment && typeof s === 'string' && LINE_TERMINATORS.test(s)) {
			throw new TypeError('a token after a `comment` must not contain line terminators');
		}
		if (s === '') {
			return /** @type {const} */ ('\'\'');
		}
		if (s && typeof s === 'object') {
			if ('op' in s && s.op === 'glob') {
				if (typeof s.pattern !== 'string') {
					throw new TypeError('glob token requires a string `pattern`');
				}
				if (LINE_TERMINATORS.test(s.pattern)) {
					throw new TypeError('glob `pattern` must not contain line terminators');
				}
				if (s.pattern === '') {
					return /** @type {const} */ ('\'\'');
				}
				return s.pattern.replace(GLOB_SHELL_SPECIAL, '\\$&');
			}
			if ('op' in s && typeof s.op === 'string') {
				if (OPS.indexOf(s.op) < 0) {
					throw new TypeError('invalid `op` value: ' + JSON.stringify(s.op));
				}
				return s.op.replace(/[\s\S]/g, '\\$&');
			}
			if ('comment' in s && typeof s.comment === 'string') {
				if (LINE_TERMINATORS.test(s.comment)) {
					throw new TypeError('`comment` must not contain line terminators');
				}
				sawComment = true;
				return '#' + s.comment;
			}
			throw new TypeError('unrecognized object token shape');
		}
		if ((/'/).test(s) && (/!/).test(s)) {
			return "'" + s.replace(/'/g, "'\"'\"'") + "'";
		}
		if ((/["\s\\]/).test(s) && !(/'/).test(s)) {
			return "'" + s + "'";
		}
		if ((/["'\s]/).test(s)) {
			return '"' + s.replace(/(["\\$`])/g, '\\$1') + '"';
		}
		return String(s).replace(/([A-Za-z]:)?([#!"$&'()*,:;<=>?@[\\\]^`{|}~])/g, '$1\\$2');
	}).join(' ');
};


/***/ }),

/***/ 701:
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
// EXTERNAL MODULE: ./src/core/auth-keys.ts
var auth_keys = __webpack_require__(3178);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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

// EXTERNAL MODULE: ./src/core/kubernetes.ts
var kubernetes = __webpack_require__(4215);
// EXTERNAL MODULE: ./src/core/postgres-url.ts
var postgres_url = __webpack_require__(8412);
// EXTERNAL MODULE: ./src/core/urls.ts
var urls = __webpack_require__(1221);
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __webpack_require__(6591);
;// CONCATENATED MODULE: ./src/core/config/split-args.ts
/** deploy-args: a command line split like a POSIX shell would, without running one. */


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

;// CONCATENATED MODULE: ./src/core/config/derive.ts
/**
 * Values built from several inputs and the environment (the public URLs, the Postgres URL) or
 * parsed beyond their kind (env-vars, deploy-args, jwt-private-key, frontend-url). A value that
 * cannot be built becomes a problem of the input it came from, and is undefined.
 */






function envVars(text, problems) {
    const vars = problems.try("env-vars", () => parseEnvVarsInput(text, "env-vars")) ?? [];
    for (const [name] of vars) {
        if (MANAGED_DEPLOYMENT_NAMES.includes(name))
            problems.add("env-vars", `${name} is set by setup-coder-convex itself; remove it (use jwt-private-key or site-url instead).`);
    }
    return vars;
}
function deployArgs(text, problems) {
    const args = problems.try("deploy-args", () => splitArgs(text)) ?? [];
    if (args.some((a) => a === "--preview-create" || a.startsWith("--preview-create=")))
        problems.add("deploy-args", "--preview-create makes convex deploy crash against a self-hosted backend (it has no preview deployments); run one instance per preview with its own project-name instead.");
    return args;
}
/** From ingress-host when given (and valid), else from the URL inputs and the environment (Coder). */
function publicUrls(v, env, problems) {
    const host = v["ingress-host"];
    const hosts = host
        ? problems.try("ingress-host", () => (0,kubernetes/* deriveIngressHosts */.e)(host, v["instance-name"]))
        : undefined;
    if (hosts)
        return (0,kubernetes/* deriveIngressUrls */.ll)(hosts, v["ingress-tls-secret"] !== undefined, (0,urls/* isCoderWorkspace */.L2)(env));
    const explicit = Boolean(v["convex-url"] || v["site-url"]);
    const wildcardDomain = v["coder-wildcard-domain"];
    // Blamed on the input that would fix it: the wildcard domain inside Coder, else the URLs.
    const field = !explicit && (wildcardDomain || (0,urls/* isCoderWorkspace */.L2)(env)) ? "coder-wildcard-domain" : "convex-url";
    return problems.try(field, () => (0,urls/* deriveUrls */.Cm)(env, {
        convexUrl: v["convex-url"],
        siteUrl: v["site-url"],
        dashboardUrl: v["dashboard-url"],
        style: v["url-style"],
        wildcardDomain,
        slugs: { api: v["api-slug"], site: v["site-slug"], dashboard: v["dashboard-slug"] },
        ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
    }));
}
/** The Postgres URL given or found in the environment, normalised, with its database. */
function postgres(v, env, problems) {
    const selected = (0,postgres_url/* selectPostgresUrl */.jA)(v["postgres-url"], env);
    if (!selected)
        return undefined;
    const url = problems.try(selected.source, () => ({
        ...(0,postgres_url/* normalizePostgresUrl */.mq)(selected.url, v["postgres-sslmode"], selected.source),
        name: (0,postgres_url/* deriveDatabaseName */.iC)(v["instance-name"]),
    }));
    return url && { url, source: selected.source };
}
function deriveValues(v, env, problems) {
    const jwt = v["jwt-private-key"];
    const frontendUrl = v["frontend-url"];
    return {
        envVars: envVars(v["env-vars"] ?? "", problems),
        deployArgs: deployArgs(v["deploy-args"] ?? "", problems),
        publicUrls: publicUrls(v, env, problems),
        postgres: postgres(v, env, problems),
        jwtKeyPair: jwt
            ? problems.try("jwt-private-key", () => (0,auth_keys/* deriveJwtKeyPair */.OJ)(jwt, "jwt-private-key"))
            : undefined,
        frontendUrl: frontendUrl
            ? problems.try("frontend-url", () => (0,urls/* normalizePublicUrl */.ws)(frontendUrl, "frontend-url"))
            : undefined,
    };
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

;// CONCATENATED MODULE: ./src/core/inputs.ts
/**
 * Every input of the action (and flag of `setup-coder-convex up`), declared once: its kind,
 * choices, range and default drive the parser (core/config/read-inputs.ts), action.yml is
 * generated from it and checked by a test.
 */

/** Where the backend runs (the `target` input's choices). */
const TARGETS = ["compose", "connect", "kubernetes"];
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
        choices: TARGETS,
        default: "compose",
        description: "Where the backend runs: compose (started here with docker compose), connect (already running elsewhere: a Coder sidecar, a Helm release; give convex-url, site-url and instance-secret or admin-key), or kubernetes (one instance per instance-name in namespace, applied with kubectl and the runner's kubeconfig).",
    },
    {
        name: "admin-key",
        kind: "string",
        targets: ["connect"],
        offTargetNote: "with compose the key is computed from the instance secret",
        description: "target: connect only: the backend's admin key (instead of instance-secret).",
    },
    {
        name: "namespace",
        kind: "string",
        targets: ["kubernetes"],
        ignoredOffTarget: true,
        default: "convex-previews",
        description: "target: kubernetes: the namespace of the instance's objects (created when missing).",
    },
    {
        name: "ingress-host",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: host name template with {instance}, e.g. {instance}.preview.example.com: the API at that host, the site proxy at {instance}-site..., the dashboard at {instance}-dashboard.... Without it the API is reached through kubectl port-forward during the run.",
    },
    {
        name: "ingress-class",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: the Ingress's ingressClassName (default: the cluster's default class).",
    },
    {
        name: "ingress-tls-secret",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: a TLS Secret in namespace for the Ingress hosts; the URLs are https when given, http otherwise.",
    },
    {
        name: "volume-size",
        kind: "string",
        targets: ["kubernetes"],
        ignoredOffTarget: true,
        default: "1Gi",
        description: "target: kubernetes: size of the backend's data volume (a PersistentVolumeClaim of the cluster's default storage class).",
    },
    {
        name: "render-only",
        kind: "boolean",
        targets: ["kubernetes"],
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
        choices: postgres_url/* SSL_MODES */.yj,
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
        kind: "multiline",
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
        min: 1,
        max: 3600,
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
        targets: ["compose", "kubernetes"],
        ignoredOffTarget: true,
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

// EXTERNAL MODULE: ./src/core/admin-key.ts
var admin_key = __webpack_require__(7158);
;// CONCATENATED MODULE: ./src/core/config/seed.ts
/** seed-function, seed-args and seed-import: what `convex run` and `convex import` take. */
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
function suggestTableName(name) {
    const cleaned = name.replace(/\W+/g, "_").replace(/^_+/, "").slice(0, 64);
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `t_${cleaned}`.slice(0, 64);
}
/** What is wrong with seed-function, if anything. */
function checkSeedFunction(fn) {
    if (isFunctionPath(fn))
        return undefined;
    return `"${fn}" is not a Convex function name: give it as convex run takes it, module:export relative to the functions folder (e.g. seed:init for the export init of convex/seed.ts, or admin/seed:run).`;
}
/** What is wrong with seed-args (it must be a JSON object), if anything. */
function checkSeedArgs(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        return `is not valid JSON (${error.message}): give a JSON object, e.g. {"users": 10}.`;
    }
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
        return undefined;
    const kind = parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`;
    return `must be a JSON object (the function's named arguments), not ${kind}: e.g. {"users": 10}.`;
}
/** What is wrong with seed-import, a file relative to the working directory `base`, if anything. */
function checkSeedImport(file, base) {
    const ext = SEED_IMPORT_EXTENSIONS.find((e) => file.endsWith(e));
    const table = seedImportTable(file);
    if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith("\\"))
        return `"${file}" is an absolute path: give the file's path in the repository, relative to working-directory (e.g. seed/users.jsonl).`;
    if (climbsOut(base.startsWith("/") ? file : `${base}/${file}`))
        return `"${file}" climbs out of the repository with ..: the file must be inside it; give its path relative to working-directory.`;
    if (ext === undefined)
        return `"${file}" must end in .zip (a snapshot export: all its tables), or .jsonl, .json or .csv (one table, named after the file): convex import picks the format from the extension (lowercase). Rename the file.`;
    if (table !== undefined && !TABLE_NAME_RE.test(table))
        return `imports "${file}" into the table named after the file, and "${table}" is not a valid Convex table name (a letter first, then letters, digits or _, at most 64 characters): rename the file, e.g. to ${suggestTableName(table)}${ext}.`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/config/field-checks.ts
/**
 * Checks of one input's text that its kind cannot express (a name's grammar, a file's place),
 * one per input, each returning what is wrong. The reader runs them on the inputs that mean
 * something with the chosen target.
 */



const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;
const ADMIN_KEY_RE = /^[^\s|]+\|[0-9a-f]+$/;
/**
 * A docker image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker's reference
 * grammar allows; nothing that docker could take as an option (a leading -) or that compose
 * would interpolate ($).
 */
const IMAGE_REF_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
function isImageReference(text) {
    return IMAGE_REF_RE.test(text);
}
const field_checks_image = (ref) => isImageReference(ref)
    ? undefined
    : `"${ref}" is not a docker image reference (registry/name:tag or name@sha256:digest, lowercase, no leading - or $).`;
const kubeObjectName = (name) => (0,kubernetes/* isDnsSubdomain */.sg)(name)
    ? undefined
    : `"${name}" is not a Kubernetes object name (lowercase letters, digits, - and .).`;
const FIELD_CHECKS = {
    "instance-name": (name) => INSTANCE_NAME_RE.test(name) && name.length <= 63
        ? undefined
        : `"${name}" must be lowercase letters and digits separated by single - or _ (at most 63 characters); it becomes the admin key prefix and the database name.`,
    // Never quoted: it is a secret.
    "instance-secret": (secret) => (0,admin_key/* isInstanceSecret */.kA)(secret)
        ? undefined
        : "must be exactly 64 hexadecimal characters; leave it empty to reuse or generate one.",
    "admin-key": (key) => ADMIN_KEY_RE.test(key)
        ? undefined
        : "is not an admin key (instance-name|hex, as generate_admin_key.sh prints it).",
    "project-name": (name) => PROJECT_RE.test(name)
        ? undefined
        : `"${name}" must be lowercase letters, digits, - and _, starting with a letter or digit.`,
    "backend-image": field_checks_image,
    "dashboard-image": field_checks_image,
    namespace: (ns) => (0,kubernetes/* isDnsLabel */.Cd)(ns)
        ? undefined
        : `"${ns}" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.`,
    "ingress-class": kubeObjectName,
    "ingress-tls-secret": kubeObjectName,
    "volume-size": (size) => (0,kubernetes/* isQuantity */.Ep)(size) && /[1-9]/.test(size)
        ? undefined
        : `"${size}" is not a storage size such as 1Gi or 500Mi.`,
    "seed-function": checkSeedFunction,
    "seed-args": checkSeedArgs,
    "seed-import": (file, values) => checkSeedImport(file, values["working-directory"]),
};

;// CONCATENATED MODULE: ./src/core/config/read-inputs.ts
/**
 * Raw strings to typed values, driven by the INPUTS table: each input's kind, choices, range
 * and default (core/inputs.ts), then its field check (field-checks.ts). A bad value becomes a
 * problem naming the input, and a stand-in value so that the other inputs are still read.
 */



/** The whole numbers a port or integer input takes. */
function rangeOf(spec) {
    if (spec.kind === "port")
        return [1, 65535];
    if (spec.min === undefined || spec.max === undefined)
        throw new Error(`input ${spec.name}: no min/max`);
    return [spec.min, spec.max];
}
/** Whether an input means something with this target (see InputSpec.targets). */
function isForTarget(spec, target) {
    return spec.targets === undefined || spec.targets.includes(target);
}
/** One input by its kind: its value, and what is wrong with the text when it was refused. */
function readKind(spec, raw) {
    // Blank is absent: the default applies.
    const text = raw?.trim() || spec.default;
    if (text === undefined)
        return { value: undefined };
    switch (spec.kind) {
        case "string":
            return { value: text };
        case "multiline":
            return { value: raw?.trim() ? raw : text };
        case "boolean": {
            const value = parseBoolean(text);
            if (value !== undefined)
                return { value };
            return { value: false, problem: `"${raw}" is not a boolean; use true or false.` };
        }
        case "port":
        case "integer": {
            const [min, max] = rangeOf(spec);
            const value = Number(text);
            if (/^\d+$/.test(text) && value >= min && value <= max)
                return { value };
            return { value: min, problem: `"${text}" must be a whole number from ${min} to ${max}.` };
        }
        case "enum": {
            const choices = spec.choices ?? [];
            if (choices.includes(text))
                return { value: text };
            return { value: choices[0], problem: `"${text}" is not one of ${choices.join(", ")}.` };
        }
    }
}
/** Reads every input; each problem is added to `problems`, in the table's order. */
function readInputs(raw, problems) {
    const specs = INPUTS;
    const read = new Map(specs.map((spec) => [spec.name, readKind(spec, raw[spec.name])]));
    const values = Object.fromEntries([...read].map(([name, r]) => [name, r.value]));
    const given = new Set(specs.filter((s) => raw[s.name]?.trim()).map((s) => s.name));
    const invalid = new Set();
    for (const spec of specs) {
        const { value, problem } = read.get(spec.name);
        const check = FIELD_CHECKS[spec.name];
        // An input of another target is ignored (its text does not matter), or refused when it asks
        // for something (rules.ts): its kind is still checked there, so that a mistyped "true" is not
        // taken for off.
        const forTarget = isForTarget(spec, values.target);
        if (!forTarget && spec.ignoredOffTarget)
            continue;
        const message = problem ?? (check && value !== undefined && forTarget ? check(value, values) : undefined);
        if (message === undefined)
            continue;
        problems.add(spec.name, message);
        invalid.add(spec.name);
    }
    return { values, given, invalid };
}

;// CONCATENATED MODULE: ./src/core/config/rules.ts



const problem = (field, message) => [{ field, message }];
const none = [];
/** A boolean asks for something when on; another input when given. */
const asksFor = ({ values, given }, name) => {
    const value = values[name];
    return typeof value === "boolean" ? value : given.has(name);
};
/** Inputs of other targets (InputSpec.targets) are refused: they would do nothing. */
const inputsOfOtherTargets = (ctx) => INPUTS
    .filter((s) => !isForTarget(s, ctx.values.target) && !s.ignoredOffTarget && asksFor(ctx, s.name))
    .map((s) => ({
    field: s.name,
    message: `is for target: ${s.targets.join(" or ")} only${s.offTargetNote ? `; ${s.offTargetNote}` : ` (target is ${ctx.values.target})`}.`,
}));
const portsDiffer = ({ values }) => {
    const ports = [values["api-port"], values["site-port"]];
    if (values.dashboard)
        ports.push(values["dashboard-port"]);
    return new Set(ports).size === ports.length
        ? none
        : problem("api-port", "api-port, site-port and dashboard-port must all differ.");
};
const connectNeedsUrls = ({ values }) => values.target === "connect" && !(values["convex-url"] && values["site-url"])
    ? problem("target", "connect needs convex-url and site-url: the URLs of the running backend's API and site proxy.")
    : none;
const connectNeedsKey = ({ values }) => values.target === "connect" && !values["instance-secret"] && !values["admin-key"]
    ? problem("target", "connect needs instance-secret (or admin-key) of the running backend to configure it.")
    : none;
const adminKeyOfThisInstance = ({ values, invalid }) => {
    const key = values["admin-key"];
    const name = values["instance-name"];
    if (values.target !== "connect" || key === undefined || invalid.has("admin-key"))
        return none;
    return key.startsWith(`${name}|`)
        ? none
        : problem("admin-key", `belongs to another instance: its prefix must be instance-name (${name}).`);
};
/** The seed input given (seed-function first), if any. */
const seedGiven = (values) => values["seed-function"] ? "seed-function" : values["seed-import"] ? "seed-import" : undefined;
const seedNeedsDeploy = ({ values }) => {
    const seed = seedGiven(values);
    return seed && !values.deploy
        ? problem(seed, "seeds a deployment after its first deploy; it needs deploy: true.")
        : none;
};
const seedNotWithRenderOnly = ({ values }) => {
    const seed = seedGiven(values);
    return seed && values["render-only"]
        ? problem(seed, "does nothing with render-only (nothing is deployed): seed when you deploy (up --target connect after applying).")
        : none;
};
const seedArgsNeedFunction = ({ values }) => values["seed-args"] !== undefined && values["seed-function"] === undefined
    ? problem("seed-args", "holds arguments for seed-function, which is not set: set seed-function or remove seed-args.")
    : none;
const seedAlwaysNeedsSeed = ({ values }) => values["seed-always"] && !seedGiven(values)
    ? problem("seed-always", "is true but there is nothing to seed: set seed-function or seed-import, or remove seed-always.")
    : none;
const dropDatabaseOnlyWithDown = ({ values }) => values["drop-database"] && values.command !== "down"
    ? problem("drop-database", "is for command: down (removing a preview); remove it from this step.")
    : none;
/** With command down, each step assumes the ones before it hold: one problem at most. */
const dropDatabaseOnlyPreviews = ({ values, postgres }) => {
    if (!values["drop-database"] || values.command !== "down")
        return none;
    const prefix = values["preview-prefix"];
    const name = values["instance-name"];
    if (!postgres)
        return problem("drop-database", "has no database to drop: the backend uses SQLite unless postgres-url (or DATABASE_URL) is set.");
    if (!/^[a-z0-9][a-z0-9_-]*[-_]$/.test(prefix))
        return problem("preview-prefix", `"${prefix}" must be lowercase letters, digits, - and _, ending in - or _ (as pr-): it is what keeps drop-database away from other databases, and without the separator "pr" would match "prod".`);
    if (!name.startsWith(prefix))
        return problem("drop-database", `refused: instance-name "${name}" does not start with preview-prefix "${prefix}", so its database (${postgres.url.name}) is not a preview's.`);
    return none;
};
/** Only for up: down may reach the same server through a tunnel (drop-database). */
const kubernetesPostgresReachable = ({ values, postgres }) => values.target === "kubernetes" &&
    values.command !== "down" &&
    postgres &&
    /^(localhost\.?$|127\.|::1$|\[::1\])/.test(postgres.url.host)
    ? problem(postgres.source, `points at ${postgres.url.host}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. postgres.db.svc.cluster.local; with postgres-preflight: false when this runner cannot reach it), or no Postgres URL for the embedded SQLite.`)
    : none;
const kubernetesInstanceNameLength = ({ values }) => {
    const name = values["instance-name"];
    return values.target === "kubernetes" && name.length > kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ
        ? problem("instance-name", `"${name}" is longer than ${kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ} characters, too long for target kubernetes (its StatefulSet's pods carry a label of at most 63 characters built from it).`)
        : none;
};
/** Object names cannot hold _: a_b and a-b would be the same objects, so _ is refused. */
const kubernetesInstanceNameNoUnderscore = ({ values }) => {
    const name = values["instance-name"];
    return values.target === "kubernetes" && name.includes("_")
        ? problem("instance-name", `"${name}" holds _, which Kubernetes object names and host names cannot: use - (e.g. ${name.replaceAll("_", "-")}).`)
        : none;
};
const ingressNeedsHost = ({ values }) => {
    const given = values["ingress-class"]
        ? "ingress-class"
        : values["ingress-tls-secret"]
            ? "ingress-tls-secret"
            : undefined;
    return values.target === "kubernetes" && given && !values["ingress-host"]
        ? problem(given, "needs ingress-host: without it no Ingress is made.")
        : none;
};
const ingressHostOrUrls = ({ values }) => values.target === "kubernetes" && values["ingress-host"] && (values["convex-url"] || values["site-url"])
    ? problem("ingress-host", "and convex-url/site-url both say where the backend is public: give one of them.")
    : none;
/** Inputs that target kubernetes would silently ignore: an error instead. */
const kubernetesIgnores = (ctx) => {
    if (ctx.values.target !== "kubernetes")
        return none;
    const ignored = [
        ["cache-images", "the cluster pulls the images itself"],
        ["project-name", "kubernetes objects are named after instance-name"],
    ];
    if (ctx.values["ingress-host"])
        for (const name of ["dashboard-url", "url-style", "coder-wildcard-domain"])
            ignored.push([name, "ingress-host gives the public URLs"]);
    // A boolean that is not off (on, or not a boolean at all) asks for something.
    const asks = (name) => ctx.given.has(name) &&
        (typeof ctx.values[name] !== "boolean" || ctx.values[name] || ctx.invalid.has(name));
    return ignored
        .filter(([name]) => asks(name))
        .map(([name, why]) => ({
        field: name,
        message: `does nothing with target kubernetes (${why}): remove it.`,
    }));
};
/** Every rule, in the order their problems are reported. */
const RULES = [
    inputsOfOtherTargets,
    portsDiffer,
    kubernetesInstanceNameLength,
    kubernetesInstanceNameNoUnderscore,
    ingressNeedsHost,
    ingressHostOrUrls,
    kubernetesIgnores,
    kubernetesPostgresReachable,
    seedNeedsDeploy,
    seedNotWithRenderOnly,
    seedArgsNeedFunction,
    seedAlwaysNeedsSeed,
    dropDatabaseOnlyWithDown,
    dropDatabaseOnlyPreviews,
    adminKeyOfThisInstance,
    connectNeedsUrls,
    connectNeedsKey,
];

;// CONCATENATED MODULE: ./src/core/config.ts
/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do:
 * the inputs are read by the INPUTS table (config/read-inputs.ts), values made of several inputs
 * are derived (config/derive.ts), then the rules between inputs run (config/rules.ts).
 */









/** Builds the configuration or throws a ConfigError listing every problem. */
function parseConfig(raw, env = {}) {
    const problems = new errors/* ProblemList */.Ku();
    const read = readInputs(raw, problems);
    const derived = deriveValues(read.values, env, problems);
    for (const rule of RULES)
        for (const p of rule({ ...read, postgres: derived.postgres }))
            problems.add(p.field, p.message);
    problems.throwIfAny();
    return buildConfig(read.values, derived, env);
}
/** The configuration from inputs that are all valid. */
function buildConfig(v, d, env) {
    const target = v.target;
    const instanceSecret = v["instance-secret"];
    return {
        workingDirectory: v["working-directory"],
        publicUrls: d.publicUrls,
        postgres: {
            url: d.postgres?.url,
            sslmode: v["postgres-sslmode"],
            preflight: v["postgres-preflight"],
            createDatabase: v["create-database"],
            dropDatabase: v["drop-database"],
            previewPrefix: v["preview-prefix"],
        },
        instanceName: v["instance-name"],
        ...(instanceSecret ? { instanceSecret: instanceSecret.toLowerCase() } : {}),
        ...(d.jwtKeyPair ? { jwtKeyPair: d.jwtKeyPair } : {}),
        images: {
            ...(v["backend-image"] ? { backend: v["backend-image"] } : {}),
            ...(v["dashboard-image"] ? { dashboard: v["dashboard-image"] } : {}),
        },
        dashboard: v.dashboard,
        ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
        envVars: d.envVars,
        deploy: v.deploy,
        verify: v.verify,
        deployArgs: d.deployArgs,
        waitTimeoutMs: v["wait-timeout"] * 1000,
        exportEnv: v["export-env"],
        // A compose stack lives as long as the job; a kubernetes preview outlives it.
        cleanup: target === "connect" ? false : (v.cleanup ?? target === "compose"),
        cacheImages: v["cache-images"],
        frontend: {
            directories: (v["frontend-directories"] ?? "")
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter((l) => l.length > 0 && !l.startsWith("#")),
            url: d.frontendUrl,
            port: v["frontend-port"],
            urlForPort: (port) => (0,urls/* deriveFrontendUrl */.$W)(env, port, v["coder-wildcard-domain"]),
        },
        auth: v.auth,
        target,
        kubernetes: {
            namespace: v.namespace,
            ingressHost: v["ingress-host"],
            ingressClass: v["ingress-class"],
            tlsSecret: v["ingress-tls-secret"],
            volumeSize: v["volume-size"],
            renderOnly: v["render-only"],
        },
        seed: {
            function: v["seed-function"],
            args: v["seed-args"] ?? "{}",
            import: v["seed-import"],
            always: v["seed-always"],
        },
        command: v.command,
        ...(v["admin-key"] ? { adminKey: v["admin-key"] } : {}),
        ...(v["project-name"] ? { projectName: v["project-name"] } : {}),
    };
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
// EXTERNAL MODULE: ./src/core/app.ts + 11 modules
var app = __webpack_require__(2634);
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

// EXTERNAL MODULE: ./src/core/client-env.ts
var client_env = __webpack_require__(7606);
// EXTERNAL MODULE: ./src/core/env-file.ts
var env_file = __webpack_require__(7035);
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
    const values = before ? (0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(before)) : {};
    for (const name of project/* CONFLICTING_CLI_VARS */.Xe) {
        if (values[name])
            report.warn(`${path} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`);
    }
    const merged = (0,env_file/* mergeEnvFile */.Mv)(before, entries);
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
    const byDir = new Map([[layout.dir, (0,client_env/* deriveCliEnv */.rY)(endpoints, adminKey)]]);
    for (const f of frontends) {
        const list = byDir.get(f.dir) ?? [];
        list.push(...(0,client_env/* deriveFrontendEnv */.t8)(f.framework, endpoints));
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
                    privateKeyValue: (0,auth_keys/* renderJwtPrivateKeyValue */.HL)(keys.jwt.privateKeyPem),
                    jwks: keys.jwt.jwks,
                    frontendUrl,
                },
            }
            : {}),
        siteUrl,
        envVars: config.envVars,
        userVars: Object.entries((0,env_file/* envValues */.Qo)(text ? (0,env_file/* splitUserSection */.HM)(text, core_layout/* USER_MARKER */.HT).user : [])),
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
// EXTERNAL MODULE: ./src/phases/preflight.ts
var phases_preflight = __webpack_require__(4155);
;// CONCATENATED MODULE: ./src/phases/postgres.ts



async function preparePostgres(config, postgres, report) {
    const { logger } = report;
    const db = config.postgres.url;
    if (!db) {
        logger.info(phases_preflight/* NO_POSTGRES_MESSAGE */.wB);
        return { preflight: undefined, container: undefined };
    }
    const notes = (0,phases_preflight/* postgresNotes */.df)(db);
    for (const w of notes.warnings)
        report.warn(w);
    for (const i of notes.infos)
        logger.info(i);
    const container = (0,postgres_url/* planContainerDatabaseUrl */.lM)(db);
    (0,runtime/* maskAll */.gh)(logger, container.url);
    if (!config.postgres.preflight || !postgres) {
        logger.info("Preflight skipped (postgres-preflight: false).");
        return { preflight: undefined, container };
    }
    const preflight = await (0,phases_preflight/* checkPostgres */.Yt)(postgres, db, config.postgres.createDatabase);
    logger.info((0,phases_preflight/* describePreflight */.Vv)(db, preflight));
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
    ["backendEnv", (t) => ((0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(t)).INSTANCE_SECRET ? "INSTANCE_SECRET" : undefined)],
    ["privateKey", (t) => (t.trim() ? "the JWT private key" : undefined)],
    [
        "frontendEnv",
        (t) => (0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(t)).CONVEX_SELF_HOSTED_ADMIN_KEY ? "CONVEX_SELF_HOSTED_ADMIN_KEY" : undefined,
    ],
    [
        "deploymentEnv",
        (t) => {
            // Empty values count too: a planted name can still clash with a managed one.
            const names = Object.keys((0,env_file/* envValues */.Qo)((0,env_file/* splitUserSection */.HM)(t, core_layout/* USER_MARKER */.HT).user));
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
    const backendEnv = (0,env_file/* mergeEnvFile */.Mv)(backendBefore, [
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
    const deploymentEnv = (0,env_file/* mergeEnvFile */.Mv)(deploymentBefore, managedDeploymentFileEntries({ siteUrl: input.siteUrl, jwks: input.jwt?.jwks }), {
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
            ? (0,core_compose/* deriveDroppedEnv */.LO)(Object.keys((0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(backendEnv.text))))
            : [],
    };
}

// EXTERNAL MODULE: ./src/targets/compose.ts
var compose = __webpack_require__(1138);
// EXTERNAL MODULE: ./src/targets/index.ts + 3 modules
var targets = __webpack_require__(4803);
;// CONCATENATED MODULE: ./src/setup.ts
/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */





















async function setup(config, deps) {
    const { logger, clock } = deps;
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
    // Where the backend runs: picked once (src/targets/).
    const target = (0,targets/* createTarget */.Yn)(config, deps, layout);
    const run = { config, layout, report, phase, deps, target, timings, warnings };
    try {
        return await pipeline(run);
    }
    finally {
        await target.close();
        await run.lock?.release();
    }
}
/** The phases in order, from the checks to the result. */
async function pipeline(run) {
    const { config, deps, target, layout, report, phase, timings, warnings } = run;
    const { logger, clock } = deps;
    const urls = config.publicUrls;
    for (const w of target.warnings)
        report.warn(w);
    maskConfiguredSecrets(config, logger);
    // The images are made present in the background (compose) while the run prepares; a failure
    // before the start stops that.
    const ensure = deps.ensureImages ?? ((list, signal, warn) => (0,phases_images/* pullAll */.T)(deps.docker, list, signal, warn));
    const pull = (0,phases_images/* startImages */.z)(target.images.length ? ensure : async () => { }, target.images, clock, report.warn);
    deps.stop?.addEventListener("abort", () => pull.abort(), { once: true });
    // RSA-2048 generation takes 100-300 ms (a random prime search): started now on libuv's
    // thread pool, used by the Keys phase only if a key has to be generated.
    let pregenerated;
    // An unused key is never printed; the Keys phase masks the one it uses.
    const generate = () => (pregenerated ??= (0,auth_keys/* generateJwtKey */.KR)());
    if (!config.jwtKeyPair && config.auth !== "none")
        void generate().catch(() => { });
    const prepared = await prepare(run, generate).catch((error) => {
        pull.abort(); // nothing will use the images now
        throw error;
    });
    const { files, app, project, keys, changes, postgres, written } = prepared;
    /** What every result says, whatever ran (timings and warnings fill as the run goes). */
    const known = {
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        dashboardUrl: urls.dashboardUrl,
        hostApiUrl: target.hostApiUrl,
        urlSource: urls.source,
        instanceName: config.instanceName,
        postgresDatabase: config.postgres.url?.name,
        postgres: postgres.preflight,
        workingDirectory: layout.dir,
        keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
        timings,
        warnings,
    };
    const started = await target.start(run, { keys, postgres, written, files, pull });
    if (started) {
        // render-only: the manifests are written, nothing runs; the result says what was made.
        return {
            ...known,
            ...target.describe(started.rendered),
            adminKey: keys.adminKey,
            adminKeySource: "computed",
            deployed: false,
            seeded: false,
            verified: [],
            deploymentVariables: [],
            written: [...written.written.map((n) => layout.path(n)), started.rendered],
            frontends: [],
        };
    }
    const admin = deps.admin(target.hostApiUrl);
    await phase("Wait for the backend", () => target.wait(run, admin));
    const adminKey = await phase("Admin key", () => target.confirmAdminKey(run, admin, keys));
    const endpoints = {
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        dashboardUrl: urls.dashboardUrl,
        hostApiUrl: target.hostApiUrl,
    };
    const envFilesChanged = await phase("Deployment environment", async () => {
        await setDeploymentVariables(admin, adminKey.key, changes, report);
        return writeClientEnvFiles(endpoints, adminKey.key, app.frontends, files, layout, report);
    });
    const seeded = project ? await deployAndSeed(run, admin, adminKey.key, project, files) : false;
    const verified = config.verify
        ? await phase("Verify", () => verify(run, adminKey.key, changes.map((c) => c.name), app.convexAuth && project !== undefined))
        : [];
    return {
        ...known,
        ...target.describe(),
        adminKey: adminKey.key,
        adminKeySource: adminKey.source,
        deployed: project !== undefined,
        seeded,
        verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
        deploymentVariables: changes.map((c) => c.name),
        written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
        frontends: app.frontends.map((f) => ({ dir: f.dir, framework: f.framework })),
    };
}
/** Everything before the backend starts: checks, the app, keys, variables, Postgres, files. */
async function prepare(run, generate) {
    const { config, deps, target, layout, report, phase } = run;
    const { logger } = deps;
    const urls = config.publicUrls;
    const { files, root } = await phase("Repository", () => checkRepository(layout, deps, report));
    run.lock = deps.lock ? await deps.lock(layout.dir, (m) => logger.info(m)) : undefined;
    await target.preflight(run);
    const app = await phase("App", () => planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report));
    // The project's own convex CLI (new enough) must be there before anything starts.
    const project = config.deploy && target.runs
        ? await (0,phases_preflight/* checkConvexCli */.ad)(deps.convexCli, layout.dir, {
            root,
            packageManager: app.facts.packageManager,
            workspaceRoot: (0,external_node_path_.resolve)(root, app.facts.workspaceRoot),
        })
        : undefined;
    // A seed file outside the repository (a link out) stops the run before anything starts.
    if (project && isSeedConfigured(config.seed) && config.seed.import !== undefined)
        await checkSeedFile(files, layout.dir, config.seed.import);
    const keys = await phase("Keys", () => target.resolveKeys(run, files, { convexAuth: app.convexAuth, generate }));
    // Validated now, before anything starts: the variables, and what the app reads.
    const changes = await planDeploymentVariables(config, keys, urls.siteUrl, app.frontendUrl, files, layout, report);
    const check = checkAppVariables(app.facts, new Set(changes.map((c) => c.name)), urls.siteUrl, app.convexAuth);
    if (check.problems.length > 0)
        throw new errors/* SetupError */.w3(check.problems.join("\n"), "Nothing was started.");
    for (const w of check.warnings)
        report.warn(w);
    for (const n of check.notices)
        logger.info(n);
    const postgres = target.usesDatabase
        ? await phase("Postgres", () => preparePostgres(config, deps.postgres, report))
        : { preflight: undefined, container: undefined };
    const stale = await files.removeStaleTemp(layout.dir);
    if (stale.length)
        logger.info(`Removed temporary files an interrupted run left: ${stale.join(", ")}`);
    const written = await phase("Write files", () => writeAppFiles(config, {
        instanceSecret: keys.instanceSecret,
        jwt: keys.jwt,
        writePem: !keys.pemOnDisk,
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        images: (0,compose/* backendImages */.ZA)(config),
        originForwards: (0,core_compose/* deriveOriginForwards */.GT)(urls.apiUrl, urls.siteUrl),
        containerDb: postgres.container,
        doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
        backend: target.backendFiles,
    }, files, layout, report));
    // Only now is there something to tear down (the compose file is ours, or the instance is
    // about to be applied): the post step records it.
    if (target.instance)
        deps.onTeardownState?.(target.instance.ref);
    return { files, app, project, keys, changes, postgres, written };
}
/** Deploys the functions, then seeds a new deployment (or always, with seed-always). */
async function deployAndSeed(run, admin, adminKey, project, files) {
    const { config, deps, target, layout, phase } = run;
    const { logger } = deps;
    // Seeding needs to know, before the deploy, whether it is the deployment's first; nothing
    // is asked (and the seed file is not looked at) when there is nothing to seed.
    const seeding = isSeedConfigured(config.seed);
    const url = target.hostApiUrl;
    const isNew = await phase("Deploy functions", async () => {
        // The seed file was checked before anything started; checked again now (it may have moved).
        if (seeding && config.seed.import !== undefined)
            await checkSeedFile(files, layout.dir, config.seed.import);
        const fresh = seeding && (await checkNewDeployment(admin, adminKey));
        await deployFunctions(deps.convexCli, layout.dir, project, { url, adminKey, args: config.deployArgs, env: deps.env }, logger);
        return fresh;
    });
    if (!seeding)
        return false;
    return phase("Seed", () => seedDeployment(deps.convexCli, layout.dir, project, config.seed, { url, adminKey, env: deps.env, isNew, files }, logger));
}
/** The checks of the Verify phase, printed; a failed one stops the run. */
async function verify(run, adminKey, expectedVariables, authDiscovery) {
    const { config, deps, target } = run;
    const { logger } = deps;
    const urls = config.publicUrls;
    const checks = await verifyDeployment({ admin: deps.admin, fetch: deps.fetch ?? fetch }, {
        hostApiUrl: target.hostApiUrl,
        hostSiteUrl: target.hostSiteUrl,
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        adminKey,
        expectedVariables,
        // Auth discovery is served by the deployed http.ts (auth.addHttpRoutes).
        authDiscovery,
        // connect: the host checks already go through the public URLs.
        publicUrls: !target.viaPublicUrls && urls.coder && !urls.local,
        ports: { api: config.ports.api, site: config.ports.site },
    });
    for (const c of checks)
        logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
    assertVerified(checks);
    return checks;
}
/**
 * The Postgres password and env-vars whose names say they are secret (AUTH_GITHUB_SECRET,
 * RESEND_API_KEY, ...): masked before anything runs, so that no later line (a CLI error quoting a
 * value) shows them. In the action the runner also masks whatever came from `secrets.*`.
 */
function maskConfiguredSecrets(config, logger) {
    (0,runtime/* maskAll */.gh)(logger, config.postgres.url?.password);
    for (const [name, value] of config.envVars)
        if (isSecretName(name) && isMaskableValue(value))
            (0,runtime/* maskAll */.gh)(logger, value);
}

;// CONCATENATED MODULE: ./src/find-setup.ts


/**
 * The setup in `workingDirectory`: the compose file's own `name:` is the project unless one is
 * given. Undefined when there is no compose file.
 */
async function findSetup(options, cwd, files) {
    const layout = (0,core_layout/* locate */.x5)(options, cwd);
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
        state: {
            workingDirectory: layout.dir,
            composeFile: layout.target.file,
            composeProject: options.projectName ?? facts.project ?? layout.target.project,
        },
    };
}
/** Like findSetup, but a clear error when nothing was set up there. */
async function requireSetup(options, cwd, files) {
    const found = await findSetup(options, cwd, files);
    if (found)
        return found;
    throw new SetupError(`No ${FILES.compose} in ${locate(options, cwd).dir}: nothing set up here.`, "Run it in the app's folder, or pass --working-directory (setup-coder-convex up sets an app up).");
}

;// CONCATENATED MODULE: ./src/teardown.ts
/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database.
 */






/**
 * Prints logs if asked, then removes the instance: a compose project's containers (and its volume
 * if asked), or a kubernetes instance's objects by their labels (its volume claim with them).
 */
async function teardown(state, options, deps) {
    await openInstance(state, deps).remove(options);
}
/**
 * command down: removes what `up` set up for this configuration (the compose project found in the
 * working directory, or the kubernetes instance by its labels), then, with drop-database, the
 * instance's Postgres database: only for an instance-name with the preview prefix.
 */
async function removeInstance(config, options, deps) {
    const { logger } = deps;
    const layout = (0,core_layout/* locate */.x5)(config, deps.cwd);
    if (config.target === "compose") {
        const found = await findSetup(config, deps.cwd, deps.files);
        if (found)
            await (0,compose/* composeInstance */.aW)(found.state, deps).remove(options);
        else
            logger.info(`Nothing to remove: no ${core_layout/* FILES */.cn.compose} in ${layout.dir}.`);
    }
    else
        await (0,targets/* createTarget */.Yn)(config, deps, layout).remove(options);
    const db = config.postgres.url;
    (0,runtime/* maskAll */.gh)(logger, db?.password);
    if (!config.postgres.dropDatabase || !db)
        return;
    // Checked when the configuration was read; checked again here, where it matters.
    const prefix = config.postgres.previewPrefix;
    if (!prefix || !config.instanceName.startsWith(prefix))
        throw new errors/* SetupError */.w3(`drop-database refused: instance-name "${config.instanceName}" does not start with preview-prefix "${prefix}".`);
    if (!deps.postgres)
        throw new errors/* SetupError */.w3("drop-database needs a Postgres client, which this caller did not provide.");
    const outcome = await deps.postgres.dropDatabase(db);
    logger.info(outcome === "dropped"
        ? `Dropped database ${db.name} on ${db.host}:${db.port}.`
        : `Database ${db.name} on ${db.host}:${db.port} did not exist: nothing to drop.`);
}

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
    return (0,client_env/* deriveExportedEnv */.ct)(result, result.adminKey, result.frontends.map((f) => f.framework));
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










function main_readInputs(platform) {
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
        const config = parseConfig(main_readInputs(platform), env);
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
    await removeInstance(config, { dumpLogs: false, volumes: true }, { ...deps, files: (0,files/* createFileStore */.I)(workspace) });
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
