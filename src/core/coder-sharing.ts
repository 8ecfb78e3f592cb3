/**
 * What a Coder URL needs to be reachable without a Coder login, said in the terms of its style:
 * a subdomain app (`convex-api--main--ws--alice.apps.example.com`) needs a `coder_app` block in
 * the workspace's template with `share = "public"`; a forwarded port (`3210--main--ws--alice...`)
 * needs the port shared with level Public. Pure: read from the URLs themselves.
 */

export type CoderShare = { kind: "port"; port: number } | { kind: "app"; slug: string };

/** The app slug or the port a Coder URL's host starts with (undefined: not a Coder-style host). */
export function coderShareOf(url: string): CoderShare | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const first = /^([a-z0-9]+(?:-[a-z0-9]+)*?)--/i.exec(host)?.[1];
  if (!first) return undefined;
  // A forwarded port: 4-5 digits, `s` when the proxy talks HTTPS upstream.
  const port = /^(\d{4,5})s?$/.exec(first)?.[1];
  return port ? { kind: "port", port: Number(port) } : { kind: "app", slug: first };
}

/**
 * What to do so that the API and the site URL answer without a Coder login, in the words of the
 * URL style in use; one sentence, for a hint.
 */
export function describeSharing(apiUrl: string, siteUrl: string): string {
  const api = coderShareOf(apiUrl);
  const site = coderShareOf(siteUrl);
  const consequence =
    "otherwise they answer with the Coder login, which breaks the backend's own auth discovery and every client outside Coder";
  if (api?.kind === "app" && site?.kind === "app")
    return `${apiUrl} and ${siteUrl} are Coder apps: the workspace's template needs a coder_app for each (slug "${api.slug}" and "${site.slug}", subdomain = true, share = "public"); ${consequence}.`;
  if (api?.kind === "port" && site?.kind === "port")
    return `${apiUrl} and ${siteUrl} are forwarded ports: share ports ${api.port} and ${site.port} with level Public (the workspace's Ports panel; the template's maximum port sharing level must allow Public); ${consequence}.`;
  return `${apiUrl} and ${siteUrl} must answer without a Coder login (a coder_app with share = "public", or the port shared with level Public); ${consequence}.`;
}
