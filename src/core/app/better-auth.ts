/**
 * Better Auth on Convex (`@convex-dev/better-auth`) seen in the functions' code. Its guides (the
 * get-convex/better-auth repository's examples and the Better Auth Convex integration guide)
 * register the component in `convex/convex.config.ts` (`app.use(betterAuth)`, imported from
 * `@convex-dev/better-auth/convex.config`, or from `./betterAuth/convex.config` for the "local
 * install", whose `defineComponent("betterAuth")` names it) and give `convex/auth.config.ts` the
 * provider `getAuthConfigProvider()` of `@convex-dev/better-auth/auth-config`.
 */
import { importsOf, parseModule } from "../ast.js";
import { BETTER_AUTH_PACKAGE } from "./auth-kind.js";

const FROM_BETTER_AUTH = /^@convex-dev\/better-auth(?:\/|$)/;

/** Whether auth.config imports anything of `@convex-dev/better-auth` (its `getAuthConfigProvider`). */
export async function authConfigUsesBetterAuth(source: string, file: string): Promise<boolean> {
  const ast = await parseModule(source, file);
  return [...importsOf(ast).values()].some((b) => FROM_BETTER_AUTH.test(b.source));
}

/** The component of {@link componentsUsed} that is Better Auth's: the package, or a local `betterAuth` folder. */
export function betterAuthComponent(components: readonly string[]): string | undefined {
  return components.find((c) => c === BETTER_AUTH_PACKAGE || /^\.{1,2}\/(?:.*\/)?betterAuth$/.test(c));
}
