/** The inputs of a kubernetes preview and of a connect backend, as the tests of several targets give them. */
export const KUBERNETES_INPUTS = { target: "kubernetes", "instance-name": "pr-1" };

export const CONNECT_INPUTS = {
  target: "connect",
  "convex-url": "https://api.example.com",
  "site-url": "https://site.example.com",
  "instance-secret": "ab".repeat(32),
};
