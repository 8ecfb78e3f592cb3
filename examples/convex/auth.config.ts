// Still required with @convex-dev/auth: tells the backend to trust tokens issued by this
// deployment's own site URL (CONVEX_SITE_URL, from the backend's CONVEX_SITE_ORIGIN).
export default {
  providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "convex" }],
};
