/** Types of stand-in-release.mjs (a test double's helper), for the in-process cluster. */
export const PINNED_DATABASE_VERSION: number;
export interface ReleaseBehaviour {
  version: number;
  exit: boolean;
  silent: boolean;
}
export function releaseBehaviour(image: string | undefined): ReleaseBehaviour;
export function migrate(
  persisted: number | undefined,
  behaviour: ReleaseBehaviour,
): { lines: string[]; version: number; stepped: boolean };
