/** The inputs of a kubernetes preview and of a connect backend, as the tests of several targets give them. */
export const KUBERNETES_INPUTS = { target: "kubernetes", "instance-name": "pr-1" };

export const CONNECT_INPUTS = {
  target: "connect",
  "convex-url": "https://api.example.com",
  "site-url": "https://site.example.com",
  "instance-secret": "ab".repeat(32),
};

/** The connect backend's target and URLs as command-line flags. */
export const CONNECT_FLAGS = [
  "--target",
  CONNECT_INPUTS.target,
  "--convex-url",
  CONNECT_INPUTS["convex-url"],
  "--site-url",
  CONNECT_INPUTS["site-url"],
];
