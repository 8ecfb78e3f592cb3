/**
 * How git reads .gitignore lines, as cases for core/gitignore.ts: each case's rule, a file, what
 * isIgnored says, and what git check-ignore says when it differs (isIgnored may under-match, never
 * over-match). Shared by core/gitignore.test.ts (our reading) and integration/real-tools.test.ts
 * (git's, in a real repository).
 */
import fc from "fast-check";

export const SECRET_FILES = [
  ".env.convex.local",
  ".env.convex.deployment",
  ".env.local",
  "jwt_private_key.pem",
];

export const IGNORE_CASES: Array<[string, string, boolean, boolean?]> = [
  [".env.local", ".env.local", true],
  [" .env.local", ".env.local", false], // a leading space is part of git's pattern
  [".env.local   ", ".env.local", true], // trailing spaces are not
  [".env.local\\ ", ".env.local", false], // unless escaped: then the name ends in a space
  ["**/.env.local", ".env.local", true], // **/ matches at the top level too
  ["**/app/.env.local", ".env.local", false],
  ["\\#.env.local", "#.env.local", true], // \# is a literal #, not a comment
  ["\\!.env.local", "!.env.local", true], // \! is a literal !, not a negation
  ["\\!.env.local", ".env.local", false],
  ["\t.env.local", ".env.local", false],
  [".env.loca?", ".env.local", true],
  // Character classes are not read: an under-match only adds a redundant line, never the reverse.
  ["[.]env.local", ".env.local", false, true],
  // A re-including rule is read generously: a class, or another case, re-includes here.
  ["*\n!.env.loca[l]", ".env.local", false],
  ["*\n![.]env.local", ".env.local", false],
  ["*\n!.env.[a-z]*", ".env.local", false],
  ["*.local\n!.ENV.LOCAL", ".env.local", false, true],
  ["*.pem\n!*.[p]em", "jwt_private_key.pem", false],
];

/** Rule lines for random rule sets (the property: when isIgnored says ignored, git ignores). */
export const ruleToken = fc.constantFrom(
  "*",
  "*.local",
  ".env*",
  ".env.local",
  "/.env.local",
  " .env.local",
  ".env.local  ",
  "**/.env.local",
  "!.env.local",
  "!*.local",
  "![.]env.local",
  "!.ENV.LOCAL",
  "*.pem",
  "!*.[p]em",
  "jwt_private_key.pem",
  "\\!.env.local",
  "# .env.local",
  ".env.loca?",
  "app/.env.local",
  ".env.local/",
);
