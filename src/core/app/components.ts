/** The Convex components an app installs in `convex.config.ts`. */
import { eachNode, importsOf, isMember, memberName, parseModule, unwrap } from "../ast.js";

const COMPONENT_CONFIG = /^(.*)\/convex\.config(?:\.[cm]?[jt]s)?$/;

/** The components `convex.config.ts` installs with `app.use(x)`, by package (or relative path). */
export async function componentsUsed(source: string, file = "convex.config.ts"): Promise<string[]> {
  const ast = await parseModule(source, file);
  const byLocal = new Map<string, string>();
  for (const [local, b] of importsOf(ast)) {
    const m = COMPONENT_CONFIG.exec(b.source);
    if (m && b.imported === "default") byLocal.set(local, m[1]!);
  }
  const out: string[] = [];
  for (const node of eachNode(ast)) {
    if (node.type !== "CallExpression") continue;
    const callee = unwrap(node.callee);
    if (!isMember(callee) || memberName(callee) !== "use") continue;
    const arg = unwrap(node.arguments[0]);
    const pkg = arg?.type === "Identifier" ? byLocal.get(arg.name) : undefined;
    if (pkg && !out.includes(pkg)) out.push(pkg);
  }
  return out;
}
