/**
 * A repository's pull request comments and deployments on a fake api.github.com, behind nock: the
 * answers are the documented bodies of __tests__/fixtures/github (see its README), with the ids
 * and fields the requests decide. Comments are paginated with a Link header as GitHub does.
 * Every request is recorded, in order ("POST /repos/o/r/issues/7/comments", ...).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";

const FIXTURES = join(import.meta.dirname, "../fixtures/github");

export function fixture(name: string): Record<string, unknown> {
  const user = JSON.parse(readFileSync(join(FIXTURES, "simple-user.json"), "utf8"));
  const body = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;
  for (const [k, v] of Object.entries(body)) if (v === "see simple-user.json") body[k] = user;
  return body;
}

export const API = "https://api.github.com";

export interface FakeComment {
  id: number;
  body: string;
  /** How many times it was edited. */
  edits: number;
  /**
   * Who wrote it: default octocat, a collaborator (the fixture's); a comment created through the
   * API is the token's: github-actions[bot], a Bot, whose association to the repository is NONE.
   */
  author?: { login: string; type: "User" | "Bot"; association: string };
}

/** The job token's identity, as GitHub shows the comments it writes. */
export const ACTIONS_BOT = { login: "github-actions[bot]", type: "Bot", association: "NONE" } as const;

export interface FakeDeployment {
  id: number;
  ref: string;
  environment: string;
  transient: boolean;
  autoMerge: unknown;
  requiredContexts: unknown;
  payload: unknown;
  statuses: Array<{ state: string; environment_url?: string; log_url?: string; description?: string }>;
}

export interface FakeGitHub {
  comments: FakeComment[];
  /** Oldest first, as created; listed newest first. */
  deployments: FakeDeployment[];
  requests: string[];
  /** Answer the next requests matching `method path` with this status and body (once each). */
  failNext(
    method: string,
    pathPattern: RegExp,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ): void;
}

/** The fake GitHub of one repository (owner/repo) and one pull request; nock must be active. */
export function fakeGitHub(owner: string, repo: string, issue: number, otherComments = 0): FakeGitHub {
  const comments: FakeComment[] = Array.from({ length: otherComments }, (_, i) => ({
    id: 1000 + i,
    body: i % 2 ? "LGTM" : "<!-- another bot: preview -->\nSomething else",
    edits: 0,
  }));
  const deployments: FakeDeployment[] = [];
  const requests: string[] = [];
  const failures: Array<{
    method: string;
    path: RegExp;
    status: number;
    body: unknown;
    headers: Record<string, string>;
  }> = [];
  let nextId = 5000;
  const base = `/repos/${owner}/${repo}`;
  const commentJson = (c: FakeComment) => ({
    ...fixture("issue-comment"),
    ...(c.author
      ? {
          user: { ...(fixture("issue-comment").user as object), login: c.author.login, type: c.author.type },
          author_association: c.author.association,
        }
      : {}),
    id: c.id,
    url: `${API}${base}/issues/comments/${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${c.id}`,
    issue_url: `${API}${base}/issues/${issue}`,
    body: c.body,
  });
  const deploymentJson = (d: FakeDeployment) => ({
    ...fixture("deployment"),
    id: d.id,
    url: `${API}${base}/deployments/${d.id}`,
    statuses_url: `${API}${base}/deployments/${d.id}/statuses`,
    repository_url: `${API}${base}`,
    sha: d.ref,
    ref: d.ref,
    environment: d.environment,
    original_environment: d.environment,
    transient_environment: d.transient,
    production_environment: false,
    payload: d.payload,
  });
  /** One page of `items` as GitHub pages a list: per_page, page, and a Link header but on the last. */
  const paged = (url: URL, items: unknown[]): [number, nock.ReplyBody, Record<string, string>] => {
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const other = new URL(url);
      other.searchParams.set("page", String(p));
      return `<${other.href}>; rel="${rel}"`;
    };
    const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
    if (page > 1) links.unshift(link(page - 1, "prev"), link(1, "first"));
    const data = items.slice((page - 1) * perPage, page * perPage) as nock.ReplyBody;
    return [200, data, links.length ? { Link: links.join(", ") } : {}];
  };
  const failure = (method: string, path: string) => {
    const i = failures.findIndex((f) => f.method === method && f.path.test(path));
    return i < 0 ? undefined : failures.splice(i, 1)[0];
  };

  const answer = (
    method: string,
    uri: string,
    body: nock.Body,
  ): [number, unknown, Record<string, string>?] => {
    const url = new URL(uri, API);
    requests.push(`${method} ${url.pathname}`);
    const failed = failure(method, url.pathname);
    if (failed) return [failed.status, failed.body as nock.ReplyBody, failed.headers];
    const input = (typeof body === "string" && body ? JSON.parse(body) : body) as Record<string, unknown>;
    if (method === "GET" && url.pathname === `${base}/issues/${issue}/comments`)
      return paged(url, comments.map(commentJson));
    if (method === "POST" && url.pathname === `${base}/issues/${issue}/comments`) {
      const c: FakeComment = { id: nextId++, body: String(input.body), edits: 0, author: { ...ACTIONS_BOT } };
      comments.push(c);
      return [201, commentJson(c)];
    }
    const edit = url.pathname.match(new RegExp(`^${base}/issues/comments/(\\d+)$`));
    if (method === "PATCH" && edit) {
      const c = comments.find((x) => x.id === Number(edit[1]));
      if (!c) return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
      c.body = String(input.body);
      c.edits++;
      return [200, commentJson(c)];
    }
    if (method === "GET" && url.pathname === `${base}/deployments`) {
      const env = url.searchParams.get("environment");
      const found = deployments.filter((d) => !env || d.environment === env).reverse(); // newest first
      return paged(url, found.map(deploymentJson));
    }
    if (method === "POST" && url.pathname === `${base}/deployments`) {
      const d: FakeDeployment = {
        id: nextId++,
        ref: String(input.ref),
        environment: String(input.environment),
        transient: input.transient_environment === true,
        autoMerge: input.auto_merge,
        requiredContexts: input.required_contexts,
        payload: input.payload ?? {},
        statuses: [],
      };
      deployments.push(d);
      return [201, deploymentJson(d)];
    }
    const statuses = url.pathname.match(new RegExp(`^${base}/deployments/(\\d+)/statuses$`));
    if (method === "POST" && statuses) {
      const d = deployments.find((x) => x.id === Number(statuses[1]));
      if (!d) return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
      const s = {
        state: String(input.state),
        ...(input.environment_url ? { environment_url: String(input.environment_url) } : {}),
        ...(input.log_url ? { log_url: String(input.log_url) } : {}),
        ...(input.description ? { description: String(input.description) } : {}),
      };
      d.statuses.push(s);
      return [
        201,
        {
          ...fixture("deployment-status"),
          id: nextId++,
          url: `${API}${base}/deployments/${d.id}/statuses/${d.statuses.length}`,
          deployment_url: `${API}${base}/deployments/${d.id}`,
          repository_url: `${API}${base}`,
          environment: d.environment,
          target_url: s.log_url ?? "",
          ...s,
        },
      ];
    }
    return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }];
  };
  const scope = nock(API).persist();
  for (const method of ["GET", "POST", "PATCH"] as const)
    scope.intercept(/.*/, method).reply((uri, body) => {
      const [status, data, headers] = answer(method, uri, body);
      return [status, data, headers ?? {}];
    });

  return {
    comments,
    deployments,
    requests,
    failNext: (method, path, status, body, headers = {}) =>
      void failures.push({ method, path, status, body, headers }),
  };
}
