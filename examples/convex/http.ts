import { httpRouter } from "convex/server";
import { auth } from "./auth";

const http = httpRouter();
// The /.well-known/openid-configuration, /.well-known/jwks.json and /api/auth routes.
auth.addHttpRoutes(http);

export default http;
