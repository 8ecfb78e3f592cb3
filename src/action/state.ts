/** What main leaves for the post step in the step's state, and how errors are worded. Light: both load it. */
import { SetupError } from "../core/errors.js";
import type { InstanceRef } from "../core/layout.js";

/** teardown: where the instance is (PostState); preview: what post says on the pull request once it removed it. */
export const STATE = { isPost: "isPost", teardown: "teardown", preview: "preview" } as const;

/** What main leaves for post: where the instance is (compose or kubernetes), and whether to remove it. */
export type PostState = InstanceRef & { cleanup: boolean };

export function errorMessage(error: unknown): string {
  if (error instanceof SetupError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
