/** Small helpers over @babel/parser's syntax tree, shared by the app reader and the scaffold. */
import type * as t from "@babel/types";

/** Strips `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`. */
export function unwrap(node: t.Node | null | undefined): t.Node | undefined {
  let n = node ?? undefined;
  while (
    n &&
    (n.type === "TSNonNullExpression" ||
      n.type === "TSAsExpression" ||
      n.type === "TSSatisfiesExpression" ||
      n.type === "TSTypeAssertion" ||
      n.type === "ParenthesizedExpression")
  ) {
    n = n.expression;
  }
  return n;
}

/** The name of a property key: `a`, `"a"`, `` `a` `` (computed only when a literal). */
export function keyName(node: t.Node, computed: boolean): string | undefined {
  if (!computed && node.type === "Identifier") return node.name;
  if (node.type === "StringLiteral") return node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}
